#!/usr/bin/env python3
"""Fetch race (issue 19 item 4): `impactmon fetch` against `curl --parallel --parallel-max 4` on the same loopback
pages, in the same run, for each page shape (default 200 pages of 265 KB and 2,000 pages of 8 KB).

Usage:
    bench/fetch_race.py [--shapes 200x265,2000x8] [--reps 3] [--impactmon PATH] [--json FILE]

PATH defaults to $IMPACTMON, else .build/release/impactmon (build it with `swift build -c release --product
impactmon`). The server is tools/loopback/fetch_bench_server.py (127.0.0.1, port 0, prebuilt responses: the same
cost per request for both clients). Per shape and repetition, one after another so each has both cores:

  ours v3      `impactmon fetch` of a one-source pipeline (connector cbs-odata-v3, table SYNTH03): TableInfos,
               DataProperties and 2 code lists, then the N UntypedDataSet pages. The first page's odata.nextLink
               asks for `$skip=<rows>` and TableInfos declares RecordCount, so pages 2…N are fetched ahead, 4 at a
               time (fetch.per_host_concurrency), each kept only where the previous page links to it. Every page
               is scanned (rows, link) without a JSON tree, hashed once while it streams, written to fetch/ and to
               the response store (output/.cache); a fresh output folder each time (no conditional GET).
  curl -Z      `curl --parallel --parallel-max 4` over the same N page URLs (known up front), bodies to files.
  ours v4      the same for a cbs-odata-v4 table (SYNTH04): its N Observations pages form an @odata.nextLink chain,
               so they are fetched one after another (each link is known only once the page before has arrived).
  curl seq     one `curl` process over the N v4 page URLs one after another (connection reused), bodies to files.

The pages ours stored are checked to be byte-identical to curl's (the same work). Reported: the median wall time
of each, user+sys CPU, and the speed ratio curl time / ours time (1.0 = as fast as curl; target ≥ 0.8 for v3
against curl --parallel; v4 is compared with sequential curl, since nothing can fetch a link chain in parallel).
Exit 0 when every run succeeded and the bytes agree, 1 otherwise. Python 3 standard library only.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SERVER = os.path.join(ROOT, "tools", "loopback", "fetch_bench_server.py")
TARGET_SPEED = 0.8


class RaceError(Exception):
    pass


def timed(cmd: list[str], log: str) -> dict:
    """Runs cmd; wall (monotonic) and user+sys CPU of the child (getrusage of the finished children)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    with open(log, "wb") as f:
        rc = subprocess.run(cmd, stdout=f, stderr=subprocess.STDOUT).returncode
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if rc != 0:
        with open(log, "rb") as f:
            tail = f.read()[-3000:].decode("utf-8", "replace")
        raise RaceError(f"{' '.join(cmd[:2])} … exited {rc}:\n{tail}")
    return {"wall_s": wall, "cpu_s": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)}


def start_server(pages: int, page_kb: int, work: str) -> tuple[subprocess.Popen, int]:
    out = open(os.path.join(work, "server.out"), "w+")
    proc = subprocess.Popen([sys.executable, SERVER, "--pages", str(pages), "--page-kb", str(page_kb),
                             "--parent", str(os.getpid())], stdout=out, stderr=subprocess.STDOUT)
    for _ in range(1200):
        out.seek(0)
        text = out.read()
        if text.startswith("PORT ") and text.endswith("\n"):
            return proc, int(text.split()[1])
        if proc.poll() is not None:
            raise RaceError(f"fetch_bench_server.py exited: {text}")
        time.sleep(0.05)
    proc.kill()
    raise RaceError("fetch_bench_server.py did not start within 60 s")


def pipeline(path: str, connector: str, table: str, url: str) -> None:
    with open(path, "w") as f:
        f.write(f"""version: 1
name: fetch-race
municipality: {{code: GM0392, name: Haarlem}}
default_period: 2026Q3
registry: {ROOT}/config/registry.csv
metrics: {ROOT}/config/metrics.yaml
themes: {ROOT}/config/themes.yaml
sources:
  - id: synthetic
    connector: {connector}
    table: {table}
    url: {url}
    required: true
""")


def curl_config(path: str, urls: list[str], out_dir: str) -> None:
    with open(path, "w") as f:
        for n, u in enumerate(urls, 1):
            f.write(f'url = "{u}"\noutput = "{out_dir}/{n}.json"\n')


def digests(files: list[str]) -> list[str]:
    out = []
    for p in files:
        with open(p, "rb") as f:
            out.append(hashlib.sha256(f.read()).hexdigest())
    return out


def race_shape(binary: str, pages: int, page_kb: int, reps: int, work: str) -> dict:
    server, port = start_server(pages, page_kb, work)
    try:
        base = f"http://127.0.0.1:{port}"
        # The v3 page size (its $skip step), from the first page's own link, so curl asks for the same URLs.
        direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback: never a proxy
        with direct.open(f"{base}/v3/SYNTH03/UntypedDataSet?$format=json") as reply:
            first = json.load(reply)
        rows = len(first["value"])
        v3_urls = [f"{base}/v3/SYNTH03/UntypedDataSet?$format=json" + ("" if n == 0 else f"&$skip={n * rows}")
                   for n in range(pages)]
        v4_urls = [f"{base}/v4/SYNTH04/Observations" + ("" if n == 1 else f"?page={n}") for n in range(1, pages + 1)]
        pipeline(os.path.join(work, "v3.yaml"), "cbs-odata-v3", "SYNTH03", f"{base}/v3/SYNTH03")
        pipeline(os.path.join(work, "v4.yaml"), "cbs-odata-v4", "SYNTH04", f"{base}/v4/SYNTH04")
        curl_dir = os.path.join(work, "curl")
        curl_config(os.path.join(work, "v3.cfg"), v3_urls, curl_dir)
        curl_config(os.path.join(work, "v4.cfg"), v4_urls, curl_dir)
        runs: dict[str, list[dict]] = {"ours_v3": [], "curl_parallel": [], "ours_v4": [], "curl_sequential": []}
        same_bytes = True
        for r in range(reps):
            for kind, version in (("ours_v3", "v3"), ("ours_v4", "v4")):
                out = os.path.join(work, "out")
                shutil.rmtree(out, ignore_errors=True)
                runs[kind].append(timed([binary, "fetch", "--pipeline", os.path.join(work, f"{version}.yaml"),
                                         "--output", out, "--period", "2026Q3"], os.path.join(work, f"{kind}.log")))
                folder = os.path.join(out, "fetch-race", "2026Q3", "fetch", "synthetic")
                entity = "UntypedDataSet" if version == "v3" else "Observations"
                ours = sorted((os.path.join(folder, f) for f in os.listdir(folder) if f.endswith(f"-{entity}.json")),
                              key=lambda p: int(os.path.basename(p).split("-", 1)[0]))  # 999 < 1000
                if len(ours) != pages:
                    raise RaceError(f"{kind}: stored {len(ours)} of {pages} pages")
                shutil.rmtree(curl_dir, ignore_errors=True)
                os.makedirs(curl_dir)
                curl_kind = "curl_parallel" if version == "v3" else "curl_sequential"
                parallel = ["--parallel", "--parallel-max", "4"] if version == "v3" else []
                runs[curl_kind].append(timed(["curl", "-s", "--fail", "--noproxy", "*", *parallel, "--config",
                                              os.path.join(work, f"{version}.cfg")],
                                             os.path.join(work, f"{curl_kind}.log")))
                theirs = [os.path.join(curl_dir, f"{n}.json") for n in range(1, pages + 1)]
                if r == 0 and digests(ours) != digests(theirs):
                    same_bytes = False
            print(f"  {pages} × {page_kb} KB, run {r + 1}: "
                  + ", ".join(f"{k} {v[-1]['wall_s']:.3f} s" for k, v in runs.items()), file=sys.stderr, flush=True)
        body_bytes = sum(os.path.getsize(os.path.join(curl_dir, f)) for f in os.listdir(curl_dir))
    finally:
        # SIGKILL: the server keeps no state, and a SIGTERM may be blocked by a mask inherited from the caller.
        server.kill()
        server.wait()
    med = {k: {"wall_s": statistics.median(x["wall_s"] for x in v), "cpu_s": statistics.median(x["cpu_s"] for x in v),
               "runs": v} for k, v in runs.items()}
    return {
        "pages": pages, "page_kb": page_kb, "body_bytes": body_bytes, "repetitions": reps, "same_bytes": same_bytes,
        **med,
        "speed_v3_vs_curl_parallel": med["curl_parallel"]["wall_s"] / med["ours_v3"]["wall_s"],
        "speed_v4_vs_curl_sequential": med["curl_sequential"]["wall_s"] / med["ours_v4"]["wall_s"],
    }


def table(results: list[dict]) -> str:
    lines = [
        "| pages | MiB | ours v3, offset pages ahead s | curl --parallel-max 4 s | speed vs curl -Z | ours v4, link chain s "
        "| curl sequential s | speed vs curl seq | ours CPU s (v3) | same bytes |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for r in results:
        lines.append(
            f"| {r['pages']:,} × {r['page_kb']} KB | {r['body_bytes'] / 1048576:.1f} | {r['ours_v3']['wall_s']:.3f} "
            f"| {r['curl_parallel']['wall_s']:.3f} | **{r['speed_v3_vs_curl_parallel']:.2f}** "
            f"| {r['ours_v4']['wall_s']:.3f} | {r['curl_sequential']['wall_s']:.3f} "
            f"| {r['speed_v4_vs_curl_sequential']:.2f} | {r['ours_v3']['cpu_s']:.3f} | {'yes' if r['same_bytes'] else '**no**'} |")
    met = all(r["speed_v3_vs_curl_parallel"] >= TARGET_SPEED for r in results)
    lines += ["", f"Speed = curl's median wall time / ours (1.0 = as fast as curl). Target of issue 19: ≥ {TARGET_SPEED} "
              f"against `curl --parallel --parallel-max 4` on every page size: {'met' if met else '**missed**'}."]
    return "\n".join(lines)


def parse_shapes(text: str) -> list[tuple[int, int]]:
    shapes = []
    for part in text.split(","):
        try:
            pages, kb = part.lower().split("x")
            shapes.append((int(pages), int(kb)))
        except ValueError:
            raise argparse.ArgumentTypeError(f"shape {part!r} is not PAGESxKB (e.g. 200x265)")
    return shapes


def main() -> int:
    ap = argparse.ArgumentParser(prog="bench/fetch_race.py", description=__doc__.split("\n\n")[0])
    ap.add_argument("--shapes", type=parse_shapes, default=parse_shapes("200x265,2000x8"))
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--impactmon", default=os.environ.get("IMPACTMON")
                    or os.path.join(ROOT, ".build", "release", "impactmon"))
    ap.add_argument("--json", help="also write the results to this file")
    args = ap.parse_args()
    if not os.access(args.impactmon, os.X_OK):
        print(f"fetch_race: {args.impactmon} is not there; swift build -c release --product impactmon", file=sys.stderr)
        return 1
    if shutil.which("curl") is None:
        print("fetch_race: curl is missing", file=sys.stderr)
        return 1
    version = subprocess.run(["curl", "--version"], capture_output=True, text=True).stdout.split("\n")[0]
    results = []
    work = tempfile.mkdtemp(prefix="impactmon-fetch-race-")
    try:
        for pages, kb in args.shapes:
            results.append(race_shape(os.path.abspath(args.impactmon), pages, kb, args.reps, work))
    except RaceError as e:
        print(f"fetch_race: {e}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(table(results))
    print(f"\n{version.split(' (')[0]}; load average {os.getloadavg()[0]:.2f}; median of {args.reps}.")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"curl": version, "results": results}, f, indent=2)
    return 0 if all(r["same_bytes"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
