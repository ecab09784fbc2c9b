#!/usr/bin/env python3
"""Partitioned bench (issue 19 item 6, docs/scaling.md "Beyond one machine"): the national pipeline run once, and
run as N partitions (`impactmon run --municipality GM….`, separate processes, `--parallel` at a time, as a fan-out
runs them) followed by the collect step; the collected CSV must equal the single run's compute/metrics.csv byte for
byte.

Usage:
    bench/partition_bench.py --data bench/data/national-0.01 [--out DIR] [--impactmon PATH] [--parallel 2]
                             [--partitions N] [--json FILE] [--keep]

--data is a folder of bench/generate_national.py (bench/run generates one per scale). The partitions are the
municipalities `tools/partitions/municipalities.py` lists for the registry and the extract at 2026Q3 (the same list a
Kubernetes Indexed Job or an Argo withParam gets). With --partitions N only the first N are run, and the single run's
rows are compared for those municipalities only (the rows of the collected file must then be the single run's rows of
those municipalities, in order); without it all are run and the whole files are compared.

Printed: the single run's wall and CPU time; the partitions' wall time (N processes, --parallel at a time) and CPU
time (the sum); the collect step's; and whether the bytes are equal. Exit 0 when every run succeeded and the output is
equal, 3 when it differs, 1 when a step failed. Python 3 standard library only.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import csv
import io
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PERIOD = "2026Q3"
PIPELINE = "national-bench"


class StepError(Exception):
    pass


def run(cmd: list[str], log: str) -> dict:
    """Runs cmd (output to log); wall time and the user+sys CPU of the finished child."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    with open(log, "wb") as f:
        rc = subprocess.run(cmd, stdout=f, stderr=subprocess.STDOUT, cwd=ROOT).returncode
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if rc != 0:
        with open(log, "rb") as f:
            tail = f.read()[-2000:].decode("utf-8", "replace")
        raise StepError(f"{' '.join(os.path.basename(c) if i == 0 else c for i, c in enumerate(cmd[:4]))} … exited "
                        f"{rc}; log {log}:\n{tail}")
    return {"wall_s": wall, "cpu_s": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)}


def write_pipeline(data: str, folder: str) -> str:
    with open(os.path.join(ROOT, "pipelines", f"{PIPELINE}.yaml")) as f:
        text = f.read()
    text = text.replace("../bench/data/national/", data.rstrip("/") + "/")
    text = text.replace("../config/", os.path.join(ROOT, "config") + "/")
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, f"{PIPELINE}.yaml")
    with open(path, "w") as f:
        f.write(text)
    return path


def rows_of(path: str) -> list[str]:
    with open(path, encoding="utf-8") as f:
        return f.read().split("\n")


def compare(single: str, collected: str, codes: list[str] | None) -> dict:
    """Byte comparison of the collected file with the single run's compute/metrics.csv in collect.py's form.

    tools/partitions/collect.py writes its rows sorted (stably) by metric_id, level, entity and period, through
    Python's csv writer; the single run writes them in gemeentecode order. So the single run's rows are put in that
    same order and written the same way, then the two are compared byte for byte. With `codes`, only the single
    run's rows a partition of those municipalities writes take part: a row of one of the GM codes, or an enterprise,
    national or regional row the collected file has (a KvK number of one of them, CBS context every partition
    writes)."""
    with open(single, "rb") as f:
        a = f.read()
    with open(collected, "rb") as f:
        b = f.read()
    with open(collected, newline="", encoding="utf-8") as f:
        collected_rows = list(csv.reader(f))
    with open(single, newline="", encoding="utf-8") as f:
        single_rows = list(csv.reader(f))
    header = single_rows[0]
    col = {n: i for i, n in enumerate(header)}
    rows = single_rows[1:]
    if codes is not None:
        # A municipality's own rows (programme, municipality), its enterprises' rows, and the national and regional
        # rows (CBS context, the same in every partition) the collected file has.
        keep = set(codes)
        others = {(r[col["level"]], r[col["entity"]]) for r in collected_rows[1:] if len(r) == len(header)}

        def kept(r: list[str]) -> bool:
            level, entity = r[col["level"]], r[col["entity"]]
            if level in ("national", "regional", "enterprise"):
                return (level, entity) in others
            return entity in keep
        rows = [r for r in rows if r and kept(r)]
    keyed = [((r[col["metric_id"]], r[col["level"]], r[col["entity"]], r[col["period"]]), i, r)
             for i, r in enumerate(rows)]
    keyed.sort(key=lambda t: (t[0], t[1]))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(r for _, _, r in keyed)
    a = buffer.getvalue().encode("utf-8")
    equal = a == b
    expected_lines = len(keyed) + 1
    first_difference = None
    if not equal:
        la, lb = a.decode("utf-8", "replace").split("\n"), b.decode("utf-8", "replace").split("\n")
        for i, (x, y) in enumerate(zip(la, lb)):
            if x != y:
                first_difference = {"line": i + 1, "single": x[:300], "collected": y[:300]}
                break
    return {"equal": equal, "single_bytes": len(a), "collected_bytes": len(b), "compared_lines": expected_lines,
            "first_difference": first_difference}


def bench(data: str, out: str, binary: str, parallel: int, limit: int | None) -> dict:
    logs = os.path.join(out, "logs")
    os.makedirs(logs, exist_ok=True)
    pipeline = write_pipeline(data, os.path.join(out, "pipeline"))
    common = ["--pipeline", pipeline, "--period", PERIOD, "--offline", "--force"]

    single_out = os.path.join(out, "single")
    print("  single national run ...", file=sys.stderr, flush=True)
    single = run([binary, "run", *common, "--output", single_out], os.path.join(logs, "single.log"))

    listing = subprocess.run(
        [sys.executable, os.path.join(ROOT, "tools", "partitions", "municipalities.py"),
         "--registry", os.path.join(data, "registry.csv"),
         "--extract", os.path.join(data, "vestigingen", "vestigingen-{quarter}.csv"),
         "--boundary-changes", os.path.join(ROOT, "config", "gemeente-herindeling.csv"), "--period", PERIOD],
        capture_output=True, text=True)
    if listing.returncode != 0:
        raise StepError(f"municipalities.py exited {listing.returncode}: {listing.stderr}")
    codes = [c for c in listing.stdout.split() if c]
    chosen = codes[:limit] if limit else codes
    codes_file = os.path.join(out, "municipalities.txt")
    with open(codes_file, "w") as f:
        f.write("\n".join(chosen) + "\n")

    parts_out = os.path.join(out, "partitions")
    print(f"  {len(chosen)} partitions, {parallel} at a time ...", file=sys.stderr, flush=True)
    # CPU over all partitions: the children's rusage before and after (per-run deltas overlap between threads).
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(max_workers=parallel) as pool:
        futures = [pool.submit(run, [binary, "run", *common, "--municipality", code, "--output", parts_out],
                               os.path.join(logs, f"partition-{code}.log")) for code in chosen]
        for fut in futures:
            fut.result()
    partitions_wall = time.perf_counter() - start
    end = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (end.ru_utime - usage.ru_utime) + (end.ru_stime - usage.ru_stime)
    collected = os.path.join(out, "collected", "metrics.csv")
    collect = run([sys.executable, os.path.join(ROOT, "tools", "partitions", "collect.py"), "--output", parts_out,
                   "--pipeline", PIPELINE, "--period", PERIOD, "--municipalities", codes_file, "--out", collected],
                  os.path.join(logs, "collect.log"))
    single_csv = os.path.join(single_out, PIPELINE, PERIOD, "compute", "metrics.csv")
    comparison = compare(single_csv, collected, None if len(chosen) == len(codes) else chosen)
    return {
        "data": data, "municipalities": len(codes), "partitions": len(chosen), "parallel": parallel,
        "single": single,
        "partitions_run": {"wall_s": partitions_wall, "cpu_s": cpu},
        "collect": collect,
        "partitioned_total_wall_s": partitions_wall + collect["wall_s"],
        "comparison": comparison,
    }


def table(r: dict) -> str:
    c = r["comparison"]
    what = "whole file" if r["partitions"] == r["municipalities"] else f"rows of the {r['partitions']} municipalities"
    lines = [
        "| partitioned bench | wall s | CPU s |",
        "| --- | ---: | ---: |",
        f"| single national run (`impactmon run`, {r['municipalities']} municipalities) | {r['single']['wall_s']:.3f} "
        f"| {r['single']['cpu_s']:.3f} |",
        f"| {r['partitions']} partitions (`run --municipality`, {r['parallel']} at a time) "
        f"| {r['partitions_run']['wall_s']:.3f} | {r['partitions_run']['cpu_s']:.3f} |",
        f"| collect (`tools/partitions/collect.py`) | {r['collect']['wall_s']:.3f} | {r['collect']['cpu_s']:.3f} |",
        f"| partitioned / single (wall) | {r['partitioned_total_wall_s'] / r['single']['wall_s']:.2f} | |",
        "",
        f"Collected metrics.csv against the single run's compute/metrics.csv ({what}, {c['compared_lines']:,} lines, "
        f"{c['collected_bytes']:,} bytes): **{'byte-identical' if c['equal'] else 'DIFFERENT'}**.",
    ]
    if c["first_difference"]:
        d = c["first_difference"]
        lines.append(f"First difference at line {d['line']}: single `{d['single']}`, collected `{d['collected']}`.")
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(prog="bench/partition_bench.py", description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", required=True, help="a bench/generate_national.py folder")
    ap.add_argument("--out", help="where the runs go (default: a temporary folder, removed unless --keep)")
    ap.add_argument("--impactmon", default=os.environ.get("IMPACTMON")
                    or os.path.join(ROOT, ".build", "release", "impactmon"))
    ap.add_argument("--parallel", type=int, default=2, help="partitions at a time (default 2, the cores here)")
    ap.add_argument("--partitions", type=int, help="run only the first N municipalities")
    ap.add_argument("--json", help="also write the results to this file")
    ap.add_argument("--keep", action="store_true")
    args = ap.parse_args()
    out = os.path.abspath(args.out) if args.out else tempfile.mkdtemp(prefix="impactmon-partitions-")
    if os.path.isdir(out):
        shutil.rmtree(out)
    try:
        r = bench(os.path.abspath(args.data), out, os.path.abspath(args.impactmon), max(1, args.parallel),
                  args.partitions)
    except StepError as e:
        print(f"partition_bench: {e}", file=sys.stderr)
        return 1
    print(table(r))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(r, f, indent=2)
    if not args.keep and r["comparison"]["equal"]:
        shutil.rmtree(out, ignore_errors=True)
    return 0 if r["comparison"]["equal"] else 3


if __name__ == "__main__":
    sys.exit(main())
