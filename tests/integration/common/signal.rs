//! nt3 stopped by a signal while it waits on a server that holds its answer.

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How nt3 ended after the signal.
pub struct Stopped {
    /// The exit code, or 128 + the signal that ended it, as a shell reports either.
    pub code: Option<i32>,
    pub stderr: String,
    /// From the signal to the end of the process.
    pub took: Duration,
}

/// Runs `command` (with `stdin` on its standard input), waits until `ready` holds, sends
/// `signal` (`INT` or `TERM`), and waits up to 10 seconds for nt3 to end.
pub fn stop(mut command: Command, stdin: &str, ready: impl Fn() -> bool, signal: &str) -> Stopped {
    // A shell starts a background job with Ctrl-C ignored, and children keep that: nt3
    // gets the default here, as it does when started from a terminal.
    // SAFETY: between fork and exec the closure only calls `signal`, which allocates
    // nothing and takes no lock.
    unsafe {
        std::os::unix::process::CommandExt::pre_exec(&mut command, || {
            libc::signal(libc::SIGINT, libc::SIG_DFL);
            Ok(())
        });
    }
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let started = Instant::now();
    while !ready() {
        if started.elapsed() > Duration::from_secs(10) || child.try_wait().unwrap().is_some() {
            let _ = child.kill();
            let output = child.wait_with_output().unwrap();
            panic!(
                "nt3 never reached the point to stop it at: {}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let signalled = Instant::now();
    let sent = Command::new("kill")
        .args([&format!("-{signal}"), &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if signalled.elapsed() > Duration::from_secs(10) {
            let _ = child.kill();
            panic!("nt3 did not end after SIG{signal}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let took = signalled.elapsed();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    use std::os::unix::process::ExitStatusExt;
    Stopped {
        code: status.code().or(status.signal().map(|signal| 128 + signal)),
        stderr,
        took,
    }
}

impl Stopped {
    /// Ended within 3 seconds with `code`, and without an internal error.
    pub fn ended_with(&self, code: i32) -> &Self {
        assert!(self.took < Duration::from_secs(3), "{:?}", self.took);
        assert_eq!(self.code, Some(code), "{}", self.stderr);
        assert!(!self.stderr.contains("internal error"), "{}", self.stderr);
        self
    }
}
