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
///
/// On Windows, where `\` separates every path, a backslash is shown as it is: a literal
/// `\u{1b}` then reads like an escape, but no control character reaches the terminal.
pub fn escape(text: &str) -> Cow<'_, str> {
    let backslash = |c: char| c == '\\' && !cfg!(windows);
    if !text.chars().any(|c| hostile(c) || backslash(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            c if backslash(c) => out.push_str("\\\\"),
            c if hostile(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A character that could drive a terminal or disguise text.
fn hostile(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

/// JSON from outside nt3, pretty-printed for a terminal: still the same JSON, with every
/// character [`escape`] would neutralise written as a JSON `\uXXXX` escape (JSON itself
/// escapes only C0 controls, so a raw line feed is the layout's). All of them are in the
/// Basic Multilingual Plane.
pub fn json_for_terminal(value: &serde_json::Value) -> String {
    let pretty = serde_json::to_string_pretty(value).unwrap_or_default();
    let inside = |c: char| c != '\n' && hostile(c);
    if !pretty.chars().any(inside) {
        return pretty;
    }
    let mut out = String::with_capacity(pretty.len() + 16);
    for c in pretty.chars() {
        if inside(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_for_a_terminal_is_the_same_document_without_hostile_characters() {
        let value = serde_json::json!({"name": "a\u{1b}[2J\u{202e}\u{85}b", "n": 1});
        let shown = json_for_terminal(&value);
        assert!(!shown.contains(['\u{1b}', '\u{202e}', '\u{85}']), "{shown}");
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&shown).unwrap(),
            value
        );
    }

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
        if cfg!(windows) {
            assert_eq!(escape("C:\\Users\\me"), "C:\\Users\\me", "a path as it is");
        } else {
            assert_eq!(
                escape("C:\\u{1b}"),
                "C:\\\\u{1b}",
                "a backslash cannot fake an escape"
            );
        }
    }
}
