//! Where the token comes from, and where it goes.
//!
//! - [`resolve`]: the sources in their order (`NT3_API_TOKEN`, `.nt3.local.json`, the
//!   global file) and the one rule that picks the API URL a token goes to.
//! - [`file`]: credential files — their format, and the one locked, atomic way to
//!   change them.
//! - [`keyring`]: the OS credential store, bounded in time and failing closed.
//! - [`store`]: the one transaction that saves a new token, and the one that removes it.
//!
//! Nothing here prints or asks; the commands do. Nothing here reads the environment;
//! [`crate::context`] hands in what it read.

use std::path::PathBuf;

use crate::env_vars::{Invalid, settled};
use crate::error::Error;
use crate::http::api_url::ApiUrl;
use crate::types::secret::Token;

pub mod file;
pub mod keyring;
pub mod resolve;
pub mod store;

/// What the credential sources need of the world, read once at start-up
/// ([`crate::context::Context`] holds it).
#[derive(Debug, Clone)]
pub struct Settings {
    /// The OS credential store (an in-memory one in unit tests).
    pub keyring: keyring::Keyring,
    /// `NT3_CONFIG_DIR` (absolute), or `~/.nt3`.
    pub config_dir: Result<PathBuf, Invalid>,
    /// Where `.nt3.local.json` is looked for: the project root, else the working
    /// directory.
    pub local_dir: PathBuf,
    /// `NT3_API_TOKEN`, unless unset or empty.
    pub env_token: Option<Result<Token, Invalid>>,
    /// `NT3_API_URL`, unless unset or empty.
    pub env_api_url: Option<Result<ApiUrl, Invalid>>,
    /// The named connection of the global file this run uses; `None` means its default
    /// login.
    pub connection: Option<Chosen>,
}

impl Default for Settings {
    /// No home, no variables: what a unit test starts from.
    fn default() -> Self {
        Self {
            keyring: keyring::Keyring::default(),
            config_dir: Err(no_home()),
            local_dir: PathBuf::new(),
            env_token: None,
            env_api_url: None,
            connection: None,
        }
    }
}

impl Settings {
    /// `~/.nt3/config.json`, or its `NT3_CONFIG_DIR` replacement.
    pub fn global_path(&self) -> Result<PathBuf, Error> {
        match &self.config_dir {
            Ok(dir) => Ok(dir.join(file::GLOBAL_FILE_NAME)),
            Err(invalid) => Err(invalid.error()),
        }
    }

    /// `NT3_CONFIG_DIR` set to what cannot be used (a relative path) is an error for
    /// every command; a missing home directory only for those that need the file.
    pub fn check_config_dir(&self) -> Result<(), Error> {
        match &self.config_dir {
            Err(invalid) if *invalid != no_home() => Err(invalid.error()),
            _ => Ok(()),
        }
    }

    /// `.nt3.local.json` in the project root, else in the current directory.
    pub fn local_path(&self) -> PathBuf {
        self.local_dir.join(file::LOCAL_FILE_NAME)
    }

    /// `NT3_API_URL`, when set.
    pub fn env_api_url(&self) -> Result<Option<&ApiUrl>, Error> {
        settled(self.env_api_url.as_ref())
    }

    /// The connection a project's `.nt3.yml` chose, if that is how this run's connection
    /// was chosen: it picks among the user's own logins for requests made with a token,
    /// never where a login writes.
    pub fn project_connection(&self) -> Option<&str> {
        self.connection
            .as_ref()
            .filter(|chosen| chosen.by == ChosenBy::Project)
            .map(|chosen| chosen.name.as_str())
    }

    /// The connection `login` and `logout` work on: one the user named (flag or
    /// variable), never one a working tree named.
    pub fn own_connection(&self) -> Option<&Chosen> {
        self.connection
            .as_ref()
            .filter(|chosen| chosen.by != ChosenBy::Project)
    }
}

/// Neither `NT3_CONFIG_DIR` nor a home directory: nowhere for the global file.
pub fn no_home() -> Invalid {
    Invalid::new(
        crate::env_vars::NT3_CONFIG_DIR,
        "is not set, and the home directory cannot be found",
    )
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
