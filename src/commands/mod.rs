//! One module (or folder) per subcommand, each with a `run` function that takes its
//! parsed arguments, does the work through the layers below, prints for people, and
//! returns its [`crate::error::Outcome`] — the `--json` document — or a
//! [`crate::error::CommandError`]. Rules live below: a command never decides which URL
//! a token goes to, where a path may lead, or how a file is written; it asks
//! [`crate::auth`], [`crate::project`] and [`crate::fs`]. What several commands share
//! (connecting with the active token, describing a listed token, parsing `--expires-in`)
//! is here.

pub mod api;
pub mod init;
pub mod login;
pub mod logout;
pub mod overwrite;
pub mod projects;
pub mod pull;
pub mod push;
pub mod status;
pub mod token;
pub mod tokens;
pub mod translate;
pub mod whoami;

use anyhow::Result;

use crate::auth::resolve::{Active, Sources, not_logged_in};
use crate::context::Context;
use crate::error::{Error, Kind};
use crate::http::Client;
use crate::types::text::Untrusted;
use crate::ui::{Message, Ui, msg};
use jiff::{SignedDuration, Timestamp};

/// The token in use, warning about exposed credential files on the way.
pub fn active_token(ctx: &Context, ui: &mut Ui) -> Result<Active> {
    let sources = Sources::new(&ctx.auth);
    let active = sources.active()?;
    for warning in sources.loose_modes() {
        ui.warning(warning);
    }
    Ok(active.ok_or_else(not_logged_in)?)
}

/// A client for the active token and its API URL.
pub fn client(ctx: &Context, ui: &mut Ui) -> Result<Client> {
    connect(ctx, ui).map(|(client, _)| client)
}

/// A client for the active token, and the token with where it came from.
pub fn connect(ctx: &Context, ui: &mut Ui) -> Result<(Client, Active)> {
    let active = active_token(ctx, ui)?;
    let client = Client::new(
        active.api_url.clone(),
        active.token.clone(),
        active.source_name(),
        ctx.http.options(ui)?,
    )?;
    Ok((client, active))
}

/// How many days ahead an expiry is warned about.
pub const EXPIRY_WARNING_DAYS: i64 = 7;

/// The day of a time the server sent (`2026-12-01`), or its text as it came, escaped.
pub fn day(at: &Untrusted) -> Message {
    match at.raw().parse::<jiff::Timestamp>() {
        Ok(at) => msg!("{}", at.to_zoned(jiff::tz::TimeZone::UTC).date()),
        Err(_) => Message::from(at),
    }
}

/// A line describing a listed token (`laptop (id tok_1), expires 2026-12-01 (in 6
/// days), last used 2026-11-20`), and a warning when it expires within
/// [`EXPIRY_WARNING_DAYS`].
pub fn describe_listed(listed: &crate::api::tokens::ApiToken) -> (Message, Option<Message>) {
    let now = jiff::Timestamp::now();
    let left = listed
        .expires_at
        .as_ref()
        .and_then(|at| at.raw().parse::<jiff::Timestamp>().ok())
        .map(|at| at.duration_since(now).as_hours().div_euclid(24));
    let expiry = match (&listed.expires_at, left) {
        (None, _) => Message::from("never expires"),
        (Some(at), Some(days)) if days < 0 => msg!("expired {}", day(at)),
        (Some(at), Some(days)) => msg!("expires {} (in {} days)", day(at), days),
        (Some(at), None) => msg!("expires {}", day(at)),
    };
    let used = match &listed.last_used_at {
        Some(at) => msg!("last used {}", day(at)),
        None => Message::from("never used"),
    };
    let name = match &listed.name {
        Some(name) => Message::from(name),
        None => Message::from("(no name)"),
    };
    let id = listed
        .id()
        .map_or(Message::from("none"), |id| msg!("{}", id));
    let line = msg!("{} (id {}), {}, {}", name, id, expiry, used);
    let warning = match (left, &listed.expires_at) {
        (Some(days), Some(at)) if (0..=EXPIRY_WARNING_DAYS).contains(&days) => Some(msg!(
            "the token expires in {} days ({}); create a new one before then (`nt3 tokens create --login`)",
            days,
            day(at)
        )),
        _ => None,
    };
    (line, warning)
}

/// When a new token should expire: `--expires-in` from `now`, or `--expires-at`, which
/// must lie in the future. Malformed input is a usage error, before any request.
pub fn expiry(
    expires_in: Option<&str>,
    expires_at: Option<&str>,
    now: Timestamp,
) -> Result<Option<Timestamp>, Error> {
    let usage = |message: String| Error::new(Kind::Usage, message);
    if let Some(raw) = expires_in {
        let duration = parse_duration(raw).ok_or_else(|| {
            usage(format!("invalid `--expires-in` `{raw}`: use a number and a unit, like `90m`, `12h`, `30d` or `2w`"))
        })?;
        let at = now
            .checked_add(duration)
            .map_err(|_| usage(format!("`--expires-in` `{raw}` is too far away")))?;
        return Ok(Some(at));
    }
    let Some(raw) = expires_at else {
        return Ok(None);
    };
    let at: Timestamp = raw.parse().map_err(|_| {
        usage(format!(
            "invalid `--expires-at` `{raw}`: use an RFC 3339 time, like `2027-01-31T00:00:00Z`"
        ))
    })?;
    if at <= now {
        return Err(usage(format!("`--expires-at` `{raw}` is in the past")));
    }
    Ok(Some(at))
}

fn parse_duration(raw: &str) -> Option<SignedDuration> {
    let raw = raw.trim();
    let unit = raw.chars().last()?;
    let count: i64 = raw[..raw.len() - unit.len_utf8()]
        .parse()
        .ok()
        .filter(|n| *n > 0)?;
    let seconds = match unit {
        'm' => 60,
        'h' => 60 * 60,
        'd' => 24 * 60 * 60,
        'w' => 7 * 24 * 60 * 60,
        _ => return None,
    };
    count.checked_mul(seconds).map(SignedDuration::from_secs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Kind;

    fn now() -> Timestamp {
        "2026-11-23T10:00:00Z".parse().unwrap()
    }

    #[test]
    fn durations_take_minutes_hours_days_and_weeks() {
        let at = |raw| expiry(Some(raw), None, now()).unwrap().unwrap().to_string();
        assert_eq!(at("90m"), "2026-11-23T11:30:00Z");
        assert_eq!(at("12h"), "2026-11-23T22:00:00Z");
        assert_eq!(at("30d"), "2026-12-23T10:00:00Z");
        assert_eq!(at("2w"), "2026-12-07T10:00:00Z");
    }

    #[test]
    fn malformed_or_empty_durations_are_usage_errors() {
        for raw in [
            "",
            "30",
            "d",
            "0d",
            "-5d",
            "1.5h",
            "10y",
            "3 d",
            "99999999999999999999d",
        ] {
            let err = expiry(Some(raw), None, now()).unwrap_err();
            assert_eq!(err.kind, Kind::Usage, "{raw}");
        }
        let far = expiry(Some("999999999999w"), None, now()).unwrap_err();
        assert_eq!(far.kind, Kind::Usage);
    }

    #[test]
    fn expiry_times_must_be_rfc3339_and_in_the_future() {
        let at = expiry(None, Some("2027-01-31T00:00:00+01:00"), now())
            .unwrap()
            .unwrap();
        assert_eq!(at.to_string(), "2027-01-30T23:00:00Z");
        assert_eq!(
            expiry(None, Some("2026-11-23T09:59:59Z"), now())
                .unwrap_err()
                .to_string(),
            "`--expires-at` `2026-11-23T09:59:59Z` is in the past"
        );
        assert_eq!(
            expiry(None, Some("2027-01-31"), now()).unwrap_err().kind,
            Kind::Usage
        );
        assert_eq!(expiry(None, None, now()).unwrap(), None);
    }
}
