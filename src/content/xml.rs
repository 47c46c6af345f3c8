//! XML formats — Android `strings.xml`, XLIFF 1.2 and 2.0, `.stringsdict` — read with
//! quick-xml's event reader, which gives the byte position of every tag: each
//! element's range and its content's range are kept, nothing is decoded but the few
//! names and attributes that make a key. A value is an element's content as written
//! (markup, entities and `CDATA` included), so a patch puts the server's content where
//! the local one sits.

use std::collections::HashMap;
use std::ops::Range;

use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

use super::doc::{
    Budget, Doc, Entry, Keys, Kind, ParseError, QUALIFIED, ROOT, line_end, line_start,
};

/// An element: its local name, depth, the attributes keys are made of, its range and
/// its content's.
struct Element {
    name: Box<str>,
    depth: usize,
    attributes: Vec<(Box<str>, Box<str>)>,
    range: Range<usize>,
    content: Range<usize>,
    empty: bool,
}

impl Element {
    fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(key, _)| &**key == name)
            .map(|(_, value)| &**value)
    }
}

/// The attributes any of the formats makes keys of.
const KEY_ATTRIBUTES: [&str; 4] = ["name", "id", "original", "product"];

/// Every element of `text`, in document order, checked to be well-formed.
fn elements(text: &str) -> Result<Vec<Element>, ParseError> {
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut budget = Budget::new();
    let mut elements: Vec<Element> = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    let error = |reader: &Reader<&[u8]>, err: &dyn std::fmt::Display| {
        ParseError::at(
            text,
            reader.error_position() as usize,
            format!("not well-formed XML: {err}"),
        )
    };
    loop {
        let before = reader.buffer_position() as usize;
        let event = reader.read_event().map_err(|err| error(&reader, &err))?;
        let after = reader.buffer_position() as usize;
        match event {
            Event::Start(tag) | Event::Empty(tag) => {
                let empty = after > 1 && text.as_bytes()[after - 2] == b'/';
                budget.entry(text, before)?;
                Budget::depth(text, before, open.len() + 1)?;
                let element = element(&tag, open.len(), before..after, empty)
                    .map_err(|err| error(&reader, &err))?;
                if !empty {
                    open.push(elements.len());
                }
                elements.push(element);
            }
            Event::End(_) => {
                let i = open.pop().ok_or_else(|| {
                    ParseError::at(text, before, "a closing tag that closes nothing")
                })?;
                elements[i].content = elements[i].content.start..before;
                elements[i].range.end = after;
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if let Some(&i) = open.last() {
        return Err(ParseError::at(
            text,
            elements[i].range.start,
            format!("`<{}>` is not closed", elements[i].name),
        ));
    }
    Ok(elements)
}

fn element(
    tag: &BytesStart,
    depth: usize,
    range: Range<usize>,
    empty: bool,
) -> Result<Element, String> {
    let name = tag.local_name().into_inner().into();
    let mut attributes = Vec::new();
    for attribute in tag.attributes() {
        let attribute = attribute.map_err(|err| err.to_string())?;
        let key = attribute.key.local_name().into_inner();
        if KEY_ATTRIBUTES.contains(&key) {
            let value = attribute
                .normalized_value(XmlVersion::Implicit1_0)
                .map_err(|err| err.to_string())?;
            attributes.push((key.into(), value.into()));
        }
    }
    Ok(Element {
        name,
        depth,
        attributes,
        content: range.end..range.end,
        range,
        empty,
    })
}

/// `range` widened to whole lines where nothing else shares them.
fn lines(text: &str, range: Range<usize>) -> Range<usize> {
    let first = line_start(text, range.start);
    let start = if text[first..range.start].trim().is_empty() {
        first
    } else {
        range.start
    };
    let last = line_end(text, range.end);
    let end = if text[range.end..last].trim().is_empty() {
        last
    } else {
        range.end
    };
    start..end
}

/// Where new entries go in `container` when no entry precedes them: after its opening
/// tag's line.
fn inside(text: &str, container: &Element) -> usize {
    let content = &container.content;
    let start = line_end(text, content.start).min(content.end);
    if text[content.start..start].trim().is_empty() {
        start
    } else {
        content.start
    }
}

fn doc<'t>(text: &'t str, entries: Vec<Entry>, container: Option<&Element>) -> Doc<'t> {
    let start = container.map_or(0, |container| inside(text, container));
    Doc {
        text,
        entries,
        start,
        blank_lines: false,
        tree: None,
    }
}

/// Android `res/values*/strings.xml`: every named child of `<resources>` is an entry
/// (`<string>`, `<plurals>`, `<string-array>`, and the rest), keyed by its name and
/// `product`.
pub(super) fn android<'t>(text: &'t str, keys: &mut Keys) -> Result<Doc<'t>, ParseError> {
    let elements = elements(text)?;
    let root = elements
        .first()
        .filter(|root| &*root.name == "resources")
        .ok_or_else(|| ParseError::at(text, 0, "the file has no `<resources>` element"))?;
    let mut lengths = HashMap::new();
    let mut entries = Vec::new();
    for element in elements.iter().filter(|element| element.depth == 1) {
        let Some(name) = element.attribute("name") else {
            continue;
        };
        let key = match element.attribute("product") {
            Some(product) => format!("{product}{QUALIFIED}{name}"),
            None => name.to_owned(),
        };
        let key = Budget::key(keys, &mut lengths, text, element.range.start, ROOT, &key)?;
        let (kind, value) = match &*element.name {
            _ if element.empty => (Kind::Other, element.range.clone()),
            "string" => (Kind::Text, element.content.clone()),
            "plurals" => (Kind::Plural, element.content.clone()),
            _ => (Kind::Other, element.content.clone()),
        };
        entries.push(Entry {
            key,
            kind,
            value,
            whole: lines(text, element.range.clone()),
        });
    }
    Ok(doc(text, entries, Some(root)))
}

/// XLIFF 1.2 (`<trans-unit>`) and 2.0 (`<unit>`): each unit is an entry keyed by its
/// file and id; its value is its first `<target>`'s content. A unit without a target
/// is a value of another shape, so a target the server adds brings its whole unit.
pub(super) fn xliff<'t>(text: &'t str, keys: &mut Keys) -> Result<Doc<'t>, ParseError> {
    let elements = elements(text)?;
    if elements.first().is_none_or(|root| &*root.name != "xliff") {
        return Err(ParseError::at(text, 0, "the file has no `<xliff>` element"));
    }
    let mut lengths = HashMap::new();
    let mut entries = Vec::new();
    let mut file = "";
    let mut container = None;
    for (i, element) in elements.iter().enumerate() {
        match &*element.name {
            "file" => {
                file = element
                    .attribute("original")
                    .or(element.attribute("id"))
                    .unwrap_or("");
                container.get_or_insert(i);
            }
            "body" => container = Some(i),
            "trans-unit" | "unit" => {
                let id = element.attribute("id").ok_or_else(|| {
                    ParseError::at(text, element.range.start, "a unit without an `id`")
                })?;
                let key = Budget::key(
                    keys,
                    &mut lengths,
                    text,
                    element.range.start,
                    ROOT,
                    &format!("{file}{QUALIFIED}{id}"),
                )?;
                let target = elements[i + 1..]
                    .iter()
                    .take_while(|inner| inner.range.start < element.range.end)
                    .find(|inner| &*inner.name == "target" && !inner.empty);
                let (kind, value) = match target {
                    Some(target) => (Kind::Text, target.content.clone()),
                    None => (Kind::Other, element.range.clone()),
                };
                entries.push(Entry {
                    key,
                    kind,
                    value,
                    whole: lines(text, element.range.clone()),
                });
            }
            _ => {}
        }
    }
    Ok(doc(text, entries, container.map(|i| &elements[i])))
}

/// `.stringsdict`: a property list whose top dictionary maps each key to a dictionary
/// of plural rules; each pair is an entry whose value is the rules' content.
pub(super) fn stringsdict<'t>(text: &'t str, keys: &mut Keys) -> Result<Doc<'t>, ParseError> {
    let elements = elements(text)?;
    let top = elements
        .iter()
        .find(|element| element.depth == 1 && &*element.name == "dict")
        .filter(|_| elements.first().is_some_and(|root| &*root.name == "plist"))
        .ok_or_else(|| {
            ParseError::at(text, 0, "the file is not a property list with a dictionary")
        })?;
    let children: Vec<&Element> = elements
        .iter()
        .filter(|element| element.depth == 2)
        .collect();
    let mut lengths = HashMap::new();
    let mut entries = Vec::new();
    for pair in children.chunks(2) {
        let [key, value] = pair else {
            return Err(ParseError::at(
                text,
                pair[0].range.start,
                "a `<key>` without a value",
            ));
        };
        if &*key.name != "key" {
            return Err(ParseError::at(text, key.range.start, "expected a `<key>`"));
        }
        let name = quick_xml::escape::unescape(&text[key.content.clone()]).map_err(|err| {
            ParseError::at(
                text,
                key.range.start,
                format!("a key nt3 cannot read: {err}"),
            )
        })?;
        let id = Budget::key(keys, &mut lengths, text, key.range.start, ROOT, &name)?;
        let (kind, range) = match &*value.name {
            "dict" if !value.empty => (Kind::Plural, value.content.clone()),
            "string" if !value.empty => (Kind::Text, value.content.clone()),
            _ => (Kind::Other, value.range.clone()),
        };
        entries.push(Entry {
            key: id,
            kind,
            value: range,
            whole: lines(text, key.range.start..value.range.end),
        });
    }
    Ok(doc(text, entries, Some(top)))
}
