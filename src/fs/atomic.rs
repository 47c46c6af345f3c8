//! Writing a file so that readers see the old contents or the new, never a torn mix:
//! a temporary file in the same directory, written, `fsync`ed, renamed over the
//! target, and the directory `fsync`ed. While it exists, the temporary file is removed
//! if nt3 is interrupted ([`crate::fs::interrupt`]).

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::Path;

use crate::fs::interrupt;

/// A temporary file beside its target, removed unless [`Temp::persist`] renames it.
pub struct Temp {
    file: tempfile::NamedTempFile,
    _guard: interrupt::Guard,
}

impl Temp {
    /// A new temporary file in `dir`. With `mode`, it is created with it, so the
    /// contents are never readable under a looser mode, not even for a moment.
    pub fn new_in(dir: &Path, mode: Option<u32>) -> io::Result<Self> {
        let mut builder = tempfile::Builder::new();
        builder.prefix(".nt3-").suffix(".tmp");
        #[cfg(unix)]
        if let Some(mode) = mode {
            builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(mode));
        }
        #[cfg(not(unix))]
        let _ = mode;
        let file = builder.tempfile_in(dir)?;
        let guard = interrupt::Guard::new(file.path());
        Ok(Self {
            file,
            _guard: guard,
        })
    }

    pub fn file(&mut self) -> &mut File {
        self.file.as_file_mut()
    }

    /// Gives the file exactly `mode` (creation modes are narrowed by the umask), makes it
    /// durable and renames it over `path`, then makes the rename durable.
    pub fn persist(self, path: &Path, mode: Option<u32>) -> io::Result<()> {
        self.rename(path, mode)?;
        sync_dir(parent(path))
    }

    /// [`Temp::persist`] without making the rename durable: for many files in a few
    /// directories, the caller syncs each directory once ([`sync_dir`]).
    pub fn rename(self, path: &Path, mode: Option<u32>) -> io::Result<()> {
        #[cfg(unix)]
        if let Some(mode) = mode {
            self.file
                .as_file()
                .set_permissions(std::os::unix::fs::PermissionsExt::from_mode(mode))?;
        }
        #[cfg(not(unix))]
        let _ = mode;
        self.file.as_file().sync_all()?;
        self.file.persist(path).map_err(|err| err.error)?;
        Ok(())
    }
}

fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

/// Writes `bytes` to `path` atomically, the file created with `mode` (see [`Temp`]).
pub fn write(path: &Path, bytes: &[u8], mode: Option<u32>) -> io::Result<()> {
    let mut tmp = Temp::new_in(parent(path), mode)?;
    tmp.file().write_all(bytes)?;
    tmp.persist(path, None)
}

/// A temporary file for replacing the project file `path` (its directories created),
/// and the mode to persist it with: the mode of the file it replaces, or for a new file
/// the usual `0666` less the umask.
pub fn replacing(path: &Path) -> io::Result<(Temp, Option<u32>)> {
    let dir = parent(path);
    fs::create_dir_all(dir)?;
    #[cfg(unix)]
    let mode = {
        use std::os::unix::fs::PermissionsExt;
        Some(match fs::metadata(path) {
            Ok(meta) => meta.permissions().mode() & 0o7777,
            Err(_) => 0o666 & !umask(),
        })
    };
    #[cfg(not(unix))]
    let mode = None;
    // Private while it fills; the final mode is set just before the rename.
    Ok((Temp::new_in(dir, Some(0o600))?, mode))
}

/// Writes a project file atomically, creating its directories, keeping the mode of the
/// file it replaces.
pub fn write_keeping_mode(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let (mut tmp, mode) = replacing(path)?;
    tmp.file().write_all(bytes)?;
    tmp.persist(path, mode)
}

/// The process umask, read from `/proc` (Linux 4.7+); `022` when it cannot be read.
#[cfg(unix)]
fn umask() -> u32 {
    fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            let line = status.lines().find(|line| line.starts_with("Umask:"))?;
            u32::from_str_radix(line["Umask:".len()..].trim(), 8).ok()
        })
        .unwrap_or(0o022)
}

/// Makes a rename or removal in `dir` durable.
#[cfg(unix)]
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
pub fn sync_dir(_: &Path) -> io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn keeps_the_mode_of_the_replaced_file_and_creates_directories() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/b/de.json");
        write_keeping_mode(&path, b"{}").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"{}");
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        write_keeping_mode(&path, b"{\"a\": 1}").unwrap();
        assert_eq!(
            fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o640
        );
        assert_eq!(
            fs::read_dir(path.parent().unwrap()).unwrap().count(),
            1,
            "no temporary file left"
        );
    }
}
