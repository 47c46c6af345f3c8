//! The trust boundary (SECURITY.md): what a cloned repository, a hostile server or a
//! strange environment can try, and what nt3 does instead. Each test here uses a hostile
//! fixture that would have worked against an earlier nt3.

use snapbox::str;

use crate::common::{Server, TestEnv};

#[test]
fn tokens_outside_the_alphabet_are_refused_before_any_file_or_request() {
    let env = TestEnv::new();
    for (input, error) in [
        ("entri_", "the token has nothing after \"entri_\""),
        (
            "entri_zero\u{200b}width",
            "the token may hold only printable ASCII characters, without spaces",
        ),
        (
            "entri_bidi\u{202e}olleh",
            "the token may hold only printable ASCII characters, without spaces",
        ),
        (
            "entri_caf\u{e9}",
            "the token may hold only printable ASCII characters, without spaces",
        ),
    ] {
        let ran = env
            .run_stdin(&["login", "--no-verify", "--with-token"], input)
            .code(1);
        assert!(
            ran.stderr().starts_with(&format!("error: {error}\n")),
            "{input:?}: {}",
            ran.stderr()
        );
    }
    assert!(!env.home().join(".nt3").exists());

    // The same alphabet holds for the environment: nothing is sent.
    let server = Server::start();
    let mut env = TestEnv::new();
    env.env("NT3_API_TOKEN", "entri_zero\u{200b}width")
        .env("NT3_API_URL", server.uri());
    env.run(&["projects"]).code(1).stderr_eq(str![[r#"
error: `NT3_API_TOKEN` holds an invalid token: the token may hold only printable ASCII characters, without spaces
hint: unset `NT3_API_TOKEN`, or set it to a token starting with `entri_`

"#]]);
    assert!(server.requests().is_empty());
}
