//! The success path: a successful answer read as JSON, counted before anything decodes
//! it, and refused without quoting it when it is not JSON.

use reqwest::Method;
use serde_json::Value;
use url::Url;

use super::errors::content_type;
use super::response::{self, Census, MAX_VALUES, Response};
use crate::error::{Error, Kind};

/// Parses a successful response as JSON, without quoting a body that is not, once
/// [`census`] has passed it.
pub fn parse_json(method: &Method, url: &Url, response: &Response) -> Result<Value, Error> {
    census(method, url, response)?;
    serde_json::from_slice(&response.body).map_err(|_| not_json(method, url, response))
}

/// The gate every answer nt3 decodes passes first: it is JSON, with at most
/// [`MAX_VALUES`] values; how many it holds.
pub fn census(method: &Method, url: &Url, response: &Response) -> Result<u64, Error> {
    match response::census(&response.body, MAX_VALUES) {
        Census::Values(values) => Ok(values),
        Census::NotJson => Err(not_json(method, url, response)),
        Census::TooMany => Err(Error::new(
            Kind::Failure,
            format!(
                "the answer to {method} {} holds more than {MAX_VALUES} JSON values; nt3 stopped reading it",
                url.path()
            ),
        )),
    }
}

/// The error for a successful answer that is not JSON at all, without quoting it.
pub fn not_json(method: &Method, url: &Url, response: &Response) -> Error {
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
}
