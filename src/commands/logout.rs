//! `nt3 logout`: remove the saved token (and its keyring entry), and nothing else.

use serde_json::json;

use crate::auth::keyring;
use crate::auth::store::{self, Removed, Target};
use crate::cli::LogoutArgs;
use crate::context::Context;
use crate::env_vars::NT3_API_TOKEN;
use crate::error::{CommandResult, Outcome};
use crate::ui::Ui;

/// Where revoking happens, for the reminder after a logout.
const STILL_VALID: &str =
    "The token stays valid until you revoke it in your nt3 dashboard > Settings > API Tokens";

pub fn run(ctx: &Context, args: &LogoutArgs, ui: &mut Ui) -> CommandResult {
    let target = Target::chosen(&ctx.auth, args.local)?;
    let (path, removed) = store::remove(&ctx.auth, &target)?;
    let shown = match &target {
        Target::Local => ctx.credential_file(true)?.1,
        _ => ctx.display(&path),
    };
    if let Target::Connection(name) = &target {
        if removed.file_token {
            ui.success(format!(
                "Logged out of connection `{name}`. Token removed from {shown}"
            ));
            ui.info(STILL_VALID);
        } else {
            ui.info(format!(
                "Not logged in: {shown} has no token for connection `{name}`"
            ));
        }
        return Ok(Outcome::done(
            json!({ "removed": removed.file_token, "path": path, "connection": name }),
        ));
    }

    match removed {
        Removed {
            keyring_entry: Some(true),
            ..
        } => {
            ui.success(format!(
                "Logged out successfully. Token removed from the OS keyring and {shown}"
            ));
        }
        Removed {
            keyring_entry: Some(false),
            ..
        } => {
            ui.info(format!(
                "The OS keyring had no token for {shown} any more; removed the file's `token_storage` marker"
            ));
        }
        Removed {
            file_token: true, ..
        } if args.local => {
            ui.success(format!("Logged out. Token removed from {shown}"));
        }
        Removed {
            file_token: true, ..
        } => {
            ui.success(format!(
                "Logged out successfully. Token removed from {shown}"
            ));
        }
        Removed {
            file_token: false, ..
        } => ui.info(format!("Not logged in: there is no token in {shown}")),
    }
    match &removed.leftover {
        Some(Ok(())) => ui.info("Also removed an earlier token that had stayed in the OS keyring"),
        Some(Err(err)) => {
            ui.warning(format!(
                "an earlier token is still in the OS keyring: {err}"
            ));
            ui.hint(keyring::leftover_hint(&keyring::account(&path)));
        }
        None => {}
    }
    if removed.token() {
        ui.info(STILL_VALID);
    }
    if ctx.auth.env_token.is_some() {
        ui.warning(format!(
            "`{NT3_API_TOKEN}` is still set, so nt3 keeps using that token"
        ));
        ui.hint(format!("unset `{NT3_API_TOKEN}` to log out completely"));
    }
    Ok(Outcome::done(
        json!({ "removed": removed.token(), "path": path }),
    ))
}
