//! One three-way merge over keyed entries, the same for every format.
//!
//! `base` is the file as last synced, `local` the file here, `server` the export. For
//! each key, comparing the values as written:
//!
//! - changed only here (or on neither side): the local value stays;
//! - changed only on the server: the server's value is patched in where the local one
//!   sits (a key it added is added, one it removed is removed);
//! - changed on both sides, differently: a conflict — the local value stays and the key
//!   is listed. A key deleted on one side and changed on the other, and a change of
//!   shape (a string on one side where the other has an object or plural forms) are
//!   conflicts too, never a silent choice.
//!
//! The result is the local text with only those patches applied: every byte nobody
//! changed stays as it was.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::ops::Range;

use super::doc::{Doc, Entry, KeyId, Keys, Kind, ROOT, Tree};

/// The merged text and the keys changed on both sides (as people write them, `a.b.c`).
#[derive(Debug)]
pub struct Merged {
    pub text: String,
    pub conflicts: Vec<String>,
}

/// Why a merge could not start: which of the three files does not parse.
#[derive(Debug)]
pub struct CannotMerge(pub String);

impl std::fmt::Display for CannotMerge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Merges the parsed `local` and `server` against `base`, read with one `keys`.
pub(super) fn merge(keys: &Keys, base: &Doc, local: &Doc, server: &Doc) -> Merged {
    Merge::new(keys, base, local, server).run()
}

/// What happens to one key.
#[derive(Debug, Clone, Copy)]
enum Op {
    /// The server's value replaces the local one (local index, server index).
    Patch(usize, usize),
    /// The server removed it (local index).
    Delete(usize),
    /// The server added it (server index).
    Insert(usize),
}

struct Merge<'a, 't> {
    keys: &'a Keys,
    local: &'a Doc<'t>,
    server: &'a Doc<'t>,
    base_at: HashMap<KeyId, usize>,
    local_at: HashMap<KeyId, usize>,
    server_at: HashMap<KeyId, usize>,
    base: &'a Doc<'t>,
}

impl<'a, 't> Merge<'a, 't> {
    fn new(keys: &'a Keys, base: &'a Doc<'t>, local: &'a Doc<'t>, server: &'a Doc<'t>) -> Self {
        let index = |doc: &Doc| -> HashMap<KeyId, usize> {
            doc.entries
                .iter()
                .enumerate()
                .map(|(i, entry)| (entry.key, i))
                .collect()
        };
        Self {
            keys,
            base_at: index(base),
            local_at: index(local),
            server_at: index(server),
            local,
            server,
            base,
        }
    }

    /// A value as written, with its kind: what the three sides are compared by.
    fn value<'d>(doc: &'d Doc, at: Option<&usize>) -> Option<(Kind, &'d str)> {
        at.map(|&i| {
            let entry = &doc.entries[i];
            (entry.kind, &doc.text[entry.value.clone()])
        })
    }

    fn run(self) -> Merged {
        let mut ops = Vec::new();
        let mut conflicts = Vec::new();
        let mut conflict = |key: KeyId| conflicts.push(self.keys.display(key));
        for (i, entry) in self.local.entries.iter().enumerate() {
            if self.local_at.get(&entry.key) != Some(&i) {
                continue; // a repeated key: the last one counts
            }
            let b = Self::value(self.base, self.base_at.get(&entry.key));
            let l = Self::value(self.local, Some(&i));
            let s = Self::value(self.server, self.server_at.get(&entry.key));
            if l == s || s == b {
                continue;
            }
            if l == b {
                ops.push(match self.server_at.get(&entry.key) {
                    Some(&s) => Op::Patch(i, s),
                    None => Op::Delete(i),
                });
            } else {
                conflict(entry.key);
            }
        }
        let deleted: HashSet<KeyId> = ops
            .iter()
            .filter_map(|op| match op {
                Op::Delete(i) => Some(self.local.entries[*i].key),
                _ => None,
            })
            .collect();
        for (i, entry) in self.server.entries.iter().enumerate() {
            if self.local_at.contains_key(&entry.key) || self.server_at.get(&entry.key) != Some(&i)
            {
                continue;
            }
            let b = Self::value(self.base, self.base_at.get(&entry.key));
            let s = Self::value(self.server, Some(&i));
            match b {
                // Removed here, unchanged there: it stays removed.
                Some(b) if Some(b) == s => {}
                // Removed here, changed there.
                Some(_) => conflict(entry.key),
                None if self.clashes(entry.key, &deleted) => conflict(entry.key),
                None => ops.push(Op::Insert(i)),
            }
        }
        let text = if ops.is_empty() {
            self.local.text.to_owned()
        } else if self.local.tree.is_some() {
            Render::new(&self, &ops).document()
        } else {
            self.patch(&ops)
        };
        Merged { text, conflicts }
    }

    /// Whether a key the server added would change the shape of the file here: an
    /// object here where the server has a value, or a value here (that stays) where the
    /// server has an object.
    fn clashes(&self, key: KeyId, deleted: &HashSet<KeyId>) -> bool {
        let Some(tree) = &self.local.tree else {
            return false;
        };
        if tree.containers.contains_key(&key) {
            return true;
        }
        let mut up = self.keys.parent(key);
        while up != ROOT {
            if self.local_at.contains_key(&up) && !deleted.contains(&up) {
                return true;
            }
            up = self.keys.parent(up);
        }
        false
    }

    /// The local text with each operation applied in place (formats without nesting).
    fn patch(&self, ops: &[Op]) -> String {
        let (local, server) = (self.local, self.server);
        let mut edits: Vec<(Range<usize>, usize, &str)> = Vec::new();
        let deleted: HashSet<usize> = ops
            .iter()
            .filter_map(|op| {
                if let Op::Delete(i) = op {
                    Some(*i)
                } else {
                    None
                }
            })
            .collect();
        for (seq, op) in ops.iter().enumerate() {
            match *op {
                Op::Patch(l, s) => {
                    let (ours, theirs) = (&local.entries[l], &server.entries[s]);
                    if ours.kind == theirs.kind {
                        edits.push((ours.value.clone(), seq, &server.text[theirs.value.clone()]));
                    } else {
                        edits.push((ours.whole.clone(), seq, &server.text[theirs.whole.clone()]));
                    }
                }
                Op::Delete(l) => edits.push((local.entries[l].whole.clone(), seq, "")),
                Op::Insert(s) => {
                    let at = self
                        .after(s, &deleted)
                        .map_or(local.start, |l| local.entries[l].whole.end);
                    edits.push((at..at, seq, &server.text[server.entries[s].whole.clone()]));
                }
            }
        }
        edits.sort_by_key(|(range, seq, _)| (range.start, !range.is_empty(), *seq));
        let text = local.text;
        let mut out = String::with_capacity(text.len());
        let mut cursor = 0;
        for (range, _, replacement) in edits {
            if range.start < cursor {
                continue; // inside a range already replaced
            }
            out.push_str(&text[cursor..range.start]);
            let insert = range.is_empty() && !replacement.is_empty();
            if insert && !out.is_empty() && !out.ends_with('\n') && replacement.ends_with('\n') {
                out.push('\n');
            }
            if insert && local.blank_lines && !out.is_empty() && !out.ends_with("\n\n") {
                out.push('\n');
            }
            out.push_str(replacement);
            let rest = &text[range.end..];
            if insert
                && local.blank_lines
                && !rest.is_empty()
                && !out.ends_with("\n\n")
                && !rest.starts_with(['\n', '\r'])
            {
                out.push('\n');
            }
            cursor = range.end;
        }
        out.push_str(&text[cursor..]);
        out
    }

    /// The local entry a key the server added follows: the nearest one before it in
    /// the server's file that the local file keeps.
    fn after(&self, s: usize, deleted: &HashSet<usize>) -> Option<usize> {
        self.server.entries[..s].iter().rev().find_map(|entry| {
            self.local_at
                .get(&entry.key)
                .copied()
                .filter(|l| !deleted.contains(l))
        })
    }
}

/// Writes a nested file (JSON, YAML) back: containers whose members did not change are
/// copied with their values patched; a container that gains or loses members is
/// written again from its members as they were, each followed by what followed it in
/// the file, new members joined as the file joins its members.
struct Render<'m, 'a, 't> {
    merge: &'m Merge<'a, 't>,
    tree: &'a Tree,
    /// Leaves the server changed: the new value (same kind), or the new whole member.
    patches: HashMap<KeyId, Patch<'t>>,
    deleted: HashSet<KeyId>,
    /// Keys the server added, by the local container they go into.
    added: HashMap<KeyId, Vec<KeyId>>,
    /// Containers that gain or lose members.
    reshaped: HashSet<KeyId>,
}

enum Patch<'t> {
    Value(&'t str),
    Whole(&'t str),
}

/// A member of a container being written again.
enum Part {
    /// A member the file has, and the text that followed it there.
    Kept(KeyId, Range<usize>, Option<Range<usize>>),
    /// A member the server added, written.
    New(String),
}

impl<'m, 'a, 't> Render<'m, 'a, 't> {
    fn new(merge: &'m Merge<'a, 't>, ops: &[Op]) -> Self {
        let (local, server, keys) = (merge.local, merge.server, merge.keys);
        let tree = local.tree.as_ref().expect("a nested file");
        let mut render = Self {
            merge,
            tree,
            patches: HashMap::new(),
            deleted: HashSet::new(),
            added: HashMap::new(),
            reshaped: HashSet::new(),
        };
        for op in ops {
            match *op {
                Op::Patch(l, s) => {
                    let (ours, theirs): (&Entry, &Entry) = (&local.entries[l], &server.entries[s]);
                    let patch = if ours.kind == theirs.kind {
                        Patch::Value(&server.text[theirs.value.clone()])
                    } else {
                        Patch::Whole(&server.text[theirs.whole.clone()])
                    };
                    render.patches.insert(ours.key, patch);
                }
                Op::Delete(l) => {
                    let key = local.entries[l].key;
                    render.deleted.insert(key);
                    render.reshaped.insert(keys.parent(key));
                }
                Op::Insert(s) => {
                    // Into the nearest container the file here has.
                    let key = server.entries[s].key;
                    let mut into = keys.parent(key);
                    while !tree.containers.contains_key(&into) {
                        into = keys.parent(into);
                    }
                    render.added.entry(into).or_default().push(key);
                    render.reshaped.insert(into);
                }
            }
        }
        // A container the server emptied goes too (one that was empty stays).
        let mut check: Vec<KeyId> = render.reshaped.iter().copied().collect();
        while let Some(id) = check.pop() {
            let members = &tree.containers[&id].members;
            let emptied = !members.is_empty()
                && !render.added.contains_key(&id)
                && members.iter().all(|(key, _)| render.deleted.contains(key));
            if emptied && id != ROOT && render.deleted.insert(id) {
                let parent = keys.parent(id);
                render.reshaped.insert(parent);
                check.push(parent);
            }
        }
        render
    }

    fn document(&self) -> String {
        let text = self.merge.local.text;
        let root = &self.tree.containers[&ROOT];
        let mut out = String::with_capacity(text.len() + 64);
        out.push_str(&text[..root.open]);
        self.container(&mut out, ROOT);
        out.push_str(&text[root.close..]);
        out
    }

    fn container(&self, out: &mut String, id: KeyId) {
        let text = self.merge.local.text;
        let container = &self.tree.containers[&id];
        let members = &container.members;
        if !self.reshaped.contains(&id) {
            let mut cursor = container.open;
            for (key, range) in members {
                out.push_str(&text[cursor..range.start]);
                self.member(out, *key, range.clone());
                cursor = range.end;
            }
            out.push_str(&text[cursor..container.close]);
            return;
        }
        let mut parts: Vec<Part> = Vec::new();
        for (i, (key, range)) in members.iter().enumerate() {
            if !self.deleted.contains(key) {
                let after = members.get(i + 1).map(|(_, next)| range.end..next.start);
                parts.push(Part::Kept(*key, range.clone(), after));
            }
        }
        for (child, new) in self.groups(id) {
            let at = self.preceding(id, child, &parts).map_or(0, |i| i + 1);
            parts.insert(at, Part::New(new));
        }
        let indent = self.member_indent(id);
        let braces = self.tree.braces;
        let separator = match (braces, indent.is_empty() && self.tree.unit.is_empty()) {
            (false, _) => String::new(),
            (true, true) => ", ".to_owned(),
            (true, false) => format!(",\n{indent}"),
        };
        let (first, last) = (members.first(), members.last());
        match first {
            Some((_, range)) => out.push_str(&text[container.open..range.start]),
            None if braces && !parts.is_empty() && !self.tree.unit.is_empty() => {
                out.push('\n');
                out.push_str(&indent);
            }
            None => {}
        }
        let count = parts.len();
        for (n, part) in parts.into_iter().enumerate() {
            let follows = match part {
                Part::Kept(key, range, after) => {
                    self.member(out, key, range);
                    after
                }
                Part::New(written) => {
                    out.push_str(&written);
                    None
                }
            };
            if n + 1 < count {
                match follows {
                    Some(after) => out.push_str(&text[after]),
                    None => out.push_str(&separator),
                }
            }
        }
        match last {
            Some((_, range)) if count > 0 => out.push_str(&text[range.end..container.close]),
            Some(_) => {}
            None if braces && count > 0 && !self.tree.unit.is_empty() => {
                out.push('\n');
                out.push_str(&self.parent_indent(id));
            }
            None => {}
        }
    }

    /// One member that stays: its value patched, or its container written.
    fn member(&self, out: &mut String, key: KeyId, range: Range<usize>) {
        let text = self.merge.local.text;
        if let Some(container) = self.tree.containers.get(&key) {
            out.push_str(&text[range.start..container.open]);
            self.container(out, key);
            out.push_str(&text[container.close..range.end]);
            return;
        }
        match self.patches.get(&key) {
            Some(Patch::Value(value)) => {
                let entry = &self.merge.local.entries[self.merge.local_at[&key]];
                out.push_str(&text[range.start..entry.value.start]);
                out.push_str(value);
                out.push_str(&text[entry.value.end..range.end]);
            }
            Some(Patch::Whole(whole)) => out.push_str(whole),
            None => out.push_str(&text[range]),
        }
    }

    /// The server's new keys in container `id`, grouped by the member of `id` each
    /// makes, written.
    fn groups(&self, id: KeyId) -> Vec<(KeyId, String)> {
        let Some(added) = self.added.get(&id) else {
            return Vec::new();
        };
        let indent = self.member_indent(id);
        group(self.merge.keys, id, added)
            .into_iter()
            .map(|(child, leaves)| {
                let mut text = String::new();
                self.new_member(&mut text, child, &leaves, &indent);
                (child, text)
            })
            .collect()
    }

    /// Writes member `key`, whose line is indented by `indent`, holding the server's
    /// `leaves` under it. JSON: from the key to the value's end; YAML: whole lines.
    fn new_member(&self, out: &mut String, key: KeyId, leaves: &[KeyId], indent: &str) {
        let (keys, server) = (self.merge.keys, self.merge.server);
        let name = keys.name(key);
        let inner = format!("{indent}{}", self.tree.unit);
        if !self.tree.braces {
            let _ = write!(out, "{indent}{}:", yaml_key(name));
            if leaves == [key] {
                let entry = &server.entries[self.merge.server_at[&key]];
                let value = &server.text[entry.value.start..entry.whole.end];
                out.push(' ');
                out.push_str(value.trim_end_matches(['\n', '\r']));
                out.push('\n');
                return;
            }
            out.push('\n');
            for (child, under) in group(keys, key, leaves) {
                self.new_member(out, child, &under, &inner);
            }
            return;
        }
        out.push_str(&serde_json::to_string(name).expect("a string serializes"));
        out.push_str(&self.tree.colon);
        if leaves == [key] {
            let entry = &server.entries[self.merge.server_at[&key]];
            out.push_str(&server.text[entry.value.clone()]);
            return;
        }
        out.push('{');
        let multiline = !self.tree.unit.is_empty();
        for (n, (child, under)) in group(keys, key, leaves).into_iter().enumerate() {
            out.push_str(match (n, multiline) {
                (0, _) => "",
                (_, true) => ",",
                (_, false) => ", ",
            });
            if multiline {
                out.push('\n');
                out.push_str(&inner);
            }
            self.new_member(out, child, &under, &inner);
        }
        if multiline {
            out.push('\n');
            out.push_str(indent);
        }
        out.push('}');
    }

    /// Where a new member goes among `parts`: after the last kept member that comes
    /// before it in the server's file.
    fn preceding(&self, id: KeyId, child: KeyId, parts: &[Part]) -> Option<usize> {
        let server = self.merge.server.tree.as_ref()?;
        let members = &server.containers.get(&id)?.members;
        let at = members.iter().position(|(key, _)| *key == child)?;
        members[..at].iter().rev().find_map(|(before, _)| {
            parts
                .iter()
                .position(|part| matches!(part, Part::Kept(key, ..) if key == before))
        })
    }

    /// The indentation of container `id`'s members.
    fn member_indent(&self, id: KeyId) -> String {
        if let Some(indent) = &self.tree.containers[&id].indent {
            return indent.clone();
        }
        match (id, self.tree.braces) {
            (ROOT, true) => self.tree.unit.clone(),
            (ROOT, false) => String::new(),
            _ => format!("{}{}", self.parent_indent(id), self.tree.unit),
        }
    }

    /// The indentation of the line that holds container `id`'s key.
    fn parent_indent(&self, id: KeyId) -> String {
        match id {
            ROOT => String::new(),
            _ => self.member_indent(self.merge.keys.parent(id)),
        }
    }
}

/// `leaves` (keys under `id`) grouped by the child of `id` each is under, in order.
fn group(keys: &Keys, id: KeyId, leaves: &[KeyId]) -> Vec<(KeyId, Vec<KeyId>)> {
    let mut groups: Vec<(KeyId, Vec<KeyId>)> = Vec::new();
    let mut at: HashMap<KeyId, usize> = HashMap::new();
    for &leaf in leaves {
        let mut child = leaf;
        while keys.parent(child) != id {
            child = keys.parent(child);
        }
        match at.get(&child) {
            Some(&i) => groups[i].1.push(leaf),
            None => {
                at.insert(child, groups.len());
                groups.push((child, vec![leaf]));
            }
        }
    }
    groups
}

/// A YAML key written plain when it can be, quoted otherwise.
fn yaml_key(name: &str) -> String {
    let plain = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '/'))
        && !name.starts_with(['-', '.'])
        && !matches!(
            name.to_ascii_lowercase().as_str(),
            "y" | "n" | "yes" | "no" | "true" | "false" | "null" | "on" | "off"
        );
    if plain {
        name.to_owned()
    } else {
        serde_json::to_string(name).expect("a string serializes")
    }
}
