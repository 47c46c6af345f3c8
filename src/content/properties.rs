//! The merge's rules, stated as properties over generated base/local/server triples of
//! every format, and hostile input thrown at every reader.

use std::collections::BTreeMap;

use proptest::prelude::*;

use super::*;

/// A file as a model: key → value. Nested formats use `.` in keys for levels.
type Model = BTreeMap<String, String>;

/// Writes `model` as a file of `format`, in the layout its tools write.
fn render(format: Format, model: &Model) -> String {
    let q = |text: &str| serde_json::to_string(text).expect("a string serializes");
    let mut out = String::new();
    match format {
        Format::JsonFlat => {
            let members: Vec<String> = model
                .iter()
                .map(|(k, v)| format!("  {}: {}", q(k), q(v)))
                .collect();
            out = format!("{{\n{}\n}}\n", members.join(",\n"));
        }
        Format::JsonNested | Format::Arb | Format::Yaml => {
            let tree = nest(model);
            if format == Format::Yaml {
                yaml(&mut out, &tree, 0);
            } else {
                out = json(&tree, 1) + "\n";
            }
        }
        Format::Po => {
            for (k, v) in model {
                out += &format!("#: src/{k}.c:1\nmsgid {}\nmsgstr {}\n\n", q(k), q(v));
            }
        }
        Format::IosStrings => {
            for (k, v) in model {
                out += &format!("/* {k} */\n{} = {};\n\n", q(k), q(v));
            }
        }
        Format::AndroidXml => {
            out += "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<resources>\n";
            for (k, v) in model {
                out += &format!("    <string name=\"{k}\">{v}</string>\n");
            }
            out += "</resources>\n";
        }
        Format::Xliff | Format::Xliff2 => {
            out += "<?xml version=\"1.0\"?>\n<xliff version=\"1.2\">\n  <file original=\"app\">\n    <body>\n";
            for (k, v) in model {
                out += &format!(
                    "      <trans-unit id=\"{k}\">\n        <source>{k}</source>\n        <target>{v}</target>\n      </trans-unit>\n"
                );
            }
            out += "    </body>\n  </file>\n</xliff>\n";
        }
        Format::IosStringsdict => {
            out += "<?xml version=\"1.0\"?>\n<plist version=\"1.0\">\n<dict>\n";
            for (k, v) in model {
                out += &format!(
                    "\t<key>{k}</key>\n\t<dict>\n\t\t<key>other</key>\n\t\t<string>{v}</string>\n\t</dict>\n"
                );
            }
            out += "</dict>\n</plist>\n";
        }
        Format::Xcstrings => unreachable!("String Catalogs have their own tests"),
    }
    out
}

enum Node {
    Leaf(String),
    Branch(BTreeMap<String, Node>),
}

fn nest(model: &Model) -> BTreeMap<String, Node> {
    let mut root = BTreeMap::new();
    for (key, value) in model {
        let mut level = &mut root;
        let mut parts = key.split('.').peekable();
        while let Some(part) = parts.next() {
            if parts.peek().is_none() {
                level.insert(part.to_owned(), Node::Leaf(value.clone()));
                break;
            }
            let node = level
                .entry(part.to_owned())
                .or_insert_with(|| Node::Branch(BTreeMap::new()));
            match node {
                Node::Branch(children) => level = children,
                Node::Leaf(_) => break, // a model never holds `a` and `a.b`
            }
        }
    }
    root
}

fn json(tree: &BTreeMap<String, Node>, depth: usize) -> String {
    let indent = "  ".repeat(depth);
    let members: Vec<String> = tree
        .iter()
        .map(|(k, node)| {
            let value = match node {
                Node::Leaf(v) => serde_json::to_string(v).expect("a string serializes"),
                Node::Branch(children) => json(children, depth + 1),
            };
            format!(
                "{indent}{}: {value}",
                serde_json::to_string(k).expect("a string serializes")
            )
        })
        .collect();
    if members.is_empty() {
        return "{}".into();
    }
    format!("{{\n{}\n{}}}", members.join(",\n"), "  ".repeat(depth - 1))
}

fn yaml(out: &mut String, tree: &BTreeMap<String, Node>, depth: usize) {
    for (k, node) in tree {
        out.push_str(&"  ".repeat(depth));
        match node {
            Node::Leaf(v) => {
                *out += &format!(
                    "{k}: {}\n",
                    serde_json::to_string(v).expect("a string serializes")
                )
            }
            Node::Branch(children) => {
                *out += &format!("{k}:\n");
                yaml(out, children, depth + 1);
            }
        }
    }
}

/// Each key of a file (as people write it) with its value as written.
fn values(format: Format, text: &str) -> BTreeMap<String, String> {
    let mut keys = Keys::default();
    let doc = parse(format, text, &mut keys).unwrap_or_else(|err| panic!("{err}\n{text}"));
    doc.entries
        .iter()
        .map(|entry| {
            (
                keys.path(entry.key).join("."),
                text[entry.value.clone()].to_owned(),
            )
        })
        .map(|(key, value)| {
            (
                key.rsplit(doc::QUALIFIED)
                    .next()
                    .unwrap_or_default()
                    .to_owned(),
                value,
            )
        })
        .collect()
}

/// Keys from a small set, so that the sides meet; `a` and `a.x` never in one model.
fn model(nested: bool) -> impl Strategy<Value = Model> {
    let keys: &'static [&'static str] = if nested {
        &["a", "b", "c.x", "c.y", "d.x.p", "d.y"]
    } else {
        &["a", "b", "c", "d", "e", "f"]
    };
    prop::collection::btree_map(prop::sample::select(keys), "[a-zA-Z0-9 äé]{0,6}", 0..6)
        .prop_map(|map| map.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
}

/// A side: the base with some values changed, some keys removed and some added; for
/// nested formats a key may change shape (`c.x` becomes `c`).
fn side(base: Model, nested: bool) -> impl Strategy<Value = Model> {
    (model(nested), prop::collection::vec(any::<bool>(), 6)).prop_map(move |(other, keep)| {
        let mut out: Model = base
            .iter()
            .zip(keep.iter().cycle())
            .filter(|(_, keep)| **keep)
            .map(|((k, v), _)| (k.clone(), v.clone()))
            .collect();
        for (k, v) in other {
            let clash = out.keys().any(|have| {
                have.starts_with(&format!("{k}.")) || k.starts_with(&format!("{have}."))
            });
            if !clash && (v.len() % 2 == 0 || !out.contains_key(&k)) {
                out.insert(k, v);
            }
        }
        out
    })
}

fn triple(nested: bool) -> impl Strategy<Value = (Model, Model, Model)> {
    model(nested).prop_flat_map(move |base| {
        (
            Just(base.clone()),
            side(base.clone(), nested),
            side(base, nested),
        )
    })
}

/// The rules, for one format and one triple.
fn holds(format: Format, base: &Model, local: &Model, server: &Model) -> Result<(), TestCaseError> {
    let (base, local, server) = (
        render(format, base),
        render(format, local),
        render(format, server),
    );
    let merged = merge(format, &base, &local, &server)
        .map_err(|err| TestCaseError::fail(err.to_string()))?;
    if local == base && server == base {
        prop_assert_eq!(
            &merged.text,
            &local,
            "no change on either side: byte for byte"
        );
    }
    // What the merge wrote reads as its format.
    let result = values(format, &merged.text);
    let (b, l, s) = (
        values(format, &base),
        values(format, &local),
        values(format, &server),
    );
    let keys: std::collections::BTreeSet<&String> =
        b.keys().chain(l.keys()).chain(s.keys()).collect();
    let listed = |key: &str| {
        merged
            .conflicts
            .iter()
            .map(|c| c.split(" (").next().unwrap_or_default())
            .any(|c| {
                c == key || c.starts_with(&format!("{key}.")) || key.starts_with(&format!("{c}."))
            })
    };
    for key in keys {
        let (b, l, s, r) = (b.get(key), l.get(key), s.get(key), result.get(key));
        if l != b && s == b {
            prop_assert_eq!(r, l, "a change here survives: {}\n{}", key, merged.text);
        } else if l != b && s != b && l != s {
            prop_assert_eq!(r, l, "a conflict keeps the value here: {}", key);
            prop_assert!(
                listed(key),
                "a conflict is listed: {} in {:?}",
                key,
                merged.conflicts
            );
        } else if l == b && s != b {
            prop_assert!(
                r == s || (r == l && listed(key)),
                "a server change arrives or is a conflict: {}\n{}",
                key,
                merged.text
            );
        } else {
            prop_assert_eq!(r, l, "unchanged: {}", key);
        }
    }
    Ok(())
}

proptest! {
    #[test]
    fn every_flat_format_keeps_each_sides_changes((base, local, server) in triple(false)) {
        for format in [Format::JsonFlat, Format::Po, Format::IosStrings, Format::AndroidXml, Format::Xliff, Format::IosStringsdict] {
            holds(format, &base, &local, &server)?;
        }
    }

    #[test]
    fn every_nested_format_keeps_each_sides_changes_and_shapes((base, local, server) in triple(true)) {
        for format in [Format::JsonNested, Format::Yaml] {
            holds(format, &base, &local, &server)?;
        }
    }
}

/// Hostile variations of valid files of `format` (`seeds`) and of every other format:
/// each is read or refused with an error, never a panic; what is read has ranges on
/// character boundaries; a merge with no change gives the file back, and merges with a
/// hostile side never panic.
fn hostile(format: Format, text: &str, other: &str) -> Result<(), TestCaseError> {
    let mut keys = Keys::default();
    let Ok(doc) = parse(format, text, &mut keys) else {
        return Ok(());
    };
    for entry in &doc.entries {
        prop_assert!(entry.value.start <= entry.value.end && entry.value.end <= text.len());
        prop_assert!(
            text.is_char_boundary(entry.value.start) && text.is_char_boundary(entry.value.end)
        );
        prop_assert!(entry.whole.start <= entry.whole.end && entry.whole.end <= text.len());
    }
    let merged = merge(format, text, text, text);
    if doc.repeated().is_some() {
        prop_assert!(merged.is_err(), "a key written twice is not merged");
    } else {
        let merged = merged.map_err(|err| TestCaseError::fail(err.to_string()))?;
        prop_assert_eq!(merged.text, text);
    }
    let _ = merge(format, text, text, other);
    let _ = merge(format, other, text, other);
    let _ = merge(format, other, other, text);
    Ok(())
}

const JSON: &[&str] = &[
    "{\n  \"a\": \"A\",\n  \"b\": {\n    \"c\": [1, 2.5e3, null],\n    \"d\": \"\\u00e9\"\n  }\n}\n",
    "{\"a\":\"1\",\"b\":{},\"@a\":{\"description\":\"x\",\"placeholders\":{\"n\":{\"type\":\"int\"}}}}",
];
const YAML: &[&str] = &[
    "de:\n  a: A\n  b:\n    c: \"C\\n\"\n    d: |\n      line\n  e: [1, 2]\n  f:\n    - x\n    - y\n",
    "# c\n---\nen:\n  'q''s': plain text # c\n  g: >-\n    folded\n    text\n  h: &a anchored\n",
];
const PO: &[&str] = &[
    "msgid \"\"\nmsgstr \"\"\n\"Language: de\\n\"\n\n#: a.c:1\n#, c-format\nmsgctxt \"m\"\nmsgid \"a\"\nmsgid_plural \"as\"\nmsgstr[0] \"A\"\nmsgstr[1] \"\"\n\"As\"\n\n#~ msgid \"old\"\n#~ msgstr \"alt\"\n",
];
const STRINGS: &[&str] = &["/* c */\n\"a\" = \"A \\\"q\\\"\";\n// line\nb = \"B\";\n"];
const ANDROID: &[&str] = &[
    "<?xml version=\"1.0\"?>\n<resources>\n  <string name=\"a\">A <b>b</b> &amp;</string>\n  <string name=\"e\"/>\n  <plurals name=\"p\">\n    <item quantity=\"one\">x</item>\n  </plurals>\n  <string-array name=\"s\"><item>1</item></string-array>\n  <!-- c -->\n  <string name=\"c\"><![CDATA[<x>]]></string>\n</resources>\n",
];
const XLIFF: &[&str] = &[
    "<xliff version=\"1.2\"><file original=\"f\"><body><trans-unit id=\"a\"><source>A</source><target>B</target></trans-unit><trans-unit id=\"b\"><source>C</source></trans-unit></body></file></xliff>",
    "<xliff version=\"2.0\"><file id=\"f\"><unit id=\"a\"><segment><source>A</source><target>B</target></segment></unit></file></xliff>",
];
const STRINGSDICT: &[&str] = &[
    "<plist version=\"1.0\">\n<dict>\n\t<key>a</key>\n\t<dict>\n\t\t<key>NSStringLocalizedFormatKey</key>\n\t\t<string>%#@n@</string>\n\t</dict>\n</dict>\n</plist>\n",
];

macro_rules! hostile_tests {
    ($($name:ident: $seeds:ident => $($format:expr),+;)+) => {
        proptest! {
            $(
                #[test]
                fn $name(text in crate::types::fuzz::text($seeds), other in crate::types::fuzz::text($seeds)) {
                    $(hostile($format, &text, &other)?;)+
                }
            )+
        }
    };
}

hostile_tests! {
    hostile_json_is_read_or_refused: JSON => Format::JsonFlat, Format::JsonNested, Format::Arb;
    hostile_yaml_is_read_or_refused: YAML => Format::Yaml;
    hostile_gettext_is_read_or_refused: PO => Format::Po;
    hostile_strings_are_read_or_refused: STRINGS => Format::IosStrings;
    hostile_android_xml_is_read_or_refused: ANDROID => Format::AndroidXml;
    hostile_xliff_is_read_or_refused: XLIFF => Format::Xliff, Format::Xliff2;
    hostile_stringsdict_is_read_or_refused: STRINGSDICT => Format::IosStringsdict;
}

#[test]
fn the_hostile_seeds_are_valid_files() {
    for (seeds, format) in [
        (JSON, Format::JsonNested),
        (YAML, Format::Yaml),
        (PO, Format::Po),
        (STRINGS, Format::IosStrings),
        (ANDROID, Format::AndroidXml),
        (XLIFF, Format::Xliff),
        (STRINGSDICT, Format::IosStringsdict),
    ] {
        for seed in seeds {
            let mut keys = Keys::default();
            let doc = parse(format, seed, &mut keys)
                .unwrap_or_else(|err| panic!("{format}: {err}\n{seed}"));
            assert!(!doc.entries.is_empty(), "{format}");
        }
    }
}
