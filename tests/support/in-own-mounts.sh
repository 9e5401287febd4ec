#!/bin/sh
# Runs a test in a user and mount namespace of its own (unshare -rm), where it may mount small file systems
# (a tmpfs) that nobody else sees and that vanish when it ends. Where such namespaces are not allowed the test
# runs as it is, without REPLIMON_TEST_OWN_MOUNTS, and skips what needs a mount (saying why).
if unshare -rm true 2>/dev/null; then
    exec unshare -rm env REPLIMON_TEST_OWN_MOUNTS=1 "$@"
fi
echo "in-own-mounts.sh: unshare -rm is not allowed here; the test cannot mount a small file system" >&2
exec "$@"
