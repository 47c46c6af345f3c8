//! The proxy for `https://` requests: `HTTPS_PROXY` or `ALL_PROXY`, with `NO_PROXY`.

use std::fmt;

use url::Url;

/// Why a string is not a [`Proxy`]; the message completes "`HTTPS_PROXY` …".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProxyError {
    Invalid(url::ParseError),
    NotHttp,
}

impl fmt::Display for ProxyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Invalid(err) => write!(f, "is not a proxy URL ({err})"),
            Self::NotHttp => f.write_str("must be an `http://` or `https://` URL with a host"),
        }
    }
}

impl std::error::Error for ProxyError {}

/// The proxy for `https://` requests (`HTTPS_PROXY`, else `ALL_PROXY`) and the hosts that
/// bypass it (`NO_PROXY`). `http://` requests, which only go to loopback hosts, never use
/// a proxy: it would see the token in clear.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proxy {
    url: Url,
    except: Option<String>,
}

impl Proxy {
    /// An `http://` or `https://` proxy URL, with a host.
    pub fn parse(raw: &str) -> Result<Self, ProxyError> {
        let url = Url::parse(raw.trim()).map_err(ProxyError::Invalid)?;
        if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
            return Err(ProxyError::NotHttp);
        }
        Ok(Self { url, except: None })
    }

    /// The same proxy, bypassed for the hosts of a `NO_PROXY` list.
    pub fn except(self, no_proxy: Option<String>) -> Self {
        Self {
            except: no_proxy,
            ..self
        }
    }

    pub(super) fn to_reqwest(&self) -> reqwest::Result<reqwest::Proxy> {
        let proxy = reqwest::Proxy::https(self.url.as_str())?;
        Ok(proxy.no_proxy(
            self.except
                .as_deref()
                .and_then(reqwest::NoProxy::from_string),
        ))
    }
}
