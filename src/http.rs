//! The one way nt3 talks to the Entri API.
//!
//! Every request goes through [`Client`], which owns the rules, so no command can bypass
//! them:
//!
//! - paths join onto `<api_url>/api/v1/` (a path starting with `/api/` joins onto the
//!   base as is); an absolute URL must have the API's own origin;
//! - each request carries `X-API-Key` (marked sensitive) and `User-Agent: nt3/<version>`;
//! - the token goes to its origin only: a redirect is followed only to the same scheme,
//!   host and port, and anything else (another host, another port, https→http) is
//!   refused; plain `http://` bases are loopback-only ([`ApiUrl`] guarantees that);
//! - timeouts: 10 s to connect, 60 s for the whole request, `NT3_TIMEOUT` overrides;
//! - retries: 429 for any method, and 502/503/504 or a dropped connection for
//!   idempotent methods, at most [`MAX_ATTEMPTS`] attempts and [`MAX_WAIT`] of waiting,
//!   with exponential backoff and jitter or the server's `Retry-After`; 401 and 403 are
//!   never retried;
//! - errors are read from the server's envelope
//!   `{"statusCode", "error", "message": string | string[]}` and never quote a token or
//!   dump a body that is not JSON.
//!
//! The client and its current-thread tokio runtime are built only by commands that use
//! the network, so offline commands pay nothing for them. nt3 installs no log
//! subscriber, so `RUST_LOG` cannot make reqwest or hyper print requests.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use anyhow::Result;
use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue, RETRY_AFTER, USER_AGENT};
use reqwest::{Method, StatusCode, redirect};
use serde_json::Value;
use url::Url;

use crate::api_url::ApiUrl;
use crate::env_vars::NT3_TIMEOUT;
use crate::error::{Error, Kind};
use crate::types::secret::{Token, redact_tokens};

pub const API_KEY_HEADER: &str = "x-api-key";
pub const MAX_ATTEMPTS: u32 = 3;
pub const MAX_WAIT: Duration = Duration::from_secs(60);
/// The most nt3 reads of one answer, unless a caller allows more (exports).
pub const MAX_RESPONSE: u64 = 16 * 1024 * 1024;
/// The most pages of a collection nt3 follows (200 items each).
pub const MAX_PAGES: u64 = 1000;
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const MAX_REDIRECTS: usize = 10;

/// A request body and its content type.
pub struct Body {
    /// Shared, so a retry sends the same bytes without copying them.
    pub bytes: bytes::Bytes,
    pub content_type: &'static str,
}

impl Body {
    /// A JSON document.
    pub fn json(value: &Value) -> Self {
        Self {
            bytes: value.to_string().into(),
            content_type: "application/json",
        }
    }
}

pub struct Response {
    pub status: StatusCode,
    pub headers: HeaderMap,
    /// The whole answer, unless it is left to be streamed.
    pub body: Vec<u8>,
    /// A successful answer's body, unread, from [`Core::send_streamed`].
    pub stream: Option<reqwest::Response>,
}

/// What to do with the body of an answer.
#[derive(Debug, Clone, Copy)]
enum Read {
    /// Read it all, up to this many bytes.
    Upto(u64),
    /// Leave a successful answer's body to the caller; read others up to the limit.
    Stream,
    /// As `Stream`, for an event stream that lasts as long as a job: the whole-request
    /// timeout does not apply (the caller stops after a silence instead).
    Events,
}

/// How long an event stream may last at most, whatever it sends.
pub const MAX_EVENT_STREAM: Duration = Duration::from_secs(24 * 60 * 60);

/// How a client behaves: how long it waits, whether it retries, and its proxy.
#[derive(Debug, Clone)]
pub struct Options {
    pub timeout: Duration,
    pub retries: bool,
    pub proxy: Option<Proxy>,
    /// What to say when `timeout` runs out, if not the usual hint about `NT3_TIMEOUT`.
    pub timeout_hint: Option<&'static str>,
}

/// The proxy for `https://` requests (`HTTPS_PROXY`, else `ALL_PROXY`) and the hosts that
/// bypass it (`NO_PROXY`). `http://` requests, which only go to loopback hosts, never use
/// a proxy: it would see the token in clear.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proxy {
    url: Url,
    except: Option<String>,
}

impl Proxy {
    /// An `http://` or `https://` proxy URL, with a host.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let url = Url::parse(raw.trim()).map_err(|err| format!("is not a proxy URL ({err})"))?;
        if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
            return Err("must be an `http://` or `https://` URL with a host".into());
        }
        Ok(Self { url, except: None })
    }

    /// The same proxy, bypassed for the hosts of a `NO_PROXY` list.
    pub fn except(self, no_proxy: Option<String>) -> Self {
        Self {
            except: no_proxy,
            ..self
        }
    }

    fn to_reqwest(&self) -> reqwest::Result<reqwest::Proxy> {
        let proxy = reqwest::Proxy::https(self.url.as_str())?;
        Ok(proxy.no_proxy(
            self.except
                .as_deref()
                .and_then(reqwest::NoProxy::from_string),
        ))
    }
}

/// A client for one token at one API URL, with the current-thread runtime it runs on.
pub struct Client {
    core: Arc<Core>,
    runtime: tokio::runtime::Runtime,
}

/// Everything a request needs; shared by tasks that send requests concurrently.
pub struct Core {
    http: reqwest::Client,
    base: ApiUrl,
    /// Where the token came from, for the 401 message.
    source: String,
    options: Options,
}

impl Client {
    pub fn new(base: ApiUrl, token: Token, source: String, options: Options) -> Result<Self> {
        Self::build(base, Some(token), source, options)
    }

    /// A client that sends no token: for signing in with a password, where the session
    /// cookie (passed per request) is the credential. The same origin rules hold.
    pub fn without_token(base: ApiUrl, options: Options) -> Result<Self> {
        Self::build(base, None, "the sign-in session".into(), options)
    }

    fn build(base: ApiUrl, token: Option<Token>, source: String, options: Options) -> Result<Self> {
        let origin = base.url().origin();
        let policy = redirect::Policy::custom(move |attempt| {
            if attempt.previous().len() >= MAX_REDIRECTS {
                attempt.error(format!("more than {MAX_REDIRECTS} redirects"))
            } else if may_follow(&origin, attempt.url()) {
                attempt.follow()
            } else {
                let to = attempt.url().clone();
                attempt.error(CrossOrigin { to })
            }
        });
        let mut headers = HeaderMap::new();
        if let Some(token) = token {
            let mut key = HeaderValue::from_str(token.expose()).map_err(|_| {
                Error::new(
                    Kind::InvalidToken,
                    "the token cannot be sent in an HTTP header",
                )
            })?;
            key.set_sensitive(true);
            headers.insert(HeaderName::from_static(API_KEY_HEADER), key);
        }
        headers.insert(
            USER_AGENT,
            HeaderValue::from_static(concat!("nt3/", env!("CARGO_PKG_VERSION"))),
        );
        // The proxy comes from the settings, never from reqwest reading the environment.
        let mut builder = reqwest::Client::builder()
            .default_headers(headers)
            .redirect(policy)
            .connect_timeout(CONNECT_TIMEOUT.min(options.timeout))
            .timeout(options.timeout)
            .no_proxy();
        if let Some(proxy) = &options.proxy {
            builder = builder.proxy(proxy.to_reqwest()?);
        }
        let http = builder.build()?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        Ok(Self {
            core: Arc::new(Core {
                http,
                base,
                source,
                options,
            }),
            runtime,
        })
    }

    /// The shared part, for tasks that send requests concurrently inside [`Client::run`].
    pub fn core(&self) -> Arc<Core> {
        Arc::clone(&self.core)
    }

    /// Runs a future (several concurrent requests, say) to completion.
    pub fn run<F: std::future::Future>(&self, future: F) -> F::Output {
        self.runtime.block_on(future)
    }

    /// [`Core::send`], waiting for the answer.
    pub fn send_blocking(
        &self,
        method: Method,
        url: &Url,
        body: Option<&Body>,
        headers: &HeaderMap,
    ) -> Result<Response, Error> {
        self.runtime
            .block_on(self.core.send(method, url, body, headers, MAX_RESPONSE))
    }

    /// `GET path` expecting a JSON answer; any other status is an error.
    pub fn get_json(&self, path: &str) -> Result<Value, Error> {
        let url = self.url(path)?;
        let response = self.send_blocking(Method::GET, &url, None, &HeaderMap::new())?;
        if !response.status.is_success() {
            return Err(self.status_error(&Method::GET, &url, &response));
        }
        parse_json(&Method::GET, &url, &response)
    }

    /// A request with an optional JSON body, expecting JSON or nothing back; any status
    /// but a success is an error.
    pub fn request_json(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<Value, Error> {
        let url = self.url(path)?;
        let body = body.map(Body::json);
        let response =
            self.send_blocking(method.clone(), &url, body.as_ref(), &HeaderMap::new())?;
        if !response.status.is_success() {
            return Err(self.status_error(&method, &url, &response));
        }
        if response.body.is_empty() {
            return Ok(Value::Null);
        }
        parse_json(&method, &url, &response)
    }
}

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

impl std::ops::Deref for Client {
    type Target = Core;

    fn deref(&self) -> &Core {
        &self.core
    }
}

impl Core {
    pub fn base(&self) -> &ApiUrl {
        &self.base
    }

    /// The URL for `path`: `/api/…` joins onto the base as is, an absolute URL must share
    /// the base's origin, anything else goes under `/api/v1/`.
    pub fn url(&self, path: &str) -> Result<Url, Error> {
        if let Ok(url) = Url::parse(path) {
            if url.origin() != self.base.url().origin() {
                return Err(Error::new(
                    Kind::Usage,
                    format!(
                        "refusing to send the token to {}: it goes only to {}",
                        url.origin().ascii_serialization(),
                        self.base.url().origin().ascii_serialization()
                    ),
                ));
            }
            return Ok(url);
        }
        let base = self.base.to_string();
        let joined = if path.starts_with("/api/") {
            format!("{base}{path}")
        } else {
            format!("{base}/api/v1/{}", path.trim_start_matches('/'))
        };
        Url::parse(&joined)
            .map_err(|err| Error::new(Kind::Usage, format!("invalid API path `{path}`: {err}")))
    }

    /// Sends a request, retrying as the module documentation says, and returns the
    /// response whatever its status. An answer longer than `limit` bytes is an error.
    pub async fn send(
        &self,
        method: Method,
        url: &Url,
        body: Option<&Body>,
        headers: &HeaderMap,
        limit: u64,
    ) -> Result<Response, Error> {
        self.exchange(method, url, body, headers, Read::Upto(limit))
            .await
    }

    /// [`Core::send`] for a `GET` whose successful answer is read by the caller, a chunk
    /// at a time, from [`Response::stream`] (through [`Core::body_error`] for failures).
    pub async fn send_streamed(&self, url: &Url, headers: &HeaderMap) -> Result<Response, Error> {
        self.exchange(Method::GET, url, None, headers, Read::Stream)
            .await
    }

    /// [`Core::send_streamed`] for a Server-Sent Events stream, with `headers`; see
    /// [`MAX_EVENT_STREAM`].
    pub async fn open_events(&self, url: &Url, headers: &HeaderMap) -> Result<Response, Error> {
        self.exchange(Method::GET, url, None, headers, Read::Events)
            .await
    }

    /// How long a silence may last before a stream counts as dropped: the request
    /// timeout.
    pub fn idle_timeout(&self) -> Duration {
        self.options.timeout
    }

    /// The error for a failure while streaming an answer's body.
    pub fn body_error(&self, url: &Url, err: reqwest::Error) -> Error {
        self.transport_error(&Method::GET, url, err)
    }

    async fn exchange(
        &self,
        method: Method,
        url: &Url,
        body: Option<&Body>,
        headers: &HeaderMap,
        read: Read,
    ) -> Result<Response, Error> {
        let limit = match read {
            Read::Upto(limit) => limit,
            Read::Stream | Read::Events => MAX_RESPONSE,
        };
        let idempotent = matches!(
            method,
            Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS
        );
        let mut waited = Duration::ZERO;
        for attempt in 1.. {
            let result = self.once(&method, url, body, headers, read).await;
            let (wait, why) = match &result {
                Ok(response) if retryable_status(response.status, idempotent) => (
                    retry_after(&response.headers).unwrap_or_else(|| backoff(attempt)),
                    format!("the server answered {}", status_text(response.status)),
                ),
                Err(Failed::Http(err)) if idempotent && is_dropped_connection(err) => {
                    (backoff(attempt), "the connection was dropped".to_string())
                }
                _ => return result.map_err(|err| self.failed(&method, url, err, limit)),
            };
            // Saturating: a `Retry-After` of 2^64 seconds is just "too long".
            if !self.options.retries
                || attempt >= MAX_ATTEMPTS
                || waited.saturating_add(wait) > MAX_WAIT
            {
                return result.map_err(|err| self.failed(&method, url, err, limit));
            }
            crate::ui::notice(&format!(
                "{why}; retrying in {} (attempt {} of {MAX_ATTEMPTS})",
                seconds(wait),
                attempt + 1
            ));
            tokio::time::sleep(wait).await;
            waited = waited.saturating_add(wait);
        }
        unreachable!("the loop returns")
    }

    async fn once(
        &self,
        method: &Method,
        url: &Url,
        body: Option<&Body>,
        headers: &HeaderMap,
        read: Read,
    ) -> Result<Response, Failed> {
        let mut request = self
            .http
            .request(method.clone(), url.clone())
            .headers(headers.clone());
        if let Read::Events = read {
            request = request.timeout(MAX_EVENT_STREAM);
        }
        if let Some(body) = body {
            if !headers.contains_key(CONTENT_TYPE) {
                request = request.header(CONTENT_TYPE, body.content_type);
            }
            request = request.body(body.bytes.clone());
        }
        let mut response = request.send().await?;
        let status = response.status();
        let headers = response.headers().clone();
        let limit = match read {
            Read::Stream | Read::Events if status.is_success() => {
                return Ok(Response {
                    status,
                    headers,
                    body: Vec::new(),
                    stream: Some(response),
                });
            }
            Read::Stream | Read::Events => MAX_RESPONSE,
            Read::Upto(limit) => limit,
        };
        if response
            .content_length()
            .is_some_and(|length| length > limit)
        {
            return Err(Failed::TooLarge);
        }
        // Read in chunks and stop at the limit: an endless answer costs `limit` at most.
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await? {
            if (body.len() + chunk.len()) as u64 > limit {
                return Err(Failed::TooLarge);
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Response {
            status,
            headers,
            body,
            stream: None,
        })
    }

    fn failed(&self, method: &Method, url: &Url, failed: Failed, limit: u64) -> Error {
        match failed {
            Failed::Http(err) => self.transport_error(method, url, err),
            Failed::TooLarge => Error::new(
                Kind::Failure,
                format!(
                    "the answer to {method} {} is larger than {}; nt3 stopped reading it",
                    url.path(),
                    crate::fs::read::size(limit)
                ),
            ),
        }
    }

    /// The error for a response whose status is not a success.
    pub fn status_error(&self, method: &Method, url: &Url, response: &Response) -> Error {
        let status = response.status;
        let detail = match server_message(&response.body) {
            Some(message) => format!(": {message}"),
            None if !response.body.is_empty() && !is_json(&response.headers) => {
                format!(
                    " (the answer was {}, not JSON)",
                    content_type(&response.headers)
                )
            }
            None => String::new(),
        };
        let path = url.path();
        match status {
            StatusCode::UNAUTHORIZED => Error::new(
                Kind::NotAuthenticated,
                format!(
                    "the server rejected the token from {} ({}){detail}",
                    self.source,
                    status_text(status)
                ),
            )
            .with_hint("the token is invalid, expired or revoked; run `nt3 login` with a new one"),
            StatusCode::FORBIDDEN => Error::new(
                Kind::Forbidden,
                format!("forbidden: the token lacks permission for {method} {path}{detail}"),
            )
            .with_hint("use a token with access to this resource, or ask an organization admin"),
            StatusCode::NOT_FOUND => {
                Error::new(Kind::Failure, format!("not found: {method} {path}{detail}"))
            }
            StatusCode::TOO_MANY_REQUESTS => {
                let error = Error::new(
                    Kind::Failure,
                    format!(
                        "{method} {path} failed with {}{detail}",
                        status_text(status)
                    ),
                );
                const DAY: Duration = Duration::from_secs(24 * 60 * 60);
                match retry_after(&response.headers) {
                    // A hostile or broken server may ask for centuries.
                    Some(wait) if wait > DAY => error.with_hint(
                        "the server's rate limit asks to wait more than a day before trying again",
                    ),
                    Some(wait) => error.with_hint(format!(
                        "the server's rate limit asks to wait {} before trying again",
                        seconds(wait)
                    )),
                    None => error.with_hint("the server's rate limit was reached; try again later"),
                }
            }
            _ => Error::new(
                Kind::Failure,
                format!(
                    "{method} {path} failed with {}{detail}",
                    status_text(status)
                ),
            ),
        }
    }

    fn transport_error(&self, method: &Method, url: &Url, err: reqwest::Error) -> Error {
        let origin = url.origin().ascii_serialization();
        if let Some(cross) = find_source::<CrossOrigin>(&err) {
            return Error::new(
                Kind::Failure,
                format!(
                    "refusing to follow a redirect to {}: nt3 sends the token only to {origin}",
                    cross.to.origin().ascii_serialization()
                ),
            )
            .with_hint("check `api_url`: it should name the Entri API directly");
        }
        if err.is_timeout() {
            return Error::new(
                Kind::Failure,
                format!(
                    "no answer from {origin} within {}",
                    seconds(self.options.timeout)
                ),
            )
            .with_hint(self.options.timeout_hint.map_or_else(
                || {
                    format!(
                        "the server may be down or slow; `{NT3_TIMEOUT}` sets the limit in seconds"
                    )
                },
                String::from,
            ));
        }
        let cause = redact_tokens(&crate::error::root_cause(&err));
        if err.is_connect() {
            return Error::new(
                Kind::Failure,
                format!("cannot connect to {origin}: {cause}"),
            )
            .with_hint("check your network and the API URL shown by `nt3 status`");
        }
        Error::new(
            Kind::Failure,
            format!("{method} {} failed: {cause}", url.path()),
        )
    }
}

/// Parses a successful response as JSON, without quoting a body that is not.
pub fn parse_json(method: &Method, url: &Url, response: &Response) -> Result<Value, Error> {
    serde_json::from_slice(&response.body).map_err(|_| {
        Error::new(
            Kind::Failure,
            format!(
                "the answer to {method} {} is not JSON (it is {}, {} bytes)",
                url.path(),
                content_type(&response.headers),
                response.body.len()
            ),
        )
        .with_hint("a proxy or login page may stand between nt3 and the API; check `nt3 status`")
    })
}

/// The items and page count of a collection document.
pub fn collection(document: &Value) -> Option<(&Vec<Value>, u64)> {
    let data = document.get("data")?.as_array()?;
    let pages = document
        .pointer("/meta/totalPages")
        .and_then(Value::as_u64)
        .unwrap_or(1);
    Some((data, pages))
}

/// The `message` of the server's error envelope, redacted; a list is joined with `; `.
fn server_message(body: &[u8]) -> Option<String> {
    let envelope: Value = serde_json::from_slice(body).ok()?;
    let message = match envelope.get("message")? {
        Value::String(text) => text.clone(),
        Value::Array(items) => items
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join("; "),
        _ => return None,
    };
    Some(redact_tokens(&message))
}

pub fn status_text(status: StatusCode) -> String {
    match status.canonical_reason() {
        Some(reason) => format!("{} {reason}", status.as_u16()),
        None => status.as_u16().to_string(),
    }
}

fn is_json(headers: &HeaderMap) -> bool {
    content_type(headers).contains("json")
}

fn content_type(headers: &HeaderMap) -> String {
    headers
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .map_or("no content type".into(), |value| {
            value.split(';').next().unwrap_or(value).trim().to_string()
        })
}

fn retryable_status(status: StatusCode, idempotent: bool) -> bool {
    status == StatusCode::TOO_MANY_REQUESTS
        || (idempotent
            && matches!(
                status,
                StatusCode::BAD_GATEWAY
                    | StatusCode::SERVICE_UNAVAILABLE
                    | StatusCode::GATEWAY_TIMEOUT
            ))
}

/// A connection that was made and then lost; a refused connection is not retried, so
/// an unreachable server fails at once.
fn is_dropped_connection(err: &reqwest::Error) -> bool {
    !err.is_connect()
        && !err.is_timeout()
        && !err.is_redirect()
        && (err.is_request() || err.is_body())
}

/// `Retry-After` as seconds or as an HTTP date.
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(
        at.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

/// 0.5 s, 1 s, 2 s, … each with up to 50 % added at random.
fn backoff(attempt: u32) -> Duration {
    let base = Duration::from_millis(500) * 2u32.pow(attempt.saturating_sub(1).min(6));
    base + base.mul_f64(fastrand::f64() * 0.5)
}

fn seconds(duration: Duration) -> String {
    let secs = duration.as_secs_f64();
    if secs.fract() == 0.0 {
        format!("{secs:.0}s")
    } else {
        format!("{secs:.1}s")
    }
}

/// Whether a redirect keeps the token's origin: same scheme, host and port. This is
/// also what refuses an https→http downgrade.
fn may_follow(origin: &url::Origin, to: &Url) -> bool {
    to.origin() == *origin
}

/// Why one attempt failed.
#[derive(Debug)]
enum Failed {
    Http(reqwest::Error),
    /// The answer was longer than the caller's limit.
    TooLarge,
}

impl From<reqwest::Error> for Failed {
    fn from(err: reqwest::Error) -> Self {
        Self::Http(err)
    }
}

/// The redirect policy's refusal, found again in the error chain.
#[derive(Debug)]
struct CrossOrigin {
    to: Url,
}

impl std::fmt::Display for CrossOrigin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "redirect to another origin: {}",
            self.to.origin().ascii_serialization()
        )
    }
}

impl std::error::Error for CrossOrigin {}

fn find_source<'a, T: std::error::Error + 'static>(
    err: &'a (dyn std::error::Error + 'static),
) -> Option<&'a T> {
    let mut current = Some(err);
    while let Some(err) = current {
        if let Some(found) = err.downcast_ref::<T>() {
            return Some(found);
        }
        current = err.source();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client(base: &str) -> Client {
        let token = Token::parse("entri_unittest00000").unwrap();
        let options = Options {
            timeout: Duration::from_secs(1),
            retries: false,
            proxy: None,
            timeout_hint: None,
        };
        Client::new(ApiUrl::parse(base).unwrap(), token, "test".into(), options).unwrap()
    }

    #[test]
    fn paths_join_under_api_v1_unless_they_name_api() {
        let c = client("https://entri.example.com/base/");
        assert_eq!(
            c.url("projects").unwrap().as_str(),
            "https://entri.example.com/base/api/v1/projects"
        );
        assert_eq!(
            c.url("/projects?x=1").unwrap().as_str(),
            "https://entri.example.com/base/api/v1/projects?x=1"
        );
        assert_eq!(
            c.url("/api/v2/things").unwrap().as_str(),
            "https://entri.example.com/base/api/v2/things"
        );
        assert_eq!(
            c.url("https://entri.example.com/api/v1/x")
                .unwrap()
                .as_str(),
            "https://entri.example.com/api/v1/x"
        );
    }

    #[test]
    fn absolute_urls_to_another_origin_are_refused() {
        let c = client("https://entri.example.com");
        for other in [
            "https://evil.example.com/api/v1/x",
            "http://entri.example.com/api",
            "https://entri.example.com:444/",
        ] {
            let err = c.url(other).unwrap_err();
            assert!(
                err.to_string().starts_with("refusing to send the token to"),
                "{other}: {err}"
            );
        }
    }

    #[test]
    fn redirects_keep_scheme_host_and_port() {
        let origin = Url::parse("https://entri.example.com/api/v1/x")
            .unwrap()
            .origin();
        let may = |to: &str| may_follow(&origin, &Url::parse(to).unwrap());
        assert!(may("https://entri.example.com/other"));
        assert!(may("https://entri.example.com:443/other"));
        assert!(
            !may("http://entri.example.com/other"),
            "https→http downgrade"
        );
        assert!(!may("https://entri.example.com:8443/other"));
        assert!(!may("https://evil.example.com/other"));
        let loopback = Url::parse("http://127.0.0.1:8080").unwrap().origin();
        assert!(!may_follow(
            &loopback,
            &Url::parse("http://localhost:8080/x").unwrap()
        ));
    }

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_static("7"));
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(7)));
        let later = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(30));
        headers.insert(RETRY_AFTER, HeaderValue::from_str(&later).unwrap());
        let wait = retry_after(&headers).unwrap();
        assert!(
            wait > Duration::from_secs(28) && wait <= Duration::from_secs(30),
            "{wait:?}"
        );
        headers.insert(
            RETRY_AFTER,
            HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT"),
        );
        assert_eq!(
            retry_after(&headers),
            Some(Duration::ZERO),
            "a date in the past means now"
        );
    }

    #[test]
    fn backoff_grows_with_jitter() {
        for attempt in 1..=3 {
            let base = Duration::from_millis(500) * 2u32.pow(attempt - 1);
            let wait = backoff(attempt);
            assert!(
                wait >= base && wait <= base.mul_f64(1.5),
                "{attempt}: {wait:?}"
            );
        }
    }

    #[test]
    fn only_429_is_retried_for_non_idempotent_methods() {
        assert!(retryable_status(StatusCode::TOO_MANY_REQUESTS, false));
        assert!(!retryable_status(StatusCode::SERVICE_UNAVAILABLE, false));
        assert!(retryable_status(StatusCode::SERVICE_UNAVAILABLE, true));
        assert!(!retryable_status(StatusCode::UNAUTHORIZED, true));
        assert!(!retryable_status(StatusCode::FORBIDDEN, true));
        assert!(!retryable_status(StatusCode::INTERNAL_SERVER_ERROR, true));
    }

    #[test]
    fn server_messages_are_joined_and_redacted() {
        let body = br#"{"statusCode": 400, "message": ["name is required", "token entri_leaked123 is odd"]}"#;
        assert_eq!(
            server_message(body).unwrap(),
            "name is required; token entri_[REDACTED] is odd"
        );
        assert_eq!(server_message(b"<html>"), None);
    }
}
