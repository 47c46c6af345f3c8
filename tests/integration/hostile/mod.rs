//! The trust boundary (SECURITY.md): what a cloned repository, a hostile server or a
//! strange environment can try, and what nt3 does instead. Each test here uses a hostile
//! fixture that would have worked against an earlier nt3.

use snapbox::str;

use crate::common::{CANARY, Server, TestEnv};

mod save;
// Unix: the pseudo-terminal harness; Wine has no ConPTY to drive the Windows console.
#[cfg(unix)]
mod terminal;

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

    // A relative `NT3_CONFIG_DIR` is the same usage error for every command, never
    // "not logged in" or "no home directory".
    let mut env = TestEnv::new();
    env.env("NT3_CONFIG_DIR", "relative/conf");
    for args in [
        &["login", "--no-verify", "-t", CANARY][..],
        &["status"],
        &["token"],
        &["logout"],
        &["whoami"],
    ] {
        env.run(args).code(2).stderr_eq(str![[r#"
error: `NT3_CONFIG_DIR` must be an absolute path
hint: fix or unset `NT3_CONFIG_DIR`

"#]]);
    }
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
    assert!(
        !legit.requests().is_empty(),
        "the token was checked at the URL given"
    );
    let saved: serde_json::Value =
        serde_json::from_str(&crate::common::read(&env.local())).unwrap();
    assert_eq!(saved["api_url"], legit.uri().as_str());
    assert_eq!(saved["token"], CANARY);
}

// Unix: the planted hook is a shell script.
#[cfg(unix)]
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

const SYNC_CONFIG: &str = "project_id: proj_1\nsource_language: en\nfile_patterns:\n  - path: \"locales/{lang}.json\"\n    format: json-flat\n";

/// A project `proj_1` (source `en`, targets `de`, `fr`, `it`) whose imports succeed and whose export
/// of every language is `{"k": "v"}`.
#[cfg(unix)]
fn entri() -> Server {
    entri_listing(&["de", "fr", "it"])
}

/// The same project, listing `targets` as its target languages.
fn entri_listing(targets: &[&str]) -> Server {
    use wiremock::matchers::{method, path_regex};
    use wiremock::{Mock, ResponseTemplate};
    let server = crate::common::entri_project(targets);
    server.mock(
        Mock::given(method("GET"))
            .and(path_regex("^/api/v1/projects/proj_1/export/"))
            .respond_with(
                ResponseTemplate::new(200).set_body_raw("{\"k\": \"v\"}", "application/json"),
            ),
    );
    server
}

fn sync_project(server: &Server) -> TestEnv {
    let env = TestEnv::logged_in_at(CANARY, server);
    std::fs::write(env.work().join(".nt3.yml"), SYNC_CONFIG).unwrap();
    std::fs::create_dir_all(env.work().join("locales")).unwrap();
    env
}

#[cfg(unix)]
fn mkfifo(path: &std::path::Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(status.success());
}

// Unix: named pipes in the file system (FIFOs) exist only there.
#[cfg(unix)]
#[test]
fn special_files_never_hang_nt3() {
    let server = entri();
    let env = sync_project(&server);
    mkfifo(&env.local());
    // Each run has the harness's time limit; a blocking open would hit it.
    let ran = env.run(&["status"]).code(4);
    assert!(
        ran.stdout()
            .contains(".nt3.local.json — unusable: it is not a regular file"),
        "{}",
        ran.stdout()
    );
    std::fs::remove_file(env.local()).unwrap();

    // A pull target that is a FIFO is reported and left alone.
    mkfifo(&env.work().join("locales/de.json"));
    let ran = env.run(&["pull"]).code(1);
    assert!(
        ran.stderr()
            .contains("error: locales/de.json: is not a regular file; not replaced"),
        "{}",
        ran.stderr()
    );

    std::fs::remove_file(env.work().join(".nt3.yml")).unwrap();
    mkfifo(&env.work().join(".nt3.yml"));
    env.run(&["push"]).code(2).stderr_eq(str![[r#"
error: `.nt3.yml` is not a regular file

"#]]);
    env.run(&["status"]).success();
}

// Unix: creating a symbolic link needs a privilege on Windows; the gate's lexical checks run on Windows in its unit tests.
#[cfg(unix)]
#[test]
fn push_never_uploads_a_file_outside_the_project() {
    let server = entri();
    let env = sync_project(&server);
    let outside = env.root().join("secret.txt");
    std::fs::write(&outside, "SECRET-OUTSIDE-CANARY").unwrap();
    std::fs::write(env.work().join("locales/en.json"), "{\"hello\": \"Hello\"}").unwrap();
    std::os::unix::fs::symlink(&outside, env.work().join("locales/de.json")).unwrap();
    std::os::unix::fs::symlink(env.global(), env.work().join("locales/fr.json")).unwrap();
    // A link inside the project is fine.
    std::os::unix::fs::symlink("en.json", env.work().join("locales/it.json")).unwrap();

    let ran = env.run(&["push"]).code(1).hides(CANARY);
    assert!(
        ran.stderr().contains(
            "error: locales/de.json: leads outside the project (through a symbolic link); not uploaded"
        ),
        "{}",
        ran.stderr()
    );
    let bodies: Vec<String> = server
        .requests()
        .iter()
        .filter(|r| r.url.path().ends_with("/import"))
        .map(|r| String::from_utf8_lossy(&r.body).into_owned())
        .collect();
    assert_eq!(bodies.len(), 2, "en and it: {bodies:?}");
    for body in &bodies {
        assert!(
            !body.contains("SECRET-OUTSIDE-CANARY") && !body.contains(CANARY),
            "{body}"
        );
    }
}

// Unix: creating a symbolic link needs a privilege on Windows; the gate's lexical checks run on Windows in its unit tests.
#[cfg(unix)]
#[test]
fn pull_never_writes_outside_the_project_or_into_git() {
    let server = entri();
    let env = sync_project(&server);
    let outside = env.root().join("outside");
    std::fs::create_dir(&outside).unwrap();
    std::fs::remove_dir(env.work().join("locales")).unwrap();
    std::os::unix::fs::symlink(&outside, env.work().join("locales")).unwrap();
    let ran = env.run(&["pull"]).code(1);
    assert!(
        ran.stderr().contains(
            "error: locales/de.json: leads outside the project (through a symbolic link); not written"
        ),
        "{}",
        ran.stderr()
    );
    assert_eq!(
        std::fs::read_dir(&outside).unwrap().count(),
        0,
        "nothing written outside"
    );

    std::fs::remove_file(env.work().join("locales")).unwrap();
    std::fs::create_dir_all(env.work().join(".git/hooks")).unwrap();
    std::os::unix::fs::symlink(".git/hooks", env.work().join("locales")).unwrap();
    let ran = env.run(&["pull"]).code(1);
    assert!(
        ran.stderr()
            .contains("error: locales/de.json: leads into `.git`; not written"),
        "{}",
        ran.stderr()
    );
    assert_eq!(
        std::fs::read_dir(env.work().join(".git/hooks"))
            .unwrap()
            .count(),
        0
    );

    // A pattern may not name `.git` at all.
    std::fs::write(
        env.work().join(".nt3.yml"),
        SYNC_CONFIG.replace("locales/{lang}.json", ".git/hooks/{lang}"),
    )
    .unwrap();
    env.run(&["pull"]).code(2).stderr_eq(str![[r#"
error: `.nt3.yml` is not valid: `file_patterns[0].path` must stay inside the project: no leading `/`, `..` or `.git`

"#]]);
}

// Unix file modes and owners; Windows access lists are covered by the unit tests of `fs::acl`.
#[cfg(unix)]
#[test]
fn credential_files_others_can_write_are_refused_with_the_fix() {
    use std::os::unix::fs::PermissionsExt;
    let env = TestEnv::new();
    env.login_global(CANARY);
    std::fs::set_permissions(env.global(), std::fs::Permissions::from_mode(0o666)).unwrap();
    env.run(&["token"]).code(1).stderr_eq(str![[r#"
error: `[ROOT]/home/.nt3/config.json` can be written by other users (mode 0666), so nt3 does not trust it
hint: run `chmod go-w [ROOT]/home/.nt3/config.json`

"#]]).hides(CANARY);
    std::fs::set_permissions(env.global(), std::fs::Permissions::from_mode(0o600)).unwrap();

    let dir = env.home().join(".nt3");
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o777)).unwrap();
    env.run(&["token"]).code(1).stderr_eq(str![[r#"
error: `[ROOT]/home/.nt3/config.json` is in `[ROOT]/home/.nt3`, which can be written by other users (mode 0777), so nt3 does not trust it
hint: run `chmod go-w [ROOT]/home/.nt3`

"#]]);
    env.run(&["login", "--no-verify", "-t", "entri_another00000000"])
        .code(1)
        .stderr_eq(str![[r#"
error: cannot save the token to `[ROOT]/home/.nt3/config.json`: the file is in `[ROOT]/home/.nt3`, which can be written by other users (mode 0777), so nt3 does not trust it
hint: run `chmod go-w [ROOT]/home/.nt3`

"#]]);
    assert!(
        crate::common::read(&env.global()).contains(CANARY),
        "unchanged"
    );
}

// Unix file modes and owners; Windows access lists are covered by the unit tests of `fs::acl`.
#[cfg(unix)]
#[test]
fn a_credential_file_another_user_owns_is_refused() {
    if !crate::common::running_as_root() {
        eprintln!("skipped: only root can give a file to another user; CI runs this test as root");
        return;
    }
    let env = TestEnv::new();
    env.login_global(CANARY);
    std::os::unix::fs::chown(env.global(), Some(4321), Some(4321)).unwrap();
    env.run(&["token"])
        .code(1)
        .stderr_eq(str![[r#"
error: `[ROOT]/home/.nt3/config.json` belongs to another user (uid 4321), so nt3 does not trust it
hint: check `[ROOT]/home/.nt3/config.json`, then remove it or make it yours (`chown`)

"#]])
        .hides(CANARY);
}

/// A loopback server that answers every request with `head` and then `chunk`, over and
/// over, until the client hangs up: an endless answer.
fn endless_server(head: &'static str, chunk: Vec<u8>) -> String {
    let chunk = std::sync::Arc::new(chunk);
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let chunk = chunk.clone();
            std::thread::spawn(move || {
                let mut buf = [0; 4096];
                let _ = stream.read(&mut buf);
                if stream.write_all(head.as_bytes()).is_err() {
                    return;
                }
                while stream.write_all(&chunk).is_ok() {}
            });
        }
    });
    url
}

#[test]
fn oversized_and_endless_answers_are_cut_off() {
    let server = Server::start();
    let big = vec![b' '; 17 * 1024 * 1024];
    server.mock(
        wiremock::Mock::given(wiremock::matchers::path("/api/v1/projects")).respond_with(
            wiremock::ResponseTemplate::new(200).set_body_raw(big, "application/json"),
        ),
    );
    let env = TestEnv::logged_in_at(CANARY, &server);
    env.run(&["projects"]).code(1).stderr_eq(str![[r#"
error: the answer to GET /api/v1/projects is larger than 16 MiB; nt3 stopped reading it

"#]]);

    // No length, and no end: chunked transfer of the same chunk forever.
    let url = endless_server(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n",
        format!("4000\r\n{}\r\n", " ".repeat(0x4000)).into_bytes(),
    );
    let mut env = TestEnv::new();
    env.env("NT3_API_TOKEN", CANARY).env("NT3_API_URL", &url);
    let started = std::time::Instant::now();
    let ran = env.run(&["api", "projects"]).code(1);
    assert!(
        ran.stderr()
            .contains("is larger than 16 MiB; nt3 stopped reading it"),
        "{}",
        ran.stderr()
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(15));
}

/// An answer of many tiny values (five bytes of text, ten times that once decoded) is
/// counted before it is decoded: past 200,000 values nt3 stops, whichever command asked,
/// so a 16 MiB answer costs tens of MiB, not hundreds.
#[test]
fn answers_of_countless_tiny_values_are_refused_before_decoding() {
    use wiremock::matchers::{path, query_param};
    use wiremock::{Mock, ResponseTemplate};
    let tiny = |n: usize| vec!["de"; n];
    let server = Server::start();
    // One page of projects, and one project, each with 300,000 languages.
    server.mock(Mock::given(path("/api/v1/projects")).respond_with(
        ResponseTemplate::new(200).set_body_json(
            serde_json::json!({"data": [{"id": "p1", "targetLanguages": tiny(300_000)}]}),
        ),
    ));
    server.mock(
        Mock::given(path("/api/v1/projects/proj_1")).respond_with(
            ResponseTemplate::new(200).set_body_json(
                serde_json::json!({"id": "proj_1", "sourceLanguage": "en", "targetLanguages": tiny(300_000)}),
            ),
        ),
    );
    // Tokens: three pages of 100,000 values each, under the limit one by one.
    for page in 1..=3 {
        server.mock(
            Mock::given(path("/api/v1/organizations/org_1/tokens"))
                .and(query_param("page", page.to_string()))
                .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
                    "data": [{"id": format!("t{page}"), "scopes": tiny(100_000)}],
                    "meta": {"totalPages": 3},
                }))),
        );
    }
    let env = sync_project(&server);
    for (args, message) in [
        (
            &["projects"][..],
            "error: the answer to GET /api/v1/projects holds more than 200000 JSON values; nt3 stopped reading it",
        ),
        (
            &["pull", "--dry-run"][..],
            "error: the answer to GET /api/v1/projects/proj_1 holds more than 200000 JSON values; nt3 stopped reading it",
        ),
        (
            &["api", "--paginate", "projects"][..],
            "error: the answer to GET /api/v1/projects holds more than 200000 JSON values; nt3 stopped reading it",
        ),
        (
            &["tokens", "list", "--org", "org_1"][..],
            "error: the server's list of tokens holds more than 200000 JSON values in all; nt3 stopped reading it",
        ),
    ] {
        let ran = env.run(args).code(1);
        assert!(
            ran.stderr().starts_with(message),
            "{args:?}: {}",
            ran.stderr()
        );
    }

    // Items cost more again: an empty object is two bytes of text and one value, but a
    // row or a `--json` object of its own. A listing holds at most 20,000.
    let server = Server::start();
    server.mock(
        Mock::given(path("/api/v1/projects")).respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"data": vec![serde_json::json!({}); 20_001]})),
        ),
    );
    let env = TestEnv::logged_in_at(CANARY, &server);
    env.run(&["projects", "--json"]).code(1).stderr_eq(str![[r#"
error: the server's list of projects holds more than 20000 items; nt3 reads at most that many

"#]]);

    // A failure's body is read for its message only when it passes the same count.
    let server = Server::start();
    server.mock(
        Mock::given(path("/api/v1/projects")).respond_with(
            ResponseTemplate::new(500)
                .set_body_json(serde_json::json!({"message": "planted", "noise": tiny(300_000)})),
        ),
    );
    let env = TestEnv::logged_in_at(CANARY, &server);
    let ran = env.run(&["projects"]).code(1);
    assert!(!ran.stderr().contains("planted"), "{}", ran.stderr());
}

#[test]
fn an_absurd_page_count_ends_at_once_with_an_error() {
    let server = Server::start();
    server.mock(
        wiremock::Mock::given(wiremock::matchers::path("/api/v1/projects")).respond_with(
            wiremock::ResponseTemplate::new(200).set_body_json(crate::common::page(
                serde_json::json!([{"id": "p", "name": "P"}]),
                1,
                1_000_000_000_000_000_000,
            )),
        ),
    );
    let env = TestEnv::logged_in_at(CANARY, &server);
    env.run(&["projects"]).code(1).stderr_eq(str![[r#"
error: the server says projects has 1000000000000000000 pages; nt3 reads at most 1000

"#]]);
    env.run(&["api", "--paginate", "projects"]).code(1);
    assert_eq!(server.requests().len(), 2, "one page each, no more");

    // A server whose pages run dry before the count it gave.
    let server = Server::start();
    server.mock(
        wiremock::Mock::given(wiremock::matchers::query_param("page", "1")).respond_with(
            wiremock::ResponseTemplate::new(200).set_body_json(crate::common::page(
                serde_json::json!([{"id": "p", "name": "P"}]),
                1,
                5,
            )),
        ),
    );
    server.mock(
        wiremock::Mock::given(wiremock::matchers::any()).respond_with(
            wiremock::ResponseTemplate::new(200).set_body_json(crate::common::page(
                serde_json::json!([]),
                2,
                5,
            )),
        ),
    );
    let env = TestEnv::logged_in_at(CANARY, &server);
    env.run(&["projects"]).code(1).stderr_eq(str![[r#"
error: page 2 of 5 of projects is empty; the server's page count is wrong

"#]]);
}

#[test]
fn a_huge_retry_after_is_an_error_not_a_crash() {
    let server = Server::start();
    server.mock(
        wiremock::Mock::given(wiremock::matchers::any())
            .respond_with(wiremock::ResponseTemplate::new(429).insert_header("retry-after", "1"))
            .up_to_n_times(1),
    );
    server.mock(
        wiremock::Mock::given(wiremock::matchers::any()).respond_with(
            wiremock::ResponseTemplate::new(429)
                .insert_header("retry-after", "18446744073709551615"),
        ),
    );
    let env = TestEnv::logged_in_at(CANARY, &server);
    env.run(&["projects"]).code(1).stderr_eq(str![[r#"
warning: the server answered 429 Too Many Requests; retrying in 1s (attempt 2 of 3)
error: GET /api/v1/projects failed with 429 Too Many Requests
hint: the server's rate limit asks to wait more than a day before trying again

"#]]);
}

/// Clears the screen, sets the window title, rings the bell and hides text by reordering.
const TERMINAL_ATTACK: &str = "\u{1b}[2J\u{1b}]0;pwned\u{7}Evil\u{202e}txt.exe";
const TERMINAL_ATTACK_SHOWN: &str = "\\u{1b}[2J\\u{1b}]0;pwned\\u{7}Evil\\u{202e}txt.exe";

#[test]
fn server_strings_cannot_drive_the_terminal_and_json_stays_exact() {
    let server = Server::start();
    server.mock(
        wiremock::Mock::given(wiremock::matchers::path("/api/v1/projects")).respond_with(
            wiremock::ResponseTemplate::new(200).set_body_json(crate::common::page(
                serde_json::json!([{"id": "p1", "name": TERMINAL_ATTACK, "sourceLanguage": "en"}]),
                1,
                1,
            )),
        ),
    );
    server.mock(
        wiremock::Mock::given(wiremock::matchers::path("/api/v1/evil")).respond_with(
            wiremock::ResponseTemplate::new(400)
                .set_body_json(serde_json::json!({"statusCode": 400, "message": TERMINAL_ATTACK})),
        ),
    );
    let env = TestEnv::logged_in_at(CANARY, &server);
    let ran = env.run(&["projects"]).success();
    assert!(!ran.stdout().contains('\u{1b}'), "{:?}", ran.stdout());
    assert!(
        ran.stdout().contains(TERMINAL_ATTACK_SHOWN),
        "{}",
        ran.stdout()
    );

    let ran = env.run(&["api", "evil"]).code(1);
    assert!(!ran.stderr().contains('\u{1b}'), "{:?}", ran.stderr());
    assert!(
        ran.stderr().contains(&format!(
            "error: GET /api/v1/evil failed with 400 Bad Request: {TERMINAL_ATTACK_SHOWN}"
        )),
        "{}",
        ran.stderr()
    );

    let json = env.run(&["--json", "projects"]).success().json();
    assert_eq!(
        json["projects"][0]["name"], TERMINAL_ATTACK,
        "JSON carries the exact string"
    );
}

#[test]
fn repository_strings_cannot_drive_the_terminal() {
    let env = TestEnv::logged_in_at(CANARY, &Server::start());
    std::fs::write(
        env.work().join(".nt3.yml"),
        format!(
            "project_id: proj_1\nsource_language: en\n\"{key}\": 1\nfile_patterns:\n  - path: \"l/{path}/{{lang}}.json\"\n    format: json-flat\n",
            key = "\\e[31mred",
            // YAML's own escapes for ESC, BEL and U+202E: what a hostile file would hold.
            path = "\\e[2J\\e]0;pwned\\aEvil\\u202Etxt.exe"
        ),
    )
    .unwrap();
    let ran = env.run(&["status"]).success();
    assert!(!ran.stdout().contains('\u{1b}'), "{:?}", ran.stdout());
    assert!(
        ran.stdout().contains(TERMINAL_ATTACK_SHOWN),
        "{}",
        ran.stdout()
    );
    let ran = env.run(&["push"]).code(1);
    assert!(!ran.stderr().contains('\u{1b}'), "{:?}", ran.stderr());
    assert!(
        ran.stderr()
            .contains("warning: .nt3.yml: unknown field `\\u{1b}[31mred`"),
        "{}",
        ran.stderr()
    );
}

#[test]
fn api_headers_never_echo_values_and_cannot_redirect_the_token() {
    let server = Server::start();
    let env = TestEnv::logged_in_at(CANARY, &server);
    env.run(&[
        "api",
        "projects",
        "-H",
        "Authorization Bearer SECRET-HEADER-CANARY",
    ])
    .code(2)
    .stderr_eq(str![[r#"
error: `-H` number 1 has no `:`; expected `Name: value`

"#]]);
    env.run(&["api", "projects", "-H", "X-Note: SECRET-HEADER-CANARY\u{1}"])
        .code(2)
        .stderr_eq(str![[r#"
error: the value of header `x-note` is not a valid header value

"#]]);
    env.run(&["api", "projects", "-H", "Host: evil.example.com"])
        .code(2)
        .stderr_eq(str![[r#"
error: nt3 sets `Host` itself, from the API URL the token goes with
hint: to talk to another server, log in there with `nt3 login -u <URL>`

"#]]);
    env.run(&["api", "projects", "-H", "x-api-key: entri_other0000000000"])
        .code(2);
    assert!(server.requests().is_empty());
}

/// A loopback server for project `proj_1` (target `de`) whose exports answer with `head`
/// and the start of a body (300 KiB, past what pull holds in memory before its temporary
/// file), then stall with the connection open: a download that is still under way.
#[cfg(unix)]
fn stalling_server(head: &'static str) -> String {
    use std::io::{Read, Write};
    const PROJECT: &str = r#"{"_id": "proj_1", "sourceLanguage": "en", "targetLanguages": ["de"]}"#;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            std::thread::spawn(move || {
                let mut buf = [0; 4096];
                let n = stream.read(&mut buf).unwrap_or(0);
                if String::from_utf8_lossy(&buf[..n]).starts_with("GET /api/v1/projects/proj_1 ") {
                    let _ = stream.write_all(
                        format!(
                            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\ncontent-length: {}\r\n\r\n{PROJECT}",
                            PROJECT.len()
                        )
                        .as_bytes(),
                    );
                    return;
                }
                let _ = stream.write_all(head.as_bytes());
                let _ = stream.write_all(&[b' '; 300 * 1024]);
                std::thread::sleep(std::time::Duration::from_secs(60));
            });
        }
    });
    url
}

// Unix: sends SIGINT, SIGTERM and SIGHUP (the terminal closed) with kill(1).
#[cfg(unix)]
#[test]
fn an_interrupted_pull_removes_its_temporary_files_and_keeps_targets_whole() {
    use std::time::{Duration, Instant};
    let url = stalling_server(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000000\r\n\r\n",
    );
    let mut env = TestEnv::new();
    env.env("NT3_API_TOKEN", CANARY).env("NT3_API_URL", &url);
    std::fs::write(env.work().join(".nt3.yml"), SYNC_CONFIG).unwrap();
    let locales = env.work().join("locales");
    std::fs::create_dir(&locales).unwrap();
    std::fs::write(locales.join("de.json"), "OLD").unwrap();
    let temporary = || {
        std::fs::read_dir(&locales)
            .unwrap()
            .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
            .filter(|name| name.ends_with(".tmp"))
            .count()
    };

    for (signal, code) in [("TERM", 143), ("INT", 130), ("HUP", 129)] {
        let mut child = env.command(&["pull", "-l", "de"]).spawn().unwrap();
        let started = Instant::now();
        while temporary() == 0 {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "no download started"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        let killed = std::process::Command::new("kill")
            .args([format!("-{signal}"), child.id().to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(code), "SIG{signal}: {status:?}");
        assert_eq!(temporary(), 0, "SIG{signal} left a temporary file");
        assert_eq!(crate::common::read(&locales.join("de.json")), "OLD");
    }
}

/// A file-size limit (`ulimit -f 0`) kills a login as it saves: nothing half-written and
/// no temporary file stays. A temporary file an nt3 killed beyond catching left an hour
/// ago is removed by the next write in its directory; a fresh one (another nt3 may be
/// writing it) is not.
#[cfg(unix)]
#[test]
fn a_file_size_limit_leaves_no_temporary_file_and_stale_ones_are_swept() {
    use std::os::unix::fs::PermissionsExt;
    let env = TestEnv::new();
    let dir = env.home().join(".nt3");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700)).unwrap();
    std::fs::write(dir.join(".nt3-killed.tmp"), "half a tok").unwrap();
    std::fs::write(dir.join(".nt3-writing.tmp"), "in progress").unwrap();
    let touched = std::process::Command::new("touch")
        .args(["-d", "2 hours ago"])
        .arg(dir.join(".nt3-killed.tmp"))
        .status()
        .unwrap();
    assert!(touched.success());
    let nt3 = env.command(&[]);
    let mut sh = std::process::Command::new("sh");
    sh.env_clear()
        .envs(nt3.get_envs().filter_map(|(k, v)| Some((k, v?))))
        .current_dir(env.work())
        .args(["-c", "ulimit -f 0; exec \"$0\" login --no-verify -t \"$1\""])
        .arg(nt3.get_program())
        .arg(CANARY);
    let out = sh.output().unwrap();
    assert!(!out.status.success(), "{out:?}");
    let mut left: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    left.sort();
    assert_eq!(
        left,
        [".nt3-writing.tmp"],
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Every value substituted into a path — a name found on disk (push), a language the
/// server lists or a namespace found on disk (pull) — passes the one gate: `.git` in any
/// spelling, a dot-name and `..` are never read nor written.
#[test]
fn the_path_gate_stands_before_every_file_push_reads_and_pull_writes() {
    let server = entri_listing(&["de", ".git", "..", "GIT~1", "en"]);
    let env = TestEnv::logged_in_at(CANARY, &server);
    std::fs::write(
        env.work().join(".nt3.yml"),
        SYNC_CONFIG.replace("locales/{lang}.json", "i18n/{namespace}/{lang}.json"),
    )
    .unwrap();
    // `.GIT` is `.git` on Windows' case-insensitive file system.
    let hostile: &[&str] = if cfg!(windows) {
        &[".git", ".env", "GIT~1"]
    } else {
        &[".git", ".GIT", ".env", "GIT~1"]
    };
    env.write(
        &env.work().join("i18n/app/en.json"),
        "{\"hello\": \"Hello\"}",
    );
    for dir in hostile.iter() {
        env.write(
            &env.work().join(format!("i18n/{dir}/en.json")),
            "REPO-SECRET-CANARY",
        );
    }

    let ran = env.run(&["push"]);
    let bodies: Vec<String> = server
        .requests()
        .iter()
        .filter(|r| r.url.path().ends_with("/import"))
        .map(|r| String::from_utf8_lossy(&r.body).into_owned())
        .collect();
    assert_eq!(bodies.len(), 1, "only i18n/app/en.json: {}", ran.stderr());
    assert!(!bodies[0].contains("REPO-SECRET-CANARY"));

    let ran = env.run(&["pull"]);
    let mut written: Vec<String> = walk(&env.work().join("i18n"));
    written.sort();
    let mut expected = vec!["app/de.json".to_owned(), "app/en.json".to_owned()];
    expected.extend(hostile.iter().map(|dir| format!("{dir}/en.json")));
    expected.sort();
    assert_eq!(written, expected, "{}", ran.stderr());
    assert_eq!(
        std::fs::read_to_string(env.work().join("i18n/app/en.json")).unwrap(),
        "{\"hello\": \"Hello\"}",
        "the source file is never overwritten"
    );
    assert!(
        ran.stderr()
            .contains("Skipping en: it is the source language"),
        "{}",
        ran.stderr()
    );
    assert!(
        ran.stderr()
            .contains("error: the project lists `..`, which is not a language code; skipped"),
        "{}",
        ran.stderr()
    );
}

fn walk(dir: &std::path::Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(next) = stack.pop() {
        for entry in std::fs::read_dir(next).unwrap().flatten() {
            if entry.file_type().unwrap().is_dir() {
                stack.push(entry.path());
            } else {
                let rel = entry.path().strip_prefix(dir).unwrap().to_owned();
                found.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    found
}

/// `.nt3.yml` comes with any clone: a hostile one gets a clear error at once — never a
/// stack overflow, never minutes in the parser — and `--json` still prints one document.
#[test]
fn a_hostile_nt3_yml_is_refused_at_once_with_one_json_document() {
    let head = "project_id: proj_1\nsource_language: en\n";
    let pattern =
        |path: &str| format!("{head}file_patterns:\n  - path: \"{path}\"\n    format: json-flat\n");
    let cases = [
        (
            format!("{head}x: {}1{}\n", "[".repeat(50_000), "]".repeat(50_000)),
            "has 50000 `[` and `{`; at most 1000 are accepted",
        ),
        (
            format!(
                "{head}x:\n{}",
                (1..40)
                    .map(|i| format!("{}a:\n", " ".repeat(i)))
                    .collect::<String>()
            ),
            "nests more than 32 levels deep",
        ),
        (
            pattern(&format!("{}{{lang}}.json", "a/".repeat(100_000))),
            "`file_patterns[0].path` is too long",
        ),
        (
            pattern(&"{lang}-".repeat(20)),
            "`file_patterns[0].path` is too long",
        ),
        (
            format!("{head}#{}\n", "x".repeat(2 << 20)),
            "is larger than 1 MiB",
        ),
    ];
    let env = TestEnv::logged_in_at(CANARY, &Server::start());
    for (text, error) in cases {
        std::fs::write(env.work().join(".nt3.yml"), &text).unwrap();
        for command in [
            &["push"][..],
            &["pull"],
            &["translate"],
            &["overwrite", "-k", "a", "-l", "de", "-v", "x"],
        ] {
            let args = [&["--json"][..], command].concat();
            let ran = env.run(&args).code(2);
            assert!(
                ran.stderr().contains(error),
                "{command:?}: {}",
                ran.stderr()
            );
            assert_eq!(ran.json()["success"], false);
        }
        let ran = env.run(&["status", "--json"]);
        assert!(
            ran.json()["project"]["error"]
                .as_str()
                .unwrap()
                .contains(error),
            "{}",
            ran.stdout()
        );
    }
}

/// Folders that link back into themselves, where `{namespace}` spans folders and where
/// `init --detect` walks: nothing follows them, so nothing loops; they are named.
// Unix: symbolic links to folders need no privilege there.
#[cfg(unix)]
#[test]
fn folder_links_that_loop_are_not_followed() {
    let server = entri();
    let env = TestEnv::in_project(
        &server,
        "project_id: proj_1\nsource_language: en\nfile_patterns:\n  - path: \"l/{lang}/{namespace}.json\"\n    format: json-nested\n",
    );
    for lang in ["en", "de"] {
        env.put(&format!("l/{lang}/common.json"), "{\"k\": \"v\"}\n");
        for i in 0..6 {
            // Followed, six loops eight folders deep would be 1.7 million walks.
            std::os::unix::fs::symlink(".", env.work().join(format!("l/{lang}/loop{i}"))).unwrap();
        }
    }
    let status = env.run(&["status", "--json"]).success().json();
    let pattern = &status["project"]["file_patterns"][0];
    assert_eq!(pattern["count"], 2, "{pattern:#}");
    assert_eq!(
        pattern["skipped"].as_array().unwrap().len(),
        12,
        "{pattern:#}"
    );
    let proposal = env.run(&["init", "--detect", "--json"]).success().json();
    assert_eq!(
        proposal["patterns"][0]["path"], "l/{lang}/common.json",
        "{proposal:#}"
    );
}
