//! `nt3 init`, `nt3 push` and `nt3 pull`: translation files between the working
//! directory and an Entri project, as `.nt3.yml` describes.
//!
//! Push and pull send up to `--jobs` requests at once (through the HTTP layer's shared
//! core, so retries and origin rules hold), go on past a failed file, and end with a
//! summary; any failed file makes the exit code 1.

use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use anyhow::{Context as _, Result};
use serde_json::{Value, json};
use tokio::task::JoinSet;

use crate::api;
use crate::atomic_file;
use crate::cli::{InitArgs, PullArgs, PushArgs};
use crate::context::Context;
use crate::error::{Error, Kind, exit};
use crate::http::{Client, Core};
use crate::output::{Ui, escape};
use crate::project::{self, Config, File, Format, Pattern};
use crate::prompt::Prompt;
use crate::safe_fs::{self, ReadError, Root};

/// Larger files are not uploaded.
const MAX_UPLOAD: u64 = 10 * 1024 * 1024;

/// Reads `./.nt3.yml`, warning about unknown fields.
pub fn load_config(ctx: &Context, ui: &mut Ui) -> Result<Config> {
    let loaded = project::load(&ctx.cwd)
        .map_err(|err| {
            Error::new(
                Kind::Usage,
                format!("`{}` {}", project::FILE_NAME, escape(&err)),
            )
        })?
        .ok_or_else(|| {
            Error::new(
                Kind::Usage,
                format!("there is no `{}` here", project::FILE_NAME),
            )
            .with_hint("run `nt3 init` to create one")
        })?;
    for warning in &loaded.warnings {
        ui.warning(format!("{}: {}", project::FILE_NAME, escape(warning)));
    }
    Ok(loaded.config)
}

/// The working directory as the project root, for keeping reads and writes inside it.
fn project_root(ctx: &Context) -> Result<Root> {
    Root::new(&ctx.cwd).with_context(|| format!("cannot resolve `{}`", ctx.cwd.display()))
}

/// One file's outcome.
struct Outcome {
    file: File,
    format: Format,
    result: Result<Change, String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Change {
    Uploaded,
    Created,
    Updated,
    Unchanged,
}

/// `-l` must name a language code, like `pt-BR`.
fn check_language(language: Option<&String>) -> Result<(), Error> {
    match language {
        Some(code) if !project::is_language(code) => Err(Error::new(
            Kind::Usage,
            format!("`{code}` is not a language code like `en` or `pt-BR`"),
        )),
        _ => Ok(()),
    }
}

pub fn push(ctx: &Context, args: &PushArgs, ui: &mut Ui) -> Result<u8> {
    check_language(args.language.as_ref())?;
    let config = load_config(ctx, ui)?;
    let mut files: Vec<(File, Format)> = Vec::new();
    for pattern in &config.file_patterns {
        let found = pattern.discover(&ctx.cwd);
        if !found.iter().any(|f| f.language == config.source_language) && args.language.is_none() {
            ui.warning(format!(
                "no `{}` file matches `{}`",
                config.source_language,
                escape(&pattern.path)
            ));
        }
        files.extend(found.into_iter().map(|file| (file, pattern.format)));
    }
    if let Some(language) = &args.language {
        files.retain(|(file, _)| &file.language == language);
    }
    if files.is_empty() {
        return Err(Error::new(
            Kind::Failure,
            "no translation files match the patterns in `.nt3.yml`",
        )
        .with_hint("check `file_patterns`, or run `nt3 pull` to fetch the files")
        .into());
    }
    let overwrite = args.overwrite || config.update_translations;
    let root = project_root(ctx)?;
    let client = super::client(ctx, ui)?;

    // Languages the project lacks are added before anything is imported into them.
    let project = api::project(&client, &config.project_id)?;
    let known = project_languages(&project);
    let mut missing: Vec<&str> = files
        .iter()
        .map(|(f, _)| f.language.as_str())
        .filter(|l| !known.iter().any(|k| k == l))
        .collect();
    missing.sort_unstable();
    missing.dedup();
    for language in missing {
        api::add_language(&client, &config.project_id, language)?;
        ui.info(format!(
            "Added language {language} to project {}",
            config.project_id
        ));
    }

    // The source language goes first, then the rest.
    let (source, targets): (Vec<_>, Vec<_>) = files
        .into_iter()
        .partition(|(f, _)| f.language == config.source_language);
    let total = source.len() + targets.len();
    let progress = Progress::new(ctx, ui, total as u64);
    let mut outcomes = Vec::new();
    for batch in [source, targets] {
        let project_id = config.project_id.clone();
        let root = root.clone();
        outcomes.extend(run_bounded(
            &client,
            batch,
            args.jobs.into(),
            &progress,
            move |core, (file, format)| {
                let (project_id, root) = (project_id.clone(), root.clone());
                async move {
                    let result = upload(&core, &root, &project_id, &file, format, overwrite).await;
                    Outcome {
                        file,
                        format,
                        result: result.map(|()| Change::Uploaded),
                    }
                }
            },
        ));
    }
    progress.finish();
    Ok(report(ui, "Pushed", &outcomes))
}

async fn upload(
    core: &Core,
    root: &Root,
    project_id: &str,
    file: &File,
    format: Format,
    overwrite: bool,
) -> Result<(), String> {
    // Only files whose real path is inside the project are read: a symbolic link to
    // `~/.nt3`, an SSH key or `/proc/self/environ` is never uploaded.
    let real = root
        .readable(Path::new(&file.path))
        .map_err(|err| format!("{err}; not uploaded"))?;
    let content = match safe_fs::read(&real, MAX_UPLOAD) {
        Ok((content, _)) => content,
        Err(ReadError::TooLarge(_)) => {
            return Err(format!(
                "larger than {}; split it or upload it another way",
                safe_fs::size(MAX_UPLOAD)
            ));
        }
        Err(err) => return Err(format!("{err}; not uploaded")),
    };
    let content = String::from_utf8(content).map_err(|_| "not valid UTF-8".to_string())?;
    let mut body = json!({
        "language": file.language,
        "format": format.as_str(),
        "content": content,
        "overwrite": overwrite,
    });
    if let Some(namespace) = &file.namespace {
        body["namespace"] = namespace.as_str().into();
    }
    api::import(core, project_id, &body)
        .await
        .map_err(|err| err.to_string())
}

pub fn pull(ctx: &Context, args: &PullArgs, ui: &mut Ui) -> Result<u8> {
    check_language(args.language.as_ref())?;
    let config = load_config(ctx, ui)?;
    let root = project_root(ctx)?;
    let client = super::client(ctx, ui)?;
    let languages = match &args.language {
        Some(language) => vec![language.clone()],
        None => {
            let project = api::project(&client, &config.project_id)?;
            project
                .get("targetLanguages")
                .and_then(Value::as_array)
                .map(|langs| langs.iter().filter_map(api::language_code).collect())
                .unwrap_or_default()
        }
    };
    if languages.is_empty() {
        ui.info(format!(
            "Project {} has no target languages to pull",
            config.project_id
        ));
        return Ok(exit::SUCCESS);
    }
    let mut wanted: Vec<(Pattern, File)> = Vec::new();
    for pattern in &config.file_patterns {
        let namespaces: Vec<Option<String>> = if pattern.has_namespace_placeholder() {
            let found = project::namespaces(&pattern.discover(&ctx.cwd));
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
                let path = pattern.render(language, namespace.as_deref());
                let file = File {
                    path,
                    language: language.clone(),
                    namespace: namespace.clone(),
                };
                wanted.push((pattern.clone(), file));
            }
        }
    }
    let progress = Progress::new(ctx, ui, wanted.len() as u64);
    let project_id = config.project_id.clone();
    let outcomes = run_bounded(
        &client,
        wanted,
        args.jobs.into(),
        &progress,
        move |core, (pattern, file)| {
            let (project_id, root) = (project_id.clone(), root.clone());
            async move {
                let result = download(&core, &root, &project_id, &file, pattern.format).await;
                Outcome {
                    file,
                    format: pattern.format,
                    result,
                }
            }
        },
    );
    progress.finish();
    Ok(report(ui, "Pulled", &outcomes))
}

async fn download(
    core: &Core,
    root: &Root,
    project_id: &str,
    file: &File,
    format: Format,
) -> Result<Change, String> {
    // The code becomes part of a path: never let the server choose where nt3 writes.
    if !project::is_language(&file.language) {
        return Err(format!(
            "the project's language `{}` is not a language code; skipped",
            file.language
        ));
    }
    // Never written outside the project, through a link that leads out, or into `.git/`.
    let path = root
        .writable(Path::new(&file.path))
        .map_err(|err| format!("{err}; not written"))?;
    let existing = match safe_fs::open(&path) {
        Ok(existing) => Some(existing),
        Err(ReadError::NotFound) => None,
        Err(err) => return Err(format!("{err}; not replaced")),
    };
    let (mut answer, url) = api::export(
        core,
        project_id,
        &file.language,
        format,
        file.namespace.as_deref(),
    )
    .await
    .map_err(|err| err.to_string())?;

    // The answer streams into a temporary file beside the target, so memory stays flat
    // and an interrupted download leaves nothing behind (see `crate::interrupt`).
    let failed = |err: std::io::Error| format!("cannot write it: {err}");
    let (mut tmp, mode) = atomic_file::replacing(&path).map_err(failed)?;
    let mut size = 0u64;
    while let Some(chunk) = answer
        .chunk()
        .await
        .map_err(|err| core.body_error(&url, err).to_string())?
    {
        size += chunk.len() as u64;
        if size > api::MAX_EXPORT {
            return Err(format!(
                "the export is larger than {}; nt3 stopped reading it",
                safe_fs::size(api::MAX_EXPORT)
            ));
        }
        tmp.file().write_all(&chunk).map_err(failed)?;
    }
    let change = match existing {
        None => Change::Created,
        Some(existing) => {
            if same_contents(existing, tmp.file()).map_err(failed)? {
                return Ok(Change::Unchanged);
            }
            Change::Updated
        }
    };
    tmp.persist(&path, mode).map_err(failed)?;
    Ok(change)
}

/// Whether two files hold the same bytes, read a block at a time.
fn same_contents(
    (mut a, a_meta): (std::fs::File, std::fs::Metadata),
    b: &mut std::fs::File,
) -> std::io::Result<bool> {
    use std::io::{Read, Seek};
    if a_meta.len() != b.metadata()?.len() {
        return Ok(false);
    }
    b.rewind()?;
    let (mut x, mut y) = (vec![0; 64 * 1024], vec![0; 64 * 1024]);
    loop {
        let n = a.read(&mut x)?;
        if n == 0 {
            return Ok(true);
        }
        b.read_exact(&mut y[..n])?;
        if x[..n] != y[..n] {
            return Ok(false);
        }
    }
}

/// Runs `work` for every item with at most `jobs` at once, in the client's runtime, and
/// returns the outcomes in the items' order.
fn run_bounded<T, W, F>(
    client: &Client,
    items: Vec<T>,
    jobs: usize,
    progress: &Progress,
    work: W,
) -> Vec<Outcome>
where
    T: Send + 'static,
    W: Fn(Arc<Core>, T) -> F,
    F: std::future::Future<Output = Outcome> + Send + 'static,
{
    let core = client.core();
    client.run(async {
        let mut pending = items.into_iter().enumerate();
        let mut running = JoinSet::new();
        let mut done: Vec<(usize, Outcome)> = Vec::new();
        loop {
            while running.len() < jobs.max(1) {
                let Some((index, item)) = pending.next() else {
                    break;
                };
                let task = work(Arc::clone(&core), item);
                running.spawn(async move { (index, task.await) });
            }
            let Some(finished) = running.join_next().await else {
                break;
            };
            let (index, outcome) = finished.expect("sync tasks do not panic");
            progress.tick(&outcome);
            done.push((index, outcome));
        }
        done.sort_by_key(|(index, _)| *index);
        done.into_iter().map(|(_, outcome)| outcome).collect()
    })
}

/// Prints the per-file failures and the summary (or the JSON document) and returns the
/// exit code: 1 when any file failed.
fn report(ui: &mut Ui, verb: &str, outcomes: &[Outcome]) -> u8 {
    let failed: Vec<&Outcome> = outcomes.iter().filter(|o| o.result.is_err()).collect();
    if ui.json {
        let files: Vec<Value> = outcomes
            .iter()
            .map(|o| {
                let mut entry = json!({ "path": o.file.path, "language": o.file.language, "format": o.format.as_str() });
                if let Some(namespace) = &o.file.namespace {
                    entry["namespace"] = namespace.as_str().into();
                }
                if let Err(err) = &o.result {
                    entry["error"] = err.as_str().into();
                }
                entry
            })
            .collect();
        let errors: Vec<String> = failed
            .iter()
            .map(|o| format!("{}: {}", o.file.path, o.result.as_ref().unwrap_err()))
            .collect();
        ui.json(&json!({ "success": failed.is_empty(), "files": files, "errors": errors }));
    }
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
    let files = |n: usize| {
        if n == 1 {
            "1 file".to_string()
        } else {
            format!("{n} files")
        }
    };
    let summary = match verb {
        "Pushed" => format!(
            "{verb} {} of {}",
            count(Change::Uploaded),
            files(outcomes.len())
        ),
        _ => format!(
            "{verb} {}: {} created, {} updated, {} unchanged",
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

/// A progress bar on a terminal, nothing otherwise.
struct Progress(Option<indicatif::ProgressBar>);

impl Progress {
    fn new(ctx: &Context, ui: &Ui, total: u64) -> Self {
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

    fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

fn project_languages(project: &Value) -> Vec<String> {
    let source = project.get("sourceLanguage").and_then(api::language_code);
    let targets = project
        .get("targetLanguages")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(api::language_code);
    source.into_iter().chain(targets).collect()
}

pub fn init(ctx: &Context, args: &InitArgs, ui: &mut Ui, prompt: &mut dyn Prompt) -> Result<()> {
    let target = ctx.cwd.join(project::FILE_NAME);
    if target.exists() && !args.force {
        return Err(Error::new(
            Kind::Failure,
            format!("`{}` already exists", project::FILE_NAME),
        )
        .with_hint("pass `--force` to replace it")
        .into());
    }
    let complete =
        args.project_id.is_some() && args.source_language.is_some() && args.path.is_some();
    let interactive = !complete && ctx.stdin_is_terminal && ctx.stderr_is_terminal;
    let (project_id, source_language, path, format) = if interactive {
        ask(ctx, args, ui, prompt)?
    } else {
        let missing: Vec<&str> = [
            ("`--project-id`", args.project_id.is_none()),
            ("`--source-language`", args.source_language.is_none()),
            ("`--path`", args.path.is_none()),
        ]
        .into_iter()
        .filter_map(|(flag, missing)| missing.then_some(flag))
        .collect();
        if !missing.is_empty() {
            return Err(Error::new(Kind::Usage, format!("without a terminal, `nt3 init` needs {}", missing.join(", ")))
                .with_hint("for example: nt3 init --project-id proj_abc123 --source-language en --path 'locales/{lang}.json'")
                .into());
        }
        let path = args.path.clone().unwrap_or_default();
        let format = match args.format.or_else(|| Format::guess(&path)) {
            Some(format) => format,
            None => {
                return Err(Error::new(
                    Kind::Usage,
                    "cannot guess the format from the path; pass `--format`",
                )
                .into());
            }
        };
        (
            args.project_id.clone().unwrap_or_default(),
            args.source_language.clone().unwrap_or_default(),
            path,
            format,
        )
    };
    let pattern = Pattern {
        path,
        format,
        namespace: args.namespace.clone(),
    };
    let text = project::template(&project_id, &source_language, &pattern);
    // What init writes must be what push and pull accept.
    project::parse(&text).map_err(|err| Error::new(Kind::Usage, err))?;
    atomic_file::write_keeping_mode(&target, text.as_bytes())
        .with_context(|| format!("cannot write `{}`", target.display()))?;
    ui.success(format!(
        "Created {} for project {project_id}",
        project::FILE_NAME
    ));
    ui.info("Next: `nt3 push` uploads your files, `nt3 pull` downloads the translations");
    ui.json(&json!({ "success": true, "path": target, "project_id": project_id }));
    Ok(())
}

/// The interactive part of `nt3 init`: what the flags did not say, asked on the terminal.
fn ask(
    ctx: &Context,
    args: &InitArgs,
    ui: &mut Ui,
    prompt: &mut dyn Prompt,
) -> Result<(String, String, String, Format)> {
    let (project_id, default_source) = match &args.project_id {
        Some(id) => (id.clone(), None),
        None => {
            let projects = api::projects(&super::client(ctx, ui)?)?;
            for (i, project) in projects.iter().enumerate() {
                let name = project
                    .get("name")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                let id = project
                    .get("id")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                ui.info(format!("  {}. {} ({})", i + 1, escape(name), escape(id)));
            }
            let answer = prompt.line("Project (number or id)", None)?;
            let chosen = answer
                .parse::<usize>()
                .ok()
                .and_then(|n| projects.get(n.wrapping_sub(1)));
            match chosen {
                Some(project) => (
                    project
                        .get("id")
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_string(),
                    project.get("sourceLanguage").and_then(api::language_code),
                ),
                None => (answer, None),
            }
        }
    };
    let source_language = match &args.source_language {
        Some(language) => language.clone(),
        None => prompt.line("Source language", default_source.as_deref().or(Some("en")))?,
    };
    let path = match &args.path {
        Some(path) => path.clone(),
        None => prompt.line(
            "Path pattern ({lang} stands for the language)",
            Some("locales/{lang}.json"),
        )?,
    };
    let format = match args.format {
        Some(format) => format,
        None => {
            let guess = Format::guess(&path).unwrap_or(Format::JsonNested);
            let answer = prompt.line("Format", Some(guess.as_str()))?;
            Format::from_name(&answer)
                .ok_or_else(|| Error::new(Kind::Usage, format!("unknown format `{answer}`")))?
        }
    };
    Ok((project_id, source_language, path, format))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    /// Answers `line` questions in order, recording them.
    struct Answers(Vec<&'static str>, Vec<String>);

    impl Prompt for Answers {
        fn hidden(&mut self, _: &str) -> std::io::Result<String> {
            unreachable!("init asks no secret")
        }

        fn confirm(&mut self, _: &str) -> std::io::Result<bool> {
            unreachable!("init asks no yes/no question")
        }

        fn line(&mut self, question: &str, default: Option<&str>) -> std::io::Result<String> {
            self.1
                .push(format!("{question} [{}]", default.unwrap_or_default()));
            let answer = self.0.remove(0);
            Ok(if answer.is_empty() {
                default.unwrap_or_default().to_owned()
            } else {
                answer.to_owned()
            })
        }
    }

    fn init_args(args: &[&str]) -> InitArgs {
        match crate::cli::Cli::parse_from(["nt3", "init"].iter().chain(args)).command {
            crate::cli::Command::Init(args) => args,
            _ => unreachable!(),
        }
    }

    #[test]
    fn init_on_a_terminal_picks_a_project_and_takes_the_defaults() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let server = runtime.block_on(wiremock::MockServer::start());
        let projects = serde_json::json!({
            "data": [{"id": "proj_a", "name": "Site", "sourceLanguage": "en"},
                     {"id": "proj_b", "name": "App", "sourceLanguage": "de"}],
            "meta": {"page": 1, "limit": 200, "total": 2, "totalPages": 1}
        });
        runtime.block_on(
            wiremock::Mock::given(wiremock::matchers::path("/api/v1/projects"))
                .respond_with(wiremock::ResponseTemplate::new(200).set_body_json(projects))
                .mount(&server),
        );
        let dir = tempfile::tempdir().unwrap();
        let ctx = Context {
            cwd: dir.path().to_owned(),
            env_token: Some(Ok(
                crate::secret::Token::parse("entri_inittest0000000").unwrap()
            )),
            env_api_url: Some(Ok(crate::api_url::ApiUrl::parse(&server.uri()).unwrap())),
            stdin_is_terminal: true,
            stderr_is_terminal: true,
            ..Context::default()
        };
        let (mut ui, _, err) = Ui::captured(false);
        let mut answers = Answers(vec!["2", "", "", ""], Vec::new());
        init(&ctx, &init_args(&[]), &mut ui, &mut answers).unwrap();
        assert_eq!(
            answers.1,
            [
                "Project (number or id) []",
                "Source language [de]",
                "Path pattern ({lang} stands for the language) [locales/{lang}.json]",
                "Format [json-nested]",
            ]
        );
        assert!(
            err.text()
                .starts_with("  1. Site (proj_a)\n  2. App (proj_b)\n"),
            "{}",
            err.text()
        );
        let config = project::parse(&std::fs::read_to_string(dir.path().join(".nt3.yml")).unwrap())
            .unwrap()
            .config;
        assert_eq!(
            (config.project_id.as_str(), config.source_language.as_str()),
            ("proj_b", "de")
        );
        assert_eq!(config.file_patterns[0].format, Format::JsonNested);
    }

    #[test]
    fn init_on_a_terminal_asks_only_what_the_flags_left_out() {
        let dir = tempfile::tempdir().unwrap();
        let ctx = Context {
            cwd: dir.path().to_owned(),
            stdin_is_terminal: true,
            stderr_is_terminal: true,
            ..Context::default()
        };
        let (mut ui, _, _) = Ui::captured(false);
        let mut answers = Answers(vec!["android/values-{lang}/strings.xml", ""], Vec::new());
        init(
            &ctx,
            &init_args(&["--project-id", "proj_c", "--source-language", "en"]),
            &mut ui,
            &mut answers,
        )
        .unwrap();
        assert_eq!(answers.1.len(), 2);
        assert_eq!(
            answers.1[1], "Format [android-xml]",
            "guessed from the extension"
        );
    }
}
