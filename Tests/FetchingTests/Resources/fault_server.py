#!/usr/bin/env python3
"""Fault-injecting HTTP/1.1 server for the Fetching tests. Loopback only.

Usage: fault_server.py [--root DIR] [--parent PID] [--tls-cert PEM --tls-key PEM]
Listens on 127.0.0.1, port 0 (the kernel picks one), and prints "PORT <n>" on stdout. Exits when the parent
process is gone (or after 10 minutes), so a crashed test run leaves no server behind.

Every request is logged (GET /_log returns the log as JSON): target as received (absolute-form when the
request came through as a proxy request), request headers, status sent, body bytes sent on the wire, and the
client's source port (the same port on two requests means a reused connection).

Routes:
  /seq/<id>?steps=a,b,c[&ra=<Retry-After>][&body=..]  the n-th request to <id> gets step n (the last repeats):
        close       read the request, close without a response (B01)
        reset       read the request, send a TCP RST (SO_LINGER 0)
        ok          200 application/json, or ct= (body= or a default JSON document)
        trunc       200 with Content-Length 100 more than the body sent, then close (B03)
        chunktrunc  200 chunked, one chunk, then close without the last chunk (B03)
        stall       200 Content-Length 100000, send 100 bytes, then stall for 5 s (stall=<seconds>)
        slow        wait 0.3 s (delay=<seconds>), then as ok
        <status>    that status, text/plain; Retry-After: <ra> when ra= is given
  /status/<code>?ct=<content-type>&body=<body>
  /always/<code>/<anything>           that status for every path below it
  /redirect?to=<location>[&code=301]  a redirect whose header is written `location:` (lower case, B24)
  /loop                               302 to itself
  /big?n=<bytes>[&chunked=1]          n bytes of 'x'
  /echo                               200, the request headers as JSON
  /ckan-link/api/3/action/package_show?id=<link>   a CKAN package_show whose one resource ("Register", CSV)
                                      has the URL <link> (issue 15: links from bodies)
  /ckan-error/api/3/action/package_show  409 with a CKAN error object (success: false)
  /_inflight                          the most requests in flight at once, per /seq/ path (JSON)
  /real/<path>[?gzip=1][&noetag=1]    a file under --root, with ETag and Last-Modified; If-None-Match and
                                      If-Modified-Since give 304; gzip=1 gzips when the client accepts it;
                                      noetag=1 sends Last-Modified only
"""
import argparse
import email.utils
import gzip
import hashlib
import json
import os
import signal
import socket
import struct
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOCK = threading.Lock()
LOG = []
COUNTERS = {}
INFLIGHT = {}
MAX_INFLIGHT = {}
ROOT = "."


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):  # keep test output quiet
        pass

    # -- helpers -------------------------------------------------------------------------------------------
    def _entry(self, status, body_bytes):
        with LOCK:
            LOG.append({
                "target": self.path,
                "path": self._path,
                "proxied": self.path.startswith("http://") or self.path.startswith("https://"),
                "headers": {k.lower(): v for k, v in self.headers.items()},
                "status": status,
                "body_bytes": body_bytes,
                "client_port": self.client_address[1],
            })

    def _send(self, status, body=b"", ctype="application/json", headers=None, head_only=False):
        self.send_response(status)
        if status != 304:
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        sent = 0
        if status != 304 and not head_only:
            self.wfile.write(body)
            sent = len(body)
        self.wfile.flush()
        self._entry(status, sent)

    def _raw(self, data):
        self.wfile.write(data)
        self.wfile.flush()

    # -- routing -------------------------------------------------------------------------------------------
    def do_GET(self):
        target = self.path
        if target.startswith("http://") or target.startswith("https://"):
            parts = urllib.parse.urlsplit(target)
            target = parts.path + ("?" + parts.query if parts.query else "")
        parsed = urllib.parse.urlsplit(target)
        self._path = parsed.path
        q = {k: v[-1] for k, v in urllib.parse.parse_qs(parsed.query, keep_blank_values=True).items()}
        p = parsed.path
        if p == "/_log":
            with LOCK:
                body = json.dumps(LOG).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self._raw(body)
            return
        if p == "/_inflight":
            with LOCK:
                body = json.dumps(MAX_INFLIGHT).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self._raw(body)
            return
        if p.startswith("/seq/"):
            with LOCK:
                INFLIGHT[p] = INFLIGHT.get(p, 0) + 1
                MAX_INFLIGHT[p] = max(MAX_INFLIGHT.get(p, 0), INFLIGHT[p])
            try:
                return self.seq(p[len("/seq/"):], q)
            finally:
                with LOCK:
                    INFLIGHT[p] -= 1
        if p.startswith("/always/"):
            code = int(p.split("/")[2])
            return self._send(code, ("status %d" % code).encode(), "text/plain")
        if p.startswith("/status/"):
            code = int(p[len("/status/"):])
            return self._send(code, q.get("body", "status %d" % code).encode(), q.get("ct", "text/plain"))
        if p == "/redirect":
            code = int(q.get("code", "301"))
            return self._send(code, b"", "text/plain", {"location": q.get("to", "/status/200")})
        if p == "/loop":
            return self._send(302, b"", "text/plain", {"location": "/loop"})
        if p == "/big":
            n = int(q.get("n", "1000"))
            if q.get("chunked") == "1":
                self.send_response(200)
                self.send_header("Content-Type", "application/octet-stream")
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                sent = 0
                try:
                    while sent < n:
                        chunk = b"x" * min(16384, n - sent)
                        self._raw(b"%x\r\n" % len(chunk) + chunk + b"\r\n")
                        sent += len(chunk)
                    self._raw(b"0\r\n\r\n")
                except OSError:
                    self.close_connection = True
                self._entry(200, sent)
                return
            return self._send(200, b"x" * n, "application/octet-stream")
        if p == "/ckan-link/api/3/action/package_show":
            doc = {"success": True, "result": {"resources": [
                {"id": "r1", "name": "Register", "format": "CSV", "url": q.get("id", "")}]}}
            return self._send(200, json.dumps(doc).encode())
        if p == "/ckan-error/api/3/action/package_show":
            doc = {"help": "x", "success": False,
                   "error": {"__type": "Authorization Error", "message": "Toegang geweigerd tot dataset"}}
            return self._send(409, json.dumps(doc).encode())
        if p == "/echo":
            body = json.dumps({k.lower(): v for k, v in self.headers.items()}).encode()
            return self._send(200, body)
        if p.startswith("/real/"):
            return self.real(urllib.parse.unquote(p[len("/real/"):]), q)
        return self._send(404, b"no such route", "text/plain")

    def seq(self, name, q):
        steps = q.get("steps", "ok").split(",")
        with LOCK:
            n = COUNTERS.get(name, 0)
            COUNTERS[name] = n + 1
        step = steps[min(n, len(steps) - 1)]
        body = q.get("body", '{"value":[{"ID":0,"RegioS":"GM0392    ","Perioden":"2024KW01","Werkzamepersonen_1":1200}]}').encode()
        if step == "close":
            self._entry(0, 0)
            self.close_connection = True
            return
        if step == "reset":
            self._entry(0, 0)
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            self.close_connection = True
            return
        if step == "ok":
            return self._send(200, body, q.get("ct", "application/json"))
        if step == "slow":
            time.sleep(float(q.get("delay", "0.3")))
            return self._send(200, body)
        if step == "trunc":
            self._raw(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % (len(body) + 100))
            self._raw(body)
            self._entry(200, len(body))
            self.close_connection = True
            return
        if step == "chunktrunc":
            part = body[: len(body) // 2]
            self._raw(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
            self._raw(b"%x\r\n" % len(part) + part + b"\r\n")
            self._entry(200, len(part))
            self.close_connection = True
            return
        if step == "stall":
            self._raw(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n")
            self._raw(b"x" * 100)
            self._entry(200, 100)
            time.sleep(float(q.get("stall", "5")))
            self.close_connection = True
            return
        code = int(step)
        headers = {}
        if "ra" in q and code in (429, 503):
            headers["Retry-After"] = q["ra"]
        return self._send(code, ("status %d" % code).encode(), "text/plain", headers)

    def real(self, rel, q):
        path = os.path.realpath(os.path.join(ROOT, rel))
        if not path.startswith(os.path.realpath(ROOT) + os.sep) or not os.path.isfile(path):
            return self._send(404, b"not found", "text/plain")
        with open(path, "rb") as f:
            data = f.read()
        etag = '"%s"' % hashlib.sha256(data).hexdigest()[:16]
        mtime = int(os.path.getmtime(path))
        last_modified = email.utils.formatdate(mtime, usegmt=True)
        ctype = "application/json" if path.endswith(".json") else "text/csv; charset=utf-8"
        headers = {"Last-Modified": last_modified} if q.get("noetag") == "1" else {"ETag": etag, "Last-Modified": last_modified}
        inm = self.headers.get("If-None-Match")
        ims = self.headers.get("If-Modified-Since")
        if inm is not None:
            if inm == etag or inm == "*":
                return self._send(304, b"", ctype, headers)
        elif ims is not None:
            since = email.utils.parsedate_to_datetime(ims).timestamp()
            if mtime <= since:
                return self._send(304, b"", ctype, headers)
        if q.get("gzip") == "1" and "gzip" in self.headers.get("Accept-Encoding", ""):
            headers["Content-Encoding"] = "gzip"
            data = gzip.compress(data, mtime=0)
        return self._send(200, data, ctype, headers)

    def finish(self):
        try:
            super().finish()
        except OSError:
            pass


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def shutdown_request(self, request):
        try:
            super().shutdown_request(request)
        except OSError:
            pass

    def handle_error(self, request, client_address):
        pass  # resets and closed sockets are the point of this server


def watch_parent(parent):
    start = time.time()
    while True:
        if os.getppid() != parent or time.time() - start > 600:
            os._exit(0)
        time.sleep(0.5)


def main():
    global ROOT
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default=".")
    ap.add_argument("--parent", type=int, default=os.getppid())
    ap.add_argument("--tls-cert")
    ap.add_argument("--tls-key")
    args = ap.parse_args()
    ROOT = args.root
    # A test runner may block SIGTERM in its threads, and a spawned child inherits that mask: unblock it so
    # the test's terminate() ends this server.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM, signal.SIGINT])
    server = Server(("127.0.0.1", 0), Handler)
    if args.tls_cert:
        import ssl
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(args.tls_cert, args.tls_key)
        server.socket = ctx.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=watch_parent, args=(args.parent,), daemon=True).start()
    print("PORT %d" % server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
