//! One module per subcommand, each with a `run` function.

pub mod api;
pub mod email_login;
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

use crate::auth::resolve::{Active, Sources, not_logged_in};
use crate::context::Context;
use crate::http::Client;
use crate::ui::Ui;

/// The token in use, warning about exposed credential files on the way.
pub fn active_token(ctx: &Context, ui: &mut Ui) -> Result<Active> {
    let sources = Sources::new(&ctx.auth);
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
        ctx.http.options()?,
    )?;
    Ok((client, active))
}

/// How many days ahead an expiry is warned about.
pub const EXPIRY_WARNING_DAYS: i64 = 7;

/// A line describing a listed token (`laptop (id tok_1), expires 2026-12-01 (in 6
/// days), last used 2026-11-20`), and a warning when it expires within
/// [`EXPIRY_WARNING_DAYS`].
pub fn describe_listed(listed: &crate::api::tokens::ApiToken) -> (String, Option<String>) {
    use crate::ui::escape;
    let now = jiff::Timestamp::now();
    let day = |at: &str| match at.parse::<jiff::Timestamp>() {
        Ok(at) => at.strftime("%Y-%m-%d").to_string(),
        Err(_) => escape(at).into_owned(),
    };
    let left = listed
        .expires_at
        .as_deref()
        .and_then(|at| at.parse::<jiff::Timestamp>().ok())
        .map(|at| at.duration_since(now).as_hours().div_euclid(24));
    let expiry = match (listed.expires_at.as_deref(), left) {
        (None, _) => "never expires".to_string(),
        (Some(at), Some(days)) if days < 0 => format!("expired {}", day(at)),
        (Some(at), Some(days)) => format!("expires {} (in {days} days)", day(at)),
        (Some(at), None) => format!("expires {}", day(at)),
    };
    let used = listed
        .last_used_at
        .as_deref()
        .map_or("never used".to_string(), |at| {
            format!("last used {}", day(at))
        });
    let name = escape(listed.name.as_deref().unwrap_or("(no name)")).into_owned();
    let line = format!("{name} (id {}), {expiry}, {used}", escape(listed.id()));
    let warning = match (left, listed.expires_at.as_deref()) {
        (Some(days), Some(at)) if (0..=EXPIRY_WARNING_DAYS).contains(&days) => Some(format!(
            "the token expires in {days} days ({}); create a new one before then (`nt3 tokens create --login`)",
            day(at)
        )),
        _ => None,
    };
    (line, warning)
}
