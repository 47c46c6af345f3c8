#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with a throwaway, unlocked GNOME Keyring,
# so the tests that need a real Secret Service run instead of skipping:
#
#     scripts/with-keyring.sh cargo test --locked
#
# Needs dbus, gnome-keyring and libsecret-tools (`secret-tool`). The keyring lives in a
# temporary directory; your own keyring is never touched.
#
# Why it cannot race: the private bus runs with `keyring-session.conf`, which names no
# service directories, so D-Bus can activate nothing. With the stock session config, a
# client call that arrives before our daemon owns `org.freedesktop.secrets` makes D-Bus
# start a second `gnome-keyring-daemon`, which has no unlocked keyring and asks a GUI
# prompter that cannot run; the readiness loop never recovers from that. Here such an
# early call only fails with "service unknown", and we wait until our daemon owns the
# name before anything else talks to it.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
"$here/ensure-packages.sh" \
    dbus-run-session:dbus dbus-send:dbus gnome-keyring-daemon:gnome-keyring \
    secret-tool:libsecret-tools

if [ -z "${NT3_KEYRING_SESSION:-}" ]; then
    export NT3_KEYRING_SESSION=1
    # dbus-daemon asks for 65536 open files; where the hard limit is lower (containers)
    # it says so on every start. Its other messages pass through.
    exec dbus-run-session --config-file="$here/keyring-session.conf" -- "$0" "$@" \
        2> >(grep -v --line-buffered 'Failed to set fd limit' >&2)
fi

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -m 700 "$scratch/run"
export XDG_DATA_HOME="$scratch/data" XDG_RUNTIME_DIR="$scratch/run"

fail() {
    echo "with-keyring: $*" >&2
    exit 1
}

# The password only protects this throwaway keyring, which is deleted on exit.
eval "$(printf '%s' "nt3-test-$$" | gnome-keyring-daemon --components=secrets --daemonize --unlock)" ||
    fail "gnome-keyring-daemon did not start"

owned() {
    dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
        org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null |
        grep -q 'boolean true'
}

# Ready once our daemon owns the name (up to 10 s) ...
for _ in $(seq 100); do
    owned && break
    sleep 0.1
done
owned || fail "gnome-keyring-daemon did not claim org.freedesktop.secrets within 10 s"

# ... and a store/lookup round trip works, which proves the keyring is unlocked.
printf ready | secret-tool store --label='nt3 readiness' service nt3-readiness username probe ||
    fail "the Secret Service refused to store a test secret"
[ "$(secret-tool lookup service nt3-readiness username probe)" = ready ] ||
    fail "the Secret Service did not return the test secret"
secret-tool clear service nt3-readiness username probe

export NT3_TEST_SECRET_SERVICE=1
"$@"
