#!/usr/bin/env bash
# Sets up, builds in release mode and renders the Helsinki demo poster to out/helsinki.png and out/helsinki.pdf,
# a route poster of a walk through Helsinki (out/helsinki-walk.png) and a topographic poster of the bundled DEM
# (out/jacksboro.png); then the service: scripts/service-demo.sh starts `cartopress serve` on embedded defaults,
# submits a poster through the API, follows it, downloads out/service-helsinki.png and stops the server.
set -euo pipefail
cd "$(dirname "$0")/.."
# The demo needs no test tools (schemathesis, the S3 test server): skip their virtualenv.
CARTOPRESS_SKIP_PYTHON_TOOLS=1 source scripts/setup.sh
swift build -c release --product cartopress --static-swift-stdlib
mkdir -p out
.build/release/cartopress render --format png -o out/helsinki.png
.build/release/cartopress render --format pdf -o out/helsinki.pdf
.build/release/cartopress render --gpx Tests/Fixtures/gpx/helsinki-walk.gpx --distance-labels \
    --title "Helsinki walk" --subtitle "3.15 km through the centre" -o out/helsinki-walk.png
.build/release/cartopress render --style topographic --show terrain --show contours --lat 36.59 --lng=-84.245 --zoom 11.55 \
    --title "Jacksboro Fault" --subtitle "Cumberland Mountains, Tennessee" -o out/jacksboro.png
scripts/service-demo.sh .build/release/cartopress
