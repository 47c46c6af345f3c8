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
use crate::content;
use crate::fs::atomic::{self, Atomic};
use crate::fs::digest::{self, Hasher};
use crate::fs::read::ReadError;
use crate::http::{Client, Core};
use crate::project;
use crate::project::gate::{Access, Gate};
use crate::project::pattern::File;
use crate::sync::blocking::{Blocking, commit, off_runtime};
use crate::sync::catalog::Catalog;
use crate::sync::engine::run_bounded;
use crate::sync::outcome::{Change, Failure, settle};
use crate::sync::report::{Progress, Verb};
use crate::sync::state::{self, Copies, Synced};
use crate::sync::text::{Layout, decode_text};
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
    /// Replace files changed here since the last sync instead of merging them.
    pub force: bool,
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
        // A new file is stored as the pattern's others are (UTF-16 `.strings` only if
        // they are): like its source file, else the first one found.
        let sibling = on_disk
            .iter()
            .find(|f| f.language == config.source_language)
            .or(on_disk.first())
            .and_then(|f| project.gate.path(&f.template, &f.path, Access::Read).ok())
            .and_then(|path| path.read(api::translations::MAX_EXPORT).ok())
            .map(|bytes| Layout::of(&bytes))
            .unwrap_or_default();
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
        if pattern.format == Format::Xcstrings {
            // One task per catalog: every language merges into the one file.
            if on_disk.is_empty() {
                ui.warning(msg!(
                    "no String Catalog matches `{}`; Xcode creates it, then pull fills it in",
                    outside(&pattern.path)
                ));
            }
            for file in on_disk {
                wanted.push(Wanted {
                    file,
                    format: pattern.format,
                    sibling,
                    catalog: languages.clone(),
                });
            }
            continue;
        }
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
                    sibling,
                    catalog: Vec::new(),
                });
            }
        }
    }
    sync::report::skipped(ui, &skipped);

    let mut state = sync::state(settings, project, client, ui);
    let memos = Arc::new(state.synced().clone());
    let copies = state.copies();
    let done: Arc<Mutex<Vec<(String, Done)>>> = Arc::default();

    let progress = Progress::new(settings, ui, wanted.len() as u64);
    let project_id = config.project_id.clone();
    let gate = project.gate.clone();
    let how = How {
        dry_run: args.dry_run,
        force: args.force,
    };
    let finished = Arc::clone(&done);
    let (mut outcomes, fatal) = run_bounded(
        client,
        wanted,
        args.jobs,
        |_| 0,
        &progress,
        move |core, wanted| {
            let (project_id, gate, copies) = (project_id.clone(), gate.clone(), copies.clone());
            let memo = memos.get(&wanted.key()).cloned();
            let memos = Arc::clone(&memos);
            let finished = Arc::clone(&finished);
            async move {
                let Wanted { file, format, .. } = &wanted;
                let (file, format) = (file.clone(), *format);
                let result = if format == Format::Xcstrings {
                    fill_catalog(&core, &gate, &project_id, &wanted, how, &memos, &copies).await
                } else {
                    download(&core, &gate, &project_id, &wanted, how, memo, &copies).await
                };
                let (size, result) = match result {
                    Ok(done) => {
                        let (change, size) = (done.change, done.size);
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
    for outcome in &mut outcomes {
        let key = state::key(&outcome.file, outcome.format);
        if let Some((_, done)) = done.iter().find(|(k, _)| *k == key) {
            outcome.conflicts.clone_from(&done.conflicts);
        }
    }
    if !args.dry_run {
        let synced = state.synced();
        for (key, done) in done {
            if let Some(memo) = done.memo {
                synced.insert(key, memo);
            }
            synced.extend(done.remembered);
        }
        state.save(ui);
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

/// What a download did, and what to remember of it.
struct Done {
    change: Change,
    size: u64,
    memo: Option<Synced>,
    /// Records under other keys: a String Catalog's, one per language.
    remembered: Vec<(String, Synced)>,
    /// Keys both sides changed in a merged file.
    conflicts: Vec<String>,
    /// The directory a file was renamed in, to make durable once at the end.
    renamed_in: Option<PathBuf>,
}

/// A file to download: which, in what format, from which pattern, and how a new one is
/// stored.
struct Wanted {
    file: File,
    format: Format,
    sibling: Layout,
    /// For a String Catalog, the languages to merge into it.
    catalog: Vec<String>,
}

impl Wanted {
    fn key(&self) -> String {
        state::key(&self.file, self.format)
    }
}

/// How pull treats files: only planning, and replacing local edits.
#[derive(Debug, Clone, Copy)]
struct How {
    dry_run: bool,
    force: bool,
}

/// Downloads one file; with `dry_run`, only says what would change. `memo` is the file
/// as last synced; a file changed here since is merged with the server's, or left as it
/// is when its format cannot merge (unless `force`).
async fn download(
    core: &Core,
    gate: &Gate,
    project_id: &Id,
    wanted: &Wanted,
    how: How,
    memo: Option<Synced>,
    copies: &Copies,
) -> Result<Done, Failure> {
    let Wanted {
        file,
        format,
        sibling,
        ..
    } = wanted;
    let format = *format;
    // Never written outside the project, through a link that leads out, or into `.git`.
    let path = gate
        .path(&file.template, &file.path, Access::Write)
        .map_err(|err| format!("{err}; not written"))?;
    let failed = |err: io::Error| format!("cannot write it: {err}");
    let existing = match path.open() {
        Ok((existing, _)) => Some(examine(existing).await.map_err(failed)?),
        Err(ReadError::NotFound) => None,
        Err(err) => return Err(format!("{err}; not replaced").into()),
    };
    // Changed here since the last sync: merged against the copy then kept, if it can be.
    let edited = match (&existing, &memo) {
        (Some(existing), Some(memo)) if existing.sha != memo.sha256 && !how.force => {
            let base = content::can_merge(format)
                .then(|| copies.get(&memo.sha256))
                .flatten();
            Some(base.ok_or_else(|| {
                format!(
                    "changed here since the last sync, and {}; not replaced (push it first, or `nt3 pull --force` to replace it)",
                    if content::can_merge(format) {
                        "the copy to merge against is gone"
                    } else {
                        "files of this format cannot be merged"
                    }
                )
            })?)
        }
        _ => None,
    };

    // Ask for the export only if it changed, while the file is the one last synced.
    let mut conditions = HeaderMap::new();
    if let (Some(memo), Some(existing)) = (&memo, &existing)
        && memo.sha256 == existing.sha
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
        return Ok(Done {
            change: Change::Unchanged,
            size: existing.as_ref().map_or(0, |existing| existing.size),
            memo,
            remembered: Vec::new(),
            conflicts: Vec::new(),
            renamed_in: None,
        });
    };

    // The answer streams into a temporary file beside the target (or memory for a dry
    // run), hashed as it comes, so memory stays flat and an interrupted download leaves
    // nothing behind.
    let mut sink = if how.dry_run {
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
    // The server's file, stored as the file here is (or as its siblings are).
    let layout = existing
        .as_ref()
        .map_or(*sibling, |existing| existing.layout);
    let unwrapped = match checked? {
        ExportContent::Unwrapped(content) => Some(content),
        ExportContent::File => None,
    };
    // The export is read whole only to be changed: unwrapped, stored in the local
    // layout, or merged. Otherwise it stays in its temporary file, checked as it
    // streams from there (or read whole for the formats that cannot be).
    let mut server_bytes = None;
    if unwrapped.is_some() || !layout.is_plain() || edited.is_some() {
        let text = match unwrapped {
            Some(content) => content,
            None => String::from_utf8(sink.contents().map_err(failed)?)
                .map_err(|_| "the export is not UTF-8 text".to_owned())?,
        };
        if content::can_merge(format) {
            content::check(format, &text).map_err(|err| not_valid(format, &err))?;
        }
        let stored = layout.apply(&text);
        sha = digest::sha256_hex(&stored);
        size = stored.len() as u64;
        sink.replace(&stored).map_err(failed)?;
        server_bytes = Some(stored);
    } else if content::can_merge(format) {
        sink.check(format).await.map_err(failed)??;
    }
    let server_version = sha.clone();
    // The copy to merge against next time, kept off the runtime.
    if !how.dry_run && content::can_merge(format) {
        let (copies, sha) = (copies.clone(), server_version.clone());
        let keep: Option<Blocking> = match (&server_bytes, &mut sink) {
            (Some(bytes), _) => {
                let bytes = bytes.clone();
                Some(Box::new(move || copies.keep(&sha, &bytes)))
            }
            (None, Sink::File(tmp)) => {
                let file = tmp.file().try_clone().map_err(failed)?;
                Some(Box::new(move || copies.keep_file(&sha, file)))
            }
            (None, Sink::Memory(_)) => None,
        };
        if let Some(keep) = keep {
            off_runtime(keep).await.map_err(failed)?;
        }
    }

    let mut conflicts = Vec::new();
    if let (Some(base), Some(existing), Some(server)) = (&edited, &existing, server_bytes) {
        let text = |bytes: Vec<u8>| {
            decode_text(bytes).map_err(|err| Failure::from(format!("cannot merge: {err}")))
        };
        let local = path
            .read(api::translations::MAX_EXPORT)
            .map_err(|err| err.to_string())?;
        let merged = content::merge(format, &text(base.clone())?, &text(local)?, &text(server)?)
            .map_err(|why| {
                format!(
                    "changed here since the last sync, and {}; not replaced (`--force` replaces it)",
                    why.0
                )
            })?;
        // The file is in step with the server's version; the merged one holds local
        // edits still to push.
        let stored = existing.layout.apply(&merged.text);
        sha = digest::sha256_hex(&stored);
        size = stored.len() as u64;
        sink.replace(&stored).map_err(failed)?;
        conflicts = merged.conflicts;
    }
    let memo = Some(Synced {
        sha256: server_version,
        pulled: true,
        etag,
        last_modified,
    });

    let change = match &existing {
        None => Change::Created,
        Some(existing) if existing.sha == sha => {
            return Ok(Done {
                change: Change::Unchanged,
                size,
                memo,
                remembered: Vec::new(),
                conflicts,
                renamed_in: None,
            });
        }
        Some(_) if edited.is_some() => Change::Merged,
        Some(_) => Change::Updated,
    };
    let mut renamed_in = None;
    if let Sink::File(tmp) = sink {
        // The fsync and the rename run on the blocking pool, not the runtime thread.
        commit(tmp).await.map_err(failed)?;
        renamed_in = path.dir().map(Path::to_path_buf);
    }
    Ok(Done {
        change,
        size,
        memo,
        remembered: Vec::new(),
        conflicts,
        renamed_in,
    })
}

/// Merges every language the project has into a String Catalog and writes it once
/// ([`crate::sync::catalog`]). Each language merges against the server's strings for
/// it as last synced (by pull, or as push sent them), kept as flat JSON under that
/// language's own record, so a local edit survives every pull and a server edit comes
/// in on the first one.
async fn fill_catalog(
    core: &Core,
    gate: &Gate,
    project_id: &Id,
    wanted: &Wanted,
    how: How,
    memos: &std::collections::BTreeMap<String, Synced>,
    copies: &Copies,
) -> Result<Done, Failure> {
    let file = &wanted.file;
    let path = gate
        .path(&file.template, &file.path, Access::Write)
        .map_err(|err| format!("{err}; not written"))?;
    let failed = |err: io::Error| format!("cannot write it: {err}");
    let bytes = path
        .read(api::translations::MAX_EXPORT)
        .map_err(|err| format!("{err}; not replaced"))?;
    let layout = Layout::of(&bytes);
    let before = digest::sha256_hex(&bytes);
    let text = decode_text(bytes).map_err(|err| err.to_string())?;
    let mut catalog = Catalog::parse(&text)?;
    let mut conflicts = Vec::new();
    let mut remembered = Vec::new();
    for language in &wanted.catalog {
        let key = state::key(
            &File {
                language: language.clone(),
                ..file.clone()
            },
            Format::Xcstrings,
        );
        let base = memos
            .get(&key)
            .and_then(|memo| copies.get(&memo.sha256))
            .and_then(|bytes| api::translations::flat_strings(&bytes).ok());
        let Some(body) = export_body(core, project_id, language, file).await? else {
            continue;
        };
        let server = api::translations::flat_strings(&body)
            .map_err(|err| format!("the `{language}` export is not flat JSON strings: {err}"))?;
        let merged = catalog.merge(language, &server, base.as_ref());
        conflicts.extend(
            merged
                .conflicts
                .into_iter()
                .map(|key| format!("{language}: {key}")),
        );
        // What the server has now, written as push sends a language.
        let synced = serde_json::to_string_pretty(&server).expect("strings serialize");
        let sha256 = digest::sha256_hex(synced.as_bytes());
        if !how.dry_run {
            let (copies, sha256) = (copies.clone(), sha256.clone());
            off_runtime(Box::new(move || copies.keep(&sha256, synced.as_bytes())))
                .await
                .map_err(|err| Failure::from(format!("cannot keep a copy: {err}")))?;
        }
        remembered.push((
            key,
            Synced {
                sha256,
                pulled: true,
                etag: None,
                last_modified: None,
            },
        ));
    }
    let stored = layout.apply(&catalog.write());
    let sha = digest::sha256_hex(&stored);
    let done = |change, renamed_in| Done {
        change,
        size: stored.len() as u64,
        memo: None,
        remembered: remembered.clone(),
        conflicts: conflicts.clone(),
        renamed_in,
    };
    if sha == before {
        return Ok(done(Change::Unchanged, None));
    }
    if how.dry_run {
        return Ok(done(Change::Updated, None));
    }
    let mut tmp = path.replace().map_err(failed)?;
    tmp.file().write_all(&stored).map_err(failed)?;
    commit(tmp).await.map_err(failed)?;
    Ok(done(Change::Updated, path.dir().map(Path::to_path_buf)))
}

/// One language's strings for a String Catalog, as flat JSON, read whole (within the
/// export limit); `None` when the server has no export for it.
async fn export_body(
    core: &Core,
    project_id: &Id,
    language: &str,
    file: &File,
) -> Result<Option<Vec<u8>>, Failure> {
    let export = api::translations::export(
        core,
        project_id,
        language,
        Format::JsonFlat,
        file.namespace.as_deref(),
        &HeaderMap::new(),
    )
    .await?;
    let Export::Body {
        stream: mut answer,
        url,
        ..
    } = export
    else {
        return Ok(None);
    };
    let mut body = Vec::new();
    while let Some(chunk) = answer
        .chunk()
        .await
        .map_err(|err| Failure::from(core.body_error(&url, err)))?
    {
        if (body.len() + chunk.len()) as u64 > api::translations::MAX_EXPORT {
            return Err("an export is too large; nt3 stopped reading it"
                .to_owned()
                .into());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Some(body))
}

/// Why an export is not written: its format's reader refuses it.
fn not_valid(format: Format, err: &dyn std::fmt::Display) -> Failure {
    Failure::from(format!(
        "the server's file is not a valid `{format}` file ({err}); not written"
    ))
}

/// A file already on disk: its digest, size and layout.
struct Existing {
    sha: String,
    size: u64,
    layout: Layout,
}

/// The SHA-256, size and layout of an open file, read on the blocking pool. The
/// layout needs the first bytes and the line endings, so a small window is kept.
async fn examine(mut file: std::fs::File) -> io::Result<Existing> {
    tokio::task::spawn_blocking(move || {
        let mut hasher = Hasher::default();
        let mut buf = vec![0; 64 * 1024];
        let mut size = 0u64;
        let mut probe: Vec<u8> = Vec::new();
        let mut layout = Layout::default();
        loop {
            let n = file.read(&mut buf)?;
            if n == 0 {
                if probe.len() < PROBE {
                    layout = Layout::of(&probe);
                }
                return Ok(Existing {
                    sha: hasher.hex(),
                    size,
                    layout,
                });
            }
            if probe.len() < PROBE {
                probe.extend_from_slice(&buf[..n]);
                if probe.len() >= PROBE {
                    layout = Layout::of(&probe);
                }
            }
            size += n as u64;
            hasher.update(&buf[..n]);
        }
    })
    .await
    .map_err(io::Error::other)?
}

/// How much of a file tells its layout.
const PROBE: usize = 64 * 1024;

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

    /// What was written so far.
    fn contents(&mut self) -> io::Result<Vec<u8>> {
        match self {
            Self::File(tmp) => {
                let file = tmp.file();
                file.rewind()?;
                let mut bytes = Vec::new();
                file.read_to_end(&mut bytes)?;
                Ok(bytes)
            }
            Self::Memory(buffer) => Ok(buffer.clone()),
        }
    }

    /// Checks what was written with `format`'s reader, as it streams from the
    /// temporary file on the blocking pool where it can; the exact error (with its
    /// line) comes from reading it whole.
    async fn check(&mut self, format: Format) -> io::Result<Result<(), Failure>> {
        let streamed = match self {
            Self::File(tmp) => {
                let mut file = tmp.file().try_clone()?;
                let result = Arc::new(Mutex::new(None));
                let out = Arc::clone(&result);
                off_runtime(Box::new(move || {
                    let checked = file
                        .rewind()
                        .map(|()| content::check_stream(format, &mut file));
                    *lock(&out) = Some(checked);
                }))
                .await?;
                let checked = lock(&result).take();
                checked.transpose()?.flatten()
            }
            Self::Memory(buffer) => content::check_stream(format, &mut &buffer[..]),
        };
        if let Some(Ok(())) = streamed {
            return Ok(Ok(()));
        }
        let text = match decode_text(self.contents()?) {
            Ok(text) => text,
            Err(err) => return Ok(Err(not_valid(format, &err))),
        };
        Ok(content::check(format, &text).map_err(|err| not_valid(format, &err)))
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
