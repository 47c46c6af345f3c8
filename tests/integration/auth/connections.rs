//! Named connections: several logins in the global config, one chosen per command by
//! `--connection`, `NT3_CONNECTION` or the project's `.nt3.yml`.

use serde_json::json;
use wiremock::matchers::{header, path};
use wiremock::{Mock, ResponseTemplate};

use crate::common::{CANARY, Server, TestEnv, page, read};

const STAGING: &str = "entri_STAGING0123456789abcdXyZ1";
const LOCAL: &str = "entri_LOCALHOST0123456789abXyZ2";

/// A server that lists one project, named `name`, to `token` only.
fn serving(name: &str, token: &str) -> Server {
    let server = Server::start();
    server.mock(
        Mock::given(path("/api/v1/projects"))
            .and(header("X-API-Key", token))
            .respond_with(ResponseTemplate::new(200).set_body_json(page(
                json!([{"_id": "p1", "name": name, "organization": "org_1"}]),
                1,
                1,
            ))),
    );
    server
}

/// The default login at `default`, plus connections `staging` and `local`.
fn three_logins(default: &Server, staging: &Server, local: &Server) -> TestEnv {
    let env = TestEnv::new();
    env.write(
        &env.global(),
        json!({
            "token": CANARY,
            "api_url": default.uri(),
            "connections": {
                "staging": {"token": STAGING, "api_url": staging.uri()},
                "local": {"token": LOCAL, "api_url": local.uri()},
            }
        })
        .to_string(),
    );
    env
}

fn projects(env: &TestEnv, args: &[&str]) -> String {
    let mut all = args.to_vec();
    all.extend(["projects", "--json"]);
    let doc = env.run(&all).success().json();
    doc["projects"][0]["name"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[test]
fn the_flag_the_variable_and_the_project_file_choose_a_connection() {
    let (default, staging, local) = (
        serving("Default", CANARY),
        serving("Staging", STAGING),
        serving("Local", LOCAL),
    );
    let mut env = three_logins(&default, &staging, &local);
    assert_eq!(projects(&env, &[]), "Default");
    assert_eq!(projects(&env, &["--connection", "staging"]), "Staging");
    assert_eq!(projects(&env, &["-c", "local"]), "Local");

    std::fs::write(env.work().join(".nt3.yml"), "connection: local\n").unwrap();
    assert_eq!(projects(&env, &[]), "Local");
    env.env("NT3_CONNECTION", "staging");
    assert_eq!(
        projects(&env, &[]),
        "Staging",
        "the variable beats .nt3.yml"
    );
    assert_eq!(
        projects(&env, &["-c", "local"]),
        "Local",
        "the flag beats both"
    );
}

#[test]
fn a_token_from_the_environment_never_goes_to_a_connections_url() {
    let (default, staging, local) = (
        serving("Default", "entri_FROMENV0123456789abcdXyZ3"),
        serving("Staging", STAGING),
        serving("Local", LOCAL),
    );
    let mut env = three_logins(&default, &staging, &local);
    env.env("NT3_API_TOKEN", "entri_FROMENV0123456789abcdXyZ3");
    assert_eq!(projects(&env, &["-c", "staging"]), "Default");
    assert!(staging.requests().is_empty());
    // Even a connection the file does not have leaves the variable's token working.
    assert_eq!(projects(&env, &["-c", "nowhere"]), "Default");
}

#[test]
fn an_unknown_or_malformed_connection_is_a_clear_error() {
    let (default, staging, local) = (
        serving("Default", CANARY),
        serving("Staging", STAGING),
        serving("Local", LOCAL),
    );
    let env = three_logins(&default, &staging, &local);
    let ran = env.run(&["-c", "prod", "projects"]).code(4).hides(CANARY);
    assert!(
        ran.stderr().contains("has no connection `prod`"),
        "{}",
        ran.stderr()
    );
    assert!(
        ran.stderr()
            .contains("nt3 login --connection prod --api-url <URL>"),
        "{}",
        ran.stderr()
    );
    let ran = env.run(&["-c", "../prod", "status"]).code(2);
    assert!(
        ran.stderr().contains("`--connection` must be"),
        "{}",
        ran.stderr()
    );
    std::fs::write(env.work().join(".nt3.yml"), "connection: [1]\n").unwrap();
    env.run(&["status"]).code(2);
    assert!(default.requests().is_empty());
}

#[test]
fn login_adds_a_connection_and_keeps_an_old_format_file_as_it_was() {
    let staging = serving("Staging", STAGING);
    let env = TestEnv::new();
    // The format before connections: one token, one URL.
    env.login_global(CANARY);
    env.run(&["status"]).success();
    env.run_stdin(
        &[
            "login",
            "--connection",
            "staging",
            "--api-url",
            &staging.uri(),
            "--with-token",
        ],
        STAGING,
    )
    .success()
    .hides(STAGING);
    let saved: serde_json::Value = serde_json::from_str(&read(&env.global())).unwrap();
    assert_eq!(
        saved,
        json!({
            "token": CANARY,
            "connections": {"staging": {"token": STAGING, "api_url": staging.uri()}}
        })
    );
    // The default login is untouched and still the one used without a name.
    let doc = env.run(&["status", "--json"]).success().json();
    assert_eq!(doc["token"]["masked"], "entri_…XyZ9");
    assert_eq!(doc["token"]["connection"], json!(null));
    assert_eq!(projects(&env, &["-c", "staging"]), "Staging");
}

#[test]
fn a_connection_keeps_its_url_when_logging_in_again() {
    let staging = serving("Staging", LOCAL);
    let env = TestEnv::new();
    env.run(&[
        "login",
        "-c",
        "staging",
        "-u",
        &staging.uri(),
        "-t",
        STAGING,
        "--no-verify",
    ])
    .success();
    env.run(&["login", "-c", "staging", "-t", LOCAL]).success();
    assert_eq!(projects(&env, &["-c", "staging"]), "Staging");
    env.run(&["login", "-c", "staging", "--local", "-t", LOCAL])
        .code(2);
    env.run(&[
        "login",
        "-c",
        "staging",
        "--storage",
        "keyring",
        "-t",
        LOCAL,
    ])
    .code(2);
}

#[test]
fn status_lists_the_connections_and_marks_the_one_in_use() {
    let (default, staging, local) = (
        serving("Default", CANARY),
        serving("Staging", STAGING),
        serving("Local", LOCAL),
    );
    let mut env = three_logins(&default, &staging, &local);
    env.env("NT3_CONNECTION", "staging");
    let out = env.run(&["status"]).success().hides(STAGING).stdout();
    assert!(out.contains("(connection `staging`)"), "{out}");
    assert!(
        out.contains("using connection `staging` (from NT3_CONNECTION)"),
        "{out}"
    );
    assert!(
        out.contains(&format!("* connection `staging`: {}", staging.uri())),
        "{out}"
    );
    assert!(
        out.contains(&format!("- connection `local`: {}", local.uri())),
        "{out}"
    );
    assert!(
        out.contains(&format!("API URL: {}", staging.uri())),
        "{out}"
    );

    let doc = env.run(&["status", "--json"]).success().json();
    assert_eq!(
        doc["connection"],
        json!({"name": "staging", "chosen_by": "NT3_CONNECTION"})
    );
    assert_eq!(doc["token"]["connection"], "staging");
    let listed = &doc["sources"][2]["connections"];
    assert_eq!(listed[0]["name"], "local");
    assert_eq!(listed[0]["in_use"], false);
    assert_eq!(listed[1]["name"], "staging");
    assert_eq!(listed[1]["in_use"], true);
}

#[test]
fn logout_of_a_connection_leaves_the_others() {
    let (default, staging, local) = (
        serving("Default", CANARY),
        serving("Staging", STAGING),
        serving("Local", LOCAL),
    );
    let env = three_logins(&default, &staging, &local);
    let ran = env.run(&["logout", "--connection", "staging"]).success();
    assert!(
        ran.stderr().contains("Logged out of connection `staging`"),
        "{}",
        ran.stderr()
    );
    let saved = read(&env.global());
    assert!(!saved.contains(STAGING) && saved.contains(LOCAL) && saved.contains(CANARY));
    env.run(&["-c", "staging", "projects"]).code(4);
    assert_eq!(projects(&env, &[]), "Default");
}

#[test]
fn a_project_file_cannot_choose_where_login_and_logout_write() {
    let (default, staging, local) = (
        serving("Default", CANARY),
        serving("Staging", STAGING),
        serving("Local", LOCAL),
    );
    let env = three_logins(&default, &staging, &local);
    std::fs::write(env.work().join(".nt3.yml"), "connection: staging\n").unwrap();
    env.run(&["logout"]).success();
    let saved = read(&env.global());
    assert!(
        saved.contains(STAGING) && !saved.contains(CANARY),
        "{saved}"
    );
    let ran = env.run(&["login", "-t", CANARY, "--no-verify"]).success();
    assert!(
        ran.stderr()
            .contains("uses connection `staging`, not the login just saved"),
        "{}",
        ran.stderr()
    );
}
