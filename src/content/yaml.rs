//! YAML translation files (Rails, Symfony, i18next-yaml): block mappings of strings,
//! read line by line with the position of every key and value.
//!
//! The choice: no YAML crate keeps positions and comments (serde_yaml_ng and its
//! libyaml decode into values; `yaml-rust2` keeps marks but not comments or the text of
//! a scalar), so this reader takes the block mappings translation files are made of —
//! plain, quoted and block scalars (`|`, `>`), flow values and sequences kept whole as
//! values — and leaves every other byte alone. What it reads is then checked against
//! serde_yaml_ng's reading of the same file: a file where the two see different keys
//! (anchors merged with `<<`, complex keys, several documents) is refused rather than
//! patched by a guess.

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;

use super::doc::{Budget, Container, Doc, Entry, KeyId, Keys, Kind, ParseError, ROOT, Tree};

pub(super) fn parse<'t>(text: &'t str, keys: &mut Keys) -> Result<Doc<'t>, ParseError> {
    let mut reader = Reader {
        text,
        at: if text.starts_with('\u{feff}') { 3 } else { 0 },
        entries: Vec::new(),
        budget: Budget::new(),
        lengths: HashMap::new(),
        tree: Tree::default(),
        unit: None,
    };
    reader.preamble();
    let root_start = reader.at;
    let mut root = Container {
        open: root_start,
        close: root_start,
        ..Container::default()
    };
    reader.mapping(keys, ROOT, 0, &mut root, 1)?;
    if reader.next_line().is_some() {
        return Err(ParseError::at(
            text,
            reader.at,
            "a line nt3 cannot place in the YAML mapping",
        ));
    }
    if root.members.is_empty() {
        root.open = text.len();
        root.close = text.len();
    }
    let start = root.open;
    reader.tree.containers.insert(ROOT, root);
    reader.tree.unit = reader.unit.unwrap_or_else(|| "  ".into());
    reader.tree.braces = false;
    reader.tree.colon = ": ".into();
    let doc = Doc {
        text,
        entries: reader.entries,
        start,
        blank_lines: false,
        tree: Some(reader.tree),
    };
    agrees(&doc, keys)?;
    Ok(doc)
}

struct Reader<'t> {
    text: &'t str,
    at: usize,
    entries: Vec<Entry>,
    budget: Budget,
    lengths: HashMap<KeyId, usize>,
    tree: Tree,
    unit: Option<String>,
}

/// A line with content: where it starts, its indentation, and where it ends.
#[derive(Clone, Copy)]
struct Line {
    start: usize,
    indent: usize,
    end: usize,
}

impl Reader<'_> {
    /// Past directives and a `---` line at the top, comments and blank lines.
    fn preamble(&mut self) {
        while let Some(line) = self.next_line() {
            let content = &self.text[line.start + line.indent..line.end];
            if content.starts_with('%') || content.trim_end() == "---" {
                self.at = after(self.text, line.end);
            } else {
                break;
            }
        }
    }

    /// The next line with content (not blank, not only a comment), from `self.at`.
    fn next_line(&self) -> Option<Line> {
        let mut at = self.at;
        while at < self.text.len() {
            let end = self.text[at..]
                .find('\n')
                .map_or(self.text.len(), |n| at + n);
            let line = self.text[at..end].trim_end_matches('\r');
            let content = line.trim_start_matches(' ');
            if !content.is_empty() && !content.starts_with('#') {
                return Some(Line {
                    start: at,
                    indent: line.len() - content.len(),
                    end: at + line.len(),
                });
            }
            at = after(self.text, end);
        }
        None
    }

    /// The members of mapping `id`, each on a line indented by `indent` (the first
    /// line's, for a nested mapping: `None`).
    fn mapping(
        &mut self,
        keys: &mut Keys,
        id: KeyId,
        parent_indent: usize,
        container: &mut Container,
        depth: usize,
    ) -> Result<(), ParseError> {
        Budget::depth(self.text, self.at, depth)?;
        let text = self.text;
        let mut indent = None;
        while let Some(line) = self.next_line() {
            let own = *indent.get_or_insert(line.indent);
            if (id != ROOT && line.indent <= parent_indent) || line.indent < own {
                break;
            }
            if line.indent > own {
                return Err(ParseError::at(
                    text,
                    line.start,
                    "a line indented more than its key's siblings",
                ));
            }
            if text[line.start..line.start + line.indent].contains('\t') {
                return Err(ParseError::at(text, line.start, "a tab in the indentation"));
            }
            if container.members.is_empty() {
                container.open = line.start;
                container.indent = Some(" ".repeat(own));
            }
            let content = line.start + line.indent;
            let (name, colon) = self.key(content, line.end)?;
            let key = Budget::key(keys, &mut self.lengths, text, line.start, id, &name)?;
            self.at = colon + 1;
            let rest = text[self.at..line.end].trim_start_matches(' ');
            let value_start = line.end - rest.len();
            let member_start = line.start;
            if rest.is_empty() || rest.starts_with('#') || is_anchor_alone(rest) {
                self.at = after(text, line.end);
                let next = self.next_line();
                match next {
                    Some(next)
                        if next.indent > own
                            && !text[next.start + next.indent..].starts_with("- ") =>
                    {
                        self.unit
                            .get_or_insert_with(|| " ".repeat(next.indent - own));
                        let mut child = Container::default();
                        self.mapping(keys, key, own, &mut child, depth + 1)?;
                        let close = child.close;
                        self.tree.containers.insert(key, child);
                        container.members.push((key, member_start..close));
                        container.close = close;
                        continue;
                    }
                    Some(next)
                        if next.indent >= own
                            && text[next.start + next.indent..].starts_with("- ")
                            && (next.indent > own
                                || text[next.start + next.indent..].starts_with('-')) =>
                    {
                        // A block sequence: kept whole, as one value.
                        let mut end = next.end;
                        self.at = after(text, next.end);
                        while let Some(more) = self.next_line() {
                            let item = text[more.start + more.indent..].starts_with("- ");
                            if more.indent > own || (more.indent == own && item) {
                                end = more.end;
                                self.at = after(text, more.end);
                            } else {
                                break;
                            }
                        }
                        self.leaf(
                            key,
                            Kind::Other,
                            value_start..end,
                            member_start..end,
                            container,
                        )?;
                    }
                    _ => {
                        let end = value_start + rest.len();
                        self.leaf(
                            key,
                            Kind::Other,
                            value_start..end,
                            member_start..line.end,
                            container,
                        )?;
                    }
                }
                continue;
            }
            let (kind, value) = self.scalar(value_start, line, own)?;
            self.leaf(
                key,
                kind,
                value.clone(),
                member_start..value.end.max(line.end),
                container,
            )?;
        }
        Ok(())
    }

    fn leaf(
        &mut self,
        key: KeyId,
        kind: Kind,
        value: Range<usize>,
        whole: Range<usize>,
        container: &mut Container,
    ) -> Result<(), ParseError> {
        self.budget.entry(self.text, whole.start)?;
        let end = line_end_of(self.text, whole.end);
        self.at = end;
        container.members.push((key, whole.start..end));
        container.close = end;
        self.entries.push(Entry {
            key,
            kind,
            value,
            whole: whole.start..end,
        });
        Ok(())
    }

    /// A key at `at` on a line ending at `end`: its text and the position of its `:`.
    fn key(&self, at: usize, end: usize) -> Result<(String, usize), ParseError> {
        let text = self.text;
        let line = &text[at..end];
        let error = |message: &str| ParseError::at(text, at, message);
        if line.starts_with("- ") || line == "-" {
            return Err(error("a sequence where a key belongs"));
        }
        if line.starts_with(['"', '\'']) {
            let close =
                quoted_end(text, at, end).ok_or_else(|| error("a key's quote is not closed"))?;
            if !text[close..end].starts_with(':') {
                return Err(error("expected `:` after a key"));
            }
            let name = decode_quoted(&text[at..close]).map_err(|message| error(&message))?;
            return Ok((name, close));
        }
        if line.starts_with(['?', '{', '[', '&', '*', '!', '|', '>', '@', '`', '%']) {
            return Err(error("a key of a kind nt3 does not edit"));
        }
        let colon = line
            .match_indices(':')
            .map(|(i, _)| i)
            .find(|&i| line[i + 1..].is_empty() || line[i + 1..].starts_with([' ', '\t']))
            .ok_or_else(|| error("expected `key: value`"))?;
        Ok((line[..colon].trim_end().to_owned(), at + colon))
    }

    /// A scalar value starting at `start` on `line` (of a key indented by `own`): its
    /// kind and range; `self.at` is left after its last line.
    fn scalar(
        &mut self,
        start: usize,
        line: Line,
        own: usize,
    ) -> Result<(Kind, Range<usize>), ParseError> {
        let text = self.text;
        let first = &text[start..line.end];
        self.at = after(text, line.end);
        if first.starts_with(['"', '\'']) {
            let close = quoted_end(text, start, text.len())
                .ok_or_else(|| ParseError::at(text, start, "a quoted value is not closed"))?;
            let rest = text[close..line_end_of(text, close)].trim();
            if !rest.is_empty() && !rest.starts_with('#') {
                return Err(ParseError::at(text, close, "text after a quoted value"));
            }
            self.at = after(text, line_end_of(text, close));
            return Ok((Kind::Text, start..close));
        }
        if first.starts_with(['[', '{']) {
            let close = flow_end(text, start)
                .ok_or_else(|| ParseError::at(text, start, "a flow value is not closed"))?;
            self.at = after(text, line_end_of(text, close));
            return Ok((Kind::Other, start..close));
        }
        let block = first.starts_with(['|', '>']);
        let mut end = if block {
            line.end
        } else {
            start + plain_end(first)
        };
        // Lines indented deeper than the key continue the value.
        while let Some(more) = self.next_line() {
            if more.indent <= own {
                break;
            }
            if !block && text[more.start + more.indent..more.end].contains(": ") {
                return Err(ParseError::at(
                    text,
                    more.start,
                    "a line indented more than its key's siblings",
                ));
            }
            end = if block {
                more.end
            } else {
                more.start + more.indent + plain_end(&text[more.start + more.indent..more.end])
            };
            self.at = after(text, more.end);
        }
        let kind = if first.starts_with(['*', '!']) {
            Kind::Other
        } else {
            Kind::Text
        };
        Ok((kind, start..end))
    }
}

/// `&anchor` alone after a key: the value is on the lines below.
fn is_anchor_alone(rest: &str) -> bool {
    rest.starts_with('&') && !rest.trim_end().contains(' ')
}

/// Where a plain scalar ends on its line: before a ` #` comment and trailing spaces.
fn plain_end(line: &str) -> usize {
    let cut = line.find(" #").unwrap_or(line.len());
    line[..cut].trim_end().len()
}

/// Just past the closing quote of the string whose opening quote is at `at`.
fn quoted_end(text: &str, at: usize, limit: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let quote = bytes[at];
    let mut i = at + 1;
    while i < limit {
        match bytes[i] {
            b'\\' if quote == b'"' => i += 2,
            b'\'' if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 2,
            b if b == quote => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// Just past the bracket that closes the flow collection opening at `at`.
fn flow_end(text: &str, at: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = at;
    while i < bytes.len() {
        match bytes[i] {
            b'"' | b'\'' => i = quoted_end(text, i, text.len())? - 1,
            b'[' | b'{' => depth += 1,
            b']' | b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

fn decode_quoted(literal: &str) -> Result<String, String> {
    serde_yaml_ng::from_str::<String>(literal)
        .map_err(|err| format!("a key nt3 cannot read: {err}"))
}

/// The end of the line `at` is on (before its newline).
fn line_end_of(text: &str, at: usize) -> usize {
    let at = at.min(text.len());
    if at > 0 && text.as_bytes()[at - 1] == b'\n' {
        return at;
    }
    text[at..].find('\n').map_or(text.len(), |n| at + n + 1)
}

/// Just past the newline at `end` (the end of a line's content), if there is one.
fn after(text: &str, end: usize) -> usize {
    match text[end..].find('\n') {
        Some(n) => end + n + 1,
        None => text.len(),
    }
}

/// Checks the keys read here against serde_yaml_ng's reading of the whole file.
fn agrees(doc: &Doc, keys: &Keys) -> Result<(), ParseError> {
    let value: serde_yaml_ng::Value = serde_yaml_ng::from_str(doc.text)
        .map_err(|err| ParseError::at(doc.text, 0, format!("not YAML: {err}")))?;
    let mut theirs = BTreeSet::new();
    flatten(&value, &mut Vec::new(), &mut theirs);
    let ours: BTreeSet<Vec<String>> = doc
        .entries
        .iter()
        .map(|entry| keys.path(entry.key).into_iter().map(String::from).collect())
        .collect();
    if value.is_null() && ours.is_empty() {
        return Ok(());
    }
    if ours != theirs {
        return Err(ParseError::at(
            doc.text,
            0,
            "YAML nt3 cannot edit in place (anchors merged with `<<`, complex keys, or several documents)",
        ));
    }
    Ok(())
}

fn flatten(value: &serde_yaml_ng::Value, path: &mut Vec<String>, out: &mut BTreeSet<Vec<String>>) {
    use serde_yaml_ng::Value;
    match value {
        Value::Mapping(mapping) if !mapping.is_empty() => {
            for (key, child) in mapping {
                let name = match key {
                    Value::String(s) => s.clone(),
                    Value::Bool(b) => b.to_string(),
                    Value::Number(n) => n.to_string(),
                    Value::Null => "null".into(),
                    _ => "\u{0}".into(),
                };
                path.push(name);
                flatten(child, path, out);
                path.pop();
            }
        }
        Value::Tagged(tagged) if matches!(tagged.value, Value::Mapping(_)) => {
            flatten(&tagged.value, path, out)
        }
        _ => {
            out.insert(path.clone());
        }
    }
}
