//! File patterns: `locales/{lang}.json`, `{namespace}/{lang}.po`. [`Pattern::discover`]
//! finds the files a pattern matches, each with its language, and the paths it matched
//! but cannot use, each with the reason; [`Pattern::render`] names the file for a
//! language and namespace.
//!
//! A `{namespace}` that starts the last segment spans folders, as i18next trees nest
//! namespaces: `locales/{lang}/{namespace}.json` takes `locales/de/layout/modals/about.json`
//! as namespace `layout/modals/about`, at most [`MAX_NAMESPACE_FOLDERS`] folders deep.
//! Anywhere else a placeholder is one folder or file name. In a language's folder of
//! such a pattern, every other file is named as skipped, so none vanishes in silence.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::locale::{Locales, Reading, Style};
use crate::types::format::Format;
use crate::types::names::is_namespace;

pub const LANG: &str = "{lang}";

pub const NAMESPACE: &str = "{namespace}";

/// How many folders a namespace may span (`layout/modals/about` spans two).
pub const MAX_NAMESPACE_FOLDERS: usize = 8;

/// Whether `path`'s `{namespace}` may span folders: it starts the last segment.
pub fn namespace_spans_folders(path: &str) -> bool {
    path.rsplit('/')
        .next()
        .is_some_and(|last| last.starts_with(NAMESPACE))
}

#[derive(Debug, Clone, Deserialize)]
pub struct Pattern {
    pub path: String,
    pub format: Format,
    #[serde(default)]
    pub namespace: Option<String>,
    /// Entri code → the code in paths, for this pattern; wins over the file's.
    #[serde(default)]
    pub languages_mapping: BTreeMap<String, String>,
    /// The source language's file, when it is not named like the others (a `.pot`
    /// template, `Base.lproj/…`): push reads it, pull never writes it.
    #[serde(default)]
    pub source: Option<String>,
    /// How new languages are spelled in paths; by default as the tree already does.
    #[serde(default)]
    pub locale_style: Option<Style>,
}

/// A translation file on disk (or to be written) for one pattern.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct File {
    /// Relative to the project root, with `/` separators.
    pub path: String,
    pub language: String,
    pub namespace: Option<String>,
    /// How the path spells the language (`None`: a source file without `{lang}`).
    pub code: Option<String>,
    /// The path pattern it was found under or made from (`path`, or the source's).
    pub template: String,
}

/// A path a pattern matched that is not a translation file nt3 uses, and why.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Skipped {
    pub path: String,
    pub reason: String,
}

/// What one pattern matched on disk.
#[derive(Debug, Default)]
pub struct Discovery {
    pub files: Vec<File>,
    pub skipped: Vec<Skipped>,
    /// The directories whose entries the result depends on, relative to the root: while
    /// none of them changes, neither does the result ([`super::scan_cache`]).
    pub dirs: Vec<String>,
}

impl Pattern {
    /// The path for a language (an Entri code) and namespace, with the language written
    /// as `locales` says. The source language's own file, when the pattern names one.
    pub fn render(&self, locales: &Locales, language: &str, namespace: Option<&str>) -> String {
        let path = match &self.source {
            Some(source) if language == locales.source() => source.clone(),
            _ if locales.source_drops_suffix(language) => {
                self.path.replace(&format!("-{LANG}"), "")
            }
            _ => self.path.clone(),
        };
        path.replace(LANG, &locales.to_path(language))
            .replace(NAMESPACE, namespace.unwrap_or_default())
    }

    /// The file for a language and namespace, named as [`Pattern::render`] names it.
    pub fn file(&self, locales: &Locales, language: &str, namespace: Option<&str>) -> File {
        let template = match &self.source {
            Some(source) if language == locales.source() => source.clone(),
            _ => self.path.clone(),
        };
        File {
            path: self.render(locales, language, namespace),
            language: language.to_owned(),
            namespace: namespace.map(String::from),
            code: Some(locales.to_path(language)),
            template,
        }
    }

    pub fn has_namespace_placeholder(&self) -> bool {
        self.path.contains(NAMESPACE)
    }

    /// The source file's path pattern when it has no `{lang}`: the pattern's `source`, or
    /// Android's `values/` (the path without its `-{lang}`).
    fn source_path(&self, locales: &Locales) -> Option<String> {
        if let Some(source) = &self.source {
            return Some(source.clone());
        }
        let suffix = format!("-{LANG}");
        (self.format == Format::AndroidXml
            && self.path.contains(&suffix)
            && locales.source_drops_suffix(locales.source()))
        .then(|| self.path.replace(&suffix, ""))
    }

    /// The files under `root` this pattern matches, sorted by path, each with its Entri
    /// language code, and the paths it matched that hold no language.
    pub fn discover(&self, root: &Path, locales: &Locales) -> Discovery {
        let mut found = Discovery::default();
        if self.format == Format::Xcstrings {
            // One catalog holds every language; it is found as the source's file.
            walk_pattern(
                root,
                &self.path,
                locales,
                Some(locales.source()),
                &mut found,
            );
        } else {
            walk_pattern(root, &self.path, locales, None, &mut found);
        }
        if let Some(source) = self.source_path(locales) {
            walk_pattern(root, &source, locales, Some(locales.source()), &mut found);
        }
        if let Some(source) = &self.source {
            // An explicit `source:` is the source language's file: a `{lang}` file for
            // that language is named, not taken, so the two never collide.
            let (shadowed, files): (Vec<File>, Vec<File>) = found
                .files
                .drain(..)
                .partition(|file| file.language == locales.source() && file.template != *source);
            found.files = files;
            found
                .skipped
                .extend(shadowed.into_iter().map(|file| Skipped {
                path: file.path,
                reason: format!(
                    "the source language's file is `{source}` (`source:`), so this one is not sent"
                ),
            }));
        }
        found.files.sort();
        found.files.dedup_by(|a, b| a.path == b.path);
        found.skipped.sort();
        found.skipped.dedup();
        found.dirs.sort();
        found.dirs.dedup();
        for file in &mut found.files {
            if file.namespace.is_none() {
                file.namespace = self.namespace.clone();
            }
        }
        found
    }
}

/// Walks one path pattern; with `fixed`, files match without a `{lang}` and are that
/// language.
fn walk_pattern(
    root: &Path,
    pattern: &str,
    locales: &Locales,
    fixed: Option<&str>,
    found: &mut Discovery,
) {
    let segments: Vec<&str> = pattern
        .split('/')
        .filter(|s| !s.is_empty() && *s != ".")
        .collect();
    let bindings = Bindings {
        fixed: fixed.map(String::from),
        ..Bindings::default()
    };
    let first = found.files.len();
    walk(root, PathBuf::new(), &segments, bindings, locales, found);
    for file in &mut found.files[first..] {
        file.template = pattern.to_owned();
    }
}

#[derive(Debug, Clone, Default)]
struct Bindings {
    /// The language of a file without `{lang}`.
    fixed: Option<String>,
    lang: Option<String>,
    namespace: Option<String>,
    /// Why the value of `{lang}` is no language: what the walk finds is skipped.
    skip: Option<String>,
    /// The folders a spanning `{namespace}` went through (`layout/modals/`).
    nested: String,
}

/// Recurses once per segment: `.nt3.yml` caps a path at
/// [`MAX_PATH_SEGMENTS`](super::config::MAX_PATH_SEGMENTS), so the input cannot choose
/// the depth.
fn walk(
    dir: &Path,
    rel: PathBuf,
    segments: &[&str],
    bindings: Bindings,
    locales: &Locales,
    found: &mut Discovery,
) {
    let Some((segment, rest)) = segments.split_first() else {
        if dir.is_file() {
            matched(&rel, bindings, locales, found);
        }
        return;
    };
    // What is found below depends on this directory's entries.
    found.dirs.push(rel.to_string_lossy().replace('\\', "/"));
    if !segment.contains('{') {
        walk(
            &dir.join(segment),
            rel.join(segment),
            rest,
            bindings,
            locales,
            found,
        );
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let tokens = tokens(segment);
    let is_language = |code: &str| matches!(locales.read(code), Reading::Language(_));
    // The last segment starts with a `{namespace}` not bound yet: it spans folders.
    let spans = rest.is_empty()
        && tokens.first() == Some(&Token::Namespace)
        && bindings.namespace.is_none();
    for entry in entries.flatten() {
        let Ok(name) = entry.file_name().into_string() else {
            continue;
        };
        // Only real folders: a link (which could loop back) is not followed into.
        let is_folder = entry.file_type().is_ok_and(|kind| kind.is_dir());
        if spans && !name.starts_with('.') && is_folder {
            if bindings.nested.matches('/').count() < MAX_NAMESPACE_FOLDERS && is_namespace(&name) {
                let mut nested = bindings.clone();
                nested.nested.push_str(&name);
                nested.nested.push('/');
                walk(
                    &entry.path(),
                    rel.join(&name),
                    segments,
                    nested,
                    locales,
                    found,
                );
            }
            continue;
        }
        // A name whose `{lang}` is a language; else one that only looks like a code,
        // which is followed to say why it is skipped.
        let bound = match_tokens(&tokens, &name, bindings.clone(), &is_language).or_else(|| {
            let mut bound = match_tokens(&tokens, &name, bindings.clone(), &|_| true)?;
            if bound.skip.is_none() {
                let code = bound.lang.clone()?;
                if let Reading::Not(why) = locales.read(&code) {
                    bound.skip = Some(format!("`{code}` {why}"));
                }
            }
            Some(bound)
        });
        let Some(bound) = bound else {
            // In a language's folder, a file the namespace pattern does not take is
            // named: nothing there vanishes in silence.
            if spans && bindings.lang.is_some() && !name.starts_with('.') && bindings.skip.is_none()
            {
                found.skipped.push(Skipped {
                    path: rel.join(&name).to_string_lossy().replace('\\', "/"),
                    reason: format!("inside a language's folder, but not a `{segment}` file"),
                });
            }
            continue;
        };
        if rest.is_empty() {
            // The listing's own file type saves a `stat` per file; a link is followed.
            let is_file = match entry.file_type() {
                Ok(kind) if !kind.is_symlink() => kind.is_file(),
                _ => entry.path().is_file(),
            };
            if is_file {
                matched(&rel.join(&name), bound, locales, found);
            }
        } else {
            walk(&entry.path(), rel.join(&name), rest, bound, locales, found);
        }
    }
}

/// Records a file that matched every segment: a translation file, or a skipped path.
fn matched(rel: &Path, bindings: Bindings, locales: &Locales, found: &mut Discovery) {
    let path = rel.to_string_lossy().replace('\\', "/");
    if let Some(reason) = bindings.skip {
        found.skipped.push(Skipped { path, reason });
        return;
    }
    let language = match (&bindings.fixed, &bindings.lang) {
        (Some(fixed), _) => Some(fixed.clone()),
        (None, Some(code)) => locales.to_entri(code),
        (None, None) => None,
    };
    if let Some(language) = language {
        found.files.push(File {
            path,
            language,
            namespace: bindings.namespace,
            code: bindings.lang.filter(|_| bindings.fixed.is_none()),
            template: String::new(),
        });
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token<'a> {
    Literal(&'a str),
    Lang,
    Namespace,
}

fn tokens(segment: &str) -> Vec<Token<'_>> {
    let mut tokens = Vec::new();
    let mut rest = segment;
    while !rest.is_empty() {
        let next = [(LANG, Token::Lang), (NAMESPACE, Token::Namespace)]
            .into_iter()
            .filter_map(|(placeholder, token)| {
                rest.find(placeholder).map(|at| (at, placeholder, token))
            })
            .min_by_key(|(at, ..)| *at);
        match next {
            Some((0, placeholder, token)) => {
                tokens.push(token);
                rest = &rest[placeholder.len()..];
            }
            Some((at, ..)) => {
                tokens.push(Token::Literal(&rest[..at]));
                rest = &rest[at..];
            }
            None => {
                tokens.push(Token::Literal(rest));
                rest = "";
            }
        }
    }
    tokens
}

/// Matches a file name against a segment's tokens, shortest placeholder values first; a
/// placeholder seen before must take the same value again. A `{lang}` value is made of
/// the characters a code may hold and must pass `is_language`. Recurses once per
/// token, at most [`MAX_PLACEHOLDERS`](super::config::MAX_PLACEHOLDERS) twice over.
fn match_tokens(
    tokens: &[Token],
    name: &str,
    bindings: Bindings,
    is_language: &dyn Fn(&str) -> bool,
) -> Option<Bindings> {
    let Some((token, rest)) = tokens.split_first() else {
        return name.is_empty().then_some(bindings);
    };
    let bound = match token {
        Token::Literal(literal) => {
            return match_tokens(rest, name.strip_prefix(literal)?, bindings, is_language);
        }
        Token::Lang => &bindings.lang,
        Token::Namespace => &bindings.namespace,
    };
    let valid = |value: &str| match token {
        Token::Lang => is_language(value),
        _ => is_namespace(value),
    };
    if let Some(value) = bound {
        let remainder = name.strip_prefix(value.as_str())?;
        return match_tokens(rest, remainder, bindings, is_language);
    }
    // A value can only be made of these characters (a code: `pt-rBR`, `b+sr+Latn`,
    // `sr@latin`, `zh_TW.Big5`; a name: `is_namespace`), so no longer prefix is worth
    // trying.
    let extra = match token {
        Token::Lang => "-_+@.",
        _ => "-_.",
    };
    let longest = name
        .find(|c: char| !(c.is_ascii_alphanumeric() || extra.contains(c)))
        .unwrap_or(name.len());
    (1..=longest)
        .filter(|end| name.is_char_boundary(*end))
        .find_map(|end| {
            let value = &name[..end];
            if !valid(value) {
                return None;
            }
            let mut bound = bindings.clone();
            match token {
                Token::Lang => bound.lang = Some(value.to_owned()),
                _ => bound.namespace = Some(format!("{}{value}", bindings.nested)),
            }
            match_tokens(rest, &name[end..], bound, is_language)
        })
}

/// The namespaces found on disk for a `{namespace}` pattern, for pulling.
pub fn namespaces(files: &[File]) -> Vec<String> {
    let set: BTreeMap<&str, ()> = files
        .iter()
        .filter_map(|f| f.namespace.as_deref())
        .map(|n| (n, ()))
        .collect();
    set.into_keys().map(String::from).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json() -> Locales {
        Locales::new(
            Format::JsonFlat,
            "",
            None,
            "en",
            &BTreeMap::new(),
            &BTreeMap::new(),
        )
    }

    fn matches(pattern: &str, name: &str) -> Option<(Option<String>, Option<String>)> {
        let locales = json();
        let is_language = |code: &str| locales.to_entri(code).is_some();
        match_tokens(&tokens(pattern), name, Bindings::default(), &is_language)
            .map(|b| (b.namespace, b.lang))
    }

    #[test]
    fn matching_takes_language_codes_only() {
        assert_eq!(
            matches("{namespace}-{lang}.json", "app-main-pt-BR.json"),
            Some((Some("app-main".into()), Some("pt-BR".into())))
        );
        assert_eq!(matches("{lang}.json", "README.json"), None);
        assert_eq!(matches("{lang}.json", "de.json.bak"), None);
        assert!(matches("{lang}-{lang}.po", "de-de.po").is_some());
        assert_eq!(
            matches("{lang}-{lang}.po", "de-fr.po"),
            None,
            "a repeated placeholder keeps its value"
        );
    }

    #[test]
    fn what_a_pattern_matches_but_cannot_use_is_listed_with_the_reason() {
        let root = tempfile::tempdir().unwrap();
        for dir in [
            "values",
            "values-de",
            "values-land",
            "values-iw",
            "values-night",
        ] {
            std::fs::create_dir_all(root.path().join("res").join(dir)).unwrap();
            std::fs::write(root.path().join("res").join(dir).join("strings.xml"), "").unwrap();
        }
        std::fs::create_dir_all(root.path().join("res/values-v21")).unwrap();
        let pattern = Pattern {
            path: "res/values-{lang}/strings.xml".into(),
            format: Format::AndroidXml,
            namespace: None,
            languages_mapping: BTreeMap::new(),
            source: None,
            locale_style: None,
        };
        let locales = Locales::new(
            pattern.format,
            &pattern.path,
            None,
            "en",
            &BTreeMap::new(),
            &BTreeMap::new(),
        );
        let found = pattern.discover(root.path(), &locales);
        let files: Vec<(&str, &str)> = found
            .files
            .iter()
            .map(|f| (f.path.as_str(), f.language.as_str()))
            .collect();
        assert_eq!(
            files,
            [
                ("res/values-de/strings.xml", "de"),
                ("res/values-iw/strings.xml", "he"),
                ("res/values/strings.xml", "en"),
            ]
        );
        let skipped: Vec<&str> = found.skipped.iter().map(|s| s.path.as_str()).collect();
        assert_eq!(
            skipped,
            [
                "res/values-land/strings.xml",
                "res/values-night/strings.xml"
            ],
            "a folder without the file is not listed"
        );
        assert!(found.skipped[0].reason.contains("Android qualifier `land`"));
    }
}
