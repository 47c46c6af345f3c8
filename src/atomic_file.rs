//! Writing a file so that readers see the old contents or the new, never a torn mix:
//! a temporary file in the same directory, written, `fsync`ed, renamed over the
//! target, and the directory `fsync`ed.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::Path;

/// Writes `bytes` to `path` atomically. With `mode`, the temporary file is created with
/// it, so the contents are never readable under a looser mode, not even for a moment.
pub fn write(path: &Path, bytes: &[u8], mode: Option<u32>) -> io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".nt3-").suffix(".tmp");
    #[cfg(unix)]
    if let Some(mode) = mode {
        builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(mode));
    }
    #[cfg(not(unix))]
    let _ = mode;
    let mut tmp = builder.tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|err| err.error)?;
    sync_dir(dir)
}

/// Writes a project file atomically, creating its directories, keeping the mode of the
/// file it replaces (a new file gets the usual `0666` less the umask).
pub fn write_keeping_mode(path: &Path, bytes: &[u8]) -> io::Result<()> {
    if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
        fs::create_dir_all(dir)?;
    }
    #[cfg(unix)]
    let mode = {
        use std::os::unix::fs::PermissionsExt;
        match fs::metadata(path) {
            Ok(meta) => meta.permissions().mode() & 0o7777,
            Err(_) => 0o666 & !umask(),
        }
    };
    #[cfg(not(unix))]
    let mode = 0;
    write(path, bytes, Some(mode))?;
    // A mode passed at creation is narrowed by the umask; set the one wanted exactly.
    #[cfg(unix)]
    fs::set_permissions(path, std::os::unix::fs::PermissionsExt::from_mode(mode))?;
    Ok(())
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
