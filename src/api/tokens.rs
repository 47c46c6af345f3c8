//! API tokens: checking one, listing, creating and revoking them.

use std::time::Duration;

use reqwest::Method;
use reqwest::header::HeaderMap;
use serde::Deserialize;
use serde_json::{Map, Value};
use url::Url;

use super::{IdFields, all, decode, decode_answer, optional, resource, unwrap_envelope, v1};
use crate::error::{Error, Kind};
use crate::http::api_url::ApiUrl;
use crate::http::{Client, Options};
use crate::types::names::Id;
use crate::types::secret::Token;
use crate::types::text::Untrusted;

/// An API token as the token list describes it (never the token itself).
#[derive(Debug, Clone, Deserialize)]
pub struct ApiToken {
    #[serde(flatten)]
    id_fields: IdFields,
    #[serde(default)]
    pub name: Option<Untrusted>,
    #[serde(default, rename = "createdAt")]
    pub created_at: Option<Untrusted>,
    #[serde(default, rename = "expiresAt")]
    pub expires_at: Option<Untrusted>,
    #[serde(default, rename = "lastUsedAt")]
    pub last_used_at: Option<Untrusted>,
    /// The token's last four characters, or a masked `preview` ending in them: what
    /// tells which listed token is the active one when the server has no
    /// [`CURRENT`] route, and only when no other listed token shares them.
    #[serde(default, rename = "lastFour")]
    pub last_four: Option<Untrusted>,
    #[serde(default)]
    pub preview: Option<Untrusted>,
    #[serde(default)]
    pub scopes: Option<Vec<Untrusted>>,
}

impl ApiToken {
    pub fn id(&self) -> Option<&Id> {
        self.id_fields.get()
    }

    /// Whether this entry ends as `token` does: its `lastFour`, or the last four
    /// characters of its `preview` when they are not masked.
    pub fn ends_like(&self, token: &Token) -> bool {
        let secret = token.expose();
        let Some(tail) = secret.get(secret.len().saturating_sub(4)..) else {
            return false;
        };
        let shown = |value: &Untrusted| {
            let value = value.raw();
            value.len() >= 4
                && value.is_char_boundary(value.len() - 4)
                && value[value.len() - 4..]
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric())
                && &value[value.len() - 4..] == tail
        };
        match (&self.last_four, &self.preview) {
            (Some(last_four), _) => last_four.raw() == tail,
            (None, Some(preview)) => shown(preview),
            (None, None) => false,
        }
    }

    /// The token as `nt3 tokens list --json` shows it (names as the API spells them).
    pub fn to_json(&self) -> Value {
        let mut object = Map::new();
        if let Some(id) = self.id() {
            object.insert("id".into(), id.as_str().into());
        }
        let mut put = |key: &str, value: &Option<Untrusted>| {
            if let Some(value) = value {
                object.insert(key.into(), value.raw().into());
            }
        };
        put("name", &self.name);
        put("createdAt", &self.created_at);
        put("expiresAt", &self.expires_at);
        put("lastUsedAt", &self.last_used_at);
        put("lastFour", &self.last_four);
        put("preview", &self.preview);
        if let Some(scopes) = &self.scopes {
            let scopes: Vec<&str> = scopes.iter().map(Untrusted::raw).collect();
            object.insert("scopes".into(), scopes.into());
        }
        Value::Object(object)
    }
}

/// The answer to creating a token: the token, once, and its description.
#[derive(Debug, Deserialize)]
pub struct CreatedToken {
    token: String,
    #[serde(flatten)]
    pub about: ApiToken,
}

impl CreatedToken {
    /// The token, if it passes the format rules.
    pub fn token(&self) -> Result<Token, Error> {
        Token::parse(&self.token).map_err(|err| {
            Error::new(
                Kind::Failure,
                format!("the server sent a token nt3 cannot use: {err}"),
            )
        })
    }
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

/// Which token is making the request: the route nt3 asks (†, see the module table).
/// The server verifies the key itself (BetterAuth's `verifyApiKey`) and answers with its
/// entry in the token list.
pub const CURRENT: [&str; 2] = ["tokens", "current"];

/// The token `client` sends, as the server describes it; `None` when the server has no
/// such route and so cannot say. nt3 never guesses it from a listing.
pub fn current(client: &Client) -> Result<Option<ApiToken>, Error> {
    let url = v1(client, &CURRENT);
    let Some(response) = optional(client, &url)? else {
        return Ok(None);
    };
    let document: Value = decode_answer(&url, &response, "the current token")?;
    decode(resource(document)?, "the current token").map(Some)
}

/// [`current`], bounded as a check is: for `login` and `status --check`, which only
/// mention it.
pub fn identify(
    base: ApiUrl,
    token: Token,
    source: String,
    mut options: Options,
) -> Option<ApiToken> {
    options.timeout = options.timeout.min(CHECK_TIMEOUT);
    options.retries = false;
    let client = Client::new(base, token, source, options).ok()?;
    current(&client).ok().flatten()
}

fn check(client: &Client) -> Check {
    let mut url = v1(client, &["projects"]);
    url.query_pairs_mut().append_pair("limit", "1");
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

/// Whose tokens `nt3 tokens` manages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenOwner {
    Organization(Id),
    Project(Id),
}

impl TokenOwner {
    /// `…/organizations/:id/tokens[/:tokenId]` or `…/projects/:id/tokens[/:tokenId]`.
    pub(super) fn tokens_url(&self, client: &crate::http::Core, token: Option<&Id>) -> Url {
        let (kind, id) = match self {
            Self::Organization(id) => ("organizations", id),
            Self::Project(id) => ("projects", id),
        };
        let mut segments = vec![kind, id.as_str(), "tokens"];
        segments.extend(token.map(Id::as_str));
        v1(client, &segments)
    }
}

pub fn list_tokens(client: &Client, owner: &TokenOwner) -> Result<Vec<ApiToken>, Error> {
    all(client, owner.tokens_url(client, None), "tokens")
}

/// A token to create: `{"name", "expiresAt"?, "scopes"?}`, the one body every way of
/// creating a token sends (`tokens create`, `tokens rotate`, `login --email`).
#[derive(Debug, Clone)]
pub struct NewToken {
    pub name: String,
    pub expires_at: Option<jiff::Timestamp>,
    /// Empty: the server's default scopes.
    pub scopes: Vec<String>,
}

impl NewToken {
    pub fn body(&self) -> Value {
        let mut body = serde_json::json!({ "name": self.name });
        if let Some(at) = self.expires_at {
            // Whole seconds: `2026-12-31T12:00:00Z`, as servers and people write it.
            let seconds = jiff::Timestamp::from_second(at.as_second()).unwrap_or(at);
            body["expiresAt"] = seconds.to_string().into();
        }
        if !self.scopes.is_empty() {
            body["scopes"] = self.scopes.clone().into();
        }
        body
    }
}

pub fn create_token(
    client: &Client,
    owner: &TokenOwner,
    new: &NewToken,
) -> Result<CreatedToken, Error> {
    let url = owner.tokens_url(client, None);
    let created = client.request_json(Method::POST, &url, Some(&new.body()))?;
    decode(resource(created)?, "the created token")
}

pub fn revoke_token(client: &Client, owner: &TokenOwner, id: &Id) -> Result<(), Error> {
    let url = owner.tokens_url(client, Some(id));
    let answer = client.request_json(Method::DELETE, &url, None)?;
    unwrap_envelope(answer).map(drop)
}
