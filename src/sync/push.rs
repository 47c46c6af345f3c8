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
use std::io::{self, Read as _};
use std::path::Path;
use std::sync::{Arc, Mutex};

use anyhow::Result;

use crate::error::CommandResult;

use crate::api::{self, translations::Content, translations::Import};
use crate::content;
use crate::error::{Error, Kind};
use crate::fs::digest;
use crate::fs::read::ReadError;
use crate::http::Client;
use crate::project;
use crate::project::config::Config;
use crate::project::gate::{Access, Gate, ProjectPath};
use crate::project::pattern::{File, Skipped};
use crate::sync::catalog::Catalog;
use crate::sync::engine::run_bounded;
use crate::sync::outcome::{Change, Failure, FileError, FileOutcome, settle};
use crate::sync::report::{Progress, Verb};
use crate::sync::state::{self, SyncState, Synced};
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
    /// What the sync state knows it under ([`state::key`]).
    key: String,
    file: File,
    format: Format,
    /// Where it really is, and its size; or why it cannot be uploaded.
    found: Result<(ProjectPath, u64), FileError>,
    /// Content taken from the file already (one language of a String Catalog).
    inline: Option<Arc<String>>,
}

/// What the upload tasks report besides their outcome.
#[derive(Default)]
struct Notes {
    /// Key → digest of each file read.
    digests: BTreeMap<String, String>,
    /// Key → the SHA-256 of each file uploaded, now in step with the server, and where
    /// it is (to keep a copy of).
    sent: BTreeMap<String, (String, Sent)>,
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
    one_file_each(config, &items)?;

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
    // Files as pull last wrote them are in step with the server too: not sent back.
    let remembered = Arc::new(if args.all {
        Remembered::default()
    } else {
        Remembered {
            pushed: state.pushed(&fingerprint).clone(),
            synced: state
                .synced()
                .iter()
                .filter(|(_, synced)| synced.pulled)
                .map(|(key, synced)| (key.clone(), synced.sha256.clone()))
                .collect(),
        }
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
    let notes = std::mem::take(&mut *lock(&notes));
    remember(&mut state, &fingerprint, &outcomes, &notes, ui);
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
            if files.is_empty()
                && let Some(near) = project::nearby::nearby(dir, pattern)
            {
                ui.hint(msg!("{}", outside(&near)));
            }
        }
        for file in files {
            let catalog = pattern.format == Format::Xcstrings;
            if !catalog
                && args
                    .language
                    .as_ref()
                    .is_some_and(|language| &file.language != language)
            {
                continue;
            }
            let found = locate(gate, &file);
            if pattern.format == Format::Xcstrings {
                items.extend(catalog_items(i, file, found, args, ui));
                continue;
            }
            items.push(Item {
                pattern: i,
                key: state::key(&file, pattern.format),
                file,
                format: pattern.format,
                found,
                inline: None,
            });
        }
    }
    (items, skipped)
}

/// A String Catalog as one item per language it holds (the `-l` language only, with
/// it), each with that language's strings as flat JSON.
fn catalog_items(
    pattern: usize,
    file: File,
    found: Result<(ProjectPath, u64), FileError>,
    args: &Options,
    ui: &mut Ui,
) -> Vec<Item> {
    let item = |file: File, found, inline| Item {
        pattern,
        key: state::key(&file, Format::Xcstrings),
        file,
        format: Format::Xcstrings,
        found,
        inline,
    };
    let catalog = found.as_ref().map_err(Clone::clone).and_then(|(path, _)| {
        let bytes = path
            .read(MAX_UPLOAD)
            .map_err(|err| FileError::from(format!("{err}; not uploaded")))?;
        let text =
            sync::text::decode_text(bytes).map_err(|err| FileError::from(err.to_string()))?;
        Catalog::parse(&text).map_err(FileError::from)
    });
    let catalog = match catalog {
        Ok(catalog) => catalog,
        Err(why) => return vec![item(file, Err(why), None)],
    };
    let mut items = Vec::new();
    for language in catalog.languages() {
        if args.language.as_ref().is_some_and(|only| *only != language) {
            continue;
        }
        let (values, variations) = catalog.values(&language);
        if variations > 0 && catalog.source_language() == Some(language.as_str()) {
            ui.info(msg!(
                "{}: {} keys with plural or device variations are left to Xcode, not sent",
                outside(&file.path),
                variations
            ));
        }
        let text = serde_json::to_string_pretty(&values).expect("strings serialize");
        let file = File {
            language,
            ..file.clone()
        };
        items.push(item(file, found.clone(), Some(Arc::new(text))));
    }
    items
}

/// Two files that would feed one language and namespace are an error, naming both,
/// before anything is sent: one would silently overwrite the other's translations. The
/// hint offers only what the two patterns can say.
fn one_file_each(config: &Config, items: &[Item]) -> Result<(), Error> {
    let mut seen: BTreeMap<(&str, Option<&str>), &Item> = BTreeMap::new();
    for item in items {
        let (language, namespace) = (&item.file.language, item.file.namespace.as_deref());
        let Some(first) = seen.insert((language, namespace), item) else {
            continue;
        };
        let placeholders = [first.pattern, item.pattern]
            .iter()
            .any(|&i| config.file_patterns[i].has_namespace_placeholder());
        let hint = if first.pattern == item.pattern {
            "keep one of the two files, or narrow the pattern so one file feeds each language and namespace"
        } else if placeholders {
            "narrow one of the patterns so one file feeds each language and namespace, or name the source file with `source:`"
        } else {
            "give each pattern its own `namespace`, name the source file with `source:`, or narrow a pattern so one file feeds each language"
        };
        let first = &first.file.path;
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
        .with_hint(hint));
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

/// What earlier runs left: each file's digest as last pushed (under this run's
/// settings), and the SHA-256 of each file as last synced with the server.
#[derive(Default)]
struct Remembered {
    pushed: BTreeMap<String, String>,
    synced: BTreeMap<String, String>,
}

/// A file read for upload.
enum Read {
    /// Its digest: the one last pushed, or the file is as pull wrote it.
    Unchanged(String),
    Changed {
        digest: String,
        sha256: String,
        content: Content,
    },
}

/// What was uploaded, to keep a copy of for pull to merge against.
enum Sent {
    File(ProjectPath),
    /// A String Catalog's language, taken out as flat JSON.
    Inline(Arc<String>),
    Nothing,
}

/// Digests a file (its bytes with its language, namespace and format) as it streams
/// through, checks that it is text, and compares it with what was last pushed or
/// pulled. A UTF-8 file is left on disk, to be streamed into the request; a UTF-16 one
/// is decoded.
fn read(item: &Item, remembered: &Remembered) -> Result<Read, Failure> {
    let (path, _) = item
        .found
        .as_ref()
        .map_err(|why| Failure::from(why.clone()))?;
    let (sha256, content) = match &item.inline {
        Some(text) => (
            digest::sha256_hex(text.as_bytes()),
            Content::Text(text.to_string()),
        ),
        None => {
            let (file, _) = path.open().map_err(|err| format!("{err}; not uploaded"))?;
            let (sha256, utf16) =
                scan(file).map_err(|err| Failure::from(format!("cannot read it: {err}")))?;
            let content = if utf16 {
                let bytes = path.read(MAX_UPLOAD).map_err(|err| match err {
                    ReadError::TooLarge(_) => too_large(),
                    err => format!("{err}; not uploaded"),
                })?;
                Content::Text(
                    sync::text::decode_text(bytes).map_err(|err| Failure::from(err.to_string()))?,
                )
            } else {
                let path = path.clone();
                Content::File(Arc::new(move || {
                    path.open()
                        .map(|(file, _)| file)
                        .map_err(|err| io::Error::other(err.to_string()))
                }))
            };
            (sha256, content)
        }
    };
    let mut hasher = digest::Hasher::default();
    for part in [
        item.file.language.as_str(),
        item.file.namespace.as_deref().unwrap_or_default(),
        item.format.as_str(),
        sha256.as_str(),
    ] {
        hasher.update(part.as_bytes());
        hasher.update(b"\0");
    }
    let digest = hasher.hex();
    if remembered.pushed.get(&item.key) == Some(&digest)
        || remembered.synced.get(&item.key) == Some(&sha256)
    {
        return Ok(Read::Unchanged(digest));
    }
    if item.inline.is_none() && content::can_merge(item.format) {
        check(item, path, &content)?;
    }
    Ok(Read::Changed {
        digest,
        sha256,
        content,
    })
}

/// Checks a file with its format's reader before it travels: one that does not read
/// as its format (or holds a format Entri does not take) is named, not uploaded.
fn check(item: &Item, path: &ProjectPath, content: &Content) -> Result<(), Failure> {
    let read;
    let text = match content {
        Content::Text(text) => text.as_str(),
        Content::File(_) => {
            // Checked as it streams where the format allows; read whole otherwise, or
            // to say where a streamed check failed.
            let (file, _) = path.open().map_err(|err| format!("{err}; not uploaded"))?;
            if let Some(Ok(())) = content::check_stream(item.format, &mut { file }) {
                return Ok(());
            }
            let bytes = path
                .read(MAX_UPLOAD)
                .map_err(|err| format!("{err}; not uploaded"))?;
            read = String::from_utf8(bytes).map_err(|_| sync::text::NotText.to_string())?;
            read.as_str()
        }
    };
    content::check(item.format, text).map_err(|err| {
        let why = match content::unsupported(&item.file.path) {
            Some(name) => format!(
                "holds {name}, which Entri does not take ({err}); not uploaded (Entri takes {})",
                content::supported_list()
            ),
            None => format!(
                "is not a valid `{}` file ({err}); not uploaded",
                item.format
            ),
        };
        Failure::from(why)
    })
}

/// The SHA-256 of a file read a chunk at a time, and whether it is UTF-16 (a
/// byte-order mark says so); anything else must be UTF-8.
fn scan(mut file: std::fs::File) -> io::Result<(String, bool)> {
    let mut hasher = digest::Hasher::default();
    let mut buf = vec![0; 64 * 1024];
    let mut carry: Vec<u8> = Vec::new();
    let mut utf16 = None;
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            if !carry.is_empty() {
                return Err(not_text());
            }
            return Ok((hasher.hex(), utf16.unwrap_or(false)));
        }
        hasher.update(&buf[..n]);
        let is_utf16 = *utf16.get_or_insert_with(|| {
            buf[..n].starts_with(&[0xFF, 0xFE]) || buf[..n].starts_with(&[0xFE, 0xFF])
        });
        if is_utf16 {
            continue;
        }
        carry.extend_from_slice(&buf[..n]);
        match std::str::from_utf8(&carry) {
            Ok(_) => carry.clear(),
            Err(err) if err.error_len().is_none() => {
                carry.drain(..err.valid_up_to());
            }
            Err(_) => return Err(not_text()),
        }
    }
}

fn not_text() -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, sync::text::NotText.to_string())
}

/// Reads one file on the blocking pool and uploads it unless unchanged.
async fn upload(
    core: &crate::http::Core,
    project_id: &Id,
    item: &Item,
    overwrite: bool,
    remembered: Arc<Remembered>,
    notes: &Mutex<Notes>,
    is_source: bool,
) -> Result<Change, Failure> {
    let blocking = item.clone();
    let read = tokio::task::spawn_blocking(move || read(&blocking, &remembered))
        .await
        .map_err(|err| Failure::from(format!("cannot read it: {err}")))?;
    let (digest, sha256, content) = match read {
        Ok(Read::Unchanged(digest)) => {
            lock(notes).digests.insert(item.key.clone(), digest);
            return Ok(Change::Unchanged);
        }
        Ok(Read::Changed {
            digest,
            sha256,
            content,
        }) => (digest, sha256, content),
        Err(failure) => {
            if is_source {
                lock(notes)
                    .unreadable
                    .insert(item.pattern, item.file.path.clone());
            }
            return Err(failure);
        }
    };
    lock(notes).digests.insert(item.key.clone(), digest);
    // A String Catalog's languages go as the flat JSON each was taken out as.
    let format = match item.format {
        Format::Xcstrings => Format::JsonFlat,
        format => format,
    };
    let import = Import {
        language: &item.file.language,
        format: format.as_str(),
        namespace: item.file.namespace.as_deref(),
        overwrite,
    };
    api::translations::import(core, project_id, &import, content).await?;
    let sent = match (&item.inline, &item.found) {
        (Some(text), _) => Sent::Inline(Arc::clone(text)),
        (None, Ok((path, _))) => Sent::File(path.clone()),
        (None, Err(_)) => Sent::Nothing,
    };
    lock(notes).sent.insert(item.key.clone(), (sha256, sent));
    Ok(Change::Uploaded)
}

fn outcome(item: Item, result: Result<Change, FileError>) -> FileOutcome {
    FileOutcome {
        size: item.found.as_ref().ok().map(|(_, size)| *size),
        file: item.file,
        format: item.format,
        result,
        conflicts: Vec::new(),
    }
}

/// Records what was uploaded or found unchanged, and forgets what failed, for the next
/// push; what was uploaded is in step with the server now (a copy of it is kept, for
/// pull to merge against).
fn remember(
    state: &mut SyncState,
    fingerprint: &str,
    outcomes: &[FileOutcome],
    notes: &Notes,
    ui: &mut Ui,
) {
    let copies = state.copies();
    let pushed = state.pushed(fingerprint);
    for outcome in outcomes {
        let key = state::key(&outcome.file, outcome.format);
        match (&outcome.result, notes.digests.get(&key)) {
            (Ok(Change::Uploaded | Change::Unchanged), Some(digest)) => {
                pushed.insert(key, digest.clone());
            }
            _ => {
                pushed.remove(&key);
            }
        }
    }
    for outcome in outcomes {
        let key = state::key(&outcome.file, outcome.format);
        let (Ok(Change::Uploaded), Some((sha256, path))) = (&outcome.result, notes.sent.get(&key))
        else {
            continue;
        };
        match path {
            Sent::File(path) if content::can_merge(outcome.format) => {
                if let Ok(bytes) = path.read(MAX_UPLOAD)
                    && digest::sha256_hex(&bytes) == *sha256
                {
                    copies.keep(sha256, &bytes);
                }
            }
            // A String Catalog's language, as it was sent: what pull merges it against.
            Sent::Inline(text) => copies.keep(sha256, text.as_bytes()),
            _ => {}
        }
        state.synced().insert(
            key,
            Synced {
                sha256: sha256.clone(),
                pulled: false,
                etag: None,
                last_modified: None,
            },
        );
    }
    state.save(ui);
}
