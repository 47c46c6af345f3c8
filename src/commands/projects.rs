//! `nt3 projects`: the projects the token can see.

use serde_json::{Value, json};

use crate::api;
use crate::context::Context;
use crate::error::{CommandResult, Outcome};
use crate::ui::{Message, Ui, msg, table};

pub fn run(ctx: &Context, ui: &mut Ui) -> CommandResult {
    let client = super::client(ctx, ui)?;
    let projects = api::projects::projects(&client)?;
    if ui.json {
        return Ok(Outcome::done(document(&projects)));
    }
    if projects.is_empty() {
        ui.info(msg!(
            "No projects are visible to this token at {}",
            client.base()
        ));
        return Ok(Outcome::printed());
    }
    let header = ["ID", "NAME", "SOURCE", "TARGETS"]
        .map(Message::from)
        .to_vec();
    let rows: Vec<Vec<Message>> = std::iter::once(header)
        .chain(projects.iter().map(|p| {
            let targets: Vec<Message> = p.targets().map(Message::from).collect();
            vec![
                p.id().map_or_else(Message::default, |id| msg!("{}", id)),
                p.name.as_ref().map(Message::from).unwrap_or_default(),
                p.source().map(Message::from).unwrap_or_default(),
                Message::join(&targets, ", "),
            ]
        }))
        .collect();
    for line in table(&rows) {
        ui.data(&line)?;
    }
    Ok(Outcome::printed())
}

/// The `--json` document: only built when asked for, since a long list costs memory
/// twice over as a JSON value.
fn document(projects: &[api::projects::Project]) -> Value {
    json!({
        "projects": projects
            .iter()
            .map(|p| {
                json!({
                    "id": p.id(),
                    "name": p.name,
                    "sourceLanguage": p.source(),
                    "targetLanguages": p.targets().collect::<Vec<_>>(),
                    "organization": p.organization.as_ref().and_then(api::Reference::id),
                })
            })
            .collect::<Vec<Value>>(),
    })
}
