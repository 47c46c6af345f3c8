//! Every command that waits on the network, stopped by Ctrl-C or SIGTERM while the
//! server holds its answer: it ends within 3 seconds with 130 or 143, prints no internal
//! error, leaves the project's files as they were and no temporary file behind.
//! (`login --email` and `--web`, which also sign out and revoke, are in `auth/`.)

#![cfg(unix)]

use std::fs;
use std::path::Path;
use std::time::Duration;

use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

use crate::common::{CANARY, Server, TestEnv, entri_project, stop};

const CONFIG: &str = "project_id: proj_1\nsource_language: en\nfile_patterns:\n  - path: \"l/{lang}.json\"\n    format: json-flat\n";

/// The project's files before the command ran.
const FILES: [(&str, &str); 2] = [
    ("l/en.json", "{\"k\": \"changed here\"}\n"),
    ("l/de.json", "{\"k\": \"hier\"}\n"),
];

/// `held` on the fake Entri answers only after 30 seconds.
fn holding(verb: &str, held: &str) -> Server {
    let server = entri_project(&["de"]);
    server.mock(
        Mock::given(method(verb))
            .and(path(held))
            .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(30)))
            .with_priority(1),
    );
    server
}

/// Every temporary file nt3 could have left under `dir`.
fn temporary_files(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let Ok(entries) = fs::read_dir(dir) else {
        return found;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(temporary_files(&path));
        } else if path.to_string_lossy().ends_with(".tmp") {
            found.push(path.display().to_string());
        }
    }
    found
}

/// Runs `args` in a project on a server that holds `held`, stops it with each signal,
/// and checks that it ended cleanly with nothing lost.
fn stopped_at(args: &[&str], verb: &str, held: &str) {
    for (signal, code) in [("INT", 130), ("TERM", 143)] {
        let server = holding(verb, held);
        let env = TestEnv::in_project(&server, CONFIG);
        for (name, content) in FILES {
            env.put(name, content);
        }
        let asked = || {
            server
                .requests()
                .iter()
                .any(|r| r.method.as_str() == verb && r.url.path() == held)
        };
        let stopped = stop(env.command(args), "", asked, signal);
        stopped.ended_with(code);
        assert!(!stopped.stderr.contains(CANARY), "{}", stopped.stderr);
        for (name, content) in FILES {
            assert_eq!(fs::read_to_string(env.work().join(name)).unwrap(), content);
        }
        assert_eq!(temporary_files(&env.root()), Vec::<String>::new());
    }
}

#[test]
fn push_stopped_during_the_upload() {
    stopped_at(&["push"], "POST", "/api/v1/projects/proj_1/import");
}

#[test]
fn pull_stopped_during_the_download() {
    stopped_at(&["pull"], "GET", "/api/v1/projects/proj_1/export/de");
}

#[test]
fn translate_stopped_while_asking_the_server() {
    stopped_at(
        &["translate", "--all"],
        "GET",
        "/api/v1/projects/proj_1/ai/status",
    );
}

#[test]
fn tokens_list_stopped_while_asking_the_server() {
    stopped_at(
        &["tokens", "list", "--org", "org_1"],
        "GET",
        "/api/v1/organizations/org_1/tokens",
    );
}

/// A pull where one language is downloaded and another held: the finished file may be
/// written whole, the held one stays as it was, and the sync state stays readable (the
/// next pull works).
#[test]
fn a_pull_stopped_halfway_leaves_whole_files_and_a_state_that_still_reads() {
    let server = holding("GET", "/api/v1/projects/proj_1/export/de");
    server.mock(
        Mock::given(method("GET"))
            .and(path("/api/v1/projects/proj_1"))
            .respond_with(ResponseTemplate::new(200).set_body_json(
                json!({"id": "proj_1", "sourceLanguage": "en", "targetLanguages": ["de", "fr"]}),
            ))
            .with_priority(1),
    );
    server.mock(
        Mock::given(path("/api/v1/projects/proj_1/export/fr"))
            .respond_with(ResponseTemplate::new(200).set_body_string("{\"k\": \"ici\"}\n")),
    );
    let env = TestEnv::in_project(&server, CONFIG);
    for (name, content) in FILES {
        env.put(name, content);
    }
    let fr = env.work().join("l/fr.json");
    let stopped = stop(
        env.command(&["pull"]),
        "",
        || {
            fr.exists() && {
                std::thread::sleep(Duration::from_millis(200));
                true
            }
        },
        "INT",
    );
    stopped.ended_with(130);
    assert_eq!(fs::read_to_string(&fr).unwrap(), "{\"k\": \"ici\"}\n");
    assert_eq!(
        fs::read_to_string(env.work().join("l/de.json")).unwrap(),
        "{\"k\": \"hier\"}\n"
    );
    assert_eq!(temporary_files(&env.root()), Vec::<String>::new());
    env.run(&["status"]).success();
}
