//! `nt3 logout`: remove the saved token, and nothing else.

use anyhow::Result;
use serde_json::json;

use crate::cli::LogoutArgs;
use crate::context::Context;
use crate::credential_file::{self, LOCAL_FILE_NAME, UpdateError};
use crate::env_vars::NT3_API_TOKEN;
use crate::error::{Error, Kind};
use crate::output::Ui;

pub fn run(ctx: &Context, args: &LogoutArgs, ui: &mut Ui) -> Result<()> {
    let (path, shown) = if args.local {
        (ctx.local_path(), LOCAL_FILE_NAME.to_string())
    } else {
        let path = ctx.global_path()?;
        let shown = ctx.display(&path);
        (path, shown)
    };

    // A missing file (or directory) holds no token; there is nothing to lock or write.
    let removed = path.symlink_metadata().is_ok()
        && credential_file::update(&path, false, |file| {
            let had_token = file.token.take().is_some();
            file.token_storage = None;
            had_token
        })
        .map_err(|err| {
            let hint = match err {
                UpdateError::Existing(_) => "fix the file by hand; nothing was changed",
                UpdateError::Symlink => "remove the link; nothing was changed",
                UpdateError::Io(_) => "check the file's owner and permissions",
            };
            Error::new(
                Kind::Failure,
                format!("cannot remove the token from `{}`: {err}", path.display()),
            )
            .with_hint(hint)
        })?
        .0;

    if removed {
        if args.local {
            ui.success(format!("Logged out. Token removed from {shown}"));
        } else {
            ui.success(format!(
                "Logged out successfully. Token removed from {shown}"
            ));
        }
        ui.info("The token stays valid until you revoke it in your nt3 dashboard > Settings > API Tokens");
    } else {
        ui.info(format!("Not logged in: there is no token in {shown}"));
    }
    ui.json(&json!({ "success": true, "removed": removed, "path": path }));
    if ctx.env_token.is_some() {
        ui.warning(format!(
            "`{NT3_API_TOKEN}` is still set, so nt3 keeps using that token"
        ));
        ui.hint(format!("unset `{NT3_API_TOKEN}` to log out completely"));
    }
    Ok(())
}
