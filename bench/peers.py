"""Peer readers for bench/csv_bench.sh: Python's csv module and DuckDB on the same file.

    python3 peers.py python <file>
    python3 peers.py duckdb <file> <threads>

Each prints one JSON line like csv-bench: rows, seconds (work only), check (sum of column omzet_eur).
"""
import csv
import json
import os
import sys
import time


def main():
    kind, path = sys.argv[1], sys.argv[2]
    start = time.perf_counter()
    if kind == "python":
        total, rows = 0.0, 0
        with open(path, newline="", encoding="utf-8") as f:
            reader = csv.reader(f)
            header = next(reader)
            col = header.index("omzet_eur")
            for rec in reader:
                total += float(rec[col]) if rec[col] else 0.0
                rows += 1
    else:
        import duckdb

        con = duckdb.connect()
        con.execute(f"SET threads TO {int(sys.argv[3])}")
        rows, total = con.execute(
            "SELECT count(*), sum(omzet_eur) FROM read_csv(?, header = true, delim = ',', quote = '\"', "
            "all_varchar = false)",
            [path],
        ).fetchone()
    seconds = time.perf_counter() - start
    print(json.dumps({"rows": rows, "bytes": os.path.getsize(path), "seconds": seconds, "check": total}))


if __name__ == "__main__":
    main()
