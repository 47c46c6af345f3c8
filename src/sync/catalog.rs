//! Xcode String Catalogs (`.xcstrings`): one JSON file holding every language.
//!
//! Push sends each language's strings from the one file, as flat JSON (`{key: value}`);
//! the source language's value is the key itself where the catalog has none, as Xcode
//! reads it. Pull merges each language back in, against the server's strings for it as
//! last synced: a value the server changed comes in where the catalog still has what
//! the server had (so a translation edited here is not lost), its state becomes
//! `translated`, and every other language, every state, every
//! comment and the file's own layout (key order, indentation, `" : "`) stay as Xcode
//! wrote them. Keys with plural or device variations are left to Xcode: nt3 neither
//! sends nor changes them, and says how many there are. A key whose value has
//! `substitutions` (plural forms inside a sentence) merges its `stringUnit` like any
//! other, and its substitutions stay as they are.

use std::collections::{BTreeMap, BTreeSet};

use super::json::{Json, Layout};

/// A parsed catalog, and how to write it back.
pub struct Catalog {
    json: Json,
    layout: Layout,
}

/// What merging one language changed.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Merged {
    pub changed: usize,
    /// Keys translated here and on the server since the last sync, differently: the
    /// value here stays.
    pub conflicts: Vec<String>,
}

impl Catalog {
    pub fn parse(text: &str) -> Result<Self, String> {
        let json = Json::parse(text).map_err(|err| format!("is not a String Catalog: {err}"))?;
        if !matches!(json.get("strings"), Some(Json::Object(_))) {
            return Err("is not a String Catalog: it has no `strings`".into());
        }
        Ok(Self {
            layout: Layout::of(text),
            json,
        })
    }

    pub fn source_language(&self) -> Option<&str> {
        match self.json.get("sourceLanguage") {
            Some(Json::String(code)) => Some(code),
            _ => None,
        }
    }

    fn strings(&self) -> &[(String, Json)] {
        match self.json.get("strings") {
            Some(Json::Object(entries)) => entries,
            _ => &[],
        }
    }

    /// Every language with a localization, sorted.
    pub fn languages(&self) -> BTreeSet<String> {
        let mut languages: BTreeSet<String> = self
            .source_language()
            .map(String::from)
            .into_iter()
            .collect();
        for (_, entry) in self.strings() {
            if let Some(Json::Object(localizations)) = entry.get("localizations") {
                languages.extend(localizations.iter().map(|(code, _)| code.clone()));
            }
        }
        languages
    }

    /// One language's strings (`key → value`), and how many keys were left out for
    /// having variations. Keys Xcode marks as no longer in the code (`stale`) and keys
    /// not to translate (`shouldTranslate: false`) are left out too.
    pub fn values(&self, language: &str) -> (BTreeMap<String, String>, usize) {
        let source = self.source_language() == Some(language);
        let mut values = BTreeMap::new();
        let mut variations = 0;
        for (key, entry) in self.strings() {
            let stale =
                matches!(entry.get("extractionState"), Some(Json::String(s)) if s == "stale");
            if stale || entry.get("shouldTranslate") == Some(&Json::Bool(false)) {
                continue;
            }
            if has_variations(entry) {
                variations += 1;
                continue;
            }
            let localization = entry.get("localizations").and_then(|l| l.get(language));
            match localization.and_then(unit_value) {
                Some(value) => {
                    values.insert(key.clone(), value.to_owned());
                }
                None if source => {
                    values.insert(key.clone(), key.clone());
                }
                None => {}
            }
        }
        (values, variations)
    }

    /// Merges the server's strings for `language` (`key → value`) into the catalog,
    /// against `base` (the server's strings for it when last synced), one `stringUnit`
    /// at a time: a value the server did not change stays as it is here (never a
    /// conflict); one it changed comes in where the catalog has what the server had,
    /// and is a conflict where it was translated here too. Only `stringUnit`'s `value`
    /// and `state` change: `substitutions`, `variations`, comments and every other
    /// field stay. Keys the catalog does not have are left out: Xcode adds keys from
    /// the code.
    pub fn merge(
        &mut self,
        language: &str,
        server: &BTreeMap<String, String>,
        base: Option<&BTreeMap<String, String>>,
    ) -> Merged {
        let mut merged = Merged::default();
        let Some(Json::Object(strings)) = self.json.get_mut("strings") else {
            return merged;
        };
        for (key, entry) in strings.iter_mut() {
            let Some(theirs) = server.get(key) else {
                continue;
            };
            if has_variations(entry) {
                continue; // plural or device forms: Xcode's, never sent
            }
            let localization = entry.get("localizations").and_then(|l| l.get(language));
            let ours = localization.and_then(unit_value);
            let was = base.and_then(|base| base.get(key)).map(String::as_str);
            if ours == Some(theirs.as_str()) || was == Some(theirs.as_str()) {
                continue;
            }
            if ours.is_some() && ours != was {
                merged.conflicts.push(key.clone());
                continue;
            }
            set_unit(entry, language, theirs);
            merged.changed += 1;
        }
        merged
    }

    pub fn write(&self) -> String {
        self.layout.write(&self.json)
    }
}

/// Whether any language of a key has plural or device variations.
fn has_variations(entry: &Json) -> bool {
    match entry.get("localizations") {
        Some(Json::Object(localizations)) => localizations
            .iter()
            .any(|(_, localization)| localization.get("variations").is_some()),
        _ => false,
    }
}

/// A localization's plain value (`stringUnit.value`).
fn unit_value(localization: &Json) -> Option<&str> {
    match localization.get("stringUnit")?.get("value")? {
        Json::String(value) => Some(value),
        _ => None,
    }
}

/// Sets `key` in an object whose keys are sorted, as Xcode keeps them (in any case):
/// in its place when it is there, else before the first key that sorts after it.
fn set_sorted(object: &mut Json, key: &str, value: Json) {
    if let Json::Object(entries) = object {
        if let Some((_, old)) = entries.iter_mut().find(|(k, _)| k == key) {
            *old = value;
            return;
        }
        let after = |k: &str| k.to_ascii_lowercase() > key.to_ascii_lowercase();
        let at = entries
            .iter()
            .position(|(k, _)| after(k))
            .unwrap_or(entries.len());
        entries.insert(at, (key.to_owned(), value));
    }
}

/// Sets the `stringUnit` of `language` in a key's entry to `value`, translated,
/// making the objects on the way and changing nothing else.
fn set_unit(entry: &mut Json, language: &str, value: &str) {
    if !matches!(entry.get("localizations"), Some(Json::Object(_))) {
        entry.set("localizations", Json::Object(Vec::new()));
    }
    let localizations = entry.get_mut("localizations").expect("just set");
    if !matches!(localizations.get(language), Some(Json::Object(_))) {
        set_sorted(localizations, language, Json::Object(Vec::new()));
    }
    let localization = localizations.get_mut(language).expect("just set");
    if !matches!(localization.get("stringUnit"), Some(Json::Object(_))) {
        localization.set("stringUnit", Json::Object(Vec::new()));
    }
    let unit = localization.get_mut("stringUnit").expect("just set");
    unit.set("state", Json::String("translated".into()));
    unit.set("value", Json::String(value.to_owned()));
}

#[cfg(test)]
mod tests {
    use super::*;

    const CATALOG: &str = r#"{
  "sourceLanguage" : "en",
  "strings" : {
    "%lld files" : {
      "localizations" : {
        "en" : {
          "variations" : {
            "plural" : {
              "one" : {
                "stringUnit" : {
                  "state" : "translated",
                  "value" : "%lld file"
                }
              }
            }
          }
        }
      }
    },
    "Done" : {
      "comment" : "A button",
      "localizations" : {
        "de" : {
          "stringUnit" : {
            "state" : "needs_review",
            "value" : "Erledigt"
          }
        }
      }
    },
    "Hello" : {
      "localizations" : {

      }
    }
  },
  "version" : "1.0"
}"#;

    #[test]
    fn each_language_goes_out_as_flat_strings() {
        let catalog = Catalog::parse(CATALOG).unwrap();
        assert_eq!(
            catalog.languages().into_iter().collect::<Vec<_>>(),
            ["de", "en"]
        );
        let (en, variations) = catalog.values("en");
        assert_eq!(
            en.into_iter().collect::<Vec<_>>(),
            [
                ("Done".into(), "Done".into()),
                ("Hello".into(), "Hello".into())
            ]
        );
        assert_eq!(variations, 1);
        let (de, _) = catalog.values("de");
        assert_eq!(de.get("Done").map(String::as_str), Some("Erledigt"));
    }

    #[test]
    fn a_language_merges_back_in_and_the_rest_stays_as_xcode_wrote_it() {
        let mut catalog = Catalog::parse(CATALOG).unwrap();
        assert_eq!(catalog.write(), CATALOG, "written back byte for byte");
        let server: BTreeMap<String, String> = [
            ("Hello", "Bonjour"),
            ("Done", "Terminé"),
            ("%lld files", "x"),
            ("Unknown", "?"),
        ]
        .into_iter()
        .map(|(k, v)| (k.into(), v.into()))
        .collect();
        let merged = catalog.merge("fr", &server, None);
        assert_eq!(merged.changed, 2);
        let written = catalog.write();
        assert!(written.contains(
            "\"de\" : {\n          \"stringUnit\" : {\n            \"state\" : \"needs_review\""
        ));
        assert!(written.contains("\"fr\" : {\n          \"stringUnit\" : {\n            \"state\" : \"translated\",\n            \"value\" : \"Terminé\""));
        assert!(!written.contains("Unknown"));
        let de_at = written.find("\"de\" :").unwrap();
        assert!(
            written.find("\"fr\" :").unwrap() > de_at,
            "languages stay sorted"
        );

        // A translation changed here since the last sync is kept.
        let base: BTreeMap<String, String> = [("Done".to_string(), "Fertig".to_string())].into();
        let theirs: BTreeMap<String, String> = [("Done".to_string(), "Fertig!".to_string())].into();
        let merged = catalog.merge("de", &theirs, Some(&base));
        assert_eq!(merged.conflicts, ["Done"]);
    }
}
