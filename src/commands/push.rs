//! `nt3 push` (alias `up`): upload the translation files `.nt3.yml` names (see
//! [`crate::sync::push`]).

use anyhow::Result;

use crate::cli::PushArgs;
use crate::context::Context;
use crate::sync::{self, push};
use crate::ui::Ui;

pub fn run(ctx: &Context, args: &PushArgs, ui: &mut Ui) -> Result<u8> {
    let options = push::Options {
        language: args.language.clone(),
        dry_run: args.dry_run,
        all: args.all,
        overwrite: args.overwrite,
        jobs: args.jobs.into(),
    };
    sync::check_language(options.language.as_ref())
        .map_err(anyhow::Error::from)
        .and_then(|()| sync::load(ctx.project_root.as_deref(), ui))
        .and_then(|project| {
            push::run(
                &project,
                &options,
                &ctx.sync,
                |ui| super::client(ctx, ui),
                ui,
            )
        })
        .or_else(|err| sync::report::fail(ui, &[], err))
}
