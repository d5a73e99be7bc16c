#!/usr/bin/env bash
# Sets up, builds in release mode and renders the Helsinki demo poster to out/helsinki.png and out/helsinki.pdf.
set -euo pipefail
cd "$(dirname "$0")/.."
# The demo needs no test tools (schemathesis, the S3 test server): skip their virtualenv.
CARTOPRESS_SKIP_PYTHON_TOOLS=1 source scripts/setup.sh
swift build -c release --product cartopress
mkdir -p out
.build/release/cartopress render --format png -o out/helsinki.png
.build/release/cartopress render --format pdf -o out/helsinki.pdf
