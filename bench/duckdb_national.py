#!/usr/bin/env python3
"""The national benchmark's normalize-join-aggregate done by DuckDB: the analyst's alternative to ImpactMonitor.

Usage:
    python3 bench/duckdb_national.py --data bench/data/national --period 2026Q3 --out /tmp/duckdb-metrics.csv \\
        [--threads 2] [--herindeling config/gemeente-herindeling.csv] [--memory-limit 1GB]

Reads the files of bench/generate_national.py (registry.csv, vestigingen/vestigingen-<period>.csv,
returns/impact-*.csv) with `read_csv` and every column typed VARCHAR, so that a bad value becomes a reject in SQL
instead of a load error, and writes tidy rows `metric_id,entity,period,value` (sorted, `,`, LF, header):

    ctx_establishments          per GM code at <period>: establishments kept at the reference date (last day of period)
    ctx_persons_employed        per GM code at <period>: sum of werkzame_personen of kept establishments with a value
    pop_se_establishment_share  kept establishments whose KvK-nummer is a registry KvK-nummer / ctx_establishments x 100
    emp_se_persons_share        their werkzame_personen / ctx_persons_employed x 100
    pop_active_se               per GM code and quarter (the 8 quarters ending with <period>): registry enterprises
                                active on the quarter's last day (entry <= last day < exit)
    emp_headcount_total         per GM code and quarter: sum of `werknemers` of the used returns of the quarter of the
                                municipality's registry enterprises active on its last day

Prints one JSON line on stdout: DuckDB's wall time and CPU time (work only, after `import duckdb`; per stage too),
user/system CPU and peak RSS of the process (getrusage), the ledger of every file (rows, used, merged, filtered,
rejects per reason) and the number of output rows. The rules are written out in RULES below and in the report of
issue 8; they follow Sources/Normalization (IdentifierRepair, DecimalCell, ImpactReturnMapping, Herindeling) and
Sources/Indicators/Formulas (Population.swift, Sums.swift).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import re
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

RULES = """
Trim: every cell is trimmed of spaces, tabs and U+00A0 at both ends (IdentifierRepair.trimmed); an empty cell is ''.
Dates: yyyy-mm-dd (or yyyymmdd), a real calendar day (CivilDate(parsing:)).
Registry: kvk_number 8 digits, or 7 digits left-padded with one 0; gemeente_code mapped through the merge rows of
  the herindeling file (empty woonplaats, date <= last day of the period, chains followed); a registry row that
  cannot be read stops the run (as impactmon: exit 65).
Establishments extract, first failing check gives the reject reason, in this order:
  vestigingsnummer not 1-12 digits -> vestigingsnummer.invalid (1-11 digits: left-padded to 12, kept)
  kvk_nummer not 7-8 digits (scientific notation, letters, empty, other lengths) -> kvk.invalid (7: left-padded)
  sbi_code not 2-5 digits or its first two digits not an SBI 2008 division -> sbi.invalid
  gemeente_code not GM + 4 digits -> gemeente_code.invalid
  gemeente_code of a split municipality (herindeling rows with a woonplaats; the extract has none) -> gemeente_code.unresolved
  werkzame_personen not empty and not digits only -> werkzame_personen.invalid (empty: kept, persons missing)
  datum_inschrijving not a date -> datum_inschrijving.invalid
  then: datum_inschrijving after the reference date -> filtered (not yet registered)
  then, over the remaining rows, by vestigingsnummer (after padding): all rows with the same content (kvk after
  padding, sbi, postcode, gemeente after herindeling, persons, date) -> one kept, the others merged; different
  content -> all rejected duplicate.conflict
  kept rows: gemeente_code = merge successor when the code merged (GM0003/GM0010/GM0024 -> GM1979), else as written.
Returns (impact-<YYYYQn>.csv; `;` header -> `;` delimiter and decimal comma): first failing check:
  kvk empty -> kvk.missing; scientific notation -> kvk.scientific_notation; not digits -> kvk.not_digits;
  not 7/8 digits -> kvk.length; kwartaal (2026Q3 or 2026KW03; empty = the file's) invalid -> kwartaal.invalid,
  other than the file's quarter -> kwartaal.mismatch; a measure cell not a plain number (DecimalCell: optional -,
  digits, optional . and digits; a single decimal comma only in a `;` file; no thousands separators, no exponent)
  -> value.not_a_number; negative and not 0 -> value.negative; KvK-nummer (padded) not in the registry ->
  kvk.not_in_registry. Then by (KvK-nummer, quarter): same KvK, quarter and 12 values -> merged, else
  duplicate.conflict (all out).
Metrics: see the module docstring. A municipality without an establishment has no ctx_* rows; shares only where
  the denominator is > 0; emp_headcount_total only where at least one enterprise reports werknemers; pop_active_se
  for every registry municipality and quarter (0 included).
"""

# SBI 2008 divisions (NACE Rev. 2), as Sources/Normalization/Classification/SBI2008.swift.
DIVISIONS = [f"{d:02d}" for r in ((1, 3), (5, 9), (10, 33), (35, 35), (36, 39), (41, 43), (45, 47), (49, 53),
                                     (55, 56), (58, 63), (64, 66), (68, 68), (69, 75), (77, 82), (84, 84), (85, 85),
                                     (86, 88), (90, 93), (94, 96), (97, 98), (99, 99)) for d in range(r[0], r[1] + 1)]
MEASURES = ["werknemers", "fte", "doelgroep_fte", "doelgroep_werknemers", "omzet_eur", "omzet_verkoop_eur",
            "subsidies_donaties_eur", "clienten", "getrainde_personen", "leerwerkplekken", "co2_vermeden_ton",
            "afval_hergebruikt_ton"]


def parse_quarter(text: str) -> tuple[int, int]:
    m = re.fullmatch(r"(\d{4})Q([1-4])", text)
    if not m:
        raise SystemExit(f"--period {text!r} is not a quarter; write it as 2026Q3")
    return int(m.group(1)), int(m.group(2))


def quarter_bounds(y: int, q: int) -> tuple[dt.date, dt.date]:
    start = dt.date(y, 3 * q - 2, 1)
    nxt = dt.date(y + (q == 4), (3 * q) % 12 + 1, 1)
    return start, nxt - dt.timedelta(days=1)


def shifted(y: int, q: int, n: int) -> tuple[int, int]:
    i = y * 4 + q - 1 + n
    return i // 4, i % 4 + 1


def sql_str(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def header_of(path: Path) -> tuple[list[str], str]:
    """Header names and delimiter as the pipeline detects them: BOM removed, `;` when it beats `,` on line 1."""
    with path.open("rb") as f:
        first = f.readline()
    text = first.decode("utf-8-sig").rstrip("\r\n")
    delim = ";" if text.count(";") > text.count(",") else ","
    names = next(csv.reader([text], delimiter=delim))
    return [n.strip() for n in names], delim


def reader(path: Path) -> tuple[str, str]:
    """`read_csv(...)` of a file with every column VARCHAR, and its delimiter."""
    names, delim = header_of(path)
    cols = "{" + ", ".join(f"{sql_str(n)}: 'VARCHAR'" for n in names) + "}"
    return (f"read_csv({sql_str(str(path))}, header = true, delim = {sql_str(delim)}, quote = '\"', escape = '\"', "
            f"columns = {cols}, auto_detect = false, null_padding = false)"), delim


def herindeling_rules(path: Path, last_day: dt.date) -> tuple[dict[str, str], set[str]]:
    """Merge map (old code -> final successor, chains followed) and split codes in force on `last_day`."""
    merges: dict[str, str] = {}
    splits: set[str] = set()
    with path.open(newline="", encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            if dt.date.fromisoformat(row["date"].strip()) > last_day:
                continue
            old, new = row["old_code"].strip(), row["new_code"].strip()
            if row["woonplaats"].strip():
                splits.add(old)
            else:
                merges[old] = new
    final = {}
    for old in merges:
        code, seen = old, set()
        while code in merges and code not in seen:
            seen.add(code)
            code = merges[code]
        final[old] = code
    return final, splits


def run(args) -> dict:
    t_import = time.perf_counter()
    import duckdb
    import_s = time.perf_counter() - t_import
    wall0, cpu0 = time.perf_counter(), time.process_time()
    stages: dict[str, dict] = {}

    def stage(name: str, t0: float, c0: float) -> tuple[float, float]:
        t1, c1 = time.perf_counter(), time.process_time()
        stages[name] = {"wall_s": round(t1 - t0, 4), "cpu_s": round(c1 - c0, 4)}
        return t1, c1

    data = Path(args.data)
    y, q = parse_quarter(args.period)
    _, ref = quarter_bounds(y, q)
    quarters = [shifted(y, q, i - 7) for i in range(8)]
    merges, splits = herindeling_rules(Path(args.herindeling), ref)

    con = duckdb.connect()
    con.execute(f"SET threads TO {int(args.threads)}")
    con.execute("SET preserve_insertion_order = false")
    if args.memory_limit:
        con.execute(f"SET memory_limit = {sql_str(args.memory_limit)}")
    # trim(x, chars) is slow in DuckDB: only call it when the first or last character is a space, tab or U+00A0.
    con.execute("""CREATE MACRO tr(x) AS CASE WHEN x IS NULL THEN ''
        WHEN ascii(x) IN (32, 9, 160) OR ascii(reverse(x)) IN (32, 9, 160) THEN trim(x, ' ' || chr(9) || chr(160))
        ELSE x END""")
    con.execute("""CREATE MACRO civil_date(t) AS CASE
        WHEN regexp_full_match(t, '[0-9]{4}-[0-9]{2}-[0-9]{2}') THEN CAST(try_strptime(t, '%Y-%m-%d') AS DATE)
        WHEN regexp_full_match(t, '[0-9]{8}') THEN CAST(try_strptime(t, '%Y%m%d') AS DATE) END""")
    merge_rows = ", ".join(f"({sql_str(o)}, {sql_str(n)})" for o, n in merges.items()) or "(NULL, NULL)"
    con.execute(f"CREATE TABLE merges(old_code VARCHAR, new_code VARCHAR); INSERT INTO merges VALUES {merge_rows}")
    divisions = ", ".join(sql_str(d) for d in DIVISIONS)
    split_list = ", ".join(sql_str(s) for s in sorted(splits)) or "NULL"
    t, c = wall0, cpu0

    # ---- registry
    reg_sql, _ = reader(data / "registry.csv")
    con.execute(f"""
        CREATE TABLE registry AS
        WITH r AS (
            SELECT tr(kvk_number) AS k, tr(gemeente_code) AS g, tr(programme_entry_date) AS en, tr(exit_date) AS ex
            FROM {reg_sql})
        SELECT CASE WHEN regexp_full_match(k, '[0-9]{{8}}') THEN k
                    WHEN regexp_full_match(k, '[0-9]{{7}}') THEN '0' || k END AS kvk,
               coalesce(m.new_code, r.g) AS gm,
               civil_date(en) AS entry,
               CASE WHEN ex = '' THEN NULL ELSE civil_date(ex) END AS exit_date,
               ex <> '' AND civil_date(ex) IS NULL AS bad_exit
        FROM r LEFT JOIN merges m ON m.old_code = r.g""")
    bad, dup, n_reg = con.execute("""
        SELECT count(*) FILTER (WHERE kvk IS NULL OR entry IS NULL OR bad_exit
                                      OR NOT regexp_full_match(gm, 'GM[0-9]{4}')),
               count(*) - count(DISTINCT kvk), count(*) FROM registry""").fetchone()
    if bad or dup:
        print(f"{data / 'registry.csv'}: {bad} unreadable and {dup} duplicate registry rows; impactmon stops with "
              "exit 65 on such a registry, so does this script", file=sys.stderr)
        sys.exit(65)
    t, c = stage("registry", t, c)

    # ---- establishments extract: one pass over the file, one hash aggregate by vestigingsnummer (no base table).
    # Rejected and filtered rows get `state` = reason / 'filtered' and vest NULL, so each such state is one group
    # whose count is the ledger's; rows still pending (state NULL) are grouped by vestigingsnummer for duplicates.
    ext_path = data / "vestigingen" / f"vestigingen-{args.period}.csv"
    ext_sql, _ = reader(ext_path)
    merge_case = ("CASE g " + " ".join(f"WHEN {sql_str(o)} THEN {sql_str(n)}" for o, n in merges.items())
                  + " ELSE g END") if merges else "g"
    con.execute(f"""
        CREATE TABLE est AS
        WITH raw AS (
            SELECT tr(vestigingsnummer) AS v, tr(kvk_nummer) AS k, tr(sbi_code) AS s, tr(postcode) AS pc,
                   tr(gemeente_code) AS g, tr(werkzame_personen) AS p, civil_date(tr(datum_inschrijving)) AS d
            FROM {ext_sql}),
        checked AS (
            SELECT *, CASE
                WHEN NOT regexp_full_match(v, '[0-9]{{1,12}}') THEN 'vestigingsnummer.invalid'
                WHEN NOT regexp_full_match(k, '[0-9]{{7,8}}') THEN 'kvk.invalid'
                WHEN NOT regexp_full_match(s, '[0-9]{{2,5}}') OR substr(s, 1, 2) NOT IN ({divisions}) THEN 'sbi.invalid'
                WHEN NOT regexp_full_match(g, 'GM[0-9]{{4}}') THEN 'gemeente_code.invalid'
                WHEN g IN ({split_list}) THEN 'gemeente_code.unresolved'
                WHEN p <> '' AND NOT regexp_full_match(p, '[0-9]{{1,18}}') THEN 'werkzame_personen.invalid'
                WHEN d IS NULL THEN 'datum_inschrijving.invalid'
                WHEN d > DATE '{ref.isoformat()}' THEN 'filtered'
                END AS state
            FROM raw),
        pending AS (
            SELECT state,
                   CASE WHEN state IS NULL THEN TRY_CAST(v AS BIGINT) END AS vest,
                   CASE WHEN state IS NULL THEN TRY_CAST(k AS INTEGER) END AS kvk,
                   CASE WHEN state IS NULL THEN {merge_case} END AS gm,
                   CASE WHEN state IS NULL AND p <> '' THEN TRY_CAST(p AS BIGINT) END AS persons,
                   CASE WHEN state IS NULL THEN hash(TRY_CAST(k AS INTEGER), s, pc, {merge_case}, p, d) END AS h
            FROM checked)
        SELECT state, vest, count(*) AS n, min(h) = max(h) AS same, any_value(kvk) AS kvk, any_value(gm) AS gm,
               any_value(persons) AS persons
        FROM pending GROUP BY state, vest""")
    t, c = stage("establishments", t, c)
    rej: dict[str, int] = {}
    filtered = 0
    for state, n in con.execute("SELECT state, n FROM est WHERE state IS NOT NULL").fetchall():
        if state == "filtered":
            filtered = n
        else:
            rej[state] = n
    kept, merged, conflict, n_rows = con.execute("""
        SELECT count(*) FILTER (WHERE state IS NULL AND same),
               coalesce(sum(n - 1) FILTER (WHERE state IS NULL AND same), 0),
               coalesce(sum(n) FILTER (WHERE state IS NULL AND NOT same), 0), sum(n) FROM est""").fetchone()
    if conflict:
        rej["duplicate.conflict"] = int(conflict)
    ext_ledger = {"rows": int(n_rows), "kept": kept, "merged": int(merged), "filtered": filtered,
                  "rejected": dict(sorted(rej.items())), "rejected_total": sum(rej.values())}
    t, c = stage("establishments_ledger", t, c)

    # ---- returns
    files = sorted((data / "returns").glob("impact-*.csv"))
    parts = []
    for f in files:
        m = re.fullmatch(r"impact-(\d{4})Q([1-4])\.csv", f.name)
        if not m:
            continue
        sql, delim = reader(f)
        parts.append(f"SELECT {sql_str(f.name)} AS file, '{m.group(1)}Q{m.group(2)}' AS fq, "
                     f"{'true' if delim == ';' else 'false'} AS sc, * FROM {sql}")
    con.execute("""CREATE MACRO numtxt(x, sc) AS CASE
        WHEN x = '' THEN ''
        WHEN position(',' IN x) > 0 THEN
            CASE WHEN sc AND position('.' IN x) = 0 AND length(x) - length(replace(x, ',', '')) = 1
                 THEN replace(x, ',', '.') ELSE '#' END
        ELSE x END""")
    con.execute("CREATE MACRO numbad(t) AS t <> '' AND NOT regexp_full_match(t, '-?[0-9]+(\\.[0-9]+)?')")
    con.execute("CREATE MACRO numval(t) AS CASE WHEN t = '' THEN NULL ELSE TRY_CAST(t AS DOUBLE) END")
    txt = ", ".join(f"numtxt(tr({m}), sc) AS t_{m}" for m in MEASURES)
    any_bad = " OR ".join(f"numbad(t_{m})" for m in MEASURES)
    any_neg = " OR ".join(f"(t_{m} LIKE '-%' AND TRY_CAST(t_{m} AS DOUBLE) <> 0)" for m in MEASURES)
    vals = ", ".join(f"CASE WHEN reason IS NULL THEN numval(t_{m}) END AS {m}" for m in MEASURES)
    con.execute(f"""
        CREATE TABLE ret AS
        WITH raw AS (
            SELECT file, fq, tr(kvk_nummer) AS k, tr(kwartaal) AS kw, {txt}
            FROM ({" UNION ALL BY NAME ".join(parts)})),
        q AS (
            SELECT *, CASE WHEN kw = '' THEN fq
                           WHEN regexp_full_match(kw, '[0-9]{{4}}Q[1-4]') THEN kw
                           WHEN regexp_full_match(kw, '[0-9]{{4}}KW0[1-4]') THEN substr(kw, 1, 4) || 'Q' || substr(kw, 8, 1)
                      END AS rq
            FROM raw),
        checked AS (
            SELECT *, CASE
                WHEN k = '' THEN 'kvk.missing'
                WHEN regexp_full_match(k, '[0-9.,]*[0-9][0-9.,]*[eE][+-]?[0-9]+') THEN 'kvk.scientific_notation'
                WHEN NOT regexp_full_match(k, '[0-9]+') THEN 'kvk.not_digits'
                WHEN length(k) NOT IN (7, 8) THEN 'kvk.length'
                WHEN rq IS NULL THEN 'kwartaal.invalid'
                WHEN rq <> fq THEN 'kwartaal.mismatch'
                WHEN {any_bad} THEN 'value.not_a_number'
                WHEN {any_neg} THEN 'value.negative'
                WHEN lpad(k, 8, '0') NOT IN (SELECT kvk FROM registry) THEN 'kvk.not_in_registry'
                END AS reason
            FROM q)
        SELECT file, reason, CASE WHEN reason IS NULL THEN lpad(k, 8, '0') END AS kvk, rq AS quarter, {vals}
        FROM checked""")
    t, c = stage("returns_normalize", t, c)
    con.execute(f"""
        CREATE TABLE ret_groups AS
        SELECT kvk, quarter, count(*) AS n, count(DISTINCT hash({", ".join(MEASURES)})) = 1 AS same,
               any_value(file) AS file, any_value(werknemers) AS werknemers
        FROM ret WHERE reason IS NULL GROUP BY kvk, quarter""")
    ret_ledger: dict[str, dict] = {}
    for file, rows, rejected_n in con.execute(
            "SELECT file, count(*), count(*) FILTER (WHERE reason IS NOT NULL) FROM ret GROUP BY file ORDER BY file"
    ).fetchall():
        ret_ledger[f"returns/{file}"] = {"rows": rows, "used": 0, "merged": 0, "rejected": {}, "rejected_total": 0}
    for file, reason, n in con.execute(
            "SELECT file, reason, count(*) FROM ret WHERE reason IS NOT NULL GROUP BY ALL ORDER BY ALL").fetchall():
        ret_ledger[f"returns/{file}"]["rejected"][reason] = n
    for file, used, merged, conflict in con.execute("""
            SELECT file, count(*) FILTER (WHERE same), coalesce(sum(n - 1) FILTER (WHERE same), 0),
                   coalesce(sum(n) FILTER (WHERE NOT same), 0) FROM ret_groups GROUP BY file""").fetchall():
        led = ret_ledger[f"returns/{file}"]
        led["used"], led["merged"] = used, int(merged)
        if conflict:
            led["rejected"]["duplicate.conflict"] = int(conflict)
    for led in ret_ledger.values():
        led["rejected_total"] = sum(led["rejected"].values())
    t, c = stage("returns_dedupe", t, c)

    # ---- metrics
    qrows = ", ".join(f"('{yy}Q{qq}', DATE '{quarter_bounds(yy, qq)[1].isoformat()}')" for yy, qq in quarters)
    con.execute(f"CREATE TABLE quarters(quarter VARCHAR, last_day DATE); INSERT INTO quarters VALUES {qrows}")
    con.execute("CREATE MACRO fmt(x) AS CASE WHEN x = trunc(x) AND abs(x) < 1e15 THEN CAST(CAST(x AS HUGEINT) AS VARCHAR)"
                " ELSE CAST(x AS VARCHAR) END")
    con.execute(f"""
        CREATE TABLE metrics AS
        WITH se AS (SELECT DISTINCT CAST(kvk AS INTEGER) AS kvk FROM registry),
        kept AS (SELECT e.gm, e.persons, se.kvk IS NOT NULL AS is_se
                 FROM est e LEFT JOIN se ON se.kvk = e.kvk WHERE e.state IS NULL AND e.same),
        ctx AS (SELECT gm, count(*) AS est, sum(persons) AS pers, count(*) FILTER (WHERE is_se) AS se_est,
                       coalesce(sum(persons) FILTER (WHERE is_se), 0) AS se_pers
                FROM kept GROUP BY gm),
        active AS (SELECT r.kvk, r.gm, q.quarter FROM registry r JOIN quarters q
                   ON r.entry <= q.last_day AND (r.exit_date IS NULL OR q.last_day < r.exit_date)),
        gms AS (SELECT DISTINCT gm FROM registry)
        SELECT 'ctx_establishments' AS metric_id, gm AS entity, '{args.period}' AS period, fmt(est) AS value FROM ctx
        UNION ALL
        SELECT 'ctx_persons_employed', gm, '{args.period}', fmt(pers) FROM ctx WHERE pers IS NOT NULL
        UNION ALL
        SELECT 'pop_se_establishment_share', gm, '{args.period}', fmt(se_est / est * 100) FROM ctx
        UNION ALL
        SELECT 'emp_se_persons_share', gm, '{args.period}', fmt(se_pers / pers * 100) FROM ctx WHERE pers > 0
        UNION ALL
        SELECT 'pop_active_se', g.gm, q.quarter, fmt(count(a.kvk))
        FROM gms g CROSS JOIN quarters q LEFT JOIN active a ON a.gm = g.gm AND a.quarter = q.quarter
        GROUP BY g.gm, q.quarter
        UNION ALL
        SELECT 'emp_headcount_total', a.gm, a.quarter, fmt(sum(r.werknemers))
        FROM active a JOIN ret_groups r ON r.kvk = a.kvk AND r.quarter = a.quarter
        WHERE r.same AND r.werknemers IS NOT NULL GROUP BY a.gm, a.quarter""")
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    con.execute(f"COPY (SELECT * FROM metrics ORDER BY metric_id, entity, period) TO {sql_str(str(out))} "
                "(HEADER, DELIMITER ',')")
    n_out = dict(con.execute("SELECT metric_id, count(*) FROM metrics GROUP BY ALL ORDER BY ALL").fetchall())
    t, c = stage("compute_write", t, c)
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "tool": "duckdb", "duckdb_version": duckdb.__version__, "threads": int(args.threads), "period": args.period,
        "wall_s": round(wall, 4), "cpu_s": round(cpu, 4), "import_s": round(import_s, 4),
        "user_s": round(ru.ru_utime, 4), "sys_s": round(ru.ru_stime, 4), "peak_rss_mib": round(ru.ru_maxrss / 1024, 1),
        "stages": stages,
        "rows_in": {"registry": n_reg, "extract": ext_ledger["rows"],
                    "returns": sum(v["rows"] for v in ret_ledger.values())},
        "ledger": {f"vestigingen/{ext_path.name}": ext_ledger, **ret_ledger},
        "output_rows": sum(n_out.values()), "output_rows_per_metric": n_out, "out": str(out),
    }


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter, epilog=RULES)
    p.add_argument("--data", required=True, help="folder written by bench/generate_national.py")
    p.add_argument("--period", default="2026Q3", help="reference quarter (default 2026Q3)")
    p.add_argument("--out", required=True, help="CSV to write: metric_id,entity,period,value")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--herindeling", default=str(ROOT / "config" / "gemeente-herindeling.csv"))
    p.add_argument("--memory-limit", default="", help="DuckDB memory_limit, e.g. 1GB (default: DuckDB's)")
    summary = run(p.parse_args(argv))
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
