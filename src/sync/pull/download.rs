//! One file's download, in three stages, so the runtime's thread never waits on the
//! disk:
//!
//! 1. on the blocking pool, the gate resolves where the file goes, the file there is
//!    hashed, and a file changed here since the last sync gets the copy to merge with;
//! 2. on the runtime, the export is asked for only if it changed (a conditional
//!    request), and streamed in, hashed, into memory and past [`SPILL`] bytes into a
//!    temporary file beside its target (written on the blocking pool);
//! 3. on the blocking pool, it is checked with its format's reader, stored in the local
//!    layout, kept as the copy the next pull merges against, merged with local edits,
//!    and renamed over the file only when it differs.

use std::io::{self, Seek, Write};
use std::path::Path;
use std::sync::Arc;

use reqwest::header::{HeaderMap, HeaderValue, IF_MODIFIED_SINCE, IF_NONE_MATCH};

use super::job::{Done, Job};
use super::plan::Wanted;
use super::sink::{Existing, Sink, examine, not_valid};
use crate::api::{self, translations::Export, translations::ExportContent};
use crate::content;
use crate::fs::atomic::Atomic;
use crate::fs::digest::{self, Hasher};
use crate::fs::read::ReadError;
use crate::http::Core;
use crate::project::gate::{Access, ProjectPath};
use crate::sync::blocking::off_runtime_with;
use crate::sync::encoding::{Layout, decode_text};
use crate::sync::outcome::{Change, Failure};
use crate::sync::state::Synced;
use crate::types::format::Format;

/// How much of an export is held in memory before it goes to its temporary file: most
/// exports fit, and reach the disk in one write.
const SPILL: usize = 256 * 1024;

fn write_failed(err: io::Error) -> Failure {
    Failure::from(format!("cannot write it: {err}"))
}

/// Downloads one file; in a dry run, only says what would change. A file changed here
/// since it was last synced is merged with the server's, or left as it is when its
/// format cannot merge (unless `--force`).
pub async fn download(core: &Core, job: &Arc<Job>, wanted: &Arc<Wanted>) -> Result<Done, Failure> {
    let here = {
        let (job, wanted) = (Arc::clone(job), Arc::clone(wanted));
        off_runtime_with(move || Here::find(&job, &wanted))
            .await
            .map_err(write_failed)??
    };
    let export = api::translations::export(
        core,
        &job.project_id,
        &wanted.file.language,
        wanted.format,
        wanted.file.namespace.as_deref(),
        &here.conditions(),
    )
    .await?;
    let (answer, url, version) = match export {
        Export::Body {
            stream,
            url,
            json,
            etag,
            last_modified,
        } => (
            stream,
            url,
            Version {
                json,
                etag,
                last_modified,
            },
        ),
        Export::Missing if here.existing.is_some() => {
            return Err(
                "the server has no export for it (404 Not Found); left as it is"
                    .to_owned()
                    .into(),
            );
        }
        Export::Missing => return Ok(Done::nothing(Change::NotOnServer, 0, None)),
        Export::NotModified => {
            let size = here.existing.as_ref().map_or(0, |existing| existing.size);
            return Ok(Done::nothing(Change::Unchanged, size, here.memo));
        }
    };
    let spool = receive(core, job.dry_run, &here.path, answer, &url).await?;
    let (job, wanted) = (Arc::clone(job), Arc::clone(wanted));
    off_runtime_with(move || finish(&job, &wanted, here, spool, version))
        .await
        .map_err(write_failed)?
}

/// What pull knows before it asks: where the file goes, the file there now, its record
/// of the last sync, and the copy to merge it with when it was changed here since.
struct Here {
    path: ProjectPath,
    existing: Option<Existing>,
    memo: Option<Synced>,
    edited: Option<Vec<u8>>,
}

impl Here {
    /// Blocking: resolves the path and reads the file there and the copy.
    fn find(job: &Job, wanted: &Wanted) -> Result<Self, Failure> {
        let memo = job.memos.get(&wanted.key()).cloned();
        // Never written outside the project, through a link that leads out, or into
        // `.git`.
        let path = job
            .gate
            .path(&wanted.file.template, &wanted.file.path, Access::Write)
            .map_err(|err| format!("{err}; not written"))?;
        let existing = match path.open() {
            Ok((file, _)) => Some(examine(file).map_err(write_failed)?),
            Err(ReadError::NotFound) => None,
            Err(err) => return Err(format!("{err}; not replaced").into()),
        };
        let edited = edited_base(job, wanted.format, existing.as_ref(), memo.as_ref())?;
        Ok(Self {
            path,
            existing,
            memo,
            edited,
        })
    }

    /// `If-None-Match` and `If-Modified-Since` from the last sync, while the file here
    /// is still the one last synced: the server sends the export only if it changed.
    fn conditions(&self) -> HeaderMap {
        let mut conditions = HeaderMap::new();
        if let (Some(memo), Some(existing)) = (&self.memo, &self.existing)
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
}

/// How the server described its export.
struct Version {
    /// The content type said JSON.
    json: bool,
    etag: Option<String>,
    last_modified: Option<String>,
}

/// Blocking: checks the export, stores it as the file here is (or as its siblings
/// are), keeps the copy the next pull merges against, merges local edits into it, and
/// renames it over the file if it differs.
fn finish(
    job: &Job,
    wanted: &Wanted,
    here: Here,
    spool: Spool,
    version: Version,
) -> Result<Done, Failure> {
    let format = wanted.format;
    let mut received = Received {
        sha: spool.sha.clone(),
        size: spool.size,
        sink: spool
            .into_sink(job.dry_run, &here.path)
            .map_err(write_failed)?,
        json: version.json,
    };
    let layout = here.existing.as_ref().map_or(wanted.sibling, |e| e.layout);
    let server = settle(
        format,
        &mut received,
        &here.path,
        layout,
        here.edited.is_some(),
    )?;
    keep_copy(job, format, &mut received, server.as_deref()).map_err(write_failed)?;
    let memo = Some(Synced {
        sha256: received.sha.clone(),
        pulled: true,
        etag: version.etag,
        last_modified: version.last_modified,
    });
    let mut conflicts = Vec::new();
    if let (Some(base), Some(existing), Some(server)) = (&here.edited, &here.existing, server) {
        conflicts = merge_here(format, &here.path, &mut received, base, existing, server)?;
    }
    let change = match &here.existing {
        None => Change::Created,
        Some(existing) if existing.sha == received.sha => Change::Unchanged,
        Some(_) if here.edited.is_some() => Change::Merged,
        Some(_) => Change::Updated,
    };
    let mut done = Done::nothing(change, received.size, memo);
    done.conflicts = conflicts;
    if change != Change::Unchanged
        && let Sink::File(tmp) = received.sink
    {
        // Durable before the rename; its directory is made durable once per run.
        tmp.commit_unsynced().map_err(write_failed)?;
        done.renamed_in = here.path.dir().map(Path::to_path_buf);
    }
    Ok(done)
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

/// An export as it arrived: its SHA-256 and size, in memory up to [`SPILL`] bytes and
/// past that in a temporary file beside its target.
struct Spool {
    sha: String,
    size: u64,
    /// What is not in `file` yet.
    tail: Vec<u8>,
    file: Option<Atomic>,
}

impl Spool {
    /// Blocking: where the export is now, whole: its temporary file (made if it all
    /// fitted in memory), or memory for a dry run.
    fn into_sink(self, dry_run: bool, path: &ProjectPath) -> io::Result<Sink> {
        if dry_run {
            return Ok(Sink::Memory(self.tail));
        }
        spill(self.file, path, &self.tail).map(Sink::File)
    }
}

/// Blocking: appends `bytes` to the temporary file, made beside `path` if there is none.
fn spill(file: Option<Atomic>, path: &ProjectPath, bytes: &[u8]) -> io::Result<Atomic> {
    let mut file = match file {
        Some(file) => file,
        None => path.replace()?,
    };
    file.file().write_all(bytes)?;
    Ok(file)
}

/// Streams the answer in, hashed as it comes, within the export limit. Past [`SPILL`]
/// bytes it goes to a temporary file beside the target on the blocking pool, so memory
/// stays flat; a dry run keeps it in memory. An interrupted download leaves nothing.
async fn receive(
    core: &Core,
    dry_run: bool,
    path: &ProjectPath,
    mut answer: Box<reqwest::Response>,
    url: &reqwest::Url,
) -> Result<Spool, Failure> {
    let (mut size, mut hasher) = (0u64, Hasher::default());
    let (mut tail, mut file) = (Vec::new(), None);
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
        tail.extend_from_slice(&chunk);
        if !dry_run && tail.len() >= SPILL {
            let (path, bytes, held) = (path.clone(), std::mem::take(&mut tail), file.take());
            let spilled = off_runtime_with(move || spill(held, &path, &bytes)).await;
            file = Some(spilled.and_then(|spilled| spilled).map_err(write_failed)?);
        }
    }
    Ok(Spool {
        sha: hasher.hex(),
        size,
        tail,
        file,
    })
}

/// An export received: where it is, its digest and size as stored, and whether the
/// server called it JSON.
struct Received {
    sink: Sink,
    sha: String,
    size: u64,
    json: bool,
}

/// Checks the export and stores it as the file here is. It is read whole only to be
/// changed — unwrapped from an envelope, or merged — and then returned; otherwise it
/// stays in its temporary file, checked as it streams from there (or read whole for
/// the formats that cannot be), and streams into the local layout.
fn settle(
    format: Format,
    received: &mut Received,
    path: &ProjectPath,
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
    if unwrapped.is_none() && !to_merge {
        if content::can_merge(format) {
            received.sink.check(format).map_err(write_failed)??;
        }
        if !layout.is_plain() {
            store_in(layout, received, path)?;
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

/// Stores the export in `layout` (its encoding, byte-order mark and line endings) as it
/// streams from its temporary file into another beside it, hashed as it goes: memory
/// stays flat. A dry run's export, in memory already, is stored there.
fn store_in(layout: Layout, received: &mut Received, path: &ProjectPath) -> Result<(), Failure> {
    let not_text = |err: io::Error| match err.kind() {
        io::ErrorKind::InvalidData => Failure::from("the export is not UTF-8 text".to_owned()),
        _ => write_failed(err),
    };
    let mut stored = match &mut received.sink {
        Sink::File(_) => path.replace().map_err(write_failed)?,
        Sink::Memory(buffer) => {
            let mut out = Vec::new();
            layout.copy(&mut &buffer[..], &mut out).map_err(not_text)?;
            received.sha = digest::sha256_hex(&out);
            received.size = out.len() as u64;
            *buffer = out;
            return Ok(());
        }
    };
    if let Sink::File(tmp) = &mut received.sink {
        let from = tmp.file();
        from.rewind().map_err(write_failed)?;
        let mut to = Hashing {
            file: stored.file(),
            hasher: Hasher::default(),
            size: 0,
        };
        layout.copy(from, &mut to).map_err(not_text)?;
        received.size = to.size;
        received.sha = to.hasher.hex();
    }
    received.sink = Sink::File(stored);
    Ok(())
}

/// A file written through, hashed and counted as it goes.
struct Hashing<'a> {
    file: &'a mut std::fs::File,
    hasher: Hasher,
    size: u64,
}

impl Write for Hashing<'_> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let n = self.file.write(bytes)?;
        self.hasher.update(&bytes[..n]);
        self.size += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

/// Keeps the server's version as the copy the next pull merges against: from memory
/// when the export was read whole, else from its file.
fn keep_copy(
    job: &Job,
    format: Format,
    received: &mut Received,
    server: Option<&[u8]>,
) -> io::Result<()> {
    if job.dry_run || !content::can_merge(format) {
        return Ok(());
    }
    match (server, &mut received.sink) {
        (Some(bytes), _) => job.copies.keep(&received.sha, bytes),
        (None, Sink::File(tmp)) => job.copies.keep_file(&received.sha, tmp.file().try_clone()?),
        (None, Sink::Memory(_)) => {}
    }
    Ok(())
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
