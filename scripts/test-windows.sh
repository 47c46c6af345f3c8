#!/usr/bin/env bash
# Lints nt3 for Windows and builds it and its tests (x86_64-pc-windows-gnu, with
# mingw-w64), then runs them under Wine:
#
#     scripts/test-windows.sh [cargo test arguments…]
#
# Wine 8 has no bcryptprimitives.dll, which Rust's standard library imports, so a
# stand-in built from scripts/windows/ is put beside every .exe. The Wine prefix is a
# throwaway one under target/; its first start takes about ten seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

target=x86_64-pc-windows-gnu
scripts/ensure-packages.sh x86_64-w64-mingw32-gcc:gcc-mingw-w64-x86-64 /usr/lib/wine/wine64:wine64
rustup target list --installed 2>/dev/null | grep -qx "$target" || rustup target add "$target"

scripts/windows/build-shim.sh "target/$target/debug" "target/$target/debug/deps"

export WINEPREFIX=$PWD/target/wine WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER=/usr/lib/wine/wine64
# The Windows-only code is linted as the rest is.
cargo clippy --target "$target" --all-targets "$@" -- -D warnings
# One boot of the prefix before the tests, so no test pays for it.
/usr/lib/wine/wine64 cmd /c exit >/dev/null 2>&1 || true
cargo test --target "$target" "$@"
