//! Keeping a token and forgetting it: where a new secret may go ([`destination`]), the
//! one transaction every way of obtaining a token ends in ([`save`]), and the one that
//! removes it ([`remove`]).
//!
//! `nt3 login` (the prompt, `-t`, `--with-token`, `--email`, `--web`), `nt3 tokens
//! create --login` and `nt3 tokens rotate` each ask [`destination`] (or
//! [`destination_for_minted`]) where the secret may go, fill a [`SaveOptions`] and call
//! [`save`], which takes only a [`Destination`] the rule produced; `nt3 logout` calls
//! [`remove`]. Both change the credential file through its one locked, atomic update
//! ([`file::update`]) and the keyring through its bounded, fail-closed calls; neither
//! prints — they say what they did, and the command reports it.
//!
//! The rule (SECURITY.md): a new secret — a token, a password, a device session — is
//! sent only to a URL the user gave in this command (`-u`, or `NT3_API_URL`), or to the
//! URL stored in the very entry of the user's own configuration it will be saved to. A
//! URL from the working tree (`.nt3.local.json`, a connection `.nt3.yml` chose) never
//! receives one and is never written into the global config, unless the user confirms
//! it on a terminal. A token nt3 mints comes from the server it was minted at and only
//! goes back there; it is saved with that URL, under the same rule for where the URL
//! came from.

use std::path::{Path, PathBuf};

use crate::auth::file::{self, Storage, UpdateError, Written};
use crate::auth::keyring::{self, StoreError};
use crate::auth::{Settings, resolve};
use crate::error::{Error, Kind};
use crate::http::api_url::ApiUrl;
use crate::types::secret::Token;
use crate::types::text::Untrusted;

/// The credential file entry a token is saved to or removed from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// The default login of the global file.
    Global,
    /// A named login of the global file; its token is always in the file.
    Connection(String),
    /// `.nt3.local.json` in the project root, else in the current directory.
    Local,
}

impl Target {
    /// What `login` and `logout` work on: `--local`, else the connection the user named
    /// (`--connection`, `NT3_CONNECTION`), else the default login. A connection the
    /// project's `.nt3.yml` names never decides where they write.
    pub fn chosen(settings: &Settings, local: bool) -> Result<Self, Error> {
        match (settings.own_connection(), local) {
            (Some(_), true) => Err(Error::new(
                Kind::Usage,
                "`--connection` names a login of the global config; it cannot be `--local`",
            )),
            (Some(chosen), false) => Ok(Self::Connection(chosen.name.clone())),
            (None, true) => Ok(Self::Local),
            (None, false) => Ok(Self::Global),
        }
    }

    /// Where the token already in use lives, for replacing it (`tokens rotate`): its
    /// file, and its connection even when `.nt3.yml` chose it, since the entry keeps its
    /// own URL.
    pub fn of_active(settings: &Settings, local: bool) -> Self {
        match (&settings.connection, local) {
            (_, true) => Self::Local,
            (Some(chosen), false) => Self::Connection(chosen.name.clone()),
            (None, false) => Self::Global,
        }
    }

    /// The credential file this entry is in.
    pub fn path(&self, settings: &Settings) -> Result<PathBuf, Error> {
        match self {
            Self::Local => Ok(settings.local_path()),
            Self::Global | Self::Connection(_) => settings.global_path(),
        }
    }

    pub fn is_local(&self) -> bool {
        *self == Self::Local
    }
}

/// Where a new secret may go, as the rule decided; only this module makes one, so
/// [`save`] cannot be handed a URL that did not pass the rule.
#[derive(Debug, Clone)]
pub struct Destination {
    url: ApiUrl,
    /// The `api_url` to record in the entry: the URL given, or one that differs from the
    /// entry's; `None` leaves the entry's as it is.
    write: Option<ApiUrl>,
}

impl Destination {
    /// Where the secret goes.
    pub fn url(&self) -> &ApiUrl {
        &self.url
    }
}

/// What the rule says of a URL.
#[derive(Debug)]
pub enum Decision {
    Go(Destination),
    /// The URL comes from the working tree: it may be used only once the user confirms
    /// it on a terminal ([`Unconfirmed::confirmed`]).
    Ask(Unconfirmed),
}

/// A URL the working tree named, waiting for the user's word.
#[derive(Debug)]
pub struct Unconfirmed {
    pub url: ApiUrl,
    pub from: Untrusted,
    destination: Destination,
}

impl Unconfirmed {
    /// The user said yes, on a terminal.
    pub fn confirmed(self) -> Destination {
        self.destination
    }
}

/// A token is never written into a `.nt3.local.json` git tracks: `git commit -a` would
/// publish it, and `.gitignore` cannot help a tracked file. Checked before a secret is
/// asked for or sent, and again by [`save`], which every way of saving passes.
pub fn refuse_tracked(dir: &Path) -> Result<(), Error> {
    if !crate::fs::git::tracks(dir, file::LOCAL_FILE_NAME) {
        return Ok(());
    }
    Err(Error::new(
        Kind::Usage,
        format!(
            "`{}` is tracked by git, so a token written there would be committed; nothing was saved",
            file::LOCAL_FILE_NAME
        ),
    )
    .with_hint(format!(
        "run `git rm --cached {}` (and add it to `.gitignore`), then log in again",
        file::LOCAL_FILE_NAME
    )))
}

/// Where a secret the user gives (a token, a password, a device session) may be sent,
/// for saving to `target`, with `given` the URL typed in this command.
pub fn destination(
    settings: &Settings,
    target: &Target,
    given: Option<&ApiUrl>,
) -> Result<Decision, Error> {
    if let Target::Local = target {
        let path = target.path(settings)?;
        refuse_tracked(
            path.parent()
                .expect("credential files are inside a directory"),
        )?;
    }
    if let Some(url) = given {
        return Ok(Decision::Go(Destination {
            url: url.clone(),
            write: Some(url.clone()),
        }));
    }
    let entry = entry_url(settings, target)?;
    if let (Target::Local, Some((url, _))) = (target, &entry) {
        return Ok(Decision::Ask(Unconfirmed {
            url: url.clone(),
            from: Untrusted::from(format!("`{}`", file::LOCAL_FILE_NAME)),
            destination: Destination {
                url: url.clone(),
                write: None,
            },
        }));
    }
    let url = match (settings.env_api_url()?, entry) {
        (Some(env), _) => env.clone(),
        (None, Some((url, _))) => url,
        (None, None) => ApiUrl::default_url(),
    };
    Ok(Decision::Go(Destination { url, write: None }))
}

/// Where a token a server minted at `minted_at` may be saved, for `target`: back with
/// the URL it was minted at. When that is not already the entry's URL, and it came from
/// the working tree (`from`: where), the user must confirm it.
pub fn destination_for_minted(
    settings: &Settings,
    target: &Target,
    minted_at: &ApiUrl,
    from: Option<Untrusted>,
) -> Result<Decision, Error> {
    let own = entry_url(settings, target)?
        .map(|(url, _)| url)
        .unwrap_or_else(ApiUrl::default_url);
    let destination = Destination {
        url: minted_at.clone(),
        write: (own != *minted_at).then(|| minted_at.clone()),
    };
    Ok(match from {
        Some(from) if destination.write.is_some() => Decision::Ask(Unconfirmed {
            url: minted_at.clone(),
            from,
            destination,
        }),
        _ => Decision::Go(destination),
    })
}

/// The `api_url` the entry `target` holds, and its file: read from that entry alone,
/// never from a connection `.nt3.yml` chose. A file that cannot be read names none (the
/// save reports it).
fn entry_url(settings: &Settings, target: &Target) -> Result<Option<(ApiUrl, PathBuf)>, Error> {
    let path = target.path(settings)?;
    let Ok(Some(loaded)) = file::load(&path) else {
        return Ok(None);
    };
    let mut file = loaded.file;
    let raw = match target {
        Target::Connection(name) => file.connections.remove(name).and_then(|c| c.api_url),
        Target::Global | Target::Local => file.api_url,
    };
    raw.map(|raw| Ok((resolve::file_api_url(&raw, &path)?, path)))
        .transpose()
}

/// How [`save`] keeps a token.
#[derive(Debug, Clone)]
pub struct SaveOptions {
    pub target: Target,
    /// File or OS keyring; `None` keeps what the file used before (file at first).
    pub storage: Option<Storage>,
    /// Replace a credential file that cannot be parsed.
    pub force: bool,
}

impl SaveOptions {
    /// A token saved as `nt3 login` would, with the file's storage and no force.
    pub fn to(target: Target) -> Self {
        Self {
            target,
            storage: None,
            force: false,
        }
    }
}

/// What [`save`] did.
#[derive(Debug)]
pub struct Saved {
    pub path: PathBuf,
    pub storage: Storage,
    /// The entry's `api_url` after the save.
    pub api_url: Option<String>,
    pub written: Written,
    /// An earlier token in the keyring, retired after a move to file storage.
    pub retired: Option<Retired>,
}

/// What became of an earlier token in the keyring.
#[derive(Debug)]
pub enum Retired {
    Removed,
    /// The store refused (locked): the file records the leftover, and the next `login`
    /// or `logout` tries again.
    Left {
        account: String,
        err: StoreError,
    },
}

/// Saves `token` as `options` say, recording the destination's URL as its entry's
/// `api_url` where the rule says so. The global directory is created `0700` when
/// missing, and removed again when the save fails.
pub fn save(
    settings: &Settings,
    options: &SaveOptions,
    token: &Token,
    destination: &Destination,
) -> Result<Saved, Error> {
    let api_url = destination.write.as_ref();
    if let (Target::Connection(name), Some(Storage::Keyring)) = (&options.target, options.storage) {
        return Err(Error::new(
            Kind::Usage,
            format!(
                "connection `{name}` keeps its token in the config file; `--storage keyring` works for the default login only"
            ),
        ));
    }
    let path = options.target.path(settings)?;
    let dir = path
        .parent()
        .expect("credential files are inside a directory");
    if options.target.is_local() {
        refuse_tracked(dir)?;
    }
    // A failed first login leaves no empty `~/.nt3` behind.
    let created_dir = !dir.exists();
    crate::fs::atomic::create_private_dir(dir).map_err(|err| {
        Error::new(
            Kind::Failure,
            format!("cannot create `{}`: {err}", dir.display()),
        )
    })?;
    let saved = write(settings, options, token, api_url, &path);
    if saved.is_err() && created_dir {
        let _ = std::fs::remove_dir(dir);
    }
    saved
}

fn write(
    settings: &Settings,
    options: &SaveOptions,
    token: &Token,
    api_url: Option<&ApiUrl>,
    path: &Path,
) -> Result<Saved, Error> {
    let account = keyring::account(path);
    let ((storage, before, leftover, saved_url), written) =
        file::update(path, options.force, |file| {
            if let Target::Connection(name) = &options.target {
                let entry = file.connections.entry(name.clone()).or_default();
                entry.token = Some(token.secret().clone());
                if let Some(url) = api_url {
                    entry.api_url = Some(url.to_string());
                }
                return Ok((Storage::File, Storage::File, false, entry.api_url.clone()));
            }
            let before = file.storage();
            let storage = options.storage.unwrap_or(before);
            match storage {
                // Fail closed: if the store refuses, the file is not written either.
                Storage::Keyring => {
                    settings
                        .keyring
                        .set(&account, token.secret())
                        .map_err(SaveError::Store)?;
                    file.token = None;
                    file.token_storage = Some(Storage::Keyring);
                    // The entry now holds this token: nothing is left over.
                    file.keyring_leftover = false;
                }
                Storage::File => {
                    file.token = Some(token.secret().clone());
                    file.token_storage = None;
                }
            }
            if let Some(url) = api_url {
                file.api_url = Some(url.to_string());
            }
            Ok::<_, SaveError>((storage, before, file.keyring_leftover, file.api_url.clone()))
        })
        .map_err(|err| match err {
            SaveError::Store(err) => Error::new(
                Kind::Failure,
                format!("cannot save the token to the OS keyring: {err}; nothing was saved"),
            )
            .with_hint(err.hint()),
            SaveError::File(err) => file_error("cannot save the token to", path, err, options),
        })?;
    let retired = (storage == Storage::File && (before == Storage::Keyring || leftover))
        .then(|| retire(settings, path, &account, leftover));
    Ok(Saved {
        path: path.to_owned(),
        storage,
        api_url: saved_url,
        written,
        retired,
    })
}

/// Removes the keyring entry a save to file storage left behind. If the store refuses
/// (locked), the file records the leftover (`keyring_leftover`), so `status` shows it and
/// the next `login` or `logout` tries again.
fn retire(settings: &Settings, path: &Path, account: &str, marked: bool) -> Retired {
    let mark = |leftover: bool| {
        file::update(path, false, |file| {
            file.keyring_leftover = leftover;
            Ok::<_, UpdateError>(())
        })
    };
    match settings.keyring.delete(account) {
        Ok(_) => {
            if marked {
                let _ = mark(false);
            }
            Retired::Removed
        }
        Err(err) => {
            if !marked {
                let _ = mark(true);
            }
            Retired::Left {
                account: account.to_owned(),
                err,
            }
        }
    }
}

/// What [`remove`] found.
#[derive(Debug, Default)]
pub struct Removed {
    /// A token was in the file (for a connection: the connection had one).
    pub file_token: bool,
    /// The file pointed at the keyring: whether the entry was still there.
    pub keyring_entry: Option<bool>,
    /// The file recorded an earlier token left in the keyring: whether it is gone now.
    pub leftover: Option<Result<(), StoreError>>,
}

impl Removed {
    /// Whether a token was removed at all.
    pub fn token(&self) -> bool {
        self.file_token || self.keyring_entry == Some(true)
    }
}

/// Removes the token of `target` (and its keyring entry), and nothing else; for a
/// connection, the whole connection. A missing file holds no token and is not created.
pub fn remove(settings: &Settings, target: &Target) -> Result<(PathBuf, Removed), Error> {
    let path = target.path(settings)?;
    // A missing file (or directory) holds no token; there is nothing to lock or write.
    if path.symlink_metadata().is_err() {
        return Ok((path, Removed::default()));
    }
    let account = keyring::account(&path);
    let options = SaveOptions::to(target.clone());
    let (removed, _) = file::update(&path, false, |file| {
        if let Target::Connection(name) = target {
            let had = file
                .connections
                .remove(name)
                .is_some_and(|c| c.token.is_some());
            return Ok(Removed {
                file_token: had,
                ..Removed::default()
            });
        }
        // The keyring entry goes first: if the store refuses, the marker stays so a later
        // logout can finish the job.
        let keyring_entry = match file.storage() {
            Storage::Keyring => Some(
                settings
                    .keyring
                    .delete(&account)
                    .map_err(SaveError::Store)?,
            ),
            Storage::File => None,
        };
        let file_token = file.token.take().is_some();
        file.token_storage = None;
        // An earlier leftover goes too if the store lets it; if not, the marker stays.
        let leftover = file
            .keyring_leftover
            .then(|| settings.keyring.delete(&account).map(drop));
        if let Some(Ok(())) = leftover {
            file.keyring_leftover = false;
        }
        Ok(Removed {
            file_token,
            keyring_entry,
            leftover,
        })
    })
    .map_err(|err| match err {
        SaveError::Store(err) => Error::new(
            Kind::Failure,
            format!("cannot remove the token from the OS keyring: {err}; nothing was changed"),
        )
        .with_hint(err.hint()),
        SaveError::File(err) => file_error("cannot remove the token from", &path, err, &options),
    })?;
    Ok((path, removed))
}

/// Why a save or a removal did not happen.
enum SaveError {
    File(UpdateError),
    Store(StoreError),
}

impl From<UpdateError> for SaveError {
    fn from(err: UpdateError) -> Self {
        Self::File(err)
    }
}

fn file_error(what: &str, path: &Path, err: UpdateError, options: &SaveOptions) -> Error {
    let hint = err.hint(path, options.target.is_local());
    let message = format!("{what} `{}`: {err}", path.display());
    let error = Error::new(Kind::Failure, message);
    match hint {
        Some(hint) => error.with_hint(hint),
        None => error,
    }
}
