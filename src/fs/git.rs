//! What git says of a path in the working tree: whether it ignores it, whether it
//! tracks it. Outside a repository, or without git, it does neither.
//!
//! The repository is not trusted, so nothing it configures may run: the fsmonitor
//! (which reading the index would start) and hooks are switched off explicitly, and
//! both questions go to built-ins (aliases cannot replace them) that page nothing.
//! Git reads ignore files, its configuration and the index, and runs nothing else, in
//! plain repositories, worktrees and submodules alike.

use std::path::Path;
use std::process::{Command, Stdio};

/// Whether git ignores `name` in `dir` (without reading the index).
pub fn ignores(dir: &Path, name: &str) -> bool {
    git(dir, &["check-ignore", "--quiet", "--no-index", "--", name])
}

/// Whether git tracks `name` in `dir`: the index has it, so `git commit -a` would
/// publish what is written there, whatever `.gitignore` says.
pub fn tracks(dir: &Path, name: &str) -> bool {
    git(dir, &["ls-files", "--error-unmatch", "--", name])
}

fn git(dir: &Path, args: &[&str]) -> bool {
    Command::new("git")
        .args([
            "-c",
            "core.fsmonitor=false",
            "-c",
            "core.hooksPath=/dev/null",
            "--no-pager",
        ])
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}
