//! One module per subcommand, each with a `run` function.

pub mod api;
pub mod init;
pub mod login;
pub mod logout;
pub mod overwrite;
pub mod projects;
pub mod pull;
pub mod push;
pub mod status;
pub mod token;
pub mod tokens;
pub mod translate;
pub mod whoami;

use anyhow::Result;

use crate::context::Context;
use crate::credentials::{Active, Sources, not_logged_in};
use crate::http::Client;
use crate::output::Ui;

/// The token in use, warning about exposed credential files on the way.
pub fn active_token(ctx: &Context, ui: &mut Ui) -> Result<Active> {
    let sources = Sources::new(ctx);
    let active = sources.active()?;
    status::warn_loose_modes(&sources, ui);
    Ok(active.ok_or_else(not_logged_in)?)
}

/// A client for the active token and its API URL.
pub fn client(ctx: &Context, ui: &mut Ui) -> Result<Client> {
    connect(ctx, ui).map(|(client, _)| client)
}

/// A client for the active token, and the token with where it came from.
pub fn connect(ctx: &Context, ui: &mut Ui) -> Result<(Client, Active)> {
    let active = active_token(ctx, ui)?;
    let client = Client::new(
        active.api_url.clone(),
        active.token.clone(),
        active.source_name(),
        ctx.http_options()?,
    )?;
    Ok((client, active))
}

#[cfg(test)]
mod keyring_tests;
