//! `nt3 status`: the active token, where it and its API URL come from, and every source.

use anyhow::Result;
use serde_json::{Value, json};

use crate::api::{self, tokens::Check};
use crate::auth::ChosenBy;
use crate::auth::file::Storage;
use crate::auth::resolve::{Active, Probe, SourceKind, Sources, State, UrlSource, not_logged_in};
use crate::content;
use crate::context::Context;
use crate::env_vars::NT3_API_URL;
use crate::error::{CommandError, CommandResult, Error, Kind, Outcome};
use crate::http::api_url::ApiUrl;
use crate::project;
use crate::ui::{Message, Shown, Ui, bold, msg, outside};

pub fn run(ctx: &Context, args: &crate::cli::StatusArgs, ui: &mut Ui) -> CommandResult {
    let sources = Sources::new(&ctx.auth);
    let probes = SourceKind::ORDER.map(|kind| sources.probe(kind));
    let (active, mut failure) = match sources.active() {
        Ok(Some(active)) => (Some(active), None),
        Ok(None) => (None, Some(not_logged_in())),
        Err(err) => (None, Some(err)),
    };
    let active_kind = active.as_ref().map(|a| a.kind);
    let (verdict, listed) = match &active {
        Some(active) if args.check => {
            let (verdict, err, listed) = check(ctx, ui, active)?;
            failure = err;
            (Some(verdict), listed)
        }
        _ => (None, None),
    };
    let described = listed.as_ref().map(super::describe_listed);

    let mut doc = document(ctx, &active, &probes, active_kind, args.show_token);
    if ui.json {
        if let Some(verdict) = verdict {
            doc["check"] = json!({ "result": verdict.as_str() });
            if let Some(listed) = &listed {
                doc["check"]["token"] = listed.to_json();
            }
        }
        if let Some(project) = project_summary(ctx, true) {
            doc["project"] = project;
        }
    } else {
        // Written at once: one write, however many files the project has.
        let mut out = Vec::new();
        match &active {
            Some(active) => describe_active(active, args.show_token, &mut out),
            None => out.push(bold(Message::from("Not logged in"))),
        }
        if let Some(verdict) = verdict {
            out.push(msg!("  Server:  {}", verdict.summary()));
        }
        if let Some((line, _)) = &described {
            out.push(msg!("  Token:   {}", line));
        }
        out.push(Message::default());
        out.push(Message::from("Sources, highest priority first:"));
        for (i, probe) in probes.iter().enumerate() {
            let name = probe.name();
            let name = outside(&name);
            out.push(msg!(
                "  {}. {} — {}",
                i + 1,
                name,
                label(probe, active_kind)
            ));
            if let Some(loose) = probe.loose_mode {
                out.push(msg!("     {}", outside(&loose.describe(&probe.name()))));
            }
            if probe.keyring_leftover {
                out.push(msg!(
                    "     an earlier token is still in the OS keyring (service `nt3`, account `{}`); the next `nt3 login` or `nt3 logout` removes it",
                    name
                ));
            }
            if probe.kind == SourceKind::Global {
                describe_connections(ctx, probe, &mut out);
            }
        }
        describe_project(ctx, args.verbose, &mut out);
        ui.out(Message::join(&out, "\n"));
    }
    if let Some((_, Some(warning))) = &described {
        ui.warning(warning);
    }
    let Some(err) = failure else {
        return Ok(Outcome::done(doc));
    };
    let err = CommandError::from(err).with_document(doc);
    // Without a token the answer is "not authenticated", whatever stood in the way.
    Err(match active {
        Some(_) => err,
        None => err.exit_as(Kind::NotAuthenticated),
    })
}

/// The server's verdict on the active token (`--check`).
#[derive(Debug, Clone, Copy)]
enum Verdict {
    Valid,
    Rejected,
    Forbidden,
    Unreachable,
}

impl Verdict {
    fn as_str(self) -> &'static str {
        match self {
            Self::Valid => "valid",
            Self::Rejected => "rejected",
            Self::Forbidden => "forbidden",
            Self::Unreachable => "unreachable",
        }
    }

    fn summary(self) -> &'static str {
        match self {
            Self::Valid => "accepts the token",
            Self::Rejected => "rejected the token (401: invalid, expired or revoked)",
            Self::Forbidden => "knows the token, but it lacks permission (403)",
            Self::Unreachable => "unreachable, so the token was not checked",
        }
    }
}

/// The server's verdict, and for an accepted token its entry in the token list, when
/// the list identifies it.
fn check(
    ctx: &Context,
    ui: &Ui,
    active: &Active,
) -> Result<(Verdict, Option<Error>, Option<api::tokens::ApiToken>)> {
    let verdict = api::tokens::check_token(
        active.api_url.clone(),
        active.token.clone(),
        active.source_name(),
        ctx.http.options(ui)?,
    )?;
    Ok(match verdict {
        Check::Valid => {
            let listed = api::tokens::identify(
                active.api_url.clone(),
                active.token.clone(),
                active.source_name(),
                ctx.http.options(ui)?,
            );
            (Verdict::Valid, None, listed)
        }
        Check::Rejected(err) => (Verdict::Rejected, Some(err), None),
        Check::Forbidden(err) => (Verdict::Forbidden, Some(err), None),
        Check::Unreachable(err) => (Verdict::Unreachable, Some(err), None),
    })
}

fn describe_active(active: &Active, show_token: bool, out: &mut Vec<Message>) {
    // The one place a token is shown in full, when asked (`--show-token`): a token is
    // printable ASCII, checked when parsed.
    let token = if show_token {
        Message::untrusted(active.token.expose())
    } else {
        msg!("{}", active.token.masked())
    };
    out.push(msg!(
        "{} with token {}",
        bold(Message::from("Logged in")),
        token
    ));
    let source = active.source_name();
    let source = outside(&source);
    match active.storage {
        Storage::File => out.push(msg!("  Source:  {}", source)),
        Storage::Keyring => out.push(msg!("  Source:  {} (keyring)", source)),
    }
    let why = match (&active.url_source, active.kind) {
        (UrlSource::Default, _) => Message::from("(default)"),
        (UrlSource::EnvVar, SourceKind::Env) => msg!("(from {})", NT3_API_URL),
        (UrlSource::EnvVar, _) => msg!("(from {}, overriding the token's file)", NT3_API_URL),
        (UrlSource::File(path), _) => msg!("(from {})", path),
    };
    out.push(msg!("  API URL: {} {}", active.api_url, why));
}

/// Which named connection is in use and why, then every one the global file has.
fn describe_connections(ctx: &Context, probe: &Probe, out: &mut Vec<Message>) {
    let in_use = ctx.auth.connection.as_ref();
    if let Some(chosen) = in_use {
        out.push(msg!(
            "     using connection `{}` (from {})",
            outside(&chosen.name),
            chosen_by(chosen.by)
        ));
    }
    for connection in &probe.connections {
        let marker = match in_use {
            Some(chosen) if chosen.name == connection.name => "*",
            _ => "-",
        };
        let url = connection.api_url.as_deref().map_or_else(
            || msg!("{}", ApiUrl::default_url()),
            |url| msg!("{}", outside(url)),
        );
        let token = if connection.has_token {
            ""
        } else {
            ", no token"
        };
        out.push(msg!(
            "     {} connection `{}`: {}{}",
            marker,
            outside(&connection.name),
            url,
            token
        ));
    }
}

fn chosen_by(by: ChosenBy) -> &'static str {
    match by {
        ChosenBy::Flag => "--connection",
        ChosenBy::Env => crate::env_vars::NT3_CONNECTION,
        ChosenBy::Project => ".nt3.yml",
    }
}

fn label(probe: &Probe, active: Option<SourceKind>) -> Message {
    match &probe.state {
        State::Absent if probe.kind == SourceKind::Env => "not set".into(),
        State::Absent => "not found".into(),
        State::NoToken { api_url: Some(_) } if probe.kind == SourceKind::Local => {
            "no token (its `api_url` is not used without one)".into()
        }
        State::NoToken { .. } => "no token".into(),
        State::Token { .. } if Some(probe.kind) == active => "active".into(),
        State::Keyring { .. } if Some(probe.kind) == active => "active (keyring)".into(),
        State::Token { token, .. } => msg!("shadowed (token {})", token.masked()),
        State::Keyring { .. } => "token in the OS keyring, not used".into(),
        State::Broken { reason, .. } => msg!("unusable: it {}", outside(reason)),
    }
}

fn state_name(probe: &Probe, active: Option<SourceKind>) -> &'static str {
    match &probe.state {
        State::Absent => "absent",
        State::NoToken { .. } => "no_token",
        State::Token { .. } | State::Keyring { .. } if Some(probe.kind) == active => "active",
        State::Token { .. } | State::Keyring { .. } => "shadowed",
        State::Broken { .. } => "unusable",
    }
}

fn document(
    ctx: &Context,
    active: &Option<Active>,
    probes: &[&Probe],
    active_kind: Option<SourceKind>,
    show_token: bool,
) -> Value {
    let sources: Vec<Value> = probes
        .iter()
        .map(|probe| {
            let mut entry = json!({
                "source": probe.kind.as_str(),
                "name": probe.name(),
                "state": state_name(probe, active_kind),
            });
            if let State::Broken { reason, .. } = &probe.state {
                entry["error"] = reason.as_str().into();
            }
            if let Some(loose) = probe.loose_mode {
                entry["loose_mode"] = loose.as_json().into();
            }
            if probe.keyring_leftover {
                entry["keyring_leftover"] = true.into();
            }
            if probe.kind == SourceKind::Global && !probe.connections.is_empty() {
                let in_use = ctx.auth.connection.as_ref().map(|c| c.name.as_str());
                entry["connections"] = probe
                    .connections
                    .iter()
                    .map(|c| {
                        json!({
                            "name": c.name,
                            "api_url": c.api_url,
                            "logged_in": c.has_token,
                            "in_use": Some(c.name.as_str()) == in_use,
                        })
                    })
                    .collect();
            }
            entry
        })
        .collect();
    let mut doc = json!({
        "authenticated": active.is_some(),
        "token": null,
        "api_url": null,
        "sources": sources,
        "connection": ctx.auth.connection.as_ref().map(|c| json!({
            "name": c.name,
            "chosen_by": chosen_by(c.by),
        })),
    });
    if let Some(active) = active {
        doc["token"] = json!({
            "masked": active.token.masked().to_string(),
            "source": active.kind.as_str(),
            "path": active.path,
            "storage": active.storage.as_str(),
            "connection": active.connection,
        });
        if show_token {
            doc["token"]["value"] = active.token.expose().into();
        }
        let (source, path) = match &active.url_source {
            UrlSource::Default => ("default", None),
            UrlSource::EnvVar => ("env", None),
            UrlSource::File(path) => ("file", Some(path)),
        };
        doc["api_url"] =
            json!({ "url": active.api_url.to_string(), "source": source, "path": path });
    }
    doc
}

/// The project's `.nt3.yml` (here or in the nearest parent), if any, for `status --json`.
fn project_summary(ctx: &Context, list_files: bool) -> Option<Value> {
    let root = ctx.project_root.as_deref()?;
    let config_path = root.join(project::FILE_NAME);
    Some(match project::config::load(root).transpose()? {
        Err(err) => json!({ "path": config_path, "error": err.to_string() }),
        Ok(loaded) => {
            let config = &loaded.config;
            let mut scan = project::scan_cache::Scan::load(
                ctx.sync.cache_dir.as_deref(),
                root,
                &loaded.digest,
            );
            let patterns: Vec<Value> = config
                .file_patterns
                .iter()
                .map(|pattern| {
                    let found = scan.discover(pattern, &config.locales(pattern));
                    let languages: std::collections::BTreeSet<&str> =
                        found.files().map(|(_, language)| language).collect();
                    let languages: Vec<&str> = languages.into_iter().collect();
                    // Listed for `--json` and `--verbose`; otherwise counted.
                    let count = found.files().count();
                    let files: Vec<&str> = if list_files {
                        found.files().map(|(path, _)| path).collect()
                    } else {
                        Vec::new()
                    };
                    let skipped: Vec<Value> = found
                        .skipped
                        .iter()
                        .map(|s| json!({ "path": s.path, "reason": s.reason }))
                        .collect();
                    let namespace = match (&pattern.namespace, pattern.has_namespace_placeholder()) {
                        (_, true) => json!({ "from_path": true }),
                        (Some(name), false) => json!({ "name": name }),
                        (None, false) => json!({ "name": null }),
                    };
                    let mut summary = json!({ "path": pattern.path, "format": pattern.format.as_str(), "namespace": namespace, "languages": languages, "files": files, "count": count, "skipped": skipped });
                    // A pattern that matches nothing names what is near it.
                    if count == 0
                        && let Some(near) = project::nearby::nearby(root, pattern)
                    {
                        summary["nearby"] = near.into();
                    }
                    // A format Entri does not take is named before a push sends it.
                    if let Some(name) = content::unsupported(&pattern.path) {
                        summary["unsupported"] = format!("{name} files are not a format Entri takes").into();
                    }
                    summary
                })
                .collect();
            scan.save();
            json!({
                "path": config_path,
                "root": root,
                "project_id": config.project_id,
                "source_language": config.source_language,
                "file_patterns": patterns,
            })
        }
    })
}

fn describe_project(ctx: &Context, verbose: bool, out: &mut Vec<Message>) {
    let Some(summary) = project_summary(ctx, verbose) else {
        return;
    };
    out.push(Message::default());
    // Here, `.nt3.yml`; from a subdirectory, the path of the one in use.
    let shown = match ctx.project_root.as_deref() {
        Some(root) if root == ctx.cwd => Message::from(project::FILE_NAME),
        Some(root) => ctx.display(&root.join(project::FILE_NAME)),
        None => return,
    };
    let text = |value: &Value| {
        outside(value.as_str().unwrap_or_default())
            .shown()
            .into_owned()
    };
    if let Some(err) = summary.get("error").and_then(Value::as_str) {
        out.push(msg!("Project: `{}` {}", shown, outside(err)));
        return;
    }
    out.push(msg!(
        "Project ({}): {}, source language {}",
        shown,
        outside(&text(&summary["project_id"])),
        outside(&text(&summary["source_language"]))
    ));
    for pattern in summary["file_patterns"].as_array().into_iter().flatten() {
        let files: Vec<&str> = pattern["files"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let languages: Vec<&str> = pattern["languages"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let matched = match pattern["count"].as_u64().unwrap_or_default() {
            0 => Message::from("no files yet"),
            1 => msg!("1 file ({})", outside(&languages.join(", "))),
            n => msg!(
                "{} files in {} {} ({})",
                n,
                languages.len(),
                if languages.len() == 1 {
                    "language"
                } else {
                    "languages"
                },
                shorten(&languages)
            ),
        };
        let namespace = match pattern["namespace"]["name"].as_str() {
            _ if pattern["namespace"]["from_path"] == true => {
                Message::from("namespace from the path")
            }
            Some(name) => msg!("namespace {}", outside(name)),
            None => Message::from("default namespace"),
        };
        out.push(msg!(
            "  {} ({}, {}): {}",
            outside(pattern["path"].as_str().unwrap_or_default()),
            outside(pattern["format"].as_str().unwrap_or_default()),
            namespace,
            matched
        ));
        if verbose {
            for file in files {
                out.push(msg!("    {}", outside(file)));
            }
        }
        if let Some(why) = pattern["unsupported"].as_str() {
            out.push(msg!(
                "    unsupported: {}; Entri takes {}",
                outside(why),
                outside(&content::supported_list())
            ));
        }
        if let Some(near) = pattern["nearby"].as_str() {
            out.push(msg!("    nearby: {}", outside(near)));
        }
        // Nothing a pattern matches is skipped in silence.
        for skipped in pattern["skipped"].as_array().into_iter().flatten() {
            out.push(msg!(
                "    skipped {}: {}",
                outside(skipped["path"].as_str().unwrap_or_default()),
                outside(skipped["reason"].as_str().unwrap_or_default())
            ));
        }
    }
}

/// A list of language codes, the first dozen and a count of the rest.
fn shorten(languages: &[&str]) -> Message {
    const SHOWN: usize = 12;
    match languages.len() {
        n if n <= SHOWN => msg!("{}", outside(&languages.join(", "))),
        n => msg!(
            "{}, and {} more",
            outside(&languages[..SHOWN].join(", ")),
            n - SHOWN
        ),
    }
}
