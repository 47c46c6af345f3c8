//! Push: upload the translation files `.nt3.yml` names.
//!
//! Files are found on disk (only inside the project, regular files of at most
//! [`MAX_UPLOAD`]); the project is checked (its source language must be the configured
//! one) and given the languages it lacks; then each file is read in its own upload task
//! on the blocking pool — UTF-8, or UTF-16 with a byte-order mark, sent as UTF-8 without
//! one — and sent unless it is unchanged since the last push (see [`crate::sync::state`]).
//! Source-language files go first; one that cannot be read stops the other files of its
//! pattern. Memory stays flat: at most `--jobs` files and [`sync::BYTES_IN_FLIGHT`]
//! bytes are in flight at once.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::{Arc, Mutex};

use anyhow::Result;

use crate::error::CommandResult;

use crate::api::{self, translations::Import};
use crate::error::{Error, Kind};
use crate::fs::digest;
use crate::fs::read::ReadError;
use crate::http::Client;
use crate::project;
use crate::project::config::Config;
use crate::project::gate::{Access, Gate, ProjectPath};
use crate::project::pattern::{File, Skipped};
use crate::sync::engine::run_bounded;
use crate::sync::outcome::{Change, Failure, FileError, FileOutcome, settle};
use crate::sync::report::{Progress, Verb};
use crate::sync::state::SyncState;
use crate::sync::{self, Project, Settings, lock};
use crate::types::format::Format;
use crate::types::names::Id;
use crate::types::text::Untrusted;
use crate::ui::{Ui, msg, outside};

/// Larger files are not uploaded.
pub const MAX_UPLOAD: u64 = 64 * 1024 * 1024;

/// What `nt3 push` was asked to do.
pub struct Options {
    /// Only this language (an Entri code).
    pub language: Option<String>,
    pub dry_run: bool,
    /// Send every file, also those unchanged since the last push.
    pub all: bool,
    /// Overwrite translations that already exist.
    pub overwrite: bool,
    pub jobs: usize,
}

/// A file to upload, found on disk but not read yet.
#[derive(Clone)]
struct Item {
    pattern: usize,
    file: File,
    format: Format,
    /// Where it really is, and its size; or why it cannot be uploaded.
    found: Result<(ProjectPath, u64), FileError>,
}

/// What the upload tasks report besides their outcome.
#[derive(Default)]
struct Notes {
    /// Path → digest of each file read.
    digests: BTreeMap<String, String>,
    /// Patterns whose source file could not be read.
    unreadable: BTreeMap<usize, String>,
}

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
    let source = config.source_language.clone();

    let (mut items, skipped) = find(config, &project.dir, &project.gate, args, ui);
    sync::report::skipped(ui, &skipped);
    if items.is_empty() {
        let what = match &args.language {
            Some(language) => format!("no `{language}` files (`-l {language}`) match"),
            None => "no translation files match".to_string(),
        };
        return Err(Error::new(
            Kind::Failure,
            format!("{what} the patterns in `{}`", project::FILE_NAME),
        )
        .with_hint(
            "check `file_patterns` (and `languages_mapping`), or run `nt3 pull` to fetch the files",
        )
        .into());
    }
    one_file_each(&items)?;

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

    // What was pushed before, under the same settings: such files stay home. The
    // language set is the one after this run (push adds the missing ones), so adding them
    // does not make the next run send everything again.
    let overwrite = args.overwrite || config.update_translations;
    let mut state = sync::state(settings, project, &client, ui);
    let languages: BTreeSet<&str> = known
        .iter()
        .copied()
        .chain(items.iter().map(|item| item.file.language.as_str()))
        .collect();
    let fingerprint = digest::sha256_hex(
        format!(
            "{}\0{}\0{}\0{overwrite}",
            project.config_digest,
            config.project_id,
            languages.into_iter().collect::<Vec<_>>().join(",")
        )
        .as_bytes(),
    );
    let remembered = Arc::new(if args.all {
        BTreeMap::new()
    } else {
        state.pushed(&fingerprint).clone()
    });

    // The source language goes first, then the rest.
    items.sort_by_key(|item| item.file.language != source);
    let sources = items
        .iter()
        .filter(|item| item.file.language == source)
        .count();

    if args.dry_run {
        for language in &missing {
            ui.info(msg!(
                "Would add language {} to project {}",
                outside(language),
                config.project_id
            ));
        }
        let outcomes: Vec<FileOutcome> = items
            .into_iter()
            .map(|item| {
                let result = read(&item, &remembered).map(|read| match read {
                    Read::Unchanged(_) => Change::Unchanged,
                    Read::Changed { .. } => Change::Uploaded,
                });
                outcome(item, result.map_err(|failure| failure.message))
            })
            .collect();
        let plan = sync::report::report_plan(ui, Verb::Push, &outcomes);
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

    let progress = Progress::new(settings, ui, items.len() as u64);
    let notes: Arc<Mutex<Notes>> = Arc::default();
    let targets = items.split_off(sources);
    let mut outcomes = Vec::new();
    let mut fatal = None;
    for (batch, is_source) in [(items, true), (targets, false)] {
        // A pattern whose source file could not be read sends none of its other files.
        let (batch, skipped): (Vec<Item>, Vec<Item>) = {
            let unreadable = &lock(&notes).unreadable;
            batch
                .into_iter()
                .partition(|item| !unreadable.contains_key(&item.pattern))
        };
        for item in skipped {
            let source_path = lock(&notes).unreadable[&item.pattern].clone();
            let why = format!(
                "skipped: the source file `{source_path}` of this pattern could not be read"
            );
            outcomes.push(outcome(item, Err(why.into())));
        }
        let project_id = config.project_id.clone();
        let (remembered, task_notes) = (Arc::clone(&remembered), Arc::clone(&notes));
        let (done, stop) = run_bounded(
            &client,
            batch,
            args.jobs,
            |item| item.found.as_ref().map_or(0, |(_, size)| *size),
            &progress,
            move |core, item| {
                let (project_id, remembered, notes) = (
                    project_id.clone(),
                    Arc::clone(&remembered),
                    Arc::clone(&task_notes),
                );
                async move {
                    let result = upload(
                        &core,
                        &project_id,
                        &item,
                        overwrite,
                        remembered,
                        &notes,
                        is_source,
                    )
                    .await;
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
    remember(
        &mut state,
        &fingerprint,
        &outcomes,
        &lock(&notes).digests,
        ui,
    );
    match fatal {
        Some(err) => Err(sync::report::fail(&outcomes, err)),
        None => Ok(sync::report::with_skipped(
            sync::report::report(ui, Verb::Push, &outcomes),
            &skipped,
        )),
    }
}

/// Every file the patterns match (the `-l` language only, with it), with where it
/// really is: only inside the project, a regular file, not too large; and the paths
/// they matched that hold no language.
fn find(
    config: &Config,
    dir: &Path,
    gate: &Gate,
    args: &Options,
    ui: &mut Ui,
) -> (Vec<Item>, Vec<Skipped>) {
    let mut items = Vec::new();
    let mut skipped = Vec::new();
    for (i, pattern) in config.file_patterns.iter().enumerate() {
        let found = pattern.discover(dir, &config.locales(pattern));
        skipped.extend(found.skipped);
        let files = found.files;
        if args.language.is_none() && !files.iter().any(|f| f.language == config.source_language) {
            ui.warning(msg!(
                "no `{}` file matches `{}`",
                outside(&config.source_language),
                outside(&pattern.path)
            ));
        }
        for file in files {
            if args
                .language
                .as_ref()
                .is_some_and(|language| &file.language != language)
            {
                continue;
            }
            let found = locate(gate, &file);
            items.push(Item {
                pattern: i,
                file,
                format: pattern.format,
                found,
            });
        }
    }
    (items, skipped)
}

/// Two files that would feed one language and namespace are an error, naming both,
/// before anything is sent: one would silently overwrite the other's translations.
fn one_file_each(items: &[Item]) -> Result<(), Error> {
    let mut seen: BTreeMap<(&str, Option<&str>), &str> = BTreeMap::new();
    for item in items {
        let (language, namespace) = (&item.file.language, item.file.namespace.as_deref());
        let Some(first) = seen.insert((language, namespace), &item.file.path) else {
            continue;
        };
        let namespace = match namespace {
            Some(name) => format!("namespace `{name}`"),
            None => "the default namespace".to_owned(),
        };
        return Err(Error::new(
            Kind::Usage,
            format!(
                "`{first}` and `{}` both hold `{language}` for {namespace}; nothing was sent",
                item.file.path
            ),
        )
        .with_hint("give each pattern its own `namespace`, name the source file with `source:`, or narrow a pattern so one file feeds each language"));
    }
    Ok(())
}

/// Where a file really is and its size, or why it is not uploaded. Only files the gate
/// lets through count: a symbolic link to `~/.nt3`, an SSH key or `/proc/self/environ`,
/// a nested `.git/config` or a `.env` is never uploaded.
fn locate(gate: &Gate, file: &File) -> Result<(ProjectPath, u64), FileError> {
    let path = gate
        .path(&file.template, &file.path, Access::Read)
        .map_err(|err| format!("{err}; not uploaded"))?;
    let (_, meta) = path.open().map_err(|err| format!("{err}; not uploaded"))?;
    if meta.len() > MAX_UPLOAD {
        return Err(too_large().into());
    }
    Ok((path, meta.len()))
}

fn too_large() -> String {
    format!(
        "larger than {}; split it or upload it another way",
        crate::fs::read::size(MAX_UPLOAD)
    )
}

/// A file read for upload.
enum Read {
    /// Its digest, the one last pushed.
    Unchanged(String),
    Changed {
        digest: String,
        text: String,
    },
}

/// Reads, decodes and digests a file (its bytes with its language, namespace and
/// format), and compares it with what was last pushed.
fn read(item: &Item, remembered: &BTreeMap<String, String>) -> Result<Read, Failure> {
    let (path, _) = item
        .found
        .as_ref()
        .map_err(|why| Failure::from(why.clone()))?;
    let bytes = match path.read(MAX_UPLOAD) {
        Ok(bytes) => bytes,
        Err(ReadError::TooLarge(_)) => return Err(too_large().into()),
        Err(err) => return Err(format!("{err}; not uploaded").into()),
    };
    let text = sync::text::decode_text(bytes).map_err(|err| Failure::from(err.to_string()))?;
    let mut hasher = digest::Hasher::default();
    for part in [
        item.file.language.as_str(),
        item.file.namespace.as_deref().unwrap_or_default(),
        item.format.as_str(),
    ] {
        hasher.update(part.as_bytes());
        hasher.update(b"\0");
    }
    hasher.update(text.as_bytes());
    let digest = hasher.hex();
    if remembered.get(&item.file.path) == Some(&digest) {
        return Ok(Read::Unchanged(digest));
    }
    Ok(Read::Changed { digest, text })
}

/// Reads one file on the blocking pool and uploads it unless unchanged.
async fn upload(
    core: &crate::http::Core,
    project_id: &Id,
    item: &Item,
    overwrite: bool,
    remembered: Arc<BTreeMap<String, String>>,
    notes: &Mutex<Notes>,
    is_source: bool,
) -> Result<Change, Failure> {
    let path = item.file.path.clone();
    let blocking = item.clone();
    let read = tokio::task::spawn_blocking(move || read(&blocking, &remembered))
        .await
        .map_err(|err| Failure::from(format!("cannot read it: {err}")))?;
    let (digest, text) = match read {
        Ok(Read::Unchanged(digest)) => {
            lock(notes).digests.insert(path, digest);
            return Ok(Change::Unchanged);
        }
        Ok(Read::Changed { digest, text }) => (digest, text),
        Err(failure) => {
            if is_source {
                lock(notes).unreadable.insert(item.pattern, path);
            }
            return Err(failure);
        }
    };
    lock(notes).digests.insert(path, digest);
    let import = Import {
        language: &item.file.language,
        format: item.format.as_str(),
        content: &text,
        namespace: item.file.namespace.as_deref(),
        overwrite,
    };
    api::translations::import(core, project_id, &import)
        .await
        .map(|()| Change::Uploaded)
        .map_err(Failure::from)
}

fn outcome(item: Item, result: Result<Change, FileError>) -> FileOutcome {
    FileOutcome {
        size: item.found.as_ref().ok().map(|(_, size)| *size),
        file: item.file,
        format: item.format,
        result,
    }
}

/// Records what was uploaded or found unchanged, and forgets what failed, for the next
/// push.
fn remember(
    state: &mut SyncState,
    fingerprint: &str,
    outcomes: &[FileOutcome],
    digests: &BTreeMap<String, String>,
    ui: &mut Ui,
) {
    let pushed = state.pushed(fingerprint);
    for outcome in outcomes {
        match (&outcome.result, digests.get(&outcome.file.path)) {
            (Ok(Change::Uploaded | Change::Unchanged), Some(digest)) => {
                pushed.insert(outcome.file.path.clone(), digest.clone());
            }
            _ => {
                pushed.remove(&outcome.file.path);
            }
        }
    }
    state.save(ui);
}
