//! `nt3 init`: create `.nt3.yml`, linking this directory to an Entri project.
//!
//! On a terminal it asks for what the flags leave out (picking the project from the
//! server's list, and proposing the first pattern found in the tree); without one,
//! `--project-id`, `--source-language` and `--path` are required. `--detect` proposes
//! every pattern of the tree ([`crate::project::detect`]) and writes them once
//! confirmed (`--yes` without a terminal); with `--json` it prints the proposal. It
//! never replaces an existing `.nt3.yml` without `--force`, and warns about a pattern
//! that matches nothing.

use std::path::Path;

use anyhow::{Context as _, Result};
use serde_json::json;

use crate::api;
use crate::cli::InitArgs;
use crate::content;
use crate::context::Context;
use crate::error::{CommandResult, Error, Kind, Outcome};
use crate::fs::atomic;
use crate::project;
use crate::project::detect::{self, Proposal};
use crate::project::pattern::Pattern;
use crate::types::format::Format;
use crate::types::names::Id;
use crate::ui::prompt::Prompt;
use crate::ui::{Message, Ui, msg, outside};

pub fn run(ctx: &Context, args: &InitArgs, ui: &mut Ui, prompt: &mut dyn Prompt) -> CommandResult {
    let target = ctx.cwd.join(project::FILE_NAME);
    let only_shown = args.detect && ui.json && !args.yes;
    if target.exists() && !args.force && !only_shown {
        return Err(Error::new(
            Kind::Failure,
            format!("`{}` already exists", project::FILE_NAME),
        )
        .with_hint("pass `--force` to replace it")
        .into());
    }
    if args.detect {
        return detected(ctx, args, ui, prompt, &target);
    }
    let complete =
        args.project_id.is_some() && args.source_language.is_some() && args.path.is_some();
    let interactive = !complete && ctx.terminal.can_prompt();
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
    if let Some(name) = content::unsupported(&path) {
        return Err(Error::new(
            Kind::Usage,
            format!("`{path}` names {name} files, a format Entri does not take"),
        )
        .with_hint(format!("Entri takes {}", content::supported_list()))
        .into());
    }
    let pattern = Pattern {
        path,
        format,
        namespace: args.namespace.clone(),
        languages_mapping: Default::default(),
        source: None,
        locale_style: None,
    };
    let text = project::config::template(&project_id, &source_language, &[pattern]);
    write(ctx, ui, &target, &text, &project_id)?;
    Ok(Outcome::done(
        json!({ "path": target, "project_id": project_id }),
    ))
}

/// Writes `text` as `.nt3.yml` once it parses as push and pull will read it, and warns
/// about each pattern that matches nothing here, naming what is near it.
fn write(ctx: &Context, ui: &mut Ui, target: &Path, text: &str, project_id: &str) -> Result<()> {
    let loaded =
        project::config::parse(text).map_err(|err| Error::new(Kind::Usage, err.to_string()))?;
    atomic::write(target, text.as_bytes(), atomic::Mode::Project)
        .with_context(|| format!("cannot write `{}`", target.display()))?;
    ui.success(msg!(
        "Created {} for project {}",
        project::FILE_NAME,
        outside(project_id)
    ));
    let config = &loaded.config;
    for pattern in &config.file_patterns {
        if pattern
            .discover(&ctx.cwd, &config.locales(pattern))
            .files
            .is_empty()
        {
            ui.warning(msg!(
                "`{}` matches no file here yet",
                outside(&pattern.path)
            ));
            if let Some(near) = project::nearby::nearby(&ctx.cwd, pattern) {
                ui.hint(msg!("{}", outside(&near)));
            }
        }
    }
    ui.info("Next: `nt3 push` uploads your files, `nt3 pull` downloads the translations");
    Ok(())
}

/// `nt3 init --detect`: the tree's patterns, shown, then written once confirmed.
fn detected(
    ctx: &Context,
    args: &InitArgs,
    ui: &mut Ui,
    prompt: &mut dyn Prompt,
    target: &Path,
) -> CommandResult {
    let source = args.source_language.clone().unwrap_or_else(|| "en".into());
    let (proposals, truncated) = detect::detect(&ctx.cwd, &source);
    if truncated {
        ui.warning(msg!(
            "stopped looking after {} entries; files further in are not proposed",
            detect::MAX_ENTRIES
        ));
    }
    if proposals.is_empty() {
        return Err(Error::new(
            Kind::Failure,
            "found no translation files in two languages or more here",
        )
        .with_hint("name them yourself: nt3 init --path 'locales/{lang}.json'")
        .into());
    }
    show(ui, &proposals);
    let document = |written: bool| {
        let patterns: Vec<serde_json::Value> = proposals.iter().map(proposal_json).collect();
        json!({ "patterns": patterns, "written": written, "path": target })
    };
    let write_it = if args.yes {
        true
    } else if ui.json && !ctx.terminal.can_prompt() {
        false
    } else {
        ctx.terminal.may_ask(
            "without a terminal, `nt3 init --detect` writes only with `--yes`",
            "pass `--yes` to write it, or `--json` to print the proposal",
        )?;
        prompt.confirm(&msg!("Write {} with these patterns?", project::FILE_NAME))?
    };
    if !write_it {
        return Ok(Outcome::done(document(false)));
    }
    let project_id = match &args.project_id {
        Some(id) => Id::given("--project-id", id)?.to_string(),
        None => {
            ctx.terminal.may_ask(
                "`nt3 init --detect --yes` needs `--project-id` without a terminal",
                "for example: nt3 init --detect --yes --project-id proj_abc123",
            )?;
            ask_project(ctx, ui, prompt)?.0.to_string()
        }
    };
    let patterns: Vec<Pattern> = proposals.iter().map(|p| p.pattern.clone()).collect();
    let text = project::config::template(&project_id, &source, &patterns);
    write(ctx, ui, target, &text, &project_id)?;
    Ok(Outcome::done(document(true)))
}

/// The proposal, one pattern a line with its files' languages, and what each skips.
fn show(ui: &mut Ui, proposals: &[Proposal]) {
    ui.info(match proposals.len() {
        1 => Message::from("Found 1 file pattern here:"),
        n => msg!("Found {} file patterns here:", n),
    });
    for proposal in proposals {
        let pattern = &proposal.pattern;
        let source = match &pattern.source {
            Some(source) => msg!(", source {}", outside(source)),
            None => Message::default(),
        };
        let languages = match proposal.languages.as_slice() {
            [] => Message::from("every language, in one file"),
            languages => msg!("{}", outside(&languages.join(", "))),
        };
        ui.info(msg!(
            "  {} ({}{}): {} files; {}",
            outside(&pattern.path),
            pattern.format,
            source,
            proposal.files.len(),
            languages
        ));
        for skipped in &proposal.skipped {
            ui.info(msg!(
                "    skipped {}: {}",
                outside(&skipped.path),
                outside(&skipped.reason)
            ));
        }
    }
}

fn proposal_json(proposal: &Proposal) -> serde_json::Value {
    let pattern = &proposal.pattern;
    let skipped: Vec<serde_json::Value> = proposal
        .skipped
        .iter()
        .map(|s| json!({ "path": s.path, "reason": s.reason }))
        .collect();
    let mut entry = json!({
        "path": pattern.path,
        "format": pattern.format.as_str(),
        "files": proposal.files,
        "languages": proposal.languages,
        "skipped": skipped,
    });
    if let Some(source) = &pattern.source {
        entry["source"] = source.as_str().into();
    }
    entry
}

/// The interactive part of `nt3 init`: what the flags did not say, asked on the terminal.
fn ask(
    ctx: &Context,
    args: &InitArgs,
    ui: &mut Ui,
    prompt: &mut dyn Prompt,
) -> Result<(String, String, String, Format)> {
    let (project_id, default_source) = match &args.project_id {
        Some(id) => (Id::given("--project-id", id)?, None),
        None => ask_project(ctx, ui, prompt)?,
    };
    let source_language = match &args.source_language {
        Some(language) => language.clone(),
        None => prompt.line(
            &Message::from("Source language"),
            Some(&default_source.unwrap_or(Message::from("en"))),
        )?,
    };
    // The first pattern found in the tree, else an example.
    let found = detect::detect(&ctx.cwd, &source_language).0;
    let proposed = found.first().map_or_else(
        || Message::from("locales/{lang}.json"),
        |p| msg!("{}", outside(&p.pattern.path)),
    );
    let path = match &args.path {
        Some(path) => path.clone(),
        None => prompt.line(
            &Message::from("Path pattern ({lang} stands for the language)"),
            Some(&proposed),
        )?,
    };
    let format = match args.format {
        Some(format) => format,
        None => {
            let detected = found
                .iter()
                .find(|p| p.pattern.path == path)
                .map(|p| p.pattern.format);
            let guess = detected
                .or_else(|| Format::guess(&path))
                .unwrap_or(Format::JsonNested);
            let names: Vec<String> = Format::ALL.iter().map(ToString::to_string).collect();
            ui.info(msg!("Formats: {}", Message::untrusted(&names.join(", "))));
            let answer = prompt.line(&Message::from("Format"), Some(&msg!("{}", guess)))?;
            Format::from_name(&answer).ok_or_else(|| {
                Error::new(Kind::Usage, format!("unknown format `{answer}`"))
                    .with_hint(format!("use one of {}", names.join(", ")))
            })?
        }
    };
    Ok((project_id.to_string(), source_language, path, format))
}

/// Picks the project from the server's list (or takes a typed id), with its source
/// language when the list says it.
fn ask_project(
    ctx: &Context,
    ui: &mut Ui,
    prompt: &mut dyn Prompt,
) -> Result<(Id, Option<Message>)> {
    let projects = api::projects::projects(&super::client(ctx, ui)?)?;
    ui.info(match projects.len() {
        0 => Message::from("The token sees no projects; type a project id"),
        _ => Message::from("Projects this token can see:"),
    });
    for (i, project) in projects.iter().enumerate() {
        let id = project.id().map_or(Message::default(), |id| msg!("{}", id));
        let name = project.name.as_ref().map(Message::from).unwrap_or_default();
        ui.info(msg!("  {}. {} ({})", i + 1, name, id));
    }
    // Enter takes the only project; with several, an empty answer or a number
    // not on the list is asked again (three times at most).
    let only = (projects.len() == 1).then(|| Message::from("1"));
    let mut answer = String::new();
    for _ in 0..3 {
        answer = prompt.line(&Message::from("Project (number or id)"), only.as_ref())?;
        let listed = answer
            .parse::<usize>()
            .is_ok_and(|n| (1..=projects.len()).contains(&n));
        let number = !answer.is_empty() && answer.bytes().all(|b| b.is_ascii_digit());
        if !answer.is_empty() && (listed || !number) {
            break;
        }
        ui.info(match projects.len() {
            0 => Message::from("Type the project's id"),
            n => msg!("Type a number from 1 to {}, or a project id", n),
        });
    }
    let chosen = answer
        .parse::<usize>()
        .ok()
        .and_then(|n| projects.get(n.wrapping_sub(1)));
    let (id, source) = match chosen.and_then(|p| Some((p.id()?, p))) {
        Some((id, project)) => (id.clone(), project.source().map(Message::from)),
        // Checked now, not after every other question.
        None => (Id::given("the project", &answer)?, None),
    };
    Ok((id, source))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::Ui;
    use clap::Parser;

    /// Answers `line` questions in order, recording them.
    struct Answers(Vec<&'static str>, Vec<String>);

    impl Prompt for Answers {
        fn secret(
            &mut self,
            _: &Message,
        ) -> Result<crate::types::secret::Secret, crate::ui::prompt::NoAnswer> {
            unreachable!("init asks no secret")
        }

        fn confirm(&mut self, _: &Message) -> std::io::Result<bool> {
            unreachable!("init asks no yes/no question")
        }

        fn line(
            &mut self,
            question: &Message,
            default: Option<&Message>,
        ) -> std::io::Result<String> {
            let default = default.map(Message::to_string).unwrap_or_default();
            self.1.push(format!("{question} [{default}]"));
            let answer = self.0.remove(0);
            Ok(if answer.is_empty() {
                default
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

    /// A terminal session in a fresh directory whose token sees `projects` (listing
    /// items), served by a loopback server the returned runtime keeps alive.
    fn with_projects(
        projects: serde_json::Value,
    ) -> (
        tokio::runtime::Runtime,
        wiremock::MockServer,
        tempfile::TempDir,
        Context,
    ) {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let server = runtime.block_on(wiremock::MockServer::start());
        let total = projects.as_array().map_or(0, Vec::len);
        let page = serde_json::json!({
            "data": projects,
            "meta": {"page": 1, "limit": 200, "total": total, "totalPages": 1}
        });
        runtime.block_on(
            wiremock::Mock::given(wiremock::matchers::path("/api/v1/projects"))
                .respond_with(wiremock::ResponseTemplate::new(200).set_body_json(page))
                .mount(&server),
        );
        let dir = tempfile::tempdir().unwrap();
        let ctx = Context {
            cwd: dir.path().to_owned(),
            ..Context::default()
        }
        .on_terminal()
        .logged_in("entri_inittest0000000", &server.uri());
        (runtime, server, dir, ctx)
    }

    #[test]
    fn enter_takes_the_only_project() {
        let (_runtime, _server, dir, ctx) = with_projects(
            serde_json::json!([{"_id": "proj_a", "name": "Site", "sourceLanguage": "en"}]),
        );
        let (mut ui, _, _) = Ui::captured(false);
        let mut answers = Answers(vec!["", "", "", ""], Vec::new());
        run(&ctx, &init_args(&[]), &mut ui, &mut answers).unwrap();
        assert_eq!(answers.1[0], "Project (number or id) [1]");
        let text = std::fs::read_to_string(dir.path().join(".nt3.yml")).unwrap();
        assert_eq!(
            project::config::parse(&text)
                .unwrap()
                .config
                .project_id
                .as_str(),
            "proj_a"
        );
    }

    #[test]
    fn init_on_a_terminal_picks_a_project_and_takes_the_defaults() {
        let (_runtime, _server, dir, ctx) = with_projects(serde_json::json!([
            {"_id": "proj_a", "name": "Site", "sourceLanguage": "en"},
            {"_id": "proj_b", "name": "App", "sourceLanguage": "de"}
        ]));
        let (mut ui, _, err) = Ui::captured(false);
        // Enter with two projects listed, then a number not on the list: asked again.
        let mut answers = Answers(vec!["", "7", "2", "", "", ""], Vec::new());
        run(&ctx, &init_args(&[]), &mut ui, &mut answers).unwrap();
        assert_eq!(
            answers.1,
            [
                "Project (number or id) []",
                "Project (number or id) []",
                "Project (number or id) []",
                "Source language [de]",
                "Path pattern ({lang} stands for the language) [locales/{lang}.json]",
                "Format [json-nested]",
            ]
        );
        assert!(
            err.text()
                .starts_with("Projects this token can see:\n  1. Site (proj_a)\n  2. App (proj_b)\nType a number from 1 to 2, or a project id\nType a number from 1 to 2, or a project id\nFormats: json-flat, json-nested,"),
            "{}",
            err.text()
        );
        let config =
            project::config::parse(&std::fs::read_to_string(dir.path().join(".nt3.yml")).unwrap())
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
            ..Context::default()
        }
        .on_terminal();
        let (mut ui, _, _) = Ui::captured(false);
        let mut answers = Answers(vec!["android/values-{lang}/strings.xml", ""], Vec::new());
        run(
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

    /// In a tree with translations, the path asked for defaults to the pattern found.
    #[test]
    fn init_on_a_terminal_proposes_the_pattern_it_finds() {
        let dir = tempfile::tempdir().unwrap();
        for folder in ["values", "values-de", "values-pt-rBR"] {
            let res = dir.path().join("app/res").join(folder);
            std::fs::create_dir_all(&res).unwrap();
            std::fs::write(res.join("strings.xml"), "<resources/>").unwrap();
        }
        let ctx = Context {
            cwd: dir.path().to_owned(),
            ..Context::default()
        }
        .on_terminal();
        let (mut ui, _, err) = Ui::captured(false);
        let mut answers = Answers(vec!["", ""], Vec::new());
        run(
            &ctx,
            &init_args(&["--project-id", "proj_c", "--source-language", "en"]),
            &mut ui,
            &mut answers,
        )
        .unwrap();
        assert_eq!(
            answers.1,
            [
                "Path pattern ({lang} stands for the language) [app/res/values-{lang}/strings.xml]",
                "Format [android-xml]",
            ]
        );
        assert!(!err.text().contains("matches no file"), "{}", err.text());
    }
}
