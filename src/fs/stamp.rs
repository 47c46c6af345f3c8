//! What a file's metadata says of its contents: a file whose stamp is the one it had
//! when it was last read holds what it held then, so it need not be read again (git's
//! index works the same way).
//!
//! A stamp is only what every write changes: the size, the modification time, the
//! inode and device, and above all the change time, which the kernel sets on every
//! write and no program can set back (`touch -d`, `cp -p` and `rsync -t` set the
//! modification time only). Windows has no such time, so there a file has no stamp and
//! is always read.
//!
//! A file written in the same clock tick as it was stamped could keep its stamp, so a
//! file changed less than [`SETTLED`] before it is looked at gets none.

use std::fs::Metadata;
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

/// How long after its last change a file's stamp is trusted: well above the clock tick
/// of any file system's timestamps.
#[cfg_attr(not(unix), expect(dead_code, reason = "Windows has no change time"))]
pub const SETTLED: Duration = Duration::from_secs(2);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    len: u64,
    /// Nanoseconds since the epoch.
    modified: i64,
    changed: i64,
    inode: u64,
    device: u64,
}

impl Stamp {
    /// The stamp of a file seen at `now`, if it last changed at least [`SETTLED`]
    /// before; `None` on platforms without a change time.
    #[cfg(unix)]
    pub fn of(meta: &Metadata, now: SystemTime) -> Option<Self> {
        use std::os::unix::fs::MetadataExt;
        let nanos = |secs: i64, nsecs: i64| secs.checked_mul(1_000_000_000)?.checked_add(nsecs);
        let changed = nanos(meta.ctime(), meta.ctime_nsec())?;
        let now = now.duration_since(SystemTime::UNIX_EPOCH).ok()?;
        let settled = i64::try_from(now.saturating_sub(SETTLED).as_nanos()).ok()?;
        (changed < settled).then_some(Self {
            len: meta.size(),
            modified: nanos(meta.mtime(), meta.mtime_nsec())?,
            changed,
            inode: meta.ino(),
            device: meta.dev(),
        })
    }

    #[cfg(not(unix))]
    pub fn of(_: &Metadata, _: SystemTime) -> Option<Self> {
        None
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn stamp(path: &std::path::Path, now: SystemTime) -> Option<Stamp> {
        Stamp::of(&std::fs::metadata(path).unwrap(), now)
    }

    #[test]
    fn a_file_changed_just_now_has_no_stamp() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("de.json");
        std::fs::write(&path, "{}").unwrap();
        assert_eq!(stamp(&path, SystemTime::now()), None);
        assert!(stamp(&path, SystemTime::now() + SETTLED + Duration::from_secs(1)).is_some());
    }

    #[test]
    fn a_write_changes_the_stamp_even_with_the_same_size_and_modification_time() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("de.json");
        std::fs::write(&path, r#"{"a": "1"}"#).unwrap();
        let later = SystemTime::now() + Duration::from_secs(60);
        let before = stamp(&path, later).unwrap();
        let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
        // A change time has at least the file system's tick; wait one out.
        std::thread::sleep(Duration::from_millis(20));
        std::fs::write(&path, r#"{"a": "2"}"#).unwrap();
        // As `cp -p` or `rsync -t` would leave it: the old modification time.
        let file = std::fs::File::options().write(true).open(&path).unwrap();
        file.set_modified(modified).unwrap();
        let after = stamp(&path, later).unwrap();
        assert_eq!((before.len, before.modified), (after.len, after.modified));
        assert_ne!(before, after, "the change time tells the write");
    }
}
