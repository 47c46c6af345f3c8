//! Where an export streams to — a temporary file beside its target, or memory for a dry
//! run — and what pull knows of the file already there.

use std::io::{self, Read, Seek, Write};

use crate::content;
use crate::fs::atomic::Atomic;
use crate::fs::digest::Hasher;
use crate::sync::encoding::{Layout, decode_text};
use crate::sync::outcome::Failure;
use crate::types::format::Format;

/// A file already on disk: its digest, size and layout.
pub struct Existing {
    pub sha: String,
    pub size: u64,
    pub layout: Layout,
}

/// How much of a file tells its layout.
const PROBE: usize = 64 * 1024;

/// The SHA-256, size and layout of an open file. The layout needs the first bytes and
/// the line endings, so a small window is kept. Blocking.
pub fn examine(mut file: std::fs::File) -> io::Result<Existing> {
    let mut hasher = Hasher::default();
    let mut buf = vec![0; 64 * 1024];
    let mut size = 0u64;
    let mut probe: Vec<u8> = Vec::new();
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            return Ok(Existing {
                sha: hasher.hex(),
                size,
                layout: Layout::of(&probe),
            });
        }
        if probe.len() < PROBE {
            probe.extend_from_slice(&buf[..n.min(PROBE - probe.len())]);
        }
        size += n as u64;
        hasher.update(&buf[..n]);
    }
}

/// The layout of a file from its first [`PROBE`] bytes, without reading it whole.
pub fn layout_of(file: std::fs::File) -> io::Result<Layout> {
    let mut head = Vec::new();
    file.take(PROBE as u64).read_to_end(&mut head)?;
    Ok(Layout::of(&head))
}

/// Why an export is not written: its format's reader refuses it.
pub fn not_valid(format: Format, err: &dyn std::fmt::Display) -> Failure {
    Failure::from(format!(
        "the server's file is not a valid `{format}` file ({err}); not written"
    ))
}

/// Where a download goes: a temporary file to rename, or memory for a dry run.
pub enum Sink {
    File(Atomic),
    Memory(Vec<u8>),
}

impl Sink {
    /// What was written so far.
    pub fn contents(&mut self) -> io::Result<Vec<u8>> {
        match self {
            Self::File(tmp) => {
                let file = tmp.file();
                file.rewind()?;
                let mut bytes = Vec::new();
                file.read_to_end(&mut bytes)?;
                Ok(bytes)
            }
            Self::Memory(buffer) => Ok(buffer.clone()),
        }
    }

    /// Checks what was written with `format`'s reader, as it streams from the
    /// temporary file where it can; the exact error (with its line) comes from reading
    /// it whole. Blocking.
    pub fn check(&mut self, format: Format) -> io::Result<Result<(), Failure>> {
        let streamed = match self {
            Self::File(tmp) => {
                let file = tmp.file();
                file.rewind()?;
                content::check_stream(format, file)
            }
            Self::Memory(buffer) => content::check_stream(format, &mut &buffer[..]),
        };
        if let Some(Ok(())) = streamed {
            return Ok(Ok(()));
        }
        let text = match decode_text(self.contents()?) {
            Ok(text) => text,
            Err(err) => return Ok(Err(not_valid(format, &err))),
        };
        Ok(content::check(format, &text).map_err(|err| not_valid(format, &err)))
    }

    pub fn replace(&mut self, bytes: &[u8]) -> io::Result<()> {
        match self {
            Self::File(tmp) => {
                let file = tmp.file();
                file.set_len(0)?;
                file.rewind()?;
                file.write_all(bytes)
            }
            Self::Memory(buffer) => {
                *buffer = bytes.to_vec();
                Ok(())
            }
        }
    }
}
