//! Pull: download the project's translations into the files `.nt3.yml` names.
//!
//! For each pattern, each target language of the project (or `-l`) and each namespace
//! (found on disk for `{namespace}` patterns), the export streams into a temporary file
//! beside its target, is checked (the export is the file; an envelope around it is
//! unwrapped; JSON where another format belongs is an error), compared with the file on
//! disk, and renamed over it only when it differs. The file's name uses the spelling
//! already on disk (`pt_BR.json`), else the platform's (see [`crate::project::locale`]).

use std::io::{self, Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use anyhow::Result;

use crate::error::{CommandResult, Outcome};
use reqwest::header::{HeaderMap, HeaderValue, IF_MODIFIED_SINCE, IF_NONE_MATCH};
use serde_json::json;

use crate::api::{self, translations::Export, translations::ExportContent};
use crate::fs::atomic::{self, Atomic};
use crate::fs::digest::{self, Hasher};
use crate::fs::read::ReadError;
use crate::http::{Client, Core};
use crate::project;
use crate::project::gate::{Access, Gate};
use crate::project::pattern::File;
use crate::sync::engine::run_bounded;
use crate::sync::outcome::{Change, Failure, settle};
use crate::sync::report::{Progress, Verb};
use crate::sync::state::Pulled;
use crate::sync::{self, Project, Settings, lock};
use crate::types::format::Format;
use crate::types::names::Id;
use crate::types::names::is_language;
use crate::ui::{Ui, cause, msg, outside};

/// What `nt3 pull` was asked to do.
pub struct Options {
    /// Only this language (an Entri code).
    pub language: Option<String>,
    pub dry_run: bool,
    pub jobs: usize,
}

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
    let languages: Vec<String> = match &args.language {
        Some(language) => vec![language.clone()],
        None => remote.targets().map(|code| code.raw().to_owned()).collect(),
    };
    // A code becomes part of a path: the server never chooses where nt3 writes.
    let (mut languages, refused): (Vec<String>, Vec<String>) =
        languages.into_iter().partition(|code| is_language(code));
    let refused: Vec<String> = refused
        .iter()
        .map(|code| format!("the project lists `{code}`, which is not a language code; skipped"))
        .collect();
    for message in &refused {
        ui.error(msg!("{}", outside(message)));
    }
    // The source files are the project's own: pull never writes them.
    if languages.contains(&config.source_language) {
        languages.retain(|language| *language != config.source_language);
        ui.info(msg!(
            "Skipping {}: it is the source language, and pull never overwrites the source files",
            outside(&config.source_language)
        ));
    }
    if languages.is_empty() {
        ui.info(msg!(
            "Project {} has no target languages to pull",
            config.project_id
        ));
        let outcome = Outcome::done(json!({ "files": [], "errors": [] }));
        return Ok(sync::report::with_errors(outcome, refused));
    }

    let mut wanted: Vec<Wanted> = Vec::new();
    let mut skipped = Vec::new();
    for pattern in &config.file_patterns {
        let mut locales = config.locales(pattern);
        let on_disk = pattern.discover(&project.dir, &locales);
        skipped.extend(on_disk.skipped);
        let on_disk = on_disk.files;
        // A language keeps the folder it has; a new one is spelled like the others.
        locales.learn(
            on_disk
                .iter()
                .filter_map(|f| Some((f.language.as_str(), f.code.as_deref()?))),
        );
        let namespaces: Vec<Option<String>> = if pattern.has_namespace_placeholder() {
            let found = project::pattern::namespaces(&on_disk);
            if found.is_empty() {
                ui.warning(msg!(
                    "no namespace found on disk for `{}`; nothing to pull for it",
                    outside(&pattern.path)
                ));
            }
            found.into_iter().map(Some).collect()
        } else {
            vec![pattern.namespace.clone()]
        };
        for language in &languages {
            for namespace in &namespaces {
                // The file already on disk wins (`pt_BR.json` stays `pt_BR.json`).
                let file = on_disk
                    .iter()
                    .find(|f| &f.language == language && &f.namespace == namespace)
                    .cloned()
                    .unwrap_or_else(|| pattern.file(&locales, language, namespace.as_deref()));
                wanted.push(Wanted {
                    file,
                    format: pattern.format,
                    pattern: pattern.path.clone(),
                });
            }
        }
    }
    sync::report::skipped(ui, &skipped);

    let mut state = sync::state(settings, project, client, ui);
    let memos = Arc::new(state.pulled().clone());
    let done: Arc<Mutex<Vec<(String, Done)>>> = Arc::default();

    let progress = Progress::new(settings, ui, wanted.len() as u64);
    let project_id = config.project_id.clone();
    let gate = project.gate.clone();
    let dry_run = args.dry_run;
    let finished = Arc::clone(&done);
    let (outcomes, fatal) = run_bounded(
        client,
        wanted,
        args.jobs,
        |_| 0,
        &progress,
        move |core, wanted| {
            let (project_id, gate) = (project_id.clone(), gate.clone());
            let memo = memos.get(&wanted.key()).cloned();
            let finished = Arc::clone(&finished);
            async move {
                let Wanted { file, format, .. } = &wanted;
                let (file, format) = (file.clone(), *format);
                let result = download(&core, &gate, &project_id, &wanted, dry_run, memo).await;
                let (size, result) = match result {
                    Ok(done) => {
                        let change = done.change;
                        let size = done.size;
                        lock(&finished).push((wanted.key(), done));
                        (Some(size), Ok(change))
                    }
                    Err(failure) => (None, Err(failure)),
                };
                settle(file, format, size, result)
            }
        },
    );
    progress.finish();

    // Each directory a file was renamed in is made durable once, after the downloads.
    let done = std::mem::take(&mut *lock(&done));
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
    if !dry_run {
        let pulled = state.pulled();
        for (path, done) in done {
            if let Some(memo) = done.memo {
                pulled.insert(path, memo);
            }
        }
        state.save(ui);
    }

    if let Some(err) = fatal {
        return Err(sync::report::fail(&outcomes, err));
    }
    let outcome = if dry_run {
        sync::report::report_plan(ui, Verb::Pull, &outcomes)
    } else {
        sync::report::report(ui, Verb::Pull, &outcomes)
    };
    let outcome = sync::report::with_skipped(outcome, &skipped);
    Ok(sync::report::with_errors(outcome, refused))
}

/// What a download did, and what to remember of it.
struct Done {
    change: Change,
    size: u64,
    memo: Option<Pulled>,
    /// The directory a file was renamed in, to make durable once at the end.
    renamed_in: Option<PathBuf>,
}

/// A file to download: which, in what format, from which pattern.
struct Wanted {
    file: File,
    format: Format,
    pattern: String,
}

impl Wanted {
    /// What the sync state keeps its validators under: the pattern, format, namespace,
    /// language and path (the state file itself is per project root, origin and
    /// project), so a change to any of them drops them.
    fn key(&self) -> String {
        format!(
            "{}\0{}\0{}\0{}\0{}",
            self.pattern,
            self.format,
            self.file.namespace.as_deref().unwrap_or_default(),
            self.file.language,
            self.file.path
        )
    }
}

/// Downloads one file; with `dry_run`, only says what would change. `memo` is what the
/// last pull wrote there.
async fn download(
    core: &Core,
    gate: &Gate,
    project_id: &Id,
    wanted: &Wanted,
    dry_run: bool,
    memo: Option<Pulled>,
) -> Result<Done, Failure> {
    let Wanted {
        file,
        format,
        pattern: _,
    } = wanted;
    let format = *format;
    // Never written outside the project, through a link that leads out, or into `.git`.
    let path = gate
        .path(&file.template, &file.path, Access::Write)
        .map_err(|err| format!("{err}; not written"))?;
    let failed = |err: io::Error| format!("cannot write it: {err}");
    let existing = match path.open() {
        Ok((existing, _)) => Some(digest_of(existing).await.map_err(failed)?),
        Err(ReadError::NotFound) => None,
        Err(err) => return Err(format!("{err}; not replaced").into()),
    };

    // Ask for the export only if it changed, while the file is the one last pulled.
    let mut conditions = HeaderMap::new();
    if let (Some(memo), Some((sha, _))) = (&memo, &existing)
        && &memo.sha256 == sha
    {
        let value = |text: &str| HeaderValue::from_str(text).ok();
        if let Some(etag) = memo.etag.as_deref().and_then(value) {
            conditions.insert(IF_NONE_MATCH, etag);
        }
        if let Some(date) = memo.last_modified.as_deref().and_then(value) {
            conditions.insert(IF_MODIFIED_SINCE, date);
        }
    }
    let export = api::translations::export(
        core,
        project_id,
        &file.language,
        format,
        file.namespace.as_deref(),
        &conditions,
    )
    .await?;
    let Export::Body {
        stream: mut answer,
        url,
        json,
        etag,
        last_modified,
    } = export
    else {
        let size = existing.as_ref().map_or(0, |(_, size)| *size);
        return Ok(Done {
            change: Change::Unchanged,
            size,
            memo,
            renamed_in: None,
        });
    };

    // The answer streams into a temporary file beside the target (or memory for a dry
    // run), hashed as it comes, so memory stays flat and an interrupted download leaves
    // nothing behind.
    let mut sink = if dry_run {
        Sink::Memory(Vec::new())
    } else {
        Sink::File(path.replace().map_err(failed)?)
    };
    let mut size = 0u64;
    let mut hasher = Hasher::default();
    while let Some(chunk) = answer
        .chunk()
        .await
        .map_err(|err| Failure::from(core.body_error(&url, err)))?
    {
        size += chunk.len() as u64;
        if size > api::translations::MAX_EXPORT {
            return Err(format!(
                "the export is larger than {}; nt3 stopped reading it",
                crate::fs::read::size(api::translations::MAX_EXPORT)
            )
            .into());
        }
        hasher.update(&chunk);
        sink.write(&chunk).map_err(failed)?;
    }
    let mut sha = hasher.hex();
    let checked = match &mut sink {
        Sink::File(tmp) => api::translations::export_content(format, json, tmp.file()),
        Sink::Memory(buffer) => {
            api::translations::export_content(format, json, io::Cursor::new(&buffer[..]))
        }
    };
    if let ExportContent::Unwrapped(content) = checked? {
        size = content.len() as u64;
        sha = digest::sha256_hex(content.as_bytes());
        sink.replace(content.as_bytes()).map_err(failed)?;
    }
    let memo = Some(Pulled {
        sha256: sha.clone(),
        etag,
        last_modified,
    });

    let change = match existing {
        None => Change::Created,
        Some((existing, _)) if existing == sha => {
            return Ok(Done {
                change: Change::Unchanged,
                size,
                memo,
                renamed_in: None,
            });
        }
        Some(_) => Change::Updated,
    };
    let mut renamed_in = None;
    if let Sink::File(tmp) = sink {
        // The fsync and the rename run on the blocking pool, not the runtime thread.
        tokio::task::spawn_blocking(move || tmp.commit_unsynced())
            .await
            .map_err(io::Error::other)
            .and_then(|renamed| renamed)
            .map_err(failed)?;
        renamed_in = path.dir().map(Path::to_path_buf);
    }
    Ok(Done {
        change,
        size,
        memo,
        renamed_in,
    })
}

/// The SHA-256 and size of an open file, read on the blocking pool.
async fn digest_of(mut file: std::fs::File) -> io::Result<(String, u64)> {
    tokio::task::spawn_blocking(move || {
        let mut hasher = Hasher::default();
        let mut buf = vec![0; 64 * 1024];
        let mut size = 0u64;
        loop {
            let n = file.read(&mut buf)?;
            if n == 0 {
                return Ok((hasher.hex(), size));
            }
            size += n as u64;
            hasher.update(&buf[..n]);
        }
    })
    .await
    .map_err(io::Error::other)?
}

/// Where a download goes: a temporary file to rename, or memory for a dry run.
enum Sink {
    File(Atomic),
    Memory(Vec<u8>),
}

impl Sink {
    fn write(&mut self, bytes: &[u8]) -> io::Result<()> {
        match self {
            Self::File(tmp) => tmp.file().write_all(bytes),
            Self::Memory(buffer) => {
                buffer.extend_from_slice(bytes);
                Ok(())
            }
        }
    }

    fn replace(&mut self, bytes: &[u8]) -> io::Result<()> {
        match self {
            Self::File(tmp) => {
                let file = tmp.file();
                file.set_len(0)?;
                file.rewind()?;
                file.write_all(bytes)
            }
            Self::Memory(buffer) => {
                *buffer = bytes.to_vec();
                Ok(())
            }
        }
    }
}
