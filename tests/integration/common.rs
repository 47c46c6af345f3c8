//! The hermetic test environment and assertion helpers.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Output;

use snapbox::{Data, IntoData, Redactions};

/// A token that must never appear in output unless asked for.
pub const CANARY: &str = "entri_CANARY0123456789abcdefXyZ9";

/// An unprivileged user for permission tests run as root.
const NOBODY: u32 = 65534;

pub struct TestEnv {
    root: tempfile::TempDir,
    env: Vec<(String, String)>,
    /// A mock server's address, shown as `[SERVER]` in snapshots.
    server: Option<String>,
}

impl TestEnv {
    /// A temporary `home/` and a working directory `work/`, nothing else.
    pub fn new() -> Self {
        let root = tempfile::tempdir().unwrap();
        let real = root.path().canonicalize().unwrap();
        fs::create_dir(real.join("home")).unwrap();
        fs::create_dir(real.join("work")).unwrap();
        let env = vec![
            ("HOME".into(), real.join("home").display().to_string()),
            ("NO_COLOR".into(), "1".into()),
            // git (for the `.gitignore` check) and nothing else from the host.
            ("PATH".into(), "/usr/local/bin:/usr/bin:/bin".into()),
        ];
        Self {
            root,
            env,
            server: None,
        }
    }

    pub fn root(&self) -> PathBuf {
        self.root.path().canonicalize().unwrap()
    }

    pub fn home(&self) -> PathBuf {
        self.root().join("home")
    }

    pub fn work(&self) -> PathBuf {
        self.root().join("work")
    }

    pub fn global(&self) -> PathBuf {
        self.home().join(".nt3/config.json")
    }

    pub fn local(&self) -> PathBuf {
        self.work().join(".nt3.local.json")
    }

    /// Shows `uri` as `[SERVER]` in snapshots.
    pub fn show_as_server(&mut self, uri: String) {
        self.server = Some(uri);
    }

    /// Sets an environment variable for every later run.
    pub fn env(&mut self, key: &str, value: impl Into<String>) -> &mut Self {
        self.env.push((key.into(), value.into()));
        self
    }

    /// Writes a credential file the way nt3 would (`0600`, directory `0700`).
    pub fn write(&self, path: &Path, contents: impl AsRef<[u8]>) {
        let dir = path.parent().unwrap();
        fs::create_dir_all(dir).unwrap();
        if dir.file_name() == Some(".nt3".as_ref()) {
            fs::set_permissions(dir, fs::Permissions::from_mode(0o700)).unwrap();
        }
        fs::write(path, contents).unwrap();
        fs::set_permissions(path, fs::Permissions::from_mode(0o600)).unwrap();
    }

    pub fn login_global(&self, token: &str) {
        self.write(&self.global(), format!("{{\"token\": \"{token}\"}}"));
    }

    /// A global login whose `api_url` is `server`, which snapshots show as `[SERVER]`.
    /// A fresh environment logged in with `token` at `server`.
    pub fn logged_in_at(token: &str, server: &Server) -> Self {
        let mut env = Self::new();
        env.login_at(token, server);
        env
    }

    pub fn login_at(&mut self, token: &str, server: &Server) {
        self.write(
            &self.global(),
            format!(
                "{{\"token\": \"{token}\", \"api_url\": \"{}\"}}",
                server.uri()
            ),
        );
        self.server = Some(server.uri());
    }

    pub fn command(&self, args: &[&str]) -> std::process::Command {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin!("nt3"));
        cmd.env_clear()
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .current_dir(self.work())
            .args(args);
        cmd
    }

    pub fn run(&self, args: &[&str]) -> Ran {
        self.run_command(self.command(args), None)
    }

    pub fn run_stdin(&self, args: &[&str], stdin: &str) -> Ran {
        self.run_command(self.command(args), Some(stdin))
    }

    /// Runs as an unprivileged user when the tests run as root, since root reads files
    /// whatever their mode. Hands the whole tree to that user first.
    pub fn run_unprivileged(&self, args: &[&str]) -> Ran {
        use std::os::unix::process::CommandExt;
        let mut cmd = self.command(args);
        if running_as_root() {
            chown_tree(&self.root(), NOBODY);
            fs::set_permissions(self.root.path(), fs::Permissions::from_mode(0o755)).unwrap();
            cmd.uid(NOBODY).gid(NOBODY);
        }
        self.run_command(cmd, None)
    }

    fn run_command(&self, cmd: std::process::Command, stdin: Option<&str>) -> Ran {
        let mut cmd = assert_cmd::Command::from_std(cmd);
        cmd.timeout(std::time::Duration::from_secs(20));
        cmd.write_stdin(stdin.unwrap_or_default());
        let mut redactions = Redactions::new();
        redactions.insert("[ROOT]", self.root()).unwrap();
        if let Some(server) = &self.server {
            redactions.insert("[SERVER]", server.clone()).unwrap();
        }
        Ran {
            assert: cmd.assert(),
            redactions,
        }
    }
}

pub fn running_as_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    let probe = tempfile::tempfile().unwrap();
    probe.metadata().unwrap().uid() == 0
}

fn chown_tree(path: &Path, uid: u32) {
    std::os::unix::fs::lchown(path, Some(uid), Some(uid)).unwrap();
    if path.is_dir() && !path.is_symlink() {
        for entry in fs::read_dir(path).unwrap() {
            chown_tree(&entry.unwrap().path(), uid);
        }
    }
}

/// The outcome of one run, with snapshot assertions on its streams.
pub struct Ran {
    assert: assert_cmd::assert::Assert,
    redactions: Redactions,
}

impl Ran {
    pub fn code(self, code: i32) -> Self {
        Self {
            assert: self.assert.code(code),
            ..self
        }
    }

    pub fn success(self) -> Self {
        self.code(0)
    }

    pub fn stdout_eq(self, expected: impl IntoData) -> Self {
        self.check(&self.output().stdout, expected);
        self
    }

    pub fn stderr_eq(self, expected: impl IntoData) -> Self {
        self.check(&self.output().stderr, expected);
        self
    }

    pub fn stdout(&self) -> String {
        String::from_utf8(self.output().stdout.clone()).unwrap()
    }

    pub fn stderr(&self) -> String {
        String::from_utf8(self.output().stderr.clone()).unwrap()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.output().stdout).expect("stdout is one JSON document")
    }

    /// Neither stream contains `secret`.
    pub fn hides(self, secret: &str) -> Self {
        let out = self.output();
        for (name, stream) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
            let text = String::from_utf8_lossy(stream);
            assert!(!text.contains(secret), "{name} shows the token:\n{text}");
        }
        self
    }

    fn output(&self) -> &Output {
        self.assert.get_output()
    }

    fn check(&self, actual: &[u8], expected: impl IntoData) {
        snapbox::Assert::new()
            .action_env(snapbox::assert::DEFAULT_ACTION_ENV)
            .redact_with(self.redactions.clone())
            .eq(Data::from(actual.to_vec()), expected);
    }
}

pub fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap()
}

pub fn mode(path: &Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// A wiremock server on loopback, driven from synchronous tests: it serves from its own
/// thread while the test runs nt3.
pub struct Server {
    runtime: tokio::runtime::Runtime,
    server: wiremock::MockServer,
}

impl Server {
    pub fn start() -> Self {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let server = runtime.block_on(wiremock::MockServer::start());
        Self { runtime, server }
    }

    /// `http://127.0.0.1:<port>`
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    pub fn port(&self) -> u16 {
        self.server.address().port()
    }

    pub fn mock(&self, mock: wiremock::Mock) -> &Self {
        self.runtime.block_on(mock.mount(&self.server));
        self
    }

    pub fn requests(&self) -> Vec<wiremock::Request> {
        self.runtime
            .block_on(self.server.received_requests())
            .unwrap()
    }
}

/// A collection document as the Entri API sends it.
pub fn page(data: serde_json::Value, page: u64, total_pages: u64) -> serde_json::Value {
    let count = data.as_array().map_or(0, Vec::len);
    serde_json::json!({
        "data": data,
        "meta": {"page": page, "limit": 200, "total": count, "totalPages": total_pages}
    })
}

/// A loopback port nothing listens on: connecting to it is refused at once.
pub fn closed_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A loopback HTTP/1.1 server that answers every request after `delay` and records the
/// most requests it was ever handling at once: wiremock cannot observe overlap.
pub struct CountingServer {
    pub port: u16,
    state: std::sync::Arc<CountingState>,
}

#[derive(Default)]
struct CountingState {
    in_flight: std::sync::atomic::AtomicUsize,
    peak: std::sync::atomic::AtomicUsize,
    served: std::sync::atomic::AtomicUsize,
}

impl CountingServer {
    /// `answer(method, path)` gives the body of each response (status 200).
    pub fn start(delay: std::time::Duration, answer: fn(&str, &str) -> String) -> Self {
        use std::io::{BufRead, BufReader, Read, Write};
        use std::sync::atomic::Ordering::SeqCst;
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let state = std::sync::Arc::new(CountingState::default());
        let shared = state.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { return };
                let state = shared.clone();
                std::thread::spawn(move || {
                    let mut reader = BufReader::new(stream.try_clone().unwrap());
                    let mut stream = stream;
                    loop {
                        let mut request_line = String::new();
                        if reader.read_line(&mut request_line).unwrap_or(0) == 0 {
                            return;
                        }
                        let mut length = 0;
                        loop {
                            let mut line = String::new();
                            reader.read_line(&mut line).unwrap();
                            if line == "\r\n" || line.is_empty() {
                                break;
                            }
                            if let Some((name, value)) = line.split_once(':')
                                && name.eq_ignore_ascii_case("content-length")
                            {
                                length = value.trim().parse().unwrap();
                            }
                        }
                        let mut body = vec![0; length];
                        reader.read_exact(&mut body).unwrap();
                        let now = state.in_flight.fetch_add(1, SeqCst) + 1;
                        state.peak.fetch_max(now, SeqCst);
                        std::thread::sleep(delay);
                        let mut parts = request_line.split(' ');
                        let (method, path) =
                            (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
                        let body = answer(method, path);
                        state.in_flight.fetch_sub(1, SeqCst);
                        state.served.fetch_add(1, SeqCst);
                        let reply = format!(
                            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
                            body.len()
                        );
                        if stream.write_all(reply.as_bytes()).is_err() {
                            return;
                        }
                    }
                });
            }
        });
        Self { port, state }
    }

    pub fn uri(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn peak(&self) -> usize {
        self.state.peak.load(std::sync::atomic::Ordering::SeqCst)
    }

    pub fn served(&self) -> usize {
        self.state.served.load(std::sync::atomic::Ordering::SeqCst)
    }
}

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
