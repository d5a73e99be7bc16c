#!/usr/bin/env bash
# Installs what CartoPress needs on a Debian machine. Quick when everything is already there.
set -euo pipefail

packages=(
  pkg-config
  libcairo2-dev      # drawing, PDF
  libfreetype-dev    # glyph rasterisation
  libharfbuzz-dev    # text shaping
  libicu-dev         # Arabic shaping and bidi (right-to-left text)
  libfontconfig-dev  # finding installed faces for scripts the bundled fonts lack
  fonts-noto-core    # runtime-only: those faces, Arabic, Hebrew, Indic, Thai, Georgian, Ethiopic… (not bundled: too large)
  fonts-noto-cjk     # runtime-only: and Chinese, Japanese, Korean
  libdeflate-dev     # PNG encoding
  libisal-dev        # PNG encoding (igzip, the default deflater)
  libjpeg62-turbo-dev  # JPEG raster tiles
  zlib1g-dev         # gzip tiles
  libcurl4-openssl-dev  # HTTP tile sources and uploads
  libhiredis-dev     # Redis job queue
  curl               # scripts/loadtest.sh and the container health check
  redis-server       # test-only: the tests start their own on loopback
  python3-venv       # test-only: schemathesis runs from a private virtualenv
  chromium           # test-only: Playwright drives it (WebGL through SwiftShader) in Tests/Browser
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

# The Python tools of the tests (schemathesis, the S3 server, the webhook reference library; see
# scripts/test-tools.txt) live in a private virtualenv so that the system Python stays untouched. They are
# installed again whenever that list changes.
tools_home=".build-tools/venv"
if [ "${CARTOPRESS_SKIP_PYTHON_TOOLS:-0}" != "1" ] && ! cmp -s scripts/test-tools.txt "$tools_home/installed.txt"; then
  echo "setup: installing the test tools of scripts/test-tools.txt into $tools_home"
  [ -x "$tools_home/bin/pip" ] || python3 -m venv "$tools_home"
  "$tools_home/bin/pip" install -q -r scripts/test-tools.txt
  cp scripts/test-tools.txt "$tools_home/installed.txt"
fi
