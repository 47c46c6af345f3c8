//! The Entri API as nt3 uses it: every endpoint path in one place.
//!
//! | Use | Request |
//! | --- | --- |
//! | check a token (`login`, `status --check`) | `GET /api/v1/projects?limit=1` |
//! | list projects (`nt3 projects`) | `GET /api/v1/projects?page=N&limit=200` |
//! | list tokens | `GET /api/v1/organizations/:orgId/tokens?page=N&limit=200` |
//! | create a token | `POST /api/v1/organizations/:orgId/tokens` `{"name", "expiresAt"?, "scopes"?}` |
//! | revoke a token | `DELETE /api/v1/organizations/:orgId/tokens/:tokenId` |
//!
//! | read a project (push, pull) | `GET /api/v1/projects/:id` |
//! | add a language (push) | `POST /api/v1/projects/:id/languages` `{"language"}` |
//! | upload a file (push) | `POST /api/v1/projects/:id/import` `{"language", "format", "content", "namespace"?, "overwrite"}` |
//! | download a file (pull) | `GET /api/v1/projects/:id/export/:language?format=<f>[&namespace=<n>]` |
//!
//! With `--project`, the token endpoints are `/api/v1/projects/:projectId/tokens…`.

use reqwest::Method;
use reqwest::header::HeaderMap;
use serde_json::Value;
use url::Url;

use crate::error::Error;
use crate::http::{Body, Client, Core, MAX_RESPONSE};

/// Larger exports are refused: nt3 stops reading the answer there.
pub const MAX_EXPORT: u64 = 64 * 1024 * 1024;
use crate::project::Format;

pub const PROJECTS: &str = "projects";

/// What the server says of a token.
pub enum Check {
    Valid,
    /// 401: invalid, expired or revoked.
    Rejected(Error),
    /// 403: a valid token that may not list projects.
    Forbidden(Error),
    /// No answer, or an answer that says nothing about the token (5xx, 404, …).
    Unreachable(Error),
}

pub fn check_token(client: &Client) -> Check {
    let url = match client.url(&format!("{PROJECTS}?limit=1")) {
        Ok(url) => url,
        Err(err) => return Check::Unreachable(err),
    };
    match client.send_blocking(Method::GET, &url, None, &HeaderMap::new()) {
        Ok(response) if response.status.is_success() => Check::Valid,
        Ok(response) => {
            let err = client.status_error(&Method::GET, &url, &response);
            match response.status.as_u16() {
                401 => Check::Rejected(err),
                403 => Check::Forbidden(err),
                _ => Check::Unreachable(err),
            }
        }
        Err(err) => Check::Unreachable(err),
    }
}

pub fn projects(client: &Client) -> Result<Vec<Value>, Error> {
    client.get_all(PROJECTS)
}

/// Whose tokens `nt3 tokens` manages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenOwner {
    Organization(String),
    Project(String),
}

impl TokenOwner {
    fn tokens_path(&self) -> String {
        match self {
            Self::Organization(id) => format!("organizations/{id}/tokens"),
            Self::Project(id) => format!("projects/{id}/tokens"),
        }
    }
}

pub fn list_tokens(client: &Client, owner: &TokenOwner) -> Result<Vec<Value>, Error> {
    client.get_all(&owner.tokens_path())
}

pub fn create_token(client: &Client, owner: &TokenOwner, body: &Value) -> Result<Value, Error> {
    let created = client.request_json(Method::POST, &owner.tokens_path(), Some(body))?;
    // Some APIs wrap a single resource in `data`.
    Ok(match created.get("data") {
        Some(inner) if inner.is_object() => inner.clone(),
        _ => created,
    })
}

pub fn revoke_token(client: &Client, owner: &TokenOwner, id: &str) -> Result<(), Error> {
    client
        .request_json(
            Method::DELETE,
            &format!("{}/{id}", owner.tokens_path()),
            None,
        )
        .map(drop)
}

/// A project (`sourceLanguage`, `targetLanguages`, …), unwrapped from `data` if needed.
pub fn project(client: &Client, id: &str) -> Result<Value, Error> {
    let project = client.get_json(&format!("{PROJECTS}/{id}"))?;
    Ok(match project.get("data") {
        Some(inner) if inner.is_object() => inner.clone(),
        _ => project,
    })
}

pub fn add_language(client: &Client, project_id: &str, language: &str) -> Result<(), Error> {
    let body = serde_json::json!({ "language": language });
    client
        .request_json(
            Method::POST,
            &format!("{PROJECTS}/{project_id}/languages"),
            Some(&body),
        )
        .map(drop)
}

/// Uploads one file's content.
pub async fn import(core: &Core, project_id: &str, body: &Value) -> Result<(), Error> {
    let url = core.url(&format!("{PROJECTS}/{project_id}/import"))?;
    let body = Body {
        bytes: body.to_string().into_bytes(),
        content_type: "application/json",
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
    Ok(())
}

/// Starts downloading one file's content: the successful answer, its body unread (the
/// caller streams it, at most [`MAX_EXPORT`] bytes), and the URL for errors.
pub async fn export(
    core: &Core,
    project_id: &str,
    language: &str,
    format: Format,
    namespace: Option<&str>,
) -> Result<(reqwest::Response, Url), Error> {
    let mut url = core.url(&format!("{PROJECTS}/{project_id}/export/{language}"))?;
    url.query_pairs_mut().append_pair("format", format.as_str());
    if let Some(namespace) = namespace {
        url.query_pairs_mut().append_pair("namespace", namespace);
    }
    let response = core.send_streamed(&url).await?;
    match response.stream {
        Some(stream) => Ok((stream, url)),
        None => Err(core.status_error(&Method::GET, &url, &response)),
    }
}

/// Whether `id` can be one path segment of an endpoint: letters, digits, `-`, `_` and
/// `.`, and not `.` or `..`. Every id from a flag or `.nt3.yml` is checked with it.
pub fn is_id(id: &str) -> bool {
    !id.is_empty()
        && id != "."
        && id != ".."
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
}

/// A language as the API sends it: a code, or an object carrying one.
pub fn language_code(value: &Value) -> Option<String> {
    match value {
        Value::String(code) => Some(code.clone()),
        Value::Object(map) => ["code", "language", "languageCode"]
            .iter()
            .find_map(|key| map.get(*key).and_then(Value::as_str))
            .map(String::from),
        _ => None,
    }
}
