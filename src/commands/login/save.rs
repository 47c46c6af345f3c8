//! Saving a token as `nt3 login` does, and saying so: the URL it goes to (confirmed when
//! the working tree names it), the server's verdict, the save itself through
//! [`store::save`], and what the user should know afterwards.

use crate::api::{self, tokens::Check};
use crate::auth::file::{LOCAL_FILE_NAME, LOCK_FILE_NAME, Storage, Written};
use crate::auth::keyring;
use crate::auth::resolve::{SourceKind, Sources, State};
use crate::auth::store::{self, Decision, Destination, Retired, SaveOptions, Target};
use crate::context::Context;
use crate::env_vars::NT3_API_TOKEN;
use crate::error::{Error, Kind};
use crate::http::api_url::ApiUrl;
use crate::types::secret::Token;
use crate::types::text::Untrusted;
use crate::ui::prompt::Prompt;
use crate::ui::{Message, Ui, cause, msg, outside};
use anyhow::Result;
use serde_json::{Value, json};

/// The secret a login sends, for the words that name it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Secret {
    Token,
    Password,
    BrowserSignIn,
}

impl Secret {
    /// "nt3 sends {} there only when you say so".
    fn any(self) -> &'static str {
        match self {
            Self::Token => "a token",
            Self::Password => "a password",
            Self::BrowserSignIn => "a sign-in",
        }
    }

    /// "Send {} to … and save it there?".
    fn this(self) -> &'static str {
        match self {
            Self::Token => "the token",
            Self::Password => "your password",
            Self::BrowserSignIn => "the browser sign-in",
        }
    }
}

/// Where a secret the user gives goes, for saving to `target`: the rule's answer
/// ([`store::destination`]), confirmed on a terminal when the working tree named the
/// URL.
pub(crate) fn destination(
    ctx: &Context,
    ui: &mut Ui,
    prompt: &mut dyn Prompt,
    target: &Target,
    given: Option<&ApiUrl>,
    what: Secret,
) -> Result<Destination> {
    match store::destination(&ctx.auth, target, given)? {
        Decision::Go(destination) => Ok(destination),
        Decision::Ask(unconfirmed) => {
            ctx.terminal.may_ask(
                format!(
                    "{} here names the API URL {}, which was not given in this command; nt3 sends {} there only when you say so",
                    unconfirmed.from.raw(),
                    unconfirmed.url,
                    what.any()
                ),
                "if you trust that server, pass it with `-u <URL>`; or pass the URL you want with `-u`",
            )?;
            ui.warning(msg!(
                "{} here names the API URL {}, which you did not give",
                unconfirmed.from,
                unconfirmed.url
            ));
            let question = msg!(
                "Send {} to {} and save it there?",
                what.this(),
                unconfirmed.url
            );
            confirm(prompt, &question, "pass the URL you want with `-u <URL>`")?;
            Ok(unconfirmed.confirmed())
        }
    }
}

/// Where a token a server minted at `minted_at` is saved, for `target`
/// ([`store::destination_for_minted`]): `from` says where that URL came from when the
/// working tree chose it, and `fix` names the flag that avoids the question.
pub(crate) fn destination_for_minted(
    ctx: &Context,
    ui: &mut Ui,
    prompt: &mut dyn Prompt,
    target: &Target,
    (minted_at, from): (&ApiUrl, Option<Untrusted>),
    fix: &'static str,
) -> Result<Destination> {
    match store::destination_for_minted(&ctx.auth, target, minted_at, from)? {
        Decision::Go(destination) => Ok(destination),
        Decision::Ask(unconfirmed) => {
            ctx.terminal.may_ask(
                format!(
                    "the new token would come from {}, which {} names; nt3 writes that URL into your own config only when you say so, so nothing was created",
                    unconfirmed.url,
                    unconfirmed.from.raw(),
                ),
                fix,
            )?;
            ui.warning(msg!(
                "the new token would come from {}, which {} names, not your own config",
                unconfirmed.url,
                unconfirmed.from
            ));
            let question = msg!("Save it with the API URL {}?", unconfirmed.url);
            confirm(prompt, &question, fix)?;
            Ok(unconfirmed.confirmed())
        }
    }
}

/// Asks `question`; a no is a plain cancellation with `hint`.
fn confirm(prompt: &mut dyn Prompt, question: &Message, hint: &'static str) -> Result<()> {
    if prompt.confirm(question)? {
        Ok(())
    } else {
        Err(crate::error::cancelled("nothing was saved")
            .with_hint(hint)
            .into())
    }
}

/// Saves a token (checked at the destination when `verdict` says so) with
/// [`store::save`], and reports it as `nt3 login` does; `nt3 tokens
/// create --login` and `nt3 tokens rotate` report through here too. The `--json`
/// document of the save.
pub(crate) fn keep(
    ctx: &Context,
    ui: &mut Ui,
    options: &SaveOptions,
    token: &Token,
    destination: &Destination,
    verdict: Option<Check>,
) -> Result<Value> {
    let url = destination.url();
    let saved = store::save(&ctx.auth, options, token, destination)?;
    let shown = match &options.target {
        Target::Local => ctx.credential_file(true)?.1,
        _ => ctx.display(&saved.path),
    };
    match &saved.retired {
        Some(Retired::Removed) => ui.info("Removed the previous token from the OS keyring"),
        Some(Retired::Left { account, err }) => {
            ui.warning(msg!(
                "the previous token is still in the OS keyring: {}",
                cause(&err)
            ));
            ui.hint(keyring::leftover_hint(account));
        }
        None => {}
    }
    if saved.written == Written::Replaced {
        ui.warning(msg!("replaced `{}`, which could not be parsed", shown));
    }
    // What the server said comes first: the success line is the last word.
    report_verdict(ctx, ui, token, url, verdict)?;
    match (saved.storage, &options.target) {
        (Storage::File, Target::Connection(name)) => ui.success(msg!(
            "Login successful! Token saved to {} as connection `{}`",
            shown,
            outside(name)
        )),
        (Storage::File, _) => ui.success(msg!("Login successful! Token saved to {}", shown)),
        (Storage::Keyring, _) => ui.success(msg!(
            "Login successful! Token saved to the OS keyring (entry for {})",
            shown
        )),
    }
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
    let dir = saved.path.parent().unwrap_or(&ctx.cwd);
    if options.target.is_local() && !crate::fs::git::ignores(dir, LOCAL_FILE_NAME) {
        ui.hint(msg!(
            "add `{}` to `.gitignore` so the token is never committed",
            LOCAL_FILE_NAME
        ));
    }
    // Windows cannot lock a directory, so a lock file stays beside a local login.
    if cfg!(windows) && options.target.is_local() && !crate::fs::git::ignores(dir, LOCK_FILE_NAME) {
        ui.hint(msg!(
            "add `{}` to `.gitignore` too: Windows keeps it as the lock for `{}`",
            LOCK_FILE_NAME,
            LOCAL_FILE_NAME
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
                ctx.http.options(ui)?,
            );
            if let Some((_, Some(warning))) = listed.as_ref().map(crate::commands::describe_listed)
            {
                ui.warning(warning);
            }
        }
        Some(Check::Forbidden(err)) => {
            ui.note(msg!(
                "the server knows the token but refused a request with it: {}",
                outside(&err.to_string())
            ));
        }
        Some(Check::Unreachable(err)) => {
            ui.warning(msg!(
                "could not verify the token, so it is saved unverified: {}",
                outside(&err.to_string())
            ));
        }
        _ => {}
    }
    Ok(())
}

/// Asks the server about the token, at the URL it will be used with. A rejected token is
/// an error, so nothing is saved; any other answer is left to the caller to report.
pub(super) fn verify(ctx: &Context, ui: &Ui, token: &Token, url: &ApiUrl) -> Result<Check> {
    let url = url.clone();
    let verdict = api::tokens::check_token(
        url.clone(),
        token.clone(),
        "the token being saved".into(),
        ctx.http.options(ui)?,
    )?;
    match verdict {
        Check::Rejected(_) => Err(Error::new(
            Kind::NotAuthenticated,
            format!("the server at {url} rejected the token (401 Unauthorized); nothing was saved"),
        )
        .with_hint("the token is invalid, expired or revoked; create a new one in your Entri dashboard > Settings > API Tokens")
        .into()),
        verdict => Ok(verdict),
    }
}

/// Says when the token just saved will not be the one nt3 uses here.
fn warn_if_shadowed(ctx: &Context, local: bool, ui: &mut Ui) {
    if ctx.auth.env_token.is_some() {
        ui.warning(msg!(
            "`{}` is set and takes precedence over the token just saved",
            NT3_API_TOKEN
        ));
        ui.hint(msg!("unset `{}` to use the saved token", NT3_API_TOKEN));
    } else if !local {
        let sources = Sources::new(&ctx.auth);
        if let State::Token { .. } = sources.probe(SourceKind::Local).state {
            ui.warning(msg!(
                "`{}` in this directory has a token and takes precedence here",
                LOCAL_FILE_NAME
            ));
        } else if let Some(name) = ctx.auth.project_connection() {
            ui.warning(msg!(
                "this project's `.nt3.yml` uses connection `{}`, not the login just saved",
                outside(name)
            ));
            ui.hint(msg!(
                "log in to it with `nt3 login --connection {} --api-url <URL>`",
                outside(name)
            ));
        }
    }
}
