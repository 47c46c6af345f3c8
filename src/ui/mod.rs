//! What nt3 prints, and where; and the questions it asks ([`prompt`]).
//!
//! Data goes to stdout (tables, a token, an API answer, `--json`'s document); what is
//! said to a person (what a command did, progress, `warning:`, `hint:`) goes to stderr,
//! as gh does. With `--json`, stdout carries exactly one JSON document and human text goes to
//! stderr only. Colour follows the terminal, `NO_COLOR` and `CLICOLOR_FORCE` (anstream).
//!
//! A leaf: it knows nothing of tokens, servers or projects. Text from outside nt3 is
//! shown through [`escape`].

use std::borrow::Cow;
use std::io::{self, Write};
use std::path::Path;

use anstyle::{AnsiColor, Style};

pub use crate::types::text::escape;
pub(crate) use message::msg;
pub use message::{Message, Shown, cause, outside};

pub mod message;
pub mod prompt;

const ERROR: Style = AnsiColor::Red.on_default().bold();
const WARNING: Style = AnsiColor::Yellow.on_default().bold();
const HINT: Style = AnsiColor::Cyan.on_default().bold();
const SUCCESS: Style = AnsiColor::Green.on_default().bold();
pub const EMPHASIS: Style = Style::new().bold();

/// The two output streams of a command, swappable for buffers in unit tests.
pub struct Ui {
    pub json: bool,
    out: Box<dyn Write>,
    err: Notices,
}

/// The command's stderr, shared with work that runs away from the [`Ui`]: the HTTP
/// layer's retries and a translation's progress lines go through here, so every message
/// of a command reaches the same stream in the same style.
#[derive(Clone)]
pub struct Notices(std::sync::Arc<std::sync::Mutex<Box<dyn Write + Send>>>);

impl Notices {
    fn new(stream: Box<dyn Write + Send>) -> Self {
        Self(std::sync::Arc::new(std::sync::Mutex::new(stream)))
    }

    /// A plain line (a progress line).
    pub fn line(&self, line: &Message) {
        self.write(line.as_str());
    }

    /// A `warning:` line (a retry).
    pub fn warning(&self, line: &Message) {
        self.write(&format!("{WARNING}warning:{WARNING:#} {line}"));
    }

    fn write(&self, line: &str) {
        // A panic elsewhere cannot leave a byte stream inconsistent.
        let mut stream = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        write_line(&mut **stream, line);
    }
}

impl std::fmt::Debug for Notices {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Notices")
    }
}

impl Ui {
    /// The process's stdout and stderr, with colour decided per stream.
    pub fn stdio(json: bool) -> Self {
        Self::new(
            json,
            Box::new(anstream::stdout()),
            Box::new(anstream::stderr()),
        )
    }

    pub fn new(json: bool, out: Box<dyn Write>, err: Box<dyn Write + Send>) -> Self {
        Self {
            json,
            out,
            err: Notices::new(err),
        }
    }

    /// The stderr of this command, for work that runs away from the `Ui`.
    pub fn notices(&self) -> Notices {
        self.err.clone()
    }

    /// A line of the command's result on stdout (human mode only).
    pub fn out(&mut self, line: impl Into<Message>) {
        if !self.json {
            write_line(&mut self.out, line.into().as_str());
        }
    }

    /// The command's single JSON document on stdout (JSON mode only).
    pub fn json(&mut self, value: &serde_json::Value) {
        if self.json {
            let text = serde_json::to_string_pretty(value).expect("JSON values serialize");
            write_line(&mut self.out, &text);
        }
    }

    /// A line of data on stdout in any mode (a table row, `nt3 token`'s token). Unlike
    /// messages, failing to write data is an error, except for a reader that closed the
    /// pipe early.
    pub fn data(&mut self, line: impl Into<Message>) -> io::Result<()> {
        let line = line.into();
        match writeln!(self.out, "{line}").and_then(|()| self.out.flush()) {
            Err(err) if err.kind() == io::ErrorKind::BrokenPipe => Ok(()),
            result => result,
        }
    }

    /// A line of data on stdout exactly as given, for scripts, not people: the token
    /// `nt3 token` prints, the JSON `nt3 api` prints (JSON escapes control characters).
    pub fn data_exact(&mut self, line: &str) -> io::Result<()> {
        self.raw(format!("{line}\n").as_bytes())
    }

    /// Bytes on stdout exactly as given (a server's answer). A closed pipe is fine.
    pub fn raw(&mut self, bytes: &[u8]) -> io::Result<()> {
        match self.out.write_all(bytes).and_then(|()| self.out.flush()) {
            Err(err) if err.kind() == io::ErrorKind::BrokenPipe => Ok(()),
            result => result,
        }
    }

    /// A plain message on stderr.
    pub fn info(&mut self, line: impl Into<Message>) {
        self.err.write(line.into().as_str());
    }

    pub fn success(&mut self, line: impl Into<Message>) {
        let line = format!("{SUCCESS}{}{SUCCESS:#}", line.into());
        self.err.write(&line);
    }

    pub fn warning(&mut self, line: impl Into<Message>) {
        self.prefixed(WARNING, "warning", line.into().as_str());
    }

    pub fn note(&mut self, line: impl Into<Message>) {
        self.prefixed(HINT, "note", line.into().as_str());
    }

    pub fn hint(&mut self, line: impl Into<Message>) {
        self.prefixed(HINT, "hint", line.into().as_str());
    }

    pub fn error(&mut self, line: impl Into<Message>) {
        self.prefixed(ERROR, "error", line.into().as_str());
    }

    fn prefixed(&mut self, style: Style, prefix: &str, line: &str) {
        let line = format!("{style}{prefix}:{style:#} {line}");
        self.err.write(&line);
    }
}

/// Writes a message line. A closed pipe is not an error, and a stream that cannot be
/// written has nowhere left to report it: the exit code still tells what happened.
fn write_line(stream: &mut dyn Write, line: &str) {
    let _ = writeln!(stream, "{line}").and_then(|()| stream.flush());
}

/// `message`, bold on a terminal that shows colour.
pub fn bold(message: Message) -> Message {
    msg!(
        "{}{}{}",
        Styled(EMPHASIS.render()),
        message,
        Styled(EMPHASIS.render_reset())
    )
}

/// An ANSI style of nt3's own.
struct Styled<T>(T);

impl<T: std::fmt::Display> Shown for Styled<T> {
    fn shown(&self) -> Cow<'_, str> {
        Cow::Owned(self.0.to_string())
    }
}

/// Whether progress is drawn: stderr is a terminal (`on_terminal`, read once by the
/// context) and `--json` is off. Every progress bar asks here.
pub fn progress_shown(on_terminal: bool, ui: &Ui) -> bool {
    on_terminal && !ui.json
}

/// Rows as lines of left-aligned columns two spaces apart.
pub fn table(rows: &[Vec<Message>]) -> Vec<Message> {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|i| {
            rows.iter()
                .map(|row| row.get(i).map_or(0, |c| c.as_str().chars().count()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    rows.iter()
        .map(|row| {
            let cells: Vec<String> = row
                .iter()
                .zip(&widths)
                .map(|(cell, width)| format!("{:width$}", cell.as_str()))
                .collect();
            Message::__formatted(cells.join("  ").trim_end().to_string())
        })
        .collect()
}

/// A path as people read it: under the home directory it starts with `~` (and the
/// platform's separator, which PowerShell reads too); escaped.
pub fn tilde(path: &Path, home: Option<&Path>) -> Message {
    match home.and_then(|home| path.strip_prefix(home).ok()) {
        Some(rest) if !rest.as_os_str().is_empty() => {
            msg!("~{}{}", std::path::MAIN_SEPARATOR_STR, rest)
        }
        _ => msg!("{}", path),
    }
}

/// A stream whose contents a unit test can read back.
#[cfg(test)]
#[derive(Clone, Default)]
pub struct Captured(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

#[cfg(test)]
impl Captured {
    /// What was written, without colour; Windows' path separator read as `/`, so one
    /// expectation holds on every platform.
    pub fn text(&self) -> String {
        let raw = String::from_utf8(self.0.lock().unwrap().clone()).unwrap();
        let text = anstream::adapter::strip_str(&raw).to_string();
        if cfg!(windows) {
            text.replace('\\', "/")
        } else {
            text
        }
    }
}

#[cfg(test)]
impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
impl Ui {
    /// A `Ui` writing to buffers: `(ui, stdout, stderr)`.
    pub fn captured(json: bool) -> (Self, Captured, Captured) {
        let (out, err) = (Captured::default(), Captured::default());
        (
            Self::new(json, Box::new(out.clone()), Box::new(err.clone())),
            out,
            err,
        )
    }
}
