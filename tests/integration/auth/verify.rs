//! The server's opinion of a token: `nt3 login` verification and `nt3 status --check`.

use std::time::{Duration, Instant};

use serde_json::json;
use snapbox::str;
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, ResponseTemplate};

use crate::common::{CANARY, Server, TestEnv, closed_port, page, read};

fn answering(status: u16) -> Server {
    let server = Server::start();
    server.mock(
        Mock::given(method("GET"))
            .and(path("/api/v1/projects"))
            .and(query_param("limit", "1"))
            .and(header("x-api-key", CANARY))
            .respond_with(ResponseTemplate::new(status).set_body_json(match status {
                200 => page(json!([]), 1, 1),
                _ => json!({"statusCode": status, "message": "no"}),
            })),
    );
    server
}

#[test]
fn login_saves_a_token_the_server_accepts() {
    let server = answering(200);
    let env = TestEnv::new();
    env.run(&["login", "-t", CANARY, "-u", &server.uri()])
        .success()
        .stderr_eq(str![[r#"
Login successful! Token saved to ~/.nt3/config.json

"#]]);
    assert!(read(&env.global()).contains(CANARY));
    // One check; then, the token accepted, nt3 looks it up for its expiry.
    let checks = server
        .requests()
        .iter()
        .filter(|r| r.url.path() == "/api/v1/projects" && r.url.query() == Some("limit=1"))
        .count();
    assert_eq!(checks, 1);
}

#[test]
fn login_saves_nothing_when_the_server_rejects_the_token() {
    let server = answering(401);
    let mut env = TestEnv::new();
    env.login_at("entri_previoustoken00", &server);
    let before = read(&env.global());
    env.run(&["login", "-t", CANARY]).code(4).stderr_eq(str![[r#"
error: the server at [SERVER] rejected the token (401 Unauthorized); nothing was saved
hint: the token is invalid, expired or revoked; create a new one in your Entri dashboard > Settings > API Tokens

"#]]).hides(CANARY);
    assert_eq!(
        read(&env.global()),
        before,
        "the previous login is untouched"
    );
}

#[test]
fn login_saves_a_forbidden_token_with_a_note() {
    let server = answering(403);
    let mut env = TestEnv::new();
    env.login_at("entri_previoustoken00", &server);
    env.run(&["login", "-t", CANARY]).success().stderr_eq(str![[r#"
note: the server knows the token but refused a request with it: forbidden: the token lacks permission for GET /api/v1/projects: no
Login successful! Token saved to ~/.nt3/config.json

"#]]);
    assert!(read(&env.global()).contains(CANARY));
}

#[test]
fn login_saves_with_a_warning_when_the_server_is_unreachable() {
    let port = closed_port();
    let env = TestEnv::new();
    let url = format!("http://127.0.0.1:{port}");
    let started = Instant::now();
    let ran = env.run(&["login", "-t", CANARY, "-u", &url]).success();
    assert!(started.elapsed() < Duration::from_secs(3));
    snapbox::assert_data_eq!(
        ran.stderr().replace(&port.to_string(), "[PORT]"),
        str![[r#"
warning: could not verify the token, so it is saved unverified: cannot connect to http://127.0.0.1:[PORT]: Connection refused (os error 111)
Login successful! Token saved to ~/.nt3/config.json

"#]]
    );
    assert!(read(&env.global()).contains(CANARY));
}

#[test]
fn no_verify_sends_nothing() {
    let server = answering(401);
    let env = TestEnv::new();
    env.run(&["login", "--no-verify", "-t", CANARY, "-u", &server.uri()])
        .success();
    assert!(server.requests().is_empty());
}

#[test]
fn status_check_reports_a_valid_token() {
    let server = answering(200);
    let mut env = TestEnv::new();
    env.login_at(CANARY, &server);
    env.run(&["status", "--check"])
        .success()
        .stdout_eq(str![[r#"
Logged in with token entri_…XyZ9
  Source:  [ROOT]/home/.nt3/config.json
  API URL: [SERVER] (from [ROOT]/home/.nt3/config.json)
  Server:  accepts the token

Sources, highest priority first:
  1. NT3_API_TOKEN — not set
  2. [ROOT]/work/.nt3.local.json — not found
  3. [ROOT]/home/.nt3/config.json — active

"#]])
        .stderr_eq(str![""]);
    assert_eq!(
        env.run(&["status", "--check", "--json"]).success().json()["check"],
        json!({"result": "valid"})
    );
}

#[test]
fn status_check_reports_a_rejected_token_with_exit_4() {
    let server = answering(401);
    let mut env = TestEnv::new();
    env.login_at(CANARY, &server);
    env.run(&["status", "--check"])
        .code(4)
        .stdout_eq(str![[r#"
Logged in with token entri_…XyZ9
  Source:  [ROOT]/home/.nt3/config.json
  API URL: [SERVER] (from [ROOT]/home/.nt3/config.json)
  Server:  rejected the token (401: invalid, expired or revoked)

Sources, highest priority first:
  1. NT3_API_TOKEN — not set
  2. [ROOT]/work/.nt3.local.json — not found
  3. [ROOT]/home/.nt3/config.json — active

"#]])
        .stderr_eq(str![[r#"
error: the server rejected the token from [ROOT]/home/.nt3/config.json (401 Unauthorized): no
hint: the token is invalid, expired or revoked; run `nt3 login` with a new one

"#]]);
    let doc = env.run(&["status", "--check", "--json"]).code(4).json();
    assert_eq!(doc["check"]["result"], "rejected");
    assert_eq!(doc["success"], false);
}

#[test]
fn status_check_reports_forbidden_and_unreachable() {
    let server = answering(403);
    let mut env = TestEnv::new();
    env.login_at(CANARY, &server);
    env.run(&["status", "--check"]).code(1).stderr_eq(str![[r#"
error: forbidden: the token lacks permission for GET /api/v1/projects: no
hint: use a token with access to this resource, or ask an organization admin

"#]]);

    let port = closed_port();
    env.write(
        &env.global(),
        format!(r#"{{"token": "{CANARY}", "api_url": "http://127.0.0.1:{port}"}}"#),
    );
    let doc = env.run(&["status", "--check", "--json"]).code(1).json();
    assert_eq!(doc["check"]["result"], "unreachable");
}

#[test]
fn status_check_without_a_token_asks_nothing() {
    // A server at the default's place would be asked if nt3 sent anything: it must not.
    let server = answering(200);
    let mut env = TestEnv::new();
    env.env("NT3_API_URL", server.uri());
    let ran = env.run(&["status", "--check"]).code(4);
    assert!(server.requests().is_empty(), "nothing was sent");
    assert!(
        ran.stdout().starts_with("Not logged in\n"),
        "{}",
        ran.stdout()
    );
    assert!(ran.stderr().contains("nt3 login"), "{}", ran.stderr());
}
