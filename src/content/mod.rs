//! Translation files as documents nt3 can change without disturbing them.
//!
//! Each format has one reader that turns a file into keyed [`Entry`]s — a key, the kind
//! of value, and the byte ranges where the value and the whole entry sit — without
//! copying the file: keys are interned once per path segment in [`Keys`], values stay
//! ranges of the text. Everything that is not a value (comments, order, whitespace,
//! quoting, escapes, numbers as written, line endings) is never parsed into anything,
//! so it is never written back differently: a change is a patch of one range
//! ([`merge`]).
//!
//! Values are compared as they are written (their raw text): a value re-escaped on one
//! side counts as changed there, which can only make the merge more careful.
//!
//! Readers count what they read and stop past [`Bounds`], for a local file and a
//! server's export alike, so no file makes nt3 use more than a small multiple of its
//! size.

use crate::types::format::Format;

use doc::Keys;
pub use doc::ParseError;

mod doc;
mod json;
mod merge;
mod po;
mod strings;
mod xml;
mod yaml;

pub use merge::{CannotMerge, Merged};

/// Whether nt3 reads `format` into entries (and so merges it key by key).
pub fn can_merge(format: Format) -> bool {
    !matches!(format, Format::Xcstrings)
}

/// Merges `local` and `server` against `base`, all files of `format` (see [`merge`]).
pub fn merge(format: Format, base: &str, local: &str, server: &str) -> Result<Merged, CannotMerge> {
    let mut keys = Keys::default();
    let mut read = |text, what: &str| {
        parse(format, text, &mut keys)
            .map_err(|err| CannotMerge(format!("{what} is not a valid `{format}` file ({err})")))
    };
    let base = read(base, "the copy last synced")?;
    let local = read(local, "the file here")?;
    let server = read(server, "the server's file")?;
    // A key written twice has two values; which one counts is the reader's guess, so
    // such a file is not patched.
    for (doc, what) in [
        (&base, "the copy last synced"),
        (&local, "the file here"),
        (&server, "the server's file"),
    ] {
        if let Some((at, key)) = doc.repeated() {
            let err = ParseError::at(
                doc.text,
                at,
                format!("the key `{}` is written twice", keys.display(key)),
            );
            return Err(CannotMerge(format!("{what} cannot be merged ({err})")));
        }
    }
    Ok(merge::merge(&keys, &base, &local, &server))
}

/// Reads `text` as `format` (not [`Format::Xcstrings`], which has its own module in
/// `sync`), interning its keys in `keys`.
fn parse<'t>(format: Format, text: &'t str, keys: &mut Keys) -> Result<doc::Doc<'t>, ParseError> {
    match format {
        Format::JsonFlat => json::parse(text, keys, false),
        Format::JsonNested | Format::Arb => json::parse(text, keys, true),
        Format::Yaml => yaml::parse(text, keys),
        Format::Po => po::parse(text, keys),
        Format::IosStrings => strings::parse(text, keys),
        Format::AndroidXml => xml::android(text, keys),
        Format::Xliff | Format::Xliff2 => xml::xliff(text, keys),
        Format::IosStringsdict => xml::stringsdict(text, keys),
        Format::Xcstrings => json::parse(text, keys, true),
    }
}

/// Checks that `text` is a file of `format`, as push does before sending it.
pub fn check(format: Format, text: &str) -> Result<(), ParseError> {
    parse(format, text, &mut Keys::default()).map(drop)
}

/// Checks a file of `format` as it streams from `reader`, for the formats whose exports
/// grow large (JSON): `None` for the others, which [`check`] reads whole. The error says
/// what is wrong but not where; [`check`] on the same text says where.
pub fn check_stream(format: Format, reader: &mut dyn std::io::Read) -> Option<Result<(), String>> {
    match format {
        Format::JsonFlat | Format::JsonNested | Format::Arb => Some(json::check_stream(reader)),
        _ => None,
    }
}

/// Extensions of translation formats Entri does not take, with their names, so that
/// `init`, `push` and `status` can say so instead of sending them.
const UNSUPPORTED: [(&str, &str); 8] = [
    ("properties", "Java `.properties`"),
    ("ts", "Qt Linguist `.ts`"),
    ("resx", "`.resx`"),
    ("resw", "`.resw`"),
    ("xlsx", "Excel"),
    ("csv", "CSV"),
    ("ini", "`.ini`"),
    ("toml", "TOML"),
];

/// The name of an unsupported translation format `path` looks like it holds.
pub fn unsupported(path: &str) -> Option<&'static str> {
    let extension = path.rsplit_once('.')?.1.to_ascii_lowercase();
    UNSUPPORTED
        .iter()
        .find(|(ext, _)| *ext == extension)
        .map(|(_, name)| *name)
}

/// The formats Entri takes, for messages.
pub fn supported_list() -> String {
    Format::ALL
        .iter()
        .map(|format| format!("`{format}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod properties;
#[cfg(test)]
mod tests;
