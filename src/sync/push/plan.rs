//! Push's plan: every file the patterns match (the `-l` language only, with it), with
//! where it really is — only inside the project, a regular file, not too large — and
//! the check that one file feeds each language and namespace.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use crate::error::{Error, Kind};
use crate::fs::stamp::Stamp;
use crate::project;
use crate::project::config::Config;
use crate::project::gate::{Access, Gate, ProjectPath};
use crate::project::pattern::{File, Skipped};
use crate::sync;
use crate::sync::catalog::Catalog;
use crate::sync::outcome::FileError;
use crate::sync::state;
use crate::types::format::Format;
use crate::ui::{Ui, msg, outside};

/// What `nt3 push` was asked to do.
pub struct Options {
    /// Only this language (an Entri code).
    pub language: Option<String>,
    pub dry_run: bool,
    /// Send every file, also those unchanged since the last push.
    pub all: bool,
    /// Overwrite translations that already exist.
    pub overwrite: bool,
    pub jobs: usize,
}

/// Larger files are not uploaded.
pub const MAX_UPLOAD: u64 = 64 * 1024 * 1024;

/// A file to upload, found on disk but not read yet.
#[derive(Clone)]
pub struct Item {
    pub pattern: usize,
    /// What the sync state knows it under ([`state::key`]).
    pub key: String,
    pub file: File,
    pub format: Format,
    /// Where it really is, and its size; or why it cannot be uploaded.
    pub found: Result<(ProjectPath, u64), FileError>,
    /// What its metadata said when it was found (see [`Stamp`]).
    pub stamp: Option<Stamp>,
    /// Content taken from the file already (one language of a String Catalog).
    pub inline: Option<Arc<String>>,
}

/// Every file the patterns match (the `-l` language only, with it), with where it
/// really is: only inside the project, a regular file, not too large; and the paths
/// they matched that hold no language.
pub fn find(
    config: &Config,
    dir: &Path,
    gate: &Gate,
    args: &Options,
    ui: &mut Ui,
) -> (Vec<Item>, Vec<Skipped>) {
    let mut items = Vec::new();
    let mut skipped = Vec::new();
    let now = std::time::SystemTime::now();
    for (i, pattern) in config.file_patterns.iter().enumerate() {
        let found = pattern.discover(dir, &config.locales(pattern));
        skipped.extend(found.skipped);
        let files = found.files;
        if args.language.is_none() && !files.iter().any(|f| f.language == config.source_language) {
            ui.warning(msg!(
                "no `{}` file matches `{}`",
                outside(&config.source_language),
                outside(&pattern.path)
            ));
            if files.is_empty()
                && let Some(near) = project::nearby::nearby(dir, pattern)
            {
                ui.hint(msg!("{}", outside(&near)));
            }
        }
        for file in files {
            let catalog = pattern.format == Format::Xcstrings;
            if !catalog
                && args
                    .language
                    .as_ref()
                    .is_some_and(|language| &file.language != language)
            {
                continue;
            }
            let (found, stamp) = locate(gate, &file, now);
            if pattern.format == Format::Xcstrings {
                items.extend(catalog_items(i, file, found, args, ui));
                continue;
            }
            items.push(Item {
                pattern: i,
                key: state::key(&file, pattern.format),
                file,
                format: pattern.format,
                found,
                stamp,
                inline: None,
            });
        }
    }
    (items, skipped)
}

/// A String Catalog as one item per language it holds (the `-l` language only, with
/// it), each with that language's strings as flat JSON.
fn catalog_items(
    pattern: usize,
    file: File,
    found: Result<(ProjectPath, u64), FileError>,
    args: &Options,
    ui: &mut Ui,
) -> Vec<Item> {
    let item = |file: File, found, inline| Item {
        pattern,
        key: state::key(&file, Format::Xcstrings),
        file,
        format: Format::Xcstrings,
        found,
        stamp: None,
        inline,
    };
    let catalog = found.as_ref().map_err(Clone::clone).and_then(|(path, _)| {
        let bytes = path
            .read(MAX_UPLOAD)
            .map_err(|err| FileError::from(format!("{err}; not uploaded")))?;
        let text =
            sync::encoding::decode_text(bytes).map_err(|err| FileError::from(err.to_string()))?;
        Catalog::parse(&text).map_err(FileError::from)
    });
    let catalog = match catalog {
        Ok(catalog) => catalog,
        Err(why) => return vec![item(file, Err(why), None)],
    };
    let mut items = Vec::new();
    for language in catalog.languages() {
        if args.language.as_ref().is_some_and(|only| *only != language) {
            continue;
        }
        let (values, variations) = catalog.values(&language);
        if variations > 0 && catalog.source_language() == Some(language.as_str()) {
            ui.info(msg!(
                "{}: {} keys with plural or device variations are left to Xcode, not sent",
                outside(&file.path),
                variations
            ));
        }
        let text = serde_json::to_string_pretty(&values).expect("strings serialize");
        let file = File {
            language,
            ..file.clone()
        };
        items.push(item(file, found.clone(), Some(Arc::new(text))));
    }
    items
}

/// Two files that would feed one language and namespace are an error, naming both,
/// before anything is sent: one would silently overwrite the other's translations. The
/// hint offers only what the two patterns can say.
pub fn one_file_each(config: &Config, items: &[Item]) -> Result<(), Error> {
    let mut seen: BTreeMap<(&str, Option<&str>), &Item> = BTreeMap::new();
    for item in items {
        let (language, namespace) = (&item.file.language, item.file.namespace.as_deref());
        let Some(first) = seen.insert((language, namespace), item) else {
            continue;
        };
        let placeholders = [first.pattern, item.pattern]
            .iter()
            .any(|&i| config.file_patterns[i].has_namespace_placeholder());
        let hint = if first.pattern == item.pattern {
            "keep one of the two files, or narrow the pattern so one file feeds each language and namespace"
        } else if placeholders {
            "narrow one of the patterns so one file feeds each language and namespace, or name the source file with `source:`"
        } else {
            "give each pattern its own `namespace`, name the source file with `source:`, or narrow a pattern so one file feeds each language"
        };
        let first = &first.file.path;
        let namespace = match namespace {
            Some(name) => format!("namespace `{name}`"),
            None => "the default namespace".to_owned(),
        };
        return Err(Error::new(
            Kind::Usage,
            format!(
                "`{first}` and `{}` both hold `{language}` for {namespace}; nothing was sent",
                item.file.path
            ),
        )
        .with_hint(hint));
    }
    Ok(())
}

/// Where a file really is and its size, or why it is not uploaded. Only files the gate
/// lets through count: a symbolic link to `~/.nt3`, an SSH key or `/proc/self/environ`,
/// a nested `.git/config` or a `.env` is never uploaded.
fn locate(
    gate: &Gate,
    file: &File,
    now: std::time::SystemTime,
) -> (Result<(ProjectPath, u64), FileError>, Option<Stamp>) {
    let mut stamp = None;
    let found = gate
        .path(&file.template, &file.path, Access::Read)
        .map_err(|err| FileError::from(format!("{err}; not uploaded")))
        .and_then(|path| {
            let (_, meta) = path.open().map_err(|err| format!("{err}; not uploaded"))?;
            if meta.len() > MAX_UPLOAD {
                return Err(too_large().into());
            }
            stamp = Stamp::of(&meta, now);
            Ok((path, meta.len()))
        });
    (found, stamp)
}

pub fn too_large() -> String {
    format!(
        "larger than {}; split it or upload it another way",
        crate::fs::read::size(MAX_UPLOAD)
    )
}
