//! The trust boundary (SECURITY.md): what a cloned repository, a hostile server or a
//! strange environment can try, and what nt3 does instead. Each test here uses a hostile
//! fixture that would have worked against an earlier nt3.

use snapbox::str;

use crate::common::{CANARY, Server, TestEnv};

#[test]
fn tokens_outside_the_alphabet_are_refused_before_any_file_or_request() {
    let env = TestEnv::new();
    for (input, error) in [
        ("entri_", "the token has nothing after \"entri_\""),
        (
            "entri_zero\u{200b}width",
            "the token may hold only printable ASCII characters, without spaces",
        ),
        (
            "entri_bidi\u{202e}olleh",
            "the token may hold only printable ASCII characters, without spaces",
        ),
        (
            "entri_caf\u{e9}",
            "the token may hold only printable ASCII characters, without spaces",
        ),
    ] {
        let ran = env
            .run_stdin(&["login", "--no-verify", "--with-token"], input)
            .code(1);
        assert!(
            ran.stderr().starts_with(&format!("error: {error}\n")),
            "{input:?}: {}",
            ran.stderr()
        );
    }
    assert!(!env.home().join(".nt3").exists());

    // The same alphabet holds for the environment: nothing is sent.
    let server = Server::start();
    let mut env = TestEnv::new();
    env.env("NT3_API_TOKEN", "entri_zero\u{200b}width")
        .env("NT3_API_URL", server.uri());
    env.run(&["projects"]).code(1).stderr_eq(str![[r#"
error: `NT3_API_TOKEN` holds an invalid token: the token may hold only printable ASCII characters, without spaces
hint: unset `NT3_API_TOKEN`, or set it to a token starting with `entri_`

"#]]);
    assert!(server.requests().is_empty());
}

/// Accepts one connection on loopback and returns what the client sent before the end
/// of its headers: what a proxy would see.
fn sniffing_proxy() -> (String, std::thread::JoinHandle<String>) {
    use std::io::Read;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let handle = std::thread::spawn(move || {
        listener.set_nonblocking(false).unwrap();
        let (mut stream, _) = listener.accept().unwrap();
        stream
            .set_read_timeout(Some(std::time::Duration::from_secs(5)))
            .unwrap();
        let mut seen = Vec::new();
        let mut buf = [0; 1024];
        while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
            match stream.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => seen.extend_from_slice(&buf[..n]),
            }
        }
        String::from_utf8_lossy(&seen).into_owned()
    });
    (url, handle)
}

#[test]
fn plain_http_never_goes_through_a_proxy() {
    let server = Server::start();
    server.mock(
        wiremock::Mock::given(wiremock::matchers::any()).respond_with(
            wiremock::ResponseTemplate::new(200).set_body_json(crate::common::page(
                serde_json::json!([]),
                1,
                1,
            )),
        ),
    );
    let attacker = Server::start();
    let mut env = TestEnv::logged_in_at(CANARY, &server);
    for var in [
        "HTTP_PROXY",
        "http_proxy",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "all_proxy",
    ] {
        env.env(var, attacker.uri());
    }
    env.run(&["projects"]).success();
    assert!(attacker.requests().is_empty(), "the proxy saw a request");
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn all_proxy_carries_https_requests_as_a_tunnel_without_the_token() {
    let (proxy, seen) = sniffing_proxy();
    let mut env = TestEnv::new();
    env.env("ALL_PROXY", proxy)
        .env("NT3_API_TOKEN", CANARY)
        .env("NT3_API_URL", "https://entri.example.test")
        .env("NT3_TIMEOUT", "5");
    env.run(&["projects"]).code(1).hides(CANARY);
    let seen = seen.join().unwrap();
    assert!(
        seen.starts_with("CONNECT entri.example.test:443 "),
        "the proxy is asked for a tunnel: {seen}"
    );
    assert!(!seen.contains(CANARY), "the proxy saw the token: {seen}");
}

#[test]
fn bad_settings_are_usage_errors_never_panics() {
    let mut env = TestEnv::logged_in_at(CANARY, &Server::start());
    env.env("NT3_TIMEOUT", "1e300");
    env.run(&["projects"]).code(2).stderr_eq(str![[r#"
error: `NT3_TIMEOUT` must be a number of seconds above 0 and at most 86400
hint: fix or unset `NT3_TIMEOUT`

"#]]);

    let mut env = TestEnv::new();
    env.env("NT3_CONFIG_DIR", "relative/conf");
    env.run(&["login", "--no-verify", "-t", CANARY])
        .code(2)
        .stderr_eq(str![[r#"
error: `NT3_CONFIG_DIR` must be an absolute path
hint: fix or unset `NT3_CONFIG_DIR`

"#]]);
    assert!(!env.work().join("relative").exists());

    let mut env = TestEnv::logged_in_at(CANARY, &Server::start());
    env.env("HTTPS_PROXY", "socks5://127.0.0.1:1");
    env.run(&["projects"]).code(2).stderr_eq(str![[r#"
error: `HTTPS_PROXY` must be an `http://` or `https://` URL with a host
hint: fix or unset `HTTPS_PROXY`

"#]]);
    // Offline commands do not need the proxy, so a bad one does not stop them.
    env.run(&["token"]).success();
}

fn projects_ok() -> wiremock::ResponseTemplate {
    wiremock::ResponseTemplate::new(200).set_body_json(crate::common::page(
        serde_json::json!([]),
        1,
        1,
    ))
}

#[test]
fn login_local_never_adopts_the_api_url_a_cloned_repository_ships() {
    let attacker = Server::start();
    attacker.mock(wiremock::Mock::given(wiremock::matchers::any()).respond_with(projects_ok()));
    let mut env = TestEnv::new();
    let planted = format!("{{\"api_url\": \"{}\"}}\n", attacker.uri());
    env.write(&env.local(), &planted);
    env.show_as_server(attacker.uri());

    // No terminal: refused, naming the URL, before anything is sent or saved.
    env.run(&["login", "--local", "-t", CANARY])
        .code(2)
        .stderr_eq(str![[r#"
error: `.nt3.local.json` here names the API URL [SERVER], which was not given in this command; nt3 sends a token there only when you say so
hint: if you trust that server, pass it with `-u <URL>`; or pass the URL you want with `-u`

"#]])
        .hides(CANARY);
    env.run(&["login", "--local", "--no-verify", "-t", CANARY])
        .code(2);
    assert!(
        attacker.requests().is_empty(),
        "the planted URL got the token"
    );
    assert_eq!(
        crate::common::read(&env.local()),
        planted,
        "nothing saved beside it"
    );

    // A URL the user gives wins, and is what the token is verified against and saved with.
    let legit = Server::start();
    legit.mock(wiremock::Mock::given(wiremock::matchers::any()).respond_with(projects_ok()));
    env.run(&["login", "--local", "-u", &legit.uri(), "-t", CANARY])
        .success();
    assert!(attacker.requests().is_empty());
    assert_eq!(legit.requests().len(), 1);
    let saved: serde_json::Value =
        serde_json::from_str(&crate::common::read(&env.local())).unwrap();
    assert_eq!(saved["api_url"], legit.uri().as_str());
    assert_eq!(saved["token"], CANARY);
}

#[test]
fn checking_gitignore_runs_nothing_the_repository_configures() {
    let env = TestEnv::new();
    let marker = env.root().join("fsmonitor-ran");
    let hook = env.root().join("fsmonitor.sh");
    std::fs::write(&hook, format!("#!/bin/sh\ntouch '{}'\n", marker.display())).unwrap();
    std::fs::set_permissions(&hook, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let git = |args: &[&str]| {
        let status = std::process::Command::new("git")
            .args(args)
            .current_dir(env.work())
            .env("HOME", env.home())
            .status()
            .unwrap();
        assert!(status.success(), "git {args:?}");
    };
    git(&["init", "-q", "."]);
    git(&["config", "core.fsmonitor", hook.to_str().unwrap()]);
    std::fs::write(env.work().join(".gitignore"), ".nt3.local.json\n").unwrap();

    // The ignore check still works: no reminder, since the file is ignored.
    env.run(&["login", "--local", "--no-verify", "-t", CANARY])
        .success()
        .stderr_eq(str![[r#"
Login successful! Token saved to .nt3.local.json

"#]]);
    assert!(!marker.exists(), "nt3 ran the repository's fsmonitor");
}
