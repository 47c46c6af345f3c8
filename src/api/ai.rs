//! AI translation: its status, and the jobs that translate a language.

use reqwest::Method;
use reqwest::header::HeaderMap;
use serde::Deserialize;
use url::Url;

use super::{decode, resource, v1};
use crate::error::Error;
use crate::http::{Client, Core, MAX_RESPONSE};
use crate::types::names::Id;
use crate::types::text::Untrusted;

/// `/api/v1/projects/:id/ai/<segments…>`.
fn ai(client: &Core, project_id: &Id, segments: &[&str]) -> Url {
    let mut all = vec!["projects", project_id.as_str(), "ai"];
    all.extend_from_slice(segments);
    v1(client, &all)
}

/// What `GET …/ai/status` says: whether AI translation is set up, and with what.
#[derive(Debug, Deserialize)]
pub struct AiStatus {
    #[serde(default)]
    pub configured: bool,
    #[serde(default, rename = "availableProviders")]
    pub providers: Vec<Untrusted>,
    #[serde(default, rename = "availableModels")]
    pub models: Vec<AiModel>,
}

#[derive(Debug, Deserialize)]
pub struct AiModel {
    pub id: Untrusted,
    #[serde(default)]
    pub provider: Option<Untrusted>,
}

pub fn ai_status(client: &Client, project_id: &Id) -> Result<AiStatus, Error> {
    let status = client.get_json(&ai(client, project_id, &["status"]))?;
    decode(resource(status)?, "the AI status")
}

/// Starts translating a language's untranslated keys; the job's id. †
pub fn start_translation(
    client: &Client,
    project_id: &Id,
    language: &str,
    provider: Option<&str>,
    model: Option<&str>,
) -> Result<Id, Error> {
    /// The job's id, as `jobId`, `id` or `_id` — several may come; the first wins.
    #[derive(Deserialize)]
    struct Started {
        #[serde(default, rename = "jobId")]
        job_id: Option<Id>,
        #[serde(default)]
        id: Option<Id>,
        #[serde(default, rename = "_id")]
        underscore: Option<Id>,
    }
    let mut body = serde_json::json!({ "targetLanguage": language });
    if let Some(provider) = provider {
        body["provider"] = provider.into();
    }
    if let Some(model) = model {
        body["model"] = model.into();
    }
    let url = ai(client, project_id, &["translate", "batch", "start"]);
    let started = client.request_json(Method::POST, &url, Some(&body))?;
    let started: Started = decode(resource(started)?, "the started translation")?;
    started
        .job_id
        .or(started.id)
        .or(started.underscore)
        .ok_or_else(|| {
            Error::new(
                crate::error::Kind::Failure,
                "the server's answer for the started translation has no job id",
            )
        })
}

/// The event stream of a translation job. †
pub fn translation_stream(core: &Core, project_id: &Id, job_id: &Id) -> Url {
    ai(
        core,
        project_id,
        &["translate", "batch", "stream", job_id.as_str()],
    )
}

/// Cancels a translation job.
pub async fn cancel_translation(core: &Core, project_id: &Id, job_id: &Id) -> Result<(), Error> {
    let url = ai(
        core,
        project_id,
        &["translate", "batch", "cancel", job_id.as_str()],
    );
    let response = core
        .send(Method::POST, &url, None, &HeaderMap::new(), MAX_RESPONSE)
        .await?;
    if response.status.is_success() {
        Ok(())
    } else {
        Err(core.status_error(&Method::POST, &url, &response))
    }
}

/// Frames a progress stream's bytes into events.
///
/// The parser (eventsource-stream 0.2.3) panics on a stream whose first character is a
/// byte-order mark: it cuts one byte of the three off. A leading empty line, which the
/// protocol ignores, means it never sees one there; a mark the server sends then only
/// spoils the first line's field name.
pub fn events<S, E>(
    chunks: S,
) -> impl futures_util::Stream<
    Item = Result<eventsource_stream::Event, eventsource_stream::EventStreamError<E>>,
>
where
    S: futures_util::Stream<Item = Result<bytes::Bytes, E>>,
{
    use eventsource_stream::Eventsource;
    use futures_util::StreamExt;
    let blank =
        futures_util::stream::once(std::future::ready(Ok(bytes::Bytes::from_static(b"\n"))));
    blank.chain(chunks).eventsource()
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
    #[serde(default)]
    pub translated: Option<u64>,
    /// Another name for `translated`; an event may carry both.
    #[serde(default)]
    completed: Option<u64>,
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
    pub status: Option<Untrusted>,
    #[serde(default)]
    pub message: Option<Untrusted>,
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
        let mut event: Self = serde_json::from_str(data).unwrap_or_default();
        event.translated = event.translated.or(event.completed);
        let phase = match (name, event.status.as_ref().map(Untrusted::raw)) {
            ("error", _) | (_, Some("failed" | "error")) => Phase::Failed,
            ("complete" | "completed" | "done", _) | (_, Some("completed" | "done")) => Phase::Done,
            _ => Phase::Running,
        };
        (phase, event)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STREAMS: &[&str] = &[
        "id: 1\nevent: progress\ndata: {\"translated\": 1, \"total\": 450, \"batch\": 1, \"batches\": 3}\n\nevent: complete\ndata: {\"translated\": 440, \"failed\": 0, \"skipped\": 10}\n\n",
        "event: error\ndata: {\"message\": \"quota\", \"status\": \"failed\"}\n\n: comment\nretry: 10\ndata: {\"completed\": 3}\n\n",
    ];

    #[test]
    fn a_stream_that_starts_with_a_byte_order_mark_still_gives_its_events() {
        use futures_util::StreamExt;
        let body =
            "\u{feff}event: progress\ndata: {\"translated\": 1}\n\nevent: complete\ndata: {}\n\n";
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let chunks = [Ok::<_, std::io::Error>(bytes::Bytes::from(body))];
        let got = runtime.block_on(events(futures_util::stream::iter(chunks)).collect::<Vec<_>>());
        let names: Vec<String> = got.into_iter().map(|e| e.unwrap().event).collect();
        assert_eq!(names, ["message", "complete"]);
    }

    proptest::proptest! {
        /// A hostile event stream, framed as nt3 frames it, gives events or nothing,
        /// never a panic.
        #[test]
        fn a_hostile_event_stream_never_panics(bytes in crate::types::fuzz::inputs(STREAMS)) {
            use futures_util::StreamExt;
            let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
            let chunks = bytes
                .chunks(1024)
                .map(|chunk| Ok::<_, std::io::Error>(bytes::Bytes::copy_from_slice(chunk)))
                .collect::<Vec<_>>();
            let events = runtime.block_on(
                events(futures_util::stream::iter(chunks)).collect::<Vec<_>>(),
            );
            for event in events.into_iter().flatten() {
                TranslateEvent::parse(&event.event, &event.data);
            }
        }
    }
}
