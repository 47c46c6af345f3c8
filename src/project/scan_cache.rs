//! What the patterns matched, remembered between runs of `nt3 status`, so a large
//! project is not listed again while nothing in it moved.
//!
//! A pattern's result depends only on the entries of the directories its walk read
//! ([`Discovery::dirs`]): adding, removing or renaming a file changes its directory's
//! modification time. So the result is kept with those times, in the user's cache
//! (`~/.cache/nt3/scan/<key>.json`, never in the project), and used again while
//! `.nt3.yml` is the same and every one of those directories has the same time. A time
//! too close to when the result was taken (within two seconds, where a file system's
//! clock may not tell two changes apart) is not trusted. Anything unreadable is ignored:
//! the patterns are simply walked again.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::locale::Locales;
use super::pattern::{Pattern, Skipped};
use crate::fs::atomic;
use crate::fs::digest::sha256_hex;

/// 2: `{namespace}` spans folders, and a language folder's other files are skipped.
const VERSION: u32 = 2;

/// A result whose directories changed this close to when it was taken may have missed
/// a change in the same clock tick.
const RACY: Duration = Duration::from_secs(2);

#[derive(Debug, Default, Serialize, Deserialize)]
struct Data {
    version: u32,
    config: String,
    patterns: Vec<Remembered>,
}

#[derive(Debug, Serialize, Deserialize)]
struct Remembered {
    path: String,
    /// When the result was taken (nanoseconds since the epoch).
    taken: u128,
    /// Each directory read, with its modification time then.
    times: Vec<(String, u128)>,
    found: Found,
}

/// What `nt3 status` shows of a pattern's result: each file with its language (one
/// `path\tlanguage` line each: a large tree reads back as one string), and the paths
/// skipped.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Found {
    files: String,
    pub skipped: Vec<Skipped>,
}

impl Found {
    /// Each file's path and language.
    pub fn files(&self) -> impl Iterator<Item = (&str, &str)> {
        self.files.lines().filter_map(|line| line.split_once('\t'))
    }
}

/// The patterns' results for one project root.
pub struct Scan {
    file: Option<PathBuf>,
    root: PathBuf,
    config: String,
    old: Data,
    new: Vec<Remembered>,
    /// Whether a pattern was walked afresh (else there is nothing new to keep).
    walked: bool,
}

impl Scan {
    /// The results remembered for `root` with `.nt3.yml` whose digest is `config`.
    pub fn load(cache_dir: Option<&Path>, root: &Path, config: &str) -> Self {
        let key = sha256_hex(root.to_string_lossy().as_bytes());
        let file = cache_dir.map(|dir| dir.join("scan").join(format!("{}.json", &key[..32])));
        let old = file
            .as_deref()
            .and_then(|file| crate::fs::read::read(file, 64 * 1024 * 1024).ok())
            .and_then(|(bytes, _)| serde_json::from_slice::<Data>(&bytes).ok())
            .filter(|data| data.version == VERSION && data.config == config)
            .unwrap_or_default();
        Self {
            file,
            root: root.to_owned(),
            config: config.to_owned(),
            old,
            new: Vec::new(),
            walked: false,
        }
    }

    /// What `pattern` matches: as remembered while its directories are unchanged, else
    /// walked afresh.
    pub fn discover(&mut self, pattern: &Pattern, locales: &Locales) -> Found {
        let remembered = self
            .old
            .patterns
            .iter()
            .position(|r| r.path == pattern.path)
            .map(|at| self.old.patterns.swap_remove(at));
        if let Some(remembered) = remembered
            && self.still(&remembered)
        {
            let found = remembered.found.clone();
            self.new.push(remembered);
            return found;
        }
        self.walked = true;
        let mut taken = nanos(SystemTime::now());
        let discovery = pattern.discover(&self.root, locales);
        let times = discovery
            .dirs
            .iter()
            .map(|dir| (dir.clone(), modified(&self.root.join(dir))))
            .collect();
        let mut files = String::new();
        for file in discovery.files {
            // A tab or line feed in a name would break the lines: such a file is walked
            // again next time instead.
            if file.path.contains(['\t', '\n']) {
                taken = 0;
            }
            files.push_str(&file.path);
            files.push('\t');
            files.push_str(&file.language);
            files.push('\n');
        }
        let found = Found {
            files,
            skipped: discovery.skipped,
        };
        self.new.push(Remembered {
            path: pattern.path.clone(),
            taken,
            times,
            found: found.clone(),
        });
        found
    }

    /// Whether every directory a result read is as it was, and was so long enough
    /// before the result was taken.
    fn still(&self, remembered: &Remembered) -> bool {
        let racy = remembered.taken.saturating_sub(RACY.as_nanos());
        remembered.times.iter().all(|(dir, time)| {
            *time != 0 && *time < racy && modified(&self.root.join(dir)) == *time
        })
    }

    /// Keeps the results for the next run; a failure only costs the next run a walk.
    pub fn save(self) {
        let Some(file) = self.file.as_ref().filter(|_| self.walked) else {
            return;
        };
        let data = Data {
            version: VERSION,
            config: self.config,
            patterns: self.new,
        };
        let Ok(json) = serde_json::to_vec(&data) else {
            return;
        };
        let _ = file
            .parent()
            .map_or(Ok(()), atomic::create_private_dir)
            .and_then(|()| atomic::write(file, &json, atomic::Mode::Private));
    }
}

/// A directory's modification time in nanoseconds; 0 when it cannot be read (such a
/// result is never used again).
fn modified(dir: &Path) -> u128 {
    std::fs::metadata(dir)
        .and_then(|meta| meta.modified())
        .map_or(0, nanos)
}

fn nanos(time: SystemTime) -> u128 {
    time.duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_nanos())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::format::Format;
    use std::collections::BTreeMap;

    #[test]
    fn a_result_is_used_again_until_a_directory_changes() {
        let root = tempfile::tempdir().unwrap();
        let cache = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(root.path().join("l")).unwrap();
        std::fs::write(root.path().join("l/en.json"), "{}").unwrap();
        let pattern: Pattern =
            serde_yaml_ng::from_str("path: \"l/{lang}.json\"\nformat: json-flat\n").unwrap();
        let locales = Locales::new(
            Format::JsonFlat,
            &pattern.path,
            None,
            "en",
            &BTreeMap::new(),
            &BTreeMap::new(),
        );
        let run = |expect: usize| {
            let mut scan = Scan::load(Some(cache.path()), root.path(), "c");
            let found = scan.discover(&pattern, &locales);
            scan.save();
            assert_eq!(found.files().count(), expect);
        };
        run(1);
        // Make the result old enough to be trusted; then a file appears while the
        // directory keeps its time: the remembered result is used (and misses it).
        let data_file = std::fs::read_dir(cache.path().join("scan"))
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .path();
        let mut data: Data = serde_json::from_slice(&std::fs::read(&data_file).unwrap()).unwrap();
        data.patterns[0].taken += 10 * RACY.as_nanos();
        std::fs::write(&data_file, serde_json::to_vec(&data).unwrap()).unwrap();
        let (_, time) = data.patterns[0]
            .times
            .iter()
            .find(|(dir, _)| dir == "l")
            .unwrap();
        let recorded = UNIX_EPOCH + Duration::from_nanos(u64::try_from(*time).unwrap());
        std::fs::write(root.path().join("l/de.json"), "{}").unwrap();
        let dir = open_dir(&root.path().join("l"));
        dir.set_modified(recorded).unwrap();
        run(1);
        // Its directory's time changes: walked again.
        dir.set_modified(recorded + Duration::from_secs(1)).unwrap();
        run(2);
    }

    /// A directory opened so its times can be set (Windows needs backup semantics).
    fn open_dir(path: &Path) -> std::fs::File {
        let mut options = std::fs::OpenOptions::new();
        options.read(true);
        #[cfg(windows)]
        {
            use std::os::windows::fs::OpenOptionsExt;
            const FILE_FLAG_BACKUP_SEMANTICS: u32 = 0x0200_0000;
            const FILE_WRITE_ATTRIBUTES: u32 = 0x0100;
            options
                .access_mode(FILE_WRITE_ATTRIBUTES | 0x8000_0000)
                .custom_flags(FILE_FLAG_BACKUP_SEMANTICS);
        }
        options.open(path).unwrap()
    }
}
