//! Signing in with a password or a device code, and what a signed-in session may do:
//! list organizations, mint a token, sign out. The session's credentials go only to the
//! API's origin.

use reqwest::Method;
use reqwest::header::{HeaderMap, HeaderValue};
use serde::Deserialize;
use serde_json::Value;
use url::Url;

use super::account::{Organization, organizations_url};
use super::tokens::{CreatedToken, NewToken, TokenOwner};
use super::{decode, resource};
use crate::error::{Error, Kind};
use crate::http::{Body, Client, Core};
use crate::types::names::Id;
use crate::types::text::Untrusted;

/// `/api/auth/<segments…>`, BetterAuth's routes.
fn auth(client: &Core, segments: &[&str]) -> Url {
    let mut all = vec!["api", "auth"];
    all.extend_from_slice(segments);
    client.endpoint(&all)
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
    let url = auth(client, &["sign-in", "email"]);
    let body = Body::json(&serde_json::json!({ "email": email, "password": password.expose() }));
    let response = client
        .send_blocking(Method::POST, &url, Some(&body), &origin(client))
        .map_err(SignInError::Other)?;
    let answer: Value =
        crate::http::parse_json(&Method::POST, &url, &response).unwrap_or(Value::Null);
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
    pub user_code: Untrusted,
    pub verification_uri: Untrusted,
    #[serde(default)]
    pub verification_uri_complete: Option<Untrusted>,
    pub expires_in: u64,
    #[serde(default)]
    pub interval: Option<u64>,
}

/// The client id nt3 asks for device codes with.
const DEVICE_CLIENT_ID: &str = "nt3-cli";

/// `POST /api/auth/device/code`; `None` when the server has no device endpoint.
pub fn device_code(client: &Client) -> Result<Option<DeviceCode>, Error> {
    let url = auth(client, &["device", "code"]);
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
    let url = auth(client, &["device", "token"]);
    let body = Body::json(&serde_json::json!({
        "grant_type": "urn:ietf:params:oauth:grant-type:device_code",
        "device_code": code.device_code,
        "client_id": DEVICE_CLIENT_ID,
    }));
    let response = client.send_blocking(Method::POST, &url, Some(&body), &origin(client))?;
    let answer: Value =
        crate::http::parse_json(&Method::POST, &url, &response).unwrap_or(Value::Null);
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
    url: &Url,
    body: Option<&Value>,
) -> Result<Value, Error> {
    with_session_if_found(client, session, method.clone(), url, body)?
        .ok_or_else(|| Error::new(Kind::Failure, format!("not found: {method} {}", url.path())))
}

/// [`with_session`], with `None` for a 404: the server has no such route.
fn with_session_if_found(
    client: &Client,
    session: &Session,
    method: Method,
    url: &Url,
    body: Option<&Value>,
) -> Result<Option<Value>, Error> {
    let Some(bytes) = session_bytes(client, session, method.clone(), url, body)? else {
        return Ok(None);
    };
    if bytes.is_empty() {
        return Ok(Some(Value::Null));
    }
    super::decode_bytes(&bytes, "the answer").map(Some)
}

/// The body of a request made with the session's cookie; `None` for a 404.
fn session_bytes(
    client: &Client,
    session: &Session,
    method: Method,
    url: &Url,
    body: Option<&Value>,
) -> Result<Option<Vec<u8>>, Error> {
    let body = body.map(Body::json);
    let response = client.send_blocking(method.clone(), url, body.as_ref(), &session.cookie)?;
    if response.status == reqwest::StatusCode::NOT_FOUND {
        return Ok(None);
    }
    if !response.status.is_success() {
        return Err(client.status_error(&method, url, &response));
    }
    if !response.body.is_empty() {
        crate::http::census(&method, url, &response)?;
    }
    Ok(Some(response.body))
}

/// The organizations of the signed-in user; `None` when the server has no such route
/// (a plain BetterAuth server: its keys belong to the user).
pub fn session_organizations(
    client: &Client,
    session: &Session,
) -> Result<Option<Vec<Organization>>, Error> {
    let url = organizations_url(client);
    let Some(body) = session_bytes(client, session, Method::GET, &url, None)? else {
        return Ok(None);
    };
    super::page_items(&body, "organizations").map(Some)
}

/// Creates a token with the session's rights; `None` when the server has no such route.
pub fn session_create_token(
    client: &Client,
    session: &Session,
    owner: &TokenOwner,
    new: &NewToken,
) -> Result<Option<CreatedToken>, Error> {
    let url = owner.tokens_url(client, None);
    let Some(created) =
        with_session_if_found(client, session, Method::POST, &url, Some(&new.body()))?
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
    let url = auth(client, &["api-key", "create"]);
    let mut created = with_session(client, session, Method::POST, &url, Some(&body))?;
    if let Some(key) = created.as_object_mut().and_then(|o| o.remove("key")) {
        created["token"] = key;
    }
    decode(created, "the created key")
}

/// Revokes, with the session's rights, a token it minted: through the organization's
/// token route, or BetterAuth's `api-key/delete` for a key of the user's.
pub fn session_revoke(
    client: &Client,
    session: &Session,
    owner: Option<&TokenOwner>,
    id: &Id,
) -> Result<(), Error> {
    match owner {
        Some(owner) => {
            let url = owner.tokens_url(client, Some(id));
            with_session(client, session, Method::DELETE, &url, None).map(drop)
        }
        None => {
            let url = auth(client, &["api-key", "delete"]);
            let body = serde_json::json!({ "keyId": id.as_str() });
            with_session(client, session, Method::POST, &url, Some(&body)).map(drop)
        }
    }
}

/// Signing `session` out from anywhere, bounded: for the interruption handler
/// ([`crate::fs::interrupt::Guard::task`]), which runs it on its own thread when Ctrl-C
/// or SIGTERM ends nt3 while the session is open. It waits at most 3 seconds.
pub fn sign_out_task(client: &Client, session: &Session) -> impl FnOnce() + Send + 'static {
    revoke_and_sign_out_task(client, session, None)
}

/// [`sign_out_task`], revoking first a token the session minted and nt3 has not saved
/// (`minted`: its owner, `None` for BetterAuth's user key, and its id), so no token
/// nobody holds stays alive. Both within the same 3 seconds.
pub fn revoke_and_sign_out_task(
    client: &Client,
    session: &Session,
    minted: Option<(Option<TokenOwner>, Id)>,
) -> impl FnOnce() + Send + 'static {
    // Not `client`: its connections are driven by the runtime of the thread that may be
    // stuck in a blocking call (waiting on a lock) when the signal comes.
    let detached = client.detached_without_token();
    let headers = session.cookie.clone();
    move || {
        // Built only if the signal comes, not each time a guard is set.
        let Ok(client) = detached() else {
            return;
        };
        // The revocation first (it needs the session), then the sign-out.
        let mut requests = Vec::new();
        if let Some((owner, id)) = &minted {
            requests.push(match owner {
                Some(owner) => (Method::DELETE, owner.tokens_url(&client, Some(id)), None),
                None => (
                    Method::POST,
                    auth(&client, &["api-key", "delete"]),
                    Some(Body::json(&serde_json::json!({ "keyId": id.as_str() }))),
                ),
            });
        }
        requests.push((
            Method::POST,
            auth(&client, &["sign-out"]),
            Some(Body::json(&serde_json::json!({}))),
        ));
        // The timer is made inside the runtime: made outside, it panics for want of one.
        let _ = client.run(async {
            let work = async {
                for (method, url, body) in requests {
                    let _ = client
                        .send(method, &url, body.as_ref(), &headers, 64 * 1024)
                        .await;
                }
            };
            tokio::time::timeout(std::time::Duration::from_secs(3), work).await
        });
    }
}

/// `POST /api/auth/sign-out`: the session's cookie stops working.
pub fn sign_out(client: &Client, session: &Session) -> Result<(), Error> {
    let url = auth(client, &["sign-out"]);
    with_session(
        client,
        session,
        Method::POST,
        &url,
        Some(&serde_json::json!({})),
    )
    .map(drop)
}
