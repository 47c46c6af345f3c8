//! The proxy for `https://` requests: `HTTPS_PROXY` or `ALL_PROXY`, with `NO_PROXY`.

use url::Url;

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
    pub fn parse(raw: &str) -> Result<Self, String> {
        let url = Url::parse(raw.trim()).map_err(|err| format!("is not a proxy URL ({err})"))?;
        if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
            return Err("must be an `http://` or `https://` URL with a host".into());
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
