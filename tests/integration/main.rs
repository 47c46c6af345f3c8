//! nt3's integration tests: one binary, a module per area. Every test runs the real
//! `nt3` binary in its own temporary HOME and working directory, with a cleared
//! environment. Update inline snapshots with `SNAPSHOTS=overwrite cargo test`.
//!
//! - `hostile/` is the index of SECURITY.md's promises: one test (or table) per
//!   promise, across every command it covers.
//! - `auth/`, `sync/` and `api/` follow the layout of `src/`.
//! - `interrupted.rs`: every command that waits on the network, stopped by a signal.
//! - `architecture.rs` and `docs.rs` hold the layout and the generated files.

mod common;

mod api;
mod architecture;
mod auth;
mod docs;
mod hostile;
mod interrupted;
mod scripts;
mod sync;
