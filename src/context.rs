//! What a command knows about the world it runs in, read once at start-up.
//!
//! Commands take a [`Context`] rather than reading the process environment, so unit
//! tests can build one by hand.

use std::ffi::OsString;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use anyhow::{Context as _, Result};

use crate::credential_file::{GLOBAL_FILE_NAME, LOCAL_FILE_NAME};
use crate::env_vars;
use crate::error::{Error, Kind};
use crate::secret_store::{OsStore, SecretStore};

#[derive(Debug, Clone, Default)]
pub struct Context {
    /// The OS credential store (an in-memory one in unit tests).
    pub keyring: Keyring,
    pub cwd: PathBuf,
    pub home: Option<PathBuf>,
    /// `NT3_CONFIG_DIR`, or `~/.nt3`; `None` when neither can be found.
    pub config_dir: Option<PathBuf>,
    /// `NT3_API_TOKEN` as set, unless empty.
    pub env_token: Option<OsString>,
    /// `NT3_API_URL` as set, unless empty.
    pub env_api_url: Option<OsString>,
    /// `NT3_TIMEOUT` as set, unless empty.
    pub env_timeout: Option<OsString>,
    /// `NT3_ORG_ID` as set, unless empty.
    pub env_org_id: Option<OsString>,
    pub stdin_is_terminal: bool,
    pub stdout_is_terminal: bool,
    pub stderr_is_terminal: bool,
}

impl Context {
    pub fn from_process() -> Result<Self> {
        let cwd = std::env::current_dir().context("cannot read the current directory")?;
        let home = dirs::home_dir();
        let config_dir = match non_empty_var(env_vars::NT3_CONFIG_DIR) {
            Some(dir) => Some(cwd.join(dir)),
            None => home.as_ref().map(|home| home.join(".nt3")),
        };
        Ok(Self {
            keyring: Keyring::default(),
            cwd,
            home,
            config_dir,
            env_token: non_empty_var(env_vars::NT3_API_TOKEN),
            env_api_url: non_empty_var(env_vars::NT3_API_URL),
            env_timeout: non_empty_var(env_vars::NT3_TIMEOUT),
            env_org_id: non_empty_var(env_vars::NT3_ORG_ID),
            stdin_is_terminal: std::io::stdin().is_terminal(),
            stdout_is_terminal: std::io::stdout().is_terminal(),
            stderr_is_terminal: std::io::stderr().is_terminal(),
        })
    }

    /// `~/.nt3/config.json`, or its `NT3_CONFIG_DIR` replacement.
    pub fn global_path(&self) -> Result<PathBuf, Error> {
        let dir = self.config_dir.as_ref().ok_or_else(|| {
            Error::new(Kind::Failure, "cannot find the home directory").with_hint(format!(
                "set `{}` to the directory for `{GLOBAL_FILE_NAME}`",
                env_vars::NT3_CONFIG_DIR
            ))
        })?;
        Ok(dir.join(GLOBAL_FILE_NAME))
    }

    /// `./.nt3.local.json`.
    pub fn local_path(&self) -> PathBuf {
        self.cwd.join(LOCAL_FILE_NAME)
    }

    /// The credential file `login` and `logout` work on (`./.nt3.local.json` with
    /// `--local`, else the global one), and its name as the user reads it.
    pub fn credential_file(&self, local: bool) -> Result<(PathBuf, String), Error> {
        if local {
            return Ok((self.local_path(), LOCAL_FILE_NAME.to_string()));
        }
        let path = self.global_path()?;
        let shown = self.display(&path);
        Ok((path, shown))
    }

    /// A path as people read it, with `~` for the home directory.
    pub fn display(&self, path: &Path) -> String {
        crate::output::tilde(path, self.home.as_deref())
    }
}

fn non_empty_var(name: &str) -> Option<OsString> {
    std::env::var_os(name).filter(|value| !value.is_empty())
}

/// A shared handle on a [`SecretStore`]; the OS store unless a test says otherwise.
#[derive(Clone)]
pub struct Keyring(pub Rc<dyn SecretStore>);

impl Default for Keyring {
    fn default() -> Self {
        Self(Rc::new(OsStore))
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
