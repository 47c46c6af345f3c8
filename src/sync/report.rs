//! How a sync run ends on screen: one summary, the failed files, a dry run's plan, or
//! with `--json` the one document with every file's outcome.

use anyhow::Result;
use serde_json::{Value, json};

use super::{Change, Outcome, Settings};
use crate::error::{classify, exit};
use crate::ui::{Ui, escape};

/// The `--json` document of a run.
fn document(outcomes: &[Outcome], failure: Option<(&str, &str)>) -> Value {
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
                Err(err) => entry["error"] = err.as_str().into(),
            }
            entry
        })
        .collect();
    let errors: Vec<String> = outcomes
        .iter()
        .filter_map(|o| Some(format!("{}: {}", o.file.path, o.result.as_ref().err()?)))
        .collect();
    let success = failure.is_none() && errors.is_empty();
    let mut doc = json!({ "success": success, "files": files, "errors": errors });
    if let Some((kind, message)) = failure {
        doc["error"] = json!({ "kind": kind, "message": message });
    }
    doc
}

/// Prints the per-file failures and the summary (or the JSON document) and returns the
/// exit code: 1 when any file failed.
pub fn report(ui: &mut Ui, verb: Verb, outcomes: &[Outcome]) -> u8 {
    let failed: Vec<&Outcome> = outcomes.iter().filter(|o| o.result.is_err()).collect();
    ui.json(&document(outcomes, None));
    for outcome in &failed {
        ui.error(format!(
            "{}: {}",
            escape(&outcome.file.path),
            escape(outcome.result.as_ref().unwrap_err())
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
            let sent = format!(
                "Pushed {} of {}",
                count(Change::Uploaded),
                files(outcomes.len() - unchanged)
            );
            match unchanged {
                0 => sent,
                n if n == outcomes.len() => format!(
                    "Nothing to push: {} unchanged since the last push (`--all` sends them anyway)",
                    files(n)
                ),
                n => format!(
                    "{sent}; {} unchanged since the last push, not sent (`--all` sends them)",
                    files(n)
                ),
            }
        }
        Verb::Pull => format!(
            "Pulled {}: {} created, {} updated, {} unchanged",
            files(outcomes.len() - failed.len()),
            count(Change::Created),
            count(Change::Updated),
            count(Change::Unchanged)
        ),
    };
    if failed.is_empty() {
        ui.success(summary);
        exit::SUCCESS
    } else {
        ui.info(format!("{summary}; {} failed", failed.len()));
        exit::FAILURE
    }
}

/// What a `--dry-run` would do, one line per file (or the JSON document); nothing was
/// changed. Exit 1 when a file could not be handled.
pub fn report_plan(ui: &mut Ui, verb: Verb, outcomes: &[Outcome]) -> u8 {
    ui.json(&document(outcomes, None));
    let mut rows = vec![
        ["FILE", "LANGUAGE", "NAMESPACE", "SIZE", "ACTION"]
            .map(String::from)
            .to_vec(),
    ];
    for o in outcomes {
        rows.push(vec![
            o.file.path.clone(),
            o.file.language.clone(),
            o.file.namespace.clone().unwrap_or_else(|| "-".into()),
            o.size.map(crate::fs::read::size).unwrap_or_default(),
            match &o.result {
                Ok(change) => change.action().to_owned(),
                Err(err) => format!("error: {err}"),
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
    ui.info(format!(
        "Dry run: nothing was {what}; {} planned, {failed} with errors",
        files(outcomes.len() - failed)
    ));
    if failed == 0 {
        exit::SUCCESS
    } else {
        exit::FAILURE
    }
}

/// Ends a run that stopped early (before any file, or at a fatal answer). With `--json`
/// the document carries the files done so far and the error, and the exit code follows
/// the error's kind; otherwise the error goes to the one place errors are printed.
pub fn fail(ui: &mut Ui, outcomes: &[Outcome], err: anyhow::Error) -> Result<u8> {
    if !ui.json {
        return Err(err);
    }
    let (kind, hint) = classify(&err);
    let message = err.to_string();
    ui.error(escape(&message));
    if let Some(hint) = hint {
        ui.hint(escape(hint));
    }
    ui.json(&document(outcomes, Some((kind.as_str(), &message))));
    Ok(kind.exit_code())
}

/// The run's command, for its summary.
#[derive(Debug, Clone, Copy)]
pub enum Verb {
    Push,
    Pull,
}

fn files(n: usize) -> String {
    if n == 1 {
        "1 file".to_string()
    } else {
        format!("{n} files")
    }
}

/// A progress bar on a terminal, nothing otherwise.
pub struct Progress(Option<indicatif::ProgressBar>);

impl Progress {
    pub fn new(settings: &Settings, ui: &Ui, total: u64) -> Self {
        if !settings.progress || ui.json {
            return Self(None);
        }
        let bar = indicatif::ProgressBar::new(total);
        if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}") {
            bar.set_style(style);
        }
        Self(Some(bar))
    }

    pub(super) fn tick(&self, outcome: &Outcome) {
        if let Some(bar) = &self.0 {
            bar.set_message(escape(&outcome.file.path).into_owned());
            bar.inc(1);
        }
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}
