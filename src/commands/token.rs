//! `nt3 token`: the active token alone on stdout.

use crate::error::{CommandResult, Outcome};
use serde_json::json;

use crate::context::Context;
use crate::ui::Ui;

pub fn run(ctx: &Context, ui: &mut Ui) -> CommandResult {
    let active = super::active_token(ctx, ui)?;
    if !ui.json {
        ui.data_exact(active.token.expose())?;
    }
    Ok(Outcome::done(json!({ "token": active.token.expose() })))
}
