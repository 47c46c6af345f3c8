//! `nt3 init --detect`: a project's file patterns, found in its own tree.
//!
//! The tree is walked once, bounded ([`MAX_DEPTH`] folders deep, [`MAX_ENTRIES`]
//! entries), skipping `.git`, hidden folders, dependencies and build output
//! ([`SKIPPED`]). Each file of a translation format proposes the patterns it could
//! belong to: a folder or the end of its name that reads as a language (as that format's
//! platform spells it: `values-pt-rBR`, `de.lproj`, `pt_BR`, `intl_pt_BR.arb`,
//! `messages.de.xlf`) becomes `{lang}`, and a file under a language folder may also be
//! a `{namespace}`. Each proposal is then matched against the tree with the same
//! [`Pattern::discover`] push and pull use; one that finds at least two languages is
//! kept, a proposal whose files another already takes is dropped (the one with fewer
//! placeholders wins a tie), and a gettext template (`.pot`) or an untagged XLIFF file
//! beside the files becomes the pattern's `source:`. String Catalogs are one pattern
//! each.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::locale::{Locales, Reading};
use super::pattern::{LANG, NAMESPACE, Pattern, Skipped};
use crate::types::format::Format;

/// How deep the walk goes.
pub const MAX_DEPTH: usize = 16;

/// How many entries the walk reads at most.
pub const MAX_ENTRIES: usize = 100_000;

/// Folders never walked: dependencies, build output, tools' state.
pub const SKIPPED: &[&str] = &[
    "node_modules",
    "vendor",
    "Pods",
    "Carthage",
    "build",
    "dist",
    "out",
    "target",
    "bin",
    "obj",
    "DerivedData",
    "__pycache__",
    "venv",
];

/// A proposed pattern, with what it matches.
#[derive(Debug, Clone)]
pub struct Proposal {
    pub pattern: Pattern,
    /// The files it matches, relative to the root.
    pub files: Vec<String>,
    /// Their languages (Entri codes); for a String Catalog, none (it holds them all).
    pub languages: Vec<String>,
    /// What it matches but would not send, and why.
    pub skipped: Vec<Skipped>,
}

/// What the walk found: translation files by path, and whether it stopped early.
struct Walked {
    files: Vec<String>,
    truncated: bool,
}

/// The patterns of the tree under `root`, whose source language is `source`; and
/// whether the walk stopped at its bound before seeing everything.
pub fn detect(root: &Path, source: &str) -> (Vec<Proposal>, bool) {
    let walked = walk(root);
    let mut proposals: Vec<Proposal> = Vec::new();
    let mut candidates: BTreeMap<String, Format> = BTreeMap::new();
    for file in &walked.files {
        let Some(format) = format_of(root, file) else {
            continue;
        };
        if format == Format::Xcstrings {
            proposals.push(Proposal {
                pattern: pattern(file.clone(), format, None),
                files: vec![file.clone()],
                languages: Vec::new(),
                skipped: Vec::new(),
            });
            continue;
        }
        for template in templates(file, format, source) {
            candidates.entry(template).or_insert(format);
        }
    }
    let mut found: Vec<Proposal> = candidates
        .into_iter()
        .filter_map(|(template, format)| matched(root, template, format, source, &walked.files))
        .collect();
    // More files first; at equal counts, fewer placeholders (a literal name beats a
    // `{namespace}` that happens to match the same files).
    found.sort_by_key(|p| {
        (
            std::cmp::Reverse(p.files.len()),
            p.pattern.path.matches('{').count(),
        )
    });
    let mut taken: BTreeSet<String> = BTreeSet::new();
    for proposal in found {
        if proposal.files.iter().all(|file| taken.contains(file)) {
            continue;
        }
        taken.extend(proposal.files.iter().cloned());
        proposals.push(proposal);
    }
    proposals.sort_by(|a, b| a.pattern.path.cmp(&b.pattern.path));
    (proposals, walked.truncated)
}

fn pattern(path: String, format: Format, source: Option<String>) -> Pattern {
    Pattern {
        path,
        format,
        namespace: None,
        languages_mapping: BTreeMap::new(),
        source,
        locale_style: None,
    }
}

/// The translation files under `root`, by relative path.
fn walk(root: &Path) -> Walked {
    let mut walked = Walked {
        files: Vec::new(),
        truncated: false,
    };
    let mut entries = 0usize;
    let mut stack = vec![(root.to_path_buf(), String::new(), 0usize)];
    while let Some((dir, rel, depth)) = stack.pop() {
        let Ok(listing) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in listing.flatten() {
            entries += 1;
            if entries > MAX_ENTRIES {
                walked.truncated = true;
                return walked;
            }
            let Ok(name) = entry.file_name().into_string() else {
                continue;
            };
            let path = if rel.is_empty() {
                name.clone()
            } else {
                format!("{rel}/{name}")
            };
            // The listing's own type: a link is never followed out of the tree.
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                let skipped = name.starts_with('.') || SKIPPED.contains(&name.as_str());
                if !skipped && depth < MAX_DEPTH {
                    stack.push((entry.path(), path, depth + 1));
                }
            } else if kind.is_file() && is_translation(&name) {
                walked.files.push(path);
            }
        }
    }
    walked.files.sort();
    walked
}

/// Whether a file name is of a translation format (Android's only as `strings.xml`).
fn is_translation(name: &str) -> bool {
    name == "strings.xml"
        || !name.ends_with(".xml") && Format::guess(name).is_some() && !name.ends_with(".pot")
}

/// The format of a translation file, from its name and, where that leaves a choice,
/// its first bytes: XLIFF 2.0, and flat JSON whose keys hold dots.
fn format_of(root: &Path, file: &str) -> Option<Format> {
    let format = Format::guess(file)?;
    let head = || {
        let mut bytes = Vec::new();
        let opened = std::fs::File::open(root.join(file));
        if let Ok(f) = opened {
            let _ = std::io::Read::read_to_end(&mut std::io::Read::take(f, 64 * 1024), &mut bytes);
        }
        bytes
    };
    Some(match format {
        Format::Xliff if String::from_utf8_lossy(&head()).contains("version=\"2.") => {
            Format::Xliff2
        }
        Format::JsonNested if is_flat_with_dots(&head()) => Format::JsonFlat,
        format => format,
    })
}

/// A JSON object whose values are all strings, with a key holding a dot: flat.
fn is_flat_with_dots(bytes: &[u8]) -> bool {
    let Ok(serde_json::Value::Object(map)) = serde_json::from_slice(bytes) else {
        return false;
    };
    map.values().all(serde_json::Value::is_string) && map.keys().any(|key| key.contains('.'))
}

/// The patterns `file` could belong to: each folder, or end of the name, that reads as a
/// language as `format`'s platform spells it, replaced by `{lang}`.
fn templates(file: &str, format: Format, source: &str) -> Vec<String> {
    let locales = Locales::new(
        format,
        file,
        None,
        source,
        &BTreeMap::new(),
        &BTreeMap::new(),
    );
    let is_language = |code: &str| matches!(locales.read(code), Reading::Language(_));
    let parts: Vec<&str> = file.split('/').collect();
    let (name, folders) = parts.split_last().expect("a path has a name");
    let mut templates = Vec::new();
    for (i, folder) in folders.iter().enumerate() {
        let (before, code, after) = if let Some(code) = folder.strip_prefix("values-") {
            ("values-", code, "")
        } else if let Some(code) = folder.strip_suffix(".lproj") {
            ("", code, ".lproj")
        } else {
            ("", *folder, "")
        };
        if !is_language(code) {
            continue;
        }
        let head = parts[..i]
            .iter()
            .map(|p| format!("{p}/"))
            .collect::<String>();
        let rest = parts[i + 1..].join("/");
        templates.push(format!("{head}{before}{LANG}{after}/{rest}"));
        let namespaced = matches!(format, Format::JsonNested | Format::JsonFlat | Format::Yaml);
        if namespaced && let Some((_, extension)) = name.rsplit_once('.') {
            templates.push(format!(
                "{head}{before}{LANG}{after}/{NAMESPACE}.{extension}"
            ));
        }
    }
    let Some((stem, extension)) = name.rsplit_once('.') else {
        return templates;
    };
    let dir: String = folders.iter().map(|p| format!("{p}/")).collect();
    // The longest end of the name that reads as a language: `intl_pt_BR` → `pt_BR`.
    let cut = (0..stem.len())
        .filter(|&k| k == 0 || stem[..k].ends_with(['.', '_', '-']))
        .find(|&k| stem.is_char_boundary(k) && is_language(&stem[k..]));
    if let Some(k) = cut {
        templates.push(format!("{dir}{}{LANG}.{extension}", &stem[..k]));
    }
    templates
}

/// `template` as a pattern, with what it matches under `root`: kept when it finds two
/// languages or more, with a `source:` when a template or untagged file is beside them.
fn matched(
    root: &Path,
    template: String,
    format: Format,
    source: &str,
    files: &[String],
) -> Option<Proposal> {
    let source_file = source_beside(&template, format, root, files);
    let pattern = pattern(template, format, source_file);
    let locales = Locales::new(
        format,
        &pattern.path,
        None,
        source,
        &BTreeMap::new(),
        &BTreeMap::new(),
    );
    let discovery = pattern.discover(root, &locales);
    let languages: BTreeSet<String> = discovery.files.iter().map(|f| f.language.clone()).collect();
    if languages.len() < 2 {
        return None;
    }
    Some(Proposal {
        files: discovery.files.into_iter().map(|f| f.path).collect(),
        languages: languages.into_iter().collect(),
        skipped: discovery.skipped,
        pattern,
    })
}

/// The source file of a pattern when it has no `{lang}`: the one gettext template
/// (`.pot`) in the folder that holds the language folders or files, or, for XLIFF, the
/// file named as the pattern without the language (`messages.xlf`).
fn source_beside(template: &str, format: Format, root: &Path, files: &[String]) -> Option<String> {
    let (before, _) = template.split_once(LANG)?;
    let dir = before.rsplit_once('/').map_or("", |(dir, _)| dir);
    match format {
        Format::Po => {
            let listing = std::fs::read_dir(root.join(dir)).ok()?;
            let templates: Vec<String> = listing
                .flatten()
                .filter_map(|entry| entry.file_name().into_string().ok())
                .filter(|name| name.ends_with(".pot"))
                .collect();
            match templates.as_slice() {
                [only] if dir.is_empty() => Some(only.clone()),
                [only] => Some(format!("{dir}/{only}")),
                _ => None,
            }
        }
        Format::Xliff | Format::Xliff2 => {
            let untagged = [".{lang}", "-{lang}", "_{lang}"].iter().find_map(|tag| {
                template
                    .contains(tag)
                    .then(|| template.replacen(tag, "", 1))
            })?;
            files.contains(&untagged).then_some(untagged)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(files: &[&str]) -> tempfile::TempDir {
        let root = tempfile::tempdir().unwrap();
        for file in files {
            let path = root.path().join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "{}").unwrap();
        }
        root
    }

    fn paths(root: &Path) -> Vec<(String, Format, Option<String>)> {
        detect(root, "en")
            .0
            .into_iter()
            .map(|p| (p.pattern.path, p.pattern.format, p.pattern.source))
            .collect()
    }

    #[test]
    fn each_android_module_gets_its_own_pattern() {
        let root = tree(&[
            "app/src/main/res/values/strings.xml",
            "app/src/main/res/values-de/strings.xml",
            "lib/src/main/res/values/strings.xml",
            "lib/src/main/res/values-fr/strings.xml",
            "app/src/main/res/values-night/colors.xml",
        ]);
        assert_eq!(
            paths(root.path()),
            [
                (
                    "app/src/main/res/values-{lang}/strings.xml".into(),
                    Format::AndroidXml,
                    None
                ),
                (
                    "lib/src/main/res/values-{lang}/strings.xml".into(),
                    Format::AndroidXml,
                    None
                ),
            ]
        );
    }

    #[test]
    fn dependencies_and_hidden_folders_are_not_walked() {
        let root = tree(&[
            "node_modules/pkg/locales/de.json",
            "node_modules/pkg/locales/en.json",
            ".cache/locales/de.json",
            ".cache/locales/fr.json",
        ]);
        assert!(paths(root.path()).is_empty());
    }

    #[test]
    fn a_single_language_is_no_pattern() {
        let root = tree(&["config/en.json", "package.json"]);
        assert!(paths(root.path()).is_empty());
    }

    /// Every tree of the corpus (`tests/fixtures/trees`): the proposal takes every
    /// translation file, or names it as skipped with the reason, and nothing else.
    #[test]
    fn the_proposal_covers_every_tree_of_the_corpus() {
        let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/trees");
        let mut trees = 0;
        for entry in std::fs::read_dir(&base).unwrap().flatten() {
            if !entry.path().is_dir() {
                continue;
            }
            trees += 1;
            let root = entry.path();
            let mut expected: BTreeSet<String> = walk(&root).files.into_iter().collect();
            // Templates are found as sources, not walked as translations.
            let mut stack = vec![root.clone()];
            while let Some(dir) = stack.pop() {
                for entry in std::fs::read_dir(dir).unwrap().flatten() {
                    if entry.path().is_dir() {
                        stack.push(entry.path());
                    } else if entry.path().extension().is_some_and(|e| e == "pot") {
                        let rel = entry.path().strip_prefix(&root).unwrap().to_owned();
                        expected.insert(rel.to_string_lossy().replace('\\', "/"));
                    }
                }
            }
            let (proposals, truncated) = detect(&root, "en");
            assert!(!truncated);
            let mut covered = BTreeSet::new();
            for proposal in &proposals {
                for file in proposal
                    .files
                    .iter()
                    .chain(proposal.skipped.iter().map(|s| &s.path))
                {
                    assert!(covered.insert(file.clone()), "{file} proposed twice");
                }
            }
            assert_eq!(covered, expected, "{}", root.display());
        }
        assert!(trees >= 12, "{trees} trees");
    }
}
