//! `nt3 login`: check a token and save it to a credential file; with `--email` or
//! `--web`, sign in and mint one first ([`sign_in`]).

mod sign_in;

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};

use anyhow::{Context as _, Result};
use serde_json::{Value, json};

use crate::api::{self, tokens::Check};
use crate::auth::file::{LOCAL_FILE_NAME, Storage, Written};
use crate::auth::keyring;
use crate::auth::resolve::{self, Binding, Holder, SourceKind, Sources, State};
use crate::auth::store::{self, Retired, SaveOptions, Target};
use crate::cli::LoginArgs;
use crate::context::Context;
use crate::env_vars::NT3_API_TOKEN;
use crate::error::{CommandResult, Error, Kind, Outcome};
use crate::http::api_url::ApiUrl;
use crate::types::secret::Token;
use crate::ui::prompt::{NoAnswer, Prompt};
use crate::ui::{Ui, escape};

pub const DASHBOARD_HINT: &str =
    "To create an API token, visit your nt3 dashboard > Settings > API Tokens";
pub const PROMPT: &str = "Paste your API token: ";
/// More than this on stdin is not a token; stop reading rather than buffer it all.
const STDIN_LIMIT: u64 = 64 * 1024;

pub fn run(ctx: &Context, args: &LoginArgs, ui: &mut Ui, prompt: &mut dyn Prompt) -> CommandResult {
    let api_url = args
        .api_url
        .as_deref()
        .map(ApiUrl::parse)
        .transpose()
        .map_err(|err| Error::new(Kind::Usage, format!("invalid `--api-url`: {err}")))?;
    let options = SaveOptions {
        target: Target::chosen(&ctx.auth, args.local)?,
        storage: args.storage.map(Storage::from),
        force: args.force,
    };
    if args.email.is_some() || args.web {
        return Ok(Outcome::done(sign_in::run(
            ctx,
            args,
            &options,
            ui,
            prompt,
            api_url.as_ref(),
        )?));
    }
    let token = read_token(ctx, args, ui, prompt)?;
    if args.token.is_some() && ctx.terminal.stderr {
        ui.warning("`--token` leaves the token in your shell history and the process list");
        ui.hint(format!(
            "use `--with-token` to read it from stdin, or set `{NT3_API_TOKEN}`"
        ));
    }
    let url = destination(ctx, ui, prompt, &options.target, api_url.as_ref())?;
    let verdict = if args.no_verify {
        None
    } else {
        Some(verify(ctx, &token, &url)?)
    };
    let saved = keep(ctx, ui, &options, &token, (&url, api_url.as_ref()), verdict)?;
    Ok(Outcome::done(saved))
}

/// The API URL a token being saved to `target` goes to, by the one URL rule
/// ([`Sources::api_url_for`]); a URL the working tree names is taken only once the user
/// confirms it.
pub(super) fn destination(
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
pub(super) fn keep(
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
            if let Some((_, Some(warning))) = listed.as_ref().map(super::describe_listed) {
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
pub(super) fn confirm_url(
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
fn verify(ctx: &Context, token: &Token, url: &ApiUrl) -> Result<Check> {
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

fn read_token(
    ctx: &Context,
    args: &LoginArgs,
    ui: &mut Ui,
    prompt: &mut dyn Prompt,
) -> Result<Token> {
    let raw = if let Some(token) = &args.token {
        token.expose().to_owned()
    } else if args.with_token {
        let mut bytes = Vec::new();
        std::io::stdin()
            .take(STDIN_LIMIT)
            .read_to_end(&mut bytes)
            .context("cannot read the token from stdin")?;
        String::from_utf8(bytes)
            .map_err(|_| Error::new(Kind::InvalidToken, "the token on stdin is not valid UTF-8"))?
    } else if ctx.terminal.can_prompt() {
        ui.info(DASHBOARD_HINT);
        ui.info("");
        return ask_token(ui, prompt);
    } else {
        return Err(Error::new(
            Kind::Usage,
            "no token given, and no terminal to ask for one",
        )
        .with_hint("pipe the token to `nt3 login --with-token`, or pass it with `-t <TOKEN>`")
        .into());
    };
    Token::parse(&raw).map_err(|err| invalid_token(err).into())
}

/// A token is asked for this many times at most; a long one need not be fetched again
/// after a slip.
const ATTEMPTS: u32 = 3;

/// Asks for the token on the terminal, again after an empty or invalid answer.
fn ask_token(ui: &mut Ui, prompt: &mut dyn Prompt) -> Result<Token> {
    for attempt in 1..=ATTEMPTS {
        let answer = prompt.secret(PROMPT).map_err(|no| match no {
            NoAnswer::Interrupted => {
                Error::new(Kind::Interrupted, "Interrupted; nothing was saved").into()
            }
            NoAnswer::Ended => anyhow::Error::from(crate::error::cancelled(
                "no token was entered, so nothing was saved",
            )),
            NoAnswer::Io(err) => {
                anyhow::Error::new(err).context("cannot read the token from the terminal")
            }
        })?;
        match Token::parse(answer.expose()) {
            Ok(token) => return Ok(token),
            Err(err) if attempt < ATTEMPTS => ui.warning(format!(
                "{err}; paste the token again (try {} of {ATTEMPTS})",
                attempt + 1
            )),
            Err(err) => return Err(invalid_token(err).into()),
        }
    }
    unreachable!("the last attempt returns")
}

fn invalid_token(err: crate::types::secret::TokenError) -> Error {
    Error::new(Kind::InvalidToken, err.to_string())
        .with_hint("copy the whole token from your nt3 dashboard > Settings > API Tokens")
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::{Cli, Command};
    use clap::Parser;

    struct Scripted(&'static str, Vec<String>);

    impl Prompt for Scripted {
        fn secret(&mut self, prompt: &str) -> Result<crate::types::secret::Secret, NoAnswer> {
            self.1.push(prompt.to_string());
            Ok(crate::types::secret::Secret::new(self.0.to_string()))
        }

        fn confirm(&mut self, _: &str) -> std::io::Result<bool> {
            unreachable!("login asks no yes/no question")
        }

        fn line(&mut self, _: &str, _: Option<&str>) -> std::io::Result<String> {
            unreachable!("login asks for no text")
        }
    }

    fn login_args(args: &[&str]) -> LoginArgs {
        let argv = ["nt3", "login"].iter().chain(args);
        match Cli::parse_from(argv).command {
            Command::Login(args) => args,
            _ => unreachable!(),
        }
    }

    fn context(dir: &Path, terminal: bool) -> Context {
        Context {
            cwd: dir.join("work"),
            home: Some(dir.to_owned()),
            auth: crate::auth::Settings {
                config_dir: Ok(dir.join(".nt3")),
                local_dir: dir.join("work"),
                ..Default::default()
            },
            terminal: crate::context::Terminal {
                stdin: terminal,
                stdout: false,
                stderr: terminal,
            },
            ..Context::default()
        }
    }

    #[test]
    fn prompts_on_a_terminal_and_saves_the_pasted_token() {
        let dir = tempfile::tempdir().unwrap();
        let ctx = context(dir.path(), true);
        let (mut ui, out, err) = Ui::captured(false);
        let mut prompt = Scripted("entri_pasted0000000x7Qa\r\n", Vec::new());
        run(&ctx, &login_args(&["--no-verify"]), &mut ui, &mut prompt).unwrap();
        assert_eq!(prompt.1, [PROMPT]);
        assert_eq!(
            err.text(),
            format!("{DASHBOARD_HINT}\n\nLogin successful! Token saved to ~/.nt3/config.json\n")
        );
        assert_eq!(out.text(), "");
        let saved = std::fs::read_to_string(dir.path().join(".nt3/config.json")).unwrap();
        assert!(saved.contains("\"entri_pasted0000000x7Qa\""), "{saved}");
    }

    #[test]
    fn a_bad_pasted_token_is_rejected_and_nothing_saved() {
        let dir = tempfile::tempdir().unwrap();
        let ctx = context(dir.path(), true);
        let (mut ui, _, err_stream) = Ui::captured(false);
        let mut prompt = Scripted("sk_live_123", Vec::new());
        let err = run(&ctx, &login_args(&["--no-verify"]), &mut ui, &mut prompt).unwrap_err();
        assert_eq!(
            err.to_string(),
            r#"Invalid token format. Tokens should start with "entri_""#
        );
        assert_eq!(prompt.1.len(), 3, "asked three times");
        assert!(
            err_stream
                .text()
                .contains("; paste the token again (try 3 of 3)\n"),
            "{}",
            err_stream.text()
        );
        assert!(!dir.path().join(".nt3").exists());
    }

    #[test]
    fn token_flag_on_a_terminal_warns_about_the_process_list() {
        let dir = tempfile::tempdir().unwrap();
        let (mut ui, _, err) = Ui::captured(false);
        let mut prompt = Scripted("unused", Vec::new());
        run(
            &context(dir.path(), true),
            &login_args(&["--no-verify", "-t", "entri_flagtoken0000"]),
            &mut ui,
            &mut prompt,
        )
        .unwrap();
        assert!(prompt.1.is_empty(), "no prompt when the token is given");
        assert!(err.text().starts_with(
            "warning: `--token` leaves the token in your shell history and the process list\n\
             hint: use `--with-token` to read it from stdin, or set `NT3_API_TOKEN`\n"
        ));

        let (mut ui, _, err) = Ui::captured(false);
        run(
            &context(dir.path(), false),
            &login_args(&["--no-verify", "-t", "entri_flagtoken0000"]),
            &mut ui,
            &mut prompt,
        )
        .unwrap();
        assert!(
            !err.text().contains("warning"),
            "no warning without a terminal: {}",
            err.text()
        );
    }

    /// Answers the one yes/no question, recording it.
    struct Consent(bool, Vec<String>);

    impl Prompt for Consent {
        fn secret(&mut self, _: &str) -> Result<crate::types::secret::Secret, NoAnswer> {
            unreachable!("the token is given with -t")
        }

        fn confirm(&mut self, question: &str) -> std::io::Result<bool> {
            self.1.push(question.to_string());
            Ok(self.0)
        }

        fn line(&mut self, _: &str, _: Option<&str>) -> std::io::Result<String> {
            unreachable!("login asks for no text")
        }
    }

    #[test]
    fn on_a_terminal_a_planted_api_url_is_adopted_only_when_confirmed() {
        let dir = tempfile::tempdir().unwrap();
        let ctx = context(dir.path(), true);
        std::fs::create_dir_all(&ctx.cwd).unwrap();
        let planted = "{\"api_url\": \"https://entri.example.com\"}";
        std::fs::write(ctx.auth.local_path(), planted).unwrap();
        let args = login_args(&["--local", "--no-verify", "-t", "entri_consent00000000"]);

        let (mut ui, _, err) = Ui::captured(false);
        let mut no = Consent(false, Vec::new());
        let refused = run(&ctx, &args, &mut ui, &mut no).unwrap_err();
        assert_eq!(
            no.1,
            ["Send the token to https://entri.example.com and save it there?"]
        );
        assert_eq!(refused.to_string(), "Cancelled; nothing was saved");
        assert!(err.text().contains(
            "warning: `.nt3.local.json` here names the API URL https://entri.example.com, which you did not give\n"
        ), "{}", err.text());
        assert_eq!(
            std::fs::read_to_string(ctx.auth.local_path()).unwrap(),
            planted
        );

        let (mut ui, _, _) = Ui::captured(false);
        run(&ctx, &args, &mut ui, &mut Consent(true, Vec::new())).unwrap();
        let saved = std::fs::read_to_string(ctx.auth.local_path()).unwrap();
        assert!(
            saved.contains("entri_consent00000000") && saved.contains("https://entri.example.com"),
            "{saved}"
        );
    }
}
