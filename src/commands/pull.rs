//! `nt3 pull` (alias `down`): download the project's translations into the files
//! `.nt3.yml` names (see [`crate::sync::pull`]).

use anyhow::Result;

use crate::cli::PullArgs;
use crate::context::Context;
use crate::sync::{self, pull};
use crate::ui::Ui;

pub fn run(ctx: &Context, args: &PullArgs, ui: &mut Ui) -> Result<u8> {
    let options = pull::Options {
        language: args.language.clone(),
        dry_run: args.dry_run,
        jobs: args.jobs.into(),
    };
    sync::check_language(options.language.as_ref())
        .map_err(anyhow::Error::from)
        .and_then(|()| sync::load(ctx.project_root.as_deref(), ui))
        .and_then(|project| {
            let client = super::client(ctx, ui)?;
            pull::run(&project, &options, &ctx.sync, &client, ui)
        })
        .or_else(|err| sync::report::fail(ui, &[], err))
}
