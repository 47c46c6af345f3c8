//! Pull's plan: which languages to ask for, and for each pattern, language and
//! namespace, which file the export goes to — the one on disk, else the path it was last
//! synced at, else one named as the pattern's other files are.

use crate::api::projects::Project as Remote;
use crate::project::gate::Access;
use crate::project::pattern::{File, Pattern, Skipped};
use crate::project::{self, locale::Locales};
use crate::sync::Project;
use crate::sync::encoding::Layout;
use crate::sync::state::{self, Synced};
use crate::types::format::Format;
use crate::types::names::is_language;
use crate::ui::{Ui, msg, outside};

use std::collections::BTreeMap;

/// What `nt3 pull` was asked to do.
pub struct Options {
    /// Only this language (an Entri code).
    pub language: Option<String>,
    pub dry_run: bool,
    /// Replace files changed here since the last sync instead of merging them.
    pub force: bool,
    pub jobs: usize,
}

/// A file to download: which, in what format, and how a new one is stored.
pub struct Wanted {
    pub file: File,
    pub format: Format,
    /// How a new file is stored: as the pattern's others are.
    pub sibling: Layout,
    /// For a String Catalog, the languages to merge into it.
    pub catalog: Vec<String>,
}

impl Wanted {
    pub fn key(&self) -> String {
        state::key(&self.file, self.format)
    }
}

/// The languages to pull: `-l`, else the project's targets. A code the server lists
/// that is not a language is refused (it would become part of a path), and the source
/// language is never pulled. Returns the languages and the refusals, already shown.
pub fn languages(
    project: &Project,
    remote: &Remote,
    args: &Options,
    ui: &mut Ui,
) -> (Vec<String>, Vec<String>) {
    let config = &project.config;
    let languages: Vec<String> = match &args.language {
        Some(language) => vec![language.clone()],
        None => remote.targets().map(|code| code.raw().to_owned()).collect(),
    };
    let (mut languages, refused): (Vec<String>, Vec<String>) =
        languages.into_iter().partition(|code| is_language(code));
    let refused: Vec<String> = refused
        .iter()
        .map(|code| format!("the project lists `{code}`, which is not a language code; skipped"))
        .collect();
    for message in &refused {
        ui.error(msg!("{}", outside(message)));
    }
    // The source files are the project's own: pull never writes them.
    if languages.contains(&config.source_language) {
        languages.retain(|language| *language != config.source_language);
        ui.info(msg!(
            "Skipping {}: it is the source language, and pull never overwrites the source files",
            outside(&config.source_language)
        ));
    }
    (languages, refused)
}

/// Every file to download for `languages`, and the paths the patterns matched that
/// hold no language.
pub fn plan(
    project: &Project,
    languages: &[String],
    synced: &BTreeMap<String, Synced>,
    ui: &mut Ui,
) -> (Vec<Wanted>, Vec<Skipped>) {
    let mut wanted = Vec::new();
    let mut skipped = Vec::new();
    for pattern in &project.config.file_patterns {
        let mut locales = project.config.locales(pattern);
        let on_disk = pattern.discover(&project.dir, &locales);
        skipped.extend(on_disk.skipped);
        let on_disk = on_disk.files;
        let sibling = sibling_layout(project, &on_disk);
        // A language keeps the folder it has; a new one is spelled like the others.
        locales.learn(
            on_disk
                .iter()
                .filter_map(|f| Some((f.language.as_str(), f.code.as_deref()?))),
        );
        if pattern.format == Format::Xcstrings {
            // One task per catalog: every language merges into the one file.
            if on_disk.is_empty() {
                ui.warning(msg!(
                    "no String Catalog matches `{}`; Xcode creates it, then pull fills it in",
                    outside(&pattern.path)
                ));
            }
            wanted.extend(on_disk.into_iter().map(|file| Wanted {
                file,
                format: pattern.format,
                sibling,
                catalog: languages.to_vec(),
            }));
            continue;
        }
        let namespaces = namespaces(pattern, &on_disk, ui);
        for language in languages {
            for namespace in &namespaces {
                let file = target(pattern, &locales, &on_disk, synced, language, namespace);
                wanted.push(Wanted {
                    file,
                    format: pattern.format,
                    sibling,
                    catalog: Vec::new(),
                });
            }
        }
    }
    (wanted, skipped)
}

/// How a new file of the pattern is stored (UTF-16 `.strings` only if the others are):
/// like its source file, else the first one found.
fn sibling_layout(project: &Project, on_disk: &[File]) -> Layout {
    on_disk
        .iter()
        .find(|f| f.language == project.config.source_language)
        .or(on_disk.first())
        .and_then(|f| project.gate.path(&f.template, &f.path, Access::Read).ok())
        .and_then(|path| path.open().ok())
        .and_then(|(file, _)| super::sink::layout_of(file).ok())
        .unwrap_or_default()
}

/// The namespaces to pull for `pattern`: those found on disk for a `{namespace}`
/// pattern, else its one namespace (or none).
fn namespaces(pattern: &Pattern, on_disk: &[File], ui: &mut Ui) -> Vec<Option<String>> {
    if !pattern.has_namespace_placeholder() {
        return vec![pattern.namespace.clone()];
    }
    let found = project::pattern::namespaces(on_disk);
    if found.is_empty() {
        ui.warning(msg!(
            "no namespace found on disk for `{}`; nothing to pull for it",
            outside(&pattern.path)
        ));
    }
    found.into_iter().map(Some).collect()
}

/// Where `language` and `namespace` go: the file already on disk (`pt_BR.json` stays
/// `pt_BR.json`), then the path it was last synced at, and only for a language never
/// seen here a path spelled as the pattern's others are.
fn target(
    pattern: &Pattern,
    locales: &Locales,
    on_disk: &[File],
    synced: &BTreeMap<String, Synced>,
    language: &str,
    namespace: &Option<String>,
) -> File {
    if let Some(file) = on_disk
        .iter()
        .find(|f| f.language == language && &f.namespace == namespace)
    {
        return file.clone();
    }
    let remembered = state::remembered_path(
        synced,
        &pattern.path,
        pattern.format,
        namespace.as_deref(),
        language,
    );
    match remembered {
        Some(path) => File {
            path,
            language: language.to_owned(),
            namespace: namespace.clone(),
            code: None,
            template: pattern.path.clone(),
        },
        None => pattern.file(locales, language, namespace.as_deref()),
    }
}
