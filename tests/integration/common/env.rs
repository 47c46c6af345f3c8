//! The hermetic environment every test runs nt3 in: a temporary HOME and working
//! directory, a cleared environment, no colour; and assertions on what nt3 printed.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use snapbox::{Data, IntoData, Redactions};

use super::server::Server;

/// A token that must never appear in output unless asked for.
pub const CANARY: &str = "entri_CANARY0123456789abcdefXyZ9";

/// An unprivileged user for permission tests run as root.
#[cfg(unix)]
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
        let real = canonical(root.path());
        fs::create_dir(real.join("home")).unwrap();
        fs::create_dir(real.join("work")).unwrap();
        let mut env = vec![
            ("HOME".into(), real.join("home").display().to_string()),
            ("NO_COLOR".into(), "1".into()),
            // git (for the `.gitignore` check) and nothing else from the host.
            ("PATH".into(), "/usr/local/bin:/usr/bin:/bin".into()),
        ];
        if cfg!(windows) {
            // The profile and the cache directory, as Windows sets them; and the system
            // directory, without which Windows' socket library does not start.
            env.push((
                "USERPROFILE".into(),
                real.join("home").display().to_string(),
            ));
            let cache = real.join("home").join("AppData").join("Local");
            env.push(("LOCALAPPDATA".into(), cache.display().to_string()));
            if let Some(root) = std::env::var_os("SYSTEMROOT") {
                env.push(("SYSTEMROOT".into(), root.to_string_lossy().into_owned()));
            }
        }
        Self {
            root,
            env,
            server: None,
        }
    }

    pub fn root(&self) -> PathBuf {
        canonical(self.root.path())
    }

    /// Where nt3 keeps its cache (sync state) in this environment.
    pub fn cache(&self) -> PathBuf {
        if cfg!(windows) {
            self.home().join("AppData/Local/nt3")
        } else {
            self.home().join(".cache/nt3")
        }
    }

    pub fn home(&self) -> PathBuf {
        self.root().join("home")
    }

    pub fn work(&self) -> PathBuf {
        self.root().join("work")
    }

    pub fn global(&self) -> PathBuf {
        self.home().join(".nt3").join("config.json")
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
        fs::write(path, contents).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            if dir.file_name() == Some(".nt3".as_ref()) {
                fs::set_permissions(dir, fs::Permissions::from_mode(0o700)).unwrap();
            }
            fs::set_permissions(path, fs::Permissions::from_mode(0o600)).unwrap();
        }
    }

    /// Writes a project file at `rel` (under `work/`, `/`-separated), making its folders.
    pub fn put(&self, rel: &str, contents: impl AsRef<[u8]>) {
        let path = self.work().join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, contents).unwrap();
    }

    /// A fresh environment logged in at `server`, in a project whose `.nt3.yml` is
    /// `config`.
    pub fn in_project(server: &Server, config: &str) -> Self {
        let env = Self::logged_in_at(super::CANARY, server);
        env.put(".nt3.yml", config);
        env
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
    #[cfg(unix)]
    pub fn run_unprivileged(&self, args: &[&str]) -> Ran {
        let mut cmd = self.command(args);
        if running_as_root() {
            use std::os::unix::fs::PermissionsExt;
            use std::os::unix::process::CommandExt;
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
        let root = self.root().display().to_string();
        redactions
            .insert("[ROOT]", root.replace('\\', "/"))
            .unwrap();
        if let Some(server) = &self.server {
            redactions.insert("[SERVER]", server.clone()).unwrap();
        }
        Ran {
            assert: start(&mut cmd),
            redactions,
        }
    }
}

/// Runs `cmd` to its end. Wine, which runs the Windows build of these tests, now and then
/// fails to start a process at all (`ERROR_INTERNAL_ERROR`, 1359); such a start, which
/// ran nothing, is tried again, up to three times.
fn start(cmd: &mut assert_cmd::Command) -> assert_cmd::assert::Assert {
    let mut attempts = 0;
    loop {
        attempts += 1;
        match cmd.output() {
            Ok(output) => {
                return assert_cmd::assert::Assert::new(output)
                    .append_context("command", format!("{cmd:?}"));
            }
            Err(err) if cfg!(windows) && err.raw_os_error() == Some(1359) && attempts < 3 => {}
            Err(err) => panic!("cannot run {cmd:?}: {err}"),
        }
    }
}

#[cfg(unix)]
pub fn running_as_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    let probe = tempfile::tempfile().unwrap();
    probe.metadata().unwrap().uid() == 0
}

#[cfg(unix)]
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

    /// What nt3 printed on stdout (on Windows, with paths written the Unix way).
    pub fn stdout(&self) -> String {
        String::from_utf8(windows_as_unix(&self.output().stdout)).unwrap()
    }

    /// What nt3 printed on stderr (on Windows, with paths written the Unix way).
    pub fn stderr(&self) -> String {
        String::from_utf8(windows_as_unix(&self.output().stderr)).unwrap()
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
        let actual = windows_as_unix(actual);
        snapbox::Assert::new()
            .action_env(snapbox::assert::DEFAULT_ACTION_ENV)
            .redact_with(self.redactions.clone())
            .eq(Data::from(actual.to_vec()), expected);
    }
}

/// A path without Windows' verbatim prefix (`\\?\`), as nt3 and people write it.
fn canonical(path: &Path) -> PathBuf {
    let real = path.canonicalize().unwrap();
    match real.to_str().and_then(|text| text.strip_prefix(r"\\?\")) {
        Some(plain) => PathBuf::from(plain),
        None => real,
    }
}

/// One expectation for every platform: on Windows, the output with its path separators
/// written as `/` (JSON's `\\` too, but not the `\u{…}` escapes of hostile text nor
/// JSON's own escapes) and the system's wording of a refused connection replaced by
/// Linux's.
pub fn windows_as_unix(actual: &[u8]) -> Vec<u8> {
    if !cfg!(windows) {
        return actual.to_vec();
    }
    let text = String::from_utf8_lossy(actual).replace(r"\\", "/");
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let hex4 = after.len() > 4
            && after.starts_with('u')
            && after[1..5].chars().all(|c| c.is_ascii_hexdigit());
        let escape = after.starts_with("u{")
            || hex4
            || after.starts_with('"')
            || (after.starts_with(['n', 't', 'r'])
                && !after[1..].starts_with(|c: char| c.is_ascii_alphanumeric()));
        out.push(if escape { '\\' } else { '/' });
        rest = after;
    }
    out.push_str(rest);
    out.replace(
        "Connection refused. (os error 10061)",
        "Connection refused (os error 111)",
    )
    .into_bytes()
}

/// A path as the tests' expectations write it: with `/` on every platform.
pub fn unix(path: &Path) -> String {
    path.display().to_string().replace('\\', "/")
}

pub fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap()
}

/// Whether only its owner can use `path`: mode `0600` for a file and `0700` for a
/// directory on Unix; on Windows, an access list that lets no other user in.
pub fn private(path: &Path) -> bool {
    #[cfg(unix)]
    return mode(path) == if path.is_dir() { 0o700 } else { 0o600 };
    #[cfg(windows)]
    {
        let others = nt3::access_of_others(path).unwrap();
        !others.read && !others.write
    }
}

#[cfg(unix)]
pub fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}
