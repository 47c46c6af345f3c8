//! Credential files: `~/.nt3/config.json` and `./.nt3.local.json`.
//!
//! A credential file is a JSON object with the known keys `token`, `api_url`,
//! `token_storage` and `keyring_leftover`; every other key is kept as it was on each
//! rewrite.
//!
//! Reading never changes a file. A file that cannot be parsed is reported with its path
//! and the line and column, never with a value from it: serde's own type errors quote
//! the offending value, so the object is walked by hand and the error texts are ours.
//!
//! Writing follows one path, [`update`]: take an exclusive lock on the directory, refuse
//! a symbolic link, read and parse the current file (refusing a corrupt one unless
//! forced), apply the change, write a temporary file created `0600` in the same
//! directory, `fsync` it, rename it over the target and `fsync` the directory. Readers
//! see the old file or the new one, never a torn one, and parallel writers queue up.

use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};
use std::{fmt, str};

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde_json::{Map, Value};

use crate::fs::atomic;
use crate::fs::read::ReadError;
use crate::types::secret::{Secret, redact_tokens};

pub const GLOBAL_FILE_NAME: &str = "config.json";
pub const LOCAL_FILE_NAME: &str = ".nt3.local.json";
/// Larger files are refused unread.
pub const MAX_FILE_SIZE: u64 = 1024 * 1024;

/// Where the token named by a credential file lives.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Storage {
    #[default]
    File,
    Keyring,
}

impl Storage {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::File => "file",
            Self::Keyring => "keyring",
        }
    }
}

/// One named login of the global file.
#[derive(Debug, Default, Clone)]
pub struct Connection {
    pub token: Option<Secret>,
    pub api_url: Option<String>,
}

/// The parsed contents of a credential file.
#[derive(Debug, Default)]
pub struct CredentialFile {
    pub token: Option<Secret>,
    pub api_url: Option<String>,
    pub token_storage: Option<Storage>,
    /// The OS keyring still holds an earlier token for this file, which nt3 could not
    /// remove (the store was locked); the next `login` or `logout` tries again.
    pub keyring_leftover: bool,
    /// Named logins (`--connection NAME`), each with its own token and URL; only the
    /// global file has them.
    pub connections: std::collections::BTreeMap<String, Connection>,
    /// Keys nt3 does not know, in their original order.
    pub other: Map<String, Value>,
}

impl CredentialFile {
    pub fn storage(&self) -> Storage {
        self.token_storage.unwrap_or_default()
    }

    pub fn is_empty(&self) -> bool {
        self.token.is_none()
            && self.api_url.is_none()
            && self.token_storage.is_none()
            && !self.keyring_leftover
            && self.connections.is_empty()
            && self.other.is_empty()
    }

    fn to_json(&self) -> String {
        let mut map = Map::new();
        if let Some(token) = &self.token {
            map.insert("token".into(), token.expose().into());
        }
        if let Some(url) = &self.api_url {
            map.insert("api_url".into(), url.as_str().into());
        }
        if let Some(storage) = self.token_storage {
            map.insert("token_storage".into(), storage.as_str().into());
        }
        if self.keyring_leftover {
            map.insert("keyring_leftover".into(), true.into());
        }
        if !self.connections.is_empty() {
            let connections: Map<String, Value> = self
                .connections
                .iter()
                .map(|(name, connection)| {
                    let mut entry = Map::new();
                    if let Some(token) = &connection.token {
                        entry.insert("token".into(), token.expose().into());
                    }
                    if let Some(url) = &connection.api_url {
                        entry.insert("api_url".into(), url.as_str().into());
                    }
                    (name.clone(), Value::Object(entry))
                })
                .collect();
            map.insert("connections".into(), Value::Object(connections));
        }
        map.extend(self.other.iter().map(|(k, v)| (k.clone(), v.clone())));
        let mut text = serde_json::to_string_pretty(&map).expect("JSON maps serialize");
        text.push('\n');
        text
    }
}

/// Why a file's bytes are not a credential file. Never contains a value from the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError(String);

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ParseError {}

fn at(message: &str, line: usize, column: usize) -> ParseError {
    ParseError(format!("{message} at line {line} column {column}"))
}

/// Line and column (1-based) of a byte offset.
fn position(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    (line, offset - line_start + 1)
}

pub fn parse(bytes: &[u8]) -> Result<CredentialFile, ParseError> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        return Err(at("the file starts with a byte-order mark", 1, 1));
    }
    let text = str::from_utf8(bytes).map_err(|err| {
        let (line, column) = position(bytes, err.valid_up_to());
        at("the file is not valid UTF-8", line, column)
    })?;
    // serde_json reports a non-object top level with the value in the message; look first.
    match text.char_indices().find(|(_, c)| !c.is_ascii_whitespace()) {
        None => return Err(ParseError("the file is empty".into())),
        Some((offset, c)) if c != '{' => {
            let (line, column) = position(bytes, offset);
            return Err(at("expected a JSON object", line, column));
        }
        Some(_) => {}
    }
    let mut de = serde_json::Deserializer::from_str(text);
    // A mangled file can turn a token into a key, which messages quote: masked.
    let failed = |e: serde_json::Error| ParseError(redact_tokens(&e.to_string()));
    let file = de.deserialize_map(FileVisitor).map_err(failed)?;
    de.end().map_err(failed)?;
    Ok(file)
}

struct FileVisitor;

impl<'de> Visitor<'de> for FileVisitor {
    type Value = CredentialFile;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<CredentialFile, A::Error> {
        let mut file = CredentialFile::default();
        while let Some(key) = map.next_key::<String>()? {
            let value: Value = map.next_value()?;
            let duplicate = match key.as_str() {
                "token" => file
                    .token
                    .replace(Secret::new(string(&key, value)?))
                    .is_some(),
                "api_url" => file.api_url.replace(string(&key, value)?).is_some(),
                "token_storage" => {
                    let storage = match string(&key, value)?.as_str() {
                        "file" => Storage::File,
                        "keyring" => Storage::Keyring,
                        _ => {
                            return Err(de::Error::custom(
                                r#"`token_storage` must be "file" or "keyring""#,
                            ));
                        }
                    };
                    file.token_storage.replace(storage).is_some()
                }
                "connections" => {
                    let duplicate = !file.connections.is_empty();
                    file.connections = connections(value)?;
                    duplicate
                }
                "keyring_leftover" => match value {
                    Value::Bool(leftover) => {
                        std::mem::replace(&mut file.keyring_leftover, leftover)
                    }
                    _ => {
                        return Err(de::Error::custom(
                            "`keyring_leftover` must be true or false",
                        ));
                    }
                },
                _ => file.other.insert(key.clone(), value).is_some(),
            };
            if duplicate {
                return Err(de::Error::custom(format!("duplicate key `{key}`")));
            }
        }
        Ok(file)
    }
}

/// `"connections": {"NAME": {"token"?, "api_url"?}}`. Errors never quote a value.
fn connections<E: de::Error>(
    value: Value,
) -> Result<std::collections::BTreeMap<String, Connection>, E> {
    let Value::Object(entries) = value else {
        return Err(E::custom("`connections` must be an object of named logins"));
    };
    let mut connections = std::collections::BTreeMap::new();
    for (name, entry) in entries {
        if let Err(err) = crate::types::names::connection_name(&name) {
            return Err(E::custom(format!("a connection's name {err}")));
        }
        let Value::Object(fields) = entry else {
            return Err(E::custom(format!("connection `{name}` must be an object")));
        };
        let mut connection = Connection::default();
        for (key, value) in fields {
            match key.as_str() {
                "token" => connection.token = Some(Secret::new(string(&key, value)?)),
                "api_url" => connection.api_url = Some(string(&key, value)?),
                _ => {
                    return Err(E::custom(format!(
                        "connection `{name}` has an unknown key `{key}` (known: token, api_url)"
                    )));
                }
            }
        }
        connections.insert(name, connection);
    }
    Ok(connections)
}

fn string<E: de::Error>(key: &str, value: Value) -> Result<String, E> {
    let found = match value {
        Value::String(s) => return Ok(s),
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    };
    Err(E::custom(format!(
        "`{key}` must be a string, found {found}"
    )))
}

/// A credential file as found on disk.
#[derive(Debug)]
pub struct Loaded {
    pub file: CredentialFile,
    /// The permission bits, when group or others may access the file.
    pub loose_mode: Option<Loose>,
}

/// Why a credential file could not be used.
#[derive(Debug)]
pub enum LoadError {
    Unreadable(io::Error),
    /// A FIFO, device or directory where the file should be.
    NotRegular,
    TooLarge,
    Invalid(ParseError),
    /// The file, or its directory (`dir`), belongs to another user or others may write
    /// it: it may hold anything, and a token written there is not private.
    Untrusted {
        dir: Option<PathBuf>,
        reason: String,
    },
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unreadable(err) => write!(f, "cannot be read: {err}"),
            Self::NotRegular => f.write_str("is not a regular file"),
            Self::TooLarge => write!(f, "is larger than {}", crate::fs::read::size(MAX_FILE_SIZE)),
            Self::Invalid(err) => write!(f, "is not a valid credential file: {err}"),
            Self::Untrusted { dir: None, reason } => {
                write!(f, "{reason}, so nt3 does not trust it")
            }
            Self::Untrusted {
                dir: Some(dir),
                reason,
            } => write!(
                f,
                "is in `{}`, which {reason}, so nt3 does not trust it",
                dir.display()
            ),
        }
    }
}

impl std::error::Error for LoadError {}

impl LoadError {
    /// What fixes it: the one place credential-file hints are written. `local`: the file
    /// is a `.nt3.local.json`.
    pub fn hint(&self, path: &Path, local: bool) -> String {
        match self {
            Self::Untrusted { dir, reason } => {
                let target = dir.as_deref().unwrap_or(path).display();
                if reason.starts_with("belongs") {
                    format!("check `{target}`, then remove it or make it yours (`chown`)")
                } else if reason.contains("access list") {
                    format!("run `{}`", owner_only(&target))
                } else {
                    format!("run `chmod go-w {target}`")
                }
            }
            Self::Unreadable(_) => "check the file's owner and permissions".into(),
            Self::NotRegular | Self::TooLarge | Self::Invalid(_) if local => format!(
                "fix or remove `{LOCAL_FILE_NAME}`, or replace it with `nt3 login --local --force`"
            ),
            Self::NotRegular | Self::TooLarge | Self::Invalid(_) => {
                "fix or remove the file, or replace it with `nt3 login --force`".into()
            }
        }
    }
}

/// The directory of a credential file, if nt3 may trust it.
fn check_dir(dir: &Path) -> Result<(), LoadError> {
    match fs::metadata(dir) {
        Ok(meta) => match crate::fs::read::untrusted(dir, &meta) {
            Some(reason) => Err(LoadError::Untrusted {
                dir: Some(dir.to_owned()),
                reason,
            }),
            None => Ok(()),
        },
        Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(err) => Err(LoadError::Unreadable(err)),
    }
}

/// Reads a credential file; `Ok(None)` when there is none.
pub fn load(path: &Path) -> Result<Option<Loaded>, LoadError> {
    let (bytes, meta) = match crate::fs::read::read(path, MAX_FILE_SIZE) {
        Ok(read) => read,
        Err(ReadError::NotFound) => return Ok(None),
        Err(ReadError::NotRegular) => return Err(LoadError::NotRegular),
        Err(ReadError::TooLarge(_)) => return Err(LoadError::TooLarge),
        Err(ReadError::Io(err)) => return Err(LoadError::Unreadable(err)),
    };
    if let Some(reason) = crate::fs::read::untrusted(path, &meta) {
        return Err(LoadError::Untrusted { dir: None, reason });
    }
    check_dir(parent(path))?;
    let file = parse(&bytes).map_err(LoadError::Invalid)?;
    Ok(Some(Loaded {
        file,
        loose_mode: loose(path, &meta),
    }))
}

/// How a credential file lets other users read it, which its next write repairs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Loose {
    /// Unix permission bits that let the group or others in.
    #[cfg_attr(not(unix), expect(dead_code, reason = "made on Unix only"))]
    Mode(u32),
    /// A Windows access list that lets other accounts read.
    #[cfg_attr(not(windows), expect(dead_code, reason = "made on Windows only"))]
    AccessList,
}

impl Loose {
    /// What it is, for `status --json`: `0644`, or `access-list`.
    pub fn as_json(self) -> String {
        match self {
            Self::Mode(mode) => format!("{mode:04o}"),
            Self::AccessList => "access-list".into(),
        }
    }

    /// The warning for a file whose name is `path`, with the command that fixes it.
    pub fn warning(self, path: &str) -> String {
        let fix = self.fix(path);
        match self {
            Self::Mode(mode) => {
                format!("`{path}` has mode {mode:04o}, so other users can read it; run `{fix}`")
            }
            Self::AccessList => {
                format!("`{path}` has an access list that lets other users read it; run `{fix}`")
            }
        }
    }

    /// What it lets happen and the command that fixes it, for `path`:
    /// "mode 0644 lets other users read it; run `chmod 600 <path>`".
    pub fn describe(self, path: &str) -> String {
        let fix = self.fix(path);
        match self {
            Self::Mode(mode) => format!("mode {mode:04o} lets other users read it; run `{fix}`"),
            Self::AccessList => format!("its access list lets other users read it; run `{fix}`"),
        }
    }

    /// The command that lets only the owner read `path` again.
    fn fix(self, path: &str) -> String {
        match self {
            Self::Mode(_) => format!("chmod 600 {path}"),
            Self::AccessList => owner_only(&path),
        }
    }
}

/// The Windows command that gives `path` an access list for its owner alone, as nt3
/// writes it (`fs::acl::restrict`).
fn owner_only(path: &dyn std::fmt::Display) -> String {
    format!("icacls \"{path}\" /inheritance:r /grant:r \"%USERNAME%:F\"")
}

#[cfg(unix)]
fn loose(_path: &Path, meta: &fs::Metadata) -> Option<Loose> {
    use std::os::unix::fs::PermissionsExt;
    let mode = meta.permissions().mode() & 0o777;
    (mode & 0o077 != 0).then_some(Loose::Mode(mode))
}

#[cfg(windows)]
fn loose(path: &Path, _: &fs::Metadata) -> Option<Loose> {
    crate::fs::acl::others(path)
        .is_ok_and(|others| others.read)
        .then_some(Loose::AccessList)
}

#[cfg(not(any(unix, windows)))]
fn loose(_: &Path, _: &fs::Metadata) -> Option<Loose> {
    None
}

/// Why [`update`] did not write.
#[derive(Debug)]
pub enum UpdateError {
    Symlink,
    /// The current file cannot be used, and replacing it was not forced.
    Existing(LoadError),
    Io(io::Error),
}

impl fmt::Display for UpdateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Symlink => f.write_str("it is a symbolic link, which nt3 does not write through"),
            Self::Existing(err) => write!(f, "the file {err}"),
            Self::Io(err) => err.fmt(f),
        }
    }
}

impl std::error::Error for UpdateError {}

impl UpdateError {
    /// What fixes it (see [`LoadError::hint`]); `None` for an I/O error, whose cause
    /// says it all.
    pub fn hint(&self, path: &Path, local: bool) -> Option<String> {
        match self {
            Self::Existing(err) => Some(err.hint(path, local)),
            Self::Symlink if local => Some("remove the link".into()),
            Self::Symlink => {
                Some("remove the link, or set `NT3_CONFIG_DIR` to another directory".into())
            }
            Self::Io(_) => None,
        }
    }
}

impl From<io::Error> for UpdateError {
    fn from(err: io::Error) -> Self {
        Self::Io(err)
    }
}

/// What [`update`] did to the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// The file was written.
    Saved,
    /// An unparseable file was replaced (only with `force`).
    Replaced,
    /// The change left an empty object, so the file was removed.
    Removed,
    /// The change changed nothing and the file's mode was fine, so it was left alone.
    Unchanged,
    /// There was no file and nothing to write.
    Nothing,
}

/// Read-modify-write of a credential file under an exclusive lock.
///
/// `change` sees the current contents (empty when there is no file, or when the file is
/// unparseable and `force` is set); when it fails, nothing is written. An empty result
/// removes the file instead of writing `{}`. Writing repairs a loose mode. The directory
/// must exist.
pub fn update<T, E: From<UpdateError>>(
    path: &Path,
    force: bool,
    change: impl FnOnce(&mut CredentialFile) -> Result<T, E>,
) -> Result<(T, Written), E> {
    let dir = parent(path);
    let _lock = lock_dir(dir).map_err(UpdateError::Io)?;
    if fs::symlink_metadata(path).is_ok_and(|meta| meta.file_type().is_symlink()) {
        return Err(UpdateError::Symlink.into());
    }
    // A token is never written where another user could read or replace it.
    check_dir(dir).map_err(UpdateError::Existing)?;
    let (mut file, prior) = match load(path) {
        Ok(Some(loaded)) => {
            let clean = loaded.loose_mode.is_none().then(|| loaded.file.to_json());
            (loaded.file, Prior::Valid { clean })
        }
        Ok(None) => (CredentialFile::default(), Prior::Missing),
        Err(LoadError::Invalid(_) | LoadError::TooLarge) if force => {
            (CredentialFile::default(), Prior::Corrupt)
        }
        Err(err) => return Err(UpdateError::Existing(err).into()),
    };
    let result = change(&mut file)?;
    let json = file.to_json();
    let written = match prior {
        Prior::Missing if file.is_empty() => Written::Nothing,
        Prior::Valid { .. } | Prior::Corrupt if file.is_empty() => {
            fs::remove_file(path).map_err(UpdateError::Io)?;
            atomic::sync_dir(dir).map_err(UpdateError::Io)?;
            Written::Removed
        }
        Prior::Valid { clean: Some(clean) } if clean == json => Written::Unchanged,
        Prior::Corrupt => {
            atomic::write(path, json.as_bytes(), atomic::Mode::Private).map_err(UpdateError::Io)?;
            Written::Replaced
        }
        Prior::Missing | Prior::Valid { .. } => {
            atomic::write(path, json.as_bytes(), atomic::Mode::Private).map_err(UpdateError::Io)?;
            Written::Saved
        }
    };
    Ok((result, written))
}

/// What [`update`] found before the change.
enum Prior {
    Missing,
    /// Unparseable, being replaced with `force`.
    Corrupt,
    /// A valid file; `clean` is its serialized form when its mode needs no repair.
    Valid {
        clean: Option<String>,
    },
}

fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

/// Locks the directory itself, so no lock file is left beside a local login.
#[cfg(unix)]
fn lock_dir(dir: &Path) -> io::Result<File> {
    let handle = File::open(dir)?;
    handle.lock()?;
    Ok(handle)
}

/// The lock file Windows keeps beside a credential file: it cannot lock a directory
/// handle, and removing a lock file others may be waiting on would let two writers in.
/// It holds nothing; `login --local` names it for `.gitignore`.
pub const LOCK_FILE_NAME: &str = ".nt3.lock";

/// Windows cannot lock a directory handle; a lock file beside the target serves instead.
#[cfg(not(unix))]
fn lock_dir(dir: &Path) -> io::Result<File> {
    let handle = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dir.join(LOCK_FILE_NAME))?;
    handle.lock()?;
    Ok(handle)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEEDS: &[&str] = &[
        r#"{"token": "entri_CANARYSECRET9", "api_url": "https://api.entri.dev"}"#,
        r#"{"token_storage": "keyring", "keyring_leftover": true, "connections": {"staging": {"token": "entri_CANARYSECRET9", "api_url": "http://localhost:3000"}}, "editor": {"theme": 1}}"#,
    ];

    proptest::proptest! {
        /// A hostile credential file is parsed or refused, never a panic, and the
        /// refusal never shows a token, even one a mangled file turned into a key.
        #[test]
        fn a_hostile_credential_file_never_has_its_token_quoted(bytes in crate::types::fuzz::inputs(SEEDS)) {
            if let Err(err) = parse(&bytes) {
                proptest::prop_assert!(!err.to_string().contains("entri_CANARYSECRET"), "{err}");
            }
        }
    }

    fn err(input: &str) -> String {
        parse(input.as_bytes()).unwrap_err().to_string()
    }

    #[test]
    fn parses_known_and_keeps_unknown_keys_in_order() {
        let file = parse(
            br#"{"z": 1, "token": "entri_x", "api_url": "https://a.io", "token_storage": "keyring", "a": [true]}"#,
        )
        .unwrap();
        assert_eq!(file.token.unwrap().expose(), "entri_x");
        assert_eq!(file.api_url.as_deref(), Some("https://a.io"));
        assert_eq!(file.token_storage, Some(Storage::Keyring));
        assert_eq!(file.other.keys().collect::<Vec<_>>(), ["z", "a"]);
    }

    #[test]
    fn errors_give_position_and_never_quote_values() {
        assert_eq!(
            err("\u{feff}{}"),
            "the file starts with a byte-order mark at line 1 column 1"
        );
        assert_eq!(
            err("\n  [\"entri_secret\"]"),
            "expected a JSON object at line 2 column 3"
        );
        assert_eq!(
            err("\"entri_secret\""),
            "expected a JSON object at line 1 column 1"
        );
        assert_eq!(
            err("{\"token\": 5}"),
            "`token` must be a string, found a number at line 1 column 12"
        );
        assert_eq!(
            err("{\"token_storage\": \"entri_secret\"}"),
            r#"`token_storage` must be "file" or "keyring" at line 1 column 33"#
        );
        assert_eq!(
            err("{\"token\": \"entri_a\",\n \"token\": \"entri_secret\"}"),
            "duplicate key `token` at line 2 column 25"
        );
        assert_eq!(
            err("{\"token\": \"entri_secr"),
            "EOF while parsing a string at line 1 column 21"
        );
        assert_eq!(
            err("{} {\"token\": 1}"),
            "trailing characters at line 1 column 4"
        );
        assert_eq!(err("  "), "the file is empty");
        let not_utf8 = parse(b"{\"token\": \"entri_\xff\"}")
            .unwrap_err()
            .to_string();
        assert_eq!(not_utf8, "the file is not valid UTF-8 at line 1 column 18");
    }

    #[test]
    fn connections_round_trip_and_reject_what_they_cannot_use() {
        let text = "{\n  \"token\": \"entri_d\",\n  \"connections\": {\n    \"staging\": {\n      \"token\": \"entri_s\",\n      \"api_url\": \"https://s.io\"\n    }\n  }\n}\n";
        let file = parse(text.as_bytes()).unwrap();
        let staging = &file.connections["staging"];
        assert_eq!(staging.token.as_ref().map(Secret::expose), Some("entri_s"));
        assert_eq!(staging.api_url.as_deref(), Some("https://s.io"));
        assert_eq!(file.to_json(), text);
        for (input, message) in [
            (r#"{"connections": []}"#, "`connections` must be an object"),
            (
                r#"{"connections": {"a/b": {}}}"#,
                "a connection's name must be 1 to 64 letters",
            ),
            (
                r#"{"connections": {"a": {"token_storage": "keyring"}}}"#,
                "unknown key `token_storage`",
            ),
            (
                r#"{"connections": {"a": {"token": "entri_secret", "x": 1}}}"#,
                "unknown key `x`",
            ),
        ] {
            let err = err(input);
            assert!(
                err.contains(message) && !err.contains("entri_secret"),
                "{err}"
            );
        }
    }

    #[test]
    fn serializes_known_keys_first_and_unknown_after() {
        let mut file = parse(br#"{"team": "x", "api_url": "https://a.io"}"#).unwrap();
        file.token = Some(Secret::new("entri_t".into()));
        assert_eq!(
            file.to_json(),
            "{\n  \"token\": \"entri_t\",\n  \"api_url\": \"https://a.io\",\n  \"team\": \"x\"\n}\n"
        );
    }
}

#[cfg(test)]
mod update_tests {
    use super::*;

    #[test]
    fn concurrent_updates_lose_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(GLOBAL_FILE_NAME);
        std::thread::scope(|scope| {
            for i in 0..20 {
                let path = &path;
                scope.spawn(move || {
                    update(path, false, |file| {
                        // Widen the window between read and write, as a slow disk would.
                        std::thread::sleep(std::time::Duration::from_millis(2));
                        file.other.insert(format!("key{i}"), i.into());
                        Ok::<_, UpdateError>(())
                    })
                    .unwrap();
                });
            }
        });
        let file = load(&path).unwrap().unwrap().file;
        assert_eq!(
            file.other.len(),
            20,
            "every writer's key survives: {:?}",
            file.other.keys()
        );
    }

    #[test]
    fn a_failed_change_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(GLOBAL_FILE_NAME);
        std::fs::write(&path, "{\"keep\": 1}").unwrap();
        let result = update(&path, false, |file| {
            file.other.clear();
            Err::<(), _>(UpdateError::Symlink)
        });
        assert!(result.is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "{\"keep\": 1}");
    }

    #[test]
    fn an_emptied_file_is_removed_and_an_unchanged_one_is_not_rewritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(LOCAL_FILE_NAME);
        let set = |url: Option<&str>| {
            update(&path, false, |file| {
                file.api_url = url.map(String::from);
                Ok::<_, UpdateError>(())
            })
            .unwrap()
            .1
        };
        assert_eq!(set(Some("https://a.io")), Written::Saved);
        assert_eq!(set(Some("https://a.io")), Written::Unchanged);
        assert_eq!(set(None), Written::Removed);
        assert!(!path.exists());
    }
}
