//! `--storage keyring` against a real Secret Service (docs/SPEC.md §4). These tests need
//! the session `scripts/with-keyring.sh` sets up, so they are `#[ignore]`d: plain
//! `cargo test` lists them as ignored, and the README's test command runs them with
//! `--include-ignored`. Run without a Secret Service they skip with a note, except under
//! `CI`, where they fail, so CI always shows them run.

use std::process::Command;
#[cfg(target_os = "linux")]
use std::time::{Duration, Instant};

use snapbox::str;

use crate::common::{CANARY, TestEnv, read};

/// A test environment that can reach the Secret Service, or `None` (with a note) when
/// there is none to reach.
fn with_secret_service() -> Option<TestEnv> {
    if std::env::var_os("NT3_TEST_SECRET_SERVICE").is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must run the keyring tests: run the suite inside scripts/with-keyring.sh"
        );
        eprintln!(
            "skipped: no Secret Service; run `scripts/with-keyring.sh cargo test --locked -- --include-ignored`"
        );
        return None;
    }
    let mut env = TestEnv::new();
    for var in ["DBUS_SESSION_BUS_ADDRESS", "XDG_RUNTIME_DIR"] {
        if let Ok(value) = std::env::var(var) {
            env.env(var, value);
        }
    }
    Some(env)
}

/// The secret stored for `path`, read by another client of the Secret Service.
fn lookup(path: &std::path::Path) -> Option<String> {
    let output = Command::new("secret-tool")
        .args(["lookup", "service", "nt3", "username"])
        .arg(path)
        .output()
        .expect("secret-tool is installed with the keyring");
    output
        .status
        .success()
        .then(|| String::from_utf8(output.stdout).unwrap())
}

#[test]
#[ignore = "needs a real Secret Service: scripts/with-keyring.sh cargo test --locked -- --include-ignored"]
fn a_keyring_login_is_read_back_by_a_new_process_and_removed_on_logout() {
    let Some(env) = with_secret_service() else {
        return;
    };
    env.run(&["login", "--no-verify", "--storage", "keyring", "-t", CANARY])
        .success()
        .stderr_eq(str![[r#"
Login successful! Token saved to the OS keyring (entry for ~/.nt3/config.json)

"#]]);
    assert_eq!(
        read(&env.global()),
        "{\n  \"token_storage\": \"keyring\"\n}\n",
        "no token in the file"
    );
    assert_eq!(lookup(&env.global()).as_deref(), Some(CANARY));

    env.run(&["token"])
        .success()
        .stdout_eq(format!("{CANARY}\n"));
    let ran = env.run(&["status"]).success().hides(CANARY);
    assert!(ran.stdout().contains("(keyring)"), "{}", ran.stdout());

    env.run(&["logout"]).success();
    assert_eq!(lookup(&env.global()), None, "the entry is gone");
    assert!(!env.global().exists());
}

#[test]
#[ignore = "needs a real Secret Service: scripts/with-keyring.sh cargo test --locked -- --include-ignored"]
fn each_directory_gets_its_own_entry() {
    let Some(env) = with_secret_service() else {
        return;
    };
    env.run(&[
        "login",
        "--no-verify",
        "--storage",
        "keyring",
        "-t",
        "entri_globalkeyring0001",
    ])
    .success();
    env.run(&[
        "login",
        "--no-verify",
        "--local",
        "--storage",
        "keyring",
        "-t",
        CANARY,
    ])
    .success();
    assert_eq!(
        lookup(&env.global()).as_deref(),
        Some("entri_globalkeyring0001")
    );
    assert_eq!(lookup(&env.local()).as_deref(), Some(CANARY));
    env.run(&["token"])
        .success()
        .stdout_eq(format!("{CANARY}\n"));
    env.run(&["logout", "--local"]).success();
    env.run(&["token"]).success().stdout_eq(str![[r#"
entri_globalkeyring0001

"#]]);
    env.run(&["logout"]).success();
}

#[test]
#[ignore = "needs a real Secret Service: scripts/with-keyring.sh cargo test --locked -- --include-ignored"]
fn moving_back_to_file_storage_removes_the_keyring_copy() {
    let Some(env) = with_secret_service() else {
        return;
    };
    env.run(&["login", "--no-verify", "--storage", "keyring", "-t", CANARY])
        .success();
    env.run(&["login", "--no-verify", "--storage", "file", "-t", CANARY])
        .success();
    assert_eq!(lookup(&env.global()), None);
    assert!(read(&env.global()).contains(CANARY));
}

// Linux: the Secret Service is reached over D-Bus; Windows and macOS stores need no bus.
#[cfg(target_os = "linux")]
#[test]
fn without_a_session_bus_a_keyring_login_fails_at_once_and_writes_nothing() {
    // TestEnv clears the environment, so there is no DBUS_SESSION_BUS_ADDRESS here.
    let env = TestEnv::new();
    let started = Instant::now();
    env.run(&["login", "--no-verify", "--storage", "keyring", "-t", CANARY])
        .code(1)
        .stderr_eq(str![[r#"
error: cannot save the token to the OS keyring: the OS keyring is not available: there is no D-Bus session bus (`DBUS_SESSION_BUS_ADDRESS` is not set); nothing was saved
hint: on Linux nt3 needs a Secret Service (GNOME Keyring, KeePassXC) on the D-Bus session bus; or use `--storage file`

"#]])
        .hides(CANARY);
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "took {:?}",
        started.elapsed()
    );
    assert!(
        !env.home().join(".nt3").exists(),
        "nothing written, not even the directory"
    );
}
