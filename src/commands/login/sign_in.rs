//! `nt3 login --email <ADDRESS>` and `nt3 login --web`: sign in with a password, or by
//! approving a device code in the browser, mint a token for nt3, save it as any login is
//! saved, and sign the session out.
//!
//! The API URL is the one the save rule allows for a secret the user gives
//! ([`crate::auth::store::destination`]): the password and the device sign-in go only
//! there. The password (a hidden prompt, or `--password-stdin`) and the session live in
//! memory only, for this command, and go to that origin only; neither is ever printed.
//! The session is signed out on every way out — success, an error, Ctrl-C or SIGTERM —
//! and a token minted but not saved is revoked again.

use std::io::Read;

use anyhow::{Context as _, Result};
use jiff::Timestamp;

use crate::api::account::Organization;
use crate::api::session::{self, Session, SignInError};
use crate::api::tokens::{CreatedToken, NewToken, TokenOwner};
use crate::auth::store::SaveOptions;
use crate::cli::LoginArgs;
use crate::context::Context;
use crate::error::{Error, Kind};
use crate::fs::interrupt;
use crate::http::Client;
use crate::http::api_url::ApiUrl;
use crate::types::names::Id;
use crate::types::secret::Secret;
use crate::types::text::Untrusted;
use crate::ui::prompt::{NoAnswer, Prompt};
use crate::ui::{Message, Ui, cause, msg, outside};

/// More than this on stdin is not a password.
const STDIN_LIMIT: u64 = 64 * 1024;

pub fn run(
    ctx: &Context,
    args: &LoginArgs,
    options: &SaveOptions,
    ui: &mut Ui,
    prompt: &mut dyn Prompt,
    api_url: Option<&ApiUrl>,
) -> Result<serde_json::Value> {
    let expires_at = crate::commands::expiry(args.expires_in.as_deref(), None, Timestamp::now())?;
    let named_org = args
        .org
        .as_deref()
        .map(|org| Id::given("--org", org))
        .transpose()?;
    let what = if args.email.is_some() {
        super::save::Secret::Password
    } else {
        super::save::Secret::BrowserSignIn
    };
    let destination = super::save::destination(ctx, ui, prompt, &options.target, api_url, what)?;
    // No retries: a refused or rate-limited sign-in is reported, with its wait.
    let mut http = ctx.http.options(ui)?;
    http.retries = false;
    let client = Client::without_token(destination.url().clone(), http)?;
    let session = match &args.email {
        Some(email) => {
            let password = password(ctx, args, prompt)?;
            session::sign_in(&client, email, &password).map_err(|err| sign_in_error(err, email))?
        }
        None => browser_session(ctx, ui, &client)?,
    };
    // From here the session is signed out however nt3 ends: Ctrl-C and SIGTERM included.
    let mut interrupted = Some(interrupt::Guard::task(session::sign_out_task(
        &client, &session,
    )));
    let kept = mint(
        ctx, args, ui, prompt, &client, &session, named_org, expires_at,
    )
    .and_then(|minted| {
        // Until it is saved, an interruption revokes the new token, then signs out (the
        // new guard is in place before the old one goes).
        if let Some(id) = minted.id.clone() {
            interrupted.replace(interrupt::Guard::task(session::revoke_and_sign_out_task(
                &client,
                &session,
                Some((minted.owner.clone(), id)),
            )));
        }
        let saved = super::save::keep(ctx, ui, options, &minted.token, &destination, None);
        interrupted.replace(interrupt::Guard::task(session::sign_out_task(
            &client, &session,
        )));
        if saved.is_err() {
            // Not saved: the token must not stay alive anywhere.
            withdraw(ui, &client, &session, &minted);
        }
        saved
    });
    if let Err(err) = session::sign_out(&client, &session) {
        ui.warning(msg!(
            "could not sign the session out: {}; it ends when it expires",
            cause(&err)
        ));
    }
    drop(interrupted);
    kept
}

/// A token minted with the session, and who owns it.
struct Minted {
    token: crate::types::secret::Token,
    id: Option<Id>,
    /// The organization whose token route minted it; `None`: BetterAuth's user key.
    owner: Option<TokenOwner>,
}

/// Revokes a minted token that could not be saved, with the session's rights.
fn withdraw(ui: &mut Ui, client: &Client, session: &Session, minted: &Minted) {
    let Some(id) = &minted.id else {
        ui.warning("the new token could not be saved, and the server gave no id to revoke it by");
        return;
    };
    match session::session_revoke(client, session, minted.owner.as_ref(), id) {
        Ok(()) => ui.info(msg!("Revoked the new token (id {}) again", id)),
        Err(err) => {
            ui.warning(msg!(
                "the new token (id {}) could not be saved, nor revoked: {}",
                id,
                cause(&err)
            ));
            ui.hint("revoke it in your Entri dashboard > Settings > API Tokens");
        }
    }
}

/// Browser sign-in (RFC 8628): show the code and where to enter it (opening the browser
/// on a desktop), then poll as the server says until it is approved, denied or expired.
fn browser_session(ctx: &Context, ui: &mut Ui, client: &Client) -> Result<Session> {
    let Some(code) = session::device_code(client)? else {
        return Err(
            Error::new(Kind::Failure, "this server does not offer browser sign-in")
                .with_hint(
                    "sign in with `nt3 login --email <ADDRESS>`, or paste a token with `nt3 login`",
                )
                .into(),
        );
    };
    let page = code
        .verification_uri_complete
        .as_ref()
        .unwrap_or(&code.verification_uri);
    ui.info(msg!(
        "Open {} and confirm the code {}",
        page,
        code.user_code
    ));
    if ctx.terminal.can_prompt() {
        open_browser(page);
    }
    ui.info("Waiting for you to approve the sign-in in the browser (Ctrl-C to stop)…");
    // Bounded whatever the server says: at most 30 minutes, polling every 1 to 60 s.
    let deadline = std::time::Instant::now()
        + std::time::Duration::from_secs(code.expires_in.clamp(1, 30 * 60));
    let mut interval = std::time::Duration::from_secs(code.interval.unwrap_or(5).clamp(1, 60));
    loop {
        std::thread::sleep(interval);
        let expired = match session::device_token(client, &code)? {
            session::DevicePoll::Granted(session) => return Ok(session),
            session::DevicePoll::Pending => std::time::Instant::now() >= deadline,
            session::DevicePoll::SlowDown => {
                interval = (interval + std::time::Duration::from_secs(5))
                    .min(std::time::Duration::from_secs(60));
                std::time::Instant::now() >= deadline
            }
            session::DevicePoll::Expired => true,
            session::DevicePoll::Denied => {
                return Err(Error::new(
                    Kind::NotAuthenticated,
                    "the sign-in was denied in the browser; nothing was saved",
                )
                .into());
            }
        };
        if expired {
            return Err(Error::new(
                Kind::NotAuthenticated,
                "the code expired before the sign-in was approved; nothing was saved",
            )
            .with_hint("run `nt3 login --web` again")
            .into());
        }
    }
}

/// Opens `page` in the desktop's browser, if it is an `http(s)` URL and there is one;
/// failing quietly, since the page is printed too. The URL is one argument, never shell
/// text.
fn open_browser(page: &Untrusted) {
    let Ok(url) = url::Url::parse(page.raw()) else {
        return;
    };
    if !matches!(url.scheme(), "http" | "https") {
        return;
    }
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(unix) {
        "xdg-open"
    } else {
        return;
    };
    let _ = std::process::Command::new(opener)
        .arg(url.as_str())
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
}

/// The password: from stdin with `--password-stdin`, else asked on the terminal.
fn password(ctx: &Context, args: &LoginArgs, prompt: &mut dyn Prompt) -> Result<Secret> {
    if args.password_stdin {
        let mut bytes = Vec::new();
        std::io::stdin()
            .take(STDIN_LIMIT)
            .read_to_end(&mut bytes)
            .context("cannot read the password from stdin")?;
        let text = String::from_utf8(bytes)
            .map_err(|_| Error::new(Kind::Usage, "the password on stdin is not valid UTF-8"))?;
        // A trailing newline from `echo` or a file is not part of the password.
        return Ok(Secret::new(text.trim_end_matches(['\r', '\n']).to_owned()));
    }
    ctx.terminal.may_ask(
        "no password given, and no terminal to ask for one",
        "pipe it to `nt3 login --email <ADDRESS> --password-stdin`",
    )?;
    prompt
        .secret(&Message::from("Password: "))
        .map_err(|no| match no {
            NoAnswer::Interrupted => {
                Error::new(Kind::Interrupted, "Interrupted; nothing was saved").into()
            }
            NoAnswer::Ended => anyhow::Error::from(crate::error::cancelled(
                "no password was entered, so nothing was saved",
            )),
            NoAnswer::Io(err) => {
                anyhow::Error::new(err).context("cannot read the password from the terminal")
            }
        })
}

fn sign_in_error(err: SignInError, email: &str) -> anyhow::Error {
    match err {
        SignInError::WrongCredentials => Error::new(
            Kind::NotAuthenticated,
            "the email address or the password is wrong",
        )
        .with_hint("check both; reset the password in your Entri dashboard if need be"),
        SignInError::Unverified => Error::new(
            Kind::Failure,
            format!("the address {email} is not verified yet"),
        )
        .with_hint("follow the link in the verification email, then try again"),
        SignInError::SecondFactor => Error::new(
            Kind::Failure,
            "this account signs in with a second factor, which nt3 cannot complete",
        )
        .with_hint(
            "create a token in your Entri dashboard > Settings > API Tokens, then `nt3 login`",
        ),
        SignInError::RateLimited(wait) => {
            Error::new(Kind::Failure, "too many sign-in attempts for now").with_hint(match wait {
                Some(secs) => format!("wait {secs} seconds and try again"),
                None => "wait a while and try again".to_string(),
            })
        }
        SignInError::Other(err) => err,
    }
    .into()
}

/// Picks the organization and creates the token with the session's rights.
#[allow(clippy::too_many_arguments)]
fn mint(
    ctx: &Context,
    args: &LoginArgs,
    ui: &mut Ui,
    prompt: &mut dyn Prompt,
    client: &Client,
    session: &Session,
    named_org: Option<Id>,
    expires_at: Option<Timestamp>,
) -> Result<Minted> {
    let name = args
        .name
        .clone()
        .unwrap_or_else(|| format!("nt3 on {}", hostname()));
    // The organization token route the Entri docs describe, where the server has it.
    let organizations = match &named_org {
        Some(_) => None,
        None => session::session_organizations(client, session)?,
    };
    // The organization and how to name it: `Acme (org_123)` when the server listed it.
    let (org, org_label) = match (named_org, organizations) {
        (Some(org), _) => (Some(org.clone()), Some(msg!("{}", org))),
        (None, Some(organizations)) => {
            let org = pick_organization(ctx, ui, prompt, &organizations)?;
            let label = organizations
                .iter()
                .find(|listed| *listed.id() == org)
                .map_or_else(|| msg!("{}", org), |listed| listed.label());
            (Some(org), Some(label))
        }
        (None, None) => (None, None),
    };
    let created = match &org {
        Some(org) => {
            let new = NewToken {
                name: name.clone(),
                expires_at,
                scopes: args.scopes.clone(),
            };
            let owner = TokenOwner::Organization(org.clone());
            session::session_create_token(client, session, &owner, &new)?
                .map(|created| (created, Some(owner)))
        }
        None => None,
    };
    let (created, owner): (CreatedToken, Option<TokenOwner>) = match created {
        Some(created) => created,
        // No token routes: BetterAuth's API-key plugin, whose keys belong to the user.
        None => {
            if !args.scopes.is_empty() {
                return Err(Error::new(
                    Kind::Usage,
                    "this server mints keys with BetterAuth's `api-key/create`, which takes no scopes",
                )
                .with_hint("run again without `--scope`")
                .into());
            }
            let expires_in = expires_at.map(|at| {
                let seconds = at.duration_since(Timestamp::now()).as_secs();
                u64::try_from(seconds).unwrap_or(0).max(1)
            });
            let created = session::session_create_api_key(client, session, &name, expires_in)?;
            (created, None)
        }
    };
    let id = created.about.id().cloned();
    let minted = Minted {
        token: created.token()?,
        id: id.clone(),
        owner: owner.clone(),
    };
    let whose = match (&owner, org_label) {
        (Some(_), Some(label)) => msg!("in organization {}", label),
        (Some(TokenOwner::Organization(org) | TokenOwner::Project(org)), None) => {
            msg!("in organization {}", org)
        }
        (None, _) => Message::from("for your account"),
    };
    let id = id.map_or(Message::from("none"), |id| msg!("{}", id));
    ui.info(msg!(
        "Created token \"{}\" (id {}) {}",
        outside(&name),
        id,
        whose
    ));
    Ok(minted)
}

fn pick_organization(
    ctx: &Context,
    ui: &mut Ui,
    prompt: &mut dyn Prompt,
    organizations: &[Organization],
) -> Result<Id> {
    match organizations {
        [] => Err(
            Error::new(Kind::Failure, "this account belongs to no organization")
                .with_hint("create or join one in your Entri dashboard")
                .into(),
        ),
        [only] => Ok(only.id().clone()),
        several if ctx.terminal.can_prompt() => {
            ui.info("Organizations:");
            for (i, organization) in several.iter().enumerate() {
                ui.info(msg!("  {}. {}", i + 1, organization.label()));
            }
            let answer = prompt.line(&Message::from("Organization (number or id)"), None)?;
            let chosen = answer
                .parse::<usize>()
                .ok()
                .and_then(|n| several.get(n.wrapping_sub(1)))
                .or_else(|| several.iter().find(|o| o.id().as_str() == answer));
            chosen.map(|o| o.id().clone()).ok_or_else(|| {
                Error::new(Kind::Usage, format!("`{answer}` is none of them")).into()
            })
        }
        several => {
            let labels: Vec<String> = several.iter().map(Organization::raw_label).collect();
            Err(Error::new(
                Kind::Usage,
                format!(
                    "the account has {} organizations: {}; say which",
                    several.len(),
                    labels.join(", ")
                ),
            )
            .with_hint("pass `--org <ID>`")
            .into())
        }
    }
}

/// This machine's name, for the token's default name.
fn hostname() -> String {
    #[cfg(unix)]
    {
        let mut buf = [0u8; 256];
        // SAFETY: the buffer is valid for its length; gethostname writes at most that.
        let ok = unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len()) } == 0;
        let end = buf.iter().position(|b| *b == 0).unwrap_or(buf.len());
        if let (true, Ok(name)) = (ok, std::str::from_utf8(&buf[..end]))
            && !name.is_empty()
        {
            return name.to_owned();
        }
    }
    "this machine".to_owned()
}
