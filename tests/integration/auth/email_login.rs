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

/// `nt3 login --email` against `server`, stopped by `signal` once `ready` holds.
#[cfg(unix)]
fn stop_login(
    env: &TestEnv,
    server: &Server,
    ready: impl Fn() -> bool,
    signal: &str,
) -> crate::common::Stopped {
    let uri = server.uri();
    let login = env.command(&[
        "login",
        "--email",
        "ada@example.com",
        "--password-stdin",
        "-u",
        &uri,
    ]);
    crate::common::stop(login, &format!("{PASSWORD}\n"), ready, signal)
}

/// `auth_server` for Acme alone, holding its answer to `held` for 30 seconds.
#[cfg(unix)]
fn holding(held: &str) -> Server {
    let orgs = json!([{"_id": "org_1", "name": "Acme"}]);
    let server = auth_server(orgs);
    server.mock(
        Mock::given(path(held))
            .respond_with(ResponseTemplate::new(200).set_delay(std::time::Duration::from_secs(30)))
            .with_priority(1),
    );
    server
}

/// Whether `server` has been asked for `path`.
#[cfg(unix)]
fn asked(server: &Server, route: &str) -> bool {
    server.requests().iter().any(|r| r.url.path() == route)
}

/// Whether nt3 revoked the token it minted.
#[cfg(unix)]
fn revoked(server: &Server) -> bool {
    server.requests().iter().any(|r| {
        r.method.as_str() == "DELETE" && r.url.path() == "/api/v1/organizations/org_1/tokens/tok_m"
    })
}

/// Whatever the point, a stopped login ends within 3 seconds with 130 (Ctrl-C) or 143
/// (SIGTERM), no internal error, no password or session shown, and nothing saved.
#[cfg(unix)]
fn stopped_cleanly(env: &TestEnv, stopped: &crate::common::Stopped, code: i32) {
    stopped.ended_with(code);
    assert!(
        !stopped.stderr.contains(PASSWORD) && !stopped.stderr.contains("sess.abc123"),
        "{}",
        stopped.stderr
    );
    assert!(!env.global().exists(), "nothing saved");
}

/// Before the sign-in is answered there is no session yet: nt3 just ends.
#[cfg(unix)]
#[test]
fn stopped_before_sign_in_saves_nothing() {
    let server = holding("/api/auth/sign-in/email");
    for (signal, code) in [("INT", 130), ("TERM", 143)] {
        let env = TestEnv::new();
        let stopped = stop_login(
            &env,
            &server,
            || asked(&server, "/api/auth/sign-in/email"),
            signal,
        );
        stopped_cleanly(&env, &stopped, code);
    }
}

/// With the session open (the server slow to list organizations), it is signed out.
#[cfg(unix)]
#[test]
fn stopped_with_the_session_open_signs_out() {
    for (signal, code) in [("INT", 130), ("TERM", 143)] {
        let server = holding("/api/user/organizations");
        let env = TestEnv::new();
        let stopped = stop_login(
            &env,
            &server,
            || asked(&server, "/api/user/organizations"),
            signal,
        );
        stopped_cleanly(&env, &stopped, code);
        assert!(signed_out(&server), "the session was signed out");
        assert!(!revoked(&server), "nothing was minted");
    }
}

/// Once the token is minted, while nt3 saves it (another nt3 holds the credential
/// directory's lock), the token never saved is revoked, then the session signed out.
#[cfg(unix)]
#[test]
fn stopped_while_saving_the_minted_token_revokes_it_and_signs_out() {
    for (signal, code) in [("INT", 130), ("TERM", 143)] {
        let server = auth_server(json!([{"_id": "org_1", "name": "Acme"}]));
        let env = TestEnv::new();
        let dir = env.global().parent().unwrap().to_owned();
        std::fs::create_dir_all(&dir).unwrap();
        let lock = std::fs::File::open(&dir).unwrap();
        lock.lock().unwrap();
        let ready = || {
            asked(&server, "/api/v1/organizations/org_1/tokens") && {
                std::thread::sleep(std::time::Duration::from_millis(300));
                true
            }
        };
        let stopped = stop_login(&env, &server, ready, signal);
        drop(lock);
        stopped_cleanly(&env, &stopped, code);
        assert!(revoked(&server), "the minted token was revoked");
        assert!(signed_out(&server), "the session was signed out");
    }
}

/// `nt3 login --web` stopped while it waits for the browser: it ends at once, with
/// nothing saved and no session to sign out.
#[cfg(unix)]
#[test]
fn web_login_stopped_while_waiting_for_the_browser_saves_nothing() {
    let server = Server::start();
    server.mock(
        Mock::given(method("POST"))
            .and(path("/api/auth/device/code"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "device_code": "DEVICE-CODE-CANARY",
                "user_code": "ABCD-EFGH",
                "verification_uri": "https://example.com/device",
                "expires_in": 600,
                "interval": 1,
            }))),
    );
    server.mock(
        Mock::given(method("POST"))
            .and(path("/api/auth/device/token"))
            .respond_with(ResponseTemplate::new(400).set_body_json(
                json!({"error": "authorization_pending", "error_description": "waiting"}),
            )),
    );
    for (signal, code) in [("INT", 130), ("TERM", 143)] {
        let env = TestEnv::new();
        let login = env.command(&["login", "--web", "-u", &server.uri()]);
        let stopped = crate::common::stop(
            login,
            "",
            || asked(&server, "/api/auth/device/token"),
            signal,
        );
        stopped.ended_with(code);
        assert!(
            !stopped.stderr.contains("DEVICE-CODE-CANARY"),
            "{}",
            stopped.stderr
        );
        assert!(!env.global().exists(), "nothing saved");
    }
}
