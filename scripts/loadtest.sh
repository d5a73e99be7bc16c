#!/usr/bin/env bash
# The service load test in one command: a release build, a private redis-server, `cartopress serve` with
# two workers, an API key, then 100 clients submitting 1,000 posters of 1200x1800 (minimal) and polling
# them to completion with `cartopress-bench load-test`. Prints throughput, latency percentiles and the
# server's peak RSS.
# Usage: scripts/loadtest.sh [load-test options, e.g. --posters 200]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
swift build -c release --product cartopress --static-swift-stdlib
swift build -c release --product cartopress-bench --static-swift-stdlib
bin="$(swift build -c release --show-bin-path)/cartopress"
bench="$(swift build -c release --show-bin-path)/cartopress-bench"

work="$(mktemp -d)"
redis_port=$((20000 + RANDOM % 20000))
http_port=$((40000 + RANDOM % 20000))
cleanup() {
  [[ -n "${server_pid:-}" ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  redis-cli -p "$redis_port" shutdown nosave >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes \
  --dir "$work" --logfile "$work/redis.log" --maxmemory-policy noeviction
for _ in $(seq 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done

export CARTOPRESS_REDIS_URL="redis://127.0.0.1:$redis_port" CARTOPRESS_PORT="$http_port" \
  CARTOPRESS_DATA_DIR="$work/data" CARTOPRESS_API_KEY_PEPPER="load-test-pepper" CARTOPRESS_WORKERS=2 \
  CARTOPRESS_RATE_LIMIT_PER_MINUTE=1000000 CARTOPRESS_LOG_LEVEL=warning
key="$("$bin" keys create --name load-test 2>/dev/null)"
"$bin" serve >"$work/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$http_port/readyz" >/dev/null && break; sleep 0.1; done

"$bench" load-test --url "http://127.0.0.1:$http_port" --key "$key" --server-pid "$server_pid" "$@"
echo "queue after the run:"
curl -s "http://127.0.0.1:$http_port/metrics" | grep -E '^cartopress_jobs\{|^cartopress_dead_letters|^cartopress_jobs_total' || true
