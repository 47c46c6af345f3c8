//! JSON files (`json-flat`, `json-nested`, `arb`) read with the position of every
//! value. serde_json decodes values but forgets where they were, and a tree written
//! back through it changes numbers (`1E2` becomes `100.0`) and layout; this reader
//! only finds ranges, so a merge patches the file in place.
//!
//! Nested files: each non-empty-object value is an entry under its path; objects are
//! containers (an empty object too, so keys can be added into it). Flat files: each
//! top-level member is one entry, whatever its value.

use std::collections::HashMap;

use super::doc::{Budget, Container, Doc, Entry, KeyId, Keys, Kind, ParseError, ROOT, Tree};

pub(super) fn parse<'t>(
    text: &'t str,
    keys: &mut Keys,
    nested: bool,
) -> Result<Doc<'t>, ParseError> {
    let mut reader = Reader {
        text,
        bytes: text.as_bytes(),
        at: 0,
        keys,
        nested,
        entries: Vec::new(),
        tree: Tree::default(),
        budget: Budget::new(),
        lengths: HashMap::new(),
    };
    reader.skip_bom();
    reader.space();
    if reader.peek() != Some(b'{') {
        return Err(reader.error("the file is not a JSON object"));
    }
    reader.object(ROOT, 1)?;
    reader.space();
    if reader.at != text.len() {
        return Err(reader.error("text after the end of the JSON object"));
    }
    let root = &reader.tree.containers[&ROOT];
    let start = root.open;
    reader.tree.unit = root.indent.clone().unwrap_or_default();
    reader.tree.braces = true;
    if reader.tree.colon.is_empty() {
        reader.tree.colon = ": ".into();
    }
    Ok(Doc {
        text,
        entries: reader.entries,
        start,
        blank_lines: false,
        tree: Some(reader.tree),
    })
}

struct Reader<'t, 'k> {
    text: &'t str,
    bytes: &'t [u8],
    at: usize,
    keys: &'k mut Keys,
    nested: bool,
    entries: Vec<Entry>,
    tree: Tree,
    budget: Budget,
    lengths: HashMap<KeyId, usize>,
}

impl Reader<'_, '_> {
    fn error(&self, message: &str) -> ParseError {
        ParseError::at(self.text, self.at, message)
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn skip_bom(&mut self) {
        if self.text.starts_with('\u{feff}') {
            self.at = 3;
        }
    }

    fn space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn expect(&mut self, byte: u8) -> Result<(), ParseError> {
        if self.peek() != Some(byte) {
            return Err(self.error(&format!("expected `{}`", byte as char)));
        }
        self.at += 1;
        Ok(())
    }

    /// An object at `self.at`, holding the members of `id`.
    fn object(&mut self, id: KeyId, depth: usize) -> Result<(), ParseError> {
        Budget::depth(self.text, self.at, depth)?;
        self.expect(b'{')?;
        let open = self.at;
        let mut container = Container {
            open,
            ..Container::default()
        };
        self.space();
        if self.peek() == Some(b'}') {
            container.close = self.at;
            self.at += 1;
            self.tree.containers.insert(id, container);
            return Ok(());
        }
        loop {
            self.space();
            let start = self.at;
            if container.indent.is_none() {
                let before = &self.text[open..start];
                if let Some(newline) = before.rfind('\n') {
                    container.indent = Some(before[newline + 1..].to_owned());
                }
            }
            let name = self.string()?;
            let name_end = name.end;
            let name = decode(&self.text[name]).map_err(|message| self.error(&message))?;
            let key = Budget::key(self.keys, &mut self.lengths, self.text, start, id, &name)?;
            self.space();
            self.expect(b':')?;
            self.space();
            let value_start = self.at;
            if self.tree.colon.is_empty() {
                self.tree.colon = self.text[name_end..value_start].to_owned();
            }
            if self.nested && self.peek() == Some(b'{') {
                self.object(key, depth + 1)?;
            } else {
                let kind = self.value(depth + 1)?;
                self.budget.entry(self.text, start)?;
                self.entries.push(Entry {
                    key,
                    kind,
                    value: value_start..self.at,
                    whole: start..self.at,
                });
            }
            container.members.push((key, start..self.at));
            self.space();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b'}') => {
                    container.close = self.at;
                    self.at += 1;
                    self.tree.containers.insert(id, container);
                    return Ok(());
                }
                _ => return Err(self.error("expected `,` or `}`")),
            }
        }
    }

    /// Any value, skipped; its kind.
    fn value(&mut self, depth: usize) -> Result<Kind, ParseError> {
        Budget::depth(self.text, self.at, depth)?;
        match self.peek() {
            Some(b'"') => self.string().map(|_| Kind::Text),
            Some(b'{') => self.skip_container(b'{', b'}', depth).map(|()| Kind::Other),
            Some(b'[') => self.skip_container(b'[', b']', depth).map(|()| Kind::Other),
            Some(b't') => self.literal("true"),
            Some(b'f') => self.literal("false"),
            Some(b'n') => self.literal("null"),
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => Err(self.error("expected a JSON value")),
        }
    }

    fn literal(&mut self, word: &str) -> Result<Kind, ParseError> {
        if !self.text[self.at..].starts_with(word) {
            return Err(self.error("expected a JSON value"));
        }
        self.at += word.len();
        Ok(Kind::Other)
    }

    fn number(&mut self) -> Result<Kind, ParseError> {
        let start = self.at;
        while matches!(
            self.peek(),
            Some(b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
        ) {
            self.at += 1;
        }
        serde_json::from_str::<serde_json::Number>(&self.text[start..self.at])
            .map(|_| Kind::Other)
            .map_err(|_| ParseError::at(self.text, start, "not a JSON number"))
    }

    /// An object or array skipped whole (a value of a flat file, or an array).
    fn skip_container(&mut self, open: u8, close: u8, depth: usize) -> Result<(), ParseError> {
        self.expect(open)?;
        self.space();
        if self.peek() == Some(close) {
            self.at += 1;
            return Ok(());
        }
        loop {
            self.space();
            if open == b'{' {
                self.string()?;
                self.space();
                self.expect(b':')?;
                self.space();
            }
            self.value(depth + 1)?;
            self.space();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(byte) if byte == close => {
                    self.at += 1;
                    return Ok(());
                }
                _ => return Err(self.error(&format!("expected `,` or `{}`", close as char))),
            }
        }
    }

    /// A string, checked; its range, quotes included.
    fn string(&mut self) -> Result<std::ops::Range<usize>, ParseError> {
        let start = self.at;
        self.expect(b'"')?;
        loop {
            match self.peek() {
                None => return Err(ParseError::at(self.text, start, "a string is not closed")),
                Some(b'"') => {
                    self.at += 1;
                    return Ok(start..self.at);
                }
                Some(b'\\') => {
                    self.at += 1;
                    match self.peek() {
                        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => {
                            self.at += 1;
                        }
                        Some(b'u') => {
                            let hex = self.bytes.get(self.at + 1..self.at + 5);
                            if !hex.is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit)) {
                                return Err(self.error("a `\\u` escape without four hex digits"));
                            }
                            self.at += 5;
                        }
                        _ => return Err(self.error("an unknown escape in a string")),
                    }
                }
                Some(0..=0x1f) => return Err(self.error("a control character in a string")),
                Some(_) => self.at += 1,
            }
        }
    }
}

/// The text of a JSON string literal (quotes included).
pub(super) fn decode(literal: &str) -> Result<std::borrow::Cow<'_, str>, String> {
    if !literal.contains('\\') {
        return Ok(literal[1..literal.len() - 1].into());
    }
    serde_json::from_str::<String>(literal)
        .map(Into::into)
        .map_err(|err| format!("a string nt3 cannot read: {err}"))
}

/// Whether `reader` holds one JSON object, read as it streams: memory stays flat
/// whatever the size. Only the syntax is checked (the bounds are the reader's, at a
/// merge).
pub(super) fn check_stream(reader: &mut dyn std::io::Read) -> Result<(), String> {
    use serde::de::{Deserializer as _, IgnoredAny, MapAccess, Visitor};

    struct Object;
    impl<'de> Visitor<'de> for Object {
        type Value = ();
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a JSON object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            Ok(())
        }
    }
    let mut json = serde_json::Deserializer::from_reader(std::io::BufReader::new(reader));
    json.deserialize_map(Object)
        .map_err(|err| err.to_string())?;
    json.end().map_err(|err| err.to_string())
}
