//! The OS credential store (Secret Service on Linux, Keychain on macOS, Credential
//! Manager on Windows), behind a small interface.
//!
//! A token kept there is found by service [`SERVICE`] and, as the account, the absolute
//! path of the credential file that refers to it: `~/.nt3/config.json` for the global
//! login, `<dir>/.nt3.local.json` for each folder. Every directory thus has its own entry.
//!
//! Every call is bounded: it runs on a helper thread and is abandoned after
//! [`CALL_TIMEOUT`], so a store waiting on an unlock prompt nobody will answer is an
//! error, not a hang. Nothing here falls back to plaintext; callers fail closed.

use std::fmt;
use std::path::Path;
use std::rc::Rc;
use std::sync::mpsc;
use std::time::Duration;

use crate::env_vars::DBUS_SESSION_BUS_ADDRESS;
use crate::error::root_cause;
use crate::types::secret::Secret;
use crate::ui::{Message, msg, outside};

pub const SERVICE: &str = "nt3";
pub const CALL_TIMEOUT: Duration = Duration::from_secs(3);

/// The keyring entry for a credential file.
pub fn account(path: &Path) -> String {
    path.display().to_string()
}

/// Where an earlier token nt3 could not remove stays, and how it goes away.
pub fn leftover_hint(account: &str) -> Message {
    msg!(
        "the entry is service `{}`, account `{}`; nt3 removes it at your next `nt3 login` or `nt3 logout` once the keyring is unlocked, or remove it yourself ({})",
        SERVICE,
        outside(account),
        by_hand(account)
    )
}

/// How a person removes the entry for `account` with the platform's own tool.
fn by_hand(account: &str) -> Message {
    if cfg!(windows) {
        msg!("in Credential Manager, under Windows Credentials")
    } else if cfg!(target_os = "macos") {
        msg!(
            "`security delete-generic-password -s {} -a '{}'`",
            SERVICE,
            outside(account)
        )
    } else {
        msg!(
            "`secret-tool clear service {} username '{}'`",
            SERVICE,
            outside(account)
        )
    }
}

/// Why the store could not do what was asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreError {
    /// There is no store to talk to (no D-Bus session, no Secret Service, …).
    Unavailable(String),
    /// The store is locked, or refused access.
    Locked(String),
    /// The store did not answer within [`CALL_TIMEOUT`].
    TimedOut,
    Failed(String),
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unavailable(detail) => write!(f, "the OS keyring is not available: {detail}"),
            Self::Locked(detail) => {
                write!(f, "the OS keyring is locked or refused access: {detail}")
            }
            Self::TimedOut => write!(
                f,
                "the OS keyring did not answer within {} s",
                CALL_TIMEOUT.as_secs()
            ),
            Self::Failed(detail) => write!(f, "the OS keyring failed: {detail}"),
        }
    }
}

impl std::error::Error for StoreError {}

impl StoreError {
    /// What the user can do about it.
    pub fn hint(&self) -> &'static str {
        match self {
            Self::Unavailable(_) => {
                "on Linux nt3 needs a Secret Service (GNOME Keyring, KeePassXC) on the D-Bus session bus; or use `--storage file`"
            }
            Self::Locked(_) | Self::TimedOut => {
                "unlock your keyring (log in to your desktop session or open your keyring manager) and try again"
            }
            Self::Failed(_) => "try again, or use `--storage file`",
        }
    }
}

/// A place for secrets, keyed by account.
pub trait SecretStore {
    /// The secret, or `None` when there is no entry.
    fn get(&self, account: &str) -> Result<Option<Secret>, StoreError>;
    fn set(&self, account: &str, secret: &Secret) -> Result<(), StoreError>;
    /// Deletes the entry; `false` when there was none.
    fn delete(&self, account: &str) -> Result<bool, StoreError>;
}

/// The platform's store, through the `keyring` crate.
pub struct OsStore {
    /// Whether `DBUS_SESSION_BUS_ADDRESS` is set, to explain an unavailable store.
    pub session_bus: bool,
}

impl SecretStore for OsStore {
    fn get(&self, account: &str) -> Result<Option<Secret>, StoreError> {
        let account = account.to_owned();
        let bus = self.session_bus;
        bounded(move || match entry(&account, bus)?.get_password() {
            Ok(secret) => Ok(Some(Secret::new(secret))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(err) => Err(classify(err)),
        })
    }

    fn set(&self, account: &str, secret: &Secret) -> Result<(), StoreError> {
        let (account, secret) = (account.to_owned(), secret.clone());
        let bus = self.session_bus;
        bounded(move || {
            entry(&account, bus)?
                .set_password(secret.expose())
                .map_err(classify)
        })
    }

    fn delete(&self, account: &str) -> Result<bool, StoreError> {
        let account = account.to_owned();
        let bus = self.session_bus;
        bounded(move || match entry(&account, bus)?.delete_credential() {
            Ok(()) => Ok(true),
            Err(keyring::Error::NoEntry) => Ok(false),
            Err(err) => Err(classify(err)),
        })
    }
}

fn entry(account: &str, session_bus: bool) -> Result<keyring::Entry, StoreError> {
    keyring::Entry::new(SERVICE, account).map_err(|err| match err {
        keyring::Error::NoDefaultStore => {
            StoreError::Unavailable(match keyring::Entry::store_status() {
                _ if cfg!(target_os = "linux") && !session_bus => {
                    format!(
                        "there is no D-Bus session bus (`{DBUS_SESSION_BUS_ADDRESS}` is not set)"
                    )
                }
                Err(err) => root_cause(err),
                Ok(()) => "no credential store".into(),
            })
        }
        err => classify(err),
    })
}

/// Runs one store call on a helper thread and stops waiting after [`CALL_TIMEOUT`].
/// A call that never returns leaves its thread behind; the process exits soon anyway.
fn bounded<T: Send + 'static>(
    call: impl FnOnce() -> Result<T, StoreError> + Send + 'static,
) -> Result<T, StoreError> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(call());
    });
    match rx.recv_timeout(CALL_TIMEOUT) {
        Ok(result) => result,
        Err(mpsc::RecvTimeoutError::Timeout) => Err(StoreError::TimedOut),
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            Err(StoreError::Failed("the keyring call crashed".into()))
        }
    }
}

fn classify(err: keyring::Error) -> StoreError {
    match err {
        keyring::Error::NoStorageAccess(_) => StoreError::Locked(root_cause(&err)),
        keyring::Error::NoDefaultStore | keyring::Error::PlatformFailure(_) => {
            StoreError::Unavailable(root_cause(&err))
        }
        _ => StoreError::Failed(root_cause(&err)),
    }
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

/// An in-memory store for unit tests, with injectable failures.
#[cfg(test)]
#[derive(Default)]
pub struct MemoryStore {
    pub entries: std::cell::RefCell<std::collections::BTreeMap<String, String>>,
    pub failure: std::cell::RefCell<Option<StoreError>>,
}

#[cfg(test)]
impl MemoryStore {
    fn fail(&self) -> Result<(), StoreError> {
        self.failure.borrow().clone().map_or(Ok(()), Err)
    }
}

#[cfg(test)]
impl SecretStore for MemoryStore {
    fn get(&self, account: &str) -> Result<Option<Secret>, StoreError> {
        self.fail()?;
        Ok(self.entries.borrow().get(account).cloned().map(Secret::new))
    }

    fn set(&self, account: &str, secret: &Secret) -> Result<(), StoreError> {
        self.fail()?;
        self.entries
            .borrow_mut()
            .insert(account.into(), secret.expose().into());
        Ok(())
    }

    fn delete(&self, account: &str) -> Result<bool, StoreError> {
        self.fail()?;
        Ok(self.entries.borrow_mut().remove(account).is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_call_that_never_returns_times_out() {
        let started = std::time::Instant::now();
        let result: Result<(), _> = bounded(|| {
            std::thread::sleep(Duration::from_secs(60));
            Ok(())
        });
        assert_eq!(result, Err(StoreError::TimedOut));
        let waited = started.elapsed();
        assert!(
            waited >= CALL_TIMEOUT && waited < CALL_TIMEOUT + Duration::from_secs(1),
            "{waited:?}"
        );
    }

    #[test]
    fn a_call_that_crashes_is_a_failure_not_a_hang() {
        let result: Result<(), _> = bounded(|| panic!("store bug"));
        assert!(matches!(result, Err(StoreError::Failed(_))), "{result:?}");
    }

    #[test]
    fn messages_tell_locked_and_unavailable_apart() {
        let locked = StoreError::Locked("org.freedesktop.Secret.Error.IsLocked".into());
        let unavailable = StoreError::Unavailable("no D-Bus session".into());
        assert_ne!(locked.hint(), unavailable.hint());
        assert!(locked.to_string().contains("locked"));
        assert!(unavailable.to_string().contains("not available"));
    }
}

#[cfg(test)]
mod command_tests;
