//! Uploading one file: read on the blocking pool, sent unless unchanged, and what was
//! sent noted for the sync state.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use super::plan::Item;
use super::read::{Read, Remembered, Sent, read};
use crate::api::{self, translations::Import};
use crate::sync::blocking::off_runtime_with;
use crate::sync::lock;
use crate::sync::outcome::{Change, Failure, FileError, FileOutcome};
use crate::types::format::Format;
use crate::types::names::Id;

/// What the upload tasks report besides their outcome.
#[derive(Default)]
pub struct Notes {
    /// Key → digest of each file read.
    pub digests: BTreeMap<String, String>,
    /// Key → the SHA-256 of each file uploaded, now in step with the server, and where
    /// it is (to keep a copy of).
    pub sent: BTreeMap<String, (String, Sent)>,
    /// Patterns whose source file could not be read.
    pub unreadable: BTreeMap<usize, String>,
}

/// What every upload of one push shares.
pub struct Send {
    pub project_id: Id,
    pub source: String,
    /// Overwrite translations that already exist.
    pub overwrite: bool,
    pub remembered: Arc<Remembered>,
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
    let (blocking, remembered) = (item.clone(), Arc::clone(&send.remembered));
    let read = off_runtime_with(move || read(&blocking, &remembered))
        .await
        .map_err(|err| Failure::from(format!("cannot read it: {err}")))?;
    let (digest, sha256, content) = match read {
        Ok(Read::Unchanged(digest)) => {
            lock(notes).digests.insert(item.key.clone(), digest);
            return Ok(Change::Unchanged);
        }
        Ok(Read::Changed {
            digest,
            sha256,
            content,
        }) => (digest, sha256, content),
        Err(failure) => {
            if is_source {
                lock(notes)
                    .unreadable
                    .insert(item.pattern, item.file.path.clone());
            }
            return Err(failure);
        }
    };
    lock(notes).digests.insert(item.key.clone(), digest);
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
    let sent = match (&item.inline, &item.found) {
        (Some(text), _) => Sent::Inline(Arc::clone(text)),
        (None, Ok((path, _))) => Sent::File(path.clone()),
        (None, Err(_)) => Sent::Nothing,
    };
    lock(notes).sent.insert(item.key.clone(), (sha256, sent));
    Ok(Change::Uploaded)
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
