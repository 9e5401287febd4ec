#!/usr/bin/env bash
# Replimon developer entry point. On a fresh Debian 12 machine with only g++ and CMake:
#   packaging/dev.sh run --demo     install what is missing, build, start the app on demo data
#   packaging/dev.sh test           install what is missing, build, run every test (offscreen)
# Other commands: deps, build, bench, soak (the app for 25 minutes against the simulator: memory and open
# files), fuzz, asan, package, format (applies .clang-format to the tree).
# Set REPLIMON_PRESET to use another preset, and REPLIMON_BUILD_DIR to build somewhere else than the
# preset's build/<preset> (a second checkout's build).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/.." && pwd)
preset=${REPLIMON_PRESET:-dev}
builddir=${REPLIMON_BUILD_DIR:-$top/build/$preset}

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# missing_packages LIST: the packages named in LIST (one a line) that are not installed.
missing_packages() {
    local pkg
    grep -v '^[[:space:]]*\(#\|$\)' "$1" | while read -r pkg; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || echo "$pkg"
    done
}

# deps [LIST]: installs what is missing from LIST (default: debian-deps.txt, what everything needs).
deps() {
    local list=${1:-$here/debian-deps.txt}
    command -v dpkg-query >/dev/null || { say "not a Debian system: install the packages in ${list#"$top/"} yourself"; return 0; }
    local missing
    missing=$(missing_packages "$list" | xargs)
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

# fuzz [libFuzzer option…]: builds the fuzz preset and runs every target for a fixed number of inputs
# (REPLIMON_FUZZ_RUNS, default 20000), seeded from tests/fixtures. The corpus grows in build/fuzz/corpus
# from run to run; inputs that break something are left in build/fuzz/findings.
fuzz() {
    deps "$here/debian-deps-fuzz.txt"
    preset=fuzz
    builddir=${REPLIMON_BUILD_DIR:-$top/build/fuzz}
    build
    local runs=${REPLIMON_FUZZ_RUNS:-20000} failed=() target seeds
    local out=$builddir
    mkdir -p "$out/findings"
    for target in prediction extract_ids retry_after image_metadata; do
        seeds=("$top/tests/fixtures/fuzz/$target")
        # The parser fixtures are real server answers: good seeds for JSON and pasted text alike.
        [ "$target" != retry_after ] && [ "$target" != image_metadata ] && seeds+=("$top/tests/fixtures")
        mkdir -p "$out/corpus/$target"
        say "fuzzing $target ($runs runs)"
        # -max_len: the largest fixture (a data: URI) would otherwise make every input up to 300 kB long.
        if ! "$out/tests/fuzz/fuzz_$target" -runs="$runs" -max_len=8192 -print_final_stats=1 \
                -artifact_prefix="$out/findings/$target-" "$@" "$out/corpus/$target" "${seeds[@]}"; then
            failed+=("$target")
        fi
    done
    if [ ${#failed[@]} -gt 0 ]; then
        say "findings in ${failed[*]}: see $out/findings; each becomes a file in tests/fixtures/fuzz/<target>/ and a fix"
        exit 1
    fi
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
    soak)
        build soak
        exec "$top/tests/bench/soak.sh" "$builddir" "$@" ;;
    asan)
        REPLIMON_PRESET=asan exec "$0" test "$@" ;;
    fuzz)
        fuzz "$@" ;;
    package)
        deps
        exec "$here/build-deb.sh" "$@" ;;
    format)
        deps
        cd "$top"
        git ls-files --cached --others --exclude-standard -- '*.cpp' '*.h' | xargs -r clang-format -i
        exec tests/format/check-format.sh "$top" ;;
    *)
        sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'
        [ -z "$cmd" ] && exit 0
        exit 2 ;;
esac
