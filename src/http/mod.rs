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
//!
//! The transport only: it knows no endpoint and no Entri document ([`crate::api`] does),
//! and never decides which token or URL to use ([`crate::auth`] does).

use std::sync::Arc;
use std::time::Duration;

use anyhow::Result;
use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue, USER_AGENT};
use reqwest::{Method, redirect};
use serde_json::Value;
use url::Url;

use crate::env_vars::{Invalid, settled};
use crate::error::{Error, Kind};
use crate::types::secret::Token;
use crate::ui::{Message, msg};

pub mod api_url;
mod errors;
mod json;
pub mod proxy;
mod response;
mod retry;

use api_url::{ApiUrl, Origin};
pub use errors::status_text;
use errors::{CrossOrigin, Patience, seconds};
pub use json::{census, parse_json};
use proxy::Proxy;
use response::Failed;
pub use response::{Body, MAX_VALUES, Response};
use retry::{backoff, is_dropped_connection, retry_after, retryable_status};

pub const API_KEY_HEADER: &str = "x-api-key";
pub const MAX_ATTEMPTS: u32 = 3;
pub const MAX_WAIT: Duration = Duration::from_secs(60);
/// The most nt3 reads of one answer, unless a caller allows more (exports).
pub const MAX_RESPONSE: u64 = 16 * 1024 * 1024;
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const MAX_REDIRECTS: usize = 10;

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

/// What the HTTP layer needs of the world, read once at start-up: `NT3_TIMEOUT` and the
/// proxy variables, each kept as read so that only a command that talks to a server
/// reports a bad one.
#[derive(Debug, Clone)]
pub struct Settings {
    pub timeout: Result<Duration, Invalid>,
    pub proxy: Option<Result<Proxy, Invalid>>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            timeout: Ok(DEFAULT_TIMEOUT),
            proxy: None,
        }
    }
}

impl Settings {
    /// How a client behaves under these settings: the timeout, retries and the proxy;
    /// its retries are told on `ui`'s stderr.
    pub fn options(&self, ui: &crate::ui::Ui) -> Result<Options, Error> {
        Ok(Options {
            notices: ui.notices(),
            timeout: self.timeout.clone().map_err(|invalid| invalid.error())?,
            retries: true,
            proxy: settled(self.proxy.as_ref())?.cloned(),
            timeout_hint: None,
        })
    }
}

/// A request may take this long unless `NT3_TIMEOUT` says otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// The longest `NT3_TIMEOUT` accepted: one day.
pub const MAX_TIMEOUT: Duration = Duration::from_secs(24 * 60 * 60);

/// How a client behaves: how long it waits, whether it retries, and its proxy.
#[derive(Debug, Clone)]
pub struct Options {
    pub timeout: Duration,
    pub retries: bool,
    pub proxy: Option<Proxy>,
    /// What to say when `timeout` runs out, if not the usual hint about `NT3_TIMEOUT`.
    pub timeout_hint: Option<&'static str>,
    /// Where a retry is told: the command's stderr.
    pub notices: crate::ui::Notices,
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
        let origin = base.origin();
        let policy = redirect::Policy::custom(move |attempt| {
            if attempt.previous().len() >= MAX_REDIRECTS {
                attempt.error(format!("more than {MAX_REDIRECTS} redirects"))
            } else if origin.holds(attempt.url()) {
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

    /// What makes a client with the same origin and settings, but no token and a
    /// connection pool and runtime of its own: for work on another thread while this
    /// client's runtime may be stuck behind a blocking call (the interruption handler's
    /// sign-out). Nothing is built until it is called.
    pub fn detached_without_token(&self) -> impl FnOnce() -> Result<Self> + Send + 'static {
        let (base, options) = (self.base.clone(), self.core.options.clone());
        move || Self::without_token(base, options)
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

    /// `GET url`'s answer (at most [`MAX_RESPONSE`] bytes); any status but a success is
    /// an error.
    pub fn get(&self, url: &Url) -> Result<Response, Error> {
        let response = self.send_blocking(Method::GET, url, None, &HeaderMap::new())?;
        if !response.status.is_success() {
            return Err(self.status_error(&Method::GET, url, &response));
        }
        Ok(response)
    }

    /// `GET url` expecting a JSON answer; any other status is an error.
    pub fn get_json(&self, url: &Url) -> Result<Value, Error> {
        let response = self.send_blocking(Method::GET, url, None, &HeaderMap::new())?;
        if !response.status.is_success() {
            return Err(self.status_error(&Method::GET, url, &response));
        }
        parse_json(&Method::GET, url, &response)
    }

    /// A request with an optional JSON body, expecting JSON or nothing back; any status
    /// but a success is an error.
    pub fn request_json(
        &self,
        method: Method,
        url: &Url,
        body: Option<&Value>,
    ) -> Result<Value, Error> {
        let body = body.map(Body::json);
        let response = self.send_blocking(method.clone(), url, body.as_ref(), &HeaderMap::new())?;
        if !response.status.is_success() {
            return Err(self.status_error(&method, url, &response));
        }
        if response.body.is_empty() {
            return Ok(Value::Null);
        }
        parse_json(&method, url, &response)
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

    /// The URL of an endpoint: the base, then `segments`, each one percent-encoded as one
    /// path segment, so no value (an id, a language code) can add a segment, a query or a
    /// fragment. Every request nt3 builds itself starts here; queries are added with
    /// `query_pairs_mut`.
    pub fn endpoint(&self, segments: &[&str]) -> Url {
        let mut url = self.base.url_for_segments();
        url.path_segments_mut()
            .expect("an http(s) URL has path segments")
            .pop_if_empty()
            .extend(segments);
        url
    }

    /// The URL for a path the user typed (`nt3 api`): `/api/…` joins onto the base as is,
    /// an absolute URL must share the base's origin, anything else goes under `/api/v1/`.
    pub fn url(&self, path: &str) -> Result<Url, Error> {
        if let Ok(url) = Url::parse(path) {
            let origin = self.base.origin();
            if !origin.holds(&url) {
                return Err(Error::new(
                    Kind::Usage,
                    format!(
                        "refusing to send the token to {}: it goes only to {origin}",
                        Origin::of(&url),
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
        errors::transport_error(self.patience(), &Method::GET, url, err)
    }

    /// The error for a response whose status is not a success.
    pub fn status_error(&self, method: &Method, url: &Url, response: &Response) -> Error {
        errors::status_error(&self.source, method, url, response)
    }

    fn patience(&self) -> Patience {
        Patience {
            timeout: self.options.timeout,
            hint: self.options.timeout_hint,
        }
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
                    msg!("the server answered {}", status_text(response.status)),
                ),
                Err(Failed::Http(err)) if idempotent && is_dropped_connection(err) => (
                    backoff(attempt),
                    Message::from("the connection was dropped"),
                ),
                _ => {
                    return result
                        .map_err(|err| errors::failed(self.patience(), &method, url, err, limit));
                }
            };
            // Saturating: a `Retry-After` of 2^64 seconds is just "too long".
            if !self.options.retries
                || attempt >= MAX_ATTEMPTS
                || waited.saturating_add(wait) > MAX_WAIT
            {
                return result
                    .map_err(|err| errors::failed(self.patience(), &method, url, err, limit));
            }
            self.options.notices.warning(&msg!(
                "{}; retrying in {} (attempt {} of {})",
                why,
                seconds(wait),
                attempt + 1,
                MAX_ATTEMPTS
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
            request = request.body(body.for_request());
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
        // A stated length is reserved at once (it is within the limit), so the body is
        // not copied as it grows.
        let stated = response.content_length().unwrap_or(0);
        let mut body = Vec::with_capacity(usize::try_from(stated).unwrap_or(0));
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
            notices: crate::ui::Ui::stdio(false).notices(),
        };
        Client::new(ApiUrl::parse(base).unwrap(), token, "test".into(), options).unwrap()
    }

    #[test]
    fn endpoints_encode_each_segment() {
        let c = client("https://entri.example.com/base/");
        assert_eq!(
            c.endpoint(&["api", "v1", "projects", "p1", "export", "pt-BR"])
                .as_str(),
            "https://entri.example.com/base/api/v1/projects/p1/export/pt-BR"
        );
        assert_eq!(
            c.endpoint(&["api", "v1", "tokens", "../x?y#z"]).as_str(),
            "https://entri.example.com/base/api/v1/tokens/..%2Fx%3Fy%23z"
        );
        let bare = client("https://entri.example.com");
        assert_eq!(
            bare.endpoint(&["api", "user", "me"]).as_str(),
            "https://entri.example.com/api/user/me"
        );
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

    /// A retry is told on the command's own stderr (the `Ui` it was made from), in
    /// order with the command's other messages, not on the process's.
    #[test]
    fn a_retry_is_told_through_the_commands_ui() {
        use std::io::{BufRead, BufReader, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let server = std::thread::spawn(move || {
            for status in ["503 Service Unavailable", "200 OK"] {
                let (stream, _) = listener.accept().unwrap();
                let mut reader = BufReader::new(stream);
                let mut line = String::new();
                while reader.read_line(&mut line).unwrap() > 2 {
                    line.clear();
                }
                let answer = format!(
                    "HTTP/1.1 {status}\r\nretry-after: 0\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{{}}"
                );
                reader.get_mut().write_all(answer.as_bytes()).unwrap();
            }
        });
        let (mut ui, _, err) = crate::ui::Ui::captured(false);
        ui.info("before");
        let mut options = client(&base).core.options.clone();
        options.retries = true;
        options.notices = ui.notices();
        let token = Token::parse("entri_unittest00000").unwrap();
        let c = Client::new(ApiUrl::parse(&base).unwrap(), token, "test".into(), options).unwrap();
        c.get_json(&c.endpoint(&["api", "v1", "projects"])).unwrap();
        ui.info("after");
        server.join().unwrap();
        assert_eq!(
            err.text(),
            "before\nwarning: the server answered 503 Service Unavailable; retrying in 0s (attempt 2 of 3)\nafter\n"
        );
    }
}
