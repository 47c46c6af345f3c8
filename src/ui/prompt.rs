//! Questions asked on the terminal. Commands ask through [`Prompt`], so unit tests can
//! answer for the user; callers check for a terminal first and never ask without one.
//!
//! Every secret nt3 asks for goes through [`Prompt::secret`], which [`TerminalPrompt`]
//! answers with a masked field: the terminal is put in raw mode for the whole question
//! (so nothing typed or pasted is ever echoed by the terminal itself), each character
//! typed or pasted shows as one `*` (at most [`MAX_STARS`]), Backspace removes one, a
//! bracketed paste arrives whole (its escape sequences never reach the answer), and
//! Enter ends it. Ctrl-C and Ctrl-D end it without an answer. The terminal is restored
//! on every path, and the cursor left on a fresh line.

use std::fmt;
use std::io::{self, BufRead, Write};

use super::Message;
use crate::types::secret::Secret;

/// The most `*` shown for a secret: longer ones show this many, so the line fits.
pub const MAX_STARS: usize = 32;

/// How a question ended without an answer.
#[derive(Debug)]
pub enum NoAnswer {
    /// Ctrl-C.
    Interrupted,
    /// Ctrl-D on an empty line (end of input).
    Ended,
    Io(io::Error),
}

impl fmt::Display for NoAnswer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Interrupted => f.write_str("interrupted"),
            Self::Ended => f.write_str("no answer (end of input)"),
            Self::Io(err) => write!(f, "cannot read from the terminal: {err}"),
        }
    }
}

impl From<io::Error> for NoAnswer {
    fn from(err: io::Error) -> Self {
        Self::Io(err)
    }
}

/// Questions are [`Message`]s: a server's words in them show escaped.
pub trait Prompt {
    /// A secret (a token, a password), masked as it is typed.
    fn secret(&mut self, prompt: &Message) -> Result<Secret, NoAnswer>;
    /// A yes/no question; anything but "y" or "yes" is no.
    fn confirm(&mut self, question: &Message) -> io::Result<bool>;
    /// A line of text; an empty answer takes `default`.
    fn line(&mut self, question: &Message, default: Option<&Message>) -> io::Result<String>;
}

/// The real terminal.
pub struct TerminalPrompt;

impl Prompt for TerminalPrompt {
    fn secret(&mut self, prompt: &Message) -> Result<Secret, NoAnswer> {
        let mut out = io::stderr();
        // Raw mode first: once the prompt shows, nothing typed is echoed by the terminal.
        let raw = RawMode::enable()?;
        write!(out, "{prompt}")?;
        out.flush()?;
        let answer = read_masked(&mut out);
        drop(raw);
        // Raw mode does not turn `\n` into a new line: end the prompt's line here.
        let _ = write!(out, "\r\n").and_then(|()| out.flush());
        answer
    }

    fn confirm(&mut self, question: &Message) -> io::Result<bool> {
        let mut stderr = io::stderr();
        write!(stderr, "{question} [y/N] ")?;
        stderr.flush()?;
        let mut answer = String::new();
        io::stdin().lock().read_line(&mut answer)?;
        Ok(matches!(
            answer.trim().to_ascii_lowercase().as_str(),
            "y" | "yes"
        ))
    }

    fn line(&mut self, question: &Message, default: Option<&Message>) -> io::Result<String> {
        let mut stderr = io::stderr();
        match default {
            Some(default) => write!(stderr, "{question} [{default}]: ")?,
            None => write!(stderr, "{question}: ")?,
        }
        stderr.flush()?;
        let mut answer = String::new();
        io::stdin().lock().read_line(&mut answer)?;
        let answer = answer.trim();
        Ok(match default {
            Some(default) if answer.is_empty() => default.as_str().to_owned(),
            _ => answer.to_owned(),
        })
    }
}

/// Raw mode and bracketed paste, on until dropped, whatever way the question ends.
struct RawMode;

impl RawMode {
    fn enable() -> io::Result<Self> {
        crossterm::terminal::enable_raw_mode()?;
        let guard = Self;
        crossterm::execute!(io::stderr(), crossterm::event::EnableBracketedPaste)?;
        Ok(guard)
    }
}

impl Drop for RawMode {
    fn drop(&mut self) {
        let _ = crossterm::execute!(io::stderr(), crossterm::event::DisableBracketedPaste);
        let _ = crossterm::terminal::disable_raw_mode();
    }
}

/// Reads keys until Enter, Ctrl-C or Ctrl-D, echoing one `*` per character.
fn read_masked(out: &mut impl Write) -> Result<Secret, NoAnswer> {
    use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, read};
    let mut value = String::new();
    let mut field = Field::default();
    loop {
        match read()? {
            Event::Paste(text) => {
                for c in text.chars().filter(|c| !c.is_control()) {
                    value.push(c);
                    field.grow(out, value.chars().count())?;
                }
            }
            Event::Key(KeyEvent {
                code,
                modifiers,
                kind: KeyEventKind::Press | KeyEventKind::Repeat,
                ..
            }) => {
                let control = modifiers.contains(KeyModifiers::CONTROL);
                match code {
                    KeyCode::Enter => return Ok(Secret::new(value)),
                    KeyCode::Char('c') if control => return Err(NoAnswer::Interrupted),
                    KeyCode::Char('d') if control && value.is_empty() => {
                        return Err(NoAnswer::Ended);
                    }
                    KeyCode::Backspace if value.pop().is_some() => {
                        field.shrink(out, value.chars().count())?;
                    }
                    KeyCode::Char(c) if !control && !modifiers.contains(KeyModifiers::ALT) => {
                        value.push(c);
                        field.grow(out, value.chars().count())?;
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }
}

/// The stars on screen.
#[derive(Default)]
struct Field {
    shown: usize,
}

impl Field {
    /// The secret is now `len` characters long.
    fn grow(&mut self, out: &mut impl Write, len: usize) -> io::Result<()> {
        if len <= MAX_STARS && len > self.shown {
            out.write_all(b"*")?;
            self.shown += 1;
            out.flush()?;
        }
        Ok(())
    }

    fn shrink(&mut self, out: &mut impl Write, len: usize) -> io::Result<()> {
        if len < self.shown {
            out.write_all(b"\x08 \x08")?;
            self.shown -= 1;
            out.flush()?;
        }
        Ok(())
    }
}
