#!/usr/bin/env python3
"""Lean loopback OData server for bench/fetch_race.py: synthetic CBS tables served from prebuilt responses, so the
server costs as little as possible per request and the race measures the clients. 127.0.0.1 only.

Usage: fetch_bench_server.py --pages N --page-kb KB [--parent PID]
Listens on 127.0.0.1 port 0 and prints "PORT <n>" on stdout; exits when the parent process is gone (checked every
0.5 s) or on SIGTERM. HTTP/1.1 with keep-alive, one thread per connection, every response built at start-up (status
line, Content-Type, Content-Length and body in one buffer), so a request costs one read, one dictionary look-up and
one sendall.

Two tables of N pages of about KB kilobytes each (rows per page from the mean JSON length of a row):
  /v4/SYNTH04/Observations[?page=<n>]      CBS OData v4: page n links to page n+1 by an absolute @odata.nextLink (the
                                           chain is only known page by page); page 1 declares @odata.count.
  /v4/SYNTH04/<Properties|Dimensions|MeasureCodes|RegioSCodes|PeriodenCodes>   its metadata.
  /v3/SYNTH03/UntypedDataSet?$format=json[&$skip=<k>]
                                           CBS OData v3 offset paging, as opendata.cbs.nl pages: the page at $skip=k
                                           holds rows k… and links to $skip=k+rows by odata.nextLink (absolute, like
                                           CBS's `…/UntypedDataSet/?$format=json&$skip=10000`).
  /v3/SYNTH03/<TableInfos|DataProperties|RegioS|Perioden>?$format=json         its metadata (TableInfos RecordCount
                                           is the table's row count).
Only these exact request targets are known (the clients send them byte for byte); anything else is 404.
"""
import argparse
import json
import os
import signal
import socket
import sys
import threading
import time

RESPONSES = {}  # request target (bytes) -> complete response (bytes)
NOT_FOUND = b"HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"


def response(body, ctype=b"application/json; charset=utf-8"):
    return b"HTTP/1.1 200 OK\r\nContent-Type: " + ctype + b"\r\nContent-Length: " + str(len(body)).encode() + \
        b"\r\n\r\n" + body


def rows_for(page_kb, make_row):
    """Rows per page so that a page is about page_kb KB: the mean JSON length of 200 sample rows (plus a comma)."""
    sample = [len(make_row(i)) + 1 for i in range(1000, 1200)]
    return max(1, page_kb * 1024 // (sum(sample) // len(sample)))


def page_json(head, rows, tail):
    """`{<head>"value":[<rows>]<tail>}`: rows are JSON text already (string formatting, not json.dumps per row,
    so 200 pages of 265 KB are built in seconds)."""
    return ("{" + head + '"value":[' + ",".join(rows) + "]" + tail + "}").encode()


def build(pages, page_kb, port):
    """Builds both tables; returns the rows per page of the v3 table (its $skip step)."""
    base = "http://127.0.0.1:%d" % port
    periods = sorted({"%04dMM%02d" % (2000 + (i // 12) % 26, i % 12 + 1) for i in range(12 * 26)})

    def row(i):
        return ('{"Id":%d,"Measure":"M00%04d","ValueAttribute":"None","Value":%r,"StringValue":null,'
                '"RegioS":"GM%04d","Perioden":"%s"}') % (
            i, i % 37, round((i * 7919 % 100000) / 10.0, 1), i % 400, periods[i % len(periods)])

    # v4: a chain of absolute @odata.nextLink.
    rows_per_page = rows_for(page_kb, row)
    total = rows_per_page * pages
    v4 = "/v4/SYNTH04/"
    for n in range(1, pages + 1):
        first = (n - 1) * rows_per_page
        head = '"@odata.context":"%s",' % (base + v4 + "$metadata#Observations")
        if n == 1:
            head += '"@odata.count":%d,' % total
        tail = ',"@odata.nextLink":"%s"' % (base + v4 + "Observations?page=%d" % (n + 1)) if n < pages else ""
        target = v4 + "Observations" + ("" if n == 1 else "?page=%d" % n)
        RESPONSES[target.encode()] = response(page_json(head, [row(i) for i in range(first, first + rows_per_page)], tail))
        if n == 1:
            # The v4 connector asks for the first page with `$count=true` (the table's total in `@odata.count`).
            RESPONSES[(target + "?$count=true").encode()] = RESPONSES[target.encode()]
    meta4 = {
        "Properties": {"Identifier": "SYNTH04", "Title": "Synthetic v4 table", "Status": "Regulier",
                       "ObservationCount": total},
        "Dimensions": {"value": [
            {"Identifier": "RegioS", "Kind": "GeoDimension", "ContainsCodes": True},
            {"Identifier": "Perioden", "Kind": "TimeDimension", "ContainsCodes": True}]},
        "MeasureCodes": {"value": [
            {"Identifier": "M00%04d" % m, "Title": "Synthetic measure %d" % m, "Unit": "aantal", "Decimals": 1}
            for m in range(37)]},
        "RegioSCodes": {"value": [{"Identifier": "GM%04d" % r, "Title": "Gemeente %d" % r} for r in range(400)]},
        "PeriodenCodes": {"value": [{"Identifier": p, "Title": p, "Status": "Definitief"} for p in periods]},
    }
    for name, doc in meta4.items():
        RESPONSES[(v4 + name).encode()] = response(json.dumps(doc).encode())

    # v3: offset paging, wide rows (two Topics), values as the untyped data set writes them (padded text).
    def row3(i):
        return '{"ID":%d,"RegioS":"GM%04d","Perioden":"%s","Aantal_1":"%10.1f","Bedrag_2":"%10.1f"}' % (
            i, i % 400, periods[i % len(periods)], (i * 7919 % 100000) / 10.0, (i * 104729 % 100000) / 10.0)

    rows_per_page = rows_for(page_kb, row3)
    total = rows_per_page * pages
    v3 = "/v3/SYNTH03/"
    for n in range(pages):
        first = n * rows_per_page
        head = '"odata.metadata":"%s",' % (base + v3 + "$metadata#Cbs.OData.WebAPI.UntypedDataSet")
        tail = (',"odata.nextLink":"%s"' % (base + v3 + "UntypedDataSet?$format=json&$skip=%d" % (first + rows_per_page))
                if n + 1 < pages else "")
        target = v3 + "UntypedDataSet?$format=json" + ("" if n == 0 else "&$skip=%d" % first)
        RESPONSES[target.encode()] = response(page_json(head, [row3(i) for i in range(first, first + rows_per_page)], tail))
    meta3 = {
        "TableInfos": {"value": [{"ID": 0, "Identifier": "SYNTH03", "Title": "Synthetic v3 table",
                                  "Modified": "2026-11-30T02:00:00", "OutputStatus": "Regulier",
                                  "RecordCount": total}]},
        "DataProperties": {"value": [
            {"ID": 0, "Position": 0, "Type": "GeoDimension", "Key": "RegioS", "Title": "Regio's"},
            {"ID": 1, "Position": 1, "Type": "TimeDimension", "Key": "Perioden", "Title": "Perioden"},
            {"ID": 2, "Position": 2, "Type": "Topic", "Key": "Aantal_1", "Title": "Aantal", "Unit": "aantal",
             "Decimals": 1, "Datatype": "Double"},
            {"ID": 3, "Position": 3, "Type": "Topic", "Key": "Bedrag_2", "Title": "Bedrag", "Unit": "euro",
             "Decimals": 1, "Datatype": "Double"}]},
        "RegioS": {"value": [{"Key": "GM%04d" % r, "Title": "Gemeente %d" % r} for r in range(400)]},
        "Perioden": {"value": [{"Key": p, "Title": p, "Status": "Definitief"} for p in periods]},
    }
    for name, doc in meta3.items():
        RESPONSES[(v3 + name + "?$format=json").encode()] = response(json.dumps(doc).encode())
    return rows_per_page


def serve(conn):
    buf = b""
    try:
        while True:
            end = buf.find(b"\r\n\r\n")
            while end < 0:
                chunk = conn.recv(65536)
                if not chunk:
                    return
                buf += chunk
                end = buf.find(b"\r\n\r\n")
            head, buf = buf[:end], buf[end + 4:]
            line = head.split(b"\r\n", 1)[0].split(b" ")
            target = line[1] if len(line) == 3 else b""
            if target.startswith(b"http://"):  # absolute form
                target = b"/" + target.split(b"/", 3)[3] if target.count(b"/") >= 3 else b"/"
            conn.sendall(RESPONSES.get(target, NOT_FOUND))
    except OSError:
        pass
    finally:
        conn.close()


def watch_parent(parent):
    while True:
        if os.getppid() != parent:
            os._exit(0)
        time.sleep(0.5)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, required=True)
    ap.add_argument("--page-kb", type=int, required=True)
    ap.add_argument("--parent", type=int, default=os.getppid())
    args = ap.parse_args()
    # A parent that blocked SIGTERM (Foundation's Process does, and the mask is inherited through bench/run and
    # fetch_race.py) passes the mask on: unblock it, or terminate() would never end the server.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM, signal.SIGINT])
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    port = listener.getsockname()[1]
    build(args.pages, args.page_kb, port)
    threading.Thread(target=watch_parent, args=(args.parent,), daemon=True).start()
    print("PORT %d" % port, flush=True)
    while True:
        conn, _ = listener.accept()
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        threading.Thread(target=serve, args=(conn,), daemon=True).start()


if __name__ == "__main__":
    sys.exit(main())
