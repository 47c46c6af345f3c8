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
use std::path::Path;

use serde::Deserialize;

use super::FILE_NAME;
use super::locale::Locales;
use super::pattern::{LANG, NAMESPACE, Pattern};
use crate::types::format::Format;
use crate::types::names::{Id, is_language, is_namespace};

/// Larger `.nt3.yml` files are refused unread.
pub const MAX_FILE_SIZE: u64 = 1024 * 1024;

/// At most this many `[` and `{` in the whole file, which bounds how deep flow
/// collections nest: the YAML parser's time grows with the square of that depth, so it
/// is checked on the text before the parser runs. Placeholders count too; a real file
/// has a few per pattern.
pub const MAX_BRACKETS: usize = 1000;

/// At most this many levels of indentation (block nesting); a real file has three.
pub const MAX_INDENT_LEVELS: usize = 32;

/// Limits on one `file_patterns[].path`, so matching it stays shallow and quick.
pub const MAX_PATH_LEN: usize = 512;
pub const MAX_PATH_SEGMENTS: usize = 32;
pub const MAX_PLACEHOLDERS: usize = 8;

#[derive(Debug, Clone, Deserialize)]
pub struct Config {
    pub project_id: Id,
    pub source_language: String,
    #[serde(default)]
    pub update_translations: bool,
    /// Entri code → the code in paths, for every pattern (see [`crate::project::locale`]).
    #[serde(default)]
    pub languages_mapping: BTreeMap<String, String>,
    pub file_patterns: Vec<Pattern>,
}

impl Config {
    /// The code mapping of one of this file's patterns.
    pub fn locales(&self, pattern: &Pattern) -> Locales {
        Locales::new(
            pattern.format,
            &pattern.path,
            pattern.locale_style,
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

const PATTERN_KEYS: &[&str] = &[
    "path",
    "format",
    "namespace",
    "languages_mapping",
    "source",
    "locale_style",
];

/// Reads and checks `dir/.nt3.yml`; `Ok(None)` when there is none. The error completes
/// "`.nt3.yml` …". The file comes from the working tree, so it is read as any untrusted
/// file is: only a regular file, without blocking, at most [`MAX_FILE_SIZE`].
pub fn load(dir: &Path) -> Result<Option<Loaded>, ConfigError> {
    let bytes = match crate::fs::read::read(&dir.join(FILE_NAME), MAX_FILE_SIZE) {
        Ok((bytes, _)) => bytes,
        Err(crate::fs::read::ReadError::NotFound) => return Ok(None),
        Err(err) => return Err(ConfigError::new(err.to_string())),
    };
    let digest = crate::fs::digest::sha256_hex(&bytes);
    let text = String::from_utf8(bytes).map_err(|_| ConfigError::new("is not valid UTF-8"))?;
    let mut loaded =
        parse(&text).map_err(|err| ConfigError::new(format!("is not valid: {err}")))?;
    loaded.digest = digest;
    Ok(Some(loaded))
}

/// The `connection` the project's `.nt3.yml` names, if any. Only that field is read,
/// so a file the sync commands would reject still names its connection; a file that
/// cannot be read or parsed names none (the sync commands report it).
pub fn connection(dir: &Path) -> Result<Option<String>, ConfigError> {
    let Ok((bytes, _)) = crate::fs::read::read(&dir.join(FILE_NAME), MAX_FILE_SIZE) else {
        return Ok(None);
    };
    let Ok(text) = std::str::from_utf8(&bytes) else {
        return Ok(None);
    };
    if within_limits(text).is_err() {
        return Ok(None);
    }
    let Ok(serde_yaml_ng::Value::Mapping(top)) =
        serde_yaml_ng::from_str::<serde_yaml_ng::Value>(text)
    else {
        return Ok(None);
    };
    match top.get("connection") {
        None | Some(serde_yaml_ng::Value::Null) => Ok(None),
        Some(serde_yaml_ng::Value::String(name)) => Ok(Some(name.clone())),
        Some(_) => Err(ConfigError::new("has a `connection` that is not a name")),
    }
}

/// Parses and checks `.nt3.yml` text. Errors name the field.
pub fn parse(text: &str) -> Result<Loaded, ConfigError> {
    within_limits(text)?;
    let config: Config =
        serde_yaml_ng::from_str(text).map_err(|err| ConfigError::new(err.to_string()))?;
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

/// Checks the shape of the text before any parser sees it, in one pass without
/// recursion: a hostile file is refused in microseconds instead of holding the parser
/// for minutes or overflowing a stack.
fn within_limits(text: &str) -> Result<(), ConfigError> {
    let brackets = text.bytes().filter(|b| matches!(b, b'[' | b'{')).count();
    if brackets > MAX_BRACKETS {
        return invalid(format!(
            "has {brackets} `[` and `{{`; at most {MAX_BRACKETS} are accepted"
        ));
    }
    // Each deeper indentation opens a level; a shallower one closes the levels above it.
    let mut levels: Vec<usize> = Vec::new();
    for line in text.lines() {
        let body = line.trim_start_matches([' ', '-']);
        if body.is_empty() || body.starts_with('#') {
            continue;
        }
        let indent = line.len() - body.len();
        while levels.last().is_some_and(|&top| top > indent) {
            levels.pop();
        }
        if levels.last().is_none_or(|&top| top < indent) {
            levels.push(indent);
        }
        if levels.len() > MAX_INDENT_LEVELS {
            return invalid(format!("nests more than {MAX_INDENT_LEVELS} levels deep"));
        }
    }
    Ok(())
}

fn check(config: &Config) -> Result<(), ConfigError> {
    if !is_language(&config.source_language) {
        return invalid(format!(
            "`source_language` `{}` is not a language code like `en` or `pt-BR`",
            config.source_language
        ));
    }
    check_mapping("languages_mapping", &config.languages_mapping)?;
    if config.file_patterns.is_empty() {
        return invalid("`file_patterns` is empty: add at least one `path` and `format`");
    }
    for (i, pattern) in config.file_patterns.iter().enumerate() {
        let field = format!("file_patterns[{i}]");
        check_mapping(
            &format!("{field}.languages_mapping"),
            &pattern.languages_mapping,
        )?;
        let path = &pattern.path;
        let placeholders = path.matches(LANG).count() + path.matches(NAMESPACE).count();
        if path.len() > MAX_PATH_LEN
            || path.split('/').count() > MAX_PATH_SEGMENTS
            || placeholders > MAX_PLACEHOLDERS
        {
            return invalid(format!(
                "`{field}.path` is too long: at most {MAX_PATH_LEN} characters, \
                 {MAX_PATH_SEGMENTS} directories and {MAX_PLACEHOLDERS} placeholders"
            ));
        }
        if let Some(source) = &pattern.source {
            check_source(&field, source, &pattern.path)?;
        }
        // A String Catalog holds every language in one file; any other pattern names
        // one file per language.
        match (pattern.format, pattern.path.contains(LANG)) {
            (Format::Xcstrings, true) => {
                return invalid(format!(
                    "`{field}.path` names a String Catalog, which holds every language: no `{LANG}`"
                ));
            }
            (Format::Xcstrings, false) | (_, true) => {}
            (_, false) => return invalid(format!("`{field}.path` must contain `{LANG}`")),
        }
        if pattern.path.contains('\\') {
            return invalid(format!("`{field}.path` must separate directories with `/`"));
        }
        if pattern.path.starts_with('/')
            || pattern
                .path
                .split('/')
                .any(|part| part == ".." || super::gate::is_git(part))
        {
            return invalid(format!(
                "`{field}.path` must stay inside the project: no leading `/`, `..` or `.git`"
            ));
        }
        match &pattern.namespace {
            Some(_) if pattern.path.contains(NAMESPACE) => {
                return invalid(format!(
                    "`{field}` has both `{NAMESPACE}` in its path and a `namespace` key; use one"
                ));
            }
            Some(namespace) if !is_namespace(namespace) => {
                return invalid(format!(
                    "`{field}.namespace` may hold letters, digits, `-`, `_` and `.` only"
                ));
            }
            _ => {}
        }
    }
    Ok(())
}

/// A pattern's `source`: a path without `{lang}`, inside the project, with
/// `{namespace}` only when the pattern has it.
fn check_source(field: &str, source: &str, path: &str) -> Result<(), ConfigError> {
    if source.contains(LANG) {
        return invalid(format!(
            "`{field}.source` names the source language's own file, so it has no `{LANG}`"
        ));
    }
    if source.contains(NAMESPACE) && !path.contains(NAMESPACE) {
        return invalid(format!(
            "`{field}.source` has `{NAMESPACE}`, which `{field}.path` does not"
        ));
    }
    if source.len() > MAX_PATH_LEN
        || source.contains('\\')
        || source.starts_with('/')
        || source
            .split('/')
            .any(|part| part.is_empty() || part == ".." || super::gate::is_git(part))
    {
        return invalid(format!(
            "`{field}.source` must be a relative path inside the project, without `..` or `.git`"
        ));
    }
    Ok(())
}

/// Whether `name` can be one path component: the project-path gate checks the rest
/// (`.git`, a leading `.`, names Windows reserves) once it is in a path.
fn is_folder_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name != "."
        && name != ".."
        && !name
            .chars()
            .any(|c| c.is_control() || matches!(c, '/' | '\\'))
}

/// Keys must be Entri language codes and values names that fit in one path component.
fn check_mapping(field: &str, mapping: &BTreeMap<String, String>) -> Result<(), ConfigError> {
    for (entri, path) in mapping {
        if !is_language(entri) {
            return invalid(format!(
                "`{field}` key `{entri}` is not a language code like `en` or `pt-BR`"
            ));
        }
        if !is_folder_name(path) {
            return invalid(format!(
                "`{field}.{entri}` must be a name a folder may have (no `/`, `\\` or control characters, not `.` or `..`)"
            ));
        }
    }
    Ok(())
}

/// A commented `.nt3.yml`, as `nt3 init` writes it, with one or more patterns.
pub fn template(project_id: &str, source_language: &str, patterns: &[Pattern]) -> String {
    // JSON strings are valid YAML double-quoted scalars: safe quoting for any path.
    let quote = |s: &str| serde_json::to_string(s).expect("strings serialize");
    let mut text = format!(
        "# nt3 project configuration: `nt3 push` uploads the files below, `nt3 pull` downloads them.\n\
         project_id: {project}\n\
         # The language the other translations are made from.\n\
         source_language: {source_language}\n\
         # true: `nt3 push` overwrites translations that already exist in Entri.\n\
         update_translations: false\n\
         file_patterns:\n  \
         # `{{lang}}` stands for the language code; `{{namespace}}` (optional) for a namespace.\n  \
         # Formats: json-flat, json-nested, yaml, po, xliff, xliff2, arb, android-xml,\n  \
         # ios-strings, ios-stringsdict, xcstrings.\n",
        project = quote(project_id),
    );
    for pattern in patterns {
        text.push_str(&format!(
            "  - path: {}\n    format: {}\n",
            quote(&pattern.path),
            pattern.format
        ));
        if let Some(source) = &pattern.source {
            text.push_str(&format!("    source: {}\n", quote(source)));
        }
        if let Some(namespace) = &pattern.namespace {
            text.push_str(&format!("    namespace: {}\n", quote(namespace)));
        }
    }
    text
}

/// Why `.nt3.yml` cannot be used; the message completes "`.nt3.yml` …", or names the
/// field at fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError(String);

impl ConfigError {
    fn new(message: impl Into<String>) -> Self {
        Self(message.into())
    }
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConfigError {}

fn invalid<T>(message: impl Into<String>) -> Result<T, ConfigError> {
    Err(ConfigError::new(message))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEEDS: &[&str] = &[
        "project_id: proj_1\nsource_language: en\nfile_patterns:\n  - path: \"locales/{lang}.json\"\n    format: json-flat\n",
        "project_id: p\nsource_language: pt-BR\nlanguages_mapping:\n  pt-BR: pt_BR\nconnection: staging\nfile_patterns:\n  - path: \"{namespace}/{lang}.po\"\n    format: po\n  - {path: \"res/values-{lang}/strings.xml\", format: android-xml}\n",
    ];

    proptest::proptest! {
        /// A hostile `.nt3.yml` is an error, never a panic or an overflowed stack, and
        /// what is accepted keeps every pattern inside the project.
        #[test]
        fn a_hostile_file_is_an_error_or_a_safe_config(text in crate::types::fuzz::text(SEEDS)) {
            if let Ok(loaded) = parse(&text) {
                for pattern in &loaded.config.file_patterns {
                    let path = &pattern.path;
                    proptest::prop_assert!(path.contains(LANG) && path.len() <= MAX_PATH_LEN);
                    proptest::prop_assert!(!path.starts_with('/') && !path.contains('\\'));
                    proptest::prop_assert!(
                        path.split('/').all(|part| part != ".." && !super::super::gate::is_git(part))
                    );
                }
            }
        }
    }
    use crate::types::format::Format;

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
                "unknown field `file_patterns[0].colour` (known: path, format, namespace, languages_mapping, source, locale_style)",
            ]
        );
    }

    #[test]
    fn errors_name_the_field_and_the_allowed_values() {
        let err = parse("project_id: p\nsource_language: en\nfile_patterns:\n  - path: \"{lang}.json\"\n    format: jsn\n").unwrap_err().to_string();
        assert!(
            err.contains("unknown variant `jsn`")
                && err.contains("json-nested")
                && err.contains("line 5"),
            "{err}"
        );
        let err = parse("source_language: en\nfile_patterns: []\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("missing field `project_id`"), "{err}");
        let err = parse("project_id: p\nsource_language: en\nfile_patterns:\n  - path: \"x.json\"\n    format: yaml\n").unwrap_err().to_string();
        assert_eq!(err, "`file_patterns[0].path` must contain `{lang}`");
        let err = parse(
            "project_id: p\nsource_language: en\nfile_patterns:\n  - path: \"{namespace}/{lang}.json\"\n    format: yaml\n    namespace: app\n",
        )
        .unwrap_err().to_string();
        assert_eq!(
            err,
            "`file_patterns[0]` has both `{namespace}` in its path and a `namespace` key; use one"
        );
    }

    #[test]
    fn the_template_parses_back() {
        let pattern = Pattern {
            path: "src/locales/{lang}.json".into(),
            format: Format::JsonNested,
            namespace: Some("common".into()),
            languages_mapping: BTreeMap::new(),
            source: None,
            locale_style: None,
        };
        let text = template("proj_1", "en", std::slice::from_ref(&pattern));
        let loaded = parse(&text).unwrap();
        assert!(loaded.warnings.is_empty());
        assert_eq!(
            loaded.config.file_patterns[0].namespace.as_deref(),
            Some("common")
        );
    }
}
