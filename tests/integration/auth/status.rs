//! `nt3 status` (docs/SPEC.md §2 status).

use snapbox::str;

use crate::common::{CANARY, TestEnv};

#[test]
fn not_logged_in_exits_4() {
    let env = TestEnv::new();
    env.run(&["status"])
        .code(4)
        .stdout_eq(str![[r#"
Not logged in

Sources, highest priority first:
  1. NT3_API_TOKEN — not set
  2. [ROOT]/work/.nt3.local.json — not found
  3. [ROOT]/home/.nt3/config.json — not found

"#]])
        .stderr_eq(str![[r#"
error: not logged in: no API token found
hint: run `nt3 login`, or set `NT3_API_TOKEN`

"#]]);
}

#[test]
fn shows_the_global_login() {
    let env = TestEnv::new();
    env.login_global(CANARY);
    env.run(&["status"])
        .success()
        .stdout_eq(str![[r#"
Logged in with token entri_…XyZ9
  Source:  [ROOT]/home/.nt3/config.json
  API URL: https://app.nt3.io (default)

Sources, highest priority first:
  1. NT3_API_TOKEN — not set
  2. [ROOT]/work/.nt3.local.json — not found
  3. [ROOT]/home/.nt3/config.json — active

"#]])
        .stderr_eq(str![""])
        .hides(CANARY);
}

#[test]
fn marks_shadowed_and_tokenless_sources() {
    let mut env = TestEnv::new();
    env.login_global("entri_globaltoken0000");
    env.write(&env.local(), r#"{"api_url": "https://entri.example.com"}"#);
    env.env("NT3_API_TOKEN", CANARY);
    env.run(&["status"])
        .success()
        .stdout_eq(str![[r#"
Logged in with token entri_…XyZ9
  Source:  NT3_API_TOKEN
  API URL: https://app.nt3.io (default)

Sources, highest priority first:
  1. NT3_API_TOKEN — active
  2. [ROOT]/work/.nt3.local.json — no token (its `api_url` is not used without one)
  3. [ROOT]/home/.nt3/config.json — shadowed (token entri_…0000)

"#]])
        .hides(CANARY)
        .hides("entri_globaltoken0000");
}

#[test]
fn show_token_prints_it_in_full() {
    let env = TestEnv::new();
    env.login_global(CANARY);
    let ran = env.run(&["status", "--show-token"]).success();
    assert!(
        ran.stdout()
            .starts_with(&format!("Logged in with token {CANARY}\n")),
        "{}",
        ran.stdout()
    );
    let doc = env
        .run(&["status", "--show-token", "--json"])
        .success()
        .json();
    assert_eq!(doc["token"]["value"], CANARY);
}

#[test]
fn json_gives_the_same_facts() {
    let env = TestEnv::new();
    env.write(
        &env.local(),
        format!(r#"{{"token": "{CANARY}", "api_url": "http://localhost:3000"}}"#),
    );
    env.login_global("entri_globaltoken0000");
    let doc = env
        .run(&["status", "--json"])
        .success()
        .stderr_eq(str![""])
        .hides(CANARY)
        .json();
    let text = serde_json::to_string_pretty(&doc).unwrap();
    let text = String::from_utf8(crate::common::windows_as_unix(text.as_bytes()))
        .unwrap()
        .replace(&crate::common::unix(&env.root()), "[ROOT]");
    snapbox::assert_data_eq!(
        text,
        str![[r#"
{
  "success": true,
  "authenticated": true,
  "token": {
    "masked": "entri_…XyZ9",
    "source": "local",
    "path": "[ROOT]/work/.nt3.local.json",
    "storage": "file",
    "connection": null
  },
  "api_url": {
    "url": "http://localhost:3000",
    "source": "file",
    "path": "[ROOT]/work/.nt3.local.json"
  },
  "sources": [
    {
      "source": "env",
      "name": "NT3_API_TOKEN",
      "state": "absent"
    },
    {
      "source": "local",
      "name": "[ROOT]/work/.nt3.local.json",
      "state": "active"
    },
    {
      "source": "global",
      "name": "[ROOT]/home/.nt3/config.json",
      "state": "shadowed"
    }
  ],
  "connection": null
}
"#]]
    );
}

#[test]
fn json_without_a_token_is_one_failure_document() {
    let env = TestEnv::new();
    let doc = env.run(&["status", "--json"]).code(4).json();
    assert_eq!(doc["success"], false);
    assert_eq!(doc["authenticated"], false);
    assert_eq!(doc["error"]["kind"], "not_authenticated");
}

#[test]
fn config_dir_variable_is_shown_as_the_global_source() {
    let mut env = TestEnv::new();
    let dir = env.root().join("cfg");
    env.env("NT3_CONFIG_DIR", dir.display().to_string());
    env.write(
        &dir.join("config.json"),
        format!(r#"{{"token": "{CANARY}"}}"#),
    );
    env.run(&["status"]).success().stdout_eq(str![[r#"
Logged in with token entri_…XyZ9
  Source:  [ROOT]/cfg/config.json
  API URL: https://app.nt3.io (default)

Sources, highest priority first:
  1. NT3_API_TOKEN — not set
  2. [ROOT]/work/.nt3.local.json — not found
  3. [ROOT]/cfg/config.json — active

"#]]);
}
