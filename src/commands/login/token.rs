//! Reading the token `nt3 login` saves: from `-t`, from stdin, or from a masked prompt.

use crate::cli::LoginArgs;
use crate::context::Context;
use crate::error::{Error, Kind};
use crate::types::secret::Token;
use crate::ui::prompt::{NoAnswer, Prompt};
use crate::ui::{Message, Ui, cause, msg};
use anyhow::{Context as _, Result};
use std::io::Read;

pub const DASHBOARD_HINT: &str =
    "To create an API token, visit your nt3 dashboard > Settings > API Tokens";

pub const PROMPT: &str = "Paste your API token: ";

/// More than this on stdin is not a token; stop reading rather than buffer it all.
const STDIN_LIMIT: u64 = 64 * 1024;

pub(super) fn read_token(
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
    } else {
        ctx.terminal.may_ask(
            "no token given, and no terminal to ask for one",
            "pipe the token to `nt3 login --with-token`, or pass it with `-t <TOKEN>`",
        )?;
        ui.info(DASHBOARD_HINT);
        ui.info("");
        return ask_token(ui, prompt);
    };
    Token::parse(&raw).map_err(|err| invalid_token(err).into())
}

/// A token is asked for this many times at most; a long one need not be fetched again
/// after a slip.
const ATTEMPTS: u32 = 3;

/// Asks for the token on the terminal, again after an empty or invalid answer.
fn ask_token(ui: &mut Ui, prompt: &mut dyn Prompt) -> Result<Token> {
    for attempt in 1..=ATTEMPTS {
        let answer = prompt
            .secret(&Message::from(PROMPT))
            .map_err(|no| match no {
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
            Err(err) if attempt < ATTEMPTS => ui.warning(msg!(
                "{}; paste the token again (try {} of {})",
                cause(&err),
                attempt + 1,
                ATTEMPTS
            )),
            Err(err) => return Err(invalid_token(err).into()),
        }
    }
    unreachable!("the last attempt returns")
}

fn invalid_token(err: crate::types::secret::TokenError) -> Error {
    Error::new(Kind::InvalidToken, err.to_string())
        .with_hint("copy the whole token from your Entri dashboard > Settings > API Tokens")
}
