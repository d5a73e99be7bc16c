"""Prepares the inputs both renderers read, under WORK (default Benchmarks/peers/work):

- tiles/NAME.mbtiles: the bundled PMTiles copied into MBTiles, which MapLibre Native reads (`mbtiles://`);
- tiles/NAME/{z}/{x}/{y}.pbf: the same tiles as files, which `cartopress render-style` reads (`local://`);
- glyphs/FONTSTACK/START-END.pbf: SDF glyphs of the bundled fonts for every fontstack the styles name;
- sprites/STYLE(.json|.png|@2x...): the styles' sprites, copied from Tests/Fixtures/styles-reference;
- styles/STYLE-TARGET.json: each style with its URLs pointed at those files, for each renderer.

Everything here is derived from the repository's own files; nothing is downloaded.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import sqlite3
import sys

from pmtiles.convert import pmtiles_to_mbtiles
from pmtiles.reader import MmapSource, all_tiles

import sdf_glyphs

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))

TILESETS = {"helsinki": "Data/helsinki.pmtiles", "helsinki-x6": "Data/helsinki-x6.pmtiles"}
STYLES = {
    "osm-liberty": "Tests/Fixtures/styles-reference/osm-liberty",
    "positron": "Tests/Fixtures/styles-reference/positron",
}
# The fonts each named font is drawn with. Metropolis is not bundled; positron's stacks fall back to Noto
# Sans, as they would on a server without it (both renderers read the same files).
FONT_FILES = {
    "Roboto Regular": "Fonts/Roboto-Regular.ttf",
    "Roboto Medium": "Fonts/Roboto-Medium.ttf",
    "Roboto Condensed Italic": "Fonts/RobotoCondensed-Italic.ttf",
    "Noto Sans Regular": "Fonts/NotoSans-Regular.ttf",
    "Noto Sans Italic": "Fonts/NotoSans-Italic.ttf",
}
# Ranges of 256 code points that get glyphs besides those the tiles' strings use (ASCII, punctuation).
GLYPH_RANGES = "0-255,8192-8447"


def convert_tiles(work: str) -> None:
    os.makedirs(os.path.join(work, "tiles"), exist_ok=True)
    for name, relative in TILESETS.items():
        source = os.path.join(REPO, relative)
        mbtiles = os.path.join(work, "tiles", f"{name}.mbtiles")
        folder = os.path.join(work, "tiles", name)
        stamp = os.path.join(folder, ".source-mtime")
        if os.path.exists(stamp) and open(stamp).read() == str(os.path.getmtime(source)) and os.path.exists(mbtiles):
            continue
        for stale in (mbtiles,):
            if os.path.exists(stale):
                os.remove(stale)
        shutil.rmtree(folder, ignore_errors=True)
        pmtiles_to_mbtiles(source, mbtiles)
        # MapLibre Native wants the MBTiles index the spec names (and finds tiles by it quickly).
        with sqlite3.connect(mbtiles) as db:
            db.execute("CREATE UNIQUE INDEX IF NOT EXISTS tile_index ON tiles (zoom_level, tile_column, tile_row)")
        count = 0
        with open(source, "rb") as f:
            for (z, x, y), data in all_tiles(MmapSource(f)):
                path = os.path.join(folder, str(z), str(x))
                os.makedirs(path, exist_ok=True)
                with open(os.path.join(path, f"{y}.pbf"), "wb") as out:
                    out.write(data)
                count += 1
        with open(stamp, "w") as out:
            out.write(str(os.path.getmtime(source)))
        print(f"prepare: {relative} -> {count} tiles (MBTiles and files)")


def fontstacks() -> set[str]:
    stacks: set[str] = set()
    for folder in STYLES.values():
        style = json.load(open(os.path.join(REPO, folder, "style.json")))
        for layer in style["layers"]:
            font = layer.get("layout", {}).get("text-font")
            if isinstance(font, list) and all(isinstance(name, str) for name in font):
                stacks.add(",".join(font))
    return stacks


def _fields(data: bytes):
    """(field number, value) of a protobuf message; length-delimited values as bytes."""
    i = 0
    while i < len(data):
        key, i = _varint(data, i)
        wire = key & 7
        if wire == 0:
            value, i = _varint(data, i)
        elif wire == 2:
            length, i = _varint(data, i)
            value, i = data[i : i + length], i + length
        elif wire == 1:
            value, i = data[i : i + 8], i + 8
        elif wire == 5:
            value, i = data[i : i + 4], i + 4
        else:
            raise ValueError(f"protobuf wire type {wire}")
        yield key >> 3, value


def _varint(data: bytes, i: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        byte = data[i]
        i += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return result, i


def tile_code_points() -> set[int]:
    """Every code point of the tiles' string values (names and the like): what labels can ask glyphs for."""
    points: set[int] = set()
    for relative in TILESETS.values():
        with open(os.path.join(REPO, relative), "rb") as f:
            for _, data in all_tiles(MmapSource(f)):
                if data[:2] == b"\x1f\x8b":
                    data = gzip.decompress(data)
                for number, layer in _fields(data):
                    if number != 3:
                        continue
                    for field, value in _fields(layer):
                        if field == 4:  # Value
                            for kind, text in _fields(value):
                                if kind == 1:  # string_value
                                    points.update(ord(c) for c in text.decode("utf-8", "replace"))
    return points


def make_glyphs(work: str) -> None:
    """Glyphs for the ranges the tiles' text and GLYPH_RANGES touch; every other range up to U+FFFF is
    written empty, since MapLibre Native gives up on a render when a range it asks for cannot be read."""
    glyphs = os.path.join(work, "glyphs")
    starts = sorted(set(sdf_glyphs.parse_ranges(GLYPH_RANGES)) | {point - point % 256 for point in tile_code_points() if point <= 0xFFFF})
    for stack in sorted(fontstacks()):
        if os.path.exists(os.path.join(glyphs, stack, "65280-65535.pbf")):
            continue
        fonts = [os.path.join(REPO, FONT_FILES[name]) for name in stack.split(",") if name in FONT_FILES]
        if not fonts:
            sys.exit(f"prepare: no bundled font for the fontstack {stack!r}; add it to FONT_FILES")
        count = sdf_glyphs.write_ranges(fonts, stack, glyphs, starts)
        sdf_glyphs.write_ranges([], stack, glyphs, [start for start in range(0, 65536, 256) if start not in starts])
        print(f"prepare: glyphs of {stack!r} ({count} in {len(starts)} ranges) from {', '.join(os.path.basename(f) for f in fonts)}")


def copy_sprites(work: str) -> None:
    sprites = os.path.join(work, "sprites")
    os.makedirs(sprites, exist_ok=True)
    for name, folder in STYLES.items():
        for suffix in (".json", ".png", "@2x.json", "@2x.png"):
            shutil.copyfile(os.path.join(REPO, folder, f"sprite{suffix}"), os.path.join(sprites, f"{name}{suffix}"))


def style_for(name: str, tileset: str, target: str, work: str, labels: bool) -> dict:
    """STYLE with its vector source on TILESET and its sprite and glyphs on WORK's files, as TARGET reads them:
    `native` (MapLibre Native: mbtiles:// and file://), `map` (cartopress render-style: local:// under WORK)
    or `poster` (cartopress render/bench: --tiles gives the tiles, the sprite is a path)."""
    style = json.load(open(os.path.join(REPO, STYLES[name], "style.json")))
    # Raster sources from the network (osm-liberty's Natural Earth relief, drawn below zoom 6) are left out
    # with their layers, for both renderers alike.
    remote = {sid for sid, source in style["sources"].items() if source["type"] != "vector"}
    for sid in remote:
        del style["sources"][sid]
    style["layers"] = [layer for layer in style["layers"] if layer.get("source") not in remote]
    if not labels:
        style["layers"] = [layer for layer in style["layers"] if layer["type"] != "symbol"]
    for layer in style["layers"]:
        if "text-field" in layer.get("layout", {}):
            layer["layout"]["text-field"] = _latin_or_name(layer["layout"]["text-field"])
    work = os.path.abspath(work)
    (vector,) = [sid for sid, source in style["sources"].items() if source["type"] == "vector"]
    if target == "native":
        style["sources"][vector] = {"type": "vector", "url": f"mbtiles://{work}/tiles/{tileset}.mbtiles"}
        style["sprite"] = f"file://{work}/sprites/{name}"
        style["glyphs"] = f"file://{work}/glyphs/{{fontstack}}/{{range}}.pbf"
    elif target == "map":
        style["sources"][vector] = {"type": "vector", "tiles": [f"local://tiles/{tileset}/{{z}}/{{x}}/{{y}}.pbf"],
                                    "minzoom": 0, "maxzoom": 14}
        style["sprite"] = f"local://sprites/{name}"
        style["glyphs"] = "local://glyphs/{fontstack}/{range}.pbf"
    else:
        style["sprite"] = f"{work}/sprites/{name}"
        style["glyphs"] = f"{work}/glyphs/{{fontstack}}/{{range}}.pbf"
    return style


def _latin_or_name(value):
    """positron labels `name:latin`, which the bundled tiles (tilemaker) do not have: fall back to `name`,
    so that its labels are drawn at all (for both renderers alike)."""
    if value == ["get", "name:latin"]:
        return ["coalesce", ["get", "name:latin"], ["get", "name"]]
    if isinstance(value, list):
        return [_latin_or_name(item) for item in value]
    return value


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--work", default=os.path.join(HERE, "work"))
    args = parser.parse_args(argv)
    convert_tiles(args.work)
    make_glyphs(args.work)
    copy_sprites(args.work)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
