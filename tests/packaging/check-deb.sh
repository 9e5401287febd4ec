#!/bin/sh
# check-deb.sh BUILD_DIR VERSION: makes the Debian package from this build with CPack, as
# `cmake --build --preset release --target package` does, and checks what it holds and what it declares.
set -eu
build=$1
version=$2
id=io.github.replimon.Replimon
fail() { echo "FAIL: $*" >&2; exit 1; }
if ! command -v dpkg-deb >/dev/null || ! command -v dpkg-shlibdeps >/dev/null; then
    echo "SKIP: dpkg-dev is not installed (packaging/dev.sh deps installs it)"
    exit 77
fi

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
(cd "$build" && cpack -G DEB -B "$out" --config CPackConfig.cmake) >"$out/cpack.log" 2>&1 \
    || { cat "$out/cpack.log"; fail "cpack failed"; }
deb=$(ls "$out"/replimon_*.deb 2>/dev/null | head -n 1)
[ -n "$deb" ] || { cat "$out/cpack.log"; fail "cpack made no replimon_*.deb"; }
[ "$(basename "$deb")" = "replimon_${version}_amd64.deb" ] || fail "the package is named $(basename "$deb")"

contents=$(dpkg-deb --contents "$deb" | awk '{ print $6 }')
for file in usr/bin/replimon usr/bin/replimon-cli usr/bin/replimon-sim \
            "usr/share/applications/$id.desktop" "usr/share/metainfo/$id.metainfo.xml" \
            "usr/share/icons/hicolor/scalable/apps/$id.svg" "usr/share/icons/hicolor/48x48/apps/$id.png" \
            "usr/share/icons/hicolor/256x256/apps/$id.png" usr/share/doc/replimon/copyright; do
    echo "$contents" | grep -qx "\./$file" || fail "the package does not hold /$file"
done

field() { dpkg-deb --field "$deb" "$1"; }
[ "$(field Package)" = replimon ] || fail "Package is '$(field Package)'"
[ "$(field Version)" = "$version" ] || fail "Version is '$(field Version)', not $version"
depends=$(field Depends)
# What the binaries link (found by dpkg-shlibdeps), and what Qt loads at run time (declared by hand).
for package in libqt6core6 libqt6widgets6 libqt6network6 qt6-image-formats-plugins libqt6sql6-sqlite libqt6svg6 \
               libsecret-1-0; do
    echo "$depends" | grep -q "\(^\|[ ,]\)$package\([ ,(]\|$\)" || fail "Depends lacks $package: $depends"
done
field Recommends | grep -q gnome-keyring || fail "Recommends lacks gnome-keyring: $(field Recommends)"

echo "$(basename "$deb"): $(echo "$contents" | grep -c '[^/]$') files; Depends: $depends"
