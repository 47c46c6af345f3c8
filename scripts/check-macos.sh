#!/usr/bin/env bash
# Checks nt3 for macOS without a Mac: `cargo clippy -D warnings` for x86_64-apple-darwin
# and aarch64-apple-darwin, the Keychain backend included. ring's C code needs a C
# compiler for Apple targets; Zig's (the `ziglang` Python package) serves, through
# scripts/zig-cc, which drops the flags cc-rs adds that zig does not take. Linking needs
# Apple's SDK, so nothing is linked here; the hosted macOS runners
# (.github/workflows/ci.yml) build and test for real.
#
#     scripts/check-macos.sh
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -c 'import ziglang' 2>/dev/null || python3 -m pip install --quiet ziglang
for target in x86_64-apple-darwin aarch64-apple-darwin; do
    rustup target list --installed 2>/dev/null | grep -qx "$target" || rustup target add "$target" >/dev/null
    zig_target=${target%%-*}-macos
    zig_target=${zig_target/arm64/aarch64}
    env "CC_${target//-/_}=$PWD/scripts/zig-cc" NT3_ZIG_TARGET="$zig_target" \
        cargo clippy --locked --quiet --target "$target" --all-targets -- -D warnings
    echo "macos: $target: clippy clean" >&2
done
