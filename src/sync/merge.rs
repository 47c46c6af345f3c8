//! Pull never loses a local edit: a file changed on disk since nt3 last synced it is
//! merged key by key with what the server sends, against the copy last synced.
//!
//! For each key: changed only here, the local value stays; changed only on the server,
//! the server's comes in; changed on both sides to different values, the local value
//! stays and the key is a conflict, named in the report (the server keeps its own, so
//! neither side is lost). The merged file keeps the local file's key order and layout.
//! JSON files (`json-flat`, `json-nested`, `arb`) merge; for other formats a local edit
//! leaves the file as it is.

use super::json::{Json, Layout};
use crate::types::format::Format;

/// Whether files of `format` are merged key by key.
pub fn can_merge(format: Format) -> bool {
    matches!(format, Format::JsonFlat | Format::JsonNested | Format::Arb)
}

/// A merged file and the keys both sides changed (written `a.b.c`).
#[derive(Debug)]
pub struct Merged {
    pub text: String,
    pub conflicts: Vec<String>,
}

/// Why a file could not be merged.
#[derive(Debug)]
pub struct CannotMerge(pub String);

/// Merges `local` and `server` against `base`, all JSON text.
pub fn merge(base: &str, local: &str, server: &str) -> Result<Merged, CannotMerge> {
    let parse = |text: &str, what: &str| {
        Json::parse(text)
            .map_err(|err| CannotMerge(format!("{what} is not JSON nt3 can merge: {err}")))
    };
    let base = parse(base, "the copy last synced")?;
    let local_tree = parse(local, "the file here")?;
    let server = parse(server, "the server's file")?;
    let leaves = |tree: &Json| -> std::collections::HashMap<Vec<String>, Json> {
        tree.leaves()
            .into_iter()
            .map(|(path, value)| (path, value.clone()))
            .collect()
    };
    let (base_leaves, local_leaves, server_leaves) =
        (leaves(&base), leaves(&local_tree), leaves(&server));
    // Local keys in their order, then the server's new ones in theirs.
    let mut paths: Vec<Vec<String>> = local_tree.leaves().into_iter().map(|(p, _)| p).collect();
    for tree in [&server, &base] {
        paths.extend(
            tree.leaves()
                .into_iter()
                .map(|(p, _)| p)
                .filter(|p| !local_leaves.contains_key(p)),
        );
    }
    let mut seen = std::collections::HashSet::new();
    paths.retain(|p| seen.insert(p.clone()));
    let mut merged = local_tree.clone();
    let mut changed = false;
    let mut conflicts = Vec::new();
    for path in paths {
        let (b, l, s) = (
            base_leaves.get(&path),
            local_leaves.get(&path),
            server_leaves.get(&path),
        );
        if l == b && s != b {
            changed = true;
            match s {
                Some(value) => merged.set_path(&path, value.clone()),
                None => merged.remove_path(&path),
            }
        } else if l != b && s != b && l != s {
            conflicts.push(path.join("."));
        }
    }
    // Nothing came in from the server: the file stays byte for byte as it is.
    let text = if changed {
        Layout::of(local).write(&merged)
    } else {
        local.to_owned()
    };
    Ok(Merged { text, conflicts })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_side_keeps_its_changes_and_conflicts_keep_the_local_value() {
        let base = "{\n  \"a\": \"A\",\n  \"b\": \"B\",\n  \"c\": \"C\",\n  \"gone\": \"x\"\n}\n";
        let local = "{\n  \"c\": \"C mine\",\n  \"a\": \"A mine\",\n  \"b\": \"B\",\n  \"gone\": \"x\"\n}\n";
        let server = "{\"a\": \"A\", \"b\": \"B theirs\", \"c\": \"C theirs\", \"new\": \"N\"}";
        let merged = merge(base, local, server).unwrap();
        assert_eq!(
            merged.text,
            "{\n  \"c\": \"C mine\",\n  \"a\": \"A mine\",\n  \"b\": \"B theirs\",\n  \"new\": \"N\"\n}\n"
        );
        assert_eq!(merged.conflicts, ["c"]);
    }

    #[test]
    fn nested_keys_merge_by_path() {
        let base = r#"{"home": {"title": "Home", "cta": "Go"}}"#;
        let local = r#"{"home": {"title": "Start", "cta": "Go"}}"#;
        let server = r#"{"home": {"title": "Home", "cta": "Go now"}, "x": {"y": "z"}}"#;
        let merged = merge(base, local, server).unwrap();
        assert_eq!(
            Json::parse(&merged.text).unwrap(),
            Json::parse(r#"{"home": {"title": "Start", "cta": "Go now"}, "x": {"y": "z"}}"#)
                .unwrap()
        );
        assert!(merged.conflicts.is_empty());
    }

    #[test]
    fn what_is_not_json_cannot_merge() {
        assert!(merge("{}", "{oops", "{}").is_err());
    }
}
