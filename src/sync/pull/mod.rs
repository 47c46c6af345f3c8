//! Pull: download the project's translations into the files `.nt3.yml` names.
//!
//! The stages, one file each:
//!
//! - [`plan`]: which languages (the project's targets, or `-l`), and for each pattern,
//!   language and namespace (found on disk for `{namespace}` patterns) which file the
//!   export goes to: the file on disk, else the path last synced, else one spelled as the
//!   pattern's other files are (`pt_BR.json`; see [`crate::project::locale`]);
//! - [`download`]: a conditional request, the export streamed in and hashed (past
//!   256 KiB into a temporary file beside its target, [`sink`]), checked (an envelope
//!   around it is unwrapped; JSON where another format belongs is an error), merged with
//!   local edits, and renamed over the file only when it differs, every disk step on the
//!   blocking pool; [`catalog`] does the same for a String Catalog, one language at a
//!   time into the one file;
//! - here: the downloads run up to `--jobs` at once, each directory a file was renamed in
//!   is made durable once, and what was synced is remembered ([`crate::sync::state`]).

mod catalog;
mod download;
mod job;
mod plan;
mod sink;

use std::path::Path;
use std::sync::{Arc, Mutex};

use serde_json::json;

pub use plan::Options;

use crate::api;
use crate::error::{CommandResult, Outcome};
use crate::fs::atomic;
use crate::http::Client;
use crate::sync::engine::run_bounded;
use crate::sync::outcome::{FileOutcome, settle};
use crate::sync::report::{Progress, Verb};
use crate::sync::state::{self, SyncState};
use crate::sync::{self, Project, Settings, lock};
use crate::types::format::Format;
use crate::ui::{Ui, cause, msg};
use job::{Done, Job};
use plan::Wanted;

/// Pulls the translations of `project` with `client`.
pub fn run(
    project: &Project,
    args: &Options,
    settings: &Settings,
    client: &Client,
    ui: &mut Ui,
) -> CommandResult {
    let config = &project.config;
    let remote = api::projects::project(client, &config.project_id)?;
    sync::check_source(config, &remote)?;
    let (languages, refused) = plan::languages(project, &remote, args, ui);
    if languages.is_empty() {
        ui.info(msg!(
            "Project {} has no target languages to pull",
            config.project_id
        ));
        let outcome = Outcome::done(json!({ "files": [], "errors": [] }));
        return Ok(sync::report::with_errors(outcome, refused));
    }
    let mut state = sync::state(settings, project, client, ui);
    let (wanted, skipped) = plan::plan(project, &languages, state.synced(), ui);
    sync::report::skipped(ui, &skipped);

    let job = Job {
        gate: project.gate.clone(),
        project_id: config.project_id.clone(),
        dry_run: args.dry_run,
        force: args.force,
        memos: state.synced().clone(),
        copies: state.copies(),
    };
    let (mut outcomes, done, fatal) = transfer(client, job, wanted, args.jobs, settings, ui);
    make_durable(&done, ui);
    for outcome in &mut outcomes {
        let key = state::key(&outcome.file, outcome.format);
        if let Some((_, done)) = done.iter().find(|(k, _)| *k == key) {
            outcome.conflicts.clone_from(&done.conflicts);
        }
    }
    if !args.dry_run {
        remember(&mut state, done, ui);
    }

    if let Some(err) = fatal {
        return Err(sync::report::fail(&outcomes, err));
    }
    let outcome = if args.dry_run {
        sync::report::report_plan(ui, Verb::Pull, &outcomes)
    } else {
        sync::report::report(ui, Verb::Pull, &outcomes)
    };
    let outcome = sync::report::with_skipped(outcome, &skipped);
    Ok(sync::report::with_errors(outcome, refused))
}

/// What every download did, by the key of its file.
type Finished = Vec<(String, Done)>;

/// Runs the downloads, up to `jobs` at once, with a progress bar.
fn transfer(
    client: &Client,
    job: Job,
    wanted: Vec<Wanted>,
    jobs: usize,
    settings: &Settings,
    ui: &mut Ui,
) -> (Vec<FileOutcome>, Finished, Option<crate::error::Error>) {
    let progress = Progress::new(settings, ui, wanted.len() as u64);
    let job = Arc::new(job);
    let finished: Arc<Mutex<Finished>> = Arc::default();
    let record = Arc::clone(&finished);
    let (outcomes, fatal) = run_bounded(
        client,
        wanted,
        jobs,
        |_| 0,
        &progress,
        move |core, wanted| {
            let (job, record) = (Arc::clone(&job), Arc::clone(&record));
            async move {
                let wanted = Arc::new(wanted);
                let result = if wanted.format == Format::Xcstrings {
                    catalog::fill_catalog(&core, &job, &wanted).await
                } else {
                    download::download(&core, &job, &wanted).await
                };
                let (size, result) = match result {
                    Ok(done) => {
                        let (change, size) = (done.change, done.size);
                        lock(&record).push((wanted.key(), done));
                        (Some(size), Ok(change))
                    }
                    Err(failure) => (None, Err(failure)),
                };
                settle(wanted.file.clone(), wanted.format, size, result)
            }
        },
    );
    progress.finish();
    let finished = std::mem::take(&mut *lock(&finished));
    (outcomes, finished, fatal)
}

/// Makes each directory a file was renamed in durable, once, after the downloads.
fn make_durable(done: &Finished, ui: &mut Ui) {
    let mut renamed_in: Vec<&Path> = done
        .iter()
        .filter_map(|(_, d)| d.renamed_in.as_deref())
        .collect();
    renamed_in.sort_unstable();
    renamed_in.dedup();
    for dir in renamed_in {
        if let Err(err) = atomic::sync_dir(dir) {
            ui.warning(msg!("cannot make `{}` durable: {}", dir, cause(&err)));
        }
    }
}

/// Remembers each file as it is now in step with the server, for the next run.
fn remember(state: &mut SyncState, done: Finished, ui: &mut Ui) {
    let synced = state.synced();
    for (key, done) in done {
        if let Some(memo) = done.memo {
            synced.insert(key, memo);
        }
        synced.extend(done.remembered);
    }
    state.save(ui);
}
