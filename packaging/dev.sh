#!/usr/bin/env bash
# Replimon developer entry point. On a fresh Debian 12 machine with only g++ and CMake:
#   packaging/dev.sh run --demo     install what is missing, build, start the app on demo data
#   packaging/dev.sh test           install what is missing, build, run every test (offscreen)
# Other commands: deps, build, bench, fuzz, asan, package. Set REPLIMON_PRESET to use another preset, and
# REPLIMON_BUILD_DIR to build somewhere else than the preset's build/<preset> (a second checkout's build).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/.." && pwd)
preset=${REPLIMON_PRESET:-dev}
builddir=${REPLIMON_BUILD_DIR:-$top/build/$preset}

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

missing_packages() {
    local pkg
    grep -v '^[[:space:]]*\(#\|$\)' "$here/debian-deps.txt" | while read -r pkg; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || echo "$pkg"
    done
}

deps() {
    command -v dpkg-query >/dev/null || { say "not a Debian system: install the packages in packaging/debian-deps.txt yourself"; return 0; }
    local missing
    missing=$(missing_packages | xargs)
    [ -z "$missing" ] && return 0
    say "installing: $missing"
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null || { say "run as root or install sudo; missing: $missing"; exit 1; }
        sudo=(sudo)
    fi
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
    # shellcheck disable=SC2086
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
}

# build [target…]: everything, or just the named targets.
build() {
    deps
    if [ ! -f "$builddir/CMakeCache.txt" ]; then
        say "configuring ($preset)"
        cmake --preset "$preset" -S "$top" -B "$builddir" >/dev/null
    fi
    say "building ($preset)"
    local targets=()
    [ $# -gt 0 ] && targets=(--target "$@")
    cmake --build "$builddir" --parallel "$(nproc)" "${targets[@]}"
}

cmd=${1:-}
[ $# -gt 0 ] && shift
case "$cmd" in
    deps)
        deps ;;
    build)
        build ;;
    run)
        build replimon replimon-sim replimon-cli
        if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
            say "no display found (DISPLAY/WAYLAND_DISPLAY unset); trying xvfb-run so the app can start"
            exec xvfb-run -a -s "-screen 0 1400x900x24" "$builddir/src/app/replimon" "$@"
        fi
        exec "$builddir/src/app/replimon" "$@" ;;
    test)
        build
        say "running tests ($preset)"
        cd "$top"
        if [ -n "${REPLIMON_BUILD_DIR:-}" ]; then
            # A test preset always runs in its own binaryDir, so another folder gets the same settings by hand.
            QT_QPA_PLATFORM=offscreen ctest --test-dir "$builddir" --output-on-failure --no-tests=error \
                --parallel "$(nproc)" "$@"
        else
            ctest --preset "$preset" --parallel "$(nproc)" "$@"
        fi ;;
    bench)
        build
        exec "$top/tests/bench/run.sh" "$builddir" "$@" ;;
    asan)
        REPLIMON_PRESET=asan exec "$0" test "$@" ;;
    package)
        deps
        exec "$here/build-deb.sh" "$@" ;;
    *)
        sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'
        [ -z "$cmd" ] && exit 0
        exit 2 ;;
esac
