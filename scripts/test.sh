#!/usr/bin/env bash
# Sets up and runs every test: scripts/test.sh [--fast] [swift test arguments]
#
#   --fast   skips the suites tagged .slow (they start outside servers or render many posters), for the
#            edit-test loop; CI and a plain run take everything.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

skip=()
if [ "${1:-}" = "--fast" ]; then
  shift
  # The tag is the one list: every suite declared @Suite(… .tags(.slow) …).
  slow=$(grep -rhoE '^@Suite\(.*\.tags\(\.slow\).*\) struct [A-Za-z0-9_]+' Tests | sed -E 's/.* struct //' | sort -u | paste -sd'|' -)
  [ -n "$slow" ] && skip=(--skip "$slow")
  echo "test: --fast skips ${slow//|/, }"
fi

# The styles in Styles/ are written from their facts (Styles/README.md); a hand edit or a stale file fails here.
python3 scripts/build-styles.py --check

# Every target, the test-only executable cartopress-test-worker included: WorkerCrashTests starts it from
# beside the test bundle.
swift build --build-tests
swift test --skip-build "${skip[@]}" "$@"
