#!/usr/bin/env bash
# Try nt3 with no Entri account, against a local stand-in for Entri: the repository's
# BetterAuth test server (tests/auth-server), which also serves one project's sync
# routes, in memory. A test and demo server, not a product.
#
#   scripts/try.sh           start it on http://127.0.0.1:8787 (PORT=<n> for another
#                            port) and print what to type; Ctrl-C stops it
#   scripts/try.sh --tour    build nt3 and run the five-minute tour against it, in a
#                            throwaway home and project (your own ~/.nt3 is not touched)
#
# Needs Node 20 or newer and npm (its packages come from the committed lockfile); the
# tour also needs cargo.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
server_dir="$repo/tests/auth-server"
email="ada@example.com"
password="correct horse battery staple"

command -v node >/dev/null || { echo "error: scripts/try.sh needs Node 20 or newer" >&2; exit 2; }
if [ ! -f "$server_dir/node_modules/.package-lock.json" ]; then
    (cd "$server_dir" && npm ci --no-audit --no-fund --silent)
fi

# Starts the server on port $1 (0: any free one); sets $server_pid and $url.
start() {
    local fifo
    fifo=$(mktemp -u)
    mkfifo "$fifo"
    (cd "$server_dir" && PORT="$1" exec node server.mjs >"$fifo") &
    server_pid=$!
    local ready
    read -r ready <"$fifo"
    rm -f "$fifo"
    local port=${ready//[^0-9]/}
    [ -n "$port" ] || { echo "error: the server did not start" >&2; exit 1; }
    url="http://127.0.0.1:$port"
}

if [ "${1:-}" != "--tour" ]; then
    start "${PORT:-8787}"
    trap 'kill "$server_pid" 2>/dev/null' EXIT
    cat >&2 <<EOF
A local Entri (a test and demo server; everything is in memory) listens at $url
  user     $email, password "$password"
  project  proj_web (Website): source en, targets de and fr

In another terminal, in a project with translation files:
  nt3 login --email $email -u $url
  nt3 init --detect
  nt3 push
  nt3 pull

Ctrl-C stops it, and it forgets everything.
EOF
    wait "$server_pid"
    exit
fi

# The tour: build nt3, then run it in a throwaway home and project.
cargo build --locked --release --manifest-path "$repo/Cargo.toml" >&2
nt3="$repo/target/release/nt3"
start 0
work=$(mktemp -d)
trap 'kill "$server_pid" 2>/dev/null; rm -rf "$work"' EXIT
export HOME="$work/home"
mkdir -p "$HOME" "$work/project"
cp -R "$repo/tests/fixtures/trees/i18next-nested/." "$work/project/"
cd "$work/project"

run() {
    printf '\n\033[1m$ %s\033[0m\n' "$*" >&2
    "$@"
}
run_nt3() {
    printf '\n\033[1m$ nt3 %s\033[0m\n' "$*" >&2
    "$nt3" "$@"
}

echo "A local Entri listens at $url; the project is an excerpt of Homarr's translations." >&2
printf '\n\033[1m$ nt3 login --email %s -u %s\033[0m   (password typed: %s)\n' "$email" "$url" "$password" >&2
printf '%s\n' "$password" | "$nt3" login --email "$email" --password-stdin -u "$url"
run_nt3 init --detect --yes --project-id proj_web
run_nt3 push
run_nt3 pull
run sed -i.bak 's/"Speichern"/"Sichern"/' public/locales/de/common.json
rm -f public/locales/de/common.json.bak
run_nt3 status
run_nt3 push
run_nt3 pull
echo >&2
echo "That was the tour. \`scripts/try.sh\` keeps a server running for you to try more." >&2
