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

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Result;
use tokio::task::JoinSet;

use crate::error::{Error, Kind};
use crate::http::{Client, Core};
use crate::project;
use crate::project::config::Config;
use crate::project::gate::Root;
use crate::project::pattern::File;

pub mod pull;
pub mod push;
pub mod report;
pub mod state;
pub mod text;
use crate::types::format::Format;
use crate::types::names::is_language;
use crate::ui::{Ui, escape};
use report::Progress;
use state::SyncState;

/// One file's outcome.
pub struct FileOutcome {
    pub file: File,
    pub format: Format,
    pub size: Option<u64>,
    pub result: Result<Change, FileError>,
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

/// Why one file was not sent or written: the message on its line of the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError(String);

impl From<String> for FileError {
    fn from(message: String) -> Self {
        Self(message)
    }
}

impl std::fmt::Display for FileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A file's failure, and whether it stops the whole run.
pub struct Failure {
    pub message: FileError,
    pub fatal: Option<Error>,
}

impl From<String> for Failure {
    fn from(message: String) -> Self {
        FileError(message).into()
    }
}

impl From<FileError> for Failure {
    fn from(message: FileError) -> Self {
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
            message: FileError(err.to_string()),
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

/// What a sync needs to know of the machine it runs on.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Where nt3 remembers what it synced; `None`: nowhere, so nothing is remembered.
    pub cache_dir: Option<PathBuf>,
    /// Whether progress bars may be drawn (stderr is a terminal).
    pub progress: bool,
}

/// Reads `.nt3.yml` in `root` (the nearest directory at or above the working directory
/// that has one), warning about fields it does not know.
pub fn load(root: Option<&Path>, ui: &mut Ui) -> Result<Project> {
    let dir = root.map(Path::to_path_buf).ok_or_else(|| {
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
                format!("`{}` {}", project::FILE_NAME, escape(&err.to_string())),
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
pub fn state(settings: &Settings, project: &Project, client: &Client, ui: &mut Ui) -> SyncState {
    let origin = client.base().origin().to_string();
    SyncState::load(
        settings.cache_dir.as_deref(),
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
) -> (Vec<FileOutcome>, Option<Error>)
where
    T: Send + 'static,
    W: Fn(Arc<Core>, T) -> F,
    F: std::future::Future<Output = (FileOutcome, Option<Error>)> + Send + 'static,
{
    let core = client.core();
    client.run(async {
        let mut pending = items.into_iter().enumerate().peekable();
        let mut running = JoinSet::new();
        let mut in_flight = 0u64;
        let mut done: Vec<(usize, FileOutcome)> = Vec::new();
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
) -> (FileOutcome, Option<Error>) {
    let (result, fatal) = match result {
        Ok(change) => (Ok(change), None),
        Err(failure) => (Err(failure.message), failure.fatal),
    };
    (
        FileOutcome {
            file,
            format,
            size,
            result,
        },
        fatal,
    )
}
