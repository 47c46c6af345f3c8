//! `nt3 whoami`: who and what the active token reaches — the user, the organizations,
//! the projects — and where the token comes from.
//!
//! The user and organizations come from `GET /api/user/me` and
//! `GET /api/user/organizations`; a server without them (404) is answered from the
//! project list, which names each project's organization. A rejected token is exit 4.

use serde_json::json;

use crate::api::{self, account::Learned};
use crate::context::Context;
use crate::error::{CommandResult, Outcome};
use crate::ui::{Message, Ui, msg, outside};

pub fn run(ctx: &Context, ui: &mut Ui) -> CommandResult {
    let (client, active) = super::connect(ctx, ui)?;
    let (source, masked) = (active.source_name(), active.token.masked());
    let user = api::account::me(&client)?;
    let (organizations, learned) = api::account::organizations(&client)?;
    let projects = api::projects::projects(&client)?;

    let document = json!({
            "user": user.as_ref().map(|u| json!({ "id": u.id(), "name": u.name, "email": u.email })),
            "organizations": organizations.iter().map(|o| json!({ "id": o.id(), "name": o.name })).collect::<Vec<_>>(),
            "organizations_from": match learned { Learned::Account => "account", Learned::Projects => "projects" },
            "token": { "masked": masked.to_string(), "source": source },
            "api_url": client.base().to_string(),
            "projects": projects.iter().map(|p| json!({ "id": p.id(), "name": p.name })).collect::<Vec<_>>(),
    });
    if ui.json {
        return Ok(Outcome::done(document));
    }
    let who = match &user {
        Some(user) => match (&user.name, &user.email) {
            (Some(name), Some(email)) => msg!("{} <{}>", name, email),
            (Some(name), None) => Message::from(name),
            (None, Some(email)) => Message::from(email),
            (None, None) => msg!(
                "user {}",
                user.id()
                    .map_or(Message::from("(no id)"), |id| msg!("{}", id))
            ),
        },
        None => Message::from("(this server does not say who the token belongs to)"),
    };
    let mut out = vec![
        who,
        msg!("  Token:          {} from {}", masked, outside(&source)),
        msg!("  API URL:        {}", client.base()),
    ];
    let labels: Vec<Message> = organizations.iter().map(|o| o.label()).collect();
    let organizations = match (labels.is_empty(), learned) {
        (true, _) => Message::from("none"),
        (false, Learned::Account) => Message::join(&labels, ", "),
        (false, Learned::Projects) => {
            msg!("{} (from its projects)", Message::join(&labels, ", "))
        }
    };
    out.push(msg!("  Organization:   {}", organizations));
    let names: Vec<Message> = projects
        .iter()
        .map(|p| match (&p.name, p.id()) {
            (Some(name), _) => Message::from(name),
            (None, Some(id)) => msg!("{}", id),
            (None, None) => Message::from("(no name)"),
        })
        .collect();
    out.push(match names.len() {
        0 => Message::from("  Projects:       none"),
        n => msg!("  Projects:       {} ({})", n, Message::join(&names, ", ")),
    });
    ui.out(Message::join(&out, "\n"));
    Ok(Outcome::done(document))
}
