//! What `push` and `pull` remember between runs, so they send and fetch only what
//! changed.
//!
//! One small JSON file per project root, API origin and project, in the user's cache
//! directory (`~/.cache/nt3/sync/<key>.json`), never in the project: a repository could
//! ship one to make nt3 skip files. It holds:
//!
//! - for `push`, a digest of each file as last uploaded successfully (its bytes with its
//!   language, namespace and format), valid only while the run's fingerprint — the
//!   `.nt3.yml` text, the project's languages and the overwrite setting — is unchanged;
//! - for each file in step with the server — as `pull` last wrote it, or as `push` last
//!   sent it — its digest, and the server's `ETag` and `Last-Modified` for it, sent back
//!   as `If-None-Match` / `If-Modified-Since` while the file on disk is still that one.
//!   A file in step is not pushed back, and a file changed since is merged by pull
//!   against a copy of it kept beside the state (`<key>/<digest>`), for the formats
//!   that merge;
//! - for each file push read, its [`Stamp`] and the SHA-256 of what it held then: a file
//!   with the same stamp is not read again.
//!
//! It is written atomically (mode `0600`); a file that cannot be read is ignored with a
//! warning and rewritten, never trusted.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use std::io::{Seek, SeekFrom, Write};

use serde::{Deserialize, Serialize};

use crate::fs::atomic;
use crate::fs::digest::sha256_hex;
use crate::fs::stamp::Stamp;
use crate::types::names::Id;
use crate::ui::{Ui, cause, msg};

/// The format of the state file; another version is started afresh.
const VERSION: u32 = 2;

#[derive(Debug, Default, Serialize, Deserialize)]
struct Data {
    version: u32,
    #[serde(default)]
    push: Pushed,
    #[serde(default)]
    synced: BTreeMap<String, Synced>,
    #[serde(default)]
    seen: BTreeMap<String, Seen>,
}

/// A file as push last read it: its stamp, and the SHA-256 of what it held.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seen {
    pub stamp: Stamp,
    pub sha256: String,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Pushed {
    fingerprint: String,
    files: BTreeMap<String, String>,
}

/// A file in step with the server — as pull last wrote it or push last sent it — and
/// how the server named that version.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Synced {
    pub sha256: String,
    /// Written by pull: the server's own version, which push need not send back.
    #[serde(default)]
    pub pulled: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
}

/// The remembered state of one project.
pub struct SyncState {
    path: Option<PathBuf>,
    data: Data,
    /// The SHA-256 of the file as it was read: a run that changed nothing writes
    /// nothing.
    read: Option<String>,
}

impl SyncState {
    /// The state for `root` at `origin` for `project_id`; empty when there is no cache
    /// directory, no file yet, or a file nt3 cannot use.
    pub fn load(
        cache_dir: Option<&Path>,
        root: &Path,
        origin: &str,
        project_id: &Id,
        ui: &mut Ui,
    ) -> Self {
        let key = sha256_hex(format!("{}\0{origin}\0{project_id}", root.display()).as_bytes());
        let Some(path) = cache_dir.map(|dir| dir.join("sync").join(format!("{}.json", &key[..32])))
        else {
            return Self {
                path: None,
                data: Data::default(),
                read: None,
            };
        };
        let mut read = None;
        let data = match crate::fs::read::read(&path, 64 * 1024 * 1024) {
            Err(crate::fs::read::ReadError::NotFound) => Data::default(),
            Ok((bytes, _)) => match serde_json::from_slice::<Data>(&bytes) {
                Ok(data) if data.version == VERSION => {
                    read = Some(sha256_hex(&bytes));
                    data
                }
                // An earlier nt3's state: started afresh, without a word.
                Ok(_) => Data::default(),
                Err(_) => {
                    ui.warning(msg!("ignoring `{}`, which nt3 cannot read; every file is sent and fetched again", path));
                    Data::default()
                }
            },
            Err(err) => {
                ui.warning(msg!("ignoring `{}`: it {}", path, cause(&err)));
                Data::default()
            }
        };
        Self {
            path: Some(path),
            data,
            read,
        }
    }

    /// The digests of the files last pushed, if `fingerprint` is the one they were
    /// pushed under; otherwise forgets them.
    pub fn pushed(&mut self, fingerprint: &str) -> &mut BTreeMap<String, String> {
        if self.data.push.fingerprint != fingerprint {
            self.data.push = Pushed {
                fingerprint: fingerprint.to_owned(),
                files: BTreeMap::new(),
            };
        }
        &mut self.data.push.files
    }

    /// The files in step with the server, by [`key`].
    pub fn synced(&mut self) -> &mut BTreeMap<String, Synced> {
        &mut self.data.synced
    }

    /// The files push read, as it read them, by [`key`].
    pub fn seen(&mut self) -> &mut BTreeMap<String, Seen> {
        &mut self.data.seen
    }

    /// Where copies of synced files are kept, for merging: beside the state.
    pub fn copies(&self) -> Copies {
        Copies(self.path.as_ref().map(|path| path.with_extension("")))
    }

    /// Removes the copies no synced file refers to any more.
    fn prune(&self) {
        let Some(Ok(entries)) = self.copies().0.map(std::fs::read_dir) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let used = self
                .data
                .synced
                .values()
                .any(|synced| name.to_str() == Some(synced.sha256.as_str()));
            if !used {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }

    /// Writes the state back; a failure only costs the next run some requests.
    pub fn save(&mut self, ui: &mut Ui) {
        let Some(path) = &self.path else {
            return;
        };
        self.data.version = VERSION;
        let json = serde_json::to_vec(&self.data).expect("the state serializes");
        if self.read.as_deref() == Some(sha256_hex(&json).as_str()) {
            return;
        }
        let written = path
            .parent()
            .map_or(Ok(()), crate::fs::atomic::create_private_dir)
            .and_then(|()| atomic::write(path, &json, atomic::Mode::Private));
        if let Err(err) = written {
            ui.warning(msg!(
                "cannot remember this run in `{}`: {}",
                path,
                cause(&err)
            ));
        }
        self.prune();
    }
}

/// Copies of files as last synced, by digest, for merging local edits.
#[derive(Debug, Clone)]
pub struct Copies(Option<PathBuf>);

impl Copies {
    /// Keeps `bytes` (whose digest is `sha256`) as a file was when last synced. Copies
    /// are a cache verified by digest when read ([`Copies::get`]), so they are written
    /// without a flush to disk: a torn one only means the next pull cannot merge, and
    /// says so. Blocking: call it off the async runtime.
    pub fn keep(&self, sha256: &str, bytes: &[u8]) {
        self.keep_with(sha256, |file| file.write_all(bytes));
    }

    /// Keeps the contents of `file` (from its start), whose digest is `sha256`, without
    /// holding them in memory. Blocking, like [`Copies::keep`].
    pub fn keep_file(&self, sha256: &str, mut file: std::fs::File) {
        self.keep_with(sha256, |copy| {
            file.seek(SeekFrom::Start(0))?;
            std::io::copy(&mut file, copy).map(drop)
        });
    }

    fn keep_with(
        &self,
        sha256: &str,
        fill: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
    ) {
        let Some(dir) = &self.0 else {
            return;
        };
        let path = dir.join(sha256);
        if path.exists() {
            return;
        }
        // A copy that cannot be kept only means the next pull cannot merge. The
        // directory is created when the first copy cannot be.
        let create = || atomic::Atomic::create(&path, atomic::Mode::Private);
        let _ = create()
            .or_else(|err| match err.kind() {
                std::io::ErrorKind::NotFound => {
                    atomic::create_private_dir(dir).and_then(|()| create())
                }
                _ => Err(err),
            })
            .and_then(|mut copy| {
                fill(copy.file())?;
                copy.commit_cache()
            });
    }

    /// The copy of the file whose digest is `sha256`, if it is kept and intact.
    pub fn get(&self, sha256: &str) -> Option<Vec<u8>> {
        let path = self.0.as_ref()?.join(sha256);
        crate::fs::read::read(&path, 64 * 1024 * 1024)
            .ok()
            .map(|(bytes, _)| bytes)
            .filter(|bytes| sha256_hex(bytes) == sha256)
    }
}

/// What a file's sync record is kept under: its pattern, format, namespace, language
/// and path (the state itself is per project root, origin and project), so a change to
/// any of them starts afresh.
pub fn key(file: &crate::project::pattern::File, format: crate::types::format::Format) -> String {
    format!(
        "{}\0{format}\0{}\0{}\0{}",
        file.template,
        file.namespace.as_deref().unwrap_or_default(),
        file.language,
        file.path
    )
}

/// Where a file of `template`, `format`, `namespace` and `language` was last synced, by
/// push or pull: pull writes a missing file back there, spelled as it was
/// (`javascript.de_formal.yml`), rather than as a new language would be.
pub fn remembered_path(
    synced: &BTreeMap<String, Synced>,
    template: &str,
    format: crate::types::format::Format,
    namespace: Option<&str>,
    language: &str,
) -> Option<String> {
    let prefix = format!(
        "{template}\0{format}\0{}\0{language}\0",
        namespace.unwrap_or_default()
    );
    synced
        .range(prefix.clone()..)
        .next()
        .and_then(|(key, _)| key.strip_prefix(&prefix))
        .map(String::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_fingerprint_forgets_what_was_pushed() {
        let mut state = SyncState {
            path: None,
            data: Data::default(),
            read: None,
        };
        state.pushed("one").insert("a.json".into(), "x".into());
        assert_eq!(state.pushed("one").len(), 1);
        assert!(state.pushed("two").is_empty());
    }
}
