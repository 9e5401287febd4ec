#!/usr/bin/env bash
# The long run: the app (offscreen, its capture endpoint on) against replimon-sim with faults injected, for
# a warm-up and then at least 20 minutes. Predictions are created through the endpoint at a steady rate and
# go through polling to saved outputs; the oldest finished are removed to keep about --tasks in the store;
# the detail pane keeps loading previews. Passes when resident memory grew by at most 10 MB and the open
# files did not grow after the warm-up. The decoded-image cache is bounded lower than the app's default for
# the run, so that it is full by the end of the warm-up (see soak_app.cpp).
#
#   tests/bench/soak.sh BUILD_DIR [--minutes 20] [--warmup-minutes 5] [--tasks 1000] [--out FILE]
#   (packaging/dev.sh soak [options] builds the dev preset and runs this)
#
# Prints a markdown summary on stdout (progress on stderr); the JSON with every sample goes to --out
# (default BUILD_DIR/soak-results.json). Exit status: 0 pass, 3 fail, other: could not run.
set -euo pipefail

build=${1:?usage: soak.sh BUILD_DIR [--minutes N] [--warmup-minutes N] [--tasks N] [--out FILE]}
build=$(cd "$build" && pwd)
shift
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

minutes=20
warmup=5
tasks=1000
out="$build/soak-results.json"
while [ $# -gt 0 ]; do
    case "$1" in
        --minutes) minutes=$2; shift ;;
        --warmup-minutes) warmup=$2; shift ;;
        --tasks) tasks=$2; shift ;;
        --out) out=$2; shift ;;
        *) echo "soak.sh: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done

sim_bin="$build/src/sim/replimon-sim"
soak_bin="$build/tests/bench/soak_app"
for program in "$sim_bin" "$soak_bin"; do
    [ -x "$program" ] || { echo "soak.sh: $program is not built (cmake --build $build --target soak)" >&2; exit 1; }
done
command -v jq >/dev/null || { echo "soak.sh: jq is missing (packaging/dev.sh deps)" >&2; exit 1; }

say() { printf '==> %s\n' "$*" >&2; }
# shellcheck source=sim.sh
. "$here/sim.sh"

work=$(mktemp -d "${TMPDIR:-/tmp}/replimon-soak.XXXXXX")
sim_pid=
cleanup() {
    [ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null && wait "$sim_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

isolate "$work"

# Faults on a share of the requests, drawn from the seeded generator: server errors and throttling on the
# API (which the capture endpoint passes back to the creating client), slow and cut-off answers, broken
# JSON on polls, and file downloads dropped half-way or stalled.
cat >"$work/faults.json" <<'JSON'
{"rules": [
  {"kind": "status", "status": 500, "rate": 0.02},
  {"kind": "status", "status": 429, "retry_after": "1", "rate": 0.02},
  {"kind": "latency", "ms": 1500, "rate": 0.03},
  {"kind": "malformed", "method": "GET", "rate": 0.01},
  {"kind": "drop", "target": "files", "rate": 0.03},
  {"kind": "stall", "phase": "body", "target": "files", "rate": 0.005}
]}
JSON
say "starting replimon-sim (faults: $work/faults.json)"
start_sim "$sim_bin" "$work" --token "$token" --random-seed 11 --queue-ms 1000 --run-ms 8000 \
    --image-size 256 --faults "@$work/faults.json"

cat >"$work/soak.ini" <<INI
[Api]
provider=custom
customRoot=$origin/v1
[Downloads]
auto=true
folder=$work/downloads
[Desktop]
notifications=false
INI
say "soak: $warmup min warm-up, then $minutes min; about $tasks tasks kept"
status=0
"$soak_bin" --settings "$work/soak.ini" --db "$work/soak.sqlite" \
    --minutes "$minutes" --warmup-minutes "$warmup" --tasks "$tasks" >"$work/soak.json" 2>"$work/soak.err" \
    || status=$?
if [ ! -s "$work/soak.json" ]; then
    echo "soak.sh: the app did not finish (exit $status)" >&2
    tail -n 20 "$work/soak.err" >&2
    exit 1
fi
faults=$(curl -sf "$origin/_sim/log" | jq '[.requests[] | select(.fault != null)] | length')
jq --argjson faults "$faults" --arg load "$(cut -d' ' -f1-3 /proc/loadavg)" \
    '. + {faults_injected: $faults, load_average: $load}' "$work/soak.json" >"$out"

jq -r '
  "| | after warm-up | at the end | growth |",
  "|---|---|---|---|",
  "| resident memory (MB) | \(.rss_warmup_mb | floor) | \(.rss_end_mb | floor) | \(.rss_growth_mb * 10 | round / 10) (max \(.rss_max_after_warmup_mb | floor)) |",
  "| open files | \(.fd_files_warmup) | \(.fd_files_end) | max \(.fd_files_max_after_warmup) |",
  "",
  "\(.minutes) min after \(.warmup_minutes) min of warm-up, about \(.tasks_kept) tasks kept: \(.creates_ok) predictions created through the capture endpoint (\(.creates_refused) refused by injected faults), \(.outputs_saved) outputs saved, \(.tasks_trimmed) finished tasks removed, \(.previews_selected) previews shown (decoded-image cache bounded at \(.image_memory_cache_mb) MB), \(.faults_injected) faults injected; load average \(.load_average).",
  "",
  (if .pass then "PASS" else "FAIL" end) + ": memory growth ≤ 10 MB and no open files added after warm-up."
' "$out"
say "results: $out"
exit "$status"
