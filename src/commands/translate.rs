//! `nt3 translate [LANG]` (alias `tr`): AI translation of the untranslated keys.
//!
//! For each language: check `ai/status` (AI set up, the provider and model available),
//! start a job, and follow its event stream (see [`api::ai::TranslateEvent`]) until it ends.
//! A stream that drops, or goes silent for the request timeout, is reopened for the
//! same job (with `Last-Event-ID`), so no work is started twice; after
//! [`MAX_REOPENS`] it is an error. Ctrl-C cancels the job on the server, then exits 130.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use anyhow::Result;
use futures_util::StreamExt;
use reqwest::header::{ACCEPT, HeaderMap, HeaderValue};
use serde_json::{Value, json};

use crate::api::{self, ai::Phase, ai::TranslateEvent};
use crate::cli::TranslateArgs;
use crate::context::Context;
use crate::error::{CommandResult, Error, Kind, Outcome};
use crate::http::{Client, Core};
use crate::sync;
use crate::types::names::Id;
use crate::types::names::is_language;
use crate::types::text::Untrusted;
use crate::ui::prompt::Prompt;
use crate::ui::{Message, Notices, Ui, cause, msg, outside};

/// How many times a dropped event stream is reopened for one job.
pub const MAX_REOPENS: u32 = 3;

/// The most bytes the progress stream may send without completing an event (a progress
/// event is a few hundred). It bounds memory, and the time the event parser takes, which
/// grows with the square of an event's size when it comes in small pieces.
pub const MAX_EVENT: usize = 64 * 1024;

pub fn run(
    ctx: &Context,
    args: &TranslateArgs,
    ui: &mut Ui,
    prompt: &mut dyn Prompt,
) -> CommandResult {
    let project = sync::load(ctx.project_root.as_deref(), ui)?;
    let project_id = project.config.project_id.clone();
    let asked = args.lang.as_ref().or(args.language.as_ref());
    if let Some(language) = asked {
        sync::check_language(Some(language))?;
    }
    let client = super::client(ctx, ui)?;

    let status = api::ai::ai_status(&client, &project_id)?;
    if !status.configured {
        return Err(Error::new(
            Kind::Failure,
            format!("AI translation is not set up for project {project_id}"),
        )
        .with_hint("set up a provider in the Entri dashboard > Project Settings > AI Translation")
        .into());
    }
    let provider = args.provider.map(|p| p.as_str());
    if let Some(provider) = provider
        && !status.providers.iter().any(|p| p.raw() == provider)
    {
        return Err(Error::new(
            Kind::Usage,
            format!(
                "the provider `{provider}` is not available for project {project_id} (available: {})",
                list(status.providers.iter().map(Untrusted::raw))
            ),
        )
        .with_hint("leave out `--provider`, or set the provider up in the Entri dashboard")
        .into());
    }
    if let Some(model) = &args.model
        && !status.models.iter().any(|m| m.id.raw() == model)
    {
        let ids: Vec<String> = status
            .models
            .iter()
            .map(|m| match &m.provider {
                Some(provider) => format!("{} ({})", m.id.raw(), provider.raw()),
                None => m.id.raw().to_owned(),
            })
            .collect();
        return Err(Error::new(
            Kind::Usage,
            format!(
                "the model `{model}` is not available (available: {})",
                list(ids.iter().map(String::as_str))
            ),
        )
        .into());
    }

    let languages = languages(ctx, args, asked, &client, &project_id, prompt)?;
    let bars = Bars::new(ctx, ui);
    let mut results = Vec::new();
    let mut errors = Vec::new();
    for language in &languages {
        let job = api::ai::start_translation(
            &client,
            &project_id,
            language.raw(),
            provider,
            args.model.as_deref(),
        )?;
        let bar = bars.add(language);
        let core = client.core();
        let outcome = client.run(async {
            tokio::select! {
                outcome = follow(&core, &project_id, &job, language, &bar) => Some(outcome),
                _ = tokio::signal::ctrl_c() => {
                    bar.abandon();
                    // Stop the server's work too; if that fails, say so, but still stop.
                    if let Err(err) = api::ai::cancel_translation(&core, &project_id, &job).await {
                        bar.warning(&msg!(
                            "could not cancel the job on the server: {}",
                            cause(&err)
                        ));
                    }
                    None
                }
            }
        });
        let Some(outcome) = outcome else {
            return Err(Error::new(
                Kind::Interrupted,
                format!(
                    "Interrupted; the translation into {} was cancelled",
                    language.raw()
                ),
            )
            .into());
        };
        match outcome {
            Ok(counts) => {
                bar.finish(&counts);
                if !bars.shown() {
                    ui.info(msg!("{}: {}", language, counts.summary()));
                }
                results.push((language.clone(), counts));
            }
            Err(err) => {
                bar.abandon();
                ui.error(msg!("{}: {}", language, outside(&err.to_string())));
                errors.push(format!("{}: {err}", language.raw()));
            }
        }
    }

    let failed_keys: u64 = results.iter().map(|(_, c)| c.failed).sum();
    let success = errors.is_empty() && failed_keys == 0;
    let document = json!({
        "languages": results.iter().map(|(language, c)| json!({
            "language": language, "translated": c.translated, "failed": c.failed, "skipped": c.skipped,
        })).collect::<Vec<Value>>(),
        "errors": errors,
    });
    Ok(Outcome::done(document).with_failures(!success))
}

/// The languages to translate: the one named, every target with `--all`, or the
/// answer to a question on a terminal.
fn languages(
    ctx: &Context,
    args: &TranslateArgs,
    asked: Option<&String>,
    client: &Client,
    project_id: &Id,
    prompt: &mut dyn Prompt,
) -> Result<Vec<Untrusted>> {
    if let Some(language) = asked {
        return Ok(vec![Untrusted::from(language.as_str())]);
    }
    let targets = || -> Result<Vec<Untrusted>, Error> {
        let project = api::projects::project(client, project_id)?;
        Ok(project.targets().cloned().collect())
    };
    if args.all {
        return Ok(targets()?);
    }
    ctx.terminal.may_ask(
        "no language given",
        "name one (`nt3 translate fr`), or translate them all with `--all`",
    )?;
    let targets = targets()?;
    let shown: Vec<Message> = targets.iter().map(Message::from).collect();
    let question = match shown.is_empty() {
        true => Message::from("Language to translate into (none, or `all`)"),
        false => msg!(
            "Language to translate into ({}, or `all`)",
            Message::join(&shown, ", ")
        ),
    };
    let answer = prompt.line(&question, None)?;
    match answer.as_str() {
        "all" => Ok(targets),
        code if is_language(code) => Ok(vec![Untrusted::from(code)]),
        other => Err(Error::new(
            Kind::Usage,
            format!("`{other}` is not a language code like `en` or `pt-BR`"),
        )
        .into()),
    }
}

/// Names for an error's message: `a, b`, or `none`.
fn list<'a>(items: impl Iterator<Item = &'a str>) -> String {
    let items: Vec<&str> = items.collect();
    if items.is_empty() {
        "none".into()
    } else {
        items.join(", ")
    }
}

/// A job's counts so far.
#[derive(Debug, Clone, Copy, Default)]
pub struct Counts {
    translated: u64,
    failed: u64,
    skipped: u64,
    total: Option<u64>,
    batch: Option<(u64, Option<u64>)>,
}

impl Counts {
    fn update(&mut self, event: &TranslateEvent) {
        // Counts only grow: an event from before a reconnection never takes one back.
        let keep = |old: u64, new: Option<u64>| new.map_or(old, |new| new.max(old));
        self.translated = keep(self.translated, event.translated);
        self.failed = keep(self.failed, event.failed);
        self.skipped = keep(self.skipped, event.skipped);
        self.total = event.total.or(self.total);
        if let Some(batch) = event.batch {
            self.batch = Some((batch, event.batches.or(self.batch.and_then(|b| b.1))));
        }
    }

    fn done(&self) -> u64 {
        self.translated + self.failed + self.skipped
    }

    fn summary(&self) -> Message {
        msg!(
            "{} translated, {} failed, {} skipped",
            self.translated,
            self.failed,
            self.skipped
        )
    }

    fn batch(&self) -> Option<Message> {
        self.batch.map(|(batch, batches)| match batches {
            Some(batches) => msg!("batch {} of {}", batch, batches),
            None => msg!("batch {}", batch),
        })
    }
}

/// Follows a job's events until it ends; reopens a dropped stream.
async fn follow(
    core: &Core,
    project_id: &Id,
    job: &Id,
    language: &Untrusted,
    bar: &Bar,
) -> Result<Counts> {
    let url = api::ai::translation_stream(core, project_id, job);
    let mut counts = Counts::default();
    let mut last_id: Option<String> = None;
    for opening in 0..=MAX_REOPENS {
        if opening > 0 {
            bar.warning(&msg!(
                "{}: the progress stream broke off; reopening it (try {} of {})",
                language,
                opening,
                MAX_REOPENS
            ));
            tokio::time::sleep(Duration::from_millis(250 * u64::from(opening))).await;
        }
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT, HeaderValue::from_static("text/event-stream"));
        if let Some(id) = last_id
            .as_deref()
            .and_then(|id| HeaderValue::from_str(id).ok())
        {
            headers.insert("last-event-id", id);
        }
        let answer = core.open_events(&url, &headers).await?;
        let Some(body) = answer.stream else {
            return Err(core
                .status_error(&reqwest::Method::GET, &url, &answer)
                .into());
        };
        // Bytes read since the last whole event: a server that streams more than
        // `MAX_EVENT` without ending one is cut off, as a broken stream, so memory stays
        // bounded.
        let pending = Rc::new(Cell::new(0usize));
        let counted = Rc::clone(&pending);
        let chunks = futures_util::stream::unfold(body, move |mut body| {
            let counted = Rc::clone(&counted);
            async move {
                if counted.get() > MAX_EVENT {
                    return None;
                }
                match body.chunk().await {
                    Ok(Some(chunk)) => {
                        counted.set(counted.get() + chunk.len());
                        Some((Ok(chunk), body))
                    }
                    Ok(None) => None,
                    Err(err) => Some((Err(err), body)),
                }
            }
        });
        let mut events = std::pin::pin!(api::ai::events(chunks));
        loop {
            let next = tokio::time::timeout(core.idle_timeout(), events.next()).await;
            let Ok(Some(Ok(event))) = next else {
                // Silence, an error or the end without completion: reopen.
                break;
            };
            pending.set(0);
            if !event.id.is_empty() {
                last_id = Some(event.id.clone());
            }
            let (phase, data) = TranslateEvent::parse(&event.event, &event.data);
            counts.update(&data);
            bar.show(&counts);
            match phase {
                Phase::Running => {}
                Phase::Done => return Ok(counts),
                Phase::Failed => {
                    return Err(anyhow::anyhow!(
                        "the translation job failed: {}",
                        data.message.as_ref().map_or("(no message)", Untrusted::raw)
                    ));
                }
            }
        }
    }
    Err(anyhow::anyhow!(
        "the progress stream broke off {} times; the job may still be running on the server",
        MAX_REOPENS + 1
    ))
}

/// Progress bars, one per language, on a terminal; lines on the command's stderr
/// otherwise.
struct Bars {
    multi: Option<indicatif::MultiProgress>,
    notices: Notices,
}

impl Bars {
    fn new(ctx: &Context, ui: &Ui) -> Self {
        Self {
            multi: crate::ui::progress_shown(ctx.sync.progress, ui)
                .then(indicatif::MultiProgress::new),
            notices: ui.notices(),
        }
    }

    fn shown(&self) -> bool {
        self.multi.is_some()
    }

    fn add(&self, language: &Untrusted) -> Bar {
        let notices = self.notices.clone();
        let Some(multi) = &self.multi else {
            return Bar {
                drawn: Drawn::Lines {
                    language: language.clone(),
                    batch: std::cell::Cell::new(None),
                },
                notices,
            };
        };
        let bar = multi.add(indicatif::ProgressBar::new(0));
        if let Ok(style) =
            indicatif::ProgressStyle::with_template("{prefix:>8} {bar:30} {pos}/{len} keys {msg}")
        {
            bar.set_style(style);
        }
        bar.set_prefix(Message::from(language).to_string());
        Bar {
            drawn: Drawn::Terminal(bar),
            notices,
        }
    }
}

/// One language's progress, and where its warnings go.
struct Bar {
    drawn: Drawn,
    notices: Notices,
}

/// A bar on a terminal, else a line per batch.
enum Drawn {
    Terminal(indicatif::ProgressBar),
    Lines {
        language: Untrusted,
        batch: std::cell::Cell<Option<u64>>,
    },
}

impl Bar {
    /// A warning on the command's stderr, with the bar out of its way.
    fn warning(&self, line: &Message) {
        match &self.drawn {
            Drawn::Terminal(bar) => bar.suspend(|| self.notices.warning(line)),
            Drawn::Lines { .. } => self.notices.warning(line),
        }
    }

    fn show(&self, counts: &Counts) {
        let batch = counts.batch();
        match &self.drawn {
            Drawn::Terminal(bar) => {
                if let Some(total) = counts.total {
                    bar.set_length(total);
                }
                bar.set_position(counts.done());
                if let Some(batch) = batch {
                    bar.set_message(batch.to_string());
                }
            }
            Drawn::Lines {
                language,
                batch: last,
            } => {
                let current = counts.batch.map(|(n, _)| n);
                if current.is_some() && current != last.get() {
                    last.set(current);
                    let of = counts.total.map(|t| msg!(" of {}", t)).unwrap_or_default();
                    self.notices.line(&msg!(
                        "{}: {} ({}{} keys)",
                        language,
                        batch.unwrap_or_default(),
                        counts.done(),
                        of
                    ));
                }
            }
        }
    }

    fn finish(&self, counts: &Counts) {
        if let Drawn::Terminal(bar) = &self.drawn {
            bar.finish_with_message(counts.summary().to_string());
        }
    }

    fn abandon(&self) {
        if let Drawn::Terminal(bar) = &self.drawn {
            bar.abandon();
        }
    }
}
