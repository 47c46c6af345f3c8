//! What goes out and comes back: a request body, a response, and why an attempt failed.

use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde_json::Value;

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
