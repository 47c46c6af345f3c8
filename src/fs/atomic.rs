//! Writing a file so that readers see the old contents or the new, never a torn mix:
//! a temporary file in the same directory, written, `fsync`ed, renamed over the
//! target, and the directory `fsync`ed. While it exists, the temporary file is removed
//! if nt3 is interrupted ([`crate::fs::interrupt`]).
//!
//! Every file nt3 writes goes through [`Atomic`]: credential files and the sync state
//! with [`Mode::Private`], project files (`.nt3.yml`, pulled translations) with
//! [`Mode::Project`]; [`write`] is the whole dance for bytes already in memory.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::fs::interrupt;

/// Who may read the file written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// `0600` from the first byte: credential files, the sync state. The directory must
    /// exist.
    Private,
    /// A file of the project: the mode of the file it replaces, else the usual `0666`
    /// less the umask; private while it fills. Missing directories are created.
    Project,
}

/// A file being written beside its target, renamed over it by [`Atomic::commit`];
/// dropped uncommitted, it is removed and the target left as it was.
pub struct Atomic {
    file: tempfile::NamedTempFile,
    target: PathBuf,
    /// The permission bits to give the file just before the rename.
    #[cfg_attr(not(unix), expect(dead_code, reason = "Unix modes"))]
    mode: Option<u32>,
    _guard: interrupt::Guard,
}

impl Atomic {
    /// Starts replacing `path`.
    pub fn create(path: &Path, mode: Mode) -> io::Result<Self> {
        let dir = parent(path);
        let bits = match mode {
            Mode::Private => Some(0o600),
            Mode::Project => project_mode(path),
        };
        let mut builder = tempfile::Builder::new();
        builder.prefix(".nt3-").suffix(".tmp");
        // Private while it fills, so the contents are never readable under a looser mode,
        // not even for a moment.
        #[cfg(unix)]
        builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o600));
        // A project's missing directories are created when the file cannot be: one
        // system call per file, not one per directory level.
        let file = match builder.tempfile_in(dir) {
            Err(err) if err.kind() == io::ErrorKind::NotFound && mode == Mode::Project => {
                fs::create_dir_all(dir)?;
                builder.tempfile_in(dir)?
            }
            file => file?,
        };
        interrupt::sweep(dir);
        // Windows: the owner alone, before a byte is written (the folder's list may let
        // others in).
        #[cfg(windows)]
        if bits == Some(0o600) {
            crate::fs::acl::restrict(file.path(), false)?;
        }
        let guard = interrupt::Guard::new(file.path());
        Ok(Self {
            file,
            target: path.to_owned(),
            mode: bits,
            _guard: guard,
        })
    }

    pub fn file(&mut self) -> &mut File {
        self.file.as_file_mut()
    }

    /// Gives the file its mode (creation modes are narrowed by the umask), makes it
    /// durable, renames it over the target and makes the rename durable.
    pub fn commit(self) -> io::Result<()> {
        let dir = parent(&self.target).to_owned();
        self.commit_unsynced()?;
        sync_dir(&dir)
    }

    /// [`Atomic::commit`] without making the rename durable: for many files in a few
    /// directories, the caller syncs each directory once ([`sync_dir`]).
    pub fn commit_unsynced(self) -> io::Result<()> {
        self.give_mode()?;
        self.file.as_file().sync_all()?;
        self.file.persist(&self.target).map_err(|err| err.error)?;
        Ok(())
    }

    /// Renames the file over the target without making it durable: for a cache whose
    /// entries are verified when read, where a file torn by a crash costs only a miss.
    pub fn commit_cache(self) -> io::Result<()> {
        self.give_mode()?;
        self.file.persist(&self.target).map_err(|err| err.error)?;
        Ok(())
    }

    /// Gives the file its mode: creation modes are narrowed by the umask.
    fn give_mode(&self) -> io::Result<()> {
        #[cfg(unix)]
        if let Some(mode) = self.mode {
            self.file
                .as_file()
                .set_permissions(std::os::unix::fs::PermissionsExt::from_mode(mode))?;
        }
        Ok(())
    }
}

/// Writes `bytes` to `path` atomically (see [`Atomic`]).
pub fn write(path: &Path, bytes: &[u8], mode: Mode) -> io::Result<()> {
    let mut file = Atomic::create(path, mode)?;
    file.file().write_all(bytes)?;
    file.commit()
}

fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

/// The mode of the project file at `path`, or for a new file `0666` less the umask.
#[cfg(unix)]
fn project_mode(path: &Path) -> Option<u32> {
    use std::os::unix::fs::PermissionsExt;
    Some(match fs::metadata(path) {
        Ok(meta) => meta.permissions().mode() & 0o7777,
        Err(_) => 0o666 & !umask(),
    })
}

#[cfg(not(unix))]
fn project_mode(_: &Path) -> Option<u32> {
    None
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

/// Creates a private directory (`0700`; on Windows an access list for the owner alone),
/// and its parents, if it is missing: the global configuration directory, the sync
/// state's.
pub fn create_private_dir(dir: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    #[cfg(windows)]
    let created = !dir.exists();
    builder.create(dir)?;
    #[cfg(windows)]
    if created {
        crate::fs::acl::restrict(dir, true)?;
    }
    Ok(())
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

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn keeps_the_mode_of_the_replaced_file_and_creates_directories() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/b/de.json");
        write(&path, b"{}", Mode::Project).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"{}");
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        write(&path, b"{\"a\": 1}", Mode::Project).unwrap();
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

    #[test]
    fn private_files_are_0600_and_an_uncommitted_write_leaves_the_target_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.json");
        write(&path, b"old", Mode::Private).unwrap();
        assert_eq!(
            fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
        let mut file = Atomic::create(&path, Mode::Private).unwrap();
        file.file().write_all(b"new, half written").unwrap();
        drop(file);
        assert_eq!(fs::read(&path).unwrap(), b"old");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
