//! `nt3 translate` and `nt3 overwrite` against a server answering as the Entri API
//! reference documents it, with the details it leaves out as `src/api.rs` assumes them.

use std::fs;
#[cfg(unix)]
use std::io::{Read, Write};
#[cfg(unix)]
use std::sync::{Arc, Mutex};
#[cfg(unix)]
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use snapbox::str;
use wiremock::matchers::{body_partial_json, header, method, path, path_regex};
use wiremock::{Mock, ResponseTemplate};

use crate::common::{Server, TestEnv};

fn fixture(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/api/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap()
}

const CONFIG: &str = "project_id: proj_1\nsource_language: en\nfile_patterns:\n  - path: \"l/{lang}.json\"\n    format: json-flat\n";

fn in_project(server: &Server) -> TestEnv {
    TestEnv::in_project(server, CONFIG)
}

/// A project (targets fr, de) with AI set up as the fixture says.
fn entri(ai_status: Value) -> Server {
    let server = crate::common::entri_project(&["fr", "de"]);
    server.mock(
        Mock::given(method("GET"))
            .and(path("/api/v1/projects/proj_1/ai/status"))
            .respond_with(ResponseTemplate::new(200).set_body_json(ai_status)),
    );
    server
}

/// `(event, data)` pairs as a Server-Sent Events body, each with an id.
fn events(events: &[(&str, Value)]) -> ResponseTemplate {
    let body: String = events
        .iter()
        .enumerate()
        .map(|(i, (name, data))| format!("id: {}\nevent: {name}\ndata: {data}\n\n", i + 1))
        .collect();
    ResponseTemplate::new(200).set_body_raw(body, "text/event-stream")
}

/// A job for `language` whose stream reports three batches and completes.
fn translating(server: &Server, language: &str) {
    server.mock(
        Mock::given(method("POST"))
            .and(path("/api/v1/projects/proj_1/ai/translate/batch/start"))
            .and(body_partial_json(json!({"targetLanguage": language})))
            .respond_with(
                ResponseTemplate::new(201)
                    .set_body_json(json!({"jobId": format!("job_{language}")})),
            ),
    );
    server.mock(
        Mock::given(method("GET"))
            .and(path(format!(
                "/api/v1/projects/proj_1/ai/translate/batch/stream/job_{language}"
            )))
            .respond_with(events(&[
                (
                    "progress",
                    json!({"translated": 0, "total": 450, "batch": 1, "batches": 3}),
                ),
                (
                    "batch",
                    json!({"translated": 200, "total": 450, "batch": 2, "batches": 3}),
                ),
                (
                    "batch",
                    json!({"translated": 398, "failed": 0, "total": 450, "batch": 3, "batches": 3}),
                ),
                (
                    "complete",
                    json!({"translated": 440, "failed": 0, "skipped": 10, "total": 450}),
                ),
            ])),
    );
}

fn count(server: &Server, verb: &str, suffix: &str) -> usize {
    server
        .requests()
        .iter()
        .filter(|r| r.method.as_str() == verb && r.url.path().contains(suffix))
        .count()
}

#[test]
fn translate_all_follows_each_language_to_completion() {
    let server = entri(fixture("ai-status.json"));
    translating(&server, "fr");
    translating(&server, "de");
    let env = in_project(&server);
    env.run(&["translate", "--all"])
        .success()
        .stderr_eq(str![[r#"
fr: batch 1 of 3 (0 of 450 keys)
fr: batch 2 of 3 (200 of 450 keys)
fr: batch 3 of 3 (398 of 450 keys)
fr: 440 translated, 0 failed, 10 skipped
de: batch 1 of 3 (0 of 450 keys)
de: batch 2 of 3 (200 of 450 keys)
de: batch 3 of 3 (398 of 450 keys)
de: 440 translated, 0 failed, 10 skipped

"#]]);
    let doc = env.run(&["translate", "--all", "--json"]).success().json();
    assert_eq!(
        doc,
        json!({"success": true, "errors": [], "languages": [
            {"language": "fr", "translated": 440, "failed": 0, "skipped": 10},
            {"language": "de", "translated": 440, "failed": 0, "skipped": 10},
        ]})
    );
    let start = server
        .requests()
        .into_iter()
        .find(|r| r.url.path().ends_with("/start"))
        .unwrap();
    assert_eq!(
        start.body_json::<Value>().unwrap(),
        json!({"targetLanguage": "fr"})
    );
}

#[test]
fn translate_checks_ai_status_provider_and_model_first() {
    let server =
        entri(json!({"configured": false, "availableProviders": [], "availableModels": []}));
    let env = in_project(&server);
    env.run(&["translate", "fr"]).code(1).stderr_eq(str![[r#"
error: AI translation is not set up for project proj_1
hint: set up a provider in the Entri dashboard > Project Settings > AI Translation

"#]]);

    let server = entri(
        json!({"configured": true, "availableProviders": ["anthropic"],
        "availableModels": [{"id": "claude-sonnet-4-6", "provider": "anthropic"}]}),
    );
    let env = in_project(&server);
    env.run(&["translate", "fr", "--provider", "openai"])
        .code(2)
        .stderr_eq(str![[r#"
error: the provider `openai` is not available for project proj_1 (available: anthropic)
hint: leave out `--provider`, or set the provider up in the Entri dashboard

"#]]);
    env.run(&["translate", "fr", "--model", "gpt-5"])
        .code(2)
        .stderr_eq(str![[r#"
error: the model `gpt-5` is not available (available: claude-sonnet-4-6 (anthropic))

"#]]);
    env.run(&["translate"]).code(2).stderr_eq(str![[r#"
error: no language given
hint: name one (`nt3 translate fr`), or translate them all with `--all`

"#]]);
    assert_eq!(count(&server, "POST", "/start"), 0, "no job started");
}

#[test]
fn a_dropped_stream_is_reopened_for_the_same_job() {
    let server = entri(fixture("ai-status.json"));
    server.mock(
        Mock::given(method("POST"))
            .and(path_regex("/batch/start$"))
            .respond_with(ResponseTemplate::new(201).set_body_json(json!({"jobId": "job_fr"}))),
    );
    // The first connection ends halfway, without completion.
    server.mock(
        Mock::given(path_regex("/stream/job_fr$"))
            .respond_with(events(&[
                (
                    "progress",
                    json!({"translated": 0, "total": 300, "batch": 1, "batches": 2}),
                ),
                (
                    "batch",
                    json!({"translated": 200, "total": 300, "batch": 2, "batches": 2}),
                ),
            ]))
            .up_to_n_times(1)
            .with_priority(1),
    );
    server.mock(
        Mock::given(path_regex("/stream/job_fr$"))
            .and(header("last-event-id", "2"))
            .respond_with(events(&[(
                "complete",
                json!({"translated": 300, "total": 300}),
            )])),
    );
    let env = in_project(&server);
    let ran = env.run(&["translate", "fr", "--json"]).success();
    assert!(
        ran.stderr()
            .contains("warning: fr: the progress stream broke off; reopening it (try 1 of 3)"),
        "{}",
        ran.stderr()
    );
    assert_eq!(ran.json()["languages"][0]["translated"], 300);
    assert_eq!(count(&server, "POST", "/start"), 1, "no work started twice");
    assert_eq!(count(&server, "GET", "/stream/"), 2);
}

/// A tiny loopback API for the interrupt test: AI status, the start of a job, a stream
/// that reports one batch and then stays open, and the cancel endpoint, which it records.
#[cfg(unix)]
fn stalling_api(requests: Arc<Mutex<Vec<String>>>) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let requests = requests.clone();
            std::thread::spawn(move || {
                let mut buf = [0; 8192];
                let n = stream.read(&mut buf).unwrap_or(0);
                let head = String::from_utf8_lossy(&buf[..n]).to_string();
                let line = head.lines().next().unwrap_or_default().to_string();
                requests.lock().unwrap().push(line.clone());
                let json = |body: &str| {
                    format!(
                        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\ncontent-length: {}\r\n\r\n{body}",
                        body.len()
                    )
                };
                let reply = if line.contains("/ai/status ") {
                    json(
                        r#"{"configured": true, "availableProviders": ["anthropic"], "availableModels": []}"#,
                    )
                } else if line.contains("/batch/start ") {
                    json(r#"{"jobId": "job_fr"}"#)
                } else if line.contains("/batch/cancel/job_fr ") {
                    json("{}")
                } else if line.contains("/stream/job_fr ") {
                    let _ = stream.write_all(
                        b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\n\r\nevent: batch\ndata: {\"translated\": 200, \"total\": 900, \"batch\": 1, \"batches\": 5}\n\n",
                    );
                    std::thread::sleep(Duration::from_secs(30));
                    return;
                } else {
                    "HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
                        .into()
                };
                let _ = stream.write_all(reply.as_bytes());
            });
        }
    });
    url
}

// Unix: sends SIGINT with kill(1); a console's Ctrl-C cannot be sent to another process's console from a test.
#[cfg(unix)]
#[test]
fn ctrl_c_cancels_the_job_on_the_server_and_exits_130() {
    let requests = Arc::new(Mutex::new(Vec::new()));
    let url = stalling_api(requests.clone());
    let mut env = TestEnv::new();
    env.env("NT3_API_TOKEN", crate::common::CANARY)
        .env("NT3_API_URL", &url);
    fs::write(env.work().join(".nt3.yml"), CONFIG).unwrap();
    let mut child = env
        .command(&["translate", "fr"])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let mut seen = Vec::new();
    let started = Instant::now();
    while !String::from_utf8_lossy(&seen).contains("fr: batch 1 of 5") {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "no progress shown"
        );
        let mut buf = [0; 256];
        let n = stderr.read(&mut buf).unwrap();
        seen.extend_from_slice(&buf[..n]);
    }
    let killed = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    stderr.read_to_end(&mut seen).unwrap();
    let stderr = String::from_utf8_lossy(&seen);
    assert_eq!(status.code(), Some(130), "{stderr}");
    assert!(
        stderr.contains("Interrupted; the translation into fr was cancelled"),
        "{stderr}"
    );
    assert!(
        requests.lock().unwrap().iter().any(|line| line
            .starts_with("POST /api/v1/projects/proj_1/ai/translate/batch/cancel/job_fr ")),
        "{:?}",
        requests.lock().unwrap()
    );
}

/// A project whose overwrite endpoint answers `answer` for every request.
fn overwriting(answer: Value) -> Server {
    let server = entri(fixture("ai-status.json"));
    server.mock(
        Mock::given(method("POST"))
            .and(path("/api/v1/projects/proj_1/translations/overwrite"))
            .respond_with(ResponseTemplate::new(200).set_body_json(answer)),
    );
    server
}

fn overwrite_bodies(server: &Server) -> Vec<Value> {
    server
        .requests()
        .iter()
        .filter(|r| r.url.path().ends_with("/overwrite"))
        .map(|r| r.body_json().unwrap())
        .collect()
}

#[test]
fn overwrite_takes_inline_file_and_stdin_input() {
    let server = overwriting(json!({"overwritten": 1, "notFound": []}));
    let env = in_project(&server);
    env.run(&[
        "overwrite",
        "-k",
        "common.save",
        "-n",
        "app",
        "-l",
        "fr",
        "-v",
        "Enregistrer",
    ])
    .success()
    .stderr_eq(str![[r#"
Overwrote 1 translation

"#]]);
    fs::write(
        env.work().join("fixes.json"),
        r#"[{"key": "a", "language": "fr", "value": "A"}, {"key": "b", "language": "de", "value": "B"}]"#,
    )
    .unwrap();
    env.run(&["ow", "-f", "fixes.json"]).success();
    env.run_stdin(
        &["overwrite"],
        r#"[{"key": "c", "language": "fr", "value": "C"}]"#,
    )
    .success();
    assert_eq!(
        overwrite_bodies(&server),
        [
            json!({"items": [{"key": "common.save", "namespace": "app", "language": "fr", "value": "Enregistrer"}]}),
            json!({"items": [{"key": "a", "language": "fr", "value": "A"}, {"key": "b", "language": "de", "value": "B"}]}),
            json!({"items": [{"key": "c", "language": "fr", "value": "C"}]}),
        ]
    );
}

#[test]
fn keys_not_found_are_listed_and_fail_the_run() {
    let server = overwriting(
        json!({"overwritten": 1, "notFound": [{"key": "missing.key", "language": "fr"}]}),
    );
    let env = in_project(&server);
    env.run_stdin(
        &["overwrite"],
        r#"[{"key": "ok", "language": "fr", "value": "x"}, {"key": "missing.key", "language": "fr", "value": "y"}]"#,
    )
    .code(1)
    .stderr_eq(str![[r#"
Overwrote 1 translation; 1 not found (nothing was created for them):
error: not found: missing.key (fr)

"#]]);
    let doc = env
        .run_stdin(
            &["overwrite", "--json"],
            r#"[{"key": "missing.key", "language": "fr", "value": "y"}]"#,
        )
        .code(1)
        .json();
    assert_eq!(
        doc,
        json!({"success": false, "overwritten": 1, "notFound": [{"key": "missing.key", "language": "fr"}]})
    );
}

#[test]
fn invalid_items_are_refused_before_anything_is_sent() {
    let server = overwriting(json!({"overwritten": 0, "notFound": []}));
    let env = in_project(&server);
    let ran = env
        .run_stdin(&["overwrite"], r#"[{"key": "a", "language": "fr"}]"#)
        .code(2);
    assert!(
        ran.stderr()
            .starts_with("error: stdin is not a JSON array of {key, namespace?, language, value}: missing field `value`"),
        "{}",
        ran.stderr()
    );
    env.run_stdin(
        &["overwrite"],
        r#"[{"key": "a", "language": "fr", "value": "A"}, {"key": "b", "language": "xx", "value": "B"}]"#,
    )
    .code(2)
    .stderr_eq(str![[r#"
error: item 2 (b): `xx` is not a language of the project (it has: en, fr, de)
hint: nothing was sent; fix the item and run again

"#]]);
    env.run(&["overwrite", "-k", "a", "-l", "fr"])
        .code(2)
        .stderr_eq(str![[r#"
error: inline mode needs `--value`
hint: for example: nt3 overwrite -k common.save -l nl -v Opslaan

"#]]);
    assert!(overwrite_bodies(&server).is_empty());
}

#[test]
fn large_inputs_go_in_chunks() {
    let server = overwriting(json!({"overwritten": 500, "notFound": []}));
    let env = in_project(&server);
    let items: Vec<Value> = (0..1200)
        .map(|i| json!({"key": format!("k{i}"), "language": "fr", "value": "v"}))
        .collect();
    env.run_stdin(
        &["overwrite", "--json"],
        &serde_json::to_string(&items).unwrap(),
    )
    .success();
    let sizes: Vec<usize> = overwrite_bodies(&server)
        .iter()
        .map(|b| b["items"].as_array().unwrap().len())
        .collect();
    assert_eq!(sizes, [500, 500, 200]);
}

/// A stream that never completes an event is cut off after 64 KiB, as a broken stream:
/// nt3 neither holds it in memory nor spends minutes parsing it.
#[test]
fn an_event_that_never_ends_is_cut_off() {
    let server = entri(fixture("ai-status.json"));
    server.mock(
        Mock::given(method("POST"))
            .and(path_regex("/batch/start$"))
            .respond_with(ResponseTemplate::new(201).set_body_json(json!({"jobId": "job_fr"}))),
    );
    let endless = format!("data: {}", "x".repeat(8 << 20));
    server.mock(
        Mock::given(path_regex("/stream/job_fr$"))
            .respond_with(ResponseTemplate::new(200).set_body_raw(endless, "text/event-stream")),
    );
    let env = in_project(&server);
    let ran = env.run(&["translate", "-l", "fr"]).code(1);
    assert!(
        ran.stderr()
            .contains("the progress stream broke off 4 times"),
        "{}",
        ran.stderr()
    );
}
