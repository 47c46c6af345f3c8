//! `nt3 pull` (alias `down`): download the project's translations into the files
//! `.nt3.yml` names (see [`crate::sync::pull`]).

use crate::cli::PullArgs;
use crate::context::Context;
use crate::error::CommandResult;
use crate::sync::{self, pull, report};
use crate::ui::Ui;

pub fn run(ctx: &Context, args: &PullArgs, ui: &mut Ui) -> CommandResult {
    let options = pull::Options {
        language: args.language.clone(),
        dry_run: args.dry_run,
        force: args.force,
        jobs: args.jobs.into(),
    };
    let mut pull = || -> CommandResult {
        sync::check_language(options.language.as_ref())?;
        let project = sync::load(ctx.project_root.as_deref(), ui)?;
        let client = super::client(ctx, ui)?;
        pull::run(&project, &options, &ctx.sync, &client, ui)
    };
    pull().map_err(|err| report::fail(&[], err))
}
