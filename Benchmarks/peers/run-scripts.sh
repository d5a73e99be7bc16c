#!/usr/bin/env bash
# A Tokyo-like poster (Japanese labels) beside the Latin one: scripts_bench.py. Not part of scripts/test.sh.
#
#   Benchmarks/peers/run-scripts.sh [--runs 9] [--no-build]
#
# Uses the same virtualenv and prepared inputs as run.sh (it installs them if missing) and the release
# cartopress; the Japanese labels need fonts-noto-cjk (scripts/setup.sh installs it).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

build=1
args=()
for arg in "$@"; do
  if [ "$arg" = "--no-build" ]; then build=0; else args+=("$arg"); fi
done

tools_home=".build-tools/venv"
requirements="Benchmarks/peers/requirements.txt"
[ -x "$tools_home/bin/pip" ] || python3 -m venv "$tools_home"
if ! cmp -s "$requirements" "$tools_home/peers-installed.txt"; then
  echo "scripts: installing $requirements into $tools_home"
  "$tools_home/bin/pip" install -q -r "$requirements"
  cp "$requirements" "$tools_home/peers-installed.txt"
fi

if [ "$build" = 1 ]; then
  swift build -c release --product cartopress
fi

exec "$tools_home/bin/python" Benchmarks/peers/scripts_bench.py ${args[@]+"${args[@]}"}
