//! Content is checked against its format before it travels: push names a file that
//! does not read as its format (and a format Entri does not take) and sends the others;
//! `init` and `status` name such formats before anything is sent.

use std::fs;

use wiremock::matchers::path;
use wiremock::{Mock, ResponseTemplate};

use crate::common::{Server, TestEnv, entri_project, imports};

fn entri() -> Server {
    entri_project(&["de"])
}

fn project(server: &Server, config: &str, files: &[(&str, &str)]) -> TestEnv {
    let env = TestEnv::in_project(server, config);
    for (name, content) in files {
        env.put(name, content);
    }
    env
}

/// The languages of the imports `server` received.
fn imported(server: &Server) -> Vec<String> {
    imports(server)
        .iter()
        .map(|body| body["language"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn push_names_a_file_that_does_not_read_as_its_format_and_sends_the_others() {
    let server = entri();
    let env = project(
        &server,
        "project_id: proj_1\nsource_language: en\nfile_patterns:\n  - path: \"res/values-{lang}/strings.xml\"\n    format: android-xml\n",
        &[
            (
                "res/values-en/strings.xml",
                "<resources>\n  <string name=\"a\">A</string>\n</resources>\n",
            ),
            (
                "res/values-de/strings.xml",
                "<resources>\n  <string name=\"a\">A</strin>\n</resources>\n",
            ),
        ],
    );
    let pushed = env.run(&["push"]).code(1);
    assert!(
        pushed.stderr().contains("error: res/values-de/strings.xml: is not a valid `android-xml` file (line 2: not well-formed XML"),
        "{}",
        pushed.stderr()
    );
    assert_eq!(imported(&server), ["en"], "the broken file stays here");
}

#[test]
fn formats_entri_does_not_take_are_named_by_init_status_and_push() {
    let env = TestEnv::new();
    let init = env
        .run(&[
            "init",
            "--project-id",
            "proj_1",
            "--source-language",
            "en",
            "--path",
            "i18n/x_{lang}.properties",
            "--format",
            "json-flat",
        ])
        .code(2);
    assert!(
        init.stderr().contains("error: `i18n/x_{lang}.properties` names Java `.properties` files, a format Entri does not take")
            && init.stderr().contains("hint: Entri takes `json-flat`, `json-nested`, `yaml`, `po`"),
        "{}",
        init.stderr()
    );
    assert!(!env.work().join(".nt3.yml").exists());

    let server = entri();
    let env = project(
        &server,
        "project_id: proj_1\nsource_language: en\nfile_patterns:\n  - path: \"i18n/x_{lang}.properties\"\n    format: json-flat\n",
        &[("i18n/x_en.properties", "greeting=Hello\n")],
    );
    let status = env.run(&["status"]).success();
    assert!(
        status.stdout().contains("unsupported: Java `.properties` files are not a format Entri takes; Entri takes `json-flat`"),
        "{}",
        status.stdout()
    );
    let json = env.run(&["status", "--json"]).success().json();
    assert_eq!(
        json["project"]["file_patterns"][0]["unsupported"],
        "Java `.properties` files are not a format Entri takes"
    );
    let pushed = env.run(&["push"]).code(1);
    assert!(
        pushed.stderr().contains(
            "error: i18n/x_en.properties: holds Java `.properties`, which Entri does not take"
        ),
        "{}",
        pushed.stderr()
    );
    assert!(imported(&server).is_empty(), "nothing was sent");
}

#[test]
fn pull_never_writes_an_export_that_does_not_read_as_its_format() {
    let server = entri();
    for (language, body) in [
        ("de", "{\"a\": \"A\""),
        ("fr", "<resources><string name=\"a\">A</resources>"),
    ] {
        server.mock(
            Mock::given(path(format!("/api/v1/projects/proj_1/export/{language}")))
                .respond_with(ResponseTemplate::new(200).set_body_string(body)),
        );
    }
    let env = project(
        &server,
        "project_id: proj_1\nsource_language: en\nfile_patterns:\n  - path: \"l/{lang}.json\"\n    format: json-flat\n  - path: \"res/values-{lang}/strings.xml\"\n    format: android-xml\n",
        &[
            ("l/de.json", "{\"a\": \"old\"}"),
            ("res/values-fr/strings.xml", "<resources/>\n"),
        ],
    );
    let pulled = env.run(&["pull", "-l", "de"]).code(1);
    assert!(
        pulled.stderr().contains("error: l/de.json: the server's file is not a valid `json-flat` file (line 1: expected `,` or `}`); not written"),
        "{}",
        pulled.stderr()
    );
    let pulled = env.run(&["pull", "-l", "fr"]).code(1);
    assert!(
        pulled.stderr().contains("error: res/values-fr/strings.xml: the server's file is not a valid `android-xml` file (line 1: not well-formed XML"),
        "{}",
        pulled.stderr()
    );
    assert_eq!(
        fs::read_to_string(env.work().join("l/de.json")).unwrap(),
        "{\"a\": \"old\"}"
    );
    assert!(
        !env.work().join("res/values-de/strings.xml").exists(),
        "JSON where XML belongs: not written"
    );
    assert_eq!(
        fs::read_to_string(env.work().join("res/values-fr/strings.xml")).unwrap(),
        "<resources/>\n"
    );
}
