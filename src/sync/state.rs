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
//! - for `pull`, the digest of each file as last written and the server's `ETag` and
//!   `Last-Modified` for it, sent back as `If-None-Match` / `If-Modified-Since` while the
//!   file on disk is still the one written.
//!
//! It is written atomically (mode `0600`); a file that cannot be read is ignored with a
//! warning and rewritten, never trusted.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::fs::atomic;
use crate::fs::digest::sha256_hex;
use crate::types::names::Id;
use crate::ui::{Ui, cause, msg};

/// The format of the state file; another version is ignored.
const VERSION: u32 = 1;

#[derive(Debug, Default, Serialize, Deserialize)]
struct Data {
    version: u32,
    #[serde(default)]
    push: Pushed,
    #[serde(default)]
    pull: BTreeMap<String, Pulled>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Pushed {
    fingerprint: String,
    files: BTreeMap<String, String>,
}

/// A file as `pull` last wrote it, and how the server named that version.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pulled {
    pub sha256: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
}

/// The remembered state of one project.
pub struct SyncState {
    path: Option<PathBuf>,
    data: Data,
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
            };
        };
        let data = match crate::fs::read::read(&path, 64 * 1024 * 1024) {
            Err(crate::fs::read::ReadError::NotFound) => Data::default(),
            Ok((bytes, _)) => match serde_json::from_slice::<Data>(&bytes) {
                Ok(data) if data.version == VERSION => data,
                _ => {
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

    pub fn pulled(&mut self) -> &mut BTreeMap<String, Pulled> {
        &mut self.data.pull
    }

    /// Writes the state back; a failure only costs the next run some requests.
    pub fn save(&mut self, ui: &mut Ui) {
        let Some(path) = &self.path else {
            return;
        };
        self.data.version = VERSION;
        let json = serde_json::to_vec(&self.data).expect("the state serializes");
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
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_fingerprint_forgets_what_was_pushed() {
        let mut state = SyncState {
            path: None,
            data: Data::default(),
        };
        state.pushed("one").insert("a.json".into(), "x".into());
        assert_eq!(state.pushed("one").len(), 1);
        assert!(state.pushed("two").is_empty());
    }
}
