//! `nt3 overwrite` (alias `ow`): set existing translations by key.
//!
//! Input, in the documented priority: the inline options (`--key`, `--language`,
//! `--value`, `--namespace`), else `--file`, else a JSON array on stdin. Every item is
//! checked before the first request (fields present, a known language of the project),
//! then sent in chunks of [`CHUNK`]. Keys the server does not know are listed and make
//! the exit code 1, so CI notices.

use std::io::Read;

use anyhow::{Context as _, Result};
use serde_json::json;

use crate::api::{self, translations::NotFound, translations::Overwrite};
use crate::cli::OverwriteArgs;
use crate::context::Context;
use crate::error::{CommandResult, Error, Kind, Outcome};
use crate::sync;
use crate::types::text::Untrusted;
use crate::ui::{Message, Ui, msg};

/// Items per request.
pub const CHUNK: usize = 500;
/// The most JSON read from `--file` or stdin.
const MAX_INPUT: u64 = 16 * 1024 * 1024;

pub fn run(ctx: &Context, args: &OverwriteArgs, ui: &mut Ui) -> CommandResult {
    let items = input(ctx, args, ui)?;
    let project = sync::load(ctx.project_root.as_deref(), ui)?;
    let project_id = &project.config.project_id;
    let client = super::client(ctx, ui)?;
    let remote = api::projects::project(&client, project_id)?;
    let known: Vec<&str> = remote
        .source()
        .into_iter()
        .chain(remote.targets())
        .map(Untrusted::raw)
        .collect();
    for (i, item) in items.iter().enumerate() {
        if let Some(why) = problem(item, &known) {
            return Err(
                Error::new(Kind::Usage, format!("item {} ({}): {why}", i + 1, item.key))
                    .with_hint("nothing was sent; fix the item and run again")
                    .into(),
            );
        }
    }

    let mut overwritten = 0;
    let mut not_found: Vec<NotFound> = Vec::new();
    for chunk in items.chunks(CHUNK) {
        let done = api::translations::overwrite(&client, project_id, chunk)?;
        overwritten += done.overwritten;
        not_found.extend(done.not_found);
    }

    let document = json!({
        "overwritten": overwritten,
        "notFound": not_found,
    });
    let translations = |n: u64| {
        if n == 1 {
            Message::from("1 translation")
        } else {
            msg!("{} translations", n)
        }
    };
    if not_found.is_empty() {
        ui.success(msg!("Overwrote {}", translations(overwritten)));
        return Ok(Outcome::done(document));
    }
    ui.info(msg!(
        "Overwrote {}; {} not found (nothing was created for them):",
        translations(overwritten),
        not_found.len()
    ));
    for missing in &not_found {
        let namespace = missing
            .namespace
            .as_ref()
            .map(|n| msg!(" in {}", n))
            .unwrap_or_default();
        let language = missing
            .language
            .as_ref()
            .map(|l| msg!(" ({})", l))
            .unwrap_or_default();
        ui.error(msg!("not found: {}{}{}", missing.key, namespace, language));
    }
    Ok(Outcome::done(document).with_failures(true))
}

/// The items to overwrite, from the first input mode given.
fn input(ctx: &Context, args: &OverwriteArgs, ui: &mut Ui) -> Result<Vec<Overwrite>> {
    let inline = args.key.is_some()
        || args.value.is_some()
        || args.language.is_some()
        || args.namespace.is_some();
    if inline {
        if args.file.is_some() {
            ui.warning("`--file` is ignored: the inline options come first");
        }
        let missing: Vec<&str> = [
            ("`--key`", args.key.is_none()),
            ("`--language`", args.language.is_none()),
            ("`--value`", args.value.is_none()),
        ]
        .into_iter()
        .filter_map(|(flag, missing)| missing.then_some(flag))
        .collect();
        if !missing.is_empty() {
            return Err(Error::new(
                Kind::Usage,
                format!("inline mode needs {}", missing.join(", ")),
            )
            .with_hint("for example: nt3 overwrite -k common.save -l nl -v Opslaan")
            .into());
        }
        return Ok(vec![Overwrite {
            key: args.key.clone().unwrap_or_default(),
            namespace: args.namespace.clone(),
            language: args.language.clone().unwrap_or_default(),
            value: args.value.clone().unwrap_or_default(),
        }]);
    }
    let (bytes, source) = match &args.file {
        Some(path) => {
            let file = std::fs::File::open(path)
                .with_context(|| format!("cannot read `{}`", path.display()))?;
            (
                read_capped(file).with_context(|| format!("cannot read `{}`", path.display()))?,
                format!("`{}`", path.display()),
            )
        }
        None if ctx.terminal.stdin => {
            return Err(Error::new(Kind::Usage, "nothing to overwrite")
                .with_hint("pass `-k KEY -l LANG -v VALUE`, `--file fixes.json`, or pipe a JSON array to stdin")
                .into());
        }
        None => (
            read_capped(std::io::stdin()).context("cannot read stdin")?,
            "stdin".to_string(),
        ),
    };
    let items: Vec<Overwrite> = serde_json::from_slice(&bytes).map_err(|err| {
        Error::new(
            Kind::Usage,
            format!("{source} is not a JSON array of {{key, namespace?, language, value}}: {err}"),
        )
    })?;
    if items.is_empty() {
        return Err(Error::new(Kind::Usage, format!("{source} holds no items")).into());
    }
    Ok(items)
}

fn read_capped(reader: impl Read) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    reader.take(MAX_INPUT + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_INPUT {
        return Err(Error::new(Kind::Usage, "the input is larger than 16 MiB; split it").into());
    }
    Ok(bytes)
}

/// Why an item cannot be sent.
/// What is wrong with an item, if anything.
fn problem(item: &Overwrite, known: &[&str]) -> Option<String> {
    if item.key.trim().is_empty() {
        return Some("`key` is empty".into());
    }
    if !known.contains(&item.language.as_str()) {
        return Some(format!(
            "`{}` is not a language of the project (it has: {})",
            item.language,
            known.join(", ")
        ));
    }
    match &item.namespace {
        Some(namespace) if namespace.trim().is_empty() => Some("`namespace` is empty".into()),
        _ => None,
    }
}
