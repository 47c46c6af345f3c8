//! What every integration test shares: the hermetic environment ([`env`]), the loopback
//! servers that stand in for Entri ([`server`]), and nt3 on a pseudo-terminal ([`pty`]),
//! and nt3 stopped by a signal ([`signal`]).

pub mod env;
#[cfg(unix)]
pub mod pty;
pub mod server;
#[cfg(unix)]
pub mod signal;

pub use env::*;
#[cfg(unix)]
pub use pty::*;
pub use server::*;
#[cfg(unix)]
pub use signal::*;
