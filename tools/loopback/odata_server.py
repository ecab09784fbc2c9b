#!/usr/bin/env python3
"""Loopback stand-in for CBS StatLine OData (v4 datasets.cbs.nl and v3 opendata.cbs.nl). 127.0.0.1 only.

Used by Tests/EndToEndTests/FetchOverHTTPTests.swift (the demo's CBS snapshots over real HTTP); its synthetic table
of many @odata.nextLink pages is for trying paging by hand (bench/fetch_race.py uses the leaner
fetch_bench_server.py beside this file).

Usage: odata_server.py [--root DIR] [--pages N --page-kb KB] [--parent PID] [--quiet]
Listens on 127.0.0.1 port 0 (the kernel picks one) and prints "PORT <n>" on stdout. Exits when the parent
process is gone (checked every 0.5 s), on SIGTERM, or on "quit" from stdin.

Routes (any path prefix, so /odata/v1/CBS/<table>/<EntitySet> and /ODataFeed/odata/<table>/<EntitySet> work):
  .../<table>/<EntitySet>[?query]   the snapshot file <root>/<table>/<EntitySet>.json (or <EntitySet> when it
                                    already names a file, e.g. a relative nextLink "UntypedDataSet-skip10000.json").
                                    Query options are ignored (the connectors filter client-side as well).
                                    Every 200 carries ETag (sha256 prefix) and Last-Modified; If-None-Match /
                                    If-Modified-Since that match give 304 without a body.
  /synthetic/Observations[?page=<n>] page n (default 1) of a synthetic v4 table: N pages of about KB kilobytes
                                    each, every page but the last with an absolute @odata.nextLink to page n+1;
                                    the first page declares @odata.count. Built once at start, served from memory.
  /synthetic/<EntitySet>            its metadata: Properties (ObservationCount), Dimensions (RegioS, Perioden),
                                    MeasureCodes, RegioSCodes, PeriodenCodes, so CBSODataV4Connector.fetch runs.
  /_log                             the request log as JSON (also the "log" command below).

Control, one command per line on stdin, one reply line on stdout ("OK ..." or a JSON document):
  fail <table> <mode>   every request under <table> fails: mode 503 (Service Unavailable), 500, or close
  slow <table> <ms>     every request under <table> is answered after <ms> milliseconds (0 = at once)
                        (the request is read, the connection closed without a response)
  heal <table>          serve <table> normally again
  log                   the request log as one JSON line: [{path, query, table, status, body_bytes,
                        conditional}], in arrival order
  clearlog              empty the log
  quit                  exit
"""
import argparse
import email.utils
import hashlib
import json
import os
import signal
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOCK = threading.Lock()
LOG = []
FAULTS = {}  # table -> "503" | "500" | "close"
SLOW = {}  # table -> milliseconds to wait before answering
ROOT = None
SYNTHETIC = []  # page bytes, index 0 = page 1
SYNTHETIC_META = {}  # entity set -> bytes


def build_synthetic(pages, page_kb, port):
    """N v4 Observations pages of about page_kb KB each (rows of about 150 bytes), linked by @odata.nextLink."""
    rows_per_page = max(1, page_kb * 1024 // 150)
    total = rows_per_page * pages
    out = []
    row_id = 0
    for n in range(1, pages + 1):
        rows = []
        for _ in range(rows_per_page):
            year = 2000 + (row_id // 12) % 26
            month = row_id % 12 + 1
            rows.append({
                "Id": row_id,
                "Measure": "M00%04d" % (row_id % 37),
                "ValueAttribute": "None",
                "Value": round((row_id * 7919 % 100000) / 10.0, 1),
                "StringValue": None,
                "RegioS": "GM%04d" % (row_id % 400),
                "Perioden": "%04dMM%02d" % (year, month),
            })
            row_id += 1
        page = {"@odata.context": "http://127.0.0.1:%d/synthetic/$metadata#Observations" % port, "value": rows}
        if n == 1:
            page["@odata.count"] = total
        if n < pages:
            page["@odata.nextLink"] = "http://127.0.0.1:%d/synthetic/Observations?page=%d" % (port, n + 1)
        out.append(json.dumps(page, separators=(",", ":")).encode())
    periods = sorted({"%04dMM%02d" % (2000 + (i // 12) % 26, i % 12 + 1) for i in range(12 * 26)})
    meta = {
        "Properties": {"Identifier": "SYNTH01", "Status": "Regulier", "ObservationCount": total},
        "Dimensions": {"value": [
            {"Identifier": "RegioS", "Kind": "GeoDimension", "ContainsCodes": True},
            {"Identifier": "Perioden", "Kind": "TimeDimension", "ContainsCodes": True}]},
        "MeasureCodes": {"value": [
            {"Identifier": "M00%04d" % m, "Title": "Synthetic measure %d" % m, "Unit": "aantal", "Decimals": 1}
            for m in range(37)]},
        "RegioSCodes": {"value": [{"Identifier": "GM%04d" % r, "Title": "Gemeente %d" % r} for r in range(400)]},
        "PeriodenCodes": {"value": [{"Identifier": p, "Title": p, "Status": "Definitief"} for p in periods]},
    }
    return out, {k: json.dumps(v).encode() for k, v in meta.items()}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def _log(self, table, status, body_bytes):
        with LOCK:
            LOG.append({
                "started": getattr(self, "_started", None), "ended": time.monotonic(),
                "path": self._path, "query": self._query, "table": table, "status": status,
                "body_bytes": body_bytes,
                "conditional": self.headers.get("If-None-Match") is not None
                or self.headers.get("If-Modified-Since") is not None,
            })

    def _send(self, status, body, ctype, table, headers=None):
        self.send_response(status)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        if status != 304:
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        sent = 0
        if status != 304:
            self.wfile.write(body)
            sent = len(body)
        self.wfile.flush()
        self._log(table, status, sent)

    def do_GET(self):
        self._started = time.monotonic()
        parsed = urllib.parse.urlsplit(self.path)
        self._path = urllib.parse.unquote(parsed.path)
        self._query = urllib.parse.unquote(parsed.query)
        if self._path == "/_log":
            with LOCK:
                body = json.dumps(LOG).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        if self._path.startswith("/synthetic/") and self._path[len("/synthetic/"):] in SYNTHETIC_META:
            body = SYNTHETIC_META[self._path[len("/synthetic/"):]]
            return self._send(200, body, "application/json; charset=utf-8", "synthetic")
        if self._path == "/synthetic/Observations":
            q = urllib.parse.parse_qs(parsed.query)
            try:
                n = int(q.get("page", ["1"])[0])
            except ValueError:
                n = 0
            if not 1 <= n <= len(SYNTHETIC):
                return self._send(404, b'{"error":"no such page"}', "application/json", "synthetic")
            return self._send(200, SYNTHETIC[n - 1], "application/json; charset=utf-8", "synthetic")
        segments = [s for s in self._path.split("/") if s]
        # The table is the first segment that is a folder of the snapshot root; the entity set follows it.
        for i, seg in enumerate(segments[:-1]):
            if ROOT and os.path.isdir(os.path.join(ROOT, seg)) and i + 2 == len(segments):
                return self.snapshot(seg, segments[i + 1])
        return self._send(404, b'{"error":"no such entity set"}', "application/json", None)

    def snapshot(self, table, entity):
        with LOCK:
            fault = FAULTS.get(table)
            delay = SLOW.get(table, 0)
        if delay:
            time.sleep(delay / 1000.0)
        if fault == "close":
            self._log(table, 0, 0)
            self.close_connection = True
            return
        if fault in ("503", "500"):
            return self._send(int(fault), b"Service Unavailable: loopback fault", "text/plain", table)
        folder = os.path.join(ROOT, table)
        name = entity if entity.endswith(".json") else entity + ".json"
        path = os.path.join(folder, name)
        if "/" in entity or not os.path.isfile(path):
            return self._send(404, b'{"error":"no such entity set"}', "application/json", table)
        with open(path, "rb") as f:
            data = f.read()
        etag = '"%s"' % hashlib.sha256(data).hexdigest()[:32]
        mtime = int(os.path.getmtime(path))
        headers = {"ETag": etag, "Last-Modified": email.utils.formatdate(mtime, usegmt=True)}
        inm = self.headers.get("If-None-Match")
        ims = self.headers.get("If-Modified-Since")
        if inm is not None:
            if etag in [t.strip() for t in inm.split(",")] or inm.strip() == "*":
                return self._send(304, b"", "application/json", table, headers)
        elif ims is not None:
            try:
                if mtime <= email.utils.parsedate_to_datetime(ims).timestamp():
                    return self._send(304, b"", "application/json", table, headers)
            except (TypeError, ValueError):
                pass
        return self._send(200, data, "application/json; charset=utf-8", table, headers)

    def finish(self):
        try:
            super().finish()
        except OSError:
            pass


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        pass  # clients that hang up are not an error of this server


def control():
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        cmd = words[0]
        with LOCK:
            if cmd == "fail" and len(words) == 3 and words[2] in ("503", "500", "close"):
                FAULTS[words[1]] = words[2]
                reply = "OK fail %s %s" % (words[1], words[2])
            elif cmd == "slow" and len(words) == 3 and words[2].isdigit():
                SLOW[words[1]] = int(words[2])
                reply = "OK slow %s %s" % (words[1], words[2])
            elif cmd == "heal" and len(words) == 2:
                FAULTS.pop(words[1], None)
                reply = "OK heal %s" % words[1]
            elif cmd == "log":
                reply = json.dumps(LOG)
            elif cmd == "clearlog":
                LOG.clear()
                reply = "OK clearlog"
            elif cmd == "quit":
                os._exit(0)
            else:
                reply = "ERROR unknown command: %s" % line.strip()
        print(reply, flush=True)
    # stdin closed: the controlling process is gone
    os._exit(0)


def watch_parent(parent):
    while True:
        if os.getppid() != parent:
            os._exit(0)
        time.sleep(0.5)


def main():
    global ROOT, SYNTHETIC, SYNTHETIC_META
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", help="snapshot root: one folder per table with <EntitySet>.json files")
    ap.add_argument("--pages", type=int, default=0, help="pages of the synthetic table")
    ap.add_argument("--page-kb", type=int, default=300, help="approximate size of one synthetic page")
    ap.add_argument("--parent", type=int, default=os.getppid())
    ap.add_argument("--no-stdin", action="store_true", help="no control on stdin (background use in scripts)")
    args = ap.parse_args()
    ROOT = os.path.realpath(args.root) if args.root else None
    signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM, signal.SIGINT])
    server = Server(("127.0.0.1", 0), Handler)
    port = server.server_address[1]
    if args.pages > 0:
        SYNTHETIC, SYNTHETIC_META = build_synthetic(args.pages, args.page_kb, port)
    threading.Thread(target=watch_parent, args=(args.parent,), daemon=True).start()
    if not args.no_stdin:
        threading.Thread(target=control, daemon=True).start()
    print("PORT %d" % port, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
