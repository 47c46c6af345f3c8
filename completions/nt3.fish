# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_nt3_global_optspecs
    string join \n json c/connection= h/help V/version
end

function __fish_nt3_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_nt3_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_nt3_using_subcommand
    set -l cmd (__fish_nt3_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c nt3 -n "__fish_nt3_needs_command" -s c -l connection -d 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]' -r
complete -c nt3 -n "__fish_nt3_needs_command" -l json -d 'Print one JSON document on stdout instead of text'
complete -c nt3 -n "__fish_nt3_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nt3 -n "__fish_nt3_needs_command" -s V -l version -d 'Print version'
complete -c nt3 -n "__fish_nt3_needs_command" -f -a "login" -d 'Save an API token for nt3 to use'
complete -c nt3 -n "__fish_nt3_needs_command" -f -a "auth" -d 'Save an API token for nt3 to use'
complete -c nt3 -n "__fish_nt3_needs_command" -f -a "logout" -d 'Remove the saved API token'
complete -c nt3 -n "__fish_nt3_needs_command" -f -a "signout" -d 'Remove the saved API token'
complete -c nt3 -n "__fish_nt3_needs_command" -f -a "status" -d 'Show which token is active, where it comes from, and every source'
complete -c nt3 -n "__fish_nt3_needs_command" -f -a "token" -d 'Print the active token, for `$(nt3 token)`'
complete -c nt3 -n "__fish_nt3_needs_command" -f -a "projects" -d 'List the projects the token can see'
complete -c nt3 -n "__fish_nt3_needs_command" -f -a "whoami" -d 'Show who the active token belongs to: user, organizations, projects'
complete -c nt3 -n "__fish_nt3_needs_command" -f -a "tokens" -d 'Manage API tokens on the server: list, create, rotate, revoke'
complete -c nt3 -n "__fish_nt3_needs_command" -f -a "api" -d 'Make an authenticated request to the Entri API'
complete -c nt3 -n "__fish_nt3_needs_command" -f -a "init" -d 'Create `.nt3.yml`, linking this directory to an Entri project'
complete -c nt3 -n "__fish_nt3_needs_command" -f -a "push" -d 'Upload the translation files `.nt3.yml` names'
complete -c nt3 -n "__fish_nt3_needs_command" -f -a "up" -d 'Upload the translation files `.nt3.yml` names'
complete -c nt3 -n "__fish_nt3_needs_command" -f -a "pull" -d 'Download the project\'s translations into the files `.nt3.yml` names'
complete -c nt3 -n "__fish_nt3_needs_command" -f -a "down" -d 'Download the project\'s translations into the files `.nt3.yml` names'
complete -c nt3 -n "__fish_nt3_needs_command" -f -a "translate" -d 'Translate the untranslated keys with AI, showing progress as it goes'
complete -c nt3 -n "__fish_nt3_needs_command" -f -a "tr" -d 'Translate the untranslated keys with AI, showing progress as it goes'
complete -c nt3 -n "__fish_nt3_needs_command" -f -a "overwrite" -d 'Set existing translations by key: inline, from a file, or from stdin'
complete -c nt3 -n "__fish_nt3_needs_command" -f -a "ow" -d 'Set existing translations by key: inline, from a file, or from stdin'
complete -c nt3 -n "__fish_nt3_needs_command" -f -a "completion" -d 'Print the shell completion script for nt3'
complete -c nt3 -n "__fish_nt3_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c nt3 -n "__fish_nt3_using_subcommand login" -s t -l token -d 'The token to save (visible in the process list; prefer `--with-token`)' -r
complete -c nt3 -n "__fish_nt3_using_subcommand login" -s u -l api-url -d 'The Entri API URL to save beside the token [default: the URL saved in the entry being replaced, else https://app.nt3.io]' -r
complete -c nt3 -n "__fish_nt3_using_subcommand login" -l storage -d 'Where to keep the token [default: where the file kept it before, else `file`]' -r -f -a "file\t'In the credential file itself (mode 0600)'
keyring\t'In the OS credential store; the file records only that it is there'"
complete -c nt3 -n "__fish_nt3_using_subcommand login" -l email -d 'Sign in with this email address and a password, and create a token for nt3' -r
complete -c nt3 -n "__fish_nt3_using_subcommand login" -l org -d 'With `--email` or `--web`: the organization the token is for [default: the only one, or asked]' -r
complete -c nt3 -n "__fish_nt3_using_subcommand login" -l name -d 'With `--email` or `--web`: the token\'s name [default: nt3 on <this machine>]' -r
complete -c nt3 -n "__fish_nt3_using_subcommand login" -l expires-in -d 'With `--email` or `--web`: expire after this long: `90m`, `12h`, `30d`, `2w`' -r
complete -c nt3 -n "__fish_nt3_using_subcommand login" -l scope -d 'With `--email` or `--web`: a permission for the token (repeatable)' -r
complete -c nt3 -n "__fish_nt3_using_subcommand login" -s c -l connection -d 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]' -r
complete -c nt3 -n "__fish_nt3_using_subcommand login" -l with-token -d 'Read the token from standard input'
complete -c nt3 -n "__fish_nt3_using_subcommand login" -s l -l local -d 'Save to `./.nt3.local.json`, a login for this directory only'
complete -c nt3 -n "__fish_nt3_using_subcommand login" -l no-verify -d 'Save without asking the server whether it accepts the token'
complete -c nt3 -n "__fish_nt3_using_subcommand login" -l force -d 'Replace a credential file that cannot be parsed'
complete -c nt3 -n "__fish_nt3_using_subcommand login" -l web -d 'Sign in in a browser (a device code), and create a token for nt3'
complete -c nt3 -n "__fish_nt3_using_subcommand login" -l password-stdin -d 'With `--email`: read the password from stdin (for scripts)'
complete -c nt3 -n "__fish_nt3_using_subcommand login" -l json -d 'Print one JSON document on stdout instead of text'
complete -c nt3 -n "__fish_nt3_using_subcommand login" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nt3 -n "__fish_nt3_using_subcommand login" -s V -l version -d 'Print version'
complete -c nt3 -n "__fish_nt3_using_subcommand auth" -s t -l token -d 'The token to save (visible in the process list; prefer `--with-token`)' -r
complete -c nt3 -n "__fish_nt3_using_subcommand auth" -s u -l api-url -d 'The Entri API URL to save beside the token [default: the URL saved in the entry being replaced, else https://app.nt3.io]' -r
complete -c nt3 -n "__fish_nt3_using_subcommand auth" -l storage -d 'Where to keep the token [default: where the file kept it before, else `file`]' -r -f -a "file\t'In the credential file itself (mode 0600)'
keyring\t'In the OS credential store; the file records only that it is there'"
complete -c nt3 -n "__fish_nt3_using_subcommand auth" -l email -d 'Sign in with this email address and a password, and create a token for nt3' -r
complete -c nt3 -n "__fish_nt3_using_subcommand auth" -l org -d 'With `--email` or `--web`: the organization the token is for [default: the only one, or asked]' -r
complete -c nt3 -n "__fish_nt3_using_subcommand auth" -l name -d 'With `--email` or `--web`: the token\'s name [default: nt3 on <this machine>]' -r
complete -c nt3 -n "__fish_nt3_using_subcommand auth" -l expires-in -d 'With `--email` or `--web`: expire after this long: `90m`, `12h`, `30d`, `2w`' -r
complete -c nt3 -n "__fish_nt3_using_subcommand auth" -l scope -d 'With `--email` or `--web`: a permission for the token (repeatable)' -r
complete -c nt3 -n "__fish_nt3_using_subcommand auth" -s c -l connection -d 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]' -r
complete -c nt3 -n "__fish_nt3_using_subcommand auth" -l with-token -d 'Read the token from standard input'
complete -c nt3 -n "__fish_nt3_using_subcommand auth" -s l -l local -d 'Save to `./.nt3.local.json`, a login for this directory only'
complete -c nt3 -n "__fish_nt3_using_subcommand auth" -l no-verify -d 'Save without asking the server whether it accepts the token'
complete -c nt3 -n "__fish_nt3_using_subcommand auth" -l force -d 'Replace a credential file that cannot be parsed'
complete -c nt3 -n "__fish_nt3_using_subcommand auth" -l web -d 'Sign in in a browser (a device code), and create a token for nt3'
complete -c nt3 -n "__fish_nt3_using_subcommand auth" -l password-stdin -d 'With `--email`: read the password from stdin (for scripts)'
complete -c nt3 -n "__fish_nt3_using_subcommand auth" -l json -d 'Print one JSON document on stdout instead of text'
complete -c nt3 -n "__fish_nt3_using_subcommand auth" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nt3 -n "__fish_nt3_using_subcommand auth" -s V -l version -d 'Print version'
complete -c nt3 -n "__fish_nt3_using_subcommand logout" -s c -l connection -d 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]' -r
complete -c nt3 -n "__fish_nt3_using_subcommand logout" -s l -l local -d 'Remove the token from `./.nt3.local.json` instead of the global login'
complete -c nt3 -n "__fish_nt3_using_subcommand logout" -l json -d 'Print one JSON document on stdout instead of text'
complete -c nt3 -n "__fish_nt3_using_subcommand logout" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nt3 -n "__fish_nt3_using_subcommand logout" -s V -l version -d 'Print version'
complete -c nt3 -n "__fish_nt3_using_subcommand signout" -s c -l connection -d 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]' -r
complete -c nt3 -n "__fish_nt3_using_subcommand signout" -s l -l local -d 'Remove the token from `./.nt3.local.json` instead of the global login'
complete -c nt3 -n "__fish_nt3_using_subcommand signout" -l json -d 'Print one JSON document on stdout instead of text'
complete -c nt3 -n "__fish_nt3_using_subcommand signout" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nt3 -n "__fish_nt3_using_subcommand signout" -s V -l version -d 'Print version'
complete -c nt3 -n "__fish_nt3_using_subcommand status" -s c -l connection -d 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]' -r
complete -c nt3 -n "__fish_nt3_using_subcommand status" -l show-token -d 'Show the active token in full'
complete -c nt3 -n "__fish_nt3_using_subcommand status" -l check -d 'Ask the server whether it accepts the token'
complete -c nt3 -n "__fish_nt3_using_subcommand status" -s v -l verbose -d 'List every file each pattern matches, not only how many there are per language'
complete -c nt3 -n "__fish_nt3_using_subcommand status" -l json -d 'Print one JSON document on stdout instead of text'
complete -c nt3 -n "__fish_nt3_using_subcommand status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nt3 -n "__fish_nt3_using_subcommand status" -s V -l version -d 'Print version'
complete -c nt3 -n "__fish_nt3_using_subcommand token" -s c -l connection -d 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]' -r
complete -c nt3 -n "__fish_nt3_using_subcommand token" -l json -d 'Print one JSON document on stdout instead of text'
complete -c nt3 -n "__fish_nt3_using_subcommand token" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nt3 -n "__fish_nt3_using_subcommand token" -s V -l version -d 'Print version'
complete -c nt3 -n "__fish_nt3_using_subcommand projects" -s c -l connection -d 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]' -r
complete -c nt3 -n "__fish_nt3_using_subcommand projects" -l json -d 'Print one JSON document on stdout instead of text'
complete -c nt3 -n "__fish_nt3_using_subcommand projects" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nt3 -n "__fish_nt3_using_subcommand projects" -s V -l version -d 'Print version'
complete -c nt3 -n "__fish_nt3_using_subcommand whoami" -s c -l connection -d 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]' -r
complete -c nt3 -n "__fish_nt3_using_subcommand whoami" -l json -d 'Print one JSON document on stdout instead of text'
complete -c nt3 -n "__fish_nt3_using_subcommand whoami" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nt3 -n "__fish_nt3_using_subcommand whoami" -s V -l version -d 'Print version'
complete -c nt3 -n "__fish_nt3_using_subcommand tokens; and not __fish_seen_subcommand_from list create rotate revoke help" -s c -l connection -d 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]' -r
complete -c nt3 -n "__fish_nt3_using_subcommand tokens; and not __fish_seen_subcommand_from list create rotate revoke help" -l json -d 'Print one JSON document on stdout instead of text'
complete -c nt3 -n "__fish_nt3_using_subcommand tokens; and not __fish_seen_subcommand_from list create rotate revoke help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nt3 -n "__fish_nt3_using_subcommand tokens; and not __fish_seen_subcommand_from list create rotate revoke help" -s V -l version -d 'Print version'
complete -c nt3 -n "__fish_nt3_using_subcommand tokens; and not __fish_seen_subcommand_from list create rotate revoke help" -f -a "list" -d 'List the tokens of an organization or project'
complete -c nt3 -n "__fish_nt3_using_subcommand tokens; and not __fish_seen_subcommand_from list create rotate revoke help" -f -a "create" -d 'Create a token and print it, once, on stdout'
complete -c nt3 -n "__fish_nt3_using_subcommand tokens; and not __fish_seen_subcommand_from list create rotate revoke help" -f -a "rotate" -d 'Replace the active token with a new one, then revoke it'
complete -c nt3 -n "__fish_nt3_using_subcommand tokens; and not __fish_seen_subcommand_from list create rotate revoke help" -f -a "revoke" -d 'Revoke a token for good'
complete -c nt3 -n "__fish_nt3_using_subcommand tokens; and not __fish_seen_subcommand_from list create rotate revoke help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c nt3 -n "__fish_nt3_using_subcommand tokens; and __fish_seen_subcommand_from list" -l org -d 'The organization whose tokens to manage [env: NT3_ORG_ID]' -r
complete -c nt3 -n "__fish_nt3_using_subcommand tokens; and __fish_seen_subcommand_from list" -l project -d 'Manage the tokens of this project instead of an organization\'s' -r
complete -c nt3 -n "__fish_nt3_using_subcommand tokens; and __fish_seen_subcommand_from list" -s c -l connection -d 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]' -r
complete -c nt3 -n "__fish_nt3_using_subcommand tokens; and __fish_seen_subcommand_from list" -l json -d 'Print one JSON document on stdout instead of text'
complete -c nt3 -n "__fish_nt3_using_subcommand tokens; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nt3 -n "__fish_nt3_using_subcommand tokens; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c nt3 -n "__fish_nt3_using_subcommand tokens; and __fish_seen_subcommand_from create" -l org -d 'The organization whose tokens to manage [env: NT3_ORG_ID]' -r
complete -c nt3 -n "__fish_nt3_using_subcommand tokens; and __fish_seen_subcommand_from create" -l project -d 'Manage the tokens of this project instead of an organization\'s' -r
complete -c nt3 -n "__fish_nt3_using_subcommand tokens; and __fish_seen_subcommand_from create" -l name -d 'A name that says where the token is used' -r
complete -c nt3 -n "__fish_nt3_using_subcommand tokens; and __fish_seen_subcommand_from create" -l expires-in -d 'Expire after this long: minutes, hours, days or weeks, like `90m`, `12h`, `30d`' -r
complete -c nt3 -n "__fish_nt3_using_subcommand tokens; and __fish_seen_subcommand_from create" -l expires-at -d 'Expire at this time (RFC 3339, like `2027-01-31T00:00:00Z`)' -r
complete -c nt3 -n "__fish_nt3_using_subcommand tokens; and __fish_seen_subcommand_from create" -l scope -d 'A permission for the token (repeatable); the server\'s default when none' -r
complete -c nt3 -n "__fish_nt3_using_subcommand tokens; and __fish_seen_subcommand_from create" -s c -l connection -d 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]' -r
complete -c nt3 -n "__fish_nt3_using_subcommand tokens; and __fish_seen_subcommand_from create" -l login -d 'Also save the new token as your login, as `nt3 login` would'
complete -c nt3 -n "__fish_nt3_using_subcommand tokens; and __fish_seen_subcommand_from create" -s l -l local -d 'With `--login`: save it to `./.nt3.local.json`'
complete -c nt3 -n "__fish_nt3_using_subcommand tokens; and __fish_seen_subcommand_from create" -l json -d 'Print one JSON document on stdout instead of text'
complete -c nt3 -n "__fish_nt3_using_subcommand tokens; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nt3 -n "__fish_nt3_using_subcommand tokens; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c nt3 -n "__fish_nt3_using_subcommand tokens; and __fish_seen_subcommand_from rotate" -l org -d 'The organization whose tokens to manage [env: NT3_ORG_ID]' -r
complete -c nt3 -n "__fish_nt3_using_subcommand tokens; and __fish_seen_subcommand_from rotate" -l project -d 'Manage the tokens of this project instead of an organization\'s' -r
complete -c nt3 -n "__fish_nt3_using_subcommand tokens; and __fish_seen_subcommand_from rotate" -l id -d 'The id of the active token in the list, when its last four characters do not tell it apart' -r
complete -c nt3 -n "__fish_nt3_using_subcommand tokens; and __fish_seen_subcommand_from rotate" -s c -l connection -d 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]' -r
complete -c nt3 -n "__fish_nt3_using_subcommand tokens; and __fish_seen_subcommand_from rotate" -l json -d 'Print one JSON document on stdout instead of text'
complete -c nt3 -n "__fish_nt3_using_subcommand tokens; and __fish_seen_subcommand_from rotate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nt3 -n "__fish_nt3_using_subcommand tokens; and __fish_seen_subcommand_from rotate" -s V -l version -d 'Print version'
complete -c nt3 -n "__fish_nt3_using_subcommand tokens; and __fish_seen_subcommand_from revoke" -l org -d 'The organization whose tokens to manage [env: NT3_ORG_ID]' -r
complete -c nt3 -n "__fish_nt3_using_subcommand tokens; and __fish_seen_subcommand_from revoke" -l project -d 'Manage the tokens of this project instead of an organization\'s' -r
complete -c nt3 -n "__fish_nt3_using_subcommand tokens; and __fish_seen_subcommand_from revoke" -s c -l connection -d 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]' -r
complete -c nt3 -n "__fish_nt3_using_subcommand tokens; and __fish_seen_subcommand_from revoke" -s y -l yes -d 'Revoke without asking for confirmation'
complete -c nt3 -n "__fish_nt3_using_subcommand tokens; and __fish_seen_subcommand_from revoke" -l json -d 'Print one JSON document on stdout instead of text'
complete -c nt3 -n "__fish_nt3_using_subcommand tokens; and __fish_seen_subcommand_from revoke" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nt3 -n "__fish_nt3_using_subcommand tokens; and __fish_seen_subcommand_from revoke" -s V -l version -d 'Print version'
complete -c nt3 -n "__fish_nt3_using_subcommand tokens; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the tokens of an organization or project'
complete -c nt3 -n "__fish_nt3_using_subcommand tokens; and __fish_seen_subcommand_from help" -f -a "create" -d 'Create a token and print it, once, on stdout'
complete -c nt3 -n "__fish_nt3_using_subcommand tokens; and __fish_seen_subcommand_from help" -f -a "rotate" -d 'Replace the active token with a new one, then revoke it'
complete -c nt3 -n "__fish_nt3_using_subcommand tokens; and __fish_seen_subcommand_from help" -f -a "revoke" -d 'Revoke a token for good'
complete -c nt3 -n "__fish_nt3_using_subcommand tokens; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c nt3 -n "__fish_nt3_using_subcommand api" -s X -l method -d 'The HTTP method [default: GET, or POST with a body]' -r
complete -c nt3 -n "__fish_nt3_using_subcommand api" -s d -l data -d 'A JSON request body' -r
complete -c nt3 -n "__fish_nt3_using_subcommand api" -l input -d 'Read the request body from a file, or `-` for stdin' -r -F
complete -c nt3 -n "__fish_nt3_using_subcommand api" -s H -l header -d 'An extra request header, `Name: value` (repeatable)' -r
complete -c nt3 -n "__fish_nt3_using_subcommand api" -s c -l connection -d 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]' -r
complete -c nt3 -n "__fish_nt3_using_subcommand api" -s i -l include -d 'Print the status line and response headers before the body'
complete -c nt3 -n "__fish_nt3_using_subcommand api" -l paginate -d 'Fetch every page of a collection (`meta.totalPages`)'
complete -c nt3 -n "__fish_nt3_using_subcommand api" -l json -d 'Print one JSON document on stdout instead of text'
complete -c nt3 -n "__fish_nt3_using_subcommand api" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nt3 -n "__fish_nt3_using_subcommand api" -s V -l version -d 'Print version'
complete -c nt3 -n "__fish_nt3_using_subcommand init" -l project-id -d 'The Entri project to sync with (asked on a terminal when missing)' -r
complete -c nt3 -n "__fish_nt3_using_subcommand init" -l source-language -d 'The language translations are made from, like `en`' -r
complete -c nt3 -n "__fish_nt3_using_subcommand init" -l path -d 'Where the files live, with `{lang}` for the language, like `locales/{lang}.json`' -r
complete -c nt3 -n "__fish_nt3_using_subcommand init" -l format -d 'The files\' format [default: guessed from the path\'s extension]' -r -f -a "json-flat\t''
json-nested\t''
yaml\t''
po\t''
xliff\t''
xliff2\t''
arb\t''
android-xml\t''
ios-strings\t''
ios-stringsdict\t''
xcstrings\t''"
complete -c nt3 -n "__fish_nt3_using_subcommand init" -l namespace -d 'The namespace the files belong to' -r
complete -c nt3 -n "__fish_nt3_using_subcommand init" -s c -l connection -d 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]' -r
complete -c nt3 -n "__fish_nt3_using_subcommand init" -l force -d 'Replace an existing `.nt3.yml`'
complete -c nt3 -n "__fish_nt3_using_subcommand init" -l detect -d 'Find the file patterns in this tree (Android, Apple, gettext, Flutter, i18next, Chrome, Rails, Angular layouts) and propose them; with `--json`, print the proposal'
complete -c nt3 -n "__fish_nt3_using_subcommand init" -s y -l yes -d 'Write what `--detect` found without asking (needed without a terminal)'
complete -c nt3 -n "__fish_nt3_using_subcommand init" -l json -d 'Print one JSON document on stdout instead of text'
complete -c nt3 -n "__fish_nt3_using_subcommand init" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nt3 -n "__fish_nt3_using_subcommand init" -s V -l version -d 'Print version'
complete -c nt3 -n "__fish_nt3_using_subcommand push" -s l -l language -d 'Push only this language (an Entri code, like `pt-BR`, whatever the file names)' -r
complete -c nt3 -n "__fish_nt3_using_subcommand push" -l jobs -d 'Requests to run at once (large files go fewer at a time: 32 MiB in flight at most)' -r
complete -c nt3 -n "__fish_nt3_using_subcommand push" -s c -l connection -d 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]' -r
complete -c nt3 -n "__fish_nt3_using_subcommand push" -l dry-run -d 'List what would be uploaded (language, namespace, size); send nothing that changes the project'
complete -c nt3 -n "__fish_nt3_using_subcommand push" -l all -d 'Upload every file, also those unchanged since the last push'
complete -c nt3 -n "__fish_nt3_using_subcommand push" -s o -l overwrite -d 'Overwrite translations that already exist (beats `update_translations`)'
complete -c nt3 -n "__fish_nt3_using_subcommand push" -l json -d 'Print one JSON document on stdout instead of text'
complete -c nt3 -n "__fish_nt3_using_subcommand push" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nt3 -n "__fish_nt3_using_subcommand push" -s V -l version -d 'Print version'
complete -c nt3 -n "__fish_nt3_using_subcommand up" -s l -l language -d 'Push only this language (an Entri code, like `pt-BR`, whatever the file names)' -r
complete -c nt3 -n "__fish_nt3_using_subcommand up" -l jobs -d 'Requests to run at once (large files go fewer at a time: 32 MiB in flight at most)' -r
complete -c nt3 -n "__fish_nt3_using_subcommand up" -s c -l connection -d 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]' -r
complete -c nt3 -n "__fish_nt3_using_subcommand up" -l dry-run -d 'List what would be uploaded (language, namespace, size); send nothing that changes the project'
complete -c nt3 -n "__fish_nt3_using_subcommand up" -l all -d 'Upload every file, also those unchanged since the last push'
complete -c nt3 -n "__fish_nt3_using_subcommand up" -s o -l overwrite -d 'Overwrite translations that already exist (beats `update_translations`)'
complete -c nt3 -n "__fish_nt3_using_subcommand up" -l json -d 'Print one JSON document on stdout instead of text'
complete -c nt3 -n "__fish_nt3_using_subcommand up" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nt3 -n "__fish_nt3_using_subcommand up" -s V -l version -d 'Print version'
complete -c nt3 -n "__fish_nt3_using_subcommand pull" -s l -l language -d 'Pull only this language [default: the project\'s target languages]' -r
complete -c nt3 -n "__fish_nt3_using_subcommand pull" -l jobs -d 'Requests to run at once (large files go fewer at a time: 32 MiB in flight at most)' -r
complete -c nt3 -n "__fish_nt3_using_subcommand pull" -s c -l connection -d 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]' -r
complete -c nt3 -n "__fish_nt3_using_subcommand pull" -l dry-run -d 'List what would be written (created, updated, merged or unchanged); write nothing'
complete -c nt3 -n "__fish_nt3_using_subcommand pull" -l force -d 'Replace files changed here since the last sync instead of merging them'
complete -c nt3 -n "__fish_nt3_using_subcommand pull" -l json -d 'Print one JSON document on stdout instead of text'
complete -c nt3 -n "__fish_nt3_using_subcommand pull" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nt3 -n "__fish_nt3_using_subcommand pull" -s V -l version -d 'Print version'
complete -c nt3 -n "__fish_nt3_using_subcommand down" -s l -l language -d 'Pull only this language [default: the project\'s target languages]' -r
complete -c nt3 -n "__fish_nt3_using_subcommand down" -l jobs -d 'Requests to run at once (large files go fewer at a time: 32 MiB in flight at most)' -r
complete -c nt3 -n "__fish_nt3_using_subcommand down" -s c -l connection -d 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]' -r
complete -c nt3 -n "__fish_nt3_using_subcommand down" -l dry-run -d 'List what would be written (created, updated, merged or unchanged); write nothing'
complete -c nt3 -n "__fish_nt3_using_subcommand down" -l force -d 'Replace files changed here since the last sync instead of merging them'
complete -c nt3 -n "__fish_nt3_using_subcommand down" -l json -d 'Print one JSON document on stdout instead of text'
complete -c nt3 -n "__fish_nt3_using_subcommand down" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nt3 -n "__fish_nt3_using_subcommand down" -s V -l version -d 'Print version'
complete -c nt3 -n "__fish_nt3_using_subcommand translate" -s l -l language -d 'The language to translate into (instead of the argument)' -r
complete -c nt3 -n "__fish_nt3_using_subcommand translate" -l provider -d 'The AI provider [default: the project\'s, Anthropic when it has one]' -r -f -a "anthropic\t''
openai\t''"
complete -c nt3 -n "__fish_nt3_using_subcommand translate" -l model -d 'The model, like `claude-sonnet-4-6` or `gpt-4o` [default: the project\'s]' -r
complete -c nt3 -n "__fish_nt3_using_subcommand translate" -s c -l connection -d 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]' -r
complete -c nt3 -n "__fish_nt3_using_subcommand translate" -s a -l all -d 'Translate into every target language of the project'
complete -c nt3 -n "__fish_nt3_using_subcommand translate" -l json -d 'Print one JSON document on stdout instead of text'
complete -c nt3 -n "__fish_nt3_using_subcommand translate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nt3 -n "__fish_nt3_using_subcommand translate" -s V -l version -d 'Print version'
complete -c nt3 -n "__fish_nt3_using_subcommand tr" -s l -l language -d 'The language to translate into (instead of the argument)' -r
complete -c nt3 -n "__fish_nt3_using_subcommand tr" -l provider -d 'The AI provider [default: the project\'s, Anthropic when it has one]' -r -f -a "anthropic\t''
openai\t''"
complete -c nt3 -n "__fish_nt3_using_subcommand tr" -l model -d 'The model, like `claude-sonnet-4-6` or `gpt-4o` [default: the project\'s]' -r
complete -c nt3 -n "__fish_nt3_using_subcommand tr" -s c -l connection -d 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]' -r
complete -c nt3 -n "__fish_nt3_using_subcommand tr" -s a -l all -d 'Translate into every target language of the project'
complete -c nt3 -n "__fish_nt3_using_subcommand tr" -l json -d 'Print one JSON document on stdout instead of text'
complete -c nt3 -n "__fish_nt3_using_subcommand tr" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nt3 -n "__fish_nt3_using_subcommand tr" -s V -l version -d 'Print version'
complete -c nt3 -n "__fish_nt3_using_subcommand overwrite" -s k -l key -d 'The key to overwrite (inline, with `--language` and `--value`)' -r
complete -c nt3 -n "__fish_nt3_using_subcommand overwrite" -s v -l value -d 'The new value (inline)' -r
complete -c nt3 -n "__fish_nt3_using_subcommand overwrite" -s l -l language -d 'The language of the translation, like `nl` (inline)' -r
complete -c nt3 -n "__fish_nt3_using_subcommand overwrite" -s n -l namespace -d 'The namespace the key belongs to (inline)' -r
complete -c nt3 -n "__fish_nt3_using_subcommand overwrite" -s f -l file -d 'A JSON file holding an array of {key, namespace?, language, value}' -r -F
complete -c nt3 -n "__fish_nt3_using_subcommand overwrite" -s c -l connection -d 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]' -r
complete -c nt3 -n "__fish_nt3_using_subcommand overwrite" -l json -d 'Print one JSON document on stdout instead of text'
complete -c nt3 -n "__fish_nt3_using_subcommand overwrite" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nt3 -n "__fish_nt3_using_subcommand overwrite" -s V -l version -d 'Print version'
complete -c nt3 -n "__fish_nt3_using_subcommand ow" -s k -l key -d 'The key to overwrite (inline, with `--language` and `--value`)' -r
complete -c nt3 -n "__fish_nt3_using_subcommand ow" -s v -l value -d 'The new value (inline)' -r
complete -c nt3 -n "__fish_nt3_using_subcommand ow" -s l -l language -d 'The language of the translation, like `nl` (inline)' -r
complete -c nt3 -n "__fish_nt3_using_subcommand ow" -s n -l namespace -d 'The namespace the key belongs to (inline)' -r
complete -c nt3 -n "__fish_nt3_using_subcommand ow" -s f -l file -d 'A JSON file holding an array of {key, namespace?, language, value}' -r -F
complete -c nt3 -n "__fish_nt3_using_subcommand ow" -s c -l connection -d 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]' -r
complete -c nt3 -n "__fish_nt3_using_subcommand ow" -l json -d 'Print one JSON document on stdout instead of text'
complete -c nt3 -n "__fish_nt3_using_subcommand ow" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nt3 -n "__fish_nt3_using_subcommand ow" -s V -l version -d 'Print version'
complete -c nt3 -n "__fish_nt3_using_subcommand completion" -s c -l connection -d 'Use this named login of the global config instead of its default one [env: NT3_CONNECTION]' -r
complete -c nt3 -n "__fish_nt3_using_subcommand completion" -l json -d 'Print one JSON document on stdout instead of text'
complete -c nt3 -n "__fish_nt3_using_subcommand completion" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nt3 -n "__fish_nt3_using_subcommand completion" -s V -l version -d 'Print version'
complete -c nt3 -n "__fish_nt3_using_subcommand help; and not __fish_seen_subcommand_from login logout status token projects whoami tokens api init push pull translate overwrite completion help" -f -a "login" -d 'Save an API token for nt3 to use'
complete -c nt3 -n "__fish_nt3_using_subcommand help; and not __fish_seen_subcommand_from login logout status token projects whoami tokens api init push pull translate overwrite completion help" -f -a "logout" -d 'Remove the saved API token'
complete -c nt3 -n "__fish_nt3_using_subcommand help; and not __fish_seen_subcommand_from login logout status token projects whoami tokens api init push pull translate overwrite completion help" -f -a "status" -d 'Show which token is active, where it comes from, and every source'
complete -c nt3 -n "__fish_nt3_using_subcommand help; and not __fish_seen_subcommand_from login logout status token projects whoami tokens api init push pull translate overwrite completion help" -f -a "token" -d 'Print the active token, for `$(nt3 token)`'
complete -c nt3 -n "__fish_nt3_using_subcommand help; and not __fish_seen_subcommand_from login logout status token projects whoami tokens api init push pull translate overwrite completion help" -f -a "projects" -d 'List the projects the token can see'
complete -c nt3 -n "__fish_nt3_using_subcommand help; and not __fish_seen_subcommand_from login logout status token projects whoami tokens api init push pull translate overwrite completion help" -f -a "whoami" -d 'Show who the active token belongs to: user, organizations, projects'
complete -c nt3 -n "__fish_nt3_using_subcommand help; and not __fish_seen_subcommand_from login logout status token projects whoami tokens api init push pull translate overwrite completion help" -f -a "tokens" -d 'Manage API tokens on the server: list, create, rotate, revoke'
complete -c nt3 -n "__fish_nt3_using_subcommand help; and not __fish_seen_subcommand_from login logout status token projects whoami tokens api init push pull translate overwrite completion help" -f -a "api" -d 'Make an authenticated request to the Entri API'
complete -c nt3 -n "__fish_nt3_using_subcommand help; and not __fish_seen_subcommand_from login logout status token projects whoami tokens api init push pull translate overwrite completion help" -f -a "init" -d 'Create `.nt3.yml`, linking this directory to an Entri project'
complete -c nt3 -n "__fish_nt3_using_subcommand help; and not __fish_seen_subcommand_from login logout status token projects whoami tokens api init push pull translate overwrite completion help" -f -a "push" -d 'Upload the translation files `.nt3.yml` names'
complete -c nt3 -n "__fish_nt3_using_subcommand help; and not __fish_seen_subcommand_from login logout status token projects whoami tokens api init push pull translate overwrite completion help" -f -a "pull" -d 'Download the project\'s translations into the files `.nt3.yml` names'
complete -c nt3 -n "__fish_nt3_using_subcommand help; and not __fish_seen_subcommand_from login logout status token projects whoami tokens api init push pull translate overwrite completion help" -f -a "translate" -d 'Translate the untranslated keys with AI, showing progress as it goes'
complete -c nt3 -n "__fish_nt3_using_subcommand help; and not __fish_seen_subcommand_from login logout status token projects whoami tokens api init push pull translate overwrite completion help" -f -a "overwrite" -d 'Set existing translations by key: inline, from a file, or from stdin'
complete -c nt3 -n "__fish_nt3_using_subcommand help; and not __fish_seen_subcommand_from login logout status token projects whoami tokens api init push pull translate overwrite completion help" -f -a "completion" -d 'Print the shell completion script for nt3'
complete -c nt3 -n "__fish_nt3_using_subcommand help; and not __fish_seen_subcommand_from login logout status token projects whoami tokens api init push pull translate overwrite completion help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c nt3 -n "__fish_nt3_using_subcommand help; and __fish_seen_subcommand_from tokens" -f -a "list" -d 'List the tokens of an organization or project'
complete -c nt3 -n "__fish_nt3_using_subcommand help; and __fish_seen_subcommand_from tokens" -f -a "create" -d 'Create a token and print it, once, on stdout'
complete -c nt3 -n "__fish_nt3_using_subcommand help; and __fish_seen_subcommand_from tokens" -f -a "rotate" -d 'Replace the active token with a new one, then revoke it'
complete -c nt3 -n "__fish_nt3_using_subcommand help; and __fish_seen_subcommand_from tokens" -f -a "revoke" -d 'Revoke a token for good'
