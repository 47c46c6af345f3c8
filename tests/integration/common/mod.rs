//! What every integration test shares: the hermetic environment ([`env`]), the loopback
//! servers that stand in for Entri ([`server`]), and nt3 on a pseudo-terminal ([`pty`]).

pub mod env;
#[cfg(unix)]
pub mod pty;
pub mod server;

pub use env::*;
#[cfg(unix)]
pub use pty::*;
pub use server::*;
