//! Sync at scale: push sends only what changed, pull fetches only what changed, and
//! status stays cheap in big projects.

use std::fs;

use serde_json::json;
use snapbox::str;
use wiremock::matchers::{path, path_regex};
use wiremock::{Mock, ResponseTemplate};

use crate::common::{CANARY, Server, TestEnv, entri_project};

const CONFIG: &str = "project_id: proj_1\nsource_language: en\nfile_patterns:\n  - path: \"l/{lang}.json\"\n    format: json-flat\n";

/// A project (en; de, fr) whose imports succeed.
fn entri() -> Server {
    entri_project(&["de", "fr"])
}

fn project(server: &Server) -> TestEnv {
    let env = TestEnv::in_project(server, CONFIG);
    for (language, text) in [("en", "Hello"), ("de", "Hallo"), ("fr", "Bonjour")] {
        env.put(
            &format!("l/{language}.json"),
            format!("{{\"hi\": \"{text}\"}}"),
        );
    }
    env
}

thread_local! {
    /// How many imports `imported` has already reported.
    static SEEN: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// The languages of the imports received since the last call.
fn imported(server: &Server) -> Vec<String> {
    let all: Vec<String> = server
        .requests()
        .iter()
        .filter(|r| r.url.path().ends_with("/import"))
        .map(|r| {
            r.body_json::<serde_json::Value>().unwrap()["language"]
                .as_str()
                .unwrap()
                .into()
        })
        .collect();
    let mut new = all[SEEN.get()..].to_vec();
    SEEN.set(all.len());
    new.sort();
    new
}

/// The project's sync state, in the cache directory.
fn state_file(env: &TestEnv) -> std::path::PathBuf {
    fs::read_dir(env.cache().join("sync"))
        .unwrap()
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .find(|path| path.extension().is_some_and(|ext| ext == "json"))
        .unwrap()
}

#[test]
fn push_sends_only_files_changed_since_the_last_push() {
    let server = entri();
    let env = project(&server);
    env.run(&["push"]).success();
    assert_eq!(imported(&server), ["de", "en", "fr"]);

    env.run(&["push"]).success().stderr_eq(str![[r#"
Nothing to push: 3 files unchanged since the last push (`--all` sends them anyway)

"#]]);
    assert!(
        imported(&server).is_empty(),
        "nothing changed, nothing sent"
    );

    env.put("l/de.json", "{\"hi\": \"Servus\"}");
    env.run(&["push"]).success().stderr_eq(str![[r#"
Pushed 1 of 1 file; 2 files unchanged since the last push, not sent (`--all` sends them)

"#]]);
    assert_eq!(imported(&server), ["de"]);

    env.run(&["push", "--all"]).success();
    assert_eq!(imported(&server), ["de", "en", "fr"]);
}

/// A file push read is not read again while its metadata is as it was (its stamp); an
/// edit that keeps its size and sets its modification time back, as `cp -p` and
/// `rsync -t` do, is still sent: the change time tells it.
#[cfg(unix)]
#[test]
fn an_edit_that_keeps_size_and_modification_time_is_still_sent() {
    let server = entri();
    let env = project(&server);
    // Stamps are trusted only for files that last changed two seconds before.
    std::thread::sleep(std::time::Duration::from_millis(2100));
    env.run(&["push"]).success();
    assert_eq!(imported(&server), ["de", "en", "fr"]);
    let state = state_file(&env);
    let seen =
        serde_json::from_slice::<serde_json::Value>(&fs::read(&state).unwrap()).unwrap()["seen"]
            .as_object()
            .map_or(0, serde_json::Map::len);
    assert_eq!(seen, 3, "each file's stamp was kept");

    let de = env.work().join("l/de.json");
    let modified = fs::metadata(&de).unwrap().modified().unwrap();
    // "Hallo" → "Hallx": the same size.
    env.put("l/de.json", "{\"hi\": \"Hallx\"}");
    fs::File::options()
        .write(true)
        .open(&de)
        .unwrap()
        .set_modified(modified)
        .unwrap();
    env.run(&["push"]).success();
    assert_eq!(imported(&server), ["de"]);
}

#[test]
fn a_push_with_nothing_changed_writes_nothing() {
    let server = entri();
    let env = project(&server);
    env.run(&["push"]).success();
    let state = || {
        let file = state_file(&env);
        let meta = fs::metadata(&file).unwrap();
        (fs::read(&file).unwrap(), meta.modified().unwrap())
    };
    let before = state();
    std::thread::sleep(std::time::Duration::from_millis(20));
    env.run(&["push"]).success();
    assert!(state() == before, "the state file was written again");
}

#[test]
fn a_changed_setting_sends_everything_again() {
    let server = entri();
    let env = project(&server);
    env.run(&["push"]).success();
    imported(&server);
    env.run(&["push", "--overwrite"]).success();
    assert_eq!(
        imported(&server),
        ["de", "en", "fr"],
        "the overwrite setting changed"
    );
    fs::write(
        env.work().join(".nt3.yml"),
        CONFIG.replace(
            "source_language: en\n",
            "source_language: en\nupdate_translations: true\n",
        ),
    )
    .unwrap();
    env.run(&["push"]).success();
    assert_eq!(imported(&server), ["de", "en", "fr"], "the config changed");
    env.run(&["push"]).success();
    assert!(imported(&server).is_empty());
}

#[test]
fn a_corrupt_state_file_is_ignored_with_a_warning() {
    let server = entri();
    let env = project(&server);
    env.run(&["push"]).success();
    imported(&server);
    let state = state_file(&env);
    fs::write(&state, "{\"version\": 1, \"push\": [oops").unwrap();
    let ran = env.run(&["push"]).success();
    assert!(
        ran.stderr().starts_with("warning: ignoring `")
            && ran
                .stderr()
                .contains("which nt3 cannot read; every file is sent and fetched again"),
        "{}",
        ran.stderr()
    );
    assert_eq!(imported(&server), ["de", "en", "fr"]);
    env.run(&["push"]).success().stderr_eq(str![[r#"
Nothing to push: 3 files unchanged since the last push (`--all` sends them anyway)

"#]]);
}

#[test]
fn pull_asks_only_for_exports_that_changed() {
    use wiremock::matchers::header;
    let server = Server::start();
    server.mock(Mock::given(path("/api/v1/projects/proj_1")).respond_with(
        ResponseTemplate::new(200).set_body_json(
            json!({"_id": "proj_1", "sourceLanguage": "en", "targetLanguages": ["de"]}),
        ),
    ));
    server.mock(
        Mock::given(path_regex("/export/de$"))
            .and(header("if-none-match", "\"v1\""))
            .respond_with(ResponseTemplate::new(304))
            .with_priority(1),
    );
    server.mock(
        Mock::given(path_regex("/export/de$")).respond_with(
            ResponseTemplate::new(200)
                .insert_header("etag", "\"v1\"")
                .set_body_raw("{\"hi\": \"Hallo\"}", "application/json"),
        ),
    );
    let env = TestEnv::logged_in_at(CANARY, &server);
    fs::write(env.work().join(".nt3.yml"), CONFIG).unwrap();
    let de = env.work().join("l/de.json");
    let conditional = || {
        server
            .requests()
            .iter()
            .filter(|r| r.headers.contains_key("if-none-match"))
            .count()
    };

    env.run(&["pull"]).success();
    assert_eq!(fs::read_to_string(&de).unwrap(), "{\"hi\": \"Hallo\"}");
    assert_eq!(conditional(), 0, "nothing to compare with yet");

    env.run(&["pull"]).success().stderr_eq(str![[r#"
Pulled 1 file: 0 created, 0 updated, 1 unchanged

"#]]);
    assert_eq!(
        conditional(),
        1,
        "the second pull asks with the ETag and gets 304"
    );

    // A file edited since the last pull is fetched whole, and the edit is kept.
    fs::write(&de, "{\"hi\": \"local edit\"}").unwrap();
    env.run(&["pull"]).success().stderr_eq(str![[r#"
Pulled 1 file: 0 created, 0 updated, 1 unchanged

"#]]);
    assert_eq!(conditional(), 1);
    assert_eq!(fs::read_to_string(&de).unwrap(), "{\"hi\": \"local edit\"}");
    env.run(&["pull", "--force"]).success().stderr_eq(str![[r#"
Pulled 1 file: 0 created, 1 updated, 0 unchanged

"#]]);
    assert_eq!(fs::read_to_string(&de).unwrap(), "{\"hi\": \"Hallo\"}");
}

#[test]
fn status_summarises_big_projects_and_lists_files_with_verbose() {
    let env = TestEnv::logged_in_at(CANARY, &Server::start());
    fs::write(
        env.work().join(".nt3.yml"),
        "project_id: proj_1\nsource_language: en\nfile_patterns:\n  - path: \"i18n/{namespace}/{lang}.json\"\n    format: json-flat\n",
    )
    .unwrap();
    let languages: Vec<String> = (0..40)
        .map(|i| {
            format!(
                "{}{}",
                (b'a' + (i / 26) as u8) as char,
                (b'a' + (i % 26) as u8) as char
            )
        })
        .collect();
    for namespace in ["app", "emails", "errors", "legal", "marketing"] {
        for language in &languages {
            env.put(&format!("i18n/{namespace}/{language}.json"), "{}");
        }
    }
    let stdout = env.run(&["status"]).success().stdout();
    let project: Vec<&str> = stdout
        .lines()
        .skip_while(|l| !l.starts_with("Project"))
        .collect();
    assert_eq!(
        project,
        [
            "Project (.nt3.yml): proj_1, source language en",
            "  i18n/{namespace}/{lang}.json (json-flat, namespace from the path): 200 files in 40 languages (aa, ab, ac, ad, ae, af, ag, ah, ai, aj, ak, al, and 28 more)",
        ]
    );
    let verbose = env.run(&["status", "--verbose"]).success();
    assert_eq!(
        verbose
            .stdout()
            .lines()
            .filter(|l| l.starts_with("    i18n/"))
            .count(),
        200
    );
    let doc = env.run(&["status", "--json"]).success().json();
    assert_eq!(
        doc["project"]["file_patterns"][0]["files"]
            .as_array()
            .unwrap()
            .len(),
        200
    );
}

#[test]
fn an_endless_export_stops_at_the_cap_and_leaves_the_file_alone() {
    use std::io::{Read, Write};
    // The project answers; the export never ends.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            std::thread::spawn(move || {
                let mut buf = [0; 4096];
                let n = stream.read(&mut buf).unwrap_or(0);
                if String::from_utf8_lossy(&buf[..n]).starts_with("GET /api/v1/projects/proj_1 ") {
                    let body =
                        r#"{"_id": "proj_1", "sourceLanguage": "en", "targetLanguages": ["de"]}"#;
                    let _ = stream.write_all(
                        format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}", body.len()).as_bytes(),
                    );
                    return;
                }
                let _ = stream.write_all(b"HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ntransfer-encoding: chunked\r\n\r\n");
                let chunk = format!("10000\r\n{}\r\n", "z".repeat(0x10000));
                while stream.write_all(chunk.as_bytes()).is_ok() {}
            });
        }
    });
    let mut env = TestEnv::new();
    env.env("NT3_API_TOKEN", CANARY).env("NT3_API_URL", &url);
    fs::write(env.work().join(".nt3.yml"), CONFIG).unwrap();
    env.put("l/de.json", "old");
    let ran = env.run(&["pull"]).code(1);
    assert!(
        ran.stderr()
            .contains("error: l/de.json: the export is larger than 64 MiB; nt3 stopped reading it"),
        "{}",
        ran.stderr()
    );
    assert_eq!(
        fs::read_to_string(env.work().join("l/de.json")).unwrap(),
        "old"
    );
    assert_eq!(
        fs::read_dir(env.work().join("l")).unwrap().count(),
        1,
        "no temporary file left"
    );
}
