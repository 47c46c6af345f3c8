//! What became of each file of a run: sent, written, unchanged, or why not.

use crate::error::{Error, Kind};
use crate::project::pattern::File;
use crate::types::format::Format;

/// One file's outcome.
pub struct FileOutcome {
    pub file: File,
    pub format: Format,
    pub size: Option<u64>,
    pub result: Result<Change, FileError>,
    /// Keys a merge kept the local value of, which the server changed too.
    pub conflicts: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Uploaded,
    Created,
    Updated,
    /// Changed here and on the server: merged key by key.
    Merged,
    Unchanged,
    /// No file here, and the server has none for its language and namespace yet: a
    /// notice, not a failure.
    NotOnServer,
}

impl Change {
    pub fn action(self) -> &'static str {
        match self {
            Self::Uploaded => "upload",
            Self::Created => "create",
            Self::Updated => "update",
            Self::Merged => "merge",
            Self::Unchanged => "unchanged",
            Self::NotOnServer => "not on server",
        }
    }
}

/// Why one file was not sent or written: the message on its line of the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError(String);

impl From<String> for FileError {
    fn from(message: String) -> Self {
        Self(message)
    }
}

impl std::fmt::Display for FileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A file's failure, and whether it stops the whole run.
pub struct Failure {
    pub message: FileError,
    pub fatal: Option<Error>,
}

impl From<String> for Failure {
    fn from(message: String) -> Self {
        FileError(message).into()
    }
}

impl From<FileError> for Failure {
    fn from(message: FileError) -> Self {
        Self {
            message,
            fatal: None,
        }
    }
}

impl From<Error> for Failure {
    /// 401 and 403 say the same of every file: they stop the run.
    fn from(err: Error) -> Self {
        let fatal = matches!(err.kind, Kind::NotAuthenticated | Kind::Forbidden);
        Self {
            message: FileError(err.to_string()),
            fatal: fatal.then_some(err),
        }
    }
}

/// Splits a task's result into its outcome and, for a fatal failure, the error.
pub fn settle(
    file: File,
    format: Format,
    size: Option<u64>,
    result: Result<Change, Failure>,
) -> (FileOutcome, Option<Error>) {
    let (result, fatal) = match result {
        Ok(change) => (Ok(change), None),
        Err(failure) => (Err(failure.message), failure.fatal),
    };
    (
        FileOutcome {
            file,
            format,
            size,
            result,
            conflicts: Vec::new(),
        },
        fatal,
    )
}
