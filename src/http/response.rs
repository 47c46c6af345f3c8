//! What goes out and comes back: a request body, a response, and why an attempt failed.

use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde_json::Value;

/// A request body and its content type.
pub struct Body {
    payload: Payload,
    pub content_type: &'static str,
}

enum Payload {
    /// Shared, so a retry sends the same bytes without copying them.
    Bytes(bytes::Bytes),
    /// Made afresh for each attempt, and streamed: a large file is never held whole.
    Stream(Box<dyn Fn() -> reqwest::Body + Send + Sync>),
}

impl Body {
    pub fn bytes(bytes: impl Into<bytes::Bytes>, content_type: &'static str) -> Self {
        Self {
            payload: Payload::Bytes(bytes.into()),
            content_type,
        }
    }

    /// A body streamed from what `make` returns, called once per attempt.
    pub fn stream(
        make: impl Fn() -> reqwest::Body + Send + Sync + 'static,
        content_type: &'static str,
    ) -> Self {
        Self {
            payload: Payload::Stream(Box::new(make)),
            content_type,
        }
    }

    /// A JSON document.
    pub fn json(value: &Value) -> Self {
        Self::bytes(value.to_string(), "application/json")
    }

    /// The body for one attempt.
    pub(super) fn for_request(&self) -> reqwest::Body {
        match &self.payload {
            Payload::Bytes(bytes) => bytes.clone().into(),
            Payload::Stream(make) => make(),
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

/// Why one attempt failed.
#[derive(Debug)]
pub(super) enum Failed {
    Http(reqwest::Error),
    /// The answer was longer than the caller's limit.
    TooLarge,
}

impl From<reqwest::Error> for Failed {
    fn from(err: reqwest::Error) -> Self {
        Self::Http(err)
    }
}
