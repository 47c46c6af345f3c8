
use builtin;
use str;

set edit:completion:arg-completer[nt3] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'nt3'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'nt3'= {
            cand -c 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]'
            cand --connection 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand login 'Save an API token for nt3 to use'
            cand auth 'Save an API token for nt3 to use'
            cand logout 'Remove the saved API token'
            cand signout 'Remove the saved API token'
            cand status 'Show which token is active, where it comes from, and every source'
            cand token 'Print the active token, for `$(nt3 token)`'
            cand projects 'List the projects the token can see'
            cand whoami 'Show who the active token belongs to: user, organizations, projects'
            cand tokens 'Manage API tokens on the server: list, create, rotate, revoke'
            cand api 'Make an authenticated request to the Entri API'
            cand init 'Create `.nt3.yml`, linking this directory to an Entri project'
            cand push 'Upload the translation files `.nt3.yml` names'
            cand up 'Upload the translation files `.nt3.yml` names'
            cand pull 'Download the project''s translations into the files `.nt3.yml` names'
            cand down 'Download the project''s translations into the files `.nt3.yml` names'
            cand translate 'Translate the untranslated keys with AI, showing progress as it goes'
            cand tr 'Translate the untranslated keys with AI, showing progress as it goes'
            cand overwrite 'Set existing translations by key: inline, from a file, or from stdin'
            cand ow 'Set existing translations by key: inline, from a file, or from stdin'
            cand completion 'Print the shell completion script for nt3'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'nt3;login'= {
            cand -t 'The token to save (visible in the process list; prefer `--with-token`)'
            cand --token 'The token to save (visible in the process list; prefer `--with-token`)'
            cand -u 'The Entri API URL to save beside the token [default: the URL saved in the entry being replaced, else https://app.nt3.io]'
            cand --api-url 'The Entri API URL to save beside the token [default: the URL saved in the entry being replaced, else https://app.nt3.io]'
            cand --storage 'Where to keep the token [default: where the file kept it before, else `file`]'
            cand --email 'Sign in with this email address and a password, and create a token for nt3'
            cand --org 'With `--email` or `--web`: the organization the token is for [default: the only one, or asked]'
            cand --name 'With `--email` or `--web`: the token''s name [default: nt3 on <this machine>]'
            cand --expires-in 'With `--email` or `--web`: expire after this long: `90m`, `12h`, `30d`, `2w`'
            cand --scope 'With `--email` or `--web`: a permission for the token (repeatable)'
            cand -c 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]'
            cand --connection 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]'
            cand --with-token 'Read the token from standard input'
            cand -l 'Save to `./.nt3.local.json`, a login for this directory only'
            cand --local 'Save to `./.nt3.local.json`, a login for this directory only'
            cand --no-verify 'Save without asking the server whether it accepts the token'
            cand --force 'Replace a credential file that cannot be parsed'
            cand --web 'Sign in in a browser (a device code), and create a token for nt3'
            cand --password-stdin 'With `--email`: read the password from stdin (for scripts)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nt3;auth'= {
            cand -t 'The token to save (visible in the process list; prefer `--with-token`)'
            cand --token 'The token to save (visible in the process list; prefer `--with-token`)'
            cand -u 'The Entri API URL to save beside the token [default: the URL saved in the entry being replaced, else https://app.nt3.io]'
            cand --api-url 'The Entri API URL to save beside the token [default: the URL saved in the entry being replaced, else https://app.nt3.io]'
            cand --storage 'Where to keep the token [default: where the file kept it before, else `file`]'
            cand --email 'Sign in with this email address and a password, and create a token for nt3'
            cand --org 'With `--email` or `--web`: the organization the token is for [default: the only one, or asked]'
            cand --name 'With `--email` or `--web`: the token''s name [default: nt3 on <this machine>]'
            cand --expires-in 'With `--email` or `--web`: expire after this long: `90m`, `12h`, `30d`, `2w`'
            cand --scope 'With `--email` or `--web`: a permission for the token (repeatable)'
            cand -c 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]'
            cand --connection 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]'
            cand --with-token 'Read the token from standard input'
            cand -l 'Save to `./.nt3.local.json`, a login for this directory only'
            cand --local 'Save to `./.nt3.local.json`, a login for this directory only'
            cand --no-verify 'Save without asking the server whether it accepts the token'
            cand --force 'Replace a credential file that cannot be parsed'
            cand --web 'Sign in in a browser (a device code), and create a token for nt3'
            cand --password-stdin 'With `--email`: read the password from stdin (for scripts)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nt3;logout'= {
            cand -c 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]'
            cand --connection 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]'
            cand -l 'Remove the token from `./.nt3.local.json` instead of the global login'
            cand --local 'Remove the token from `./.nt3.local.json` instead of the global login'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nt3;signout'= {
            cand -c 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]'
            cand --connection 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]'
            cand -l 'Remove the token from `./.nt3.local.json` instead of the global login'
            cand --local 'Remove the token from `./.nt3.local.json` instead of the global login'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nt3;status'= {
            cand -c 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]'
            cand --connection 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]'
            cand --show-token 'Show the active token in full'
            cand --check 'Ask the server whether it accepts the token'
            cand -v 'List every file each pattern matches, not only how many there are per language'
            cand --verbose 'List every file each pattern matches, not only how many there are per language'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nt3;token'= {
            cand -c 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]'
            cand --connection 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nt3;projects'= {
            cand -c 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]'
            cand --connection 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nt3;whoami'= {
            cand -c 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]'
            cand --connection 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nt3;tokens'= {
            cand -c 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]'
            cand --connection 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List the tokens of an organization or project'
            cand create 'Create a token and print it, once, on stdout'
            cand rotate 'Replace the active token with a new one, then revoke it'
            cand revoke 'Revoke a token for good'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'nt3;tokens;list'= {
            cand --org 'The organization whose tokens to manage [env: NT3_ORG_ID]'
            cand --project 'Manage the tokens of this project instead of an organization''s'
            cand -c 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]'
            cand --connection 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nt3;tokens;create'= {
            cand --org 'The organization whose tokens to manage [env: NT3_ORG_ID]'
            cand --project 'Manage the tokens of this project instead of an organization''s'
            cand --name 'A name that says where the token is used'
            cand --expires-in 'Expire after this long: minutes, hours, days or weeks, like `90m`, `12h`, `30d`'
            cand --expires-at 'Expire at this time (RFC 3339, like `2027-01-31T00:00:00Z`)'
            cand --scope 'A permission for the token (repeatable); the server''s default when none'
            cand -c 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]'
            cand --connection 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]'
            cand --login 'Also save the new token as your login, as `nt3 login` would'
            cand -l 'With `--login`: save it to `./.nt3.local.json`'
            cand --local 'With `--login`: save it to `./.nt3.local.json`'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nt3;tokens;rotate'= {
            cand --org 'The organization whose tokens to manage [env: NT3_ORG_ID]'
            cand --project 'Manage the tokens of this project instead of an organization''s'
            cand --id 'The id of the active token in the list, when its last four characters do not tell it apart'
            cand -c 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]'
            cand --connection 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nt3;tokens;revoke'= {
            cand --org 'The organization whose tokens to manage [env: NT3_ORG_ID]'
            cand --project 'Manage the tokens of this project instead of an organization''s'
            cand -c 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]'
            cand --connection 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]'
            cand -y 'Revoke without asking for confirmation'
            cand --yes 'Revoke without asking for confirmation'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nt3;tokens;help'= {
            cand list 'List the tokens of an organization or project'
            cand create 'Create a token and print it, once, on stdout'
            cand rotate 'Replace the active token with a new one, then revoke it'
            cand revoke 'Revoke a token for good'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'nt3;tokens;help;list'= {
        }
        &'nt3;tokens;help;create'= {
        }
        &'nt3;tokens;help;rotate'= {
        }
        &'nt3;tokens;help;revoke'= {
        }
        &'nt3;tokens;help;help'= {
        }
        &'nt3;api'= {
            cand -X 'The HTTP method [default: GET, or POST with a body]'
            cand --method 'The HTTP method [default: GET, or POST with a body]'
            cand -d 'A JSON request body'
            cand --data 'A JSON request body'
            cand --input 'Read the request body from a file, or `-` for stdin'
            cand -H 'An extra request header, `Name: value` (repeatable)'
            cand --header 'An extra request header, `Name: value` (repeatable)'
            cand -c 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]'
            cand --connection 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]'
            cand -i 'Print the status line and response headers before the body'
            cand --include 'Print the status line and response headers before the body'
            cand --paginate 'Fetch every page of a collection (`meta.totalPages`)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nt3;init'= {
            cand --project-id 'The Entri project to sync with (asked on a terminal when missing)'
            cand --source-language 'The language translations are made from, like `en`'
            cand --path 'Where the files live, with `{lang}` for the language, like `locales/{lang}.json`'
            cand --format 'The files'' format [default: guessed from the path''s extension]'
            cand --namespace 'The namespace the files belong to'
            cand -c 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]'
            cand --connection 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]'
            cand --force 'Replace an existing `.nt3.yml`'
            cand --detect 'Find the file patterns in this tree (Android, Apple, gettext, Flutter, i18next, Chrome, Rails, Angular layouts) and propose them; with `--json`, print the proposal'
            cand -y 'Write what `--detect` found without asking (needed without a terminal)'
            cand --yes 'Write what `--detect` found without asking (needed without a terminal)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nt3;push'= {
            cand -l 'Push only this language (an Entri code, like `pt-BR`, whatever the file names)'
            cand --language 'Push only this language (an Entri code, like `pt-BR`, whatever the file names)'
            cand --jobs 'Requests to run at once (large files go fewer at a time: 32 MiB in flight at most)'
            cand -c 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]'
            cand --connection 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]'
            cand --dry-run 'List what would be uploaded (language, namespace, size); send nothing that changes the project'
            cand --all 'Upload every file, also those unchanged since the last push'
            cand -o 'Overwrite translations that already exist (beats `update_translations`)'
            cand --overwrite 'Overwrite translations that already exist (beats `update_translations`)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nt3;up'= {
            cand -l 'Push only this language (an Entri code, like `pt-BR`, whatever the file names)'
            cand --language 'Push only this language (an Entri code, like `pt-BR`, whatever the file names)'
            cand --jobs 'Requests to run at once (large files go fewer at a time: 32 MiB in flight at most)'
            cand -c 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]'
            cand --connection 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]'
            cand --dry-run 'List what would be uploaded (language, namespace, size); send nothing that changes the project'
            cand --all 'Upload every file, also those unchanged since the last push'
            cand -o 'Overwrite translations that already exist (beats `update_translations`)'
            cand --overwrite 'Overwrite translations that already exist (beats `update_translations`)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nt3;pull'= {
            cand -l 'Pull only this language [default: the project''s target languages]'
            cand --language 'Pull only this language [default: the project''s target languages]'
            cand --jobs 'Requests to run at once (large files go fewer at a time: 32 MiB in flight at most)'
            cand -c 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]'
            cand --connection 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]'
            cand --dry-run 'List what would be written (created, updated, merged or unchanged); write nothing'
            cand --force 'Replace files changed here since the last sync instead of merging them'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nt3;down'= {
            cand -l 'Pull only this language [default: the project''s target languages]'
            cand --language 'Pull only this language [default: the project''s target languages]'
            cand --jobs 'Requests to run at once (large files go fewer at a time: 32 MiB in flight at most)'
            cand -c 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]'
            cand --connection 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]'
            cand --dry-run 'List what would be written (created, updated, merged or unchanged); write nothing'
            cand --force 'Replace files changed here since the last sync instead of merging them'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nt3;translate'= {
            cand -l 'The language to translate into (instead of the argument)'
            cand --language 'The language to translate into (instead of the argument)'
            cand --provider 'The AI provider [default: the project''s, Anthropic when it has one]'
            cand --model 'The model, like `claude-sonnet-4-6` or `gpt-4o` [default: the project''s]'
            cand -c 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]'
            cand --connection 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]'
            cand -a 'Translate into every target language of the project'
            cand --all 'Translate into every target language of the project'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nt3;tr'= {
            cand -l 'The language to translate into (instead of the argument)'
            cand --language 'The language to translate into (instead of the argument)'
            cand --provider 'The AI provider [default: the project''s, Anthropic when it has one]'
            cand --model 'The model, like `claude-sonnet-4-6` or `gpt-4o` [default: the project''s]'
            cand -c 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]'
            cand --connection 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]'
            cand -a 'Translate into every target language of the project'
            cand --all 'Translate into every target language of the project'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nt3;overwrite'= {
            cand -k 'The key to overwrite (inline, with `--language` and `--value`)'
            cand --key 'The key to overwrite (inline, with `--language` and `--value`)'
            cand -v 'The new value (inline)'
            cand --value 'The new value (inline)'
            cand -l 'The language of the translation, like `nl` (inline)'
            cand --language 'The language of the translation, like `nl` (inline)'
            cand -n 'The namespace the key belongs to (inline)'
            cand --namespace 'The namespace the key belongs to (inline)'
            cand -f 'A JSON file holding an array of {key, namespace?, language, value}'
            cand --file 'A JSON file holding an array of {key, namespace?, language, value}'
            cand -c 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]'
            cand --connection 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nt3;ow'= {
            cand -k 'The key to overwrite (inline, with `--language` and `--value`)'
            cand --key 'The key to overwrite (inline, with `--language` and `--value`)'
            cand -v 'The new value (inline)'
            cand --value 'The new value (inline)'
            cand -l 'The language of the translation, like `nl` (inline)'
            cand --language 'The language of the translation, like `nl` (inline)'
            cand -n 'The namespace the key belongs to (inline)'
            cand --namespace 'The namespace the key belongs to (inline)'
            cand -f 'A JSON file holding an array of {key, namespace?, language, value}'
            cand --file 'A JSON file holding an array of {key, namespace?, language, value}'
            cand -c 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]'
            cand --connection 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nt3;completion'= {
            cand -c 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]'
            cand --connection 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nt3;help'= {
            cand login 'Save an API token for nt3 to use'
            cand logout 'Remove the saved API token'
            cand status 'Show which token is active, where it comes from, and every source'
            cand token 'Print the active token, for `$(nt3 token)`'
            cand projects 'List the projects the token can see'
            cand whoami 'Show who the active token belongs to: user, organizations, projects'
            cand tokens 'Manage API tokens on the server: list, create, rotate, revoke'
            cand api 'Make an authenticated request to the Entri API'
            cand init 'Create `.nt3.yml`, linking this directory to an Entri project'
            cand push 'Upload the translation files `.nt3.yml` names'
            cand pull 'Download the project''s translations into the files `.nt3.yml` names'
            cand translate 'Translate the untranslated keys with AI, showing progress as it goes'
            cand overwrite 'Set existing translations by key: inline, from a file, or from stdin'
            cand completion 'Print the shell completion script for nt3'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'nt3;help;login'= {
        }
        &'nt3;help;logout'= {
        }
        &'nt3;help;status'= {
        }
        &'nt3;help;token'= {
        }
        &'nt3;help;projects'= {
        }
        &'nt3;help;whoami'= {
        }
        &'nt3;help;tokens'= {
            cand list 'List the tokens of an organization or project'
            cand create 'Create a token and print it, once, on stdout'
            cand rotate 'Replace the active token with a new one, then revoke it'
            cand revoke 'Revoke a token for good'
        }
        &'nt3;help;tokens;list'= {
        }
        &'nt3;help;tokens;create'= {
        }
        &'nt3;help;tokens;rotate'= {
        }
        &'nt3;help;tokens;revoke'= {
        }
        &'nt3;help;api'= {
        }
        &'nt3;help;init'= {
        }
        &'nt3;help;push'= {
        }
        &'nt3;help;pull'= {
        }
        &'nt3;help;translate'= {
        }
        &'nt3;help;overwrite'= {
        }
        &'nt3;help;completion'= {
        }
        &'nt3;help;help'= {
        }
    ]
    $completions[$command]
}
