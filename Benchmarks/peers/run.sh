#!/usr/bin/env bash
# CartoPress beside MapLibre Native (pymgl) on the same maps. Not part of scripts/test.sh.
#
#   Benchmarks/peers/run.sh                                  # every workload, 7 runs each
#   Benchmarks/peers/run.sh --workloads pitched --runs 3     # a quick run
#   Benchmarks/peers/run.sh --modes poster,map               # also cartopress render-style (SDF text)
#   Benchmarks/peers/run.sh --no-build ...                   # use the release binary as it is
#   Benchmarks/peers/run.sh --scripts [--runs 9]             # a Tokyo-like poster beside the Latin one (scripts_bench.py)
#
# Installs Benchmarks/peers/requirements.txt into the repository's .build-tools/venv (the virtualenv
# scripts/setup.sh makes), builds the release cartopress, prepares the inputs under Benchmarks/peers/work
# and runs bench.py with the remaining arguments.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

build=1
program=Benchmarks/peers/bench.py
args=()
for arg in "$@"; do
  case "$arg" in
    --no-build) build=0 ;;
    --scripts) program=Benchmarks/peers/scripts_bench.py ;;
    *) args+=("$arg") ;;
  esac
done

tools_home=".build-tools/venv"
requirements="Benchmarks/peers/requirements.txt"
[ -x "$tools_home/bin/pip" ] || python3 -m venv "$tools_home"
if ! cmp -s "$requirements" "$tools_home/peers-installed.txt"; then
  echo "peers: installing $requirements into $tools_home"
  "$tools_home/bin/pip" install -q -r "$requirements"
  cp "$requirements" "$tools_home/peers-installed.txt"
fi

if [ "$build" = 1 ]; then
  swift build -c release --product cartopress --static-swift-stdlib
fi

# MapLibre Native draws with OpenGL ES through EGL without a display (Mesa's llvmpipe on a CPU-only machine).
export EGL_PLATFORM=surfaceless
exec "$tools_home/bin/python" "$program" ${args[@]+"${args[@]}"}
