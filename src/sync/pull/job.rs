//! What every download of one pull shares, and what each one reports back.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::project::gate::Gate;
use crate::sync::outcome::Change;
use crate::sync::state::{Copies, Synced};
use crate::types::names::Id;

/// The run's settings and stores, shared by its downloads.
pub struct Job {
    pub gate: Gate,
    pub project_id: Id,
    /// Only say what would change.
    pub dry_run: bool,
    /// Replace files changed here since the last sync instead of merging them.
    pub force: bool,
    /// Each file as last synced, by [`crate::sync::state::key`].
    pub memos: BTreeMap<String, Synced>,
    /// The copies merges are made against.
    pub copies: Copies,
}

/// What a download did, and what to remember of it.
pub struct Done {
    pub change: Change,
    pub size: u64,
    pub memo: Option<Synced>,
    /// Records under other keys: a String Catalog's, one per language.
    pub remembered: Vec<(String, Synced)>,
    /// Keys both sides changed in a merged file.
    pub conflicts: Vec<String>,
    /// The directory a file was renamed in, to make durable once at the end.
    pub renamed_in: Option<PathBuf>,
}

impl Done {
    /// Nothing written: `change` says why.
    pub fn nothing(change: Change, size: u64, memo: Option<Synced>) -> Self {
        Self {
            change,
            size,
            memo,
            remembered: Vec::new(),
            conflicts: Vec::new(),
            renamed_in: None,
        }
    }
}
