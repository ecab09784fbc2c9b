"""Tests of the national benchmark tools (stdlib unittest):

    python3 -m unittest discover -s bench -p 'test_national.py'

- the identifier spaces and the apportionment of the generator, by hand;
- the DuckDB reference on a hand-made data set whose every metric value is worked out below (the rules the Swift
  normalize/compute stages must match);
- a small generated set: same seed, same bytes; check_national.py passes; DuckDB's metrics and ledgers equal the
  values the generator put in expected.json.
The generated-set tests need the real CBS files (../shared/data/real or $IMPACTMON_SHARED_DATA) and the Python
package duckdb; without them they are skipped, except under CI (`CI` set), where they fail.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import generate_national as gen  # noqa: E402

try:
    import duckdb  # noqa: F401
    HAVE_DUCKDB = True
except ImportError:
    HAVE_DUCKDB = False
CI = os.environ.get("CI", "") not in ("", "false", "0")
HAVE_REAL = (gen.shared_data_dir() / "PROVENANCE.md").exists()


def need(condition: bool, what: str):
    """Skip without `what`, but fail under CI (a CI run must not pass by skipping)."""
    if condition:
        return lambda f: f
    if CI:
        def failing(self):
            self.fail(f"{what} is required under CI")
        return lambda f: failing
    return unittest.skip(f"{what} not available")


class IdsTests(unittest.TestCase):
    def test_registry_and_other_numbers_are_unique_and_disjoint(self):
        ids = gen.Ids(n_reg=2000, n_rows=250_000)
        # kstep = min(32, 98e6 // 252001) = 32: registry numbers are multiples of 32 above 1e6, others are not.
        self.assertEqual(ids.kstep, 32)
        reg = {ids.kvk_registry(i) for i in range(2000 + 50)}
        other = {ids.kvk_other(b) for b in range(250_000)}
        self.assertEqual(len(reg), 2050)
        self.assertEqual(len(other), 250_000)
        self.assertFalse(reg & other)
        self.assertTrue(all(len(k) == 8 and k.isdigit() for k in reg | other))
        self.assertEqual(ids.kvk_other(0)[:7], "0100000")          # 1,000,000 + 0*32 + offset 1..31
        vreg = {ids.vest_registry(i) for i in range(2050)}
        voth = {ids.vest_other(j) for j in range(260_000)}
        self.assertEqual(len(vreg) + len(voth), 2050 + 260_000)
        self.assertFalse(vreg & voth)
        self.assertTrue(all(len(v) == 12 and v.startswith("0000") for v in vreg | voth))

    def test_scientific_notation_as_excel_shows_it(self):
        self.assertEqual(gen.sci("12345678"), "1.23457E+07")
        self.assertEqual(gen.sci("02345678"), "2.34568E+06")


class QuotaTests(unittest.TestCase):
    def test_largest_remainder(self):
        # 10 by weights 1:1:2 -> 2.5, 2.5, 5 -> floors 2, 2, 5, the one left to the first largest remainder.
        self.assertEqual(gen.quotas(10, [1, 1, 2], 0), [3, 2, 5])

    def test_minimum(self):
        # 12 by 1:1:10 -> 1, 1, 10; minimum 3 takes 2 + 2 from the largest: 3, 3, 6.
        self.assertEqual(gen.quotas(12, [1, 1, 10], 3), [3, 3, 6])


REG_HEADER = ["kvk_number", "vestigingsnummer", "name", "postcode", "house_number", "gemeente_code", "woonplaats",
              "sbi_code", "themes", "pso_level", "pso30plus", "code_sociale_ondernemingen", "se_basis",
              "founded_year", "programme_entry_date", "exit_date", "exit_reason"]
RET_HEADER = ["kvk_nummer", "vestigingsnummer", "naam", "kwartaal", "werknemers", "fte", "doelgroep_fte",
              "doelgroep_werknemers", "omzet_eur", "omzet_verkoop_eur", "subsidies_donaties_eur", "clienten",
              "getrainde_personen", "leerwerkplekken", "co2_vermeden_ton", "afval_hergebruikt_ton"]


def reg_row(kvk, vest, gm, entry, exit_date="", reason=""):
    return [kvk, vest, f"Onderneming {kvk}", "2011 AB", "1", gm, "", "47111", "werk_en_participatie", "none", "nee",
            "nee", "self_declared", "2010", entry, exit_date, reason]


def ret_row(kvk, q, werknemers, fte="1.0"):
    return [kvk, "", "x", q, werknemers, fte, "", "", "1000", "900", "100", "", "", "", "", ""]


def write_csv(path: Path, rows, delimiter=",", newline="\n", bom=False):
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8-sig" if bom else "utf-8") as f:
        csv.writer(f, delimiter=delimiter, lineterminator=newline).writerows(rows)


@need(HAVE_DUCKDB, "the Python package duckdb")
class DuckDBRulesTests(unittest.TestCase):
    """A hand-made data set: every row exercises one rule; the expected values are worked out in the comments."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        d = Path(cls.tmp.name)
        write_csv(d / "registry.csv", [REG_HEADER,
            reg_row("12345678", "000012345678", "GM0392", "2020-01-01"),                 # A
            reg_row("2345678", "", "GM0392", "2026-08-01"),                               # B: 7 digits -> 02345678
            reg_row("34000001", "", "GM0003", "2019-05-01", "2025-06-30", "merger"),      # C: GM0003 -> GM1979
            reg_row("55555555", "", "GM1979", "2024-12-31"),                              # D
        ])
        ext = [gen.EXTRACT_COLUMNS,
            ["000012345678", "12345678", "88101", "2011 AB", "GM0392", "10", "2010-05-01"],   # 2 kept, SE A
            ["00012345679", "99999991", "47111", "2011 AB", "GM0392", "5", "2015-01-01"],     # 3 kept, vest padded
            ["000000000003", "2345678", "56101", "2011 AB", "GM0392", "3", "2026-08-15"],     # 4 kept, SE B (7 digits)
            ["000000000004", "1.23457E+07", "47111", "2011 AB", "GM0392", "1", "2015-01-01"],  # 5 kvk.invalid
            ["000000000005", "11111111", "34100", "2011 AB", "GM0392", "1", "2015-01-01"],    # 6 sbi.invalid
            ["000000000006", "11111112", "47111", "2011 AB", "Haarlem", "1", "2015-01-01"],   # 7 gemeente_code.invalid
            ["000000000007", "11111113", "47111", "2011 AB", "GM0392", "", "2015-01-01"],     # 8 kept, persons missing
            ["000000000008", "11111114", "47111", "2011 AB", "GM0392", "12,5", "2015-01-01"],  # 9 werkzame_personen.invalid
            ["000000000009", "11111115", "47111", "2011 AB", "GM0392", "1", "2026-13-01"],    # 10 datum invalid
            ["000000000010", "11111116", "47111", "2011 AB", "GM0392", "1", "2026-10-01"],    # 11 filtered
            ["000000000011", "11111117", "47111", "2011 AB", "GM0392", "4", "2020-01-01"],    # 12 kept
            ["000000000011", "11111117", "47111", "2011 AB", "GM0392", "4", "2020-01-01"],    # 13 merged
            ["000000000013", "11111118", "47111", "2011 AB", "GM0392", "6", "2020-01-01"],    # 14 conflict
            ["0000 0000 0015", "34000001", "47111", "9901 AA", "GM0010", "20", "2001-01-01"], # 15 vestigingsnummer.invalid
            ["000000000015", "34000001", "47111", "9901 AA", "GM0010", "20", "2001-01-01"],   # 16 kept, SE C, -> GM1979
            ["000000000016", "11111119", "47111", "9901 AA", "GM1979", "0", "2001-01-01"],    # 17 kept, persons 0
            ["000000000013", "11111118", "47111", "2011 AB", "GM0392", "7", "2020-01-01"],    # 18 conflict with 14
            ["VEST-1", "11111120", "47111", "2011 AB", "GM0392", "1", "2015-01-01"],          # 19 vestigingsnummer.invalid
            ["000000000018", "11111121", "47111", "2011 AB", "GM0788", "2", "2015-01-01"],    # 20 gemeente_code.unresolved
        ]
        write_csv(d / "vestigingen" / "vestigingen-2026Q3.csv", ext)
        write_csv(d / "returns" / "impact-2024Q4.csv", [RET_HEADER,
            ret_row("12345678", "2024Q4", "10"), ret_row("34000001", "2024Q4", "7"),
            ret_row("55555555", "2024Q4", "3"), ret_row("55555555", "2024Q4", "3"),       # exact duplicate: merged
            ret_row("99999999", "2024Q4", "8")])                                          # not in registry
        write_csv(d / "returns" / "impact-2025Q2.csv", [RET_HEADER,
            ret_row("12345678", "2025Q2", "11", "8,5"), ret_row("34000001", "2025Q2", "6", "4,5"),
            ret_row("55555555", "2025Q2", "", "1,0"),                                     # werknemers missing
            ret_row("1,23457E+07", "2025Q2", "9", "1,0")], delimiter=";", newline="\r\n")  # scientific notation
        write_csv(d / "returns" / "impact-2026Q3.csv", [RET_HEADER,
            ret_row(" 12345678", "2026Q3", "12"), ret_row("2345678", "2026Q3", "2"),
            ret_row("55555555", "2026Q3", "4"), ret_row("55555555", "2026Q3", "5"),       # conflict: both out
            ret_row("ABC", "2026Q3", "1")], bom=True)
        cls.out = d / "metrics.csv"
        proc = subprocess.run([sys.executable, str(HERE / "duckdb_national.py"), "--data", str(d), "--period", "2026Q3",
                               "--out", str(cls.out), "--threads", "2"], capture_output=True, text=True, check=True)
        cls.summary = json.loads(proc.stdout.strip().splitlines()[-1])
        with cls.out.open(newline="") as f:
            cls.rows = {(r["metric_id"], r["entity"], r["period"]): r["value"] for r in csv.DictReader(f)}

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def value(self, metric, gm, period="2026Q3"):
        return float(self.rows[(metric, gm, period)])

    def test_extract_ledger(self):
        led = self.summary["ledger"]["vestigingen/vestigingen-2026Q3.csv"]
        # 19 rows: kept 2,3,4,8,12,16,17 = 7; merged 13; filtered 11; rejected 5,6,7,9,10,14,18,15,19,20 = 10.
        self.assertEqual(led["rows"], 19)
        self.assertEqual((led["kept"], led["merged"], led["filtered"]), (7, 1, 1))
        self.assertEqual(led["rejected"], {"datum_inschrijving.invalid": 1, "duplicate.conflict": 2,
                                           "gemeente_code.invalid": 1, "gemeente_code.unresolved": 1,
                                           "kvk.invalid": 1, "sbi.invalid": 1, "vestigingsnummer.invalid": 2,
                                           "werkzame_personen.invalid": 1})

    def test_context_metrics(self):
        # GM0392 kept: lines 2 (10, SE), 3 (5), 4 (3, SE), 8 (missing), 12 (4) -> 5 establishments, 22 persons;
        # SE: 2 establishments, 13 persons -> 2/5*100 = 40, 13/22*100.
        self.assertEqual(self.value("ctx_establishments", "GM0392"), 5)
        self.assertEqual(self.value("ctx_persons_employed", "GM0392"), 22)
        self.assertEqual(self.value("pop_se_establishment_share", "GM0392"), 40.0)
        self.assertAlmostEqual(self.value("emp_se_persons_share", "GM0392"), 13 / 22 * 100, places=12)
        # GM1979: line 16 (GM0010 -> GM1979, 20, SE C) and 17 (0) -> 2, 20 persons; 1/2*100 = 50, 20/20*100 = 100.
        self.assertEqual(self.value("ctx_establishments", "GM1979"), 2)
        self.assertEqual(self.value("ctx_persons_employed", "GM1979"), 20)
        self.assertEqual(self.value("pop_se_establishment_share", "GM1979"), 50.0)
        self.assertEqual(self.value("emp_se_persons_share", "GM1979"), 100.0)
        self.assertNotIn(("ctx_establishments", "GM0010", "2026Q3"), self.rows)
        self.assertNotIn(("ctx_establishments", "GM0788", "2026Q3"), self.rows)

    def test_active_counts(self):
        qs = ["2024Q4", "2025Q1", "2025Q2", "2025Q3", "2025Q4", "2026Q1", "2026Q2", "2026Q3"]
        # GM0392: A always; B (entry 2026-08-01) only on 2026-09-30.
        self.assertEqual([self.value("pop_active_se", "GM0392", q) for q in qs], [1, 1, 1, 1, 1, 1, 1, 2])
        # GM1979: D (entry 2024-12-31 <= 2024-12-31) always; C (GM0003, exit 2025-06-30) on 2024-12-31 and
        # 2025-03-31, not on 2025-06-30 (active while day < exit date).
        self.assertEqual([self.value("pop_active_se", "GM1979", q) for q in qs], [2, 2, 1, 1, 1, 1, 1, 1])

    def test_headcount(self):
        # 2024Q4: A 10 | C 7 + D 3 (its duplicate merged); 99999999 not in the registry.
        self.assertEqual(self.value("emp_headcount_total", "GM0392", "2024Q4"), 10)
        self.assertEqual(self.value("emp_headcount_total", "GM1979", "2024Q4"), 7 + 3)
        # 2025Q2 (`;`, decimal comma, CRLF): A 11 | C not active on 2025-06-30, D werknemers missing: no value.
        self.assertEqual(self.value("emp_headcount_total", "GM0392", "2025Q2"), 11)
        self.assertNotIn(("emp_headcount_total", "GM1979", "2025Q2"), self.rows)
        # 2026Q3 (BOM): A " 12345678" trimmed 12 + B "2345678" repaired 2 | D's two rows conflict: no value.
        self.assertEqual(self.value("emp_headcount_total", "GM0392", "2026Q3"), 12 + 2)
        self.assertNotIn(("emp_headcount_total", "GM1979", "2026Q3"), self.rows)
        # quarters without a returns file have no value
        self.assertNotIn(("emp_headcount_total", "GM0392", "2025Q1"), self.rows)

    def test_returns_ledger(self):
        led = self.summary["ledger"]
        self.assertEqual(led["returns/impact-2024Q4.csv"]["used"], 3)
        self.assertEqual(led["returns/impact-2024Q4.csv"]["merged"], 1)
        self.assertEqual(led["returns/impact-2024Q4.csv"]["rejected"], {"kvk.not_in_registry": 1})
        self.assertEqual(led["returns/impact-2025Q2.csv"]["rejected"], {"kvk.scientific_notation": 1})
        self.assertEqual(led["returns/impact-2026Q3.csv"]["used"], 2)
        self.assertEqual(led["returns/impact-2026Q3.csv"]["rejected"], {"duplicate.conflict": 2, "kvk.not_digits": 1})

    def test_output_rows(self):
        # ctx: 4 metrics x 2 municipalities; pop_active_se: 2 x 8; emp_headcount_total: 2024Q4 x 2, 2025Q2, 2026Q3.
        self.assertEqual(self.summary["output_rows"], 8 + 16 + 4)


@need(HAVE_REAL, "the real CBS files (../shared/data/real)")
class GeneratedSetTests(unittest.TestCase):
    scale = 0.004   # 80 enterprises, 10,000 extract rows, 240 awards

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.dirs = [Path(cls.tmp.name) / f"run{i}" for i in (1, 2)]
        for d in cls.dirs:
            subprocess.run([sys.executable, str(HERE / "generate_national.py"), "--scale", str(cls.scale),
                            "--seed", "392", "--out", str(d)], check=True, capture_output=True)
        cls.expected = json.loads((cls.dirs[0] / "expected.json").read_text(encoding="utf-8"))

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_same_seed_same_bytes(self):
        for rel in self.expected["files"]:
            self.assertEqual((self.dirs[0] / rel).read_bytes(), (self.dirs[1] / rel).read_bytes(), rel)
        self.assertEqual((self.dirs[0] / "expected.json").read_bytes(), (self.dirs[1] / "expected.json").read_bytes())

    def test_sizes(self):
        f = self.expected["files"]
        self.assertEqual(f["registry.csv"]["rows"], round(20000 * self.scale))
        self.assertEqual(f["vestigingen/vestigingen-2026Q3.csv"]["rows"], round(2_500_000 * self.scale))
        self.assertEqual(f["procurement/inkoop-gunningen.csv"]["awards"], round(60000 * self.scale))
        self.assertEqual(len([k for k in f if k.startswith("returns/")]), 16)

    def test_check_passes(self):
        proc = subprocess.run([sys.executable, str(HERE / "check_national.py"), str(self.dirs[0])],
                              capture_output=True, text=True)
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)

    @need(HAVE_DUCKDB, "the Python package duckdb")
    def test_duckdb_equals_generator(self):
        out = Path(self.tmp.name) / "duck.csv"
        proc = subprocess.run([sys.executable, str(HERE / "duckdb_national.py"), "--data", str(self.dirs[0]),
                               "--out", str(out)], capture_output=True, text=True, check=True)
        ledger = Path(self.tmp.name) / "duck.json"
        ledger.write_text(proc.stdout, encoding="utf-8")
        check = subprocess.run([sys.executable, str(HERE / "check_national.py"), str(self.dirs[0]), "--quick",
                                "--metrics", str(out), "--ledger", str(ledger)], capture_output=True, text=True)
        self.assertEqual(check.returncode, 0, check.stdout + check.stderr)


if __name__ == "__main__":
    unittest.main()
