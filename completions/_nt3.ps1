
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'nt3' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'nt3'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'nt3' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]')
            [CompletionResult]::new('--connection', '--connection', [CompletionResultType]::ParameterName, 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Save an API token for nt3 to use')
            [CompletionResult]::new('auth', 'auth', [CompletionResultType]::ParameterValue, 'Save an API token for nt3 to use')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'Remove the saved API token')
            [CompletionResult]::new('signout', 'signout', [CompletionResultType]::ParameterValue, 'Remove the saved API token')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show which token is active, where it comes from, and every source')
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'Print the active token, for `$(nt3 token)`')
            [CompletionResult]::new('projects', 'projects', [CompletionResultType]::ParameterValue, 'List the projects the token can see')
            [CompletionResult]::new('whoami', 'whoami', [CompletionResultType]::ParameterValue, 'Show who the active token belongs to: user, organizations, projects')
            [CompletionResult]::new('tokens', 'tokens', [CompletionResultType]::ParameterValue, 'Manage API tokens on the server: list, create, rotate, revoke')
            [CompletionResult]::new('api', 'api', [CompletionResultType]::ParameterValue, 'Make an authenticated request to the Entri API')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create `.nt3.yml`, linking this directory to an Entri project')
            [CompletionResult]::new('push', 'push', [CompletionResultType]::ParameterValue, 'Upload the translation files `.nt3.yml` names')
            [CompletionResult]::new('up', 'up', [CompletionResultType]::ParameterValue, 'Upload the translation files `.nt3.yml` names')
            [CompletionResult]::new('pull', 'pull', [CompletionResultType]::ParameterValue, 'Download the project''s translations into the files `.nt3.yml` names')
            [CompletionResult]::new('down', 'down', [CompletionResultType]::ParameterValue, 'Download the project''s translations into the files `.nt3.yml` names')
            [CompletionResult]::new('translate', 'translate', [CompletionResultType]::ParameterValue, 'Translate the untranslated keys with AI, showing progress as it goes')
            [CompletionResult]::new('tr', 'tr', [CompletionResultType]::ParameterValue, 'Translate the untranslated keys with AI, showing progress as it goes')
            [CompletionResult]::new('overwrite', 'overwrite', [CompletionResultType]::ParameterValue, 'Set existing translations by key: inline, from a file, or from stdin')
            [CompletionResult]::new('ow', 'ow', [CompletionResultType]::ParameterValue, 'Set existing translations by key: inline, from a file, or from stdin')
            [CompletionResult]::new('completion', 'completion', [CompletionResultType]::ParameterValue, 'Print the shell completion script for nt3')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'nt3;login' {
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'The token to save (visible in the process list; prefer `--with-token`)')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'The token to save (visible in the process list; prefer `--with-token`)')
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'The Entri API URL to save beside the token [default: the URL saved in the entry being replaced, else https://app.nt3.io]')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'The Entri API URL to save beside the token [default: the URL saved in the entry being replaced, else https://app.nt3.io]')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Where to keep the token [default: where the file kept it before, else `file`]')
            [CompletionResult]::new('--email', '--email', [CompletionResultType]::ParameterName, 'Sign in with this email address and a password, and create a token for nt3')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'With `--email` or `--web`: the organization the token is for [default: the only one, or asked]')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'With `--email` or `--web`: the token''s name [default: nt3 on <this machine>]')
            [CompletionResult]::new('--expires-in', '--expires-in', [CompletionResultType]::ParameterName, 'With `--email` or `--web`: expire after this long: `90m`, `12h`, `30d`, `2w`')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'With `--email` or `--web`: a permission for the token (repeatable)')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]')
            [CompletionResult]::new('--connection', '--connection', [CompletionResultType]::ParameterName, 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]')
            [CompletionResult]::new('--with-token', '--with-token', [CompletionResultType]::ParameterName, 'Read the token from standard input')
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'Save to `./.nt3.local.json`, a login for this directory only')
            [CompletionResult]::new('--local', '--local', [CompletionResultType]::ParameterName, 'Save to `./.nt3.local.json`, a login for this directory only')
            [CompletionResult]::new('--no-verify', '--no-verify', [CompletionResultType]::ParameterName, 'Save without asking the server whether it accepts the token')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace a credential file that cannot be parsed')
            [CompletionResult]::new('--web', '--web', [CompletionResultType]::ParameterName, 'Sign in in a browser (a device code), and create a token for nt3')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'With `--email`: read the password from stdin (for scripts)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nt3;auth' {
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'The token to save (visible in the process list; prefer `--with-token`)')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'The token to save (visible in the process list; prefer `--with-token`)')
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'The Entri API URL to save beside the token [default: the URL saved in the entry being replaced, else https://app.nt3.io]')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'The Entri API URL to save beside the token [default: the URL saved in the entry being replaced, else https://app.nt3.io]')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Where to keep the token [default: where the file kept it before, else `file`]')
            [CompletionResult]::new('--email', '--email', [CompletionResultType]::ParameterName, 'Sign in with this email address and a password, and create a token for nt3')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'With `--email` or `--web`: the organization the token is for [default: the only one, or asked]')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'With `--email` or `--web`: the token''s name [default: nt3 on <this machine>]')
            [CompletionResult]::new('--expires-in', '--expires-in', [CompletionResultType]::ParameterName, 'With `--email` or `--web`: expire after this long: `90m`, `12h`, `30d`, `2w`')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'With `--email` or `--web`: a permission for the token (repeatable)')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]')
            [CompletionResult]::new('--connection', '--connection', [CompletionResultType]::ParameterName, 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]')
            [CompletionResult]::new('--with-token', '--with-token', [CompletionResultType]::ParameterName, 'Read the token from standard input')
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'Save to `./.nt3.local.json`, a login for this directory only')
            [CompletionResult]::new('--local', '--local', [CompletionResultType]::ParameterName, 'Save to `./.nt3.local.json`, a login for this directory only')
            [CompletionResult]::new('--no-verify', '--no-verify', [CompletionResultType]::ParameterName, 'Save without asking the server whether it accepts the token')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace a credential file that cannot be parsed')
            [CompletionResult]::new('--web', '--web', [CompletionResultType]::ParameterName, 'Sign in in a browser (a device code), and create a token for nt3')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'With `--email`: read the password from stdin (for scripts)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nt3;logout' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]')
            [CompletionResult]::new('--connection', '--connection', [CompletionResultType]::ParameterName, 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]')
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'Remove the token from `./.nt3.local.json` instead of the global login')
            [CompletionResult]::new('--local', '--local', [CompletionResultType]::ParameterName, 'Remove the token from `./.nt3.local.json` instead of the global login')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nt3;signout' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]')
            [CompletionResult]::new('--connection', '--connection', [CompletionResultType]::ParameterName, 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]')
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'Remove the token from `./.nt3.local.json` instead of the global login')
            [CompletionResult]::new('--local', '--local', [CompletionResultType]::ParameterName, 'Remove the token from `./.nt3.local.json` instead of the global login')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nt3;status' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]')
            [CompletionResult]::new('--connection', '--connection', [CompletionResultType]::ParameterName, 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]')
            [CompletionResult]::new('--show-token', '--show-token', [CompletionResultType]::ParameterName, 'Show the active token in full')
            [CompletionResult]::new('--check', '--check', [CompletionResultType]::ParameterName, 'Ask the server whether it accepts the token')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'List every file each pattern matches, not only how many there are per language')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'List every file each pattern matches, not only how many there are per language')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nt3;token' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]')
            [CompletionResult]::new('--connection', '--connection', [CompletionResultType]::ParameterName, 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nt3;projects' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]')
            [CompletionResult]::new('--connection', '--connection', [CompletionResultType]::ParameterName, 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nt3;whoami' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]')
            [CompletionResult]::new('--connection', '--connection', [CompletionResultType]::ParameterName, 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nt3;tokens' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]')
            [CompletionResult]::new('--connection', '--connection', [CompletionResultType]::ParameterName, 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the tokens of an organization or project')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a token and print it, once, on stdout')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Replace the active token with a new one, then revoke it')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke a token for good')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'nt3;tokens;list' {
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'The organization whose tokens to manage [env: NT3_ORG_ID]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Manage the tokens of this project instead of an organization''s')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]')
            [CompletionResult]::new('--connection', '--connection', [CompletionResultType]::ParameterName, 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nt3;tokens;create' {
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'The organization whose tokens to manage [env: NT3_ORG_ID]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Manage the tokens of this project instead of an organization''s')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'A name that says where the token is used')
            [CompletionResult]::new('--expires-in', '--expires-in', [CompletionResultType]::ParameterName, 'Expire after this long: minutes, hours, days or weeks, like `90m`, `12h`, `30d`')
            [CompletionResult]::new('--expires-at', '--expires-at', [CompletionResultType]::ParameterName, 'Expire at this time (RFC 3339, like `2027-01-31T00:00:00Z`)')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'A permission for the token (repeatable); the server''s default when none')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]')
            [CompletionResult]::new('--connection', '--connection', [CompletionResultType]::ParameterName, 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]')
            [CompletionResult]::new('--login', '--login', [CompletionResultType]::ParameterName, 'Also save the new token as your login, as `nt3 login` would')
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'With `--login`: save it to `./.nt3.local.json`')
            [CompletionResult]::new('--local', '--local', [CompletionResultType]::ParameterName, 'With `--login`: save it to `./.nt3.local.json`')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nt3;tokens;rotate' {
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'The organization whose tokens to manage [env: NT3_ORG_ID]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Manage the tokens of this project instead of an organization''s')
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'The id of the active token in the list, when its last four characters do not tell it apart')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]')
            [CompletionResult]::new('--connection', '--connection', [CompletionResultType]::ParameterName, 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nt3;tokens;revoke' {
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'The organization whose tokens to manage [env: NT3_ORG_ID]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Manage the tokens of this project instead of an organization''s')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]')
            [CompletionResult]::new('--connection', '--connection', [CompletionResultType]::ParameterName, 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Revoke without asking for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Revoke without asking for confirmation')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nt3;tokens;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the tokens of an organization or project')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a token and print it, once, on stdout')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Replace the active token with a new one, then revoke it')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke a token for good')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'nt3;tokens;help;list' {
            break
        }
        'nt3;tokens;help;create' {
            break
        }
        'nt3;tokens;help;rotate' {
            break
        }
        'nt3;tokens;help;revoke' {
            break
        }
        'nt3;tokens;help;help' {
            break
        }
        'nt3;api' {
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'The HTTP method [default: GET, or POST with a body]')
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'The HTTP method [default: GET, or POST with a body]')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'A JSON request body')
            [CompletionResult]::new('--data', '--data', [CompletionResultType]::ParameterName, 'A JSON request body')
            [CompletionResult]::new('--input', '--input', [CompletionResultType]::ParameterName, 'Read the request body from a file, or `-` for stdin')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'An extra request header, `Name: value` (repeatable)')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'An extra request header, `Name: value` (repeatable)')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]')
            [CompletionResult]::new('--connection', '--connection', [CompletionResultType]::ParameterName, 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'Print the status line and response headers before the body')
            [CompletionResult]::new('--include', '--include', [CompletionResultType]::ParameterName, 'Print the status line and response headers before the body')
            [CompletionResult]::new('--paginate', '--paginate', [CompletionResultType]::ParameterName, 'Fetch every page of a collection (`meta.totalPages`)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nt3;init' {
            [CompletionResult]::new('--project-id', '--project-id', [CompletionResultType]::ParameterName, 'The Entri project to sync with (asked on a terminal when missing)')
            [CompletionResult]::new('--source-language', '--source-language', [CompletionResultType]::ParameterName, 'The language translations are made from, like `en`')
            [CompletionResult]::new('--path', '--path', [CompletionResultType]::ParameterName, 'Where the files live, with `{lang}` for the language, like `locales/{lang}.json`')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'The files'' format [default: guessed from the path''s extension]')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'The namespace the files belong to')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]')
            [CompletionResult]::new('--connection', '--connection', [CompletionResultType]::ParameterName, 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace an existing `.nt3.yml`')
            [CompletionResult]::new('--detect', '--detect', [CompletionResultType]::ParameterName, 'Find the file patterns in this tree (Android, Apple, gettext, Flutter, i18next, Chrome, Rails, Angular layouts) and propose them; with `--json`, print the proposal')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Write what `--detect` found without asking (needed without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Write what `--detect` found without asking (needed without a terminal)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nt3;push' {
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'Push only this language (an Entri code, like `pt-BR`, whatever the file names)')
            [CompletionResult]::new('--language', '--language', [CompletionResultType]::ParameterName, 'Push only this language (an Entri code, like `pt-BR`, whatever the file names)')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'Requests to run at once (large files go fewer at a time: 32 MiB in flight at most)')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]')
            [CompletionResult]::new('--connection', '--connection', [CompletionResultType]::ParameterName, 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'List what would be uploaded (language, namespace, size); send nothing that changes the project')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Upload every file, also those unchanged since the last push')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Overwrite translations that already exist (beats `update_translations`)')
            [CompletionResult]::new('--overwrite', '--overwrite', [CompletionResultType]::ParameterName, 'Overwrite translations that already exist (beats `update_translations`)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nt3;up' {
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'Push only this language (an Entri code, like `pt-BR`, whatever the file names)')
            [CompletionResult]::new('--language', '--language', [CompletionResultType]::ParameterName, 'Push only this language (an Entri code, like `pt-BR`, whatever the file names)')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'Requests to run at once (large files go fewer at a time: 32 MiB in flight at most)')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]')
            [CompletionResult]::new('--connection', '--connection', [CompletionResultType]::ParameterName, 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'List what would be uploaded (language, namespace, size); send nothing that changes the project')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Upload every file, also those unchanged since the last push')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Overwrite translations that already exist (beats `update_translations`)')
            [CompletionResult]::new('--overwrite', '--overwrite', [CompletionResultType]::ParameterName, 'Overwrite translations that already exist (beats `update_translations`)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nt3;pull' {
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'Pull only this language [default: the project''s target languages]')
            [CompletionResult]::new('--language', '--language', [CompletionResultType]::ParameterName, 'Pull only this language [default: the project''s target languages]')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'Requests to run at once (large files go fewer at a time: 32 MiB in flight at most)')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]')
            [CompletionResult]::new('--connection', '--connection', [CompletionResultType]::ParameterName, 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'List what would be written (created, updated, merged or unchanged); write nothing')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace files changed here since the last sync instead of merging them')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nt3;down' {
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'Pull only this language [default: the project''s target languages]')
            [CompletionResult]::new('--language', '--language', [CompletionResultType]::ParameterName, 'Pull only this language [default: the project''s target languages]')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'Requests to run at once (large files go fewer at a time: 32 MiB in flight at most)')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]')
            [CompletionResult]::new('--connection', '--connection', [CompletionResultType]::ParameterName, 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'List what would be written (created, updated, merged or unchanged); write nothing')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace files changed here since the last sync instead of merging them')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nt3;translate' {
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'The language to translate into (instead of the argument)')
            [CompletionResult]::new('--language', '--language', [CompletionResultType]::ParameterName, 'The language to translate into (instead of the argument)')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'The AI provider [default: the project''s, Anthropic when it has one]')
            [CompletionResult]::new('--model', '--model', [CompletionResultType]::ParameterName, 'The model, like `claude-sonnet-4-6` or `gpt-4o` [default: the project''s]')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]')
            [CompletionResult]::new('--connection', '--connection', [CompletionResultType]::ParameterName, 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]')
            [CompletionResult]::new('-a', '-a', [CompletionResultType]::ParameterName, 'Translate into every target language of the project')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Translate into every target language of the project')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nt3;tr' {
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'The language to translate into (instead of the argument)')
            [CompletionResult]::new('--language', '--language', [CompletionResultType]::ParameterName, 'The language to translate into (instead of the argument)')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'The AI provider [default: the project''s, Anthropic when it has one]')
            [CompletionResult]::new('--model', '--model', [CompletionResultType]::ParameterName, 'The model, like `claude-sonnet-4-6` or `gpt-4o` [default: the project''s]')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]')
            [CompletionResult]::new('--connection', '--connection', [CompletionResultType]::ParameterName, 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]')
            [CompletionResult]::new('-a', '-a', [CompletionResultType]::ParameterName, 'Translate into every target language of the project')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Translate into every target language of the project')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nt3;overwrite' {
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'The key to overwrite (inline, with `--language` and `--value`)')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'The key to overwrite (inline, with `--language` and `--value`)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'The new value (inline)')
            [CompletionResult]::new('--value', '--value', [CompletionResultType]::ParameterName, 'The new value (inline)')
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'The language of the translation, like `nl` (inline)')
            [CompletionResult]::new('--language', '--language', [CompletionResultType]::ParameterName, 'The language of the translation, like `nl` (inline)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'The namespace the key belongs to (inline)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'The namespace the key belongs to (inline)')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'A JSON file holding an array of {key, namespace?, language, value}')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'A JSON file holding an array of {key, namespace?, language, value}')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]')
            [CompletionResult]::new('--connection', '--connection', [CompletionResultType]::ParameterName, 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nt3;ow' {
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'The key to overwrite (inline, with `--language` and `--value`)')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'The key to overwrite (inline, with `--language` and `--value`)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'The new value (inline)')
            [CompletionResult]::new('--value', '--value', [CompletionResultType]::ParameterName, 'The new value (inline)')
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'The language of the translation, like `nl` (inline)')
            [CompletionResult]::new('--language', '--language', [CompletionResultType]::ParameterName, 'The language of the translation, like `nl` (inline)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'The namespace the key belongs to (inline)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'The namespace the key belongs to (inline)')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'A JSON file holding an array of {key, namespace?, language, value}')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'A JSON file holding an array of {key, namespace?, language, value}')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]')
            [CompletionResult]::new('--connection', '--connection', [CompletionResultType]::ParameterName, 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nt3;completion' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]')
            [CompletionResult]::new('--connection', '--connection', [CompletionResultType]::ParameterName, 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nt3;help' {
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Save an API token for nt3 to use')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'Remove the saved API token')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show which token is active, where it comes from, and every source')
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'Print the active token, for `$(nt3 token)`')
            [CompletionResult]::new('projects', 'projects', [CompletionResultType]::ParameterValue, 'List the projects the token can see')
            [CompletionResult]::new('whoami', 'whoami', [CompletionResultType]::ParameterValue, 'Show who the active token belongs to: user, organizations, projects')
            [CompletionResult]::new('tokens', 'tokens', [CompletionResultType]::ParameterValue, 'Manage API tokens on the server: list, create, rotate, revoke')
            [CompletionResult]::new('api', 'api', [CompletionResultType]::ParameterValue, 'Make an authenticated request to the Entri API')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create `.nt3.yml`, linking this directory to an Entri project')
            [CompletionResult]::new('push', 'push', [CompletionResultType]::ParameterValue, 'Upload the translation files `.nt3.yml` names')
            [CompletionResult]::new('pull', 'pull', [CompletionResultType]::ParameterValue, 'Download the project''s translations into the files `.nt3.yml` names')
            [CompletionResult]::new('translate', 'translate', [CompletionResultType]::ParameterValue, 'Translate the untranslated keys with AI, showing progress as it goes')
            [CompletionResult]::new('overwrite', 'overwrite', [CompletionResultType]::ParameterValue, 'Set existing translations by key: inline, from a file, or from stdin')
            [CompletionResult]::new('completion', 'completion', [CompletionResultType]::ParameterValue, 'Print the shell completion script for nt3')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'nt3;help;login' {
            break
        }
        'nt3;help;logout' {
            break
        }
        'nt3;help;status' {
            break
        }
        'nt3;help;token' {
            break
        }
        'nt3;help;projects' {
            break
        }
        'nt3;help;whoami' {
            break
        }
        'nt3;help;tokens' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the tokens of an organization or project')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a token and print it, once, on stdout')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Replace the active token with a new one, then revoke it')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke a token for good')
            break
        }
        'nt3;help;tokens;list' {
            break
        }
        'nt3;help;tokens;create' {
            break
        }
        'nt3;help;tokens;rotate' {
            break
        }
        'nt3;help;tokens;revoke' {
            break
        }
        'nt3;help;api' {
            break
        }
        'nt3;help;init' {
            break
        }
        'nt3;help;push' {
            break
        }
        'nt3;help;pull' {
            break
        }
        'nt3;help;translate' {
            break
        }
        'nt3;help;overwrite' {
            break
        }
        'nt3;help;completion' {
            break
        }
        'nt3;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
