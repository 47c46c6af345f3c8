//! `nt3 login --email`: sign in with a password, mint a token, save it, sign out.

use serde_json::json;
use snapbox::str;
use wiremock::matchers::{body_partial_json, header, method, path};
use wiremock::{Mock, ResponseTemplate};

use crate::common::{Server, TestEnv, page, read};

const PASSWORD: &str = "PASSWORD-CANARY-8c1f";
const MINTED: &str = "entri_mintedbysession000M1nt";
const COOKIE: &str = "better-auth.session_token=sess.abc123";

/// A server where ada@example.com signs in with `PASSWORD` and belongs to `orgs`.
fn auth_server(orgs: serde_json::Value) -> Server {
    let server = Server::start();
    server.mock(
        Mock::given(method("POST"))
            .and(path("/api/auth/sign-in/email"))
            .and(body_partial_json(
                json!({"email": "ada@example.com", "password": PASSWORD}),
            ))
            .respond_with(
                ResponseTemplate::new(200)
                    .insert_header(
                        "set-cookie",
                        format!("{COOKIE}; Path=/; HttpOnly; SameSite=Lax"),
                    )
                    .set_body_json(json!({"user": {"id": "u1", "email": "ada@example.com"}})),
            ),
    );
    server.mock(
        Mock::given(method("POST"))
            .and(path("/api/auth/sign-in/email"))
            .respond_with(ResponseTemplate::new(401).set_body_json(
                json!({"code": "INVALID_EMAIL_OR_PASSWORD", "message": "Invalid email or password"}),
            )),
    );
    server.mock(
        Mock::given(path("/api/user/organizations"))
            .and(header("cookie", COOKIE))
            .respond_with(ResponseTemplate::new(200).set_body_json(orgs)),
    );
    server.mock(
        Mock::given(method("POST"))
            .and(path("/api/v1/organizations/org_1/tokens"))
            .and(header("cookie", COOKIE))
            .respond_with(
                ResponseTemplate::new(201).set_body_json(json!({"token": MINTED, "_id": "tok_m"})),
            ),
    );
    server.mock(
        Mock::given(path("/api/v1/projects"))
            .and(header("x-api-key", MINTED))
            .respond_with(ResponseTemplate::new(200).set_body_json(page(json!([]), 1, 1))),
    );
    server.mock(
        Mock::given(method("POST"))
            .and(path("/api/auth/sign-out"))
            .and(header("cookie", COOKIE))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": true}))),
    );
    server
}

/// Whether nt3 signed the session out, with the `Origin` BetterAuth's CSRF check needs.
fn signed_out(server: &Server) -> bool {
    server.requests().iter().any(|r| {
        r.url.path() == "/api/auth/sign-out"
            && r.headers.get("origin").and_then(|o| o.to_str().ok()) == Some(&server.uri())
    })
}

#[test]
fn email_login_mints_saves_and_signs_out() {
    let server = auth_server(json!([{"_id": "org_1", "name": "Acme"}]));
    let env = TestEnv::new();
    let ran = env
        .run_stdin(
            &[
                "login",
                "--email",
                "ada@example.com",
                "--password-stdin",
                "--name",
                "ci laptop",
                "-u",
                &server.uri(),
            ],
            &format!("{PASSWORD}\n"),
        )
        .success()
        .hides(PASSWORD)
        .hides(MINTED)
        .hides("sess.abc123");
    assert_eq!(
        ran.stderr(),
        "Created token \"ci laptop\" (id tok_m) in organization Acme (org_1)\nLogin successful! Token saved to ~/.nt3/config.json\n"
    );
    assert!(read(&env.global()).contains(MINTED));
    assert!(signed_out(&server), "the session was signed out");
    let create = server
        .requests()
        .into_iter()
        .find(|r| r.url.path().ends_with("/tokens"))
        .unwrap();
    assert_eq!(
        create.body_json::<serde_json::Value>().unwrap(),
        json!({"name": "ci laptop"})
    );
    assert!(
        !create.headers.contains_key("x-api-key"),
        "a session request carries no token"
    );
}

#[test]
fn wrong_credentials_save_nothing_and_never_show_the_password() {
    let server = auth_server(json!([]));
    let env = TestEnv::new();
    env.run_stdin(
        &[
            "login",
            "--email",
            "ada@example.com",
            "--password-stdin",
            "-u",
            &server.uri(),
        ],
        "not-the-password\n",
    )
    .code(4)
    .stderr_eq(str![[r#"
error: the email address or the password is wrong
hint: check both; reset the password in your Entri dashboard if need be

"#]]);
    assert!(!env.global().exists());
    assert!(!signed_out(&server), "there was no session");
}

#[test]
fn each_sign_in_refusal_has_its_own_message() {
    let cases = [
        (
            ResponseTemplate::new(403).set_body_json(
                json!({"code": "EMAIL_NOT_VERIFIED", "message": "Email not verified"}),
            ),
            1,
            "error: the address ada@example.com is not verified yet\nhint: follow the link in the verification email, then try again\n",
        ),
        (
            ResponseTemplate::new(200).set_body_json(json!({"twoFactorRedirect": true})),
            1,
            "error: this account signs in with a second factor, which nt3 cannot complete\nhint: create a token in your Entri dashboard > Settings > API Tokens, then `nt3 login`\n",
        ),
        (
            ResponseTemplate::new(429).insert_header("x-retry-after", "30"),
            1,
            "error: too many sign-in attempts for now\nhint: wait 30 seconds and try again\n",
        ),
    ];
    for (answer, code, expected) in cases {
        let server = Server::start();
        server.mock(Mock::given(path("/api/auth/sign-in/email")).respond_with(answer));
        let env = TestEnv::new();
        let ran = env
            .run_stdin(
                &[
                    "login",
                    "--email",
                    "ada@example.com",
                    "--password-stdin",
                    "-u",
                    &server.uri(),
                ],
                PASSWORD,
            )
            .code(code)
            .hides(PASSWORD);
        assert_eq!(ran.stderr(), expected);
        assert!(!env.global().exists());
    }
}

#[test]
fn several_organizations_need_a_choice_without_a_terminal() {
    let server =
        auth_server(json!([{"_id": "org_1", "name": "Acme"}, {"_id": "org_2", "name": "Beta"}]));
    let env = TestEnv::new();
    env.run_stdin(
        &[
            "login",
            "--email",
            "ada@example.com",
            "--password-stdin",
            "-u",
            &server.uri(),
        ],
        PASSWORD,
    )
    .code(2)
    .stderr_eq(str![[r#"
error: the account has 2 organizations: Acme (org_1), Beta (org_2); say which
hint: pass `--org <ID>`

"#]]);
    assert!(
        signed_out(&server),
        "signed out even though nothing was minted"
    );
    env.run_stdin(
        &[
            "login",
            "--email",
            "ada@example.com",
            "--password-stdin",
            "--org",
            "org_1",
            "-u",
            &server.uri(),
        ],
        PASSWORD,
    )
    .success();
    assert!(read(&env.global()).contains(MINTED));
}

#[test]
fn without_a_terminal_the_password_must_come_from_stdin() {
    let env = TestEnv::new();
    env.run(&["login", "--email", "ada@example.com"])
        .code(2)
        .stderr_eq(str![[r#"
error: no password given, and no terminal to ask for one
hint: pipe it to `nt3 login --email <ADDRESS> --password-stdin`

"#]]);
}

#[test]
fn web_login_shows_a_hostile_code_escaped_and_a_denial_saves_nothing() {
    let server = Server::start();
    server.mock(
        Mock::given(method("POST"))
            .and(path("/api/auth/device/code"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "device_code": "DEVICE-CODE-CANARY",
                "user_code": "AB\u{1b}[2JCD",
                "verification_uri": "javascript:alert(1)\u{7}",
                "expires_in": 60,
                "interval": 1,
            }))),
    );
    server.mock(
        Mock::given(method("POST"))
            .and(path("/api/auth/device/token"))
            .and(body_partial_json(
                json!({"device_code": "DEVICE-CODE-CANARY"}),
            ))
            .respond_with(
                ResponseTemplate::new(400).set_body_json(
                    json!({"error": "access_denied", "error_description": "denied"}),
                ),
            ),
    );
    let env = TestEnv::new();
    let ran = env
        .run(&["login", "--web", "-u", &server.uri()])
        .code(4)
        .hides("DEVICE-CODE-CANARY");
    let shown = ran.stderr();
    assert!(
        shown.starts_with("Open javascript:alert(1)\\u{7} and confirm the code AB\\u{1b}[2JCD\n"),
        "{shown}"
    );
    assert!(
        shown.ends_with("error: the sign-in was denied in the browser; nothing was saved\n"),
        "{shown}"
    );
    assert!(!env.global().exists());
}

/// Starts `nt3 login --email` against `server`, waits until it has asked for `held`
/// (which the server holds), sends SIGINT, and returns the exit status, stderr and how
/// long nt3 took to end.
#[cfg(unix)]
fn interrupt_at(
    env: &TestEnv,
    server: &Server,
    held: &str,
) -> (std::process::ExitStatus, String, std::time::Duration) {
    use std::io::{Read, Write};
    use std::process::Stdio;
    use std::time::{Duration, Instant};

    let uri = server.uri();
    let mut child = env
        .command(&[
            "login",
            "--email",
            "ada@example.com",
            "--password-stdin",
            "-u",
            &uri,
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{PASSWORD}\n").as_bytes())
        .unwrap();
    let started = Instant::now();
    while !server.requests().iter().any(|r| r.url.path() == held) {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "never asked for {held}: {:?}",
            server
                .requests()
                .iter()
                .map(|r| r.url.path().to_owned())
                .collect::<Vec<_>>()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let interrupted = Instant::now();
    let killed = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if interrupted.elapsed() > Duration::from_secs(10) {
            let _ = child.kill();
            panic!("nt3 did not end after Ctrl-C");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let took = interrupted.elapsed();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    (status, stderr, took)
}

/// Ctrl-C while the session is open (the server slow to list organizations) ends nt3
/// at once with 130, no internal error, and the session signed out.
#[cfg(unix)]
#[test]
fn ctrl_c_with_the_session_open_ends_at_once_and_signs_out() {
    let orgs = json!([{"_id": "org_1", "name": "Acme"}]);
    let server = auth_server(orgs.clone());
    server.mock(
        Mock::given(path("/api/user/organizations"))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(orgs)
                    .set_delay(std::time::Duration::from_secs(30)),
            )
            .with_priority(1),
    );
    let env = TestEnv::new();
    let (status, stderr, took) = interrupt_at(&env, &server, "/api/user/organizations");
    assert!(took < std::time::Duration::from_secs(4), "{took:?}");
    assert_eq!(status.code(), Some(130), "{stderr}");
    assert!(!stderr.contains("internal error"), "{stderr}");
    assert!(
        !stderr.contains(PASSWORD) && !stderr.contains("sess.abc123"),
        "{stderr}"
    );
    assert!(signed_out(&server), "the session was signed out");
    assert!(!env.global().exists(), "nothing saved");
}
