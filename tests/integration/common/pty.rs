//! nt3 on a pseudo-terminal, as a person at a terminal runs it.

use super::env::TestEnv;

/// nt3 running on a pseudo-terminal, as a person at a terminal runs it: stdin, stdout and
/// stderr are the terminal, and the test types into it and reads what it shows.
pub struct Pty {
    child: Box<dyn portable_pty::Child + Send + Sync>,
    writer: Box<dyn std::io::Write + Send>,
    screen: std::sync::Arc<std::sync::Mutex<Vec<u8>>>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

impl TestEnv {
    /// Starts `nt3 <args>` on a new 24×100 pseudo-terminal, with this environment.
    pub fn pty(&self, args: &[&str]) -> Pty {
        let mut cmd = portable_pty::CommandBuilder::new(assert_cmd::cargo::cargo_bin!("nt3"));
        cmd.args(args);
        self.pty_command(cmd)
    }

    /// Runs a shell `script` on a new pseudo-terminal, with `nt3` first on `PATH`.
    pub fn pty_sh(&self, script: &str) -> Pty {
        let mut cmd = portable_pty::CommandBuilder::new("sh");
        cmd.args(["-c", script]);
        self.pty_command(cmd)
    }

    fn pty_command(&self, mut cmd: portable_pty::CommandBuilder) -> Pty {
        use std::io::Read;
        let pair = portable_pty::native_pty_system()
            .openpty(portable_pty::PtySize {
                rows: 24,
                cols: 100,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        cmd.env_clear();
        for (key, value) in &self.env {
            cmd.env(key, value);
        }
        if let Some(bin) = assert_cmd::cargo::cargo_bin!("nt3").parent() {
            let path = format!("{}:/usr/local/bin:/usr/bin:/bin", bin.display());
            cmd.env("PATH", path);
        }
        cmd.cwd(self.work());
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let screen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let sink = screen.clone();
        std::thread::spawn(move || {
            let mut buf = [0; 4096];
            while let Ok(n @ 1..) = reader.read(&mut buf) {
                sink.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        let writer = pair.master.take_writer().unwrap();
        Pty {
            child,
            writer,
            screen,
            _master: pair.master,
        }
    }
}

impl Pty {
    /// Everything the terminal received so far, as text.
    pub fn screen(&self) -> String {
        String::from_utf8_lossy(&self.screen.lock().unwrap()).into_owned()
    }

    /// What a 24×100 terminal would show now: the received bytes rendered (escape
    /// sequences applied, not shown), each row without trailing spaces.
    pub fn rendered(&self) -> String {
        let size = |n| std::num::NonZeroU16::new(n).unwrap();
        let mut terminal = vt100::Parser::new(size(24), size(100), 0);
        terminal.process(&self.screen.lock().unwrap());
        let contents = terminal.screen().contents();
        let mut text: String = contents
            .lines()
            .map(|line| format!("{}\n", line.trim_end()))
            .collect();
        if text.is_empty() {
            text.push('\n');
        }
        text
    }

    /// Waits (at most 10 s) until the terminal shows `text`.
    pub fn expect(&self, text: &str) {
        let started = std::time::Instant::now();
        while !self.screen().contains(text) {
            assert!(
                started.elapsed() < std::time::Duration::from_secs(10),
                "the terminal never showed {text:?}; it shows:\n{}",
                self.screen()
            );
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
    }

    /// Types `keys` (a line ends with `\r`, as Enter sends it).
    pub fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Waits (at most 10 s) for nt3 to exit; its exit code and the whole screen.
    pub fn finish(&mut self) -> (u32, String) {
        let started = std::time::Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                // Let the reader drain what was written just before the exit.
                std::thread::sleep(std::time::Duration::from_millis(50));
                return (status.exit_code(), self.screen());
            }
            if started.elapsed() > std::time::Duration::from_secs(10) {
                let _ = self.child.kill();
                panic!("nt3 did not exit; the terminal shows:\n{}", self.screen());
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
    }
}
