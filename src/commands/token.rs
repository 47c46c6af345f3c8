//! `nt3 token`: the active token alone on stdout.

use anyhow::Result;
use serde_json::json;

use crate::context::Context;
use crate::credentials::{Sources, not_logged_in};
use crate::output::Ui;

pub fn run(ctx: &Context, ui: &mut Ui) -> Result<()> {
    let sources = Sources::new(ctx);
    let active = sources.active()?;
    super::status::warn_loose_modes(&sources, ui);
    let active = active.ok_or_else(not_logged_in)?;
    if ui.json {
        ui.json(&json!({ "success": true, "token": active.token.expose() }));
    } else {
        ui.data(active.token.expose())?;
    }
    Ok(())
}
