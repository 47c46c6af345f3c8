//! `nt3 init`, `nt3 push`, `nt3 pull` in a temporary project tree (docs/SPEC.md §2, sync).

use std::fs;
use std::time::Duration;

use serde_json::{Value, json};
use snapbox::str;
use wiremock::matchers::{body_partial_json, method, path, query_param};
use wiremock::{Mock, ResponseTemplate};

use crate::common::{CANARY, CountingServer, Server, TestEnv, entri_project, imports};

const CONFIG: &str = r#"project_id: "proj_1"
source_language: en
file_patterns:
  - path: "locales/{lang}.json"
    format: json-nested
  - path: "po/{namespace}/{lang}.po"
    format: po
"#;

/// A project with `en` and `de`; every import and language addition succeeds.
fn entri() -> Server {
    entri_project(&["de"])
}

fn project(server: &Server, config: &str) -> TestEnv {
    TestEnv::in_project(server, config)
}

#[test]
fn init_with_flags_writes_a_commented_config() {
    let env = TestEnv::new();
    env.run(&[
        "init",
        "--project-id",
        "proj_1",
        "--source-language",
        "en",
        "--path",
        "src/locales/{lang}.json",
    ])
    .success()
    .stderr_eq(str![[r#"
Created .nt3.yml for project proj_1
warning: `src/locales/{lang}.json` matches no file here yet
Next: `nt3 push` uploads your files, `nt3 pull` downloads the translations

"#]]);
    let written = fs::read_to_string(env.work().join(".nt3.yml")).unwrap();
    snapbox::assert_data_eq!(
        written,
        str![[r##"
# nt3 project configuration: `nt3 push` uploads the files below, `nt3 pull` downloads them.
project_id: "proj_1"
# The language the other translations are made from.
source_language: en
# true: `nt3 push` overwrites translations that already exist in Entri.
update_translations: false
file_patterns:
  # `{lang}` stands for the language code; `{namespace}` (optional) for a namespace.
  # Formats: json-flat, json-nested, yaml, po, xliff, xliff2, arb, android-xml,
  # ios-strings, ios-stringsdict, xcstrings.
  - path: "src/locales/{lang}.json"
    format: json-nested

"##]]
    );

    env.run(&[
        "init",
        "--project-id",
        "proj_2",
        "--source-language",
        "en",
        "--path",
        "x/{lang}.po",
    ])
    .code(1)
    .stderr_eq(str![[r#"
error: `.nt3.yml` already exists
hint: pass `--force` to replace it

"#]]);
    env.run(&[
        "init",
        "--project-id",
        "proj_2",
        "--source-language",
        "en",
        "--path",
        "x/{lang}.po",
        "--force",
    ])
    .success();
    assert!(
        fs::read_to_string(env.work().join(".nt3.yml"))
            .unwrap()
            .contains("format: po")
    );
}

#[test]
fn init_without_a_terminal_needs_its_flags() {
    let env = TestEnv::new();
    env.run(&["init", "--source-language", "en"]).code(2).stderr_eq(str![[r#"
error: without a terminal, `nt3 init` needs `--project-id`, `--path`
hint: for example: nt3 init --project-id proj_abc123 --source-language en --path 'locales/{lang}.json'

"#]]);
    env.run(&[
        "init",
        "--project-id",
        "p",
        "--source-language",
        "en",
        "--path",
        "x/{lang}.txt",
    ])
    .code(2)
    .stderr_eq(str![[r#"
error: cannot guess the format from the path; pass `--format`

"#]]);
    env.run(&[
        "init",
        "--project-id",
        "p",
        "--source-language",
        "en",
        "--path",
        "x/lang.json",
    ])
    .code(2)
    .stderr_eq(str![[r#"
error: `file_patterns[0].path` must contain `{lang}`

"#]]);
    assert!(!env.work().join(".nt3.yml").exists());
}

#[test]
fn config_errors_name_the_field() {
    let server = entri();
    let env = project(
        &server,
        "project_id: proj_1\nsource_language: en\nfile_patterns:\n  - path: \"{lang}.json\"\n    format: jsonn\n",
    );
    env.run(&["push"]).code(2).stderr_eq(str![[r#"
error: `.nt3.yml` is not valid: file_patterns[0].format: unknown variant `jsonn`, expected one of `json-flat`, `json-nested`, `yaml`, `po`, `xliff`, `xliff2`, `arb`, `android-xml`, `ios-strings`, `ios-stringsdict`, `xcstrings` at line 5 column 13

"#]]);
    let env = project(
        &server,
        "project_id: proj_1\nsource_language: en\nfile_patterns: []\nflavour: x\n",
    );
    env.run(&["push"]).code(2).stderr_eq(str![[r#"
error: `.nt3.yml` is not valid: `file_patterns` is empty: add at least one `path` and `format`

"#]]);
    let env = TestEnv::logged_in_at(CANARY, &server);
    env.run(&["push"]).code(2).stderr_eq(str![[r#"
error: there is no `.nt3.yml` here or in a parent directory
hint: run `nt3 init` to create one

"#]]);
}

#[test]
fn push_finds_every_file_sends_the_source_first_and_adds_missing_languages() {
    let server = entri();
    let env = project(&server, CONFIG);
    env.put("locales/de.json", r#"{"hi": "Hallo"}"#);
    env.put("locales/en.json", r#"{"hi": "Hello"}"#);
    env.put("locales/pt-BR.json", r#"{"hi": "Olá"}"#);
    env.put("locales/README.json", "not a language");
    env.put("locales/de.json.bak", "backup");
    env.put("po/checkout/zh_Hant.po", "msgid \"hi\"\nmsgstr \"你好\"\n");
    env.run(&["push"])
        .success()
        .stdout_eq(str![""])
        .stderr_eq(str![[r#"
warning: no `en` file matches `po/{namespace}/{lang}.po`
Skipped locales/README.json: `README` is not a language code
Added language pt-BR to project proj_1
Added language zh-Hant to project proj_1
Pushed 4 of 4 files

"#]])
        .hides(CANARY);

    let added: Vec<Value> = server
        .requests()
        .iter()
        .filter(|r| r.url.path().ends_with("/languages"))
        .map(|r| r.body_json().unwrap())
        .collect();
    assert_eq!(
        added,
        [json!({"language": "pt-BR"}), json!({"language": "zh-Hant"})],
        "`zh_Hant.po` is Entri's `zh-Hant`"
    );
    let imports = imports(&server);
    assert_eq!(
        imports[0],
        json!({"language": "en", "format": "json-nested", "content": "{\"hi\": \"Hello\"}", "overwrite": false})
    );
    let mut rest: Vec<(String, String, Option<String>)> = imports[1..]
        .iter()
        .map(|b| {
            (
                b["language"].as_str().unwrap().into(),
                b["format"].as_str().unwrap().into(),
                b["namespace"].as_str().map(String::from),
            )
        })
        .collect();
    rest.sort();
    assert_eq!(
        rest,
        [
            ("de".into(), "json-nested".into(), None),
            ("pt-BR".into(), "json-nested".into(), None),
            ("zh-Hant".into(), "po".into(), Some("checkout".into())),
        ]
    );
    // Language additions come before any import.
    let last_added = server
        .requests()
        .iter()
        .rposition(|r| r.url.path().ends_with("/languages"))
        .unwrap();
    let first_import = server
        .requests()
        .iter()
        .position(|r| r.url.path().ends_with("/import"))
        .unwrap();
    assert!(last_added < first_import);
}

#[test]
fn push_warns_when_the_source_file_is_missing() {
    let server = entri();
    let env = project(
        &server,
        "project_id: proj_1\nsource_language: en\nfile_patterns:\n  - path: \"l/{lang}.json\"\n    format: json-flat\n",
    );
    env.put("l/de.json", "{}");
    env.run(&["push"]).success().stderr_eq(str![[r#"
warning: no `en` file matches `l/{lang}.json`
Pushed 1 of 1 file

"#]]);
}

#[test]
fn overwrite_flag_beats_update_translations() {
    let server = entri();
    let mut config = CONFIG.replace(
        "source_language: en\n",
        "source_language: en\nupdate_translations: true\n",
    );
    let env = project(&server, &config);
    env.put("locales/en.json", "{}");
    env.run(&["push"]).success();
    assert_eq!(
        imports(&server)[0]["overwrite"],
        true,
        "update_translations: true"
    );
    config = CONFIG.to_string();
    fs::write(env.work().join(".nt3.yml"), &config).unwrap();
    env.run(&["push", "-l", "en"]).success();
    assert_eq!(imports(&server)[1]["overwrite"], false, "the default");
    env.run(&["push", "--overwrite"]).success();
    assert_eq!(imports(&server)[2]["overwrite"], true, "--overwrite");
}

#[test]
fn push_goes_on_past_a_failed_file_and_exits_1() {
    let server = Server::start();
    server.mock(
        Mock::given(method("GET"))
            .and(path("/api/v1/projects/proj_1"))
            .respond_with(
                ResponseTemplate::new(200).set_body_json(
                    json!({"sourceLanguage": "en", "targetLanguages": ["de", "fr"]}),
                ),
            ),
    );
    server.mock(
        Mock::given(path("/api/v1/projects/proj_1/import"))
            .and(body_partial_json(json!({"language": "de"})))
            .respond_with(
                ResponseTemplate::new(400)
                    .set_body_json(json!({"statusCode": 400, "message": "invalid JSON on line 1"})),
            ),
    );
    server.mock(
        Mock::given(path("/api/v1/projects/proj_1/import"))
            .respond_with(ResponseTemplate::new(201)),
    );
    let env = project(&server, CONFIG);
    env.put("locales/en.json", "{}");
    // Valid JSON the server still refuses: its error is named, the other files go.
    env.put("locales/de.json", "{\"a\": 1}");
    env.put("locales/fr.json", "{}");
    env.run(&["push"]).code(1).stderr_eq(str![[r#"
warning: no `en` file matches `po/{namespace}/{lang}.po`
error: locales/de.json: POST /api/v1/projects/proj_1/import failed with 400 Bad Request: invalid JSON on line 1
Pushed 2 of 3 files; 1 failed

"#]]);
    let doc = env.run(&["push", "--json"]).code(1).json();
    snapbox::assert_data_eq!(
        serde_json::to_string_pretty(&doc).unwrap(),
        str![[r#"
{
  "success": false,
  "files": [
    {
      "path": "locales/en.json",
      "language": "en",
      "format": "json-nested",
      "size": 2,
      "action": "unchanged"
    },
    {
      "path": "locales/de.json",
      "language": "de",
      "format": "json-nested",
      "size": 8,
      "error": "POST /api/v1/projects/proj_1/import failed with 400 Bad Request: invalid JSON on line 1"
    },
    {
      "path": "locales/fr.json",
      "language": "fr",
      "format": "json-nested",
      "size": 2,
      "action": "unchanged"
    }
  ],
  "errors": [
    "locales/de.json: POST /api/v1/projects/proj_1/import failed with 400 Bad Request: invalid JSON on line 1"
  ]
}
"#]]
    );
}

#[test]
fn push_refuses_files_over_64_mib() {
    let server = entri();
    let env = project(&server, CONFIG);
    env.put("locales/en.json", "");
    // Sparse: 64 MiB and a byte, without writing them.
    fs::File::options()
        .write(true)
        .open(env.work().join("locales/en.json"))
        .unwrap()
        .set_len(64 * 1024 * 1024 + 1)
        .unwrap();
    env.run(&["push"]).code(1).stderr_eq(str![[r#"
warning: no `en` file matches `po/{namespace}/{lang}.po`
error: locales/en.json: larger than 64 MiB; split it or upload it another way
Pushed 0 of 1 file; 1 failed

"#]]);
    assert!(imports(&server).is_empty());
}

/// A project with targets `de` and `fr` whose exports echo their query.
fn exporting() -> Server {
    let server = Server::start();
    server.mock(
        Mock::given(method("GET"))
            .and(path("/api/v1/projects/proj_1"))
            .respond_with(
                ResponseTemplate::new(200).set_body_json(
                    json!({"sourceLanguage": "en", "targetLanguages": ["de", "fr"]}),
                ),
            ),
    );
    for lang in ["de", "fr"] {
        server.mock(
            Mock::given(path(format!("/api/v1/projects/proj_1/export/{lang}")))
                .and(query_param("format", "json-nested"))
                .respond_with(
                    ResponseTemplate::new(200)
                        .set_body_string(format!("{{\"lang\": \"{lang}\"}}\n")),
                ),
        );
        server.mock(
            Mock::given(path(format!("/api/v1/projects/proj_1/export/{lang}")))
                .and(query_param("format", "po"))
                .and(query_param("namespace", "checkout"))
                .respond_with(
                    ResponseTemplate::new(200).set_body_string(format!("# {lang} checkout\n")),
                ),
        );
    }
    server
}

#[test]
fn pull_writes_files_in_nested_directories_and_leaves_unchanged_ones_alone() {
    let server = exporting();
    let env = project(&server, CONFIG);
    env.put("po/checkout/en.po", "# source\n");
    env.run(&["pull"])
        .success()
        .stdout_eq(str![""])
        .stderr_eq(str![[r#"
Pulled 4 files: 4 created, 0 updated, 0 unchanged

"#]]);
    assert_eq!(
        fs::read_to_string(env.work().join("locales/de.json")).unwrap(),
        "{\"lang\": \"de\"}\n"
    );
    assert_eq!(
        fs::read_to_string(env.work().join("po/checkout/fr.po")).unwrap(),
        "# fr checkout\n"
    );

    let de = env.work().join("locales/de.json");
    let before = fs::metadata(&de).unwrap().modified().unwrap();
    std::thread::sleep(Duration::from_millis(20));
    env.put("locales/fr.json", "stale");
    env.run(&["pull"]).code(1).stderr_eq(str![[r#"
error: locales/fr.json: changed here since the last sync, and the file here is not a valid `json-nested` file (line 1: the file is not a JSON object); not replaced (`--force` replaces it)
Pulled 3 files: 0 created, 0 updated, 3 unchanged; 1 failed

"#]]);
    assert_eq!(
        fs::read_to_string(env.work().join("locales/fr.json")).unwrap(),
        "stale",
        "a local edit is never lost"
    );
    env.run(&["pull", "--force"]).success().stderr_eq(str![[r#"
Pulled 4 files: 0 created, 1 updated, 3 unchanged

"#]]);
    assert_eq!(
        fs::metadata(&de).unwrap().modified().unwrap(),
        before,
        "an unchanged file is not rewritten"
    );
    assert_eq!(
        fs::read_to_string(env.work().join("locales/fr.json")).unwrap(),
        "{\"lang\": \"fr\"}\n"
    );
}

#[test]
fn a_failed_export_leaves_its_file_as_it_was() {
    let server = Server::start();
    server.mock(Mock::given(path("/api/v1/projects/proj_1")).respond_with(
        ResponseTemplate::new(200).set_body_json(
            json!({"_id": "proj_1", "sourceLanguage": "en", "targetLanguages": ["de", "fr"]}),
        ),
    ));
    server.mock(
        Mock::given(path("/api/v1/projects/proj_1/export/fr")).respond_with(
            ResponseTemplate::new(500).set_body_json(json!({"message": "export failed"})),
        ),
    );
    server.mock(
        Mock::given(path("/api/v1/projects/proj_1/export/de"))
            .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"k": "new de"}"#)),
    );
    let env = project(
        &server,
        "project_id: proj_1\nsource_language: en\nfile_patterns:\n  - path: \"l/{lang}.json\"\n    format: json-flat\n",
    );
    env.put("l/fr.json", r#"{"k": "old fr"}"#);
    env.put("l/de.json", r#"{"k": "old de"}"#);
    let doc = env.run(&["pull", "-l", "fr", "--json"]).code(1).json();
    assert_eq!(
        doc,
        json!({"success": false, "files": [{"path": "l/fr.json", "language": "fr", "format": "json-flat", "error": "GET /api/v1/projects/proj_1/export/fr failed with 500 Internal Server Error: export failed"}],
               "errors": ["l/fr.json: GET /api/v1/projects/proj_1/export/fr failed with 500 Internal Server Error: export failed"]})
    );
    assert_eq!(
        fs::read_to_string(env.work().join("l/fr.json")).unwrap(),
        r#"{"k": "old fr"}"#
    );
    env.run(&["pull", "-l", "de"]).success();
    assert_eq!(
        fs::read_to_string(env.work().join("l/de.json")).unwrap(),
        r#"{"k": "new de"}"#
    );
    let names: Vec<String> = fs::read_dir(env.work().join("l"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names.len(), 2, "no temporary files: {names:?}");
}

/// Pulls 40 target languages, with `args`, from a server that holds each answer 60 ms;
/// returns the requests served and the most at once.
fn pull_in_flight(args: &[&str]) -> (usize, usize) {
    fn answer(method: &str, path: &str) -> String {
        match (method, path) {
            ("GET", "/api/v1/projects/proj_1") => {
                // aa, ab, … ba, bb, …: 40 codes.
                let targets: Vec<String> = (0..40u8)
                    .map(|i| format!("\"{}{}\"", (b'a' + i / 26) as char, (b'a' + i % 26) as char))
                    .collect();
                format!(
                    "{{\"sourceLanguage\": \"en\", \"targetLanguages\": [{}]}}",
                    targets.join(",")
                )
            }
            _ => "{}".into(),
        }
    }
    let server = CountingServer::start(Duration::from_millis(60), answer);
    let env = TestEnv::new();
    env.write(
        &env.global(),
        format!(r#"{{"token": "{CANARY}", "api_url": "{}"}}"#, server.uri()),
    );
    fs::write(env.work().join(".nt3.yml"), "project_id: proj_1\nsource_language: en\nfile_patterns:\n  - path: \"l/{lang}.json\"\n    format: json-flat\n").unwrap();
    env.run(&[&["pull"], args].concat()).success();
    (server.served(), server.peak())
}

#[test]
fn requests_in_flight_stay_within_jobs() {
    assert_eq!(
        pull_in_flight(&["--jobs", "3"]),
        (41, 3),
        "at most --jobs requests at once, and that many used"
    );
    assert_eq!(
        pull_in_flight(&[]),
        (41, 32),
        "32 at once by default (docs/performance.md)"
    );
}

#[test]
fn pull_refuses_language_codes_that_are_not_codes() {
    let server = Server::start();
    server.mock(
        Mock::given(method("GET"))
            .and(path("/api/v1/projects/proj_1"))
            .respond_with(ResponseTemplate::new(200).set_body_json(
                json!({"sourceLanguage": "en", "targetLanguages": ["../../escape", "de"]}),
            )),
    );
    server.mock(
        Mock::given(path("/api/v1/projects/proj_1/export/de"))
            .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"k": "de"}"#)),
    );
    let env = project(
        &server,
        "project_id: proj_1\nsource_language: en\nfile_patterns:\n  - path: \"l/{lang}.json\"\n    format: json-flat\n",
    );
    env.run(&["pull"]).code(1).stderr_eq(str![[r#"
error: the project lists `../../escape`, which is not a language code; skipped
Pulled 1 file: 1 created, 0 updated, 0 unchanged

"#]]);
    assert!(!env.root().join("escape.json").exists());
    env.run(&["pull", "-l", "x/../y"])
        .code(2)
        .stderr_eq(str![[r#"
error: `x/../y` is not a language code like `en` or `pt-BR`

"#]]);
}

#[test]
fn status_shows_the_project_configuration() {
    let server = entri();
    let env = project(&server, CONFIG);
    env.put("locales/en.json", "{}");
    env.put("po/app/de.po", "");
    env.run(&["status"]).success().stdout_eq(str![[r#"
Logged in with token entri_…XyZ9
  Source:  [ROOT]/home/.nt3/config.json
  API URL: [SERVER] (from [ROOT]/home/.nt3/config.json)

Sources, highest priority first:
  1. NT3_API_TOKEN — not set
  2. [ROOT]/work/.nt3.local.json — not found
  3. [ROOT]/home/.nt3/config.json — active

Project (.nt3.yml): proj_1, source language en
  locales/{lang}.json (json-nested, default namespace): 1 file (en)
  po/{namespace}/{lang}.po (po, namespace from the path): 1 file (de)

"#]]);
}

/// An upload says its length: `Content-Length` (exactly the body's), never chunked,
/// since some proxies and servers refuse chunked request bodies. A byte-order mark and
/// characters JSON escapes are counted as sent, for a file sent from memory and for one
/// past 256 KiB, streamed from disk.
#[test]
fn a_streamed_upload_says_its_content_length() {
    for pad in [0, 300 * 1024] {
        let server = entri();
        let env = project(
            &server,
            "project_id: proj_1\nsource_language: en\nfile_patterns:\n  - path: \"l/{lang}.json\"\n    format: json-flat\n",
        );
        let text = format!(
            "{{\"k\": \"tab\\there \\u0001 \\\"q\\\" é{}\"}}\n",
            "x".repeat(pad)
        );
        env.put("l/en.json", format!("\u{feff}{text}"));
        env.run(&["push"]).success();
        let import = server
            .requests()
            .into_iter()
            .find(|r| r.url.path().ends_with("/import"))
            .unwrap();
        let length = import
            .headers
            .get("content-length")
            .map(|v| v.to_str().unwrap().to_owned());
        assert_eq!(length, Some(import.body.len().to_string()));
        assert!(import.headers.get("transfer-encoding").is_none());
        assert_eq!(import.body_json::<Value>().unwrap()["content"], text);
    }
}
