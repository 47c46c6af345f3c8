//! `nt3 api` and `nt3 projects` (docs/SPEC.md §2).

use serde_json::json;
use snapbox::str;
use wiremock::matchers::{body_json, body_string, header, method, path, query_param};
use wiremock::{Mock, ResponseTemplate};

use crate::common::{CANARY, Server, TestEnv, page};

#[test]
fn projects_lists_id_name_and_languages() {
    let server = Server::start();
    server.mock(Mock::given(path("/api/v1/projects")).and(query_param("limit", "200")).respond_with(
        ResponseTemplate::new(200).set_body_json(page(
            json!([
                {"id": "proj_abc123", "name": "Website", "sourceLanguage": "en", "targetLanguages": ["de", "pt-BR"]},
                {"id": "proj_x", "name": "Mobile app", "sourceLanguage": "en-GB", "targetLanguages": [{"code": "zh_Hant"}], "extra": 1}
            ]),
            1,
            1,
        )),
    ));
    let env = TestEnv::logged_in_at(CANARY, &server);
    env.run(&["projects"])
        .success()
        .stdout_eq(str![[r#"
ID           NAME        SOURCE  TARGETS
proj_abc123  Website     en      de, pt-BR
proj_x       Mobile app  en-GB   zh_Hant

"#]])
        .stderr_eq(str![""]);
    let doc = env.run(&["projects", "--json"]).success().json();
    assert_eq!(
        doc["projects"][1],
        json!({"id": "proj_x", "name": "Mobile app", "sourceLanguage": "en-GB", "targetLanguages": ["zh_Hant"], "organization": null})
    );
}

#[test]
fn projects_follows_every_page() {
    let server = Server::start();
    for n in 1..=3u64 {
        server.mock(
            Mock::given(path("/api/v1/projects"))
                .and(query_param("page", n.to_string()))
                .respond_with(ResponseTemplate::new(200).set_body_json(page(
                    json!([{"id": format!("p{n}"), "name": "P"}]),
                    n,
                    3,
                ))),
        );
    }
    let env = TestEnv::logged_in_at(CANARY, &server);
    let doc = env.run(&["projects", "--json"]).success().json();
    let ids: Vec<&str> = doc["projects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["p1", "p2", "p3"]);
}

#[test]
fn projects_with_none_says_so() {
    let server = Server::start();
    server.mock(
        Mock::given(path("/api/v1/projects"))
            .respond_with(ResponseTemplate::new(200).set_body_json(page(json!([]), 1, 0))),
    );
    let env = TestEnv::logged_in_at(CANARY, &server);
    env.run(&["projects"])
        .success()
        .stdout_eq(str![""])
        .stderr_eq(str![[r#"
No projects are visible to this token at [SERVER]

"#]]);
}

#[test]
fn api_joins_paths_under_api_v1_or_uses_api_paths_as_given() {
    let server = Server::start();
    server.mock(
        Mock::given(path("/api/v1/projects/p1"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "p1"}))),
    );
    server.mock(
        Mock::given(path("/api/v2/health"))
            .respond_with(ResponseTemplate::new(200).set_body_string("ok")),
    );
    let env = TestEnv::logged_in_at(CANARY, &server);
    env.run(&["api", "projects/p1"])
        .success()
        .stdout_eq(str![[r#"
{"id":"p1"}

"#]]);
    env.run(&["api", "/projects/p1"])
        .success()
        .stdout_eq(str![[r#"
{"id":"p1"}

"#]]);
    let ran = env.run(&["api", "/api/v2/health"]).success();
    assert_eq!(
        ran.stdout(),
        "ok\n",
        "a pipe gets the answer and a line feed"
    );
    env.run(&["api", &format!("{}/api/v2/health", server.uri())])
        .success()
        .stdout_eq(str![[r#"
ok

"#]]);
}

#[test]
fn api_refuses_an_absolute_url_to_another_origin() {
    let (server, other) = (Server::start(), Server::start());
    other.mock(Mock::given(method("GET")).respond_with(ResponseTemplate::new(200)));
    let env = TestEnv::logged_in_at(CANARY, &server);
    let ran = env
        .run(&["api", &format!("{}/api/v1/projects", other.uri())])
        .code(2)
        .hides(CANARY);
    let stderr = ran
        .stderr()
        .replace(&other.uri(), "[OTHER]")
        .replace(&server.uri(), "[SERVER]");
    snapbox::assert_data_eq!(
        stderr,
        str![[r#"
error: refusing to send the token to [OTHER]: it goes only to [SERVER]

"#]]
    );
    assert!(other.requests().is_empty());
}

#[test]
fn api_sends_methods_bodies_and_headers() {
    let server = Server::start();
    server.mock(
        Mock::given(method("PATCH"))
            .and(path("/api/v1/projects/p1"))
            .and(header("content-type", "application/json"))
            .and(header("x-request-id", "abc"))
            .and(body_json(json!({"name": "New"})))
            .respond_with(
                ResponseTemplate::new(200).set_body_json(json!({"id": "p1", "name": "New"})),
            ),
    );
    server.mock(
        Mock::given(method("POST"))
            .and(path("/api/v1/projects"))
            .and(body_string(r#"{"name": "From file"}"#))
            .respond_with(ResponseTemplate::new(201).set_body_json(json!({"id": "p2"}))),
    );
    server.mock(
        Mock::given(method("DELETE"))
            .and(path("/api/v1/projects/p2"))
            .respond_with(ResponseTemplate::new(204)),
    );
    let env = TestEnv::logged_in_at(CANARY, &server);
    env.run(&[
        "api",
        "-X",
        "patch",
        "projects/p1",
        "-d",
        r#"{"name": "New"}"#,
        "-H",
        "X-Request-Id: abc",
    ])
    .success()
    .stdout_eq(str![[r#"
{"id":"p1","name":"New"}

"#]]);
    let body = env.root().join("body.json");
    std::fs::write(&body, r#"{"name": "From file"}"#).unwrap();
    env.run(&["api", "projects", "--input", body.to_str().unwrap()])
        .success()
        .stdout_eq(str![[r#"
{"id":"p2"}

"#]]);
    env.run_stdin(
        &["api", "projects", "--input", "-"],
        r#"{"name": "From file"}"#,
    )
    .success();
    env.run(&["api", "-X", "DELETE", "projects/p2"])
        .success()
        .stdout_eq(str![""]);
}

#[test]
fn api_refuses_bad_input_before_sending() {
    let server = Server::start();
    let env = TestEnv::logged_in_at(CANARY, &server);
    env.run(&["api", "projects", "-d", "{name: 1}"])
        .code(2)
        .stderr_eq(str![[r#"
error: `--data` is not valid JSON: key must be a string at line 1 column 2

"#]]);
    env.run(&["api", "projects", "-H", "X-API-Key: entri_other0000000"])
        .code(2)
        .stderr_eq(str![[r#"
error: nt3 sets `X-API-Key` itself, from the active token
hint: log in with the token you want, or set `NT3_API_TOKEN`

"#]])
        .hides("entri_other");
    env.run(&["api", "projects", "-H", "no colon"])
        .code(2)
        .stderr_eq(str![[r#"
error: `-H` number 1 has no `:`; expected `Name: value`

"#]]);
    env.run(&["api", "-X", "POST", "--paginate", "projects"])
        .code(2)
        .stderr_eq(str![[r#"
error: `--paginate` works only with GET

"#]]);
    assert!(server.requests().is_empty());
}

#[test]
fn api_include_prints_status_and_headers() {
    let server = Server::start();
    server.mock(
        Mock::given(path("/api/v1/ping")).respond_with(
            ResponseTemplate::new(200)
                .insert_header("x-entri", "yes")
                .set_body_raw("{}", "application/json"),
        ),
    );
    let env = TestEnv::logged_in_at(CANARY, &server);
    let ran = env.run(&["api", "-i", "ping"]).success();
    let out = ran.stdout();
    assert!(out.starts_with("HTTP 200 OK\n"), "{out}");
    assert!(out.contains("\nx-entri: yes\n"), "{out}");
    assert!(out.ends_with("\n\n{}\n"), "{out}");
}

#[test]
fn api_paginate_merges_every_page() {
    let server = Server::start();
    for n in 1..=3u64 {
        server.mock(
            Mock::given(path("/api/v1/keys"))
                .and(query_param("page", n.to_string()))
                .and(query_param("limit", "2"))
                .respond_with(ResponseTemplate::new(200).set_body_json(page(
                    json!([n * 10, n * 10 + 1]),
                    n,
                    3,
                ))),
        );
    }
    let env = TestEnv::logged_in_at(CANARY, &server);
    let ran = env.run(&["api", "--paginate", "keys?limit=2"]).success();
    let doc: serde_json::Value = serde_json::from_str(&ran.stdout()).unwrap();
    assert_eq!(doc["data"], json!([10, 11, 20, 21, 30, 31]));
    assert_eq!(doc["meta"]["totalPages"], 3);
    assert_eq!(server.requests().len(), 3);
}

#[test]
fn api_failure_prints_the_body_and_the_error() {
    let server = Server::start();
    server.mock(
        Mock::given(path("/api/v1/projects")).respond_with(
            ResponseTemplate::new(422)
                .set_body_json(json!({"statusCode": 422, "message": ["name must not be empty"]})),
        ),
    );
    server.mock(
        Mock::given(path("/api/v1/secret"))
            .respond_with(ResponseTemplate::new(401).set_body_json(json!({"message": "bad key"}))),
    );
    let env = TestEnv::logged_in_at(CANARY, &server);
    env.run(&["api", "-X", "POST", "projects", "-d", "{}"])
        .code(1)
        .stdout_eq(str![[r#"
{"statusCode":422,"message":["name must not be empty"]}

"#]])
        .stderr_eq(str![[r#"
error: POST /api/v1/projects failed with 422 Unprocessable Entity: name must not be empty

"#]]);
    env.run(&["api", "secret"]).code(4).stderr_eq(str![[r#"
error: the server rejected the token from [ROOT]/home/.nt3/config.json (401 Unauthorized): bad key
hint: the token is invalid, expired or revoked; run `nt3 login` with a new one

"#]]);
}
