//! Translation content: uploading a file (import), downloading one (export), and
//! overwriting translations by key.

use super::{decode, envelope_message, resource, unwrap_envelope, v1};
use crate::error::{Error, Kind};
use crate::http::{Body, Client, Core, MAX_RESPONSE};
use crate::types::format::Format;
use crate::types::names::Id;
use crate::types::text::Untrusted;
use std::io;
use std::sync::Arc;

use reqwest::Method;
use reqwest::header::HeaderMap;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use url::Url;

/// Larger exports are refused: nt3 stops reading the answer there.
pub const MAX_EXPORT: u64 = 64 * 1024 * 1024;

/// One file to upload: what it is, and (apart) its content.
#[derive(Debug, Serialize)]
pub struct Import<'a> {
    pub language: &'a str,
    pub format: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace: Option<&'a str>,
    pub overwrite: bool,
}

/// What an import sends as `content`.
pub enum Content {
    /// Text already in memory (a decoded UTF-16 file, one language of a catalog).
    Text(String),
    /// A UTF-8 file (a byte-order mark is dropped), streamed into the request: `open`
    /// opens it afresh for each attempt, so a large file is never held whole. `escaped`
    /// is its length once escaped ([`escaped_len`] over its bytes, without the mark), so
    /// the request says its `Content-Length` instead of going chunked, which some
    /// proxies and servers refuse.
    File {
        open: Arc<dyn Fn() -> io::Result<std::fs::File> + Send + Sync>,
        escaped: u64,
    },
}

/// How many bytes `bytes` (UTF-8) take inside a JSON string, as [`escape_json`] writes
/// them: `"` and `\` and the short control escapes two, other control characters six.
pub fn escaped_len(bytes: &[u8]) -> u64 {
    bytes
        .iter()
        .map(|&b| match b {
            b'"' | b'\\' | 0x08 | 0x09 | 0x0A | 0x0C | 0x0D => 2,
            0x00..=0x1F => 6,
            _ => 1,
        })
        .sum()
}

/// Uploads one file's content. A success whose envelope says `"success": false` is an
/// error too.
pub async fn import(
    core: &Core,
    project_id: &Id,
    import: &Import<'_>,
    content: Content,
) -> Result<(), Error> {
    let url = v1(core, &["projects", project_id.as_str(), "import"]);
    // `{…, "content": "<the file, escaped>"}`: the file goes between the two parts.
    let mut head = serde_json::to_vec(import).expect("an import serializes");
    head.pop();
    head.extend_from_slice(b",\"content\":");
    let body = match content {
        Content::Text(text) => {
            head.extend_from_slice(
                serde_json::to_string(&text)
                    .expect("a string serializes")
                    .as_bytes(),
            );
            head.push(b'}');
            Body::bytes(head, "application/json")
        }
        Content::File { open, escaped } => {
            head.push(b'"');
            let head = bytes::Bytes::from(head);
            let tail = bytes::Bytes::from_static(b"\"}");
            let length = head.len() as u64 + escaped + tail.len() as u64;
            Body::stream(
                move || {
                    reqwest::Body::wrap(EscapedFile {
                        head: Some(head.clone()),
                        file: Some(open()),
                        carry: Vec::new(),
                        started: false,
                        tail: Some(tail.clone()),
                        length,
                    })
                },
                "application/json",
            )
        }
    };
    let response = core
        .send(
            Method::POST,
            &url,
            Some(&body),
            &HeaderMap::new(),
            MAX_RESPONSE,
        )
        .await?;
    if !response.status.is_success() {
        return Err(core.status_error(&Method::POST, &url, &response));
    }
    match crate::http::parse_json(&Method::POST, &url, &response) {
        Ok(answer) => unwrap_envelope(answer).map(drop),
        // An empty or non-JSON success says nothing more.
        Err(_) => Ok(()),
    }
}

/// A request body: `head`, then a UTF-8 file escaped as the inside of a JSON string as
/// it is read, a chunk at a time, then `tail`.
struct EscapedFile {
    head: Option<bytes::Bytes>,
    file: Option<io::Result<std::fs::File>>,
    /// The start of a character cut at the end of the last chunk.
    carry: Vec<u8>,
    /// Whether the first chunk (which may start with a byte-order mark) was read.
    started: bool,
    tail: Option<bytes::Bytes>,
    /// The whole body's length, known before it is read.
    length: u64,
}

impl http_body::Body for EscapedFile {
    type Data = bytes::Bytes;
    type Error = io::Error;

    /// Exact before the first frame: the request carries `Content-Length`. A file that
    /// changed since it was measured then fails its upload rather than send a torn body.
    fn size_hint(&self) -> http_body::SizeHint {
        match self.head {
            Some(_) => http_body::SizeHint::with_exact(self.length),
            None => http_body::SizeHint::default(),
        }
    }

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<bytes::Bytes>, io::Error>>> {
        use std::io::Read;
        use std::task::Poll::Ready;
        let data = |bytes: bytes::Bytes| Ready(Some(Ok(http_body::Frame::data(bytes))));
        let this = &mut *self;
        if let Some(head) = this.head.take() {
            return data(head);
        }
        if let Some(file) = this.file.as_mut() {
            let file = match file {
                Ok(file) => file,
                Err(err) => return Ready(Some(Err(io::Error::new(err.kind(), err.to_string())))),
            };
            // A local read of 64 KiB is quick enough to do in place.
            let mut chunk = std::mem::take(&mut this.carry);
            let start = chunk.len();
            chunk.resize(start + 64 * 1024, 0);
            let n = match file.read(&mut chunk[start..]) {
                Ok(n) => n,
                Err(err) => return Ready(Some(Err(err))),
            };
            chunk.truncate(start + n);
            if n > 0 {
                if !this.started {
                    this.started = true;
                    if chunk.starts_with(&[0xEF, 0xBB, 0xBF]) {
                        chunk.drain(..3);
                    }
                }
                let valid = match std::str::from_utf8(&chunk) {
                    Ok(_) => chunk.len(),
                    Err(err) if err.error_len().is_none() => err.valid_up_to(),
                    Err(_) => return Ready(Some(Err(not_utf8()))),
                };
                this.carry = chunk.split_off(valid);
                let text = std::str::from_utf8(&chunk).expect("checked just above");
                return data(escape_json(text).into());
            }
            if !chunk.is_empty() {
                return Ready(Some(Err(not_utf8())));
            }
            this.file = None;
        }
        match this.tail.take() {
            Some(tail) => data(tail),
            None => Ready(None),
        }
    }
}

fn not_utf8() -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, "the file is not valid UTF-8")
}

/// The inside of a JSON string holding `text`.
fn escape_json(text: &str) -> String {
    let quoted = serde_json::to_string(text).expect("a string serializes");
    quoted[1..quoted.len() - 1].to_owned()
}

/// An export in `json-flat` (possibly in the envelope) as its `key → value` strings.
pub fn flat_strings(body: &[u8]) -> Result<std::collections::BTreeMap<String, String>, String> {
    let value: Value = serde_json::from_slice(body).map_err(|err| err.to_string())?;
    let value = match value {
        Value::Object(ref map) if map.get("success").is_some() => {
            unwrap_envelope(value).map_err(|err| err.to_string())?
        }
        value => value,
    };
    let value = match value {
        Value::String(text) => serde_json::from_str(&text).map_err(|err| err.to_string())?,
        value => value,
    };
    serde_json::from_value(value).map_err(|err| err.to_string())
}

/// The answer to an export request.
pub enum Export {
    /// `304 Not Modified`: the file as last pulled is still current.
    NotModified,
    /// `404 Not Found`: the server has nothing for this language and namespace yet (the
    /// project itself was found before any export is asked for).
    Missing,
    /// The file's content, unread (the caller streams it, at most [`MAX_EXPORT`] bytes,
    /// and checks it with [`export_content`]), with what the server said about it.
    Body {
        stream: Box<reqwest::Response>,
        url: Url,
        /// The content type says JSON.
        json: bool,
        etag: Option<String>,
        last_modified: Option<String>,
    },
}

/// Starts downloading one file's content. `conditions` may carry `If-None-Match` and
/// `If-Modified-Since`, which a server that supports them answers with `304`.
pub async fn export(
    core: &Core,
    project_id: &Id,
    language: &str,
    format: Format,
    namespace: Option<&str>,
    conditions: &HeaderMap,
) -> Result<Export, Error> {
    let mut url = v1(core, &["projects", project_id.as_str(), "export", language]);
    url.query_pairs_mut().append_pair("format", format.as_str());
    if let Some(namespace) = namespace {
        url.query_pairs_mut().append_pair("namespace", namespace);
    }
    let response = core.send_streamed(&url, conditions).await?;
    if response.status == reqwest::StatusCode::NOT_MODIFIED {
        return Ok(Export::NotModified);
    }
    if response.status == reqwest::StatusCode::NOT_FOUND {
        return Ok(Export::Missing);
    }
    let Some(stream) = response.stream else {
        return Err(core.status_error(&Method::GET, &url, &response));
    };
    let header = |name| {
        stream
            .headers()
            .get(name)
            .and_then(|value| value.to_str().ok())
            .map(String::from)
    };
    let json = header(reqwest::header::CONTENT_TYPE).is_some_and(|value| value.contains("json"));
    let etag = header(reqwest::header::ETAG);
    let last_modified = header(reqwest::header::LAST_MODIFIED);
    Ok(Export::Body {
        stream: Box::new(stream),
        url,
        json,
        etag,
        last_modified,
    })
}

/// What an export answer holds. The export is the file itself; a server that wraps it in
/// the envelope (`{"success": true, "data": "<file>"}`, or `data.content`) is unwrapped;
/// JSON where a file of a non-JSON format belongs, or an envelope without content, is an
/// error, so the file on disk is left as it was.
pub enum ExportContent {
    /// The body is the file.
    File,
    /// The body was an envelope; this is the file.
    Unwrapped(String),
}

/// Checks an export's body (`json_body`: the content type said JSON), from its start
/// whatever the position. Memory stays flat: a body that opens a JSON object is scanned as a stream for
/// a top-level `success`, every other value skipped; only a real envelope is read whole.
pub fn export_content(
    format: Format,
    json_body: bool,
    mut body: impl std::io::Read + std::io::Seek,
) -> Result<ExportContent, Error> {
    #[derive(Deserialize)]
    struct Probe {
        #[serde(default)]
        success: Option<bool>,
    }
    let failed = |err: std::io::Error| {
        Error::new(Kind::Failure, format!("cannot read the export back: {err}"))
    };
    let mut head = [0u8; 64];
    body.rewind().map_err(failed)?;
    let n = body.read(&mut head).map_err(failed)?;
    let opens_object = head[..n]
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|b| *b == b'{');
    if !opens_object {
        return Ok(ExportContent::File);
    }
    body.rewind().map_err(failed)?;
    // Not JSON, or not one with a boolean `success`: a file like any other.
    let Ok(probe) = serde_json::from_reader::<_, Probe>(std::io::BufReader::new(&mut body)) else {
        return Ok(ExportContent::File);
    };
    let Some(success) = probe.success else {
        let json_format = matches!(format, Format::JsonFlat | Format::JsonNested | Format::Arb);
        if json_body && !json_format {
            return Err(Error::new(
                Kind::Failure,
                format!("the server answered JSON where the `{format}` file was expected"),
            ));
        }
        return Ok(ExportContent::File);
    };
    body.rewind().map_err(failed)?;
    let mut bytes = Vec::new();
    body.read_to_end(&mut bytes).map_err(failed)?;
    let Ok(Value::Object(object)) = serde_json::from_slice::<Value>(&bytes) else {
        return Ok(ExportContent::File);
    };
    if !success {
        return Err(Error::new(
            Kind::Failure,
            format!(
                "the server answered the export with an error: {}",
                envelope_message(&object).unwrap_or("(no message)")
            ),
        ));
    }
    let content = match object.get("data") {
        Some(Value::String(content)) => Some(content),
        Some(Value::Object(data)) => match data.get("content") {
            Some(Value::String(content)) => Some(content),
            _ => None,
        },
        _ => None,
    };
    match content {
        Some(content) => Ok(ExportContent::Unwrapped(content.clone())),
        None => Err(Error::new(
            Kind::Failure,
            "the export answer is an envelope without the file's content",
        )),
    }
}

/// Overwriting translations by key, under the project. †
pub const OVERWRITE: [&str; 2] = ["translations", "overwrite"];

/// One translation to overwrite.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Overwrite {
    pub key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    pub language: String,
    pub value: String,
}

/// A key the server did not find (it is never created).
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct NotFound {
    pub key: Untrusted,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<Untrusted>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<Untrusted>,
}

#[derive(Debug, Default, Deserialize)]
pub struct Overwritten {
    #[serde(default)]
    pub overwritten: u64,
    #[serde(default, rename = "notFound")]
    pub not_found: Vec<NotFound>,
}

pub fn overwrite(
    client: &Client,
    project_id: &Id,
    items: &[Overwrite],
) -> Result<Overwritten, Error> {
    let body = serde_json::json!({ "items": items });
    let [first, second] = OVERWRITE;
    let url = v1(client, &["projects", project_id.as_str(), first, second]);
    let answer = client.request_json(Method::POST, &url, Some(&body))?;
    decode(resource(answer)?, "the overwrite result")
}

#[cfg(test)]
mod tests {
    /// The length said ahead is the length sent, for every character class.
    #[test]
    fn escaped_len_is_the_escaped_length() {
        let every_control: String = (0u8..0x20).map(char::from).collect();
        for text in [
            "",
            "plain",
            "\"q\" \\ x",
            "é ü 😀 \u{7f}",
            &every_control,
            "a\u{2028}b",
        ] {
            assert_eq!(
                escaped_len(text.as_bytes()),
                escape_json(text).len() as u64,
                "{text:?}"
            );
        }
    }

    use super::*;

    #[test]
    fn exports_are_files_unless_enveloped() {
        let file = br#"{"success": "Erfolg", "data": "Daten"}"#;
        assert!(matches!(
            export_content(Format::JsonFlat, true, std::io::Cursor::new(file)),
            Ok(ExportContent::File)
        ));
        let wrapped = br#"{"success": true, "data": "msgid \"a\"\nmsgstr \"b\"\n"}"#;
        match export_content(Format::Po, true, std::io::Cursor::new(wrapped)) {
            Ok(ExportContent::Unwrapped(content)) => assert!(content.starts_with("msgid")),
            _ => panic!("not unwrapped"),
        }
        let nested = br#"{"success": true, "data": {"content": "<resources/>", "language": "fr"}}"#;
        assert!(matches!(
            export_content(Format::AndroidXml, true, std::io::Cursor::new(nested)),
            Ok(ExportContent::Unwrapped(content)) if content == "<resources/>"
        ));
        let check = |body: &[u8]| export_content(Format::Po, true, std::io::Cursor::new(body));
        assert!(check(br#"{"unexpected": 1}"#).is_err());
        assert!(check(br#"{"success": true, "data": 5}"#).is_err());
        assert!(matches!(
            export_content(Format::Po, false, std::io::Cursor::new(b"msgid \"\"\n")),
            Ok(ExportContent::File)
        ));
    }
}
