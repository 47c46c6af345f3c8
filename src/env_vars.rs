//! Every environment variable nt3 reads, in one place. Only
//! [`crate::context::Context::from_process`] reads them.
//!
//! Colour is controlled by `NO_COLOR` / `CLICOLOR_FORCE`, which `anstream` reads itself;
//! the home directory is `HOME` (`USERPROFILE` on Windows), read by the standard library,
//! and the cache directory on Linux `XDG_CACHE_HOME`, read by `dirs`.
//! docs/reference.md lists every one; a test keeps that table in step with this file.
//!
//! A value nt3 cannot use is kept as an [`Invalid`] and reported, as a usage error
//! naming the variable, by the first command that needs it.

use crate::error::{Error, Kind};

/// A token that overrides every credential file. Empty counts as unset.
pub const NT3_API_TOKEN: &str = "NT3_API_TOKEN";

/// The API URL to use. With a token from `NT3_API_TOKEN` it replaces the global file's
/// `api_url`; with a token from a file it overrides that file's `api_url`.
pub const NT3_API_URL: &str = "NT3_API_URL";

/// Seconds a whole request may take (default 60); fractions are allowed.
pub const NT3_TIMEOUT: &str = "NT3_TIMEOUT";

/// Read only to explain an unavailable keyring on Linux: without it there is no session
/// bus to find a Secret Service on.
pub const DBUS_SESSION_BUS_ADDRESS: &str = "DBUS_SESSION_BUS_ADDRESS";

/// The organization `nt3 tokens` works on when `--org` is not given.
pub const NT3_ORG_ID: &str = "NT3_ORG_ID";

/// The named connection of the global file to use when `--connection` is not given.
pub const NT3_CONNECTION: &str = "NT3_CONNECTION";

/// Replaces `~/.nt3` as the directory holding `config.json`.
pub const NT3_CONFIG_DIR: &str = "NT3_CONFIG_DIR";

/// Windows: the directory holding nt3's cache (sync state), `%LOCALAPPDATA%\nt3`.
#[cfg(windows)]
pub const LOCALAPPDATA: &str = "LOCALAPPDATA";

/// The proxy for `https://` requests, first set wins. `HTTP_PROXY` is deliberately not
/// read: plain `http://` goes only to loopback hosts and never through a proxy.
pub const PROXY: [&str; 4] = ["HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"];

/// Hosts that bypass the proxy (comma-separated, as curl reads it).
pub const NO_PROXY: [&str; 2] = ["NO_PROXY", "no_proxy"];

/// An environment variable whose value nt3 cannot use, and why. The reason never
/// quotes the value (it may be a token).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub var: &'static str,
    pub reason: String,
}

impl Invalid {
    pub fn new(var: &'static str, reason: impl Into<String>) -> Self {
        Self {
            var,
            reason: reason.into(),
        }
    }

    /// The usage error a command reports for it.
    pub fn error(&self) -> Error {
        let hint = match self.var {
            NT3_CONFIG_DIR if self.reason.contains("home") => {
                format!("set `{}` to the directory for `config.json`", self.var)
            }
            _ => format!("fix or unset `{}`", self.var),
        };
        Error::new(Kind::Usage, format!("`{}` {}", self.var, self.reason)).with_hint(hint)
    }
}

/// A setting read from a variable: `None` when unset, else its value or why it cannot be
/// used, as the usage error the command reports.
pub fn settled<T>(setting: Option<&Result<T, Invalid>>) -> Result<Option<&T>, Error> {
    setting
        .map(|value| value.as_ref().map_err(Invalid::error))
        .transpose()
}
