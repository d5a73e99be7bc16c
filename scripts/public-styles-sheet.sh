#!/usr/bin/env bash
# Renders the README's public-styles sheet, docs/public-styles.jpg: three public OpenMapTiles styles nobody
# here wrote (osm-liberty, osm-bright, positron, from Tests/Fixtures/styles-reference with their own
# sprites) and CartoPress's port of carto-art's minimal style with 3D buildings on, over the same view of
# central Helsinki from the bundled tiles: icons, one-way arrows, buildings.
#
#   scripts/public-styles-sheet.sh [CARTOPRESS_BINARY]   (default .build/release/cartopress; build it first)
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-.build/release/cartopress}"
[ -x "$bin" ] || { echo "no CartoPress binary at $bin: swift build -c release --product cartopress --static-swift-stdlib" >&2; exit 2; }
command -v montage >/dev/null || { apt-get install -y -q imagemagick >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q imagemagick >/dev/null; }; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
view=(--lat 60.1690 --lng 24.9410 --zoom 16.2 --width 1000 --height 1250 --pixel-ratio 1.25 --margin 0 --no-coordinates)
files=()
for name in osm-liberty osm-bright positron; do
  # The style as published, its sprite URL pointed at the bundled copy of the files it serves.
  python3 - "$name" "$work/$name.json" <<'PY'
import json, os, sys
name, out = sys.argv[1], sys.argv[2]
style = json.load(open(f"Tests/Fixtures/styles-reference/{name}/style.json"))
style["sprite"] = os.path.abspath(f"Tests/Fixtures/styles-reference/{name}/sprite")
json.dump(style, open(out, "w"))
PY
  "$bin" render --style "$work/$name.json" "${view[@]}" --title "$name" --subtitle "public style" -o "$work/$name.png" 2>&1 | sed "s/^/$name: /"
  files+=("$work/$name.png")
done
"$bin" render --style minimal --show buildings_3d "${view[@]}" --title "minimal" --subtitle "carto-art" -o "$work/minimal.png" 2>&1 | sed "s/^/minimal: /"
files+=("$work/minimal.png")
montage "${files[@]}" -geometry 480x600+6+6 -tile 4x -background '#d8d8d8' -quality 88 docs/public-styles.jpg
echo "wrote docs/public-styles.jpg"
