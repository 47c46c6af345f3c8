//! The file engine shared by `nt3 push` and `nt3 pull`.
//!
//! - The project root is the directory of the nearest `.nt3.yml` (see
//!   [`project::find_root`]); paths in patterns and reports are relative to it.
//! - Files are read before the requests and written as each download ends; up to
//!   `--jobs` requests run at once on the client's runtime.
//! - A failed file does not stop the others, but an answer that will fail every file
//!   — 401 (the token is rejected) or 403 (it may not do this) — stops the run at once
//!   with one error.
//! - The run ends with one summary, or with `--json` exactly one document on every path:
//!   `{"success", "files": [{"path", "language", "format", "namespace"?, "size"?,
//!   "action"?, "error"?}], "errors": [...]}`, plus `"error": {"kind", "message"}` when
//!   the run stopped before its end.

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Result;
use serde_json::{Value, json};
use tokio::task::JoinSet;

use crate::context::Context;
use crate::error::{Error, Kind, classify, exit};
use crate::http::{Client, Core};
use crate::project;
use crate::project::config::Config;
use crate::project::gate::Root;
use crate::project::pattern::File;
use crate::sync_state::SyncState;
use crate::types::format::Format;
use crate::types::names::is_language;
use crate::ui::{Ui, escape};

/// One file's outcome.
pub struct Outcome {
    pub file: File,
    pub format: Format,
    pub size: Option<u64>,
    pub result: Result<Change, String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Uploaded,
    Created,
    Updated,
    Unchanged,
}

impl Change {
    fn action(self) -> &'static str {
        match self {
            Self::Uploaded => "upload",
            Self::Created => "create",
            Self::Updated => "update",
            Self::Unchanged => "unchanged",
        }
    }
}

/// A file's failure, and whether it stops the whole run.
pub struct Failure {
    pub message: String,
    pub fatal: Option<Error>,
}

impl From<String> for Failure {
    fn from(message: String) -> Self {
        Self {
            message,
            fatal: None,
        }
    }
}

impl From<Error> for Failure {
    /// 401 and 403 say the same of every file: they stop the run.
    fn from(err: Error) -> Self {
        let fatal = matches!(err.kind, Kind::NotAuthenticated | Kind::Forbidden);
        Self {
            message: err.to_string(),
            fatal: fatal.then_some(err),
        }
    }
}

/// The project a sync command works in.
pub struct Project {
    pub config: Config,
    /// SHA-256 of `.nt3.yml`, part of what push remembers a run by.
    pub config_digest: String,
    /// The directory of `.nt3.yml`.
    pub dir: PathBuf,
    pub root: Root,
}

/// Finds and reads `.nt3.yml` (here or in the nearest parent), warning about fields it
/// does not know.
pub fn load(ctx: &Context, ui: &mut Ui) -> Result<Project> {
    let dir = ctx.project_root.clone().ok_or_else(|| {
        Error::new(
            Kind::Usage,
            format!(
                "there is no `{}` here or in a parent directory",
                project::FILE_NAME
            ),
        )
        .with_hint("run `nt3 init` to create one")
    })?;
    let loaded = project::config::load(&dir)
        .map_err(|err| {
            Error::new(
                Kind::Usage,
                format!("`{}` {}", project::FILE_NAME, escape(&err)),
            )
        })?
        .ok_or_else(|| Error::new(Kind::Usage, format!("`{}` disappeared", project::FILE_NAME)))?;
    for warning in &loaded.warnings {
        ui.warning(format!("{}: {}", project::FILE_NAME, escape(warning)));
    }
    let root = Root::new(&dir).map_err(|err| {
        Error::new(
            Kind::Failure,
            format!("cannot resolve `{}`: {err}", dir.display()),
        )
    })?;
    Ok(Project {
        config: loaded.config,
        config_digest: loaded.digest,
        dir,
        root,
    })
}

/// What push and pull remember of this project at the client's API.
pub fn state(ctx: &Context, project: &Project, client: &Client, ui: &mut Ui) -> SyncState {
    let origin = client.base().origin().to_string();
    SyncState::load(
        ctx.cache_dir.as_deref(),
        &project.dir,
        &origin,
        &project.config.project_id,
        ui,
    )
}

/// A lock on data the sync tasks share; a task that panicked cannot have left it
/// inconsistent, as each one only adds entries.
pub fn lock<T>(mutex: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// `-l` must name a language code, like `pt-BR`.
pub fn check_language(language: Option<&String>) -> Result<(), Error> {
    match language {
        Some(code) if !is_language(code) => Err(Error::new(
            Kind::Usage,
            format!("`{code}` is not a language code like `en` or `pt-BR`"),
        )),
        _ => Ok(()),
    }
}

/// The configured source language must be the project's: otherwise the real source
/// would be imported as a translation and a language added for nothing.
pub fn check_source(config: &Config, project: &crate::api::projects::Project) -> Result<(), Error> {
    match project.source() {
        Some(source) if source != config.source_language => Err(Error::new(
            Kind::Usage,
            format!(
                "`{}` says the source language is `{}`, but project {} has `{}`",
                project::FILE_NAME,
                config.source_language,
                escape(&config.project_id),
                escape(source)
            ),
        )
        .with_hint(format!(
            "set `source_language: {}` in `{}`",
            escape(source),
            project::FILE_NAME
        ))),
        _ => Ok(()),
    }
}

/// How many bytes of files may be in flight at once ([`run_bounded`]): the rule that
/// keeps memory flat when files are large. Small files are limited by `--jobs` alone; a
/// file larger than this goes alone.
pub const BYTES_IN_FLIGHT: u64 = 32 * 1024 * 1024;

/// Runs `work` for every item, in the client's runtime, with at most `jobs` at once and
/// — as `weight` gives each item's size in bytes — at most [`BYTES_IN_FLIGHT`] at once
/// (an item larger than that runs alone). Returns the outcomes in the items' order; a
/// fatal failure stops the rest and comes back as the error.
pub fn run_bounded<T, W, F>(
    client: &Client,
    items: Vec<T>,
    jobs: usize,
    weight: impl Fn(&T) -> u64,
    progress: &Progress,
    work: W,
) -> (Vec<Outcome>, Option<Error>)
where
    T: Send + 'static,
    W: Fn(Arc<Core>, T) -> F,
    F: std::future::Future<Output = (Outcome, Option<Error>)> + Send + 'static,
{
    let core = client.core();
    client.run(async {
        let mut pending = items.into_iter().enumerate().peekable();
        let mut running = JoinSet::new();
        let mut in_flight = 0u64;
        let mut done: Vec<(usize, Outcome)> = Vec::new();
        let mut fatal = None;
        loop {
            while fatal.is_none() && running.len() < jobs.max(1) {
                let Some((_, next)) = pending.peek() else {
                    break;
                };
                let bytes = weight(next);
                if !running.is_empty() && in_flight.saturating_add(bytes) > BYTES_IN_FLIGHT {
                    break;
                }
                let (index, item) = pending.next().expect("peeked");
                in_flight = in_flight.saturating_add(bytes);
                let task = work(Arc::clone(&core), item);
                running.spawn(async move { (index, bytes, task.await) });
            }
            let Some(finished) = running.join_next().await else {
                break;
            };
            let Ok((index, bytes, (outcome, stop))) = finished else {
                // Aborted after a fatal failure.
                continue;
            };
            in_flight -= bytes;
            progress.tick(&outcome);
            if let (Some(err), None) = (stop, &fatal) {
                fatal = Some(err);
                running.abort_all();
            }
            done.push((index, outcome));
        }
        done.sort_by_key(|(index, _)| *index);
        (
            done.into_iter().map(|(_, outcome)| outcome).collect(),
            fatal,
        )
    })
}

/// Splits a task's result into its outcome and, for a fatal failure, the error.
pub fn settle(
    file: File,
    format: Format,
    size: Option<u64>,
    result: Result<Change, Failure>,
) -> (Outcome, Option<Error>) {
    let (result, fatal) = match result {
        Ok(change) => (Ok(change), None),
        Err(failure) => (Err(failure.message), failure.fatal),
    };
    (
        Outcome {
            file,
            format,
            size,
            result,
        },
        fatal,
    )
}

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
    pub fn new(ctx: &Context, ui: &Ui, total: u64) -> Self {
        if !ctx.stderr_is_terminal || ui.json {
            return Self(None);
        }
        let bar = indicatif::ProgressBar::new(total);
        if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}") {
            bar.set_style(style);
        }
        Self(Some(bar))
    }

    fn tick(&self, outcome: &Outcome) {
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

/// A translation file's text: UTF-8 (a byte-order mark dropped), or UTF-16 with a
/// byte-order mark (what Xcode writes for `.strings`), as UTF-8 without one.
pub fn decode_text(bytes: Vec<u8>) -> Result<String, String> {
    let utf16 = |bytes: &[u8], unit: fn([u8; 2]) -> u16| {
        if !bytes.len().is_multiple_of(2) {
            return None;
        }
        let units: Vec<u16> = bytes
            .chunks_exact(2)
            .map(|pair| unit([pair[0], pair[1]]))
            .collect();
        String::from_utf16(&units).ok()
    };
    let text = match bytes.as_slice() {
        [0xEF, 0xBB, 0xBF, rest @ ..] => std::str::from_utf8(rest).ok().map(String::from),
        [0xFF, 0xFE, rest @ ..] => utf16(rest, u16::from_le_bytes),
        [0xFE, 0xFF, rest @ ..] => utf16(rest, u16::from_be_bytes),
        _ => String::from_utf8(bytes).ok(),
    };
    text.ok_or_else(|| "not valid UTF-8, nor UTF-16 with a byte-order mark".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_utf8_or_utf16_with_a_bom_and_leaves_as_utf8() {
        assert_eq!(
            decode_text(b"a=\"\xc3\xa9\";".to_vec()).unwrap(),
            "a=\"é\";"
        );
        assert_eq!(decode_text(b"\xEF\xBB\xBFx".to_vec()).unwrap(), "x");
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("\"k\" = \"é\";".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode_text(le).unwrap(), "\"k\" = \"é\";");
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("ok".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(decode_text(be).unwrap(), "ok");
        assert!(decode_text(b"\xff\xfe\x00".to_vec()).is_err(), "odd UTF-16");
        assert!(decode_text(b"\xc3".to_vec()).is_err());
    }
}
