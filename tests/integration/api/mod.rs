//! Talking to the Entri API: the HTTP client's rules, `nt3 api`, tokens, whoami, AI
//! translation and overwrite.

mod ai;
mod command;
mod http;
mod tokens;
mod whoami;
