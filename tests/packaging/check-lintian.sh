#!/bin/sh
# check-lintian.sh BUILD_DIR VERSION: makes the Debian package from this build (make-deb.sh) and runs
# lintian on it. Any error (E:) or warning (W:) fails, printed; informational and pedantic tags are shown.
set -eu
build=$1
version=$2
if ! command -v lintian >/dev/null; then
    echo "SKIP: lintian is not installed (packaging/dev.sh deps installs it)"
    exit 77
fi
# shellcheck source=tests/packaging/make-deb.sh
. "$(dirname "$0")/make-deb.sh"
make_deb "$build" "$version"

# --fail-on none: the tags decide here, not lintian's exit status (which is for lintian failing to run).
lintian --fail-on none --pedantic --display-info --tag-display-limit 0 "$deb" >"$out/lintian.txt" \
    || { cat "$out/lintian.txt"; fail "lintian did not run"; }
cat "$out/lintian.txt"
problems=$(grep -c '^[EW]: ' "$out/lintian.txt" || true)
[ "$problems" -eq 0 ] || fail "lintian reports $problems errors and warnings on $(basename "$deb"): $(grep '^[EW]: ' "$out/lintian.txt")"
echo "lintian: no errors or warnings on $(basename "$deb") ($(grep -c '^[IPX]: ' "$out/lintian.txt" || true) other tags)"
