//! Push: upload the translation files `.nt3.yml` names.
//!
//! The stages, one file each:
//!
//! - [`plan`]: the files on disk (only inside the project, regular files of at most
//!   [`plan::MAX_UPLOAD`]), one for each language and namespace;
//! - here: the project is checked (its source language must be the configured one) and
//!   given the languages it lacks;
//! - [`upload`]: each file is read in its own task on the blocking pool ([`read`]) —
//!   UTF-8, or UTF-16 with a byte-order mark, sent as UTF-8 without one — and sent unless
//!   it is unchanged since the last push or pull (see [`crate::sync::state`]). Source
//!   files go first; one that cannot be read stops the other files of its pattern.
//!   Memory stays flat: at most `--jobs` files and [`sync::BYTES_IN_FLIGHT`] bytes are in
//!   flight at once;
//! - [`remember`]: what was sent, for the next run.

mod plan;
mod read;
mod remember;
mod upload;

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

use anyhow::Result;

pub use plan::Options;

use crate::api;
use crate::error::{CommandResult, Error, Kind};
use crate::fs::digest;
use crate::http::Client;
use crate::project;
use crate::project::config::Config;
use crate::sync::engine::run_bounded;
use crate::sync::outcome::{Change, FileOutcome, settle};
use crate::sync::report::{Progress, Verb};
use crate::sync::state::SyncState;
use crate::sync::{self, Project, Settings, lock};
use crate::types::text::Untrusted;
use crate::ui::{Ui, msg, outside};
use plan::Item;
use read::{Read, Remembered};
use upload::{Notes, Send};

/// Pushes the files of `project`; `connect` makes the client once there is something to
/// send.
pub fn run(
    project: &Project,
    args: &Options,
    settings: &Settings,
    connect: impl FnOnce(&mut Ui) -> Result<Client>,
    ui: &mut Ui,
) -> CommandResult {
    let config = &project.config;
    let (mut items, skipped) = plan::find(config, &project.dir, &project.gate, args, ui);
    sync::report::skipped(ui, &skipped);
    if items.is_empty() {
        return Err(nothing_matches(args).into());
    }
    plan::one_file_each(config, &items)?;

    let client = connect(ui)?;
    let remote = api::projects::project(&client, &config.project_id)?;
    sync::check_source(config, &remote)?;
    let known: BTreeSet<&str> = remote
        .source()
        .into_iter()
        .chain(remote.targets())
        .map(Untrusted::raw)
        .collect();
    let missing: BTreeSet<String> = items
        .iter()
        .filter(|item| item.found.is_ok() && !known.contains(item.file.language.as_str()))
        .map(|item| item.file.language.clone())
        .collect();
    let overwrite = args.overwrite || config.update_translations;
    let mut state = sync::state(settings, project, &client, ui);
    let fingerprint = fingerprint(project, &known, &items, overwrite);
    let remembered = Arc::new(remembered(&mut state, &fingerprint, args.all));
    // The source language goes first, then the rest.
    items.sort_by_key(|item| item.file.language != config.source_language);

    if args.dry_run {
        let plan = dry_run(config, &missing, items, &remembered, ui);
        return Ok(sync::report::with_skipped(plan, &skipped));
    }
    // Languages the project lacks are added before anything is imported into them.
    for language in &missing {
        api::projects::add_language(&client, &config.project_id, language)?;
        ui.info(msg!(
            "Added language {} to project {}",
            outside(language),
            config.project_id
        ));
    }
    let send = Send {
        project_id: config.project_id.clone(),
        source: config.source_language.clone(),
        overwrite,
        remembered,
        copies: state.copies(),
        jobs: args.jobs,
    };
    let (outcomes, notes, fatal) = transfer(&client, send, items, settings, ui);
    remember::remember(&mut state, &fingerprint, &outcomes, &notes, ui);
    match fatal {
        Some(err) => Err(sync::report::fail(&outcomes, err)),
        None => Ok(sync::report::with_skipped(
            sync::report::report(ui, Verb::Push, &outcomes),
            &skipped,
        )),
    }
}

/// The error when no file matches: nothing to send.
fn nothing_matches(args: &Options) -> Error {
    let what = match &args.language {
        Some(language) => format!("no `{language}` files (`-l {language}`) match"),
        None => "no translation files match".to_string(),
    };
    Error::new(
        Kind::Failure,
        format!("{what} the patterns in `{}`", project::FILE_NAME),
    )
    .with_hint(
        "check `file_patterns` (and `languages_mapping`), or run `nt3 pull` to fetch the files",
    )
}

/// What the digests of pushed files are valid under: the `.nt3.yml` text, the project,
/// its languages after this run (push adds the missing ones, so adding them does not
/// make the next run send everything again) and the overwrite setting.
fn fingerprint(
    project: &Project,
    known: &BTreeSet<&str>,
    items: &[Item],
    overwrite: bool,
) -> String {
    let languages: BTreeSet<&str> = known
        .iter()
        .copied()
        .chain(items.iter().map(|item| item.file.language.as_str()))
        .collect();
    digest::sha256_hex(
        format!(
            "{}\0{}\0{}\0{overwrite}",
            project.config_digest,
            project.config.project_id,
            languages.into_iter().collect::<Vec<_>>().join(",")
        )
        .as_bytes(),
    )
}

/// What was pushed before under the same settings, and the files as pull last wrote
/// them: both are in step with the server, so they stay home (all go with `--all`).
fn remembered(state: &mut SyncState, fingerprint: &str, all: bool) -> Remembered {
    if all {
        return Remembered::default();
    }
    Remembered {
        pushed: state.pushed(fingerprint).clone(),
        synced: state
            .synced()
            .iter()
            .filter(|(_, synced)| synced.pulled)
            .map(|(key, synced)| (key.clone(), synced.sha256.clone()))
            .collect(),
        seen: state.seen().clone(),
    }
}

/// A dry run: what would be added and sent; nothing changes.
fn dry_run(
    config: &Config,
    missing: &BTreeSet<String>,
    items: Vec<Item>,
    remembered: &Remembered,
    ui: &mut Ui,
) -> crate::error::Outcome {
    for language in missing {
        ui.info(msg!(
            "Would add language {} to project {}",
            outside(language),
            config.project_id
        ));
    }
    let outcomes: Vec<FileOutcome> = items
        .into_iter()
        .map(|item| {
            let result = read::read(&item, remembered).map(|read| match read {
                Read::Unchanged { .. } => Change::Unchanged,
                Read::Changed { .. } => Change::Uploaded,
            });
            upload::outcome(item, result.map_err(|failure| failure.message))
        })
        .collect();
    sync::report::report_plan(ui, Verb::Push, &outcomes)
}

/// Uploads the source files, then the rest, up to `--jobs` at once. A pattern whose
/// source file could not be read sends none of its other files.
fn transfer(
    client: &Client,
    send: Send,
    mut items: Vec<Item>,
    settings: &Settings,
    ui: &mut Ui,
) -> (Vec<FileOutcome>, Notes, Option<Error>) {
    let sources = items
        .iter()
        .filter(|item| item.file.language == send.source)
        .count();
    let targets = items.split_off(sources);
    let progress = Progress::new(settings, ui, (items.len() + targets.len()) as u64);
    let notes: Arc<Mutex<Notes>> = Arc::default();
    let send = Arc::new(send);
    let mut outcomes = Vec::new();
    let mut fatal = None;
    for (batch, is_source) in [(items, true), (targets, false)] {
        let (batch, stopped): (Vec<Item>, Vec<Item>) = {
            let unreadable = &lock(&notes).unreadable;
            batch
                .into_iter()
                .partition(|item| !unreadable.contains_key(&item.pattern))
        };
        for item in stopped {
            let source_path = lock(&notes).unreadable[&item.pattern].clone();
            let why = format!(
                "skipped: the source file `{source_path}` of this pattern could not be read"
            );
            outcomes.push(upload::outcome(item, Err(why.into())));
        }
        let (send, task_notes) = (Arc::clone(&send), Arc::clone(&notes));
        let (done, stop) = run_bounded(
            client,
            batch,
            send.jobs,
            |item| item.found.as_ref().map_or(0, |(_, size)| *size),
            &progress,
            move |core, item| {
                let (send, notes) = (Arc::clone(&send), Arc::clone(&task_notes));
                async move {
                    let result = upload::upload(&core, &send, &item, &notes, is_source).await;
                    let size = item.found.as_ref().ok().map(|(_, size)| *size);
                    settle(item.file, item.format, size, result)
                }
            },
        );
        outcomes.extend(done);
        if stop.is_some() {
            fatal = stop;
            break;
        }
    }
    progress.finish();
    let notes = std::mem::take(&mut *lock(&notes));
    (outcomes, notes, fatal)
}
