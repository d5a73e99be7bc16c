#!/usr/bin/env python3
"""How closely the designer's preview (MapLibre GL JS) matches the print (CartoPress's renderer).

    python preview_vs_print.py --base http://127.0.0.1:PORT --out DIR

For each style of `GET /api/v1/styles`, at one view (central Helsinki), draws the style CartoPress serves
(`/api/v1/styles/{id}/style.json`) twice at the same size, camera and pixel ratio 1:
  (a) in Chromium with MapLibre GL JS, on a bare page holding nothing but the map;
  (b) with CartoPress itself, `POST /api/v1/posters/generate` with a map-only layout (no text, no margin,
      no border, no backdrop, pixel ratio 1), downloaded from the finished job's `download_url`.
and reports the share of pixels where any RGB channel differs by more than 32/255: with the labels (and
POIs) off, where both sides draw the same geometry, and with the labels on, where symbol placement may
differ. The print carries "© OpenStreetMap contributors" in the map's bottom-right corner; the labels-off
figure is also given without that corner. Both sides zoom in MapLibre's 512-px world: at pixel ratio 1 the
print's camera.zoom is the map's zoom.

Writes DIR/preview-vs-print.json and, per style, DIR/<style>-{preview,print,diff}.png (and the -labels-
variants) for eyeballing: the diff shows the print in faint grey with the differing pixels in red.
Exits 1 when a side could not be drawn (an error in the page, a MapLibre error, a failed job).
"""

import argparse
import base64
import io
import json
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import numpy as np
from PIL import Image
from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
# SwiftShader gives headless Chromium WebGL without a GPU; the sandbox needs namespaces containers lack.
CHROMIUM_ARGS = ["--use-angle=swiftshader", "--enable-unsafe-swiftshader", "--no-sandbox"]
THRESHOLD = 32  # of 255, per channel
# Options that put text or symbols on the map; everything else stays at the listing's default on both sides.
LABEL_OPTIONS = ("labels", "pois")
# Where a same-origin bare page is served from (intercepted by Playwright; the server never sees it): the
# service sends no CORS headers, so a page of another origin cannot read its style, tiles or glyphs.
BARE_PAGE_PATH = "/__preview-vs-print__.html"

BARE_PAGE = """<!doctype html>
<html><head><meta charset="utf-8">
<link rel="stylesheet" href="{base}/web/vendor/maplibre-gl.css">
<style>html, body {{ margin: 0; padding: 0; background: #fff; }} #map {{ width: {width}px; height: {height}px; }}</style>
<script src="{base}/web/vendor/maplibre-gl.js"></script>
</head><body><div id="map"></div></body></html>
"""

# Creates the map, waits for its first 'idle' (everything loaded and drawn), and answers the canvas as a
# PNG data URL with the MapLibre errors seen on the way. `preserveDrawingBuffer` keeps the frame readable.
DRAW_MAP = """
async ({style, lng, lat, zoom, timeoutMs}) => {
  const errors = [];
  const map = new maplibregl.Map({
    container: 'map', style, center: [lng, lat], zoom, bearing: 0, pitch: 0, pixelRatio: 1,
    interactive: false, attributionControl: false, fadeDuration: 0, preserveDrawingBuffer: true,
  });
  map.on('error', (event) => errors.push(String(event?.error?.message ?? event?.error ?? 'unknown error')));
  const idle = await Promise.race([
    new Promise((resolve) => map.once('idle', () => resolve(true))),
    new Promise((resolve) => setTimeout(() => resolve(false), timeoutMs)),
  ]);
  const png = idle ? map.getCanvas().toDataURL('image/png') : null;
  const size = [map.getCanvas().width, map.getCanvas().height];
  map.remove();
  return { idle, png, errors, size, zoom };
}
"""


def fetch(url, data=None, headers=None, timeout=120):
    request = urllib.request.Request(url, data=data, headers=headers or {})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.status, response.read()


def style_query(style, labels):
    """The palette and every option of the listing: its default, or off for the label-like ones unless `labels`."""
    options = {o["id"]: (o["default"] if labels or o["id"] not in LABEL_OPTIONS else False) for o in style["options"]}
    return style["palettes"][0]["id"], options


def preview(page, base, style, labels, view, timeout_s):
    """The MapLibre GL JS rendering as an RGB array, and what went wrong on the way (empty when nothing)."""
    palette, options = style_query(style, labels)
    query = urlencode({"palette": palette, **{k: "true" if v else "false" for k, v in options.items()}})
    url = f"{base}/api/v1/styles/{style['id']}/style.json?{query}"
    result = page.evaluate(DRAW_MAP, {"style": url, "lng": view["lng"], "lat": view["lat"], "zoom": view["zoom"],
                                      "timeoutMs": int(timeout_s * 1000)})
    problems = [f"MapLibre: {e}" for e in dict.fromkeys(result["errors"])]
    if not result["idle"]:
        problems.append(f"the map did not go idle within {timeout_s} s")
        return None, problems, url
    if result["size"] != [view["width"], view["height"]]:
        problems.append(f"the canvas is {result['size']} device px, not {view['width']} × {view['height']}")
    image = Image.open(io.BytesIO(base64.b64decode(result["png"].split(",", 1)[1])))
    rgba = np.asarray(image.convert("RGBA"), dtype=np.float32)
    if (rgba[..., 3] < 255).any():
        # A style whose background is not opaque shows the page's white through it, as the print shows paper.
        alpha = rgba[..., 3:4] / 255
        rgba[..., :3] = rgba[..., :3] * alpha + 255 * (1 - alpha)
    return rgba[..., :3].round().astype(np.uint8), problems, url


def printed(base, style, labels, view):
    """CartoPress's rendering of the same map, map only, as an RGB array; and what went wrong."""
    palette, options = style_query(style, labels)
    body = {
        "location": {"lat": view["lat"], "lng": view["lng"]},
        "camera": {"zoom": view["zoom"], "bearing": 0, "pitch": 0},
        "style": style["id"],
        "palette": palette,
        "text": {"show_title": False, "show_subtitle": False, "show_coordinates": False, "backdrop": "none"},
        "options": options,
        "format": {"margin": 0, "border": "none", "mask": "rectangle"},
        "output": {"format": "png", "width": view["width"], "height": view["height"], "pixel_ratio": 1},
    }
    status, answer = fetch(f"{base}/api/v1/posters/generate", json.dumps(body).encode(),
                           {"Content-Type": "application/json", "Accept": "application/json", "Prefer": "wait=60"})
    job = json.loads(answer)
    if status != 200 or job.get("status") != "completed":
        return None, [f"the job did not finish within the wait: HTTP {status}, {json.dumps(job)[:400]}"], body
    problems = [f"print warning: {w}" for w in job.get("warnings") or []]
    _, data = fetch(job["download_url"])
    image = Image.open(io.BytesIO(data))
    if image.size != (view["width"], view["height"]):
        problems.append(f"the print is {image.size}, not {view['width']} × {view['height']}")
    return np.asarray(image.convert("RGB")), problems, body


def attribution_box(view):
    """The print's attribution corner (PosterLayout.placeAttribution: inside the map's bottom-right corner,
    1 % of the shorter side in from each edge), generously: a fifth of the shorter side wide."""
    unit = min(view["width"], view["height"])
    return view["width"] - int(0.2 * unit), view["height"] - int(0.035 * unit)


def compare(a, b, view):
    """Shares of differing pixels, over the whole map and outside the attribution corner, and the mask."""
    differs = (np.abs(a.astype(np.int16) - b.astype(np.int16)) > THRESHOLD).any(axis=2)
    x0, y0 = attribution_box(view)
    outside = np.ones_like(differs)
    outside[y0:, x0:] = False
    return float(differs.mean()), float(differs[outside].mean()), differs


def diff_image(print_rgb, differs):
    """The print in faint grey, the differing pixels in red."""
    grey = print_rgb.mean(axis=2, keepdims=True) * 0.25 + 191
    out = np.repeat(grey, 3, axis=2).astype(np.uint8)
    out[differs] = (220, 20, 30)
    return Image.fromarray(out)


def run(args):
    args.out.mkdir(parents=True, exist_ok=True)
    base = args.base.rstrip("/")
    view = {"lat": args.lat, "lng": args.lng, "zoom": args.zoom, "width": args.width, "height": args.height}
    _, listing = fetch(f"{base}/api/v1/styles")
    styles = json.loads(listing)["styles"]
    listed = [s["id"] for s in styles]
    if args.styles:
        wanted = set(args.styles.split(","))
        styles = [s for s in styles if s["id"] in wanted]
    report = {"base": base, "listed": listed, "view": view, "threshold": THRESHOLD, "label_options": list(LABEL_OPTIONS),
              "attribution_box": dict(zip(("x0", "y0"), attribution_box(view))), "styles": []}
    started = time.monotonic()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": args.width, "height": args.height}, device_scale_factor=1)
            page = context.new_page()
            page_errors = []
            page.on("pageerror", lambda error: page_errors.append(str(error)))
            page.on("console", lambda m: page_errors.append(m.text) if m.type == "error" else None)
            html = BARE_PAGE.format(base=base, width=args.width, height=args.height)
            if args.cross_origin:
                page.set_content(html)
            else:
                page.route(base + BARE_PAGE_PATH, lambda route: route.fulfill(status=200, content_type="text/html", body=html))
                page.goto(base + BARE_PAGE_PATH)
            page.wait_for_function("() => window.maplibregl", timeout=30_000)
            for style in styles:
                entry = {"style": style["id"], "palette": style["palettes"][0]["id"], "problems": []}
                for labels in ([False, True] if args.labels_on else [False]):
                    suffix = "-labels" if labels else ""
                    t0 = time.monotonic()
                    page_errors.clear()
                    preview_rgb, problems, url = preview(page, base, style, labels, view, args.timeout)
                    print_rgb, print_problems, body = printed(base, style, labels, view)
                    problems += print_problems + [f"page: {e}" for e in dict.fromkeys(page_errors)]
                    entry["problems"] += [f"labels {'on' if labels else 'off'}: {p}" for p in problems]
                    if labels is False:
                        entry["style_url"], entry["request"] = url, body
                    if preview_rgb is None or print_rgb is None or preview_rgb.shape != print_rgb.shape:
                        entry["labels_on" if labels else "labels_off"] = None
                        continue
                    share, share_outside, differs = compare(preview_rgb, print_rgb, view)
                    Image.fromarray(preview_rgb).save(args.out / f"{style['id']}{suffix}-preview.png")
                    Image.fromarray(print_rgb).save(args.out / f"{style['id']}{suffix}-print.png")
                    diff_image(print_rgb, differs).save(args.out / f"{style['id']}{suffix}-diff.png")
                    entry["labels_on" if labels else "labels_off"] = {
                        "share": round(share, 5), "share_without_attribution": round(share_outside, 5),
                        "seconds": round(time.monotonic() - t0, 1)}
                report["styles"].append(entry)
                print(f"{style['id']}: {json.dumps({k: entry.get(k) for k in ('labels_off', 'labels_on')})}"
                      + (f" problems: {entry['problems']}" if entry["problems"] else ""), file=sys.stderr, flush=True)
        finally:
            browser.close()
    report["elapsed_s"] = round(time.monotonic() - started, 1)
    return report


def table(report):
    percent = lambda v, k: "—" if v is None else f"{100 * v[k]:6.2f} %"
    lines = [f"{'style':<14} {'palette':<26} {'labels off':>10} {'w/o attrib.':>11} {'labels on':>10}"]
    for entry in report["styles"]:
        off, on = entry.get("labels_off"), entry.get("labels_on")
        lines.append(f"{entry['style']:<14} {entry['palette']:<26} {percent(off, 'share'):>10} "
                     f"{percent(off, 'share_without_attribution'):>11} {percent(on, 'share'):>10}")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", required=True, help="the service's base URL, e.g. http://127.0.0.1:8099")
    parser.add_argument("--out", required=True, type=Path, help="where the images and preview-vs-print.json go")
    parser.add_argument("--styles", help="comma-separated style ids (default: every style listed)")
    parser.add_argument("--lat", type=float, default=60.1716)
    parser.add_argument("--lng", type=float, default=24.9440)
    parser.add_argument("--zoom", type=float, default=15.2)
    parser.add_argument("--width", type=int, default=800)
    parser.add_argument("--height", type=int, default=1200)
    parser.add_argument("--timeout", type=float, default=60, help="seconds for a map to go idle")
    parser.add_argument("--no-labels-on", dest="labels_on", action="store_false", help="skip the labels-on comparison")
    parser.add_argument("--cross-origin", action="store_true",
                        help="load the bare page from about:blank instead of the service's origin (needs CORS)")
    args = parser.parse_args()

    report = run(args)
    (args.out / "preview-vs-print.json").write_text(json.dumps(report, indent=2))
    print(table(report))
    print(f"({report['elapsed_s']} s; images and preview-vs-print.json in {args.out})")
    failed = [e["style"] for e in report["styles"] if e["problems"] or e.get("labels_off") is None]
    if failed:
        print(f"preview_vs_print: could not compare cleanly: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
