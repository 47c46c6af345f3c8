use super::doc::Kind;
use super::*;

/// Merges and returns the text and the conflicts.
fn run(format: Format, base: &str, local: &str, server: &str) -> (String, Vec<String>) {
    let merged = merge(format, base, local, server).unwrap_or_else(|err| panic!("{err}"));
    (merged.text, merged.conflicts)
}

#[test]
fn json_a_change_of_shape_on_either_side_is_a_conflict() {
    let base = r#"{"a":"A","b":"B"}"#;
    let local = r#"{"a":"A","b":{"c":"mine"}}"#;
    let (text, conflicts) = run(Format::JsonNested, base, local, r#"{"a":"A","b":"theirs"}"#);
    assert_eq!(text, local);
    assert_eq!(conflicts, ["b"]);

    let base = r#"{"a":"A","b":{"c":"C"}}"#;
    let local = r#"{"a":"A","b":"mine"}"#;
    let (text, conflicts) = run(
        Format::JsonNested,
        base,
        local,
        r#"{"a":"A","b":{"c":"theirs"}}"#,
    );
    assert_eq!(text, local);
    assert_eq!(conflicts, ["b.c"]);
}

#[test]
fn json_numbers_and_layout_stay_as_written() {
    let base = "{\n  \"n\": 123456789012345678901234567890,\n  \"e\": 1E2,\n  \"a\": \"A\",\n  \"b\": \"B\"\n}\n";
    let local = "{\n  \"n\": 123456789012345678901234567890,\n  \"e\": 1E2,\n  \"a\": \"mine\",\n  \"b\": \"B\"\n}\n";
    let server = "{\"n\":1.2345678901234568e+29,\"e\":100.0,\"a\":\"A\",\"b\":\"theirs\"}";
    // The server wrote the numbers differently: a change on the server, taken.
    let (text, conflicts) = run(Format::JsonNested, base, local, server);
    assert!(conflicts.is_empty());
    assert_eq!(
        text,
        "{\n  \"n\": 1.2345678901234568e+29,\n  \"e\": 100.0,\n  \"a\": \"mine\",\n  \"b\": \"theirs\"\n}\n"
    );
    // Numbers the server did not change stay as written.
    let server = "{\"n\":123456789012345678901234567890,\"e\":1E2,\"a\":\"A\",\"b\":\"theirs\"}";
    let (text, _) = run(Format::JsonNested, base, local, server);
    assert!(text.contains("123456789012345678901234567890") && text.contains("1E2"));
}

#[test]
fn json_keys_added_and_removed_by_the_server_keep_the_layout() {
    let base = "{\n    \"home\": {\n        \"title\": \"Home\",\n        \"old\": \"x\"\n    },\n    \"gone\": {\n        \"a\": \"1\"\n    }\n}";
    let local = "{\n    \"home\": {\n        \"title\": \"Start\",\n        \"old\": \"x\"\n    },\n    \"gone\": {\n        \"a\": \"1\"\n    }\n}";
    let server = r#"{"home": {"title": "Home", "cta": "Go"}, "x": {"y": {"z": "deep"}}}"#;
    let (text, conflicts) = run(Format::JsonNested, base, local, server);
    assert!(conflicts.is_empty(), "{conflicts:?}");
    assert_eq!(
        text,
        "{\n    \"home\": {\n        \"title\": \"Start\",\n        \"cta\": \"Go\"\n    },\n    \"x\": {\n        \"y\": {\n            \"z\": \"deep\"\n        }\n    }\n}"
    );
}

#[test]
fn json_on_one_line_and_flat_files() {
    let (text, _) = run(
        Format::JsonFlat,
        r#"{"a": "1", "b": "2"}"#,
        r#"{"a": "one", "b": "2"}"#,
        r#"{"a": "1", "b": "two", "c": "3"}"#,
    );
    assert_eq!(text, r#"{"a": "one", "b": "two", "c": "3"}"#);
    let (text, _) = run(Format::JsonFlat, r#"{"a":"1"}"#, r#"{"a":"1"}"#, r#"{}"#);
    assert_eq!(text, "{}");
}

#[test]
fn deleted_on_one_side_and_edited_on_the_other_is_a_conflict() {
    let (text, conflicts) = run(
        Format::JsonFlat,
        r#"{"a":"1","b":"2"}"#,
        r#"{"b":"2"}"#,
        r#"{"a":"one","b":"2"}"#,
    );
    assert_eq!(text, r#"{"b":"2"}"#);
    assert_eq!(conflicts, ["a"]);
    let (text, conflicts) = run(
        Format::JsonFlat,
        r#"{"a":"1","b":"2"}"#,
        r#"{"a":"mine","b":"2"}"#,
        r#"{"b":"2"}"#,
    );
    assert_eq!(text, r#"{"a":"mine","b":"2"}"#);
    assert_eq!(conflicts, ["a"]);
}

const ANDROID_BASE: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<!-- Strings for the app -->
<resources xmlns:tools="http://schemas.android.com/tools">
    <string name="app_name">Demo</string>
    <string name="greeting">Hallo <b>%1$s</b></string>
    <plurals name="files">
        <item quantity="one">%d Datei</item>
        <item quantity="other">%d Dateien</item>
    </plurals>
    <string name="gone">Weg</string>
</resources>
"#;

#[test]
fn android_a_local_edit_and_a_server_edit_both_survive() {
    let local = ANDROID_BASE.replace("Hallo <b>", "Servus <b>");
    let server = ANDROID_BASE
        .replace("%d Dateien", "%d Dateien insgesamt")
        .replace("    <string name=\"gone\">Weg</string>\n", "")
        .replace(
            "</resources>",
            "    <string name=\"new\">Neu &amp; frisch</string>\n</resources>",
        );
    let (text, conflicts) = run(Format::AndroidXml, ANDROID_BASE, &local, &server);
    assert!(conflicts.is_empty());
    assert_eq!(
        text,
        ANDROID_BASE
            .replace("Hallo <b>", "Servus <b>")
            .replace("%d Dateien", "%d Dateien insgesamt")
            .replace(
                "    <string name=\"gone\">Weg</string>\n",
                "    <string name=\"new\">Neu &amp; frisch</string>\n"
            )
    );
}

#[test]
fn android_plural_forms_merge_as_one_value() {
    let local = ANDROID_BASE.replace("%d Datei<", "Eine Datei<");
    let server = ANDROID_BASE.replace(
        "        <item quantity=\"other\">",
        "        <item quantity=\"few\">%d Dateien</item>\n        <item quantity=\"other\">",
    );
    let (text, conflicts) = run(Format::AndroidXml, ANDROID_BASE, &local, &server);
    assert_eq!(text, local);
    assert_eq!(conflicts, ["files"]);
}

#[test]
fn gettext_entries_merge_by_context_and_msgid() {
    let base = "msgid \"\"\nmsgstr \"\"\n\"Language: de\\n\"\n\n#: src/a.c:1\nmsgid \"Open\"\nmsgstr \"Öffnen\"\n\nmsgctxt \"menu\"\nmsgid \"Open\"\nmsgstr \"Öffnen\"\n\nmsgid \"%d file\"\nmsgid_plural \"%d files\"\nmsgstr[0] \"%d Datei\"\nmsgstr[1] \"%d Dateien\"\n";
    let local = base.replacen("msgstr \"Öffnen\"", "msgstr \"Aufmachen\"", 1);
    let server = base.replace("msgstr[1] \"%d Dateien\"", "msgstr[1] \"\"\n\"%d Dateien\"")
        + "\nmsgid \"Close\"\nmsgstr \"Schließen\"\n";
    let (text, conflicts) = run(Format::Po, base, &local, &server);
    assert!(conflicts.is_empty());
    assert_eq!(
        text,
        local.replace("msgstr[1] \"%d Dateien\"", "msgstr[1] \"\"\n\"%d Dateien\"")
            + "\nmsgid \"Close\"\nmsgstr \"Schließen\"\n"
    );
}

#[test]
fn apple_strings_merge_around_comments() {
    let base = "/* Title */\n\"title\" = \"Titel\";\n\n/* Done */\n\"done\" = \"Fertig\";\n";
    let local = base.replace("Titel", "Überschrift");
    let server = base.replace("Fertig", "Erledigt") + "\"new\" = \"Neu \\\"x\\\"\";\n";
    let (text, conflicts) = run(Format::IosStrings, base, &local, &server);
    assert!(conflicts.is_empty());
    assert_eq!(
        text,
        local.replace("Fertig", "Erledigt") + "\"new\" = \"Neu \\\"x\\\"\";\n"
    );
}

#[test]
fn yaml_merges_in_place_and_adds_nested_keys() {
    let base = "# Rails\nde:\n  greeting: Hallo\n  nav:\n    home: \"Start\"\n    about: Über uns # comment\n  body: |\n    Zeile eins\n    Zeile zwei\n";
    let local = base.replace("greeting: Hallo", "greeting: Servus");
    let server = "de:\n  greeting: Hallo\n  nav:\n    home: \"Startseite\"\n    about: Über uns\n    team:\n      lead: Leitung\n  body: |\n    Zeile eins\n    Zeile zwei\n";
    let (text, conflicts) = run(Format::Yaml, base, &local, server);
    assert!(conflicts.is_empty(), "{conflicts:?}");
    assert_eq!(
        text,
        "# Rails\nde:\n  greeting: Servus\n  nav:\n    home: \"Startseite\"\n    about: Über uns # comment\n    team:\n      lead: Leitung\n  body: |\n    Zeile eins\n    Zeile zwei\n"
    );
}

#[test]
fn xliff_and_stringsdict_merge_by_unit_and_key() {
    let base = "<?xml version=\"1.0\"?>\n<xliff version=\"1.2\">\n  <file original=\"app\" source-language=\"en\" target-language=\"de\">\n    <body>\n      <trans-unit id=\"a\">\n        <source>Open</source>\n        <target>Öffnen</target>\n      </trans-unit>\n      <trans-unit id=\"b\">\n        <source>Close</source>\n        <target>Schließen</target>\n      </trans-unit>\n    </body>\n  </file>\n</xliff>\n";
    let local = base.replace("Öffnen", "Aufmachen");
    let server = base.replace("Schließen", "Zumachen");
    let (text, conflicts) = run(Format::Xliff, base, &local, &server);
    assert!(conflicts.is_empty());
    assert_eq!(text, local.replace("Schließen", "Zumachen"));

    let base = "<?xml version=\"1.0\"?>\n<plist version=\"1.0\">\n<dict>\n\t<key>files</key>\n\t<dict>\n\t\t<key>one</key>\n\t\t<string>%d Datei</string>\n\t</dict>\n\t<key>items</key>\n\t<dict>\n\t\t<key>one</key>\n\t\t<string>%d Ding</string>\n\t</dict>\n</dict>\n</plist>\n";
    let local = base.replace("%d Datei", "Eine Datei");
    let server = base.replace("%d Ding", "%d Sache");
    let (text, conflicts) = run(Format::IosStringsdict, base, &local, &server);
    assert!(conflicts.is_empty());
    assert_eq!(text, local.replace("%d Ding", "%d Sache"));
}

#[test]
fn bad_input_is_refused_with_its_line() {
    for (format, text) in [
        (Format::JsonNested, "{\n  \"a\": \"1\",\n  oops\n}"),
        (
            Format::AndroidXml,
            "<resources>\n<string name=\"a\">x</strin>\n</resources>",
        ),
        (Format::Po, "msgid \"a\"\nmsgstr \"b\n"),
        (Format::IosStrings, "\"a\" = \"b\"\n\"c\" = \"d\";"),
        (Format::Yaml, "de:\n  a: [1, 2\n"),
    ] {
        let err = check(format, text).unwrap_err();
        assert!(err.line >= 1, "{format}: {err}");
    }
    let deep = "{\"a\":".repeat(100) + "1" + &"}".repeat(100);
    assert!(
        check(Format::JsonNested, &deep)
            .unwrap_err()
            .message
            .contains("levels deep")
    );
    let long = format!("{{\"{}\": \"x\"}}", "k".repeat(5000));
    assert!(
        check(Format::JsonFlat, &long)
            .unwrap_err()
            .message
            .contains("key longer")
    );
}

/// Every file of the corpus of real trees (`tests/fixtures/trees/`): it reads as its
/// format, a merge with no change is the file byte for byte, and a value the server
/// changed is patched in where it sits, leaving every other byte alone.
#[test]
fn every_file_of_the_real_trees_reads_and_patches_in_place() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/trees");
    let mut files = vec![root];
    let mut checked = 0;
    while let Some(path) = files.pop() {
        if path.is_dir() {
            files.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
            continue;
        }
        let name = path.to_string_lossy().into_owned();
        let format = match name.rsplit_once('.').map(|(_, ext)| ext) {
            Some("json") => Format::JsonNested,
            Some("arb") => Format::Arb,
            Some("po" | "pot") => Format::Po,
            Some("strings") => Format::IosStrings,
            Some("xml") => Format::AndroidXml,
            Some("xlf") => Format::Xliff,
            Some("stringsdict") => Format::IosStringsdict,
            Some("yml") => Format::Yaml,
            _ => continue,
        };
        let bytes = std::fs::read(&path).unwrap();
        let text = match bytes.as_slice() {
            [0xFF, 0xFE, rest @ ..] => String::from_utf16(
                &rest
                    .chunks(2)
                    .map(|c| u16::from_le_bytes([c[0], c[1]]))
                    .collect::<Vec<_>>(),
            )
            .unwrap(),
            _ => String::from_utf8(bytes).unwrap(),
        };
        let mut keys = Keys::default();
        let doc = parse(format, &text, &mut keys).unwrap_or_else(|err| panic!("{name}: {err}"));
        assert!(!doc.entries.is_empty(), "{name}: no entries");
        assert_eq!(
            merge(format, &text, &text, &text).unwrap().text,
            text,
            "{name}"
        );
        for entry in doc.entries.iter().filter(|e| e.kind == Kind::Text).take(40) {
            let marker = if format == Format::Po {
                "msgstr \"nt3\""
            } else if matches!(format, Format::JsonNested | Format::Arb) {
                "\"nt3\""
            } else {
                "nt3"
            };
            let server = format!(
                "{}{marker}{}",
                &text[..entry.value.start],
                &text[entry.value.end..]
            );
            let merged = merge(format, &text, &text, &server).unwrap();
            assert_eq!(merged.text, server, "{name}: {}", keys.display(entry.key));
            assert!(merged.conflicts.is_empty());
        }
        checked += 1;
    }
    assert!(checked >= 30, "the corpus has {checked} files");
}

#[test]
fn a_key_written_twice_is_not_merged() {
    for (format, text) in [
        (Format::JsonNested, r#"{"b": {}, "b": "x"}"#),
        (Format::JsonFlat, r#"{"a": "1", "a": "2"}"#),
        (
            Format::AndroidXml,
            "<resources><string name=\"a\">1</string><string name=\"a\">2</string></resources>",
        ),
    ] {
        let err = merge(format, text, text, text).unwrap_err();
        assert!(err.0.contains("is written twice"), "{format}: {err}");
        check(format, text).unwrap();
    }
}

#[test]
fn streamed_checks_agree_with_the_readers() {
    for (format, good, bad) in [
        (
            Format::JsonNested,
            r#"{"a": {"b": [1, "x"]}}"#,
            r#"{"a": {"b": [1, "x"]}"#,
        ),
        (Format::JsonFlat, r#"{"a": "1"}"#, r#"["a"]"#),
        (Format::Arb, r#"{"@@locale": "de"}"#, r#"{"a": 1} {"#),
    ] {
        assert_eq!(
            check_stream(format, &mut good.as_bytes()),
            Some(Ok(())),
            "{format}: {good}"
        );
        assert!(check(format, good).is_ok(), "{format}: {good}");
        assert!(
            matches!(check_stream(format, &mut bad.as_bytes()), Some(Err(_))),
            "{format}: {bad}"
        );
        assert!(check(format, bad).is_err(), "{format}: {bad}");
    }
    // The other formats are read whole.
    assert_eq!(
        check_stream(Format::AndroidXml, &mut "<resources/>".as_bytes()),
        None
    );
    assert_eq!(check_stream(Format::Po, &mut "msgid \"\"".as_bytes()), None);
}
