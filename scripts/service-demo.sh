#!/usr/bin/env bash
# The service on embedded defaults, end to end: starts `cartopress serve` (queue in the process, posters in a
# fresh data directory, the bundled tiles), makes a key, submits a poster through the API, follows its
# progress, downloads it to out/service-helsinki.png and stops the server. scripts/demo.sh runs it.
#
#   scripts/service-demo.sh [path/to/cartopress]      (default .build/release/cartopress; port: CARTOPRESS_PORT or 8089)
#   KEEP_RUNNING=1 scripts/service-demo.sh            leaves the server running and says how to stop it
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-.build/release/cartopress}
port=${CARTOPRESS_PORT:-8089}
base="http://127.0.0.1:$port"
export CARTOPRESS_DATA_DIR=${CARTOPRESS_DATA_DIR:-$(mktemp -d)} CARTOPRESS_PORT=$port
mkdir -p out

key=$("$bin" keys create --name demo 2>/dev/null)
"$bin" serve > out/serve.log 2>&1 &
server=$!
[ "${KEEP_RUNNING:-0}" = "1" ] || trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -fs "$base/healthz" > /dev/null 2>&1 && break; sleep 0.2; done
curl -fs "$base/healthz" > /dev/null || { echo "service-demo: the server did not start; see out/serve.log" >&2; exit 1; }
echo "service-demo: cartopress serve is up at $base (data in $CARTOPRESS_DATA_DIR, log in out/serve.log)"

answer=$(curl -s -X POST "$base/api/v1/posters/generate" -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
  -d '{"location":{"lat":60.1716,"lng":24.9445},"camera":{"zoom":15.5},"text":{"title":"Helsinki","subtitle":"through the API"}}')
job=$(printf '%s' "$answer" | python3 -c 'import json, sys; print(json.load(sys.stdin)["job_id"])')
echo "service-demo: POST /api/v1/posters/generate -> $answer"

url=""
for _ in $(seq 600); do
  status=$(curl -s -H "Authorization: Bearer $key" "$base/api/v1/posters/jobs/$job")
  line=$(printf '%s' "$status" | python3 -c 'import json, sys; j = json.load(sys.stdin); print("|".join([j["status"], str(j["progress"]), j.get("stage") or "", j.get("download_url") or "", (j.get("error") or {}).get("message", "")]))')
  IFS='|' read -r state progress stage link rest <<< "$line" || true
  echo "service-demo: job $job: $state $progress% ${stage}"
  case "$state" in
    completed) url=$link; break ;;
    failed|cancelled) echo "service-demo: the job $state: $line" >&2; exit 1 ;;
  esac
  sleep 0.2
done
[ -n "$url" ] || { echo "service-demo: the job did not finish in two minutes" >&2; exit 1; }
curl -s -o out/service-helsinki.png "$url"
echo "service-demo: downloaded out/service-helsinki.png ($(wc -c < out/service-helsinki.png) bytes) from $url"
# The designer page and the style package it previews with.
curl -fs "$base/" | grep -q '<title>' || { echo "service-demo: the designer page did not answer at $base/" >&2; exit 1; }
curl -fs "$base/api/v1/styles/minimal/style.json" > /dev/null || { echo "service-demo: the style package did not answer" >&2; exit 1; }
echo "service-demo: the poster designer answers at $base/ (open it in a browser; KEEP_RUNNING=1 leaves the server up)"
if [ "${KEEP_RUNNING:-0}" = "1" ]; then
  echo "service-demo: still running (pid $server): open $base/ to design a poster (API key $key, or none with CARTOPRESS_AUTH=disabled); stop it with: kill $server"
else
  echo "service-demo: stopping the server (KEEP_RUNNING=1 leaves it running)"
fi
