//! Running a sync's requests: up to `--jobs` at once, and no more bytes in flight than
//! [`BYTES_IN_FLIGHT`], on the client's runtime; a fatal answer stops the rest.

use std::sync::Arc;

use tokio::task::JoinSet;

use super::outcome::FileOutcome;
use super::report::Progress;
use crate::error::Error;
use crate::http::{Client, Core};

/// How many bytes of files may be in flight at once ([`run_bounded`]): the rule that
/// keeps memory flat when files are large. Small files are limited by `--jobs` alone; a
/// file larger than this goes alone.
pub const BYTES_IN_FLIGHT: u64 = 32 * 1024 * 1024;

/// Runs `work` for every item, in the client's runtime, with at most `jobs` at once and
/// — as `weight` gives each item's size in bytes — at most [`BYTES_IN_FLIGHT`] at once
/// (an item larger than that runs alone). Returns the outcomes in the items' order; a
/// fatal failure stops the rest and comes back as the error.
pub fn run_bounded<T, W, F>(
    client: &Client,
    items: Vec<T>,
    jobs: usize,
    weight: impl Fn(&T) -> u64,
    progress: &Progress,
    work: W,
) -> (Vec<FileOutcome>, Option<Error>)
where
    T: Send + 'static,
    W: Fn(Arc<Core>, T) -> F,
    F: std::future::Future<Output = (FileOutcome, Option<Error>)> + Send + 'static,
{
    let core = client.core();
    client.run(async {
        let mut pending = items.into_iter().enumerate().peekable();
        let mut running = JoinSet::new();
        let mut in_flight = 0u64;
        let mut done: Vec<(usize, FileOutcome)> = Vec::new();
        let mut fatal = None;
        loop {
            while fatal.is_none() && running.len() < jobs.max(1) {
                let Some((_, next)) = pending.peek() else {
                    break;
                };
                let bytes = weight(next);
                if !running.is_empty() && in_flight.saturating_add(bytes) > BYTES_IN_FLIGHT {
                    break;
                }
                let (index, item) = pending.next().expect("peeked");
                in_flight = in_flight.saturating_add(bytes);
                let task = work(Arc::clone(&core), item);
                running.spawn(async move { (index, bytes, task.await) });
            }
            let Some(finished) = running.join_next().await else {
                break;
            };
            let Ok((index, bytes, (outcome, stop))) = finished else {
                // Aborted after a fatal failure.
                continue;
            };
            in_flight -= bytes;
            progress.tick(&outcome);
            if let (Some(err), None) = (stop, &fatal) {
                fatal = Some(err);
                running.abort_all();
            }
            done.push((index, outcome));
        }
        done.sort_by_key(|(index, _)| *index);
        (
            done.into_iter().map(|(_, outcome)| outcome).collect(),
            fatal,
        )
    })
}
