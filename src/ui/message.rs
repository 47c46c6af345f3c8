//! The only text nt3 prints for people: its own words, with whatever came from outside
//! shown escaped.
//!
//! Every printing method of [`super::Ui`], every prompt and every progress line takes a
//! [`Message`]. A message is a string literal, or nt3's words with values in them made
//! by [`msg!`](crate::ui::msg), whose every value must be [`Shown`]: text from a server
//! or the working tree is held as [`Untrusted`] and shows escaped, ids and codes are
//! checked types, and a plain `String` is not `Shown`, so it does not compile. A new
//! command cannot print a server's text raw by accident.

use std::borrow::Cow;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::types::format::Format;
use crate::types::names::Id;
use crate::types::secret::Masked;
use crate::types::text::{Untrusted, escape};

/// Text safe for a terminal: nt3's own words, and escaped text from outside.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Message(String);

impl Message {
    /// Text from outside nt3, escaped: a server's or a file's words, an error's message.
    pub fn untrusted(text: &str) -> Self {
        Self(escape(text).into_owned())
    }

    /// JSON from outside nt3, pretty-printed, with the characters that could drive a
    /// terminal as JSON escapes: the same document, safe to show.
    pub fn json(value: &serde_json::Value) -> Self {
        Self(crate::types::text::json_for_terminal(value))
    }

    /// For [`msg!`](crate::ui::msg) only: its format string is a literal and its values
    /// are [`Shown`].
    #[doc(hidden)]
    pub fn __formatted(text: String) -> Self {
        Self(text)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The parts, `separator` between them (`", "`, `"\n"`).
    pub fn join(parts: &[Message], separator: &'static str) -> Self {
        Self(
            parts
                .iter()
                .map(Message::as_str)
                .collect::<Vec<_>>()
                .join(separator),
        )
    }
}

impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&'static str> for Message {
    fn from(literal: &'static str) -> Self {
        Self(literal.to_owned())
    }
}

impl From<&Message> for Message {
    fn from(message: &Message) -> Self {
        message.clone()
    }
}

impl From<&Untrusted> for Message {
    fn from(text: &Untrusted) -> Self {
        Self::untrusted(text.raw())
    }
}

impl From<Untrusted> for Message {
    fn from(text: Untrusted) -> Self {
        Self::untrusted(text.raw())
    }
}

/// nt3's words with values in them, like `format!`, as a [`Message`]:
/// `msg!("Created token \"{}\" (id {})", name, id)`. The format string must be a
/// literal without inline captures (`{name}` does not compile: every value goes through
/// [`Shown`]).
macro_rules! msg {
    ($fmt:literal $(, $arg:expr)* $(,)?) => {
        $crate::ui::message::Message::__formatted(format!(
            concat!($fmt) $(, $crate::ui::message::Shown::shown(&$arg))*
        ))
    };
}
pub(crate) use msg;

/// Borrowed text from outside nt3, shown escaped: `msg!("… {} …", outside(&path))`.
pub struct Outside<'a>(&'a str);

/// Marks `text` as coming from outside nt3 (a server, the working tree, an error from
/// the system), so it shows escaped.
pub fn outside(text: &str) -> Outside<'_> {
    Outside(text)
}

impl Shown for Outside<'_> {
    fn shown(&self) -> Cow<'_, str> {
        escape(self.0)
    }
}

/// An error from the system or a library, shown escaped: `msg!("cannot write it: {}",
/// cause(&err))`.
pub struct Cause<'a>(&'a dyn std::error::Error);

pub fn cause(err: &dyn std::error::Error) -> Cause<'_> {
    Cause(err)
}

impl Shown for Cause<'_> {
    fn shown(&self) -> Cow<'_, str> {
        Cow::Owned(escape(&self.0.to_string()).into_owned())
    }
}

/// A value that may appear in a [`Message`]: how it shows on a terminal.
pub trait Shown {
    fn shown(&self) -> Cow<'_, str>;
}

impl<T: Shown + ?Sized> Shown for &T {
    fn shown(&self) -> Cow<'_, str> {
        (**self).shown()
    }
}

impl Shown for Message {
    fn shown(&self) -> Cow<'_, str> {
        Cow::Borrowed(&self.0)
    }
}

impl Shown for Untrusted {
    fn shown(&self) -> Cow<'_, str> {
        escape(self.raw())
    }
}

/// A literal: nt3's own words.
impl Shown for &'static str {
    fn shown(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

/// Checked when made: letters, digits, `-`, `_`, `.`.
impl Shown for Id {
    fn shown(&self) -> Cow<'_, str> {
        Cow::Borrowed(self.as_str())
    }
}

impl Shown for Masked {
    fn shown(&self) -> Cow<'_, str> {
        Cow::Owned(self.to_string())
    }
}

impl Shown for Format {
    fn shown(&self) -> Cow<'_, str> {
        Cow::Borrowed(self.as_str())
    }
}

/// Paths come from the working tree or the home directory: shown escaped.
impl Shown for Path {
    fn shown(&self) -> Cow<'_, str> {
        Cow::Owned(escape(&self.display().to_string()).into_owned())
    }
}

impl Shown for PathBuf {
    fn shown(&self) -> Cow<'_, str> {
        self.as_path().shown()
    }
}

/// A calendar day: `2026-12-01`.
impl Shown for jiff::civil::Date {
    fn shown(&self) -> Cow<'_, str> {
        Cow::Owned(self.to_string())
    }
}

macro_rules! numbers {
    ($($t:ty),*) => {$(
        impl Shown for $t {
            fn shown(&self) -> Cow<'_, str> {
                Cow::Owned(self.to_string())
            }
        }
    )*};
}
numbers!(u8, u16, u32, u64, usize, i64);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_from_outside_show_escaped_and_literals_as_they_are() {
        let name = Untrusted::from("Acme\u{1b}[2J");
        let id = Id::parse("org_1").unwrap();
        assert_eq!(
            msg!(
                "Using organization {} ({}), {} of {}",
                name,
                id,
                3usize,
                "them"
            )
            .as_str(),
            "Using organization Acme\\u{1b}[2J (org_1), 3 of them"
        );
        assert_eq!(Message::from(&name).as_str(), "Acme\\u{1b}[2J");
        assert_eq!(Path::new("a\u{7}b").shown(), "a\\u{7}b");
    }
}
