#!/usr/bin/env python3
"""Check a national benchmark data set (bench/generate_national.py) against its expected.json, and optionally a
metrics CSV and a DuckDB ledger against the values the generator put in.

Usage:
    python3 bench/check_national.py DIR [--quick] [--metrics FILE.csv] [--ledger DUCKDB.json]

Checks:
- every file of expected.json exists with the recorded size and sha256 (skipped with --quick) and number of rows;
- the registry has the columns of config/registry.csv, the recorded number of municipalities (342 at scale >= 1,
  each with >= 3 enterprises) and passes the rules of Sources/Normalization/Registry/RegistryLoader.swift (no row that
  `impactmon validate` would call an error: KvK-nummer 8 digits or 7 (repaired, listed), vestigingsnummer 12
  digits or empty, unique both, SBI division of SBI 2008, theme ids of config/themes.yaml, pso_level, ja/nee,
  dates, exit after entry, exit date <=> exit reason, GM + 4 digits);
- every messy line listed is what its kind says (scientific notation, 7 digits, future date, ...), and in the
  extract every line *not* listed is clean (so the lists are complete), except for duplicate vestigingsnummers;
- the returns files have the recorded BOM, delimiter and line ends; the ledgers balance;
- `expected_metrics` agrees with the ledgers (sum of ctx_establishments = kept establishments);
- --metrics: a tidy `metric_id,entity,period,value` CSV (bench/duckdb_national.py's output) has exactly the
  expected rows and values (integers exactly, shares to 1e-9 relative);
- --ledger: the JSON line printed by bench/duckdb_national.py has the expected ledger for every file.
Exit 0 when everything holds, 1 otherwise (each problem printed). The last line on stdout is a JSON summary.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import io
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools" / "demo"))
from demolib import CORE_RETURN_COLUMNS as RETURN_COLUMNS, PROCUREMENT_COLUMNS, REGISTRY_COLUMNS  # noqa: E402

EXTRACT_COLUMNS = ["vestigingsnummer", "kvk_nummer", "sbi_code", "postcode", "gemeente_code", "werkzame_personen",
                   "datum_inschrijving"]
DIVISIONS = {f"{d:02d}" for a, b in ((1, 3), (5, 9), (10, 33), (35, 35), (36, 39), (41, 43), (45, 47), (49, 53),
                                      (55, 56), (58, 63), (64, 66), (68, 68), (69, 75), (77, 82), (84, 84), (85, 85),
                                      (86, 88), (90, 93), (94, 96), (97, 98), (99, 99)) for d in range(a, b + 1)}
PSO = {"", "none", "aspirant", "basistrede", "trede1", "trede2", "trede3"}
EXIT_REASONS = {"opheffing", "relocation_out", "merger", "other"}
BOOL = {"", "ja", "nee", "yes", "no", "true", "false", "0", "1", "j", "n", "y"}
SCI = re.compile(r"[0-9.,]*[0-9][0-9.,]*[eE][+-]?[0-9]+")
GM = re.compile(r"GM[0-9]{4}")
POSTCODE = re.compile(r"[1-9][0-9]{3} ?[A-Z]{2}")


class Problems:
    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, text: str) -> None:
        self.items.append(text)
        if len(self.items) <= 50:
            print(f"check_national: {text}")


def civil_date(t: str) -> dt.date | None:
    t = t.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", t):
            return dt.date(int(t[:4]), int(t[5:7]), int(t[8:]))
        if re.fullmatch(r"\d{8}", t):
            return dt.date(int(t[:4]), int(t[4:6]), int(t[6:]))
    except ValueError:
        return None
    return None


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 22):
            h.update(chunk)
    return h.hexdigest()


def read_rows(path: Path):
    """(header, iterator of (line, fields), facts) the way the pipeline reads: BOM stripped, delimiter detected."""
    raw = path.read_bytes()
    facts = {"bom": raw.startswith(b"\xef\xbb\xbf"), "crlf": b"\r\n" in raw[:4096]}
    text = raw.decode("utf-8-sig")
    first = text.split("\n", 1)[0]
    delim = ";" if first.count(";") > first.count(",") else ","
    facts["delimiter"] = delim
    rd = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
    header = next(rd)

    def it():
        for fields in rd:
            yield rd.line_num, fields
    return header, it(), facts


def impact_themes() -> set[str]:
    """Theme ids with `impact_theme: true` in config/themes.yaml (a plain reading of its fixed layout)."""
    ids, current = set(), None
    for line in (ROOT / "config" / "themes.yaml").read_text(encoding="utf-8").splitlines():
        m = re.fullmatch(r"  ([a-z_]+):", line)
        if m:
            current = m.group(1)
        elif current and line.strip() == "impact_theme: true":
            ids.add(current)
    return ids


def check_registry(path: Path, facts: dict, scale: float, p: Problems) -> set[str]:
    header, rows, _ = read_rows(path)
    if header != REGISTRY_COLUMNS:
        p.add(f"{path}: header {header} is not {REGISTRY_COLUMNS}")
        return set()
    themes = impact_themes()
    kvks: set[str] = set()
    vests: set[str] = set()
    per_gm: dict[str, int] = {}
    repaired = []
    n = 0
    for line, f in rows:
        n += 1
        r = dict(zip(header, (x.strip() for x in f)))
        where = f"{path}:{line}"
        if len(f) != len(header):
            p.add(f"{where}: {len(f)} fields, header has {len(header)}")
            continue
        k = r["kvk_number"]
        if re.fullmatch(r"\d{7}", k):
            repaired.append(line)
            k = "0" + k
        elif not re.fullmatch(r"\d{8}", k):
            p.add(f"{where}: kvk_number {k!r} is not 8 digits")
        if k in kvks:
            p.add(f"{where}: duplicate kvk_number {k}")
        kvks.add(k)
        v = r["vestigingsnummer"]
        if v:
            if not re.fullmatch(r"\d{12}", v):
                p.add(f"{where}: vestigingsnummer {v!r} is not 12 digits")
            if v in vests:
                p.add(f"{where}: duplicate vestigingsnummer {v}")
            vests.add(v)
        if not r["name"]:
            p.add(f"{where}: empty name")
        if r["postcode"] and not POSTCODE.fullmatch(r["postcode"]):
            p.add(f"{where}: postcode {r['postcode']!r} is not a Dutch postcode (a warning in impactmon)")
        if not GM.fullmatch(r["gemeente_code"]):
            p.add(f"{where}: gemeente_code {r['gemeente_code']!r}")
        per_gm[r["gemeente_code"]] = per_gm.get(r["gemeente_code"], 0) + 1
        s = r["sbi_code"]
        if s and not (re.fullmatch(r"\d{2,5}", s) and s[:2] in DIVISIONS):
            p.add(f"{where}: sbi_code {s!r}")
        for t in r["themes"].split(";"):
            if t.strip() and t.strip() not in themes:
                p.add(f"{where}: theme {t!r} is not an impact theme of config/themes.yaml")
        if r["pso_level"].lower() not in PSO:
            p.add(f"{where}: pso_level {r['pso_level']!r}")
        for b in ("pso30plus", "code_sociale_ondernemingen"):
            if r[b].lower() not in BOOL:
                p.add(f"{where}: {b} {r[b]!r}")
        entry = civil_date(r["programme_entry_date"])
        if entry is None:
            p.add(f"{where}: programme_entry_date {r['programme_entry_date']!r}")
        ex = civil_date(r["exit_date"]) if r["exit_date"] else None
        if r["exit_date"] and ex is None:
            p.add(f"{where}: exit_date {r['exit_date']!r}")
        if ex and entry and ex <= entry:
            p.add(f"{where}: exit_date {ex} not after entry {entry}")
        if bool(r["exit_date"]) != bool(r["exit_reason"]):
            p.add(f"{where}: exit_date and exit_reason must both be set or both empty")
        if r["exit_reason"] and r["exit_reason"].lower() not in EXIT_REASONS:
            p.add(f"{where}: exit_reason {r['exit_reason']!r}")
        fy = r["founded_year"]
        if fy and not (fy.isdigit() and 1800 <= int(fy) <= 9999):
            p.add(f"{where}: founded_year {fy!r}")
        elif fy and entry and int(fy) > entry.year:
            p.add(f"{where}: founded_year {fy} after entry (a warning in impactmon)")
    if n != facts["rows"]:
        p.add(f"{path}: {n} rows, expected.json says {facts['rows']}")
    if len(per_gm) != facts["municipalities"]:
        p.add(f"{path}: {len(per_gm)} municipalities, expected.json says {facts['municipalities']}")
    if scale >= 1 and (len(per_gm) != 342 or min(per_gm.values()) < 3):
        p.add(f"{path}: at scale {scale} the registry must cover 342 municipalities with >= 3 enterprises each "
              f"(has {len(per_gm)}, min {min(per_gm.values())})")
    if repaired != facts["kvk_7digit_repaired"]["lines"]:
        p.add(f"{path}: 7-digit KvK-nummers on lines {repaired[:10]}..., expected.json lists "
              f"{facts['kvk_7digit_repaired']['lines'][:10]}...")
    return kvks


def check_extract(path: Path, facts: dict, ref: dt.date, old_codes: set[str], p: Problems) -> None:
    header, rows, _ = read_rows(path)
    if header != EXTRACT_COLUMNS:
        p.add(f"{path}: header {header} is not {EXTRACT_COLUMNS}")
        return
    kind_of: dict[int, str] = {}
    copies: dict[int, tuple[str, int]] = {}
    for kind, m in facts["messy"].items():
        if kind in ("duplicate", "conflict"):
            for copy, orig in m["lines"]:
                copies[copy] = (kind, orig)
                kind_of.setdefault(orig, "copied:" + kind)
        else:
            for line in m["lines"]:
                kind_of[line] = kind
    wanted_orig = {orig for _, orig in copies.values()}
    originals: dict[int, list[str]] = {}
    n = 0
    for line, f in rows:
        n += 1
        if len(f) != 7:
            p.add(f"{path}:{line}: {len(f)} fields")
            continue
        v, k, s, pc, g, wp, d = (x.strip() for x in f)
        if line in wanted_orig:
            originals[line] = f
        if line in copies:
            kind, orig = copies[line]
            o = originals.get(orig)
            if o is None:
                p.add(f"{path}:{line}: {kind} copy of line {orig}, which is not an earlier line")
            elif kind == "duplicate" and o != f:
                p.add(f"{path}:{line}: not an exact copy of line {orig}")
            elif kind == "conflict" and (o[0] != f[0] or o == f):
                p.add(f"{path}:{line}: not a conflicting copy of line {orig} (same vestigingsnummer, other content)")
            continue
        kind = kind_of.get(line, "clean")
        ok = {
            "vestigingsnummer_repaired": lambda: v.isdigit() and len(v) < 12,
            "vestigingsnummer_invalid": lambda: not re.fullmatch(r"\d{1,12}", v),
            "kvk_scientific": lambda: bool(SCI.fullmatch(k)),
            "kvk_7digit": lambda: bool(re.fullmatch(r"\d{7}", k)),
            "sbi_invalid": lambda: not (re.fullmatch(r"\d{2,5}", s) and s[:2] in DIVISIONS),
            "gemeente_invalid": lambda: not GM.fullmatch(g),
            "persons_empty": lambda: wp == "",
            "persons_invalid": lambda: wp != "" and not wp.isdigit(),
            "date_invalid": lambda: civil_date(d) is None,
            "date_future": lambda: (civil_date(d) or ref) > ref,
            "herindeling": lambda: g in old_codes,
        }
        clean = (re.fullmatch(r"\d{12}", v) and re.fullmatch(r"\d{8}", k) and re.fullmatch(r"\d{2,5}", s)
                 and s[:2] in DIVISIONS and GM.fullmatch(g) and g not in old_codes and wp.isdigit()
                 and (civil_date(d) or dt.date.max) <= ref and POSTCODE.fullmatch(pc))
        if kind in ok:
            if not ok[kind]():
                p.add(f"{path}:{line}: listed as {kind} but is {f}")
        elif not clean:
            p.add(f"{path}:{line}: messy but not listed in expected.json: {f}")
    if n != facts["rows"]:
        p.add(f"{path}: {n} rows, expected.json says {facts['rows']}")
    total = facts["kept"] + facts["merged"] + facts["filtered"] + facts["rejected_total"]
    if total != facts["rows"]:
        p.add(f"{path}: ledger does not balance ({total} != {facts['rows']})")


def check_returns(path: Path, facts: dict, registry: set[str], p: Problems) -> None:
    header, rows, ff = read_rows(path)
    if header != RETURN_COLUMNS:
        p.add(f"{path}: header {header} is not {RETURN_COLUMNS}")
        return
    want = facts["file"]
    if ff["bom"] != want["bom"] or ff["delimiter"] != want["delimiter"] or ff["crlf"] != (want["line_end"] == "CRLF"):
        p.add(f"{path}: file facts {ff} differ from expected.json {want}")
    kind_of = {}
    for kind, m in facts["messy"].items():
        for x in m["lines"]:
            kind_of[x[0] if isinstance(x, list) else x] = (kind, x)
    n = 0
    prev = None
    for line, f in rows:
        n += 1
        k = f[0]
        kind, x = kind_of.get(line, ("clean", None))
        good = {
            "kvk_scientific": lambda: bool(SCI.fullmatch(k.strip())),
            "kvk_padded": lambda: k != k.strip() and k.strip() in registry,
            "duplicate": lambda: prev == f,
            "unknown_kvk": lambda: re.fullmatch(r"\d{8}", k) and k not in registry,
            "empty_cell": lambda: "" in (f[4], f[5], f[8]) and k in registry,
            "kvk_7digit": lambda: re.fullmatch(r"\d{7}", k) and "0" + k in registry,
            "clean": lambda: k in registry,
        }[kind]()
        if not good:
            p.add(f"{path}:{line}: expected {kind}, found {f[:5]}")
        prev = f
    if n != facts["rows"]:
        p.add(f"{path}: {n} rows, expected.json says {facts['rows']}")
    if facts["used"] + facts["merged"] + facts["rejected_total"] != facts["rows"]:
        p.add(f"{path}: ledger does not balance")


def check_procurement(path: Path, facts: dict, p: Problems) -> None:
    header, rows, _ = read_rows(path)
    if header != PROCUREMENT_COLUMNS + ["gemeente_code"]:
        p.add(f"{path}: header {header}")
        return
    kind_of = {}
    for kind, m in facts["messy"].items():
        for x in m["lines"]:
            kind_of[x[0] if isinstance(x, list) else x] = kind
    n = nee = 0
    prev = None
    for line, f in rows:
        n += 1
        nee += f[6] == "nee"
        kind = kind_of.get(line, "clean")
        good = {
            "amount_ntb": lambda: f[4] == "n.t.b.",
            "kvk_scientific": lambda: bool(SCI.fullmatch(f[1])),
            "kvk_7digit": lambda: bool(re.fullmatch(r"\d{7}", f[1])),
            "duplicate": lambda: prev == f,
            "clean": lambda: bool(re.fullmatch(r"\d{8}", f[1])) and GM.fullmatch(f[11])
            and re.fullmatch(r"\d+\.\d\d", f[4]),
        }[kind]()
        if not good:
            p.add(f"{path}:{line}: expected {kind}, found {f}")
        prev = f
    if n != facts["rows"]:
        p.add(f"{path}: {n} rows, expected.json says {facts['rows']}")
    if nee != facts["filtered"]:
        p.add(f"{path}: {nee} rows with beinvloedbaar nee, expected.json says {facts['filtered']} filtered")
    if facts["used"] + facts["merged"] + facts["filtered"] + facts["rejected_total"] != facts["rows"]:
        p.add(f"{path}: ledger does not balance")


def count_lines(path: Path) -> int:
    n = 0
    with path.open("rb") as f:
        while chunk := f.read(1 << 22):
            n += chunk.count(b"\n")
    return n - 1


def compare_metrics(path: Path, expected: dict, p: Problems) -> int:
    want: dict[tuple[str, str, str], float] = {}
    period = expected["period"]
    for metric, per in expected["expected_metrics"].items():
        for gm, v in per.items():
            if isinstance(v, dict):
                for q, x in v.items():
                    want[(metric, gm, q)] = x
            else:
                want[(metric, gm, period)] = v
    got: dict[tuple[str, str, str], float] = {}
    with path.open(newline="", encoding="utf-8") as f:
        rd = csv.DictReader(f)
        for r in rd:
            got[(r["metric_id"], r["entity"], r["period"])] = float(r["value"])
    for key in sorted(set(want) | set(got)):
        if key not in got:
            p.add(f"{path}: missing {key} (expected {want[key]})")
        elif key not in want:
            p.add(f"{path}: unexpected {key} = {got[key]}")
        else:
            a, b = got[key], want[key]
            if isinstance(b, int) and a != b or abs(a - b) > 1e-9 * max(1.0, abs(b)):
                p.add(f"{path}: {key} = {a}, expected {b}")
    return len(got)


def compare_ledger(path: Path, expected: dict, p: Problems) -> None:
    text = path.read_text(encoding="utf-8").strip().splitlines()[-1]
    ledger = json.loads(text)["ledger"]
    for rel, got in ledger.items():
        want = expected["files"].get(rel)
        if want is None:
            p.add(f"{path}: ledger of unknown file {rel}")
            continue
        for key in ("rows", "kept", "used", "merged", "filtered", "rejected"):
            if key in got and key in want and got[key] != want[key]:
                p.add(f"{path}: {rel} {key} = {got[key]}, expected {want[key]}")


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    ap.add_argument("dir", type=Path)
    ap.add_argument("--quick", action="store_true", help="counts and sizes only: no sha256, no per-line checks")
    ap.add_argument("--metrics", type=Path, help="tidy metrics CSV to compare with expected_metrics")
    ap.add_argument("--ledger", type=Path, help="file holding bench/duckdb_national.py's JSON line")
    a = ap.parse_args(argv)
    expected = json.loads((a.dir / "expected.json").read_text(encoding="utf-8"))
    p = Problems()
    files = expected["files"]
    ref = dt.date.fromisoformat(expected["reference_date"])
    for rel, f in files.items():
        path = a.dir / rel
        if not path.exists():
            p.add(f"{path}: missing")
            continue
        if path.stat().st_size != f["bytes"]:
            p.add(f"{path}: {path.stat().st_size} bytes, expected.json says {f['bytes']}")
        if not a.quick and sha256(path) != f["sha256"]:
            p.add(f"{path}: sha256 differs from expected.json")
        if a.quick and count_lines(path) != f["rows"]:
            p.add(f"{path}: {count_lines(path)} data lines, expected.json says {f['rows']}")
    extra = {str(x.relative_to(a.dir)) for x in a.dir.rglob("*.csv")} - set(files)
    if extra:
        p.add(f"{a.dir}: files not in expected.json: {sorted(extra)}")
    if not a.quick:
        registry = check_registry(a.dir / "registry.csv", files["registry.csv"], expected["scale"], p)
        ext = f"vestigingen/vestigingen-{expected['period']}.csv"
        check_extract(a.dir / ext, files[ext], ref, set(expected["herindeling"]["old_codes"]), p)
        for rel, f in files.items():
            if rel.startswith("returns/"):
                check_returns(a.dir / rel, f, registry, p)
        check_procurement(a.dir / "procurement/inkoop-gunningen.csv", files["procurement/inkoop-gunningen.csv"], p)
    em = expected["expected_metrics"]
    ext_facts = files[f"vestigingen/vestigingen-{expected['period']}.csv"]
    if sum(em["ctx_establishments"].values()) != ext_facts["kept"]:
        p.add(f"expected_metrics: ctx_establishments sum {sum(em['ctx_establishments'].values())} != kept "
              f"{ext_facts['kept']}")
    n_metrics = compare_metrics(a.metrics, expected, p) if a.metrics else None
    if a.ledger:
        compare_ledger(a.ledger, expected, p)
    print(json.dumps({"dir": str(a.dir), "scale": expected["scale"], "files": len(files), "quick": a.quick,
                      "metrics_rows_compared": n_metrics, "problems": len(p.items)}))
    return 1 if p.items else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
