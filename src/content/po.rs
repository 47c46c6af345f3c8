//! gettext `.po` and `.pot` files, read line by line as GNU gettext writes them.
//!
//! An entry is a block of lines: comments (`#`, `#.`, `#:`, `#,`, `#|`), then `msgctxt`,
//! `msgid`, `msgid_plural` and `msgstr` or `msgstr[n]`, each string possibly continued on
//! the lines after it. Its key is its context and its `msgid` (the pieces joined, so a
//! re-wrapped `msgid` is the same key); its value is everything from the first
//! `msgstr` to the end of the last one, so plural forms merge as one value. Obsolete
//! entries (`#~`) are comments. Hand-written: the gettext crates decode entries and
//! forget where they were.

use std::collections::HashMap;

use super::doc::{Budget, Doc, Entry, Keys, Kind, ParseError, QUALIFIED, ROOT};

/// Which keyword a string line continues.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    None,
    Context,
    Id,
    IdPlural,
    Str,
}

#[derive(Default)]
struct Block {
    start: Option<usize>,
    context: Option<String>,
    id: Option<String>,
    value: Option<std::ops::Range<usize>>,
    plural: bool,
    end: usize,
}

pub(super) fn parse<'t>(text: &'t str, keys: &mut Keys) -> Result<Doc<'t>, ParseError> {
    let mut entries = Vec::new();
    let mut budget = Budget::new();
    let mut lengths = HashMap::new();
    let mut block = Block::default();
    let mut field = Field::None;
    let mut at = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut finish =
        |block: &mut Block, end_of_blanks: usize, keys: &mut Keys| -> Result<(), ParseError> {
            let done = std::mem::take(block);
            let Some(start) = done.start else {
                return Ok(());
            };
            let (id, value) = match (done.id, done.value) {
                (Some(id), Some(value)) => (id, value),
                (None, None) => return Ok(()), // comments only
                _ => {
                    return Err(ParseError::at(
                        text,
                        start,
                        "an entry without `msgid` or `msgstr`",
                    ));
                }
            };
            let name = match done.context {
                Some(context) => format!("{context}{QUALIFIED}{id}"),
                None => id,
            };
            budget.entry(text, start)?;
            let key = Budget::key(keys, &mut lengths, text, start, ROOT, &name)?;
            entries.push(Entry {
                key,
                kind: if done.plural {
                    Kind::Plural
                } else {
                    Kind::Text
                },
                value,
                whole: start..end_of_blanks.max(done.end),
            });
            Ok(())
        };
    while at < text.len() {
        let end = text[at..].find('\n').map_or(text.len(), |n| at + n + 1);
        let line = text[at..end].trim_end_matches(['\n', '\r']);
        let trimmed = line.trim_start();
        if trimmed.is_empty() {
            // A blank line ends an entry; it belongs to the entry before it.
            if block.value.is_some() {
                let mut blanks = end;
                while let Some(n) = text[blanks..].find('\n') {
                    if !text[blanks..blanks + n].trim().is_empty() {
                        break;
                    }
                    blanks += n + 1;
                }
                finish(&mut block, blanks, keys)?;
                at = blanks;
                field = Field::None;
                continue;
            }
        } else if trimmed.starts_with('#') {
            if block.value.is_some() {
                finish(&mut block, at, keys)?;
            }
            block.start.get_or_insert(at);
            field = Field::None;
        } else if trimmed.starts_with('"') {
            let piece = string(text, at + (line.len() - trimmed.len()), trimmed)?;
            match field {
                Field::Context => block.context.get_or_insert_default().push_str(piece),
                Field::Id => block.id.get_or_insert_default().push_str(piece),
                Field::IdPlural => {}
                Field::Str => {
                    if let Some(value) = &mut block.value {
                        value.end = at + line.len();
                    }
                }
                Field::None => return Err(ParseError::at(text, at, "a string outside an entry")),
            }
        } else {
            let (keyword, rest) = trimmed
                .split_once(|c: char| c.is_whitespace())
                .ok_or_else(|| ParseError::at(text, at, "expected a keyword and a string"))?;
            let rest = rest.trim_start();
            let piece = string(text, at + (line.len() - rest.len()), rest)?;
            let next = match keyword {
                "msgctxt" => Field::Context,
                "msgid" => Field::Id,
                "msgid_plural" => Field::IdPlural,
                "msgstr" => Field::Str,
                _ if keyword.starts_with("msgstr[") && keyword.ends_with(']') => {
                    block.plural = true;
                    Field::Str
                }
                _ => {
                    return Err(ParseError::at(
                        text,
                        at,
                        format!("unknown keyword `{keyword}`"),
                    ));
                }
            };
            // A new entry starts at `msgctxt`, or `msgid` without one, after a `msgstr`.
            if block.value.is_some()
                && matches!(next, Field::Context | Field::Id)
                && field == Field::Str
            {
                finish(&mut block, at, keys)?;
            }
            block.start.get_or_insert(at);
            match next {
                Field::Context => block.context = Some(piece.to_owned()),
                Field::Id => block.id = Some(piece.to_owned()),
                Field::Str => {
                    let start = at + (line.len() - trimmed.len());
                    match &mut block.value {
                        Some(value) => value.end = at + line.len(),
                        None => block.value = Some(start..at + line.len()),
                    }
                }
                _ => {}
            }
            field = next;
        }
        block.end = end;
        at = end;
    }
    let end = text.len();
    finish(&mut block, end, keys)?;
    Ok(Doc {
        text,
        entries,
        start: if text.starts_with('\u{feff}') { 3 } else { 0 },
        blank_lines: true,
        tree: None,
    })
}

/// The inside of the quoted string `rest` (at `offset`), which must end the line.
fn string<'t>(text: &str, offset: usize, rest: &'t str) -> Result<&'t str, ParseError> {
    let error = || ParseError::at(text, offset, "expected a string in double quotes");
    let bytes = rest.as_bytes();
    if bytes.first() != Some(&b'"') {
        return Err(error());
    }
    let mut i = 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => {
                return if rest[i + 1..].trim().is_empty() {
                    Ok(&rest[1..i])
                } else {
                    Err(error())
                };
            }
            _ => i += 1,
        }
    }
    Err(error())
}
