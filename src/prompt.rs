//! Questions asked on the terminal. Commands ask through [`Prompt`], so unit tests can
//! answer for the user; callers check for a terminal first and never ask without one.

use std::io::{self, BufRead, Write};

pub trait Prompt {
    /// Reads a line without echoing it (a token).
    fn hidden(&mut self, prompt: &str) -> io::Result<String>;
    /// A yes/no question; anything but "y" or "yes" is no.
    fn confirm(&mut self, question: &str) -> io::Result<bool>;
    /// A line of text; an empty answer takes `default`.
    fn line(&mut self, question: &str, default: Option<&str>) -> io::Result<String>;
}

/// The real terminal.
pub struct TerminalPrompt;

impl Prompt for TerminalPrompt {
    fn hidden(&mut self, prompt: &str) -> io::Result<String> {
        rpassword::prompt_password(prompt)
    }

    fn confirm(&mut self, question: &str) -> io::Result<bool> {
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

    fn line(&mut self, question: &str, default: Option<&str>) -> io::Result<String> {
        let mut stderr = io::stderr();
        match default {
            Some(default) => write!(stderr, "{question} [{default}]: ")?,
            None => write!(stderr, "{question}: ")?,
        }
        stderr.flush()?;
        let mut answer = String::new();
        io::stdin().lock().read_line(&mut answer)?;
        let answer = answer.trim();
        Ok(if answer.is_empty() {
            default.unwrap_or_default().to_owned()
        } else {
            answer.to_owned()
        })
    }
}
