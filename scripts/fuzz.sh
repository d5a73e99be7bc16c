#!/usr/bin/env bash
# Fuzzes the parsers of outside bytes with libFuzzer and AddressSanitizer (Fuzz/Targets/FuzzTargets.swift).
#
#   scripts/fuzz.sh                  every target for 10 s
#   scripts/fuzz.sh gpx 600          one target for ten minutes
#   scripts/fuzz.sh all 5            what CI runs: a crash on the seed corpus fails the build
#
# Targets: mvt pmtiles gzip style expression gpx geojson request s3error tilejson.
# Seeds are the repository's real fixtures; what the fuzzer learns is kept in .build-fuzz/corpus/<target>,
# and a crash, a hang over 2 s or memory over 1 GB leaves its input in .build-fuzz/artifacts/<target>/.
# Replay one: CARTOPRESS_FUZZ_TARGET=gpx .build-fuzz/debug/cartopress-fuzz .build-fuzz/artifacts/gpx/crash-...
set -euo pipefail
cd "$(dirname "$0")/.."

targets=(mvt pmtiles gzip style expression gpx geojson request s3error tilejson)
wanted="${1:-all}"
seconds="${2:-10}"
if [ "$wanted" != "all" ] && ! printf '%s\n' "${targets[@]}" | grep -qx "$wanted"; then
  echo "fuzz: unknown target '$wanted'; give one of: ${targets[*]} or all" >&2
  exit 2
fi
[ "$wanted" = "all" ] || targets=("$wanted")

source scripts/setup.sh >/dev/null
echo "fuzz: building the fuzz targets with libFuzzer and AddressSanitizer (.build-fuzz)"
log=$(mktemp)
# A failed build must fail here, even when an older binary is still in .build-fuzz.
if ! CARTOPRESS_FUZZ=1 swift build --scratch-path .build-fuzz --product cartopress-fuzz \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library >"$log" 2>&1; then
  grep -E "error:" "$log" | sort -u | head -20 >&2 || tail -20 "$log" >&2
  echo "fuzz: the build failed" >&2
  exit 1
fi
grep -E "warning: .*\.swift|Build of product" "$log" || true
rm -f "$log"
binary=.build-fuzz/debug/cartopress-fuzz

# The seeds of each target: fixture folders (read, never written) and made-up inputs.
seeds() {
  case "$1" in
    mvt) echo Tests/Fixtures/mvt-fixtures ;;
    pmtiles) echo Tests/Fixtures/pmtiles ;;
    gzip) echo .build-fuzz/seeds/gzip ;;
    style) echo Styles Tests/Fixtures/styles-reference ;;
    expression) echo Tests/Fixtures/maplibre-style-spec/expression ;;
    gpx) echo Tests/Fixtures/gpx ;;
    geojson) echo .build-fuzz/seeds/geojson ;;
    request) echo Fuzz/Seeds/request ;;
    s3error) echo Fuzz/Seeds/s3error ;;
    tilejson) echo Fuzz/Seeds/tilejson ;;
  esac
}
mkdir -p .build-fuzz/seeds/gzip .build-fuzz/seeds/geojson
for file in Tests/Fixtures/gpx/helsinki-walk.gpx Styles/minimal.json Fuzz/Seeds/request/helsinki.json; do
  gzip -9 -c "$file" > ".build-fuzz/seeds/gzip/$(basename "$file").gz"
done
find Tests/Fixtures -name '*.geojson' -size -64k -exec cp {} .build-fuzz/seeds/geojson/ \;

failed=()
for target in "${targets[@]}"; do
  corpus=".build-fuzz/corpus/$target"
  artifacts=".build-fuzz/artifacts/$target/"
  mkdir -p "$corpus" "$artifacts"
  # shellcheck disable=SC2046
  if CARTOPRESS_FUZZ_TARGET="$target" SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0 \
      "$binary" -max_total_time="$seconds" -timeout=2 -rss_limit_mb=1024 -max_len=262144 \
      -artifact_prefix="$artifacts" -print_final_stats=1 "$corpus" $(seeds "$target") > ".build-fuzz/$target.log" 2>&1; then
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' ".build-fuzz/$target.log" | grep -o '[0-9]*$' || echo "?")
    echo "fuzz: $target: no finding in ${seconds} s ($runs inputs)"
  else
    echo "fuzz: $target: FOUND A PROBLEM; the input is in $artifacts; the log is .build-fuzz/$target.log:" >&2
    grep -E "ERROR|SUMMARY|Fatal error|panic|Test unit written" ".build-fuzz/$target.log" | head -20 >&2 || true
    failed+=("$target")
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: ${#failed[@]} target(s) found a problem: ${failed[*]}" >&2
  exit 1
fi
