//! The command line, as clap derive types. Doc comments here become `--help`, the man
//! pages and the shell completions.

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};

use crate::auth::file::Storage;
use crate::types::format::Format;
use crate::types::secret::Secret;

/// The command-line client of Entri, the localization platform.
///
/// nt3 keeps your Entri API token and sends it with every request. It looks for the
/// token in `NT3_API_TOKEN`, then `./.nt3.local.json`, then `~/.nt3/config.json`.
#[derive(Debug, Parser)]
#[command(
    name = "nt3",
    bin_name = "nt3",
    version,
    propagate_version = true,
    max_term_width = 100,
    after_long_help = "Examples:\n  nt3 login                 save your token (asks for it)\n  nt3 status                see which token is active and where it comes from\n  nt3 push && nt3 pull      sync the translation files `.nt3.yml` names"
)]
pub struct Cli {
    /// Print one JSON document on stdout instead of text
    #[arg(long, global = true)]
    pub json: bool,

    /// Use this named login of the global config instead of its default one
    /// [env: NT3_CONNECTION]
    #[arg(long, short = 'c', global = true, value_name = "NAME")]
    pub connection: Option<String>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Save an API token for nt3 to use
    #[command(visible_alias = "auth", long_about = LOGIN_ABOUT, after_long_help = LOGIN_EXAMPLES)]
    Login(LoginArgs),

    /// Remove the saved API token
    #[command(visible_alias = "signout", long_about = LOGOUT_ABOUT, after_long_help = LOGOUT_EXAMPLES)]
    Logout(LogoutArgs),

    /// Show which token is active, where it comes from, and every source
    #[command(
        after_long_help = "Examples:\n  nt3 status\n  nt3 status --check      ask the server whether it accepts the token\n  nt3 status -c staging   the same for the named connection `staging`\n  nt3 status --json"
    )]
    Status(StatusArgs),

    /// Print the active token, for `$(nt3 token)`
    #[command(
        after_long_help = "Examples:\n  curl -H \"X-API-Key: $(nt3 token)\" https://app.nt3.io/api/v1/projects"
    )]
    Token,

    /// List the projects the token can see
    #[command(after_long_help = "Examples:\n  nt3 projects\n  nt3 projects --json")]
    Projects,

    /// Show who the active token belongs to: user, organizations, projects
    #[command(after_long_help = "Examples:\n  nt3 whoami\n  nt3 whoami --json")]
    Whoami,

    /// Manage API tokens on the server: list, create, rotate, revoke
    #[command(
        subcommand,
        after_long_help = "Examples:\n  nt3 tokens list --org org_123\n  nt3 tokens create --org org_123 --name ci --expires-in 30d\n  nt3 tokens revoke tok_123 --org org_123"
    )]
    Tokens(TokensCommand),

    /// Make an authenticated request to the Entri API
    #[command(long_about = API_ABOUT, after_long_help = API_EXAMPLES)]
    Api(ApiArgs),

    /// Create `.nt3.yml`, linking this directory to an Entri project
    #[command(
        after_long_help = "Examples:\n  nt3 init                  asks for the project, language, path and format\n  nt3 init --detect         finds the patterns in this tree, writes them once you agree\n  nt3 init --project-id proj_abc123 --source-language en --path 'locales/{lang}.json'"
    )]
    Init(InitArgs),

    /// Upload the translation files `.nt3.yml` names
    #[command(
        visible_alias = "up",
        after_long_help = "Examples:\n  nt3 push\n  nt3 push -l pt-BR         only Brazilian Portuguese (whatever the files call it)\n  nt3 push --dry-run        list what would be uploaded, send nothing"
    )]
    Push(PushArgs),

    /// Download the project's translations into the files `.nt3.yml` names
    #[command(
        visible_alias = "down",
        long_about = "Download the project's translations into the files `.nt3.yml` names

A file changed here since the last sync is merged key by key with the server's, in every
format: local edits stay, the server's changes are patched in where they sit. A key changed
on both sides keeps the local value, is listed, and makes the exit code 3.",
        after_long_help = "Examples:\n  nt3 pull\n  nt3 pull -l fr --dry-run  show what would change for French, write nothing\n  nt3 pull --json"
    )]
    Pull(PullArgs),

    /// Translate the untranslated keys with AI, showing progress as it goes
    #[command(visible_alias = "tr", long_about = TRANSLATE_ABOUT, after_long_help = TRANSLATE_EXAMPLES)]
    Translate(TranslateArgs),

    /// Set existing translations by key: inline, from a file, or from stdin
    #[command(visible_alias = "ow", long_about = OVERWRITE_ABOUT, after_long_help = OVERWRITE_EXAMPLES)]
    Overwrite(OverwriteArgs),

    /// Print the shell completion script for nt3
    #[command(long_about = COMPLETION_ABOUT, after_long_help = COMPLETION_EXAMPLES)]
    Completion {
        /// The shell to complete in
        shell: clap_complete::Shell,
    },
}

const COMPLETION_ABOUT: &str = "Print the shell completion script for nt3

Load it from your shell's start-up file:
  bash:        eval \"$(nt3 completion bash)\"            (~/.bashrc)
  zsh:         eval \"$(nt3 completion zsh)\"             (~/.zshrc)
  fish:        nt3 completion fish | source             (~/.config/fish/config.fish)
  PowerShell:  nt3 completion powershell | Out-String | Invoke-Expression
  elvish:      eval (nt3 completion elvish | slurp)";
const COMPLETION_EXAMPLES: &str = "Examples:
  nt3 completion zsh > ~/.zfunc/_nt3";

/// How `nt3 --help` groups the commands. Every visible command belongs to one group
/// (a unit test checks), so a new command cannot be forgotten here.
const GROUPS: &[(&str, &[&str])] = &[
    (
        "Credentials",
        &["login", "logout", "status", "token", "whoami"],
    ),
    (
        "Project sync",
        &["init", "push", "pull", "translate", "overwrite"],
    ),
    ("Entri API", &["projects", "tokens", "api"]),
    ("Shell", &["completion"]),
];

/// The full command line definition, with `nt3 --help` listing commands by group.
/// Everything that shows the CLI (parsing, completions, man pages) starts here.
pub fn command() -> clap::Command {
    let cmd = Cli::command();
    let width = cmd
        .get_subcommands()
        .map(|sub| sub.get_name().len())
        .max()
        .unwrap_or(0);
    let mut groups = String::new();
    for (heading, names) in GROUPS {
        groups.push_str(&format!("{heading}:\n"));
        for sub in names.iter().filter_map(|name| cmd.find_subcommand(name)) {
            let about = sub.get_about().map(ToString::to_string).unwrap_or_default();
            let aliases: Vec<&str> = sub.get_visible_aliases().collect();
            let aliases = match aliases.as_slice() {
                [] => String::new(),
                aliases => format!(" [alias: {}]", aliases.join(", ")),
            };
            groups.push_str(&format!("  {:width$}  {about}{aliases}\n", sub.get_name()));
        }
        groups.push('\n');
    }
    cmd.help_template(format!(
        "{{before-help}}{{about-with-newline}}\n{{usage-heading}} {{usage}}\n\n{groups}Options:\n{{options}}{{after-help}}"
    ))
}

#[derive(Debug, Subcommand)]
pub enum TokensCommand {
    /// List the tokens of an organization or project
    #[command(
        after_long_help = "Examples:\n  nt3 tokens list --org org_123\n  NT3_ORG_ID=org_123 nt3 tokens list --json"
    )]
    List(TokensListArgs),

    /// Create a token and print it, once, on stdout
    #[command(long_about = TOKENS_CREATE_ABOUT, after_long_help = TOKENS_CREATE_EXAMPLES)]
    Create(TokensCreateArgs),

    /// Replace the active token with a new one, then revoke it
    #[command(long_about = TOKENS_ROTATE_ABOUT, after_long_help = TOKENS_ROTATE_EXAMPLES)]
    Rotate(TokensRotateArgs),

    /// Revoke a token for good
    #[command(
        after_long_help = "Examples:\n  nt3 tokens revoke tok_123 --org org_123\n  nt3 tokens revoke tok_123 --org org_123 --yes   without asking (scripts)"
    )]
    Revoke(TokensRevokeArgs),
}

const TOKENS_CREATE_ABOUT: &str = "Create a token and print it, once, on stdout

The token goes to stdout alone, its id, expiry and scopes to stderr. The server never
shows it again, so store it right away, or save it as your login with `--login`.";
const TOKENS_CREATE_EXAMPLES: &str = "Examples:
  nt3 tokens create --org org_123 --name ci --expires-in 30d
  nt3 tokens create --project proj_abc123 --name deploy --scope translations:read
  nt3 tokens create --org org_123 --name laptop --login";

/// Whose tokens: an organization's (`--org`, or `NT3_ORG_ID`) or a project's.
#[derive(Debug, Args)]
pub struct TokenOwnerArgs {
    /// The organization whose tokens to manage [env: NT3_ORG_ID]
    #[arg(long, value_name = "ID")]
    pub org: Option<String>,

    /// Manage the tokens of this project instead of an organization's
    #[arg(long, value_name = "ID", conflicts_with = "org")]
    pub project: Option<String>,
}

#[derive(Debug, Args)]
pub struct TokensListArgs {
    #[command(flatten)]
    pub owner: TokenOwnerArgs,
}

#[derive(Debug, Args)]
pub struct TokensCreateArgs {
    #[command(flatten)]
    pub owner: TokenOwnerArgs,

    /// A name that says where the token is used
    #[arg(long)]
    pub name: String,

    /// Expire after this long: minutes, hours, days or weeks, like `90m`, `12h`, `30d`
    #[arg(long, value_name = "DURATION", conflicts_with = "expires_at")]
    pub expires_in: Option<String>,

    /// Expire at this time (RFC 3339, like `2027-01-31T00:00:00Z`)
    #[arg(long, value_name = "TIME")]
    pub expires_at: Option<String>,

    /// A permission for the token (repeatable); the server's default when none
    #[arg(long = "scope", value_name = "SCOPE")]
    pub scopes: Vec<String>,

    /// Also save the new token as your login, as `nt3 login` would
    #[arg(long)]
    pub login: bool,

    /// With `--login`: save it to `./.nt3.local.json`
    #[arg(short, long, requires = "login")]
    pub local: bool,
}

const TOKENS_ROTATE_ABOUT: &str = "Replace the active token with a new one, then revoke it

nt3 finds the active token in the token list — the server's word where it has the
`/tokens/current` route, otherwise the one entry whose last four characters are the
active token's (when several share them, it stops and lists them: pass `--id`) — creates a
replacement with the same name and today's date, the same scopes and the same lifetime,
checks that the server accepts it, saves it where the old one was (file or keyring,
global or `.nt3.local.json`), and only then revokes the old one. If a step before the
save fails, the old token stays saved and valid. After the revocation nt3 checks that the
old token is refused, and says so.";
const TOKENS_ROTATE_EXAMPLES: &str = "Examples:
  nt3 tokens rotate
  nt3 tokens rotate --org org_123
  nt3 tokens rotate --id tok_123    when several tokens end like the active one";

#[derive(Debug, Args)]
pub struct TokensRotateArgs {
    #[command(flatten)]
    pub owner: TokenOwnerArgs,

    /// The id of the active token in the list, when its last four characters do not
    /// tell it apart
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,
}

#[derive(Debug, Args)]
pub struct TokensRevokeArgs {
    #[command(flatten)]
    pub owner: TokenOwnerArgs,

    /// The id of the token to revoke
    pub id: String,

    /// Revoke without asking for confirmation
    #[arg(short, long)]
    pub yes: bool,
}

const API_ABOUT: &str = "Make an authenticated request to the Entri API

The path goes under `/api/v1/` unless it starts with `/api/`; an absolute URL must point
at the configured API. The answer is printed as it comes, pretty-printed on a terminal.
A failure status prints the answer, then the error, and exits 1 (4 for 401).";
const API_EXAMPLES: &str = "Examples:
  nt3 api projects
  nt3 api -X PATCH projects/proj_abc123 -d '{\"name\": \"Website\"}'
  nt3 api --paginate projects";

const LOGIN_ABOUT: &str = "Save an API token for nt3 to use

Without a token option, nt3 asks for the token with a hidden prompt. In scripts and CI,
pipe it to `--with-token`, or skip login and set `NT3_API_TOKEN`.

With `--email`, nt3 signs in with your password instead, creates a token for itself, saves
it as any login, and signs the session out; the password is never stored. `--web` does
the same after you approve a one-time code in your browser, where the server offers it.

With `--connection NAME`, the token is saved as a named login of the global config, with
its own API URL, next to the default one; `--connection NAME` (or `NT3_CONNECTION`) then
picks it for any command.";
const LOGIN_EXAMPLES: &str = "Examples:
  nt3 login
  printf '%s' \"$ENTRI_TOKEN\" | nt3 login --with-token
  nt3 login --local --api-url https://entri.example.com
  nt3 login --email ada@example.com --expires-in 90d
  nt3 login --web
  nt3 login --connection staging --api-url https://staging.example.com";

const LOGOUT_ABOUT: &str = "Remove the saved API token

Only the token is removed; `api_url` and any other settings in the file stay. The token
itself stays valid until you revoke it in the Entri dashboard.";
const LOGOUT_EXAMPLES: &str = "Examples:
  nt3 logout
  nt3 logout --local
  nt3 logout --connection staging";

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("sign_in").args(["email", "web"])))]
pub struct LoginArgs {
    /// The token to save (visible in the process list; prefer `--with-token`)
    #[arg(value_parser = |raw: &str| Ok::<_, std::convert::Infallible>(Secret::new(raw.to_owned())), short, long, value_name = "TOKEN", conflicts_with = "with_token")]
    pub token: Option<Secret>,

    /// Read the token from standard input
    #[arg(long)]
    pub with_token: bool,

    /// The Entri API URL to save beside the token [default: the URL saved in the entry
    /// being replaced, else https://app.nt3.io]
    #[arg(short = 'u', long, value_name = "URL")]
    pub api_url: Option<String>,

    /// Save to `./.nt3.local.json`, a login for this directory only
    #[arg(short, long)]
    pub local: bool,

    /// Where to keep the token [default: where the file kept it before, else `file`]
    #[arg(long, value_enum, value_name = "STORAGE")]
    pub storage: Option<StorageArg>,

    /// Save without asking the server whether it accepts the token
    #[arg(long)]
    pub no_verify: bool,

    /// Replace a credential file that cannot be parsed
    #[arg(long)]
    pub force: bool,

    /// Sign in with this email address and a password, and create a token for nt3
    #[arg(long, value_name = "ADDRESS", conflicts_with_all = ["token", "with_token"])]
    pub email: Option<String>,

    /// Sign in in a browser (a device code), and create a token for nt3
    #[arg(long, conflicts_with_all = ["token", "with_token", "email"])]
    pub web: bool,

    /// With `--email`: read the password from stdin (for scripts)
    #[arg(long, requires = "email")]
    pub password_stdin: bool,

    /// With `--email` or `--web`: the organization the token is for [default: the only one, or asked]
    #[arg(long, value_name = "ID", requires = "sign_in")]
    pub org: Option<String>,

    /// With `--email` or `--web`: the token's name [default: nt3 on <this machine>]
    #[arg(long, requires = "sign_in")]
    pub name: Option<String>,

    /// With `--email` or `--web`: expire after this long: `90m`, `12h`, `30d`, `2w`
    #[arg(long, value_name = "DURATION", requires = "sign_in")]
    pub expires_in: Option<String>,

    /// With `--email` or `--web`: a permission for the token (repeatable)
    #[arg(long = "scope", value_name = "SCOPE", requires = "sign_in")]
    pub scopes: Vec<String>,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The Entri project to sync with (asked on a terminal when missing)
    #[arg(long, value_name = "ID")]
    pub project_id: Option<String>,

    /// The language translations are made from, like `en`
    #[arg(long, value_name = "LANG")]
    pub source_language: Option<String>,

    /// Where the files live, with `{lang}` for the language, like `locales/{lang}.json`
    #[arg(long, value_name = "PATTERN")]
    pub path: Option<String>,

    /// The files' format [default: guessed from the path's extension]
    #[arg(long, value_parser = format_parser())]
    pub format: Option<Format>,

    /// The namespace the files belong to
    #[arg(long)]
    pub namespace: Option<String>,

    /// Replace an existing `.nt3.yml`
    #[arg(long)]
    pub force: bool,

    /// Find the file patterns in this tree (Android, Apple, gettext, Flutter, i18next,
    /// Chrome, Rails, Angular layouts) and propose them; with `--json`, print the
    /// proposal
    #[arg(long, conflicts_with_all = ["path", "format", "namespace"])]
    pub detect: bool,

    /// Write what `--detect` found without asking (needed without a terminal)
    #[arg(long, short = 'y', requires = "detect")]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct PushArgs {
    /// Push only this language (an Entri code, like `pt-BR`, whatever the file names)
    #[arg(short, long = "language", value_name = "LANG")]
    pub language: Option<String>,

    /// List what would be uploaded (language, namespace, size); send nothing that
    /// changes the project
    #[arg(long)]
    pub dry_run: bool,

    /// Upload every file, also those unchanged since the last push
    #[arg(long)]
    pub all: bool,

    /// Overwrite translations that already exist (beats `update_translations`)
    #[arg(short, long)]
    pub overwrite: bool,

    /// Requests to run at once (large files go fewer at a time: 32 MiB in flight at most)
    #[arg(long, default_value_t = DEFAULT_JOBS, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub jobs: u16,
}

/// Push's and pull's requests at once, chosen by measurement (docs/performance.md): 200
/// files at 20 ms a request pull in 0.28 s with 32, 0.41 s with 16, and 64 gains little.
const DEFAULT_JOBS: u16 = 32;

#[derive(Debug, Args)]
pub struct PullArgs {
    /// Pull only this language [default: the project's target languages]
    #[arg(short, long = "language", value_name = "LANG")]
    pub language: Option<String>,

    /// List what would be written (created, updated, merged or unchanged); write nothing
    #[arg(long)]
    pub dry_run: bool,

    /// Replace files changed here since the last sync instead of merging them
    #[arg(long)]
    pub force: bool,

    /// Requests to run at once (large files go fewer at a time: 32 MiB in flight at most)
    #[arg(long, default_value_t = DEFAULT_JOBS, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub jobs: u16,
}

const TRANSLATE_ABOUT: &str = "Translate the untranslated keys with AI, showing progress as it goes

For each language, the server translates the keys that have no translation yet, in
batches of up to 200, and nt3 follows its progress. Keys already translated are skipped,
so running it again is safe. Ctrl-C cancels the job on the server. The project comes from
`.nt3.yml`; AI translation must be set up for it in the Entri dashboard.";
const TRANSLATE_EXAMPLES: &str = "Examples:
  nt3 translate fr
  nt3 translate --all --provider openai
  nt3 translate -l nl --model claude-sonnet-4-6 --json";

#[derive(Debug, Args)]
pub struct TranslateArgs {
    /// The language to translate into, like `fr`
    #[arg(value_name = "LANG", conflicts_with_all = ["language", "all"])]
    pub lang: Option<String>,

    /// The language to translate into (instead of the argument)
    #[arg(short, long, value_name = "LANG", conflicts_with = "all")]
    pub language: Option<String>,

    /// Translate into every target language of the project
    #[arg(short, long)]
    pub all: bool,

    /// The AI provider [default: the project's, Anthropic when it has one]
    #[arg(long, value_enum)]
    pub provider: Option<ProviderArg>,

    /// The model, like `claude-sonnet-4-6` or `gpt-4o` [default: the project's]
    #[arg(long)]
    pub model: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ProviderArg {
    Anthropic,
    Openai,
}

impl ProviderArg {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Anthropic => "anthropic",
            Self::Openai => "openai",
        }
    }
}

const OVERWRITE_ABOUT: &str = "Set existing translations by key: inline, from a file, or from stdin

Input comes from the inline options (`--key`, `--language`, `--value`, `--namespace`), else
from `--file`, else from stdin, as a JSON array of {key, namespace?, language, value}.
Every item is checked before anything is sent. Overwritten translations get the status
`translated` and the source `api`; keys that do not exist are listed, never created, and
make the exit code 1.";
const OVERWRITE_EXAMPLES: &str = "Examples:
  nt3 overwrite -k common.save_button -l nl -v Opslaan
  nt3 overwrite -f fixes.json --json
  echo '[{\"key\": \"save\", \"language\": \"nl\", \"value\": \"Opslaan\"}]' | nt3 overwrite";

#[derive(Debug, Args)]
pub struct OverwriteArgs {
    /// The key to overwrite (inline, with `--language` and `--value`)
    #[arg(short, long)]
    pub key: Option<String>,

    /// The new value (inline)
    #[arg(short, long)]
    pub value: Option<String>,

    /// The language of the translation, like `nl` (inline)
    #[arg(short, long, value_name = "LANG")]
    pub language: Option<String>,

    /// The namespace the key belongs to (inline)
    #[arg(short, long)]
    pub namespace: Option<String>,

    /// A JSON file holding an array of {key, namespace?, language, value}
    #[arg(short, long, value_name = "PATH")]
    pub file: Option<std::path::PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StorageArg {
    /// In the credential file itself (mode 0600)
    File,
    /// In the OS credential store; the file records only that it is there
    Keyring,
}

impl From<StorageArg> for Storage {
    fn from(arg: StorageArg) -> Self {
        match arg {
            StorageArg::File => Self::File,
            StorageArg::Keyring => Self::Keyring,
        }
    }
}

/// `--format`: one of the names `.nt3.yml` uses.
fn format_parser() -> impl clap::builder::TypedValueParser<Value = Format> {
    use clap::builder::TypedValueParser as _;
    clap::builder::PossibleValuesParser::new(Format::ALL.map(Format::as_str))
        .map(|name| Format::from_name(&name).expect("the parser admits only format names"))
}

#[derive(Debug, Args)]
pub struct LogoutArgs {
    /// Remove the token from `./.nt3.local.json` instead of the global login
    #[arg(short, long)]
    pub local: bool,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Show the active token in full
    #[arg(long)]
    pub show_token: bool,

    /// Ask the server whether it accepts the token
    #[arg(long)]
    pub check: bool,

    /// List every file each pattern matches, not only how many there are per language
    #[arg(short, long)]
    pub verbose: bool,
}

#[derive(Debug, Args)]
pub struct ApiArgs {
    /// The API path, like `projects` or `/api/v1/projects/ID`
    pub path: String,

    /// The HTTP method [default: GET, or POST with a body]
    #[arg(short = 'X', long)]
    pub method: Option<String>,

    /// A JSON request body
    #[arg(short, long, value_name = "JSON", conflicts_with = "input")]
    pub data: Option<String>,

    /// Read the request body from a file, or `-` for stdin
    #[arg(long, value_name = "FILE")]
    pub input: Option<std::path::PathBuf>,

    /// An extra request header, `Name: value` (repeatable)
    #[arg(short = 'H', long = "header", value_name = "HEADER")]
    pub headers: Vec<String>,

    /// Print the status line and response headers before the body
    #[arg(short, long)]
    pub include: bool,

    /// Fetch every page of a collection (`meta.totalPages`)
    #[arg(long)]
    pub paginate: bool,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn definitions_are_consistent() {
        super::command().debug_assert();
    }

    #[test]
    fn debug_output_of_parsed_arguments_hides_the_token() {
        use clap::Parser;
        let cli = super::Cli::parse_from(["nt3", "login", "-t", "entri_debugcanary0000"]);
        assert!(!format!("{cli:?}").contains("debugcanary"), "{cli:?}");
    }

    #[test]
    fn every_command_is_in_exactly_one_help_group() {
        for sub in super::Cli::command()
            .get_subcommands()
            .filter(|sub| !sub.is_hide_set())
        {
            let groups = super::GROUPS
                .iter()
                .filter(|(_, names)| names.contains(&sub.get_name()))
                .count();
            assert_eq!(
                groups,
                1,
                "`{}` must be listed in one group of cli::GROUPS",
                sub.get_name()
            );
        }
    }
}
