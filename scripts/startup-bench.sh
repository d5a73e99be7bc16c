#!/usr/bin/env bash
# Start-up cost of a one-shot render: the wall time of `cartopress render` of a 64 x 64 px poster, one process
# per run, so that what a render pays before drawing (loading, style parsing) dominates. Median [min-max] of
# RUNS runs after one warm-up, for a bundled style and for a style file.
#
#   scripts/startup-bench.sh [RUNS] [BINARY]   (default 11 runs of .build/release/cartopress)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-11}"
bin="${2:-.build/release/cartopress}"
[ -x "$bin" ] || { echo "no $bin: swift build -c release --product cartopress --static-swift-stdlib" >&2; exit 2; }
style_file=Benchmarks/peers/work/styles/pitched-poster.json
measure() {
  "$bin" render --width 64 --height 64 -o /tmp/cartopress-startup.png "$@" >/dev/null
  for _ in $(seq "$runs"); do
    start=$(date +%s%N)
    "$bin" render --width 64 --height 64 -o /tmp/cartopress-startup.png "$@" >/dev/null
    echo $(( ($(date +%s%N) - start) / 1000000 ))
  done | sort -n | awk '{ t[NR] = $1 } END { printf "%d ms [%d-%d]\n", t[int((NR + 1) / 2)], t[1], t[NR] }'
}
echo "one-shot 64x64 render, wall time, median [min-max] of $runs runs after a warm-up ($bin)"
printf '  %-62s %s\n' "--style minimal" "$(measure --style minimal)"
if [ -f "$style_file" ]; then
  printf '  %-62s %s\n' "--style $style_file" "$(measure --style "$style_file" --tiles Data/helsinki.pmtiles)"
else
  echo "  (no $style_file: run Benchmarks/peers/prepare.py, or copy Benchmarks/peers/work from a checkout that has it)"
fi
