//! File patterns: `locales/{lang}.json`, `{namespace}/{lang}.po`. [`Pattern::discover`]
//! finds the files a pattern matches, each with its language; [`Pattern::render`] names
//! the file for a language and namespace.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::locale::Locales;
use crate::types::format::Format;
use crate::types::names::is_namespace;

pub const LANG: &str = "{lang}";

pub const NAMESPACE: &str = "{namespace}";

#[derive(Debug, Clone, Deserialize)]
pub struct Pattern {
    pub path: String,
    pub format: Format,
    #[serde(default)]
    pub namespace: Option<String>,
    /// Entri code → the code in paths, for this pattern; wins over the file's.
    #[serde(default)]
    pub languages_mapping: BTreeMap<String, String>,
}

/// A translation file on disk (or to be written) for one pattern.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct File {
    /// Relative to the project root, with `/` separators.
    pub path: String,
    pub language: String,
    pub namespace: Option<String>,
}

impl Pattern {
    /// The path for a language (an Entri code) and namespace, with the language written
    /// as the pattern's platform writes it.
    pub fn render(&self, locales: &Locales, language: &str, namespace: Option<&str>) -> String {
        let path = if locales.source_drops_suffix(language) {
            self.path.replace(&format!("-{LANG}"), "")
        } else {
            self.path.clone()
        };
        path.replace(LANG, &locales.to_path(language))
            .replace(NAMESPACE, namespace.unwrap_or_default())
    }

    pub fn has_namespace_placeholder(&self) -> bool {
        self.path.contains(NAMESPACE)
    }

    /// The files under `root` this pattern matches, sorted by path, each with its Entri
    /// language code.
    pub fn discover(&self, root: &Path, locales: &Locales) -> Vec<File> {
        let mut found = Vec::new();
        walk_pattern(root, &self.path, locales, None, &mut found);
        // Android's source language lives in `values/`, without the `-{lang}`.
        let suffix = format!("-{LANG}");
        if self.format == Format::AndroidXml && self.path.contains(&suffix) {
            let source = locales.source().to_owned();
            if locales.source_drops_suffix(&source) {
                let path = self.path.replace(&suffix, "");
                walk_pattern(root, &path, locales, Some(&source), &mut found);
            }
        }
        found.sort();
        found.dedup();
        for file in &mut found {
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
    found: &mut Vec<File>,
) {
    let segments: Vec<&str> = pattern
        .split('/')
        .filter(|s| !s.is_empty() && *s != ".")
        .collect();
    let bindings = Bindings {
        lang: fixed.map(String::from),
        ..Bindings::default()
    };
    walk(root, PathBuf::new(), &segments, bindings, locales, found);
}

#[derive(Debug, Clone, Default)]
struct Bindings {
    lang: Option<String>,
    namespace: Option<String>,
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
    found: &mut Vec<File>,
) {
    let Some((segment, rest)) = segments.split_first() else {
        if dir.is_file() {
            matched(&rel, bindings, locales, found);
        }
        return;
    };
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
    for entry in entries.flatten() {
        let Ok(name) = entry.file_name().into_string() else {
            continue;
        };
        let Some(bound) = match_tokens(&tokens, &name, bindings.clone(), locales) else {
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

/// Records a file that matched every segment, if its `{lang}` is a language.
fn matched(rel: &Path, bindings: Bindings, locales: &Locales, found: &mut Vec<File>) {
    let language = bindings
        .lang
        .as_deref()
        .and_then(|code| locales.to_entri(code));
    if let Some(language) = language {
        found.push(File {
            path: rel.to_string_lossy().replace('\\', "/"),
            language,
            namespace: bindings.namespace,
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
/// placeholder seen before must take the same value again. Recurses once per token, at
/// most [`MAX_PLACEHOLDERS`](super::config::MAX_PLACEHOLDERS) twice over.
fn match_tokens(
    tokens: &[Token],
    name: &str,
    bindings: Bindings,
    locales: &Locales,
) -> Option<Bindings> {
    let Some((token, rest)) = tokens.split_first() else {
        return name.is_empty().then_some(bindings);
    };
    let bound = match token {
        Token::Literal(literal) => {
            return match_tokens(rest, name.strip_prefix(literal)?, bindings, locales);
        }
        Token::Lang => &bindings.lang,
        Token::Namespace => &bindings.namespace,
    };
    let valid = |value: &str| match token {
        Token::Lang => locales.is_path_code(value),
        _ => is_namespace(value),
    };
    if let Some(value) = bound {
        let remainder = name.strip_prefix(value.as_str())?;
        return match_tokens(rest, remainder, bindings, locales);
    }
    // A value can only be made of these characters (`locale::is_path_code`,
    // `is_namespace`), so no longer prefix is worth trying.
    let extra = match token {
        Token::Lang => "-_+",
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
                _ => bound.namespace = Some(value.to_owned()),
            }
            match_tokens(rest, &name[end..], bound, locales)
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
    use std::collections::BTreeMap;

    fn json() -> Locales {
        Locales::new(Format::JsonFlat, "en", &BTreeMap::new(), &BTreeMap::new())
    }

    #[test]
    fn matching_takes_language_codes_only() {
        let t = tokens("{namespace}-{lang}.json");
        let b = match_tokens(&t, "app-main-pt-BR.json", Bindings::default(), &json()).unwrap();
        assert_eq!(
            (b.namespace.as_deref(), b.lang.as_deref()),
            (Some("app-main"), Some("pt-BR"))
        );
        assert!(
            match_tokens(
                &tokens("{lang}.json"),
                "README.json",
                Bindings::default(),
                &json()
            )
            .is_none()
        );
        assert!(
            match_tokens(
                &tokens("{lang}.json"),
                "de.json.bak",
                Bindings::default(),
                &json()
            )
            .is_none()
        );
        let t = tokens("{lang}-{lang}.po");
        assert!(match_tokens(&t, "de-de.po", Bindings::default(), &json()).is_some());
        assert!(
            match_tokens(&t, "de-fr.po", Bindings::default(), &json()).is_none(),
            "a repeated placeholder keeps its value"
        );
    }
}
