//! SECURITY.md's save rule, across every command that obtains a new secret: a token the
//! user types or pipes, a password, a device sign-in, a token a server mints. In a
//! hostile clone — a `.nt3.local.json` naming the attacker's URL, or a `.nt3.yml`
//! choosing one of the user's connections — none of them reaches a URL the user did not
//! choose, and the global config never takes the working tree's URL.

use serde_json::json;
use wiremock::matchers::{method, path, path_regex};
use wiremock::{Mock, ResponseTemplate};

use crate::common::{CANARY, Server, TestEnv, page, read};

const NEW: &str = "entri_NEWSECRET0123456789abcdNew1";
const PASSWORD: &str = "PASSWORD-CANARY-5e2a";
const SESSION: &str = "SESSION-CANARY-77d0";
const STAGING: &str = "entri_STAGING0123456789abcdXyZ1";
const MINTED_HOME: &str = "entri_MINTEDHOME0123456789abcdHm1";
const MINTED_THERE: &str = "entri_MINTEDTHERE0123456789abcTh2";
const PLANTED: &str = "entri_PLANTED0123456789abcdXyZ3";

/// A server that answers everything a login, a sign-in, a mint or a rotation asks,
/// minting `minted`.
fn entri(minted: &str) -> Server {
    let server = Server::start();
    let ok = |body: serde_json::Value| ResponseTemplate::new(200).set_body_json(body);
    server.mock(Mock::given(path("/api/v1/projects")).respond_with(ok(page(json!([]), 1, 1))));
    server.mock(
        Mock::given(path("/api/user/organizations"))
            .respond_with(ok(json!([{"_id": "org_1", "name": "Acme"}]))),
    );
    server.mock(
        Mock::given(path("/api/v1/tokens/current")).respond_with(ok(json!({
            "id": "tok_old", "name": "laptop", "organizationId": "org_1"
        }))),
    );
    server.mock(
        Mock::given(method("POST"))
            .and(path("/api/v1/organizations/org_1/tokens"))
            .respond_with(
                ResponseTemplate::new(201)
                    .set_body_json(json!({"token": minted, "_id": "tok_new"})),
            ),
    );
    server.mock(
        Mock::given(method("DELETE"))
            .and(path_regex("^/api/v1/organizations/org_1/tokens/"))
            .respond_with(ok(json!({}))),
    );
    server.mock(
        Mock::given(path("/api/auth/sign-in/email")).respond_with(
            ok(json!({"user": {"id": "u1"}}))
                .insert_header("set-cookie", format!("s={SESSION}; Path=/; HttpOnly")),
        ),
    );
    server.mock(
        Mock::given(path("/api/auth/device/code")).respond_with(ok(json!({
            "device_code": "dev_1", "user_code": "ABCD-EFGH",
            "verification_uri": "https://example.com/device", "expires_in": 60, "interval": 1
        }))),
    );
    server.mock(
        Mock::given(path("/api/auth/device/token"))
            .respond_with(ok(json!({"access_token": SESSION}))),
    );
    server.mock(Mock::given(path("/api/auth/sign-out")).respond_with(ok(json!({}))));
    server
}

/// Whether any request `server` received carries `secret`, in a header or the body.
fn received(server: &Server, secret: &str) -> bool {
    server.requests().iter().any(|r| {
        String::from_utf8_lossy(&r.body).contains(secret)
            || r.headers
                .values()
                .any(|v| String::from_utf8_lossy(v.as_bytes()).contains(secret))
    })
}

/// Every command that obtains a secret and keeps it, without a terminal, with what it
/// reads on stdin.
const COMMANDS: &[(&[&str], &str)] = &[
    (&["login", "-t", NEW], ""),
    (&["login", "--with-token"], NEW),
    (&["login", "--local", "-t", NEW], ""),
    (
        &["login", "--email", "ada@example.com", "--password-stdin"],
        PASSWORD,
    ),
    (&["login", "--web"], ""),
    (
        &[
            "tokens", "create", "--login", "--org", "org_1", "--name", "x",
        ],
        "",
    ),
    (&["tokens", "rotate"], ""),
];

#[test]
fn no_new_secret_goes_where_the_working_tree_points() {
    for (args, stdin) in COMMANDS {
        // A clone that ships a `.nt3.local.json` naming the attacker.
        let (home, attacker) = (entri(MINTED_HOME), entri(MINTED_THERE));
        let env = TestEnv::logged_in_at(CANARY, &home);
        let planted = json!({"token": PLANTED, "api_url": attacker.uri()}).to_string();
        env.write(&env.local(), &planted);
        let ran = env.run_stdin(args, &format!("{stdin}\n"));
        for secret in [NEW, PASSWORD, SESSION, CANARY, MINTED_HOME] {
            assert!(
                !received(&attacker, secret),
                "{args:?} sent {secret}: {}",
                ran.stderr()
            );
        }
        let global = read(&env.global());
        assert!(
            !global.contains(&attacker.uri()),
            "{args:?} saved its URL: {global}"
        );
        if ran.exit_code() != Some(0) {
            assert!(
                ran.stderr().contains(&attacker.uri()) && ran.stderr().contains("\nhint: "),
                "{args:?} must name the URL and the fix: {}",
                ran.stderr()
            );
            let minted = attacker
                .requests()
                .iter()
                .any(|r| r.method.as_str() == "POST");
            // A rotation of the planted token replaces it where it came from, and may
            // then find that the server did not refuse the old one: kept, not lost.
            let kept = read(&env.local()).contains(MINTED_THERE);
            assert!(!minted || kept, "{args:?} asked for a token it cannot keep");
        }

        // A clone whose `.nt3.yml` picks the user's `staging` connection.
        let (home, staging) = (entri(MINTED_HOME), entri(MINTED_THERE));
        let env = TestEnv::new();
        env.write(
            &env.global(),
            json!({
                "token": CANARY, "api_url": home.uri(),
                "connections": {"staging": {"token": STAGING, "api_url": staging.uri()}}
            })
            .to_string(),
        );
        std::fs::write(env.work().join(".nt3.yml"), "connection: staging\n").unwrap();
        let ran = env.run_stdin(args, &format!("{stdin}\n"));
        let logs_in = args[0] == "login";
        for secret in [NEW, PASSWORD, SESSION] {
            assert!(
                !(logs_in && received(&staging, secret)),
                "{args:?} sent {secret} to the project's connection: {}",
                ran.stderr()
            );
        }
        let global: serde_json::Value = serde_json::from_str(&read(&env.global())).unwrap();
        assert_eq!(global["api_url"], home.uri().as_str(), "{args:?}");
        assert_eq!(
            global["connections"]["staging"]["api_url"],
            staging.uri().as_str(),
            "{args:?}"
        );
    }
}
