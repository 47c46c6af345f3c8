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
use crate::ui::{Ui, escape};

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
            "token": { "masked": masked, "source": source },
            "api_url": client.base().to_string(),
            "projects": projects.iter().map(|p| json!({ "id": p.id(), "name": p.name })).collect::<Vec<_>>(),
    });
    if ui.json {
        return Ok(Outcome::done(document));
    }
    let who = match &user {
        Some(user) => match (&user.name, &user.email) {
            (Some(name), Some(email)) => format!("{} <{}>", escape(name), escape(email)),
            (Some(name), None) => escape(name).into_owned(),
            (None, Some(email)) => escape(email).into_owned(),
            (None, None) => format!("user {}", escape(user.id())),
        },
        None => "(this server does not say who the token belongs to)".to_string(),
    };
    let mut out = vec![
        who,
        format!("  Token:          {masked} from {}", escape(&source)),
        format!("  API URL:        {}", client.base()),
    ];
    let labels: Vec<String> = organizations
        .iter()
        .map(|o| escape(&o.label()).into_owned())
        .collect();
    let organizations = match (labels.is_empty(), learned) {
        (true, _) => "none".to_string(),
        (false, Learned::Account) => labels.join(", "),
        (false, Learned::Projects) => format!("{} (from its projects)", labels.join(", ")),
    };
    out.push(format!("  Organization:   {organizations}"));
    let names: Vec<String> = projects
        .iter()
        .map(|p| escape(p.name.as_deref().unwrap_or(p.id())).into_owned())
        .collect();
    out.push(match names.len() {
        0 => "  Projects:       none".to_string(),
        n => format!("  Projects:       {n} ({})", names.join(", ")),
    });
    ui.out(out.join("\n"));
    Ok(Outcome::done(document))
}
