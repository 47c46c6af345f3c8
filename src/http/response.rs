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

/// The most JSON values (objects, arrays, keys, strings, numbers…) nt3 decodes from one
/// answer, or from all the pages of one listing. Decoded, a value costs far more than
/// its text (a two-letter string: 5 bytes of text, some 56 in memory), so the byte
/// limits alone would let a 16 MiB answer of tiny values take hundreds of MiB; with this
/// limit decoding stays in tens of MiB. Real answers hold a few thousand.
pub const MAX_VALUES: u64 = 200_000;

/// What counting a body's JSON values found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Census {
    /// The body is JSON with this many values, at most the limit it was counted against.
    Values(u64),
    /// The body is JSON, or starts as JSON, with more values than the limit.
    TooMany,
    /// The body is not JSON.
    NotJson,
}

/// Counts the JSON values of `body` up to `limit`, keeping none of them: a pass that
/// costs no memory, made before a body is decoded into anything.
pub fn census(body: &[u8], limit: u64) -> Census {
    let seen = std::cell::Cell::new(0);
    let mut de = serde_json::Deserializer::from_slice(body);
    let counted = serde::de::DeserializeSeed::deserialize(Count { seen: &seen, limit }, &mut de)
        .and_then(|()| de.end());
    match counted {
        Ok(()) => Census::Values(seen.get()),
        Err(_) if seen.get() > limit => Census::TooMany,
        Err(_) => Census::NotJson,
    }
}

/// Walks a JSON value as `serde::de::IgnoredAny` does, counting each value it meets and
/// stopping once there are more than `limit`.
#[derive(Clone, Copy)]
struct Count<'a> {
    seen: &'a std::cell::Cell<u64>,
    limit: u64,
}

impl Count<'_> {
    fn one<E: serde::de::Error>(self) -> Result<(), E> {
        let seen = self.seen.get() + 1;
        self.seen.set(seen);
        if seen > self.limit {
            return Err(E::custom("too many values"));
        }
        Ok(())
    }
}

impl<'de> serde::de::DeserializeSeed<'de> for Count<'_> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Count<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<(), E> {
        self.one()
    }

    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<(), E> {
        self.one()
    }

    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<(), E> {
        self.one()
    }

    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<(), E> {
        self.one()
    }

    fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<(), E> {
        self.one()
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<(), E> {
        self.one()
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.one()?;
        while seq.next_element_seed(self)?.is_some() {}
        Ok(())
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        self.one()?;
        while map.next_key_seed(self)?.is_some() {
            map.next_value_seed(self)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_counted_up_to_the_limit() {
        assert_eq!(
            census(br#"{"a": [1, "x", null, {"b": true}]}"#, 100),
            Census::Values(9)
        );
        assert_eq!(census(b"[]", 1), Census::Values(1));
        assert_eq!(census(br#"["de","de","de"]"#, 3), Census::TooMany);
        let tiny = format!("[{}\"de\"]", "\"de\",".repeat(1_000_000));
        assert_eq!(census(tiny.as_bytes(), MAX_VALUES), Census::TooMany);
    }

    #[test]
    fn what_is_not_json_is_said_so() {
        assert_eq!(census(b"<html>", 100), Census::NotJson);
        assert_eq!(census(b"[1, 2", 100), Census::NotJson);
        assert_eq!(census(b"[1] [2]", 100), Census::NotJson);
        assert_eq!(census(b"", 100), Census::NotJson);
    }
}
