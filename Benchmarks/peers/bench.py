"""CartoPress beside MapLibre Native on the same style, tiles and view: one process per render, runs
alternating between the renderers, medians of wall time, CPU time and peak RSS, and their ratios.

    python bench.py [--workloads pitched,osm-liberty] [--runs 7] [--modes poster,map] [--cartopress PATH]

Run through run.sh, which installs the Python packages and builds the release binary first.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

import prepare

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = prepare.REPO


@dataclasses.dataclass(frozen=True)
class Workload:
    name: str
    style: str
    tileset: str
    labels: bool
    lat: float
    lng: float
    zoom: float  # MapLibre zoom: 512 px tiles, CSS pixels
    width: int  # device pixels
    height: int
    pitch: float = 0
    ratio: float = 1


CENTRE = dict(lat=60.1690, lng=24.9410, zoom=16.362)
WORKLOADS = {
    w.name: w
    for w in [
        Workload("positron-nolabels", "positron", "helsinki", False, **CENTRE, width=2400, height=3600),
        Workload("positron", "positron", "helsinki", True, **CENTRE, width=2400, height=3600),
        Workload("osm-liberty", "osm-liberty", "helsinki", True, **CENTRE, width=2400, height=3600),
        # Benchmarks/README's city case (the whole 6 x 10 km mosaic, zoom 12.45 at pixel ratio 2) at pixel
        # ratio 1: the same ground in the same 2400x3600 pixels is one zoom level more.
        Workload("city", "osm-liberty", "helsinki-x6", True, lat=60.171635, lng=24.944295, zoom=13.45, width=2400, height=3600),
        Workload("a0", "osm-liberty", "helsinki", True, **CENTRE, width=9920, height=14032),
        # A0 of the ground the 2400x3600 workloads show: 9920 / 2400 = 4.13 times the pixels, 2.05 zooms more.
        Workload("a0-same-ground", "osm-liberty", "helsinki", True, lat=CENTRE["lat"], lng=CENTRE["lng"], zoom=18.409,
                 width=9920, height=14032),
        Workload("pitched", "osm-liberty", "helsinki", True, **CENTRE, width=2400, height=3600, pitch=45),
    ]
}


@dataclasses.dataclass
class Sample:
    wall: float  # s
    cpu: float  # s, user + system of the process and its threads
    rss: int  # bytes, peak resident set


def measure(command: list[str], env: dict[str, str]) -> Sample:
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        child = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
        # wait4 gives the child's own rusage (ru_maxrss in KiB on Linux), nothing of other children.
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            out.seek(0)
            raise RuntimeError(f"{' '.join(command)} failed ({child.returncode}):\n{out.read().decode(errors='replace')}")
    return Sample(wall=wall, cpu=usage.ru_utime + usage.ru_stime, rss=usage.ru_maxrss * 1024)


def commands(workload: Workload, work: str, cartopress: str, modes: list[str], out_dir: str) -> dict[str, list[str]]:
    """The command line of each renderer for WORKLOAD, writing OUT_DIR/WORKLOAD-RENDERER.png."""
    styles = os.path.join(work, "styles")
    os.makedirs(styles, exist_ok=True)
    result: dict[str, list[str]] = {}
    for target in ["native"] + modes:
        style = prepare.style_for(workload.style, workload.tileset, target, work, workload.labels)
        if target == "map":
            # render-style takes the camera from the style's root, as MapLibre's render tests do.
            style.update(center=[workload.lng, workload.lat], zoom=workload.zoom, pitch=workload.pitch, bearing=0)
        path = os.path.join(styles, f"{workload.name}-{target}.json")
        with open(path, "w") as f:
            json.dump(style, f)
        png = os.path.join(out_dir, f"{workload.name}-{target}.png")
        if target == "native":
            result["native"] = [sys.executable, os.path.join(HERE, "render_native.py"), path, png,
                                "--width", str(workload.width), "--height", str(workload.height), "--ratio", str(workload.ratio),
                                "--lat", str(workload.lat), "--lng", str(workload.lng), "--zoom", str(workload.zoom),
                                "--pitch", str(workload.pitch)]
        elif target == "map":
            result["cartopress-map"] = [cartopress, "render-style", path, "--assets", work, "-o", png,
                                        "--width", str(round(workload.width / workload.ratio)),
                                        "--height", str(round(workload.height / workload.ratio)), "--pixel-ratio", str(workload.ratio)]
        else:
            # The product's path: a poster whose map fills the whole sheet (no margin; the title block is
            # set over the map), labels set with FreeType from the bundled fonts.
            result["cartopress"] = [cartopress, "render", "--style", path, "--tiles", os.path.join(REPO, prepare.TILESETS[workload.tileset]),
                                    "--lat", str(workload.lat), "--lng", str(workload.lng), "--zoom", str(workload.zoom),
                                    "--pitch", str(workload.pitch), "--width", str(workload.width), "--height", str(workload.height),
                                    "--pixel-ratio", str(workload.ratio), "--margin", "0", "--backdrop", "subtle", "-o", png]
    return result


def describe(samples: list[Sample]) -> dict[str, float]:
    walls, cpus, rsss = [s.wall for s in samples], [s.cpu for s in samples], [s.rss for s in samples]
    return {"wall": statistics.median(walls), "wall_min": min(walls), "wall_max": max(walls),
            "cpu": statistics.median(cpus), "cpu_min": min(cpus), "cpu_max": max(cpus),
            "rss": statistics.median(rsss), "rss_max": max(rsss)}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workloads", default=",".join(w for w in WORKLOADS if w != "a0-same-ground"), help=f"comma-separated, of: {', '.join(WORKLOADS)}")
    parser.add_argument("--runs", type=int, default=7, help="measured runs per renderer, after one warm-up each")
    parser.add_argument("--modes", default="poster",
                        help="CartoPress paths to measure: poster (cartopress render, the product) and/or map (cartopress render-style, SDF text)")
    parser.add_argument("--cartopress", default=os.path.join(REPO, ".build/release/cartopress"))
    parser.add_argument("--work", default=os.path.join(HERE, "work"))
    parser.add_argument("--json", help="also write the figures here")
    args = parser.parse_args(argv)
    names = [n for n in args.workloads.split(",") if n]
    unknown = [n for n in names if n not in WORKLOADS]
    modes = [m for m in args.modes.split(",") if m]
    if unknown or not names or args.runs < 1 or not set(modes) <= {"poster", "map"}:
        parser.error(f"unknown workload {unknown}, modes {modes} or runs {args.runs}")
    if not os.access(args.cartopress, os.X_OK):
        parser.error(f"{args.cartopress} is not built (swift build -c release --product cartopress --static-swift-stdlib)")

    prepare.main(["--work", args.work])
    out_dir = os.path.join(args.work, "out")
    os.makedirs(out_dir, exist_ok=True)
    env = dict(os.environ, EGL_PLATFORM="surfaceless")
    figures = {}
    print(f"peers: {args.runs} runs per renderer after a warm-up, one process per render, alternating; "
          f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start")
    header = f"{'workload':<18} {'renderer':<15} {'wall s median [min-max]':<26} {'CPU s median':<13} {'peak RSS MB':<11}"
    print(header)
    for name in names:
        workload = WORKLOADS[name]
        lines = commands(workload, args.work, args.cartopress, modes, out_dir)
        order = list(lines)
        for renderer in order:  # warm-up: page cache, shader and font caches on disk
            measure(lines[renderer], env)
        samples: dict[str, list[Sample]] = {r: [] for r in order}
        for run in range(args.runs):
            # Alternate which renderer goes first, so neither always follows the other's cache traffic.
            for renderer in (order if run % 2 == 0 else order[::-1]):
                samples[renderer].append(measure(lines[renderer], env))
        figures[name] = {r: describe(s) for r, s in samples.items()}
        for renderer, f in figures[name].items():
            print(f"{name:<18} {renderer:<15} {f['wall']:6.2f} [{f['wall_min']:.2f}-{f['wall_max']:.2f}]{'':<8} "
                  f"{f['cpu']:6.2f}{'':<7} {f['rss'] / 1e6:6.0f}")
        native = figures[name]["native"]
        for renderer in order[1:]:
            f = figures[name][renderer]
            print(f"{name:<18} ratio native/{renderer}: wall {native['wall'] / f['wall']:.2f}x, CPU {native['cpu'] / f['cpu']:.2f}x, "
                  f"peak RSS {native['rss'] / f['rss']:.2f}x")
        sys.stdout.flush()
    print(f"load average {os.getloadavg()[0]:.1f} at the end; pictures in {out_dir}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "runs": args.runs, "figures": figures}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
