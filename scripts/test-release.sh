#!/usr/bin/env bash
# Checks what scripts/release.sh built: every checksum in SHA256SUMS holds, the Windows
# binary carries no link time, and every archive unpacks to a binary that runs and
# reports the crate's version — the arm64 one
# under qemu-user, the Windows one under Wine (with the stand-in DLL that
# scripts/test-windows.sh describes).
#
#     scripts/test-release.sh DIST
set -euo pipefail
cd "$(dirname "$0")/.."
dist=$(cd "${1:?usage: scripts/test-release.sh DIST}" && pwd)
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
scripts/ensure-packages.sh qemu-aarch64:qemu-user unzip:unzip

(cd "$dist" && sha256sum --check --quiet SHA256SUMS)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
passed=0
for archive in "$dist"/nt3-*; do
    name=$(basename "$archive")
    platform=${name#nt3-"$version"-}
    platform=${platform%.tar.gz}
    platform=${platform%.zip}
    case $archive in
        *.zip) unzip -q "$archive" -d "$scratch" ;;
        *) tar -xzf "$archive" -C "$scratch" ;;
    esac
    dir=$scratch/nt3-$version-$platform
    case $platform in
        linux-x64) run=("$dir/nt3") ;;
        linux-arm64) run=(qemu-aarch64 "$dir/nt3") ;;
        win32-x64)
            # The COFF header's TimeDateStamp (PE offset at 0x3C, then 8 bytes in) is 0:
            # the binary does not change with the time it was linked.
            pe=$(od -An -tu4 -j60 -N4 "$dir/nt3.exe" | tr -d ' ')
            linked=$(od -An -tu4 -j$((pe + 8)) -N4 "$dir/nt3.exe" | tr -d ' ')
            if [ "$linked" != 0 ]; then
                echo "release: FAILED: nt3.exe carries its link time ($linked)" >&2
                exit 1
            fi
            scripts/windows/build-shim.sh "$dir"
            export WINEPREFIX=$PWD/target/wine WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
            run=(/usr/lib/wine/wine64 "$dir/nt3.exe")
            ;;
        *) echo "release: $platform cannot run here; checksum checked only" >&2; continue ;;
    esac
    got=$("${run[@]}" --version | tr -d '\r')
    if [ "$got" != "nt3 $version" ]; then
        echo "release: FAILED: $platform says \"$got\"" >&2
        exit 1
    fi
    passed=$((passed + 1))
done
echo "release: $passed archives run and say nt3 $version; checksums hold"
