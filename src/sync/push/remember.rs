//! What push remembers: each file's digest as pushed, under a fingerprint of the run's
//! settings, and each file sent as in step with the server (its copy, for pull to merge
//! against, was kept as it was sent).

use super::upload::Notes;
use crate::sync::outcome::{Change, FileOutcome};
use crate::sync::state::{self, SyncState, Synced};
use crate::ui::Ui;

/// Records what was uploaded or found unchanged, and forgets what failed, for the next
/// push; what was uploaded is in step with the server now.
pub fn remember(
    state: &mut SyncState,
    fingerprint: &str,
    outcomes: &[FileOutcome],
    notes: &Notes,
    ui: &mut Ui,
) {
    let pushed = state.pushed(fingerprint);
    for outcome in outcomes {
        let key = state::key(&outcome.file, outcome.format);
        match (&outcome.result, notes.digests.get(&key)) {
            (Ok(Change::Uploaded | Change::Unchanged), Some(digest)) => {
                pushed.insert(key, digest.clone());
            }
            _ => {
                pushed.remove(&key);
            }
        }
    }
    for outcome in outcomes {
        let key = state::key(&outcome.file, outcome.format);
        let (Ok(Change::Uploaded), Some(sha256)) = (&outcome.result, notes.sent.get(&key)) else {
            continue;
        };
        state.synced().insert(
            key,
            Synced {
                sha256: sha256.clone(),
                pulled: false,
                etag: None,
                last_modified: None,
            },
        );
    }
    // What each file read held, stamp by stamp; a file read without a stamp (changed
    // a moment before) is read again next time.
    let seen = state.seen();
    for outcome in outcomes {
        let key = state::key(&outcome.file, outcome.format);
        match notes.seen.get(&key) {
            Some(read) => seen.insert(key, read.clone()),
            None => seen.remove(&key),
        };
    }
    state.save(ui);
}
