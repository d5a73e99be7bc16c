#!/usr/bin/env bash
# Installs what CartoPress needs on a Debian machine. Quick when everything is already there.
set -euo pipefail

packages=(
  pkg-config
  libcairo2-dev      # drawing, PDF
  libfreetype-dev    # glyph rasterisation
  libharfbuzz-dev    # text shaping
  libpng-dev         # PNG encoding
  zlib1g-dev         # gzip tiles
  libcurl4-openssl-dev  # HTTP tile sources and uploads
  libhiredis-dev     # Redis job queue
  curl               # scripts/loadtest.sh and the container health check
  redis-server       # test-only: the tests start their own on loopback
  python3-venv       # test-only: schemathesis runs from a private virtualenv
)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v swift >/dev/null 2>&1; then
  for candidate in /opt/swift/usr/bin /usr/share/swift/usr/bin; do
    [ -x "$candidate/swift" ] && export PATH="$candidate:$PATH"
  done
fi
command -v swift >/dev/null 2>&1 || {
  echo "setup: Swift 6.1 or newer is needed (https://www.swift.org/install/linux/); put 'swift' on PATH and run again" >&2
  exit 1
}
echo "setup: system packages present; $(swift --version 2>/dev/null | head -n 1)"

# schemathesis (PyPI) checks the live API against its OpenAPI document; it lives in a private virtualenv
# so that the system Python stays untouched.
schemathesis_home=".build-tools/venv"
if [ "${CARTOPRESS_SKIP_PYTHON_TOOLS:-0}" != "1" ] && [ ! -x "$schemathesis_home/bin/schemathesis" ]; then
  echo "setup: installing schemathesis into $schemathesis_home"
  python3 -m venv "$schemathesis_home"
  # hypothesis 6.170.1 and later drop an internal that hypothesis-jsonschema (a schemathesis dependency) uses.
  "$schemathesis_home/bin/pip" install -q "schemathesis==3.39.16" "hypothesis>=6.108,<6.170.1"
fi
