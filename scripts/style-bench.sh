#!/usr/bin/env bash
# Render time of every style in Styles/ with its default palette and default options (labels on), at carto-art's
# export size, 2400 x 3600 px, over the whole city-scale mosaic (Data/helsinki-x6.pmtiles) at pixel ratio 2 and
# zoom 12.45: the city case of `cartopress bench`.
# Medians of `cartopress bench`; the figures in Benchmarks/README.md come from this.
#
#   scripts/style-bench.sh [RUNS]   (default 7; needs .build/release/cartopress)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.build/release/cartopress
[ -x "$bin" ] || { echo "no $bin: swift build -c release --product cartopress --static-swift-stdlib" >&2; exit 2; }
runs="${1:-7}"
styles=$("$bin" styles --json | python3 -c 'import json, sys; print(" ".join(s["id"] for s in json.load(sys.stdin)["styles"]))')
echo "style bench: 2400x3600 px, pixel ratio 2, zoom 12.45 over Data/helsinki-x6.pmtiles, $runs runs after a warm-up; ms, median [min-max]"
for style in $styles; do
  "$bin" bench --style "$style" --tiles Data/helsinki-x6.pmtiles --lat 60.171635 --lng 24.944295 --zoom 12.45 \
      --width 2400 --height 3600 --pixel-ratio 2 --runs "$runs" | awk -v s="$style" '$1 == "demo" { $1 = s; print }'
done
