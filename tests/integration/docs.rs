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

fn without_help_subcommand(cmd: clap::Command) -> clap::Command {
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|sub| sub.get_name().to_owned())
        .collect();
    names
        .iter()
        .fold(cmd.disable_help_subcommand(true), |cmd, name| {
            cmd.mut_subcommand(name, without_help_subcommand)
        })
}

/// A man page as clap_mangen writes it, with a synopsis that names each option's value
/// (`[-c|--connection <NAME>]`) and `code` in the help texts shown in bold, not between
/// backticks.
fn man_page(page: &clap::Command) -> Vec<u8> {
    let man = clap_mangen::Man::new(page.clone());
    let mut roff = Vec::new();
    man.render_title(&mut roff).unwrap();
    man.render_name_section(&mut roff).unwrap();
    roff.extend_from_slice(synopsis(page).as_bytes());
    man.render_description_section(&mut roff).unwrap();
    man.render_options_section(&mut roff).unwrap();
    if page.has_subcommands() {
        man.render_subcommands_section(&mut roff).unwrap();
    }
    roff.extend_from_slice(examples(page).as_bytes());
    // Each section repeats clap_mangen's two-line preamble; the page needs it once.
    let roff = String::from_utf8(roff).unwrap();
    let (preamble, rest) = roff.split_at(roff.find(".TH").unwrap());
    bold_code(&format!("{preamble}{}", rest.replace(preamble, ""))).into_bytes()
}

/// The help's "Examples:" as an EXAMPLES section, each line as written (no filling, so
/// no command is wrapped), escaped for roff.
fn examples(page: &clap::Command) -> String {
    let Some(help) = page.get_after_long_help().or(page.get_after_help()) else {
        return String::new();
    };
    let help = help.to_string();
    let body = help.strip_prefix("Examples:\n").unwrap_or(&help);
    let lines: Vec<String> = body
        .lines()
        .map(|line| {
            line.replace('\\', "\\e")
                .replace('-', "\\-")
                .replace('\'', "\\(aq")
        })
        .collect();
    format!(".SH EXAMPLES\n.nf\n{}\n.fi\n", lines.join("\n"))
}

fn synopsis(page: &clap::Command) -> String {
    let bold = |text: &str| format!("\\fB{}\\fR", text.replace('-', "\\-"));
    let mut line = bold(page.get_bin_name().unwrap_or(page.get_name()).trim());
    for arg in page.get_arguments().filter(|arg| !arg.is_hide_set()) {
        let value = arg
            .get_value_names()
            .map(|names| format!(" <\\fI{}\\fR>", names.join(" ")))
            .filter(|_| arg.get_action().takes_values());
        let names: Vec<String> = arg
            .get_short()
            .map(|c| bold(&format!("-{c}")))
            .into_iter()
            .chain(arg.get_long().map(|long| bold(&format!("--{long}"))))
            .collect();
        let shown = if names.is_empty() {
            format!("<\\fI{}\\fR>", arg.get_id().as_str().to_uppercase())
        } else {
            format!("{}{}", names.join("|"), value.unwrap_or_default())
        };
        line += &if arg.is_required_set() {
            format!(" {shown}")
        } else {
            format!(" [{shown}]")
        };
    }
    if page.has_subcommands() {
        line += " <\\fICOMMAND\\fR>";
    }
    format!(".SH SYNOPSIS\n{line}\n")
}

/// `text` in a help text becomes bold in roff (on text lines; requests are left alone).
fn bold_code(roff: &str) -> String {
    roff.lines()
        .map(|line| {
            if line.starts_with('.') || line.matches('`').count() % 2 != 0 {
                return line.to_owned();
            }
            let mut out = String::new();
            for (i, part) in line.split('`').enumerate() {
                if i % 2 == 1 {
                    out += &format!("\\fB{part}\\fR");
                } else {
                    out += part;
                }
            }
            out
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

#[test]
fn man_pages_match_the_cli() {
    // Without the version, a release does not change every page; without `help`, no page
    // names an `nt3-help(1)` that does not exist.
    let mut cmd = without_help_subcommand(
        nt3::cli::command()
            .version(None::<&str>)
            .propagate_version(false),
    );
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
            (root().join("man").join(format!("{name}.1")), man_page(page))
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

/// Help and man pages agree, for every command: examples come after the options (as gh
/// puts them), a command's summary names each of its subcommands, a man page names only
/// pages that exist, and its synopsis names the value of every option that takes one.
#[test]
fn help_and_man_pages_agree_for_every_command() {
    let mut cmd = nt3::cli::command();
    cmd.build();
    for path in commands() {
        let name = std::iter::once("nt3")
            .chain(path.iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join("-");
        let help =
            std::fs::read_to_string(root().join(format!("tests/integration/help/{name}.txt")))
                .unwrap();
        let examples = help.find("\nExamples:\n").expect(&name);
        assert!(
            examples > help.find("\nOptions:\n").expect(&name),
            "{name}: examples before the options"
        );

        let page = path
            .iter()
            .fold(&cmd, |cmd, word| cmd.find_subcommand(word).unwrap());
        let summary = page
            .get_about()
            .map(|about| about.to_string())
            .unwrap_or_default();
        // (`nt3 --help` itself lists every command, in groups.)
        let listed = page.get_subcommands().filter(|_| !path.is_empty());
        for sub in listed.filter(|sub| sub.get_name() != "help") {
            assert!(
                summary.contains(sub.get_name()),
                "{name}: the summary \"{summary}\" does not name `{}`",
                sub.get_name()
            );
        }

        let man = std::fs::read_to_string(root().join(format!("man/{name}.1"))).unwrap();
        let plain = man
            .replace("\\-", "-")
            .replace("\\fB", "")
            .replace("\\fR", "")
            .replace("\\fI", "");
        for (at, _) in plain.match_indices("(1)") {
            let start = plain[..at]
                .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
                .map_or(0, |i| i + 1);
            let referenced = &plain[start..at];
            assert!(
                root().join(format!("man/{referenced}.1")).exists(),
                "{name}.1 names {referenced}(1), which does not exist"
            );
        }
        assert!(!plain.contains('`'), "{name}.1 shows backticks");
        let synopsis = plain
            .lines()
            .skip_while(|l| *l != ".SH SYNOPSIS")
            .nth(1)
            .unwrap();
        for arg in page
            .get_arguments()
            .filter(|arg| arg.get_action().takes_values())
        {
            if let Some(long) = arg.get_long() {
                assert!(
                    synopsis.contains(&format!("--{long} <")),
                    "{name}.1: the synopsis does not name the value of --{long}: {synopsis}"
                );
            }
        }
    }
}

#[test]
fn an_option_that_does_not_apply_is_refused_not_ignored() {
    let env = TestEnv::new();
    let ran = env.run(&["completion", "bash", "--json"]).code(2);
    assert!(
        ran.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("does not apply to `nt3 completion`")
    );
}

/// The Markdown pages a reader follows links through.
fn pages() -> Vec<PathBuf> {
    let mut pages: Vec<PathBuf> = [
        "README.md",
        "CONTRIBUTING.md",
        "SECURITY.md",
        "CHANGELOG.md",
    ]
    .iter()
    .map(|name| root().join(name))
    .collect();
    for entry in std::fs::read_dir(root().join("docs")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|ext| ext == "md") {
            pages.push(path);
        }
    }
    pages
}

/// GitHub's anchor for a heading: lower case, punctuation dropped, spaces as `-`.
fn anchor(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

fn anchors(page: &str) -> Vec<String> {
    let mut fenced = false;
    page.lines()
        .filter(|line| {
            if line.starts_with("```") {
                fenced = !fenced;
            }
            !fenced && line.starts_with('#')
        })
        .map(|line| anchor(line.trim_start_matches('#')))
        .collect()
}

#[test]
fn every_link_in_the_docs_is_alive() {
    let mut dead = Vec::new();
    for page in pages() {
        let text = std::fs::read_to_string(&page).unwrap();
        let name = page.strip_prefix(root()).unwrap().display().to_string();
        for (at, _) in text.match_indices("](") {
            let rest = &text[at + 2..];
            let Some(end) = rest.find(')') else { continue };
            let link = &rest[..end];
            if link.contains("://") || link.starts_with("mailto:") || link.contains(' ') {
                continue;
            }
            let (file, fragment) = link.split_once('#').unwrap_or((link, ""));
            let target = if file.is_empty() {
                page.clone()
            } else {
                page.parent().unwrap().join(file)
            };
            if !target.exists() {
                dead.push(format!("{name}: {link} (no such file)"));
            } else if !fragment.is_empty()
                && target.extension().is_some_and(|ext| ext == "md")
                && !anchors(&std::fs::read_to_string(&target).unwrap())
                    .contains(&fragment.to_owned())
            {
                dead.push(format!("{name}: {link} (no such heading)"));
            }
        }
    }
    assert!(dead.is_empty(), "dead links:\n{}", dead.join("\n"));
}

/// docs/reference.md's table of environment variables names every variable nt3 reads
/// (src/env_vars.rs: its constants, and those its module comment names as read by the
/// libraries), and no other.
#[test]
fn the_environment_table_matches_the_code() {
    let is_name = |word: &str| {
        word.len() > 2
            && word
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
    };
    let code = std::fs::read_to_string(root().join("src/env_vars.rs")).unwrap();
    let read: std::collections::BTreeSet<String> = code
        .lines()
        .filter(|line| line.starts_with("pub const") || line.starts_with("//!"))
        .flat_map(|line| line.split(['"', '`']).skip(1).step_by(2))
        // `HTTPS_PROXY` and `https_proxy` are one row; `anstream` is no variable.
        .filter(|word| *word == word.to_uppercase() || word.contains('_'))
        .map(str::to_uppercase)
        .filter(|word| is_name(word))
        .collect();
    let reference = std::fs::read_to_string(root().join("docs/reference.md")).unwrap();
    let table = reference
        .split("## Environment variables")
        .nth(1)
        .expect("docs/reference.md has an Environment variables section");
    let documented: std::collections::BTreeSet<String> = table
        .lines()
        .take_while(|line| !line.starts_with("## "))
        .filter_map(|line| line.strip_prefix("| `"))
        .flat_map(|cell| {
            let first = cell.split(" |").next().unwrap_or_default();
            first
                .split(['`', ','])
                .map(|word| word.trim().to_uppercase())
                .collect::<Vec<_>>()
        })
        .filter(|word| is_name(word))
        .collect();
    assert_eq!(
        documented, read,
        "docs/reference.md's table against src/env_vars.rs"
    );
}
