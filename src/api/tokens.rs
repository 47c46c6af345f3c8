//! API tokens: checking one, listing, creating and revoking them.

use super::account::organizations;
use super::{Id, PROJECTS, all, decode, resource, unwrap_envelope};
use crate::error::{Error, Kind};
use crate::http::api_url::ApiUrl;
use crate::http::{Client, Options};
use crate::types::secret::Token;
use reqwest::Method;
use reqwest::header::HeaderMap;
use serde::Deserialize;
use serde_json::{Map, Value};
use std::time::Duration;

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

/// Whose tokens `nt3 tokens` manages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenOwner {
    Organization(String),
    Project(String),
}

impl TokenOwner {
    pub(super) fn tokens_path(&self) -> String {
        match self {
            Self::Organization(id) => format!("organizations/{id}/tokens"),
            Self::Project(id) => format!("projects/{id}/tokens"),
        }
    }
}

pub fn list_tokens(client: &Client, owner: &TokenOwner) -> Result<Vec<ApiToken>, Error> {
    all(client, &owner.tokens_path(), "tokens")
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
            body["expiresAt"] = at.to_string().into();
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
    let created = client.request_json(Method::POST, &owner.tokens_path(), Some(&new.body()))?;
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
