//! Language codes as Entri names them (`pt-BR`) and as each platform writes them in file
//! paths (`pt_BR`, `values-pt-rBR`, `pt-BR.lproj`).
//!
//! [`Locales`] maps both ways for one file pattern. An explicit `languages_mapping` in
//! `.nt3.yml` (Entri code → path code; a pattern's own mapping wins over the file's) comes
//! first; otherwise the format decides:
//!
//! | format | path code for `pt-BR` | for `sr-Latn-RS` | source language |
//! | --- | --- | --- | --- |
//! | `android-xml` | `pt-rBR` | `b+sr+Latn+RS` | `values/` (no `-{lang}`) |
//! | `arb`, `po` | `pt_BR` | `sr_Latn_RS` | as the others |
//! | every other format | `pt-BR` | `sr-Latn-RS` | as the others |
//!
//! Reading paths, `_` and `-` are both accepted (`app_pt_BR.arb` and `pt-BR.json` are both
//! `pt-BR`), and so are Android's `r` regions and `b+` tags. So a file is never taken for a
//! new language because of how its platform spells a code.

use std::collections::BTreeMap;

use crate::types::format::Format;
use crate::types::names::is_language;

/// The two-way code mapping of one pattern.
#[derive(Debug, Clone)]
pub struct Locales {
    format: Format,
    source: String,
    to_path: BTreeMap<String, String>,
    to_entri: BTreeMap<String, String>,
}

impl Locales {
    /// `file` and `pattern` map Entri codes to path codes; the pattern's entries win.
    pub fn new(
        format: Format,
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
            format,
            source: source.to_owned(),
            to_path,
            to_entri,
        }
    }

    /// The project's source language (an Entri code).
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Whether `code` can stand for a language in a path of this pattern.
    pub fn is_path_code(&self, code: &str) -> bool {
        self.to_entri(code).is_some()
    }

    /// The Entri code for a code found in a path, if it is one.
    pub fn to_entri(&self, code: &str) -> Option<String> {
        if let Some(entri) = self.to_entri.get(code) {
            return Some(entri.clone());
        }
        let code = match self.format {
            Format::AndroidXml => android_to_entri(code),
            _ => code.to_owned(),
        }
        .replace('_', "-");
        is_language(&code).then_some(code)
    }

    /// The code to write in paths for an Entri code.
    pub fn to_path(&self, entri: &str) -> String {
        if let Some(path) = self.to_path.get(entri) {
            return path.clone();
        }
        match self.format {
            Format::AndroidXml => android_from_entri(entri),
            Format::Arb | Format::Po => entri.replace('-', "_"),
            _ => entri.to_owned(),
        }
    }

    /// Android keeps the source language in `values/`: for it, a `-{lang}` in the path is
    /// left out (unless `languages_mapping` names the source).
    pub fn source_drops_suffix(&self, entri: &str) -> bool {
        self.format == Format::AndroidXml
            && entri == self.source
            && !self.to_path.contains_key(entri)
    }
}

/// `pt-rBR` → `pt-BR`, `b+sr+Latn` → `sr-Latn`; anything else as it is.
fn android_to_entri(code: &str) -> String {
    if let Some(tag) = code.strip_prefix("b+") {
        return tag.replace('+', "-");
    }
    match code.split_once('-') {
        Some((language, region))
            if region.len() == 3
                && region.starts_with('r')
                && region[1..].chars().all(|c| c.is_ascii_uppercase()) =>
        {
            format!("{language}-{}", &region[1..])
        }
        _ => code.to_owned(),
    }
}

/// `pt-BR` → `pt-rBR`; a code with a script or more subtags → `b+sr+Latn+RS`.
fn android_from_entri(entri: &str) -> String {
    let parts: Vec<&str> = entri.split('-').collect();
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

#[cfg(test)]
mod tests {
    use super::*;

    fn locales(format: Format, mapping: &[(&str, &str)]) -> Locales {
        let mapping = mapping
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Locales::new(format, "en", &BTreeMap::new(), &mapping)
    }

    #[test]
    fn platform_defaults_both_ways() {
        let android = locales(Format::AndroidXml, &[]);
        for (entri, path) in [
            ("fr", "fr"),
            ("pt-BR", "pt-rBR"),
            ("sr-Latn-RS", "b+sr+Latn+RS"),
        ] {
            assert_eq!(android.to_path(entri), path);
            assert_eq!(android.to_entri(path).as_deref(), Some(entri));
        }
        assert!(android.source_drops_suffix("en"));
        assert!(!android.source_drops_suffix("fr"));

        let arb = locales(Format::Arb, &[]);
        assert_eq!(arb.to_path("pt-BR"), "pt_BR");
        assert_eq!(arb.to_entri("pt_BR").as_deref(), Some("pt-BR"));

        let ios = locales(Format::IosStrings, &[]);
        assert_eq!(ios.to_path("pt-BR"), "pt-BR");
        assert_eq!(
            ios.to_entri("pt_BR").as_deref(),
            Some("pt-BR"),
            "either spelling reads"
        );
        assert_eq!(ios.to_entri("Base"), None);
    }

    #[test]
    fn an_explicit_mapping_wins() {
        let json = locales(Format::JsonFlat, &[("zh-Hans", "zh"), ("en", "base")]);
        assert_eq!(json.to_path("zh-Hans"), "zh");
        assert_eq!(json.to_entri("zh").as_deref(), Some("zh-Hans"));
        assert_eq!(json.to_entri("base").as_deref(), Some("en"));
        let android = locales(Format::AndroidXml, &[("en", "en")]);
        assert!(
            !android.source_drops_suffix("en"),
            "a mapped source keeps its suffix"
        );
    }
}
