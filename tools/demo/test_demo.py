"""Tests of the demo tools (stdlib unittest): `python3 -m unittest discover -s tools/demo -p 'test_*.py'`.

Values are worked out by hand in each test; the generated-data tests assert the designed properties of the
demo (growth classes, coverage, messy records) through the same read-back rules the README documents.
"""

from __future__ import annotations

import sys
import tempfile
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate_demo  # noqa: E402
from demolib import Q, Rand, classify, clean_kvk, growth_classes, read_registry, read_returns  # noqa: E402


class QuarterTests(unittest.TestCase):
    def test_last_day_and_shift(self):
        self.assertEqual(str(Q(2026, 3).last_day), "2026-09-30")
        self.assertEqual(str(Q(2024, 1).last_day), "2024-03-31")
        self.assertEqual(Q(2026, 3).shifted(-12), Q(2023, 3))   # t-3 years = 12 quarters back
        self.assertEqual(Q(2020, 1).shifted(-1), Q(2019, 4))


class KvKTests(unittest.TestCase):
    def test_clean(self):
        self.assertEqual(clean_kvk("02003756"), ("02003756", ""))
        self.assertEqual(clean_kvk("34341557  "), ("34341557", "trimmed"))
        self.assertEqual(clean_kvk("2003756"), ("02003756", "hersteld: voorloopnullen"))
        self.assertEqual(clean_kvk("1.23457E+07"), (None, "scientific notation"))
        self.assertEqual(clean_kvk("123456"), (None, "not a KvK number"))


class ClassifyTests(unittest.TestCase):
    t = Q(2026, 3)

    def series(self, start: list[int], end: list[int]) -> dict:
        t0 = self.t.shifted(-12)
        s = {t0.shifted(i - 3): float(v) for i, v in enumerate(start)}
        s.update({self.t.shifted(i - 3): float(v) for i, v in enumerate(end)})
        return s

    def test_hge_and_gazelle(self):
        # E_t-3 = (12+12+13+13)/4 = 12.5 >= 10; E_t = (20+21+22+23)/4 = 21.5; 21.5/12.5 = 1.72 >= 1.331
        emp = self.series([12, 12, 13, 13], [20, 21, 22, 23])
        cls, flags, fig = classify(emp, {}, 2021, self.t)          # 2026 - 2021 = 5 years: gazelle
        self.assertEqual(cls, "gazelle")
        self.assertIn("hge_eurostat", flags)
        self.assertAlmostEqual(fig["ratio"], 1.72)
        cls, _, _ = classify(emp, {}, 2012, self.t)
        self.assertEqual(cls, "hge_eurostat")

    def test_threshold_is_inclusive(self):
        # 10 -> 13.31 is exactly 1.1^3 = 1.331: CBS uses ">= 10 % a year"
        emp = self.series([10, 10, 10, 10], [13.31, 13.31, 13.31, 13.31])
        self.assertEqual(classify(emp, {}, 2000, self.t)[0], "hge_eurostat")

    def test_scaleup_on_revenue(self):
        # employment 17.5 -> 20 (x1.143, stable); revenue 4 x 190,000 = 760,000 -> 4 x 350,000 = 1,400,000 (x1.842)
        emp = self.series([17, 17, 18, 18], [19, 20, 20, 21])
        rev = {q: 190_000.0 for q in list(emp)[:4]} | {q: 350_000.0 for q in list(emp)[4:]}
        cls, flags, fig = classify(emp, rev, 2015, self.t)
        self.assertEqual(cls, "scaleup_20")
        self.assertAlmostEqual(fig["rev_ratio"], 1_400_000 / 760_000)

    def test_emerging_and_shrinking(self):
        # 4.5 -> 8.75: x1.944 and +4.25 >= 3 with 2 <= E_t-3 <= 9
        self.assertEqual(classify(self.series([4, 4, 5, 5], [8, 9, 9, 9]), {}, 2017, self.t)[0], "emerging_scaler")
        # 21 -> 15.25: x0.726 <= 0.9
        self.assertEqual(classify(self.series([22, 21, 21, 20], [16, 15, 15, 15]), {}, 2009, self.t)[0], "shrinking")

    def test_insufficient(self):
        emp = self.series([12, 12, 13, 13], [20, 21, 22, 23])
        del emp[Q(2026, 1)]
        self.assertEqual(classify(emp, {}, 2012, self.t)[0], "insufficient_data")
        full = self.series([12, 12, 13, 13], [20, 21, 22, 23])
        self.assertEqual(classify(full, {}, 2023, self.t)[0], "insufficient_data")  # founded in t-3


class RandTests(unittest.TestCase):
    def test_same_seed_same_sequence(self):
        a, b = Rand(392), Rand(392)
        self.assertEqual([a.int(0, 9) for _ in range(20)], [b.int(0, 9) for _ in range(20)])
        self.assertTrue(all(0 <= Rand(1).int(0, 3) <= 3 for _ in range(100)))


class GeneratedDemoTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.root = Path(cls.tmp.name) / "a"
        cls.root.mkdir()
        cls.files = generate_demo.generate(392, cls.root)
        cls.registry = read_registry(cls.root)
        cls.per_q, cls.series = read_returns(cls.root, cls.registry)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_byte_identical_second_run(self):
        other = Path(self.tmp.name) / "b"
        other.mkdir()
        files = generate_demo.generate(392, other)
        self.assertEqual([f.relative_to(other) for f in files], [f.relative_to(self.root) for f in self.files])
        for f in self.files:
            self.assertEqual(f.read_bytes(), (other / f.relative_to(self.root)).read_bytes(), str(f))

    def test_registry(self):
        self.assertEqual(len(self.registry), 40)
        self.assertGreaterEqual(sum(k.startswith("0") for k in self.registry), 3)
        self.assertEqual(sum(r.exit is not None for r in self.registry.values()), 3)
        self.assertEqual(sum(r.entry.year == 2026 for r in self.registry.values()), 2)
        profiles = list((self.root / "pipelines/haarlem-demo/kvk/basisprofielen").glob("*.json"))
        self.assertEqual(len(profiles), 39)

    def test_returns_files_and_coverage(self):
        self.assertEqual(len(self.per_q), 27)  # 2020Q1 .. 2026Q3
        for q, a in self.per_q.items():
            self.assertEqual(a.rows, a.used + len(a.rejected) + a.merged, q)  # counts add up
            cov = a.used / a.active
            if q == "2026Q1":
                self.assertTrue(0.6 <= cov < 0.8, f"{q} {cov}")
            else:
                self.assertGreaterEqual(cov, 0.8, q)

    def test_messy_records(self):
        self.assertTrue(self.per_q["2021Q4"].facts["bom"])
        self.assertEqual(self.per_q["2022Q2"].facts["delimiter"], ";")
        self.assertEqual(self.per_q["2024Q4"].merged, 1)
        self.assertEqual(self.per_q["2026Q3"].repaired, 1)
        self.assertEqual([w for _, w in self.per_q["2024Q2"].rejected], ["kvk_nummer '1.23457E+07': scientific notation"])
        self.assertEqual(len(self.per_q["2025Q2"].rejected), 1)
        self.assertIn("not in registry", self.per_q["2025Q2"].rejected[0][1])

    def test_growth_classes(self):
        classes = growth_classes(self.registry, self.series, Q(2026, 3))
        count = {}
        for cls, _, _ in classes.values():
            count[cls] = count.get(cls, 0) + 1
        self.assertEqual(count.get("gazelle"), 1)
        self.assertEqual(count.get("hge_eurostat"), 1)      # + the gazelle = two high-growth enterprises
        self.assertEqual(count.get("scaleup_20"), 1)
        self.assertEqual(count.get("emerging_scaler"), 3)
        self.assertEqual(count.get("shrinking"), 2)

    def test_waste_reported_by_exactly_two(self):
        reporters = {k for k, s in self.series.items() for v in s.values() if v["afval_hergebruikt_ton"] is not None}
        self.assertEqual(len(reporters), 2)


if __name__ == "__main__":
    unittest.main()
