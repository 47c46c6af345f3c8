//! `nt3 token` (docs/SPEC.md §2 token, §1 sources).

#[cfg(unix)]
use std::os::unix::ffi::OsStrExt;

use snapbox::str;

use crate::common::{CANARY, TestEnv};

#[test]
fn prints_the_active_token_alone() {
    let env = TestEnv::new();
    env.login_global(CANARY);
    env.run(&["token"])
        .success()
        .stdout_eq(format!("{CANARY}\n"))
        .stderr_eq(str![""]);
}

#[test]
fn exits_4_without_a_token() {
    let env = TestEnv::new();
    env.run(&["token"])
        .code(4)
        .stdout_eq(str![""])
        .stderr_eq(str![[r#"
error: not logged in: no API token found
hint: run `nt3 login`, or set `NT3_API_TOKEN`

"#]]);
    let doc = env.run(&["token", "--json"]).code(4).json();
    assert_eq!(doc["error"]["kind"], "not_authenticated");
}

#[test]
fn environment_beats_local_beats_global() {
    let mut env = TestEnv::new();
    env.login_global("entri_globaltoken0000");
    env.run(&["token"]).success().stdout_eq(str![[r#"
entri_globaltoken0000

"#]]);
    env.write(&env.local(), r#"{"token": "entri_localtoken00000"}"#);
    env.run(&["token"]).success().stdout_eq(str![[r#"
entri_localtoken00000

"#]]);
    env.env("NT3_API_TOKEN", " entri_envtoken000000\n");
    env.run(&["token"]).success().stdout_eq(str![[r#"
entri_envtoken000000

"#]]);
}

#[test]
fn empty_environment_token_counts_as_unset() {
    let mut env = TestEnv::new();
    env.login_global(CANARY);
    env.env("NT3_API_TOKEN", "");
    env.run(&["token"])
        .success()
        .stdout_eq(format!("{CANARY}\n"));
}

#[test]
fn invalid_environment_token_is_an_error_without_its_value() {
    let mut env = TestEnv::new();
    env.env("NT3_API_TOKEN", "sk_CANARYVALUE");
    env.run(&["token"]).code(1).stdout_eq(str![""]).stderr_eq(str![[r#"
error: `NT3_API_TOKEN` holds an invalid token: Invalid token format. Tokens should start with "entri_"
hint: unset `NT3_API_TOKEN`, or set it to a token starting with `entri_`

"#]]).hides("CANARYVALUE");
}

// Unix: a Windows environment holds UTF-16, where this byte string has no spelling.
#[cfg(unix)]
#[test]
fn non_utf8_environment_token_is_an_error_without_its_value() {
    let env = TestEnv::new();
    let mut cmd = env.command(&["token"]);
    cmd.env(
        "NT3_API_TOKEN",
        std::ffi::OsStr::from_bytes(b"entri_CANARY\xff"),
    );
    let output = cmd.output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(!String::from_utf8_lossy(&output.stderr).contains("CANARY"));
    snapbox::assert_data_eq!(
        output.stderr,
        str![[r#"
error: `NT3_API_TOKEN` is not valid UTF-8
hint: unset `NT3_API_TOKEN`, or set it to a token starting with `entri_`

"#]]
    );
}

#[test]
fn a_token_file_with_a_bad_token_names_the_file_not_the_token() {
    let env = TestEnv::new();
    env.write(&env.global(), r#"{"token": "CANARY not a token"}"#);
    env.run(&["token"]).code(1).stderr_eq(str![[r#"
error: `[ROOT]/home/.nt3/config.json` holds an invalid token: Invalid token format. Tokens should start with "entri_"
hint: log in again with `nt3 login`

"#]]).hides("CANARY");
}
