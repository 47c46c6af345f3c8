//! The file formats Entri imports and exports, as `.nt3.yml` and `--format` name them.

use std::fmt;

use serde::Deserialize;

/// The file formats Entri imports and exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    JsonFlat,
    JsonNested,
    Yaml,
    Po,
    Xliff,
    Xliff2,
    Arb,
    AndroidXml,
    IosStrings,
    IosStringsdict,
    /// Xcode's String Catalog: one JSON file holding every language.
    Xcstrings,
}

impl Format {
    pub const ALL: [Self; 11] = [
        Self::JsonFlat,
        Self::JsonNested,
        Self::Yaml,
        Self::Po,
        Self::Xliff,
        Self::Xliff2,
        Self::Arb,
        Self::AndroidXml,
        Self::IosStrings,
        Self::IosStringsdict,
        Self::Xcstrings,
    ];

    /// The format called `name` (as in `.nt3.yml`), ignoring case.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|format| format.as_str().eq_ignore_ascii_case(name.trim()))
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::JsonFlat => "json-flat",
            Self::JsonNested => "json-nested",
            Self::Yaml => "yaml",
            Self::Po => "po",
            Self::Xliff => "xliff",
            Self::Xliff2 => "xliff2",
            Self::Arb => "arb",
            Self::AndroidXml => "android-xml",
            Self::IosStrings => "ios-strings",
            Self::IosStringsdict => "ios-stringsdict",
            Self::Xcstrings => "xcstrings",
        }
    }

    /// A likely format for a path, from its extension.
    pub fn guess(path: &str) -> Option<Self> {
        let extension = path.rsplit_once('.')?.1.to_ascii_lowercase();
        Some(match extension.as_str() {
            "json" => Self::JsonNested,
            "yml" | "yaml" => Self::Yaml,
            "po" | "pot" => Self::Po,
            "xlf" | "xliff" => Self::Xliff,
            "arb" => Self::Arb,
            "xml" => Self::AndroidXml,
            "strings" => Self::IosStrings,
            "stringsdict" => Self::IosStringsdict,
            "xcstrings" => Self::Xcstrings,
            _ => return None,
        })
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
