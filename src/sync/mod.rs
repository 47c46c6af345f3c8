//! Push and pull: what they send and write, and how they remember it.
//!
//! [`load`] reads the project; [`push`] and [`pull`] plan and run a sync; [`engine`]
//! runs its requests within bounds; [`outcome`] and [`report`] say what became of each
//! file; [`state`] remembers what was sent and written; [`encoding`] reads the encodings
//! platforms write. Every path comes from [`crate::project`], every request goes
//! through [`crate::http`], every write through [`crate::fs::atomic`].
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

use anyhow::Result;

use crate::error::{Error, Kind};
use crate::http::Client;
use crate::project;
use crate::project::config::Config;
use crate::project::gate::Gate;

use crate::types::names::is_language;
use crate::ui::{Ui, msg, outside};
use state::SyncState;

pub mod blocking;
pub mod catalog;
pub mod encoding;
pub mod engine;
pub mod json;
pub mod outcome;
pub mod pull;
pub mod push;
pub mod report;
pub mod state;

/// The project a sync command works in.
pub struct Project {
    pub config: Config,
    /// SHA-256 of `.nt3.yml`, part of what push remembers a run by.
    pub config_digest: String,
    /// The directory of `.nt3.yml`.
    pub dir: PathBuf,
    /// Every path push reads and pull writes passes it.
    pub gate: Gate,
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
        .map_err(|err| Error::new(Kind::Usage, format!("`{}` {err}", project::FILE_NAME)))?
        .ok_or_else(|| Error::new(Kind::Usage, format!("`{}` disappeared", project::FILE_NAME)))?;
    for warning in &loaded.warnings {
        ui.warning(msg!("{}: {}", project::FILE_NAME, outside(warning)));
    }
    let gate = Gate::new(&dir).map_err(|err| {
        Error::new(
            Kind::Failure,
            format!("cannot resolve `{}`: {err}", dir.display()),
        )
    })?;
    Ok(Project {
        config: loaded.config,
        config_digest: loaded.digest,
        dir,
        gate,
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
        Some(source) if source.raw() != config.source_language => Err(Error::new(
            Kind::Usage,
            format!(
                "`{}` says the source language is `{}`, but project {} has `{}`",
                project::FILE_NAME,
                config.source_language,
                config.project_id,
                source.raw()
            ),
        )
        .with_hint(format!(
            "set `source_language: {}` in `{}`",
            source.raw(),
            project::FILE_NAME
        ))),
        _ => Ok(()),
    }
}
