//! `nt3 login`: check a token and save it to a credential file; with `--email` or
//! `--web`, sign in and mint one first ([`sign_in`]).

use crate::auth::file::Storage;
use crate::auth::store::{SaveOptions, Target};
use crate::cli::LoginArgs;
use crate::context::Context;
use crate::env_vars::NT3_API_TOKEN;
use crate::error::{CommandResult, Error, Kind, Outcome};
use crate::http::api_url::ApiUrl;
use crate::ui::prompt::Prompt;
use crate::ui::{Ui, msg};

mod save;
mod sign_in;
mod token;

use save::{destination, verify};
pub(crate) use save::{destination_for_minted, keep};
use token::read_token;
#[cfg(test)]
use token::{DASHBOARD_HINT, PROMPT};

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
        ui.hint(msg!(
            "use `--with-token` to read it from stdin, or set `{}`",
            NT3_API_TOKEN
        ));
    }
    let destination = destination(
        ctx,
        ui,
        prompt,
        &options.target,
        api_url.as_ref(),
        save::Secret::Token,
    )?;
    let verdict = if args.no_verify {
        None
    } else {
        Some(verify(ctx, ui, &token, destination.url())?)
    };
    let saved = keep(ctx, ui, &options, &token, &destination, verdict)?;
    Ok(Outcome::done(saved))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::{Cli, Command};
    use crate::ui::Message;
    use crate::ui::prompt::NoAnswer;
    use clap::Parser;
    use std::path::Path;

    struct Scripted(&'static str, Vec<String>);

    impl Prompt for Scripted {
        fn secret(&mut self, prompt: &Message) -> Result<crate::types::secret::Secret, NoAnswer> {
            self.1.push(prompt.to_string());
            Ok(crate::types::secret::Secret::new(self.0.to_string()))
        }

        fn confirm(&mut self, _: &Message) -> std::io::Result<bool> {
            unreachable!("login asks no yes/no question")
        }

        fn line(&mut self, _: &Message, _: Option<&Message>) -> std::io::Result<String> {
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
        let ctx = Context::for_test(dir);
        if terminal { ctx.on_terminal() } else { ctx }
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
        fn secret(&mut self, _: &Message) -> Result<crate::types::secret::Secret, NoAnswer> {
            unreachable!("the token is given with -t")
        }

        fn confirm(&mut self, question: &Message) -> std::io::Result<bool> {
            self.1.push(question.to_string());
            Ok(self.0)
        }

        fn line(&mut self, _: &Message, _: Option<&Message>) -> std::io::Result<String> {
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
