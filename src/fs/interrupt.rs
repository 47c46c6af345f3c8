//! Ctrl-C and SIGTERM while nt3 holds temporary files.
//!
//! Each temporary file nt3 creates (an atomic write's, a download's) is registered with a
//! [`Guard`] for as long as it exists. The first guard starts one thread that waits for
//! SIGINT or SIGTERM; when one arrives it removes every registered file and exits with
//! 128 + the signal (130, 143), as a shell reports a killed program. Targets are only
//! ever replaced by a rename, so they stay whole either way. Commands that create no
//! temporary file start no thread and keep the default signal handling.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Temporary files that exist right now.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Registers a temporary file for removal on interruption, until dropped.
#[derive(Debug)]
pub struct Guard(PathBuf);

impl Guard {
    pub fn new(path: &Path) -> Self {
        watch();
        pending().push(path.to_owned());
        Self(path.to_owned())
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        let mut pending = pending();
        if let Some(i) = pending.iter().position(|path| *path == self.0) {
            pending.swap_remove(i);
        }
    }
}

fn pending() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    // A panic elsewhere cannot leave the list itself inconsistent.
    PENDING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(unix)]
fn watch() {
    use signal_hook::consts::{SIGINT, SIGTERM};
    static WATCHING: std::sync::Once = std::sync::Once::new();
    WATCHING.call_once(|| {
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) else {
            return;
        };
        std::thread::spawn(move || {
            if let Some(signal) = signals.forever().next() {
                // Held until exit: no new temporary file can be registered meanwhile.
                let pending = pending();
                for path in pending.iter() {
                    let _ = std::fs::remove_file(path);
                }
                std::process::exit(128 + signal);
            }
        });
    });
}

#[cfg(not(unix))]
fn watch() {}
