//! Reading files nt3 does not trust, and keeping sync inside the project.
//!
//! Every file nt3 reads from the working tree or its configuration directory (credential
//! files, `.nt3.yml`, translation files) goes through [`read`]: it is opened without
//! blocking, so a FIFO or a device never hangs nt3; it must be a regular file once open
//! (the check is on the open handle, so a swap after the check does not count); and it
//! is read up to a cap, never further, however large it is or grows.
//!

use std::fmt;
use std::fs::{File, Metadata, OpenOptions};
use std::io::{self, Read};
use std::path::Path;

/// Why a file was not read. The messages complete "`<path>` …".
#[derive(Debug)]
pub enum ReadError {
    NotFound,
    /// A FIFO, a device, a socket or a directory.
    NotRegular,
    TooLarge(u64),
    Io(io::Error),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotFound => f.write_str("does not exist"),
            Self::NotRegular => f.write_str("is not a regular file"),
            Self::TooLarge(cap) => write!(f, "is larger than {}", size(*cap)),
            Self::Io(err) => write!(f, "cannot be read: {err}"),
        }
    }
}

impl std::error::Error for ReadError {}

/// `18 B`, `512 KiB`, `10 MiB`.
pub fn size(bytes: u64) -> String {
    if bytes < 1024 {
        format!("{bytes} B")
    } else if bytes >= 1024 * 1024 && bytes.is_multiple_of(1024 * 1024) {
        format!("{} MiB", bytes / 1024 / 1024)
    } else {
        format!("{} KiB", bytes.div_ceil(1024))
    }
}

/// The regular file at `path` (symbolic links followed), open for reading, and its
/// metadata.
pub fn open(path: &Path) -> Result<(File, Metadata), ReadError> {
    let file = open_nonblocking(path).map_err(|err| match err.kind() {
        io::ErrorKind::NotFound => ReadError::NotFound,
        _ => ReadError::Io(err),
    })?;
    let meta = file.metadata().map_err(ReadError::Io)?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular);
    }
    Ok((file, meta))
}

/// The contents of the regular file at `path` (symbolic links followed), at most `cap`
/// bytes, and its metadata.
pub fn read(path: &Path, cap: u64) -> Result<(Vec<u8>, Metadata), ReadError> {
    let (file, meta) = open(path)?;
    if meta.len() > cap {
        return Err(ReadError::TooLarge(cap));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // The file may grow between the size check and the read.
    file.take(cap + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > cap {
        return Err(ReadError::TooLarge(cap));
    }
    Ok((bytes, meta))
}

#[cfg(unix)]
fn open_nonblocking(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    // O_NONBLOCK: opening a FIFO with no writer returns at once instead of waiting.
    // O_NOCTTY: a terminal device never becomes nt3's controlling terminal.
    OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> io::Result<File> {
    OpenOptions::new().read(true).open(path)
}

/// Why a credential file, or the directory holding it, cannot be trusted: it belongs to
/// another user (neither you nor root), or others may write it (a directory with the
/// sticky bit, like `/tmp`, is fine, since others cannot replace your file there). This
/// is OpenSSH's rule for `~/.ssh`. The reason completes "`<path>` …".
#[cfg(unix)]
pub fn untrusted(_path: &Path, meta: &Metadata) -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    // SAFETY: geteuid has no preconditions and cannot fail.
    let me = unsafe { libc::geteuid() };
    let (owner, mode) = (meta.uid(), meta.mode() & 0o7777);
    if owner != me && owner != 0 {
        return Some(format!("belongs to another user (uid {owner})"));
    }
    let writable = if meta.is_dir() {
        mode & 0o002 != 0 && mode & 0o1000 == 0
    } else {
        mode & 0o022 != 0
    };
    writable.then(|| format!("can be written by other users (mode {mode:04o})"))
}

/// Windows: the access list of the file or folder lets another account write it (see
/// [`crate::fs::acl`]). A list nt3 cannot read counts as one it cannot trust.
#[cfg(windows)]
pub fn untrusted(path: &Path, _: &Metadata) -> Option<String> {
    match crate::fs::acl::others(path) {
        Ok(others) if !others.write => None,
        Ok(_) => Some("can be written by other users (its access list lets them)".into()),
        Err(err) => Some(format!("has an access list nt3 cannot read ({err})")),
    }
}

#[cfg(not(any(unix, windows)))]
pub fn untrusted(_: &Path, _: &Metadata) -> Option<String> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    // Unix: named pipes in the file system (FIFOs) exist only there.
    #[cfg(unix)]
    #[test]
    fn a_fifo_is_refused_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        let status = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(status.success());
        assert!(matches!(read(&fifo, 10), Err(ReadError::NotRegular)));
        assert!(matches!(read(dir.path(), 10), Err(ReadError::NotRegular)));
        assert!(matches!(
            read(Path::new("/dev/zero"), 10),
            Err(ReadError::NotRegular)
        ));
    }

    #[test]
    fn reads_stop_at_the_cap() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, b"0123456789").unwrap();
        assert_eq!(read(&path, 10).unwrap().0, b"0123456789");
        assert!(matches!(read(&path, 9), Err(ReadError::TooLarge(9))));
        assert!(matches!(
            read(&dir.path().join("none"), 9),
            Err(ReadError::NotFound)
        ));
    }
}
