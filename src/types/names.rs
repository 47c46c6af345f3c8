//! Ids, names and codes that end up in URLs, paths and file names, and the one check
//! for each. Whatever a flag, a file or a server says goes through these before it is
//! used, so `..`, `/`, `?` or a control character never reaches a request or a path.

use std::fmt;

use crate::error::{Error, Kind};

/// An id that can be one path segment of an endpoint: letters, digits, `-`, `_` and `.`,
/// and not `.` or `..`. Every id from a flag, the environment or `.nt3.yml` is made with
/// [`Id::parse`].
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(try_from = "String", into = "String")]
pub struct Id(String);

impl TryFrom<String> for Id {
    type Error = NotAnId;

    /// An id from a server is checked as it is decoded.
    fn try_from(raw: String) -> Result<Self, NotAnId> {
        if is_id(&raw) {
            Ok(Self(raw))
        } else {
            Err(NotAnId)
        }
    }
}

impl From<Id> for String {
    fn from(id: Id) -> Self {
        id.0
    }
}

impl Id {
    pub fn parse(raw: &str) -> Result<Self, NotAnId> {
        if is_id(raw) {
            Ok(Self(raw.to_owned()))
        } else {
            Err(NotAnId)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// An id given by the user as `what` (a flag, an argument): a usage error otherwise.
    pub fn given(what: &str, raw: &str) -> Result<Self, Error> {
        Self::parse(raw).map_err(|err| Error::new(Kind::Usage, format!("`{what}` {err}")))
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Why a value is not an [`Id`]; the message completes "`<what>` …".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotAnId;

impl fmt::Display for NotAnId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "must be an id of at most {MAX_ID_LEN} letters, digits, `-`, `_` and `.`"
        )
    }
}

impl std::error::Error for NotAnId {}

/// The longest id nt3 accepts.
pub const MAX_ID_LEN: usize = 128;

/// Whether `id` can be one path segment of an endpoint (see [`Id`]).
pub fn is_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_ID_LEN
        && id != "."
        && id != ".."
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
}

/// A language code: `en`, `pt-BR`, `zh_Hant`, `sr-Latn-RS`. Lower-case primary
/// language of two or three letters, then up to three subtags of 2–8 letters or digits.
pub fn is_language(code: &str) -> bool {
    let mut parts = code.split(['-', '_']);
    let primary = parts.next().unwrap_or_default();
    let subtags: Vec<&str> = parts.collect();
    (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_lowercase())
        && subtags.len() <= 3
        && subtags.iter().all(|tag| {
            (2..=8).contains(&tag.len()) && tag.chars().all(|c| c.is_ascii_alphanumeric())
        })
}

/// A namespace: letters, digits, `-`, `_` and `.`, and not `.` or `..`.
pub fn is_namespace(name: &str) -> bool {
    // The alphabet of an id: a namespace is one path segment and one query value.
    is_id(name)
}

/// A connection's name, from a flag, the environment, `.nt3.yml` or a credential file:
/// 1 to 64 letters, digits, `-` and `_`; otherwise [`NotAConnectionName`].
pub fn connection_name(name: &str) -> Result<&str, NotAConnectionName> {
    let valid = (1..=64).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    valid.then_some(name).ok_or(NotAConnectionName)
}

/// Why a value cannot name a connection; the message completes "`<what>` …".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotAConnectionName;

impl fmt::Display for NotAConnectionName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("must be 1 to 64 letters, digits, `-` or `_`")
    }
}

impl std::error::Error for NotAConnectionName {}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Whatever a server sends as an id, what is accepted is one harmless segment.
        #[test]
        fn an_accepted_id_is_one_harmless_path_segment(
            raw in crate::types::fuzz::text(&["tok_1", "proj_abc123", "6650a1b2c3d4e5f6a7b8c9d0", "a.b-c_d"])
        ) {
            if let Ok(id) = Id::try_from(raw) {
                let id = id.as_str();
                proptest::prop_assert!(!id.is_empty() && id.len() <= MAX_ID_LEN);
                proptest::prop_assert!(id != "." && id != "..");
                proptest::prop_assert!(!id.contains(['/', '?', '#', '%', '\\']));
                proptest::prop_assert!(!id.chars().any(char::is_control));
            }
        }
    }

    #[test]
    fn language_codes() {
        for ok in ["en", "de", "pt-BR", "zh_Hant", "sr-Latn-RS", "fil"] {
            assert!(is_language(ok), "{ok}");
        }
        for bad in [
            "",
            "e",
            "EN",
            "english",
            "README",
            "index",
            "en-",
            "en--US",
            "pt-BRAZILIAN1",
            "a-b-c-d-e",
        ] {
            assert!(!is_language(bad), "{bad}");
        }
    }

    #[test]
    fn ids_cannot_escape_their_path_segment() {
        assert!(is_id("org_123-a.b"));
        for bad in ["", "..", "a/b", "a?b=1", "a b", "%2e%2e"] {
            assert!(!is_id(bad), "{bad}");
        }
    }
}
