//! `nt3 logout` (docs/SPEC.md §2 logout).

use snapbox::str;

use crate::common::{CANARY, TestEnv, read};

#[test]
fn removes_only_the_token() {
    let env = TestEnv::new();
    env.write(
        &env.global(),
        format!(r#"{{"token": "{CANARY}", "api_url": "https://entri.example.com", "team": 7}}"#),
    );
    env.run(&["logout"])
        .success()
        .stdout_eq(str![])
        .stderr_eq(str![[r#"
Logged out successfully. Token removed from ~/.nt3/config.json
The token stays valid until you revoke it in your Entri dashboard > Settings > API Tokens

"#]])
        .hides(CANARY);
    assert_eq!(
        read(&env.global()),
        "{\n  \"api_url\": \"https://entri.example.com\",\n  \"team\": 7\n}\n"
    );
}

#[test]
fn signout_is_an_alias_and_an_emptied_file_is_removed() {
    let env = TestEnv::new();
    env.login_global(CANARY);
    env.run(&["signout"]).success();
    assert!(!env.global().exists());
    assert!(env.global().parent().unwrap().exists());
}

#[test]
fn local_logout_leaves_the_global_login() {
    let env = TestEnv::new();
    env.login_global("entri_globaltoken0000");
    env.write(&env.local(), format!(r#"{{"token": "{CANARY}"}}"#));
    env.run(&["logout", "--local"])
        .success()
        .stderr_eq(str![[r#"
Logged out. Token removed from .nt3.local.json
The token stays valid until you revoke it in your Entri dashboard > Settings > API Tokens

"#]])
        .hides(CANARY);
    assert!(!env.local().exists());
    assert!(read(&env.global()).contains("entri_globaltoken0000"));
}

#[test]
fn without_a_token_it_says_so_and_succeeds() {
    let env = TestEnv::new();
    env.run(&["logout"]).success().stderr_eq(str![[r#"
Not logged in: there is no token in ~/.nt3/config.json

"#]]);
    env.write(&env.local(), r#"{"api_url": "https://entri.example.com"}"#);
    env.run(&["logout", "--local"])
        .success()
        .stderr_eq(str![[r#"
Not logged in: there is no token in .nt3.local.json

"#]]);
    assert_eq!(
        read(&env.local()),
        r#"{"api_url": "https://entri.example.com"}"#,
        "left untouched"
    );
}

#[test]
fn reminds_that_the_environment_token_is_still_set() {
    let mut env = TestEnv::new();
    env.env("NT3_API_TOKEN", CANARY);
    env.login_global("entri_globaltoken0000");
    env.run(&["logout"])
        .success()
        .stderr_eq(str![[r#"
Logged out successfully. Token removed from ~/.nt3/config.json
The token stays valid until you revoke it in your Entri dashboard > Settings > API Tokens
warning: `NT3_API_TOKEN` is still set, so nt3 keeps using that token
hint: unset `NT3_API_TOKEN` to log out completely

"#]])
        .hides(CANARY);
}

#[test]
fn json_reports_what_was_removed() {
    let env = TestEnv::new();
    env.login_global(CANARY);
    let doc = env
        .run(&["logout", "--json"])
        .success()
        .hides(CANARY)
        .json();
    assert_eq!(doc["success"], true);
    assert_eq!(doc["removed"], true);
    let doc = env.run(&["logout", "--json"]).success().json();
    assert_eq!(doc["removed"], false);
}
