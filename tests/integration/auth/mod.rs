//! Where the token comes from and how it is kept: login (every way), logout, status,
//! resolution, credential files, the keyring, connections, the prompt.

// Unix: the harness starts Node and npm from PATH; the Windows run under Wine has no
// Windows Node, and under CI=true a missing Node fails rather than skips.
#[cfg(unix)]
mod betterauth;
mod connections;
mod email_login;
mod files;
mod keyring;
mod login;
mod logout;
// Unix: the pseudo-terminal harness; Wine has no ConPTY to drive the Windows console.
#[cfg(unix)]
mod prompt;
mod resolution;
mod status;
mod token;
mod verify;
