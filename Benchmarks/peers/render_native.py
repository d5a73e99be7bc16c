"""One MapLibre Native render (pymgl) in this process: STYLE.json at a view, written to OUT.png.

    EGL_PLATFORM=surfaceless python render_native.py STYLE.json OUT.png --width W --height H --ratio R \
        --lat LAT --lng LNG --zoom Z [--pitch P]

The benchmark driver starts one process per render, as `cartopress render` is, so each side pays its own
start-up, style parse, tile and glyph reads, drawing and PNG encoding. A line on stdout gives the phases.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

os.environ.setdefault("EGL_PLATFORM", "surfaceless")


def main(argv: list[str]) -> int:
    started = time.perf_counter()
    parser = argparse.ArgumentParser()
    parser.add_argument("style")
    parser.add_argument("output")
    parser.add_argument("--width", type=int, required=True)
    parser.add_argument("--height", type=int, required=True)
    parser.add_argument("--ratio", type=float, default=1)
    parser.add_argument("--lat", type=float, required=True)
    parser.add_argument("--lng", type=float, required=True)
    parser.add_argument("--zoom", type=float, required=True)
    parser.add_argument("--pitch", type=float, default=0)
    parser.add_argument("--bearing", type=float, default=0)
    args = parser.parse_args(argv)

    import pymgl  # after EGL_PLATFORM is set

    imported = time.perf_counter()
    with open(args.style) as f:
        style = f.read()
    # pymgl's size is in CSS pixels; the picture is width x ratio by height x ratio device pixels.
    width, height = round(args.width / args.ratio), round(args.height / args.ratio)
    with pymgl.Map(style, width, height, args.ratio, args.lng, args.lat, args.zoom) as view:
        if args.pitch:
            view.setPitch(args.pitch)
        if args.bearing:
            view.setBearing(args.bearing)
        png = view.renderPNG()
    rendered = time.perf_counter()
    with open(args.output, "wb") as out:
        out.write(png)
    done = time.perf_counter()
    print(f"native: import {1000 * (imported - started):.0f} ms, load+draw+encode {1000 * (rendered - imported):.0f} ms, "
          f"write {1000 * (done - rendered):.0f} ms, {len(png)} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
