#!/bin/sh
# Runs a command in a throwaway HOME with its own D-Bus session and an unlocked gnome-keyring, so that
# tests exercise a real Secret Service without ever touching the user's keyring or settings.
#
#   with-keyring.sh [--no-keyring] COMMAND [ARGUMENTS...]
#
# With --no-keyring, or where dbus-run-session, dbus-send or gnome-keyring-daemon is missing, the
# session bus address points at nothing and REPLIMON_NO_KEYRING=1 tells the test to skip its keychain
# cases (and to expect the keychain to be unavailable). REPLIMON_KEYRING_HOME names the throwaway HOME.
set -u

no_keyring=0
if [ "${1:-}" = "--no-keyring" ]; then
    no_keyring=1
    shift
fi
if [ $# -lt 1 ]; then
    echo "usage: $0 [--no-keyring] COMMAND [ARGUMENTS...]" >&2
    exit 2
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/replimon-keyring.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP
mkdir -m 0700 "$tmp/home" "$tmp/runtime" || exit 1

HOME=$tmp/home
XDG_RUNTIME_DIR=$tmp/runtime
REPLIMON_KEYRING_HOME=$tmp/home
export HOME XDG_RUNTIME_DIR REPLIMON_KEYRING_HOME
# Everything a test writes must land in the throwaway HOME; and no ambient key may leak in.
unset XDG_CONFIG_HOME XDG_DATA_HOME XDG_CACHE_HOME XDG_STATE_HOME REPLIMON_API_KEY REPLICATE_API_TOKEN

if [ $no_keyring -eq 0 ] && command -v dbus-run-session >/dev/null 2>&1 \
    && command -v dbus-send >/dev/null 2>&1 && command -v gnome-keyring-daemon >/dev/null 2>&1; then
    unset REPLIMON_NO_KEYRING
    # The daemon runs in the foreground so that it can be stopped by its pid whatever the test does
    # (a daemonized one outlives the bus when the test ends quickly or crashes). The test starts
    # once the daemon owns the Secret Service name, so the bus never activates a second one.
    dbus-run-session -- sh -c '
        printf %s pw | gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null 2>&1 &
        daemon=$!
        tries=0
        while [ $tries -lt 200 ]; do
            dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
                org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null \
                | grep -q "boolean true" && break
            sleep 0.05
            tries=$((tries + 1))
        done
        "$@"
        status=$?
        kill $daemon 2>/dev/null
        wait $daemon 2>/dev/null
        exit $status' sh "$@"
    status=$?
else
    if [ $no_keyring -eq 0 ]; then
        echo "with-keyring.sh: dbus-run-session, dbus-send or gnome-keyring-daemon not found;" \
            "keychain cases will be skipped" >&2
    fi
    # Never the user's own session bus: a bus that does not exist makes the keychain unavailable.
    DBUS_SESSION_BUS_ADDRESS=unix:path=$tmp/no-such-bus
    REPLIMON_NO_KEYRING=1
    export DBUS_SESSION_BUS_ADDRESS REPLIMON_NO_KEYRING
    "$@"
    status=$?
fi
exit $status
