//! Ctrl-C and SIGTERM (on Windows, Ctrl-C, Ctrl-Break and closing the console) while nt3
//! holds something it must clean up: a temporary file, or a session it must sign out.
//!
//! Each is registered with a [`Guard`] for as long as it exists. The first guard starts
//! one thread that waits for SIGINT or SIGTERM; when one arrives it runs every registered
//! task (bounded by the task itself), removes every registered file, and exits with
//! 128 + the signal (130, 143), as a shell reports a killed program. Targets are only
//! ever replaced by a rename, so they stay whole either way. Commands that register
//! nothing start no thread and keep the default signal handling.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

/// What must be undone if nt3 is interrupted now.
enum Pending {
    File(PathBuf),
    Task(Box<dyn FnOnce() + Send>),
}

/// Everything registered right now, by the id of its guard.
static PENDING: Mutex<Vec<(u64, Pending)>> = Mutex::new(Vec::new());
static NEXT: AtomicU64 = AtomicU64::new(0);

/// Keeps something registered for the interruption handler, until dropped.
#[derive(Debug)]
pub struct Guard(u64);

impl Guard {
    /// A temporary file, removed on interruption.
    pub fn new(path: &Path) -> Self {
        Self::register(Pending::File(path.to_owned()))
    }

    /// A task run on interruption, before nt3 exits: it must finish quickly whatever
    /// happens (a sign-out bounded by its own timeout).
    pub fn task(task: impl FnOnce() + Send + 'static) -> Self {
        Self::register(Pending::Task(Box::new(task)))
    }

    fn register(pending_item: Pending) -> Self {
        watch();
        let id = NEXT.fetch_add(1, Ordering::Relaxed);
        pending().push((id, pending_item));
        Self(id)
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        let mut pending = pending();
        if let Some(i) = pending.iter().position(|(id, _)| *id == self.0) {
            pending.swap_remove(i);
        }
    }
}

fn pending() -> std::sync::MutexGuard<'static, Vec<(u64, Pending)>> {
    // A panic elsewhere cannot leave the list itself inconsistent.
    PENDING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Runs every registered task and removes every registered file; the lock is held until
/// the process exits, so nothing new is registered meanwhile.
fn clean_up_and_exit(code: i32) -> ! {
    let mut pending = pending();
    for (_, item) in pending.drain(..) {
        match item {
            Pending::Task(task) => task(),
            Pending::File(path) => {
                let _ = std::fs::remove_file(path);
            }
        }
    }
    std::process::exit(code);
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
                clean_up_and_exit(128 + signal);
            }
        });
    });
}

/// Windows: Ctrl-C, Ctrl-Break and closing the console window, handled on the thread
/// Windows starts for them; nt3 exits 130, as for Ctrl-C elsewhere.
#[cfg(windows)]
fn watch() {
    static WATCHING: std::sync::Once = std::sync::Once::new();
    WATCHING.call_once(|| {
        let _ = ctrlc::set_handler(|| clean_up_and_exit(130));
    });
}

#[cfg(not(any(unix, windows)))]
fn watch() {}
