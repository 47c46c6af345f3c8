//! One file's download: ask for the export only if it changed (conditional request),
//! stream it into a temporary file while hashing it, check it with its format's reader,
//! store it in the local layout, merge local edits into it, and rename it over the file
//! only when it differs.

use std::io;
use std::path::Path;

use reqwest::header::{HeaderMap, HeaderValue, IF_MODIFIED_SINCE, IF_NONE_MATCH};

use super::job::{Done, Job};
use super::plan::Wanted;
use super::sink::{Existing, Sink, examine, not_valid};
use crate::api::{self, translations::Export, translations::ExportContent};
use crate::content;
use crate::fs::digest::{self, Hasher};
use crate::fs::read::ReadError;
use crate::http::Core;
use crate::project::gate::{Access, ProjectPath};
use crate::sync::blocking::{Blocking, commit, off_runtime};
use crate::sync::encoding::{Layout, decode_text};
use crate::sync::outcome::{Change, Failure};
use crate::sync::state::Synced;
use crate::types::format::Format;

fn write_failed(err: io::Error) -> Failure {
    Failure::from(format!("cannot write it: {err}"))
}

/// Downloads one file; in a dry run, only says what would change. A file changed here
/// since it was last synced is merged with the server's, or left as it is when its
/// format cannot merge (unless `--force`).
pub async fn download(core: &Core, job: &Job, wanted: &Wanted) -> Result<Done, Failure> {
    let (file, format) = (&wanted.file, wanted.format);
    let memo = job.memos.get(&wanted.key()).cloned();
    // Never written outside the project, through a link that leads out, or into `.git`.
    let path = job
        .gate
        .path(&file.template, &file.path, Access::Write)
        .map_err(|err| format!("{err}; not written"))?;
    let existing = existing(&path).await?;
    let edited = edited_base(job, format, existing.as_ref(), memo.as_ref())?;
    let conditions = conditions(memo.as_ref(), existing.as_ref());
    let export = api::translations::export(
        core,
        &job.project_id,
        &file.language,
        format,
        file.namespace.as_deref(),
        &conditions,
    )
    .await?;
    let size_here = existing.as_ref().map_or(0, |existing| existing.size);
    let (answer, url, json, etag, last_modified) = match export {
        Export::Body {
            stream,
            url,
            json,
            etag,
            last_modified,
        } => (stream, url, json, etag, last_modified),
        Export::Missing if existing.is_some() => {
            return Err(
                "the server has no export for it (404 Not Found); left as it is"
                    .to_owned()
                    .into(),
            );
        }
        Export::Missing => return Ok(Done::nothing(Change::NotOnServer, 0, None)),
        Export::NotModified => return Ok(Done::nothing(Change::Unchanged, size_here, memo)),
    };
    let (sink, sha, size) = receive(core, job, &path, answer, &url).await?;
    let mut received = Received {
        sink,
        sha,
        size,
        json,
        etag,
        last_modified,
    };
    // The server's file, stored as the file here is (or as its siblings are).
    let layout = existing.as_ref().map_or(wanted.sibling, |e| e.layout);
    let server = settle(format, &mut received, layout, edited.is_some()).await?;
    keep_copy(job, format, &mut received, server.as_deref()).await?;
    let memo = Some(Synced {
        sha256: received.sha.clone(),
        pulled: true,
        etag: received.etag.take(),
        last_modified: received.last_modified.take(),
    });
    let mut conflicts = Vec::new();
    if let (Some(base), Some(existing), Some(server)) = (&edited, &existing, server) {
        conflicts = merge_here(format, &path, &mut received, base, existing, server)?;
    }
    let change = match &existing {
        None => Change::Created,
        Some(existing) if existing.sha == received.sha => Change::Unchanged,
        Some(_) if edited.is_some() => Change::Merged,
        Some(_) => Change::Updated,
    };
    let mut done = Done::nothing(change, received.size, memo);
    done.conflicts = conflicts;
    if change != Change::Unchanged
        && let Sink::File(tmp) = received.sink
    {
        // The fsync and the rename run on the blocking pool, not the runtime thread.
        commit(tmp).await.map_err(write_failed)?;
        done.renamed_in = path.dir().map(Path::to_path_buf);
    }
    Ok(done)
}

/// The file already there, if any.
async fn existing(path: &ProjectPath) -> Result<Option<Existing>, Failure> {
    match path.open() {
        Ok((file, _)) => Ok(Some(examine(file).await.map_err(write_failed)?)),
        Err(ReadError::NotFound) => Ok(None),
        Err(err) => Err(format!("{err}; not replaced").into()),
    }
}

/// For a file changed here since the last sync, the copy to merge against; an error
/// when there is none (or the format cannot merge), so the file is left as it is.
fn edited_base(
    job: &Job,
    format: Format,
    existing: Option<&Existing>,
    memo: Option<&Synced>,
) -> Result<Option<Vec<u8>>, Failure> {
    let (Some(existing), Some(memo)) = (existing, memo) else {
        return Ok(None);
    };
    if existing.sha == memo.sha256 || job.force {
        return Ok(None);
    }
    let base = content::can_merge(format)
        .then(|| job.copies.get(&memo.sha256))
        .flatten();
    let why = if content::can_merge(format) {
        "the copy to merge against is gone"
    } else {
        "files of this format cannot be merged"
    };
    base.map(Some).ok_or_else(|| {
        Failure::from(format!(
            "changed here since the last sync, and {why}; not replaced (push it first, or `nt3 pull --force` to replace it)"
        ))
    })
}

/// `If-None-Match` and `If-Modified-Since` from the last sync, while the file here is
/// still the one last synced: the server sends the export only if it changed.
fn conditions(memo: Option<&Synced>, existing: Option<&Existing>) -> HeaderMap {
    let mut conditions = HeaderMap::new();
    if let (Some(memo), Some(existing)) = (memo, existing)
        && memo.sha256 == existing.sha
    {
        let value = |text: &str| HeaderValue::from_str(text).ok();
        if let Some(etag) = memo.etag.as_deref().and_then(value) {
            conditions.insert(IF_NONE_MATCH, etag);
        }
        if let Some(date) = memo.last_modified.as_deref().and_then(value) {
            conditions.insert(IF_MODIFIED_SINCE, date);
        }
    }
    conditions
}

/// An export received: where it is, its digest and size as stored, and how the server
/// named its version.
struct Received {
    sink: Sink,
    sha: String,
    size: u64,
    /// The content type said JSON.
    json: bool,
    etag: Option<String>,
    last_modified: Option<String>,
}

/// Streams the answer into a temporary file beside the target (memory for a dry run),
/// hashed as it comes, so memory stays flat and an interrupted download leaves nothing.
/// Returns where it is, its SHA-256 and its size.
async fn receive(
    core: &Core,
    job: &Job,
    path: &ProjectPath,
    mut answer: Box<reqwest::Response>,
    url: &reqwest::Url,
) -> Result<(Sink, String, u64), Failure> {
    let mut sink = if job.dry_run {
        Sink::Memory(Vec::new())
    } else {
        Sink::File(path.replace().map_err(write_failed)?)
    };
    let mut size = 0u64;
    let mut hasher = Hasher::default();
    while let Some(chunk) = answer
        .chunk()
        .await
        .map_err(|err| Failure::from(core.body_error(url, err)))?
    {
        size += chunk.len() as u64;
        if size > api::translations::MAX_EXPORT {
            return Err(format!(
                "the export is larger than {}; nt3 stopped reading it",
                crate::fs::read::size(api::translations::MAX_EXPORT)
            )
            .into());
        }
        hasher.update(&chunk);
        sink.write(&chunk).map_err(write_failed)?;
    }
    Ok((sink, hasher.hex(), size))
}

/// Checks the export and stores it as the file here is. It is read whole only to be
/// changed — unwrapped from an envelope, stored in the local layout, or merged — and
/// then returned; otherwise it stays in its temporary file, checked as it streams from
/// there (or read whole for the formats that cannot be).
async fn settle(
    format: Format,
    received: &mut Received,
    layout: Layout,
    to_merge: bool,
) -> Result<Option<Vec<u8>>, Failure> {
    let checked = match &mut received.sink {
        Sink::File(tmp) => api::translations::export_content(format, received.json, tmp.file()),
        Sink::Memory(buffer) => {
            api::translations::export_content(format, received.json, io::Cursor::new(&buffer[..]))
        }
    };
    let unwrapped = match checked? {
        ExportContent::Unwrapped(content) => Some(content),
        ExportContent::File => None,
    };
    if unwrapped.is_none() && layout.is_plain() && !to_merge {
        if content::can_merge(format) {
            received.sink.check(format).await.map_err(write_failed)??;
        }
        return Ok(None);
    }
    let text = match unwrapped {
        Some(content) => content,
        None => String::from_utf8(received.sink.contents().map_err(write_failed)?)
            .map_err(|_| "the export is not UTF-8 text".to_owned())?,
    };
    if content::can_merge(format) {
        content::check(format, &text).map_err(|err| not_valid(format, &err))?;
    }
    let stored = layout.apply(&text);
    received.sha = digest::sha256_hex(&stored);
    received.size = stored.len() as u64;
    received.sink.replace(&stored).map_err(write_failed)?;
    Ok(Some(stored))
}

/// Keeps the server's version as the copy the next pull merges against, written off
/// the runtime: from memory when the export was read whole, else from its file.
async fn keep_copy(
    job: &Job,
    format: Format,
    received: &mut Received,
    server: Option<&[u8]>,
) -> Result<(), Failure> {
    if job.dry_run || !content::can_merge(format) {
        return Ok(());
    }
    let (copies, sha) = (job.copies.clone(), received.sha.clone());
    let keep: Blocking = match (server, &mut received.sink) {
        (Some(bytes), _) => {
            let bytes = bytes.to_vec();
            Box::new(move || copies.keep(&sha, &bytes))
        }
        (None, Sink::File(tmp)) => {
            let file = tmp.file().try_clone().map_err(write_failed)?;
            Box::new(move || copies.keep_file(&sha, file))
        }
        (None, Sink::Memory(_)) => return Ok(()),
    };
    off_runtime(keep).await.map_err(write_failed)
}

/// Merges the file here (changed since `base`, the copy last synced) with the server's
/// version, into the temporary file; returns the keys both sides changed. The file is
/// then in step with the server's version and holds local edits still to push.
fn merge_here(
    format: Format,
    path: &ProjectPath,
    received: &mut Received,
    base: &[u8],
    existing: &Existing,
    server: Vec<u8>,
) -> Result<Vec<String>, Failure> {
    let text = |bytes: Vec<u8>| {
        decode_text(bytes).map_err(|err| Failure::from(format!("cannot merge: {err}")))
    };
    let local = path
        .read(api::translations::MAX_EXPORT)
        .map_err(|err| err.to_string())?;
    let merged = content::merge(format, &text(base.to_vec())?, &text(local)?, &text(server)?)
        .map_err(|why| {
            format!(
                "changed here since the last sync, and {}; not replaced (`--force` replaces it)",
                why.0
            )
        })?;
    let stored = existing.layout.apply(&merged.text);
    received.sha = digest::sha256_hex(&stored);
    received.size = stored.len() as u64;
    received.sink.replace(&stored).map_err(write_failed)?;
    Ok(merged.conflicts)
}
