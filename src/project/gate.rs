//! Keeping sync inside the project: [`Root`] answers whether a real path lies inside
//! it, for `push` (never read outside the project) and `pull` (never write outside it,
//! nor inside `.git/`).

use std::path::{Path, PathBuf};
use std::{fmt, fs, io};

/// The project's root directory, resolved, for checking where real paths lead.
#[derive(Debug, Clone)]
pub struct Root {
    real: PathBuf,
}

/// Why a path was refused by [`Root`].
#[derive(Debug, PartialEq, Eq)]
pub enum Outside {
    /// It leads outside the project (through a symbolic link).
    Project,
    /// It is inside `.git/`.
    Git,
}

impl fmt::Display for Outside {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Project => "leads outside the project (through a symbolic link)",
            Self::Git => "leads into `.git/`",
        })
    }
}

impl Root {
    pub fn new(dir: &Path) -> io::Result<Self> {
        Ok(Self {
            real: fs::canonicalize(dir)?,
        })
    }

    fn check(&self, real: &Path) -> Result<(), Outside> {
        let inside = real
            .strip_prefix(&self.real)
            .map_err(|_| Outside::Project)?;
        match inside.components().next() {
            Some(first) if first.as_os_str() == ".git" => Err(Outside::Git),
            _ => Ok(()),
        }
    }

    /// Where reading `path` (relative to the root) really leads, if that is inside.
    pub fn readable(&self, path: &Path) -> Result<PathBuf, RootError> {
        let real = fs::canonicalize(self.real.join(path)).map_err(RootError::Io)?;
        self.check(&real).map_err(RootError::Outside)?;
        Ok(real)
    }

    /// Where writing `path` (relative to the root) really lands, if that is inside: the
    /// file a symbolic link points to (when it is inside too), or the path under the
    /// nearest existing directory, resolved. Directories that do not exist yet are
    /// created inside that one.
    pub fn writable(&self, path: &Path) -> Result<PathBuf, RootError> {
        let joined = self.real.join(path);
        let mut existing = joined.as_path();
        let mut missing = Vec::new();
        let real = loop {
            match fs::canonicalize(existing) {
                Ok(real) => break real,
                Err(err) if err.kind() == io::ErrorKind::NotFound => {
                    // A dangling symbolic link cannot be followed safely.
                    if existing.symlink_metadata().is_ok() {
                        return Err(RootError::Outside(Outside::Project));
                    }
                    missing.push(existing.file_name().ok_or(RootError::Io(err))?);
                    existing = existing
                        .parent()
                        .ok_or(RootError::Outside(Outside::Project))?;
                }
                Err(err) => return Err(RootError::Io(err)),
            }
        };
        let real = missing
            .iter()
            .rev()
            .fold(real, |path, name| path.join(name));
        self.check(&real).map_err(RootError::Outside)?;
        Ok(real)
    }
}

#[derive(Debug)]
pub enum RootError {
    Outside(Outside),
    Io(io::Error),
}

impl fmt::Display for RootError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Outside(outside) => outside.fmt(f),
            Self::Io(err) => err.fmt(f),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn the_root_keeps_paths_inside_and_out_of_git() {
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
        let root = Root::new(&project).unwrap();

        assert!(root.readable(Path::new("locales/en.json")).is_ok());
        assert!(
            root.readable(Path::new("locales/fr.json")).is_ok(),
            "a link inside"
        );
        assert!(matches!(
            root.readable(Path::new("locales/de.json")),
            Err(RootError::Outside(Outside::Project))
        ));

        let real = |path: &str| root.writable(Path::new(path));
        assert_eq!(
            real("new/dir/it.json").unwrap(),
            root.real.join("new/dir/it.json")
        );
        assert_eq!(
            real("locales/fr.json").unwrap(),
            root.real.join("locales/en.json"),
            "a link inside is written through"
        );
        for (path, why) in [
            ("out/x.json", Outside::Project),
            ("out/new/x.json", Outside::Project),
            ("locales/de.json", Outside::Project),
            ("hooks/pre-commit", Outside::Git),
            (".git/config", Outside::Git),
        ] {
            match real(path) {
                Err(RootError::Outside(found)) => assert_eq!(found, why, "{path}"),
                other => panic!("{path}: {other:?}"),
            }
        }
    }
}
