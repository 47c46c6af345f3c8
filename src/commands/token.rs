//! `nt3 token`: the active token alone on stdout.

use anyhow::Result;
use serde_json::json;

use crate::context::Context;
use crate::ui::Ui;

pub fn run(ctx: &Context, ui: &mut Ui) -> Result<()> {
    let active = super::active_token(ctx, ui)?;
    if ui.json {
        ui.json(&json!({ "success": true, "token": active.token.expose() }));
    } else {
        ui.data(active.token.expose())?;
    }
    Ok(())
}
