//! Credential files that are damaged, oddly shaped, linked or exposed (docs/SPEC.md §1
//! "Credential files"). Whatever nt3 cannot parse it reports and leaves byte-for-byte
//! as it was.

use std::fs;
#[cfg(unix)]
use std::os::unix::fs::PermissionsExt;

use snapbox::str;

use crate::common::{CANARY, TestEnv};
#[cfg(unix)]
use crate::common::{mode, running_as_root};

/// Contents nt3 must refuse, each hiding the canary somewhere a careless error would quote.
fn damaged() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("truncated", format!("{{\"token\": \"{CANARY}").into_bytes()),
        (
            "byte-order mark",
            format!("\u{feff}{{\"token\": \"{CANARY}\"}}").into_bytes(),
        ),
        ("array", format!("[\"{CANARY}\"]").into_bytes()),
        ("bare string", format!("\"{CANARY}\"").into_bytes()),
        (
            "token not a string",
            format!("{{\"token\": [\"{CANARY}\"]}}").into_bytes(),
        ),
        (
            "api_url not a string",
            format!("{{\"token\": \"{CANARY}\", \"api_url\": 443}}").into_bytes(),
        ),
        (
            "bad storage",
            format!("{{\"token_storage\": \"{CANARY}\"}}").into_bytes(),
        ),
        (
            "not UTF-8",
            [format!("{{\"token\": \"{CANARY}").as_bytes(), b"\xff\"}"].concat(),
        ),
        (
            "too large",
            format!(
                "{{\"token\": \"{CANARY}\", \"pad\": \"{}\"}}",
                "x".repeat(1 << 20)
            )
            .into_bytes(),
        ),
    ]
}

#[test]
fn damaged_files_are_reported_with_position_and_never_changed() {
    for (what, contents) in damaged() {
        let env = TestEnv::new();
        env.write(&env.global(), &contents);
        for args in [
            &["token"][..],
            &["status"],
            &["login", "--no-verify", "-t", "entri_newtoken00000"],
            &["logout"],
        ] {
            let ran = env.run(args).hides(CANARY);
            assert_ne!(ran.stdout().len() + ran.stderr().len(), 0);
            let stderr = ran.stderr();
            assert!(
                stderr.contains(&crate::common::unix(&env.global())),
                "{what}, {args:?}: {stderr}"
            );
            if what != "too large" {
                assert!(
                    stderr.contains(" at line "),
                    "{what}, {args:?}: no position in {stderr}"
                );
            }
            assert_eq!(
                fs::read(env.global()).unwrap(),
                contents,
                "{what}: {args:?} changed the file"
            );
        }
    }
}

#[test]
fn damaged_global_file_messages() {
    let env = TestEnv::new();
    env.write(
        &env.global(),
        format!("{{\n  \"token\": \"{CANARY}\",\n  \"api_url\": 443\n}}\n"),
    );
    env.run(&["token"]).code(1).stderr_eq(str![[r#"
error: `[ROOT]/home/.nt3/config.json` is not a valid credential file: `api_url` must be a string, found a number at line 4 column 1
hint: fix or remove the file, or replace it with `nt3 login --force`

"#]]);
    env.run(&["login", "--no-verify", "-t", "entri_newtoken00000"]).code(1).stderr_eq(str![[r#"
error: cannot save the token to `[ROOT]/home/.nt3/config.json`: the file is not a valid credential file: `api_url` must be a string, found a number at line 4 column 1
hint: fix or remove the file, or replace it with `nt3 login --force`

"#]]);
    env.run(&["status"]).code(4).stdout_eq(str![[r#"
Not logged in

Sources, highest priority first:
  1. NT3_API_TOKEN — not set
  2. [ROOT]/work/.nt3.local.json — not found
  3. [ROOT]/home/.nt3/config.json — unusable: it is not a valid credential file: `api_url` must be a string, found a number at line 4 column 1

"#]]).stderr_eq(str![[r#"
error: `[ROOT]/home/.nt3/config.json` is not a valid credential file: `api_url` must be a string, found a number at line 4 column 1
hint: fix or remove the file, or replace it with `nt3 login --force`

"#]]);
}

#[test]
fn damaged_local_file_stops_resolution() {
    let env = TestEnv::new();
    env.login_global("entri_globaltoken0000");
    env.write(&env.local(), "{\"token\": ");
    env.run(&["token"]).code(1).stdout_eq(str![""]).stderr_eq(str![[r#"
error: `[ROOT]/work/.nt3.local.json` is not a valid credential file: EOF while parsing a value at line 1 column 10
hint: fix or remove `.nt3.local.json`, or replace it with `nt3 login --local --force`

"#]]);
}

#[test]
fn force_replaces_a_damaged_file() {
    let env = TestEnv::new();
    env.write(&env.global(), "{\"token\": ");
    env.run(&["login", "--no-verify", "--force", "-t", CANARY])
        .success()
        .stderr_eq(str![[r#"
warning: replaced `~/.nt3/config.json`, which could not be parsed
Login successful! Token saved to ~/.nt3/config.json

"#]])
        .hides(CANARY);
    assert_eq!(
        fs::read_to_string(env.global()).unwrap(),
        format!("{{\n  \"token\": \"{CANARY}\"\n}}\n")
    );
}

// Unix: creating a symbolic link needs a privilege on Windows.
#[cfg(unix)]
#[test]
fn a_symlinked_target_is_refused_and_left_alone() {
    let env = TestEnv::new();
    let elsewhere = env.root().join("dotfiles.json");
    fs::write(&elsewhere, r#"{"token": "entri_linkedtoken0000"}"#).unwrap();
    fs::create_dir_all(env.global().parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(&elsewhere, env.global()).unwrap();
    env.run(&["login", "--no-verify", "-t", CANARY]).code(1).stderr_eq(str![[r#"
error: cannot save the token to `[ROOT]/home/.nt3/config.json`: it is a symbolic link, which nt3 does not write through
hint: remove the link, or set `NT3_CONFIG_DIR` to another directory

"#]]).hides(CANARY);
    env.run(&["logout"]).code(1).stderr_eq(str![[r#"
error: cannot remove the token from `[ROOT]/home/.nt3/config.json`: it is a symbolic link, which nt3 does not write through
hint: remove the link, or set `NT3_CONFIG_DIR` to another directory

"#]]);
    assert!(env.global().is_symlink());
    assert_eq!(
        fs::read_to_string(&elsewhere).unwrap(),
        r#"{"token": "entri_linkedtoken0000"}"#
    );
}

// Unix file modes; Windows access lists are covered by the unit tests of `fs::acl`.
#[cfg(unix)]
#[test]
fn a_loose_mode_is_warned_about_with_the_fix() {
    let env = TestEnv::new();
    env.login_global(CANARY);
    fs::set_permissions(env.global(), fs::Permissions::from_mode(0o644)).unwrap();
    env.run(&["token"]).success().stderr_eq(str![[r#"
warning: `[ROOT]/home/.nt3/config.json` has mode 0644, so other users can read it; run `chmod 600 [ROOT]/home/.nt3/config.json`

"#]]);
    env.run(&["status"]).success().stdout_eq(str![[r#"
Logged in with token entri_…XyZ9
  Source:  [ROOT]/home/.nt3/config.json
  API URL: https://app.nt3.io (default)

Sources, highest priority first:
  1. NT3_API_TOKEN — not set
  2. [ROOT]/work/.nt3.local.json — not found
  3. [ROOT]/home/.nt3/config.json — active
     mode 0644 lets other users read it; run `chmod 600 [ROOT]/home/.nt3/config.json`

"#]]);
}

// Unix file modes; Windows access lists are covered by the unit tests of `fs::acl`.
#[cfg(unix)]
#[test]
fn an_unreadable_file_is_reported_as_such() {
    if running_as_root() {
        eprintln!("running as root: nt3 runs as uid 65534 for this test so the file mode applies");
    }
    let env = TestEnv::new();
    env.login_global(CANARY);
    fs::set_permissions(env.global(), fs::Permissions::from_mode(0o000)).unwrap();
    env.run_unprivileged(&["status"])
        .code(4)
        .hides(CANARY)
        .stdout_eq(str![[r#"
Not logged in

Sources, highest priority first:
  1. NT3_API_TOKEN — not set
  2. [ROOT]/work/.nt3.local.json — not found
  3. [ROOT]/home/.nt3/config.json — unusable: it cannot be read: Permission denied (os error 13)

"#]])
        .stderr_eq(str![[r#"
error: `[ROOT]/home/.nt3/config.json` cannot be read: Permission denied (os error 13)
hint: check the file's owner and permissions

"#]]);
    assert_eq!(mode(&env.global()), 0o000);
}
