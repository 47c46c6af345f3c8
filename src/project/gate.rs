//! The one gate every path push reads or pull writes goes through.
//!
//! [`Gate::path`] takes a file pattern and the path it produced — after every
//! placeholder and every `languages_mapping` entry was substituted, whether the value
//! came from `.nt3.yml`, a file name or a server — and checks it component by component:
//!
//! - relative, `/`-separated, no `..` or `.`, no empty component, no `\`, no drive
//!   letter, no `:` or other character a file name cannot hold on some platform;
//! - no `.git` anywhere — in any case, with the characters macOS ignores in names, with
//!   the trailing dots and spaces and the `::$…` streams Windows ignores, and as Windows'
//!   short name `GIT~1` — so neither a repository's nor a submodule's or worktree's git
//!   data is ever read or written;
//! - a component that holds a substituted value never starts with `.` and is never a
//!   name Windows reserves (`CON`, `NUL`, `COM1`, …);
//! - once symbolic links are resolved, still inside the project and out of `.git`.
//!
//! Each directory is resolved once a run and remembered; the file itself is looked at
//! every time, so a link in its place is followed and checked like any other.
//!
//! Only this module makes a [`ProjectPath`], and the file layer of sync takes only
//! that: a new command cannot read or write a project file without passing the gate.

use std::io::Read;
use std::path::{Component, Path, PathBuf};
use std::{fmt, fs, io};

use crate::fs::atomic::{self, Atomic};
use crate::fs::read::ReadError;

/// The project's root directory, resolved, for checking where paths lead; and each
/// directory a path went through, resolved once per run (a sync of 200 files in ten
/// folders resolves ten folders, not 200 paths component by component).
#[derive(Debug, Clone)]
pub struct Gate {
    real: PathBuf,
    dirs: std::sync::Arc<std::sync::Mutex<std::collections::HashMap<PathBuf, PathBuf>>>,
}

/// A path inside the project that passed the [`Gate`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectPath {
    /// Where it really is (symbolic links resolved).
    real: PathBuf,
}

/// What a path is for: reading follows a link to an existing file; writing may create
/// the file and its directories.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Read,
    Write,
}

/// Why the gate refused a path. The messages complete "`<path>` …".
#[derive(Debug)]
pub enum Refused {
    /// Absolute, `..`, `.`, an empty component, `\` or a drive letter.
    Escapes,
    /// A `.git` component, however spelled.
    Git,
    /// A component made from a value starts with `.`.
    Hidden,
    /// A component that cannot be a file name (a reserved name, a character that some
    /// platform refuses).
    Name(String),
    /// The value of a placeholder spans several components.
    Shape,
    /// Through a symbolic link, it leads outside the project.
    Outside,
    Io(io::Error),
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Escapes => {
                f.write_str("would leave the project: only relative paths without `..` are used")
            }
            Self::Git => f.write_str("leads into `.git`"),
            Self::Hidden => f.write_str("has a name made from a value that starts with `.`"),
            Self::Name(name) => write!(f, "has `{name}`, which cannot be a file name everywhere"),
            Self::Shape => f.write_str("has a value that spans several folders"),
            Self::Outside => f.write_str("leads outside the project (through a symbolic link)"),
            Self::Io(err) => err.fmt(f),
        }
    }
}

impl std::error::Error for Refused {}

impl Gate {
    pub fn new(dir: &Path) -> io::Result<Self> {
        Ok(Self {
            real: fs::canonicalize(dir)?,
            dirs: Default::default(),
        })
    }

    /// `rel`, a path `pattern` produced, checked for `access` as the module says.
    pub fn path(&self, pattern: &str, rel: &str, access: Access) -> Result<ProjectPath, Refused> {
        check_components(pattern, rel)?;
        let joined = self.real.join(native(rel));
        let real = match self.in_known_dir(&joined, access)? {
            Some(real) => real,
            None => match access {
                Access::Read => fs::canonicalize(&joined).map_err(Refused::Io)?,
                Access::Write => self.real_for_writing(&joined)?,
            },
        };
        self.check_real(&real)?;
        Ok(ProjectPath { real })
    }

    /// Where `joined` really is, through its directory as resolved once this run, as
    /// `canonicalize` would say: the file itself is looked at each time (a link is
    /// followed). `None` when its directory does not exist (yet).
    fn in_known_dir(&self, joined: &Path, access: Access) -> Result<Option<PathBuf>, Refused> {
        let (Some(dir), Some(name)) = (joined.parent(), joined.file_name()) else {
            return Ok(None);
        };
        let known = self.known_dirs().get(dir).cloned();
        let real_dir = match known {
            Some(real) => real,
            None => match fs::canonicalize(dir) {
                Ok(real) => {
                    self.known_dirs().insert(dir.to_owned(), real.clone());
                    real
                }
                // A folder pull creates: where it will be, through the nearest one that is.
                Err(err) if err.kind() == io::ErrorKind::NotFound => {
                    return match access {
                        Access::Read => Err(Refused::Io(err)),
                        Access::Write => Ok(Some(self.real_for_writing(dir)?.join(name))),
                    };
                }
                Err(err) => return Err(Refused::Io(err)),
            },
        };
        let file = real_dir.join(name);
        match file.symlink_metadata() {
            Ok(meta) if meta.file_type().is_symlink() => match fs::canonicalize(&file) {
                Ok(real) => Ok(Some(real)),
                // A dangling symbolic link cannot be followed safely.
                Err(err) if err.kind() == io::ErrorKind::NotFound => match access {
                    Access::Read => Err(Refused::Io(err)),
                    Access::Write => Err(Refused::Outside),
                },
                Err(err) => Err(Refused::Io(err)),
            },
            Ok(_) => Ok(Some(file)),
            Err(err) if err.kind() == io::ErrorKind::NotFound && access == Access::Write => {
                Ok(Some(file))
            }
            Err(err) => Err(Refused::Io(err)),
        }
    }

    /// Where writing `joined` really lands: the file a symbolic link points to, or the
    /// path under the nearest existing directory, resolved.
    fn real_for_writing(&self, joined: &Path) -> Result<PathBuf, Refused> {
        let mut existing = joined;
        let mut missing = Vec::new();
        let real = loop {
            if let Some(real) = self.known_dirs().get(existing).cloned() {
                break real;
            }
            match fs::canonicalize(existing) {
                Ok(real) => {
                    if real.is_dir() {
                        self.known_dirs().insert(existing.to_owned(), real.clone());
                    }
                    break real;
                }
                Err(err) if err.kind() == io::ErrorKind::NotFound => {
                    // A dangling symbolic link cannot be followed safely.
                    if existing.symlink_metadata().is_ok() {
                        return Err(Refused::Outside);
                    }
                    missing.push(existing.file_name().ok_or(Refused::Io(err))?);
                    existing = existing.parent().ok_or(Refused::Outside)?;
                }
                Err(err) => return Err(Refused::Io(err)),
            }
        };
        Ok(missing
            .iter()
            .rev()
            .fold(real, |path, name| path.join(name)))
    }

    fn known_dirs(&self) -> std::sync::MutexGuard<'_, std::collections::HashMap<PathBuf, PathBuf>> {
        // A panic elsewhere cannot leave a map of paths inconsistent.
        self.dirs
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The resolved path is inside the root and out of `.git`.
    fn check_real(&self, real: &Path) -> Result<(), Refused> {
        let inside = real
            .strip_prefix(&self.real)
            .map_err(|_| Refused::Outside)?;
        for component in inside.components() {
            match component {
                Component::Normal(name) if is_git(&name.to_string_lossy()) => {
                    return Err(Refused::Git);
                }
                Component::Normal(_) => {}
                _ => return Err(Refused::Outside),
            }
        }
        Ok(())
    }
}

impl ProjectPath {
    /// The directory the file is in, to make a rename there durable.
    pub fn dir(&self) -> Option<&Path> {
        self.real.parent()
    }

    /// Opens the regular file for reading (see [`crate::fs::read::open`]).
    pub fn open(&self) -> Result<(fs::File, fs::Metadata), ReadError> {
        crate::fs::read::open(&self.real)
    }

    /// The file's contents, at most `cap` bytes.
    pub fn read(&self, cap: u64) -> Result<Vec<u8>, ReadError> {
        let (file, meta) = self.open()?;
        if meta.len() > cap {
            return Err(ReadError::TooLarge(cap));
        }
        let mut bytes = Vec::with_capacity(meta.len() as usize);
        file.take(cap + 1)
            .read_to_end(&mut bytes)
            .map_err(ReadError::Io)?;
        if bytes.len() as u64 > cap {
            return Err(ReadError::TooLarge(cap));
        }
        Ok(bytes)
    }

    /// Starts replacing the file, atomically, keeping its mode.
    pub fn replace(&self) -> io::Result<Atomic> {
        Atomic::create(&self.real, atomic::Mode::Project)
    }
}

/// `rel` as a native path (`/` is the separator on every platform nt3 runs on; this
/// keeps Windows' own separator out of the picture).
fn native(rel: &str) -> PathBuf {
    rel.split('/').collect()
}

/// The lexical checks, component by component, with the pattern's segments telling
/// which components hold a substituted value.
fn check_components(pattern: &str, rel: &str) -> Result<(), Refused> {
    if rel.is_empty() || rel.starts_with('/') || rel.contains('\\') || rel.contains('\0') {
        return Err(Refused::Escapes);
    }
    let segments: Vec<&str> = pattern.split('/').collect();
    let components: Vec<&str> = rel.split('/').collect();
    // Only a `{namespace}` that starts the last segment spans folders, each of which
    // holds part of its value.
    let extra = components.len().checked_sub(segments.len());
    let spans = crate::project::pattern::namespace_spans_folders(pattern);
    match extra {
        Some(0) => {}
        Some(n) if spans && n <= crate::project::pattern::MAX_NAMESPACE_FOLDERS => {}
        _ => return Err(Refused::Shape),
    }
    let last = segments.len() - 1;
    let segment_of = |i: usize| segments[i.min(last)];
    for (i, component) in components.iter().enumerate() {
        let segment = segment_of(i);
        if component.is_empty() || *component == "." || *component == ".." {
            return Err(Refused::Escapes);
        }
        // `C:` at the start is a drive on Windows.
        if i == 0 && component.len() >= 2 && component.as_bytes()[1] == b':' {
            return Err(Refused::Escapes);
        }
        if is_git(component) {
            return Err(Refused::Git);
        }
        let substituted = segment.contains('{');
        if substituted && component.starts_with('.') {
            return Err(Refused::Hidden);
        }
        if (substituted || cfg!(windows)) && !portable(component) {
            return Err(Refused::Name((*component).to_owned()));
        }
    }
    Ok(())
}

/// Whether a file name is `.git` as some platform would read it: ignoring case (in
/// Unicode), the code points macOS ignores in names, the trailing dots and spaces and
/// the `:stream` suffix Windows ignores; or `GIT~1`, Windows' short name for it.
pub fn is_git(name: &str) -> bool {
    let name = name.split(':').next().unwrap_or_default();
    let name = name.trim_end_matches(['.', ' ']);
    let folded: String = name
        .chars()
        .filter(|c| !matches!(c, '\u{200c}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{206a}'..='\u{206f}' | '\u{feff}'))
        .flat_map(char::to_lowercase)
        .collect();
    folded == ".git" || folded == "git~1"
}

/// Whether a name can be a file name on every platform: no character Windows refuses,
/// no trailing dot or space, and not a device name (`CON`, `NUL.txt`, `COM1`, …).
fn portable(name: &str) -> bool {
    if name
        .chars()
        .any(|c| c.is_control() || matches!(c, '<' | '>' | ':' | '"' | '|' | '?' | '*'))
    {
        return false;
    }
    if name.ends_with(['.', ' ']) {
        return false;
    }
    let stem = name
        .split('.')
        .next()
        .unwrap_or_default()
        .to_ascii_uppercase();
    let reserved = matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || (stem.len() == 4
            && (stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.as_bytes()[3].is_ascii_digit()
            && stem.as_bytes()[3] != b'0');
    !reserved
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn git_in_every_spelling_is_refused_anywhere_in_the_path() {
        for name in [
            ".git",
            ".GIT",
            ".Git",
            ".git.",
            ".git ",
            ".git::$INDEX_ALLOCATION",
            "GIT~1",
            ".g\u{200c}it",
            ".gi\u{feff}t",
            "\u{202e}.git",
        ] {
            assert!(is_git(name), "{name:?}");
        }
        for name in [".gitignore", ".github", "git", "gits", ".gi"] {
            assert!(!is_git(name), "{name:?}");
        }
        let check = |pattern: &str, rel: &str| check_components(pattern, rel);
        assert!(matches!(
            check("{namespace}/{lang}.json", ".git/config"),
            Err(Refused::Git)
        ));
        assert!(matches!(
            check("sub/{lang}/strings.xml", "sub/.GIT/strings.xml"),
            Err(Refused::Git)
        ));
        assert!(matches!(
            check("vendor/x/{lang}.json", "vendor/x/.git"),
            Err(Refused::Git)
        ));
    }

    #[test]
    fn values_cannot_escape_hide_or_name_a_device() {
        let check = |pattern: &str, rel: &str| check_components(pattern, rel);
        assert!(check("locales/{lang}.json", "locales/pt-BR.json").is_ok());
        assert!(matches!(
            check("locales/{lang}.json", "locales/../x.json"),
            Err(Refused::Shape)
        ));
        assert!(matches!(
            check("{lang}/a.json", "../a.json"),
            Err(Refused::Escapes)
        ));
        assert!(matches!(check("{lang}", "/etc"), Err(Refused::Escapes)));
        assert!(matches!(check("{lang}/x", "C:/x"), Err(Refused::Escapes)));
        assert!(matches!(check("{lang}\\x", "a\\x"), Err(Refused::Escapes)));
        // Windows' verbatim, UNC and drive-relative forms.
        for rel in [r"\\?\C:\x", r"\\server\share\x", "//server/share/x", "c:x"] {
            assert!(
                matches!(check("{lang}", rel), Err(Refused::Escapes)),
                "{rel}"
            );
        }
        assert!(matches!(
            check("{namespace}/{lang}.json", ".env/de.json"),
            Err(Refused::Hidden)
        ));
        for device in ["NUL", "con.json", "COM1", "lpt9.txt", "Aux"] {
            assert!(
                matches!(check("{lang}", device), Err(Refused::Name(_))),
                "{device}"
            );
        }
        assert!(matches!(check("{lang}", "de."), Err(Refused::Name(_))));
        assert!(matches!(check("x/{lang}", "x/a:b"), Err(Refused::Name(_))));
        // A literal part of the pattern is the project's own: only `.git` is refused.
        assert!(check(".config/{lang}.json", ".config/de.json").is_ok());
    }

    // Symbolic links need a privilege on Windows; the lexical checks above are what
    // guard Windows names, and canonical paths are compared the same way there.
    /// A folder is resolved once a run, a file every time: a file that becomes a link
    /// leading out after its folder was resolved is still refused.
    #[cfg(unix)]
    #[test]
    fn a_known_folder_does_not_vouch_for_its_files() {
        let dir = tempfile::tempdir().unwrap();
        let project = dir.path().join("p");
        fs::create_dir_all(project.join("locales")).unwrap();
        fs::write(dir.path().join("secret"), "s").unwrap();
        fs::write(project.join("locales/de.json"), "{}").unwrap();
        let gate = Gate::new(&project).unwrap();
        let read = |rel: &str| gate.path("locales/{lang}.json", rel, Access::Read);
        assert!(read("locales/de.json").is_ok());
        fs::remove_file(project.join("locales/de.json")).unwrap();
        std::os::unix::fs::symlink(dir.path().join("secret"), project.join("locales/de.json"))
            .unwrap();
        assert!(matches!(read("locales/de.json"), Err(Refused::Outside)));
        assert!(matches!(
            gate.path("locales/{lang}.json", "locales/de.json", Access::Write),
            Err(Refused::Outside)
        ));
    }

    #[cfg(unix)]
    #[test]
    fn resolved_paths_stay_inside_and_out_of_git() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let project = dir.path().join("p");
        fs::create_dir_all(project.join("locales")).unwrap();
        fs::create_dir_all(project.join(".git/hooks")).unwrap();
        fs::create_dir_all(dir.path().join("outside")).unwrap();
        fs::write(dir.path().join("outside/secret"), "s").unwrap();
        symlink(dir.path().join("outside"), project.join("out")).unwrap();
        symlink(project.join(".git/hooks"), project.join("hooks")).unwrap();
        symlink(
            dir.path().join("outside/secret"),
            project.join("locales/de.json"),
        )
        .unwrap();
        fs::write(project.join("locales/en.json"), "{}").unwrap();
        symlink(
            project.join("locales/en.json"),
            project.join("locales/fr.json"),
        )
        .unwrap();
        let gate = Gate::new(&project).unwrap();
        let read = |rel: &str| gate.path("locales/{lang}.json", rel, Access::Read);
        let write = |pattern: &str, rel: &str| gate.path(pattern, rel, Access::Write);

        assert!(read("locales/en.json").is_ok());
        assert!(read("locales/fr.json").is_ok(), "a link inside");
        assert!(matches!(read("locales/de.json"), Err(Refused::Outside)));

        assert_eq!(
            write("new/dir/{lang}.json", "new/dir/it.json")
                .unwrap()
                .real,
            gate.real.join("new/dir/it.json")
        );
        assert_eq!(
            write("locales/{lang}.json", "locales/fr.json")
                .unwrap()
                .real,
            gate.real.join("locales/en.json"),
            "a link inside is written through"
        );
        assert!(matches!(
            write("out/{lang}.json", "out/x.json"),
            Err(Refused::Outside)
        ));
        assert!(matches!(
            write("out/new/{lang}.json", "out/new/x.json"),
            Err(Refused::Outside)
        ));
        assert!(matches!(
            write("locales/{lang}.json", "locales/de.json"),
            Err(Refused::Outside)
        ));
        assert!(matches!(
            write("hooks/{lang}", "hooks/pre-commit"),
            Err(Refused::Git)
        ));
    }
}
