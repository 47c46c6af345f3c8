//! Keyring storage through the commands, against an in-memory store with injected
//! failures. The real Secret Service is exercised by the integration tests.

use std::path::PathBuf;
use std::rc::Rc;

use clap::Parser;

use crate::auth::file::Storage;
use crate::auth::keyring::Keyring;
use crate::auth::keyring::{MemoryStore, StoreError, account};
use crate::auth::resolve::Sources;
use crate::cli::Cli;
use crate::context::Context;
use crate::ui::Ui;

const TOKEN: &str = "entri_keyringtoken0001";
const OTHER: &str = "entri_keyringtoken0002";

struct Fixture {
    _dir: tempfile::TempDir,
    store: Rc<MemoryStore>,
    ctx: Context,
}

impl Fixture {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let store = Rc::new(MemoryStore::default());
        let mut ctx = Context::for_test(dir.path());
        ctx.auth.keyring = Keyring(store.clone());
        Self {
            _dir: dir,
            store,
            ctx,
        }
    }

    fn global(&self) -> PathBuf {
        self.ctx.auth.global_path().unwrap()
    }

    /// Runs `nt3 <args>`: (error message or exit code, stderr).
    fn nt3(&self, args: &[&str]) -> (Result<u8, String>, String) {
        let cli = Cli::parse_from(["nt3"].iter().chain(args));
        let (mut ui, _, err) = Ui::captured(false);
        let result = crate::run(&self.ctx, cli.command, &mut ui)
            .map(|outcome| outcome.failed.map_or(0, |kind| kind.exit_code()))
            .map_err(|e| format!("{e:#}"));
        (result, err.text())
    }

    fn fail_with(&self, failure: Option<StoreError>) {
        *self.store.failure.borrow_mut() = failure;
    }

    fn file(&self) -> Option<serde_json::Value> {
        let text = std::fs::read_to_string(self.global()).ok()?;
        Some(serde_json::from_str(&text).unwrap())
    }

    fn stored(&self) -> Option<String> {
        self.store
            .entries
            .borrow()
            .get(&account(&self.global()))
            .cloned()
    }
}

#[test]
fn login_resolve_logout_round_trip() {
    let f = Fixture::new();
    let (result, stderr) = f.nt3(&["login", "--no-verify", "--storage", "keyring", "-t", TOKEN]);
    assert_eq!(result, Ok(0));
    assert_eq!(
        stderr,
        "Login successful! Token saved to the OS keyring (entry for ~/.nt3/config.json)\n"
    );
    assert_eq!(f.stored().as_deref(), Some(TOKEN));
    assert_eq!(
        f.file(),
        Some(serde_json::json!({"token_storage": "keyring"})),
        "the file holds no token"
    );

    let active = Sources::new(&f.ctx.auth).active().unwrap().unwrap();
    assert_eq!(active.token.expose(), TOKEN);
    assert_eq!(active.storage, Storage::Keyring);

    let (result, stderr) = f.nt3(&["logout"]);
    assert_eq!(result, Ok(0));
    assert!(
        stderr.starts_with(
            "Logged out successfully. Token removed from the OS keyring and ~/.nt3/config.json\n"
        ),
        "{stderr}"
    );
    assert_eq!(f.stored(), None);
    assert_eq!(f.file(), None, "a file left empty is removed");
}

#[test]
fn an_unavailable_store_fails_closed() {
    let f = Fixture::new();
    f.fail_with(Some(StoreError::Unavailable("no D-Bus session".into())));
    let (result, _) = f.nt3(&["login", "--no-verify", "--storage", "keyring", "-t", TOKEN]);
    assert_eq!(
        result,
        Err("cannot save the token to the OS keyring: the OS keyring is not available: no D-Bus session; nothing was saved".into())
    );
    assert_eq!(f.file(), None, "no plaintext fallback");
    assert!(f.store.entries.borrow().is_empty());
}

#[test]
fn a_locked_store_leaves_the_previous_login_alone() {
    let f = Fixture::new();
    assert_eq!(f.nt3(&["login", "--no-verify", "-t", OTHER]).0, Ok(0));
    let before = std::fs::read(f.global()).unwrap();
    f.fail_with(Some(StoreError::Locked("collection is locked".into())));
    let (result, _) = f.nt3(&["login", "--no-verify", "--storage", "keyring", "-t", TOKEN]);
    assert!(
        result
            .unwrap_err()
            .contains("the OS keyring is locked or refused access")
    );
    assert_eq!(std::fs::read(f.global()).unwrap(), before);
}

#[test]
fn a_store_that_times_out_is_an_error() {
    let f = Fixture::new();
    f.fail_with(Some(StoreError::TimedOut));
    let (result, _) = f.nt3(&["login", "--no-verify", "--storage", "keyring", "-t", TOKEN]);
    assert!(result.unwrap_err().contains("did not answer within 3 s"));
    assert_eq!(f.file(), None);
}

#[test]
fn switching_storage_leaves_no_copy_behind() {
    let f = Fixture::new();
    f.nt3(&["login", "--no-verify", "-t", OTHER]).0.unwrap();
    f.nt3(&["login", "--no-verify", "--storage", "keyring", "-t", TOKEN])
        .0
        .unwrap();
    assert_eq!(
        f.file(),
        Some(serde_json::json!({"token_storage": "keyring"}))
    );
    assert_eq!(f.stored().as_deref(), Some(TOKEN));

    // Without `--storage`, a login keeps the storage the file already uses.
    f.nt3(&["login", "--no-verify", "-t", OTHER]).0.unwrap();
    assert_eq!(f.stored().as_deref(), Some(OTHER));

    let (result, stderr) = f.nt3(&["login", "--no-verify", "--storage", "file", "-t", TOKEN]);
    assert_eq!(result, Ok(0));
    assert!(
        stderr.starts_with("Removed the previous token from the OS keyring\n"),
        "{stderr}"
    );
    assert_eq!(f.stored(), None);
    assert_eq!(f.file(), Some(serde_json::json!({"token": TOKEN})));
}

#[test]
fn a_missing_entry_and_a_locked_store_read_differently() {
    let f = Fixture::new();
    f.nt3(&["login", "--no-verify", "--storage", "keyring", "-t", TOKEN])
        .0
        .unwrap();
    f.store.entries.borrow_mut().clear();
    let missing = Sources::new(&f.ctx.auth).active().unwrap_err();
    assert!(
        missing
            .to_string()
            .ends_with("keeps its token in the OS keyring, but the entry is missing"),
        "{missing}"
    );
    assert_eq!(
        missing.hint.as_deref(),
        Some("log in again with `nt3 login --storage keyring`")
    );

    f.fail_with(Some(StoreError::Locked("collection is locked".into())));
    let locked = Sources::new(&f.ctx.auth).active().unwrap_err();
    assert!(
        locked
            .to_string()
            .contains("the OS keyring is locked or refused access"),
        "{locked}"
    );
    assert_ne!(missing.hint, locked.hint);
}

#[test]
fn logout_cleans_the_marker_when_the_entry_is_already_gone() {
    let f = Fixture::new();
    f.nt3(&[
        "login",
        "--no-verify",
        "--storage",
        "keyring",
        "-u",
        "https://entri.example.com",
        "-t",
        TOKEN,
    ])
    .0
    .unwrap();
    f.store.entries.borrow_mut().clear();
    let (result, stderr) = f.nt3(&["logout"]);
    assert_eq!(result, Ok(0));
    assert_eq!(
        stderr,
        "The OS keyring had no token for ~/.nt3/config.json any more; removed the file's `token_storage` marker\n"
    );
    assert_eq!(
        f.file(),
        Some(serde_json::json!({"api_url": "https://entri.example.com"}))
    );
}

#[test]
fn logout_with_a_locked_store_changes_nothing() {
    let f = Fixture::new();
    f.nt3(&["login", "--no-verify", "--storage", "keyring", "-t", TOKEN])
        .0
        .unwrap();
    f.fail_with(Some(StoreError::Locked("collection is locked".into())));
    let (result, _) = f.nt3(&["logout"]);
    assert!(result.unwrap_err().contains("nothing was changed"));
    assert_eq!(
        f.file(),
        Some(serde_json::json!({"token_storage": "keyring"}))
    );
    f.fail_with(None);
    assert_eq!(f.stored().as_deref(), Some(TOKEN));
}

#[test]
fn offline_commands_do_not_touch_the_store_for_a_file_token() {
    let f = Fixture::new();
    f.nt3(&["login", "--no-verify", "-t", TOKEN]).0.unwrap();
    f.fail_with(Some(StoreError::Locked("would prompt".into())));
    assert_eq!(f.nt3(&["token"]).0, Ok(0));
    assert_eq!(f.nt3(&["status"]).0, Ok(0));
}

#[test]
fn a_token_left_in_a_locked_keyring_is_named_remembered_and_removed_later() {
    let f = Fixture::new();
    f.nt3(&["login", "--no-verify", "--storage", "keyring", "-t", TOKEN])
        .0
        .unwrap();
    f.fail_with(Some(StoreError::Locked("collection is locked".into())));
    let (result, stderr) = f.nt3(&["login", "--no-verify", "--storage", "file", "-t", OTHER]);
    assert_eq!(result, Ok(0));
    let account = account(&f.global());
    let expected = if cfg!(target_os = "linux") {
        format!(
            "warning: the previous token is still in the OS keyring: the OS keyring is locked or refused access: collection is locked\n\
             hint: the entry is service `nt3`, account `{account}`; nt3 removes it at your next `nt3 login` or `nt3 logout` once the keyring is unlocked, or remove it yourself (`secret-tool clear service nt3 username '{account}'`)\n"
        )
    } else {
        "warning: the previous token is still in the OS keyring".into()
    };
    assert!(stderr.starts_with(&expected), "{stderr}");
    assert!(stderr.contains("nt3 removes it at your next"), "{stderr}");
    assert_eq!(
        f.file(),
        Some(serde_json::json!({"token": OTHER, "keyring_leftover": true}))
    );

    // status knows, without touching the locked store.
    let cli = Cli::parse_from(["nt3", "status"]);
    let (mut ui, out, _) = Ui::captured(false);
    assert!(
        crate::run(&f.ctx, cli.command, &mut ui)
            .unwrap()
            .failed
            .is_none()
    );
    assert!(
        out.text().contains(&format!(
            "an earlier token is still in the OS keyring (service `nt3`, account `{}`)",
            account.replace('\\', "/")
        )),
        "{}",
        out.text()
    );

    // Once the store opens, the next login removes the entry and the marker.
    f.fail_with(None);
    assert_eq!(f.stored().as_deref(), Some(TOKEN));
    let (result, stderr) = f.nt3(&["login", "--no-verify", "-t", OTHER]);
    assert_eq!(result, Ok(0));
    assert!(
        stderr.starts_with("Removed the previous token from the OS keyring\n"),
        "{stderr}"
    );
    assert_eq!(f.stored(), None);
    assert_eq!(f.file(), Some(serde_json::json!({"token": OTHER})));
}

#[test]
fn logout_removes_a_leftover_once_the_store_opens() {
    let f = Fixture::new();
    f.nt3(&["login", "--no-verify", "--storage", "keyring", "-t", TOKEN])
        .0
        .unwrap();
    f.fail_with(Some(StoreError::Locked("collection is locked".into())));
    f.nt3(&["login", "--no-verify", "--storage", "file", "-t", OTHER])
        .0
        .unwrap();

    // Still locked: the token leaves the file, the marker stays.
    let (result, stderr) = f.nt3(&["logout"]);
    assert_eq!(result, Ok(0));
    assert!(
        stderr.contains("warning: an earlier token is still in the OS keyring"),
        "{stderr}"
    );
    assert_eq!(
        f.file(),
        Some(serde_json::json!({"keyring_leftover": true}))
    );

    f.fail_with(None);
    let (result, stderr) = f.nt3(&["logout"]);
    assert_eq!(result, Ok(0));
    assert!(
        stderr.contains("Also removed an earlier token that had stayed in the OS keyring"),
        "{stderr}"
    );
    assert_eq!(f.stored(), None);
    assert_eq!(f.file(), None);
}
