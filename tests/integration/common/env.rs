//! The hermetic environment every test runs nt3 in: a temporary HOME and working
//! directory, a cleared environment, no colour; and assertions on what nt3 printed.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Output;

use snapbox::{Data, IntoData, Redactions};

use super::server::Server;

/// A token that must never appear in output unless asked for.
pub const CANARY: &str = "entri_CANARY0123456789abcdefXyZ9";

/// An unprivileged user for permission tests run as root.
const NOBODY: u32 = 65534;

pub struct TestEnv {
    root: tempfile::TempDir,
    pub(super) env: Vec<(String, String)>,
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

    /// The exit code, for tests that accept several.
    pub fn exit_code(&self) -> Option<i32> {
        self.output().status.code()
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
