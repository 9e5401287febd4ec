#!/bin/sh
# check-install.sh BUILD_DIR VERSION: installs the build into a temporary DESTDIR with the .deb's prefix
# (/usr) and checks that everything lands where desktops look for it, and nothing else does.
set -eu
build=$1
version=$2
id=io.github.replimon.Replimon
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

DESTDIR="$dest" cmake --install "$build" --prefix /usr >"$dest.log" 2>&1 || { cat "$dest.log"; rm -f "$dest.log"; fail "cmake --install failed (is everything built?)"; }
rm -f "$dest.log"
root="$dest/usr"

for bin in replimon replimon-cli replimon-sim; do
    [ -x "$root/bin/$bin" ] || fail "bin/$bin is missing or not executable"
done
desktop="$root/share/applications/$id.desktop"
metainfo="$root/share/metainfo/$id.metainfo.xml"
[ -f "$desktop" ] || fail "share/applications/$id.desktop is missing"
[ -f "$metainfo" ] || fail "share/metainfo/$id.metainfo.xml is missing"
[ -f "$root/share/icons/hicolor/scalable/apps/$id.svg" ] || fail "the scalable icon is missing"
for file in doc/replimon/copyright doc/replimon/changelog.gz man/man1/replimon.1.gz man/man1/replimon-cli.1.gz \
            man/man1/replimon-sim.1.gz bash-completion/completions/replimon-cli zsh/vendor-completions/_replimon-cli; do
    [ -f "$root/share/$file" ] || fail "share/$file is missing"
done

# Each PNG is as large as its folder says: width and height are big-endian at bytes 16–23 of a PNG.
for size in 16 22 24 32 48 64 128 256 512; do
    png="$root/share/icons/hicolor/${size}x${size}/apps/$id.png"
    [ -f "$png" ] || fail "the ${size}x${size} icon is missing"
    dims=$(od -An -tu1 -j16 -N8 "$png" | tr -s ' ' | sed 's/^ //')
    expected="0 0 $((size / 256)) $((size % 256)) 0 0 $((size / 256)) $((size % 256))"
    [ "$dims" = "$expected" ] || fail "${size}x${size}/apps/$id.png is not ${size}x${size} ($dims)"
done

# The desktop file starts the installed binary with the installed icon; the metainfo points at the
# desktop file and announces this version.
grep -qx 'Exec=replimon %U' "$desktop" || fail "Exec is not 'replimon %U'"
grep -qx "Icon=$id" "$desktop" || fail "Icon is not $id"
grep -q "<launchable type=\"desktop-id\">$id.desktop</launchable>" "$metainfo" || fail "the metainfo's launchable is not $id.desktop"
grep -q "<release version=\"$version\"" "$metainfo" || fail "the metainfo has no release $version (the project's version)"

# Nothing but these: no static libraries, headers or test programs in the package.
unexpected=$(cd "$dest" && find . -type f | sed 's|^\./||' | grep -v \
    -e '^usr/bin/replimon$' -e '^usr/bin/replimon-cli$' -e '^usr/bin/replimon-sim$' \
    -e "^usr/share/applications/$id.desktop\$" -e "^usr/share/metainfo/$id.metainfo.xml\$" \
    -e "^usr/share/icons/hicolor/[0-9x]*/apps/$id.png\$" -e "^usr/share/icons/hicolor/scalable/apps/$id.svg\$" \
    -e '^usr/share/doc/replimon/copyright$' -e '^usr/share/doc/replimon/changelog\.gz$' \
    -e '^usr/share/man/man1/replimon\(-cli\|-sim\)\?\.1\.gz$' \
    -e '^usr/share/bash-completion/completions/replimon-cli$' -e '^usr/share/zsh/vendor-completions/_replimon-cli$' \
    || true)
[ -z "$unexpected" ] || fail "unexpected files installed: $unexpected"

# The installed programs run from where they are.
out=$("$root/bin/replimon" --version 2>/dev/null) || fail "replimon --version failed: $out"
[ "$out" = "replimon $version" ] || fail "replimon --version said '$out'"
out=$("$root/bin/replimon-cli" --version 2>/dev/null) || fail "replimon-cli --version failed: $out"
echo "$out" | grep -q "$version" || fail "replimon-cli --version said '$out'"

echo "installed layout is complete: $(cd "$dest" && find . -type f | wc -l) files"
