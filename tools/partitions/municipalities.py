#!/usr/bin/env python3
"""Lists the partitions of a national pipeline: the municipalities (CBS gemeentecodes) a fan-out runs, one per line.

The codes come from the registry's `gemeente_code` column and, with --extract, from the establishments extract's
(municipalities without a registered social enterprise still get their context metrics), mapped to the indeling
on the period's last day by config/gemeente-herindeling.csv (`old_code,woonplaats,new_code,date`) as normalize
maps them: a merge (empty woonplaats) moves every record; a split moves the registry records of the named
woonplaats; a record of a split municipality whose woonplaats is not listed stays unassigned (normalize reports
it) and adds no partition. Codes that are not `GM` + 4 digits are skipped here; normalize rejects those records.

Usage:
    tools/partitions/municipalities.py --registry data/national/registry.csv \\
        [--extract data/national/vestigingen/vestigingen-{quarter}.csv] \\
        [--boundary-changes config/gemeente-herindeling.csv] [--period 2026Q3|previous] [--period-out FILE] [--json]

Prints the sorted codes, one per line (a Kubernetes ConfigMap for the Indexed Job), or with --json one JSON
array (an Argo `withParam`). Exit status: 0; 66 an input file is missing; 65 an input lacks its column; 64 usage.
Python 3 standard library only.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import re
import sys

import periods

EX_USAGE, EX_DATAERR, EX_NOINPUT = 64, 65, 66
CODE = re.compile(r"^GM[0-9]{4}$")


class Fail(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def quarter_end(period: str) -> datetime.date:
    try:
        return periods.quarter_end(period)
    except ValueError as e:
        raise Fail(EX_USAGE, f"--period {e}")


def open_csv(path: str):
    try:
        return open(path, newline="", encoding="utf-8-sig")
    except OSError as e:
        raise Fail(EX_NOINPUT, f"{path}: {e.strerror}")


def boundary_changes(path: str | None, end: datetime.date) -> tuple[dict[str, str], dict[tuple[str, str], str], set]:
    """(merges old → new, splits (old, woonplaats) → new, split old codes) in force on `end`."""
    merges: dict[str, str] = {}
    splits: dict[tuple[str, str], str] = {}
    if not path:
        return merges, splits, set()
    with open_csv(path) as f:
        reader = csv.DictReader(f)
        need = {"old_code", "woonplaats", "new_code", "date"} - set(reader.fieldnames or [])
        if need:
            raise Fail(EX_DATAERR, f"{path}: columns {sorted(need)} missing (old_code,woonplaats,new_code,date)")
        for n, r in enumerate(reader, 2):
            try:
                date = datetime.date.fromisoformat(r["date"].strip())
            except ValueError:
                raise Fail(EX_DATAERR, f"{path}:{n}: date \"{r['date']}\" is not yyyy-mm-dd")
            if date > end:
                continue
            old, place, new = r["old_code"].strip(), r["woonplaats"].strip(), r["new_code"].strip()
            if place:
                splits[(old, place.casefold())] = new
            else:
                merges[old] = new
    return merges, splits, {old for old, _ in splits}


def current(code: str, place: str, merges: dict, splits: dict, split_codes: set) -> str | None:
    """The code on the period's last day; chains of changes are followed (at most 10 steps)."""
    for _ in range(10):
        if code in merges:
            code = merges[code]
        elif code in split_codes:
            code = splits.get((code, place.casefold()))
            if code is None:
                return None
        else:
            return code
    return code


def codes_in(path: str, column: str, place_column: str | None, mapping) -> set[str]:
    out: set[str] = set()
    with open_csv(path) as f:
        reader = csv.DictReader(f)
        if column not in (reader.fieldnames or []):
            raise Fail(EX_DATAERR, f"{path}: no column {column}")
        has_place = place_column in (reader.fieldnames or []) if place_column else False
        for r in reader:
            code = (r.get(column) or "").strip()
            if not CODE.match(code):
                continue
            mapped = mapping(code, (r.get(place_column) or "").strip() if has_place else "")
            if mapped:
                out.add(mapped)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="municipalities.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--registry", required=True, help="the national registry.csv")
    parser.add_argument("--extract", help="the establishments extract, optional; {quarter} in the path is replaced "
                                          "by the resolved --period (vestigingen-{quarter}.csv)")
    parser.add_argument("--boundary-changes", help="config/gemeente-herindeling.csv, optional")
    parser.add_argument("--period", default=None, help="the quarter whose last day decides the indeling (2026Q3, or "
                                                       "previous); default: every listed change applies")
    parser.add_argument("--period-out", help="write the resolved quarter (previous → 2026Q3) to this file, so every "
                                             "partition of a fan-out runs the same quarter")
    parser.add_argument("--json", action="store_true", help="print one JSON array (Argo withParam)")
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:
        return EX_USAGE if e.code else 0
    try:
        period = None
        if args.period:
            try:
                period = periods.resolve(args.period)
            except ValueError as e:
                raise Fail(EX_USAGE, f"--period {e}")
        end = quarter_end(period) if period else datetime.date.max
        merges, splits, split_codes = boundary_changes(args.boundary_changes, end)

        def mapping(code: str, place: str) -> str | None:
            return current(code, place, merges, splits, split_codes)

        codes = codes_in(args.registry, "gemeente_code", "woonplaats", mapping)
        if args.extract:
            extract = args.extract
            if "{quarter}" in extract:
                if not period:
                    raise Fail(EX_USAGE, "--extract with {quarter} needs --period")
                extract = extract.replace("{quarter}", period)
            codes |= codes_in(extract, "gemeente_code", None, mapping)
    except Fail as e:
        print(f"municipalities.py: {e}", file=sys.stderr)
        return e.status
    ordered = sorted(codes)
    if args.period_out:
        if not period:
            print("municipalities.py: --period-out needs --period", file=sys.stderr)
            return EX_USAGE
        with open(args.period_out, "w", encoding="utf-8") as f:
            f.write(period)
    print(json.dumps(ordered) if args.json else "\n".join(ordered))
    return 0


if __name__ == "__main__":
    sys.exit(main())
