//! Generated files stay in step with the CLI definition: shell completions, man pages,
//! every command's `--help`, and the help block in the README. When a test here fails,
//! refresh them all with
//!
//!     SNAPSHOTS=overwrite cargo test --test integration docs
//!
//! and commit the result.

use std::path::PathBuf;
#[cfg(unix)]
use std::process::Command;

use snapbox::Data;

use crate::common::TestEnv;

const REFRESH: &str = "SNAPSHOTS=overwrite cargo test --test integration docs";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Compares (or, with `SNAPSHOTS=overwrite`, rewrites) every file, then fails once,
/// listing the stale ones.
fn check_all(files: Vec<(PathBuf, Vec<u8>)>) {
    let assert = snapbox::Assert::new().action_env(snapbox::assert::DEFAULT_ACTION_ENV);
    let stale: Vec<String> = files
        .into_iter()
        .filter_map(|(path, actual)| {
            let expected = Data::read_from(&path, None).raw();
            let name = path.strip_prefix(root()).unwrap().display().to_string();
            assert
                .try_eq(Some(&name), Data::from(actual), expected)
                .err()
                .map(|err| err.to_string())
        })
        .collect();
    assert!(
        stale.is_empty(),
        "{}\n\nGenerated files are stale; refresh them with `{REFRESH}`",
        stale.join("\n")
    );
}

fn nt3(args: &[&str]) -> Vec<u8> {
    let output = TestEnv::new().command(args).output().unwrap();
    assert!(
        output.status.success(),
        "nt3 {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

#[test]
fn completion_scripts_match_the_cli() {
    let files = [
        ("bash", "nt3.bash"),
        ("zsh", "_nt3"),
        ("fish", "nt3.fish"),
        ("powershell", "_nt3.ps1"),
        ("elvish", "nt3.elv"),
    ]
    .map(|(shell, file)| {
        (
            root().join("completions").join(file),
            nt3(&["completion", shell]),
        )
    });
    check_all(files.into());
}

/// Every command, as the words that name it: `[]`, `["login"]`, `["tokens", "create"]`…
fn commands() -> Vec<Vec<String>> {
    fn walk(cmd: &clap::Command, path: Vec<String>, out: &mut Vec<Vec<String>>) {
        out.push(path.clone());
        for sub in cmd
            .get_subcommands()
            .filter(|sub| !sub.is_hide_set() && sub.get_name() != "help")
        {
            let mut path = path.clone();
            path.push(sub.get_name().to_string());
            walk(sub, path, out);
        }
    }
    let mut cmd = nt3::cli::command();
    cmd.build();
    let mut out = Vec::new();
    walk(&cmd, Vec::new(), &mut out);
    out
}

#[test]
fn man_pages_match_the_cli() {
    // Without the version, a release does not change every page.
    let mut cmd = nt3::cli::command()
        .version(None::<&str>)
        .propagate_version(false);
    cmd.build();
    let files = commands()
        .into_iter()
        .map(|path| {
            let page = path
                .iter()
                .fold(&cmd, |cmd, name| cmd.find_subcommand(name).unwrap());
            let name = std::iter::once("nt3")
                .chain(path.iter().map(String::as_str))
                .collect::<Vec<_>>()
                .join("-");
            let mut roff = Vec::new();
            clap_mangen::Man::new(page.clone())
                .render(&mut roff)
                .unwrap();
            (root().join("man").join(format!("{name}.1")), roff)
        })
        .collect();
    check_all(files);
}

#[test]
fn every_help_text_is_pinned() {
    let files = commands()
        .into_iter()
        .map(|path| {
            let name = std::iter::once("nt3")
                .chain(path.iter().map(String::as_str))
                .collect::<Vec<_>>()
                .join("-");
            let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
            args.push("--help");
            (
                root()
                    .join("tests/integration/help")
                    .join(format!("{name}.txt")),
                nt3(&args),
            )
        })
        .collect();
    check_all(files);
}

#[test]
fn the_readme_shows_the_current_help() {
    const START: &str = "<!-- nt3 --help: generated, see tests/integration/docs.rs -->\n```text\n";
    const END: &str = "```\n";
    let readme_path = root().join("README.md");
    let readme = std::fs::read_to_string(&readme_path).unwrap();
    let start = readme
        .find(START)
        .expect("the README has the help block marker")
        + START.len();
    let end = start + readme[start..].find(END).unwrap();
    let help = String::from_utf8(nt3(&["--help"])).unwrap();
    let updated = format!("{}{help}{}", &readme[..start], &readme[end..]);
    check_all(vec![(readme_path, updated.into_bytes())]);
}

#[test]
fn the_version_is_the_crate_version() {
    assert_eq!(
        String::from_utf8(nt3(&["--version"])).unwrap(),
        concat!("nt3 ", env!("CARGO_PKG_VERSION"), "\n")
    );
}

// Unix: runs the completion script in bash.
#[cfg(unix)]
#[test]
fn bash_completes_subcommands_and_flags() {
    let complete = |line: &str| {
        let script = root().join("completions/nt3.bash");
        let words: Vec<&str> = line.split(' ').collect();
        let program = format!(
            "source {script}; COMP_WORDS=({words}); COMP_CWORD={cword}; COMP_LINE='{line}'; COMP_POINT={point}; \
             _nt3 nt3 '{cur}' '{prev}'; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
            script = script.display(),
            words = words
                .iter()
                .map(|w| format!("'{w}'"))
                .collect::<Vec<_>>()
                .join(" "),
            cword = words.len() - 1,
            point = line.len(),
            cur = words[words.len() - 1],
            prev = words[words.len() - 2],
        );
        let output = Command::new("bash")
            .args(["--norc", "-c", &program])
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let mut words: Vec<String> = String::from_utf8(output.stdout)
            .unwrap()
            .lines()
            .map(String::from)
            .collect();
        words.sort();
        words
    };
    assert_eq!(complete("nt3 lo"), ["login", "logout"]);
    assert!(complete("nt3 login --st").contains(&"--storage".to_string()));
    assert_eq!(complete("nt3 login --storage "), ["file", "keyring"]);
}

// Unix: renders the page with man(1).
#[cfg(unix)]
#[test]
fn the_main_man_page_renders() {
    let page = root().join("man/nt3.1");
    let output = match Command::new("man")
        .arg("-l")
        .arg(&page)
        .env("MANPAGER", "cat")
        .env("MANWIDTH", "80")
        .output()
    {
        Ok(output) => output,
        Err(_) if std::env::var_os("CI").is_none() => {
            eprintln!("skipped: `man` is not installed");
            return;
        }
        Err(err) => panic!("CI needs `man` (man-db) to check the man page: {err}"),
    };
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.contains("nt3 - The command-line client of Entri"),
        "{text}"
    );
    assert!(
        text.contains("nt3-login(1)"),
        "the page lists its subcommands' pages: {text}"
    );
}

#[test]
fn every_command_shows_an_example_in_its_help() {
    for path in commands() {
        let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
        args.push("--help");
        let help = String::from_utf8(nt3(&args)).unwrap();
        let examples = help
            .split_once("\nExamples:\n")
            .map(|(_, rest)| rest)
            .unwrap_or_else(|| panic!("`nt3 {}` has no `Examples:` section", path.join(" ")));
        assert!(
            examples
                .lines()
                .next()
                .is_some_and(|line| line.starts_with("  ") && line.contains("nt3")),
            "`nt3 {}`: the first example should be an indented nt3 command:\n{examples}",
            path.join(" ")
        );
    }
}
