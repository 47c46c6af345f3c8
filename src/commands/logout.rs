//! `nt3 logout`: remove the saved token (and its keyring entry), and nothing else.

use anyhow::Result;
use serde_json::json;

use crate::auth::file::{self, Storage, UpdateError};
use crate::auth::keyring::{self, StoreError};
use crate::cli::LogoutArgs;
use crate::context::Context;
use crate::env_vars::NT3_API_TOKEN;
use crate::error::{Error, Kind};
use crate::ui::Ui;

/// What logging out found.
#[derive(Default)]
struct Removed {
    /// A token was in the file.
    file_token: bool,
    /// The file pointed at the keyring: whether the entry was still there.
    keyring_entry: Option<bool>,
    /// The file recorded an earlier token left in the keyring: whether it is gone now.
    leftover: Option<Result<(), StoreError>>,
}

enum LogoutError {
    File(UpdateError),
    Store(StoreError),
}

impl From<UpdateError> for LogoutError {
    fn from(err: UpdateError) -> Self {
        Self::File(err)
    }
}

pub fn run(ctx: &Context, args: &LogoutArgs, ui: &mut Ui) -> Result<()> {
    if let Some(chosen) = ctx.auth.own_connection() {
        if args.local {
            return Err(Error::new(
                Kind::Usage,
                "`--connection` names a login of the global config; it cannot be `--local`",
            )
            .into());
        }
        return logout_connection(ctx, &chosen.name, ui);
    }
    let (path, shown) = ctx.credential_file(args.local)?;

    // A missing file (or directory) holds no token; there is nothing to lock or write.
    let removed = if path.symlink_metadata().is_err() {
        Removed::default()
    } else {
        let account = keyring::account(&path);
        file::update(&path, false, |file| {
            // The keyring entry goes first: if the store refuses, the marker stays so a
            // later logout can finish the job.
            let keyring_entry = match file.storage() {
                Storage::Keyring => Some(
                    ctx.auth
                        .keyring
                        .delete(&account)
                        .map_err(LogoutError::Store)?,
                ),
                Storage::File => None,
            };
            let file_token = file.token.take().is_some();
            file.token_storage = None;
            // An earlier leftover goes too if the store lets it; if not, the marker stays.
            let leftover = file
                .keyring_leftover
                .then(|| ctx.auth.keyring.delete(&account).map(drop));
            if let Some(Ok(())) = leftover {
                file.keyring_leftover = false;
            }
            Ok(Removed {
                file_token,
                keyring_entry,
                leftover,
            })
        })
        .map_err(|err| logout_error(err, &path))?
        .0
    };

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
    let removed_token = removed.file_token || removed.keyring_entry == Some(true);
    if removed_token {
        ui.info("The token stays valid until you revoke it in your nt3 dashboard > Settings > API Tokens");
    }
    ui.json(&json!({ "success": true, "removed": removed_token, "path": path }));
    if ctx.auth.env_token.is_some() {
        ui.warning(format!(
            "`{NT3_API_TOKEN}` is still set, so nt3 keeps using that token"
        ));
        ui.hint(format!("unset `{NT3_API_TOKEN}` to log out completely"));
    }
    Ok(())
}

/// Removes the named connection `name` (its token and URL) from the global file.
fn logout_connection(ctx: &Context, name: &str, ui: &mut Ui) -> Result<()> {
    let (path, shown) = ctx.credential_file(false)?;
    let removed = if path.symlink_metadata().is_err() {
        false
    } else {
        file::update(&path, false, |file| {
            Ok::<_, LogoutError>(
                file.connections
                    .remove(name)
                    .is_some_and(|c| c.token.is_some()),
            )
        })
        .map_err(|err| logout_error(err, &path))?
        .0
    };
    if removed {
        ui.success(format!(
            "Logged out of connection `{name}`. Token removed from {shown}"
        ));
        ui.info("The token stays valid until you revoke it in your nt3 dashboard > Settings > API Tokens");
    } else {
        ui.info(format!(
            "Not logged in: {shown} has no token for connection `{name}`"
        ));
    }
    ui.json(&json!({ "success": true, "removed": removed, "path": path, "connection": name }));
    Ok(())
}

fn logout_error(err: LogoutError, path: &std::path::Path) -> Error {
    match err {
        LogoutError::Store(err) => Error::new(
            Kind::Failure,
            format!("cannot remove the token from the OS keyring: {err}; nothing was changed"),
        )
        .with_hint(err.hint()),
        LogoutError::File(err) => {
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
        }
    }
}
