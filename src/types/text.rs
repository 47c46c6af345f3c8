//! Text from outside nt3 — a server's answer, a file in the working tree — made safe to
//! show on a terminal.
//!
//! Such text is held as [`Untrusted`], whose only display is [`escape`]d; the output
//! layer ([`crate::ui`]) prints nothing else but nt3's own words.

use std::borrow::Cow;
use std::fmt;

use serde::{Deserialize, Serialize};

/// A string nt3 did not write: a name, a message, a code or a path from a server or the
/// working tree. It has no `Display`: it shows on a terminal only through
/// [`crate::ui::Message`], escaped ([`escape`]); [`Untrusted::raw`] gives the exact text
/// for what is not a terminal (a `--json` document, a comparison, a request, an error's
/// message, which is escaped as a whole when printed).
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(transparent)]
pub struct Untrusted(String);

impl Untrusted {
    /// The exact text: for JSON, comparisons and requests, never for a terminal.
    pub fn raw(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Untrusted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.0)
    }
}

impl From<String> for Untrusted {
    fn from(text: String) -> Self {
        Self(text)
    }
}

impl From<&str> for Untrusted {
    fn from(text: &str) -> Self {
        Self(text.to_owned())
    }
}

/// Text from outside nt3 (a server, a file in the working tree) made safe to show on a
/// terminal: control characters (C0, DEL, C1) and the Unicode characters that reorder or
/// hide text (bidirectional controls, zero-width characters) are written as `\u{…}`
/// escapes, and a backslash as `\\`, so nothing a server or repository says can move
/// the cursor, recolour the screen, rewrite a line or disguise itself. Every such
/// string goes through here before it is printed (`--json` output is escaped by JSON).
pub fn escape(text: &str) -> Cow<'_, str> {
    fn hostile(c: char) -> bool {
        c.is_control()
            || matches!(c,
                '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{2069}' | '\u{feff}')
    }
    if !text.chars().any(|c| hostile(c) || c == '\\') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            c if hostile(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_neutralises_terminal_controls_and_keeps_the_rest() {
        assert!(matches!(escape("Website 日本 pt-BR"), Cow::Borrowed(_)));
        assert_eq!(
            escape("\u{1b}[2J\u{1b}]0;pwned\u{7}x"),
            "\\u{1b}[2J\\u{1b}]0;pwned\\u{7}x"
        );
        assert_eq!(
            escape("a\rb\nc\u{9b}d\u{7f}"),
            "a\\u{d}b\\u{a}c\\u{9b}d\\u{7f}"
        );
        assert_eq!(escape("abc\u{202e}fdp.exe"), "abc\\u{202e}fdp.exe");
        assert_eq!(escape("zero\u{200b}width"), "zero\\u{200b}width");
        assert_eq!(
            escape("C:\\u{1b}"),
            "C:\\\\u{1b}",
            "a backslash cannot fake an escape"
        );
    }
}
