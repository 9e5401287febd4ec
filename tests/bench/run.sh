#!/usr/bin/env bash
# Replimon's benchmarks, side by side with the official `replicate` npm client and a load tool, all against
# one replimon-sim process that this script starts apart from every client it measures.
#
#   tests/bench/run.sh BUILD_DIR [--quick] [--storm-seconds N] [--million] [--out FILE]
#   (packaging/dev.sh bench [options] builds the dev preset and runs this)
#
# --quick          tiny sizes (a smoke run of every step in well under a minute; not for the README)
# --storm-seconds  how long the poll storm runs (default 60)
# --million        step 3 also starts the app on 1 000 000 tasks, measuring the first paint, RSS and a filter
#                  keystroke only (filling that store takes minutes); reported as scale1m
# --out FILE       where the JSON results go (default BUILD_DIR/bench-results.json)
#
# Prints markdown tables on stdout (progress on stderr). Needs: node and npm (the official client is
# installed into BUILD_DIR/npm once), wrk, curl and jq (packaging/debian-deps.txt).
set -euo pipefail

build=${1:?usage: run.sh BUILD_DIR [--quick] [--storm-seconds N] [--out FILE]}
build=$(cd "$build" && pwd)
shift
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

quick=0
million=0
storm_seconds=60
out="$build/bench-results.json"
while [ $# -gt 0 ]; do
    case "$1" in
        --quick) quick=1 ;;
        --million) million=1 ;;
        --storm-seconds) storm_seconds=$2; shift ;;
        --out) out=$2; shift ;;
        *) echo "run.sh: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done

if [ "$quick" = 1 ]; then
    n_refresh=50; n_watch=20; watch_run='[500, 2000]'; scale_sizes="1000"; n_storm=50
    [ "$storm_seconds" = 60 ] && storm_seconds=4
    download_bytes=$((8 * 1024 * 1024))
    n_thumbs=50
    n_gallery=2000; n_gallery_files=200; gallery_screens=3
else
    n_refresh=1000; n_watch=1000; watch_run='[5000, 20000]'; scale_sizes="10000 100000"; n_storm=1000
    download_bytes=$((200 * 1024 * 1024))
    n_thumbs=1000
    n_gallery=100000; n_gallery_files=10000; gallery_screens=8
fi

bench="$build/tests/bench"
sim_bin="$build/src/sim/replimon-sim"
cli_bin="$build/src/cli/replimon-cli"
npm_dir="$build/npm"
for tool in node npm wrk curl jq convert; do
    command -v "$tool" >/dev/null || { echo "run.sh: $tool is missing (packaging/dev.sh deps)" >&2; exit 1; }
done
for program in "$sim_bin" "$cli_bin" "$bench/bench_measure" "$bench/bench_refresh" "$bench/bench_scale" \
               "$bench/bench_storm" "$bench/bench_download" "$bench/bench_capture" "$bench/bench_paste" \
               "$bench/bench_fileimport" "$bench/bench_thumbs" "$bench/bench_gallery"; do
    [ -x "$program" ] || { echo "run.sh: $program is not built (cmake --build $build --target bench)" >&2; exit 1; }
done

say() { printf '==> %s\n' "$*" >&2; }
# shellcheck source=sim.sh
. "$here/sim.sh"

work=$(mktemp -d "${TMPDIR:-/tmp}/replimon-bench.XXXXXX")
sim_pid=
storm_sim_pid=
capture_pid=
cleanup() {
    [ -n "$storm_sim_pid" ] && kill "$storm_sim_pid" 2>/dev/null && wait "$storm_sim_pid" 2>/dev/null
    [ -n "$capture_pid" ] && kill "$capture_pid" 2>/dev/null && wait "$capture_pid" 2>/dev/null
    [ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null && wait "$sim_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

isolate "$work"

# --- the official client, installed once into the build folder ----------------------------------------
npm_version=1.4.0
installed=$(jq -r .version "$npm_dir/node_modules/replicate/package.json" 2>/dev/null || true)
if [ "$installed" != "$npm_version" ]; then
    say "installing replicate@$npm_version into $npm_dir"
    mkdir -p "$npm_dir"
    npm install --no-audit --no-fund --prefix "$npm_dir" "replicate@$npm_version" >&2
fi
modules="$npm_dir/node_modules"

# --- the simulator ------------------------------------------------------------------------------------
say "starting replimon-sim"
start_sim "$sim_bin" "$work" --token "$token" --random-seed 7 --image-size 1024
root="$origin/v1"

create() { # spec JSON → ids, one per line
    curl -sf -X POST -H 'Content-Type: application/json' --data "$1" "$origin/_sim/predictions" | jq -r '.ids[]'
}
clear_log() { curl -sf -X DELETE "$origin/_sim/log" >/dev/null; }
log_count() { curl -sf "$origin/_sim/log" | jq '.requests | length'; }
now_s() { date +%s.%N; }
iso_to_s() { # ISO 8601 with fractional seconds → seconds since the epoch
    jq -rn --arg t "$1" '$t | capture("^(?<s>[^.]*)(\\.(?<f>[0-9]+))?Z$") | (.s + "Z" | fromdate) + ("0." + (.f // "0") | tonumber)'
}

# Other work on the machine skews every figure: the load average is kept with the results.
load_before=$(cut -d' ' -f1 /proc/loadavg)
results="$work/results"
mkdir -p "$results"

# --- 1. refresh throughput ----------------------------------------------------------------------------
say "1. refresh: $n_refresh succeeded predictions, each fetched once"
create "{\"count\": $n_refresh, \"queue_ms\": 0, \"run_ms\": 0}" >"$work/refresh.ids"
refresh_row() { # name, measure file, result file
    jq -c --arg name "$1" --slurpfile m "$2" '. + {client: $name, process_cpu_s: $m[0].cpu_s}' "$3"
}
"$bench/bench_measure" "$work/m-client.json" "$bench/bench_refresh" --api-root "$root" --ids "$work/refresh.ids" \
    --path client >"$work/r-client.json" || true
"$bench/bench_measure" "$work/m-sched.json" "$bench/bench_refresh" --api-root "$root" --ids "$work/refresh.ids" \
    --path scheduler >"$work/r-sched.json" || true
"$bench/bench_measure" "$work/m-npm.json" node "$here/npm/refresh.js" "$modules" "$root" "$work/refresh.ids" \
    >"$work/r-npm.json" || true
# The ceiling: wrk cycling through the same URLs, with the same token, for a few seconds.
cat >"$work/refresh.lua" <<'LUA'
local ids = {}
for line in io.lines(os.getenv("BENCH_IDS")) do ids[#ids + 1] = line end
local i = 0
request = function()
  i = i % #ids + 1
  return wrk.format("GET", "/v1/predictions/" .. ids[i])
end
done = function(summary)
  local e = summary.errors
  io.write(string.format('{"requests": %d, "wall_s": %.3f, "failed": %d}\n', summary.requests,
    summary.duration / 1e6, e.connect + e.read + e.write + e.status + e.timeout))
end
LUA
wrk_seconds=3; [ "$quick" = 1 ] && wrk_seconds=1
# Six connections, as many as Qt and most HTTP/1.1 clients open to one host.
BENCH_IDS="$work/refresh.ids" "$bench/bench_measure" "$work/m-wrk.json" wrk -t1 -c6 -d"${wrk_seconds}s" \
    -H "Authorization: Bearer $token" -s "$work/refresh.lua" "$origin" | tail -n 1 >"$work/r-wrk-raw.json"
jq -c '. + {ok: (.requests - .failed), req_per_s: (.requests / .wall_s)}' "$work/r-wrk-raw.json" >"$work/r-wrk.json"
# wrk's CPU is over its whole run, so it is scaled to the same number of requests as the others.
{
    refresh_row "replimon PredictionClient" "$work/m-client.json" "$work/r-client.json"
    refresh_row "replimon PollScheduler (app)" "$work/m-sched.json" "$work/r-sched.json"
    refresh_row "replicate npm 1.4.0" "$work/m-npm.json" "$work/r-npm.json"
    jq -c --arg name "wrk (ceiling)" --slurpfile m "$work/m-wrk.json" --argjson n "$n_refresh" \
        '. + {client: $name, cpu_s: ($m[0].cpu_s * $n / .requests), process_cpu_s: $m[0].cpu_s}' "$work/r-wrk.json"
} | jq -s '{refresh: .}' >"$results/1-refresh.json"

# --- 2. watch to completion ---------------------------------------------------------------------------
# Each client waits for fresh predictions, twice: run times drawn per model from a tight, realistic
# distribution (FLUX schnell ~1.5 s, dev ~7 s, 1.1 pro ~10 s; the sim's run_dist realistic), and from the
# wide uniform range of earlier runs. Requests are what the sim's log counts (stream requests included).
# Detection delay, per prediction: the end of the first GET of it that arrived after its completed_at
# (the answer that told the client), minus completed_at, from the same log for every client; the log's
# arrival times are whole milliseconds, so a GET in the millisecond of the completion counts. The floor
# is one GET sent the moment each prediction completes: one request, and the server's time for a GET.
say "2. watch: $n_watch predictions to completion, realistic and uniform run times (replimon, replimon polling only, npm)"
watch_specs() { # distribution → one spec JSON per line
    if [ "$1" = realistic ]; then
        local third=$((n_watch / 3))
        local first=$((n_watch - 2 * third))
        printf '{"count": %d, "queue_ms": 0, "run_dist": "realistic", "model": "black-forest-labs/%s"}\n' \
            "$first" flux-schnell "$third" flux-dev "$third" flux-1.1-pro
    else
        printf '{"count": %d, "queue_ms": 0, "run_ms": %s}\n' "$n_watch" "$watch_run"
    fi
}
watch_run_one() { # distribution, key, name, command… → one JSON row
    local dist=$1 key=$2 name=$3; shift 3
    : >"$work/watch.ids"
    while read -r spec; do create "$spec" >>"$work/watch.ids"; done < <(watch_specs "$dist")
    local made
    made=$(wc -l <"$work/watch.ids")
    # A short list would be measured as a client that waited for nothing: stop with the reason instead.
    [ "$made" = "$n_watch" ] || { echo "run.sh: the sim made $made of $n_watch predictions for $name ($dist)" >&2; exit 1; }
    clear_log
    "$bench/bench_measure" "$work/m-watch.json" "$@" <"$work/watch.ids" >"$work/watch.out" 2>"$work/watch.err" || true
    if [ "$(jq .exit "$work/m-watch.json")" != 0 ]; then
        echo "run.sh: $name ($dist) ended with exit code $(jq .exit "$work/m-watch.json"):" >&2
        tail -n 5 "$work/watch.err" >&2
        exit 1
    fi
    curl -sf "$origin/_sim/log" >"$work/watch.log.json"
    # The completion times, asked once the run is over (after the log was taken).
    sed "s|^|url = \"$root/predictions/|; s|\$|\"|" "$work/watch.ids" >"$work/watch.curl"
    curl -s -H "Authorization: Bearer $token" -K "$work/watch.curl" | jq -c '{id, completed_at}' >"$work/watch.done"
    jq -n --arg client "$name" --arg key "$key" --slurpfile m "$work/m-watch.json" \
        --slurpfile log "$work/watch.log.json" --slurpfile done "$work/watch.done" --argjson n "$n_watch" '
        def ms: capture("^(?<s>[^.]*)(\\.(?<f>[0-9]+))?Z$") | ((.s + "Z" | fromdate) + ("0." + (.f // "0") | tonumber)) * 1000;
        def pct(q): sort | if length == 0 then null else .[((length - 1) * q | floor)] end;
        ($done | map(select(.completed_at) | {(.id): (.completed_at | ms)}) | add // {}) as $completed
        | ($log[0].requests) as $requests
        | [$requests[] | select(.method == "GET") | (.path | capture("/predictions/(?<id>[^/]+)$").id) as $id
           | select($completed[$id] and .t_ms >= ($completed[$id] | floor) and .done_ms) | {id: $id, t_ms, done_ms}]
        | group_by(.id) | map(min_by(.t_ms) as $first | $first.done_ms - $completed[$first.id]) as $delays
        | {client: $client, key: $key, predictions: $n, requests: ($requests | length),
           requests_per_prediction: (($requests | length) / $n), detected: ($delays | length),
           detect_p50_ms: ($delays | pct(0.5)), detect_p95_ms: ($delays | pct(0.95)),
           wall_s: $m[0].wall_s, cpu_s: $m[0].cpu_s, exit: $m[0].exit,
           get_ms: [$requests[] | select(.method == "GET" and (.path | test("/predictions/[^/]+$")) and .done_ms)
                    | .done_ms - .t_ms]}'
}
watch_distribution() { # distribution → one JSON object
    local dist=$1
    {
        watch_run_one "$dist" replimon "replimon-cli wait" "$cli_bin" wait - --json --base-url "$root"
        watch_run_one "$dist" replimon_polling "replimon-cli wait --no-stream" \
            "$cli_bin" wait - --json --no-stream --base-url "$root"
        watch_run_one "$dist" npm "replicate npm 1.4.0 wait()" node "$here/npm/watch.js" "$modules" "$root" /dev/stdin
    } | jq -s --arg dist "$dist" --argjson n "$n_watch" '
        def pct(q): sort | if length == 0 then null else .[((length - 1) * q | floor)] end;
        (map(.get_ms) | add) as $gets
        | {distribution: $dist, predictions: $n,
           clients: (map(del(.get_ms)) + [{client: "floor (one GET at completion)", key: "floor", predictions: $n,
                     requests: $n, requests_per_prediction: 1, detected: $n,
                     detect_p50_ms: ($gets | pct(0.5)), detect_p95_ms: ($gets | pct(0.95))}])}'
}
{
    watch_distribution realistic
    watch_distribution uniform
} | jq -s '{watch: {distributions: .}}' >"$results/2-watch.json"

# --- 3. scale -----------------------------------------------------------------------------------------
cat >"$work/scale.ini" <<INI
[Api]
provider=custom
customRoot=$root
[Downloads]
auto=false
folder=$work/downloads
[Desktop]
notifications=false
INI
rows=()
for n in $scale_sizes; do
    say "3. scale: $n tasks in the store (3 starts, the median is kept)"
    db="$work/scale-$n.sqlite"
    "$bench/bench_scale" --fill "$n" --db "$db"
    for _ in 1 2 3; do
        t0=$(date +%s%N)
        "$bench/bench_scale" --db "$db" --settings "$work/scale.ini" --t0-ns "$t0" >>"$work/scale-$n.json" \
            2>>"$work/scale.err"
    done
    rows+=("$(jq -sc 'sort_by(.start_ms) | .[1] // .[0]' "$work/scale-$n.json")")
    rm -f "$db" "$db-wal" "$db-shm"
done
if [ "$million" = 1 ]; then
    say "3. scale: 1000000 tasks in the store (start and filter only, 3 starts, the median is kept)"
    db="$work/scale-1000000.sqlite"
    "$bench/bench_scale" --fill 1000000 --db "$db"
    for _ in 1 2 3; do
        t0=$(date +%s%N)
        "$bench/bench_scale" --db "$db" --settings "$work/scale.ini" --t0-ns "$t0" --start-filter-only \
            >>"$work/scale-1000000.json" 2>>"$work/scale.err"
    done
    rows+=("$(jq -sc 'sort_by(.start_ms) | .[1] // .[0]' "$work/scale-1000000.json")")
    rm -f "$db" "$db-wal" "$db-shm"
fi
printf '%s\n' "${rows[@]}" | jq -s '{scale: .}' >"$results/3-scale.json"

# --- 4. poll storm ------------------------------------------------------------------------------------
say "4. poll storm: $n_storm running tasks for $storm_seconds s while previews decode"
# The storm's server is a sim of its own at a lower priority (niceness 10). It stands in for a service on
# another machine; here it shares the two cores with the app, and rendering each new output (a 1024-pixel
# PNG, on two threads) took the cores from the GUI thread the step measures.
main_sim=("$sim_pid" "$origin" "$second")
mkdir -p "$work/storm-sim"
sim_niceness=10 start_sim "$sim_bin" "$work/storm-sim" --token "$token" --random-seed 7 --image-size 1024
storm_sim_pid=$sim_pid
{
    create '{"count": 40, "queue_ms": 0, "run_ms": 0, "output_format": "png"}'
    create "{\"count\": $n_storm, \"queue_ms\": 0, \"run_ms\": [20000, 120000], \"output_format\": \"png\"}"
} >"$work/storm.ids"
sed -e "s|$work/downloads|$work/storm-downloads|" -e "s|^customRoot=.*|customRoot=$origin/v1|" "$work/scale.ini" \
    >"$work/storm.ini"
clear_log
"$bench/bench_measure" "$work/m-storm.json" "$bench/bench_storm" --settings "$work/storm.ini" --db "$work/storm.sqlite" \
    --ids "$work/storm.ids" --seconds "$storm_seconds" >"$work/r-storm.json" 2>"$work/storm.err" || true
storm_requests=$(log_count)
# The same storm without the user: the selection stays put, so only the polling and its updates reach the
# GUI thread (new tasks, half as long).
{
    create '{"count": 40, "queue_ms": 0, "run_ms": 0, "output_format": "png"}'
    create "{\"count\": $n_storm, \"queue_ms\": 0, \"run_ms\": [20000, 120000], \"output_format\": \"png\"}"
} >"$work/storm-polling.ids"
"$bench/bench_storm" --settings "$work/storm.ini" --db "$work/storm-polling.sqlite" --ids "$work/storm-polling.ids" \
    --seconds $(((storm_seconds + 1) / 2)) --select-ms 0 >"$work/r-storm-polling.json" 2>>"$work/storm.err" || true
jq -c --argjson requests "$storm_requests" --argjson active "$n_storm" --slurpfile polling "$work/r-storm-polling.json" \
    '{storm: (. + {active_tasks: $active, requests: $requests, requests_per_s: ($requests / .seconds),
                   polling_only: ($polling[0] // null), server_niceness: 10})}' \
    "$work/r-storm.json" >"$results/4-storm.json"
kill "$storm_sim_pid" 2>/dev/null && wait "$storm_sim_pid" 2>/dev/null
storm_sim_pid=
sim_pid=${main_sim[0]} origin=${main_sim[1]} second=${main_sim[2]}

# --- 5. download --------------------------------------------------------------------------------------
# Five rounds, each one transfer by curl and one by bench_download of the same blob from the same sim, the
# order swapped every round so that other work on the machine and the page cache hit both alike. Each
# client's figures are the medians of its rounds (RSS growth: the largest); ratio = replimon's median
# MiB/s over curl's. curl -o only writes the file; FileDownloader also syncs it to disk before renaming it
# into place (commit_s, inside replimon's wall time).
download_rounds=5
say "5. download: $((download_bytes / 1024 / 1024)) MiB from the sim's file host, $download_rounds alternating rounds"
blob="$second/files/blob/$download_bytes"
mkdir -p "$work/dl"
: >"$work/r-curl-all.json"; : >"$work/r-dl-all.json"
for round in $(seq "$download_rounds"); do
    if [ $((round % 2)) = 1 ]; then order="curl replimon"; else order="replimon curl"; fi
    for client in $order; do
        if [ "$client" = curl ]; then
            curl -sf -o "$work/dl/curl.bin" -w "{\"round\": $round, \"bytes\": %{size_download}, \"wall_s\": %{time_total}}\n" \
                "$blob" >>"$work/r-curl-all.json"
            rm -f "$work/dl/curl.bin"
        else
            "$bench/bench_download" --url "$blob" --dir "$work/dl" | jq -c --argjson round "$round" '. + {round: $round}' \
                >>"$work/r-dl-all.json"
            rm -f "$work/dl/"bench-download*
        fi
    done
done
jq -n --slurpfile r "$work/r-dl-all.json" --slurpfile c "$work/r-curl-all.json" '
  def median: sort | .[(length - 1) / 2 | floor];
  ($c | map(. + {mb_per_s: (.bytes / 1048576 / .wall_s)})) as $c
  | {download: {
      replimon: {bytes: $r[0].bytes, mb_per_s: ($r | map(.mb_per_s) | median), wall_s: ($r | map(.wall_s) | median),
                 cpu_s: ($r | map(.cpu_s) | median), commit_s: ($r | map(.commit_s) | median),
                 rss_growth_mb: ($r | map(.rss_growth_mb) | max), rss_peak_mb: ($r | map(.rss_peak_mb) | max)},
      curl: {bytes: $c[0].bytes, mb_per_s: ($c | map(.mb_per_s) | median), wall_s: ($c | map(.wall_s) | median)},
      ratio: (($r | map(.mb_per_s) | median) / ($c | map(.mb_per_s) | median)),
      rounds: ([range($r | length)] | map({round: $r[.].round, replimon_mb_per_s: $r[.].mb_per_s,
                                            curl_mb_per_s: $c[.].mb_per_s, commit_s: $r[.].commit_s,
                                            rss_growth_mb: $r[.].rss_growth_mb}))}}' \
    >"$results/5-download.json"

# --- 6. capture ---------------------------------------------------------------------------------------
# The capture endpoint (src/capture) alone in its own process (bench_capture), in front of the same sim, driven
# from outside by wrk (one thread, keep-alive connections): get and create with 1 and 50 callers, each in
# alternating rounds straight at the sim and through the endpoint (the order swapped every round, so that other
# work on the machine hits both alike). Per round, added = the endpoint's percentile minus the direct one and
# throughput = the endpoint's req/s over the direct; the median of the rounds is kept. Then the growth of the
# endpoint process's resident memory (its peak, VmHWM, reset just before) while a large answer passes.
capture_seconds=2; capture_rounds=5
[ "$quick" = 1 ] && { capture_seconds=1; capture_rounds=1; }
say "6. capture: $capture_rounds rounds of ${capture_seconds} s per figure, memory for a $((download_bytes / 1024 / 1024)) MiB answer"
capture_start() { # upstream root → capture_pid, capture_origin (bench_capture runs until fd 9 is closed)
    rm -f "$work/capture.in" "$work/capture.out"
    mkfifo "$work/capture.in"
    "$bench/bench_capture" --root "$1" <"$work/capture.in" >"$work/capture.out" 2>>"$work/capture.err" &
    capture_pid=$!
    exec 9>"$work/capture.in"
    for _ in $(seq 100); do
        grep -q '^listening on' "$work/capture.out" 2>/dev/null && break
        sleep 0.1
    done
    local port
    port=$(sed -n 's/^listening on //p' "$work/capture.out")
    [ -n "$port" ] || { echo "run.sh: bench_capture did not start" >&2; cat "$work/capture.err" >&2; exit 1; }
    capture_origin="http://127.0.0.1:$port"
}
capture_stop() {
    exec 9>&-
    wait "$capture_pid" || true
    capture_pid=
}
capture_start "$root"
capture_id=$(create '{"count": 1, "queue_ms": 0, "run_ms": 0}')
cat >"$work/capture.lua" <<'LUA'
-- BENCH_CALL=get: the same prediction again and again; create: a new one each time.
if os.getenv("BENCH_CALL") == "create" then
  wrk.method = "POST"
  wrk.path = "/v1/models/black-forest-labs/flux-schnell/predictions"
  wrk.body = '{"input":{"prompt":"bench"}}'
  wrk.headers["Content-Type"] = "application/json"
else
  wrk.path = "/v1/predictions/" .. os.getenv("BENCH_ID")
end
wrk.headers["User-Agent"] = "bench_capture"
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('{"requests": %d, "wall_s": %.3f, "failed": %d, "p50_ms": %.3f, "p99_ms": %.3f}\n',
    summary.requests, summary.duration / 1e6, e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50) / 1e3, latency:percentile(99) / 1e3))
end
LUA
capture_wrk() { # call, callers, seconds, origin → one JSON line
    BENCH_CALL=$1 BENCH_ID=$capture_id wrk -t1 -c"$2" -d"$3s" -H "Authorization: Bearer $token" \
        -s "$work/capture.lua" "$4" | tail -n 1
}
: >"$work/capture-rounds.json"
for call in get create; do
    for callers in 1 50; do
        capture_wrk "$call" "$callers" 1 "$capture_origin" >/dev/null # warm-up: pooled upstream connections
        for round in $(seq "$capture_rounds"); do
            if [ $((round % 2)) = 1 ]; then order="direct capture"; else order="capture direct"; fi
            for via in $order; do
                if [ "$via" = direct ]; then target=$origin; else target=$capture_origin; fi
                capture_wrk "$call" "$callers" "$capture_seconds" "$target" \
                    | jq -c --arg call "$call" --argjson callers "$callers" --argjson round "$round" --arg via "$via" \
                        '. + {call: $call, callers: $callers, round: $round, via: $via, req_per_s: (.requests / .wall_s)}' \
                    >>"$work/capture-rounds.json"
            done
        done
    done
done
capture_stop
# Every answer must have been a success, or the figures would be of error pages.
failed=$(jq -s 'map(.failed) | add' "$work/capture-rounds.json")
[ "$failed" = 0 ] || { echo "run.sh: $failed capture requests failed (see $work/capture-rounds.json)" >&2; exit 1; }
# Memory: a fresh endpoint in front of the sim's file host (its /v1/files/blob/N is the sim's /files/blob/N).
# The peak resident memory is reset (clear_refs 5) and read back once the answer has passed.
capture_start "$origin"
echo 5 >"/proc/$capture_pid/clear_refs"
rss_before=$(awk '/^VmRSS:/ {print $2}' "/proc/$capture_pid/status")
curl -sf -o /dev/null "$capture_origin/v1/files/blob/$download_bytes"
rss_peak=$(awk '/^VmHWM:/ {print $2}' "/proc/$capture_pid/status")
capture_stop
jq -s --argjson before "$rss_before" --argjson peak "$rss_peak" --argjson seconds "$capture_seconds" '
  def median: sort | if length == 0 then 0 else .[(length - 1) / 2 | floor] end;
  (group_by([.call, .callers]) | map(
    (map(select(.via == "direct")) | sort_by(.round)) as $d | (map(select(.via == "capture")) | sort_by(.round)) as $c
    | {key: "\($d[0].call)_\($d[0].callers)",
       value: {direct_ms_p50: ($d | map(.p50_ms) | median), direct_ms_p99: ($d | map(.p99_ms) | median),
               added_ms_p50: ([range($d | length)] | map($c[.].p50_ms - $d[.].p50_ms) | median),
               added_ms_p99: ([range($d | length)] | map($c[.].p99_ms - $d[.].p99_ms) | median),
               throughput_ratio: ([range($d | length)] | map($c[.].req_per_s / $d[.].req_per_s) | median),
               direct_req_per_s: ($d | map(.req_per_s) | median), req_per_s: ($c | map(.req_per_s) | median),
               rounds: ($d | length), seconds: $seconds,
               failed: (map(.failed) | add), requests: ($c | map(.requests) | add)}}) | from_entries) as $detail
  | {capture: {added_ms_p50: $detail.get_50.added_ms_p50, added_ms_p99: $detail.get_50.added_ms_p99,
               throughput_ratio: $detail.get_50.throughput_ratio,
               rss_growth_mb: (($peak - $before) / 1024), detail: $detail, rounds: .}}' \
    "$work/capture-rounds.json" >"$results/6-capture.json"

# Runs a benchmark program three times; prints the run whose FIELD is the median.
median_of_three() { # program, field
    local name
    name=$(basename "$1")
    for _ in 1 2 3; do
        "$1" >>"$work/r-$name-all.json" 2>"$work/$name.err" || {
            echo "run.sh: $name failed" >&2; cat "$work/$name.err" >&2; exit 1; }
    done
    jq -sc --arg field "$2" 'sort_by(.[$field]) | .[1]' "$work/r-$name-all.json"
}

# --- 7. a 10 MB paste ---------------------------------------------------------------------------------
say "7. paste: 10 MB of log text pasted into the add dialog (3 runs, the median by longest stall is kept)"
median_of_three "$bench/bench_paste" stall_max_ms \
    | jq -c '{paste: {stall_ms_max: .stall_max_ms, stalls_over_16ms, shown_ms, ids, characters}}' >"$results/7-paste.json"

# --- 8. history from files -----------------------------------------------------------------------------
say "8. history from files: 1000 saved outputs imported (3 runs, the median is kept)"
median_of_three "$bench/bench_fileimport" ms | jq -c '{fileimport: .}' >"$results/8-fileimport.json"

# --- 9. thumbnails -------------------------------------------------------------------------------------
# Cold: an empty freedesktop cache each run. The pictures are made once in the work folder (the longest
# part of the step); the store's threads leave a core to the GUI thread, convert runs one file at a time.
say "9. thumbnails: $n_thumbs saved 1-megapixel PNGs, large (256), by ThumbnailStore and by convert -thumbnail"
"$bench/bench_thumbs" --dir "$work/thumbs" --count "$n_thumbs" 2>"$work/thumbs.err" >"$work/r-thumbs.json" || {
    echo "run.sh: bench_thumbs failed" >&2; cat "$work/thumbs.err" >&2; exit 1; }
jq -c '{thumbs: .}' "$work/r-thumbs.json" >"$results/9-thumbs.json"

# --- 10. gallery ---------------------------------------------------------------------------------------
# The app offscreen on a store of many tasks, the newest mostly saved (512 × 512 PNGs made once in the work
# folder), an empty thumbnail cache: the switch to the gallery, the first screens scrolled again once their
# thumbnails are made, then every screen to the end. One run: pre-warming makes the thumbnails of the first
# screens, the longest part of the step.
say "10. gallery: $n_gallery tasks, $n_gallery_files with saved files, $gallery_screens screens pre-warmed"
"$bench/bench_gallery" --fill "$n_gallery" --files "$n_gallery_files" --db "$work/gallery.sqlite" \
    --dir "$work/gallery" 2>"$work/gallery.err" || {
    echo "run.sh: bench_gallery --fill failed" >&2; cat "$work/gallery.err" >&2; exit 1; }
# Its own settings: the run leaves the gallery shown in them.
cp "$work/scale.ini" "$work/gallery.ini"
"$bench/bench_gallery" --db "$work/gallery.sqlite" --dir "$work/gallery" --settings "$work/gallery.ini" \
    --screens "$gallery_screens" 2>>"$work/gallery.err" >"$work/r-gallery.json" || {
    echo "run.sh: bench_gallery failed" >&2; cat "$work/gallery.err" >&2; exit 1; }
jq -c --argjson files "$n_gallery_files" '{gallery_scale: (. + {saved_files: $files})}' "$work/r-gallery.json" \
    >"$results/10-gallery.json"
rm -f "$work/gallery.sqlite" "$work/gallery.sqlite-wal" "$work/gallery.sqlite-shm"

# --- results ------------------------------------------------------------------------------------------
cpu_model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
mem_gib=$(awk '/^MemTotal:/ {printf "%.1f", $2 / 1048576}' /proc/meminfo)
jq -s --arg cpu "$cpu_model" --arg nproc "$(nproc)" --arg mem "$mem_gib" --arg date "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
    --arg load "$load_before" \
    --arg quick "$quick" --arg storm "$storm_seconds" \
    'add + {machine: {cpu: $cpu, nproc: ($nproc | tonumber), ram_gib: ($mem | tonumber), date: $date,
                      load_before: ($load | tonumber)},
            quick: ($quick == "1"), storm_seconds: ($storm | tonumber)}' \
    "$results"/*.json | jq -f "$here/keys.jq" >"$out"
"$here/report.sh" "$out"
say "results written to $out"
