//! nt3, the command-line client of Entri.
//!
//! [`main`] parses the command line, runs one command and turns its outcome into an exit
//! code; it is the only place that maps errors to exit codes and prints them.

use std::ffi::OsString;
use std::process::ExitCode;

use clap::FromArgMatches;
use serde_json::json;

mod api;
mod auth;
pub mod cli;
mod commands;
mod content;
mod context;
mod env_vars;
mod error;
mod fs;
mod http;
mod project;
mod sync;
mod types;
mod ui;

/// For the integration tests on Windows: which other users a file's access list lets in.
#[cfg(windows)]
#[doc(hidden)]
pub use fs::acl::others as access_of_others;

use cli::{Cli, Command};
use context::Context;
use error::{CommandError, CommandResult, Error, Kind, Outcome, exit};
use ui::{Message, Ui, msg};

/// Runs nt3 with the given arguments (the first is the program name).
pub fn main(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    std::panic::set_hook(Box::new(|info| {
        let _ = std::io::Write::write_all(&mut std::io::stderr(), panic_report(info).as_bytes());
        fs::interrupt::after_panic();
    }));
    let args: Vec<OsString> = args.into_iter().collect();
    let cli = match cli::command()
        .try_get_matches_from(&args)
        .and_then(|matches| Cli::from_arg_matches(&matches))
    {
        Ok(cli) => cli,
        Err(err) => return usage_error(&err, args.iter().any(|arg| arg == "--json")),
    };
    let mut ui = Ui::stdio(cli.json);
    // `nt3 api` prints the server's answer: there is no nt3 document to wrap it in.
    if matches!(cli.command, Command::Api(_)) {
        ui.json = false;
    }
    let result = Context::from_process()
        .map_err(CommandError::from)
        .and_then(|mut ctx| {
            // A variable set wrong is a usage error for every command alike, never taken
            // for "no login".
            ctx.auth.check_config_dir()?;
            ctx.choose_connection(cli.connection)?;
            run(&ctx, cli.command, &mut ui)
        });
    ExitCode::from(finish(result, &mut ui))
}

pub(crate) fn run(ctx: &Context, command: Command, ui: &mut Ui) -> CommandResult {
    let prompt = &mut ui::prompt::TerminalPrompt;
    match command {
        Command::Login(args) => commands::login::run(ctx, &args, ui, prompt),
        Command::Logout(args) => commands::logout::run(ctx, &args, ui),
        Command::Status(args) => commands::status::run(ctx, &args, ui),
        Command::Token => commands::token::run(ctx, ui),
        Command::Projects => commands::projects::run(ctx, ui),
        Command::Whoami => commands::whoami::run(ctx, ui),
        Command::Tokens(command) => commands::tokens::run(ctx, &command, ui, prompt),
        Command::Init(args) => commands::init::run(ctx, &args, ui, prompt),
        Command::Push(args) => commands::push::run(ctx, &args, ui),
        Command::Pull(args) => commands::pull::run(ctx, &args, ui),
        Command::Translate(args) => commands::translate::run(ctx, &args, ui, prompt),
        Command::Overwrite(args) => commands::overwrite::run(ctx, &args, ui),
        Command::Completion { .. } if ui.json => Err(Error::new(
            Kind::Usage,
            "`--json` does not apply to `nt3 completion`, which prints a shell script",
        )
        .into()),
        Command::Completion { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut cli::command(), "nt3", &mut script);
            ui.raw(&script)?;
            Ok(Outcome::printed())
        }
        Command::Api(args) => commands::api::run(ctx, &args, ui),
    }
}

/// The one place a command's ending is printed and becomes an exit code: an error with
/// its causes and hint (escaped: messages may carry a server's or a repository's words),
/// and with `--json` the one document, whatever happened.
fn finish(result: CommandResult, ui: &mut Ui) -> u8 {
    let (mut document, failure, exit) = match result {
        Ok(outcome) => {
            let exit = outcome.failed.map_or(exit::SUCCESS, Kind::exit_code);
            match outcome.document {
                Some(document) => (document, None, exit),
                None => return exit,
            }
        }
        Err(CommandError {
            error,
            document,
            exit,
        }) => {
            let (kind, hint) = error::classify(&error);
            // Messages may carry a server's or a repository's words: shown escaped.
            let message = Message::untrusted(&error.to_string());
            if matches!(kind, Kind::Cancelled | Kind::Interrupted) {
                ui.info(message);
            } else {
                ui.error(message);
            }
            for cause in error.chain().skip(1) {
                ui.info(msg!("  caused by: {}", ui::cause(cause)));
            }
            if let Some(hint) = hint {
                ui.hint(Message::untrusted(hint));
            }
            let message = error
                .chain()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(": ");
            let exit = exit.unwrap_or(kind).exit_code();
            let failure = json!({ "kind": kind.as_str(), "message": message });
            (document, Some(failure), exit)
        }
    };
    if ui.json {
        let mut out = serde_json::Map::new();
        out.insert(
            "success".into(),
            (failure.is_none() && exit == exit::SUCCESS).into(),
        );
        document.remove("success");
        document.remove("error");
        out.append(&mut document);
        if let Some(failure) = failure {
            out.insert("error".into(), failure);
        }
        ui.json(&serde_json::Value::Object(out));
    }
    exit
}

/// What a panic prints instead of Rust's default: no input can cause one, so it is a bug,
/// and its message passes through the token redaction and the terminal escaping like any
/// text nt3 did not write itself.
fn panic_report(info: &std::panic::PanicHookInfo<'_>) -> String {
    let payload = info
        .payload()
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| info.payload().downcast_ref::<String>().map(String::as_str))
        .unwrap_or("(no message)");
    let place = info
        .location()
        .map(|at| format!(" at {}:{}", at.file(), at.line()))
        .unwrap_or_default();
    format!(
        "error: nt3 stopped on an internal error{place}: {}\nhint: this is a bug in nt3; please report it with the command you ran\n",
        ui::escape(&crate::types::secret::redact_tokens(payload))
    )
}

/// Help and version go to stdout with exit 0; anything else is a usage error, exit 2.
fn usage_error(err: &clap::Error, json: bool) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(
        err.kind(),
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
    ) {
        let _ = err.print();
        return ExitCode::SUCCESS;
    }
    // clap quotes unexpected arguments back; one may be a token typed in the wrong place.
    let rendered = crate::types::secret::redact_tokens(&err.render().ansi().to_string());
    let _ = std::io::Write::write_all(&mut anstream::stderr(), rendered.as_bytes());
    if json {
        let message = crate::types::secret::redact_tokens(&err.kind().to_string());
        let mut ui = Ui::stdio(true);
        ui.json(&json!({ "success": false, "error": { "kind": "usage", "message": message } }));
    }
    ExitCode::from(exit::USAGE)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_panic_prints_no_token_and_no_terminal_controls() {
        let seen = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let sink = seen.clone();
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            *sink.lock().unwrap() = super::panic_report(info);
        }));
        let _ = std::panic::catch_unwind(|| {
            panic!("bad state for entri_PANICCANARY0001 \u{1b}[2J");
        });
        std::panic::set_hook(previous);
        let report = seen.lock().unwrap().clone();
        assert!(report.starts_with("error: nt3 stopped on an internal error at src/lib.rs:"));
        assert!(
            report.contains(": bad state for entri_[REDACTED] \\u{1b}[2J\n"),
            "{report}"
        );
    }
}
