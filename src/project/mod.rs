//! The project on disk: `.nt3.yml` ([`config`]), where its translation files live
//! ([`pattern`]), how each platform spells a language in a path ([`locale`]), and the
//! one gate every path push reads or pull writes goes through ([`gate`]); what the
//! patterns matched, remembered for `nt3 status` ([`scan_cache`]); what is near a pattern
//! that matches nothing ([`nearby`]); and the patterns of a tree, found in it
//! ([`detect`]).
//!
//! Nothing here talks to a server; the working tree is not trusted, so everything read
//! from it is checked before it is used.

use std::path::{Path, PathBuf};

pub mod config;
pub mod detect;
pub mod gate;
pub mod locale;
pub mod nearby;
pub mod pattern;
pub mod scan_cache;

pub const FILE_NAME: &str = ".nt3.yml";

/// The project root for `start`: the nearest directory, from `start` up, that holds
/// `.nt3.yml`. The search stops at a repository boundary (a directory holding `.git`)
/// and at the filesystem root, like cargo's and git's own searches.
pub fn find_root(start: &Path) -> Option<PathBuf> {
    for dir in start.ancestors() {
        if dir.join(FILE_NAME).symlink_metadata().is_ok() {
            return Some(dir.to_owned());
        }
        if dir.join(".git").symlink_metadata().is_ok() {
            return None;
        }
    }
    None
}
