"""A small HTTP server for the transport tests, on 127.0.0.1 and a free port it prints as its first line.

  /echo          answers JSON {method, path, headers, body (latin-1)}
  /status/N      answers status N
  /slow?s=S      waits S seconds, then 200
  /big?n=N       answers N bytes
  /redirect      302 to /echo
  /flaky?key=K&fail=F&status=C   answers C (default 503) to the first F requests for key K, then 200
  /count?key=K   how many requests key K has had
"""
import json
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

counts = {}
lock = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, status, body=b"", headers=None):
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def handle_any(self):
        url = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if url.path == "/echo":
            payload = {"method": self.command, "path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()},
                       "body": body.decode("latin-1")}
            return self.answer(200, json.dumps(payload).encode(), {"Content-Type": "application/json", "X-Test": "yes"})
        if url.path.startswith("/status/"):
            return self.answer(int(url.path.split("/")[2]), b"status")
        if url.path == "/slow":
            time.sleep(float(query.get("s", "1")))
            return self.answer(200, b"slow")
        if url.path == "/big":
            return self.answer(200, b"x" * int(query.get("n", "0")))
        if url.path == "/redirect":
            return self.answer(302, b"", {"Location": "/echo"})
        if url.path == "/flaky":
            key = query.get("key", "")
            with lock:
                counts[key] = counts.get(key, 0) + 1
                n = counts[key]
            if n <= int(query.get("fail", "0")):
                headers = {"Retry-After": query["retry_after"]} if "retry_after" in query else {}
                return self.answer(int(query.get("status", "503")), b"not yet", headers)
            return self.answer(200, b"ok")
        if url.path == "/count":
            with lock:
                return self.answer(200, str(counts.get(query.get("key", ""), 0)).encode())
        return self.answer(404, b"no such path")

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = handle_any


# A test runner may start us from a thread that blocks signals, and the mask is inherited:
# unblock the ones that stop us, or SIGTERM would never arrive.
signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT, signal.SIGHUP})
server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
