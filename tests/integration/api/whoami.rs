//! `nt3 whoami`: the user, organizations and projects behind the active token.

use serde_json::json;
use snapbox::str;
use wiremock::matchers::path;
use wiremock::{Mock, ResponseTemplate};

use crate::common::{CANARY, Server, TestEnv, page};

fn projects(server: &Server) {
    server.mock(Mock::given(path("/api/v1/projects")).respond_with(
        ResponseTemplate::new(200).set_body_json(page(
            json!([{"_id": "p1", "name": "Website", "organization": "org_1"},
                   {"_id": "p2", "name": "App", "organization": "org_1"}]),
            1,
            1,
        )),
    ));
}

#[test]
fn whoami_shows_the_user_organizations_and_projects() {
    let server = Server::start();
    projects(&server);
    server.mock(Mock::given(path("/api/user/me")).respond_with(
        ResponseTemplate::new(200).set_body_json(
            json!({"_id": "u1", "name": "Ada Lovelace", "email": "ada@example.com"}),
        ),
    ));
    server.mock(
        Mock::given(path("/api/user/organizations")).respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"data": [{"_id": "org_1", "name": "Acme"}]})),
        ),
    );
    let env = TestEnv::logged_in_at(CANARY, &server);
    env.run(&["whoami"])
        .success()
        .stdout_eq(str![[r#"
Ada Lovelace <ada@example.com>
  Token:          entri_…XyZ9 from [ROOT]/home/.nt3/config.json
  API URL:        [SERVER]
  Organization:   Acme (org_1)
  Projects:       2 (Website, App)

"#]])
        .hides(CANARY);
    let doc = env.run(&["whoami", "--json"]).success().json();
    assert_eq!(doc["user"]["email"], "ada@example.com");
    assert_eq!(
        doc["organizations"],
        json!([{"id": "org_1", "name": "Acme"}])
    );
    assert_eq!(doc["token"]["source"], env.global().display().to_string());
}

#[test]
fn without_user_endpoints_whoami_says_what_the_projects_reveal() {
    let server = Server::start();
    projects(&server);
    let env = TestEnv::logged_in_at(CANARY, &server);
    env.run(&["whoami"]).success().stdout_eq(str![[r#"
(this server does not say who the token belongs to)
  Token:          entri_…XyZ9 from [ROOT]/home/.nt3/config.json
  API URL:        [SERVER]
  Organization:   org_1 (from its projects)
  Projects:       2 (Website, App)

"#]]);
}

#[test]
fn a_rejected_token_is_exit_4() {
    let server = Server::start();
    server.mock(Mock::given(path("/api/user/me")).respond_with(
        ResponseTemplate::new(401).set_body_json(json!({"message": "Invalid API key"})),
    ));
    let env = TestEnv::logged_in_at(CANARY, &server);
    env.run(&["whoami"]).code(4).hides(CANARY);
    let doc = env.run(&["whoami", "--json"]).code(4).json();
    assert_eq!(doc["error"]["kind"], "not_authenticated");
}

#[test]
fn a_token_that_expires_soon_is_named_and_warned_about() {
    let expires = jiff::Timestamp::now() + jiff::SignedDuration::from_hours(3 * 24 + 1);
    let day = expires.strftime("%Y-%m-%d").to_string();
    let server = Server::start();
    server.mock(
        Mock::given(path("/api/v1/projects"))
            .respond_with(ResponseTemplate::new(200).set_body_json(page(json!([]), 1, 1))),
    );
    server.mock(Mock::given(path("/api/user/organizations")).respond_with(
        ResponseTemplate::new(200).set_body_json(json!([{"_id": "org_1", "name": "Acme"}])),
    ));
    server.mock(Mock::given(path("/api/v1/tokens/current")).respond_with(
        ResponseTemplate::new(200).set_body_json(json!({
            "_id": "tok_1", "name": "laptop",
            "expiresAt": expires.to_string(), "lastUsedAt": "2026-11-20T10:00:00Z"
        })),
    ));
    let env = TestEnv::logged_in_at(CANARY, &server);
    let ran = env.run(&["status", "--check"]).success();
    assert!(
        ran.stdout().contains(&format!(
            "  Server:  accepts the token\n  Token:   laptop (id tok_1), expires {day} (in 3 days), last used 2026-11-20\n"
        )),
        "{}",
        ran.stdout()
    );
    assert_eq!(
        ran.stderr(),
        format!(
            "warning: the token expires in 3 days ({day}); create a new one before then (`nt3 tokens create --login`)\n"
        )
    );
    let doc = env.run(&["status", "--check", "--json"]).success().json();
    assert_eq!(doc["check"]["token"]["id"], "tok_1");

    let fresh = TestEnv::new();
    let ran = fresh
        .run(&["login", "-t", CANARY, "-u", &server.uri()])
        .success();
    assert!(
        ran.stderr()
            .contains(&format!("warning: the token expires in 3 days ({day})")),
        "{}",
        ran.stderr()
    );
}
