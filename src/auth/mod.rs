//! Where the token comes from, and where it goes.
//!
//! - [`resolve`]: the sources in their order (`NT3_API_TOKEN`, `.nt3.local.json`, the
//!   global file) and the one rule that picks the API URL a token goes to.
//! - [`file`]: credential files — their format, and the one locked, atomic way to
//!   change them.
//! - [`keyring`]: the OS credential store, bounded in time and failing closed.
//!
//! Nothing here prints or asks; the commands do. Nothing here reads the environment;
//! [`crate::context`] hands in what it read.

pub mod file;
pub mod keyring;
pub mod resolve;
