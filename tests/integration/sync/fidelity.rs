//! nt3 against a server that answers the way the Entri API reference documents it
//! (`tests/fixtures/api/`), with the trees real Android, iOS and Flutter projects have.

use std::fs;

use serde_json::{Value, json};
use snapbox::str;
use wiremock::matchers::{method, path, path_regex};
use wiremock::{Mock, ResponseTemplate};

use crate::common::{CANARY, Server, TestEnv};

/// A documented example from `tests/fixtures/api/`.
fn fixture(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/api/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap()
}

const PROJECT: &str = "proj_6abc123def456";

/// The documented project (source `en`; targets `fr`, `de`, `es`, plus `extra`), imports
/// that succeed, and every export answering `body`.
fn documented(extra: &[&str], body: &'static str) -> Server {
    let server = Server::start();
    let mut project = fixture("project.json");
    for language in extra {
        project["targetLanguages"]
            .as_array_mut()
            .unwrap()
            .push((*language).into());
    }
    server.mock(
        Mock::given(method("GET"))
            .and(path(format!("/api/v1/projects/{PROJECT}")))
            .respond_with(ResponseTemplate::new(200).set_body_json(project)),
    );
    server.mock(
        Mock::given(method("POST"))
            .and(path_regex("/(import|languages)$"))
            .respond_with(ResponseTemplate::new(201)),
    );
    server.mock(
        Mock::given(method("GET"))
            .and(path_regex("/export/"))
            .respond_with(ResponseTemplate::new(200).set_body_string(body)),
    );
    server
}

fn in_project(server: &Server, config: &str) -> TestEnv {
    let env = TestEnv::logged_in_at(CANARY, server);
    fs::write(
        env.work().join(".nt3.yml"),
        format!("project_id: {PROJECT}\nsource_language: en\n{config}"),
    )
    .unwrap();
    env
}

/// `(language, content)` of each import, sorted.
fn imports(server: &Server) -> Vec<(String, String)> {
    let mut imports: Vec<(String, String)> = server
        .requests()
        .iter()
        .filter(|r| r.url.path().ends_with("/import"))
        .map(|r| {
            let body: Value = r.body_json().unwrap();
            (
                body["language"].as_str().unwrap().into(),
                body["content"].as_str().unwrap().into(),
            )
        })
        .collect();
    imports.sort();
    imports
}

fn added_languages(server: &Server) -> Vec<String> {
    server
        .requests()
        .iter()
        .filter(|r| r.url.path().ends_with("/languages"))
        .map(|r| {
            r.body_json::<Value>().unwrap()["language"]
                .as_str()
                .unwrap()
                .into()
        })
        .collect()
}

#[test]
fn projects_with_documented_ids_are_listed_and_picked() {
    let server = Server::start();
    server.mock(
        Mock::given(path("/api/v1/projects"))
            .respond_with(ResponseTemplate::new(200).set_body_json(fixture("projects.json"))),
    );
    let env = TestEnv::logged_in_at(CANARY, &server);
    env.run(&["projects"]).success().stdout_eq(str![[r#"
ID                  NAME               SOURCE  TARGETS
proj_6abc123def456  Marketing Website  en      fr, de, es

"#]]);
    let doc = env.run(&["projects", "--json"]).success().json();
    assert_eq!(doc["projects"][0]["id"], PROJECT);
    assert_eq!(doc["projects"][0]["organization"], "org_789xyz");
}

#[test]
fn an_android_tree_syncs_with_values_folders() {
    let server = documented(&["pt-BR"], "<resources/>\n");
    let env = in_project(
        &server,
        "file_patterns:\n  - path: \"app/src/main/res/values-{lang}/strings.xml\"\n    format: android-xml\n",
    );
    env.put(
        "app/src/main/res/values/strings.xml",
        "<resources>en</resources>",
    );
    env.put(
        "app/src/main/res/values-fr/strings.xml",
        "<resources>fr</resources>",
    );
    env.put(
        "app/src/main/res/values-pt-rBR/strings.xml",
        "<resources>pt</resources>",
    );
    env.put("app/src/main/res/values-night/colors.xml", "<resources/>");
    env.run(&["push"]).success();
    assert_eq!(
        imports(&server),
        [
            ("en".to_string(), "<resources>en</resources>".to_string()),
            ("fr".into(), "<resources>fr</resources>".into()),
            ("pt-BR".into(), "<resources>pt</resources>".into()),
        ]
    );
    assert!(added_languages(&server).is_empty(), "pt-rBR is pt-BR");

    env.run(&["pull"]).success();
    let res = env.work().join("app/src/main/res");
    for dir in ["values-fr", "values-de", "values-es", "values-pt-rBR"] {
        assert_eq!(
            fs::read_to_string(res.join(dir).join("strings.xml")).unwrap(),
            "<resources/>\n",
            "{dir}"
        );
    }
    assert_eq!(
        fs::read_to_string(res.join("values/strings.xml")).unwrap(),
        "<resources>en</resources>",
        "the source is not pulled"
    );
}

#[test]
fn an_ios_tree_with_a_utf16_strings_file_is_sent_as_utf8() {
    let server = documented(&["pt-BR"], "\"k\" = \"v\";\n");
    let env = in_project(
        &server,
        "file_patterns:\n  - path: \"App/{lang}.lproj/Localizable.strings\"\n    format: ios-strings\n",
    );
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(
            "\"hello\" = \"Hello\";\n"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        )
        .collect();
    env.put("App/en.lproj/Localizable.strings", utf16);
    env.put(
        "App/fr.lproj/Localizable.strings",
        "\u{feff}\"hello\" = \"Bonjour\";\n",
    );
    env.put(
        "App/pt-BR.lproj/Localizable.strings",
        "\"hello\" = \"Olá\";\n",
    );
    env.run(&["push"]).success();
    assert_eq!(
        imports(&server),
        [
            ("en".to_string(), "\"hello\" = \"Hello\";\n".to_string()),
            ("fr".into(), "\"hello\" = \"Bonjour\";\n".into()),
            ("pt-BR".into(), "\"hello\" = \"Olá\";\n".into()),
        ],
        "UTF-16 and byte-order marks arrive as plain UTF-8"
    );
    env.run(&["pull", "-l", "de"]).success();
    assert!(
        env.work()
            .join("App/de.lproj/Localizable.strings")
            .is_file()
    );
}

#[test]
fn flutter_underscores_are_entri_hyphens_both_ways() {
    let server = documented(&["pt-BR", "zh-Hans"], "{\"k\": \"v\"}");
    let env = in_project(
        &server,
        "languages_mapping:\n  zh-Hans: zh\nfile_patterns:\n  - path: \"lib/l10n/app_{lang}.arb\"\n    format: arb\n",
    );
    env.put("lib/l10n/app_en.arb", "{\"hello\": \"Hello\"}");
    env.put("lib/l10n/app_pt_BR.arb", "{\"hello\": \"Olá\"}");
    env.put("lib/l10n/app_zh.arb", "{\"hello\": \"你好\"}");
    env.run(&["push", "-l", "pt-BR"]).success();
    assert_eq!(
        imports(&server),
        [("pt-BR".to_string(), "{\"hello\": \"Olá\"}".to_string())]
    );
    env.run(&["push", "-l", "zh-Hans"]).success();
    assert!(added_languages(&server).is_empty());

    env.run(&["pull"]).success();
    let l10n = env.work().join("lib/l10n");
    for name in ["app_fr.arb", "app_pt_BR.arb", "app_zh.arb"] {
        assert_eq!(
            fs::read_to_string(l10n.join(name)).unwrap(),
            "{\"k\": \"v\"}",
            "{name}"
        );
    }
    assert!(!l10n.join("app_pt-BR.arb").exists() && !l10n.join("app_zh-Hans.arb").exists());
}

#[test]
fn a_rejected_token_stops_the_run_with_one_error() {
    // Every request answers 401: one request, one error, exit 4.
    let server = Server::start();
    server.mock(
        Mock::given(wiremock::matchers::any())
            .respond_with(ResponseTemplate::new(401).set_body_json(fixture("error-401.json"))),
    );
    let env = in_project(
        &server,
        "file_patterns:\n  - path: \"l/{lang}.json\"\n    format: json-flat\n",
    );
    for language in [
        "en", "fr", "de", "es", "it", "nl", "pl", "sv", "da", "fi", "cs",
    ] {
        env.put(&format!("l/{language}.json"), "{}");
    }
    env.run(&["push"]).code(4).stderr_eq(str![[r#"
error: the server rejected the token from [ROOT]/home/.nt3/config.json (401 Unauthorized): Invalid API key
hint: the token is invalid, expired or revoked; run `nt3 login` with a new one

"#]]);
    assert_eq!(server.requests().len(), 1);
    let doc = env.run(&["pull", "--json"]).code(4).json();
    assert_eq!(doc["success"], false);
    assert_eq!(doc["files"], json!([]));
    assert_eq!(doc["error"]["kind"], "not_authenticated");

    // The project answers, the uploads do not: the first 401 stops the rest.
    let server = documented(&[], "");
    server.mock(
        Mock::given(method("POST"))
            .and(path_regex("/import$"))
            .respond_with(ResponseTemplate::new(401).set_body_json(fixture("error-401.json")))
            .with_priority(1),
    );
    let env = in_project(
        &server,
        "file_patterns:\n  - path: \"l/{lang}.json\"\n    format: json-flat\n",
    );
    for language in ["en", "fr", "de", "es"] {
        env.put(&format!("l/{language}.json"), "{}");
    }
    let ran = env.run(&["push", "--jobs", "1", "--json"]).code(4);
    let doc = ran.json();
    assert_eq!(doc["error"]["kind"], "not_authenticated");
    assert_eq!(doc["files"].as_array().unwrap().len(), 1, "{doc}");
    let imports = server
        .requests()
        .iter()
        .filter(|r| r.url.path().ends_with("/import"))
        .count();
    assert_eq!(imports, 1, "no request storm");
}

#[test]
fn an_export_in_an_envelope_is_unwrapped_and_anything_else_unexpected_is_refused() {
    let server = Server::start();
    server.mock(
        Mock::given(path(format!("/api/v1/projects/{PROJECT}")))
            .respond_with(ResponseTemplate::new(200).set_body_json(fixture("project.json"))),
    );
    server.mock(Mock::given(path_regex("/export/fr$")).respond_with(
        ResponseTemplate::new(200).set_body_json(json!({
            "success": true, "status": 200, "code": "OK", "message": "exported",
            "data": "msgid \"hello\"\nmsgstr \"Bonjour\"\n"
        })),
    ));
    server.mock(Mock::given(path_regex("/export/de$")).respond_with(
        ResponseTemplate::new(200).set_body_json(json!({"items": [{"key": "hello"}]})),
    ));
    server.mock(Mock::given(path_regex("/export/es$")).respond_with(
        ResponseTemplate::new(200).set_body_string("msgid \"hello\"\nmsgstr \"Hola\"\n"),
    ));
    let env = in_project(
        &server,
        "file_patterns:\n  - path: \"po/{lang}.po\"\n    format: po\n",
    );
    env.put("po/de.po", "old de");
    let ran = env.run(&["pull"]).code(1);
    assert!(
        ran.stderr().contains(
            "error: po/de.po: the server answered JSON where the `po` file was expected\n"
        ),
        "{}",
        ran.stderr()
    );
    let po = env.work().join("po");
    assert_eq!(
        fs::read_to_string(po.join("fr.po")).unwrap(),
        "msgid \"hello\"\nmsgstr \"Bonjour\"\n"
    );
    assert_eq!(
        fs::read_to_string(po.join("de.po")).unwrap(),
        "old de",
        "left as it was"
    );
    assert_eq!(
        fs::read_to_string(po.join("es.po")).unwrap(),
        "msgid \"hello\"\nmsgstr \"Hola\"\n"
    );
}

#[test]
fn sync_works_from_a_subdirectory_and_status_names_the_root() {
    let server = documented(&[], "{}");
    let env = in_project(
        &server,
        "file_patterns:\n  - path: \"locales/{lang}.json\"\n    format: json-flat\n",
    );
    env.put("locales/en.json", "{\"a\": \"b\"}");
    fs::create_dir_all(env.work().join("src/deep")).unwrap();
    let mut sub = env.command(&["push"]);
    sub.current_dir(env.work().join("src/deep"));
    let out = sub.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        imports(&server),
        [("en".to_string(), "{\"a\": \"b\"}".to_string())]
    );

    let mut status = env.command(&["status"]);
    status.current_dir(env.work().join("src/deep"));
    let out = String::from_utf8(status.output().unwrap().stdout).unwrap();
    let expected = format!(
        "Project ({}): {PROJECT}, source language en",
        env.work().join(".nt3.yml").display()
    );
    assert!(out.contains(&expected), "{out}");
}

#[test]
fn a_source_language_that_is_not_the_projects_stops_before_any_change() {
    let server = documented(&[], "{}");
    let env = TestEnv::logged_in_at(CANARY, &server);
    fs::write(
        env.work().join(".nt3.yml"),
        format!("project_id: {PROJECT}\nsource_language: de\nfile_patterns:\n  - path: \"l/{{lang}}.json\"\n    format: json-flat\n"),
    )
    .unwrap();
    env.put("l/de.json", "{}");
    env.put("l/en.json", "{}");
    env.run(&["push"]).code(2).stderr_eq(str![[r#"
error: `.nt3.yml` says the source language is `de`, but project proj_6abc123def456 has `en`
hint: set `source_language: en` in `.nt3.yml`

"#]]);
    assert!(
        server.requests().iter().all(|r| r.method.as_str() == "GET"),
        "nothing changed on the server"
    );
}

#[test]
fn dry_runs_change_nothing_anywhere() {
    let server = documented(&["pt-BR"], "{\"k\": \"v\"}");
    let env = in_project(
        &server,
        "file_patterns:\n  - path: \"l/{lang}.json\"\n    format: json-flat\n    namespace: web\n",
    );
    env.put("l/en.json", "{\"hello\": \"Hello\"}");
    env.put("l/it.json", "{\"hello\": \"Ciao\"}");
    env.put("l/fr.json", "{\"k\": \"v\"}");
    env.put("l/de.json", "{\"k\": \"old\"}");
    env.run(&["push", "--dry-run"])
        .success()
        .stdout_eq(str![[r#"
FILE       LANGUAGE  NAMESPACE  SIZE  ACTION
l/en.json  en        web        18 B  upload
l/de.json  de        web        12 B  upload
l/fr.json  fr        web        10 B  upload
l/it.json  it        web        17 B  upload

"#]])
        .stderr_eq(str![[r#"
Would add language it to project proj_6abc123def456
Dry run: nothing was uploaded; 4 files planned, 0 with errors

"#]]);
    assert!(server.requests().iter().all(|r| r.method.as_str() == "GET"));

    let before = fs::read_dir(env.work().join("l")).unwrap().count();
    let doc = env.run(&["pull", "--dry-run", "--json"]).success().json();
    let actions: Vec<(&str, &str)> = doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["path"].as_str().unwrap(), f["action"].as_str().unwrap()))
        .collect();
    assert_eq!(
        actions,
        [
            ("l/fr.json", "unchanged"),
            ("l/de.json", "update"),
            ("l/es.json", "create"),
            ("l/pt-BR.json", "create")
        ]
    );
    assert_eq!(fs::read_dir(env.work().join("l")).unwrap().count(), before);
    assert_eq!(
        fs::read_to_string(env.work().join("l/de.json")).unwrap(),
        "{\"k\": \"old\"}"
    );
}

#[test]
fn nothing_to_pull_is_still_one_json_document() {
    let server = Server::start();
    server.mock(
        Mock::given(path(format!("/api/v1/projects/{PROJECT}"))).respond_with(
            ResponseTemplate::new(200).set_body_json(
                json!({"_id": PROJECT, "sourceLanguage": "en", "targetLanguages": []}),
            ),
        ),
    );
    let env = in_project(
        &server,
        "file_patterns:\n  - path: \"l/{lang}.json\"\n    format: json-flat\n",
    );
    let doc = env.run(&["pull", "--json"]).success().json();
    assert_eq!(doc, json!({"success": true, "files": [], "errors": []}));
}

#[test]
fn two_files_feeding_one_language_and_namespace_are_an_error_naming_both() {
    let server = documented(&[], "{}");
    let env = in_project(
        &server,
        "file_patterns:\n  - path: \"web/{lang}.json\"\n    format: json-flat\n  - path: \"emails/{lang}.json\"\n    format: json-flat\n",
    );
    env.put("web/en.json", "{}");
    env.put("emails/en.json", "{}");
    env.run(&["push"]).code(2).stderr_eq(str![[r#"
error: `web/en.json` and `emails/en.json` both hold `en` for the default namespace; nothing was sent
hint: give each pattern its own `namespace`, name the source file with `source:`, or narrow a pattern so one file feeds each language

"#]]);
    assert!(server.requests().iter().all(|r| r.method.as_str() == "GET"));
}

// Unix: the pseudo-terminal harness; Wine has no ConPTY to drive the Windows console.
#[cfg(unix)]
#[test]
fn init_on_a_terminal_picks_a_documented_project() {
    let server = Server::start();
    server.mock(
        Mock::given(path("/api/v1/projects"))
            .respond_with(ResponseTemplate::new(200).set_body_json(fixture("projects.json"))),
    );
    let env = TestEnv::logged_in_at(CANARY, &server);
    let mut pty = env.pty(&["init"]);
    pty.expect("  1. Marketing Website (proj_6abc123def456)");
    // Enter takes the only project.
    pty.expect("Project (number or id) [1]: ");
    pty.send("\r");
    pty.expect("Source language [en]: ");
    pty.send("\r");
    pty.expect("Path pattern ({lang} stands for the language) [locales/{lang}.json]: ");
    pty.send("\r");
    pty.expect("Format [json-nested]: ");
    pty.send("\r");
    let (code, screen) = pty.finish();
    assert_eq!(code, 0, "{screen}");
    assert!(
        screen.contains("Created .nt3.yml for project proj_6abc123def456"),
        "{screen}"
    );
    let written = fs::read_to_string(env.work().join(".nt3.yml")).unwrap();
    assert!(
        written.contains("project_id: \"proj_6abc123def456\""),
        "{written}"
    );
}

#[test]
fn an_empty_match_under_l_names_the_language() {
    let server = documented(&[], "{}");
    let env = in_project(
        &server,
        "file_patterns:\n  - path: \"l/{lang}.json\"\n    format: json-flat\n",
    );
    env.put("l/en.json", "{}");
    env.run(&["push", "-l", "xx"]).code(1).stderr_eq(str![[r#"
error: no `xx` files (`-l xx`) match the patterns in `.nt3.yml`
hint: check `file_patterns` (and `languages_mapping`), or run `nt3 pull` to fetch the files

"#]]);
}

#[test]
fn a_source_file_that_cannot_be_read_stops_its_pattern() {
    let server = documented(&[], "{}");
    let env = in_project(
        &server,
        "file_patterns:\n  - path: \"l/{lang}.json\"\n    format: json-flat\n  - path: \"m/{lang}.json\"\n    format: json-flat\n    namespace: mail\n",
    );
    env.put("l/en.json", b"\xff\xfe\x00");
    env.put("l/fr.json", "{}");
    env.put("m/en.json", "{}");
    env.put("m/fr.json", "{}");
    let ran = env.run(&["push"]).code(1);
    assert!(
        ran.stderr().contains("error: l/en.json: not valid UTF-8, nor UTF-16 with a byte-order mark\n")
            && ran.stderr().contains(
                "error: l/fr.json: skipped: the source file `l/en.json` of this pattern could not be read\n"
            ),
        "{}",
        ran.stderr()
    );
    assert_eq!(
        imports(&server),
        [
            ("en".to_string(), "{}".to_string()),
            ("fr".into(), "{}".into())
        ],
        "the other pattern went up"
    );
}
