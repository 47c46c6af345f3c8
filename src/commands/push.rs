//! `nt3 push` (alias `up`): upload the translation files `.nt3.yml` names.
//!
//! Every matching file is read before the first request: only inside the project, a
//! regular file of at most 10 MiB, UTF-8 or UTF-16 with a byte-order mark, sent as UTF-8
//! without one. A source-language file that cannot be read stops the other files of its
//! pattern. Then the project is checked (its source language must be the configured
//! one), languages it lacks are added, and the files go up, source language first.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use anyhow::Result;

use crate::api::{self, Import};
use crate::cli::PushArgs;
use crate::context::Context;
use crate::error::{Error, Kind};
use crate::output::{Ui, escape};
use crate::project::{self, Config, File, Format};
use crate::safe_fs::{self, ReadError, Root};
use crate::sync::{self, Change, Failure, Outcome, Progress, Verb};
use crate::sync_state::{self, SyncState};

/// Larger files are not uploaded.
const MAX_UPLOAD: u64 = 10 * 1024 * 1024;

pub fn run(ctx: &Context, args: &PushArgs, ui: &mut Ui) -> Result<u8> {
    push(ctx, args, ui).or_else(|err| sync::fail(ui, &[], err))
}

/// A file ready to go: its text, or why it cannot.
struct Prepared {
    pattern: usize,
    file: File,
    format: Format,
    size: Option<u64>,
    content: Result<String, String>,
    /// What the file is as an upload: its bytes, language, namespace and format.
    digest: String,
}

fn push(ctx: &Context, args: &PushArgs, ui: &mut Ui) -> Result<u8> {
    sync::check_language(args.language.as_ref())?;
    let project = sync::load(ctx, ui)?;
    let config = &project.config;
    let source = config.source_language.as_str();

    let mut found: Vec<(usize, File, Format)> = Vec::new();
    for (i, pattern) in config.file_patterns.iter().enumerate() {
        let files = pattern.discover(&project.dir, &config.locales(pattern));
        if args.language.is_none() && !files.iter().any(|f| f.language == source) {
            ui.warning(format!(
                "no `{source}` file matches `{}`",
                escape(&pattern.path)
            ));
        }
        found.extend(files.into_iter().map(|file| (i, file, pattern.format)));
    }
    if let Some(language) = &args.language {
        found.retain(|(_, file, _)| &file.language == language);
    }
    if found.is_empty() {
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
    warn_shared_namespaces(config, &found, ui);
    let prepared = prepare(&project.root, source, found);

    let client = super::client(ctx, ui)?;
    let remote = api::project(&client, &config.project_id)?;
    sync::check_source(config, &remote)?;
    let known: BTreeSet<&str> = remote
        .source()
        .into_iter()
        .chain(remote.targets())
        .collect();

    // Files unchanged since they were last pushed, under the same settings, stay home.
    let overwrite = args.overwrite || config.update_translations;
    let origin = client.base().url().origin().ascii_serialization();
    let mut state = SyncState::load(
        ctx.cache_dir.as_deref(),
        &project.dir,
        &origin,
        &config.project_id,
        ui,
    );
    // The language set as it is after this run (push adds the missing ones), so that
    // adding them does not make the next run send everything again.
    let languages: BTreeSet<&str> = known
        .iter()
        .copied()
        .chain(prepared.iter().map(|p| p.file.language.as_str()))
        .collect();
    let fingerprint = sync_state::sha256_hex(
        format!(
            "{}\0{}\0{}\0{overwrite}",
            project.config_digest,
            config.project_id,
            languages.into_iter().collect::<Vec<_>>().join(",")
        )
        .as_bytes(),
    );
    // Reports list files in upload order (source language first), sent or not.
    let order: BTreeMap<String, (bool, usize)> = prepared
        .iter()
        .enumerate()
        .map(|(i, p)| (p.file.path.clone(), (p.file.language != source, i)))
        .collect();
    let in_order = |outcomes: &mut Vec<Outcome>| {
        outcomes.sort_by_key(|o| {
            order
                .get(&o.file.path)
                .copied()
                .unwrap_or((true, usize::MAX))
        });
    };
    let remembered = state.pushed(&fingerprint);
    let (prepared, unchanged): (Vec<Prepared>, Vec<Prepared>) =
        prepared.into_iter().partition(|p| {
            args.all || p.content.is_err() || remembered.get(&p.file.path) != Some(&p.digest)
        });
    let unchanged: Vec<Outcome> = unchanged
        .into_iter()
        .map(|p| Outcome {
            file: p.file,
            format: p.format,
            size: p.size,
            result: Ok(Change::Unchanged),
        })
        .collect();

    let missing: BTreeSet<String> = prepared
        .iter()
        .filter(|p| p.content.is_ok() && !known.contains(p.file.language.as_str()))
        .map(|p| p.file.language.clone())
        .collect();

    // The source language goes first, then the rest.
    let (mut prepared, targets): (Vec<_>, Vec<_>) = prepared
        .into_iter()
        .partition(|p| p.file.language == source);
    let sources = prepared.len();
    prepared.extend(targets);

    if args.dry_run {
        for language in &missing {
            ui.info(format!(
                "Would add language {language} to project {}",
                escape(&config.project_id)
            ));
        }
        let mut outcomes: Vec<Outcome> = prepared
            .into_iter()
            .map(|p| Outcome {
                file: p.file,
                format: p.format,
                size: p.size,
                result: p.content.map(|_| Change::Uploaded),
            })
            .collect();
        outcomes.extend(unchanged);
        in_order(&mut outcomes);
        return Ok(sync::report_plan(ui, Verb::Push, &outcomes));
    }

    // Languages the project lacks are added before anything is imported into them.
    for language in &missing {
        api::add_language(&client, &config.project_id, language)?;
        ui.info(format!(
            "Added language {language} to project {}",
            escape(&config.project_id)
        ));
    }

    let digests: BTreeMap<String, String> = prepared
        .iter()
        .map(|p| (p.file.path.clone(), p.digest.clone()))
        .collect();
    let progress = Progress::new(ctx, ui, prepared.len() as u64);
    let targets = prepared.split_off(sources);
    let mut outcomes = Vec::new();
    for batch in [prepared, targets] {
        let project_id = config.project_id.clone();
        let (done, fatal) = sync::run_bounded(
            &client,
            batch,
            args.jobs.into(),
            &progress,
            move |core, p| {
                let project_id = project_id.clone();
                async move {
                    let result = match &p.content {
                        Ok(content) => {
                            let import = Import {
                                language: &p.file.language,
                                format: p.format.as_str(),
                                content,
                                namespace: p.file.namespace.as_deref(),
                                overwrite,
                            };
                            api::import(&core, &project_id, &import)
                                .await
                                .map(|()| Change::Uploaded)
                                .map_err(Failure::from)
                        }
                        Err(err) => Err(Failure::from(err.clone())),
                    };
                    sync::settle(p.file, p.format, p.size, result)
                }
            },
        );
        outcomes.extend(done);
        if let Some(err) = fatal {
            progress.finish();
            remember(&mut state, &fingerprint, &outcomes, &digests, ui);
            return sync::fail(ui, &outcomes, err.into());
        }
    }
    progress.finish();
    remember(&mut state, &fingerprint, &outcomes, &digests, ui);
    outcomes.extend(unchanged);
    in_order(&mut outcomes);
    Ok(sync::report(ui, Verb::Push, &outcomes))
}

/// Records what was uploaded (and forgets what failed), for the next push.
fn remember(
    state: &mut SyncState,
    fingerprint: &str,
    outcomes: &[Outcome],
    digests: &BTreeMap<String, String>,
    ui: &mut Ui,
) {
    let pushed = state.pushed(fingerprint);
    for outcome in outcomes {
        match (&outcome.result, digests.get(&outcome.file.path)) {
            (Ok(Change::Uploaded), Some(digest)) => {
                pushed.insert(outcome.file.path.clone(), digest.clone());
            }
            _ => {
                pushed.remove(&outcome.file.path);
            }
        }
    }
    state.save(ui);
}

/// Reads every file; a source file that cannot be read marks the rest of its pattern.
fn prepare(root: &Root, source: &str, found: Vec<(usize, File, Format)>) -> Vec<Prepared> {
    let mut prepared: Vec<Prepared> = found
        .into_iter()
        .map(|(pattern, file, format)| {
            let (size, content) = read(root, &file);
            let digest = match &content {
                Ok(text) => sync_state::sha256_hex(
                    format!(
                        "{}\0{}\0{}\0{text}",
                        file.language,
                        file.namespace.as_deref().unwrap_or_default(),
                        format.as_str()
                    )
                    .as_bytes(),
                ),
                Err(_) => String::new(),
            };
            Prepared {
                pattern,
                file,
                format,
                size,
                content,
                digest,
            }
        })
        .collect();
    let unreadable: BTreeMap<usize, String> = prepared
        .iter()
        .filter(|p| p.file.language == source && p.content.is_err())
        .map(|p| (p.pattern, p.file.path.clone()))
        .collect();
    for p in &mut prepared {
        if let (true, Some(path)) = (p.file.language != source, unreadable.get(&p.pattern)) {
            p.content = Err(format!(
                "skipped: the source file `{path}` of this pattern could not be read"
            ));
        }
    }
    prepared
}

/// A file's size and text, or why it is not uploaded.
fn read(root: &Root, file: &File) -> (Option<u64>, Result<String, String>) {
    // Only files whose real path is inside the project are read: a symbolic link to
    // `~/.nt3`, an SSH key or `/proc/self/environ` is never uploaded.
    let real = match root.readable(Path::new(&file.path)) {
        Ok(real) => real,
        Err(err) => return (None, Err(format!("{err}; not uploaded"))),
    };
    match safe_fs::read(&real, MAX_UPLOAD) {
        Ok((bytes, _)) => (Some(bytes.len() as u64), sync::decode_text(bytes)),
        Err(ReadError::TooLarge(_)) => (
            None,
            Err(format!(
                "larger than {}; split it or upload it another way",
                safe_fs::size(MAX_UPLOAD)
            )),
        ),
        Err(err) => (None, Err(format!("{err}; not uploaded"))),
    }
}

/// Each pattern should feed its own namespace (the docs say so): two that share one may
/// overwrite each other's keys.
fn warn_shared_namespaces(config: &Config, found: &[(usize, File, Format)], ui: &mut Ui) {
    let used: BTreeSet<usize> = found.iter().map(|(i, ..)| *i).collect();
    let mut by_namespace: BTreeMap<Option<&str>, Vec<&str>> = BTreeMap::new();
    for i in used {
        let pattern = &config.file_patterns[i];
        if !pattern.has_namespace_placeholder() {
            by_namespace
                .entry(pattern.namespace.as_deref())
                .or_default()
                .push(&pattern.path);
        }
    }
    for (namespace, paths) in by_namespace.iter().filter(|(_, paths)| paths.len() > 1) {
        let namespace = match namespace {
            Some(name) => format!("namespace `{}`", escape(name)),
            None => "the default namespace".to_string(),
        };
        let paths: Vec<String> = paths.iter().map(|p| format!("`{}`", escape(p))).collect();
        ui.warning(format!(
            "{} all feed {namespace}; give each pattern its own `namespace`",
            paths.join(" and ")
        ));
    }
}
