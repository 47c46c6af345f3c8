//! Disk work for the blocking pool, so the async runtime's only thread never waits on a
//! write, a rename or an fsync. The work is boxed, so every call shares one task type
//! (each task type costs the binary its own copy of tokio's task machinery).

use std::io;
use std::sync::{Arc, Mutex};

use crate::sync::lock;

/// Work for the blocking pool, boxed: one task type for every such call.
pub type Blocking = Box<dyn FnOnce() + Send>;

/// Runs `work` on the blocking pool, off the runtime's only thread.
pub async fn off_runtime(work: Blocking) -> io::Result<()> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(io::Error::other)
}

/// Runs `work` on the blocking pool and returns what it returned: still one task type,
/// the result coming back through a slot.
pub async fn off_runtime_with<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> io::Result<T> {
    let slot = Arc::new(Mutex::new(None));
    let out = Arc::clone(&slot);
    off_runtime(Box::new(move || *lock(&out) = Some(work()))).await?;
    let result = lock(&slot).take();
    result.ok_or_else(|| io::Error::other("the blocking work did not run"))
}
