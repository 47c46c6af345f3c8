#!/usr/bin/env bash
# Proves `npm install -g nt3` works with the packages a release publishes: installs the
# npm packages scripts/release.sh built (from the static musl binary users get) globally
# into a temporary prefix, from the local tarballs only (no registry), and runs nt3
# through the installed launcher. Checks too that the launcher picks `nt3.exe` from the
# Windows package. .ci/run runs it; it needs Node 18+ and npm.
#
#     scripts/test-npm.sh [DIST]     # DIST: scripts/release.sh's output; built if absent
set -euo pipefail
cd "$(dirname "$0")/.."

"$(dirname "$0")/ensure-packages.sh" node:nodejs npm:npm
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
dist=${1:-}
if [ -z "$dist" ]; then
    dist=$scratch/dist
    NT3_RELEASE_TARGETS=linux-x64 scripts/release.sh "$dist" >/dev/null
fi

# The platform package is given as a tarball, so no registry is asked for it
# (--omit=optional keeps npm from looking up the other platforms' packages).
npm install --global --prefix "$scratch/prefix" --offline --omit=optional \
    --no-audit --no-fund --no-update-notifier --loglevel=error \
    "$dist"/npm/nt3-cli-linux-x64-*.tgz "$dist"/npm/nt3-[0-9]*.tgz >/dev/null

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

# The launcher as Windows runs it: it must start bin/nt3.exe of @nt3/cli-win32-x64.
# (Node reports the platform; this run says win32 and records what would be started.)
if ls "$dist"/npm/nt3-cli-win32-x64-*.tgz >/dev/null 2>&1; then
    win=$scratch/win
    mkdir -p "$win/node_modules/@nt3/cli-win32-x64"
    tar -xzf "$dist"/npm/nt3-cli-win32-x64-*.tgz -C "$win/node_modules/@nt3/cli-win32-x64" --strip-components=1
    cp -r "$scratch/prefix/lib/node_modules/nt3" "$win/node_modules/nt3"
    cat > "$win/as-windows.js" <<'JS'
Object.defineProperty(process, "platform", { value: "win32" });
Object.defineProperty(process, "arch", { value: "x64" });
require("node:child_process").spawn = (file) => {
  console.log(file);
  process.exit(0);
};
JS
    started=$(cd "$win" && node -r ./as-windows.js node_modules/nt3/bin/nt3.js --version)
    check "on Windows the launcher starts nt3.exe of @nt3/cli-win32-x64 (got: $started)" \
        [ "$started" = "$win/node_modules/@nt3/cli-win32-x64/bin/nt3.exe" ]
    check "the Windows package holds a Windows program" \
        sh -c "head -c 2 '$win/node_modules/@nt3/cli-win32-x64/bin/nt3.exe' | grep -q MZ"
fi

# Without the platform package (installed from the main tarball alone), the launcher
# says what is missing and how to get it, in one error.
rm -rf "$scratch/prefix/lib/node_modules/nt3/node_modules" "$scratch"/prefix/lib/node_modules/@nt3
set +e
out=$(run nt3 --version 2>&1)
code=$?
set -e
check "without its platform package the launcher exits 1 (got $code)" [ "$code" = 1 ]
check "and names the package and the fix (got: $out)" \
    sh -c 'case "$1" in *"@nt3/cli-linux-x64"*"npm install -g nt3"*) exit 0;; *) exit 1;; esac' _ "$out"

echo "npm: $passed passed, 0 failed"
