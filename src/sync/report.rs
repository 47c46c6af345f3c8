//! How a sync run ends on screen: one summary, the failed files, a dry run's plan, or
//! with `--json` the one document with every file's outcome.

use serde_json::{Value, json};

use super::Settings;
use super::outcome::{Change, FileOutcome};
use crate::error::{CommandError, Outcome};
use crate::project::pattern::Skipped;
use crate::ui::{Message, Shown, Ui, msg, outside};

/// The `--json` document of a run: every file, and the failed ones' messages.
fn document(outcomes: &[FileOutcome]) -> Value {
    let files: Vec<Value> = outcomes
        .iter()
        .map(|o| {
            let mut entry = json!({ "path": o.file.path, "language": o.file.language, "format": o.format.as_str() });
            if let Some(namespace) = &o.file.namespace {
                entry["namespace"] = namespace.as_str().into();
            }
            if let Some(size) = o.size {
                entry["size"] = size.into();
            }
            match &o.result {
                Ok(change) => entry["action"] = change.action().into(),
                Err(err) => entry["error"] = err.to_string().into(),
            }
            if !o.conflicts.is_empty() {
                entry["conflicts"] = json!(o.conflicts);
            }
            entry
        })
        .collect();
    let errors: Vec<String> = outcomes
        .iter()
        .filter_map(|o| Some(format!("{}: {}", o.file.path, o.result.as_ref().err()?)))
        .collect();
    json!({ "files": files, "errors": errors })
}

/// Prints the per-file failures and the summary; the run failed when any file did.
pub fn report(ui: &mut Ui, verb: Verb, outcomes: &[FileOutcome]) -> Outcome {
    conflicts(ui, outcomes);
    not_on_server(ui, outcomes);
    let failed: Vec<&FileOutcome> = outcomes.iter().filter(|o| o.result.is_err()).collect();
    for outcome in &failed {
        ui.error(msg!(
            "{}: {}",
            outside(&outcome.file.path),
            outside(&outcome.result.as_ref().unwrap_err().to_string())
        ));
    }
    let count = |change| {
        outcomes
            .iter()
            .filter(|o| o.result.as_ref().ok() == Some(&change))
            .count()
    };
    let summary = match verb {
        Verb::Push => {
            let unchanged = count(Change::Unchanged);
            let sent = msg!(
                "Pushed {} of {}",
                count(Change::Uploaded),
                files(outcomes.len() - unchanged)
            );
            match unchanged {
                0 => sent,
                n if n == outcomes.len() => msg!(
                    "Nothing to push: {} unchanged since the last push (`--all` sends them anyway)",
                    files(n)
                ),
                n => msg!(
                    "{}; {} unchanged since the last push, not sent (`--all` sends them)",
                    sent,
                    files(n)
                ),
            }
        }
        Verb::Pull => {
            let pulled = msg!(
                "Pulled {}: {} created, {} updated, {} unchanged",
                files(outcomes.len() - failed.len() - count(Change::NotOnServer)),
                count(Change::Created),
                count(Change::Updated),
                count(Change::Unchanged)
            );
            let pulled = match count(Change::Merged) {
                0 => pulled,
                n => msg!("{}, {} merged with changes made here", pulled, n),
            };
            match count(Change::NotOnServer) {
                0 => pulled,
                n => msg!("{}; {} not on the server yet", pulled, files(n)),
            }
        }
    };
    if failed.is_empty() {
        ui.success(summary);
    } else {
        ui.info(msg!("{}; {} failed", summary, failed.len()));
    }
    Outcome::done(document(outcomes))
        .with_failures(!failed.is_empty())
        .with_conflicts(has_conflicts(outcomes))
}

fn has_conflicts(outcomes: &[FileOutcome]) -> bool {
    outcomes.iter().any(|o| !o.conflicts.is_empty())
}

/// Names the keys a merge kept the local value of, though the server changed them too:
/// nothing is lost (the server keeps its own), but someone should look.
fn conflicts(ui: &mut Ui, outcomes: &[FileOutcome]) {
    for o in outcomes.iter().filter(|o| !o.conflicts.is_empty()) {
        let keys: Vec<Message> = o.conflicts.iter().map(|k| msg!("{}", outside(k))).collect();
        ui.warning(msg!(
            "{}: changed here and on the server; kept the value here for {}",
            outside(&o.file.path),
            Message::join(&keys, ", ")
        ));
    }
}

/// Names each file pull did not create because the server has nothing for its language
/// and namespace yet (a language just added, a namespace not pushed): a notice, since
/// nothing is wrong here.
fn not_on_server(ui: &mut Ui, outcomes: &[FileOutcome]) {
    for o in outcomes {
        if o.result.as_ref().ok() == Some(&Change::NotOnServer) {
            let namespace = o
                .file
                .namespace
                .as_deref()
                .map(|name| msg!(", namespace {}", outside(name)))
                .unwrap_or_default();
            ui.note(msg!(
                "{}: nothing on the server yet for {}{}; not created",
                outside(&o.file.path),
                outside(&o.file.language),
                namespace
            ));
        }
    }
}

/// Says which paths the patterns matched but nt3 does not use, and why: nothing is
/// skipped in silence.
pub fn skipped(ui: &mut Ui, skipped: &[Skipped]) {
    for item in skipped {
        ui.info(msg!(
            "Skipped {}: {}",
            outside(&item.path),
            outside(&item.reason)
        ));
    }
}

/// Lists the skipped paths in a run's `--json` document, under `skipped` (when any).
pub fn with_skipped(mut outcome: Outcome, skipped: &[Skipped]) -> Outcome {
    if let Some(document) = outcome.document.as_mut().filter(|_| !skipped.is_empty()) {
        let list = skipped
            .iter()
            .map(|item| json!({ "path": item.path, "reason": item.reason }))
            .collect();
        document.insert("skipped".into(), Value::Array(list));
    }
    outcome
}

/// Adds failures that are not a file's (already printed) to a run's outcome: the run
/// failed, and `--json` lists them among its `errors`.
pub fn with_errors(mut outcome: Outcome, errors: Vec<String>) -> Outcome {
    if errors.is_empty() {
        return outcome;
    }
    if let Some(Value::Array(list)) = outcome
        .document
        .as_mut()
        .and_then(|document| document.get_mut("errors"))
    {
        list.extend(errors.into_iter().map(Value::String));
    }
    outcome.with_failures(true)
}

/// What a `--dry-run` would do, one line per file; nothing was changed. It failed when a
/// file could not be handled.
pub fn report_plan(ui: &mut Ui, verb: Verb, outcomes: &[FileOutcome]) -> Outcome {
    conflicts(ui, outcomes);
    let mut rows = vec![
        ["FILE", "LANGUAGE", "NAMESPACE", "SIZE", "ACTION"]
            .map(Message::from)
            .to_vec(),
    ];
    for o in outcomes {
        rows.push(vec![
            msg!("{}", outside(&o.file.path)),
            msg!("{}", outside(&o.file.language)),
            msg!("{}", outside(o.file.namespace.as_deref().unwrap_or("-"))),
            o.size.map_or_else(Message::default, |size| {
                msg!("{}", outside(&crate::fs::read::size(size)))
            }),
            match &o.result {
                Ok(change) => Message::from(change.action()),
                Err(err) => msg!("error: {}", outside(&err.to_string())),
            },
        ]);
    }
    for line in crate::ui::table(&rows) {
        ui.out(line);
    }
    let failed = outcomes.iter().filter(|o| o.result.is_err()).count();
    let what = match verb {
        Verb::Push => "uploaded",
        Verb::Pull => "written",
    };
    ui.info(msg!(
        "Dry run: nothing was {}; {} planned, {} with errors",
        what,
        files(outcomes.len() - failed),
        failed
    ));
    Outcome::done(document(outcomes))
        .with_failures(failed > 0)
        .with_conflicts(has_conflicts(outcomes))
}

/// A run that stopped early (before any file, or at a fatal answer): the error, with
/// the files done so far for `--json` (unless it already has them).
pub fn fail(outcomes: &[FileOutcome], err: impl Into<CommandError>) -> CommandError {
    let err = err.into();
    if err.document.is_empty() {
        err.with_document(document(outcomes))
    } else {
        err
    }
}

/// The run's command, for its summary.
#[derive(Debug, Clone, Copy)]
pub enum Verb {
    Push,
    Pull,
}

fn files(n: usize) -> Message {
    if n == 1 {
        Message::from("1 file")
    } else {
        msg!("{} files", n)
    }
}

/// A progress bar on a terminal, nothing otherwise.
pub struct Progress(Option<indicatif::ProgressBar>);

impl Progress {
    pub fn new(settings: &Settings, ui: &Ui, total: u64) -> Self {
        if !crate::ui::progress_shown(settings.progress, ui) {
            return Self(None);
        }
        let bar = indicatif::ProgressBar::new(total);
        if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}") {
            bar.set_style(style);
        }
        Self(Some(bar))
    }

    pub(super) fn tick(&self, outcome: &FileOutcome) {
        if let Some(bar) = &self.0 {
            bar.set_message(outside(&outcome.file.path).shown().into_owned());
            bar.inc(1);
        }
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}
