#!/usr/bin/env bash
# Builds the stand-in bcryptprimitives.dll (see bcryptprimitives.c) with mingw-w64 and
# puts it in each DIR, beside the .exe files Wine runs there:
#
#     scripts/windows/build-shim.sh DIR...
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
for dir in "$@"; do
    mkdir -p "$dir"
    x86_64-w64-mingw32-gcc -shared -O2 -o "$dir/bcryptprimitives.dll" \
        "$here/bcryptprimitives.c" "$here/bcryptprimitives.def" -lbcrypt
done
