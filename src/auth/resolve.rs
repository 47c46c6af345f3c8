//! Where the token comes from, and which API URL goes with it.
//!
//! Sources, highest priority first:
//!
//! 1. `NT3_API_TOKEN` — an empty value counts as unset; a value that is not UTF-8 or not
//!    a valid token is an error.
//! 2. `.nt3.local.json` — a folder-scoped login in the project root (the directory of
//!    the nearest `.nt3.yml`), else in the current directory.
//! 3. `~/.nt3/config.json` — the global login (`$NT3_CONFIG_DIR/config.json` when set).
//!
//! The first source holding a token wins. A file that exists but cannot be read or
//! parsed stops the search with an error instead of silently falling through to a
//! token the user did not mean. A file without a token is passed over, its `api_url`
//! with it.
//!
//! The API URL travels with its token and never mixes sources; [`Sources::api_url_for`]
//! is the one place that rule lives:
//!
//! - token from `NT3_API_TOKEN` → `NT3_API_URL`, else the global file's `api_url`, else
//!   the default;
//! - token from a file → `NT3_API_URL` (an explicit override), else that file's
//!   `api_url`, else the default;
//! - token being saved (`login`) → the URL given in the command, else as above for the
//!   file it goes to — except that the `api_url` already in `.nt3.local.json` is adopted
//!   only when the user confirms it.
//!
//! So a cloned repository whose `.nt3.local.json` holds only an `api_url` can never
//! send the global, environment or newly typed token to its server.

use std::cell::OnceCell;
use std::path::{Path, PathBuf};

use crate::auth::Settings;
use crate::auth::file::{self, Storage};
use crate::auth::keyring;
use crate::env_vars::NT3_API_TOKEN;
use crate::error::{Error, Kind};
use crate::http::api_url::ApiUrl;
use crate::types::secret::Token;
use crate::ui::Message;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    Env,
    Local,
    Global,
}

impl SourceKind {
    /// Highest priority first.
    pub const ORDER: [SourceKind; 3] = [Self::Env, Self::Local, Self::Global];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Env => "env",
            Self::Local => "local",
            Self::Global => "global",
        }
    }
}

/// What one source holds.
#[derive(Debug)]
pub struct Probe {
    pub kind: SourceKind,
    /// The file, for the file sources (`None` for the global one without a home).
    pub path: Option<PathBuf>,
    pub state: State,
    /// How other users may read the file: its mode bits, or its access list.
    pub loose_mode: Option<super::file::Loose>,
    /// The OS keyring still holds an earlier token for this file.
    pub keyring_leftover: bool,
    /// The file's named logins, in name order (only the global file has them).
    pub connections: Vec<ConnectionInfo>,
    /// The file's own `api_url` when `state` is a named connection's: where a token
    /// from `NT3_API_TOKEN` goes, since a connection's URL travels only with its token.
    pub default_api_url: Option<String>,
    /// A connection was named and the file has none by that name.
    pub missing_connection: bool,
}

/// One named login of the global file, as `status` lists it (never its token).
#[derive(Debug)]
pub struct ConnectionInfo {
    pub name: String,
    pub api_url: Option<String>,
    pub has_token: bool,
}

#[derive(Debug)]
pub enum State {
    /// Variable unset or file missing.
    Absent,
    /// A file without a token.
    NoToken { api_url: Option<String> },
    Token {
        token: Token,
        api_url: Option<String>,
    },
    /// A file whose token is in the OS keyring; it is read only if this source wins.
    Keyring { api_url: Option<String> },
    /// Present but unusable. The reason completes "`<name>` …" and never contains a
    /// value from the source.
    Broken { reason: String, hint: String },
}

impl Probe {
    /// A source with nothing in it.
    fn absent(kind: SourceKind) -> Self {
        Self {
            kind,
            path: None,
            state: State::Absent,
            loose_mode: None,
            keyring_leftover: false,
            connections: Vec::new(),
            default_api_url: None,
            missing_connection: false,
        }
    }

    /// `NT3_API_TOKEN` or the file's path.
    pub fn name(&self) -> String {
        match (&self.path, self.kind) {
            (Some(path), _) => path.display().to_string(),
            (None, SourceKind::Env) => NT3_API_TOKEN.to_string(),
            (None, _) => "~/.nt3/config.json (no home directory)".to_string(),
        }
    }

    /// The error a broken source stands for.
    fn error(&self) -> Option<Error> {
        match &self.state {
            State::Broken { reason, hint } => {
                // Naming a connection one never logged in to is being logged out.
                let kind = if self.missing_connection {
                    Kind::NotAuthenticated
                } else {
                    Kind::InvalidConfig
                };
                Some(Error::new(kind, format!("`{}` {reason}", self.name())).with_hint(hint))
            }
            _ => None,
        }
    }
}

impl State {
    fn api_url(&self) -> Option<&str> {
        match self {
            Self::NoToken { api_url } | Self::Token { api_url, .. } | Self::Keyring { api_url } => {
                api_url.as_deref()
            }
            Self::Absent | Self::Broken { .. } => None,
        }
    }
}

/// Why the API URL is the one it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlSource {
    Default,
    EnvVar,
    File(PathBuf),
}

/// The token in use and everything that goes with it.
#[derive(Debug)]
pub struct Active {
    pub token: Token,
    pub kind: SourceKind,
    pub path: Option<PathBuf>,
    pub storage: Storage,
    pub api_url: ApiUrl,
    pub url_source: UrlSource,
    /// The named connection the token belongs to.
    pub connection: Option<String>,
}

impl Active {
    /// Where the token came from, for messages: `NT3_API_TOKEN` or the file's path.
    pub fn source_name(&self) -> String {
        match (&self.path, &self.connection) {
            (Some(path), Some(name)) => format!("{} (connection `{name}`)", path.display()),
            (Some(path), None) => path.display().to_string(),
            (None, _) => NT3_API_TOKEN.to_string(),
        }
    }
}

/// The credential sources of one run, each read at most once and only when needed.
pub struct Sources<'a> {
    settings: &'a Settings,
    probes: [OnceCell<Probe>; 3],
}

impl<'a> Sources<'a> {
    pub fn new(settings: &'a Settings) -> Self {
        Self {
            settings,
            probes: Default::default(),
        }
    }

    pub fn probe(&self, kind: SourceKind) -> &Probe {
        let index = SourceKind::ORDER
            .iter()
            .position(|k| *k == kind)
            .expect("every kind is in ORDER");
        self.probes[index].get_or_init(|| match kind {
            SourceKind::Env => probe_env(self.settings),
            SourceKind::Local => probe_file(kind, Some(self.settings.local_path()), None),
            SourceKind::Global => probe_file(
                kind,
                self.settings.global_path().ok(),
                self.settings.connection.as_ref().map(|c| c.name.as_str()),
            ),
        })
    }

    /// A warning for every credential file read so far that others may read.
    pub fn loose_modes(&self) -> Vec<Message> {
        self.probed()
            .filter_map(|probe| {
                let loose = probe.loose_mode?;
                let name = probe.name();
                Some(Message::untrusted(&loose.warning(&name)))
            })
            .collect()
    }

    /// The sources read so far, in priority order.
    pub fn probed(&self) -> impl Iterator<Item = &Probe> {
        self.probes.iter().filter_map(OnceCell::get)
    }

    /// The token to use, following the order in the module documentation.
    pub fn active(&self) -> Result<Option<Active>, Error> {
        for kind in SourceKind::ORDER {
            let probe = self.probe(kind);
            match &probe.state {
                State::Absent | State::NoToken { .. } => {}
                State::Broken { .. } => return Err(probe.error().expect("a broken probe")),
                State::Token { token, .. } => {
                    return self.activate(probe, token.clone(), Storage::File).map(Some);
                }
                State::Keyring { .. } => {
                    let token = self.read_keyring(probe)?;
                    return self.activate(probe, token, Storage::Keyring).map(Some);
                }
            }
        }
        Ok(None)
    }

    fn activate(&self, probe: &Probe, token: Token, storage: Storage) -> Result<Active, Error> {
        let (api_url, url_source) = self.api_url_for(probe.kind)?;
        Ok(Active {
            token,
            kind: probe.kind,
            path: probe.path.clone(),
            storage,
            api_url,
            url_source,
            connection: match probe.kind {
                SourceKind::Global => self.settings.connection.as_ref().map(|c| c.name.clone()),
                _ => None,
            },
        })
    }

    /// The token a credential file keeps in the OS keyring.
    fn read_keyring(&self, probe: &Probe) -> Result<Token, Error> {
        let path = probe
            .path
            .as_deref()
            .expect("keyring states come from files");
        let failed =
            |message: String, hint: &str| Error::new(Kind::InvalidConfig, message).with_hint(hint);
        let secret = self
            .settings
            .keyring
            .get(&keyring::account(path))
            .map_err(|err| {
                failed(
                    format!("cannot read the token for `{}`: {err}", path.display()),
                    err.hint(),
                )
            })?
            .ok_or_else(|| {
                failed(
                    format!(
                        "`{}` keeps its token in the OS keyring, but the entry is missing",
                        path.display()
                    ),
                    &keyring_login_hint(probe.kind),
                )
            })?;
        Token::parse(secret.expose()).map_err(|err| {
            failed(
                format!(
                    "the OS keyring holds an invalid token for `{}`: {err}",
                    path.display()
                ),
                &keyring_login_hint(probe.kind),
            )
        })
    }

    /// The API URL a token found in `kind` goes to: the one rule for a token in use
    /// (where a new token may go is [`crate::auth::store::destination`]'s rule).
    ///
    /// 1. `NT3_API_URL`, when set.
    /// 2. The `api_url` of the file the token lives in: for a token from
    ///    `NT3_API_TOKEN`, the global file's own — never `.nt3.local.json`, so a cloned
    ///    repository cannot redirect the user's own token, and never a named
    ///    connection's; for a connection's token, that connection's.
    /// 3. The default, `https://app.nt3.io`.
    pub fn api_url_for(&self, kind: SourceKind) -> Result<(ApiUrl, UrlSource), Error> {
        if let Some(url) = self.settings.env_api_url()? {
            return Ok((url.clone(), UrlSource::EnvVar));
        }
        let file = self.probe(match kind {
            SourceKind::Env | SourceKind::Global => SourceKind::Global,
            SourceKind::Local => SourceKind::Local,
        });
        // A damaged file stops resolution. A connection the file lacks does not stop a
        // token from `NT3_API_TOKEN`, which never goes to a connection's URL anyway: it
        // takes the file's own.
        let env_token = kind == SourceKind::Env;
        if let Some(err) = file.error()
            && !(env_token && file.missing_connection)
        {
            return Err(err);
        }
        let raw = if env_token && self.settings.connection.is_some() {
            file.default_api_url.as_deref()
        } else {
            file.state.api_url()
        };
        match (raw, &file.path) {
            (Some(raw), Some(path)) => {
                Ok((file_api_url(raw, path)?, UrlSource::File(path.clone())))
            }
            _ => Ok((ApiUrl::default_url(), UrlSource::Default)),
        }
    }
}

/// The `api_url` of a credential file, checked.
pub fn file_api_url(raw: &str, path: &Path) -> Result<ApiUrl, Error> {
    ApiUrl::parse(raw).map_err(|err| {
        Error::new(
            Kind::InvalidConfig,
            format!(
                "`api_url` in `{}` is not a usable API URL: {err}",
                path.display()
            ),
        )
        .with_hint("fix it, or log in again with `nt3 login --api-url <URL>`")
    })
}

fn probe_env(settings: &Settings) -> Probe {
    let state = match &settings.env_token {
        None => State::Absent,
        Some(Err(invalid)) => broken(invalid.reason.clone(), env_hint()),
        Some(Ok(token)) => State::Token {
            token: token.clone(),
            api_url: None,
        },
    };
    Probe {
        state,
        ..Probe::absent(SourceKind::Env)
    }
}

fn env_hint() -> String {
    format!(
        "unset `{NT3_API_TOKEN}`, or set it to a token starting with `{}`",
        Token::PREFIX
    )
}

fn broken(reason: String, hint: String) -> State {
    State::Broken { reason, hint }
}

fn probe_file(kind: SourceKind, path: Option<PathBuf>, connection: Option<&str>) -> Probe {
    let mut probe = Probe::absent(kind);
    let Some(path) = path else {
        return probe;
    };
    probe.state = match file::load(&path) {
        Ok(None) => State::Absent,
        Ok(Some(loaded)) => {
            probe.keyring_leftover = loaded.file.keyring_leftover;
            probe.loose_mode = loaded.loose_mode;
            let mut file = loaded.file;
            probe.connections = file
                .connections
                .iter()
                .map(|(name, c)| ConnectionInfo {
                    name: name.clone(),
                    api_url: c.api_url.clone(),
                    has_token: c.token.is_some(),
                })
                .collect();
            match connection {
                None => file_state(kind, file),
                Some(name) => {
                    probe.default_api_url = file.api_url.take();
                    match file.connections.remove(name) {
                        Some(chosen) => connection_state(name, chosen),
                        None => {
                            probe.missing_connection = true;
                            broken(
                                format!("has no connection `{name}`"),
                                format!(
                                    "log in to it with `nt3 login --connection {name} --api-url <URL>`"
                                ),
                            )
                        }
                    }
                }
            }
        }
        Err(err) => broken(err.to_string(), err.hint(&path, kind == SourceKind::Local)),
    };
    probe.path = Some(path);
    probe
}

fn file_state(kind: SourceKind, file: file::CredentialFile) -> State {
    // The marker wins: after a switch to the keyring the file holds no token.
    match (file.storage(), file.token) {
        (Storage::Keyring, _) => State::Keyring {
            api_url: file.api_url,
        },
        (Storage::File, Some(secret)) => match Token::parse(secret.expose()) {
            Ok(token) => State::Token {
                token,
                api_url: file.api_url,
            },
            Err(err) => broken(format!("holds an invalid token: {err}"), login_hint(kind)),
        },
        (Storage::File, None) => State::NoToken {
            api_url: file.api_url,
        },
    }
}

/// A named connection of the global file; its token is always in the file.
fn connection_state(name: &str, connection: file::Connection) -> State {
    match connection.token {
        Some(secret) => match Token::parse(secret.expose()) {
            Ok(token) => State::Token {
                token,
                api_url: connection.api_url,
            },
            Err(err) => broken(
                format!("holds an invalid token for connection `{name}`: {err}"),
                format!("log in again with `nt3 login --connection {name}`"),
            ),
        },
        None => State::NoToken {
            api_url: connection.api_url,
        },
    }
}

fn login_hint(kind: SourceKind) -> String {
    match kind {
        SourceKind::Local => "log in again with `nt3 login --local`".into(),
        _ => "log in again with `nt3 login`".into(),
    }
}

fn keyring_login_hint(kind: SourceKind) -> String {
    match kind {
        SourceKind::Local => "log in again with `nt3 login --local --storage keyring`".into(),
        _ => "log in again with `nt3 login --storage keyring`".into(),
    }
}

/// The error for a command that needs a token and found none.
pub fn not_logged_in() -> Error {
    Error::new(Kind::NotAuthenticated, "not logged in: no API token found")
        .with_hint(format!("run `nt3 login`, or set `{NT3_API_TOKEN}`"))
}
