//! The Entri API as nt3 uses it: every endpoint path and every shape nt3 reads, in this
//! folder — one file per resource — with the envelope decoding they share here.
//!
//! | Use | Request |
//! | --- | --- |
//! | check a token (`login`, `status --check`) | `GET /api/v1/projects?limit=1` |
//! | sign in (`login --email`) | `POST /api/auth/sign-in/email` `{"email", "password"}` → session cookie |
//! | sign out (`login --email`) | `POST /api/auth/sign-out` (with the cookie) |
//! | browser sign-in (`login --web`) | `POST /api/auth/device/code`, then `POST /api/auth/device/token` until approved (RFC 8628) |
//! | mint a key where the server has no token routes (`login --email`) | `POST /api/auth/api-key/create` `{"name", "expiresIn"?}` (with the cookie) |
//! | who the token belongs to (`whoami`) | `GET /api/user/me` |
//! | its organizations (`whoami`, `tokens`) | `GET /api/user/organizations` |
//! | list projects (`nt3 projects`, `init`) | `GET /api/v1/projects?page=N&limit=200` |
//! | list tokens | `GET /api/v1/organizations/:orgId/tokens?page=N&limit=200` |
//! | create a token | `POST /api/v1/organizations/:orgId/tokens` `{"name", "expiresAt"?, "scopes"?}` |
//! | revoke a token | `DELETE /api/v1/organizations/:orgId/tokens/:tokenId` |
//! | read a project (push, pull) | `GET /api/v1/projects/:id` |
//! | add a language (push) | `POST /api/v1/projects/:id/languages` `{"language"}` |
//! | upload a file (push) | `POST /api/v1/projects/:id/import` `{"language", "format", "content", "namespace"?, "overwrite"}` |
//! | download a file (pull) | `GET /api/v1/projects/:id/export/:language?format=<f>[&namespace=<n>]` |
//! | AI status (translate) | `GET /api/v1/projects/:id/ai/status` |
//! | start AI translation | `POST /api/v1/projects/:id/ai/translate/batch/start` `{"targetLanguage", "provider"?, "model"?}` † |
//! | follow it | `GET /api/v1/projects/:id/ai/translate/batch/stream/:jobId` (Server-Sent Events †) |
//! | cancel it | `POST /api/v1/projects/:id/ai/translate/batch/cancel/:jobId` |
//! | overwrite translations | `POST /api/v1/projects/:id/translations/overwrite` `{"items": [{"key", "namespace"?, "language", "value"}]}` † |
//!
//! † The public docs name these endpoints but not these details: the start body and its
//! answer (`jobId`), the stream's events, and the overwrite path and body. What nt3
//! assumes is written here once ([`ai::TranslateEvent`], [`translations::OVERWRITE`]), so matching the
//! real server is a one-line change.
//!
//! With `--project`, the token endpoints are `/api/v1/projects/:projectId/tokens…`.
//!
//! Answers are decoded into the types below, leniently where the documented API varies:
//! an object's id is `_id` or `id`; a collection is a bare array or
//! `{"data": [...], "meta": {"totalPages"}}`; a single resource may come as itself or as
//! `{"data": {...}}`; and any answer may be wrapped in the envelope
//! `{"success", "status", "code", "message", "data"}` (with `"success": false` an error).
//! Raw JSON is kept only by `nt3 api`. `tests/fixtures/api/` holds the documented examples
//! the tests serve.
//!
//! It sends what it is given with the client it is given; it never chooses a token or a
//! URL, and never prints.

use crate::error::{Error, Kind};
use crate::http::Client;
use reqwest::Method;
use reqwest::header::HeaderMap;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

pub mod account;
pub mod ai;
pub mod projects;
pub mod session;
pub mod tokens;
pub mod translations;

pub const PROJECTS: &str = "projects";

/// An object's id: `_id` (the documented form) or `id`.
#[derive(Debug, Clone, Default, Deserialize)]
struct Id {
    #[serde(default, rename = "_id")]
    underscore: Option<String>,
    #[serde(default)]
    id: Option<String>,
}

impl Id {
    fn get(&self) -> &str {
        self.underscore
            .as_deref()
            .or(self.id.as_deref())
            .unwrap_or_default()
    }
}

/// Another object named by an id, or embedded with one (`organization`).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Reference {
    Id(String),
    Object {
        #[serde(flatten)]
        id: IdOnly,
    },
}

#[derive(Debug, Clone, Deserialize)]
pub struct IdOnly {
    #[serde(default, rename = "_id")]
    underscore: Option<String>,
    #[serde(default)]
    id: Option<String>,
}

impl Reference {
    pub fn id(&self) -> Option<&str> {
        match self {
            Self::Id(id) => Some(id),
            Self::Object { id } => id.underscore.as_deref().or(id.id.as_deref()),
        }
    }
}

/// The most pages of a collection nt3 follows (200 items each).
pub const MAX_PAGES: u64 = 1000;

/// Walking a paginated collection without trusting the server's page count: at most
/// [`MAX_PAGES`] pages, and an empty page before the last one ends the walk with an
/// error (no progress), so `totalPages: 10^18` ends at once rather than never.
pub struct Pages {
    /// The page to ask for next (1-based).
    pub next: u64,
}

impl Default for Pages {
    fn default() -> Self {
        Self { next: 1 }
    }
}

impl Pages {
    /// Takes in the page just read: whether there is another to read.
    pub fn advance(&mut self, what: &str, items: usize, total: u64) -> Result<bool, Error> {
        let page = self.next;
        if page >= total {
            return Ok(false);
        }
        if total > MAX_PAGES {
            return Err(Error::new(
                Kind::Failure,
                format!("the server says {what} has {total} pages; nt3 reads at most {MAX_PAGES}"),
            ));
        }
        if items == 0 {
            return Err(Error::new(
                Kind::Failure,
                format!(
                    "page {page} of {total} of {what} is empty; the server's page count is wrong"
                ),
            ));
        }
        self.next += 1;
        Ok(true)
    }
}

/// The items and page count of a collection document as it came, envelope and all
/// (`nt3 api --paginate`).
pub fn raw_page(document: &Value) -> Option<(&Vec<Value>, u64)> {
    let data = document.get("data")?.as_array()?;
    let pages = document
        .pointer("/meta/totalPages")
        .and_then(Value::as_u64)
        .unwrap_or(1);
    Some((data, pages))
}

/// Every item of a collection, page by page (bounded as [`Pages`] says).
fn all<T: DeserializeOwned>(client: &Client, path: &str, what: &str) -> Result<Vec<T>, Error> {
    let mut items = Vec::new();
    let mut pages = Pages::default();
    loop {
        let separator = if path.contains('?') { '&' } else { '?' };
        let document =
            client.get_json(&format!("{path}{separator}page={}&limit=200", pages.next))?;
        let (page, total) = collection(document, what)?;
        let count = page.len();
        for item in page {
            items.push(decode(item, what)?);
        }
        if !pages.advance(path, count, total)? {
            return Ok(items);
        }
    }
}

/// The items and page count of a collection: a bare array, or `{"data": [...], "meta"}`,
/// either possibly inside the envelope.
fn collection(document: Value, what: &str) -> Result<(Vec<Value>, u64), Error> {
    match unwrap_envelope(document)? {
        Value::Array(items) => Ok((items, 1)),
        Value::Object(mut object) => {
            let pages = object
                .get("meta")
                .and_then(|meta| meta.get("totalPages"))
                .and_then(Value::as_u64)
                .unwrap_or(1);
            match object.remove("data") {
                Some(Value::Array(items)) => Ok((items, pages)),
                _ => Err(not_understood(what)),
            }
        }
        _ => Err(not_understood(what)),
    }
}

/// A single resource: itself, or inside `{"data": {...}}` or the envelope.
fn resource(document: Value) -> Result<Value, Error> {
    match unwrap_envelope(document)? {
        Value::Object(mut object) if object.get("data").is_some_and(Value::is_object) => {
            Ok(object.remove("data").expect("checked"))
        }
        other => Ok(other),
    }
}

/// The `data` of `{"success": true, …, "data"}`; `"success": false` is an error carrying
/// the envelope's `message`. Anything else is returned as it is.
fn unwrap_envelope(document: Value) -> Result<Value, Error> {
    let Value::Object(mut object) = document else {
        return Ok(document);
    };
    match object.get("success").and_then(Value::as_bool) {
        Some(true) => Ok(object.remove("data").unwrap_or(Value::Null)),
        Some(false) => Err(Error::new(
            Kind::Failure,
            format!(
                "the server reported a failure: {}",
                envelope_message(&object).unwrap_or("(no message)")
            ),
        )),
        None => Ok(Value::Object(object)),
    }
}

fn envelope_message(object: &Map<String, Value>) -> Option<&str> {
    object.get("message").and_then(Value::as_str)
}

fn decode<T: DeserializeOwned>(value: Value, what: &str) -> Result<T, Error> {
    serde_json::from_value(value).map_err(|err| {
        Error::new(
            Kind::Failure,
            format!("the server's answer for {what} is not what nt3 expects: {err}"),
        )
    })
}

fn not_understood(what: &str) -> Error {
    Error::new(
        Kind::Failure,
        format!("the server's answer for {what} is not a list"),
    )
}

/// `GET path`, or `None` when the server has no such endpoint (404).
fn optional(client: &Client, path: &str) -> Result<Option<Value>, Error> {
    let url = client.url(path)?;
    let response = client.send_blocking(Method::GET, &url, None, &HeaderMap::new())?;
    if response.status == reqwest::StatusCode::NOT_FOUND {
        return Ok(None);
    }
    if !response.status.is_success() {
        return Err(client.status_error(&Method::GET, &url, &response));
    }
    crate::http::parse_json(&Method::GET, &url, &response).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn fixture(name: &str) -> Value {
        let path = format!("{}/tests/fixtures/api/{name}", env!("CARGO_MANIFEST_DIR"));
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    }

    #[test]
    fn collections_come_bare_paged_or_enveloped() {
        let bare = collection(serde_json::json!([{"_id": "a"}]), "x").unwrap();
        assert_eq!((bare.0.len(), bare.1), (1, 1));
        let paged = collection(fixture("projects.json"), "x").unwrap();
        assert_eq!((paged.0.len(), paged.1), (1, 1));
        let wrapped = collection(
            serde_json::json!({"success": true, "status": 200, "code": "OK", "message": "", "data": {"data": [{"id": "b"}], "meta": {"totalPages": 3}}}),
            "x",
        )
        .unwrap();
        assert_eq!((wrapped.0.len(), wrapped.1), (1, 3));
        let failed = collection(
            serde_json::json!({"success": false, "status": 403, "code": "FORBIDDEN", "message": "no access"}),
            "x",
        )
        .unwrap_err();
        assert_eq!(
            failed.to_string(),
            "the server reported a failure: no access"
        );
    }
}
