//! AI translation: its status, and the jobs that translate a language.

use super::{PROJECTS, decode, resource};
use crate::error::Error;
use crate::http::{Client, Core, MAX_RESPONSE};
use reqwest::Method;
use reqwest::header::HeaderMap;
use serde::Deserialize;
use url::Url;

/// What `GET …/ai/status` says: whether AI translation is set up, and with what.
#[derive(Debug, Deserialize)]
pub struct AiStatus {
    #[serde(default)]
    pub configured: bool,
    #[serde(default, rename = "availableProviders")]
    pub providers: Vec<String>,
    #[serde(default, rename = "availableModels")]
    pub models: Vec<AiModel>,
}

#[derive(Debug, Deserialize)]
pub struct AiModel {
    pub id: String,
    #[serde(default)]
    pub provider: Option<String>,
}

pub fn ai_status(client: &Client, project_id: &str) -> Result<AiStatus, Error> {
    let status = client.get_json(&format!("{PROJECTS}/{project_id}/ai/status"))?;
    decode(resource(status)?, "the AI status")
}

/// Starts translating a language's untranslated keys; the job's id. †
pub fn start_translation(
    client: &Client,
    project_id: &str,
    language: &str,
    provider: Option<&str>,
    model: Option<&str>,
) -> Result<String, Error> {
    #[derive(Deserialize)]
    struct Started {
        #[serde(alias = "id", alias = "_id")]
        #[serde(rename = "jobId")]
        job_id: String,
    }
    let mut body = serde_json::json!({ "targetLanguage": language });
    if let Some(provider) = provider {
        body["provider"] = provider.into();
    }
    if let Some(model) = model {
        body["model"] = model.into();
    }
    let started = client.request_json(
        Method::POST,
        &format!("{PROJECTS}/{project_id}/ai/translate/batch/start"),
        Some(&body),
    )?;
    let started: Started = decode(resource(started)?, "the started translation")?;
    Ok(started.job_id)
}

/// The event stream of a translation job. †
pub fn translation_stream(core: &Core, project_id: &str, job_id: &str) -> Result<Url, Error> {
    core.url(&format!(
        "{PROJECTS}/{project_id}/ai/translate/batch/stream/{job_id}"
    ))
}

/// Cancels a translation job.
pub async fn cancel_translation(core: &Core, project_id: &str, job_id: &str) -> Result<(), Error> {
    let url = core.url(&format!(
        "{PROJECTS}/{project_id}/ai/translate/batch/cancel/{job_id}"
    ))?;
    let response = core
        .send(Method::POST, &url, None, &HeaderMap::new(), MAX_RESPONSE)
        .await?;
    if response.status.is_success() {
        Ok(())
    } else {
        Err(core.status_error(&Method::POST, &url, &response))
    }
}

/// One event of a translation job's stream, as nt3 reads it. †
///
/// The event's name (`event:`) says what happened: `progress` (or an unnamed
/// `message`), `batch` (a batch of up to 200 keys ended), `complete` (also `completed`,
/// `done`), `error`. Its data is JSON with the counts so far, each optional:
/// `translated` (or `completed`), `failed`, `skipped`, `total`, `batch`, `batches`, and
/// `message` for an error. A `status` of `completed` or `failed` in the data also ends
/// the job.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct TranslateEvent {
    #[serde(default, alias = "completed")]
    pub translated: Option<u64>,
    #[serde(default)]
    pub failed: Option<u64>,
    #[serde(default)]
    pub skipped: Option<u64>,
    #[serde(default)]
    pub total: Option<u64>,
    #[serde(default)]
    pub batch: Option<u64>,
    #[serde(default)]
    pub batches: Option<u64>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub message: Option<String>,
}

/// What an event means for the job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Running,
    Done,
    Failed,
}

impl TranslateEvent {
    /// Reads one event; data that is not a JSON object carries no counts.
    pub fn parse(name: &str, data: &str) -> (Phase, Self) {
        let event: Self = serde_json::from_str(data).unwrap_or_default();
        let phase = match (name, event.status.as_deref()) {
            ("error", _) | (_, Some("failed" | "error")) => Phase::Failed,
            ("complete" | "completed" | "done", _) | (_, Some("completed" | "done")) => Phase::Done,
            _ => Phase::Running,
        };
        (phase, event)
    }
}
