//! A String Catalog's pull: every language the project has merges into the one file
//! ([`crate::sync::catalog`]), which is written once. Each language merges against the
//! server's strings for it as last synced (by pull, or as push sent them), kept as flat
//! JSON under that language's own record, so a local edit survives every pull and a
//! server edit comes in on the first one.

use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use reqwest::header::HeaderMap;

use super::job::{Done, Job};
use super::plan::Wanted;
use crate::api::{self, translations::Export};
use crate::fs::digest;
use crate::http::Core;
use crate::project::gate::{Access, ProjectPath};
use crate::project::pattern::File;
use crate::sync::blocking::{off_runtime, off_runtime_with};
use crate::sync::catalog::Catalog;
use crate::sync::encoding::{Layout, decode_text};
use crate::sync::outcome::{Change, Failure};
use crate::sync::state::{self, Synced};
use crate::types::format::Format;

/// Merges every language of `wanted.catalog` into the catalog and writes it once; the
/// disk is read and written on the blocking pool.
pub async fn fill_catalog(
    core: &Core,
    job: &Arc<Job>,
    wanted: &Arc<Wanted>,
) -> Result<Done, Failure> {
    let file = &wanted.file;
    let failed = |err: std::io::Error| format!("cannot write it: {err}");
    let (job_, wanted_) = (Arc::clone(job), Arc::clone(wanted));
    let (path, layout, before, mut catalog) = off_runtime_with(move || open(&job_, &wanted_))
        .await
        .map_err(failed)??;
    let mut conflicts = Vec::new();
    let mut remembered = Vec::new();
    for language in &wanted.catalog {
        if let Some((record, found)) =
            merge_language(core, job, file, &mut catalog, language).await?
        {
            remembered.push(record);
            conflicts.extend(found.into_iter().map(|key| format!("{language}: {key}")));
        }
    }
    let stored = layout.apply(&catalog.write());
    let sha = digest::sha256_hex(&stored);
    let mut done = Done::nothing(Change::Updated, stored.len() as u64, None);
    done.remembered = remembered;
    done.conflicts = conflicts;
    if sha == before {
        done.change = Change::Unchanged;
        return Ok(done);
    }
    if job.dry_run {
        return Ok(done);
    }
    done.renamed_in = path.dir().map(Path::to_path_buf);
    off_runtime_with(move || {
        let mut tmp = path.replace()?;
        tmp.file().write_all(&stored)?;
        tmp.commit_unsynced()
    })
    .await
    .and_then(|written| written)
    .map_err(failed)?;
    Ok(done)
}

/// Blocking: where the catalog is, its layout and digest, and the catalog read.
fn open(job: &Job, wanted: &Wanted) -> Result<(ProjectPath, Layout, String, Catalog), Failure> {
    let file = &wanted.file;
    let path = job
        .gate
        .path(&file.template, &file.path, Access::Write)
        .map_err(|err| format!("{err}; not written"))?;
    let bytes = path
        .read(api::translations::MAX_EXPORT)
        .map_err(|err| format!("{err}; not replaced"))?;
    let layout = Layout::of(&bytes);
    let before = digest::sha256_hex(&bytes);
    let text = decode_text(bytes).map_err(|err| err.to_string())?;
    Ok((path, layout, before, Catalog::parse(&text)?))
}

/// Merges one language's strings from the server into the catalog; returns the record
/// to remember it under and the keys both sides changed, or `None` when the server has
/// nothing for it.
async fn merge_language(
    core: &Core,
    job: &Job,
    file: &File,
    catalog: &mut Catalog,
    language: &str,
) -> Result<Option<((String, Synced), Vec<String>)>, Failure> {
    let key = state::key(
        &File {
            language: language.to_owned(),
            ..file.clone()
        },
        Format::Xcstrings,
    );
    let kept = match job.memos.get(&key) {
        Some(memo) => {
            let (copies, sha256) = (job.copies.clone(), memo.sha256.clone());
            off_runtime_with(move || copies.get(&sha256))
                .await
                .map_err(|err| Failure::from(format!("cannot read a copy: {err}")))?
        }
        None => None,
    };
    let base = kept.and_then(|bytes| api::translations::flat_strings(&bytes).ok());
    let Some(body) = export_body(core, job, language, file).await? else {
        return Ok(None);
    };
    let server = api::translations::flat_strings(&body)
        .map_err(|err| format!("the `{language}` export is not flat JSON strings: {err}"))?;
    let merged = catalog.merge(language, &server, base.as_ref());
    // What the server has now, written as push sends a language.
    let synced = serde_json::to_string_pretty(&server).expect("strings serialize");
    let sha256 = digest::sha256_hex(synced.as_bytes());
    if !job.dry_run {
        let (copies, sha256) = (job.copies.clone(), sha256.clone());
        off_runtime(Box::new(move || copies.keep(&sha256, synced.as_bytes())))
            .await
            .map_err(|err| Failure::from(format!("cannot keep a copy: {err}")))?;
    }
    let record = Synced {
        sha256,
        pulled: true,
        etag: None,
        last_modified: None,
    };
    Ok(Some(((key, record), merged.conflicts)))
}

/// One language's strings for a String Catalog, as flat JSON, read whole (within the
/// export limit); `None` when the server has no export for it.
async fn export_body(
    core: &Core,
    job: &Job,
    language: &str,
    file: &File,
) -> Result<Option<Vec<u8>>, Failure> {
    let export = api::translations::export(
        core,
        &job.project_id,
        language,
        Format::JsonFlat,
        file.namespace.as_deref(),
        &HeaderMap::new(),
    )
    .await?;
    let Export::Body {
        stream: mut answer,
        url,
        ..
    } = export
    else {
        return Ok(None);
    };
    let mut body = Vec::new();
    while let Some(chunk) = answer
        .chunk()
        .await
        .map_err(|err| Failure::from(core.body_error(&url, err)))?
    {
        if (body.len() + chunk.len()) as u64 > api::translations::MAX_EXPORT {
            return Err("an export is too large; nt3 stopped reading it"
                .to_owned()
                .into());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Some(body))
}
