//! What is near a pattern that matches nothing, so the message can point at it: a
//! String Catalog beside the `.lproj` folders it replaced, files with another
//! extension where the pattern's would be, a language folder holding other files, a
//! folder spelled with other capitals.
//!
//! It looks only at the folders the pattern names (and one level below), reading at
//! most [`MAX_ENTRIES`] entries of each, so a large tree costs no more than a pattern.

use std::path::Path;

use super::pattern::Pattern;
use crate::types::format::Format;

/// Entries read per folder.
const MAX_ENTRIES: usize = 1000;

/// Names shown in a hint.
const SHOWN: usize = 3;

/// A hint naming what is near `pattern` under `root`, when something is.
pub fn nearby(root: &Path, pattern: &Pattern) -> Option<String> {
    let segments: Vec<&str> = pattern.path.split('/').collect();
    let first = segments.iter().position(|s| s.contains('{'))?;
    // The folder the pattern names before its first placeholder, or why it is missing.
    let mut dir = root.to_path_buf();
    for (i, segment) in segments[..first].iter().enumerate() {
        let next = dir.join(segment);
        if !next.is_dir() {
            let shown = segments[..=i].join("/");
            let other = names(&dir)
                .into_iter()
                .find(|name| name.eq_ignore_ascii_case(segment) && dir.join(name).is_dir())?;
            let mut spelled: Vec<&str> = segments[..i].to_vec();
            spelled.push(&other);
            return Some(format!(
                "`{}/` is here, spelled with other capitals than `{shown}/`",
                spelled.join("/")
            ));
        }
        dir = next;
    }
    let at = segments[..first].join("/");
    let rel = |name: &str| match at.as_str() {
        "" => name.to_owned(),
        at => format!("{at}/{name}"),
    };
    if matches!(pattern.format, Format::IosStrings | Format::IosStringsdict)
        && let Some(catalog) = catalog(&dir)
    {
        let catalog = rel(&catalog);
        return Some(format!(
            "`{catalog}` is a String Catalog, which holds every language in one file: `path: \"{catalog}\"` with `format: xcstrings`"
        ));
    }
    let last = segments[segments.len() - 1];
    let extension = last.rsplit_once('.').map(|(_, ext)| ext)?;
    if first == segments.len() - 1 {
        // The files themselves hold the placeholder: other extensions here?
        let other: Vec<String> = names(&dir)
            .into_iter()
            .filter(|name| {
                name.rsplit_once('.')
                    .is_some_and(|(_, ext)| ext != extension)
                    && dir.join(name).is_file()
            })
            .collect();
        return (!other.is_empty()).then(|| {
            format!(
                "`{}/` holds {}, not `.{extension}` files",
                if at.is_empty() { "." } else { &at },
                list(&other)
            )
        });
    }
    // A folder holds the placeholder: what do such folders hold?
    for folder in names(&dir) {
        let inside = dir.join(&folder);
        if folder.starts_with('.') || !inside.is_dir() {
            continue;
        }
        let files: Vec<String> = names(&inside)
            .into_iter()
            .filter(|name| inside.join(name).is_file() && !name.starts_with('.'))
            .collect();
        if !files.is_empty() && segments.len() == first + 2 {
            return Some(format!(
                "`{}/` holds {}, not `{last}`",
                rel(&folder),
                list(&files)
            ));
        }
    }
    None
}

/// A String Catalog in `dir` or one level below, by its path relative to `dir`.
fn catalog(dir: &Path) -> Option<String> {
    let is_catalog = |name: &str| name.ends_with(".xcstrings");
    let names = names(dir);
    if let Some(found) = names.iter().find(|name| is_catalog(name)) {
        return Some(found.clone());
    }
    names.iter().find_map(|folder| {
        let found = self::names(&dir.join(folder))
            .into_iter()
            .find(|name| is_catalog(name))?;
        Some(format!("{folder}/{found}"))
    })
}

/// The names in `dir`, sorted, at most [`MAX_ENTRIES`] read.
fn names(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .take(MAX_ENTRIES)
        .flatten()
        .filter_map(|entry| entry.file_name().into_string().ok())
        .collect();
    names.sort();
    names
}

/// `a`, `b`, `c` and 4 more.
fn list(names: &[String]) -> String {
    let shown: Vec<String> = names.iter().take(SHOWN).map(|n| format!("`{n}`")).collect();
    match names.len() {
        n if n <= SHOWN => shown.join(", "),
        n => format!("{} and {} more", shown.join(", "), n - SHOWN),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pattern(path: &str, format: Format) -> Pattern {
        Pattern {
            path: path.into(),
            format,
            namespace: None,
            languages_mapping: Default::default(),
            source: None,
            locale_style: None,
        }
    }

    fn tree(files: &[&str]) -> tempfile::TempDir {
        let root = tempfile::tempdir().unwrap();
        for file in files {
            let path = root.path().join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "").unwrap();
        }
        root
    }

    #[test]
    fn a_string_catalog_beside_lproj_folders_that_are_gone() {
        let root = tree(&["App/Resources/Localizable.xcstrings"]);
        let hint = nearby(
            root.path(),
            &pattern("App/{lang}.lproj/Localizable.strings", Format::IosStrings),
        );
        assert_eq!(
            hint.as_deref(),
            Some(
                "`App/Resources/Localizable.xcstrings` is a String Catalog, which holds every language in one file: `path: \"App/Resources/Localizable.xcstrings\"` with `format: xcstrings`"
            )
        );
    }

    #[test]
    fn files_with_another_extension() {
        let root = tree(&["locales/de.yml", "locales/en.yml"]);
        let hint = nearby(
            root.path(),
            &pattern("locales/{lang}.json", Format::JsonFlat),
        );
        assert_eq!(
            hint.as_deref(),
            Some("`locales/` holds `de.yml`, `en.yml`, not `.json` files")
        );
    }

    #[test]
    fn language_folders_holding_other_files() {
        let root = tree(&["locales/de/translation.json", "locales/en/translation.json"]);
        let hint = nearby(
            root.path(),
            &pattern("locales/{lang}/messages.json", Format::JsonNested),
        );
        assert_eq!(
            hint.as_deref(),
            Some("`locales/de/` holds `translation.json`, not `messages.json`")
        );
    }

    /// Where the file system ignores case (Windows, macOS), the pattern finds the
    /// folder anyway, and there is nothing to say.
    #[test]
    fn a_folder_spelled_with_other_capitals() {
        let root = tree(&["Locales/de.json"]);
        let hint = nearby(
            root.path(),
            &pattern("locales/{lang}.json", Format::JsonFlat),
        );
        let ignores_case = root.path().join("locales").is_dir();
        let expected = (!ignores_case)
            .then_some("`Locales/` is here, spelled with other capitals than `locales/`");
        assert_eq!(hint.as_deref(), expected);
    }

    #[test]
    fn nothing_near_says_nothing() {
        let root = tree(&["src/main.rs"]);
        assert_eq!(
            nearby(
                root.path(),
                &pattern("locales/{lang}.json", Format::JsonFlat)
            ),
            None
        );
    }
}
