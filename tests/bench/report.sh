#!/usr/bin/env bash
# Prints the markdown tables of a results file written by tests/bench/run.sh (the README's Performance
# section is this output). Usage: tests/bench/report.sh RESULTS.json
set -euo pipefail
results=${1:?usage: report.sh RESULTS.json}

jq -r '
def r(n): (. * pow(10; n) | round) / pow(10; n);
def ms: if type == "number" then round else "–" end;
def yes(c): if c then "yes" else "**no**" end;

"Machine: \(.machine.nproc) CPUs (\(.machine.cpu)), \(.machine.ram_gib) GiB RAM; load average \(.machine.load_before) before the run; \(.machine.date)"
  + (if .quick then " — QUICK RUN (tiny sizes, not representative)" else "" end),
"",
"**Tracked figures** (the keys of bench-results.json that are followed from run to run)",
"",
"| key | figure |",
"|---|---:|",
( [ ["storm.stall_ms_max", .storm.stall_ms_max], ["storm.stalls_over_16ms_per_min", .storm.stalls_over_16ms_per_min],
    ["watch.requests_ratio_vs_npm", .watch.requests_ratio_vs_npm], ["watch.detect_p50_ms", .watch.detect_p50_ms],
    ["watch.npm_detect_p50_ms", .watch.npm_detect_p50_ms], ["refresh.app_vs_npm", .refresh.app_vs_npm],
    ["download.ratio_vs_curl", .download.ratio_vs_curl], ["scale100k.first_paint_ms", .scale100k.first_paint_ms],
    ["scale100k.filter_ms", .scale100k.filter_ms], ["scale100k.sort_ms_max", .scale100k.sort_ms_max],
    ["scale100k.rss_mb", .scale100k.rss_mb], ["scale1m.first_paint_ms", .scale1m.first_paint_ms],
    ["scale1m.filter_ms", .scale1m.filter_ms], ["scale1m.rss_mb", .scale1m.rss_mb] ][]
  | select(.[1] != null) | "| `\(.[0])` | \(.[1] | r(2)) |"),
"",
"**1. Refresh throughput** (\(.refresh.clients[0].requests) succeeded predictions, each fetched once)",
"",
"| client | wall s | CPU s | req/s | failed |",
"|---|---:|---:|---:|---:|",
(.refresh.clients[] | "| \(.client) | \(.wall_s | r(3)) | \(.cpu_s | r(3)) | \(.req_per_s | round) | \(.failed) |"),
"",
(.watch.distributions[] |
"**2. Watch to completion**, \(.distribution) run times (\(.predictions) predictions\(if .distribution == "realistic" then ": FLUX schnell ~1.5 s, dev ~7 s, 1.1 pro ~10 s, log-normal" else ", uniform" end))",
"",
"| client | requests | per prediction | detection p50 ms | detection p95 ms | CPU s | wall s |",
"|---|---:|---:|---:|---:|---:|---:|",
(.clients[] | "| \(.client) | \(.requests) | \(.requests_per_prediction | r(1)) | \(.detect_p50_ms // "–" | if type == "number" then round else . end) | \(.detect_p95_ms // "–" | if type == "number" then round else . end) | \(.cpu_s // "–" | if type == "number" then r(2) else . end) | \(.wall_s // "–" | if type == "number" then r(1) else . end) |"),
""),
"**3. Scale** (the app offscreen on a SQLite store; median of 3 starts)",
"",
"| tasks | start → first paint ms | RSS MB | slowest sort ms | sorts ms (Status, Id, Model, Prompt, Created, RunTime, PredictTime, Images, Output, LastError) | filter keystroke ms |",
"|---:|---:|---:|---:|---|---:|",
(.scale[] | "| \(.tasks) | \(.start_ms | round) | \(.rss_mb | round) | \(if .sort_ms then (.sort_max_ms | r(1) | tostring) else "not measured" end) | \(if .sort_ms then ([.sort_ms | (.Status, .Id, .Model, .Prompt, .Created, .RunTime, .PredictTime, .Images, .Output, .LastError) | r(1) | tostring] | join(", ")) else "—" end) | \(.filter_ms | r(1)) |"),
"",
"**4. Poll storm** (\(.storm.active_tasks) running tasks at the app interval for \(.storm.seconds | round) s, \(if (.storm.request_budget_per_min // 0) > 0 then "routine polls within the request budget of \(.storm.request_budget_per_min) a minute" else "no request budget" end), previews decoding\(if .storm.server_niceness then "; the server (a sim of its own) at niceness \(.storm.server_niceness), as a service elsewhere would not share the cores" else "" end))",
"",
"| run | s | longest stall ms | stalls > 16 ms | of which the GUI thread ran > 16 ms | requests/s | update batches | rows changed | dataChanged per batch | layoutChanged | resets | previews | CPU s | GUI thread CPU s |",
"|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
(.storm | "| selection moving every 250 ms | \(.seconds | round) | \(.stall_max_ms | r(1)) | \(.stalls_over_16ms) | \(.stalls_gui_cpu_over_16ms // "–") | \(.requests_per_s | round) | \(.update_batches) | \(.rows_changed) | \(.data_changed_per_batch | r(2)) | \(.layout_changed) | \(.model_resets) | \(.previews_selected) | \(.cpu_s | r(1)) | \(if .gui_thread_cpu_s then (.gui_thread_cpu_s | r(2)) else "–" end) |"),
(.storm.polling_only // empty | "| polling only (the selection stays) | \(.seconds | round) | \(.stall_max_ms | r(1)) | \(.stalls_over_16ms) | \(.stalls_gui_cpu_over_16ms) | – | \(.update_batches) | \(.rows_changed) | \(.data_changed_per_batch | r(2)) | \(.layout_changed) | \(.model_resets) | \(.previews_selected) | \(.cpu_s | r(1)) | \(.gui_thread_cpu_s | r(2)) |"),
"",
"**5. Download** (\(.download.replimon.bytes / 1048576 | round) MiB to disk; medians of \(.download.rounds | length) alternating rounds, largest RSS growth; sync s: the sync to disk and rename that curl -o does not do)",
"",
"| client | MiB/s | wall s | sync s | RSS growth MB |",
"|---|---:|---:|---:|---:|",
"| replimon FileDownloader | \(.download.replimon.mb_per_s | round) | \(.download.replimon.wall_s | r(2)) | \(.download.replimon.commit_s | r(2)) | \(.download.replimon.rss_growth_mb | r(1)) |",
"| curl | \(.download.curl.mb_per_s | round) | \(.download.curl.wall_s | r(2)) | | |",
"",
(if .capture then
"**6. Capture endpoint** (the endpoint alone in its own process, driven by wrk: one thread, keep-alive connections; median of \(.capture.detail.get_50.rounds) alternating rounds of \(.capture.detail.get_50.seconds) s straight at the sim and through the endpoint; added = percentile through the endpoint minus the direct percentile, throughput = its req/s over the direct, per round)",
"",
"| call, callers | direct p50 ms | direct p99 ms | added p50 ms | added p99 ms | direct req/s | through req/s | throughput vs direct | failed |",
"|---|---:|---:|---:|---:|---:|---:|---:|---:|",
(.capture.detail | to_entries[] | "| \(.key) | \(.value.direct_ms_p50 | r(2)) | \(.value.direct_ms_p99 | r(2)) | \(.value.added_ms_p50 | r(2)) | \(.value.added_ms_p99 | r(2)) | \(.value.direct_req_per_s | round) | \(.value.req_per_s | round) | \(.value.throughput_ratio * 100 | round) % | \(.value.failed) |"),
"",
"RSS growth while the large answer passed: \(.capture.rss_growth_mb | r(1)) MB",
"" else empty end),
(if .thumbs then
"**9. Thumbnails** (\(.thumbs.files) saved \(.thumbs.pixels / 1e6 | r(2))-megapixel PNGs, large \(.thumbs.size) px, empty cache): ThumbnailStore \(.thumbs.thumbs_per_s | r(1)) per second on \(.thumbs.threads) thread(s) (\(.thumbs.ms | round) ms), ImageMagick one file after another (`convert -thumbnail`) \(.thumbs.convert_per_s | r(1)) per second (\(.thumbs.convert_ms | round) ms)",
"" else empty end),
(if .gallery_scale then
"**10. Gallery** (\(.gallery_scale.tasks) tasks, \(.gallery_scale.saved_files) with saved 512 × 512 PNGs; the app offscreen, viewport \(.gallery_scale.viewport), cells of \(.gallery_scale.cell_size) px, an empty thumbnail cache): the switch to the first painted grid \(.gallery_scale.first_paint_ms | round) ms; one screen (\(.gallery_scale.page_step_px) px) at a time over the first \(.gallery_scale.prewarm_screens) screens, thumbnails cached, slowest frame \(.gallery_scale.scroll_frame_ms_max | r(1)) ms; every screen to the end (\(.gallery_scale.scroll_all_steps) steps, thumbnails not made yet) slowest frame \(.gallery_scale.scroll_all_frame_ms_max | r(1)) ms; RSS after that \(.gallery_scale.rss_mb | round) MB (\(.gallery_scale.thumbnails_made) thumbnails made)",
"" else empty end),
(if .paste then
"**7. A 10 MB paste** into the add dialog (median of 3 runs by longest stall; a 1 ms timer probes the GUI event loop): longest stall \(.paste.stall_ms_max | r(1)) ms, \(.paste.stalls_over_16ms) ticks over 16 ms, \(.paste.ids) ids listed \(.paste.shown_ms | round) ms after the paste",
"" else empty end),
"**Targets**",
"",
"| target | measured | met |",
"|---|---|---|",
( (.refresh.clients | map({(.client): .}) | add) as $rf
  | $rf["replicate npm 1.4.0"] as $npm
  | ($rf["replimon PredictionClient"], $rf["replimon PollScheduler (app)"])
  | "| \(.client): ≥ 2× npm req/s, CPU per prediction ≤ ⅓ of npm | \(.req_per_s / $npm.req_per_s | r(2))×, \(.cpu_s / $npm.cpu_s | r(2)) | \(yes(.req_per_s >= 2 * $npm.req_per_s and .cpu_s * 3 <= $npm.cpu_s)) |"),
( .watch.distributions[] | .distribution as $d | (.clients | map({(.key): .}) | add) as $c
  | "| watch (\($d)): requests per prediction under a quarter of npm, median detection no later than npm | \($c.replimon.requests_per_prediction | r(1)) vs \($c.npm.requests_per_prediction | r(1)) requests, \($c.replimon.detect_p50_ms | ms) vs \($c.npm.detect_p50_ms | ms) ms | \(yes($c.replimon.detected > 0 and $c.replimon.requests < 0.25 * $c.npm.requests and $c.replimon.detect_p50_ms != null and $c.replimon.detect_p50_ms <= $c.npm.detect_p50_ms)) |"),
( .scale[] | select(.tasks == 10000)
  | "| 10 000 tasks: start ≤ 400 ms | \(.start_ms | round) ms | \(yes(.start_ms <= 400)) |",
    "| 10 000 tasks: RSS ≤ 120 MB | \(.rss_mb | round) MB | \(yes(.rss_mb <= 120)) |",
    "| 10 000 tasks: every sort ≤ 50 ms | \(.sort_max_ms | r(1)) ms | \(yes(.sort_max_ms <= 50)) |",
    "| 10 000 tasks: filter keystroke ≤ 30 ms | \(.filter_ms | r(1)) ms | \(yes(.filter_ms <= 30)) |"),
( .scale[] | select(.tasks == 100000)
  | "| 100 000 tasks: first paint ≤ 500 ms | \(.start_ms | round) ms | \(yes(.start_ms <= 500)) |",
    "| 100 000 tasks: RSS ≤ 250 MB | \(.rss_mb | round) MB | \(yes(.rss_mb <= 250)) |",
    "| 100 000 tasks: every sort ≤ 100 ms | \(.sort_max_ms | r(1)) ms | \(yes(.sort_max_ms <= 100)) |",
    "| 100 000 tasks: filter keystroke ≤ 50 ms | \(.filter_ms | r(1)) ms | \(yes(.filter_ms <= 50)) |"),
( .storm | "| poll storm: longest stall ≤ 16 ms, ≤ 5 ticks over 16 ms a minute | \(.stall_max_ms | r(1)) ms, \(.stalls_over_16ms_per_min | r(1)) a minute | \(yes(.stall_max_ms <= 16 and .stalls_over_16ms_per_min <= 5)) |"),
( .download | "| download: RSS growth ≤ 16 MB | \(.replimon.rss_growth_mb | r(1)) MB | \(yes(.replimon.rss_growth_mb <= 16)) |",
    "| download: ≥ 90 % of curl | \(.ratio * 100 | round) % | \(yes(.ratio >= 0.9)) |"),
( .capture // empty
  | "| capture: added p50 ≤ 1 ms, p99 ≤ 5 ms (get, 50 callers) | \(.added_ms_p50 | r(2)) ms, \(.added_ms_p99 | r(2)) ms | \(yes(.added_ms_p50 <= 1 and .added_ms_p99 <= 5)) |",
    "| capture: ≥ 80 % of direct throughput | \(.throughput_ratio * 100 | round) % | \(yes(.throughput_ratio >= 0.8)) |",
    "| capture: RSS growth ≤ 16 MB | \(.rss_growth_mb | r(1)) MB | \(yes(.rss_growth_mb <= 16)) |"),
( .paste // empty
  | "| 10 MB paste: longest stall ≤ 16 ms | \(.stall_ms_max | r(1)) ms | \(yes(.stall_ms_max <= 16)) |"),
( .thumbs // empty
  | "| thumbnails: ≥ the rate of convert one file after another | \(.vs_convert | r(2))× | \(yes(.vs_convert >= 1)) |"),
( .gallery_scale // empty
  | "| gallery: switch to the first painted grid ≤ 300 ms | \(.first_paint_ms | round) ms | \(yes(.first_paint_ms <= 300)) |",
    "| gallery: slowest frame scrolling a screen at a time, thumbnails cached ≤ 16 ms | \(.scroll_frame_ms_max | r(1)) ms | \(yes(.scroll_frame_ms_max <= 16)) |",
    "| gallery: RSS after scrolling through everything ≤ 400 MB | \(.rss_mb | round) MB | \(yes(.rss_mb <= 400)) |"),
( .fileimport // empty
  | "| history from files: 1 000 saved outputs ≤ 5 s | \(.ms | round) ms | \(yes(.ms <= 5000)) |")
' "$results"
