#!/bin/sh
# check-deb.sh BUILD_DIR VERSION: makes the Debian package from this build with CPack (make-deb.sh) and
# checks what it holds and what it declares.
set -eu
build=$1
version=$2
id=io.github.replimon.Replimon
# shellcheck source=tests/packaging/make-deb.sh
. "$(dirname "$0")/make-deb.sh"
make_deb "$build" "$version"

contents=$(dpkg-deb --contents "$deb" | awk '{ print $6 }')
for file in usr/bin/replimon usr/bin/replimon-cli usr/bin/replimon-sim \
            "usr/share/applications/$id.desktop" "usr/share/metainfo/$id.metainfo.xml" \
            "usr/share/icons/hicolor/scalable/apps/$id.svg" "usr/share/icons/hicolor/48x48/apps/$id.png" \
            "usr/share/icons/hicolor/256x256/apps/$id.png" usr/share/doc/replimon/copyright \
            usr/share/doc/replimon/changelog.gz usr/share/man/man1/replimon.1.gz \
            usr/share/man/man1/replimon-cli.1.gz usr/share/man/man1/replimon-sim.1.gz \
            usr/share/bash-completion/completions/replimon-cli usr/share/zsh/vendor-completions/_replimon-cli; do
    echo "$contents" | grep -qx "\./$file" || fail "the package does not hold /$file"
done

# The changelog's newest entry is this version; the manual pages are made from each program's --help.
member() { dpkg-deb --fsys-tarfile "$deb" | tar -xO "./$1" | gzip -dc; }
top=$(member usr/share/doc/replimon/changelog.gz | head -n 1)
echo "$top" | grep -q "^replimon ($version) " || fail "the changelog starts with '$top', not version $version"
for program in replimon replimon-cli replimon-sim; do
    page=$(member "usr/share/man/man1/$program.1.gz")
    printf "%s\n" "$page" | grep -q "^$program \\\\- " || fail "$program.1 has no NAME line for $program"
    printf "%s\n" "$page" | grep -q '^\\fB\\-v\\fR, \\fB\\-\\-version\\fR' || fail "$program.1 does not list --version from --help"
done

# The CLI's page describes its commands by hand (packaging/man/replimon-cli.h2m): every command --help names
# has its entry, so a new command without one fails here.
cli_page=$(member usr/share/man/man1/replimon-cli.1.gz)
for command in $(QT_QPA_PLATFORM=offscreen "$build/src/cli/replimon-cli" --help \
                 | sed -n '/^Commands:/,/^$/p' | sed -n 's/^  \([a-z][a-z-]*\).*/\1/p'); do
    printf "%s\n" "$cli_page" | grep -q "^\.BI\{0,1\} $command\( \|$\)" \
        || fail "replimon-cli.1 does not describe the command '$command' (packaging/man/replimon-cli.h2m)"
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
