//! `nt3 api <PATH>`: an authenticated request to the configured API, like `gh api`.
//!
//! The server's answer goes to stdout as it came (pretty-printed on a terminal when it
//! is JSON); a failure status also prints the error on stderr and exits 1 (4 for 401).
//! `--paginate` follows `meta.totalPages` and prints one document holding every page's
//! `data`, with the last page's `meta`.

use std::io::Read;

use anyhow::{Context as _, Result};
use reqwest::header::{HOST, HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use url::Url;

use crate::api::{Pages, raw_page};
use crate::cli::ApiArgs;
use crate::context::Context;
use crate::error::{CommandResult, Error, Kind, Outcome};
use crate::http::{API_KEY_HEADER, Body, Client, Response, status_text};
use crate::ui::{Message, Ui, msg, outside};

const JSON: &str = "application/json";

pub fn run(ctx: &Context, args: &ApiArgs, ui: &mut Ui) -> CommandResult {
    let body = body(args)?;
    let method = match &args.method {
        Some(name) => Method::from_bytes(name.to_ascii_uppercase().as_bytes())
            .map_err(|_| Error::new(Kind::Usage, format!("invalid HTTP method `{name}`")))?,
        None if body.is_some() => Method::POST,
        None => Method::GET,
    };
    if args.paginate && method != Method::GET {
        return Err(Error::new(Kind::Usage, "`--paginate` works only with GET").into());
    }
    let headers = headers(&args.headers)?;
    let client = super::client(ctx, ui)?;
    let url = client.url(&args.path)?;

    if args.paginate {
        paginate(ctx, &client, &url, &headers, args.include, ui)?;
        return Ok(Outcome::printed());
    }
    let response = client.send_blocking(method.clone(), &url, body.as_ref(), &headers)?;
    print(ctx, ui, &response, args.include, None)?;
    if !response.status.is_success() {
        return Err(client.status_error(&method, &url, &response).into());
    }
    Ok(Outcome::printed())
}

fn paginate(
    ctx: &Context,
    client: &Client,
    url: &Url,
    headers: &HeaderMap,
    include: bool,
    ui: &mut Ui,
) -> Result<()> {
    let mut items = Vec::new();
    let mut pages = Pages::default();
    loop {
        let page_url = with_page(url, pages.next);
        let response = client.send_blocking(Method::GET, &page_url, None, headers)?;
        if !response.status.is_success() {
            print(ctx, ui, &response, include, None)?;
            return Err(client
                .status_error(&Method::GET, &page_url, &response)
                .into());
        }
        // Counted first, which also found it JSON; parsed once.
        pages.take(&page_url, &response, url.path())?;
        let document: Value = serde_json::from_slice(&response.body)?;
        let Some((data, total)) = raw_page(&document) else {
            // Not a collection: nothing to follow.
            return print(ctx, ui, &response, include, None);
        };
        let more = pages.advance(url.path(), data.len() as u64, total)?;
        items.extend(data.iter().cloned());
        if !more {
            let merged = json!({ "data": items, "meta": document.get("meta") });
            return print(ctx, ui, &response, include, Some(&merged));
        }
    }
}

fn with_page(url: &Url, page: u64) -> Url {
    let mut url = url.clone();
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(key, _)| key != "page")
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    url.query_pairs_mut()
        .clear()
        .extend_pairs(kept)
        .append_pair("page", &page.to_string());
    url
}

/// Writes the answer: status and headers with `--include`, then the body (or `merged`).
fn print(
    ctx: &Context,
    ui: &mut Ui,
    response: &Response,
    include: bool,
    merged: Option<&Value>,
) -> Result<()> {
    if include {
        ui.data(msg!("HTTP {}", status_text(response.status)))?;
        for (name, value) in &response.headers {
            ui.data(msg!(
                "{}: {}",
                outside(name.as_str()),
                outside(&String::from_utf8_lossy(value.as_bytes()))
            ))?;
        }
        ui.data("")?;
    }
    // Only a terminal needs the answer parsed (to pretty-print it); a pipe gets its bytes.
    let parsed = match merged {
        Some(merged) => Some(merged.clone()),
        None if ctx.terminal.stdout => serde_json::from_slice::<Value>(&response.body).ok(),
        None => None,
    };
    match parsed {
        Some(value) if ctx.terminal.stdout => ui.data(Message::json(&value))?,
        Some(value) => ui.data_exact(&value.to_string())?,
        _ if response.status == StatusCode::NO_CONTENT => {}
        // Text that is not JSON reaches a terminal escaped, line by line.
        _ if ctx.terminal.stdout => {
            for line in String::from_utf8_lossy(&response.body).lines() {
                ui.data(Message::untrusted(line))?;
            }
        }
        // A pipe gets the answer as it came, ended by a line feed if it has none (as a
        // line of text should be, for the shell and `wc -l`).
        _ => {
            ui.raw(&response.body)?;
            if response.body.last().is_some_and(|last| *last != b'\n') {
                ui.raw(b"\n")?;
            }
        }
    }
    Ok(())
}

fn body(args: &ApiArgs) -> Result<Option<Body>> {
    if let Some(data) = &args.data {
        serde_json::from_str::<Value>(data)
            .map_err(|err| Error::new(Kind::Usage, format!("`--data` is not valid JSON: {err}")))?;
        return Ok(Some(Body::bytes(data.clone(), JSON)));
    }
    let Some(input) = &args.input else {
        return Ok(None);
    };
    let bytes = if input.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .context("cannot read the request body from stdin")?;
        bytes
    } else {
        std::fs::read(input).with_context(|| format!("cannot read `{}`", input.display()))?
    };
    Ok(Some(Body::bytes(bytes, JSON)))
}

/// The `-H` headers. Errors name the header, never its value (it may be a secret), and
/// the headers that decide where the token goes are nt3's own.
fn headers(raw: &[String]) -> Result<HeaderMap, Error> {
    let mut headers = HeaderMap::new();
    for (i, header) in raw.iter().enumerate() {
        let (name, value) = header.split_once(':').ok_or_else(|| {
            Error::new(
                Kind::Usage,
                format!("`-H` number {} has no `:`; expected `Name: value`", i + 1),
            )
        })?;
        let name = HeaderName::from_bytes(name.trim().as_bytes()).map_err(|_| {
            Error::new(
                Kind::Usage,
                format!("`-H` number {} has an invalid header name", i + 1),
            )
        })?;
        if name == API_KEY_HEADER {
            return Err(Error::new(
                Kind::Usage,
                "nt3 sets `X-API-Key` itself, from the active token",
            )
            .with_hint("log in with the token you want, or set `NT3_API_TOKEN`"));
        }
        if name == HOST {
            return Err(Error::new(
                Kind::Usage,
                "nt3 sets `Host` itself, from the API URL the token goes with",
            )
            .with_hint("to talk to another server, log in there with `nt3 login -u <URL>`"));
        }
        let value = HeaderValue::from_str(value.trim()).map_err(|_| {
            Error::new(
                Kind::Usage,
                format!("the value of header `{name}` is not a valid header value"),
            )
        })?;
        headers.append(name, value);
    }
    Ok(headers)
}
