"""SDF glyph PBFs in MapLibre's format from a TrueType/OpenType font.

MapLibre's glyph servers (node-fontnik, font-maker) ship one protobuf per fontstack and range of 256 code
points; each glyph is a signed distance field of the glyph at 24 px with a 3 px buffer, where the outline
sits at 192 (cutoff 0.25) and one unit is 1/32 px of distance (radius 8). The field is computed here from a
4x supersampled FreeType rendering with scipy's exact Euclidean distance transform, which is within a
fraction of a pixel of the outline-based distance those servers compute.

    python sdf_glyphs.py FONT.ttf "Font Name" OUT_DIR [--ranges 0-767,8192-8447]
"""

from __future__ import annotations

import argparse
import math
import os
import sys

import freetype
import numpy as np
from scipy import ndimage

SIZE = 24          # px: MapLibre's glyph size (ONE_EM)
BUFFER = 3         # px of field around each glyph
RADIUS = 8         # px of distance that the 0-255 range spans
CUTOFF = 0.25      # where the outline sits: 255 * (1 - CUTOFF) = 191
SUPERSAMPLE = 4    # rendering scale for the distance transform


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _zigzag(value: int) -> int:
    return (value << 1) ^ (value >> 63)


def _field(number: int, wire: int, payload) -> bytes:
    key = _varint((number << 3) | wire)
    if wire == 0:
        return key + _varint(payload)
    return key + _varint(len(payload)) + payload


def _glyph_message(code: int, bitmap: bytes, width: int, height: int, left: int, top: int, advance: int) -> bytes:
    # glyphs.proto: id 1, bitmap 2, width 3, height 4, left 5 (sint32), top 6 (sint32), advance 7
    message = _field(1, 0, code)
    if bitmap:
        message += _field(2, 2, bitmap)
    message += _field(3, 0, width) + _field(4, 0, height)
    message += _field(5, 0, _zigzag(left)) + _field(6, 0, _zigzag(top)) + _field(7, 0, advance)
    return message


class SDFFont:
    """One font face at MapLibre's glyph size and at the supersampled size."""

    def __init__(self, path: str):
        self.face = freetype.Face(path)
        self.big = freetype.Face(path)
        self.face.set_pixel_sizes(0, SIZE)
        self.big.set_pixel_sizes(0, SIZE * SUPERSAMPLE)
        # Glyph tops are measured from the ascender, as fontnik writes them.
        self.ascender = self.face.size.ascender >> 6

    def has(self, code: int) -> bool:
        return self.face.get_char_index(code) != 0

    def glyph(self, code: int) -> bytes:
        flags = freetype.FT_LOAD_NO_HINTING
        self.face.load_char(code, flags)
        slot = self.face.glyph
        advance = int(round(slot.advance.x / 64))
        bbox = slot.outline.get_bbox()
        if slot.outline.n_points == 0 or bbox.xMax <= bbox.xMin or bbox.yMax <= bbox.yMin:
            return _glyph_message(code, b"", 0, 0, 0, -self.ascender, advance)
        left = math.floor(bbox.xMin / 64)
        right = math.ceil(bbox.xMax / 64)
        bottom = math.floor(bbox.yMin / 64)
        top = math.ceil(bbox.yMax / 64)
        width, height = right - left, top - bottom

        self.big.load_char(code, flags | freetype.FT_LOAD_RENDER)
        big = self.big.glyph.bitmap
        inside = np.zeros((big.rows, big.width), dtype=bool)
        if big.rows and big.width:
            pixels = np.array(big.buffer, dtype=np.uint8).reshape(big.rows, big.pitch)[:, : big.width]
            inside = pixels >= 128
        # The supersampled picture placed on a canvas that covers the field with room for the radius.
        s = SUPERSAMPLE
        pad = (BUFFER + RADIUS + 2) * s
        canvas = np.zeros((inside.shape[0] + 2 * pad, inside.shape[1] + 2 * pad), dtype=bool)
        canvas[pad : pad + inside.shape[0], pad : pad + inside.shape[1]] = inside
        outside_distance = ndimage.distance_transform_edt(~canvas)
        inside_distance = ndimage.distance_transform_edt(canvas)
        # Pixel centres to the nearest pixel of the other kind, less half a pixel: the outline between them.
        signed = np.where(canvas, 0.5 - inside_distance, outside_distance - 0.5) / s  # px, positive outside
        # Centre of field pixel (i, j) in 24 px units: x = left - BUFFER + i + 0.5, y = top + BUFFER - j - 0.5;
        # the canvas's column of x is (x * s - bitmap_left) + pad.
        columns = ((left - BUFFER + np.arange(width + 2 * BUFFER) + 0.5) * s - self.big.glyph.bitmap_left + pad).astype(int)
        rows = ((self.big.glyph.bitmap_top - (top + BUFFER - np.arange(height + 2 * BUFFER) - 0.5) * s) + pad).astype(int)
        columns = np.clip(columns, 0, canvas.shape[1] - 1)
        rows = np.clip(rows, 0, canvas.shape[0] - 1)
        distance = signed[np.ix_(rows, columns)]
        values = np.clip(np.round(255 - 255 * (distance / RADIUS + CUTOFF)), 0, 255).astype(np.uint8)
        return _glyph_message(code, values.tobytes(), width, height, left, top - self.ascender, advance)


def write_ranges(fonts: list[str], name: str, out_dir: str, ranges: list[int]) -> int:
    """Writes OUT_DIR/NAME/START-END.pbf for each range start; the first font with a glyph wins."""
    faces = [SDFFont(path) for path in fonts]
    folder = os.path.join(out_dir, name)
    os.makedirs(folder, exist_ok=True)
    written = 0
    for start in ranges:
        glyphs = b""
        for code in range(start, start + 256):
            face = next((f for f in faces if f.has(code)), None)
            if face is not None:
                glyphs += _field(3, 2, face.glyph(code))
                written += 1
        stack = _field(1, 2, name.encode()) + _field(2, 2, f"{start}-{start + 255}".encode()) + glyphs
        with open(os.path.join(folder, f"{start}-{start + 255}.pbf"), "wb") as out:
            out.write(_field(1, 2, stack))
    return written


def parse_ranges(text: str) -> list[int]:
    starts: set[int] = set()
    for part in text.split(","):
        low, _, high = part.partition("-")
        first, last = int(low), int(high or low)
        starts.update(range(first - first % 256, last + 1, 256))
    return sorted(starts)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("font", nargs="+", help="font files, in fallback order")
    parser.add_argument("--name", required=True, help="fontstack name (the folder)")
    parser.add_argument("--out", required=True)
    parser.add_argument("--ranges", default="0-767,8192-8447")
    args = parser.parse_args(argv)
    count = write_ranges(args.font, args.name, args.out, parse_ranges(args.ranges))
    print(f"{args.name}: {count} glyphs")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
