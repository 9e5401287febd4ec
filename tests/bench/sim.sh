# Sourced by the scripts in tests/bench: the simulator and a home of their own.
#
# start_sim SIM_BIN WORK_DIR [sim option…]
#
# Sets sim_pid, origin (http://127.0.0.1:PORT, the API host) and second (the file host), or exits with
# the sim's error. The caller kills "$sim_pid" when done. With sim_niceness set, the sim runs at that
# niceness (nice -n).
start_sim() {
    local bin=$1 dir=$2
    shift 2
    ${sim_niceness:+nice -n "$sim_niceness"} "$bin" --port 0 --second-port 0 "$@" >"$dir/sim.out" 2>"$dir/sim.err" &
    sim_pid=$!
    for _ in $(seq 100); do
        grep -q '^second host on' "$dir/sim.out" 2>/dev/null && break
        sleep 0.1
    done
    origin=$(sed -n 's/^listening on //p' "$dir/sim.out")
    second=$(sed -n 's/^second host on //p' "$dir/sim.out")
    if [ -z "$origin" ] || [ -z "$second" ]; then
        echo "replimon-sim did not start" >&2
        cat "$dir/sim.err" >&2
        exit 1
    fi
}

# isolate WORK_DIR: nothing of the user's own is read or written (settings, data and caches live in
# WORK_DIR), Qt runs offscreen without a session bus, and the sim's token is handed to every client through
# the environment (never on a command line): sets token.
isolate() {
    export XDG_CONFIG_HOME="$1/config" XDG_DATA_HOME="$1/data" XDG_CACHE_HOME="$1/cache"
    export QT_QPA_PLATFORM=offscreen QT_LOGGING_RULES='qt.qpa.*=false'
    unset DBUS_SESSION_BUS_ADDRESS
    token=sim-token
    export REPLIMON_API_KEY=$token REPLICATE_API_TOKEN=$token
}
