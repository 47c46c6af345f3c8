//! `nt3 pull` (alias `down`): download the project's translations into the files
//! `.nt3.yml` names.
//!
//! For each pattern, each target language of the project (or `-l`) and each namespace
//! (found on disk for `{namespace}` patterns), the export streams into a temporary file
//! beside its target, is checked (the export is the file; an envelope around it is
//! unwrapped; JSON where another format belongs is an error), compared with the file on
//! disk, and renamed over it only when it differs. The file's name uses the spelling
//! already on disk (`pt_BR.json`), else the platform's (see [`crate::locale`]).

use std::io::{self, Read, Seek, Write};
use std::path::{Path, PathBuf};

use anyhow::Result;
use reqwest::header::CONTENT_TYPE;
use serde_json::json;

use crate::api::{self, ExportContent};
use crate::atomic_file::{self, Temp};
use crate::cli::PullArgs;
use crate::context::Context;
use crate::http::Core;
use crate::output::{Ui, escape};
use crate::project::{self, File, Format, is_language};
use crate::safe_fs::{self, ReadError, Root};
use crate::sync::{self, Change, Failure, Progress, Verb};

pub fn run(ctx: &Context, args: &PullArgs, ui: &mut Ui) -> Result<u8> {
    pull(ctx, args, ui).or_else(|err| sync::fail(ui, &[], err))
}

fn pull(ctx: &Context, args: &PullArgs, ui: &mut Ui) -> Result<u8> {
    sync::check_language(args.language.as_ref())?;
    let project = sync::load(ctx, ui)?;
    let config = &project.config;
    let client = super::client(ctx, ui)?;
    let remote = api::project(&client, &config.project_id)?;
    sync::check_source(config, &remote)?;
    let languages: Vec<String> = match &args.language {
        Some(language) => vec![language.clone()],
        None => remote.targets().map(String::from).collect(),
    };
    if languages.is_empty() {
        ui.info(format!(
            "Project {} has no target languages to pull",
            escape(&config.project_id)
        ));
        ui.json(&json!({ "success": true, "files": [], "errors": [] }));
        return Ok(0);
    }

    let mut wanted: Vec<(File, Format)> = Vec::new();
    for pattern in &config.file_patterns {
        let locales = config.locales(pattern);
        let on_disk = pattern.discover(&project.dir, &locales);
        let namespaces: Vec<Option<String>> = if pattern.has_namespace_placeholder() {
            let found = project::namespaces(&on_disk);
            if found.is_empty() {
                ui.warning(format!(
                    "no namespace found on disk for `{}`; nothing to pull for it",
                    escape(&pattern.path)
                ));
            }
            found.into_iter().map(Some).collect()
        } else {
            vec![pattern.namespace.clone()]
        };
        for language in &languages {
            for namespace in &namespaces {
                // The spelling already on disk wins (`pt_BR.json` stays `pt_BR.json`).
                let path = on_disk
                    .iter()
                    .find(|f| &f.language == language && &f.namespace == namespace)
                    .map(|f| f.path.clone())
                    .unwrap_or_else(|| pattern.render(&locales, language, namespace.as_deref()));
                let file = File {
                    path,
                    language: language.clone(),
                    namespace: namespace.clone(),
                };
                wanted.push((file, pattern.format));
            }
        }
    }

    let progress = Progress::new(ctx, ui, wanted.len() as u64);
    let project_id = config.project_id.clone();
    let root = project.root.clone();
    let dry_run = args.dry_run;
    let (outcomes, fatal) = sync::run_bounded(
        &client,
        wanted,
        args.jobs.into(),
        &progress,
        move |core, (file, format)| {
            let (project_id, root) = (project_id.clone(), root.clone());
            async move {
                let result = download(&core, &root, &project_id, &file, format, dry_run).await;
                let (size, result) = match result {
                    Ok((change, size)) => (Some(size), Ok(change)),
                    Err(failure) => (None, Err(failure)),
                };
                sync::settle(file, format, size, result)
            }
        },
    );
    progress.finish();
    if let Some(err) = fatal {
        return sync::fail(ui, &outcomes, err.into());
    }
    Ok(if dry_run {
        sync::report_plan(ui, Verb::Pull, &outcomes)
    } else {
        sync::report(ui, Verb::Pull, &outcomes)
    })
}

/// Downloads one file; with `dry_run`, only says what would change.
async fn download(
    core: &Core,
    root: &Root,
    project_id: &str,
    file: &File,
    format: Format,
    dry_run: bool,
) -> Result<(Change, u64), Failure> {
    // The code becomes part of a path: never let the server choose where nt3 writes.
    if !is_language(&file.language) {
        return Err(format!(
            "the project's language `{}` is not a language code; skipped",
            file.language
        )
        .into());
    }
    // Never written outside the project, through a link that leads out, or into `.git/`.
    let path = root
        .writable(Path::new(&file.path))
        .map_err(|err| format!("{err}; not written"))?;
    let existing = match safe_fs::open(&path) {
        Ok(existing) => Some(existing),
        Err(ReadError::NotFound) => None,
        Err(err) => return Err(format!("{err}; not replaced").into()),
    };
    let (mut answer, url) = api::export(
        core,
        project_id,
        &file.language,
        format,
        file.namespace.as_deref(),
    )
    .await?;
    let json_body = answer
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.contains("json"));

    // The answer streams into a temporary file beside the target (or memory for a dry
    // run), so memory stays flat and an interrupted download leaves nothing behind.
    let failed = |err: io::Error| format!("cannot write it: {err}");
    let mut sink = if dry_run {
        Sink::Memory(Vec::new())
    } else {
        let (tmp, mode) = atomic_file::replacing(&path).map_err(failed)?;
        Sink::File(tmp, mode)
    };
    let mut size = 0u64;
    while let Some(chunk) = answer
        .chunk()
        .await
        .map_err(|err| Failure::from(core.body_error(&url, err)))?
    {
        size += chunk.len() as u64;
        if size > api::MAX_EXPORT {
            return Err(format!(
                "the export is larger than {}; nt3 stopped reading it",
                safe_fs::size(api::MAX_EXPORT)
            )
            .into());
        }
        sink.write(&chunk).map_err(failed)?;
    }
    if let ExportContent::Unwrapped(content) =
        api::export_content(format, json_body, &sink.contents().map_err(failed)?)?
    {
        size = content.len() as u64;
        sink.replace(content.as_bytes()).map_err(failed)?;
    }

    let change = match existing {
        None => Change::Created,
        Some(existing) => {
            if sink.same_as(existing).map_err(failed)? {
                return Ok((Change::Unchanged, size));
            }
            Change::Updated
        }
    };
    if let Sink::File(tmp, mode) = sink {
        // The fsyncs and the rename run on the blocking pool, not the runtime thread.
        persist(tmp, path, mode).await.map_err(failed)?;
    }
    Ok((change, size))
}

async fn persist(tmp: Temp, path: PathBuf, mode: Option<u32>) -> io::Result<()> {
    tokio::task::spawn_blocking(move || tmp.persist(&path, mode))
        .await
        .map_err(io::Error::other)?
}

/// Where a download goes: a temporary file to rename, or memory for a dry run.
enum Sink {
    File(Temp, Option<u32>),
    Memory(Vec<u8>),
}

impl Sink {
    fn write(&mut self, bytes: &[u8]) -> io::Result<()> {
        match self {
            Self::File(tmp, _) => tmp.file().write_all(bytes),
            Self::Memory(buffer) => {
                buffer.extend_from_slice(bytes);
                Ok(())
            }
        }
    }

    /// The contents when they may be a JSON envelope (they start with `{`); else empty,
    /// so a file of another shape is never read back.
    fn contents(&mut self) -> io::Result<Vec<u8>> {
        let opens_object =
            |bytes: &[u8]| bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
        match self {
            Self::Memory(buffer) if opens_object(buffer) => Ok(buffer.clone()),
            Self::Memory(_) => Ok(Vec::new()),
            Self::File(tmp, _) => {
                let file = tmp.file();
                file.rewind()?;
                let mut head = [0u8; 64];
                let n = file.read(&mut head)?;
                let mut all = Vec::new();
                if opens_object(&head[..n]) {
                    file.rewind()?;
                    file.read_to_end(&mut all)?;
                }
                Ok(all)
            }
        }
    }

    fn replace(&mut self, bytes: &[u8]) -> io::Result<()> {
        match self {
            Self::File(tmp, _) => {
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

    /// Whether the file on disk holds the same bytes, read a block at a time.
    fn same_as(
        &mut self,
        (mut existing, meta): (std::fs::File, std::fs::Metadata),
    ) -> io::Result<bool> {
        let mut theirs = vec![0; 64 * 1024];
        let mut ours = vec![0; 64 * 1024];
        match self {
            Self::Memory(buffer) => {
                if meta.len() != buffer.len() as u64 {
                    return Ok(false);
                }
                let mut on_disk = Vec::with_capacity(buffer.len());
                existing.read_to_end(&mut on_disk)?;
                Ok(on_disk == *buffer)
            }
            Self::File(tmp, _) => {
                let file = tmp.file();
                if meta.len() != file.metadata()?.len() {
                    return Ok(false);
                }
                file.rewind()?;
                loop {
                    let n = existing.read(&mut theirs)?;
                    if n == 0 {
                        return Ok(true);
                    }
                    file.read_exact(&mut ours[..n])?;
                    if theirs[..n] != ours[..n] {
                        return Ok(false);
                    }
                }
            }
        }
    }
}
