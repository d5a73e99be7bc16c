#!/usr/bin/env bash
# Upload throughput, CartoPress against boto3, on the same local S3-compatible server (SeaweedFS, which
# checks signatures): 100 objects of 2 MiB with 4 uploads in flight, five measured runs each after a
# warm-up, the two clients taking turns so that neither gets the quieter minutes. Prints both medians and
# their ratio. Usage: scripts/storage-bench.sh [--objects N --size-mb M --concurrency C --runs R]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
swift build -c release --product cartopress-bench --static-swift-stdlib
bin="$(swift build -c release --show-bin-path)/cartopress-bench"
python=.build-tools/venv/bin/python

access=BENCHKEY
secret='bench/Secret+with=awkward/characters0'
fifo="$(mktemp -u)"
mkfifo "$fifo"
# Bigger volumes: fewer volume creations mid-run, steadier figures.
"$python" scripts/s3_test_server.py --access-key "$access" --secret-key "$secret" --bucket bench --port 0 \
  --volume-size-mb 1024 <"$fifo" >"$fifo.out" 2>/dev/null &
server_pid=$!
exec 3>"$fifo"  # holding the server's stdin open; closing it stops the server
cleanup() { exec 3>&-; kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; rm -f "$fifo" "$fifo.out"; }
trap cleanup EXIT
for _ in $(seq 300); do grep -q READY "$fifo.out" 2>/dev/null && break; sleep 0.1; done
port="$(awk '/READY/ {print $2}' "$fifo.out")"
[ -n "$port" ] || { echo "storage-bench: the S3 server did not start" >&2; exit 1; }
common=(--endpoint "http://127.0.0.1:$port" --bucket bench --access-key "$access" --secret-key "$secret" --runs 1 "$@")

ours=(); theirs=()
for round in 1 2 3 4 5; do
  ours+=("$("$bin" storage "${common[@]}" --prefix "bench/cp$round" | awk '/median/ {print $3}')")
  theirs+=("$("$python" Benchmarks/s3_upload_boto3.py "${common[@]}" --prefix "bench/boto$round" | awk '/median/ {print $3}')")
  echo "round $round: cartopress ${ours[-1]} MB/s, boto3 ${theirs[-1]} MB/s"
done
"$python" - "${ours[*]}" "${theirs[*]}" <<'PY'
import statistics, sys
ours = [float(x) for x in sys.argv[1].split()]
theirs = [float(x) for x in sys.argv[2].split()]
a, b = statistics.median(ours), statistics.median(theirs)
print(f"cartopress median {a:.1f} MB/s, boto3 median {b:.1f} MB/s, ratio {a / b:.2f}")
PY
