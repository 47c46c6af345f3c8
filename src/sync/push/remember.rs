//! What push remembers: each file's digest as pushed, under a fingerprint of the run's
//! settings, and each file sent as in step with the server (with a copy, for pull to
//! merge against).

use super::read::Sent;
use super::upload::Notes;
use crate::content;
use crate::sync::outcome::{Change, FileOutcome};
use crate::sync::state::{self, SyncState, Synced};
use crate::ui::Ui;

/// Records what was uploaded or found unchanged, and forgets what failed, for the next
/// push; what was uploaded is in step with the server now (a copy of it is kept, for
/// pull to merge against).
pub fn remember(
    state: &mut SyncState,
    fingerprint: &str,
    outcomes: &[FileOutcome],
    notes: &Notes,
    ui: &mut Ui,
) {
    let copies = state.copies();
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
        let (Ok(Change::Uploaded), Some((sha256, path))) = (&outcome.result, notes.sent.get(&key))
        else {
            continue;
        };
        match path {
            // Streamed, never whole in memory; a file changed since it was sent makes a
            // copy whose digest is not its name, which `Copies::get` never returns.
            Sent::File(path) if content::can_merge(outcome.format) => {
                if let Ok((file, _)) = path.open() {
                    copies.keep_file(sha256, file);
                }
            }
            // A String Catalog's language, as it was sent: what pull merges it against.
            Sent::Inline(text) => copies.keep(sha256, text.as_bytes()),
            _ => {}
        }
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
    state.save(ui);
}
