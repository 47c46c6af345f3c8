//! Ctrl-C, SIGTERM, SIGHUP (the terminal closed) and SIGXFSZ (a file-size limit hit) —
//! on Windows, Ctrl-C, Ctrl-Break and closing the console — while nt3 holds something it
//! must clean up: a temporary file, or a session it must sign out.
//!
//! Each is registered with a [`Guard`] for as long as it exists. The first guard starts
//! one thread that waits for those signals; when one arrives it runs every registered
//! task (bounded by the task itself), removes every registered file, and exits with
//! 128 + the signal (130, 143, 129, 153), as a shell reports a killed program. A signal
//! nothing can catch (SIGKILL, a power cut) leaves a temporary file behind; the next
//! write in that directory removes it once it is an hour old ([`sweep`]). Targets are only
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
            // In order: the handler runs the newest first.
            pending.remove(i);
        }
    }
}

fn pending() -> std::sync::MutexGuard<'static, Vec<(u64, Pending)>> {
    // A panic elsewhere cannot leave the list itself inconsistent.
    PENDING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Runs every registered task, newest first (a token to revoke before the session that
/// minted it is signed out), and removes every registered file; the lock is held until
/// the process exits, so nothing new is registered meanwhile.
fn clean_up_and_exit(code: i32) -> ! {
    clean_up(&mut pending());
    std::process::exit(code);
}

fn clean_up(pending: &mut Vec<(u64, Pending)>) {
    for (_, item) in pending.drain(..).rev() {
        match item {
            Pending::Task(task) => task(),
            Pending::File(path) => {
                let _ = std::fs::remove_file(path);
            }
        }
    }
}

/// After a panic's report, where panics abort (release builds) and so drop nothing:
/// what an interruption would undo is undone — unless the panic came while the list
/// itself was locked — and nt3 exits 101, as an unwinding panic does.
pub fn after_panic() {
    if cfg!(panic = "abort") {
        match PENDING.try_lock() {
            Ok(mut pending) => clean_up(&mut pending),
            Err(std::sync::TryLockError::Poisoned(poisoned)) => {
                clean_up(&mut poisoned.into_inner())
            }
            Err(std::sync::TryLockError::WouldBlock) => {}
        }
        std::process::exit(101);
    }
}

#[cfg(unix)]
fn watch() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM, SIGXFSZ};
    static WATCHING: std::sync::Once = std::sync::Once::new();
    WATCHING.call_once(|| {
        let Ok(mut signals) =
            signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP, SIGXFSZ])
        else {
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
        let _ = ctrlc::set_handler(|| clean_up_and_exit(crate::error::exit::INTERRUPTED.into()));
    });
}

#[cfg(not(any(unix, windows)))]
fn watch() {}

/// How old a temporary file must be before another nt3 removes it: older than any
/// write takes, so it belongs to no nt3 still running.
const STALE: std::time::Duration = std::time::Duration::from_secs(60 * 60);

/// Removes nt3's temporary files (`.nt3-*.tmp`) older than an hour from `dir`, once per
/// directory and process: what a process killed beyond catching left there.
pub fn sweep(dir: &Path) {
    static SWEPT: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
    {
        let mut swept = SWEPT
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if swept.iter().any(|done| done == dir) {
            return;
        }
        swept.push(dir.to_owned());
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else {
            continue;
        };
        let ours = name.starts_with(".nt3-") && name.ends_with(".tmp");
        // A regular file only (never a link), and only one old enough.
        let stale = entry.metadata().is_ok_and(|meta| {
            meta.is_file()
                && meta
                    .modified()
                    .ok()
                    .and_then(|at| at.elapsed().ok())
                    .is_some_and(|age| age > STALE)
        });
        if ours && stale {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}
