#!/bin/sh
# validate.sh desktop|metainfo FILE: runs the validator the desktops and software centres use.
# Exits 77 (reported by ctest as skipped) when the tool is not installed.
set -eu
kind=$1
file=$2
case "$kind" in
    desktop)
        tool=desktop-file-validate
        package=desktop-file-utils ;;
    metainfo)
        tool=appstreamcli
        package=appstream ;;
    *)
        echo "usage: $0 desktop|metainfo FILE" >&2
        exit 2 ;;
esac
if ! command -v "$tool" >/dev/null 2>&1; then
    echo "SKIP: $tool is not installed (Debian package $package, listed in packaging/debian-deps.txt)"
    exit 77
fi
if [ "$kind" = desktop ]; then
    # Hints are advice; errors and warnings fail.
    out=$(desktop-file-validate "$file" 2>&1) || { echo "$out"; exit 1; }
    echo "$out" | grep -v ': hint: ' | grep . && { echo "desktop-file-validate has complaints"; exit 1; }
    echo "desktop-file-validate: $file is valid"
else
    appstreamcli validate --no-net --explain "$file"
fi
