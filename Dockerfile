# CartoPress: build with the Swift toolchain, run on slim Debian with only the C libraries it links.
# The package lists mirror scripts/setup.sh (Tests/RenderServiceTests/DockerfileTests.swift checks it).

FROM swift:6.1-bookworm AS build
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      pkg-config libcairo2-dev libfreetype-dev libfontconfig-dev libharfbuzz-dev libicu-dev libdeflate-dev libisal-dev libjpeg62-turbo-dev zlib1g-dev libcurl4-openssl-dev libhiredis-dev curl \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift ./
RUN swift package resolve
COPY Sources Sources
# Package.swift also declares the test and benchmark targets, and SwiftPM checks that every target's directory
# exists; `cartopress` itself links Benchmarks/BenchmarkSupport (for `cartopress bench`). Only `cartopress` is built.
COPY Benchmarks Benchmarks
COPY Tests Tests
RUN swift build -c release --product cartopress --static-swift-stdlib \
 && cp "$(swift build -c release --show-bin-path)/cartopress" /usr/local/bin/cartopress

FROM debian:bookworm-slim
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libcairo2 libfreetype6 libfontconfig1 fonts-noto-core fonts-noto-cjk libharfbuzz0b libicu72 libdeflate0 libisal2 libjpeg62-turbo zlib1g libcurl4 libhiredis0.14 curl ca-certificates tzdata \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --create-home --home-dir /var/lib/cartopress cartopress
COPY --from=build /usr/local/bin/cartopress /usr/local/bin/cartopress
COPY Fonts /opt/cartopress/Fonts
COPY Styles /opt/cartopress/Styles
COPY Data /opt/cartopress/Data
COPY Web /opt/cartopress/Web
# Production defaults: planet-wide OpenMapTiles-schema tiles (OpenFreeMap) and a DEM of the whole world (AWS
# Terrarium), cached on disk; set CARTOPRESS_TILES (and _TERRAIN) to the bundled files or your own to override.
ENV CARTOPRESS_HOME=/opt/cartopress \
    CARTOPRESS_HOST=0.0.0.0 \
    CARTOPRESS_PORT=8080 \
    CARTOPRESS_DATA_DIR=/var/lib/cartopress \
    CARTOPRESS_TILES=https://tiles.openfreemap.org/planet \
    CARTOPRESS_TILE_CACHE_DIR=/var/lib/cartopress/tile-cache \
    CARTOPRESS_TERRAIN=https://s3.amazonaws.com/elevation-tiles-prod/terrarium/{z}/{x}/{y}.png \
    CARTOPRESS_TERRAIN_ENCODING=terrarium \
    CARTOPRESS_TERRAIN_MAXZOOM=15 \
    CARTOPRESS_TERRAIN_ATTRIBUTION="Terrain Tiles: Mapzen, AWS"
USER cartopress
WORKDIR /var/lib/cartopress
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8080/healthz || exit 1
ENTRYPOINT ["cartopress"]
CMD ["serve"]
