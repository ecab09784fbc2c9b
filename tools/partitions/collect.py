#!/usr/bin/env python3
"""Collects the partitions of a national pipeline into one national metrics CSV (docs/scaling.md).

Each partition run (`impactmon run --pipeline P --period Q --municipality GM0363`) writes
`<output>/<pipeline>@GM0363/<Q>/compute/metrics.csv`. This step checks that every expected partition finished
(run.json exit_status 0 and a metrics.csv), that all have the same header, and concatenates their rows into
one file, header once, sorted by metric_id, level, entity and period (the breakdown cells of a total keep their
order before it, as in a national run's compute/metrics.csv).

Usage:
    tools/partitions/collect.py --output output --pipeline national-bench --period 2026Q3|previous \\
        [--municipalities municipalities.txt] --out output/national-bench-partitions/{period}/metrics.csv

--municipalities: one GM code per line (`#` comments allowed), or --expect: a JSON array or comma-separated list;
every one must have a finished partition. Without either, every `<pipeline>@GM????` folder found is collected.

A row that two partitions both write (a national context row, say) is kept once when the two are identical;
different values for the same (metric_id, level, entity, period, breakdown) are an error.

Exit status (sysexits, as impactmon): 0 written; 75 a partition is missing or not finished (retry later);
65 partitions disagree (different headers, conflicting rows, unreadable CSV); 64 usage.
The output is written to a temporary name beside it and renamed, so a reader never sees half a file.
Python 3 standard library only.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import re
import sys

import periods

EX_USAGE, EX_DATAERR, EX_TEMPFAIL = 64, 65, 75
CODE = re.compile(r"^GM[0-9]{4}$")


class CollectError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


class Parser(argparse.ArgumentParser):
    def error(self, message: str):
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        sys.exit(EX_USAGE)


def read_codes(path: str) -> list[str]:
    codes = []
    try:
        f = open(path, encoding="utf-8")
    except OSError as e:
        raise CollectError(EX_USAGE, f"--municipalities {path}: {e.strerror}")
    with f:
        for n, line in enumerate(f, 1):
            code = line.split("#", 1)[0].strip()
            if not code:
                continue
            if not CODE.match(code):
                raise CollectError(EX_USAGE, f"{path}:{n}: \"{code}\" is not a CBS gemeentecode (GM + 4 digits)")
            codes.append(code)
    if len(set(codes)) != len(codes):
        dup = sorted({c for c in codes if codes.count(c) > 1})
        raise CollectError(EX_USAGE, f"{path}: listed more than once: {', '.join(dup)}")
    return codes


def parse_expect(text: str) -> list[str]:
    text = text.strip()
    try:
        codes = json.loads(text) if text.startswith("[") else [c.strip() for c in text.split(",") if c.strip()]
    except ValueError as e:
        raise CollectError(EX_USAGE, f"--expect: not a JSON array ({e})")
    bad = [c for c in codes if not isinstance(c, str) or not CODE.match(c)]
    if bad or not codes:
        raise CollectError(EX_USAGE, f"--expect: {bad[:3] if bad else 'no codes'}: write GM codes (GM0363)")
    if len(set(codes)) != len(codes):
        raise CollectError(EX_USAGE, "--expect: a code is listed more than once")
    return codes


def found_codes(output: str, pipeline: str) -> list[str]:
    prefix = pipeline + "@"
    names = os.listdir(output) if os.path.isdir(output) else []
    return sorted(n[len(prefix):] for n in names if n.startswith(prefix) and CODE.match(n[len(prefix):]))


def partition_rows(output: str, pipeline: str, period: str, code: str) -> tuple[list[str], list[list[str]]]:
    run_dir = os.path.join(output, f"{pipeline}@{code}", period)
    run_json = os.path.join(run_dir, "run.json")
    try:
        with open(run_json, encoding="utf-8") as f:
            status = json.load(f).get("exit_status")
    except FileNotFoundError:
        raise CollectError(EX_TEMPFAIL, f"partition {code}: {run_json} does not exist (not run yet, or still running)")
    except (OSError, ValueError) as e:
        raise CollectError(EX_TEMPFAIL, f"partition {code}: {run_json} unreadable ({e}); rerun the partition")
    if status != 0:
        raise CollectError(EX_TEMPFAIL, f"partition {code}: its last run ended with exit status {status} "
                                        f"(see {os.path.join(run_dir, 'run.md')}); rerun the partition")
    path = os.path.join(run_dir, "compute", "metrics.csv")
    try:
        with open(path, newline="", encoding="utf-8") as f:
            records = list(csv.reader(f))
    except FileNotFoundError:
        raise CollectError(EX_TEMPFAIL, f"partition {code}: {path} does not exist; rerun the partition")
    except (OSError, UnicodeDecodeError, csv.Error) as e:
        raise CollectError(EX_DATAERR, f"partition {code}: {path} unreadable ({e})")
    if not records:
        raise CollectError(EX_DATAERR, f"partition {code}: {path} is empty (not even a header)")
    header, rows = records[0], records[1:]
    for n, row in enumerate(rows, 2):
        if len(row) != len(header):
            raise CollectError(EX_DATAERR, f"partition {code}: {path}:{n}: {len(row)} fields, the header has "
                                           f"{len(header)}")
    return header, rows


def collect(output: str, pipeline: str, period: str, codes: list[str]) -> tuple[list[str], list[list[str]]]:
    header: list[str] | None = None
    first_code = ""
    missing: list[str] = []
    seen: dict[tuple, tuple[str, list[str]]] = {}
    ordered: list[tuple[tuple, int, list[str]]] = []
    for code in codes:
        try:
            h, rows = partition_rows(output, pipeline, period, code)
        except CollectError as e:
            if e.status == EX_TEMPFAIL:
                missing.append(str(e))
                continue
            raise
        if header is None:
            header, first_code = h, code
            for name in ("metric_id", "level", "entity", "period"):
                if name not in header:
                    raise CollectError(EX_DATAERR, f"partition {code}: metrics.csv has no column {name}")
        elif h != header:
            raise CollectError(EX_DATAERR, f"partition {code}: metrics.csv header differs from partition "
                                           f"{first_code}'s; run every partition with the same impactmon version")
        col = {name: i for i, name in enumerate(header)}
        b = col.get("breakdown")
        for row in rows:
            key = (row[col["metric_id"]], row[col["level"]], row[col["entity"]], row[col["period"]],
                   row[b] if b is not None else "")
            if key in seen:
                other, earlier = seen[key]
                if earlier != row:
                    raise CollectError(EX_DATAERR, f"partitions {other} and {code} both write {'/'.join(key)} with "
                                                   f"different values; a partition computes only its municipality")
                continue
            seen[key] = (code, row)
            ordered.append((key[:4], len(ordered), row))
    if missing:
        more = f" (and {len(missing) - 5} more)" if len(missing) > 5 else ""
        raise CollectError(EX_TEMPFAIL, f"{len(missing)} of {len(codes)} partitions not finished: "
                                        + "; ".join(missing[:5]) + more)
    if header is None:
        raise CollectError(EX_TEMPFAIL, f"no partitions of {pipeline} for {period} under {output}")
    ordered.sort(key=lambda t: (t[0], t[1]))
    return header, [row for _, _, row in ordered]


def write_atomically(path: str, header: list[str], rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    partial = f"{path}.partial-{os.getpid()}"
    with open(partial, "w", encoding="utf-8", newline="") as f:
        f.write(buffer.getvalue())
        f.flush()
        os.fsync(f.fileno())
    os.replace(partial, path)


def main(argv: list[str] | None = None) -> int:
    parser = Parser(prog="collect.py", description="Concatenates partition metrics into the national CSV.")
    parser.add_argument("--output", required=True, help="impactmon's output root (the partitions' --output)")
    parser.add_argument("--pipeline", required=True, help="the national pipeline's name, e.g. national-bench")
    parser.add_argument("--period", required=True, help="the quarter, e.g. 2026Q3, or previous (the last complete "
                                                         "quarter in Europe/Amsterdam)")
    expected = parser.add_mutually_exclusive_group()
    expected.add_argument("--municipalities", help="file with the expected GM codes, one per line")
    expected.add_argument("--expect", help="the expected GM codes as a JSON array or comma-separated (Argo passes "
                                           "the partitions step's output)")
    parser.add_argument("--out", required=True, help="the national metrics CSV to write; {period} is replaced by "
                                                      "the quarter")
    args = parser.parse_args(argv)
    try:
        args.period = periods.resolve(args.period)
    except ValueError as e:
        parser.error(f"--period {e}")
    args.out = args.out.replace("{period}", args.period)
    try:
        if args.municipalities:
            codes = read_codes(args.municipalities)
        elif args.expect is not None:
            codes = parse_expect(args.expect)
        else:
            codes = found_codes(args.output, args.pipeline)
        header, rows = collect(args.output, args.pipeline, args.period, codes)
        write_atomically(args.out, header, rows)
    except CollectError as e:
        print(f"collect.py: {e}", file=sys.stderr)
        return e.status
    except OSError as e:
        print(f"collect.py: {e}", file=sys.stderr)
        return EX_TEMPFAIL
    print(f"collect.py: {len(codes)} partitions of {args.pipeline} {args.period}, {len(rows)} rows → {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
