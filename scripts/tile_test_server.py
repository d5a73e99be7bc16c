"""A tile server for the TileFetch tests and the tile benchmark, on 127.0.0.1 and a free port it prints as
its first line. Standard library only.

  python3 tile_test_server.py --root DIR [--latency-ms N]

DIR holds tiles as z/x/y.pbf and, optionally, archive.pmtiles. Every answer waits N ms first.

  /tiles/z/x/y.pbf      the tile (404 if there is none), Cache-Control: max-age=3600
  /tiles.json           TileJSON for /tiles (relative template)
  /archive.pmtiles      the archive with byte ranges and an ETag; POST /control/replace changes the ETag
  /flaky/z/x/y.pbf      500 to the first request for each path, then the tile
  /slow/z/x/y.pbf       the tile after 5 s
  /truncated/z/x/y.pbf  promises more bytes than it sends, then closes
  /bomb/z/x/y.pbf       a gzip stream of 256 MiB of zeros, as a tile
  /html/z/x/y.pbf       200 with an HTML error page
  /redirect/z/x/y.pbf   302 to a private address
  /missing/...          404        /empty/...  204        /nostore/z/x/y.pbf  the tile, Cache-Control: no-store
  /any/z/x/y.pbf        --synthetic-bytes deterministic bytes for any tile (for the fetch benchmark)
  /count?prefix=P       how many requests paths starting with P have had (JSON number)
  /planet               TileJSON without a suffix, as OpenFreeMap's planet: /world tiles, bounds of the world
  /world/z/x/y.pbf      a tile for every place: one of DIR's tiles at that zoom (stand-in for planet tiles)
  /terrarium/z/x/y.png  a Terrarium DEM tile for every place: a hill in each tile, 0-1200 m (as AWS's)
  /search?q=…&format=jsonv2&limit=N   a Nominatim stand-in knowing carto-art's example places ([] for others)
"""
import argparse
import json
import os
import signal
import sys
import threading
import time
import math
import struct
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

counts = {}
seen = set()
lock = threading.Lock()
state = {"etag": '"v1"'}
bomb = []


def gzip_bomb():
    with lock:
        if not bomb:
            # Compressed in 1 MiB steps so the server never holds the expanded bytes.
            compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
            chunk = bytes(1 << 20)
            parts = [compressor.compress(chunk) for _ in range(256)]
            parts.append(compressor.flush())
            bomb.append(b"".join(parts))
    return bomb[0]


def png(width, height, rows):
    """An 8-bit RGB PNG of `rows` (each bytes of width*3), with the standard library alone."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + row for row in rows)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b""))


terrarium_cache = {}


def terrarium_tile():
    """One 256 px Terrarium tile: a round hill rising to 1200 m in its middle (height = R*256 + G + B/256 - 32768)."""
    with lock:
        if "tile" not in terrarium_cache:
            rows = []
            for y in range(256):
                row = bytearray()
                for x in range(256):
                    d = math.hypot(x - 127.5, y - 127.5) / 128
                    metres = max(0.0, 1200 * (1 - d * d))
                    v = metres + 32768
                    row += bytes((int(v // 256), int(v) % 256, int((v - int(v)) * 256)))
                rows.append(bytes(row))
            terrarium_cache["tile"] = png(256, 256, rows)
    return terrarium_cache["tile"]


def world_tile(root, z, x, y):
    """Bytes of one of root's tiles at zoom z, chosen by position, or None if root has none at z."""
    folder = os.path.join(root, str(z))
    if not os.path.isdir(folder):
        return None
    tiles = sorted(os.path.join(folder, column, name) for column in os.listdir(folder)
                   for name in os.listdir(os.path.join(folder, column)) if name.endswith(".pbf"))
    if not tiles:
        return None
    with open(tiles[(x * 7 + y * 13) % len(tiles)], "rb") as f:
        return f.read()


PLACES = {"paris": ("48.8566", "2.3522", "Paris, Île-de-France, France"),
          "los angeles": ("34.0522", "-118.2437", "Los Angeles, California, United States"),
          "tokyo": ("35.6762", "139.6503", "Tokyo, Japan")}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    root = "."
    latency = 0.0
    synthetic = b""

    def log_message(self, *args):
        pass

    def answer(self, status, body=b"", headers=None):
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD" and status not in (204, 304):
            self.wfile.write(body)

    def tile(self, rest):
        path = os.path.join(self.root, rest)
        if not os.path.isfile(path):
            return None
        with open(path, "rb") as f:
            return f.read()

    def handle_any(self):
        url = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        path = url.path
        with lock:
            counts[path] = counts.get(path, 0) + 1
        if self.latency:
            time.sleep(self.latency)
        if path == "/count":
            prefix = query.get("prefix", "")
            with lock:
                n = sum(c for p, c in counts.items() if p.startswith(prefix))
            return self.answer(200, json.dumps(n).encode(), {"Content-Type": "application/json"})
        if path == "/control/replace":
            state["etag"] = '"v%d"' % (int(state["etag"].strip('"v')) + 1)
            return self.answer(204)
        if path == "/tiles.json":
            doc = {"tilejson": "3.0.0", "tiles": ["tiles/{z}/{x}/{y}.pbf"], "minzoom": 0, "maxzoom": 14}
            return self.answer(200, json.dumps(doc).encode(), {"Content-Type": "application/json"})
        if path == "/search":
            name = query.get("q", "").split(",")[0].strip().lower()
            found = [{"lat": p[0], "lon": p[1], "display_name": p[2], "place_id": 1} for key, p in PLACES.items() if key == name]
            if query.get("format") != "jsonv2":
                return self.answer(400, b"format must be jsonv2", {"Content-Type": "text/plain"})
            return self.answer(200, json.dumps(found[: int(query.get("limit", "10"))]).encode(), {"Content-Type": "application/json"})
        if path == "/planet":
            host = self.headers.get("Host", "127.0.0.1")
            doc = {"tilejson": "3.0.0", "tiles": ["http://%s/world/{z}/{x}/{y}.pbf" % host], "minzoom": 0, "maxzoom": 14,
                   "bounds": [-180, -85.0511, 180, 85.0511], "attribution": "© OpenMapTiles © OpenStreetMap contributors"}
            return self.answer(200, json.dumps(doc).encode(), {"Content-Type": "application/json"})
        if path.startswith("/world/") or path.startswith("/terrarium/"):
            try:
                z, x, y = (int(p) for p in path.split("/")[2:5][:2] + [path.split("/")[4].split(".")[0]])
            except (ValueError, IndexError):
                return self.answer(404, b"not found")
            if path.startswith("/terrarium/"):
                return self.answer(200, terrarium_tile(), {"Content-Type": "image/png", "Cache-Control": "max-age=3600"})
            body = world_tile(self.root, z, x, y)
            if body is None:
                return self.answer(404, b"no such tile", {"Content-Type": "text/plain"})
            return self.answer(200, body, {"Content-Type": "application/x-protobuf", "Cache-Control": "max-age=3600"})
        if path == "/archive.pmtiles":
            return self.archive()
        parts = path.strip("/").split("/", 1)
        if len(parts) != 2:
            return self.answer(404, b"not found")
        kind, rest = parts
        pbf = {"Content-Type": "application/x-protobuf"}
        if kind == "missing":
            return self.answer(404, b"no such tile", {"Content-Type": "text/plain"})
        if kind == "empty":
            return self.answer(204)
        if kind == "html":
            return self.answer(200, b"<html><body>Service temporarily unavailable</body></html>", {"Content-Type": "text/html"})
        if kind == "redirect":
            return self.answer(302, b"", {"Location": "http://10.0.0.1/" + rest})
        if kind == "bomb":
            return self.answer(200, gzip_bomb(), pbf)
        if kind == "any":
            return self.answer(200, self.synthetic, dict(pbf, **{"Cache-Control": "max-age=3600"}))
        body = self.tile(rest)
        if body is None:
            return self.answer(404, b"no such tile", {"Content-Type": "text/plain"})
        if kind == "flaky":
            with lock:
                first = path not in seen
                seen.add(path)
            if first:
                return self.answer(500, b"try again", {"Content-Type": "text/plain"})
        if kind == "slow":
            time.sleep(5)
        if kind == "truncated":
            self.send_response(200)
            self.send_header("Content-Type", "application/x-protobuf")
            self.send_header("Content-Length", str(len(body) + 1000))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        if kind == "nostore":
            return self.answer(200, body, dict(pbf, **{"Cache-Control": "no-store"}))
        if kind in ("tiles", "flaky", "slow"):
            return self.answer(200, body, dict(pbf, **{"Cache-Control": "max-age=3600"}))
        return self.answer(404, b"not found")

    def archive(self):
        path = os.path.join(self.root, "archive.pmtiles")
        size = os.path.getsize(path)
        etag = state["etag"]
        match = self.headers.get("If-Match")
        if match and match != etag:
            return self.answer(412, b"precondition failed", {"ETag": etag})
        header = self.headers.get("Range", "")
        with open(path, "rb") as f:
            if header.startswith("bytes="):
                start, _, end = header[6:].partition("-")
                start = int(start)
                end = min(int(end) if end else size - 1, size - 1)
                if start >= size:
                    return self.answer(416, b"", {"Content-Range": "bytes */%d" % size, "ETag": etag})
                f.seek(start)
                body = f.read(end - start + 1)
                return self.answer(206, body, {"Content-Range": "bytes %d-%d/%d" % (start, end, size), "ETag": etag,
                                               "Content-Type": "application/octet-stream"})
            return self.answer(200, f.read(), {"ETag": etag, "Content-Type": "application/octet-stream"})

    do_GET = handle_any
    do_HEAD = handle_any
    do_POST = handle_any


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", required=True)
    parser.add_argument("--latency-ms", type=float, default=0)
    parser.add_argument("--synthetic-bytes", type=int, default=32768)
    args = parser.parse_args()
    Handler.synthetic = bytes((i * 7919) % 251 for i in range(args.synthetic_bytes))
    Handler.root = args.root
    Handler.latency = args.latency_ms / 1000
    # Children inherit blocked signal masks from the test runner; SIGTERM must reach this process.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.request_queue_size = 128
    print(server.server_address[1], flush=True)
    # Stop when the parent goes away (stdin closes), unless told to run on its own (the benchmark script).
    if os.environ.get("TILE_SERVER_DETACHED") != "1":
        threading.Thread(target=lambda: (sys.stdin.read(), os._exit(0)), daemon=True).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
