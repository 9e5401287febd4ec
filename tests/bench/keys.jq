# The figures the issues track from run to run, under the names they gave (an interface: keep them stable),
# next to the detail each step writes. Fields that a step did not produce stay absent.
(.refresh // []) as $refresh
| ($refresh | map(select(.client | startswith("replicate npm"))) | first | .req_per_s) as $npm
| ($refresh | map(select(.client == "replimon PollScheduler (app)")) | first | .req_per_s) as $app
| ((.watch.distributions // []) | map(select(.distribution == "realistic")) | first // {}) as $real
| (($real.clients // []) | map({(.key): .}) | add // {}) as $watch
| .refresh = {clients: $refresh,
              app_vs_npm: (if $npm and $app then $app / $npm else null end)}
# watch.*: the realistic run times (run_dist realistic), replimon-cli wait against the npm client.
| if .watch then .watch += {clients: ($real.clients // []),
                            requests_ratio_vs_npm: (if $watch.replimon and $watch.npm
                                                    then $watch.replimon.requests / $watch.npm.requests else null end),
                            detect_p50_ms: $watch.replimon.detect_p50_ms,
                            npm_detect_p50_ms: $watch.npm.detect_p50_ms} else . end
| if .storm then .storm += {stall_ms_max: .storm.stall_max_ms,
                            stalls_over_16ms_per_min: (.storm.stalls_over_16ms / (.storm.seconds / 60))} else . end
| if .download then .download += {ratio_vs_curl: .download.ratio} else . end
| ((.scale // []) | map(select(.tasks == 100000)) | first) as $big
| if $big then .scale100k = {first_paint_ms: $big.start_ms, filter_ms: $big.filter_ms, sort_ms_max: $big.sort_max_ms,
                             rss_mb: $big.rss_mb} else . end
| ((.scale // []) | map(select(.tasks == 1000000)) | first) as $huge
| if $huge then .scale1m = {first_paint_ms: $huge.start_ms, filter_ms: $huge.filter_ms, rss_mb: $huge.rss_mb}
  else . end
# The gallery's keys gather figures from several steps: each adds its own to what is there.
| if .thumbs then .gallery = ((.gallery // {}) + {thumbs_per_s: .thumbs.thumbs_per_s,
                                                  thumbs_vs_convert: .thumbs.vs_convert}) else . end
| if .gallery_scale then .gallery = ((.gallery // {}) + {first_paint_ms: .gallery_scale.first_paint_ms,
                                                        scroll_frame_ms_max: .gallery_scale.scroll_frame_ms_max,
                                                        rss_mb: .gallery_scale.rss_mb}) else . end
