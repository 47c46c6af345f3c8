//! `nt3 projects`: the projects the token can see.

use anyhow::Result;
use serde_json::{Value, json};

use crate::api;
use crate::context::Context;
use crate::output::{Ui, field_text, table};

pub fn run(ctx: &Context, ui: &mut Ui) -> Result<()> {
    let client = super::client(ctx, ui)?;
    let projects: Vec<Project> = api::projects(&client)?
        .iter()
        .map(Project::from_json)
        .collect();
    if ui.json {
        let list: Vec<Value> = projects
            .iter()
            .map(|p| json!({ "id": p.id, "name": p.name, "sourceLanguage": p.source, "targetLanguages": p.targets }))
            .collect();
        ui.json(&json!({ "success": true, "projects": list }));
        return Ok(());
    }
    if projects.is_empty() {
        ui.info(format!(
            "No projects are visible to this token at {}",
            client.base()
        ));
        return Ok(());
    }
    let header = ["ID", "NAME", "SOURCE", "TARGETS"]
        .map(String::from)
        .to_vec();
    let rows: Vec<Vec<String>> = std::iter::once(header)
        .chain(projects.iter().map(|p| {
            vec![
                p.id.clone(),
                p.name.clone(),
                p.source.clone(),
                p.targets.join(", "),
            ]
        }))
        .collect();
    for line in table(&rows) {
        ui.data(&line)?;
    }
    Ok(())
}

/// The fields nt3 shows; the server may send more.
struct Project {
    id: String,
    name: String,
    source: String,
    targets: Vec<String>,
}

impl Project {
    fn from_json(value: &Value) -> Self {
        let text = |key: &str| field_text(value, key);
        let targets = value
            .get("targetLanguages")
            .and_then(Value::as_array)
            .map(|langs| langs.iter().filter_map(api::language_code).collect())
            .unwrap_or_default();
        Self {
            id: text("id"),
            name: text("name"),
            source: text("sourceLanguage"),
            targets,
        }
    }
}
