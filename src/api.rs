//! The Entri API as nt3 uses it: every endpoint path, and every shape nt3 reads, in one
//! place.
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
//! assumes is written here once ([`TranslateEvent`], [`OVERWRITE`]), so matching the
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

use reqwest::Method;
use reqwest::header::{HeaderMap, HeaderValue};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use url::Url;

use std::time::Duration;

use crate::error::{Error, Kind};
use crate::http::api_url::ApiUrl;
use crate::http::{Body, Client, Core, MAX_RESPONSE, Options, Pages};
use crate::types::format::Format;
use crate::types::secret::Token;

/// Larger exports are refused: nt3 stops reading the answer there.
pub const MAX_EXPORT: u64 = 64 * 1024 * 1024;

pub const PROJECTS: &str = "projects";

/// A project, as `GET /api/v1/projects[/:id]` describes it.
#[derive(Debug, Clone, Deserialize)]
pub struct Project {
    #[serde(flatten)]
    id: Id,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default, rename = "sourceLanguage")]
    pub source_language: Option<Language>,
    #[serde(default, rename = "targetLanguages")]
    pub target_languages: Vec<Language>,
    #[serde(default)]
    pub organization: Option<Reference>,
}

impl Project {
    pub fn id(&self) -> &str {
        self.id.get()
    }

    pub fn source(&self) -> Option<&str> {
        self.source_language.as_ref().map(Language::code)
    }

    pub fn targets(&self) -> impl Iterator<Item = &str> {
        self.target_languages.iter().map(Language::code)
    }
}

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

/// A language as the API sends it: a code, or an object carrying one.
#[derive(Debug, Clone, Deserialize)]
#[serde(from = "LanguageForm")]
pub struct Language(String);

impl Language {
    pub fn code(&self) -> &str {
        &self.0
    }
}

#[derive(Deserialize)]
#[serde(untagged)]
enum LanguageForm {
    Code(String),
    Object {
        #[serde(alias = "language", alias = "languageCode")]
        code: String,
    },
}

impl From<LanguageForm> for Language {
    fn from(form: LanguageForm) -> Self {
        match form {
            LanguageForm::Code(code) | LanguageForm::Object { code } => Self(code),
        }
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

/// An API token as the token list describes it (never the token itself).
#[derive(Debug, Clone, Deserialize)]
pub struct ApiToken {
    #[serde(flatten)]
    id_fields: Id,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default, rename = "createdAt")]
    pub created_at: Option<String>,
    #[serde(default, rename = "expiresAt")]
    pub expires_at: Option<String>,
    #[serde(default, rename = "lastUsedAt")]
    pub last_used_at: Option<String>,
    /// The token's last four characters (or a masked `preview` holding them).
    #[serde(default, rename = "lastFour")]
    pub last_four: Option<String>,
    #[serde(default)]
    pub preview: Option<String>,
    #[serde(default)]
    pub scopes: Option<Vec<String>>,
}

impl ApiToken {
    pub fn id(&self) -> &str {
        self.id_fields.get()
    }

    /// Whether this listed token is `token`. The server never sends tokens back, so this
    /// relies on the last four characters it may send (`lastFour`, or a masked
    /// `preview`); without them no token is recognised.
    pub fn is(&self, token: &Token) -> bool {
        let secret = token.expose();
        let last_four = &secret[secret.len().saturating_sub(4)..];
        match (self.last_four.as_deref(), self.preview.as_deref()) {
            (Some(four), _) => four == last_four,
            (None, Some(preview)) => preview.len() >= 4 && preview.ends_with(last_four),
            (None, None) => false,
        }
    }

    /// The token as `nt3 tokens list --json` shows it (names as the API spells them).
    pub fn to_json(&self) -> Value {
        let mut object = Map::new();
        let mut put = |key: &str, value: Option<&str>| {
            if let Some(value) = value {
                object.insert(key.into(), value.into());
            }
        };
        put("id", Some(self.id()));
        put("name", self.name.as_deref());
        put("createdAt", self.created_at.as_deref());
        put("expiresAt", self.expires_at.as_deref());
        put("lastUsedAt", self.last_used_at.as_deref());
        put("lastFour", self.last_four.as_deref());
        put("preview", self.preview.as_deref());
        if let Some(scopes) = &self.scopes {
            object.insert("scopes".into(), scopes.clone().into());
        }
        Value::Object(object)
    }
}

/// The answer to creating a token: the token, once, and its description.
#[derive(Debug, Deserialize)]
pub struct CreatedToken {
    pub token: String,
    #[serde(flatten)]
    pub about: ApiToken,
}

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

/// A token check (`login`, `status --check`) waits this long at most, in all.
pub const CHECK_TIMEOUT: Duration = Duration::from_secs(5);

/// Asks the server at `base` about `token`, once (no retries) and for at most
/// [`CHECK_TIMEOUT`] (or `NT3_TIMEOUT` when shorter).
pub fn check_token(
    base: ApiUrl,
    token: Token,
    source: String,
    mut options: Options,
) -> Result<Check, anyhow::Error> {
    options.timeout = options.timeout.min(CHECK_TIMEOUT);
    options.retries = false;
    options.timeout_hint =
        Some("the server may be down or slow; a token check waits at most 5 seconds");
    let client = Client::new(base, token, source, options)?;
    Ok(check(&client))
}

/// The active token as the server's token list describes it (name, expiry, last use),
/// if the token may list the tokens of its organization (the first three it reaches)
/// and the list identifies it; each request is bounded as a check is.
pub fn identify(
    base: ApiUrl,
    token: Token,
    source: String,
    mut options: Options,
) -> Option<ApiToken> {
    options.timeout = options.timeout.min(CHECK_TIMEOUT);
    options.retries = false;
    let client = Client::new(base, token.clone(), source, options).ok()?;
    let (organizations, _) = organizations(&client).ok()?;
    organizations.iter().take(3).find_map(|organization| {
        let owner = TokenOwner::Organization(organization.id().to_owned());
        list_tokens(&client, &owner)
            .ok()?
            .into_iter()
            .find(|listed| listed.is(&token))
    })
}

fn check(client: &Client) -> Check {
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

pub fn projects(client: &Client) -> Result<Vec<Project>, Error> {
    all(client, PROJECTS, "projects")
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

pub fn list_tokens(client: &Client, owner: &TokenOwner) -> Result<Vec<ApiToken>, Error> {
    all(client, &owner.tokens_path(), "tokens")
}

pub fn create_token(
    client: &Client,
    owner: &TokenOwner,
    body: &Value,
) -> Result<CreatedToken, Error> {
    let created = client.request_json(Method::POST, &owner.tokens_path(), Some(body))?;
    decode(resource(created)?, "the created token")
}

pub fn revoke_token(client: &Client, owner: &TokenOwner, id: &str) -> Result<(), Error> {
    let answer = client.request_json(
        Method::DELETE,
        &format!("{}/{id}", owner.tokens_path()),
        None,
    )?;
    unwrap_envelope(answer).map(drop)
}

pub fn project(client: &Client, id: &str) -> Result<Project, Error> {
    let project = client.get_json(&format!("{PROJECTS}/{id}"))?;
    decode(resource(project)?, "the project")
}

pub fn add_language(client: &Client, project_id: &str, language: &str) -> Result<(), Error> {
    let body = serde_json::json!({ "language": language });
    let answer = client.request_json(
        Method::POST,
        &format!("{PROJECTS}/{project_id}/languages"),
        Some(&body),
    )?;
    unwrap_envelope(answer).map(drop)
}

/// One file to upload.
#[derive(Debug, Serialize)]
pub struct Import<'a> {
    pub language: &'a str,
    pub format: &'a str,
    pub content: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace: Option<&'a str>,
    pub overwrite: bool,
}

/// Uploads one file's content. A success whose envelope says `"success": false` is an
/// error too.
pub async fn import(core: &Core, project_id: &str, import: &Import<'_>) -> Result<(), Error> {
    let url = core.url(&format!("{PROJECTS}/{project_id}/import"))?;
    let body = Body {
        bytes: serde_json::to_vec(import)
            .expect("an import serializes")
            .into(),
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
    match serde_json::from_slice::<Value>(&response.body) {
        Ok(answer) => unwrap_envelope(answer).map(drop),
        // An empty or non-JSON success says nothing more.
        Err(_) => Ok(()),
    }
}

/// The answer to an export request.
pub enum Export {
    /// `304 Not Modified`: the file as last pulled is still current.
    NotModified,
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
    project_id: &str,
    language: &str,
    format: Format,
    namespace: Option<&str>,
    conditions: &HeaderMap,
) -> Result<Export, Error> {
    let mut url = core.url(&format!("{PROJECTS}/{project_id}/export/{language}"))?;
    url.query_pairs_mut().append_pair("format", format.as_str());
    if let Some(namespace) = namespace {
        url.query_pairs_mut().append_pair("namespace", namespace);
    }
    let response = core.send_streamed(&url, conditions).await?;
    if response.status == reqwest::StatusCode::NOT_MODIFIED {
        return Ok(Export::NotModified);
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
) -> Result<ExportContent, String> {
    #[derive(Deserialize)]
    struct Probe {
        #[serde(default)]
        success: Option<bool>,
    }
    let failed = |err: std::io::Error| format!("cannot read the export back: {err}");
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
            return Err(format!(
                "the server answered JSON where a `{format}` file was expected"
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
        return Err(format!(
            "the server answered the export with an error: {}",
            envelope_message(&object).unwrap_or("(no message)")
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
        None => Err("the export answer is an envelope without the file's content".into()),
    }
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

/// What `GET …/ai/status` says: whether AI translation is set up, and with what.
#[derive(Debug, Deserialize)]
pub struct AiStatus {
    #[serde(default)]
    pub configured: bool,
    #[serde(default, rename = "availableProviders")]
    pub providers: Vec<String>,
    #[serde(default, rename = "availableModels")]
    pub models: Vec<AiModel>,
}

#[derive(Debug, Deserialize)]
pub struct AiModel {
    pub id: String,
    #[serde(default)]
    pub provider: Option<String>,
}

pub fn ai_status(client: &Client, project_id: &str) -> Result<AiStatus, Error> {
    let status = client.get_json(&format!("{PROJECTS}/{project_id}/ai/status"))?;
    decode(resource(status)?, "the AI status")
}

/// Starts translating a language's untranslated keys; the job's id. †
pub fn start_translation(
    client: &Client,
    project_id: &str,
    language: &str,
    provider: Option<&str>,
    model: Option<&str>,
) -> Result<String, Error> {
    #[derive(Deserialize)]
    struct Started {
        #[serde(alias = "id", alias = "_id")]
        #[serde(rename = "jobId")]
        job_id: String,
    }
    let mut body = serde_json::json!({ "targetLanguage": language });
    if let Some(provider) = provider {
        body["provider"] = provider.into();
    }
    if let Some(model) = model {
        body["model"] = model.into();
    }
    let started = client.request_json(
        Method::POST,
        &format!("{PROJECTS}/{project_id}/ai/translate/batch/start"),
        Some(&body),
    )?;
    let started: Started = decode(resource(started)?, "the started translation")?;
    Ok(started.job_id)
}

/// The event stream of a translation job. †
pub fn translation_stream(core: &Core, project_id: &str, job_id: &str) -> Result<Url, Error> {
    core.url(&format!(
        "{PROJECTS}/{project_id}/ai/translate/batch/stream/{job_id}"
    ))
}

/// Cancels a translation job.
pub async fn cancel_translation(core: &Core, project_id: &str, job_id: &str) -> Result<(), Error> {
    let url = core.url(&format!(
        "{PROJECTS}/{project_id}/ai/translate/batch/cancel/{job_id}"
    ))?;
    let response = core
        .send(Method::POST, &url, None, &HeaderMap::new(), MAX_RESPONSE)
        .await?;
    if response.status.is_success() {
        Ok(())
    } else {
        Err(core.status_error(&Method::POST, &url, &response))
    }
}

/// One event of a translation job's stream, as nt3 reads it. †
///
/// The event's name (`event:`) says what happened: `progress` (or an unnamed
/// `message`), `batch` (a batch of up to 200 keys ended), `complete` (also `completed`,
/// `done`), `error`. Its data is JSON with the counts so far, each optional:
/// `translated` (or `completed`), `failed`, `skipped`, `total`, `batch`, `batches`, and
/// `message` for an error. A `status` of `completed` or `failed` in the data also ends
/// the job.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct TranslateEvent {
    #[serde(default, alias = "completed")]
    pub translated: Option<u64>,
    #[serde(default)]
    pub failed: Option<u64>,
    #[serde(default)]
    pub skipped: Option<u64>,
    #[serde(default)]
    pub total: Option<u64>,
    #[serde(default)]
    pub batch: Option<u64>,
    #[serde(default)]
    pub batches: Option<u64>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub message: Option<String>,
}

/// What an event means for the job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Running,
    Done,
    Failed,
}

impl TranslateEvent {
    /// Reads one event; data that is not a JSON object carries no counts.
    pub fn parse(name: &str, data: &str) -> (Phase, Self) {
        let event: Self = serde_json::from_str(data).unwrap_or_default();
        let phase = match (name, event.status.as_deref()) {
            ("error", _) | (_, Some("failed" | "error")) => Phase::Failed,
            ("complete" | "completed" | "done", _) | (_, Some("completed" | "done")) => Phase::Done,
            _ => Phase::Running,
        };
        (phase, event)
    }
}

/// Overwriting translations by key. †
pub const OVERWRITE: &str = "translations/overwrite";

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
    pub key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
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
    project_id: &str,
    items: &[Overwrite],
) -> Result<Overwritten, Error> {
    let body = serde_json::json!({ "items": items });
    let answer = client.request_json(
        Method::POST,
        &format!("{PROJECTS}/{project_id}/{OVERWRITE}"),
        Some(&body),
    )?;
    decode(resource(answer)?, "the overwrite result")
}

/// The person behind a token (`GET /api/user/me`).
#[derive(Debug, Clone, Deserialize)]
pub struct User {
    #[serde(flatten)]
    id: Id,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
}

impl User {
    pub fn id(&self) -> &str {
        self.id.get()
    }
}

/// An organization a token reaches.
#[derive(Debug, Clone, Deserialize)]
pub struct Organization {
    #[serde(flatten)]
    id: Id,
    #[serde(default)]
    pub name: Option<String>,
}

impl Organization {
    pub fn id(&self) -> &str {
        self.id.get()
    }

    /// `Acme (org_123)`, or the id alone.
    pub fn label(&self) -> String {
        match &self.name {
            Some(name) => format!("{name} ({})", self.id()),
            None => self.id().to_owned(),
        }
    }
}

/// Where [`organizations`] learned them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Learned {
    /// `GET /api/user/organizations`.
    Account,
    /// The server has no such endpoint: the organizations the token's projects name.
    Projects,
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

/// The user behind the token; `None` when the server has no user endpoint.
pub fn me(client: &Client) -> Result<Option<User>, Error> {
    optional(client, "/api/user/me")?
        .map(|user| decode(resource(user)?, "the user"))
        .transpose()
}

/// The organizations the token reaches: from the account endpoint, or, when the server
/// has none, from the projects the token can see. Their ids are checked, since they go
/// into paths.
pub fn organizations(client: &Client) -> Result<(Vec<Organization>, Learned), Error> {
    let (organizations, learned) = match optional(client, "/api/user/organizations")? {
        Some(document) => {
            let (items, _) = collection(document, "organizations")?;
            let organizations = items
                .into_iter()
                .map(|item| decode(item, "an organization"))
                .collect::<Result<Vec<Organization>, Error>>()?;
            (organizations, Learned::Account)
        }
        None => {
            let mut ids: Vec<String> = projects(client)?
                .iter()
                .filter_map(|p| p.organization.as_ref()?.id().map(String::from))
                .collect();
            ids.sort();
            ids.dedup();
            let organizations = ids
                .into_iter()
                .map(|id| Organization {
                    id: Id {
                        underscore: Some(id),
                        id: None,
                    },
                    name: None,
                })
                .collect();
            (organizations, Learned::Projects)
        }
    };
    if let Some(bad) = organizations
        .iter()
        .find(|o| !crate::types::names::is_id(o.id()))
    {
        return Err(Error::new(
            Kind::Failure,
            format!(
                "the server named an organization `{}`, which is not an id",
                crate::ui::escape(bad.id())
            ),
        ));
    }
    Ok((organizations, learned))
}

/// A signed-in session: the cookies the server set (with the `Origin` header), sent back
/// only to its origin (the client refuses any other) and only by the command that signed
/// in.
pub struct Session {
    cookie: HeaderMap,
}

/// Why signing in failed, each with its own message.
pub enum SignInError {
    WrongCredentials,
    Unverified,
    SecondFactor,
    RateLimited(Option<u64>),
    Other(Error),
}

/// `POST /api/auth/sign-in/email` (BetterAuth). The password leaves protection here only,
/// in the request body.
pub fn sign_in(
    client: &Client,
    email: &str,
    password: &crate::types::secret::Secret,
) -> Result<Session, SignInError> {
    let url = client
        .url("/api/auth/sign-in/email")
        .map_err(SignInError::Other)?;
    let body = Body::json(&serde_json::json!({ "email": email, "password": password.expose() }));
    let response = client
        .send_blocking(Method::POST, &url, Some(&body), &origin(client))
        .map_err(SignInError::Other)?;
    let answer: Value = serde_json::from_slice(&response.body).unwrap_or(Value::Null);
    let code = answer
        .get("code")
        .and_then(Value::as_str)
        .unwrap_or_default();
    match response.status.as_u16() {
        200..=299 if answer.get("twoFactorRedirect").and_then(Value::as_bool) == Some(true) => {
            return Err(SignInError::SecondFactor);
        }
        200..=299 => {}
        401 => return Err(SignInError::WrongCredentials),
        403 if code == "EMAIL_NOT_VERIFIED" => return Err(SignInError::Unverified),
        429 => {
            let wait = ["retry-after", "x-retry-after"].iter().find_map(|name| {
                response
                    .headers
                    .get(*name)?
                    .to_str()
                    .ok()?
                    .trim()
                    .parse()
                    .ok()
            });
            return Err(SignInError::RateLimited(wait));
        }
        _ => {
            return Err(SignInError::Other(client.status_error(
                &Method::POST,
                &url,
                &response,
            )));
        }
    }
    let pairs: Vec<&str> = response
        .headers
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok()?.split(';').next())
        .map(str::trim)
        .filter(|pair| pair.contains('='))
        .collect();
    if pairs.is_empty() {
        return Err(SignInError::Other(Error::new(
            Kind::Failure,
            "the server accepted the sign-in but sent no session cookie",
        )));
    }
    let mut cookie = HeaderValue::from_str(&pairs.join("; ")).map_err(|_| {
        SignInError::Other(Error::new(
            Kind::Failure,
            "the server sent a session cookie nt3 cannot send back",
        ))
    })?;
    cookie.set_sensitive(true);
    let mut headers = origin(client);
    headers.insert(reqwest::header::COOKIE, cookie);
    Ok(Session { cookie: headers })
}

/// A device code for browser sign-in (RFC 8628, BetterAuth's device authorization
/// plugin). Everything in it comes from the server: shown escaped, opened only if it is
/// an `http(s)` URL. `device_code` can be exchanged for a session, so it is never shown.
#[derive(Deserialize)]
pub struct DeviceCode {
    device_code: String,
    pub user_code: String,
    pub verification_uri: String,
    #[serde(default)]
    pub verification_uri_complete: Option<String>,
    pub expires_in: u64,
    #[serde(default)]
    pub interval: Option<u64>,
}

/// The client id nt3 asks for device codes with.
const DEVICE_CLIENT_ID: &str = "nt3-cli";

/// `POST /api/auth/device/code`; `None` when the server has no device endpoint.
pub fn device_code(client: &Client) -> Result<Option<DeviceCode>, Error> {
    let url = client.url("/api/auth/device/code")?;
    let body = Body::json(&serde_json::json!({ "client_id": DEVICE_CLIENT_ID }));
    let response = client.send_blocking(Method::POST, &url, Some(&body), &origin(client))?;
    if response.status == reqwest::StatusCode::NOT_FOUND {
        return Ok(None);
    }
    if !response.status.is_success() {
        return Err(client.status_error(&Method::POST, &url, &response));
    }
    let document = crate::http::parse_json(&Method::POST, &url, &response)?;
    decode(document, "the device code").map(Some)
}

/// One answer to polling for a device code.
pub enum DevicePoll {
    Pending,
    SlowDown,
    Expired,
    Denied,
    Granted(Session),
}

/// `POST /api/auth/device/token`: whether the user approved the code yet. The session
/// it grants is sent back as `Authorization: Bearer` (BetterAuth's bearer plugin).
pub fn device_token(client: &Client, code: &DeviceCode) -> Result<DevicePoll, Error> {
    let url = client.url("/api/auth/device/token")?;
    let body = Body::json(&serde_json::json!({
        "grant_type": "urn:ietf:params:oauth:grant-type:device_code",
        "device_code": code.device_code,
        "client_id": DEVICE_CLIENT_ID,
    }));
    let response = client.send_blocking(Method::POST, &url, Some(&body), &origin(client))?;
    let answer: Value = serde_json::from_slice(&response.body).unwrap_or(Value::Null);
    if !response.status.is_success() {
        return match answer.get("error").and_then(Value::as_str) {
            Some("authorization_pending") => Ok(DevicePoll::Pending),
            Some("slow_down") => Ok(DevicePoll::SlowDown),
            Some("expired_token") => Ok(DevicePoll::Expired),
            Some("access_denied") => Ok(DevicePoll::Denied),
            _ => Err(client.status_error(&Method::POST, &url, &response)),
        };
    }
    let token = answer
        .get("access_token")
        .and_then(Value::as_str)
        .filter(|t| !t.is_empty() && t.bytes().all(|b| b.is_ascii_graphic()))
        .ok_or_else(|| {
            Error::new(
                Kind::Failure,
                "the server approved the sign-in but sent no usable access token",
            )
        })?;
    let mut bearer = HeaderValue::from_str(&format!("Bearer {token}"))
        .expect("printable ASCII is a header value");
    bearer.set_sensitive(true);
    let mut headers = origin(client);
    headers.insert(reqwest::header::AUTHORIZATION, bearer);
    Ok(DevicePoll::Granted(Session { cookie: headers }))
}

/// `Origin: <the API's origin>`: BetterAuth refuses a cookie-authenticated `POST` without
/// it (its CSRF check answers 403 "Missing or null Origin"), and nt3 speaks only to that
/// origin, so it is what a first-party page would send.
fn origin(client: &Client) -> HeaderMap {
    let mut headers = HeaderMap::new();
    let origin = client.base().origin().to_string();
    if let Ok(value) = HeaderValue::from_str(&origin) {
        headers.insert(reqwest::header::ORIGIN, value);
    }
    headers
}

/// A request made with the session's cookie; any status but a success is an error.
fn with_session(
    client: &Client,
    session: &Session,
    method: Method,
    path: &str,
    body: Option<&Value>,
) -> Result<Value, Error> {
    with_session_if_found(client, session, method.clone(), path, body)?
        .ok_or_else(|| Error::new(Kind::Failure, format!("not found: {method} {path}")))
}

/// [`with_session`], with `None` for a 404: the server has no such route.
fn with_session_if_found(
    client: &Client,
    session: &Session,
    method: Method,
    path: &str,
    body: Option<&Value>,
) -> Result<Option<Value>, Error> {
    let url = client.url(path)?;
    let body = body.map(Body::json);
    let response = client.send_blocking(method.clone(), &url, body.as_ref(), &session.cookie)?;
    if response.status == reqwest::StatusCode::NOT_FOUND {
        return Ok(None);
    }
    if !response.status.is_success() {
        return Err(client.status_error(&method, &url, &response));
    }
    if response.body.is_empty() {
        return Ok(Some(Value::Null));
    }
    crate::http::parse_json(&method, &url, &response).map(Some)
}

/// The organizations of the signed-in user; `None` when the server has no such route
/// (a plain BetterAuth server: its keys belong to the user).
pub fn session_organizations(
    client: &Client,
    session: &Session,
) -> Result<Option<Vec<Organization>>, Error> {
    let Some(document) = with_session_if_found(
        client,
        session,
        Method::GET,
        "/api/user/organizations",
        None,
    )?
    else {
        return Ok(None);
    };
    let (items, _) = collection(document, "organizations")?;
    let organizations = items
        .into_iter()
        .map(|item| decode(item, "an organization"))
        .collect::<Result<Vec<Organization>, Error>>()?;
    if let Some(bad) = organizations
        .iter()
        .find(|o| !crate::types::names::is_id(o.id()))
    {
        return Err(Error::new(
            Kind::Failure,
            format!(
                "the server named an organization `{}`, which is not an id",
                crate::ui::escape(bad.id())
            ),
        ));
    }
    Ok(Some(organizations))
}

/// Creates a token with the session's rights; `None` when the server has no such route.
pub fn session_create_token(
    client: &Client,
    session: &Session,
    owner: &TokenOwner,
    body: &Value,
) -> Result<Option<CreatedToken>, Error> {
    let Some(created) = with_session_if_found(
        client,
        session,
        Method::POST,
        &owner.tokens_path(),
        Some(body),
    )?
    else {
        return Ok(None);
    };
    decode(resource(created)?, "the created token").map(Some)
}

/// `POST /api/auth/api-key/create` `{"name", "expiresIn"?}` (BetterAuth's API-key plugin,
/// the token quick start's path): a key of the signed-in user. Its answer names the key
/// `key`; `expiresIn` is in seconds.
pub fn session_create_api_key(
    client: &Client,
    session: &Session,
    name: &str,
    expires_in: Option<u64>,
) -> Result<CreatedToken, Error> {
    let mut body = serde_json::json!({ "name": name });
    if let Some(seconds) = expires_in {
        body["expiresIn"] = seconds.into();
    }
    let mut created = with_session(
        client,
        session,
        Method::POST,
        "/api/auth/api-key/create",
        Some(&body),
    )?;
    if let Some(key) = created.as_object_mut().and_then(|o| o.remove("key")) {
        created["token"] = key;
    }
    decode(created, "the created key")
}

/// `POST /api/auth/sign-out`: the session's cookie stops working.
pub fn sign_out(client: &Client, session: &Session) -> Result<(), Error> {
    with_session(
        client,
        session,
        Method::POST,
        "/api/auth/sign-out",
        Some(&serde_json::json!({})),
    )
    .map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Value {
        let path = format!("{}/tests/fixtures/api/{name}", env!("CARGO_MANIFEST_DIR"));
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    }

    #[test]
    fn the_documented_project_decodes() {
        let project: Project = decode(resource(fixture("project.json")).unwrap(), "p").unwrap();
        assert_eq!(project.id(), "proj_6abc123def456");
        assert_eq!(project.name.as_deref(), Some("Marketing Website"));
        assert_eq!(project.source(), Some("en"));
        assert_eq!(project.targets().collect::<Vec<_>>(), ["fr", "de", "es"]);
        assert_eq!(
            project.organization.as_ref().and_then(Reference::id),
            Some("org_789xyz")
        );
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
