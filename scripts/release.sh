#!/usr/bin/env bash
# Builds nt3's release binaries for every platform in npm/platforms.json that this
# machine can build, packs each in an archive with a SHA-256 checksum, and builds the
# npm packages from those binaries:
#
#     scripts/release.sh [OUT]            # default OUT: dist
#
# OUT/nt3-<version>-<platform>.tar.gz (.zip for Windows), OUT/SHA256SUMS, and
# OUT/npm/*.tgz. On Linux it builds the static musl binaries (x64 and arm64) and the
# Windows binary (x86_64-pc-windows-gnu, with mingw-w64); the macOS binaries only where
# Apple's SDK is present (on a Mac, or with SDKROOT set), and says so otherwise. Releases
# built on Windows use x86_64-pc-windows-msvc, as npm/platforms.json names.
#
# Only NT3_RELEASE_TARGETS (space-separated npm platforms, e.g. "linux-x64") are built
# when it is set.
#
# Two runs on one commit give the same archives, byte for byte: entries in name order,
# owned by root, dated SOURCE_DATE_EPOCH (default: the commit's time), gzip without a
# name or time, and the Windows binary linked without the PE timestamp.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
mkdir -p "${1:-dist}"
out=$(cd "${1:-dist}" && pwd)
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)

# The C compilers and linkers for ring's C code and the final link, on Debian.
toolchain() {
    [ "$(uname -s)" = Linux ] || return 0
    case $1 in
        linux-x64) scripts/ensure-packages.sh musl-gcc:musl-tools ;;
        linux-arm64) scripts/ensure-packages.sh aarch64-linux-gnu-gcc:gcc-aarch64-linux-gnu \
            /usr/aarch64-linux-gnu/include/stdint.h:libc6-dev-arm64-cross ;;
        win32-x64) scripts/ensure-packages.sh x86_64-w64-mingw32-gcc:gcc-mingw-w64-x86-64 zip:zip ;;
    esac
}

# The Rust target each npm platform is built with here, and how it links.
rust_target() {
    case $1 in
        linux-x64) echo x86_64-unknown-linux-musl ;;
        linux-arm64) echo aarch64-unknown-linux-musl ;;
        darwin-x64) echo x86_64-apple-darwin ;;
        darwin-arm64) echo aarch64-apple-darwin ;;
        win32-x64) echo x86_64-pc-windows-gnu ;;
    esac
}
export CC_x86_64_unknown_linux_musl=musl-gcc
export CC_aarch64_unknown_linux_musl=aarch64-linux-gnu-gcc
export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_MUSL_LINKER=aarch64-linux-gnu-gcc
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUSTFLAGS="-C link-arg=-Wl,--no-insert-timestamp"
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 0)}
export TZ=UTC

platforms=${NT3_RELEASE_TARGETS:-$(node -e 'for (const p of require("./npm/platforms.json")) console.log(p.platform)')}
have_apple_sdk() { [ -n "${SDKROOT:-}" ] || [ "$(uname -s)" = Darwin ]; }

# OUT is emptied first, so only a folder this script made (it leaves a marker) or a new
# one is taken: `scripts/release.sh .` or `~/Downloads` stops here, wiping nothing.
if [ -e "$out" ] && [ ! -e "$out/.nt3-release" ] && [ -n "$(ls -A "$out" 2>/dev/null)" ]; then
    echo "release.sh: $out is not empty and was not made by this script; give a new folder" >&2
    exit 2
fi
rm -rf "$out" && mkdir -p "$out/npm" && : >"$out/.nt3-release"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
built=()
for platform in $platforms; do
    target=$(rust_target "$platform")
    if [[ $platform == darwin-* ]] && ! have_apple_sdk; then
        echo "release: skipping $platform: Apple's SDK is not here (build on a Mac, or set SDKROOT)" >&2
        continue
    fi
    toolchain "$platform"
    rustup target list --installed 2>/dev/null | grep -qx "$target" || rustup target add "$target" >/dev/null
    echo "release: building $platform ($target)" >&2
    cargo build --locked --release --quiet --target "$target"
    exe=nt3
    [[ $platform == win32-* ]] && exe=nt3.exe
    binary=target/$target/release/$exe
    name=nt3-$version-$platform
    mkdir -p "$stage/$name"
    cp "$binary" README.md LICENSE CHANGELOG.md "$stage/$name/"
    find "$stage/$name" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
    if [[ $platform == win32-* ]]; then
        (cd "$stage" && find "$name" | LC_ALL=C sort | zip -qX "$out/$name.zip" -@)
    elif tar --version 2>/dev/null | grep -q GNU; then
        (cd "$stage" && find "$name" -print0 | LC_ALL=C sort -z |
            tar --no-recursion --owner=0 --group=0 --numeric-owner \
                --mtime="@$SOURCE_DATE_EPOCH" --format=gnu --null -T - -cf - | gzip -9n >"$out/$name.tar.gz")
    else
        tar -C "$stage" --uid 0 --gid 0 -czf "$out/$name.tar.gz" "$name"
    fi
    node scripts/npm-packages.mjs --binary "$binary" --platform "$platform" --out "$out/npm" >/dev/null
    built+=("$platform")
done
node scripts/npm-packages.mjs --main --out "$out/npm" >/dev/null
sha256() { if command -v sha256sum >/dev/null; then sha256sum "$@"; else shasum -a 256 "$@"; fi; }
(cd "$out" && sha256 nt3-* npm/*.tgz > SHA256SUMS)
echo "release: nt3 $version for ${built[*]} in ${out#"$root"/}" >&2
cat "$out/SHA256SUMS"
