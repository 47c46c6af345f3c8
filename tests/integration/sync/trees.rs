//! Real translation trees (`tests/fixtures/trees/`, excerpts of open-source projects, see
//! its NOTICE): each is pushed to a server that keeps what it gets and serves it back,
//! then pulled. The codes sent are the languages the tree means, nothing is skipped in
//! silence, and the tree comes back byte for byte — encodings, byte-order marks,
//! spellings and folders included — also for a file pull has to write anew.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde_json::{Value, json};
use wiremock::matchers::{method, path, path_regex};
use wiremock::{Mock, Request, Respond, ResponseTemplate};

use crate::common::{CANARY, Server, TestEnv};

/// A server that stores each import under its language and namespace and serves it
/// back as the export.
#[derive(Clone, Default)]
struct Store(Arc<Mutex<BTreeMap<(String, String), String>>>);

impl Store {
    fn sent(&self) -> Vec<(String, String)> {
        self.0.lock().unwrap().keys().cloned().collect()
    }

    fn set(&self, language: &str, namespace: &str, content: &str) {
        self.0
            .lock()
            .unwrap()
            .insert((language.into(), namespace.into()), content.into());
    }
}

impl Respond for Store {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        if request.method.as_str() == "POST" {
            let body: Value = serde_json::from_slice(&request.body).unwrap();
            let key = (
                body["language"].as_str().unwrap().to_owned(),
                body["namespace"].as_str().unwrap_or_default().to_owned(),
            );
            self.0
                .lock()
                .unwrap()
                .insert(key, body["content"].as_str().unwrap().to_owned());
            return ResponseTemplate::new(201);
        }
        let language = request.url.path().rsplit('/').next().unwrap().to_owned();
        let namespace = request
            .url
            .query_pairs()
            .find(|(k, _)| k == "namespace")
            .map(|(_, v)| v.into_owned())
            .unwrap_or_default();
        match self.0.lock().unwrap().get(&(language, namespace)) {
            Some(content) => ResponseTemplate::new(200).set_body_raw(content.clone(), "text/plain"),
            None => ResponseTemplate::new(404).set_body_json(json!({"message": "no such file"})),
        }
    }
}

struct Tree {
    env: TestEnv,
    store: Store,
    _server: Server,
}

/// The tree `name` in a fresh project whose `.nt3.yml` has `patterns`, and whose
/// server lists `languages` (the source, `en`, first).
fn tree(name: &str, patterns: &str, languages: &[&str]) -> Tree {
    let server = Server::start();
    let store = Store::default();
    server.mock(
        Mock::given(method("GET"))
            .and(path("/api/v1/projects/proj_1"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "_id": "proj_1", "sourceLanguage": languages[0], "targetLanguages": &languages[1..],
            }))),
    );
    server.mock(
        Mock::given(path_regex("^/api/v1/projects/proj_1/(import|export/)"))
            .respond_with(store.clone()),
    );
    let env = TestEnv::logged_in_at(CANARY, &server);
    copy(&fixtures().join(name), &env.work());
    std::fs::write(
        env.work().join(".nt3.yml"),
        format!("project_id: proj_1\nsource_language: en\nfile_patterns:\n{patterns}"),
    )
    .unwrap();
    Tree {
        env,
        store,
        _server: server,
    }
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/trees")
}

fn copy(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Every file under `dir` (but `.nt3.yml`), with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(next) = stack.pop() {
        for entry in std::fs::read_dir(next).unwrap().flatten() {
            if entry.file_type().unwrap().is_dir() {
                stack.push(entry.path());
            } else {
                let rel = entry
                    .path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                if rel != ".nt3.yml" {
                    files.insert(rel, std::fs::read(entry.path()).unwrap());
                }
            }
        }
    }
    files
}

impl Tree {
    /// Pushes, checks what was sent and skipped, pulls, and checks that nothing in the
    /// tree changed; then removes `recreate` and checks that pull writes it back as it was.
    fn round_trip(&self, sent: &[(&str, &str)], skipped: &[&str], recreate: &str) {
        let before = snapshot(&self.env.work());
        let pushed = self.env.run(&["push", "--json"]).success().json();
        let mut expected: Vec<(String, String)> = sent
            .iter()
            .map(|(l, n)| (l.to_string(), n.to_string()))
            .collect();
        expected.sort();
        assert_eq!(self.store.sent(), expected, "{pushed:#}");
        let listed: Vec<&str> = pushed["skipped"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|s| s["path"].as_str().unwrap())
            .collect();
        assert_eq!(listed, skipped, "{pushed:#}");

        let pulled = self.env.run(&["pull", "--json"]).success().json();
        assert_eq!(snapshot(&self.env.work()), before, "{pulled:#}");
        let unchanged = pulled["files"].as_array().unwrap();
        assert!(
            unchanged.iter().all(|f| f["action"] == "unchanged"),
            "{pulled:#}"
        );

        std::fs::remove_file(self.env.work().join(recreate)).unwrap();
        let pulled = self.env.run(&["pull", "--json"]).success().json();
        assert_eq!(
            snapshot(&self.env.work()),
            before,
            "`{recreate}` comes back as it was: {pulled:#}"
        );

        // What pull wrote is in step with the server: the next push sends nothing.
        let again = self.env.run(&["push", "--json"]).success().json();
        let sent_again: Vec<&Value> = again["files"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["action"] != "unchanged")
            .collect();
        assert!(sent_again.is_empty(), "{again:#}");
    }
}

#[test]
fn android_legacy_codes_and_regions_keep_their_folders() {
    let tree = tree(
        "android",
        "  - path: \"app/src/main/res/values-{lang}/strings.xml\"\n    format: android-xml\n",
        &["en", "de", "he", "id", "nb-NO", "pt-BR", "zh-TW"],
    );
    tree.round_trip(
        &[
            ("de", ""),
            ("en", ""),
            ("he", ""),
            ("id", ""),
            ("nb-NO", ""),
            ("pt-BR", ""),
            ("zh-TW", ""),
        ],
        &[],
        "app/src/main/res/values-iw/strings.xml",
    );
}

#[test]
fn apple_strings_keep_utf16_and_byte_order_marks() {
    let tree = tree(
        "apple-strings",
        "  - path: \"Quicksilver/Localized/{lang}.lproj/Localizable.strings\"\n    format: ios-strings\n",
        &["en", "de", "fr", "pt-BR", "zh-Hans", "zh-Hant"],
    );
    tree.round_trip(
        &[
            ("de", ""),
            ("en", ""),
            ("fr", ""),
            ("pt-BR", ""),
            ("zh-Hans", ""),
            ("zh-Hant", ""),
        ],
        &[],
        "Quicksilver/Localized/fr.lproj/Localizable.strings",
    );
}

#[test]
fn arb_files_keep_underscores() {
    let tree = tree(
        "arb",
        "  - path: \"lib/l10n/intl_{lang}.arb\"\n    format: arb\n",
        &["en", "de", "de-AT", "pt-BR", "sr-Latn"],
    );
    tree.round_trip(
        &[
            ("de", ""),
            ("de-AT", ""),
            ("en", ""),
            ("pt-BR", ""),
            ("sr-Latn", ""),
        ],
        &[],
        "lib/l10n/intl_pt_BR.arb",
    );
}

#[test]
fn gettext_modifiers_and_a_pot_template_as_the_source() {
    let tree = tree(
        "gettext",
        "  - path: \"po/{lang}.po\"\n    source: \"po/ayatana-indicator-datetime.pot\"\n    format: po\n",
        &["en", "ca-valencia", "de", "pt-BR", "sr", "zh-TW"],
    );
    tree.round_trip(
        &[
            ("ca-valencia", ""),
            ("de", ""),
            ("en", ""),
            ("pt-BR", ""),
            ("sr", ""),
            ("zh-TW", ""),
        ],
        &["po/zh_LATN@pinyin.po"],
        "po/ca@valencia.po",
    );
    let status = tree.env.run(&["status", "--json"]).success().json();
    assert_eq!(
        status["project"]["file_patterns"][0]["skipped"],
        json!([{
            "path": "po/zh_LATN@pinyin.po",
            "reason": "`zh_LATN@pinyin` has the modifier `@pinyin`, which names no language; map it with `languages_mapping`"
        }])
    );
    let ran = tree.env.run(&["status"]).success();
    assert!(
        ran.stdout().contains(
            "    skipped po/zh_LATN@pinyin.po: `zh_LATN@pinyin` has the modifier `@pinyin`"
        ),
        "{}",
        ran.stdout()
    );
}

#[test]
fn i18next_namespaces_round_trip() {
    let tree = tree(
        "i18next",
        "  - path: \"app/i18n/locales/{lang}/{namespace}.json\"\n    format: json-nested\n",
        &["en", "de", "it"],
    );
    tree.round_trip(
        &[
            ("de", "footer"),
            ("de", "translation"),
            ("en", "footer"),
            ("en", "translation"),
            ("it", "footer"),
            ("it", "translation"),
        ],
        &[],
        "app/i18n/locales/it/footer.json",
    );
}

#[test]
fn chrome_locales_keep_underscores() {
    let tree = tree(
        "chrome",
        "  - path: \"src/_locales/{lang}/messages.json\"\n    format: json-nested\n",
        &["en", "de", "en-GB", "pt-BR", "zh-CN"],
    );
    tree.round_trip(
        &[
            ("de", ""),
            ("en", ""),
            ("en-GB", ""),
            ("pt-BR", ""),
            ("zh-CN", ""),
        ],
        &[],
        "src/_locales/pt_BR/messages.json",
    );
}

#[test]
fn a_string_catalog_goes_out_by_language_and_merges_back_in() {
    let tree = tree(
        "xcstrings",
        "  - path: \"Rectangle/mul.lproj/Main.xcstrings\"\n    format: xcstrings\n",
        &["en", "de", "es-419", "fr", "pt-BR", "zh-Hans"],
    );
    let catalog = tree.env.work().join("Rectangle/mul.lproj/Main.xcstrings");
    let before = std::fs::read(&catalog).unwrap();
    tree.env.run(&["push"]).success();
    let sent: Vec<String> = tree.store.sent().into_iter().map(|(l, _)| l).collect();
    assert_eq!(sent, ["de", "en", "es-419", "fr", "pt-BR", "zh-Hans"]);
    tree.env.run(&["pull"]).success();
    assert_eq!(std::fs::read(&catalog).unwrap(), before, "nothing changed");

    // A translation changed on the server comes in; everything else stays as it was.
    let fr: Value =
        serde_json::from_str(&tree.store.0.lock().unwrap()[&("fr".into(), String::new())]).unwrap();
    let (key, old) = fr.as_object().unwrap().iter().next().unwrap();
    let mut changed = fr.clone();
    changed[key] = "Nouveau texte".into();
    tree.store.set("fr", "", &changed.to_string());
    tree.env.run(&["pull"]).success();
    let after = String::from_utf8(std::fs::read(&catalog).unwrap()).unwrap();
    let expected = String::from_utf8(before).unwrap().replacen(
        &format!("\"value\" : \"{}\"", old.as_str().unwrap()),
        "\"value\" : \"Nouveau texte\"",
        1,
    );
    assert_eq!(after, expected);
}

/// A key whose German value has plural `substitutions`, as Xcode writes it.
const SUBSTITUTIONS: &str = r#"    "Moved %lld windows" : {
      "localizations" : {
        "de" : {
          "stringUnit" : {
            "state" : "translated",
            "value" : "%#@windows@ verschoben"
          },
          "substitutions" : {
            "windows" : {
              "argNum" : 1,
              "formatSpecifier" : "lld",
              "variations" : {
                "plural" : {
                  "one" : {
                    "stringUnit" : {
                      "state" : "translated",
                      "value" : "%arg Fenster"
                    }
                  },
                  "other" : {
                    "stringUnit" : {
                      "state" : "translated",
                      "value" : "%arg Fenster"
                    }
                  }
                }
              }
            }
          }
        }
      }
    },
"#;

/// A String Catalog merges per `stringUnit` against what the server had: an edit here
/// survives every pull (with no false conflict), a server edit comes in on the first
/// pull after a push, and a value with plural substitutions keeps them.
#[test]
fn a_string_catalog_keeps_local_edits_and_substitutions_through_every_pull() {
    let tree = tree(
        "xcstrings",
        "  - path: \"Rectangle/mul.lproj/Main.xcstrings\"\n    format: xcstrings\n",
        &["en", "de", "es-419", "fr", "pt-BR", "zh-Hans"],
    );
    let catalog = tree.env.work().join("Rectangle/mul.lproj/Main.xcstrings");
    let original = std::fs::read_to_string(&catalog).unwrap();
    let with_plurals = original.replacen(
        "  \"strings\" : {\n",
        &format!("  \"strings\" : {{\n{SUBSTITUTIONS}"),
        1,
    );
    std::fs::write(&catalog, &with_plurals).unwrap();
    tree.env.run(&["push"]).success();

    let local = with_plurals.replace("\"Oben rechts\"", "\"Rechts oben\"");
    std::fs::write(&catalog, &local).unwrap();
    for _ in 0..2 {
        let pulled = tree.env.run(&["pull"]).success();
        assert!(
            !pulled.stderr().contains("changed here and on the server"),
            "{}",
            pulled.stderr()
        );
        assert_eq!(
            std::fs::read_to_string(&catalog).unwrap(),
            local,
            "the edit here stays"
        );
    }

    // The translator changes two German values on the server: both come in at once.
    let key = (String::from("de"), String::new());
    let de = tree.store.0.lock().unwrap()[&key].clone();
    let mut de: Value = serde_json::from_str(&de).unwrap();
    de["Moved %lld windows"] = "%#@windows@ bewegt".into();
    de["0Ak-33-SM7.title"] = "Oben rechts (Server)".into();
    tree.store.set("de", "", &de.to_string());
    let pulled = tree.env.run(&["pull"]).code(3);
    assert!(
        pulled
            .stderr()
            .contains("kept the value here for de: 0Ak-33-SM7.title"),
        "changed on both sides: {}",
        pulled.stderr()
    );
    let after = std::fs::read_to_string(&catalog).unwrap();
    assert_eq!(
        after,
        local.replace("\"%#@windows@ verschoben\"", "\"%#@windows@ bewegt\""),
        "the server's change is in; substitutions, the local edit and the layout stay"
    );
}

/// A file edited here since the last sync is merged key by key: the edit stays, the
/// server's other changes come in, a key both changed keeps the local value and is
/// named — and `--dry-run` says so before anything is written.
#[test]
fn pull_merges_a_local_edit_with_the_servers_changes() {
    let tree = tree(
        "i18next",
        "  - path: \"app/i18n/locales/{lang}/{namespace}.json\"\n    format: json-nested\n",
        &["en", "de", "it"],
    );
    tree.env.run(&["push"]).success();
    let footer = tree.env.work().join("app/i18n/locales/de/footer.json");
    let original = std::fs::read_to_string(&footer).unwrap();
    let local = original
        .replace("Dies ist eine", "Das ist eine")
        .replace("Wechseln von", "Wechsle von");
    std::fs::write(&footer, &local).unwrap();
    let mut server: Value = serde_json::from_str(&original).unwrap();
    server["helpLocize"] = "Neu vom Server".into();
    server["languageSwitcher"] = "Sprache wechseln".into();
    tree.store.set("de", "footer", &server.to_string());

    // A conflict is exit 3, in the dry run as in the run.
    let plan = tree.env.run(&["pull", "--dry-run"]).code(3);
    assert!(
        plan.stderr().contains("warning: app/i18n/locales/de/footer.json: changed here and on the server; kept the value here for languageSwitcher"),
        "{}",
        plan.stderr()
    );
    assert_eq!(
        std::fs::read_to_string(&footer).unwrap(),
        local,
        "a dry run writes nothing"
    );

    let pulled = tree.env.run(&["pull", "--json"]).code(3).json();
    assert_eq!(pulled["success"], false);
    let file = pulled["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == "app/i18n/locales/de/footer.json")
        .unwrap();
    assert_eq!(file["action"], "merge");
    assert_eq!(file["conflicts"], json!(["languageSwitcher"]));
    let merged = std::fs::read_to_string(&footer).unwrap();
    assert_eq!(
        merged,
        local.replace(
            "Wenn Sie <1>Locize</1> einsetzen, unterstützen Sie direkt die Zukunft von <3>i18next</3>.",
            "Neu vom Server"
        ),
        "the local layout and edits stay; the server's change comes in"
    );
    // The merged file holds an edit the server lacks: push sends it.
    let pushed = tree.env.run(&["push", "--json"]).success().json();
    let sent: Vec<&str> = pushed["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["action"] == "upload")
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(sent, ["app/i18n/locales/de/footer.json"]);
}

/// In a real file of each format (Android, gettext, Apple `.strings`, ARB, XLIFF,
/// `.stringsdict`, Rails YAML): a string edited here and another edited by a
/// translator on the server both survive a pull, byte for byte around them, and the
/// pull says it merged.
#[test]
fn a_local_edit_and_a_server_edit_merge_in_real_files_of_every_format() {
    let cases = [
        (
            "android",
            "  - path: \"app/src/main/res/values-{lang}/strings.xml\"\n    format: android-xml\n",
            &["en", "de", "he", "id", "nb-NO", "pt-BR", "zh-TW"][..],
            "app/src/main/res/values-de/strings.xml",
            (">Beenden<", ">Schluss<"),
            (">Schließen<", ">Zumachen<"),
        ),
        (
            "gettext",
            "  - path: \"po/{lang}.po\"\n    source: \"po/ayatana-indicator-datetime.pot\"\n    format: po\n",
            &["en", "ca-valencia", "de", "pt-BR", "sr", "zh-TW"][..],
            "po/de.po",
            ("msgstr \"Uhr\"", "msgstr \"Armbanduhr\""),
            ("msgstr \"Datum und Zeit\"", "msgstr \"Datum und Uhrzeit\""),
        ),
        (
            "apple-strings",
            "  - path: \"Quicksilver/Localized/{lang}.lproj/Localizable.strings\"\n    format: ios-strings\n",
            &["en", "de", "fr", "pt-BR", "zh-Hans", "zh-Hant"][..],
            "Quicksilver/Localized/de.lproj/Localizable.strings",
            ("\"Abbrechen\"", "\"Lieber nicht\""),
            ("\"Beenden\"", "\"Schließen\""),
        ),
        (
            "arb",
            "  - path: \"lib/l10n/intl_{lang}.arb\"\n    format: arb\n",
            &["en", "de", "de-AT", "pt-BR", "sr-Latn"][..],
            "lib/l10n/intl_de.arb",
            ("\"Wird geladen\"", "\"Lädt\""),
            ("\"Auswählen\"", "\"Wählen\""),
        ),
        (
            "xliff",
            "  - path: \"apps/client/src/locales/messages.{lang}.xlf\"\n    source: \"apps/client/src/locales/messages.xlf\"\n    format: xliff\n",
            &["en", "de", "fr"][..],
            "apps/client/src/locales/messages.de.xlf",
            (">Registrieren<", ">Konto anlegen<"),
            (">Empfänger<", ">Empfangende<"),
        ),
        (
            "stringsdict",
            "  - path: \"ElementX/Resources/Localizations/{lang}.lproj/Localizable.stringsdict\"\n    format: ios-stringsdict\n",
            &["en", "de", "fr"][..],
            "ElementX/Resources/Localizations/de.lproj/Localizable.stringsdict",
            (">%1$d eingegebene Ziffer<", ">Eine Ziffer eingegeben<"),
            (">%1$d Prozent aller Stimmen<", ">%1$d % aller Stimmen<"),
        ),
        (
            "yaml",
            "  - path: \"config/locales/javascript/javascript.{lang}.yml\"\n    format: yaml\n",
            &["en", "de", "de-formal"][..],
            "config/locales/javascript/javascript.de.yml",
            ("cancel: Abbrechen", "cancel: Lieber nicht"),
            ("create: Erstellen", "create: Anlegen"),
        ),
    ];
    for (name, patterns, languages, file, (ours, mine), (theirs, translated)) in cases {
        let tree = tree(name, patterns, languages);
        tree.env.run(&["push"]).success();
        let path = tree.env.work().join(file);
        let original = std::fs::read_to_string(&path).unwrap();
        let local = original.replacen(ours, mine, 1);
        assert_ne!(local, original, "{name}: the edit applies");
        std::fs::write(&path, &local).unwrap();
        let key = (String::from("de"), String::new());
        let sent = tree.store.0.lock().unwrap()[&key].clone();
        assert!(sent.contains(theirs), "{name}");
        tree.store
            .set("de", "", &sent.replacen(theirs, translated, 1));

        let pulled = tree.env.run(&["pull", "--json"]).success().json();
        let entry = pulled["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["path"] == file)
            .unwrap_or_else(|| panic!("{name}: {pulled}"));
        assert_eq!(entry["action"], "merge", "{name}");
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            local.replacen(theirs, translated, 1),
            "{name}: both edits, nothing else changed"
        );
    }
}

/// i18next namespaces nested in folders (Homarr: `layout/modals/about`, and both
/// `layout/header.json` and `layout/header/…`) go out as namespaces with `/`, come back
/// to the same paths, and a file in a language's folder that the pattern does not take
/// is named as skipped, in push and status.
#[test]
fn i18next_namespaces_nested_in_folders_round_trip() {
    let tree = tree(
        "i18next-nested",
        "  - path: \"public/locales/{lang}/{namespace}.json\"\n    format: json-nested\n",
        &["en", "de", "fr"],
    );
    let notes = tree.env.work().join("public/locales/de/layout/NOTES.md");
    std::fs::write(&notes, "not a translation\n").unwrap();
    let namespaces = [
        "common",
        "layout/header",
        "layout/header/actions/toggle-edit-mode",
        "layout/modals/about",
        "modules/smart-home/entity-state",
    ];
    let sent: Vec<(&str, &str)> = ["de", "en", "fr"]
        .iter()
        .flat_map(|l| namespaces.iter().map(move |n| (*l, *n)))
        .collect();
    tree.round_trip(
        &sent,
        &["public/locales/de/layout/NOTES.md"],
        "public/locales/fr/layout/header/actions/toggle-edit-mode.json",
    );
    let status = tree.env.run(&["status", "--json"]).success().json();
    assert_eq!(
        status["project"]["file_patterns"][0]["skipped"],
        json!([{
            "path": "public/locales/de/layout/NOTES.md",
            "reason": "inside a language's folder, but not a `{namespace}.json` file"
        }])
    );
    // A language the project gains is created with every namespace, nested folders too.
    std::fs::remove_dir_all(tree.env.work().join("public/locales/fr")).unwrap();
    tree.env.run(&["pull"]).success();
    assert!(
        tree.env
            .work()
            .join("public/locales/fr/layout/modals/about.json")
            .is_file()
    );
}

/// SearXNG: a `.pot` template as the source beside an `en` catalog that the `{lang}`
/// pattern also matches. The template is the source; `en/…/messages.po` is named as
/// skipped, and push succeeds.
#[test]
fn an_explicit_source_wins_over_a_lang_file_for_the_source_language() {
    let tree = tree(
        "gettext-pot",
        "  - path: \"searx/translations/{lang}/LC_MESSAGES/messages.po\"\n    source: \"searx/translations/messages.pot\"\n    format: po\n",
        &["en", "de", "pt-BR", "zh-Hans-CN"],
    );
    tree.round_trip(
        &[("de", ""), ("en", ""), ("pt-BR", ""), ("zh-Hans-CN", "")],
        &["searx/translations/en/LC_MESSAGES/messages.po"],
        "searx/translations/de/LC_MESSAGES/messages.po",
    );
    let pushed = &tree.store.0.lock().unwrap()[&("en".to_owned(), String::new())];
    let template =
        std::fs::read_to_string(tree.env.work().join("searx/translations/messages.pot")).unwrap();
    assert_eq!(*pushed, template, "the template went as the source");
}

/// diaspora*: a file deleted after nt3 pushed it comes back at the path it was synced
/// at (`javascript.de_formal.yml`), not spelled like the pattern's other files.
#[test]
fn a_deleted_file_comes_back_where_it_was_synced() {
    let tree = tree(
        "yaml",
        "  - path: \"config/locales/javascript/javascript.{lang}.yml\"\n    format: yaml\n",
        &["en", "de", "de-formal"],
    );
    tree.round_trip(
        &[("de", ""), ("de-formal", ""), ("en", "")],
        &[],
        "config/locales/javascript/javascript.de_formal.yml",
    );
    let dir = tree.env.work().join("config/locales/javascript");
    assert!(!dir.join("javascript.de-formal.yml").exists());
}

/// A language the project has, with no file here and nothing on the server yet (the
/// export answers 404): a notice, exit 0, nothing created; the dry run says the same
/// with the same exit code.
#[test]
fn a_language_with_nothing_on_the_server_yet_is_a_notice() {
    let tree = tree(
        "yaml",
        "  - path: \"config/locales/javascript/javascript.{lang}.yml\"\n    format: yaml\n",
        &["en", "de", "de-formal", "fr"],
    );
    tree.env.run(&["push"]).success();
    for args in [&["pull", "--dry-run"][..], &["pull"]] {
        let doc = tree
            .env
            .run(&[args, &["--json"][..]].concat())
            .success()
            .json();
        let fr = doc["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["language"] == "fr")
            .unwrap()
            .clone();
        assert_eq!(fr["action"], "not on server", "{doc:#}");
        assert_eq!(doc["success"], true, "{doc:#}");
    }
    let ran = tree.env.run(&["pull"]).success();
    assert!(
        ran.stderr().ends_with(
            "note: config/locales/javascript/javascript.fr.yml: nothing on the server yet for fr; not created\nPulled 2 files: 0 created, 0 updated, 2 unchanged; 1 file not on the server yet\n"
        ),
        "{}",
        ran.stderr()
    );
    assert!(
        !tree
            .env
            .work()
            .join("config/locales/javascript/javascript.fr.yml")
            .exists()
    );
}

/// A project that moved from `.lproj` string files to a String Catalog keeps its old
/// pattern: status and push name the catalog beside it, and how to configure it.
#[test]
fn a_pattern_that_matches_nothing_names_the_string_catalog_beside_it() {
    let tree = tree(
        "xcstrings",
        "  - path: \"Rectangle/{lang}.lproj/Localizable.strings\"\n    format: ios-strings\n",
        &["en", "de"],
    );
    let near = "`Rectangle/mul.lproj/Main.xcstrings` is a String Catalog, which holds every language in one file: `path: \"Rectangle/mul.lproj/Main.xcstrings\"` with `format: xcstrings`";
    let status = tree.env.run(&["status", "--json"]).success().json();
    assert_eq!(status["project"]["file_patterns"][0]["nearby"], near);
    let shown = tree.env.run(&["status"]).success().stdout();
    assert!(shown.contains(&format!("    nearby: {near}\n")), "{shown}");
    let pushed = tree.env.run(&["push"]).code(1);
    assert!(
        pushed.stderr().starts_with(&format!(
            "warning: no `en` file matches `Rectangle/{{lang}}.lproj/Localizable.strings`\nhint: {near}\n"
        )),
        "{}",
        pushed.stderr()
    );
}

/// `nt3 init --detect` in the SearXNG tree: the proposal (with the `.pot` as source)
/// is printed with `--json` and nothing is written; without a terminal it writes only
/// with `--yes`; what it writes takes every file, and push sends them.
#[test]
fn init_detects_the_tree_it_is_in() {
    let tree = tree(
        "gettext-pot",
        "  - path: \"unused/{lang}.json\"\n    format: json-nested\n",
        &["en", "de", "pt-BR", "zh-Hans-CN"],
    );
    let env = &tree.env;
    std::fs::remove_file(env.work().join(".nt3.yml")).unwrap();
    let proposal = env.run(&["init", "--detect", "--json"]).success().json();
    assert_eq!(
        proposal["patterns"],
        json!([{
            "path": "searx/translations/{lang}/LC_MESSAGES/messages.po",
            "format": "po",
            "source": "searx/translations/messages.pot",
            "files": [
                "searx/translations/de/LC_MESSAGES/messages.po",
                "searx/translations/messages.pot",
                "searx/translations/pt_BR/LC_MESSAGES/messages.po",
                "searx/translations/zh_Hans_CN/LC_MESSAGES/messages.po",
            ],
            "languages": ["de", "en", "pt-BR", "zh-Hans-CN"],
            "skipped": [{
                "path": "searx/translations/en/LC_MESSAGES/messages.po",
                "reason": "the source language's file is `searx/translations/messages.pot` (`source:`), so this one is not sent",
            }],
        }])
    );
    assert_eq!(proposal["written"], false);
    assert!(!env.work().join(".nt3.yml").exists());

    let refused = env.run(&["init", "--detect"]).code(2);
    assert!(
        refused
            .stderr()
            .ends_with("error: without a terminal, `nt3 init --detect` writes only with `--yes`\nhint: pass `--yes` to write it, or `--json` to print the proposal\n"),
        "{}",
        refused.stderr()
    );
    assert!(!env.work().join(".nt3.yml").exists());

    env.run(&["init", "--detect", "--yes", "--project-id", "proj_1"])
        .success();
    let written = std::fs::read_to_string(env.work().join(".nt3.yml")).unwrap();
    assert!(
        written.ends_with("  - path: \"searx/translations/{lang}/LC_MESSAGES/messages.po\"\n    format: po\n    source: \"searx/translations/messages.pot\"\n"),
        "{written}"
    );
    env.run(&["push"]).success();
    assert_eq!(
        tree.store.sent(),
        [
            ("de".to_owned(), String::new()),
            ("en".to_owned(), String::new()),
            ("pt-BR".to_owned(), String::new()),
            ("zh-Hans-CN".to_owned(), String::new()),
        ]
    );
}
