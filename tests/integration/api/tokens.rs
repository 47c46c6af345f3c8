//! `nt3 tokens list | create | revoke` (docs/SPEC.md §2 tokens).

use serde_json::json;
use snapbox::str;
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, ResponseTemplate};

use crate::common::{CANARY, Server, TestEnv, page, read};

const NEW_TOKEN: &str = "entri_NEWTOKEN0123456789abcdef";

#[test]
fn list_shows_a_table_marking_expired_and_current_tokens() {
    let server = Server::start();
    server.mock(
        Mock::given(method("GET"))
            .and(path("/api/v1/organizations/org_1/tokens"))
            .and(header("x-api-key", CANARY))
            .and(query_param("page", "1"))
            .respond_with(ResponseTemplate::new(200).set_body_json(page(
                // Both end in the canary's last four: only the server can tell them apart.
                json!([
                    {"id": "tok_ci", "name": "ci", "createdAt": "2026-01-05T10:00:00Z", "expiresAt": "2026-02-05T10:00:00Z", "lastUsedAt": "2026-02-01T08:00:00Z", "lastFour": "XyZ9"},
                    {"id": "tok_laptop", "name": "laptop", "createdAt": "2026-03-01T10:00:00Z", "expiresAt": null, "lastFour": "XyZ9"}
                ]),
                1,
                2,
            ))),
    );
    server.mock(
        Mock::given(method("GET"))
            .and(path("/api/v1/organizations/org_1/tokens"))
            .and(query_param("page", "2"))
            .respond_with(ResponseTemplate::new(200).set_body_json(page(
                json!([{"id": "tok_deploy", "name": "deploy", "createdAt": "2026-04-01T10:00:00Z", "expiresAt": "2099-01-01T00:00:00Z"}]),
                2,
                2,
            ))),
    );
    server.mock(
        Mock::given(method("GET"))
            .and(path("/api/v1/tokens/current"))
            .and(header("x-api-key", CANARY))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "tok_laptop"}))),
    );
    let env = TestEnv::logged_in_at(CANARY, &server);
    env.run(&["tokens", "list", "--org", "org_1"])
        .success()
        .stdout_eq(str![[r#"
   NAME    ID          CREATED     EXPIRES               LAST USED
   ci      tok_ci      2026-01-05  2026-02-05 (expired)  2026-02-01
*  laptop  tok_laptop  2026-03-01  never                 never
   deploy  tok_deploy  2026-04-01  2099-01-01            never

"#]])
        .stderr_eq(str![[r#"
* the token nt3 is using

"#]])
        .hides(CANARY);

    let doc = env
        .run(&["tokens", "list", "--org", "org_1", "--json"])
        .success()
        .json();
    let flags: Vec<(bool, bool)> = doc["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["expired"].as_bool().unwrap(),
                t["current"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(flags, [(true, false), (false, true), (false, false)]);
}

#[test]
fn list_leaves_out_last_used_when_the_server_does_not_send_it() {
    let server = Server::start();
    server.mock(
        Mock::given(path("/api/v1/projects/proj_1/tokens")).respond_with(
            ResponseTemplate::new(200).set_body_json(page(
                json!([{"id": "tok_a", "name": "a", "createdAt": "2026-01-05T10:00:00Z"}]),
                1,
                1,
            )),
        ),
    );
    let env = TestEnv::logged_in_at(CANARY, &server);
    env.run(&["tokens", "list", "--project", "proj_1"])
        .success()
        .stdout_eq(str![[r#"
  NAME  ID     CREATED     EXPIRES
  a     tok_a  2026-01-05  never

"#]]);
}

#[test]
fn the_organization_comes_from_the_flag_the_environment_or_the_only_one_reached() {
    let server = Server::start();
    server.mock(
        Mock::given(path("/api/v1/organizations/org_env/tokens"))
            .respond_with(ResponseTemplate::new(200).set_body_json(page(json!([]), 1, 1))),
    );
    server.mock(Mock::given(path("/api/user/organizations")).respond_with(
        ResponseTemplate::new(200).set_body_json(json!([
            {"_id": "org_a", "name": "Acme"}, {"_id": "org_b", "name": "Beta"}
        ])),
    ));
    let mut env = TestEnv::logged_in_at(CANARY, &server);
    env.run(&["tokens", "list"]).code(2).stderr_eq(str![[r#"
error: the token reaches 2 organizations: Acme (org_a), Beta (org_b); say which
hint: pass `--org <ID>` or set `NT3_ORG_ID`; for a project's tokens, pass `--project <ID>`

"#]]);
    let before = server.requests().len();
    env.run(&["tokens", "list", "--org", "../projects"])
        .code(2)
        .stderr_eq(str![[r#"
error: `--org` must be an id of at most 128 letters, digits, `-`, `_` and `.`

"#]]);
    assert_eq!(
        server.requests().len(),
        before,
        "refused before any request"
    );
    env.env("NT3_ORG_ID", "org_env");
    env.run(&["tokens", "list"]).success().stderr_eq(str![[r#"
No tokens found

"#]]);
}

#[test]
fn the_only_organization_is_used_and_found_through_projects_when_need_be() {
    let server = Server::start();
    server.mock(
        Mock::given(path("/api/v1/organizations/org_789xyz/tokens"))
            .respond_with(ResponseTemplate::new(200).set_body_json(page(json!([]), 1, 1))),
    );
    // No account endpoint (404): the projects name their organization.
    server.mock(Mock::given(path("/api/v1/projects")).respond_with(
        ResponseTemplate::new(200).set_body_json(page(
            json!([{"_id": "p1", "name": "Web", "organization": "org_789xyz"},
                   {"_id": "p2", "name": "App", "organization": {"_id": "org_789xyz"}}]),
            1,
            1,
        )),
    ));
    let env = TestEnv::logged_in_at(CANARY, &server);
    env.run(&["tokens", "list"]).success().stderr_eq(str![[r#"
Using organization org_789xyz, the only one this token reaches
No tokens found

"#]]);
}

#[test]
fn create_prints_the_token_alone_on_stdout_and_the_rest_on_stderr() {
    let server = Server::start();
    server.mock(
        Mock::given(method("POST"))
            .and(path("/api/v1/organizations/org_1/tokens"))
            .and(body_json(json!({"name": "ci", "expiresAt": "2030-01-01T00:00:00Z", "scopes": ["projects:read", "translations:write"]})))
            .respond_with(ResponseTemplate::new(201).set_body_json(json!({
                "id": "tok_new", "name": "ci", "token": NEW_TOKEN, "expiresAt": "2030-01-01T00:00:00Z",
                "scopes": ["projects:read", "translations:write"]
            }))),
    );
    let env = TestEnv::logged_in_at(CANARY, &server);
    env.run(&[
        "tokens",
        "create",
        "--org",
        "org_1",
        "--name",
        "ci",
        "--expires-at",
        "2030-01-01T00:00:00Z",
        "--scope",
        "projects:read",
        "--scope",
        "translations:write",
    ])
    .success()
    .stdout_eq(format!("{NEW_TOKEN}\n"))
    .stderr_eq(str![[r#"
Created token "ci" (id tok_new), expires 2030-01-01T00:00:00Z
  scopes: projects:read, translations:write
warning: this is the only time the token is shown; store it somewhere safe now

"#]]);
}

#[test]
fn create_with_a_duration_sends_an_expiry_that_far_ahead() {
    let server = Server::start();
    server.mock(
        Mock::given(method("POST")).respond_with(
            ResponseTemplate::new(201).set_body_json(
                json!({"data": {"id": "tok_new", "name": "tmp", "token": NEW_TOKEN}}),
            ),
        ),
    );
    let env = TestEnv::logged_in_at(CANARY, &server);
    env.run(&[
        "tokens",
        "create",
        "--org",
        "org_1",
        "--name",
        "tmp",
        "--expires-in",
        "12h",
    ])
    .success()
    .stdout_eq(format!("{NEW_TOKEN}\n"));
    let body: serde_json::Value = server.requests()[0].body_json().unwrap();
    let sent = body["expiresAt"].as_str().unwrap();
    assert_eq!(
        sent.len(),
        "2026-12-31T12:00:00Z".len(),
        "whole seconds: {sent}"
    );
    let at: jiff::Timestamp = sent.parse().unwrap();
    let ahead = at.duration_since(jiff::Timestamp::now());
    assert!(
        ahead > jiff::SignedDuration::from_hours(11)
            && ahead <= jiff::SignedDuration::from_hours(12),
        "{ahead:?}"
    );
}

#[test]
fn create_refuses_a_bad_expiry_before_any_request() {
    let server = Server::start();
    let env = TestEnv::logged_in_at(CANARY, &server);
    env.run(&[
        "tokens",
        "create",
        "--org",
        "o",
        "--name",
        "x",
        "--expires-at",
        "2020-01-01T00:00:00Z",
    ])
    .code(2)
    .stderr_eq(str![[r#"
error: `--expires-at` `2020-01-01T00:00:00Z` is in the past

"#]]);
    env.run(&[
        "tokens",
        "create",
        "--org",
        "o",
        "--name",
        "x",
        "--expires-in",
        "30x",
    ])
    .code(2)
    .stderr_eq(str![[r#"
error: invalid `--expires-in` `30x`: use a number and a unit, like `90m`, `12h`, `30d` or `2w`

"#]]);
    env.run(&[
        "tokens",
        "create",
        "--org",
        "o",
        "--name",
        "x",
        "--expires-in",
        "1d",
        "--expires-at",
        "2030-01-01T00:00:00Z",
    ])
    .code(2);
    assert!(server.requests().is_empty());
}

#[test]
fn create_with_login_saves_the_new_token_like_nt3_login() {
    let server = Server::start();
    server.mock(
        Mock::given(method("POST")).respond_with(
            ResponseTemplate::new(201)
                .set_body_json(json!({"id": "tok_new", "name": "laptop", "token": NEW_TOKEN})),
        ),
    );
    let env = TestEnv::logged_in_at(CANARY, &server);
    env.run(&[
        "tokens", "create", "--org", "org_1", "--name", "laptop", "--login", "--local",
    ])
    .success()
    .stdout_eq(format!("{NEW_TOKEN}\n"))
    .stderr_eq(format!(
        "Created token \"laptop\" (id tok_new), expires never\nLogin successful! Token saved to .nt3.local.json\nhint: add `.nt3.local.json` to `.gitignore` so the token is never committed\n{}",
        // Windows cannot lock a directory: its lock file is named for `.gitignore` too.
        if cfg!(windows) {
            "hint: add `.nt3.lock` to `.gitignore` too: Windows keeps it as the lock for `.nt3.local.json`\n"
        } else {
            ""
        }
    ));
    let saved: serde_json::Value = serde_json::from_str(&read(&env.local())).unwrap();
    assert_eq!(saved, json!({"token": NEW_TOKEN, "api_url": server.uri()}));
    env.run(&["token"])
        .success()
        .stdout_eq(format!("{NEW_TOKEN}\n"));
}

#[test]
fn create_json_is_one_document_with_the_token() {
    let server = Server::start();
    server.mock(
        Mock::given(method("POST")).respond_with(
            ResponseTemplate::new(201)
                .set_body_json(json!({"id": "tok_new", "name": "ci", "token": NEW_TOKEN})),
        ),
    );
    let env = TestEnv::logged_in_at(CANARY, &server);
    let doc = env
        .run(&[
            "tokens", "create", "--org", "org_1", "--name", "ci", "--json",
        ])
        .success()
        .json();
    assert_eq!(
        doc,
        json!({"success": true, "token": NEW_TOKEN, "id": "tok_new", "name": "ci", "expiresAt": null, "scopes": null})
    );
}

#[test]
fn revoke_without_a_terminal_needs_yes() {
    let server = Server::start();
    server.mock(
        Mock::given(method("DELETE"))
            .and(path("/api/v1/organizations/org_1/tokens/tok_ci"))
            .respond_with(ResponseTemplate::new(204)),
    );
    let env = TestEnv::logged_in_at(CANARY, &server);
    env.run(&["tokens", "revoke", "tok_ci", "--org", "org_1"])
        .code(2)
        .stderr_eq(str![[r#"
error: refusing to revoke a token without confirmation
hint: there is no terminal to ask on; pass `--yes` to revoke `tok_ci`

"#]]);
    assert!(server.requests().is_empty());
    env.run(&["tokens", "revoke", "tok_ci", "--org", "org_1", "--yes"])
        .success()
        .stderr_eq(str![[r#"
Revoked token tok_ci. It no longer works, and revoking cannot be undone

"#]]);
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn server_errors_follow_the_http_rules() {
    let server = Server::start();
    server.mock(
        Mock::given(path("/api/v1/organizations/org_401/tokens"))
            .respond_with(ResponseTemplate::new(401)),
    );
    server.mock(
        Mock::given(path("/api/v1/organizations/org_403/tokens")).respond_with(
            ResponseTemplate::new(403).set_body_json(
                json!({"statusCode": 403, "message": "requires the tokens:manage permission"}),
            ),
        ),
    );
    server.mock(
        Mock::given(path("/api/v1/organizations/org_1/tokens/tok_gone")).respond_with(
            ResponseTemplate::new(404)
                .set_body_json(json!({"statusCode": 404, "message": "Token tok_gone not found"})),
        ),
    );
    let env = TestEnv::logged_in_at(CANARY, &server);
    env.run(&["tokens", "list", "--org", "org_401"]).code(4);
    env.run(&["tokens", "list", "--org", "org_403"]).code(1).stderr_eq(str![[r#"
error: forbidden: the token lacks permission for GET /api/v1/organizations/org_403/tokens: requires the tokens:manage permission
hint: use a token with access to this resource, or ask an organization admin

"#]]);
    env.run(&["tokens", "revoke", "tok_gone", "--org", "org_1", "--yes"])
        .code(1)
        .stderr_eq(str![[r#"
error: not found: DELETE /api/v1/organizations/org_1/tokens/tok_gone: Token tok_gone not found

"#]]);
}

// Unix: the pseudo-terminal harness; Wine has no ConPTY to drive the Windows console.
#[cfg(unix)]
#[test]
fn declining_a_revoke_on_a_terminal_is_a_plain_cancel() {
    let server = Server::start();
    let env = TestEnv::logged_in_at(CANARY, &server);
    let mut pty = env.pty(&["tokens", "revoke", "tok_1", "--org", "org_1"]);
    pty.expect(
        "Revoke token tok_1? Anything using it stops working, and this cannot be undone. [y/N] ",
    );
    pty.send("n\r");
    let (code, screen) = pty.finish();
    assert_eq!(code, 1, "{screen}");
    assert!(
        screen.contains("Cancelled; nothing was revoked"),
        "{screen}"
    );
    assert!(!screen.contains("error:"), "no error for a no: {screen}");
    assert!(server.requests().is_empty());
}

const NEW: &str = "entri_rotatednewtoken0000N3w1";

/// A server that says the canary is `laptop` (60-day lifetime, one scope), and which
/// creates `NEW` in organization `org_1` when asked; `check`, `revoke_old` and `create` set
/// the answers to checking the new token, revoking the old and creating.
fn rotating(create: u16, check: u16, revoke_old: u16) -> Server {
    let server = Server::start();
    let tokens = "/api/v1/organizations/org_1/tokens";
    // The server says which token the canary is.
    server.mock(
        Mock::given(method("GET"))
            .and(path("/api/v1/tokens/current"))
            .and(header("x-api-key", CANARY))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "_id": "tok_old", "name": "laptop",
                "createdAt": "2026-01-01T00:00:00Z", "expiresAt": "2026-03-02T00:00:00Z",
                "scopes": ["translations:read"]
            }))),
    );
    server.mock(Mock::given(method("POST")).and(path(tokens)).respond_with(
        ResponseTemplate::new(create).set_body_json(json!({"token": NEW, "_id": "tok_new"})),
    ));
    server.mock(
        Mock::given(path("/api/v1/projects"))
            .and(header("x-api-key", NEW))
            .respond_with(ResponseTemplate::new(check).set_body_json(page(json!([]), 1, 1))),
    );
    // Asked only after the revocation: the old token is refused.
    server.mock(
        Mock::given(path("/api/v1/projects"))
            .and(header("x-api-key", CANARY))
            .respond_with(ResponseTemplate::new(401).set_body_json(json!({"message": "revoked"}))),
    );
    server.mock(
        Mock::given(method("DELETE"))
            .and(path(format!("{tokens}/tok_old")))
            .respond_with(ResponseTemplate::new(revoke_old)),
    );
    server.mock(
        Mock::given(method("DELETE"))
            .and(path(format!("{tokens}/tok_new")))
            .respond_with(ResponseTemplate::new(204)),
    );
    server
}

fn deleted(server: &Server) -> Vec<String> {
    server
        .requests()
        .iter()
        .filter(|r| r.method.as_str() == "DELETE")
        .map(|r| r.url.path().rsplit('/').next().unwrap().to_string())
        .collect()
}

#[test]
fn rotate_replaces_the_saved_token_then_revokes_the_old_one() {
    let server = rotating(201, 200, 204);
    let env = TestEnv::logged_in_at(CANARY, &server);
    let ran = env
        .run(&["tokens", "rotate", "--org", "org_1"])
        .success()
        .hides(CANARY)
        .hides(NEW);
    let today = jiff::Timestamp::now().strftime("%Y-%m-%d").to_string();
    assert!(
        ran.stderr().ends_with(&format!(
            "Rotated the token: \"laptop-{today}\" (id tok_new) replaces id tok_old, which is revoked (the server refuses it now)\n"
        )),
        "{}",
        ran.stderr()
    );
    assert!(
        read(&env.global()).contains(NEW),
        "saved where the old one was"
    );
    assert_eq!(deleted(&server), ["tok_old"]);
    let create = server
        .requests()
        .into_iter()
        .find(|r| r.method.as_str() == "POST")
        .unwrap()
        .body_json::<serde_json::Value>()
        .unwrap();
    assert_eq!(create["name"], format!("laptop-{today}"));
    assert_eq!(create["scopes"], json!(["translations:read"]));
    let expires: jiff::Timestamp = create["expiresAt"].as_str().unwrap().parse().unwrap();
    let lifetime = expires.duration_since(jiff::Timestamp::now());
    assert!(
        (59 * 24..=60 * 24).contains(&lifetime.as_hours()),
        "the same 60-day lifetime: {lifetime:?}"
    );
}

#[test]
fn rotate_replaces_a_connections_token_in_that_connection() {
    let server = rotating(201, 200, 204);
    let env = TestEnv::new();
    let default = "entri_DEFAULT0123456789abcdXyZ4";
    env.write(
        &env.global(),
        json!({
            "token": default,
            "connections": {"staging": {"token": CANARY, "api_url": server.uri()}}
        })
        .to_string(),
    );
    // The project names the connection; the rotated token must stay in it.
    std::fs::write(env.work().join(".nt3.yml"), "connection: staging\n").unwrap();
    let ran = env
        .run(&["tokens", "rotate", "--org", "org_1"])
        .success()
        .hides(NEW);
    assert!(
        ran.stderr().contains("as connection `staging`"),
        "{}",
        ran.stderr()
    );
    let saved: serde_json::Value = serde_json::from_str(&read(&env.global())).unwrap();
    assert_eq!(saved["token"], default, "the default login is untouched");
    assert_eq!(saved["connections"]["staging"]["token"], NEW);
    assert_eq!(deleted(&server), ["tok_old"]);
}

#[test]
fn a_failed_rotation_keeps_the_old_token_saved_and_valid() {
    // Creating the replacement fails.
    let server = rotating(500, 200, 204);
    let env = TestEnv::logged_in_at(CANARY, &server);
    let ran = env.run(&["tokens", "rotate", "--org", "org_1"]).code(1);
    assert!(
        ran.stderr().contains(
            "error: cannot create the replacement; the old token (id tok_old) stays saved and valid"
        ),
        "{}",
        ran.stderr()
    );
    assert!(read(&env.global()).contains(CANARY));
    assert!(deleted(&server).is_empty());

    // The server does not accept the replacement: it is withdrawn.
    let server = rotating(201, 401, 204);
    let env = TestEnv::logged_in_at(CANARY, &server);
    let ran = env
        .run(&["tokens", "rotate", "--org", "org_1"])
        .code(1)
        .hides(NEW);
    assert!(
        ran.stderr().contains("the old token (id tok_old) stays saved and valid; the new token (id tok_new) was revoked again"),
        "{}",
        ran.stderr()
    );
    assert!(read(&env.global()).contains(CANARY));
    assert_eq!(deleted(&server), ["tok_new"]);

    // Revoking the old token fails after the new one is saved: said so, exit 1.
    let server = rotating(201, 200, 500);
    let env = TestEnv::logged_in_at(CANARY, &server);
    env.run(&["tokens", "rotate", "--org", "org_1"]).code(1).stderr_eq(str![[r#"
Login successful! Token saved to ~/.nt3/config.json
error: the new token is saved and in use, but the old one (id tok_old) could not be revoked: DELETE /api/v1/organizations/org_1/tokens/tok_old failed with 500 Internal Server Error
hint: revoke it with `nt3 tokens revoke tok_old`

"#]]);
    assert!(read(&env.global()).contains(NEW));
}

#[test]
fn rotate_refuses_a_token_from_the_environment() {
    let server = rotating(201, 200, 204);
    let mut env = TestEnv::new();
    env.env("NT3_API_TOKEN", CANARY)
        .env("NT3_API_URL", server.uri());
    env.run(&["tokens", "rotate", "--org", "org_1"]).code(2).stderr_eq(str![[r#"
error: the active token comes from `NT3_API_TOKEN`, where nt3 cannot replace it
hint: create a new one with `nt3 tokens create`, set it where the old one is set, then revoke the old one

"#]]);
    assert!(server.requests().is_empty());
}

#[test]
fn rotate_stops_and_lists_the_tokens_when_several_end_like_the_active_one() {
    let server = Server::start();
    // A listing where two tokens share the canary's last four, and no route that says
    // which token is which: nt3 must not guess.
    server.mock(
        Mock::given(method("GET"))
            .and(path("/api/v1/organizations/org_1/tokens"))
            .respond_with(ResponseTemplate::new(200).set_body_json(page(
                json!([{"_id": "tok_a", "lastFour": "XyZ9"}, {"_id": "tok_b", "lastFour": "XyZ9"}]),
                1,
                1,
            ))),
    );
    let env = TestEnv::logged_in_at(CANARY, &server);
    env.run(&["tokens", "rotate", "--org", "org_1"])
        .code(2)
        .stderr_eq(str![[r#"
error: 2 tokens end like the active one and the server does not say which it is: tok_a (), tok_b (); nothing was changed
hint: say which with `nt3 tokens rotate --id <ID>` (the dashboard shows where each is used)

"#]]);
    env.run(&["tokens", "rotate", "--org", "org_1", "--id", "tok_c"])
        .code(2)
        .stderr_eq(str![[r#"
error: `--id tok_c` is not one of the tokens that end like the active one; nothing was changed

"#]]);
    assert!(
        server.requests().iter().all(|r| r.method.as_str() == "GET"),
        "nothing was created or revoked"
    );
    assert!(read(&env.global()).contains(CANARY));
}

/// A server built from the documented API: no `/tokens/current`, a listing with
/// `lastFour` (or a masked `preview`). `refused`: what it answers the old token after
/// the revocation.
fn documented(refused: u16) -> Server {
    let server = Server::start();
    let tokens = "/api/v1/organizations/org_1/tokens";
    server.mock(
        Mock::given(method("GET")).and(path(tokens)).respond_with(
            ResponseTemplate::new(200).set_body_json(page(
                json!([
                    {"_id": "tok_ci", "name": "ci", "preview": "entri_****0000"},
                    {"_id": "tok_old", "name": "laptop", "lastFour": "XyZ9", "scopes": ["translations:read"]},
                    {"_id": "tok_masked", "name": "old", "preview": "entri_********"}
                ]),
                1,
                1,
            )),
        ),
    );
    server.mock(Mock::given(method("POST")).and(path(tokens)).respond_with(
        ResponseTemplate::new(201).set_body_json(json!({"token": NEW, "_id": "tok_new"})),
    ));
    server.mock(
        Mock::given(path("/api/v1/projects"))
            .and(header("x-api-key", NEW))
            .respond_with(ResponseTemplate::new(200).set_body_json(page(json!([]), 1, 1))),
    );
    server.mock(
        Mock::given(path("/api/v1/projects"))
            .and(header("x-api-key", CANARY))
            .respond_with(ResponseTemplate::new(refused).set_body_json(page(json!([]), 1, 1))),
    );
    server.mock(
        Mock::given(method("DELETE"))
            .and(path(format!("{tokens}/tok_old")))
            .respond_with(ResponseTemplate::new(204)),
    );
    server
}

#[test]
fn on_the_documented_api_the_token_is_found_by_its_last_four_characters() {
    let server = documented(401);
    let env = TestEnv::logged_in_at(CANARY, &server);
    let listed = env
        .run(&["tokens", "list", "--org", "org_1", "--json"])
        .success()
        .json();
    let current: Vec<&str> = listed["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["current"] == true)
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    assert_eq!(current, ["tok_old"], "tokens list marks it");
    let ran = env
        .run(&["tokens", "rotate", "--org", "org_1"])
        .success()
        .hides(CANARY)
        .hides(NEW);
    assert!(
        ran.stderr()
            .contains("replaces id tok_old, which is revoked (the server refuses it now)"),
        "{}",
        ran.stderr()
    );
    assert_eq!(deleted(&server), ["tok_old"]);
    assert!(read(&env.global()).contains(NEW));
}

/// If the old token still works after the revocation, the token revoked was another:
/// said plainly, exit 1.
#[test]
fn a_revoked_token_that_still_works_is_said_plainly() {
    let server = documented(200);
    let env = TestEnv::logged_in_at(CANARY, &server);
    let ran = env
        .run(&["tokens", "rotate", "--org", "org_1"])
        .code(1)
        .hides(CANARY);
    assert!(
        ran.stderr().contains(&format!(
            "error: the token revoked (id tok_old) was not the one nt3 was using: that one still works at {}. The new token (id tok_new) is saved and in use",
            server.uri()
        )),
        "{}",
        ran.stderr()
    );
}
