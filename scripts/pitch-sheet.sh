#!/usr/bin/env bash
# Renders the README's pitch sheet, docs/pitch.jpg: the three public OpenMapTiles styles (osm-liberty,
# osm-bright, positron, from Tests/Fixtures/styles-reference with their own sprites) and CartoPress's port of
# carto-art's minimal style with its 3D buildings, each at pitch 0, 30 and 60 over the same view of central
# Helsinki from the bundled tiles (bearing 20). Rows are styles, columns pitches.
#
#   scripts/pitch-sheet.sh [CARTOPRESS_BINARY]   (default .build/release/cartopress; build it first)
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-.build/release/cartopress}"
[ -x "$bin" ] || { echo "no CartoPress binary at $bin: swift build -c release --product cartopress --static-swift-stdlib" >&2; exit 2; }
command -v montage >/dev/null || { apt-get install -y -q imagemagick >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q imagemagick >/dev/null; }; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
view=(--lat 60.1690 --lng 24.9410 --zoom 16.2 --bearing 20 --width 1000 --height 1250 --pixel-ratio 1.25 --margin 0 --no-coordinates)
files=()
for name in osm-liberty osm-bright positron minimal; do
  style=(--style minimal --show buildings_3d)
  if [ "$name" != minimal ]; then
    # The style as published, its sprite URL pointed at the bundled copy of the files it serves.
    python3 - "$name" "$work/$name.json" <<'PY'
import json, os, sys
name, out = sys.argv[1], sys.argv[2]
style = json.load(open(f"Tests/Fixtures/styles-reference/{name}/style.json"))
style["sprite"] = os.path.abspath(f"Tests/Fixtures/styles-reference/{name}/sprite")
json.dump(style, open(out, "w"))
PY
    style=(--style "$work/$name.json")
  fi
  for pitch in 0 30 60; do
    "$bin" render "${style[@]}" "${view[@]}" --pitch "$pitch" --title "$name" --subtitle "pitch $pitch" \
      -o "$work/$name-$pitch.png" 2>&1 | sed "s/^/$name $pitch: /"
    files+=("$work/$name-$pitch.png")
  done
done
montage "${files[@]}" -geometry 400x500+6+6 -tile 3x -background '#d8d8d8' -quality 86 docs/pitch.jpg
echo "wrote docs/pitch.jpg"
