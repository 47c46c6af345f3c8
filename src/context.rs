//! What a command knows about the world it runs in, read and checked once at start-up,
//! and handed down in parts.
//!
//! [`Context::from_process`] is the only place nt3 reads its environment variables
//! (listed in [`crate::env_vars`]). Each becomes a typed value in the part of the
//! settings that uses it — [`auth::Settings`] for the credential sources,
//! [`http::Settings`] for the client, [`sync::Settings`] for push and pull — so each
//! layer takes its part, never the whole context. A value that cannot be used is kept
//! as an [`Invalid`] and reported, as a usage error naming the variable, by the first
//! command that needs it — so a bad `NT3_ORG_ID` does not stop `nt3 logout`. Nothing
//! below the commands reads the environment or sees a clap type, and unit tests build a
//! `Context` by hand.

use std::ffi::OsString;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::Duration;

use anyhow::{Context as _, Result};

use crate::auth::file::LOCAL_FILE_NAME;
use crate::auth::keyring::{Keyring, OsStore};
use crate::auth::no_home;
use crate::auth::{self, Chosen, ChosenBy};
use crate::env_vars::{self, Invalid, settled};
use crate::error::{Error, Kind};
use crate::http::api_url::ApiUrl;
use crate::http::proxy::Proxy;
use crate::http::{self, DEFAULT_TIMEOUT, MAX_TIMEOUT};
use crate::sync;
use crate::types::names::Id;
use crate::types::secret::Token;
use crate::ui::Message;

#[derive(Debug, Clone, Default)]
pub struct Context {
    /// Where the token comes from.
    pub auth: auth::Settings,
    /// How requests are made.
    pub http: http::Settings,
    /// What push and pull remember, and whether they draw progress.
    pub sync: sync::Settings,
    pub terminal: Terminal,
    pub cwd: PathBuf,
    /// The directory of the nearest `.nt3.yml` at or above `cwd`, within the repository
    /// (see [`crate::project::find_root`]).
    pub project_root: Option<PathBuf>,
    pub home: Option<PathBuf>,
    /// `NT3_ORG_ID`, unless unset or empty.
    pub org_id: Option<Result<Id, Invalid>>,
}

/// The one context unit tests build on: every field a test does not set is the default.
#[cfg(test)]
impl Context {
    /// Home `dir`, working in `dir/work` (made here), the global login under
    /// `dir/.nt3`, no terminal, nothing in the environment.
    pub fn for_test(dir: &Path) -> Self {
        let work = dir.join("work");
        std::fs::create_dir_all(&work).unwrap();
        Self {
            cwd: work.clone(),
            home: Some(dir.to_owned()),
            auth: auth::Settings {
                config_dir: Ok(dir.join(".nt3")),
                local_dir: work,
                ..Default::default()
            },
            ..Self::default()
        }
    }

    /// The same, with stdin and stderr a terminal: nt3 may ask.
    pub fn on_terminal(mut self) -> Self {
        self.terminal = Terminal {
            stdin: true,
            stdout: false,
            stderr: true,
        };
        self
    }

    /// Logged in by the environment (`NT3_API_TOKEN`, `NT3_API_URL`).
    pub fn logged_in(mut self, token: &str, url: &str) -> Self {
        self.auth.env_token = Some(Ok(Token::parse(token).unwrap()));
        self.auth.env_api_url = Some(Ok(http::api_url::ApiUrl::parse(url).unwrap()));
        self
    }
}

/// Which standard streams are terminals.
#[derive(Debug, Clone, Copy, Default)]
pub struct Terminal {
    pub stdin: bool,
    pub stdout: bool,
    pub stderr: bool,
}

impl Terminal {
    /// Whether nt3 may ask a question: it reads the answer from stdin and asks on stderr,
    /// so both must be a terminal. Every prompt checks this first.
    pub fn can_prompt(self) -> bool {
        self.stdin && self.stderr
    }

    /// Ask, or refuse: `Ok` when nt3 may ask on this terminal; otherwise the usage error
    /// `message`, with `hint` naming the way to say it without a terminal. Every
    /// question nt3 cannot do without goes through here.
    pub fn may_ask(self, message: impl Into<String>, hint: impl Into<String>) -> Result<(), Error> {
        if self.can_prompt() {
            return Ok(());
        }
        Err(Error::new(Kind::Usage, message).with_hint(hint))
    }
}

impl Context {
    pub fn from_process() -> Result<Self> {
        let cwd = std::env::current_dir().context("cannot read the current directory")?;
        // `HOME` on Unix, `USERPROFILE` on Windows (as cargo and rustup read it), then the
        // account database.
        let home = std::env::home_dir();
        let project_root = crate::project::find_root(&cwd);
        // The terminal is read once: prompts and progress bars both decide from it.
        let terminal = Terminal {
            stdin: std::io::stdin().is_terminal(),
            stdout: std::io::stdout().is_terminal(),
            stderr: std::io::stderr().is_terminal(),
        };
        Ok(Self {
            auth: auth::Settings {
                keyring: Keyring(Rc::new(OsStore {
                    session_bus: var(env_vars::DBUS_SESSION_BUS_ADDRESS).is_some(),
                })),
                config_dir: config_dir(var(env_vars::NT3_CONFIG_DIR), home.as_deref()),
                local_dir: project_root.clone().unwrap_or_else(|| cwd.clone()),
                env_token: var(env_vars::NT3_API_TOKEN).map(env_token),
                env_api_url: var(env_vars::NT3_API_URL).map(api_url),
                connection: None,
            },
            http: http::Settings {
                timeout: var(env_vars::NT3_TIMEOUT).map_or(Ok(DEFAULT_TIMEOUT), timeout),
                proxy: proxy(),
            },
            sync: sync::Settings {
                cache_dir: cache_dir(),
                progress: terminal.stderr,
            },
            terminal,
            org_id: var(env_vars::NT3_ORG_ID).map(org_id),
            project_root,
            cwd,
            home,
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
            if let Err(err) = crate::types::names::connection_name(&name) {
                let whose = match by {
                    ChosenBy::Flag => "`--connection`".to_string(),
                    ChosenBy::Env => format!("`{}`", env_vars::NT3_CONNECTION),
                    ChosenBy::Project => "the `connection` of `.nt3.yml`".to_string(),
                };
                return Err(Error::new(Kind::Usage, format!("{whose} {err}")));
            }
            self.auth.connection = Some(Chosen { name, by });
        }
        Ok(())
    }

    /// The credential file `login` and `logout` work on (`./.nt3.local.json` with
    /// `--local`, else the global one), and its name as the user reads it.
    pub fn credential_file(&self, local: bool) -> Result<(PathBuf, Message), Error> {
        if local {
            let path = self.auth.local_path();
            let shown = match path.parent() {
                Some(dir) if dir == self.cwd => Message::from(LOCAL_FILE_NAME),
                _ => self.display(&path),
            };
            return Ok((path, shown));
        }
        let path = self.auth.global_path()?;
        let shown = self.display(&path);
        Ok((path, shown))
    }

    /// A path as people read it, with `~` for the home directory.
    pub fn display(&self, path: &Path) -> Message {
        crate::ui::tilde(path, self.home.as_deref())
    }

    /// `NT3_ORG_ID`, when set.
    pub fn org_id(&self) -> Result<Option<&Id>, Error> {
        settled(self.org_id.as_ref())
    }
}

/// A variable's value, unless unset or empty.
fn var(name: &str) -> Option<OsString> {
    std::env::var_os(name).filter(|value| !value.is_empty())
}

fn utf8(var: &'static str, raw: OsString) -> Result<String, Invalid> {
    raw.into_string()
        .map_err(|_| Invalid::new(var, "is not valid UTF-8"))
}

/// Where sync state and the status cache live: the platform's cache directory
/// (`$XDG_CACHE_HOME` or `~/.cache` on Linux, `~/Library/Caches` on macOS,
/// `%LOCALAPPDATA%` on Windows, read from the environment there as the other two are).
fn cache_dir() -> Option<PathBuf> {
    #[cfg(windows)]
    if let Some(dir) = var(env_vars::LOCALAPPDATA).filter(|dir| Path::new(dir).is_absolute()) {
        return Some(PathBuf::from(dir).join("nt3"));
    }
    dirs::cache_dir().map(|dir| dir.join("nt3"))
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

fn org_id(raw: OsString) -> Result<Id, Invalid> {
    let id = utf8(env_vars::NT3_ORG_ID, raw)?;
    Id::parse(&id).map_err(|err| Invalid::new(env_vars::NT3_ORG_ID, err.to_string()))
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
            .and_then(|url| Proxy::parse(&url).map_err(|err| Invalid::new(name, err.to_string())))
            .and_then(|proxy| Ok(proxy.except(no_proxy?))),
    )
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
        let absolute = if cfg!(windows) { r"C:\nt3" } else { "/etc/nt3" };
        assert_eq!(
            config_dir(Some(absolute.into()), None),
            Ok(PathBuf::from(absolute))
        );
        assert_eq!(
            config_dir(None, Some(Path::new("/home/me"))),
            Ok(PathBuf::from("/home/me/.nt3"))
        );
    }
}
