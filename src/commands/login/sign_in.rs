//! `nt3 login --email <ADDRESS>` and `nt3 login --web`: sign in with a password, or by
//! approving a device code in the browser, mint a token for nt3, save it as any login is
//! saved, and sign the session out.
//!
//! The API URL is chosen by the one URL rule, as for a token being saved
//! ([`crate::auth::resolve::Sources::api_url_for`]). The password (a hidden prompt, or
//! `--password-stdin`) and the session cookie live in memory only, for this command, and
//! go to that origin only; neither is ever printed. The session is signed out whatever
//! happens after signing in.

use std::io::Read;

use anyhow::{Context as _, Result};
use jiff::Timestamp;

use crate::api::{self, session::SignInError, tokens::NewToken, tokens::TokenOwner};
use crate::auth::store::SaveOptions;
use crate::cli::LoginArgs;
use crate::context::Context;
use crate::error::{Error, Kind};
use crate::http::Client;
use crate::http::api_url::ApiUrl;
use crate::types::names::Id;
use crate::types::secret::{Secret, Token};
use crate::ui::prompt::{NoAnswer, Prompt};
use crate::ui::{Ui, escape};

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
        .map(|org| Id::given("--org", org).map(|id| id.to_string()))
        .transpose()?;
    let base = super::save::destination(ctx, ui, prompt, &options.target, api_url)?;
    // No retries: a refused or rate-limited sign-in is reported, with its wait.
    let mut http = ctx.http.options()?;
    http.retries = false;
    let client = Client::without_token(base.clone(), http)?;
    let session = match &args.email {
        Some(email) => {
            let password = password(ctx, args, prompt)?;
            api::session::sign_in(&client, email, &password)
                .map_err(|err| sign_in_error(err, email))?
        }
        None => browser_session(ctx, ui, &client)?,
    };
    let minted = mint(
        ctx, args, ui, prompt, &client, &session, named_org, expires_at,
    );
    // Signed out whatever happened: the session's rights end with this command.
    if let Err(err) = api::session::sign_out(&client, &session) {
        ui.warning(format!(
            "could not sign the session out: {}; it ends when it expires",
            escape(&err.to_string())
        ));
    }
    let token = minted?;
    // Minted with the session at `base` and accepted there: no need to check it again.
    super::save::keep(ctx, ui, options, &token, (&base, Some(&base)), None)
}

/// Browser sign-in (RFC 8628): show the code and where to enter it (opening the browser
/// on a desktop), then poll as the server says until it is approved, denied or expired.
fn browser_session(ctx: &Context, ui: &mut Ui, client: &Client) -> Result<api::session::Session> {
    let Some(code) = api::session::device_code(client)? else {
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
        .as_deref()
        .unwrap_or(&code.verification_uri);
    ui.info(format!(
        "Open {} and confirm the code {}",
        escape(page),
        escape(&code.user_code)
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
        let expired = match api::session::device_token(client, &code)? {
            api::session::DevicePoll::Granted(session) => return Ok(session),
            api::session::DevicePoll::Pending => std::time::Instant::now() >= deadline,
            api::session::DevicePoll::SlowDown => {
                interval = (interval + std::time::Duration::from_secs(5))
                    .min(std::time::Duration::from_secs(60));
                std::time::Instant::now() >= deadline
            }
            api::session::DevicePoll::Expired => true,
            api::session::DevicePoll::Denied => {
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
fn open_browser(page: &str) {
    let Ok(url) = url::Url::parse(page) else {
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
    if !ctx.terminal.can_prompt() {
        return Err(Error::new(
            Kind::Usage,
            "no password given, and no terminal to ask for one",
        )
        .with_hint("pipe it to `nt3 login --email <ADDRESS> --password-stdin`")
        .into());
    }
    prompt.secret("Password: ").map_err(|no| match no {
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
    let email = escape(email);
    match err {
        SignInError::WrongCredentials => Error::new(
            Kind::NotAuthenticated,
            "the email address or the password is wrong",
        )
        .with_hint("check both; reset the password in your nt3 dashboard if need be"),
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
            "create a token in your nt3 dashboard > Settings > API Tokens, then `nt3 login`",
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
    session: &api::session::Session,
    named_org: Option<String>,
    expires_at: Option<Timestamp>,
) -> Result<Token> {
    let name = args
        .name
        .clone()
        .unwrap_or_else(|| format!("nt3 on {}", hostname()));
    // The organization token route the Entri docs describe, where the server has it.
    let organizations = match &named_org {
        Some(_) => None,
        None => api::session::session_organizations(client, session)?,
    };
    let org = match (named_org, organizations) {
        (Some(org), _) => Some(org),
        (None, Some(organizations)) => Some(pick_organization(ctx, ui, prompt, &organizations)?),
        (None, None) => None,
    };
    let created = match &org {
        Some(org) => {
            let new = NewToken {
                name: name.clone(),
                expires_at,
                scopes: args.scopes.clone(),
            };
            let owner = TokenOwner::Organization(org.clone());
            api::session::session_create_token(client, session, &owner, &new)?
        }
        None => None,
    };
    let (created, whose) = match (created, org) {
        (Some(created), Some(org)) => (created, format!("in organization {}", escape(&org))),
        // No token routes: BetterAuth's API-key plugin, whose keys belong to the user.
        _ => {
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
            let created = api::session::session_create_api_key(client, session, &name, expires_in)?;
            (created, "for your account".to_string())
        }
    };
    let token = created.token()?;
    ui.info(format!(
        "Created token \"{}\" (id {}) {whose}",
        escape(&name),
        escape(created.about.id()),
    ));
    Ok(token)
}

fn pick_organization(
    ctx: &Context,
    ui: &mut Ui,
    prompt: &mut dyn Prompt,
    organizations: &[api::account::Organization],
) -> Result<String> {
    match organizations {
        [] => Err(
            Error::new(Kind::Failure, "this account belongs to no organization")
                .with_hint("create or join one in your nt3 dashboard")
                .into(),
        ),
        [only] => Ok(only.id().to_owned()),
        several if ctx.terminal.can_prompt() => {
            for (i, organization) in several.iter().enumerate() {
                ui.info(format!("  {}. {}", i + 1, escape(&organization.label())));
            }
            let answer = prompt.line("Organization (number or id)", None)?;
            let chosen = answer
                .parse::<usize>()
                .ok()
                .and_then(|n| several.get(n.wrapping_sub(1)))
                .or_else(|| several.iter().find(|o| o.id() == answer));
            chosen.map(|o| o.id().to_owned()).ok_or_else(|| {
                Error::new(
                    Kind::Usage,
                    format!("`{}` is none of them", escape(&answer)),
                )
                .into()
            })
        }
        several => {
            let labels: Vec<String> = several
                .iter()
                .map(api::account::Organization::label)
                .collect();
            Err(Error::new(
                Kind::Usage,
                format!(
                    "the account has {} organizations: {}; say which",
                    several.len(),
                    escape(&labels.join(", "))
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
