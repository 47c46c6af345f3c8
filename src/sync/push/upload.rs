//! Uploading one file: read on the blocking pool, sent unless unchanged, what was sent
//! kept as the copy pull merges against, and noted for the sync state.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use super::plan::Item;
use super::read::{Read, Remembered, known, read};
use crate::api::{self, translations::Import};
use crate::content;
use crate::sync::blocking::{Blocking, off_runtime, off_runtime_with};
use crate::sync::lock;
use crate::sync::outcome::{Change, Failure, FileError, FileOutcome};
use crate::sync::state::{Copies, Seen};
use crate::types::format::Format;
use crate::types::names::Id;

/// What the upload tasks report besides their outcome.
#[derive(Default)]
pub struct Notes {
    /// Key → digest of each file read.
    pub digests: BTreeMap<String, String>,
    /// Key → the SHA-256 of each file uploaded, now in step with the server.
    pub sent: BTreeMap<String, String>,
    /// Patterns whose source file could not be read.
    pub unreadable: BTreeMap<usize, String>,
    /// Key → each file read that had a stamp, as it was read.
    pub seen: BTreeMap<String, Seen>,
}

impl Notes {
    /// Notes a file read: its digest, and what its stamp says it holds.
    fn read(&mut self, item: &Item, digest: String, sha256: &str) {
        self.digests.insert(item.key.clone(), digest);
        if let Some(stamp) = item.stamp {
            let sha256 = sha256.to_owned();
            self.seen.insert(item.key.clone(), Seen { stamp, sha256 });
        }
    }
}

/// What every upload of one push shares.
pub struct Send {
    pub project_id: Id,
    pub source: String,
    /// Overwrite translations that already exist.
    pub overwrite: bool,
    pub remembered: Arc<Remembered>,
    /// Where what was sent is kept, for pull to merge against.
    pub copies: Copies,
    pub jobs: usize,
}

/// Reads one file on the blocking pool and uploads it unless unchanged. A source file
/// (`is_source`) that cannot be read is noted, so its pattern sends nothing else.
pub async fn upload(
    core: &crate::http::Core,
    send: &Send,
    item: &Item,
    notes: &Mutex<Notes>,
    is_source: bool,
) -> Result<Change, Failure> {
    // Read on the blocking pool, unless its stamp tells it is unchanged.
    let read = match known(item, &send.remembered) {
        Some(known) => Ok(known),
        None => {
            let (blocking, remembered) = (item.clone(), Arc::clone(&send.remembered));
            off_runtime_with(move || read(&blocking, &remembered))
                .await
                .map_err(|err| Failure::from(format!("cannot read it: {err}")))?
        }
    };
    let (sha256, content) = match read {
        Ok(Read::Unchanged { digest, sha256 }) => {
            lock(notes).read(item, digest, &sha256);
            return Ok(Change::Unchanged);
        }
        Ok(Read::Changed {
            digest,
            sha256,
            content,
        }) => {
            lock(notes).read(item, digest, &sha256);
            (sha256, content)
        }
        Err(failure) => {
            if is_source {
                lock(notes)
                    .unreadable
                    .insert(item.pattern, item.file.path.clone());
            }
            return Err(failure);
        }
    };
    // A String Catalog's languages go as the flat JSON each was taken out as.
    let format = match item.format {
        Format::Xcstrings => Format::JsonFlat,
        format => format,
    };
    let import = Import {
        language: &item.file.language,
        format: format.as_str(),
        namespace: item.file.namespace.as_deref(),
        overwrite: send.overwrite,
    };
    api::translations::import(core, &send.project_id, &import, content).await?;
    keep_copy(&send.copies, item, &sha256).await;
    lock(notes).sent.insert(item.key.clone(), sha256);
    Ok(Change::Uploaded)
}

/// Keeps what was sent as the copy the next pull merges against, on the blocking pool,
/// while the other uploads wait on the network. A file is copied from disk, never read
/// whole; one changed since it was sent makes a copy whose digest is not its name,
/// which [`Copies::get`] never returns.
async fn keep_copy(copies: &Copies, item: &Item, sha256: &str) {
    let (copies, sha256) = (copies.clone(), sha256.to_owned());
    let keep: Blocking = match (&item.inline, &item.found) {
        // A String Catalog's language, as it was sent.
        (Some(text), _) => {
            let text = Arc::clone(text);
            Box::new(move || copies.keep(&sha256, text.as_bytes()))
        }
        (None, Ok((path, _))) if content::can_merge(item.format) => {
            let path = path.clone();
            Box::new(move || {
                if let Ok((file, _)) = path.open() {
                    copies.keep_file(&sha256, file);
                }
            })
        }
        _ => return,
    };
    // A copy that cannot be kept only means the next pull cannot merge.
    let _ = off_runtime(keep).await;
}

pub fn outcome(item: Item, result: Result<Change, FileError>) -> FileOutcome {
    FileOutcome {
        size: item.found.as_ref().ok().map(|(_, size)| *size),
        file: item.file,
        format: item.format,
        result,
        conflicts: Vec::new(),
    }
}
