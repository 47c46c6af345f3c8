//! The API base URL (validation and the loopback rule) and its [`Origin`], the one way
//! nt3 tells whether a URL is where a token may go.

use std::borrow::Cow;
use std::fmt;
use std::net::IpAddr;

use url::{Host, Url};

use crate::ui::Shown;

pub const DEFAULT_API_URL: &str = "https://app.nt3.io";

/// A validated API base URL: `https://` with a host, or `http://` to a loopback host.
/// No credentials, query or fragment; a trailing slash is dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiUrl(Url);

/// Why a string is not an [`ApiUrl`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlError {
    Invalid(url::ParseError),
    NoHost,
    PlainHttp,
    Scheme(String),
    Credentials,
    QueryOrFragment,
}

impl fmt::Display for UrlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // Built without Unicode host names (idna_adapter 1.0), which also keeps
            // look-alike hosts out of URLs a repository could ship.
            Self::Invalid(url::ParseError::IdnaError) => f.write_str(
                "not a valid URL (a host name outside ASCII; write it in its `xn--` form)",
            ),
            Self::Invalid(err) => write!(f, "not a valid URL ({err})"),
            Self::NoHost => f.write_str("the URL has no host"),
            Self::PlainHttp => f.write_str(
                "plain `http://` is only allowed for loopback hosts (localhost, 127.0.0.1, [::1]); use `https://`",
            ),
            Self::Scheme(scheme) => write!(f, "unsupported scheme `{scheme}`; use `https://`"),
            Self::Credentials => f.write_str("the URL must not contain a user name or password"),
            Self::QueryOrFragment => f.write_str("the URL must not contain a query or fragment"),
        }
    }
}

impl std::error::Error for UrlError {}

impl ApiUrl {
    pub fn parse(input: &str) -> Result<Self, UrlError> {
        let url = Url::parse(input.trim()).map_err(UrlError::Invalid)?;
        let host = url.host().ok_or(UrlError::NoHost)?;
        match url.scheme() {
            "https" => {}
            "http" if is_loopback(&host) => {}
            "http" => return Err(UrlError::PlainHttp),
            other => return Err(UrlError::Scheme(other.to_owned())),
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(UrlError::Credentials);
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(UrlError::QueryOrFragment);
        }
        Ok(Self(url))
    }

    pub fn default_url() -> Self {
        Self::parse(DEFAULT_API_URL).expect("the default API URL is valid")
    }

    /// The base URL, to append path segments to ([`crate::http::Core::endpoint`]).
    pub fn url_for_segments(&self) -> Url {
        self.0.clone()
    }

    /// Where its token may go.
    pub fn origin(&self) -> Origin {
        Origin::of(&self.0)
    }
}

/// Checked when parsed, and a URL's serialization percent-encodes whatever a terminal
/// could act on.
impl Shown for ApiUrl {
    fn shown(&self) -> Cow<'_, str> {
        Cow::Owned(self.to_string())
    }
}

impl Shown for Origin {
    fn shown(&self) -> Cow<'_, str> {
        Cow::Owned(self.to_string())
    }
}

/// The scheme, host and port of a URL. Requests, redirects and session cookies go only
/// to the origin of the token's API URL, and this is how nt3 compares them: never by
/// hand, never by host alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin(url::Origin);

impl Origin {
    pub fn of(url: &Url) -> Self {
        Self(url.origin())
    }

    /// Whether `url` is at this origin: the same scheme, host and port. This is also
    /// what refuses an https→http downgrade.
    pub fn holds(&self, url: &Url) -> bool {
        url.origin() == self.0
    }
}

impl fmt::Display for Origin {
    /// `https://app.nt3.io`, `http://127.0.0.1:8080`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.ascii_serialization())
    }
}

impl fmt::Display for ApiUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.as_str().trim_end_matches('/'))
    }
}

fn is_loopback(host: &Host<&str>) -> bool {
    match host {
        Host::Domain(name) => name.eq_ignore_ascii_case("localhost"),
        Host::Ipv4(ip) => IpAddr::V4(*ip).is_loopback(),
        Host::Ipv6(ip) => IpAddr::V6(*ip).is_loopback(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_https_and_loopback_http() {
        for ok in [
            "https://app.nt3.io",
            "https://entri.example.com:8443/base/",
            "http://localhost:3000",
            "http://127.0.0.5:8080",
            "http://[::1]:9000",
        ] {
            assert!(ApiUrl::parse(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn refuses_remote_http_and_odd_urls() {
        for bad in [
            "http://app.nt3.io",
            "http://10.0.0.1",
            "ftp://app.nt3.io",
            "app.nt3.io",
            "https://user:pw@app.nt3.io",
            "https://app.nt3.io/?x=1",
            "",
        ] {
            assert!(ApiUrl::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_unicode_host_is_refused_and_its_ascii_form_taken() {
        let err = ApiUrl::parse("https://bücher.example").unwrap_err();
        assert!(err.to_string().contains("`xn--` form"), "{err}");
        assert!(ApiUrl::parse("https://xn--bcher-kva.example").is_ok());
    }

    #[test]
    fn displays_without_trailing_slash() {
        assert_eq!(
            ApiUrl::parse("https://app.nt3.io/").unwrap().to_string(),
            "https://app.nt3.io"
        );
        assert_eq!(
            ApiUrl::parse("https://x.io/base/").unwrap().to_string(),
            "https://x.io/base"
        );
    }

    #[test]
    fn redirects_keep_scheme_host_and_port() {
        let origin = Origin::of(&Url::parse("https://entri.example.com/api/v1/x").unwrap());
        let may = |to: &str| origin.holds(&Url::parse(to).unwrap());
        assert!(may("https://entri.example.com/other"));
        assert!(may("https://entri.example.com:443/other"));
        assert!(
            !may("http://entri.example.com/other"),
            "https→http downgrade"
        );
        assert!(!may("https://entri.example.com:8443/other"));
        assert!(!may("https://evil.example.com/other"));
        let loopback = Origin::of(&Url::parse("http://127.0.0.1:8080").unwrap());
        assert!(!loopback.holds(&Url::parse("http://localhost:8080/x").unwrap()));
    }
}
