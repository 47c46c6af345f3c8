//! What a command knows about the world it runs in, read and checked once at start-up.
//!
//! [`Context::from_process`] is the only place nt3 reads its environment variables
//! (listed in [`crate::env_vars`]). Each becomes a typed value here; a value that cannot
//! be used is kept as an [`Invalid`] and reported, as a usage error naming the variable,
//! by the first command that needs it — so a bad `NT3_ORG_ID` does not stop
//! `nt3 logout`. Nothing below the commands reads the environment or sees a clap type,
//! and unit tests build a `Context` by hand.

use std::ffi::OsString;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::Duration;

use anyhow::{Context as _, Result};

use crate::auth::file::{GLOBAL_FILE_NAME, LOCAL_FILE_NAME};
use crate::auth::keyring::{OsStore, SecretStore};
use crate::env_vars;
use crate::error::{Error, Kind};
use crate::http::Options;
use crate::http::api_url::ApiUrl;
use crate::http::proxy::Proxy;
use crate::types::secret::Token;

/// A request may take this long unless `NT3_TIMEOUT` says otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// The longest `NT3_TIMEOUT` accepted: one day.
pub const MAX_TIMEOUT: Duration = Duration::from_secs(24 * 60 * 60);

#[derive(Debug, Clone)]
pub struct Context {
    /// The OS credential store (an in-memory one in unit tests).
    pub keyring: Keyring,
    pub cwd: PathBuf,
    /// The directory of the nearest `.nt3.yml` at or above `cwd`, within the repository
    /// (see [`crate::project::find_root`]).
    pub project_root: Option<PathBuf>,
    pub home: Option<PathBuf>,
    /// `NT3_CONFIG_DIR` (absolute), or `~/.nt3`.
    pub config_dir: Result<PathBuf, Invalid>,
    /// Where nt3 remembers what it synced (`~/.cache/nt3`, or the platform's cache
    /// directory); `None` when there is none, and then nothing is remembered.
    pub cache_dir: Option<PathBuf>,
    /// `NT3_API_TOKEN`, unless unset or empty.
    pub env_token: Option<Result<Token, Invalid>>,
    /// `NT3_API_URL`, unless unset or empty.
    pub env_api_url: Option<Result<ApiUrl, Invalid>>,
    /// `NT3_TIMEOUT`, or the default.
    pub timeout: Result<Duration, Invalid>,
    /// `NT3_ORG_ID`, unless unset or empty.
    pub org_id: Option<Result<String, Invalid>>,
    /// `HTTPS_PROXY`, else `ALL_PROXY` (either case), with `NO_PROXY`.
    pub proxy: Option<Result<Proxy, Invalid>>,
    /// The named connection of the global file this run uses (see
    /// [`Context::choose_connection`]); `None` means its default login.
    pub connection: Option<Chosen>,
    pub stdin_is_terminal: bool,
    pub stdout_is_terminal: bool,
    pub stderr_is_terminal: bool,
}

impl Default for Context {
    /// No home, no variables, no terminal: what a unit test starts from.
    fn default() -> Self {
        Self {
            keyring: Keyring::default(),
            cwd: PathBuf::new(),
            project_root: None,
            home: None,
            config_dir: Err(no_home()),
            cache_dir: None,
            env_token: None,
            env_api_url: None,
            timeout: Ok(DEFAULT_TIMEOUT),
            org_id: None,
            proxy: None,
            connection: None,
            stdin_is_terminal: false,
            stdout_is_terminal: false,
            stderr_is_terminal: false,
        }
    }
}

/// A connection named for this run, and who named it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chosen {
    pub name: String,
    pub by: ChosenBy,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChosenBy {
    Flag,
    Env,
    /// The project's `.nt3.yml`: it picks among the user's own connections for commands
    /// that use a token, but never decides where `login` or `logout` write.
    Project,
}

/// An environment variable whose value nt3 cannot use, and why. The reason never
/// quotes the value (it may be a token).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub var: &'static str,
    pub reason: String,
}

impl Invalid {
    fn new(var: &'static str, reason: impl Into<String>) -> Self {
        Self {
            var,
            reason: reason.into(),
        }
    }

    /// The usage error a command reports for it.
    pub fn error(&self) -> Error {
        let hint = match self.var {
            env_vars::NT3_CONFIG_DIR if self.reason.contains("home") => format!(
                "set `{}` to the directory for `{GLOBAL_FILE_NAME}`",
                self.var
            ),
            _ => format!("fix or unset `{}`", self.var),
        };
        Error::new(Kind::Usage, format!("`{}` {}", self.var, self.reason)).with_hint(hint)
    }
}

impl Context {
    pub fn from_process() -> Result<Self> {
        let cwd = std::env::current_dir().context("cannot read the current directory")?;
        let home = dirs::home_dir();
        Ok(Self {
            keyring: Keyring(Rc::new(OsStore {
                session_bus: var(env_vars::DBUS_SESSION_BUS_ADDRESS).is_some(),
            })),
            config_dir: config_dir(var(env_vars::NT3_CONFIG_DIR), home.as_deref()),
            env_token: var(env_vars::NT3_API_TOKEN).map(env_token),
            env_api_url: var(env_vars::NT3_API_URL).map(api_url),
            timeout: var(env_vars::NT3_TIMEOUT).map_or(Ok(DEFAULT_TIMEOUT), timeout),
            org_id: var(env_vars::NT3_ORG_ID).map(org_id),
            proxy: proxy(),
            connection: None,
            project_root: crate::project::find_root(&cwd),
            cache_dir: dirs::cache_dir().map(|dir| dir.join("nt3")),
            cwd,
            home,
            stdin_is_terminal: std::io::stdin().is_terminal(),
            stdout_is_terminal: std::io::stdout().is_terminal(),
            stderr_is_terminal: std::io::stderr().is_terminal(),
        })
    }

    /// Sets the connection this run uses: `--connection`, else `NT3_CONNECTION`, else the
    /// `connection` the project's `.nt3.yml` names. A name that cannot be one is a usage
    /// error before any command runs.
    pub fn choose_connection(&mut self, flag: Option<String>) -> Result<(), Error> {
        let chosen = match (flag, var(env_vars::NT3_CONNECTION)) {
            (Some(name), _) => Some((name, ChosenBy::Flag)),
            (None, Some(raw)) => {
                let name = utf8(env_vars::NT3_CONNECTION, raw).map_err(|i| i.error())?;
                Some((name, ChosenBy::Env))
            }
            (None, None) => match &self.project_root {
                Some(root) => crate::project::config::connection(root)
                    .map_err(|reason| {
                        Error::new(Kind::Usage, format!("`.nt3.yml` {reason}"))
                            .with_hint("fix the `connection` field of `.nt3.yml`")
                    })?
                    .map(|name| (name, ChosenBy::Project)),
                None => None,
            },
        };
        if let Some((name, by)) = chosen {
            if !crate::types::names::is_connection_name(&name) {
                let whose = match by {
                    ChosenBy::Flag => "`--connection`".to_string(),
                    ChosenBy::Env => format!("`{}`", env_vars::NT3_CONNECTION),
                    ChosenBy::Project => "the `connection` of `.nt3.yml`".to_string(),
                };
                return Err(Error::new(
                    Kind::Usage,
                    format!("{whose} must be 1 to 64 letters, digits, `-` or `_`"),
                ));
            }
            self.connection = Some(Chosen { name, by });
        }
        Ok(())
    }

    /// The connection `login` and `logout` work on: one the user named (flag or
    /// variable), never one a working tree named.
    pub fn own_connection(&self) -> Option<&Chosen> {
        self.connection
            .as_ref()
            .filter(|chosen| chosen.by != ChosenBy::Project)
    }

    /// `~/.nt3/config.json`, or its `NT3_CONFIG_DIR` replacement.
    pub fn global_path(&self) -> Result<PathBuf, Error> {
        match &self.config_dir {
            Ok(dir) => Ok(dir.join(GLOBAL_FILE_NAME)),
            Err(invalid) => Err(invalid.error()),
        }
    }

    /// `.nt3.local.json` in the project root (so a subdirectory of a project uses the
    /// project's login), else in the current directory.
    pub fn local_path(&self) -> PathBuf {
        self.project_root
            .as_deref()
            .unwrap_or(&self.cwd)
            .join(LOCAL_FILE_NAME)
    }

    /// The credential file `login` and `logout` work on (`./.nt3.local.json` with
    /// `--local`, else the global one), and its name as the user reads it.
    pub fn credential_file(&self, local: bool) -> Result<(PathBuf, String), Error> {
        if local {
            let path = self.local_path();
            let shown = match path.parent() {
                Some(dir) if dir == self.cwd => LOCAL_FILE_NAME.to_string(),
                _ => self.display(&path),
            };
            return Ok((path, shown));
        }
        let path = self.global_path()?;
        let shown = self.display(&path);
        Ok((path, shown))
    }

    /// A path as people read it, with `~` for the home directory.
    pub fn display(&self, path: &Path) -> String {
        crate::ui::tilde(path, self.home.as_deref())
    }

    /// `NT3_API_URL`, when set.
    pub fn env_api_url(&self) -> Result<Option<&ApiUrl>, Error> {
        settled(self.env_api_url.as_ref())
    }

    /// `NT3_ORG_ID`, when set.
    pub fn org_id(&self) -> Result<Option<&str>, Error> {
        settled(self.org_id.as_ref()).map(|id| id.map(String::as_str))
    }

    /// What push and pull need of this machine.
    pub fn sync_settings(&self) -> crate::sync::Settings {
        crate::sync::Settings {
            cache_dir: self.cache_dir.clone(),
            progress: self.stderr_is_terminal,
        }
    }

    /// How the HTTP client behaves: the timeout, retries and the proxy.
    pub fn http_options(&self) -> Result<Options, Error> {
        Ok(Options {
            timeout: self.timeout.clone().map_err(|invalid| invalid.error())?,
            retries: true,
            proxy: settled(self.proxy.as_ref())?.cloned(),
            timeout_hint: None,
        })
    }
}

fn settled<T>(setting: Option<&Result<T, Invalid>>) -> Result<Option<&T>, Error> {
    setting
        .map(|value| value.as_ref().map_err(Invalid::error))
        .transpose()
}

/// A variable's value, unless unset or empty.
fn var(name: &str) -> Option<OsString> {
    std::env::var_os(name).filter(|value| !value.is_empty())
}

fn utf8(var: &'static str, raw: OsString) -> Result<String, Invalid> {
    raw.into_string()
        .map_err(|_| Invalid::new(var, "is not valid UTF-8"))
}

fn no_home() -> Invalid {
    Invalid::new(
        env_vars::NT3_CONFIG_DIR,
        "is not set, and the home directory cannot be found",
    )
}

fn config_dir(raw: Option<OsString>, home: Option<&Path>) -> Result<PathBuf, Invalid> {
    match raw {
        // A relative directory would follow the working directory, which a cloned
        // repository controls.
        Some(dir) if Path::new(&dir).is_absolute() => Ok(PathBuf::from(dir)),
        Some(_) => Err(Invalid::new(
            env_vars::NT3_CONFIG_DIR,
            "must be an absolute path",
        )),
        None => home.map(|home| home.join(".nt3")).ok_or_else(no_home),
    }
}

fn env_token(raw: OsString) -> Result<Token, Invalid> {
    let raw = utf8(env_vars::NT3_API_TOKEN, raw)?;
    Token::parse(&raw).map_err(|err| {
        Invalid::new(
            env_vars::NT3_API_TOKEN,
            format!("holds an invalid token: {err}"),
        )
    })
}

fn api_url(raw: OsString) -> Result<ApiUrl, Invalid> {
    let raw = utf8(env_vars::NT3_API_URL, raw)?;
    ApiUrl::parse(&raw).map_err(|err| {
        Invalid::new(
            env_vars::NT3_API_URL,
            format!("is not a usable API URL: {err}"),
        )
    })
}

/// Seconds, fractions allowed, more than zero and at most [`MAX_TIMEOUT`].
fn timeout(raw: OsString) -> Result<Duration, Invalid> {
    let invalid = || {
        Invalid::new(
            env_vars::NT3_TIMEOUT,
            format!(
                "must be a number of seconds above 0 and at most {}",
                MAX_TIMEOUT.as_secs()
            ),
        )
    };
    let secs: f64 = utf8(env_vars::NT3_TIMEOUT, raw)?
        .trim()
        .parse()
        .map_err(|_| invalid())?;
    if !(secs > 0.0 && secs <= MAX_TIMEOUT.as_secs_f64()) {
        return Err(invalid());
    }
    // In range, so this cannot panic; and at least a millisecond.
    Ok(Duration::from_secs_f64(secs).max(Duration::from_millis(1)))
}

fn org_id(raw: OsString) -> Result<String, Invalid> {
    let id = utf8(env_vars::NT3_ORG_ID, raw)?;
    if crate::types::names::is_id(&id) {
        Ok(id)
    } else {
        Err(Invalid::new(
            env_vars::NT3_ORG_ID,
            "must be an id made of letters, digits, `-`, `_` and `.`",
        ))
    }
}

/// The proxy for `https://` requests. Plain `http://` (loopback only) never goes through
/// a proxy, so `HTTP_PROXY` is not read: a proxy would see the token in clear.
fn proxy() -> Option<Result<Proxy, Invalid>> {
    let (name, raw) = env_vars::PROXY
        .iter()
        .find_map(|name| var(name).map(|raw| (*name, raw)))?;
    let no_proxy = env_vars::NO_PROXY
        .iter()
        .find_map(|name| var(name))
        .map(|raw| utf8(env_vars::NO_PROXY[0], raw))
        .transpose();
    Some(
        utf8(name, raw)
            .and_then(|url| Proxy::parse(&url).map_err(|reason| Invalid::new(name, reason)))
            .and_then(|proxy| Ok(proxy.except(no_proxy?))),
    )
}

/// A shared handle on a [`SecretStore`]; the OS store unless a test says otherwise.
#[derive(Clone)]
pub struct Keyring(pub Rc<dyn SecretStore>);

impl Default for Keyring {
    fn default() -> Self {
        Self(Rc::new(OsStore { session_bus: true }))
    }
}

impl std::fmt::Debug for Keyring {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Keyring")
    }
}

impl std::ops::Deref for Keyring {
    type Target = dyn SecretStore;

    fn deref(&self) -> &Self::Target {
        &*self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timeouts_outside_the_range_are_refused_without_panicking() {
        for bad in ["0", "-1", "abc", "1e300", "inf", "NaN", "86401", ""] {
            let err = timeout(bad.into()).unwrap_err();
            assert_eq!(err.var, "NT3_TIMEOUT", "{bad}");
        }
        assert_eq!(timeout("2.5".into()), Ok(Duration::from_millis(2500)));
        assert_eq!(timeout("86400".into()), Ok(MAX_TIMEOUT));
        assert_eq!(timeout("1e-300".into()), Ok(Duration::from_millis(1)));
    }

    #[test]
    fn a_relative_config_dir_is_refused() {
        assert_eq!(
            config_dir(Some("conf".into()), Some(Path::new("/home/me"))),
            Err(Invalid::new("NT3_CONFIG_DIR", "must be an absolute path"))
        );
        assert_eq!(
            config_dir(Some("/etc/nt3".into()), None),
            Ok(PathBuf::from("/etc/nt3"))
        );
        assert_eq!(
            config_dir(None, Some(Path::new("/home/me"))),
            Ok(PathBuf::from("/home/me/.nt3"))
        );
    }
}
