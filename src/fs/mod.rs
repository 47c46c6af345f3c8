//! Files, read and written safely.
//!
//! - [`read`]: every file nt3 reads from the working tree or its configuration directory
//!   (credential files, `.nt3.yml`, translation files), opened without blocking, checked
//!   to be a regular file, and read up to a cap.
//! - [`atomic`]: every file nt3 writes, written beside its target and renamed over it,
//!   so readers see the old contents or the new, never a torn mix.
//! - [`interrupt`]: the temporary files of those writes, removed on Ctrl-C or SIGTERM.
//! - [`digest`]: SHA-256 of contents, to tell whether a file changed.
//! - [`stamp`]: what a file's metadata says of its contents, to tell without reading
//!   it that it did not.
//! - [`acl`] (Windows): owner-only access lists, the counterpart of mode `0600`.
//! - [`git`]: whether git ignores or tracks a path, asked without running anything
//!   the repository configures.
//!
//! Nothing here knows what a file holds; that is the business of the layers above.

#[cfg(windows)]
pub mod acl;
pub mod atomic;
pub mod digest;
pub mod git;
pub mod interrupt;
pub mod read;
pub mod stamp;
