#!/usr/bin/env python3
"""Cut a georeferenced Terrarium DEM PNG into Web Mercator raster-dem tiles in one PMTiles v3 archive.

Input: a Terrarium-encoded PNG (row 0 north; height in metres = R*256 + G + B/256 - 32768) and,
beside it with the same stem, a JSON georeference {"west", "north", "cellsize", "width", "height"}
in EPSG:4326 degrees. Pixel (col, row) is the cell whose centre is
lon = west + (col + 0.5) * cellsize, lat = north - (row + 0.5) * cellsize.

Output: for every zoom from --minzoom to --maxzoom, every XYZ tile (y = 0 at the north) that
intersects the DEM's bounding box. Each output pixel takes its centre in Web Mercator, converts it
to lon/lat with the exact spherical Mercator inverse, and interpolates the DEM's heights bilinearly
there. Coordinates are clamped into the grid, so beyond the DEM's edge the edge heights repeat
(tiles that stick out past the DEM show flat extrusions of its border, not no-data).
Heights are written back as Terrarium, rounded to 1/4 m, in opaque 8-bit RGB PNGs: the source heights are
whole metres, and finer fractions (noise from the interpolation) would double the archive's size.
The archive is clustered (tile data in Hilbert tile-id order), identical tiles are stored once,
and the root directory and metadata are gzipped; the tiles themselves are not.

Data/jacksboro-dem.pmtiles is made by this script and committed, so it only needs rerunning when
the recipe changes:

    python3 scripts/make_dem_tiles.py --dem Tests/Fixtures/dem/jacksboro-terrarium.png \\
        --out Data/jacksboro-dem.pmtiles

Needs numpy and Pillow (pinned in scripts/test-tools.txt); the PMTiles writer is the one below.
"""

import argparse
import gzip
import io
import json
import math
import struct
from pathlib import Path

import numpy as np
from PIL import Image


# --- DEM ---------------------------------------------------------------------------------------

def read_dem(png_path):
    """Heights (float64, metres, row 0 north) and the georeference read from the .json beside the PNG."""
    geo = json.loads(Path(png_path).with_suffix(".json").read_text())
    rgb = np.asarray(Image.open(png_path).convert("RGB")).astype(np.float64)
    heights = rgb[..., 0] * 256 + rgb[..., 1] + rgb[..., 2] / 256 - 32768
    if heights.shape != (geo["height"], geo["width"]):
        raise SystemExit(f"{png_path} is {heights.shape[1]}x{heights.shape[0]}, its .json says "
                         f"{geo['width']}x{geo['height']}")
    return heights, geo


def dem_bounds(geo):
    """(west, south, east, north) of the DEM's cells, edges included."""
    return (geo["west"], geo["north"] - geo["height"] * geo["cellsize"],
            geo["west"] + geo["width"] * geo["cellsize"], geo["north"])


def bilinear_weights(coord, size):
    """Lower index and fraction for bilinear interpolation, the coordinate clamped into [0, size-1]."""
    coord = np.clip(coord, 0, size - 1)
    lo = np.minimum(np.floor(coord).astype(np.int64), size - 2)
    return lo, coord - lo


def render_tile(heights, geo, z, x, y, size):
    """Heights (size x size, float64) at the pixel centres of tile z/x/y."""
    world = size * 2 ** z
    wx = x * size + np.arange(size) + 0.5
    wy = y * size + np.arange(size) + 0.5
    lon = wx / world * 360 - 180
    lat = np.degrees(np.arctan(np.sinh(np.pi * (1 - 2 * wy / world))))
    # Mercator is separable: columns depend only on px, rows only on py.
    c0, fc = bilinear_weights((lon - geo["west"]) / geo["cellsize"] - 0.5, geo["width"])
    r0, fr = bilinear_weights((geo["north"] - lat) / geo["cellsize"] - 0.5, geo["height"])
    fc, fr = fc[np.newaxis, :], fr[:, np.newaxis]
    h00 = heights[np.ix_(r0, c0)]
    h01 = heights[np.ix_(r0, c0 + 1)]
    h10 = heights[np.ix_(r0 + 1, c0)]
    h11 = heights[np.ix_(r0 + 1, c0 + 1)]
    return (1 - fr) * ((1 - fc) * h00 + fc * h01) + fr * ((1 - fc) * h10 + fc * h11)


def terrarium_png(h):
    """Heights as a Terrarium RGB PNG, rounded to 1/4 m."""
    q = np.round((h + 32768) * 4).astype(np.int64) * 64
    if q.min() < 0 or q.max() >= 1 << 24:
        raise SystemExit("height outside Terrarium's range")
    rgb = np.stack([q >> 16, (q >> 8) & 255, q & 255], axis=-1).astype(np.uint8)
    out = io.BytesIO()
    Image.fromarray(rgb).save(out, format="PNG", optimize=True)
    return out.getvalue()


def tiles_covering(bounds, z):
    """XYZ tiles (x, y) at zoom z intersecting the lon/lat box (west, south, east, north)."""
    west, south, east, north = bounds
    n = 2 ** z

    def tx(lon):
        return (lon + 180) / 360 * n

    def ty(lat):
        return (1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n

    # An upper edge exactly on a tile boundary does not reach into the next tile.
    xs = range(max(0, math.floor(tx(west))), min(n, math.ceil(tx(east))))
    ys = range(max(0, math.floor(ty(north))), min(n, math.ceil(ty(south))))
    return [(x, y) for x in xs for y in ys]


# --- PMTiles v3 (https://github.com/protomaps/PMTiles/blob/main/spec/v3/spec.md) ---------------

def tile_id(z, x, y):
    """Hilbert tile id: all tiles of the zooms below z, then (x, y)'s position on zoom z's curve."""
    acc = sum(4 ** k for k in range(z))
    n = 2 ** z
    d = 0
    s = n // 2
    while s > 0:
        rx = 1 if x & s else 0
        ry = 1 if y & s else 0
        d += s * s * ((3 * rx) ^ ry)
        if ry == 0:  # rotate the quadrant
            if rx == 1:
                x, y = n - 1 - x, n - 1 - y
            x, y = y, x
        s //= 2
    return acc + d


def varint(n):
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        if n:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def serialize_directory(entries):
    """Entries (tile_id, offset, length, run_length), sorted by tile id, as a gzipped directory."""
    out = bytearray(varint(len(entries)))
    last_id = 0
    for tid, _, _, _ in entries:
        out += varint(tid - last_id)
        last_id = tid
    for _, _, _, run in entries:
        out += varint(run)
    for _, _, length, _ in entries:
        out += varint(length)
    for i, (_, offset, _, _) in enumerate(entries):
        prev = entries[i - 1] if i else None
        out += varint(0 if prev and offset == prev[1] + prev[2] else offset + 1)
    return gzip.compress(bytes(out), mtime=0)


def write_pmtiles(path, tiles, metadata, minzoom, maxzoom, bounds, center):
    """tiles: {tile_id: PNG bytes}. bounds (w, s, e, n), center (lon, lat, zoom)."""
    data = bytearray()
    offsets = {}  # content -> offset: identical tiles are stored once
    entries = []
    for tid in sorted(tiles):
        blob = tiles[tid]
        if blob not in offsets:
            offsets[blob] = len(data)
            data += blob
        offset = offsets[blob]
        last = entries[-1] if entries else None
        if last and last[0] + last[3] == tid and last[1] == offset:
            entries[-1] = (last[0], last[1], last[2], last[3] + 1)  # a run of the same tile
        else:
            entries.append((tid, offset, len(blob), 1))
    root = serialize_directory(entries)
    meta = gzip.compress(json.dumps(metadata, separators=(",", ":")).encode(), mtime=0)
    if 127 + len(root) > 16384:
        raise SystemExit("root directory too big for one directory; leaf directories are not implemented")

    def e7(deg):
        return round(deg * 1e7)

    root_off = 127
    meta_off = root_off + len(root)
    data_off = meta_off + len(meta)
    header = b"PMTiles" + struct.pack(
        "<B11QBBBBBBiiiiBii", 3,
        root_off, len(root), meta_off, len(meta), data_off, 0, data_off, len(data),
        len(tiles), len(entries), len(offsets),
        1, 2, 1, 2,  # clustered, gzip directories, uncompressed tiles, PNG
        minzoom, maxzoom, e7(bounds[0]), e7(bounds[1]), e7(bounds[2]), e7(bounds[3]),
        center[2], e7(center[0]), e7(center[1]))
    assert len(header) == 127
    Path(path).write_bytes(header + root + meta + bytes(data))


# --- main --------------------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dem", required=True, help="Terrarium PNG with a .json georeference beside it")
    ap.add_argument("--out", required=True, help="PMTiles archive to write")
    ap.add_argument("--minzoom", type=int, default=8)
    ap.add_argument("--maxzoom", type=int, default=12)
    ap.add_argument("--tile-size", type=int, default=256)
    args = ap.parse_args()

    heights, geo = read_dem(args.dem)
    bounds = dem_bounds(geo)
    tiles = {}
    for z in range(args.minzoom, args.maxzoom + 1):
        covering = tiles_covering(bounds, z)
        for x, y in covering:
            tiles[tile_id(z, x, y)] = terrarium_png(render_tile(heights, geo, z, x, y, args.tile_size))
        print(f"z{z}: {len(covering)} tiles")

    w, s, e, n = bounds
    center = ((w + e) / 2, (s + n) / 2, max(args.minzoom, args.maxzoom - 1))
    metadata = {
        "name": "Jacksboro DEM (Terrarium)",
        "description": "Elevation of the Jacksboro fault area, Tennessee, as Terrarium-encoded "
                       f"{args.tile_size} px raster-dem PNG tiles; cut by scripts/make_dem_tiles.py",
        "attribution": "DEM: matplotlib sample data (jacksboro_fault_dem)",
        "type": "baselayer",
        "format": "png",
        "encoding": "terrarium",
        "tileSize": str(args.tile_size),
        "minzoom": str(args.minzoom),
        "maxzoom": str(args.maxzoom),
        "bounds": ",".join(f"{v:.6f}" for v in bounds),
        "center": f"{center[0]:.6f},{center[1]:.6f},{center[2]}",
    }
    write_pmtiles(args.out, tiles, metadata, args.minzoom, args.maxzoom, bounds, center)
    print(f"{args.out}: {len(tiles)} tiles, {Path(args.out).stat().st_size} bytes")


if __name__ == "__main__":
    main()
