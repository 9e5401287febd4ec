#!/usr/bin/env bash
# build-deb.sh [BUILD_DIR]: configures the `release` preset (into BUILD_DIR, default build/release), builds
# it and makes the Debian package with CPack; then shows the package's control fields and contents.
# Needs dpkg-dev (dpkg-shlibdeps computes Depends) and file, both in debian-deps.txt.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/.." && pwd)
dir=${1:-$top/build/release}

cmake --preset release -S "$top" -B "$dir" >/dev/null
# The package target builds everything first.
cmake --build "$dir" --parallel "$(nproc)" --target package
deb=$(ls -t "$dir"/replimon_*.deb | head -n 1)
echo
dpkg-deb --info "$deb"
echo
dpkg-deb --contents "$deb"
echo
echo "$deb"
