#!/usr/bin/env python3
"""Compare CartoPress renders with carto-art's MapLibre styles, style by style.

Reads the MapLibre style JSONs that cartoart-style.ts wrote (carto-art's API
defaults, one per style id), renders each with MapLibre Native (PyPI pymgl)
over the same OpenMapTiles-schema PMTiles that CartoPress reads, renders the
same view with the CartoPress CLI, and reports per style and view the share of
pixels whose colour differs by more than --threshold (default 32/255) in any of
R, G, B, in two variants: (a) both without labels, (b) CartoPress's styles as
shipped. Writes OUT/<style>-<view>.png (a) and OUT/<style>-<view>-shipped.png
(b): carto-art | CartoPress | difference.

With --palettes all (style JSONs written with cartoart-style.ts --all-palettes)
it compares every palette of every style instead of the default one, at one
view and in variant (a) only, and writes OUT/<style>@<palette>-<view>.png.

Normally started by run.sh, which makes the venv and the style JSONs. See
README.md beside this file for the method.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

STYLE_IDS = ["minimal", "dark-mode", "midnight", "blueprint", "vintage", "topographic",
             "watercolor", "abstract", "atmospheric", "organic", "retro"]

# name: (lat, lng, zoom, tiles file relative to the CartoPress home)
# The bundled helsinki.pmtiles covers only about 1.0 x 1.7 km, so views that
# should be full of map use it at zoom 15, and the city-scale views use the
# synthetic 6 x 6 mosaic of the same extract (helsinki-x6.pmtiles, about
# 6 x 10 km; its arrangement is fake, which does not matter when both sides
# read the same tiles). A 600 x 900 frame at 60 N spans 2.9 x 4.3 km at zoom
# 13 and 5.7 x 8.6 km at zoom 12; at zoom 11.5 (8.1 x 12.2 km) even the mosaic
# leaves a bare paper margin, so zoom 12 is the widest filled view.
DEFAULT_VIEWS = {
    "core-z15": (60.17163, 24.94430, 15.0, "Data/helsinki.pmtiles"),
    "city-z13": (60.1699, 24.9384, 13.0, "Data/helsinki-x6.pmtiles"),
    "city-z12": (60.17163, 24.94430, 12.0, "Data/helsinki-x6.pmtiles"),
}


# The one view of --palettes all.
ALL_PALETTES_VIEW = "core-z15"

VARIANT_TITLES = {"nolabels": "(a) no labels", "shipped": "(b) as shipped"}
VARIANT_HELP = {
    "nolabels": "both sides without labels: carto-art's symbol layers dropped (with its API defaults "
                "none is visible anyway), CartoPress's made transparent in a scratch copy of Styles/ "
                "(its `labels` switch stays on, as carto-art's `layers.labels` is, for road widths)",
    "shipped": "CartoPress's Styles/ as they are, with the same switches: labels it draws and "
               "carto-art does not count as differences",
}


def log(*a):
    print(*a, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- tiles

def pmtiles_to_mbtiles(src: Path, dst: Path) -> None:
    """MapLibre Native reads mbtiles:// natively; PMTiles it may not."""
    from pmtiles.reader import MmapSource, Reader, all_tiles

    if dst.exists() and dst.stat().st_mtime >= src.stat().st_mtime:
        return
    tmp = dst.with_suffix(".tmp")
    if tmp.exists():
        tmp.unlink()
    with open(src, "rb") as f:
        reader = Reader(MmapSource(f))
        header = reader.header()
        db = sqlite3.connect(tmp)
        db.execute("create table metadata(name text, value text)")
        db.execute("create table tiles(zoom_level integer, tile_column integer, "
                   "tile_row integer, tile_data blob)")
        for (z, x, y), data in all_tiles(reader.get_bytes):
            db.execute("insert into tiles values(?,?,?,?)", (z, x, (1 << z) - 1 - y, data))
        db.executemany("insert into metadata values(?,?)", [
            ("name", src.stem), ("format", "pbf"),
            ("minzoom", str(header["min_zoom"])), ("maxzoom", str(header["max_zoom"]))])
        db.commit()
        db.close()
    tmp.rename(dst)


# ---------------------------------------------------------------- carto-art side

def prepare_cartoart_style(style: dict, mbtiles: Path, labels: bool) -> tuple[dict, list[str]]:
    """Make carto-art's style renderable offline without changing what it draws.

    - layers whose layout.visibility is 'none' (hidden with the API defaults)
      are dropped, and with them the sources only they used (terrain, contours,
      population, spaceports: all need the internet);
    - the 'openmaptiles' source (OpenFreeMap planet TileJSON) is pointed at the
      local tiles, keeping its zoom range;
    - symbol layers are dropped unless labels are asked for (carto-art's
      glyphs come from the internet). Returns the style and notes.
    """
    s = json.loads(json.dumps(style))
    notes = []
    visible = [l for l in s["layers"] if l.get("layout", {}).get("visibility") != "none"]
    dropped_symbols = [l["id"] for l in visible if l["type"] == "symbol"]
    if not labels and dropped_symbols:
        visible = [l for l in visible if l["type"] != "symbol"]
        notes.append("symbol layers dropped: " + ",".join(dropped_symbols))
    s["layers"] = visible
    used = {l.get("source") for l in visible if l.get("source")}
    for name in list(s.get("sources", {})):
        if name not in used:
            del s["sources"][name]
    for name in used:
        if name != "openmaptiles":
            notes.append(f"visible layers use source {name!r}, which needs the internet")
    if "openmaptiles" in s["sources"]:
        src = s["sources"]["openmaptiles"]
        s["sources"]["openmaptiles"] = {
            "type": "vector", "url": f"mbtiles://{mbtiles}",
            "minzoom": src.get("minzoom", 0), "maxzoom": src.get("maxzoom", 14)}
    terrain = s.get("terrain")
    if terrain and terrain.get("source") not in s["sources"]:
        del s["terrain"]
    if not any(l["type"] == "symbol" for l in visible):
        s.pop("glyphs", None)
    if not any("icon-image" in l.get("layout", {}) or "fill-pattern" in l.get("paint", {})
               or "line-pattern" in l.get("paint", {}) for l in visible):
        s.pop("sprite", None)
    return s, notes


def render_cartoart(style: dict, view, width: int, height: int) -> np.ndarray:
    from pymgl import Map

    lat, lng, zoom = view
    m = Map(json.dumps(style), width, height, 1, lng, lat, zoom)
    png = m.renderPNG()
    with tempfile.NamedTemporaryFile(suffix=".png") as t:
        t.write(png)
        t.flush()
        img = Image.open(t.name).convert("RGBA")
        img.load()
    return flatten(img)


def flatten(img: Image.Image) -> np.ndarray:
    """RGBA over white (MapLibre's canvas is transparent where nothing drew)."""
    a = np.asarray(img.convert("RGBA"), dtype=np.float64) / 255.0
    rgb = a[..., :3] * a[..., 3:4] + (1.0 - a[..., 3:4])
    return np.round(rgb * 255).astype(np.uint8)


# ---------------------------------------------------------------- CartoPress side

def cartopress_catalogue(binary: str, home: Path) -> tuple[dict[str, dict], str]:
    """style id -> {"palettes": [ids], "options": {name: on}} from `cartopress
    styles` (option switches) and Styles/<id>.palettes.json (palette ids; the
    CLI listing cuts long ids). Returns also the CLI's error text, if any."""
    p = subprocess.run([binary, "styles"], cwd=home, capture_output=True, text=True,
                       env={**os.environ, "CARTOPRESS_HOME": str(home)})
    cat: dict[str, dict] = {}
    cur = None
    for line in p.stdout.splitlines():
        m = re.match(r"^(\S+)\s+(\u2014|-)\s", line)
        if m:
            cur = m.group(1)
            cat[cur] = {"palettes": [], "options": {}}
            continue
        m = re.match(r"^\s+options:\s*(.*)$", line)
        if m and cur:
            for name, state in re.findall(r"([\w-]+) \((on|off)\)", m.group(1)):
                cat[cur]["options"][name] = state == "on"
    for sid, entry in cat.items():
        pj = home / "Styles" / f"{sid}.palettes.json"
        try:
            entry["palettes"] = [x["id"] for x in json.loads(pj.read_text())["palettes"]]
        except (OSError, ValueError, KeyError, TypeError):
            pass
    err = "" if p.returncode == 0 else (p.stderr or p.stdout).strip()
    return cat, err


def snake(toggle_id: str) -> str:
    """carto-art toggle id -> CartoPress option name (landcoverWood ->
    landcover_wood, buildings3D -> buildings_3d, labels-streets -> labels_streets)."""
    return re.sub(r"(?<=[a-z])(?=[A-Z0-9])", "_", toggle_id).replace("-", "_").lower()


def toggle_flags(cp_options: dict[str, bool], ca_toggles: dict[str, bool]) -> list[str]:
    """--hide/--show so that each CartoPress option that carto-art also has is
    in the state carto-art's API-default poster shows it in."""
    ca = {snake(k): v for k, v in ca_toggles.items()}
    flags = []
    for name, on in sorted(cp_options.items()):
        if name in ca and ca[name] != on:
            flags += ["--show" if ca[name] else "--hide", name]
    return flags


def render_cartopress(binary: str, home: Path, style_id: str, palette: str | None, view,
                      tiles: Path, width: int, height: int, out: Path,
                      extra: list[str]) -> tuple[np.ndarray | None, str]:
    lat, lng, zoom = view
    cmd = [binary, "render", "--style", style_id, "--lat", repr(lat), "--lng", repr(lng),
           "--zoom", repr(zoom), "--tiles", str(tiles), "--width", str(width),
           "--height", str(height), "--pixel-ratio", "1", "--margin", "0",
           "--title", "", "--subtitle", "", "--no-coordinates", *extra, "-o", str(out)]
    if palette:
        cmd[4:4] = ["--palette", palette]
    p = subprocess.run(cmd, cwd=home, capture_output=True, text=True,
                       env={**os.environ, "CARTOPRESS_HOME": str(home)})
    if p.returncode != 0 or not out.exists():
        lines = (p.stderr or p.stdout).strip().splitlines()
        return None, lines[-1] if lines else f"exit {p.returncode}"
    img = Image.open(out)
    if img.size != (width, height):
        return None, f"CartoPress drew {img.size[0]}x{img.size[1]}, not {width}x{height}"
    return flatten(img), ""


def attribution_box(empty: np.ndarray, pad: int = 3) -> tuple[int, int, int, int] | None:
    """Box of what CartoPress draws over a map with no data (the attribution).

    `empty` is a CartoPress render of the same size where no tiles exist: all
    background but the attribution. Returns (x0, y0, x1, y1), exclusive."""
    flat = empty.reshape(-1, 3)
    mode = Counter(map(tuple, flat[:: max(1, len(flat) // 20000)])).most_common(1)[0][0]
    diff = np.abs(empty.astype(int) - np.array(mode)).max(axis=2) > 8
    h, w = diff.shape
    if not diff.any():
        return None
    ys, xs = np.nonzero(diff)
    # Only the corner text: anything spread over the map means the empty
    # render was not empty (e.g. a texture); then no box.
    if (ys.max() - ys.min()) > h * 0.2 or (xs.max() - xs.min()) > w * 0.6:
        return None
    return (int(max(0, xs.min() - pad)), int(max(0, ys.min() - pad)),
            int(min(w, xs.max() + 1 + pad)), int(min(h, ys.max() + 1 + pad)))


def unlabelled_home(home: Path, dst: Path) -> Path:
    """A scratch CartoPress home whose styles draw no labels but keep their
    `labels` switch: every symbol layer gets text-opacity and icon-opacity 0.
    CartoPress's `labels` switch also picks road widths (carto-art thins roads
    when `layers.labels` is on, even though its API draws no label), so
    `--hide labels` alone would not give carto-art's map without labels."""
    styles = dst / "Styles"
    if styles.exists():
        shutil.rmtree(styles)
    styles.mkdir(parents=True)
    for f in sorted((home / "Styles").iterdir()):
        if f.is_dir():
            shutil.copytree(f, styles / f.name)
            continue
        if f.suffix == ".json" and not f.name.endswith(".palettes.json"):
            try:
                s = json.loads(f.read_text())
                for layer in s.get("layers", []):
                    if layer.get("type") == "symbol":
                        layer.setdefault("paint", {}).update({"text-opacity": 0, "icon-opacity": 0})
                (styles / f.name).write_text(json.dumps(s, indent=1))
                continue
            except ValueError:
                pass
        shutil.copy2(f, styles / f.name)
    for name in os.listdir(home):
        if name != "Styles" and not name.startswith(".") and not (dst / name).exists():
            os.symlink(home / name, dst / name)
    return dst


# ---------------------------------------------------------------- figures

def hexc(c) -> str:
    return "#%02x%02x%02x" % tuple(int(v) for v in c)


def compare(a: np.ndarray, b: np.ndarray, box, threshold: int):
    """Share of counted pixels whose colours differ by more than threshold in
    any of R, G, B; the box (attribution) is not counted."""
    d = np.abs(a.astype(int) - b.astype(int)).max(axis=2) > threshold
    counted = np.ones(d.shape, dtype=bool)
    if box:
        x0, y0, x1, y1 = box
        counted[y0:y1, x0:x1] = False
    share = float((d & counted).sum()) / float(counted.sum())
    # The commonest colour pairs among the differing pixels (quantised to 16
    # levels per channel) tell which feature is off.
    sel = d & counted
    qa = (a[sel] // 16) * 16 + 8
    qb = (b[sel] // 16) * 16 + 8
    pairs = Counter(zip(map(tuple, qa), map(tuple, qb))).most_common(3)
    tops = [(hexc(pa), hexc(pb), float(n / counted.sum())) for (pa, pb), n in pairs]
    return share, d, counted, tops


def dominant(img: np.ndarray) -> str:
    flat = img.reshape(-1, 3)
    return hexc(Counter(map(tuple, flat[:: max(1, len(flat) // 20000)])).most_common(1)[0][0])


def sheet(a: np.ndarray, b: np.ndarray | None, d, counted, box, title: str, out: Path):
    h, w, _ = a.shape
    gap, head = 8, 22
    W = w * 3 + gap * 2
    canvas = Image.new("RGB", (W, h + head), (255, 255, 255))
    draw = ImageDraw.Draw(canvas)
    canvas.paste(Image.fromarray(a), (0, head))
    if b is not None:
        canvas.paste(Image.fromarray(b), (w + gap, head))
        grey = (a.astype(float) @ np.array([0.299, 0.587, 0.114]))
        grey = 255 - (255 - grey) * 0.35  # faded carto-art for context
        vis = np.repeat(grey[..., None], 3, axis=2)
        vis[d & counted] = (230, 0, 120)
        if box:
            x0, y0, x1, y1 = box
            vis[y0:y1, x0:x1] = (200, 200, 255)
        canvas.paste(Image.fromarray(vis.astype(np.uint8)), (2 * (w + gap), head))
    draw.text((4, 5), "carto-art (MapLibre Native)", fill=(0, 0, 0))
    draw.text((w + gap + 4, 5), "CartoPress", fill=(0, 0, 0))
    draw.text((2 * (w + gap) + 4, 5), title, fill=(0, 0, 0))
    canvas.save(out)


# ---------------------------------------------------------------- all palettes

def median(xs: list[float]) -> float:
    xs = sorted(xs)
    n = len(xs)
    return (xs[n // 2] + xs[(n - 1) // 2]) / 2


def finish(rows, args):
    """The switches CartoPress was given, the rows as JSON when asked; the exit status."""
    used = {r["style"]: r.get("flags") for r in rows if r.get("flags")}
    if used:
        print()
        print("CartoPress switches set to carto-art's API defaults: "
              + "; ".join(f"{k}: {' '.join(v)}" for k, v in used.items()))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))
    return 0


def all_palettes(args, binary: str, style_ids: list[str], index: dict, catalogue: dict,
                 cat_err: str, views: dict, mb: dict, vhome: Path) -> int:
    """--palettes all: every palette of every style, one view, variant (a).

    Each carto-art palette is rendered from STYLE@PALETTE.json (what its
    editor draws when that palette is picked) and CartoPress with --palette
    of the same id; a palette id only one side has is reported, not compared."""
    (vname, (lat, lng, zoom, tiles)), = views.items()
    src, mbt = mb[tiles]
    rows, cp_only = [], {}
    for sid in style_ids:
        meta = index.get(sid, {"id": sid, "missing": True})
        if meta.get("missing"):
            rows.append({"style": sid, "palette": "-", "cartopress": "style not in carto-art"})
            continue
        if "palettes" not in meta:
            log(f"{args.styles_dir}/index.json lists no palettes for {sid}: "
                "run cartoart-style.ts with --all-palettes (run.sh --palettes all)")
            return 2
        flags: list[str] = []
        if cat_err:
            first = (cat_err.splitlines()[1:] or cat_err.splitlines())[0]
            style_status = "style package error: " + first[:100]
        elif sid not in catalogue:
            style_status = "missing"
        else:
            style_status = "ok"
            if args.match_toggles:
                flags = toggle_flags(catalogue[sid]["options"], meta.get("toggles", {}))
            ca_ids = {p["id"] for p in meta["palettes"]}
            cp_only[sid] = [p for p in catalogue[sid]["palettes"] if p not in ca_ids]
        for pmeta in meta["palettes"]:
            pal = pmeta["id"]
            if args.palette and pal not in args.palette:
                continue
            row = {"style": sid, "palette": pal, "view": vname, "variant": "nolabels",
                   "default": pal == meta["palette"], "cartopress": style_status, "flags": flags}
            if style_status == "ok" and pal not in catalogue[sid]["palettes"]:
                row["cartopress"] = "palette missing"
            ca_style = json.loads((args.styles_dir / pmeta["file"]).read_text())
            style, row["notes"] = prepare_cartoart_style(ca_style, mbt, args.labels)
            a = render_cartoart(style, (lat, lng, zoom), args.width, args.height)
            row["carto_bg"] = dominant(a)
            tag = f"{sid}@{pal}-{vname}"
            b = None
            if row["cartopress"] == "ok":
                b, err = render_cartopress(binary, vhome, sid, pal, (lat, lng, zoom), src,
                                           args.width, args.height, args.out / "_work" / f"cp-{tag}.png",
                                           flags)
                if b is None:
                    row["cartopress"] = "render failed: " + err
            if b is None:
                sheet(a, None, None, None, None, "no CartoPress render", args.out / f"{tag}.png")
                rows.append(row)
                log(f"{sid:12s} {pal:26s} {row['cartopress']}")
                continue
            e, _ = render_cartopress(binary, vhome, sid, pal, (0.0, 0.0, zoom), src, args.width,
                                     args.height, args.out / "_work" / f"cp-{sid}@{pal}-empty.png", flags)
            box = attribution_box(e) if e is not None else None
            share, d, counted, tops = compare(a, b, box, args.threshold)
            row.update({"share": share, "attribution_box": box, "cartopress_bg": dominant(b),
                        "top_pairs": tops})
            sheet(a, b, d, counted, box, f"nolabels: differs >{args.threshold}: {share * 100:.2f}%",
                  args.out / f"{tag}.png")
            rows.append(row)
            log(f"{sid:12s} {pal:26s} {share * 100:6.2f}%  bg {row['carto_bg']} vs {row['cartopress_bg']}")

    # markdown: one row per palette, then one per style over its palettes
    print(f"| style | palette | CartoPress | {vname} {VARIANT_TITLES['nolabels']} |")
    print("|---|---|---|---|")
    for r in rows:
        pal = r["palette"] + (" (default)" if r.get("default") else "")
        cell = f"{r['share'] * 100:.2f}%" if "share" in r else "n/a"
        print(f"| {r['style']} | {pal} | {r['cartopress']} | {cell} |")
    print()
    print(f"Per style, over its palettes ({vname}, {VARIANT_TITLES['nolabels']}):")
    print()
    print("| style | palettes | compared | median | max | worst palette |")
    print("|---|---|---|---|---|---|")
    for sid in style_ids:
        rs = [r for r in rows if r["style"] == sid and r["palette"] != "-"]
        done = [r for r in rs if "share" in r]
        if not done:
            print(f"| {sid} | {len(rs)} | 0 | n/a | n/a | - |")
            continue
        worst = max(done, key=lambda r: r["share"])
        print(f"| {sid} | {len(rs)} | {len(done)} | {median([r['share'] for r in done]) * 100:.2f}% "
              f"| {worst['share'] * 100:.2f}% | {worst['palette']} |")
    print()
    print(f"- {VARIANT_TITLES['nolabels']}: {VARIANT_HELP['nolabels']}")
    print()
    print(f"Figure: share of pixels whose colour differs by more than {args.threshold}/255 "
          f"in R, G or B ({args.width}x{args.height} CSS px, pixel ratio 1; "
          "CartoPress's attribution box not counted).")
    missing = [f"{r['style']}/{r['palette']}" for r in rows if r["cartopress"] == "palette missing"]
    print()
    print("carto-art palettes CartoPress lacks: " + (", ".join(missing) or "none"))
    extra = [f"{k}/{p}" for k, ps in cp_only.items() for p in ps]
    print("CartoPress palettes carto-art lacks: " + (", ".join(extra) or "none"))
    print()
    print("Commonest differing colour pairs (carto-art -> CartoPress, share of image), worst first:")
    for r in sorted((r for r in rows if "top_pairs" in r), key=lambda r: -r["share"]):
        pairs = "; ".join(f"{x} -> {y} {n * 100:.2f}%" for x, y, n in r["top_pairs"])
        print(f"- {r['style']} {r['palette']} {r['share'] * 100:.2f}%: bg {r['carto_bg']} vs "
              f"{r['cartopress_bg']}; {pairs}")
    return finish(rows, args)


# ---------------------------------------------------------------- main

def parse_view(s: str):
    if "=" not in s:
        if s not in DEFAULT_VIEWS:
            raise argparse.ArgumentTypeError(
                f"unknown view {s!r} (known: {', '.join(DEFAULT_VIEWS)}; or NAME=LAT,LNG,ZOOM[,TILES])")
        return s, DEFAULT_VIEWS[s]
    name, rest = s.split("=", 1)
    parts = rest.split(",")
    tiles = parts[3] if len(parts) > 3 else "Data/helsinki.pmtiles"
    return name, (float(parts[0]), float(parts[1]), float(parts[2]), tiles)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--styles-dir", required=True, type=Path,
                    help="folder of carto-art style JSONs (cartoart-style.ts output)")
    ap.add_argument("--out", type=Path, default=Path("/tmp/cmp/out"))
    ap.add_argument("--home", type=Path, default=Path(__file__).resolve().parents[2],
                    help="CartoPress checkout (Styles/, Data/, Fonts/)")
    ap.add_argument("--cartopress", default=None,
                    help="cartopress binary (default HOME/.build/release/cartopress)")
    ap.add_argument("--style", action="append", help="style id (repeatable; default all 11)")
    ap.add_argument("--view", action="append", type=parse_view,
                    help="NAME=LAT,LNG,ZOOM[,TILES], or the NAME of a default view (repeatable; default: "
                         + "; ".join(f"{k}={v[0]},{v[1]},{v[2]},{v[3]}" for k, v in DEFAULT_VIEWS.items())
                         + "; with --palettes all one view, default " + ALL_PALETTES_VIEW + ")")
    ap.add_argument("--palettes", choices=["default", "all"], default="default",
                    help="default: each style with carto-art's default palette (its poster API's), "
                         "all views and variants; all: every palette of every style, at one view, "
                         "variant (a) only (needs cartoart-style.ts --all-palettes output)")
    ap.add_argument("--palette", action="append",
                    help="with --palettes all: only this palette id (repeatable)")
    ap.add_argument("--width", type=int, default=600)
    ap.add_argument("--height", type=int, default=900)
    ap.add_argument("--threshold", type=int, default=32)
    ap.add_argument("--labels", action="store_true",
                    help="keep carto-art's visible symbol layers (needs its glyphs; "
                         "with the API defaults none is visible anyway)")
    ap.add_argument("--no-match-toggles", dest="match_toggles", action="store_false",
                    help="render CartoPress with its own default layer switches instead of "
                         "switching them (--hide/--show) to what carto-art's API default shows")
    ap.add_argument("--variant", action="append", choices=["nolabels", "shipped"],
                    help="nolabels: CartoPress styles with their symbol layers made invisible "
                         "(both sides without labels); shipped: CartoPress styles as they are. "
                         "Repeatable; default both")
    ap.add_argument("--json", type=Path, help="also write the figures as JSON here")
    args = ap.parse_args()
    if args.palettes == "all":
        if args.view and len(args.view) > 1:
            ap.error("--palettes all compares at one view; give one --view")
        if args.variant and args.variant != ["nolabels"]:
            ap.error("--palettes all compares variant (a) nolabels only")
        args.view = args.view or [(ALL_PALETTES_VIEW, DEFAULT_VIEWS[ALL_PALETTES_VIEW])]
        args.variant = ["nolabels"]
    elif args.palette:
        ap.error("--palette needs --palettes all")
    args.variant = args.variant or ["nolabels", "shipped"]

    os.environ.setdefault("EGL_PLATFORM", "surfaceless")
    home = args.home.resolve()
    binary = args.cartopress or str(home / ".build/release/cartopress")
    if not Path(binary).exists():
        log(f"no CartoPress binary at {binary}")
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    work = args.out / "_work"
    work.mkdir(exist_ok=True)
    views = dict(args.view) if args.view else DEFAULT_VIEWS
    style_ids = args.style or STYLE_IDS
    index = {e["id"]: e for e in json.loads((args.styles_dir / "index.json").read_text())}
    catalogue, cat_err = cartopress_catalogue(binary, home)
    if cat_err:
        log("cartopress styles failed; every CartoPress render will fail too:\n  "
            + "\n  ".join(cat_err.splitlines()[:6]))

    mb = {}
    for _, (_, _, _, tiles) in views.items():
        src = (home / tiles).resolve()
        dst = work / (src.stem + ".mbtiles")
        pmtiles_to_mbtiles(src, dst)
        mb[tiles] = (src, dst)

    variants = {}
    if "nolabels" in args.variant:
        variants["nolabels"] = unlabelled_home(home, work / "home-nolabels")
    if "shipped" in args.variant:
        variants["shipped"] = home

    if args.palettes == "all":
        return all_palettes(args, binary, style_ids, index, catalogue, cat_err, views, mb,
                            variants["nolabels"])

    rows = []
    for sid in style_ids:
        meta = index.get(sid, {"id": sid, "missing": True})
        if meta.get("missing"):
            rows.append({"style": sid, "status": "not in carto-art"})
            continue
        ca_style = json.loads((args.styles_dir / f"{sid}.json").read_text())
        pal = meta["palette"]
        # CartoPress palette: carto-art's default palette id if the style has it.
        flags: list[str] = []
        if cat_err:
            cp_status, cp_pal = "style package error: " + (cat_err.splitlines()[1:] or cat_err.splitlines())[0][:100], None
        elif sid not in catalogue:
            cp_status, cp_pal = "missing", None
        else:
            if pal in catalogue[sid]["palettes"]:
                cp_status, cp_pal = "ok", pal
            else:
                cp_status, cp_pal = f"palette {pal} missing, used style default", None
            if args.match_toggles:
                flags = toggle_flags(catalogue[sid]["options"], meta.get("toggles", {}))
        for vname, (lat, lng, zoom, tiles) in views.items():
            src, mbt = mb[tiles]
            style, notes = prepare_cartoart_style(ca_style, mbt, args.labels)
            a = render_cartoart(style, (lat, lng, zoom), args.width, args.height)
            for variant, vhome in variants.items():
                row = {"style": sid, "view": vname, "variant": variant, "palette": pal,
                       "cartopress": cp_status, "flags": flags, "notes": notes,
                       "carto_symbols": meta.get("symbolsVisible", []), "carto_bg": dominant(a)}
                tag = f"{sid}-{vname}" + ("" if variant == "nolabels" else f"-{variant}")
                b = None
                if cp_status.startswith(("ok", "palette")):
                    out_png = work / f"cp-{tag}.png"
                    b, err = render_cartopress(binary, vhome, sid, cp_pal, (lat, lng, zoom), src,
                                               args.width, args.height, out_png, flags)
                    if b is None:
                        row["cartopress"] = "render failed: " + err
                if b is None:
                    sheet(a, None, None, None, None, "no CartoPress render", args.out / f"{tag}.png")
                    rows.append(row)
                    log(f"{sid:12s} {vname:11s} {variant:9s} {row['cartopress']}")
                    continue
                empty_png = work / f"cp-{sid}-empty.png"
                e, _ = render_cartopress(binary, vhome, sid, cp_pal, (0.0, 0.0, zoom), src,
                                         args.width, args.height, empty_png, flags)
                box = attribution_box(e) if e is not None else None
                share, d, counted, tops = compare(a, b, box, args.threshold)
                row.update({"share": share, "attribution_box": box, "cartopress_bg": dominant(b),
                            "top_pairs": tops})
                sheet(a, b, d, counted, box, f"{variant}: differs >{args.threshold}: "
                      f"{share * 100:.2f}%", args.out / f"{tag}.png")
                rows.append(row)
                log(f"{sid:12s} {vname:11s} {variant:9s} {share * 100:6.2f}%  "
                    f"bg {row['carto_bg']} vs {row['cartopress_bg']}")

    # markdown table: one row per style, one column per view and variant
    cols = [(v, var) for var in variants for v in views]
    print("| style | carto-art palette | CartoPress | "
          + " | ".join(f"{v} {VARIANT_TITLES[var]}" for v, var in cols) + " |")
    print("|---|---|---|" + "---|" * len(cols))
    for sid in style_ids:
        rs = [r for r in rows if r["style"] == sid]
        if rs and rs[0].get("status") == "not in carto-art":
            print(f"| {sid} | - | not in carto-art | " + " | ".join("-" for _ in cols) + " |")
            continue
        cells = []
        for v, var in cols:
            r = next((r for r in rs if r.get("view") == v and r.get("variant") == var), None)
            cells.append(f"{r['share'] * 100:.2f}%" if r and "share" in r else "n/a")
        print(f"| {sid} | {rs[0]['palette']} | {rs[0]['cartopress']} | " + " | ".join(cells) + " |")
    print()
    for var in variants:
        print(f"- {VARIANT_TITLES[var]}: {VARIANT_HELP[var]}")
    print()
    print(f"Figure: share of pixels whose colour differs by more than {args.threshold}/255 "
          f"in R, G or B ({args.width}x{args.height} CSS px, pixel ratio 1; "
          "CartoPress's attribution box not counted).")
    print()
    print("Commonest differing colour pairs (carto-art -> CartoPress, share of image), per style and view:")
    for r in rows:
        if "top_pairs" in r:
            pairs = "; ".join(f"{x} -> {y} {n * 100:.2f}%" for x, y, n in r["top_pairs"])
            print(f"- {r['style']} {r['view']} {r['variant']}: bg {r['carto_bg']} vs "
                  f"{r['cartopress_bg']}; {pairs}")
    return finish(rows, args)


if __name__ == "__main__":
    sys.exit(main())
