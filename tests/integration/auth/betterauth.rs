//! Account flows against a real BetterAuth server (`tests/auth-server`): email and
//! password sign-in with its real cookie, keys minted by its real API-key plugin (prefix
//! `entri_`), and the Entri routes nt3 uses answered by checking the key through
//! BetterAuth. Mocks only check what we guessed; these check the framework Entri runs.
//!
//! The server's packages come from its committed lockfile: the first test to need it runs
//! `npm ci` there once. Without Node (a developer machine) the tests skip with a note;
//! under `CI=true` that is a failure.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;

use crate::common::{TestEnv, read};

const EMAIL: &str = "ada@example.com";
const PASSWORD: &str = "correct horse battery staple";

/// A running `tests/auth-server`, stopped on drop.
struct AuthServer {
    child: Child,
    uri: String,
}

impl AuthServer {
    /// Starts the server; an API key may be used `key_rate_limit` (`<requests>/<seconds>`)
    /// times. `None` when Node is missing outside CI.
    fn start(key_rate_limit: &str) -> Option<Self> {
        Self::start_with(&[("KEY_RATE_LIMIT", key_rate_limit)])
    }

    /// Starts the server with these environment variables (see `server.mjs`).
    fn start_with(vars: &[(&str, &str)]) -> Option<Self> {
        let dir = server_dir();
        if let Err(why) = install(&dir) {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI must run the BetterAuth tests: {why}"
            );
            eprintln!("skipped: no real BetterAuth server ({why})");
            return None;
        }
        let mut child = Command::new("node")
            .arg("server.mjs")
            .current_dir(&dir)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .envs(vars.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("node ran for `npm ci`, so it starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let ready: serde_json::Value = serde_json::from_str(&line)
            .unwrap_or_else(|_| panic!("the server did not start: {line:?}"));
        let uri = format!("http://127.0.0.1:{}", ready["port"]);
        Some(Self { child, uri })
    }

    /// Ada approves `user_code` through the server's own device authorization API.
    fn approve(&self, user_code: &str) {
        let out = Command::new("node")
            .args([
                "-e",
                "fetch(process.argv[1], {method: 'POST', body: JSON.stringify({userCode: process.argv[2]})}).then(r => process.exit(r.ok ? 0 : 1))",
            ])
            .arg(format!("{}/test/approve", self.uri))
            .arg(user_code)
            .status()
            .unwrap();
        assert!(out.success(), "the server approved the code");
    }

    /// How many sessions the server's database holds.
    fn sessions(&self) -> u64 {
        let out = Command::new("node")
            .args([
                "-e",
                "fetch(process.argv[1]).then(r => r.text()).then(t => process.stdout.write(t))",
            ])
            .arg(format!("{}/test/sessions", self.uri))
            .output()
            .unwrap();
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        doc["sessions"].as_u64().unwrap()
    }
}

impl Drop for AuthServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn server_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/auth-server")
}

/// `npm ci` in the server's directory, once per test run, unless its packages are there.
fn install(dir: &Path) -> Result<(), String> {
    static INSTALLED: OnceLock<Result<(), String>> = OnceLock::new();
    INSTALLED
        .get_or_init(|| {
            let node = Command::new("node").arg("--version").output();
            if !node.is_ok_and(|out| out.status.success()) {
                return Err("`node` is not installed".into());
            }
            if dir.join("node_modules/.package-lock.json").exists() {
                return Ok(());
            }
            let out = Command::new("npm")
                .args(["ci", "--no-audit", "--no-fund"])
                .current_dir(dir)
                .output()
                .map_err(|err| format!("cannot run `npm ci`: {err}"))?;
            match out.status.success() {
                true => Ok(()),
                false => Err(format!(
                    "`npm ci` in tests/auth-server failed: {}",
                    String::from_utf8_lossy(&out.stderr)
                )),
            }
        })
        .clone()
}

/// `nt3 login --email <email> --password-stdin -u <server> <extra>…` with `password`.
fn login_email(
    env: &TestEnv,
    server: &AuthServer,
    (email, password): (&str, &str),
    extra: &[&str],
) -> crate::common::Ran {
    let mut args = vec![
        "login",
        "--email",
        email,
        "--password-stdin",
        "-u",
        &server.uri,
    ];
    args.extend_from_slice(extra);
    env.run_stdin(&args, password).hides(password)
}

/// A fresh environment logged in with `nt3 login --email` against `server`.
fn signed_in(server: &AuthServer) -> TestEnv {
    let env = TestEnv::new();
    let ran = login_email(&env, server, (EMAIL, PASSWORD), &[]).success();
    assert!(
        ran.stderr()
            .contains("Login successful! Token saved to ~/.nt3/config.json"),
        "{}",
        ran.stderr()
    );
    env
}

fn saved_token(env: &TestEnv) -> String {
    let saved: serde_json::Value = serde_json::from_str(&read(&env.global())).unwrap();
    saved["token"].as_str().unwrap().to_owned()
}

#[test]
fn email_login_mints_a_real_key_that_status_and_whoami_accept() {
    let Some(server) = AuthServer::start("1000/60") else {
        return;
    };
    let env = signed_in(&server);
    let token = saved_token(&env);
    assert!(
        token.starts_with("entri_"),
        "minted by the plugin with its prefix"
    );
    assert_eq!(server.sessions(), 0, "the session was signed out");

    let ran = env.run(&["status", "--check"]).success().hides(&token);
    assert!(
        ran.stdout().contains("Server:  accepts the token"),
        "{}",
        ran.stdout()
    );
    let ran = env.run(&["whoami"]).success().hides(&token);
    assert!(
        ran.stdout().starts_with("Ada Lovelace <ada@example.com>\n"),
        "{}",
        ran.stdout()
    );
    assert!(
        ran.stdout().contains("Organization:   Acme ("),
        "{}",
        ran.stdout()
    );
}

#[test]
fn rotation_replaces_a_real_key_the_server_identifies_and_revokes_the_old_one() {
    let Some(server) = AuthServer::start("1000/60") else {
        return;
    };
    let env = signed_in(&server);
    let old = saved_token(&env);
    let ran = env.run(&["tokens", "rotate"]).success().hides(&old);
    assert!(
        ran.stderr().contains("Rotated the token: \""),
        "{}",
        ran.stderr()
    );
    let new = saved_token(&env);
    assert_ne!(new, old, "the new key is saved where the old one was");
    env.run(&["status", "--check"]).success().hides(&new);
    // The old key no longer works: the plugin itself rejects it.
    let mut stale = TestEnv::new();
    stale
        .env("NT3_API_TOKEN", old.as_str())
        .env("NT3_API_URL", server.uri.as_str());
    stale.run(&["projects"]).code(4).hides(&old);
    // And `tokens list` marks the new one as the token in use.
    let doc = env.run(&["tokens", "list", "--json"]).success().json();
    let current: Vec<&serde_json::Value> = doc["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["current"] == true)
        .collect();
    assert_eq!(current.len(), 1, "{doc}");
}

/// Without the `/tokens/current` route, a real BetterAuth key list shows each key's
/// first characters only: nothing tells which is the active one, so rotation stops
/// before it changes anything, and `tokens list` marks none.
#[test]
fn without_the_current_route_rotation_changes_nothing_it_cannot_tell() {
    let Some(server) =
        AuthServer::start_with(&[("KEY_RATE_LIMIT", "1000/60"), ("CURRENT_ROUTE", "off")])
    else {
        return;
    };
    let env = signed_in(&server);
    let old = saved_token(&env);
    let ran = env.run(&["tokens", "rotate"]).code(1).hides(&old);
    assert!(
        ran.stderr().contains("no listed token ends like the active one, so nt3 cannot tell which to replace; nothing was changed"),
        "{}",
        ran.stderr()
    );
    assert_eq!(saved_token(&env), old, "the old key stays saved");
    env.run(&["status", "--check"]).success().hides(&old);
    let doc = env.run(&["tokens", "list", "--json"]).success().json();
    assert!(
        doc["tokens"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["current"] == false),
        "{doc}"
    );
}

#[test]
fn wrong_passwords_and_unknown_addresses_are_refused_alike() {
    let Some(server) = AuthServer::start("1000/60") else {
        return;
    };
    let env = TestEnv::new();
    for email in [EMAIL, "nobody@example.com"] {
        let ran = login_email(&env, &server, (email, "not the password"), &[]).code(4);
        assert!(
            ran.stderr()
                .contains("error: the email address or the password is wrong"),
            "{}",
            ran.stderr()
        );
    }
    assert!(!env.global().exists(), "nothing saved");
    assert_eq!(server.sessions(), 0);
}

#[test]
fn a_revoked_key_is_rejected_by_the_real_plugin() {
    let Some(server) = AuthServer::start("1000/60") else {
        return;
    };
    let env = signed_in(&server);
    let token = saved_token(&env);
    let listed = env.run(&["tokens", "list", "--json"]).success().json();
    let id = listed["tokens"][0]["id"].as_str().unwrap().to_owned();
    env.run(&["tokens", "revoke", &id, "--yes"]).success();
    let ran = env.run(&["status", "--check"]).code(4).hides(&token);
    assert!(
        ran.stdout().contains("Server:  rejected the token (401"),
        "{}",
        ran.stdout()
    );
    env.run(&["whoami"]).code(4).hides(&token);
}

#[test]
fn the_plugins_rate_limit_is_reported_with_its_wait() {
    let Some(server) = AuthServer::start("4/600") else {
        return;
    };
    // Logging in uses the new key too; whatever it used, the fifth request at the latest
    // is one too many.
    let env = signed_in(&server);
    let refused = (0..5)
        .map(|_| env.run(&["projects"]))
        .find(|ran| ran.stdout().is_empty())
        .expect("the plugin's limit is reached");
    let ran = refused.code(1);
    assert!(
        ran.stderr()
            .contains("429 Too Many Requests: Rate limit exceeded."),
        "{}",
        ran.stderr()
    );
    assert!(
        ran.stderr()
            .contains("hint: the server's rate limit asks to wait"),
        "{}",
        ran.stderr()
    );
}

#[test]
fn without_token_routes_the_key_is_minted_by_the_api_key_plugin() {
    // A server built from BetterAuth's quick start: no organization or token routes.
    let Some(server) = AuthServer::start_with(&[("ACCOUNT_ROUTES", "off")]) else {
        return;
    };
    let env = TestEnv::new();
    let ran = login_email(&env, &server, (EMAIL, PASSWORD), &["--expires-in", "30d"]).success();
    assert!(
        ran.stderr().contains("for your account"),
        "{}",
        ran.stderr()
    );
    let token = saved_token(&env);
    assert!(token.starts_with("entri_"));
    assert_eq!(server.sessions(), 0, "the session was signed out");
    let ran = env.run(&["status", "--check"]).success().hides(&token);
    assert!(
        ran.stdout().contains("Server:  accepts the token"),
        "{}",
        ran.stdout()
    );

    // Scopes cannot travel this way: refused before anything is minted or saved.
    let other = TestEnv::new();
    let ran = login_email(
        &other,
        &server,
        (EMAIL, PASSWORD),
        &["--scope", "translations:read"],
    )
    .code(2);
    assert!(ran.stderr().contains("takes no scopes"), "{}", ran.stderr());
    assert!(!other.global().exists());
}

#[test]
fn web_login_waits_for_approval_in_the_browser_then_mints_and_saves() {
    let Some(server) = AuthServer::start("1000/60") else {
        return;
    };
    let env = TestEnv::new();
    let mut child = env
        .command(&["login", "--web", "-u", &server.uri])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut shown = String::new();
    let code = loop {
        let mut line = String::new();
        assert!(
            stderr.read_line(&mut line).unwrap() > 0,
            "nt3 ended: {shown}"
        );
        shown.push_str(&line);
        if let Some((_, code)) = line.trim_end().split_once("confirm the code ") {
            break code.to_owned();
        }
    };
    assert!(
        shown.contains(&format!("Open {}/device?user_code={code}", server.uri)),
        "{shown}"
    );
    server.approve(&code);
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stderr, &mut rest).unwrap();
    assert!(child.wait().unwrap().success(), "{shown}{rest}");
    assert!(
        rest.contains("Login successful! Token saved to ~/.nt3/config.json"),
        "{rest}"
    );
    let token = saved_token(&env);
    assert!(token.starts_with("entri_") && !rest.contains(&token));
    assert_eq!(server.sessions(), 0, "the device session was signed out");
    env.run(&["whoami"]).success().hides(&token);
}

#[test]
fn web_login_where_the_server_has_no_device_endpoint_points_elsewhere() {
    let Some(server) = AuthServer::start_with(&[("DEVICE_AUTH", "off")]) else {
        return;
    };
    let env = TestEnv::new();
    let ran = env.run(&["login", "--web", "-u", &server.uri]).code(1);
    assert!(
        ran.stderr()
            .contains("error: this server does not offer browser sign-in"),
        "{}",
        ran.stderr()
    );
    assert!(
        ran.stderr().contains("nt3 login --email <ADDRESS>"),
        "{}",
        ran.stderr()
    );
    assert!(!env.global().exists());
}

/// The tour against the local Entri (`scripts/try.sh`): log in with a password, set the
/// project up from its tree, push; a teammate changes a translation and pushes it; a
/// pull merges it with an edit made here, key by key.
#[test]
fn login_init_push_pull_and_merge_against_the_local_entri() {
    let Some(server) = AuthServer::start("1000/60") else {
        return;
    };
    let files = [
        (
            "app/locales/en/common.json",
            "{\n  \"hello\": \"Hello\",\n  \"bye\": \"Goodbye\"\n}\n",
        ),
        (
            "app/locales/de/common.json",
            "{\n  \"hello\": \"Hallo\",\n  \"bye\": \"Tschüss\"\n}\n",
        ),
    ];
    let ada = TestEnv::new();
    let bob = TestEnv::new();
    for env in [&ada, &bob] {
        login_email(env, &server, (EMAIL, PASSWORD), &[]).success();
        for (path, content) in files {
            env.put(path, content);
        }
    }
    ada.run(&["init", "--detect", "--yes", "--project-id", "proj_web"])
        .success();
    let config = read(&ada.work().join(".nt3.yml"));
    assert!(
        config.contains("  - path: \"app/locales/{lang}/common.json\"\n    format: json-nested\n"),
        "{config}"
    );
    ada.run(&["push"]).success();
    // French is a language of the project with nothing on the server yet: a note.
    let pulled = ada.run(&["pull"]).success();
    assert!(
        pulled.stderr().contains(
            "note: app/locales/fr/common.json: nothing on the server yet for fr; not created"
        ),
        "{}",
        pulled.stderr()
    );

    // Bob, with the same tree, changes a German translation and pushes it.
    bob.put(".nt3.yml", &config);
    let de = "app/locales/de/common.json";
    bob.put(
        de,
        "{\n  \"hello\": \"Hallo\",\n  \"bye\": \"Bis bald\"\n}\n",
    );
    bob.run(&["push", "-l", "de"]).success();

    // Ada changed another key meanwhile: the pull keeps hers and takes Bob's.
    ada.put(
        de,
        "{\n  \"hello\": \"Servus\",\n  \"bye\": \"Tschüss\"\n}\n",
    );
    let merged = ada.run(&["pull", "--json"]).success().json();
    let entry = merged["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == de)
        .cloned()
        .unwrap();
    assert_eq!(entry["action"], "merge", "{merged:#}");
    assert_eq!(
        read(&ada.work().join(de)),
        "{\n  \"hello\": \"Servus\",\n  \"bye\": \"Bis bald\"\n}\n"
    );
}
