#!/usr/bin/env python3
"""The poster designer, end to end, in a real browser.

    python designer_e2e.py --base http://127.0.0.1:PORT --out DIR

Drives Debian's Chromium (WebGL through SwiftShader) with Playwright as a person would: picks a style and a
palette other than the defaults, searches for a place and chooses it with the keyboard, writes the title
and subtitle, picks the smallest size, renders, and downloads the poster through the page's link. Fails
(exit 1, the reason on stderr and in the JSON report on stdout) on any console error, uncaught page error
or failed request (a network failure, or an answer of 400 or more), and when the downloaded file is not a
PNG of the chosen size. Writes DIR/designer.png (the page), DIR/poster.png and DIR/designer-e2e.json (the
report it prints).

Run by Tests/RenderServiceTests/DesignerBrowserTests.swift against the in-process service; by hand against
`cartopress serve` with CARTOPRESS_AUTH=disabled.
"""

import argparse
import json
import re
import struct
import sys
import time
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
# SwiftShader gives headless Chromium WebGL without a GPU; the sandbox needs namespaces containers lack.
CHROMIUM_ARGS = ["--use-angle=swiftshader", "--enable-unsafe-swiftshader", "--no-sandbox"]
VIEWPORT = {"width": 1440, "height": 1000}
RENDER_TIMEOUT_MS = 120_000


class Failure(Exception):
    """A check that did not hold; the message says what and where."""


def png_size(data):
    """(width, height) from a PNG's IHDR chunk; Failure when `data` is not a PNG."""
    if len(data) < 24 or data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        raise Failure(f"the downloaded poster is not a PNG (first bytes {data[:16]!r}, {len(data)} bytes)")
    return struct.unpack(">II", data[16:24])


# Notes which requests the page itself stops, so that an aborted request can be told apart from a failed
# one: the fetches whose AbortSignal fires, and every cancel of a body reader (api.js cancels the job's event
# stream only when the server leaves it open after the terminal event, which is a failure).
ABORT_WATCH = """
(() => {
  const seen = { aborted: [], cancels: 0 };
  Object.defineProperty(window, '__e2eAborts', { value: seen });
  const fetch = window.fetch;
  window.fetch = function (input, init) {
    const url = new URL(typeof input === 'string' ? input : input.url, location.href).href;
    const signal = init?.signal ?? (typeof input === 'object' ? input.signal : undefined);
    signal?.addEventListener('abort', () => seen.aborted.push(url), { once: true });
    return fetch.apply(this, arguments);
  };
  const cancel = ReadableStreamDefaultReader.prototype.cancel;
  ReadableStreamDefaultReader.prototype.cancel = function () {
    seen.cancels += 1;
    return cancel.apply(this, arguments);
  };
})();
"""

# Chromium reports a `Cache-Control: no-store` fetch whose body a page reads with a stream reader as
# `requestfailed` net::ERR_ABORTED now and then although the page read it to its end (microsoft/playwright
# #42742, open): the job's event stream is such a response. Measured here: 4 of 10 complete reads of a
# finished job's stream with a reader were reported aborted, 0 of 30 other responses.
CHROMIUM_NO_STORE_ARTEFACT = "https://github.com/microsoft/playwright/issues/42742"


class PageProblems:
    """Everything the page logs as an error and every request that fails, from the first request on."""

    def __init__(self, page):
        self.t0 = time.monotonic()
        self.console_errors = []
        self.failed_requests = []
        self.requests = []
        page.add_init_script(ABORT_WATCH)
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.console_errors.append(f"uncaught: {error}"))
        page.on("requestfailed", self._request_failed)
        page.on("response", self._response)

    def _console(self, message):
        if message.type == "error":
            location = message.location or {}
            where = f" ({location.get('url')}:{location.get('lineNumber')})" if location.get("url") else ""
            self.console_errors.append(f"{message.text}{where}")

    def _request_failed(self, request):
        self.failed_requests.append({"url": request.url, "method": request.method, "failure": request.failure,
                                     "at_s": round(time.monotonic() - self.t0, 2)})

    def _response(self, response):
        if response.status >= 400:
            self.failed_requests.append({"url": response.url, "method": response.request.method, "status": response.status,
                                         "at_s": round(time.monotonic() - self.t0, 2)})


def sort_aborts(page, problems, report):
    """Splits the net::ERR_ABORTED requests into those the page stopped itself (not failures), the event
    stream's Chromium artefact when nothing in the page stopped it and it delivered the end (not failures,
    listed with the reason), and the rest (failures)."""
    seen = page.evaluate("() => window.__e2eAborts ?? {aborted: [], cancels: 0}")
    job_id = (report.get("download_url") and report.get("job_id")) or None
    polled = job_id is not None and any(url.rstrip("/").endswith(f"/api/v1/posters/jobs/{job_id}") for url in problems.requests)
    failed, by_page, artefacts = [], [], []
    for entry in problems.failed_requests:
        if entry.get("failure") != "net::ERR_ABORTED":
            failed.append(entry)
        elif entry["url"] in seen["aborted"]:
            by_page.append(entry)
        elif (job_id and entry["url"].endswith(f"/api/v1/posters/jobs/{job_id}/events") and seen["cancels"] == 0 and not polled):
            # The page showed the finished job (the download link), no reader was cancelled and the page
            # never fell back to polling: the stream delivered the terminal event and ended.
            artefacts.append({**entry, "why_not_a_failure": CHROMIUM_NO_STORE_ARTEFACT})
        else:
            failed.append(entry)
    report["aborted_by_page"] = by_page
    report["chromium_abort_artefacts"] = artefacts
    report["reader_cancels"] = seen["cancels"]
    return failed


def step(report, name):
    """Records the time each step starts; a failure names the step it happened in."""
    report["steps"].append({"step": name, "at_s": round(time.monotonic() - report["_t0"], 2)})
    report["_current"] = name


def wait_idle(page, timeout_ms=60_000):
    page.wait_for_function("() => window.cartopress && window.cartopress.map", timeout=timeout_ms)
    page.evaluate("() => window.cartopress.whenIdle()")


def choose_radio(page, input_id):
    """Clicks the radio's label, as a person does (the card hides the input itself), and checks it took."""
    radio = page.locator(f"#{input_id}")
    if radio.count() != 1:
        raise Failure(f"no #{input_id} on the page")
    page.locator(f"label:has(#{input_id})").click()
    if not radio.is_checked():
        raise Failure(f"clicking the label of #{input_id} did not check it")


def pick_style(page, listing, wanted_style, wanted_palette):
    """A style and a palette other than the page's defaults (the listing's first style, each style's first palette)."""
    styles = listing["styles"]
    by_id = {s["id"]: s for s in styles}
    if len(styles) < 2:
        raise Failure(f"the catalogue lists {len(styles)} style(s); the test needs one other than the default")
    style = by_id.get(wanted_style) if wanted_style != styles[0]["id"] else None
    style = style or styles[1]
    palettes = [p["id"] for p in style["palettes"]]
    if len(palettes) < 2:
        raise Failure(f"style {style['id']} has one palette; the test needs one other than the default")
    palette = wanted_palette if wanted_palette in palettes[1:] else palettes[1]
    choose_radio(page, f"style-{style['id']}")
    page.wait_for_selector(f"#palette-{palette}", state="attached")
    choose_radio(page, f"palette-{palette}")
    state = page.evaluate("() => ({style: window.cartopress.state.style, palette: window.cartopress.state.palette})")
    if state != {"style": style["id"], "palette": palette}:
        raise Failure(f"the page's state is {state} after choosing {style['id']} / {palette}")
    wait_idle(page)
    return style["id"], palette


def search_place(page, query):
    """Types the query, waits for the listbox, and takes the first result with ArrowDown and Enter."""
    box = page.locator("#place-search")
    box.click()
    box.press_sequentially(query, delay=40)
    # Either the list opens or the live region says why not (no places, the geocoder failed).
    try:
        page.wait_for_function("""() => {
            const first = document.getElementById('place-option-0');
            if (first && !document.getElementById('place-results').hidden) return true;
            return /failed|No places|needs an API key/.test(document.getElementById('place-status').textContent);
        }""", timeout=15_000)
    except PlaywrightTimeout:
        pass
    if not page.locator("#place-option-0").is_visible():
        status = page.locator("#place-status").text_content()
        raise Failure(f"no results for {query!r} (the page says: {status!r})")
    first = page.locator("#place-option-0").text_content()
    box.press("ArrowDown")
    if page.locator("#place-option-0").get_attribute("aria-selected") != "true":
        raise Failure("ArrowDown did not select the first place")
    box.press("Enter")
    if page.locator("#place-results").is_visible():
        raise Failure("Enter did not close the place list")
    centre = page.evaluate("() => window.cartopress.state.center")
    # The fly-to runs; the render must not start from the old camera.
    page.wait_for_function("() => !window.cartopress.map.isMoving()", timeout=30_000)
    wait_idle(page)
    return {"first_result": first, "center": centre}


def pick_smallest_size(page):
    """The size preset with the shortest long edge (its label reads '…, 1,024 px, 72 dpi')."""
    options = page.eval_on_selector_all("#size-preset option", "els => els.map(o => ({value: o.value, text: o.textContent}))")
    def long_edge(option):
        match = re.search(r"([\d,]+)\s*px", option["text"])
        if not match:
            raise Failure(f"size preset {option['value']!r} names no pixel size: {option['text']!r}")
        return int(match.group(1).replace(",", ""))
    smallest = min(options, key=long_edge)
    page.select_option("#size-preset", smallest["value"])
    # The summary is rewritten on the next animation frame.
    edge = f"{long_edge(smallest):,}"
    try:
        page.wait_for_function("edge => document.getElementById('size-summary').textContent.includes(edge)", arg=edge, timeout=5_000)
    except PlaywrightTimeout:
        pass
    summary = page.locator("#size-summary").text_content()
    match = re.match(r"\s*([\d,]+)\s*×\s*([\d,]+)\s*px", summary or "")
    if not match:
        raise Failure(f"the size summary does not start with the pixel size: {summary!r}")
    width, height = (int(g.replace(",", "")) for g in match.groups())
    if max(width, height) != long_edge(smallest):
        raise Failure(f"preset {smallest['value']} has a long edge of {long_edge(smallest)} px but the summary says {summary!r}")
    output = page.evaluate("() => window.cartopress.buildRequest().output")
    if (output.get("width"), output.get("height")) != (width, height):
        raise Failure(f"the request would ask for {output}, the page shows {width} × {height}")
    return smallest["value"], (width, height)


def render_and_download(page, out_dir):
    page.click("#render-button")
    try:
        page.wait_for_selector("#download-link", state="visible", timeout=RENDER_TIMEOUT_MS)
    except PlaywrightTimeout:
        label = page.locator("#job-progress-label").text_content()
        error = page.locator("#job-error").text_content() if page.locator("#job-error").is_visible() else ""
        form = page.locator("#form-errors").text_content() if page.locator("#form-errors").is_visible() else ""
        raise Failure(f"no download link within {RENDER_TIMEOUT_MS // 1000} s: progress {label!r}, job error {error!r}, "
                      f"form errors {form!r}") from None
    progress = page.eval_on_selector("#job-progress", "el => el.value")
    if progress != 100:
        raise Failure(f"the download link is shown but the progress bar stands at {progress}")
    href = page.get_attribute("#download-link", "href")
    with page.expect_download(timeout=30_000) as info:
        page.click("#download-link")
    download = info.value
    if download.failure():
        raise Failure(f"the download of {href} failed: {download.failure()}")
    poster = out_dir / "poster.png"
    download.save_as(poster)
    return href, poster


def run(base, out_dir, wanted_style, wanted_palette, place, title, subtitle, geocode_optional):
    out_dir.mkdir(parents=True, exist_ok=True)
    report = {"base": base, "steps": [], "_t0": time.monotonic(), "_current": "start"}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
            page = context.new_page()
            problems = PageProblems(page)
            try:
                step(report, "open")
                page.goto(base.rstrip("/") + "/", wait_until="load")
                # A boolean: handed the promise itself, Playwright would wait for it to resolve.
                page.wait_for_function("() => Boolean(window.cartopress && window.cartopress.ready)", timeout=30_000)
                # `ready` waits for the map's first 'idle', which MapLibre never reaches while a glyph range or
                # a tile keeps failing: say so rather than time out without a word.
                ready = page.evaluate("""() => Promise.race([window.cartopress.ready,
                    new Promise((resolve) => setTimeout(() => resolve('timeout'), 60000))])""")
                if ready == "timeout":
                    raise Failure("window.cartopress.ready did not resolve within 60 s: the map never went idle "
                                  f"(the page says: {page.locator('#map-status').text_content()!r})")
                if not ready:
                    raise Failure("window.cartopress.ready resolved false")
                listing = page.evaluate("() => fetch('/api/v1/styles').then(r => r.json())")

                step(report, "style")
                report["style"], report["palette"] = pick_style(page, listing, wanted_style, wanted_palette)

                step(report, "place")
                try:
                    report["place"] = search_place(page, place)
                except Failure as failure:
                    if not geocode_optional:
                        raise
                    report["place"] = {"skipped": str(failure)}

                step(report, "text")
                page.fill("#title", title)
                page.fill("#subtitle", subtitle)
                text = page.evaluate("() => window.cartopress.state.text")
                if (text["title"], text["subtitle"]) != (title, subtitle):
                    raise Failure(f"the page's text is {text['title']!r} / {text['subtitle']!r} after typing {title!r} / {subtitle!r}")

                step(report, "size")
                report["size_preset"], expected = pick_smallest_size(page)
                report["request"] = page.evaluate("() => window.cartopress.buildRequest()")
                wait_idle(page)

                step(report, "render")
                report["download_url"], poster = render_and_download(page, out_dir)
                report["job_id"] = page.evaluate("() => window.cartopress.state.job?.id ?? null")
                size = png_size(poster.read_bytes())
                report["poster"] = {"path": str(poster), "width": size[0], "height": size[1], "bytes": poster.stat().st_size}
                if size != expected:
                    raise Failure(f"the poster is {size[0]} × {size[1]} px; the preset promised {expected[0]} × {expected[1]}")

                step(report, "screenshot")
                wait_idle(page)
                # The page is an app shell (the controls scroll inside their own pane): a full_page capture stretches
                # the viewport to the document and lays it out differently, so the viewport is the whole page.
                page.screenshot(path=str(out_dir / "designer.png"))
                report["screenshot"] = str(out_dir / "designer.png")
            except (Failure, PlaywrightError) as failure:
                report["error"] = f"{report['_current']}: {failure}"
                try:
                    page.screenshot(path=str(out_dir / "designer-failure.png"))
                except PlaywrightError:
                    pass
            finally:
                # Let requests still in flight (tiles of the last idle, the event stream closing) report.
                page.wait_for_timeout(500)
                report["console_errors"] = problems.console_errors
                report["failed_requests"] = sort_aborts(page, problems, report)
                if geocode_optional:
                    # Only what names /api/geocode (Chromium's console message carries the URL, see PageProblems).
                    report["ignored_geocoder_problems"] = [e for e in report["failed_requests"] if "/api/geocode" in e["url"]] + \
                        [e for e in report["console_errors"] if "/api/geocode" in e]
                    report["failed_requests"] = [e for e in report["failed_requests"] if "/api/geocode" not in e["url"]]
                    report["console_errors"] = [e for e in report["console_errors"] if "/api/geocode" not in e]
        finally:
            browser.close()
    report["elapsed_s"] = round(time.monotonic() - report.pop("_t0"), 2)
    report.pop("_current")
    return report


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", required=True, help="the service's base URL, e.g. http://127.0.0.1:8099")
    parser.add_argument("--out", required=True, type=Path, help="where designer.png and poster.png go")
    parser.add_argument("--style", default="watercolor", help="the style to choose (not the default; else the second listed)")
    parser.add_argument("--palette", default="watercolor-botanical", help="its palette (not its default; else its second)")
    parser.add_argument("--place", default="Helsinki")
    parser.add_argument("--title", default="Helsinki")
    parser.add_argument("--subtitle", default="Suomi · Finland")
    parser.add_argument("--geocode-optional", action="store_true",
                        help="while the geocoder is not there yet: skip the place search instead of failing on it")
    args = parser.parse_args()

    report = run(args.base, args.out, args.style, args.palette, args.place, args.title, args.subtitle, args.geocode_optional)
    problems = []
    if "error" in report:
        problems.append(report["error"])
    if report["console_errors"]:
        problems.append(f"{len(report['console_errors'])} console error(s), the first: {report['console_errors'][0]}")
    if report["failed_requests"]:
        problems.append(f"{len(report['failed_requests'])} failed request(s), the first: {json.dumps(report['failed_requests'][0])}")
    report["ok"] = not problems
    report["problems"] = problems
    text = json.dumps(report, indent=2, ensure_ascii=False)
    (args.out / "designer-e2e.json").write_text(text)
    print(text)
    if problems:
        print("designer_e2e: FAILED\n  " + "\n  ".join(problems), file=sys.stderr)
        return 1
    print(f"designer_e2e: ok in {report['elapsed_s']} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
