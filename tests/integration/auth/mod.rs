//! Where the token comes from and how it is kept: login (every way), logout, status,
//! resolution, credential files, the keyring, connections, the prompt.

mod betterauth;
mod connections;
mod email_login;
mod files;
mod keyring;
mod login;
mod logout;
mod prompt;
mod resolution;
mod status;
mod token;
mod verify;
