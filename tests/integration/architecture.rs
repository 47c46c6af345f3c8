//! The layout `docs/ARCHITECTURE.md` describes, held: no import cycle between files,
//! each layer using only those below it, the environment and clap only at the top, no
//! file over 700 lines of code (tests and comments aside), no function of the sync
//! engine over 80 lines, and a handful of files directly under `src/`. A change that
//! breaks one fails here, naming the files. Each check is also run on a planted case.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const MAX_CODE_LINES: usize = 700;
const MAX_TOP_LEVEL_FILES: usize = 6;
/// The longest function under `src/sync/`, where a maintainer spends the most time.
const MAX_SYNC_FUNCTION_LINES: usize = 80;

/// Every module of the library: its path (`["auth", "store"]`) and its file.
fn modules() -> BTreeMap<Vec<String>, PathBuf> {
    fn walk(dir: &Path, prefix: Vec<String>, out: &mut BTreeMap<Vec<String>, PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            if path.is_dir() {
                let mut inner = prefix.clone();
                inner.push(name.clone());
                walk(&path, inner, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                if prefix.is_empty() && name == "main" {
                    continue;
                }
                let mut module = prefix.clone();
                if name != "mod" && !(prefix.is_empty() && name == "lib") {
                    module.push(name);
                }
                out.insert(module, path);
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(&root().join("src"), Vec::new(), &mut out);
    out
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The code of a file without its unit tests, comments and blank lines.
fn code(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap();
    let text = match text.find("#[cfg(test)]\nmod ") {
        Some(at) => &text[..at],
        None => &text[..],
    };
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with("//"))
        .map(String::from)
        .collect()
}

/// The module a path of words names, from the longest prefix that is a module.
fn resolve(words: &[String], modules: &BTreeMap<Vec<String>, PathBuf>) -> Option<Vec<String>> {
    (0..=words.len())
        .rev()
        .map(|n| words[..n].to_vec())
        .find(|prefix| modules.contains_key(prefix))
}

/// The modules `module` uses: every `crate::…` and `super::…` path in its code, and the
/// module aliases its `use` lines bring in.
fn dependencies(
    module: &[String],
    lines: &[String],
    modules: &BTreeMap<Vec<String>, PathBuf>,
) -> BTreeSet<Vec<String>> {
    let is_folder = modules[module].file_name().is_some_and(|n| n == "mod.rs");
    let parent: Vec<String> = if is_folder || module.is_empty() {
        module
            .iter()
            .take(module.len().saturating_sub(1))
            .cloned()
            .collect()
    } else {
        module[..module.len() - 1].to_vec()
    };
    let here: Vec<String> = if is_folder {
        module.to_vec()
    } else {
        parent.clone()
    };
    let absolute = |words: &[&str]| -> Option<Vec<String>> {
        let child = |word: &str| {
            let mut path = module.to_vec();
            path.push(word.to_string());
            modules.contains_key(&path).then_some(path)
        };
        let (base, rest): (Vec<String>, &[&str]) = match words.first()? {
            &"crate" => (Vec::new(), &words[1..]),
            &"super" => (parent.clone(), &words[1..]),
            &"self" => (here.clone(), &words[1..]),
            // A path relative to this module: one of its own submodules.
            word => (child(word)?, &words[1..]),
        };
        let mut path = base;
        path.extend(rest.iter().map(|w| w.to_string()));
        Some(path)
    };
    let mut aliases: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut found = BTreeSet::new();
    // `use` lines first: they may bring module names into scope.
    let uses: Vec<&String> = lines
        .iter()
        .filter(|l| l.starts_with("use ") || l.starts_with("pub use "))
        .collect();
    for line in &uses {
        let body = line
            .trim_start_matches("pub ")
            .trim_start_matches("use ")
            .trim_end_matches(';');
        let (head, items) = match body.split_once("::{") {
            Some((head, items)) => (head, items.trim_end_matches('}').split(',').collect()),
            None => match body.rsplit_once("::") {
                Some((head, item)) => (head, vec![item]),
                None => continue,
            },
        };
        let head_words: Vec<&str> = head.split("::").collect();
        let Some(head_path) = absolute(&head_words).or_else(|| {
            let alias = aliases.get(head_words[0])?.clone();
            let mut path = alias;
            path.extend(head_words[1..].iter().map(|w| w.to_string()));
            Some(path)
        }) else {
            continue;
        };
        for item in items {
            let item = item.trim();
            let (item, alias) = match item.split_once(" as ") {
                Some((item, alias)) => (item.trim(), Some(alias.trim())),
                None => (item, None),
            };
            let mut path = head_path.clone();
            if item != "self" {
                path.extend(item.split("::").map(String::from));
            }
            if let Some(target) = resolve(&path, modules) {
                found.insert(target.clone());
                if modules.contains_key(&path) {
                    let name = alias.unwrap_or_else(|| {
                        if item == "self" {
                            head_words.last().unwrap()
                        } else {
                            item.rsplit("::").next().unwrap()
                        }
                    });
                    aliases.insert(name.to_string(), path);
                }
            }
        }
    }
    // Then every path in the code: `crate::a::b`, `super::c`, `alias::d`.
    for line in lines {
        if line.starts_with("mod ") || line.starts_with("pub mod ") {
            continue;
        }
        let chars: Vec<char> = line.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let starts = i == 0 || !(chars[i - 1].is_alphanumeric() || chars[i - 1] == '_');
            if starts && (chars[i].is_alphabetic() || chars[i] == '_') {
                let mut j = i;
                while j < chars.len()
                    && (chars[j].is_alphanumeric()
                        || chars[j] == '_'
                        || (chars[j] == ':' && chars.get(j + 1) == Some(&':')))
                {
                    j += if chars[j] == ':' { 2 } else { 1 };
                }
                let text: String = chars[i..j].iter().collect();
                let words: Vec<&str> = text.split("::").filter(|w| !w.is_empty()).collect();
                if words.len() > 1 {
                    let path = absolute(&words).or_else(|| {
                        let mut path = aliases.get(words[0])?.clone();
                        path.extend(words[1..].iter().map(|w| w.to_string()));
                        Some(path)
                    });
                    if let Some(target) = path.and_then(|p| resolve(&p, modules)) {
                        found.insert(target);
                    }
                }
                i = j.max(i + 1);
            } else {
                i += 1;
            }
        }
    }
    found.remove(module);
    found
}

fn name(module: &[String], modules: &BTreeMap<Vec<String>, PathBuf>) -> String {
    modules[module]
        .strip_prefix(root())
        .unwrap()
        .display()
        .to_string()
        .replace('\\', "/")
}

#[test]
fn no_import_cycle_between_files() {
    let modules = modules();
    let graph: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = modules
        .iter()
        .map(|(module, path)| (module.clone(), dependencies(module, &code(path), &modules)))
        .collect();
    // lib.rs declares and dispatches to everything; it is the root, not part of a cycle.
    let root: Vec<String> = Vec::new();
    let mut cycles = Vec::new();
    let mut done = BTreeSet::new();
    fn visit(
        module: &Vec<String>,
        graph: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        stack: &mut Vec<Vec<String>>,
        done: &mut BTreeSet<Vec<String>>,
        cycles: &mut Vec<Vec<Vec<String>>>,
    ) {
        if let Some(at) = stack.iter().position(|m| m == module) {
            cycles.push(stack[at..].to_vec());
            return;
        }
        if !done.insert(module.clone()) {
            return;
        }
        stack.push(module.clone());
        for next in &graph[module] {
            if !next.is_empty() {
                visit(next, graph, stack, done, cycles);
            }
        }
        stack.pop();
    }
    for module in graph.keys().filter(|m| **m != root) {
        visit(module, &graph, &mut Vec::new(), &mut done, &mut cycles);
    }
    let shown: Vec<String> = cycles
        .iter()
        .map(|cycle| {
            let mut names: Vec<String> = cycle.iter().map(|m| name(m, &modules)).collect();
            names.push(names[0].clone());
            names.join(" -> ")
        })
        .collect();
    assert!(
        shown.is_empty(),
        "import cycles between files:\n{}",
        shown.join("\n")
    );
}

#[test]
fn no_file_over_700_lines_of_code() {
    let modules = modules();
    let long: Vec<String> = modules
        .values()
        .map(|path| (path, code(path).len()))
        .filter(|(_, lines)| *lines > MAX_CODE_LINES)
        .map(|(path, lines)| format!("{}: {lines} lines", path.display()))
        .collect();
    assert!(
        long.is_empty(),
        "files over {MAX_CODE_LINES} lines of code:\n{}",
        long.join("\n")
    );
}

/// Each function in `text` (by its `fn` line and the closing brace at its indentation)
/// longer than `max` lines: its name and length.
fn long_functions(text: &str, max: usize) -> Vec<(String, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut long = Vec::new();
    for (start, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        let signature = ["pub ", "pub(crate) ", "pub(super) ", "async ", "const "]
            .iter()
            .fold(trimmed, |rest, prefix| {
                rest.strip_prefix(prefix).unwrap_or(rest)
            });
        let Some(name) = signature.strip_prefix("fn ") else {
            continue;
        };
        let name: String = name
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let closing = format!("{indent}}}");
        if let Some(end) = lines[start..].iter().position(|l| *l == closing)
            && end + 1 > max
        {
            long.push((name, end + 1));
        }
    }
    long
}

#[test]
fn no_sync_function_over_80_lines() {
    let long: Vec<String> = modules()
        .values()
        .filter(|path| path.starts_with(root().join("src/sync")))
        .flat_map(|path| {
            let text = std::fs::read_to_string(path).unwrap();
            long_functions(&text, MAX_SYNC_FUNCTION_LINES)
                .into_iter()
                .map(move |(name, lines)| format!("{}: {name}, {lines} lines", path.display()))
        })
        .collect();
    assert!(
        long.is_empty(),
        "functions over {MAX_SYNC_FUNCTION_LINES} lines in src/sync/:\n{}",
        long.join("\n")
    );
}

#[test]
fn the_function_length_check_measures_a_function() {
    let body = "    x();\n".repeat(80);
    let text = format!("fn short() {{\n}}\n\npub async fn long(\n    a: u8,\n) {{\n{body}}}\n");
    assert_eq!(long_functions(&text, 80), [("long".to_owned(), 84)]);
}

#[test]
fn a_handful_of_files_directly_under_src() {
    let files: Vec<String> = std::fs::read_dir(root().join("src"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_file())
        .map(|path| path.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert!(
        files.len() <= MAX_TOP_LEVEL_FILES,
        "{} files directly under src/ ({}); give the new one a folder",
        files.len(),
        files.join(", ")
    );
}

#[test]
fn the_cycle_check_sees_a_cycle() {
    // The check itself: two modules that name each other form a cycle.
    let mut modules = BTreeMap::new();
    let a = vec!["a".to_string()];
    let b = vec!["b".to_string()];
    modules.insert(Vec::new(), root().join("src/lib.rs"));
    modules.insert(a.clone(), root().join("src/a.rs"));
    modules.insert(b.clone(), root().join("src/b.rs"));
    let uses_b = vec!["use crate::b::Thing;".to_string()];
    let calls_a = vec!["let x = crate::a::f();".to_string()];
    assert_eq!(
        dependencies(&a, &uses_b, &modules),
        BTreeSet::from([b.clone()])
    );
    assert_eq!(dependencies(&b, &calls_a, &modules), BTreeSet::from([a]));
}

#[test]
fn the_cycle_check_reads_the_real_imports() {
    let modules = modules();
    let store = vec!["auth".to_string(), "store".to_string()];
    let found: BTreeSet<String> = dependencies(&store, &code(&modules[&store]), &modules)
        .iter()
        .map(|m| name(m, &modules))
        .collect();
    for expected in [
        "src/auth/file.rs",
        "src/auth/keyring.rs",
        "src/auth/mod.rs",
        "src/error.rs",
        "src/http/api_url.rs",
        "src/types/secret.rs",
    ] {
        assert!(found.contains(expected), "{expected} not in {found:?}");
    }
}

/// The layers, top to bottom, as ARCHITECTURE.md draws them: a file may use its own
/// folder and the layers below its own, never one above. Files on one line are one layer.
const LAYERS: &[&[&str]] = &[
    &["lib"],
    &["commands"],
    &["cli", "context"],
    &["sync"],
    &["content"],
    &["project"],
    &["auth"],
    &["api"],
    &["http"],
    &["fs"],
    &["ui"],
    &["env_vars"],
    &["types"],
    &["error"],
];

/// A module's layer: the index in [`LAYERS`] of its top folder (or top file).
fn layer(module: &[String]) -> usize {
    let top = module.first().map_or("lib", String::as_str);
    LAYERS
        .iter()
        .position(|layer| layer.contains(&top))
        .unwrap_or_else(|| panic!("`{top}` is in no layer of architecture.rs"))
}

/// The modules only unit tests compile (`#[cfg(test)] mod x;`), with everything in them.
fn test_only(modules: &BTreeMap<Vec<String>, PathBuf>) -> BTreeSet<Vec<String>> {
    let mut only = BTreeSet::new();
    for (module, path) in modules {
        let text = std::fs::read_to_string(path).unwrap();
        for declared in text.split("#[cfg(test)]\n").skip(1) {
            let line = declared.lines().next().unwrap_or_default();
            let name = line.trim_start_matches("pub ").strip_prefix("mod ");
            if let Some(name) = name.and_then(|n| n.strip_suffix(';')) {
                let mut child = module.clone();
                child.push(name.to_owned());
                only.insert(child);
            }
        }
    }
    modules
        .keys()
        .filter(|m| only.iter().any(|o| m.starts_with(o)))
        .cloned()
        .collect()
}

#[test]
fn each_layer_uses_only_the_layers_below_it() {
    let modules = modules();
    let tests = test_only(&modules);
    let mut upward = Vec::new();
    for (module, path) in modules.iter().filter(|(m, _)| !tests.contains(*m)) {
        for used in dependencies(module, &code(path), &modules) {
            let same_folder = module.first() == used.first();
            if !same_folder && layer(&used) <= layer(module) {
                upward.push(format!(
                    "{} uses {}",
                    name(module, &modules),
                    name(&used, &modules)
                ));
            }
        }
    }
    assert!(
        upward.is_empty(),
        "a layer uses one above it:\n{}",
        upward.join("\n")
    );
}

#[test]
fn the_layer_check_sees_an_upward_use() {
    let mut modules = BTreeMap::new();
    modules.insert(Vec::new(), root().join("src/lib.rs"));
    let http = vec!["http".to_string()];
    let sync = vec!["sync".to_string()];
    modules.insert(http.clone(), root().join("src/http/mod.rs"));
    modules.insert(sync.clone(), root().join("src/sync/mod.rs"));
    let uses = dependencies(&http, &["use crate::sync::Settings;".to_string()], &modules);
    assert!(uses.contains(&sync));
    assert!(layer(&sync) <= layer(&http), "sync is above http");
}

/// Only `context.rs` reads the environment and asks whether a stream is a terminal
/// (`main.rs` hands the arguments over); only the command layer sees clap's types.
#[test]
fn the_environment_and_clap_stay_at_the_top() {
    let modules = modules();
    let tests = test_only(&modules);
    let mut found = Vec::new();
    for (module, path) in modules.iter().filter(|(m, _)| !tests.contains(*m)) {
        let file = name(module, &modules);
        let code = code(path).join("\n");
        let env = code.contains("std::env::") || code.contains("is_terminal(");
        if env && file != "src/context.rs" {
            found.push(format!("{file} reads the environment or the terminal"));
        }
        let top = ["src/cli.rs", "src/lib.rs"].contains(&file.as_str())
            || file.starts_with("src/commands/");
        if code.contains("clap::") && !top {
            found.push(format!("{file} sees clap"));
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}
