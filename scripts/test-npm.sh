#!/usr/bin/env bash
# Proves `npm install -g nt3` works: builds the npm packages from the release binary
# (scripts/npm-packages.mjs), installs them globally into a temporary prefix with npm,
# from the local tarballs only (no registry), and runs nt3 through the installed
# launcher. .ci/run runs it; it needs Node 18+ and npm.
#
#     scripts/test-npm.sh
set -euo pipefail
cd "$(dirname "$0")/.."

"$(dirname "$0")/ensure-packages.sh" node:nodejs npm:npm
cargo build --locked --release --quiet

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
node scripts/npm-packages.mjs --binary target/release/nt3 --main --out "$scratch/dist" >/dev/null

# The platform package is given as a tarball, so no registry is asked for it
# (--omit=optional keeps npm from looking up the other platforms' packages).
npm install --global --prefix "$scratch/prefix" --offline --omit=optional \
    --no-audit --no-fund --no-update-notifier --loglevel=error \
    "$scratch"/dist/nt3-cli-*.tgz "$scratch"/dist/nt3-[0-9]*.tgz >/dev/null

passed=0
check() {
    local what=$1
    shift
    if "$@"; then
        passed=$((passed + 1))
    else
        echo "npm: FAILED: $what" >&2
        echo "npm: $passed passed, 1 failed"
        exit 1
    fi
}

export PATH="$scratch/prefix/bin:$PATH"
home=$(mktemp -d -p "$scratch")
run() { env -i PATH="$PATH" HOME="$home" NO_COLOR=1 "$@"; }

launcher=$(readlink -f "$(command -v nt3)")
check "nt3 on PATH is the npm launcher" [ "$launcher" = "$(readlink -f "$scratch/prefix/lib/node_modules/nt3/bin/nt3.js")" ]

version=$(run nt3 --version)
check "nt3 --version prints the crate version (got: $version)" \
    [ "$version" = "nt3 $(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)" ]

# Not logged in: exit 4 and one JSON document, through the launcher.
set +e
out=$(run nt3 status --json 2>/dev/null)
code=$?
set -e
check "nt3 status --json without a token exits 4 (got $code)" [ "$code" = 4 ]
check "nt3 status --json says not authenticated" \
    node -e 'const d = JSON.parse(process.argv[1]); process.exit(d.authenticated === false ? 0 : 1)' "$out"

out=$(run env NT3_API_TOKEN=entri_npmlaunchertest0000 nt3 status --json)
check "nt3 status --json with NT3_API_TOKEN is authenticated from the environment" \
    node -e 'const d = JSON.parse(process.argv[1]); process.exit(d.authenticated && d.token.source === "env" ? 0 : 1)' "$out"

echo "npm: $passed passed, 0 failed"
