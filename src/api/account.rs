//! Who a token belongs to: the user and the organizations it reaches.

use serde::Deserialize;

use super::{IdFields, decode, decode_answer, optional, resource, single_page};
use crate::error::Error;
use crate::http::{Client, Core};
use crate::types::names::Id;
use crate::types::text::Untrusted;
use crate::ui::{Message, msg};

/// The person behind a token (`GET /api/user/me`).
#[derive(Debug, Clone, Deserialize)]
pub struct User {
    #[serde(flatten)]
    id: IdFields,
    #[serde(default)]
    pub name: Option<Untrusted>,
    #[serde(default)]
    pub email: Option<Untrusted>,
}

impl User {
    pub fn id(&self) -> Option<&Id> {
        self.id.get()
    }
}

/// An organization a token reaches; it always has an id (checked when decoded), since
/// the id goes into request paths.
#[derive(Debug, Clone, Deserialize)]
#[serde(try_from = "OrganizationForm")]
pub struct Organization {
    id: Id,
    pub name: Option<Untrusted>,
}

#[derive(Deserialize)]
struct OrganizationForm {
    #[serde(flatten)]
    id: IdFields,
    #[serde(default)]
    name: Option<Untrusted>,
}

impl TryFrom<OrganizationForm> for Organization {
    type Error = &'static str;

    fn try_from(form: OrganizationForm) -> Result<Self, Self::Error> {
        let id = form
            .id
            .get()
            .cloned()
            .ok_or("an organization without an id")?;
        Ok(Self {
            id,
            name: form.name,
        })
    }
}

impl Organization {
    pub fn id(&self) -> &Id {
        &self.id
    }

    /// `Acme (org_123)`, or the id alone, for people (the name escaped).
    pub fn label(&self) -> Message {
        match &self.name {
            Some(name) => msg!("{} ({})", name, self.id),
            None => msg!("{}", self.id),
        }
    }

    /// [`Organization::label`] as the server wrote it, for an error's message (which is
    /// escaped as a whole when printed).
    pub fn raw_label(&self) -> String {
        match &self.name {
            Some(name) => format!("{} ({})", name.raw(), self.id),
            None => self.id.to_string(),
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

/// `/api/user/me`.
pub(super) fn me_url(client: &Core) -> url::Url {
    client.endpoint(&["api", "user", "me"])
}

/// `/api/user/organizations`.
pub(super) fn organizations_url(client: &Core) -> url::Url {
    client.endpoint(&["api", "user", "organizations"])
}

/// The user behind the token; `None` when the server has no user endpoint.
pub fn me(client: &Client) -> Result<Option<User>, Error> {
    let url = me_url(client);
    let Some(response) = optional(client, &url)? else {
        return Ok(None);
    };
    let document = decode_answer(&url, &response, "the user")?;
    decode(resource(document)?, "the user").map(Some)
}

/// The organizations the token reaches: from the account endpoint, or, when the server
/// has none, from the projects the token can see.
pub fn organizations(client: &Client) -> Result<(Vec<Organization>, Learned), Error> {
    let url = organizations_url(client);
    if let Some(response) = optional(client, &url)? {
        let organizations = single_page(&url, &response, "organizations")?;
        return Ok((organizations, Learned::Account));
    }
    let mut ids: Vec<Id> = super::projects::projects(client)?
        .iter()
        .filter_map(|p| p.organization.as_ref()?.id().cloned())
        .collect();
    ids.sort();
    ids.dedup();
    let organizations = ids
        .into_iter()
        .map(|id| Organization { id, name: None })
        .collect();
    Ok((organizations, Learned::Projects))
}
