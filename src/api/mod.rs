//! The Entri API as nt3 uses it: every endpoint path and every shape nt3 reads, in this
//! folder — one file per resource — with the envelope decoding they share here.
//!
//! | Use | Request |
//! | --- | --- |
//! | check a token (`login`, `status --check`) | `GET /api/v1/projects?limit=1` |
//! | which token this is (`tokens rotate`, `status --check`, `tokens list`) | `GET /api/v1/tokens/current` † |
//! | sign in (`login --email`) | `POST /api/auth/sign-in/email` `{"email", "password"}` → session cookie |
//! | sign out (`login --email`) | `POST /api/auth/sign-out` (with the cookie) |
//! | browser sign-in (`login --web`) | `POST /api/auth/device/code`, then `POST /api/auth/device/token` until approved (RFC 8628) |
//! | mint a key where the server has no token routes (`login --email`) | `POST /api/auth/api-key/create` `{"name", "expiresIn"?}` (with the cookie) |
//! | revoke a key minted so (`login --email`, on failure) | `POST /api/auth/api-key/delete` `{"keyId"}` (with the cookie) |
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
//! answer (`jobId`), the stream's events, the overwrite path and body, and the route
//! that says which token is making the request (BetterAuth verifies the key and answers
//! with its id). What nt3 assumes is written here once ([`ai::TranslateEvent`],
//! [`translations::OVERWRITE`], [`tokens::CURRENT`]), so matching the real server is a
//! one-line change.
//!
//! With `--project`, the token endpoints are `/api/v1/projects/:projectId/tokens…`.
//!
//! Answers are decoded into the types below, leniently where the documented API varies:
//! an object's id is `_id` or `id` (both may come; `_id` wins); a collection is a bare
//! array or `{"data": [...], "meta": {"totalPages"}}`; a single resource may come as
//! itself or as `{"data": {...}}`; and any answer may be wrapped in the envelope
//! `{"success", "status", "code", "message", "data"}` (with `"success": false` an error).
//! Ids are [`Id`]s, checked as they are decoded, and every URL is built from encoded
//! segments ([`crate::http::Core::endpoint`]). Text a server sends is [`Untrusted`].
//! Raw JSON is kept only by `nt3 api`. `tests/fixtures/api/` holds the documented examples
//! the tests serve.
//!
//! It sends what it is given with the client it is given; it never chooses a token or a
//! URL, and never prints.

use std::fmt;
use std::marker::PhantomData;

use reqwest::Method;
use reqwest::header::HeaderMap;
use serde::de::{self, DeserializeOwned, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value};
use url::Url;

use crate::error::{Error, Kind};
use crate::http::Client;
use crate::types::names::Id;

pub mod account;
pub mod ai;
pub mod projects;
pub mod session;
pub mod tokens;
pub mod translations;

/// The endpoints under `/api/v1/`, as path segments: `v1(&["projects", id])`.
fn v1(client: &crate::http::Core, segments: &[&str]) -> Url {
    let mut all = vec!["api", "v1"];
    all.extend_from_slice(segments);
    client.endpoint(&all)
}

/// An object's id: `_id` (the documented form) or `id`, each checked as an [`Id`] when
/// decoded. An answer may carry both; `_id` wins.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct IdFields {
    #[serde(default, rename = "_id")]
    underscore: Option<Id>,
    #[serde(default)]
    id: Option<Id>,
}

impl IdFields {
    fn get(&self) -> Option<&Id> {
        self.underscore.as_ref().or(self.id.as_ref())
    }
}

/// Another object named by an id, or embedded with one (`organization`).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Reference {
    Id(Id),
    Object {
        #[serde(flatten)]
        id: IdFields,
    },
}

impl Reference {
    pub fn id(&self) -> Option<&Id> {
        match self {
            Self::Id(id) => Some(id),
            Self::Object { id } => id.get(),
        }
    }
}

/// The most pages of a collection nt3 follows (200 items each).
pub const MAX_PAGES: u64 = 1000;
/// The most bytes of a collection nt3 reads, across all its pages.
pub const MAX_LISTING: u64 = 64 * 1024 * 1024;
/// The most items of a collection nt3 takes, across all its pages: each becomes a row
/// or a `--json` object that costs far more than its text (`{}` costs 2 bytes of text
/// and hundreds of bytes as an object), so the byte and value limits alone would not
/// keep memory in tens of MiB.
pub const MAX_ITEMS: u64 = 20_000;
/// The most JSON values nt3 decodes from one answer, or from all the pages of a
/// collection ([`crate::http::MAX_VALUES`]).
pub use crate::http::MAX_VALUES;

/// Walking a paginated collection without trusting the server's page count: at most
/// [`MAX_PAGES`] pages, [`MAX_LISTING`] bytes, [`MAX_VALUES`] JSON values and
/// [`MAX_ITEMS`] items in all, and an empty page before the last one ends the walk with
/// an error (no progress), so `totalPages: 10^18` ends at once rather than never.
pub struct Pages {
    /// The page to ask for next (1-based).
    pub next: u64,
    /// The bytes read so far.
    read: u64,
    /// The JSON values decoded so far.
    values: u64,
    /// The items taken so far.
    items: u64,
}

impl Default for Pages {
    fn default() -> Self {
        Self {
            next: 1,
            read: 0,
            values: 0,
            items: 0,
        }
    }
}

impl Pages {
    /// Takes in the answer for the next page of the listing `what`, before it is
    /// decoded: an error past [`MAX_LISTING`] bytes or [`MAX_VALUES`] values in all, or
    /// when it is not JSON.
    pub fn take(
        &mut self,
        url: &Url,
        response: &crate::http::Response,
        what: &str,
    ) -> Result<(), Error> {
        self.count(what, response.body.len())?;
        let values = crate::http::census(&Method::GET, url, response)?;
        self.count_values(what, values)
    }

    /// Counts `bytes` more of the listing `what`: an error past [`MAX_LISTING`].
    fn count(&mut self, what: &str, bytes: usize) -> Result<(), Error> {
        self.read = self.read.saturating_add(bytes as u64);
        if self.read > MAX_LISTING {
            return Err(Error::new(
                Kind::Failure,
                format!(
                    "the server's list of {what} is larger than {} in all; nt3 stopped reading it",
                    crate::fs::read::size(MAX_LISTING)
                ),
            ));
        }
        Ok(())
    }

    /// Counts `values` more JSON values of the listing `what`: an error past
    /// [`MAX_VALUES`].
    fn count_values(&mut self, what: &str, values: u64) -> Result<(), Error> {
        self.values += values;
        if self.values > MAX_VALUES {
            return Err(Error::new(
                Kind::Failure,
                format!(
                    "the server's list of {what} holds more than {MAX_VALUES} JSON values in all; nt3 stopped reading it"
                ),
            ));
        }
        Ok(())
    }

    /// Takes in the page just read: whether there is another to read.
    pub fn advance(&mut self, what: &str, items: u64, total: u64) -> Result<bool, Error> {
        self.items += items;
        if self.items > MAX_ITEMS {
            return Err(too_many_items(what));
        }
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

/// Every item of the collection at `url`, page by page (bounded as [`Pages`] says), each
/// page decoded straight from its bytes.
fn all<T: DeserializeOwned>(client: &Client, url: Url, what: &str) -> Result<Vec<T>, Error> {
    let mut items = Vec::new();
    let mut pages = Pages::default();
    loop {
        let mut page_url = url.clone();
        page_url
            .query_pairs_mut()
            .append_pair("page", &pages.next.to_string())
            .append_pair("limit", "200");
        let response = client.get(&page_url)?;
        pages.take(&page_url, &response, what)?;
        let page: Page<T> = decode_bytes(&response.body, what)?;
        if let Some(message) = page.failure {
            return Err(failure_reported(&message));
        }
        let held = page.held;
        items.extend(page.items);
        if !pages.advance(what, held, page.total_pages)? {
            return Ok(items);
        }
    }
}

/// The items of a collection that comes in one page (`/api/user/organizations`).
fn single_page<T: DeserializeOwned>(
    url: &Url,
    response: &crate::http::Response,
    what: &str,
) -> Result<Vec<T>, Error> {
    decode_answer::<IgnoredAny>(url, response, what)?;
    page_items(&response.body, what)
}

/// The items of a one-page collection's bytes.
fn page_items<T: DeserializeOwned>(body: &[u8], what: &str) -> Result<Vec<T>, Error> {
    let page: Page<T> = decode_bytes(body, what)?;
    if page.held > MAX_ITEMS {
        return Err(too_many_items(what));
    }
    match page.failure {
        Some(message) => Err(failure_reported(&message)),
        None => Ok(page.items),
    }
}

/// One page of a collection: a bare array, or `{"data": [...], "meta": {"totalPages"}}`,
/// either possibly inside the envelope. Decoded without a generic JSON value in between,
/// so a page costs its items, not several copies of its text.
struct Page<T> {
    /// The first [`MAX_ITEMS`] items.
    items: Vec<T>,
    /// How many items the page held: past [`MAX_ITEMS`], the rest were counted, not kept.
    held: u64,
    total_pages: u64,
    /// The envelope said `"success": false`, with this message.
    failure: Option<String>,
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Page<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(PageVisitor(PhantomData))
    }
}

struct PageVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for PageVisitor<T> {
    type Value = Page<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list, or an object with a `data` list")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Page<T>, A::Error> {
        let mut items = Vec::new();
        while (items.len() as u64) < MAX_ITEMS {
            match seq.next_element()? {
                Some(item) => items.push(item),
                None => break,
            }
        }
        let mut held = items.len() as u64;
        while seq.next_element::<IgnoredAny>()?.is_some() {
            held += 1;
        }
        Ok(Page {
            items,
            held,
            total_pages: 1,
            failure: None,
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Page<T>, A::Error> {
        #[derive(Deserialize)]
        struct Meta {
            #[serde(default, rename = "totalPages")]
            total_pages: Option<u64>,
        }
        let mut failed = None;
        let mut message = None;
        let mut data: Option<Page<T>> = None;
        let mut total = None;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "success" => failed = map.next_value::<Option<bool>>()?.map(|ok| !ok),
                "message" => message = map.next_value::<Option<Value>>()?,
                "data" => data = map.next_value::<Option<Page<T>>>()?,
                "meta" => {
                    total = map
                        .next_value::<Option<Meta>>()?
                        .and_then(|m| m.total_pages)
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        if failed == Some(true) {
            let message = message.as_ref().and_then(Value::as_str);
            return Ok(Page {
                items: Vec::new(),
                held: 0,
                total_pages: 1,
                failure: Some(message.unwrap_or("(no message)").to_owned()),
            });
        }
        let data = data.ok_or_else(|| de::Error::missing_field("data"))?;
        Ok(Page {
            items: data.items,
            held: data.held,
            total_pages: total.unwrap_or(data.total_pages),
            failure: data.failure,
        })
    }
}

/// Decodes a successful answer to `GET url` as `T`, once [`crate::http::census`] has
/// passed it; an answer that is not JSON at all is reported as such, without quoting it.
fn decode_answer<T: DeserializeOwned>(
    url: &Url,
    response: &crate::http::Response,
    what: &str,
) -> Result<T, Error> {
    crate::http::census(&Method::GET, url, response)?;
    decode_bytes(&response.body, what)
}

/// Decodes an answer's bytes as `T`.
fn decode_bytes<T: DeserializeOwned>(bytes: &[u8], what: &str) -> Result<T, Error> {
    serde_json::from_slice(bytes).map_err(|err| decode_error(err, what))
}

fn decode_error(err: serde_json::Error, what: &str) -> Error {
    Error::new(
        Kind::Failure,
        format!("the server's answer for {what} is not what nt3 expects: {err}"),
    )
}

fn too_many_items(what: &str) -> Error {
    Error::new(
        Kind::Failure,
        format!(
            "the server's list of {what} holds more than {MAX_ITEMS} items; nt3 reads at most that many"
        ),
    )
}

fn failure_reported(message: &str) -> Error {
    Error::new(
        Kind::Failure,
        format!("the server reported a failure: {message}"),
    )
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
        Some(false) => Err(failure_reported(
            envelope_message(&object).unwrap_or("(no message)"),
        )),
        None => Ok(Value::Object(object)),
    }
}

fn envelope_message(object: &Map<String, Value>) -> Option<&str> {
    object.get("message").and_then(Value::as_str)
}

fn decode<T: DeserializeOwned>(value: Value, what: &str) -> Result<T, Error> {
    serde_json::from_value(value).map_err(|err| decode_error(err, what))
}

/// `GET url`'s body, or `None` when the server has no such endpoint (404).
fn optional(client: &Client, url: &Url) -> Result<Option<crate::http::Response>, Error> {
    let response = client.send_blocking(Method::GET, url, None, &HeaderMap::new())?;
    if response.status == reqwest::StatusCode::NOT_FOUND {
        return Ok(None);
    }
    if !response.status.is_success() {
        return Err(client.status_error(&Method::GET, url, &response));
    }
    Ok(Some(response))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGES: &[&str] = &[
        r#"{"data": [{"_id": "p1", "name": "Web", "sourceLanguage": "en", "targetLanguages": ["de", {"code": "fr"}], "organization": {"_id": "o1"}}], "meta": {"totalPages": 2}}"#,
        r#"{"success": true, "data": {"data": [{"id": "tok_1", "name": "ci", "lastFour": "XyZ9", "scopes": ["read"]}], "meta": {"totalPages": 1}}}"#,
        r#"[{"id": "o1", "_id": "o1", "name": "Acme"}]"#,
        r#"{"success": false, "message": "nope"}"#,
    ];

    proptest::proptest! {
        /// A hostile listing page is an error or items whose ids are all checked.
        #[test]
        fn a_hostile_page_is_an_error_or_checked_items(bytes in crate::types::fuzz::inputs(PAGES)) {
            if let Ok(page) = decode_bytes::<Page<crate::api::projects::Project>>(&bytes, "projects") {
                for project in &page.items {
                    proptest::prop_assert!(project.id().is_none_or(|id| crate::types::names::is_id(id.as_str())));
                }
            }
            if let Ok(page) = decode_bytes::<Page<crate::api::tokens::ApiToken>>(&bytes, "tokens") {
                for token in &page.items {
                    proptest::prop_assert!(token.id().is_none_or(|id| crate::types::names::is_id(id.as_str())));
                }
            }
            let _ = decode_bytes::<Page<crate::api::account::Organization>>(&bytes, "organizations");
        }
    }

    pub(super) fn fixture(name: &str) -> Value {
        let path = format!("{}/tests/fixtures/api/{name}", env!("CARGO_MANIFEST_DIR"));
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    }

    fn page(value: Value) -> Result<(usize, u64), Error> {
        let page: Page<IdFields> = decode_bytes(value.to_string().as_bytes(), "x")?;
        match page.failure {
            Some(message) => Err(failure_reported(&message)),
            None => Ok((page.items.len(), page.total_pages)),
        }
    }

    #[test]
    fn collections_come_bare_paged_or_enveloped() {
        assert_eq!(page(serde_json::json!([{"_id": "a"}])).unwrap(), (1, 1));
        assert_eq!(page(fixture("projects.json")).unwrap(), (1, 1));
        let wrapped = serde_json::json!({"success": true, "status": 200, "code": "OK", "message": "", "data": {"data": [{"id": "b"}], "meta": {"totalPages": 3}}});
        assert_eq!(page(wrapped).unwrap(), (1, 3));
        let failed = page(serde_json::json!({"success": false, "status": 403, "code": "FORBIDDEN", "message": "no access"}))
            .unwrap_err();
        assert_eq!(
            failed.to_string(),
            "the server reported a failure: no access"
        );
        let not_a_list = page(serde_json::json!({"data": 5})).unwrap_err();
        assert!(
            not_a_list
                .to_string()
                .starts_with("the server's answer for x is not what nt3 expects"),
            "{not_a_list}"
        );
    }

    #[test]
    fn ids_are_checked_as_they_are_decoded_and_both_names_may_come() {
        let both: IdFields = serde_json::from_str(r#"{"_id": "a", "id": "b"}"#).unwrap();
        assert_eq!(both.get().map(Id::as_str), Some("a"));
        for hostile in ["../x", "a/b", "a?b", "a#b", "a%2F", "..", "a\u{1b}b", ""] {
            let json = serde_json::json!({ "id": hostile }).to_string();
            assert!(
                serde_json::from_str::<IdFields>(&json).is_err(),
                "{hostile:?} decoded as an id"
            );
        }
        let long = serde_json::json!({ "id": "a".repeat(129) }).to_string();
        assert!(serde_json::from_str::<IdFields>(&long).is_err());
    }
}
