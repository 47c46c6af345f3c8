//! JSON translation files as nt3 merges and writes them back: keys in the order the file
//! has them, written with the file's own indentation — or as Xcode writes a String
//! Catalog (`"key" : value`, two spaces, `{\n\n}` for an empty object).

use std::fmt::{self, Write as _};

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

/// A JSON value whose objects keep their keys in order.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    pub fn parse(text: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(text)
    }

    /// The value under `key`, in an object.
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Self::Object(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut Json> {
        match self {
            Self::Object(entries) => entries.iter_mut().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// Sets `key` in an object: in its place when it is there, else at the end.
    pub fn set(&mut self, key: &str, value: Json) {
        if let Self::Object(entries) = self {
            match entries.iter_mut().find(|(k, _)| k == key) {
                Some((_, old)) => *old = value,
                None => entries.push((key.to_owned(), value)),
            }
        }
    }
}

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(JsonVisitor)
    }
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }

    fn visit_bool<E>(self, v: bool) -> Result<Json, E> {
        Ok(Json::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Json, E> {
        Ok(Json::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Json, E> {
        Ok(Json::Number(v.into()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Json, E> {
        serde_json::Number::from_f64(v)
            .map(Json::Number)
            .ok_or_else(|| E::custom("a number JSON cannot hold"))
    }

    fn visit_str<E>(self, v: &str) -> Result<Json, E> {
        Ok(Json::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Json, E> {
        Ok(Json::String(v))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Json::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
        let mut entries: Vec<(String, Json)> = Vec::new();
        // Where each key is, once an object is large enough for a linear look-up to cost:
        // a String Catalog has one object of every key.
        let mut index: std::collections::HashMap<String, usize> = Default::default();
        while let Some((key, value)) = map.next_entry::<String, Json>()? {
            // A repeated key: the last value counts, as for every JSON reader.
            let seen = if entries.len() < 16 {
                entries.iter().position(|(k, _)| *k == key)
            } else {
                if index.is_empty() {
                    index = entries
                        .iter()
                        .enumerate()
                        .map(|(i, (k, _))| (k.clone(), i))
                        .collect();
                }
                index.get(&key).copied()
            };
            match seen {
                Some(i) => entries[i].1 = value,
                None => {
                    if !index.is_empty() {
                        index.insert(key.clone(), entries.len());
                    }
                    entries.push((key, value));
                }
            }
        }
        Ok(Json::Object(entries))
    }
}

/// How a JSON file is laid out, to write it back the same way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// One level of indentation (`"  "`, `"    "`, `"\t"`); empty: all on one line.
    indent: String,
    /// What separates a key from its value: `": "`, or Xcode's `" : "`.
    colon: &'static str,
    /// What separates items on one line (a file without indentation): `","` or `", "`.
    comma: &'static str,
    /// Xcode writes an empty object as `{` and `}` with an empty line between.
    xcode: bool,
    newline_at_end: bool,
}

impl Layout {
    /// The layout of `text`: its first indented line's indentation, its separator, its
    /// final newline.
    pub fn of(text: &str) -> Self {
        let indent = text
            .lines()
            .skip(1)
            .map(|line| &line[..line.len() - line.trim_start_matches([' ', '\t']).len()])
            .find(|indent| !indent.is_empty())
            .unwrap_or(if text.contains('\n') { "  " } else { "" })
            .to_owned();
        let xcode = text.contains("\" : ");
        let spaced = indent.is_empty() && text.contains("\": ");
        Self {
            colon: match (xcode, indent.is_empty(), spaced) {
                (true, _, _) => " : ",
                (false, false, _) | (false, true, true) => ": ",
                (false, true, false) => ":",
            },
            comma: if indent.is_empty() && text.contains(", ") {
                ", "
            } else {
                ","
            },
            indent,
            xcode,
            newline_at_end: text.ends_with('\n'),
        }
    }

    pub fn write(&self, value: &Json) -> String {
        let mut out = String::new();
        self.value(&mut out, value, 0);
        if self.newline_at_end {
            out.push('\n');
        }
        out
    }

    fn newline(&self, out: &mut String, depth: usize) {
        if !self.indent.is_empty() {
            out.push('\n');
            for _ in 0..depth {
                out.push_str(&self.indent);
            }
        }
    }

    fn value(&self, out: &mut String, value: &Json, depth: usize) {
        match value {
            Json::Null => out.push_str("null"),
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Number(n) => {
                let _ = write!(out, "{n}");
            }
            Json::String(s) => string(out, s),
            Json::Array(items) if items.is_empty() => out.push_str("[]"),
            Json::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(self.comma);
                    }
                    self.newline(out, depth + 1);
                    self.value(out, item, depth + 1);
                }
                self.newline(out, depth);
                out.push(']');
            }
            Json::Object(entries) if entries.is_empty() => {
                out.push_str(if self.xcode { "{\n\n" } else { "{" });
                if self.xcode {
                    for _ in 0..depth {
                        out.push_str(&self.indent);
                    }
                }
                out.push('}');
            }
            Json::Object(entries) => {
                out.push('{');
                for (i, (key, item)) in entries.iter().enumerate() {
                    if i > 0 {
                        out.push_str(self.comma);
                    }
                    self.newline(out, depth + 1);
                    string(out, key);
                    out.push_str(self.colon);
                    self.value(out, item, depth + 1);
                }
                self.newline(out, depth);
                out.push('}');
            }
        }
    }
}

fn string(out: &mut String, text: &str) {
    out.push_str(&serde_json::to_string(text).expect("a string serializes"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_written_back_as_it_was() {
        for text in [
            "{\n  \"b\": \"2\",\n  \"a\": {\n    \"x\": \"é\"\n  }\n}\n",
            "{\n\t\"z\": [1, 2]\n}",
            "{\n    \"k\": \"v\",\n    \"n\": null,\n    \"e\": {}\n}\n",
            "{\"a\": \"1\", \"b\": {\"c\": true}}",
            "{\"a\":\"1\",\"b\":[1,2]}",
        ] {
            let json = Json::parse(text).unwrap();
            let written = Layout::of(text).write(&json);
            assert_eq!(Json::parse(&written).unwrap(), json);
            if !text.contains("[1, 2]") {
                assert_eq!(written, text);
            }
        }
        let xcode = "{\n  \"sourceLanguage\" : \"en\",\n  \"strings\" : {\n    \"a\" : {\n\n    }\n  },\n  \"version\" : \"1.0\"\n}";
        assert_eq!(Layout::of(xcode).write(&Json::parse(xcode).unwrap()), xcode);
    }
}
