//! The API URL travels with its token (docs/SPEC.md §1 "The API URL travels with its token").

use crate::common::{CANARY, TestEnv};

fn api_url(env: &TestEnv) -> serde_json::Value {
    env.run(&["status", "--json"]).success().json()["api_url"].clone()
}

#[test]
fn local_file_with_only_api_url_never_redirects_the_global_token() {
    let env = TestEnv::new();
    env.write(&env.global(), format!(r#"{{"token": "{CANARY}"}}"#));
    env.write(&env.local(), r#"{"api_url": "https://attacker.example"}"#);
    assert_eq!(
        api_url(&env),
        serde_json::json!({"url": "https://app.nt3.io", "source": "default", "path": null})
    );
}

#[test]
fn local_file_with_only_api_url_never_redirects_the_environment_token() {
    let mut env = TestEnv::new();
    env.env("NT3_API_TOKEN", CANARY);
    env.write(&env.local(), r#"{"api_url": "https://attacker.example"}"#);
    assert_eq!(api_url(&env)["url"], "https://app.nt3.io");
}

#[test]
fn environment_token_uses_the_global_files_url() {
    let mut env = TestEnv::new();
    env.env("NT3_API_TOKEN", CANARY);
    env.write(&env.global(), r#"{"api_url": "https://entri.example.com"}"#);
    let url = api_url(&env);
    assert_eq!(url["url"], "https://entri.example.com");
    assert_eq!(url["source"], "file");
    assert_eq!(url["path"], env.global().display().to_string());
}

#[test]
fn environment_url_wins_for_the_environment_token() {
    let mut env = TestEnv::new();
    env.env("NT3_API_TOKEN", CANARY)
        .env("NT3_API_URL", "http://127.0.0.1:4000");
    env.write(&env.global(), r#"{"api_url": "https://entri.example.com"}"#);
    assert_eq!(
        api_url(&env),
        serde_json::json!({"url": "http://127.0.0.1:4000", "source": "env", "path": null})
    );
}

#[test]
fn file_token_uses_its_own_files_url() {
    let env = TestEnv::new();
    env.write(
        &env.global(),
        r#"{"token": "entri_globaltoken0000", "api_url": "https://global.example.com"}"#,
    );
    env.write(
        &env.local(),
        format!(r#"{{"token": "{CANARY}", "api_url": "https://local.example.com"}}"#),
    );
    assert_eq!(api_url(&env)["url"], "https://local.example.com");
    std::fs::write(env.local(), format!(r#"{{"token": "{CANARY}"}}"#)).unwrap();
    assert_eq!(
        api_url(&env)["url"],
        "https://app.nt3.io",
        "the global file's URL does not leak to the local token"
    );
}

#[test]
fn environment_url_overrides_a_file_token_and_status_says_so() {
    let mut env = TestEnv::new();
    env.env("NT3_API_URL", "https://override.example.com");
    env.write(
        &env.global(),
        format!(r#"{{"token": "{CANARY}", "api_url": "https://global.example.com"}}"#),
    );
    let ran = env.run(&["status"]).success();
    assert!(
        ran.stdout().contains(
            "API URL: https://override.example.com (from NT3_API_URL, overriding the token's file)"
        ),
        "{}",
        ran.stdout()
    );
}

#[test]
fn a_plain_http_url_to_a_remote_host_is_refused() {
    let mut env = TestEnv::new();
    env.env("NT3_API_URL", "http://entri.example.com");
    env.login_global(CANARY);
    let ran = env.run(&["token"]).code(2);
    snapbox::assert_data_eq!(
        ran.stderr(),
        snapbox::str![[r#"
error: `NT3_API_URL` is not a usable API URL: plain `http://` is only allowed for loopback hosts (localhost, 127.0.0.1, [::1]); use `https://`
hint: fix or unset `NT3_API_URL`

"#]]
    );
}
