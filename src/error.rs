//! How a command ends: the few error kinds that change the exit code or the hint, the
//! exit codes, and what a command hands back to [`crate::main`] — the one place that
//! prints errors and turns an ending into an exit code.
//!
//! Commands use `anyhow` with context naming paths and URLs. Where the kind of failure
//! matters to the user (a usage mistake, a missing login) they raise an [`Error`], which
//! survives `.context(...)` and is found again by [`classify`]. A command returns an
//! [`Outcome`] (its `--json` document, and whether some of its items failed) or a
//! [`CommandError`] (the error, with what it got done before it stopped).

use std::fmt;

use serde_json::{Map, Value};

/// Exit codes, documented in the README.
pub mod exit {
    pub const SUCCESS: u8 = 0;
    pub const FAILURE: u8 = 1;
    pub const USAGE: u8 = 2;
    /// A pull that went through but kept local values the server changed too.
    pub const CONFLICT: u8 = 3;
    pub const NOT_AUTHENTICATED: u8 = 4;
    /// Ctrl-C, as a shell reports a program ended by SIGINT.
    pub const INTERRUPTED: u8 = 130;
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The command line cannot work as given.
    Usage,
    /// No token was found, or the server rejected it.
    NotAuthenticated,
    /// The server knows the token but it may not do this (403).
    Forbidden,
    /// A token failed the format rules.
    InvalidToken,
    /// A credential file cannot be read or parsed.
    InvalidConfig,
    /// The user declined a confirmation; reported as a plain message, not an error.
    Cancelled,
    /// The user pressed Ctrl-C at a prompt; a plain message, exit 130.
    Interrupted,
    /// A pull merged every file, but keys changed here and on the server kept the
    /// local value: someone should look.
    Conflict,
    /// Anything else.
    Failure,
}

impl Kind {
    pub fn exit_code(self) -> u8 {
        match self {
            Self::Usage => exit::USAGE,
            Self::Interrupted => exit::INTERRUPTED,
            Self::NotAuthenticated => exit::NOT_AUTHENTICATED,
            Self::Conflict => exit::CONFLICT,
            Self::Forbidden
            | Self::InvalidToken
            | Self::InvalidConfig
            | Self::Cancelled
            | Self::Failure => exit::FAILURE,
        }
    }

    /// The `kind` field of a `--json` error document.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Usage => "usage",
            Self::NotAuthenticated => "not_authenticated",
            Self::Forbidden => "forbidden",
            Self::InvalidToken => "invalid_token",
            Self::InvalidConfig => "invalid_config",
            Self::Cancelled => "cancelled",
            Self::Interrupted => "interrupted",
            Self::Conflict => "conflict",
            Self::Failure => "error",
        }
    }
}

/// An error whose kind matters, with an optional hint naming the fix.
#[derive(Debug)]
pub struct Error {
    pub kind: Kind,
    message: String,
    pub hint: Option<String>,
}

impl Error {
    pub fn new(kind: Kind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            hint: None,
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

/// The user said no: nothing was done.
pub fn cancelled(what: &str) -> Error {
    Error::new(Kind::Cancelled, format!("Cancelled; {what}"))
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

/// The kind and hint of an error chain: those of the first [`Error`] in it, if any.
pub fn classify(err: &anyhow::Error) -> (Kind, Option<&str>) {
    err.chain()
        .find_map(|cause| cause.downcast_ref::<Error>())
        .map_or((Kind::Failure, None), |e| (e.kind, e.hint.as_deref()))
}

/// How a command that ran to its end went: what `--json` prints (without `success`,
/// which follows `failed`), and whether some of its items failed — files, languages,
/// keys — which the command has already named.
#[derive(Debug, Default)]
pub struct Outcome {
    /// `None`: the command printed its own data (`nt3 api`, `nt3 completion`), and
    /// `--json` adds nothing.
    pub document: Option<Map<String, Value>>,
    /// The kind of exit for items that failed; `None`: everything went well.
    pub failed: Option<Kind>,
}

impl Outcome {
    /// Success, with this `--json` document (an object).
    pub fn done(document: Value) -> Self {
        Self {
            document: Some(object(document)),
            failed: None,
        }
    }

    /// Success; the command printed its own data.
    pub fn printed() -> Self {
        Self::default()
    }

    /// The run went through, but the items the command named failed.
    pub fn with_failures(mut self, failed: bool) -> Self {
        if failed {
            self.failed = Some(Kind::Failure);
        }
        self
    }

    /// The run went through, but kept local values the server changed too (unless
    /// something failed, which says more).
    pub fn with_conflicts(mut self, conflicts: bool) -> Self {
        if conflicts && self.failed.is_none() {
            self.failed = Some(Kind::Conflict);
        }
        self
    }
}

/// A command that stopped: the error, and what it got done first, which `--json` prints
/// beside it.
#[derive(Debug)]
pub struct CommandError {
    pub error: anyhow::Error,
    pub document: Map<String, Value>,
    /// The kind of exit, when not the error's own (see [`CommandError::exit_as`]).
    pub exit: Option<Kind>,
}

impl CommandError {
    /// With what the command got done before it stopped (an object).
    pub fn with_document(mut self, document: Value) -> Self {
        self.document = object(document);
        self
    }

    /// Exits as `kind` whatever the error's own kind: `nt3 status` without a token is
    /// "not authenticated", whatever stood in the way.
    pub fn exit_as(mut self, kind: Kind) -> Self {
        self.exit = Some(kind);
        self
    }
}

impl fmt::Display for CommandError {
    /// The error's message (with `{:#}`, and its causes).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.error, f)
    }
}

impl<E: Into<anyhow::Error>> From<E> for CommandError {
    fn from(error: E) -> Self {
        Self {
            error: error.into(),
            document: Map::new(),
            exit: None,
        }
    }
}

/// What a command returns.
pub type CommandResult = Result<Outcome, CommandError>;

fn object(document: Value) -> Map<String, Value> {
    match document {
        Value::Object(map) => map,
        _ => unreachable!("a command's document is a JSON object"),
    }
}

/// The innermost cause of an error, which usually names the real trouble (a refused
/// connection, a D-Bus error) where the outer layers only add their own name.
pub fn root_cause(err: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = err;
    while let Some(next) = cause.source() {
        cause = next;
    }
    cause.to_string()
}
