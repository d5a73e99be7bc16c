#!/usr/bin/env bash
# Renders the README's contact sheet, docs/styles.jpg: every style in Styles/ with its default palette, the
# demo view of central Helsinki from the bundled tiles, one poster each, in the catalogue's order.
#
#   scripts/contact-sheet.sh [CARTOPRESS_BINARY]   (default .build/release/cartopress; build it first)
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-.build/release/cartopress}"
[ -x "$bin" ] || { echo "no CartoPress binary at $bin: swift build -c release --product cartopress --static-swift-stdlib" >&2; exit 2; }
command -v montage >/dev/null || { apt-get install -y -q imagemagick >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q imagemagick >/dev/null; }; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
styles=$("$bin" styles --json | python3 -c 'import json, sys; print(" ".join(s["id"] for s in json.load(sys.stdin)["styles"]))')
files=()
for style in $styles; do
  # The demo poster's view at half its size: 1200 x 1800 px at pixel ratio 1.
  "$bin" render --style "$style" --width 1200 --height 1800 --pixel-ratio 1 --subtitle "$style" -o "$work/$style.png" >/dev/null
  files+=("$work/$style.png")
done
montage "${files[@]}" -geometry 320x480+6+6 -tile 6x -background '#d8d8d8' -quality 85 docs/styles.jpg
echo "wrote docs/styles.jpg: ${styles// /, }"
