//! The HTTP layer's rules (docs/SPEC.md §3): headers, origin binding, timeouts, retries, errors.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::time::{Duration, Instant, SystemTime};

use serde_json::json;
use snapbox::str;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, ResponseTemplate};

use crate::common::{CANARY, Server, TestEnv, closed_port, page};

fn projects_ok() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(page(json!([{"id": "p1", "name": "Site"}]), 1, 1))
}

fn api_key(request: &wiremock::Request) -> Option<&str> {
    request
        .headers
        .get("x-api-key")
        .and_then(|v| v.to_str().ok())
}

#[test]
fn every_request_carries_the_token_and_user_agent() {
    let server = Server::start();
    server.mock(
        Mock::given(method("GET"))
            .and(path("/api/v1/projects"))
            .and(header("x-api-key", CANARY))
            .and(header(
                "user-agent",
                concat!("nt3/", env!("CARGO_PKG_VERSION")),
            ))
            .respond_with(projects_ok()),
    );
    let mut env = TestEnv::new();
    env.login_at(CANARY, &server);
    env.run(&["projects"]).success().hides(CANARY);
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn a_redirect_to_another_port_does_not_deliver_the_token() {
    let (first, second) = (Server::start(), Server::start());
    second.mock(Mock::given(method("GET")).respond_with(projects_ok()));
    first.mock(
        Mock::given(path("/api/v1/projects")).respond_with(
            ResponseTemplate::new(302)
                .insert_header("location", format!("{}/api/v1/projects", second.uri())),
        ),
    );
    let mut env = TestEnv::new();
    env.login_at(CANARY, &first);
    let ran = env
        .run(&["projects"])
        .code(1)
        .stdout_eq(str![""])
        .hides(CANARY);
    snapbox::assert_data_eq!(
        ran.stderr()
            .replace(&second.uri(), "[OTHER]")
            .replace(&first.uri(), "[SERVER]"),
        str![[r#"
error: refusing to follow a redirect to [OTHER]: nt3 sends the token only to [SERVER]
hint: check `api_url`: it should name the Entri API directly

"#]]
    );
    assert!(
        second.requests().is_empty(),
        "the other port received a request"
    );
}

#[test]
fn a_redirect_from_127_0_0_1_to_localhost_is_another_origin() {
    let server = Server::start();
    server.mock(Mock::given(path("/api/v1/elsewhere")).respond_with(projects_ok()));
    server.mock(Mock::given(path("/api/v1/projects")).respond_with(
        ResponseTemplate::new(302).insert_header(
            "location",
            format!("http://localhost:{}/api/v1/elsewhere", server.port()),
        ),
    ));
    let mut env = TestEnv::new();
    env.login_at(CANARY, &server);
    let ran = env.run(&["projects"]).code(1);
    snapbox::assert_data_eq!(
        ran.stderr().replace(&server.port().to_string(), "[PORT]"),
        str![[r#"
error: refusing to follow a redirect to http://localhost:[PORT]: nt3 sends the token only to http://127.0.0.1:[PORT]
hint: check `api_url`: it should name the Entri API directly

"#]]
    );
    let paths: Vec<String> = server
        .requests()
        .iter()
        .map(|r| r.url.path().to_string())
        .collect();
    assert_eq!(paths, ["/api/v1/projects"], "the redirect was not followed");
}

#[test]
fn a_redirect_within_the_origin_is_followed() {
    let server = Server::start();
    server.mock(
        Mock::given(path("/api/v1/moved"))
            .and(header("x-api-key", CANARY))
            .respond_with(projects_ok()),
    );
    server.mock(
        Mock::given(path("/api/v1/projects"))
            .respond_with(ResponseTemplate::new(301).insert_header("location", "/api/v1/moved")),
    );
    let mut env = TestEnv::new();
    env.login_at(CANARY, &server);
    env.run(&["projects"]).success();
}

#[test]
fn a_local_api_url_without_a_token_never_receives_the_global_token() {
    let (global, local) = (Server::start(), Server::start());
    global.mock(Mock::given(method("GET")).respond_with(projects_ok()));
    local.mock(Mock::given(method("GET")).respond_with(projects_ok()));
    let mut env = TestEnv::new();
    env.login_at(CANARY, &global);
    env.write(&env.local(), format!(r#"{{"api_url": "{}"}}"#, local.uri()));
    env.run(&["projects"]).success();
    env.run(&["status", "--check"]).success();
    env.run(&["api", "projects"]).success();
    assert!(
        local.requests().is_empty(),
        "the local api_url received a request"
    );
    assert!(global.requests().iter().all(|r| api_key(r) == Some(CANARY)));
    assert!(
        global.requests().len() >= 3,
        "every command reached the global URL"
    );
}

#[test]
fn unauthorized_names_the_source_and_the_fix() {
    let server = Server::start();
    server.mock(Mock::given(method("GET")).respond_with(ResponseTemplate::new(401).set_body_json(
        json!({"statusCode": 401, "error": "Unauthorized", "message": "Invalid API key", "timestamp": "2026-11-23T10:00:00Z", "path": "/api/v1/projects"}),
    )));
    let mut env = TestEnv::new();
    env.login_at(CANARY, &server);
    env.run(&["projects"]).code(4).stderr_eq(str![[r#"
error: the server rejected the token from [ROOT]/home/.nt3/config.json (401 Unauthorized): Invalid API key
hint: the token is invalid, expired or revoked; run `nt3 login` with a new one

"#]]).hides(CANARY);
    assert_eq!(server.requests().len(), 1, "401 is never retried");
}

#[test]
fn forbidden_says_the_token_lacks_permission() {
    let server = Server::start();
    server.mock(Mock::given(method("GET")).respond_with(ResponseTemplate::new(403).set_body_json(
        json!({"statusCode": 403, "error": "Forbidden", "message": ["missing scope projects:read"]}),
    )));
    let mut env = TestEnv::new();
    env.login_at(CANARY, &server);
    env.run(&["projects"]).code(1).stderr_eq(str![[r#"
error: forbidden: the token lacks permission for GET /api/v1/projects: missing scope projects:read
hint: use a token with access to this resource, or ask an organization admin

"#]]);
    assert_eq!(server.requests().len(), 1, "403 is never retried");
}

#[test]
fn not_found_names_the_resource() {
    let server = Server::start();
    server.mock(
        Mock::given(method("GET")).respond_with(ResponseTemplate::new(404).set_body_json(
            json!({"statusCode": 404, "error": "Not Found", "message": "Project proj_x not found"}),
        )),
    );
    let mut env = TestEnv::new();
    env.login_at(CANARY, &server);
    env.run(&["api", "projects/proj_x"])
        .code(1)
        .stderr_eq(str![[r#"
error: not found: GET /api/v1/projects/proj_x: Project proj_x not found

"#]]);
}

#[test]
fn too_many_requests_waits_for_retry_after_seconds() {
    let server = Server::start();
    server.mock(
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "1"))
            .up_to_n_times(1)
            .with_priority(1),
    );
    server.mock(Mock::given(method("GET")).respond_with(projects_ok()));
    let mut env = TestEnv::new();
    env.login_at(CANARY, &server);
    let started = Instant::now();
    env.run(&["projects"]).success().stderr_eq(str![[r#"
warning: the server answered 429 Too Many Requests; retrying in 1s (attempt 2 of 3)

"#]]);
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "Retry-After was honoured"
    );
    assert_eq!(server.requests().len(), 2);
}

#[test]
fn too_many_requests_waits_for_a_retry_after_date() {
    let server = Server::start();
    let at = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(2));
    server.mock(
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(429).insert_header("retry-after", at.as_str()))
            .up_to_n_times(1)
            .with_priority(1),
    );
    server.mock(
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(201).set_body_json(json!({"ok": true}))),
    );
    let mut env = TestEnv::new();
    env.login_at(CANARY, &server);
    let started = Instant::now();
    // 429 is retried even for POST.
    env.run(&["api", "-X", "POST", "projects", "-d", "{}"])
        .success()
        .stdout_eq(str![[r#"
{"ok":true}

"#]]);
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "the HTTP date was honoured"
    );
    assert_eq!(server.requests().len(), 2);
}

#[test]
fn unavailable_is_retried_three_times_for_get_only() {
    let server = Server::start();
    server.mock(
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(503).insert_header("retry-after", "0")),
    );
    server.mock(
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(503).insert_header("retry-after", "0")),
    );
    let mut env = TestEnv::new();
    env.login_at(CANARY, &server);
    env.run(&["projects"]).code(1).stderr_eq(str![[r#"
warning: the server answered 503 Service Unavailable; retrying in 0s (attempt 2 of 3)
warning: the server answered 503 Service Unavailable; retrying in 0s (attempt 3 of 3)
error: GET /api/v1/projects failed with 503 Service Unavailable

"#]]);
    assert_eq!(server.requests().len(), 3, "at most 3 attempts");
    env.run(&["api", "-X", "POST", "projects", "-d", "{}"])
        .code(1);
    assert_eq!(server.requests().len(), 4, "POST is not retried on 503");
}

#[test]
fn a_retry_after_beyond_the_budget_is_not_waited_for() {
    let server = Server::start();
    server.mock(
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "3600")),
    );
    let mut env = TestEnv::new();
    env.login_at(CANARY, &server);
    let started = Instant::now();
    env.run(&["projects"]).code(1);
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn an_html_error_page_is_reported_not_dumped() {
    let server = Server::start();
    server.mock(
        Mock::given(method("GET")).respond_with(
            ResponseTemplate::new(500)
                .set_body_raw("<html><body>SECRET-PROXY-PAGE</body></html>", "text/html"),
        ),
    );
    let mut env = TestEnv::new();
    env.login_at(CANARY, &server);
    env.run(&["projects"]).code(1).stderr_eq(str![[r#"
error: GET /api/v1/projects failed with 500 Internal Server Error (the answer was text/html, not JSON)

"#]]).hides("SECRET-PROXY-PAGE");
}

#[test]
fn a_success_that_is_not_json_is_reported_not_dumped() {
    let server = Server::start();
    server.mock(Mock::given(method("GET")).respond_with(
        ResponseTemplate::new(200).set_body_raw("<html>LOGIN-PAGE</html>", "text/html"),
    ));
    let mut env = TestEnv::new();
    env.login_at(CANARY, &server);
    env.run(&["projects"])
        .code(1)
        .stderr_eq(str![[r#"
error: the answer to GET /api/v1/projects is not JSON (it is text/html, 23 bytes)
hint: a proxy or login page may stand between nt3 and the API; check `nt3 status`

"#]])
        .hides("LOGIN-PAGE");
}

#[test]
fn a_refused_connection_fails_at_once() {
    let port = closed_port();
    let env = TestEnv::new();
    env.write(
        &env.global(),
        format!(r#"{{"token": "{CANARY}", "api_url": "http://127.0.0.1:{port}"}}"#),
    );
    let started = Instant::now();
    let ran = env.run(&["projects"]).code(1).hides(CANARY);
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "took {:?}",
        started.elapsed()
    );
    let stderr = ran.stderr().replace(&port.to_string(), "[PORT]");
    snapbox::assert_data_eq!(
        stderr,
        str![[r#"
error: cannot connect to http://127.0.0.1:[PORT]: Connection refused (os error 111)
hint: check your network and the API URL shown by `nt3 status`

"#]]
    );
}

/// A loopback port that accepts connections and holds them open without a word.
fn silent_server() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let held: Vec<_> = listener.incoming().take(4).collect();
        std::thread::sleep(Duration::from_secs(30));
        drop(held);
    });
    port
}

/// An environment logged in with the canary at a silent server's port.
fn logged_in_at_silent(port: u16) -> TestEnv {
    let env = TestEnv::new();
    env.write(
        &env.global(),
        format!(r#"{{"token": "{CANARY}", "api_url": "http://127.0.0.1:{port}"}}"#),
    );
    env
}

#[test]
fn a_server_that_never_answers_ends_at_the_timeout() {
    let port = silent_server();
    let mut env = logged_in_at_silent(port);
    env.env("NT3_TIMEOUT", "1");
    let started = Instant::now();
    let ran = env.run(&["projects"]).code(1);
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "took {:?}",
        started.elapsed()
    );
    let stderr = ran.stderr().replace(&port.to_string(), "[PORT]");
    snapbox::assert_data_eq!(
        stderr,
        str![[r#"
error: no answer from http://127.0.0.1:[PORT] within 1s
hint: the server may be down or slow; `NT3_TIMEOUT` sets the limit in seconds

"#]]
    );
}

#[test]
fn a_dropped_connection_is_retried_for_get() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = std::thread::spawn(move || {
        let mut served = 0;
        for (i, stream) in listener.incoming().take(2).enumerate() {
            let mut stream = stream.unwrap();
            let mut buf = [0u8; 4096];
            let _ = stream.read(&mut buf);
            if i == 0 {
                continue; // hang up without an answer
            }
            let body =
                r#"{"data": [], "meta": {"page": 1, "limit": 200, "total": 0, "totalPages": 1}}"#;
            let reply = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            stream.write_all(reply.as_bytes()).unwrap();
            served += 1;
        }
        served
    });
    let env = TestEnv::new();
    env.write(
        &env.global(),
        format!(r#"{{"token": "{CANARY}", "api_url": "http://127.0.0.1:{port}"}}"#),
    );
    let ran = env.run(&["projects"]).success();
    assert!(
        ran.stderr()
            .contains("the connection was dropped; retrying in"),
        "{}",
        ran.stderr()
    );
    assert_eq!(server.join().unwrap(), 1);
}

#[test]
fn trace_logging_and_backtraces_never_show_the_token() {
    let server = Server::start();
    server.mock(Mock::given(path("/api/v1/projects")).respond_with(projects_ok()));
    server.mock(
        Mock::given(path("/api/v1/broken"))
            .respond_with(ResponseTemplate::new(500).set_body_string("oops")),
    );
    server.mock(Mock::given(path("/api/v1/denied")).respond_with(ResponseTemplate::new(401)));
    let mut env = TestEnv::new();
    env.login_at(CANARY, &server);
    env.env("RUST_LOG", "trace").env("RUST_BACKTRACE", "1");
    for args in [
        &["projects"][..],
        &["status", "--check"],
        &["api", "broken"],
        &["api", "denied"],
        &["api", "-i", "projects"],
        &["login", "-t", CANARY],
        &["logout"],
        &["status"],
    ] {
        env.run(args).hides(CANARY);
    }
}

#[test]
fn a_token_check_waits_five_seconds_at_most_and_says_so() {
    let port = silent_server();
    let env = logged_in_at_silent(port);
    let started = Instant::now();
    let ran = env.run(&["status", "--check"]).code(1);
    let took = started.elapsed();
    assert!(
        took >= Duration::from_secs(5) && took < Duration::from_secs(8),
        "one attempt of 5 s, no retries: took {took:?}"
    );
    let stderr = ran.stderr().replace(&port.to_string(), "[PORT]");
    snapbox::assert_data_eq!(
        stderr,
        str![[r#"
error: no answer from http://127.0.0.1:[PORT] within 5s
hint: the server may be down or slow; a token check waits at most 5 seconds

"#]]
    );
    assert!(
        ran.stdout()
            .contains("Server:  unreachable, so the token was not checked")
    );
}
