//! The parts every format's reader builds: [`Doc`], [`Entry`], [`Keys`], the bounds
//! a reader counts against ([`Budget`]) and [`ParseError`].

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;

/// How much of a file the readers take: past any of these, a file is refused.
pub mod bounds {
    /// Entries in one file.
    pub const ENTRIES: usize = 1_000_000;
    /// Levels of nesting (JSON objects and arrays, YAML mappings, XML elements).
    pub const DEPTH: usize = 64;
    /// Bytes in one key (for nested formats, the whole path).
    pub const KEY: usize = 4096;
}

/// Why a file cannot be read as its format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// The line (from 1) where the reader stopped.
    pub line: usize,
    pub message: String,
}

impl ParseError {
    pub(super) fn at(text: &str, offset: usize, message: impl Into<String>) -> Self {
        let offset = offset.min(text.len());
        let line = 1 + text.as_bytes()[..offset]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        Self {
            line,
            message: message.into(),
        }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for ParseError {}

/// What kind of value an entry holds. A change of kind is a change of shape: it
/// replaces the whole entry, and against a change on the other side it is a conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A string.
    Text,
    /// A set of plural forms (Android `<plurals>`, gettext `msgstr[n]`, a
    /// `.stringsdict` rule), merged as one value.
    Plural,
    /// A list (Android `<string-array>`) or any value that is not a string (a JSON
    /// number, array or empty object), merged as one value.
    Other,
}

/// One keyed value of a file.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The key, interned in the [`Keys`] the file was read with.
    pub key: KeyId,
    pub kind: Kind,
    /// Where the value is written (inside its quotes or tags).
    pub value: Range<usize>,
    /// The whole entry: from the start of its first line (comments that belong to it
    /// included, where the format has them) to the end of its last line.
    pub whole: Range<usize>,
}

/// A parsed file: its text and its entries in file order.
#[derive(Debug)]
pub struct Doc<'t> {
    pub text: &'t str,
    pub entries: Vec<Entry>,
    /// Where a new entry goes when none of the file's entries precedes it.
    pub start: usize,
    /// Entries are separated by a blank line (gettext).
    pub blank_lines: bool,
    /// The structure of nested formats, for adding and removing keys.
    pub(super) tree: Option<Tree>,
}

impl Doc<'_> {
    /// The first key written twice (where it is written again), if any: as a member of
    /// a nested file's containers, or as an entry of a flat one.
    pub fn repeated(&self) -> Option<(usize, KeyId)> {
        let mut seen = std::collections::HashSet::new();
        match &self.tree {
            Some(tree) => tree
                .containers
                .values()
                .flat_map(|container| &container.members)
                .filter(|(key, _)| !seen.insert(*key))
                .map(|(key, range)| (range.start, *key))
                .min(),
            None => self
                .entries
                .iter()
                .find(|entry| !seen.insert(entry.key))
                .map(|entry| (entry.whole.start, entry.key)),
        }
    }
}

/// An interned key: its parent path and its last segment.
pub type KeyId = u32;

/// Joins a qualifier and a name in one key: `context\u{1}msgid`, `file\u{1}id`.
pub const QUALIFIED: char = '\u{1}';

/// The key of the file itself, parent of every top-level key.
pub const ROOT: KeyId = 0;

/// Every key of the files of one merge, each path segment stored once.
#[derive(Debug)]
pub struct Keys {
    ids: HashMap<(KeyId, Box<str>), KeyId>,
    nodes: Vec<(KeyId, Box<str>)>,
}

impl Default for Keys {
    fn default() -> Self {
        Self {
            ids: HashMap::new(),
            nodes: vec![(ROOT, "".into())],
        }
    }
}

impl Keys {
    /// The id of `name` under `parent`.
    pub fn intern(&mut self, parent: KeyId, name: &str) -> KeyId {
        if let Some(&id) = self.ids.get(&(parent, name.into())) {
            return id;
        }
        let id = KeyId::try_from(self.nodes.len()).expect("bounded by the entry count");
        self.nodes.push((parent, name.into()));
        self.ids.insert((parent, name.into()), id);
        id
    }

    pub fn parent(&self, id: KeyId) -> KeyId {
        self.nodes[id as usize].0
    }

    pub fn name(&self, id: KeyId) -> &str {
        &self.nodes[id as usize].1
    }

    /// The segments of `id`'s path, from the top.
    pub fn path(&self, mut id: KeyId) -> Vec<&str> {
        let mut path = Vec::new();
        while id != ROOT {
            path.push(self.name(id));
            id = self.parent(id);
        }
        path.reverse();
        path
    }

    /// The key as people read it: segments joined with `.`; a qualified name (an
    /// Android `product`, a gettext context, an XLIFF file) as `name (qualifier)`.
    pub fn display(&self, id: KeyId) -> String {
        let path: Vec<String> = self
            .path(id)
            .into_iter()
            .map(|segment| match segment.split_once(QUALIFIED) {
                Some((qualifier, name)) if !qualifier.is_empty() => format!("{name} ({qualifier})"),
                Some((_, name)) => name.to_owned(),
                None => segment.to_owned(),
            })
            .collect();
        path.join(".")
    }
}

/// The structure of a nested file (JSON or YAML): its containers and their members.
#[derive(Debug, Default)]
pub(super) struct Tree {
    /// Containers by the key they hold (the file's top level is [`ROOT`]).
    pub(super) containers: HashMap<KeyId, Container>,
    /// JSON: members between braces, separated by commas. YAML: members are lines.
    pub(super) braces: bool,
    /// One level of indentation; empty for JSON on one line.
    pub(super) unit: String,
    /// What separates a JSON key from its value (`": "`, Xcode's `" : "`, `":"`).
    pub(super) colon: String,
}

/// An object (JSON) or mapping (YAML) and where its members sit.
#[derive(Debug, Default)]
pub(super) struct Container {
    /// Just after the opening `{` (JSON), or where the first member's line starts.
    pub(super) open: usize,
    /// The closing `}` (JSON), or the end of the last member's last line.
    pub(super) close: usize,
    /// The indentation of this container's members (YAML, and JSON on several lines).
    pub(super) indent: Option<String>,
    /// Members in file order: their key and their whole range.
    pub(super) members: Vec<(KeyId, Range<usize>)>,
}

/// Counts what a reader takes, and refuses a file past [`bounds`].
pub(super) struct Budget {
    entries: usize,
}

impl Budget {
    pub(super) fn new() -> Self {
        Self { entries: 0 }
    }

    pub(super) fn entry(&mut self, text: &str, at: usize) -> Result<(), ParseError> {
        self.entries += 1;
        if self.entries > bounds::ENTRIES {
            return Err(ParseError::at(
                text,
                at,
                format!("more than {} entries", bounds::ENTRIES),
            ));
        }
        Ok(())
    }

    pub(super) fn depth(text: &str, at: usize, depth: usize) -> Result<(), ParseError> {
        if depth > bounds::DEPTH {
            return Err(ParseError::at(
                text,
                at,
                format!("nested more than {} levels deep", bounds::DEPTH),
            ));
        }
        Ok(())
    }

    /// Interns `name` under `parent`, refusing a key longer than [`bounds::KEY`] bytes
    /// (with its parents) and a key that is not text.
    pub(super) fn key(
        keys: &mut Keys,
        lengths: &mut HashMap<KeyId, usize>,
        text: &str,
        at: usize,
        parent: KeyId,
        name: &str,
    ) -> Result<KeyId, ParseError> {
        let length = lengths.get(&parent).copied().unwrap_or(0) + name.len() + 1;
        if length > bounds::KEY {
            return Err(ParseError::at(
                text,
                at,
                format!("a key longer than {} bytes", bounds::KEY),
            ));
        }
        let id = keys.intern(parent, name);
        lengths.insert(id, length);
        Ok(id)
    }
}

/// The start of the line `at` is on.
pub(super) fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

/// Just past the end of the line `at` is on (its newline included).
pub(super) fn line_end(text: &str, at: usize) -> usize {
    text[at..].find('\n').map_or(text.len(), |i| at + i + 1)
}
