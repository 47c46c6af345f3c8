//! SECURITY.md: a server's strings never drive the terminal. Every command that prints
//! what a server sent runs on a pseudo-terminal against a server whose every string —
//! names, emails, dates, codes, messages, event fields — carries escape sequences, and
//! none of them reaches the terminal.

use serde_json::{Value, json};
use wiremock::matchers::{method, path, path_regex};
use wiremock::{Mock, ResponseTemplate};

use crate::common::{CANARY, Server, TestEnv, page};

/// Clears the screen, retitles the window, rings the bell, flips the text's direction.
const ATTACK: &str = "\u{1b}[2J\u{1b}]0;pwned\u{7}Evil\u{202e}txt";

/// What must never reach the terminal: nt3's own output moves the cursor and colours
/// text, but never clears the screen, sets a title, rings or reverses text.
const FORBIDDEN: &[&str] = &["\u{1b}[2J", "\u{1b}]", "\u{7}", "\u{202e}"];

const CONFIG: &str = "project_id: proj_1\nsource_language: en\nfile_patterns:\n  - path: \"l/{lang}.json\"\n    format: json-flat\n";

fn hostile_entri() -> Server {
    let server = Server::start();
    let ok = |body: Value| ResponseTemplate::new(200).set_body_json(body);
    let refusal = || {
        ResponseTemplate::new(400)
            .set_body_json(json!({"statusCode": 400, "message": ATTACK, "error": ATTACK}))
    };
    let project = json!({
        "_id": "proj_1", "name": ATTACK, "organization": "org_1", "sourceLanguage": "en",
        "targetLanguages": ["fr", ATTACK], "description": ATTACK,
    });
    let token = json!({
        "id": "tok_1", "name": ATTACK, "createdAt": ATTACK, "expiresAt": ATTACK,
        "lastUsedAt": ATTACK, "lastFour": ATTACK, "scopes": [ATTACK],
    });
    let mocks = [
        Mock::given(path("/api/v1/projects")).respond_with(ok(page(json!([project]), 1, 1))),
        Mock::given(path("/api/v1/projects/proj_1")).respond_with(ok(project.clone())),
        Mock::given(path("/api/user/me")).respond_with(ok(json!({"_id": "u1", "name": ATTACK, "email": ATTACK}))),
        Mock::given(path("/api/user/organizations")).respond_with(ok(json!([{"_id": "org_1", "name": ATTACK}]))),
        Mock::given(path("/api/v1/tokens/current")).respond_with(ok(token.clone())),
        Mock::given(method("GET"))
            .and(path("/api/v1/organizations/org_1/tokens"))
            .respond_with(ok(page(json!([token]), 1, 1))),
        Mock::given(method("POST"))
            .and(path("/api/v1/organizations/org_1/tokens"))
            .respond_with(ResponseTemplate::new(201).set_body_json(json!({
                "token": "entri_NEW0123456789abcdefNew1", "_id": "tok_2", "name": ATTACK, "expiresAt": ATTACK,
            }))),
        Mock::given(method("DELETE"))
            .and(path("/api/v1/organizations/org_1/tokens/tok_1"))
            .respond_with(refusal()),
        Mock::given(path("/api/v1/projects/proj_1/ai/status")).respond_with(ok(json!({
            "configured": true, "availableProviders": [ATTACK],
            "availableModels": [{"id": ATTACK, "displayName": ATTACK, "provider": ATTACK}],
        }))),
        Mock::given(path_regex("/ai/translate/batch/start$"))
            .respond_with(ResponseTemplate::new(201).set_body_json(json!({"jobId": "job_fr"}))),
        Mock::given(path_regex("/ai/translate/batch/stream/job_fr$")).respond_with(
            ResponseTemplate::new(200).set_body_raw(
                [
                    ("progress", json!({"translated": 1, "total": 2, "status": ATTACK, "message": ATTACK})),
                    ("error", json!({"message": ATTACK, "status": ATTACK})),
                ]
                .iter()
                .map(|(event, data)| format!("event: {event}\ndata: {data}\n\n"))
                .collect::<String>(),
                "text/event-stream",
            ),
        ),
        Mock::given(path_regex("/translations/overwrite$")).respond_with(ok(json!({
            "overwritten": 0, "notFound": [{"key": ATTACK, "namespace": ATTACK, "language": ATTACK}],
        }))),
        Mock::given(path_regex("/import$")).respond_with(refusal()),
        Mock::given(path_regex("/export/")).respond_with(refusal()),
        Mock::given(path("/api/v1/evil")).respond_with(refusal()),
    ];
    for mock in mocks {
        server.mock(mock);
    }
    server
}

/// Every command that prints what a server sends, and the keys that end an interactive
/// one once it has shown the server's list.
const COMMANDS: &[(&[&str], Option<&str>)] = &[
    (&["projects"], None),
    (&["whoami"], None),
    (&["status", "--check"], None),
    (&["tokens", "list", "--org", "org_1"], None),
    (&["tokens", "create", "--org", "org_1", "--name", "x"], None),
    (
        &["tokens", "revoke", "tok_1", "--org", "org_1", "--yes"],
        None,
    ),
    (&["translate", "--all"], None),
    (&["translate", "-l", "fr"], None),
    (&["overwrite", "-k", "a", "-l", "fr", "-v", "x"], None),
    (&["push"], None),
    (&["pull"], None),
    (&["api", "evil"], None),
    (&["init", "--force"], Some("\u{3}")),
];

#[test]
fn no_server_string_drives_the_terminal_of_any_command() {
    let server = hostile_entri();
    let env = TestEnv::logged_in_at(CANARY, &server);
    std::fs::write(env.work().join(".nt3.yml"), CONFIG).unwrap();
    env.write(&env.work().join("l/en.json"), "{\"a\": \"b\"}");
    for (args, keys) in COMMANDS {
        let mut pty = env.pty(args);
        if let Some(keys) = keys {
            pty.expect("Evil");
            pty.send(keys);
        }
        let (_, screen) = pty.finish();
        assert!(
            screen.contains("Evil"),
            "{args:?} shows the server's text, escaped:\n{screen}"
        );
        for forbidden in FORBIDDEN {
            assert!(
                !screen.contains(forbidden),
                "{args:?} let {forbidden:?} through:\n{screen:?}"
            );
        }
    }
}
