//! Projects: listing them, reading one, adding a language.

use reqwest::Method;
use serde::Deserialize;

use super::{IdFields, Reference, all, decode, resource, unwrap_envelope, v1};
use crate::error::Error;
use crate::http::Client;
use crate::types::names::Id;
use crate::types::text::Untrusted;

/// A project, as `GET /api/v1/projects[/:id]` describes it.
#[derive(Debug, Clone, Deserialize)]
pub struct Project {
    #[serde(flatten)]
    id: IdFields,
    #[serde(default)]
    pub name: Option<Untrusted>,
    #[serde(default, rename = "sourceLanguage")]
    pub source_language: Option<Language>,
    #[serde(default, rename = "targetLanguages")]
    pub target_languages: Vec<Language>,
    #[serde(default)]
    pub organization: Option<Reference>,
}

impl Project {
    pub fn id(&self) -> Option<&Id> {
        self.id.get()
    }

    /// The source language's code, as the server spells it.
    pub fn source(&self) -> Option<&Untrusted> {
        self.source_language.as_ref().map(Language::code)
    }

    /// The target languages' codes, as the server spells them.
    pub fn targets(&self) -> impl Iterator<Item = &Untrusted> {
        self.target_languages.iter().map(Language::code)
    }
}

/// A language as the API sends it: a code, or an object carrying one. The code is the
/// server's text: it is checked ([`crate::types::names::is_language`]) before it names a
/// file or a request.
#[derive(Debug, Clone, Deserialize)]
#[serde(from = "LanguageForm")]
pub struct Language(Untrusted);

impl Language {
    pub fn code(&self) -> &Untrusted {
        &self.0
    }
}

#[derive(Deserialize)]
#[serde(untagged)]
enum LanguageForm {
    Code(Untrusted),
    Object {
        #[serde(alias = "language", alias = "languageCode")]
        code: Untrusted,
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
    all(client, v1(client, &["projects"]), "projects")
}

pub fn project(client: &Client, id: &Id) -> Result<Project, Error> {
    let project = client.get_json(&v1(client, &["projects", id.as_str()]))?;
    decode(resource(project)?, "the project")
}

pub fn add_language(client: &Client, project_id: &Id, language: &str) -> Result<(), Error> {
    let body = serde_json::json!({ "language": language });
    let url = v1(client, &["projects", project_id.as_str(), "languages"]);
    let answer = client.request_json(Method::POST, &url, Some(&body))?;
    unwrap_envelope(answer).map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::tests::fixture;

    #[test]
    fn the_documented_project_decodes() {
        let project: Project = decode(resource(fixture("project.json")).unwrap(), "p").unwrap();
        assert_eq!(project.id().map(Id::as_str), Some("proj_6abc123def456"));
        assert_eq!(
            project.name.as_ref().map(Untrusted::raw),
            Some("Marketing Website")
        );
        assert_eq!(project.source().map(Untrusted::raw), Some("en"));
        assert_eq!(
            project.targets().map(Untrusted::raw).collect::<Vec<_>>(),
            ["fr", "de", "es"]
        );
        assert_eq!(
            project
                .organization
                .as_ref()
                .and_then(Reference::id)
                .map(Id::as_str),
            Some("org_789xyz")
        );
    }
}
