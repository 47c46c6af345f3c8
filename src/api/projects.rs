//! Projects: listing them, reading one, adding a language.

use super::{Id, PROJECTS, Reference, all, decode, resource, unwrap_envelope};
use crate::error::Error;
use crate::http::Client;
use reqwest::Method;
use serde::Deserialize;

/// A project, as `GET /api/v1/projects[/:id]` describes it.
#[derive(Debug, Clone, Deserialize)]
pub struct Project {
    #[serde(flatten)]
    id: Id,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default, rename = "sourceLanguage")]
    pub source_language: Option<Language>,
    #[serde(default, rename = "targetLanguages")]
    pub target_languages: Vec<Language>,
    #[serde(default)]
    pub organization: Option<Reference>,
}

impl Project {
    pub fn id(&self) -> &str {
        self.id.get()
    }

    pub fn source(&self) -> Option<&str> {
        self.source_language.as_ref().map(Language::code)
    }

    pub fn targets(&self) -> impl Iterator<Item = &str> {
        self.target_languages.iter().map(Language::code)
    }
}

/// A language as the API sends it: a code, or an object carrying one.
#[derive(Debug, Clone, Deserialize)]
#[serde(from = "LanguageForm")]
pub struct Language(String);

impl Language {
    pub fn code(&self) -> &str {
        &self.0
    }
}

#[derive(Deserialize)]
#[serde(untagged)]
enum LanguageForm {
    Code(String),
    Object {
        #[serde(alias = "language", alias = "languageCode")]
        code: String,
    },
}

impl From<LanguageForm> for Language {
    fn from(form: LanguageForm) -> Self {
        match form {
            LanguageForm::Code(code) | LanguageForm::Object { code } => Self(code),
        }
    }
}

pub fn projects(client: &Client) -> Result<Vec<Project>, Error> {
    all(client, PROJECTS, "projects")
}

pub fn project(client: &Client, id: &str) -> Result<Project, Error> {
    let project = client.get_json(&format!("{PROJECTS}/{id}"))?;
    decode(resource(project)?, "the project")
}

pub fn add_language(client: &Client, project_id: &str, language: &str) -> Result<(), Error> {
    let body = serde_json::json!({ "language": language });
    let answer = client.request_json(
        Method::POST,
        &format!("{PROJECTS}/{project_id}/languages"),
        Some(&body),
    )?;
    unwrap_envelope(answer).map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::tests::fixture;

    #[test]
    fn the_documented_project_decodes() {
        let project: Project = decode(resource(fixture("project.json")).unwrap(), "p").unwrap();
        assert_eq!(project.id(), "proj_6abc123def456");
        assert_eq!(project.name.as_deref(), Some("Marketing Website"));
        assert_eq!(project.source(), Some("en"));
        assert_eq!(project.targets().collect::<Vec<_>>(), ["fr", "de", "es"]);
        assert_eq!(
            project.organization.as_ref().and_then(Reference::id),
            Some("org_789xyz")
        );
    }
}
