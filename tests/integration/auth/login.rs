//! `nt3 login` (docs/SPEC.md §2 login, §1 token format and credential files).

use std::fs;
use std::process::Stdio;
use std::time::{Duration, Instant};

use snapbox::str;

use crate::common::{CANARY, TestEnv, private, read};

#[test]
fn token_flag_saves_global_file_private() {
    let env = TestEnv::new();
    env.run(&["login", "--no-verify", "-t", CANARY])
        .success()
        .stdout_eq(str![])
        .stderr_eq(str![[r#"
Login successful! Token saved to ~/.nt3/config.json

"#]])
        .hides(CANARY);
    assert_eq!(
        read(&env.global()),
        format!("{{\n  \"token\": \"{CANARY}\"\n}}\n")
    );
    assert!(private(&env.global()));
    assert!(private(env.global().parent().unwrap()));
}

#[test]
fn auth_is_an_alias() {
    let env = TestEnv::new();
    env.run(&["auth", "--no-verify", "-t", CANARY]).success();
    assert!(read(&env.global()).contains(CANARY));
}

#[test]
fn with_token_reads_stdin_and_trims_crlf() {
    let env = TestEnv::new();
    env.run_stdin(
        &["login", "--no-verify", "--with-token"],
        &format!("  {CANARY}\r\n"),
    )
    .success()
    .stderr_eq(str![[r#"
Login successful! Token saved to ~/.nt3/config.json

"#]])
    .hides(CANARY);
    assert_eq!(
        read(&env.global()),
        format!("{{\n  \"token\": \"{CANARY}\"\n}}\n")
    );
}

#[test]
fn no_terminal_and_no_token_flag_fails_at_once() {
    let env = TestEnv::new();
    // stdin is an open pipe that never delivers anything: nt3 must not wait on it.
    let mut child = env
        .command(&["login"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "nt3 login waited for input"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    snapbox::assert_data_eq!(
        output.stderr,
        str![[r#"
error: no token given, and no terminal to ask for one
hint: pipe the token to `nt3 login --with-token`, or pass it with `-t <TOKEN>`

"#]]
    );
    assert!(!env.global().exists());
}

#[test]
fn rejected_tokens_write_nothing() {
    let env = TestEnv::new();
    env.run(&["login", "--no-verify", "-t", "ghp_notentri"])
        .code(1)
        .stderr_eq(str![[r#"
error: Invalid token format. Tokens should start with "entri_"
hint: copy the whole token from your Entri dashboard > Settings > API Tokens

"#]]);
    env.run_stdin(&["login", "--no-verify", "--with-token"], "\r\n")
        .code(1)
        .stderr_eq(str![[r#"
error: the token is empty
hint: copy the whole token from your Entri dashboard > Settings > API Tokens

"#]]);
    env.run_stdin(&["login", "--no-verify", "--with-token"], "entri_abc def")
        .code(1)
        .stderr_eq(str![[r#"
error: the token may hold only printable ASCII characters, without spaces
hint: copy the whole token from your Entri dashboard > Settings > API Tokens

"#]])
        .hides("entri_abc");
    env.run_stdin(
        &["login", "--no-verify", "--with-token"],
        "entri_abc\u{1b}[2Jdef",
    )
    .code(1)
    .stderr_eq(str![[r#"
error: the token may hold only printable ASCII characters, without spaces
hint: copy the whole token from your Entri dashboard > Settings > API Tokens

"#]]);
    let long = format!("entri_{}", "a".repeat(4096));
    env.run_stdin(&["login", "--no-verify", "--with-token"], &long)
        .code(1)
        .stderr_eq(str![[r#"
error: the token is longer than 4 KiB
hint: copy the whole token from your Entri dashboard > Settings > API Tokens

"#]]);
    assert!(
        !env.home().join(".nt3").exists(),
        "nothing is created for a rejected token"
    );
}

#[test]
fn non_utf8_stdin_is_rejected() {
    let env = TestEnv::new();
    let mut child = env
        .command(&["login", "--no-verify", "--with-token"])
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(child.stdin.as_mut().unwrap(), b"entri_\xff\xfe").unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    snapbox::assert_data_eq!(
        output.stderr,
        str![[r#"
error: the token on stdin is not valid UTF-8

"#]]
    );
    assert!(!env.global().exists());
}

#[test]
fn api_url_is_validated_and_saved_beside_the_token() {
    let env = TestEnv::new();
    env.run(&["login", "--no-verify", "-t", CANARY, "-u", "http://app.example.com"]).code(2).stderr_eq(str![[r#"
error: invalid `--api-url`: plain `http://` is only allowed for loopback hosts (localhost, 127.0.0.1, [::1]); use `https://`

"#]]);
    env.run(&["login", "--no-verify", "-t", CANARY, "-u", "not a url"])
        .code(2)
        .stderr_eq(str![[r#"
error: invalid `--api-url`: not a valid URL (relative URL without a base)

"#]]);
    assert!(!env.global().exists());

    env.run(&[
        "login",
        "--no-verify",
        "-t",
        CANARY,
        "--api-url",
        "https://entri.example.com/",
    ])
    .success();
    let saved: serde_json::Value = serde_json::from_str(&read(&env.global())).unwrap();
    assert_eq!(saved["api_url"], "https://entri.example.com");
    env.run(&[
        "login",
        "--no-verify",
        "-t",
        CANARY,
        "-u",
        "http://127.0.0.1:8080",
    ])
    .success();
    env.run(&[
        "login",
        "--no-verify",
        "-t",
        CANARY,
        "-u",
        "http://[::1]:8080",
    ])
    .success();
    env.run(&[
        "login",
        "--no-verify",
        "-t",
        CANARY,
        "-u",
        "http://localhost:8080",
    ])
    .success();
}

#[test]
fn keeps_api_url_and_unknown_keys() {
    let env = TestEnv::new();
    env.write(&env.global(), r#"{"team": {"id": 7}, "api_url": "https://entri.example.com", "token": "entri_oldoldoldold"}"#);
    env.run(&["login", "--no-verify", "-t", CANARY]).success();
    assert_eq!(
        read(&env.global()),
        format!(
            "{{\n  \"token\": \"{CANARY}\",\n  \"api_url\": \"https://entri.example.com\",\n  \"team\": {{\n    \"id\": 7\n  }}\n}}\n"
        )
    );
}

// Unix: runs git, which the Windows run under Wine does not have.
#[cfg(unix)]
#[test]
fn local_login_reminds_about_gitignore_unless_ignored() {
    let env = TestEnv::new();
    env.run(&["login", "--no-verify", "--local", "-t", CANARY])
        .success()
        .stderr_eq(str![[r#"
Login successful! Token saved to .nt3.local.json
hint: add `.nt3.local.json` to `.gitignore` so the token is never committed

"#]])
        .hides(CANARY);
    assert!(read(&env.local()).contains(CANARY));
    assert!(private(&env.local()));
    assert!(!env.global().exists());

    let init = std::process::Command::new("git")
        .args(["init", "--quiet"])
        .current_dir(env.work())
        .env_clear()
        .env("HOME", env.home())
        .status()
        .unwrap();
    assert!(init.success());
    fs::write(env.work().join(".gitignore"), ".nt3.local.json\n").unwrap();
    env.run(&["login", "--no-verify", "--local", "-t", CANARY])
        .success()
        .stderr_eq(str![[r#"
Login successful! Token saved to .nt3.local.json

"#]]);
}

/// Runs git in `dir` with the test's own home, nothing else from the environment.
#[cfg(unix)]
fn git(env: &TestEnv, dir: &std::path::Path, args: &[&str]) {
    let status = std::process::Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
        .args(args)
        .current_dir(dir)
        .env_clear()
        .env("HOME", env.home())
        .status()
        .unwrap();
    assert!(status.success(), "git {args:?}");
}

/// A `.nt3.local.json` git tracks never receives a token, in a repository and in one
/// of its worktrees and in a submodule, even when `.gitignore` lists it: the error
/// names the fix, the file stays as it was, and no program the repository configures
/// (an fsmonitor) runs.
#[cfg(unix)]
#[test]
fn local_login_refuses_a_file_git_tracks() {
    let env = TestEnv::new();
    git(&env, &env.work(), &["init", "--quiet"]);
    fs::write(env.work().join(".nt3.local.json"), "{}\n").unwrap();
    fs::write(env.work().join(".gitignore"), ".nt3.local.json\n").unwrap();
    git(
        &env,
        &env.work(),
        &["add", "-f", ".nt3.local.json", ".gitignore"],
    );
    git(
        &env,
        &env.work(),
        &["commit", "--quiet", "-m", "shared settings"],
    );
    let worktree = env.work().join("wt");
    git(&env, &env.work(), &["worktree", "add", "--quiet", "wt"]);
    // A submodule whose own repository tracks the file.
    let origin = env.root().join("lib-origin");
    fs::create_dir(&origin).unwrap();
    git(&env, &origin, &["init", "--quiet"]);
    fs::write(origin.join(".nt3.local.json"), "{}\n").unwrap();
    git(&env, &origin, &["add", ".nt3.local.json"]);
    git(&env, &origin, &["commit", "--quiet", "-m", "lib"]);
    let origin = origin.display().to_string();
    git(
        &env,
        &env.work(),
        &[
            "-c",
            "protocol.file.allow=always",
            "submodule",
            "add",
            "--quiet",
            &origin,
            "lib",
        ],
    );
    let submodule = env.work().join("lib");
    // Nothing the repository configures runs while nt3 asks git.
    let ran = env.root().join("fsmonitor-ran");
    let monitor = env.root().join("monitor.sh");
    fs::write(&monitor, format!("#!/bin/sh\ntouch '{}'\n", ran.display())).unwrap();
    fs::set_permissions(
        &monitor,
        std::os::unix::fs::PermissionsExt::from_mode(0o755),
    )
    .unwrap();
    git(
        &env,
        &env.work(),
        &["config", "core.fsmonitor", &monitor.display().to_string()],
    );
    for dir in [env.work(), worktree, submodule] {
        let mut cmd = env.command(&["login", "--no-verify", "--local", "-t", CANARY]);
        cmd.current_dir(&dir);
        let out = cmd.output().unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert_eq!(
            stderr,
            "error: `.nt3.local.json` is tracked by git, so a token written there would be committed; nothing was saved\nhint: run `git rm --cached .nt3.local.json` (and add it to `.gitignore`), then log in again\n"
        );
        assert_eq!(read(&dir.join(".nt3.local.json")), "{}\n");
    }
    assert!(!ran.exists(), "the repository's fsmonitor ran");
    // Untracked, it takes the token.
    git(
        &env,
        &env.work(),
        &["rm", "--cached", "--quiet", ".nt3.local.json"],
    );
    env.run(&["login", "--no-verify", "--local", "-t", CANARY])
        .success();
    assert!(read(&env.local()).contains(CANARY));
}

#[test]
fn warns_when_environment_token_will_shadow_the_login() {
    let mut env = TestEnv::new();
    env.env("NT3_API_TOKEN", "entri_fromtheenvironment");
    env.run(&["login", "--no-verify", "-t", CANARY])
        .success()
        .stderr_eq(str![[r#"
Login successful! Token saved to ~/.nt3/config.json
warning: `NT3_API_TOKEN` is set and takes precedence over the token just saved
hint: unset `NT3_API_TOKEN` to use the saved token

"#]])
        .hides(CANARY);
    assert!(read(&env.global()).contains(CANARY));
}

#[test]
fn warns_when_a_local_login_will_shadow_the_global_one() {
    let env = TestEnv::new();
    env.write(&env.local(), r#"{"token": "entri_localtoken000"}"#);
    env.run(&["login", "--no-verify", "-t", CANARY])
        .success()
        .stderr_eq(str![[r#"
Login successful! Token saved to ~/.nt3/config.json
warning: `.nt3.local.json` in this directory has a token and takes precedence here

"#]]);
}

#[test]
fn token_flag_and_stdin_conflict() {
    let env = TestEnv::new();
    env.run(&["login", "--no-verify", "-t", CANARY, "--with-token"])
        .code(2)
        .stderr_eq(str![[r#"
error: the argument '--token <TOKEN>' cannot be used with '--with-token'

Usage: nt3 login --no-verify --token <TOKEN>

For more information, try '--help'.

"#]])
        .hides(CANARY);
}

#[test]
fn json_output_is_one_document() {
    let env = TestEnv::new();
    let ran = env
        .run(&["login", "--no-verify", "-t", CANARY, "--json"])
        .success()
        .hides(CANARY);
    let doc = ran.json();
    assert_eq!(doc["success"], true);
    assert_eq!(doc["storage"], "file");
    assert_eq!(doc["api_url"], "https://app.nt3.io");
    assert_eq!(doc["path"], env.global().display().to_string());

    let failed = env
        .run(&["login", "--no-verify", "-t", "nope", "--json"])
        .code(1);
    assert_eq!(
        failed.json(),
        serde_json::json!({"success": false, "error": {"kind": "invalid_token", "message": "Invalid token format. Tokens should start with \"entri_\""}})
    );
}

#[test]
fn config_dir_variable_replaces_home_directory() {
    let mut env = TestEnv::new();
    let dir = env.root().join("elsewhere/nt3");
    env.env("NT3_CONFIG_DIR", dir.display().to_string());
    env.run(&["login", "--no-verify", "-t", CANARY])
        .success()
        .stderr_eq(str![[r#"
Login successful! Token saved to [ROOT]/elsewhere/nt3/config.json

"#]]);
    assert!(read(&dir.join("config.json")).contains(CANARY));
    assert!(private(&dir));
    assert!(!env.global().exists());
}

#[test]
fn parallel_logins_leave_one_whole_file() {
    let env = TestEnv::new();
    env.write(&env.global(), r#"{"keep": "me"}"#);
    let tokens: Vec<String> = (0..20)
        .map(|i| format!("entri_parallel{i:04}abcdef"))
        .collect();
    let children: Vec<_> = tokens
        .iter()
        .map(|token| {
            env.command(&["login", "--no-verify", "-t", token])
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let output = child.wait_with_output().unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let saved: serde_json::Value = serde_json::from_str(&read(&env.global())).unwrap();
    assert!(
        tokens.iter().any(|t| saved["token"] == t.as_str()),
        "{saved}"
    );
    assert_eq!(saved["keep"], "me", "no writer lost another's keys");
    // On Windows, which cannot lock a directory, the empty `.nt3.lock` stays by design.
    let leftovers: Vec<_> = fs::read_dir(env.home().join(".nt3"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|name| !(cfg!(windows) && name == ".nt3.lock"))
        .collect();
    assert_eq!(
        leftovers,
        ["config.json"],
        "no temporary files are left behind"
    );
}

// Unix file modes; on Windows every write sets an owner-only access list (`fs::acl`).
#[cfg(unix)]
#[test]
fn repairs_a_loose_mode_on_write() {
    use std::os::unix::fs::PermissionsExt;
    let env = TestEnv::new();
    env.login_global("entri_oldtoken00000");
    fs::set_permissions(env.global(), fs::Permissions::from_mode(0o644)).unwrap();
    env.run(&["login", "--no-verify", "-t", CANARY]).success();
    assert!(private(&env.global()));
}
