//! `.nt3.yml`: which Entri project a repository syncs with, and where its translation
//! files live.
//!
//! ```yaml
//! project_id: "proj_abc123"
//! source_language: en
//! update_translations: false      # true = push overwrites existing translations
//! file_patterns:
//!   - path: "src/locales/{lang}.json"   # {lang} required; {namespace} optional
//!     format: json-nested
//!     namespace: common                 # optional
//! ```
//!
//! Unknown fields are reported as warnings; missing or invalid ones are errors naming
//! the field (and, for what the YAML parser finds, the line).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::locale::Locales;
use crate::types::format::Format;
use crate::types::names::{is_id, is_language, is_namespace};

pub const FILE_NAME: &str = ".nt3.yml";
/// Larger `.nt3.yml` files are refused unread.
pub const MAX_FILE_SIZE: u64 = 1024 * 1024;
const LANG: &str = "{lang}";
const NAMESPACE: &str = "{namespace}";

#[derive(Debug, Clone, Deserialize)]
pub struct Config {
    pub project_id: String,
    pub source_language: String,
    #[serde(default)]
    pub update_translations: bool,
    /// Entri code → the code in paths, for every pattern (see [`crate::locale`]).
    #[serde(default)]
    pub languages_mapping: BTreeMap<String, String>,
    pub file_patterns: Vec<Pattern>,
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
}

impl Config {
    /// The code mapping of one of this file's patterns.
    pub fn locales(&self, pattern: &Pattern) -> Locales {
        Locales::new(
            pattern.format,
            &self.source_language,
            &self.languages_mapping,
            &pattern.languages_mapping,
        )
    }
}

/// A parsed configuration and what it said that nt3 does not know.
#[derive(Debug)]
pub struct Loaded {
    pub config: Config,
    pub warnings: Vec<String>,
    /// SHA-256 of the file's bytes (empty when parsed from text).
    pub digest: String,
}

const TOP_LEVEL: &[&str] = &[
    "project_id",
    "source_language",
    "update_translations",
    "languages_mapping",
    "file_patterns",
    "connection",
];
const PATTERN_KEYS: &[&str] = &["path", "format", "namespace", "languages_mapping"];

/// Reads and checks `dir/.nt3.yml`; `Ok(None)` when there is none. The error completes
/// "`.nt3.yml` …". The file comes from the working tree, so it is read as any untrusted
/// file is: only a regular file, without blocking, at most [`MAX_FILE_SIZE`].
pub fn load(dir: &Path) -> Result<Option<Loaded>, String> {
    let bytes = match crate::fs::read::read(&dir.join(FILE_NAME), MAX_FILE_SIZE) {
        Ok((bytes, _)) => bytes,
        Err(crate::fs::read::ReadError::NotFound) => return Ok(None),
        Err(err) => return Err(err.to_string()),
    };
    let digest = crate::sync_state::sha256_hex(&bytes);
    let text = String::from_utf8(bytes).map_err(|_| "is not valid UTF-8".to_string())?;
    let mut loaded = parse(&text).map_err(|err| format!("is not valid: {err}"))?;
    loaded.digest = digest;
    Ok(Some(loaded))
}

/// The `connection` the project's `.nt3.yml` names, if any. Only that field is read,
/// so a file the sync commands would reject still names its connection; a file that
/// cannot be read or parsed names none (the sync commands report it).
pub fn connection(dir: &Path) -> Result<Option<String>, String> {
    let Ok((bytes, _)) = crate::fs::read::read(&dir.join(FILE_NAME), MAX_FILE_SIZE) else {
        return Ok(None);
    };
    let Ok(serde_yaml_ng::Value::Mapping(top)) =
        serde_yaml_ng::from_slice::<serde_yaml_ng::Value>(&bytes)
    else {
        return Ok(None);
    };
    match top.get("connection") {
        None | Some(serde_yaml_ng::Value::Null) => Ok(None),
        Some(serde_yaml_ng::Value::String(name)) => Ok(Some(name.clone())),
        Some(_) => Err("has a `connection` that is not a name".into()),
    }
}

/// Parses and checks `.nt3.yml` text. Errors name the field.
pub fn parse(text: &str) -> Result<Loaded, String> {
    let config: Config = serde_yaml_ng::from_str(text).map_err(|err| err.to_string())?;
    let mut warnings = Vec::new();
    if let Ok(serde_yaml_ng::Value::Mapping(top)) =
        serde_yaml_ng::from_str::<serde_yaml_ng::Value>(text)
    {
        for key in top
            .keys()
            .filter_map(|k| k.as_str())
            .filter(|k| !TOP_LEVEL.contains(k))
        {
            warnings.push(format!(
                "unknown field `{key}` (known: {})",
                TOP_LEVEL.join(", ")
            ));
        }
        if let Some(serde_yaml_ng::Value::Sequence(patterns)) = top.get("file_patterns") {
            for (i, pattern) in patterns.iter().enumerate() {
                let keys = pattern
                    .as_mapping()
                    .into_iter()
                    .flat_map(|m| m.keys())
                    .filter_map(|k| k.as_str());
                for key in keys.filter(|k| !PATTERN_KEYS.contains(k)) {
                    warnings.push(format!(
                        "unknown field `file_patterns[{i}].{key}` (known: {})",
                        PATTERN_KEYS.join(", ")
                    ));
                }
            }
        }
    }
    check(&config)?;
    Ok(Loaded {
        config,
        warnings,
        digest: String::new(),
    })
}

fn check(config: &Config) -> Result<(), String> {
    if !is_id(&config.project_id) {
        return Err("`project_id` must be an id made of letters, digits, `-`, `_` and `.`".into());
    }
    if !is_language(&config.source_language) {
        return Err(format!(
            "`source_language` `{}` is not a language code like `en` or `pt-BR`",
            config.source_language
        ));
    }
    check_mapping("languages_mapping", &config.languages_mapping)?;
    if config.file_patterns.is_empty() {
        return Err("`file_patterns` is empty: add at least one `path` and `format`".into());
    }
    for (i, pattern) in config.file_patterns.iter().enumerate() {
        let field = format!("file_patterns[{i}]");
        check_mapping(
            &format!("{field}.languages_mapping"),
            &pattern.languages_mapping,
        )?;
        if !pattern.path.contains(LANG) {
            return Err(format!("`{field}.path` must contain `{LANG}`"));
        }
        if pattern.path.contains('\\') {
            return Err(format!("`{field}.path` must separate directories with `/`"));
        }
        if pattern.path.starts_with('/')
            || pattern
                .path
                .split('/')
                .any(|part| part == ".." || part.eq_ignore_ascii_case(".git"))
        {
            return Err(format!(
                "`{field}.path` must stay inside the project: no leading `/`, `..` or `.git`"
            ));
        }
        match &pattern.namespace {
            Some(_) if pattern.path.contains(NAMESPACE) => {
                return Err(format!(
                    "`{field}` has both `{NAMESPACE}` in its path and a `namespace` key; use one"
                ));
            }
            Some(namespace) if !is_namespace(namespace) => {
                return Err(format!(
                    "`{field}.namespace` may hold letters, digits, `-`, `_` and `.` only"
                ));
            }
            _ => {}
        }
    }
    Ok(())
}

/// Keys must be Entri language codes and values codes that fit in one path segment.
fn check_mapping(field: &str, mapping: &BTreeMap<String, String>) -> Result<(), String> {
    for (entri, path) in mapping {
        if !is_language(entri) {
            return Err(format!(
                "`{field}` key `{entri}` is not a language code like `en` or `pt-BR`"
            ));
        }
        if !crate::types::names::is_path_code(path) {
            return Err(format!(
                "`{field}.{entri}` may hold letters, digits, `-`, `_` and `+` only"
            ));
        }
    }
    Ok(())
}

/// The project root for `start`: the nearest directory, from `start` up, that holds
/// `.nt3.yml`. The search stops at a repository boundary (a directory holding `.git`)
/// and at the filesystem root, like cargo's and git's own searches.
pub fn find_root(start: &Path) -> Option<PathBuf> {
    for dir in start.ancestors() {
        if dir.join(FILE_NAME).symlink_metadata().is_ok() {
            return Some(dir.to_owned());
        }
        if dir.join(".git").symlink_metadata().is_ok() {
            return None;
        }
    }
    None
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
/// placeholder seen before must take the same value again.
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

/// A commented `.nt3.yml`, as `nt3 init` writes it.
pub fn template(project_id: &str, source_language: &str, pattern: &Pattern) -> String {
    // JSON strings are valid YAML double-quoted scalars: safe quoting for any path.
    let quote = |s: &str| serde_json::to_string(s).expect("strings serialize");
    let namespace = match &pattern.namespace {
        Some(namespace) => format!("    namespace: {}\n", quote(namespace)),
        None => String::new(),
    };
    format!(
        "# nt3 project configuration: `nt3 push` uploads the files below, `nt3 pull` downloads them.\n\
         project_id: {project}\n\
         # The language the other translations are made from.\n\
         source_language: {source}\n\
         # true: `nt3 push` overwrites translations that already exist in Entri.\n\
         update_translations: false\n\
         file_patterns:\n  \
         # `{{lang}}` stands for the language code; `{{namespace}}` (optional) for a namespace.\n  \
         # Formats: json-flat, json-nested, yaml, po, xliff, xliff2, arb, android-xml,\n  \
         # ios-strings, ios-stringsdict.\n  \
         - path: {path}\n    \
         format: {format}\n{namespace}",
        project = quote(project_id),
        source = source_language,
        path = quote(&pattern.path),
        format = pattern.format,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_warns_about_unknown_fields() {
        let loaded = parse(
            "project_id: proj_1\nsource_language: en\nextra: 1\nfile_patterns:\n  - path: \"l/{lang}.json\"\n    format: json-flat\n    colour: red\n",
        )
        .unwrap();
        assert_eq!(loaded.config.file_patterns[0].format, Format::JsonFlat);
        assert!(!loaded.config.update_translations);
        assert_eq!(
            loaded.warnings,
            [
                "unknown field `extra` (known: project_id, source_language, update_translations, languages_mapping, file_patterns, connection)",
                "unknown field `file_patterns[0].colour` (known: path, format, namespace, languages_mapping)",
            ]
        );
    }

    #[test]
    fn errors_name_the_field_and_the_allowed_values() {
        let err = parse("project_id: p\nsource_language: en\nfile_patterns:\n  - path: \"{lang}.json\"\n    format: jsn\n").unwrap_err();
        assert!(
            err.contains("unknown variant `jsn`")
                && err.contains("json-nested")
                && err.contains("line 5"),
            "{err}"
        );
        let err = parse("source_language: en\nfile_patterns: []\n").unwrap_err();
        assert!(err.contains("missing field `project_id`"), "{err}");
        let err = parse("project_id: p\nsource_language: en\nfile_patterns:\n  - path: \"x.json\"\n    format: yaml\n").unwrap_err();
        assert_eq!(err, "`file_patterns[0].path` must contain `{lang}`");
        let err = parse(
            "project_id: p\nsource_language: en\nfile_patterns:\n  - path: \"{namespace}/{lang}.json\"\n    format: yaml\n    namespace: app\n",
        )
        .unwrap_err();
        assert_eq!(
            err,
            "`file_patterns[0]` has both `{namespace}` in its path and a `namespace` key; use one"
        );
    }

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

    #[test]
    fn the_template_parses_back() {
        let pattern = Pattern {
            path: "src/locales/{lang}.json".into(),
            format: Format::JsonNested,
            namespace: Some("common".into()),
            languages_mapping: BTreeMap::new(),
        };
        let text = template("proj_1", "en", &pattern);
        let loaded = parse(&text).unwrap();
        assert!(loaded.warnings.is_empty());
        assert_eq!(
            loaded.config.file_patterns[0].namespace.as_deref(),
            Some("common")
        );
    }
}
