#!/usr/bin/env bash
# Fetch benchmark for remote tiles: a local tile server (scripts/tile_test_server.py) with 20 ms added to
# every answer, and `cartopress-bench tiles` fetching a 10800 px poster's ~100 tiles from it, cold and warm.
set -euo pipefail
cd "$(dirname "$0")/.."
CARTOPRESS_SKIP_PYTHON_TOOLS=1 source scripts/setup.sh
swift build -c release --product cartopress-bench --static-swift-stdlib
root=$(mktemp -d)
log=$(mktemp)
TILE_SERVER_DETACHED=1 python3 scripts/tile_test_server.py --root "$root" --latency-ms "${LATENCY_MS:-20}" > "$log" &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$root" "$log"' EXIT
for _ in $(seq 50); do [ -s "$log" ] && break; sleep 0.1; done
port=$(head -1 "$log")
"$(swift build -c release --show-bin-path)/cartopress-bench" tiles --template "http://127.0.0.1:$port/any/{z}/{x}/{y}.pbf" --latency-ms "${LATENCY_MS:-20}" "$@"
