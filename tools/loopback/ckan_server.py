#!/usr/bin/env python3
"""Loopback stand-in for a CKAN portal with the DataStore extension. 127.0.0.1 only.

Used by Tests/ConnectorsTests/CKANDatastoreTests.swift: a real CSV file (e.g. the Amsterdam subsidy register in
../shared/data/real/subsidieregister-amsterdam/) is served as a DataStore table, page by page, as CKAN 2.9-2.11
answers `datastore_search` (ckanext.datastore.logic.action.datastore_search).

Usage: ckan_server.py --csv FILE [--delimiter ';'] [--resource-id ID] [--dataset NAME] [--resource-name NAME]
                      [--rows-max N] [--total-extra K] [--estimated] [--sql-refused 403|200] [--parent PID]
Listens on 127.0.0.1 port 0 and prints "PORT <n>" on stdout. Exits when the parent process is gone (checked every
0.5 s) or on SIGTERM; it does not read stdin.

Routes:
  /api/3/action/package_show?id=<dataset>        {"success": true, "result": {"name", "resources": [{"id", "name",
                                                  "format": "CSV", "datastore_active": true, "url"}]}}; any other
                                                  id: 404 with {"success": false, "error": {"__type": "Not Found
                                                  Error", "message": "Not found"}}
  /api/3/action/datastore_search?resource_id=&limit=&offset=
                                                  records {_id, <column>: text} of the CSV, _id = 1-based row
                                                  number; limit capped at --rows-max (CKAN's
                                                  ckan.datastore.search.rows_max); result.total = rows +
                                                  --total-extra; total_was_estimated when --estimated; _links.start
                                                  and _links.next (a path with offset + limit, also on the last page,
                                                  as CKAN writes it)
  /api/3/action/datastore_search_sql?sql=         the two statements CKANDatastoreSQLConnector sends:
                                                  SELECT COUNT(*) AS n FROM "<id>"  → records [{"n": rows}];
                                                  SELECT * FROM "<id>" ORDER BY "_id" LIMIT l OFFSET o → records
                                                  as datastore_search, capped at --rows-max (then
                                                  "records_truncated": true, as CKAN ≥ 2.9); other SQL: 409
                                                  ValidationError. --sql-refused 403: HTTP 403 Authorization Error
                                                  (ckan.datastore.sqlsearch.enabled = false answers so);
                                                  --sql-refused 200: HTTP 200 with success false
  /_log                                           the request log as JSON: [{path, query}]
"""
import argparse
import csv
import json
import os
import re
import signal
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOG = []
LOCK = threading.Lock()
ARGS = None
FIELDS = []
ROWS = []


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def reply(self, status, obj):
        body = json.dumps(obj, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json;charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        parsed = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(parsed.query)
        with LOCK:
            LOG.append({"path": parsed.path, "query": parsed.query})
        if parsed.path == "/_log":
            with LOCK:
                return self.reply(200, LOG)
        if parsed.path == "/api/3/action/package_show":
            if query.get("id", [""])[0] != ARGS.dataset:
                return self.reply(
                    404, {"success": False, "error": {"__type": "Not Found Error", "message": "Not found"}})
            resource = {
                "id": ARGS.resource_id, "name": ARGS.resource_name, "format": "CSV", "datastore_active": True,
                "url": "/datastore/dump/" + ARGS.resource_id,
            }
            return self.reply(200, {"success": True, "result": {"name": ARGS.dataset, "resources": [resource]}})
        if parsed.path == "/api/3/action/datastore_search":
            if query.get("resource_id", [""])[0] != ARGS.resource_id:
                return self.reply(
                    404, {"success": False, "error": {"__type": "Not Found Error", "message": "Resource not found"}})
            limit = min(int(query.get("limit", ["100"])[0]), ARGS.rows_max)
            offset = int(query.get("offset", ["0"])[0])
            records = []
            for i, row in enumerate(ROWS[offset:offset + limit]):
                rec = {"_id": offset + i + 1}
                rec.update(zip(FIELDS, row))
                records.append(rec)
            base = "/api/3/action/datastore_search?resource_id=" + urllib.parse.quote(ARGS.resource_id)
            result = {
                "include_total": True, "resource_id": ARGS.resource_id, "records_format": "objects",
                "fields": [{"id": "_id", "type": "int"}] + [{"id": f, "type": "text"} for f in FIELDS],
                "records": records, "limit": limit, "offset": offset,
                "_links": {"start": base, "next": base + "&limit=%d&offset=%d" % (limit, offset + limit)},
                "total": len(ROWS) + ARGS.total_extra,
            }
            if ARGS.estimated:
                result["total_was_estimated"] = True
            return self.reply(200, {"help": "datastore_search", "success": True, "result": result})
        if parsed.path == "/api/3/action/datastore_search_sql":
            return self.sql(query.get("sql", [""])[0])
        return self.reply(404, {"success": False, "error": {"__type": "Not Found Error", "message": "no route"}})

    def sql(self, statement):
        refused = {"success": False, "error": {
            "__type": "Authorization Error", "message": "Access denied: Not authorized to call datastore_search_sql"}}
        if ARGS.sql_refused:
            return self.reply(int(ARGS.sql_refused), refused)
        table = '"%s"' % ARGS.resource_id
        count = re.fullmatch(r'SELECT COUNT\(\*\) AS n FROM (".*")', statement)
        page = re.fullmatch(r'SELECT \* FROM (".*") ORDER BY "_id" LIMIT (\d+) OFFSET (\d+)', statement)
        if (count and count.group(1) != table) or (page and page.group(1) != table):
            return self.reply(404, {"success": False, "error": {"__type": "Not Found Error", "message": "Resource not found"}})
        if count:
            return self.reply(200, {"success": True, "result": {
                "sql": statement, "fields": [{"id": "n", "type": "int8"}], "records": [{"n": len(ROWS)}]}})
        if not page:
            return self.reply(409, {"success": False, "error": {"__type": "Validation Error", "query": ["unsupported"]}})
        limit, offset = int(page.group(2)), int(page.group(3))
        records = []
        for i, row in enumerate(ROWS[offset:offset + min(limit, ARGS.rows_max)]):
            rec = {"_id": offset + i + 1, "_full_text": " ".join(row)}
            rec.update(zip(FIELDS, row))
            records.append(rec)
        result = {
            "sql": statement, "records": records,
            "fields": [{"id": "_id", "type": "int4"}, {"id": "_full_text", "type": "tsvector"}]
            + [{"id": f, "type": "text"} for f in FIELDS],
        }
        if limit > ARGS.rows_max:
            result["records_truncated"] = True
        return self.reply(200, {"help": "datastore_search_sql", "success": True, "result": result})


def watch_parent(pid):
    while True:
        time.sleep(0.5)
        try:
            os.kill(pid, 0)
        except OSError:
            os._exit(0)


def main():
    global ARGS, FIELDS, ROWS
    p = argparse.ArgumentParser()
    p.add_argument("--csv", required=True)
    p.add_argument("--delimiter", default=";")
    p.add_argument("--resource-id", default="5b2e1a3c-0000-4000-8000-00000000d5a1")
    p.add_argument("--dataset", default="subsidieregister")
    p.add_argument("--resource-name", default="Subsidieregister")
    p.add_argument("--rows-max", type=int, default=32000)
    p.add_argument("--total-extra", type=int, default=0)
    p.add_argument("--estimated", action="store_true")
    p.add_argument("--sql-refused", choices=["403", "200"], default=None)
    p.add_argument("--parent", type=int, default=os.getppid())
    ARGS = p.parse_args()
    with open(ARGS.csv, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f, delimiter=ARGS.delimiter))
    FIELDS, ROWS = rows[0], rows[1:]
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    # A parent that blocked SIGTERM (Foundation's Process does) passes the mask on: unblock it, or terminate()
    # would never end the server.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM, signal.SIGINT])
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    threading.Thread(target=watch_parent, args=(ARGS.parent,), daemon=True).start()
    print("PORT %d" % server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
