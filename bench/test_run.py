#!/usr/bin/env python3
"""Tests of bench/run's measuring, comparing and fitting (stdlib unittest); no impactmon or DuckDB needed.

Run: python3 bench/test_run.py   (Tests/EndToEndTests/BenchHarnessTests.swift runs it in CI)
"""

import csv
import importlib.machinery
import importlib.util
import json
import math
import os
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
_loader = importlib.machinery.SourceFileLoader("bench_run", os.path.join(HERE, "run"))
_spec = importlib.util.spec_from_loader("bench_run", _loader)
bench = importlib.util.module_from_spec(_spec)
_loader.exec_module(bench)

IM_HEADER = ["metric_id", "theme", "class", "level", "entity", "period", "value", "unit", "numerator", "denominator",
             "n_enterprises", "coverage", "status", "value_status", "symbol", "note", "provenance_id", "breakdown"]


def im_row(metric, entity, value, status="ok", numerator="", denominator="", breakdown="", period="2026Q3"):
    r = dict.fromkeys(IM_HEADER, "")
    r.update(metric_id=metric, level="programme", entity=entity, period=period, value=value, status=status,
             numerator=numerator, denominator=denominator, breakdown=breakdown)
    return [r[h] for h in IM_HEADER]


class SlopeTests(unittest.TestCase):
    def test_linear_time_has_slope_one(self):
        # t = 2e-6 s per row: log t = log 2e-6 + 1 * log rows.
        self.assertAlmostEqual(bench.slope([(1000, 0.002), (2000, 0.004), (8000, 0.016)]), 1.0, places=12)

    def test_quadratic_time_has_slope_two(self):
        self.assertAlmostEqual(bench.slope([(10, 100.0), (20, 400.0), (40, 1600.0)]), 2.0, places=12)

    def test_constant_time_has_slope_zero_and_one_scale_has_none(self):
        self.assertAlmostEqual(bench.slope([(10, 3.0), (1000, 3.0)]), 0.0, places=12)
        self.assertIsNone(bench.slope([(10, 3.0)]))
        self.assertIsNone(bench.slope([(10, 3.0), (10, 4.0)]))

    def test_least_squares_through_noisy_points(self):
        # x = log 1, log e, log e^2 = 0, 1, 2; y = 0, 1.1, 1.9 → slope = Σ(x-1)(y-1) / Σ(x-1)² = (1 + 0.9) / 2 = 0.95.
        pts = [(1.0, 1.0), (math.e, math.exp(1.1)), (math.e ** 2, math.exp(1.9))]
        self.assertAlmostEqual(bench.slope(pts), 0.95, places=12)


class RoundingTests(unittest.TestCase):
    def test_half_away_from_zero_on_the_shortest_decimal_text(self):
        self.assertEqual(bench.round_half_away(2.25, 1), 2.3)
        self.assertEqual(bench.round_half_away(-2.25, 1), -2.3)
        self.assertEqual(bench.round_half_away(1.005, 2), 1.01)  # binary 1.00499999…, text 1.005
        self.assertEqual(bench.round_half_away(6.896551724137931, 1), 6.9)
        self.assertEqual(bench.round_half_away(452.5, 0), 453.0)

    def test_relative_tolerance(self):
        self.assertTrue(bench.rel_equal(1e12, 1e12 + 999))      # 9.99e-10 relative
        self.assertFalse(bench.rel_equal(1e12, 1e12 + 1001))    # 1.001e-9 relative
        self.assertTrue(bench.rel_equal(0.0, 0.0))
        self.assertFalse(bench.rel_equal(0.0, 1e-300))


class CompareTests(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()

    def tearDown(self):
        self.tmp.cleanup()

    def write(self, name, header, rows):
        path = os.path.join(self.tmp.name, name)
        with open(path, "w", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(header)
            w.writerows(rows)
        return path

    def test_shared_keys_compared_with_published_precision(self):
        im = self.write("im.csv", IM_HEADER, [
            im_row("pop_active_se", "GM0392", "7", breakdown="theme=onderwijs"),  # a cell: never compared
            im_row("pop_active_se", "GM0392", "33"),                              # equal
            im_row("pop_active_se", "GM0363", "", status="suppressed"),           # not published
            im_row("emp_se_persons_share", "GM0392", "6.9", numerator="20", denominator="290"),  # 20/290 = 6.8966 %
            im_row("emp_headcount_total", "GM0392", "447", period="2025Q2"),      # DuckDB says 453
            im_row("emp_headcount_total", "GM0014", "12"),                        # DuckDB has no row
        ])
        duck = self.write("duck.csv", ["metric_id", "entity", "period", "value", "numerator", "denominator"], [
            ["pop_active_se", "GM0392", "2026Q3", "33", "", ""],
            ["pop_active_se", "GM0363", "2026Q3", "2", "", ""],
            ["emp_se_persons_share", "GM0392", "2026Q3", str(20 / 290 * 100), "20", "290"],
            ["emp_headcount_total", "GM0392", "2025Q2", "453", "", ""],
            ["ctx_unknown", "GM0392", "2026Q3", "1", "", ""],
        ])
        c = bench.compare(im, duck, {"pop_active_se": 0, "emp_se_persons_share": 1, "emp_headcount_total": 0})
        self.assertEqual(c["compared"], 3)
        self.assertEqual(c["equal_exact"], 1)
        self.assertEqual(c["equal_at_published_precision"], 1)
        self.assertEqual(c["mismatch_count"], 1)
        self.assertEqual(c["mismatches"][0]["entity"], "GM0392")
        self.assertEqual(c["mismatches"][0]["fields"], [{"field": "value", "impactmon": "447", "duckdb": "453"}])
        self.assertEqual(c["metrics"]["pop_active_se"]["im_not_published"], 1)
        self.assertEqual(c["metrics"]["emp_headcount_total"]["only_impactmon"], 1)
        self.assertEqual(c["duckdb_only_metrics"], ["ctx_unknown"])

    def test_numerator_difference_is_a_mismatch_even_when_values_round_alike(self):
        im = self.write("im.csv", IM_HEADER, [im_row("emp_se_persons_share", "GM0392", "6.9", numerator="20",
                                                     denominator="290")])
        duck = self.write("duck.csv", ["metric_id", "entity", "period", "value", "numerator", "denominator"], [
            ["emp_se_persons_share", "GM0392", "2026Q3", "6.9", "21", "290"]])
        c = bench.compare(im, duck, {"emp_se_persons_share": 1})
        self.assertEqual(c["mismatch_count"], 1)
        self.assertEqual([f["field"] for f in c["mismatches"][0]["fields"]], ["numerator"])

    def test_rounding_is_not_a_loophole(self):
        # 6.84 rounds to 6.8, not to ImpactMonitor's 6.9.
        im = self.write("im.csv", IM_HEADER, [im_row("emp_se_persons_share", "GM0392", "6.9")])
        duck = self.write("duck.csv", ["metric_id", "entity", "period", "value"],
                          [["emp_se_persons_share", "GM0392", "2026Q3", "6.84"]])
        self.assertEqual(bench.compare(im, duck, {"emp_se_persons_share": 1})["mismatch_count"], 1)

    def test_generator_expected_values_flattened_per_quarter(self):
        path = os.path.join(self.tmp.name, "expected.json")
        with open(path, "w") as f:
            json.dump({"period": "2026Q3", "expected_metrics": {
                "ctx_establishments": {"GM0014": 607},
                "pop_active_se": {"GM0014": {"2025Q4": 5, "2026Q3": 6}}}}, f)
        rows = bench.expected_values(path)
        self.assertEqual(rows, {("ctx_establishments", "GM0014", "2026Q3"): {"value": "607"},
                                ("pop_active_se", "GM0014", "2025Q4"): {"value": "5"},
                                ("pop_active_se", "GM0014", "2026Q3"): {"value": "6"}})
        im = self.write("im.csv", IM_HEADER, [im_row("pop_active_se", "GM0014", "6"),
                                              im_row("pop_active_se", "GM0014", "4", period="2025Q4")])
        im_rows, status = bench.read_impactmon_metrics(im)
        c = bench.compare_maps(im_rows, status, rows, {"pop_active_se": 0}, "generator")
        self.assertEqual((c["compared"], c["mismatch_count"]), (2, 1))
        self.assertEqual(c["mismatches"][0]["fields"], [{"field": "value", "impactmon": "4", "generator": "5"}])
        self.assertEqual(c["metrics"]["ctx_establishments"]["only_generator"], 1)

    def test_duckdb_output_without_key_columns_is_refused(self):
        im = self.write("im.csv", IM_HEADER, [])
        duck = self.write("duck.csv", ["metric", "gemeente", "value"], [])
        with self.assertRaises(bench.BenchError):
            bench.compare(im, duck, {})


class PipelineFileTests(unittest.TestCase):
    def test_paths_made_absolute_and_leftovers_refused(self):
        with tempfile.TemporaryDirectory() as tmp:
            src = os.path.join(tmp, "national-bench.yaml")
            with open(src, "w") as f:
                f.write("name: national-bench\nscope: national\nregistry: ../bench/data/national/registry.csv\n"
                        "metrics: ../config/metrics.yaml   # catalogue\nsources:\n  - id: vestigingen\n"
                        "    url: ../bench/data/national/vestigingen/vestigingen-{quarter}.csv\n")
            path, metrics = bench.write_pipeline("/data/national-0.5", os.path.join(tmp, "out"), source=src)
            with open(path) as f:
                text = f.read()
            self.assertIn("registry: /data/national-0.5/registry.csv\n", text)
            self.assertIn("url: /data/national-0.5/vestigingen/vestigingen-{quarter}.csv\n", text)
            self.assertEqual(metrics, os.path.join(bench.ROOT, "config", "metrics.yaml"))
            with open(src, "a") as f:
                f.write("themes: ../elsewhere/themes.yaml\n")
            with self.assertRaises(bench.BenchError):
                bench.write_pipeline("/data/national-0.5", os.path.join(tmp, "out"), source=src)

    def test_metric_decimals_from_the_catalogue(self):
        d = bench.metric_decimals(os.path.join(bench.ROOT, "config", "metrics.yaml"))
        self.assertEqual(d["pop_active_se"], 0)
        self.assertEqual(d["proc_spend_share_se"], 1)
        self.assertEqual(d["ent_birch_3y"], 2)

    def test_expected_json_must_record_scale_and_seed(self):
        with tempfile.TemporaryDirectory() as tmp:
            p = os.path.join(tmp, "expected.json")
            for doc, want in [({"scale": 0.125, "seed": 392}, True), ({"parameters": {"scale": "0.125", "seed": 392}},
                              True), ({"scale": 0.25, "seed": 392}, False), ({"scale": 0.125, "seed": 1}, False),
                              ({"counts": {}}, False)]:
                with open(p, "w") as f:
                    json.dump(doc, f)
                self.assertEqual(bench.expected_matches(p, 0.125), want, doc)
        self.assertFalse(bench.expected_matches(os.path.join(HERE, "no-such-expected.json"), 1.0))

    def test_scale_spelling(self):
        self.assertEqual([bench.scale_text(s) for s in (0.125, 1.0, 0.01, 0.5)], ["0.125", "1", "0.01", "0.5"])


class DocsTests(unittest.TestCase):
    def test_update_docs_replaces_only_between_the_markers(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "scaling.md")
            with open(path, "w") as f:
                f.write("# T\n\n<!-- bench/run: begin -->\nold\n<!-- bench/run: end -->\n\nafter\n")
            bench.update_docs("| a |\n| --- |\n| 1 |\n", path)
            bench.update_docs("new table\n", path)
            with open(path) as f:
                self.assertEqual(f.read(), "# T\n\n<!-- bench/run: begin -->\nnew table\n<!-- bench/run: end -->\n\nafter\n")

    def test_the_real_page_has_the_markers(self):
        with open(os.path.join(bench.ROOT, "docs", "scaling.md")) as f:
            text = f.read()
        self.assertEqual(text.count("<!-- bench/run: begin -->"), 1)
        self.assertLess(text.index("<!-- bench/run: begin -->"), text.index("<!-- bench/run: end -->"))


@unittest.skipUnless(os.access(bench.GNU_TIME, os.X_OK), "GNU time is not installed")
class MeasureTests(unittest.TestCase):
    def test_peak_rss_cpu_and_exit_status_of_a_child(self):
        with tempfile.TemporaryDirectory() as tmp:
            # 64 MiB written to (so resident), then a busy loop of about 0.2 s CPU.
            code = ("import time\nb = bytearray(64 * 1024 * 1024)\nfor i in range(0, len(b), 4096): b[i] = 1\n"
                    "t = time.process_time()\nwhile time.process_time() - t < 0.2: pass\n")
            m = bench.measure([sys.executable, "-c", code], os.path.join(tmp, "a.log"))
            self.assertEqual(m["exit"], 0)
            self.assertGreaterEqual(m["rss_mib"], 64)
            self.assertLess(m["rss_mib"], 64 + 64)
            self.assertGreaterEqual(m["cpu_s"], 0.18)
            self.assertGreaterEqual(m["wall_s"], m["cpu_s"] * 0.5)
            saved = bench.STEP_TIMEOUT_S
            bench.STEP_TIMEOUT_S = 0.5
            try:
                start = time.monotonic()
                with self.assertRaises(bench.BenchError):
                    bench.measure(["sh", "-c", "sleep 30 & sleep 30"], os.path.join(tmp, "c.log"))
                self.assertLess(time.monotonic() - start, 10)  # the whole group was killed, not waited for
            finally:
                bench.STEP_TIMEOUT_S = saved
            failed = bench.measure(["sh", "-c", "echo out; exit 3"], os.path.join(tmp, "b.log"))
            self.assertEqual(failed["exit"], 3)
            with open(os.path.join(tmp, "b.log")) as f:
                self.assertEqual(f.read(), "out\n")


class RaceCatalogueTests(unittest.TestCase):
    """bench/metrics-race.yaml must be config/metrics.yaml's definitions of DuckDB's six metrics, minus breakdowns."""

    @staticmethod
    def blocks(path):
        with open(path, encoding="utf-8") as f:
            text = f.read().split("\nmetrics:\n", 1)[1]
        out = {}
        for part in text.split("  - id: ")[1:]:
            lines = [l.rstrip() for l in part.rstrip("\n").split("\n")
                     if l.strip() and not l.lstrip().startswith("#") and not l.lstrip().startswith("breakdowns:")]
            out[lines[0].strip()] = lines[1:]
        return out

    def test_same_definitions_as_the_catalogue(self):
        race = self.blocks(os.path.join(HERE, "metrics-race.yaml"))
        full = self.blocks(os.path.join(HERE, "..", "config", "metrics.yaml"))
        self.assertEqual(sorted(race), sorted([
            "pop_active_se", "emp_headcount_total", "ctx_establishments", "ctx_persons_employed",
            "pop_se_establishment_share", "emp_se_persons_share"]))
        for metric, lines in race.items():
            self.assertEqual(lines, full[metric], metric)


class BaselineTests(unittest.TestCase):
    """--baseline-out (issue 19): a scale whose compute/metrics.csv is not byte-identical to the baseline fails."""

    @staticmethod
    def result(baseline):
        ok = {"mismatch_count": 0, "compared": 5}
        return {"comparison": ok, "generator_check": None, "same_metrics": {"comparison": ok},
                "baseline_metrics": baseline}

    def test_identical_passes_and_a_differing_or_missing_baseline_fails(self):
        self.assertFalse(bench.scale_failed(self.result(None)))
        same = {"file": "b", "sha256": "a" * 64, "baseline_sha256": "a" * 64, "identical": True}
        self.assertFalse(bench.scale_failed(self.result(same)))
        other = dict(same, baseline_sha256="b" * 64, identical=False)
        self.assertTrue(bench.scale_failed(self.result(other)))
        missing = dict(same, baseline_sha256=None, identical=False)
        self.assertTrue(bench.scale_failed(self.result(missing)))


sys.path.insert(0, HERE)
import partition_bench  # noqa: E402  (bench/partition_bench.py)


class Issue19ExtrasTests(unittest.TestCase):
    """The report's slope line and the partitioned bench's byte comparison (issue 19 items 5 and 6)."""

    def test_report_slope_is_fitted_on_the_metric_rows_it_reads(self):
        # 1,000 rows in 1.0 s and 4,000 rows in 2.0 s: slope = log 2 / log 4 = 0.5.
        results = [
            {"scale": 0.125, "report_input_rows": 1000, "stages": {"report": {"wall_s": 1.0}}},
            {"scale": 0.5, "report_input_rows": 4000, "stages": {"report": {"wall_s": 2.0}}},
        ]
        text = bench.extras_text(results, None, None)
        self.assertIn("growth slope against the metric rows it reads: 0.50", text)
        self.assertIn("1.000 s at scale 0.125 (1,000 metric rows)", text)

    def test_metric_rows_counts_data_lines(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "metrics.csv")
            with open(path, "w") as f:
                f.write("metric_id,entity\na,GM0363\nb,GM0363\nc,GM0392\n")
            self.assertEqual(bench.metric_rows(path), 3)
            self.assertEqual(bench.metric_rows(os.path.join(d, "absent.csv")), 0)

    def test_collected_file_must_equal_the_single_run_byte_for_byte(self):
        header = "metric_id,theme,class,level,entity,period,value\n"
        single = header + "m,t,c,municipality,GM0363,2026Q3,1\nm,t,c,municipality,GM0392,2026Q3,2\n"
        with tempfile.TemporaryDirectory() as d:
            a, b = os.path.join(d, "single.csv"), os.path.join(d, "collected.csv")
            with open(a, "w") as f:
                f.write(single)
            with open(b, "w") as f:
                f.write(single)
            self.assertTrue(partition_bench.compare(a, b, None)["equal"])
            with open(b, "w") as f:
                f.write(single.replace(",2\n", ",2.0\n"))
            r = partition_bench.compare(a, b, None)
            self.assertFalse(r["equal"])
            self.assertEqual(r["first_difference"]["line"], 3)
            # A subset of partitions: the single run's lines of those municipalities, in order.
            with open(b, "w") as f:
                f.write(header + "m,t,c,municipality,GM0392,2026Q3,2\n")
            self.assertTrue(partition_bench.compare(a, b, ["GM0392"])["equal"])


if __name__ == "__main__":
    unittest.main()
