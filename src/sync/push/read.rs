//! Reading a file for upload: its digest as it streams through, whether it is text,
//! whether it changed since it was last pushed or pulled, and the check with its
//! format's reader before it travels.

use std::collections::BTreeMap;
use std::io::{self, Read as _};
use std::sync::Arc;

use super::plan::{Item, MAX_UPLOAD, too_large};
use crate::api::translations::{Content, escaped_len};
use crate::content;
use crate::fs::digest;
use crate::fs::read::ReadError;
use crate::project::gate::ProjectPath;
use crate::sync;
use crate::sync::outcome::Failure;
use crate::sync::state::Seen;

/// What earlier runs left: each file's digest as last pushed (under this run's
/// settings), the SHA-256 of each file as last synced with the server, and each file as
/// push last read it.
#[derive(Default)]
pub struct Remembered {
    pub pushed: BTreeMap<String, String>,
    pub synced: BTreeMap<String, String>,
    pub seen: BTreeMap<String, Seen>,
}

/// A file read for upload.
pub enum Read {
    /// Its digest: the one last pushed, or the file is as pull wrote it; and its
    /// SHA-256.
    Unchanged { digest: String, sha256: String },
    Changed {
        digest: String,
        sha256: String,
        content: Content,
    },
}

/// Digests a file (its bytes with its language, namespace and format), checks that it
/// is text, and compares it with what was last pushed or pulled. A file of up to
/// [`IN_MEMORY`] bytes is read whole, once; a larger UTF-8 one is digested as it
/// streams through and left on disk, to be streamed into the request; a larger UTF-16
/// one is decoded.
pub fn read(item: &Item, remembered: &Remembered) -> Result<Read, Failure> {
    let (path, _) = item
        .found
        .as_ref()
        .map_err(|why| Failure::from(why.clone()))?;
    if let Some(known) = known(item, remembered) {
        return Ok(known);
    }
    let (sha256, content) = match &item.inline {
        Some(text) => (
            digest::sha256_hex(text.as_bytes()),
            Content::Text(text.to_string()),
        ),
        None => {
            let (file, meta) = path.open().map_err(|err| format!("{err}; not uploaded"))?;
            if meta.len() <= IN_MEMORY {
                let bytes = read_small(file, meta.len())?;
                let sha256 = digest::sha256_hex(&bytes);
                let text = sync::encoding::decode_text(bytes)
                    .map_err(|err| Failure::from(err.to_string()))?;
                return changed(item, remembered, sha256, Content::Text(text));
            }
            let Scanned {
                sha256,
                utf16,
                escaped,
            } = scan(file).map_err(|err| Failure::from(format!("cannot read it: {err}")))?;
            let content = if utf16 {
                let bytes = path.read(MAX_UPLOAD).map_err(|err| match err {
                    ReadError::TooLarge(_) => too_large(),
                    err => format!("{err}; not uploaded"),
                })?;
                Content::Text(
                    sync::encoding::decode_text(bytes)
                        .map_err(|err| Failure::from(err.to_string()))?,
                )
            } else {
                let path = path.clone();
                Content::File {
                    open: Arc::new(move || {
                        path.open()
                            .map(|(file, _)| file)
                            .map_err(|err| io::Error::other(err.to_string()))
                    }),
                    escaped,
                }
            };
            (sha256, content)
        }
    };
    changed(item, remembered, sha256, content)
}

/// Files up to this size are read whole on the blocking pool and sent from memory; a
/// larger one streams from disk into its request.
const IN_MEMORY: u64 = 256 * 1024;

/// The whole of a small file: one read, on the blocking pool.
fn read_small(mut file: std::fs::File, len: u64) -> Result<Vec<u8>, Failure> {
    let mut bytes = Vec::with_capacity(len as usize);
    // Within the cap even if it grew since its size was read.
    (&mut file)
        .take(IN_MEMORY + 1)
        .read_to_end(&mut bytes)
        .map_err(|err| Failure::from(format!("cannot read it: {err}")))?;
    if bytes.len() as u64 > IN_MEMORY {
        return Err("it changed while it was read; not uploaded"
            .to_owned()
            .into());
    }
    Ok(bytes)
}

/// Whether a file (its `sha256`, its `content`) changed since it was last pushed or
/// pulled; a changed one is checked with its format's reader before it travels.
fn changed(
    item: &Item,
    remembered: &Remembered,
    sha256: String,
    content: Content,
) -> Result<Read, Failure> {
    let path = item.found.as_ref().map(|(path, _)| path);
    let digest = digest_of(item, &sha256);
    if unchanged(item, remembered, &digest, &sha256) {
        return Ok(Read::Unchanged { digest, sha256 });
    }
    if let (None, Ok(path)) = (&item.inline, path)
        && content::can_merge(item.format)
    {
        check(item, path, &content)?;
    }
    Ok(Read::Changed {
        digest,
        sha256,
        content,
    })
}

/// A file known to be unchanged without reading it: its stamp is the one it had when
/// push last read it, so it holds what it held then, and that was pushed or synced.
pub fn known(item: &Item, remembered: &Remembered) -> Option<Read> {
    let seen = remembered.seen.get(&item.key)?;
    if item.inline.is_some() || item.stamp != Some(seen.stamp) {
        return None;
    }
    let digest = digest_of(item, &seen.sha256);
    unchanged(item, remembered, &digest, &seen.sha256).then(|| Read::Unchanged {
        digest,
        sha256: seen.sha256.clone(),
    })
}

/// What push remembers of a file: its bytes' SHA-256 with its language, namespace and
/// format.
fn digest_of(item: &Item, sha256: &str) -> String {
    let mut hasher = digest::Hasher::default();
    for part in [
        item.file.language.as_str(),
        item.file.namespace.as_deref().unwrap_or_default(),
        item.format.as_str(),
        sha256,
    ] {
        hasher.update(part.as_bytes());
        hasher.update(b"\0");
    }
    hasher.hex()
}

/// Whether the file was pushed as it is (under this run's settings), or is as the last
/// sync left it.
fn unchanged(item: &Item, remembered: &Remembered, digest: &str, sha256: &str) -> bool {
    remembered.pushed.get(&item.key).map(String::as_str) == Some(digest)
        || remembered.synced.get(&item.key).map(String::as_str) == Some(sha256)
}

/// Checks a file with its format's reader before it travels: one that does not read
/// as its format (or holds a format Entri does not take) is named, not uploaded.
fn check(item: &Item, path: &ProjectPath, content: &Content) -> Result<(), Failure> {
    let read;
    let text = match content {
        Content::Text(text) => text.as_str(),
        Content::File { .. } => {
            // Checked as it streams where the format allows; read whole otherwise, or
            // to say where a streamed check failed.
            let (file, _) = path.open().map_err(|err| format!("{err}; not uploaded"))?;
            if let Some(Ok(())) = content::check_stream(item.format, &mut { file }) {
                return Ok(());
            }
            let bytes = path
                .read(MAX_UPLOAD)
                .map_err(|err| format!("{err}; not uploaded"))?;
            read = String::from_utf8(bytes).map_err(|_| sync::encoding::NotText.to_string())?;
            read.as_str()
        }
    };
    content::check(item.format, text).map_err(|err| {
        let why = match content::unsupported(&item.file.path) {
            Some(name) => format!(
                "holds {name}, which Entri does not take ({err}); not uploaded (Entri takes {})",
                content::supported_list()
            ),
            None => format!(
                "is not a valid `{}` file ({err}); not uploaded",
                item.format
            ),
        };
        Failure::from(why)
    })
}

/// The SHA-256 of a file read a chunk at a time, and whether it is UTF-16 (a
/// byte-order mark says so); anything else must be UTF-8.
fn scan(mut file: std::fs::File) -> io::Result<Scanned> {
    let mut hasher = digest::Hasher::default();
    let mut buf = vec![0; 64 * 1024];
    let mut carry: Vec<u8> = Vec::new();
    let mut utf16 = None;
    let mut escaped = 0u64;
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            if !carry.is_empty() {
                return Err(not_text());
            }
            return Ok(Scanned {
                sha256: hasher.hex(),
                utf16: utf16.unwrap_or(false),
                escaped,
            });
        }
        hasher.update(&buf[..n]);
        let first = utf16.is_none();
        let is_utf16 = *utf16.get_or_insert_with(|| {
            buf[..n].starts_with(&[0xFF, 0xFE]) || buf[..n].starts_with(&[0xFE, 0xFF])
        });
        if is_utf16 {
            continue;
        }
        // The byte-order mark is not sent.
        let bom = if first && buf[..n].starts_with(&[0xEF, 0xBB, 0xBF]) {
            3
        } else {
            0
        };
        escaped += escaped_len(&buf[bom..n]);
        carry.extend_from_slice(&buf[..n]);
        match std::str::from_utf8(&carry) {
            Ok(_) => carry.clear(),
            Err(err) if err.error_len().is_none() => {
                carry.drain(..err.valid_up_to());
            }
            Err(_) => return Err(not_text()),
        }
    }
}

/// A file read once through: its SHA-256, whether it is UTF-16, and (for UTF-8) its
/// length once escaped into the request.
struct Scanned {
    sha256: String,
    utf16: bool,
    escaped: u64,
}

fn not_text() -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        sync::encoding::NotText.to_string(),
    )
}
