//! Apple `.strings` files: `"key" = "value";` pairs between `/* */` and `//` comments.
//! Each pair is an entry whose value is the text between the value's quotes; a pair that
//! has its line to itself owns the line, so removing it leaves no blank line.

use std::collections::HashMap;

use super::doc::{Budget, Doc, Entry, Keys, Kind, ParseError, ROOT, line_end, line_start};

pub(super) fn parse<'t>(text: &'t str, keys: &mut Keys) -> Result<Doc<'t>, ParseError> {
    let bytes = text.as_bytes();
    let mut at = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut entries = Vec::new();
    let mut budget = Budget::new();
    let mut lengths = HashMap::new();
    loop {
        at = skip(text, at)?;
        if at >= bytes.len() {
            break;
        }
        let start = at;
        let key = if bytes[at] == b'"' {
            let range = quoted(text, at)?;
            at = range.end + 1;
            &text[range]
        } else {
            let end = text[at..]
                .find(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '.' | '-' | '$' | ':')))
                .map_or(text.len(), |n| at + n);
            if end == at {
                return Err(ParseError::at(text, at, "expected a quoted key"));
            }
            let key = &text[at..end];
            at = end;
            key
        };
        at = skip(text, at)?;
        if bytes.get(at) != Some(&b'=') {
            return Err(ParseError::at(text, at, "expected `=` after a key"));
        }
        at = skip(text, at + 1)?;
        if bytes.get(at) != Some(&b'"') {
            return Err(ParseError::at(text, at, "expected a quoted value"));
        }
        let value = quoted(text, at)?;
        at = skip(text, value.end + 1)?;
        if bytes.get(at) != Some(&b';') {
            return Err(ParseError::at(text, at, "expected `;` after a value"));
        }
        at += 1;
        budget.entry(text, start)?;
        let key = Budget::key(keys, &mut lengths, text, start, ROOT, key)?;
        let first = line_start(text, start);
        let whole_start = if text[first..start].trim().is_empty() {
            first
        } else {
            start
        };
        let rest = line_end(text, at);
        let whole_end = if text[at..rest].trim().is_empty() {
            rest
        } else {
            at
        };
        entries.push(Entry {
            key,
            kind: Kind::Text,
            value,
            whole: whole_start..whole_end,
        });
    }
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    Ok(Doc {
        text,
        entries,
        start,
        blank_lines: false,
        tree: None,
    })
}

/// The inside of the string whose opening quote is at `at`.
fn quoted(text: &str, at: usize) -> Result<std::ops::Range<usize>, ParseError> {
    let bytes = text.as_bytes();
    let mut i = at + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return Ok(at + 1..i),
            _ => i += 1,
        }
    }
    Err(ParseError::at(text, at, "a string is not closed"))
}

/// Past whitespace and comments.
fn skip(text: &str, mut at: usize) -> Result<usize, ParseError> {
    loop {
        let rest = &text[at..];
        let trimmed = rest.trim_start();
        at += rest.len() - trimmed.len();
        if trimmed.starts_with("/*") {
            let end = trimmed
                .find("*/")
                .ok_or_else(|| ParseError::at(text, at, "a comment is not closed"))?;
            at += end + 2;
        } else if trimmed.starts_with("//") {
            at = line_end(text, at);
        } else {
            return Ok(at);
        }
    }
}
