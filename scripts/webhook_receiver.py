"""Webhook receiver for the tests: checks Standard Webhooks signatures with the reference library.

Run: .build-tools/venv/bin/python scripts/webhook_receiver.py --secret whsec_... [--secret whsec_...] [--port N]
It prints its port as the first stdout line, then serves on 127.0.0.1 until killed or until its stdin
(when that is a pipe) closes.

  POST /hook/<name>        records a delivery; answers 204 if a secret verifies it, else 401, unless
                           /control/<name> says otherwise
  POST /control/<name>     JSON, keys combine: {"fail": N, "status": S} answers S (default 500) to the next
                           N deliveries; {"status": S} alone always answers S; {"redirect": URL} answers 302
                           to URL; {"delay": seconds} waits before answering. Each POST replaces the last.
  GET  /deliveries/<name>  JSON list of that name's deliveries, every attempt in order, with the status answered
  GET  /deliveries         JSON list of the names that have had deliveries
"""
import argparse
import json
import os
import re
import stat
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlsplit

from standardwebhooks import Webhook

deliveries = {}  # name -> list of delivery records, in arrival order
controls = {}    # name -> {"control": dict as posted, "failed": how many of its "fail" are used up}
lock = threading.Lock()
webhooks = []    # one standardwebhooks.Webhook per --secret, in command-line order


def load_secret(text):
    # The library base64-decodes without validation, silently dropping stray characters, so a mistyped
    # secret would give a different key and every delivery would just be 401; refuse it up front instead.
    bare = text[len("whsec_"):] if text.startswith("whsec_") else text
    if not re.fullmatch(r"[A-Za-z0-9+/]+={0,2}", bare):
        raise argparse.ArgumentTypeError(f"{text!r} is not whsec_ followed by standard base64")
    return Webhook(text)


def verify(body, headers):
    """Returns (index of the first secret that verifies, None) or (None, why the last one failed)."""
    error = "no secret configured"
    for index, webhook in enumerate(webhooks):
        try:
            # json_parse=False: a correctly signed body that is not JSON must still count as verified.
            webhook.verify(body, headers, json_parse=False)
            return index, None
        except Exception as exc:  # noqa: BLE001 - besides its own error the library lets ValueError and
            # UnicodeDecodeError escape on a malformed signature header or a non-UTF-8 body: all mean "not verified"
            error = f"{type(exc).__name__}: {exc}"
    return None, error


def decide(name, verified):
    """The status and extra headers for this delivery, and how long to wait before answering."""
    with lock:
        entry = controls.get(name)
        control = entry["control"] if entry else {}
        delay = float(control.get("delay", 0))
        if "fail" in control and entry["failed"] < int(control["fail"]):
            entry["failed"] += 1
            return int(control.get("status", 500)), {}, delay
    if "redirect" in control:
        return 302, {"Location": control["redirect"]}, delay
    if "status" in control and "fail" not in control:
        return int(control["status"]), {}, delay
    return (204 if verified else 401), {}, delay


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as a real webhook endpoint would offer

    def log_message(self, *args):
        pass  # the tests read stdout for the port only; request logs would be noise on stderr

    def answer(self, status, payload=None, headers=None):
        body = b"" if payload is None else json.dumps(payload).encode()
        self.send_response(status)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        if payload is not None:
            self.send_header("Content-Type", "application/json")
        # Always a length (0 too), so an HTTP/1.1 client knows where the answer ends on a kept-alive connection.
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def read_body(self):
        # A sender that streams its body (libcurl with an unknown size) uses chunked encoding, not a length.
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0], 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass  # trailers
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()  # the CRLF after each chunk
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def do_POST(self):
        path = urlsplit(self.path).path
        body = self.read_body()
        if path.startswith("/hook/"):
            return self.hook(unquote(path[len("/hook/"):]), body)
        if path.startswith("/control/"):
            try:
                control = json.loads(body or b"{}")
                # Checked now, so a typo in a test fails its control call rather than a later delivery.
                int(control.get("fail", 0)), int(control.get("status", 0)), float(control.get("delay", 0))
                str(control.get("redirect", ""))
            except (ValueError, TypeError, AttributeError):
                return self.answer(400, {"error": 'want {"fail": N, "status": S, "redirect": URL, "delay": s}'})
            with lock:
                controls[unquote(path[len("/control/"):])] = {"control": control, "failed": 0}
            return self.answer(204)
        self.answer(404, {"error": "no such path"})

    def hook(self, name, body):
        # Only the three Standard Webhooks headers, read case-insensitively by http.server.
        headers = {key: self.headers.get(key) for key in ("webhook-id", "webhook-timestamp", "webhook-signature")}
        index, error = verify(body, {k: v for k, v in headers.items() if v is not None})
        status, extra, delay = decide(name, index is not None)
        text = body.decode("utf-8", errors="replace")
        try:
            parsed = json.loads(text)
        except ValueError:
            parsed = text
        record = {"name": name, "id": headers["webhook-id"], "timestamp": headers["webhook-timestamp"],
                  "signature": headers["webhook-signature"], "verified": index is not None, "verified_with": index,
                  "error": error, "body": parsed, "received_at": time.time(), "status": status}
        # Recorded before the delay, so a test whose sender times out still sees that the attempt arrived.
        with lock:
            deliveries.setdefault(name, []).append(record)
        time.sleep(delay)
        self.answer(status, None, extra)

    def do_GET(self):
        path = urlsplit(self.path).path
        with lock:
            if path in ("/deliveries", "/deliveries/"):
                return self.answer(200, list(deliveries))
            if path.startswith("/deliveries/"):
                return self.answer(200, deliveries.get(unquote(path[len("/deliveries/"):]), []))
        self.answer(404, {"error": "no such path"})


def watch_stdin(server):
    # The test that started us holds our stdin pipe; when it dies the pipe closes and we go too, so no
    # receiver outlives its test. Only for a pipe or socket: a background job in a script gets /dev/null,
    # which reads as closed at once.
    mode = os.fstat(sys.stdin.fileno()).st_mode
    if stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode):
        while sys.stdin.buffer.read(65536):
            pass
        server.shutdown()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--secret", action="append", required=True, type=load_secret,
                        help="whsec_<base64>; repeat for several, any one verifying counts")
    parser.add_argument("--port", type=int, default=0, help="default: a free port")
    args = parser.parse_args()
    # A test runner may start us from a thread that blocks signals, and the mask is inherited:
    # unblock the ones that stop us, or SIGTERM would never arrive.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT, signal.SIGHUP})
    webhooks.extend(args.secret)
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    print(server.server_address[1], flush=True)
    threading.Thread(target=watch_stdin, args=(server,), daemon=True).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
