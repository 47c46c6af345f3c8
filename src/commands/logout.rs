//! `nt3 logout`: remove the saved token (and its keyring entry), and nothing else.

use serde_json::json;

use crate::auth::keyring;
use crate::auth::store::{self, Removed, Target};
use crate::cli::LogoutArgs;
use crate::context::Context;
use crate::env_vars::NT3_API_TOKEN;
use crate::error::{CommandResult, Outcome};
use crate::ui::{Ui, cause, msg, outside};

/// Where revoking happens, for the reminder after a logout.
const STILL_VALID: &str =
    "The token stays valid until you revoke it in your Entri dashboard > Settings > API Tokens";

pub fn run(ctx: &Context, args: &LogoutArgs, ui: &mut Ui) -> CommandResult {
    let target = Target::chosen(&ctx.auth, args.local)?;
    let (path, removed) = store::remove(&ctx.auth, &target)?;
    let shown = match &target {
        Target::Local => ctx.credential_file(true)?.1,
        _ => ctx.display(&path),
    };
    if let Target::Connection(name) = &target {
        if removed.file_token {
            ui.success(msg!(
                "Logged out of connection `{}`. Token removed from {}",
                outside(name),
                shown
            ));
            ui.info(STILL_VALID);
        } else {
            ui.info(msg!(
                "Not logged in: {} has no token for connection `{}`",
                shown,
                outside(name)
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
            ui.success(msg!(
                "Logged out successfully. Token removed from the OS keyring and {}",
                shown
            ));
        }
        Removed {
            keyring_entry: Some(false),
            ..
        } => {
            ui.info(msg!("The OS keyring had no token for {} any more; removed the file's `token_storage` marker", shown));
        }
        Removed {
            file_token: true, ..
        } if args.local => {
            ui.success(msg!("Logged out. Token removed from {}", shown));
        }
        Removed {
            file_token: true, ..
        } => {
            ui.success(msg!(
                "Logged out successfully. Token removed from {}",
                shown
            ));
        }
        Removed {
            file_token: false, ..
        } => ui.info(msg!("Not logged in: there is no token in {}", shown)),
    }
    match &removed.leftover {
        Some(Ok(())) => ui.info("Also removed an earlier token that had stayed in the OS keyring"),
        Some(Err(err)) => {
            ui.warning(msg!(
                "an earlier token is still in the OS keyring: {}",
                cause(&err)
            ));
            ui.hint(keyring::leftover_hint(&keyring::account(&path)));
        }
        None => {}
    }
    if removed.token() {
        ui.info(STILL_VALID);
    }
    if ctx.auth.env_token.is_some() {
        ui.warning(msg!(
            "`{}` is still set, so nt3 keeps using that token",
            NT3_API_TOKEN
        ));
        ui.hint(msg!("unset `{}` to log out completely", NT3_API_TOKEN));
    }
    Ok(Outcome::done(
        json!({ "removed": removed.token(), "path": path }),
    ))
}
