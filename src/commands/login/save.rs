//! Saving a token as `nt3 login` does, and saying so: the URL it goes to (confirmed when
//! the working tree names it), the server's verdict, the save itself through
//! [`store::save`], and what the user should know afterwards.

use crate::api::{self, tokens::Check};
use crate::auth::file::{LOCAL_FILE_NAME, Storage, Written};
use crate::auth::keyring;
use crate::auth::resolve::{self, Binding, Holder, SourceKind, Sources, State};
use crate::auth::store::{self, Retired, SaveOptions, Target};
use crate::context::Context;
use crate::env_vars::NT3_API_TOKEN;
use crate::error::{Error, Kind};
use crate::http::api_url::ApiUrl;
use crate::types::secret::Token;
use crate::ui::prompt::Prompt;
use crate::ui::{Ui, escape};
use anyhow::Result;
use serde_json::{Value, json};
use std::path::Path;
use std::process::{Command, Stdio};

/// The API URL a token being saved to `target` goes to, by the one URL rule
/// ([`Sources::api_url_for`]); a URL the working tree names is taken only once the user
/// confirms it.
pub(crate) fn destination(
    ctx: &Context,
    ui: &mut Ui,
    prompt: &mut dyn Prompt,
    target: &Target,
    given: Option<&ApiUrl>,
) -> Result<ApiUrl> {
    let into = if target.is_local() {
        SourceKind::Local
    } else {
        SourceKind::Global
    };
    let holder = Holder::Saving { into, given };
    Ok(match Sources::new(&ctx.auth).api_url_for(holder)? {
        Binding::Bound(url, _) => url,
        Binding::Unconfirmed { url, file } => confirm_url(ctx, ui, prompt, &url, &file)?,
    })
}

/// Saves a token (checked at `url` when `verdict` says so) with [`store::save`], writing
/// `given` as its entry's `api_url`, and reports it as `nt3 login` does; `nt3 tokens
/// create --login` and `nt3 tokens rotate` report through here too. The `--json`
/// document of the save.
pub(crate) fn keep(
    ctx: &Context,
    ui: &mut Ui,
    options: &SaveOptions,
    token: &Token,
    (url, given): (&ApiUrl, Option<&ApiUrl>),
    verdict: Option<Check>,
) -> Result<Value> {
    let saved = store::save(&ctx.auth, options, token, given)?;
    let shown = match &options.target {
        Target::Local => ctx.credential_file(true)?.1,
        _ => ctx.display(&saved.path),
    };
    match &saved.retired {
        Some(Retired::Removed) => ui.info("Removed the previous token from the OS keyring"),
        Some(Retired::Left { account, err }) => {
            ui.warning(format!(
                "the previous token is still in the OS keyring: {err}"
            ));
            ui.hint(keyring::leftover_hint(account));
        }
        None => {}
    }
    if saved.written == Written::Replaced {
        ui.warning(format!("replaced `{shown}`, which could not be parsed"));
    }
    match (saved.storage, &options.target) {
        (Storage::File, Target::Connection(name)) => ui.success(format!(
            "Login successful! Token saved to {shown} as connection `{name}`"
        )),
        (Storage::File, _) => ui.success(format!("Login successful! Token saved to {shown}")),
        (Storage::Keyring, _) => ui.success(format!(
            "Login successful! Token saved to the OS keyring (entry for {shown})"
        )),
    }
    report_verdict(ctx, ui, token, url, verdict)?;
    let mut doc = json!({
        "success": true,
        "path": saved.path,
        "storage": saved.storage.as_str(),
        "api_url": saved.api_url.unwrap_or_else(|| ApiUrl::default_url().to_string()),
    });
    if let Target::Connection(name) = &options.target {
        doc["connection"] = name.as_str().into();
    }
    warn_if_shadowed(ctx, options.target.is_local(), ui);
    if options.target.is_local()
        && !git_ignores(saved.path.parent().unwrap_or(&ctx.cwd), LOCAL_FILE_NAME)
    {
        ui.hint(format!(
            "add `{LOCAL_FILE_NAME}` to `.gitignore` so the token is never committed"
        ));
    }
    Ok(doc)
}

/// What the server said of the token just saved, and its expiry if it is near.
fn report_verdict(
    ctx: &Context,
    ui: &mut Ui,
    token: &Token,
    url: &ApiUrl,
    verdict: Option<Check>,
) -> Result<()> {
    match verdict {
        Some(Check::Valid) => {
            // A token that will soon stop working is worth a word now.
            let listed = api::tokens::identify(
                url.clone(),
                token.clone(),
                "the token being saved".into(),
                ctx.http.options()?,
            );
            if let Some((_, Some(warning))) = listed.as_ref().map(crate::commands::describe_listed)
            {
                ui.warning(warning);
            }
        }
        Some(Check::Forbidden(err)) => {
            ui.note(format!(
                "the server knows the token but refused a request with it: {}",
                escape(&err.to_string())
            ));
        }
        Some(Check::Unreachable(err)) => {
            ui.warning(format!(
                "the token was saved without verification: {}",
                escape(&err.to_string())
            ));
        }
        _ => {}
    }
    Ok(())
}

/// `.nt3.local.json` names an API URL the user did not give for this token: adopt it only
/// if the user says so on a terminal; without one, refuse and name it.
fn confirm_url(
    ctx: &Context,
    ui: &mut Ui,
    prompt: &mut dyn Prompt,
    raw: &str,
    file: &Path,
) -> Result<ApiUrl> {
    let url = resolve::file_api_url(raw, file)?;
    let shown = escape(raw);
    if !ctx.terminal.can_prompt() {
        return Err(Error::new(
            Kind::Usage,
            format!(
                "`{LOCAL_FILE_NAME}` here names the API URL {shown}, which was not given in this command; nt3 sends a token there only when you say so"
            ),
        )
        .with_hint("if you trust that server, pass it with `-u <URL>`; or pass the URL you want with `-u`")
        .into());
    }
    ui.warning(format!(
        "`{LOCAL_FILE_NAME}` here names the API URL {shown}, which you did not give"
    ));
    let question = format!("Send the token to {shown} and save it there?");
    if prompt.confirm(&question)? {
        Ok(url)
    } else {
        Err(crate::error::cancelled("nothing was saved")
            .with_hint("pass the URL you want with `-u <URL>`")
            .into())
    }
}

/// Asks the server about the token, at the URL it will be used with. A rejected token is
/// an error, so nothing is saved; any other answer is left to the caller to report.
pub(super) fn verify(ctx: &Context, token: &Token, url: &ApiUrl) -> Result<Check> {
    let url = url.clone();
    let verdict = api::tokens::check_token(
        url.clone(),
        token.clone(),
        "the token being saved".into(),
        ctx.http.options()?,
    )?;
    match verdict {
        Check::Rejected(_) => Err(Error::new(
            Kind::NotAuthenticated,
            format!("the server at {url} rejected the token (401 Unauthorized); nothing was saved"),
        )
        .with_hint("the token is invalid, expired or revoked; create a new one in your nt3 dashboard > Settings > API Tokens")
        .into()),
        verdict => Ok(verdict),
    }
}

/// Says when the token just saved will not be the one nt3 uses here.
fn warn_if_shadowed(ctx: &Context, local: bool, ui: &mut Ui) {
    if ctx.auth.env_token.is_some() {
        ui.warning(format!(
            "`{NT3_API_TOKEN}` is set and takes precedence over the token just saved"
        ));
        ui.hint(format!("unset `{NT3_API_TOKEN}` to use the saved token"));
    } else if !local {
        let sources = Sources::new(&ctx.auth);
        if let State::Token { .. } = sources.probe(SourceKind::Local).state {
            ui.warning(format!(
                "`{LOCAL_FILE_NAME}` in this directory has a token and takes precedence here"
            ));
        } else if let Some(name) = ctx.auth.project_connection() {
            ui.warning(format!(
                "this project's `.nt3.yml` uses connection `{name}`, not the login just saved"
            ));
            ui.hint(format!(
                "log in to it with `nt3 login --connection {name} --api-url <URL>`"
            ));
        }
    }
}

/// Whether git ignores `name` in `dir`. Outside a repository, or without git, it does not.
///
/// The repository is not trusted, so nothing it configures may run: `--no-index` keeps
/// git from reading the index (which starts `core.fsmonitor`), the fsmonitor and hooks
/// are switched off explicitly, and `check-ignore` is a built-in (aliases cannot replace
/// it) that pages nothing. Git only reads ignore files and configuration here.
fn git_ignores(dir: &Path, name: &str) -> bool {
    Command::new("git")
        .args([
            "-c",
            "core.fsmonitor=false",
            "-c",
            "core.hooksPath=/dev/null",
            "--no-pager",
            "check-ignore",
            "--quiet",
            "--no-index",
            "--",
            name,
        ])
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}
