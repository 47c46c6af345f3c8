#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with a throwaway, unlocked GNOME Keyring,
# so the tests that need a real Secret Service run instead of skipping:
#
#     scripts/with-keyring.sh cargo test --locked
#
# Needs dbus, gnome-keyring and libsecret-tools (`secret-tool`). The keyring lives in a
# temporary directory; your own keyring is never touched.
set -euo pipefail

"$(dirname "$0")/ensure-packages.sh" \
    dbus-run-session:dbus gnome-keyring-daemon:gnome-keyring secret-tool:libsecret-tools

if [ -z "${NT3_KEYRING_SESSION:-}" ]; then
    export NT3_KEYRING_SESSION=1
    exec dbus-run-session -- "$0" "$@"
fi

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -m 700 "$scratch/run"
export XDG_DATA_HOME="$scratch/data" XDG_RUNTIME_DIR="$scratch/run"

# The password only protects this throwaway keyring, which is deleted on exit.
eval "$(printf '%s' "nt3-test-$$" | gnome-keyring-daemon --components=secrets --daemonize --unlock)"

# Ready when a store/lookup round trip works.
ready=
for _ in $(seq 50); do
    if printf ready | secret-tool store --label='nt3 readiness' service nt3-readiness username probe 2>/dev/null &&
        [ "$(secret-tool lookup service nt3-readiness username probe 2>/dev/null)" = ready ]; then
        ready=1
        break
    fi
    sleep 0.1
done
if [ -z "$ready" ]; then
    echo "with-keyring: the Secret Service did not become ready" >&2
    exit 1
fi
secret-tool clear service nt3-readiness username probe

export NT3_TEST_SECRET_SERVICE=1
"$@"
