//! nt3's integration tests: one binary, a module per area. Every test runs the real
//! `nt3` binary in its own temporary HOME and working directory, with a cleared
//! environment. Update inline snapshots with `SNAPSHOTS=overwrite cargo test`.

mod common;

mod ai;
mod api;
mod architecture;
mod betterauth;
mod connections;
mod docs;
mod email_login;
mod fidelity;
mod files;
mod hostile;
mod http;
mod keyring;
mod login;
mod logout;
mod prompt;
mod resolution;
mod scale;
mod status;
mod sync;
mod token;
mod tokens;
mod verify;
mod whoami;
