//! Who a token belongs to: the user and the organizations it reaches.

use super::{Id, collection, decode, optional, resource};
use crate::error::{Error, Kind};
use crate::http::Client;
use serde::Deserialize;

/// The person behind a token (`GET /api/user/me`).
#[derive(Debug, Clone, Deserialize)]
pub struct User {
    #[serde(flatten)]
    id: Id,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
}

impl User {
    pub fn id(&self) -> &str {
        self.id.get()
    }
}

/// An organization a token reaches.
#[derive(Debug, Clone, Deserialize)]
pub struct Organization {
    #[serde(flatten)]
    id: Id,
    #[serde(default)]
    pub name: Option<String>,
}

impl Organization {
    pub fn id(&self) -> &str {
        self.id.get()
    }

    /// `Acme (org_123)`, or the id alone.
    pub fn label(&self) -> String {
        match &self.name {
            Some(name) => format!("{name} ({})", self.id()),
            None => self.id().to_owned(),
        }
    }
}

/// Where [`organizations`] learned them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Learned {
    /// `GET /api/user/organizations`.
    Account,
    /// The server has no such endpoint: the organizations the token's projects name.
    Projects,
}

/// The user behind the token; `None` when the server has no user endpoint.
pub fn me(client: &Client) -> Result<Option<User>, Error> {
    optional(client, "/api/user/me")?
        .map(|user| decode(resource(user)?, "the user"))
        .transpose()
}

/// The organizations the token reaches: from the account endpoint, or, when the server
/// has none, from the projects the token can see. Their ids are checked, since they go
/// into paths.
pub fn organizations(client: &Client) -> Result<(Vec<Organization>, Learned), Error> {
    let (organizations, learned) = match optional(client, "/api/user/organizations")? {
        Some(document) => {
            let (items, _) = collection(document, "organizations")?;
            let organizations = items
                .into_iter()
                .map(|item| decode(item, "an organization"))
                .collect::<Result<Vec<Organization>, Error>>()?;
            (organizations, Learned::Account)
        }
        None => {
            let mut ids: Vec<String> = super::projects::projects(client)?
                .iter()
                .filter_map(|p| p.organization.as_ref()?.id().map(String::from))
                .collect();
            ids.sort();
            ids.dedup();
            let organizations = ids
                .into_iter()
                .map(|id| Organization {
                    id: Id {
                        underscore: Some(id),
                        id: None,
                    },
                    name: None,
                })
                .collect();
            (organizations, Learned::Projects)
        }
    };
    if let Some(bad) = organizations
        .iter()
        .find(|o| !crate::types::names::is_id(o.id()))
    {
        return Err(Error::new(
            Kind::Failure,
            format!(
                "the server named an organization `{}`, which is not an id",
                crate::ui::escape(bad.id())
            ),
        ));
    }
    Ok((organizations, learned))
}
