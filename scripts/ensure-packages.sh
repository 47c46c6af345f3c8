#!/usr/bin/env bash
# Installs, with apt-get, the Debian packages whose commands are missing:
#
#     scripts/ensure-packages.sh git:git man:man-db /usr/bin/time:time
#
# Each argument is COMMAND:PACKAGE; a COMMAND with a slash is a path to test. As root it
# installs what is missing; otherwise it names the packages to install and fails.
set -euo pipefail

missing=()
for pair in "$@"; do
    tool=${pair%%:*}
    package=${pair#*:}
    if [[ $tool == */* ]]; then
        [ -x "$tool" ] || missing+=("$package")
    else
        command -v "$tool" >/dev/null || missing+=("$package")
    fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
    echo "install ${missing[*]} first (e.g. \`sudo apt-get install ${missing[*]}\`)" >&2
    exit 1
fi
