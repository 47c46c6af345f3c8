//! Language codes as Entri names them (`pt-BR`) and as each platform spells them in
//! paths (`values-pt-rBR`, `pt_BR`, `sr@latin`, `Base.lproj`).
//!
//! [`Locales`] maps both ways for one file pattern. Reading is lenient: any case, `-` or
//! `_`, each platform's own forms, parsed and put in canonical form by a BCP 47 parser
//! (`icu_locale_core`), so a spelling never makes a new language. Writing follows, in
//! order: an explicit `languages_mapping`; the spelling the language already has on disk
//! in this pattern; the pattern's `locale_style`, or the spelling its other files use;
//! the format's convention. `docs/locales.md` has the table.
//!
//! What a path holds that is not a language is said, with the reason: an Android
//! qualifier (`values-land`), Apple's `mul.lproj`, a gettext modifier without a code.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;

use crate::types::format::Format;
use crate::types::names::is_language;

/// How a platform spells a language in paths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Style {
    /// `pt-BR`, `zh-Hans` (BCP 47): the web, JSON, YAML, XLIFF.
    Hyphen,
    /// `pt_BR`, `zh_Hans`: ARB, Chrome's `_locales`, Java properties.
    Underscore,
    /// `values-pt-rBR`, `values-b+sr+Latn`, the legacy `iw`, `in`, `ji`; `values/` holds
    /// the source language; qualifiers (`land`, `night`, `v21`) are not languages.
    Android,
    /// `pt-BR.lproj`, `zh-Hans.lproj`; `Base.lproj` holds the source language.
    Apple,
    /// `pt_BR`, `sr@latin`, `ca@valencia`; a `.charset` suffix is read and ignored.
    Gettext,
}

impl Style {
    /// The convention of a format (and of Chrome's `_locales/` folders).
    pub fn of(format: Format, path: &str) -> Self {
        match format {
            Format::AndroidXml => Self::Android,
            Format::IosStrings | Format::IosStringsdict | Format::Xcstrings => Self::Apple,
            Format::Po => Self::Gettext,
            Format::Arb => Self::Underscore,
            _ if path.contains("_locales/") => Self::Underscore,
            _ => Self::Hyphen,
        }
    }
}

/// What a code found in a path stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reading {
    /// A language, as its Entri code.
    Language(String),
    /// Not a language: why, completing "`<code>` …".
    Not(String),
}

/// The two-way code mapping of one pattern.
#[derive(Debug, Clone)]
pub struct Locales {
    style: Style,
    /// Whether the style was chosen in `.nt3.yml` (then it beats the tree's spelling).
    chosen: bool,
    source: String,
    to_path: BTreeMap<String, String>,
    to_entri: BTreeMap<String, String>,
    /// How each language is spelled on disk in this pattern already.
    spelled: BTreeMap<String, String>,
    /// What each code read so far stands for: a tree spells few codes, many times.
    read: RefCell<HashMap<String, Reading>>,
}

impl Locales {
    /// `file` and `pattern` map Entri codes to path codes; the pattern's entries win.
    /// `style` is the pattern's `locale_style`, if it has one.
    pub fn new(
        format: Format,
        path: &str,
        style: Option<Style>,
        source: &str,
        file: &BTreeMap<String, String>,
        pattern: &BTreeMap<String, String>,
    ) -> Self {
        let mut to_path = file.clone();
        to_path.extend(pattern.iter().map(|(k, v)| (k.clone(), v.clone())));
        let to_entri = to_path
            .iter()
            .map(|(k, v)| (v.clone(), k.clone()))
            .collect();
        Self {
            style: style.unwrap_or_else(|| Style::of(format, path)),
            chosen: style.is_some(),
            source: source.to_owned(),
            to_path,
            to_entri,
            spelled: BTreeMap::new(),
            read: RefCell::default(),
        }
    }

    /// The project's source language (an Entri code).
    pub fn source(&self) -> &str {
        &self.source
    }

    /// What `code`, found where a pattern has `{lang}`, stands for.
    pub fn read(&self, code: &str) -> Reading {
        if let Some(reading) = self.read.borrow().get(code) {
            return reading.clone();
        }
        let reading = self.read_uncached(code);
        self.read
            .borrow_mut()
            .insert(code.to_owned(), reading.clone());
        reading
    }

    fn read_uncached(&self, code: &str) -> Reading {
        if let Some(entri) = self.mapped(code) {
            return Reading::Language(entri.clone());
        }
        let not = |why: &str| Reading::Not(why.to_owned());
        let code = match self.style {
            Style::Apple if code.eq_ignore_ascii_case("base") => {
                return Reading::Language(self.source.clone());
            }
            Style::Apple if code.eq_ignore_ascii_case("mul") => {
                return not("holds resources for several languages, not one");
            }
            Style::Android => match android_to_bcp47(code) {
                Ok(code) => code,
                Err(qualifier) => {
                    return Reading::Not(format!(
                        "has the Android qualifier `{qualifier}`, which is not a language"
                    ));
                }
            },
            Style::Gettext => match gettext_to_bcp47(code) {
                Ok(code) => code,
                Err(modifier) => {
                    return Reading::Not(format!(
                        "has the modifier `@{modifier}`, which names no language; map it with `languages_mapping`"
                    ));
                }
            },
            _ => code.to_owned(),
        };
        match canonical(&code) {
            Some(entri) => Reading::Language(entri),
            None => not("is not a language code"),
        }
    }

    /// The Entri code for a code found in a path, if it is a language.
    pub fn to_entri(&self, code: &str) -> Option<String> {
        match self.read(code) {
            Reading::Language(entri) => Some(entri),
            Reading::Not(_) => None,
        }
    }

    /// An explicit mapping's Entri code for a path code (exact, then in any case).
    fn mapped(&self, code: &str) -> Option<&String> {
        self.to_entri.get(code).or_else(|| {
            self.to_entri
                .iter()
                .find(|(path, _)| path.eq_ignore_ascii_case(code))
                .map(|(_, entri)| entri)
        })
    }

    /// Records the spellings of the files found on disk: `(Entri code, path code)`.
    /// Each language keeps the spelling it has; a new one follows the others.
    pub fn learn<'a>(&mut self, found: impl IntoIterator<Item = (&'a str, &'a str)>) {
        for (entri, code) in found {
            self.spelled
                .entry(entri.to_owned())
                .or_insert_with(|| code.to_owned());
        }
    }

    /// The code to write in paths for an Entri code.
    pub fn to_path(&self, entri: &str) -> String {
        if let Some(path) = self.to_path.get(entri) {
            return path.clone();
        }
        if let Some(code) = self.spelled.get(entri) {
            return code.clone();
        }
        let written = match self.style {
            Style::Android => android_from_entri(entri),
            Style::Gettext => gettext_from_entri(entri),
            Style::Underscore => entri.replace('-', "_"),
            Style::Hyphen | Style::Apple => entri.to_owned(),
        };
        if self.chosen || matches!(self.style, Style::Android | Style::Gettext) {
            return written;
        }
        self.like_the_others(&written)
    }

    /// A new language written as the pattern's other files are: with `_` or `-`, and
    /// its region in lower case, when every multi-part code on disk does so.
    fn like_the_others(&self, written: &str) -> String {
        let multi: Vec<&str> = self
            .spelled
            .values()
            .map(String::as_str)
            .filter(|code| code.contains(['-', '_']))
            .collect();
        if multi.is_empty() {
            return written.to_owned();
        }
        let separator = if multi.iter().all(|code| code.contains('_')) {
            '_'
        } else if multi.iter().all(|code| code.contains('-')) {
            '-'
        } else {
            return written.to_owned();
        };
        let lower = multi.iter().all(|code| *code == code.to_ascii_lowercase());
        let mut parts = written.split(['-', '_']);
        let mut out = parts.next().unwrap_or_default().to_owned();
        for part in parts {
            out.push(separator);
            if lower {
                out.push_str(&part.to_ascii_lowercase());
            } else {
                out.push_str(part);
            }
        }
        out
    }

    /// Android keeps the source language in `values/`: for it, a `-{lang}` in the path is
    /// left out (unless `languages_mapping` names the source).
    pub fn source_drops_suffix(&self, entri: &str) -> bool {
        self.style == Style::Android && entri == self.source && !self.to_path.contains_key(entri)
    }
}

/// A code with `-` or `_` in any case, as its canonical BCP 47 form (`pt_br` → `pt-BR`,
/// `zh-hans` → `zh-Hans`), if it is a language Entri names: never `und`, `mul`, `zxx`.
/// Java's and Android's legacy codes are read as today's (`iw` → `he`).
pub fn canonical(code: &str) -> Option<String> {
    if code.len() > 35 {
        return None;
    }
    let id = icu_locale_core::LanguageIdentifier::try_from_str(&code.replace('_', "-")).ok()?;
    let mut entri = id.to_string();
    if let Some((legacy, today)) = LEGACY
        .iter()
        .find(|(legacy, _)| *legacy == id.language.as_str())
    {
        entri.replace_range(..legacy.len(), today);
    }
    let special = ["und", "mul", "zxx", "mis"].contains(&id.language.as_str());
    (!special && is_language(&entri)).then_some(entri)
}

/// Language codes Java (and so Android) still writes, and what they are today.
const LEGACY: [(&str, &str); 3] = [("iw", "he"), ("in", "id"), ("ji", "yi")];

/// Android's configuration qualifiers (developer.android.com, "App resources overview",
/// table 2), other than language and region: a folder with one holds a variant of the
/// resources, not a language.
fn is_android_qualifier(part: &str) -> bool {
    const WORDS: &[&str] = &[
        "ldrtl",
        "ldltr",
        "small",
        "normal",
        "large",
        "xlarge",
        "long",
        "notlong",
        "round",
        "notround",
        "widecg",
        "nowidecg",
        "highdr",
        "lowdr",
        "port",
        "land",
        "car",
        "desk",
        "television",
        "appliance",
        "watch",
        "vrheadset",
        "night",
        "notnight",
        "ldpi",
        "mdpi",
        "hdpi",
        "xhdpi",
        "xxhdpi",
        "xxxhdpi",
        "nodpi",
        "tvdpi",
        "anydpi",
        "notouch",
        "finger",
        "keysexposed",
        "keyshidden",
        "keyssoft",
        "nokeys",
        "qwerty",
        "12key",
        "navexposed",
        "navhidden",
        "nonav",
        "dpad",
        "trackball",
        "wheel",
    ];
    let part = part.to_ascii_lowercase();
    let number = |prefix: &str, suffix: &str| {
        part.strip_prefix(prefix)
            .and_then(|rest| rest.strip_suffix(suffix))
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    };
    WORDS.contains(&part.as_str())
        || number("mcc", "")
        || number("mnc", "")
        || number("sw", "dp")
        || number("w", "dp")
        || number("h", "dp")
        || number("", "dpi")
        || number("v", "")
}

/// `pt-rBR` → `pt-BR`, `b+sr+Latn` → `sr-Latn`, in any case; a qualifier is an error.
fn android_to_bcp47(code: &str) -> Result<String, String> {
    if let Some(tag) = code.strip_prefix("b+").or_else(|| code.strip_prefix("B+")) {
        return Ok(tag.replace('+', "-"));
    }
    let mut parts = Vec::new();
    for part in code.split('-') {
        if is_android_qualifier(part) {
            return Err(part.to_owned());
        }
        let region = part.len() == 3
            && part.starts_with(['r', 'R'])
            && part[1..].bytes().all(|b| b.is_ascii_alphabetic());
        parts.push(if region && !parts.is_empty() {
            &part[1..]
        } else {
            part
        });
    }
    Ok(parts.join("-"))
}

/// `pt-BR` → `pt-rBR`, legacy codes as Android wants them (`he` → `iw`); a code with a
/// script or more subtags → `b+sr+Latn+RS`.
fn android_from_entri(entri: &str) -> String {
    let mut parts: Vec<&str> = entri.split('-').collect();
    if let Some((legacy, _)) = LEGACY.iter().find(|(_, today)| *today == parts[0]) {
        parts[0] = legacy;
    }
    match parts.as_slice() {
        [language] => (*language).to_owned(),
        [language, region]
            if region.len() == 2 && region.chars().all(|c| c.is_ascii_uppercase()) =>
        {
            format!("{language}-r{region}")
        }
        _ => format!("b+{}", parts.join("+")),
    }
}

/// gettext's modifiers that stand for a script or a variant.
const MODIFIERS: [(&str, &str); 4] = [
    ("latin", "Latn"),
    ("cyrillic", "Cyrl"),
    ("valencia", "valencia"),
    ("devanagari", "Deva"),
];

/// `sr_RS@latin` → `sr-Latn-RS`, `ca@valencia` → `ca-valencia`, `zh_TW.Big5` → `zh-TW`; a
/// modifier with no code is an error.
fn gettext_to_bcp47(code: &str) -> Result<String, String> {
    let (code, modifier) = match code.split_once('@') {
        Some((code, modifier)) => (code, Some(modifier)),
        None => (code, None),
    };
    let code = code.split_once('.').map_or(code, |(code, _charset)| code);
    let mut parts: Vec<&str> = code.split(['_', '-']).collect();
    if let Some(modifier) = modifier {
        let Some((_, subtag)) = MODIFIERS
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(modifier))
        else {
            return Err(modifier.to_owned());
        };
        // A script follows the language; a variant comes last.
        if subtag.len() == 4 {
            parts.insert(1, subtag);
        } else {
            parts.push(subtag);
        }
    }
    Ok(parts.join("-"))
}

/// `pt-BR` → `pt_BR`, `sr-Latn-RS` → `sr_RS@latin`, `ca-valencia` → `ca@valencia`.
fn gettext_from_entri(entri: &str) -> String {
    let mut parts: Vec<&str> = entri.split('-').collect();
    let mut modifier = None;
    parts.retain(
        |part| match MODIFIERS.iter().find(|(_, subtag)| subtag == part) {
            Some((name, _)) if modifier.is_none() => {
                modifier = Some(*name);
                false
            }
            _ => true,
        },
    );
    let mut code = parts.join("_");
    if let Some(name) = modifier {
        code.push('@');
        code.push_str(name);
    }
    code
}

#[cfg(test)]
mod tests {
    use super::*;

    fn locales(format: Format, mapping: &[(&str, &str)]) -> Locales {
        let mapping = mapping
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Locales::new(format, "", None, "en", &BTreeMap::new(), &mapping)
    }

    fn reads(locales: &Locales, code: &str) -> Option<String> {
        locales.to_entri(code)
    }

    #[test]
    fn android_both_ways() {
        let android = locales(Format::AndroidXml, &[]);
        for (entri, path) in [
            ("fr", "fr"),
            ("pt-BR", "pt-rBR"),
            ("sr-Latn-RS", "b+sr+Latn+RS"),
            ("he", "iw"),
            ("id", "in"),
            ("yi", "ji"),
            ("he-IL", "iw-rIL"),
        ] {
            assert_eq!(android.to_path(entri), path);
            assert_eq!(reads(&android, path).as_deref(), Some(entri), "{path}");
        }
        for (path, entri) in [("zh-rcn", "zh-CN"), ("he", "he"), ("ZH-RTW", "zh-TW")] {
            assert_eq!(reads(&android, path).as_deref(), Some(entri), "{path}");
        }
        for qualifier in [
            "land", "night", "v21", "de-v21", "car", "sw600dp", "xxhdpi", "mcc310",
        ] {
            assert!(
                matches!(android.read(qualifier), Reading::Not(why) if why.contains("Android qualifier")),
                "{qualifier}"
            );
        }
        assert!(android.source_drops_suffix("en"));
        assert!(!android.source_drops_suffix("fr"));
    }

    #[test]
    fn apple_reads_any_case_and_base_is_the_source() {
        let ios = locales(Format::IosStrings, &[]);
        for (path, entri) in [
            ("pt_br", "pt-BR"),
            ("zh-hans", "zh-Hans"),
            ("Base", "en"),
            ("en", "en"),
        ] {
            assert_eq!(reads(&ios, path).as_deref(), Some(entri), "{path}");
        }
        assert!(matches!(ios.read("mul"), Reading::Not(_)));
        assert_eq!(ios.to_path("zh-Hans"), "zh-Hans");
    }

    #[test]
    fn gettext_modifiers_and_charsets() {
        let po = locales(Format::Po, &[]);
        for (path, entri) in [
            ("sr@latin", "sr-Latn"),
            ("sr_RS@latin", "sr-Latn-RS"),
            ("ca@valencia", "ca-valencia"),
            ("zh_TW.Big5", "zh-TW"),
            ("pt_BR", "pt-BR"),
        ] {
            assert_eq!(reads(&po, path).as_deref(), Some(entri), "{path}");
        }
        for (entri, path) in [
            ("sr-Latn", "sr@latin"),
            ("sr-Latn-RS", "sr_RS@latin"),
            ("ca-valencia", "ca@valencia"),
            ("pt-BR", "pt_BR"),
        ] {
            assert_eq!(po.to_path(entri), path);
        }
        assert!(matches!(po.read("de@euro"), Reading::Not(why) if why.contains("@euro")));
    }

    #[test]
    fn no_spelling_makes_a_new_language() {
        let json = locales(Format::JsonFlat, &[]);
        for code in ["pt-BR", "pt_BR", "pt_br", "PT-br"] {
            assert_eq!(reads(&json, code).as_deref(), Some("pt-BR"), "{code}");
        }
        for code in ["und", "mul", "package", "x-foo", "en.backup"] {
            assert_eq!(reads(&json, code), None, "{code}");
        }
        assert_eq!(reads(&json, "iw").as_deref(), Some("he"));
        let chrome = Locales::new(
            Format::JsonFlat,
            "_locales/{lang}/messages.json",
            None,
            "en",
            &BTreeMap::new(),
            &BTreeMap::new(),
        );
        assert_eq!(chrome.to_path("pt-BR"), "pt_BR");
    }

    #[test]
    fn spelling_follows_the_tree() {
        let mut ios = locales(Format::IosStrings, &[]);
        ios.learn([("zh-CN", "zh_cn"), ("pt-BR", "pt_br")]);
        assert_eq!(ios.to_path("zh-CN"), "zh_cn", "the language's own folder");
        assert_eq!(
            ios.to_path("de-AT"),
            "de_at",
            "a new one is spelled like the others"
        );
        let mut chosen = Locales::new(
            Format::JsonFlat,
            "",
            Some(Style::Hyphen),
            "en",
            &BTreeMap::new(),
            &BTreeMap::new(),
        );
        chosen.learn([("pt-BR", "pt_BR")]);
        assert_eq!(chosen.to_path("de-AT"), "de-AT", "locale_style wins");
        assert_eq!(chosen.to_path("pt-BR"), "pt_BR", "the folder on disk wins");
    }

    /// The table in `docs/locales.md` is what nt3 does, both ways.
    #[test]
    fn the_documented_table_holds() {
        let doc = include_str!("../../docs/locales.md");
        let styles = [
            (Format::AndroidXml, ""),
            (Format::IosStrings, ""),
            (Format::Po, ""),
            (Format::Arb, ""),
            (Format::JsonFlat, ""),
        ];
        let rows: Vec<Vec<&str>> = doc
            .lines()
            .filter(|line| line.starts_with("| `") && !line.contains("the source"))
            .map(|line| {
                line.split('|')
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                    .collect()
            })
            .collect();
        assert!(rows.len() >= 8, "{rows:?}");
        for row in rows {
            let entri = row[0].trim_matches('`');
            for ((format, path), cell) in styles.iter().zip(&row[1..]) {
                let locales = Locales::new(
                    *format,
                    path,
                    None,
                    "en",
                    &BTreeMap::new(),
                    &BTreeMap::new(),
                );
                let written = cell
                    .trim_matches('`')
                    .trim_start_matches("values-")
                    .trim_end_matches(".lproj")
                    .trim_end_matches(".po");
                assert_eq!(locales.to_path(entri), written, "{format} {entri}");
                assert_eq!(
                    reads(&locales, written).as_deref(),
                    Some(entri),
                    "{format} {written}"
                );
            }
        }
    }

    #[test]
    fn an_explicit_mapping_wins() {
        let json = locales(Format::JsonFlat, &[("zh-Hans", "zh"), ("en", "base")]);
        assert_eq!(json.to_path("zh-Hans"), "zh");
        assert_eq!(reads(&json, "zh").as_deref(), Some("zh-Hans"));
        assert_eq!(reads(&json, "BASE").as_deref(), Some("en"));
        let android = locales(Format::AndroidXml, &[("en", "en")]);
        assert!(
            !android.source_drops_suffix("en"),
            "a mapped source keeps its suffix"
        );
    }
}
