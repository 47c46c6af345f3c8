//! `nt3 push` (alias `up`): upload the translation files `.nt3.yml` names (see
//! [`crate::sync::push`]).

use crate::cli::PushArgs;
use crate::context::Context;
use crate::error::CommandResult;
use crate::sync::{self, push, report};
use crate::ui::Ui;

pub fn run(ctx: &Context, args: &PushArgs, ui: &mut Ui) -> CommandResult {
    let options = push::Options {
        language: args.language.clone(),
        dry_run: args.dry_run,
        all: args.all,
        overwrite: args.overwrite,
        jobs: args.jobs.into(),
    };
    let mut push = || -> CommandResult {
        sync::check_language(options.language.as_ref())?;
        let project = sync::load(ctx.project_root.as_deref(), ui)?;
        push::run(
            &project,
            &options,
            &ctx.sync,
            |ui| super::client(ctx, ui),
            ui,
        )
    };
    push().map_err(|err| report::fail(&[], err))
}
