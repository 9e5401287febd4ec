# shellcheck shell=sh
# make-deb.sh, sourced by check-deb.sh and check-lintian.sh: make_deb BUILD_DIR VERSION makes the Debian
# package from this build with CPack, as `cmake --build --preset release --target package` does, into a
# temporary folder removed on exit; $deb is its path. fail MESSAGE ends the test.
fail() { echo "FAIL: $*" >&2; exit 1; }

make_deb() {
    if ! command -v dpkg-deb >/dev/null || ! command -v dpkg-shlibdeps >/dev/null; then
        echo "SKIP: dpkg-dev is not installed (packaging/dev.sh deps installs it)"
        exit 77
    fi
    out=$(mktemp -d)
    trap 'rm -rf "$out"' EXIT
    (cd "$1" && cpack -G DEB -B "$out" --config CPackConfig.cmake) >"$out/cpack.log" 2>&1 \
        || { cat "$out/cpack.log"; fail "cpack failed"; }
    deb=$(ls "$out"/replimon_*.deb 2>/dev/null | head -n 1)
    [ -n "$deb" ] || { cat "$out/cpack.log"; fail "cpack made no replimon_*.deb"; }
    [ "$(basename "$deb")" = "replimon_${2}_amd64.deb" ] || fail "the package is named $(basename "$deb")"
}
