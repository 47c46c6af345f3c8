//! The interactive login prompt on a real pseudo-terminal (docs/SPEC.md §2 login): what
//! the screen shows, what is saved, and how the terminal is left.

use crate::common::{Pty, Server, TestEnv, read};

/// A token long enough to show the cap on stars.
const PASTED: &str = "entri_pasted0123456789abcdefghijklmnopqrstuvwxyzXYZ";

/// Bracketed paste, as a terminal sends a paste to a program that asked for it.
fn paste(text: &str) -> String {
    format!("\x1b[200~{text}\x1b[201~")
}

/// A logged-out environment whose API accepts every token.
fn accepting() -> (Server, TestEnv) {
    let server = Server::start();
    server.mock(
        wiremock::Mock::given(wiremock::matchers::any()).respond_with(
            wiremock::ResponseTemplate::new(200).set_body_json(crate::common::page(
                serde_json::json!([]),
                1,
                1,
            )),
        ),
    );
    let mut env = TestEnv::new();
    env.env("NT3_API_URL", server.uri());
    (server, env)
}

fn login(env: &TestEnv) -> Pty {
    let pty = env.pty(&["login"]);
    pty.expect("Paste your API token: ");
    pty
}

fn saved_token(env: &TestEnv) -> Option<String> {
    let text = std::fs::read_to_string(env.global()).ok()?;
    let file: serde_json::Value = serde_json::from_str(&text).unwrap();
    file["token"].as_str().map(String::from)
}

#[test]
fn a_pasted_token_shows_as_stars_and_the_readme_shows_this_screen() {
    let (_server, env) = accepting();
    let mut pty = login(&env);
    pty.send(&paste(PASTED));
    pty.send("\r");
    let (code, _) = pty.finish();
    assert_eq!(code, 0);
    let screen = pty.rendered();
    assert!(!pty.screen().contains(PASTED), "the token was echoed");
    assert_eq!(saved_token(&env).as_deref(), Some(PASTED));

    const START: &str = "<!-- nt3 login: the screen tests/integration/auth/prompt.rs records on a pseudo-terminal -->\n```console\n$ nt3 login\n";
    let readme = read(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"));
    let block = readme
        .split_once(START)
        .expect("the README marks its login screen")
        .1;
    let block = &block[..block.find("```").unwrap()];
    assert_eq!(
        screen.trim_end(),
        block.trim_end(),
        "the README's login screen"
    );
}

#[test]
fn backspace_removes_a_character_and_a_star() {
    let (_server, env) = accepting();
    let mut pty = login(&env);
    pty.send("entri_typed00X");
    pty.expect("**************");
    pty.send("\x7f");
    pty.send("1\r");
    let (code, _) = pty.finish();
    assert_eq!(code, 0, "{}", pty.screen());
    assert!(
        pty.rendered()
            .contains("Paste your API token: **************\n")
    );
    assert_eq!(saved_token(&env).as_deref(), Some("entri_typed001"));
}

#[test]
fn a_bracketed_paste_brings_no_escape_sequences_into_the_token() {
    let (_server, env) = accepting();
    let mut pty = login(&env);
    pty.send(&paste("entri_pasteonly000"));
    pty.send("\r");
    let (code, _) = pty.finish();
    assert_eq!(code, 0, "{}", pty.screen());
    assert_eq!(saved_token(&env).as_deref(), Some("entri_pasteonly000"));
}

#[test]
fn an_invalid_answer_is_explained_and_asked_again() {
    let (_server, env) = accepting();
    let mut pty = login(&env);
    pty.send(&paste("sk_live_123"));
    pty.send("\r");
    pty.expect("paste the token again (try 2 of 3)");
    pty.send("\r");
    pty.expect("the token is empty; paste the token again (try 3 of 3)");
    pty.send(&paste("entri_third0000000"));
    pty.send("\r");
    let (code, _) = pty.finish();
    assert_eq!(code, 0, "{}", pty.screen());
    assert_eq!(saved_token(&env).as_deref(), Some("entri_third0000000"));
    assert_eq!(
        pty.rendered().trim_end(),
        "To create an API token, visit your nt3 dashboard > Settings > API Tokens

Paste your API token: ***********
warning: Invalid token format. Tokens should start with \"entri_\"; paste the token again (try 2 of 3)
Paste your API token:
warning: the token is empty; paste the token again (try 3 of 3)
Paste your API token: ******************
Login successful! Token saved to ~/.nt3/config.json"
    );
}

#[test]
fn ctrl_c_saves_nothing_restores_the_terminal_and_exits_130() {
    let (_server, env) = accepting();
    // `stty` after nt3 shows how nt3 left the terminal.
    let mut pty = env.pty_sh("nt3 login; echo \"exit $?\"; stty -a");
    pty.expect("Paste your API token: ");
    pty.send("entri_half");
    pty.expect("**********");
    pty.send("\x03");
    let (_, screen) = pty.finish();
    assert!(screen.contains("exit 130"), "{screen}");
    assert!(
        screen.contains("Interrupted; nothing was saved"),
        "{screen}"
    );
    let settings = &screen[screen.find("exit 130").unwrap()..];
    let flags: Vec<&str> = settings.split_whitespace().collect();
    for flag in ["echo", "icanon", "isig"] {
        assert!(
            flags.contains(&flag),
            "the terminal lost `{flag}`: {settings}"
        );
    }
    assert!(
        pty.rendered()
            .contains("Paste your API token: **********\nInterrupted; nothing was saved\n"),
        "the cursor is on a fresh line: {}",
        pty.rendered()
    );
    assert!(!env.global().exists());
}

#[test]
fn ctrl_d_on_an_empty_line_says_so_and_saves_nothing() {
    let (_server, env) = accepting();
    let mut pty = login(&env);
    pty.send("\x04");
    let (code, _) = pty.finish();
    assert_eq!(code, 1);
    assert!(
        pty.rendered().contains(
            "Paste your API token:\nCancelled; no token was entered, so nothing was saved\n"
        ),
        "{}",
        pty.rendered()
    );
    assert!(!pty.screen().contains("error:"));
    assert!(!env.global().exists());
}
