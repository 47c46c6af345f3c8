//! The few error kinds that change the exit code or the hint, and the exit codes.
//!
//! Commands use `anyhow` with context naming paths and URLs. Where the kind of failure
//! matters to the user (a usage mistake, a missing login) they raise an [`Error`], which
//! survives `.context(...)` and is found again by [`classify`].

use std::fmt;

/// Exit codes, documented in the README.
pub mod exit {
    pub const SUCCESS: u8 = 0;
    pub const FAILURE: u8 = 1;
    pub const USAGE: u8 = 2;
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
    /// Anything else.
    Failure,
}

impl Kind {
    pub fn exit_code(self) -> u8 {
        match self {
            Self::Usage => exit::USAGE,
            Self::Interrupted => exit::INTERRUPTED,
            Self::NotAuthenticated => exit::NOT_AUTHENTICATED,
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

/// The innermost cause of an error, which usually names the real trouble (a refused
/// connection, a D-Bus error) where the outer layers only add their own name.
pub fn root_cause(err: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = err;
    while let Some(next) = cause.source() {
        cause = next;
    }
    cause.to_string()
}
