//! Disk work for the blocking pool, so the async runtime's only thread never waits on a
//! write, a rename or an fsync. The work is boxed, so every call shares one task type
//! (each task type costs the binary its own copy of tokio's task machinery).

use std::io;
use std::sync::{Arc, Mutex};

use crate::fs::atomic::Atomic;
use crate::sync::lock;

/// Work for the blocking pool, boxed: one task type for every such call.
pub type Blocking = Box<dyn FnOnce() + Send>;

/// Runs `work` on the blocking pool, off the runtime's only thread.
pub async fn off_runtime(work: Blocking) -> io::Result<()> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(io::Error::other)
}

/// Renames a temporary file over its target (with its fsync) on the blocking pool.
pub async fn commit(tmp: Atomic) -> io::Result<()> {
    let result = Arc::new(Mutex::new(None));
    let out = Arc::clone(&result);
    off_runtime(Box::new(move || *lock(&out) = Some(tmp.commit_unsynced()))).await?;
    let renamed = lock(&result).take();
    renamed.unwrap_or_else(|| Err(io::Error::other("the rename did not run")))
}
