//! What a failed request says: the server's message, redacted, or what went wrong on
//! the way, with a hint where one helps.

use std::time::Duration;

use reqwest::header::{CONTENT_TYPE, HeaderMap};
use reqwest::{Method, StatusCode};
use serde_json::Value;
use url::Url;

use super::api_url::Origin;
use super::response::{Census, Failed, MAX_VALUES, Response};
use super::retry::retry_after;
use crate::env_vars::NT3_TIMEOUT;
use crate::error::{Error, Kind};
use crate::types::secret::redact_tokens;
use crate::ui::{Message, msg};

/// How long a request may wait, and what to say when it runs out.
#[derive(Debug, Clone, Copy)]
pub(super) struct Patience {
    pub timeout: Duration,
    pub hint: Option<&'static str>,
}

/// The error for an attempt that got no usable answer.
pub(super) fn failed(
    patience: Patience,
    method: &Method,
    url: &Url,
    failed: Failed,
    limit: u64,
) -> Error {
    match failed {
        Failed::Http(err) => transport_error(patience, method, url, err),
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

/// The error for a response whose status is not a success; `source` says where the
/// token came from, for a 401.
pub(super) fn status_error(source: &str, method: &Method, url: &Url, response: &Response) -> Error {
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
                source,
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

/// The error for a request that got no answer: refused, timed out, redirected away.
pub(super) fn transport_error(
    patience: Patience,
    method: &Method,
    url: &Url,
    err: reqwest::Error,
) -> Error {
    let origin = Origin::of(url);
    if let Some(cross) = find_source::<CrossOrigin>(&err) {
        return Error::new(
            Kind::Failure,
            format!(
                "refusing to follow a redirect to {}: nt3 sends the token only to {origin}",
                Origin::of(&cross.to)
            ),
        )
        .with_hint("check `api_url`: it should name the Entri API directly");
    }
    if err.is_timeout() {
        return Error::new(
            Kind::Failure,
            format!(
                "no answer from {origin} within {}",
                seconds(patience.timeout)
            ),
        )
        .with_hint(patience.hint.map_or_else(
            || format!("the server may be down or slow; `{NT3_TIMEOUT}` sets the limit in seconds"),
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

/// The `message` of the server's error envelope, redacted; a list is joined with `; `.
fn server_message(body: &[u8]) -> Option<String> {
    if !matches!(super::response::census(body, MAX_VALUES), Census::Values(_)) {
        return None;
    }
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

pub fn status_text(status: StatusCode) -> Message {
    match status.canonical_reason() {
        Some(reason) => msg!("{} {}", status.as_u16(), reason),
        None => msg!("{}", status.as_u16()),
    }
}

fn is_json(headers: &HeaderMap) -> bool {
    content_type(headers).contains("json")
}

pub(super) fn content_type(headers: &HeaderMap) -> String {
    headers
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .map_or("no content type".into(), |value| {
            value.split(';').next().unwrap_or(value).trim().to_string()
        })
}

pub fn seconds(duration: Duration) -> Message {
    let tenths = duration.as_millis().div_ceil(100);
    match tenths % 10 {
        0 => msg!("{}s", (tenths / 10) as u64),
        fraction => msg!("{}.{}s", (tenths / 10) as u64, fraction as u64),
    }
}

/// The redirect policy's refusal, found again in the error chain.
#[derive(Debug)]
pub(super) struct CrossOrigin {
    pub(super) to: Url,
}

impl std::fmt::Display for CrossOrigin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "redirect to another origin: {}", Origin::of(&self.to))
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
