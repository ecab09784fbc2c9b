#!/usr/bin/env python3
"""Tests of tools/partitions/collect.py on partition folders written here (stdlib unittest).

Run: python3 tools/partitions/test_collect.py   (Tests/EndToEndTests/BenchHarnessTests.swift runs it in CI)
"""

import csv
import json
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import collect  # noqa: E402

HEADER = ["metric_id", "theme", "class", "level", "entity", "period", "value", "unit", "numerator", "denominator",
          "n_enterprises", "coverage", "status", "value_status", "symbol", "note", "provenance_id", "breakdown"]


def row(metric, entity, value, breakdown="", level="programme", period="2026Q3"):
    r = dict.fromkeys(HEADER, "")
    r.update(metric_id=metric, level=level, entity=entity, period=period, value=value, status="ok",
             provenance_id=f"{metric}/{entity}/{period}" + (f"/{breakdown}" if breakdown else ""),
             breakdown=breakdown)
    return [r[h] for h in HEADER]


class CollectTests(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.out = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def partition(self, code, rows, exit_status=0, header=HEADER):
        d = os.path.join(self.out, f"national-bench@{code}", "2026Q3")
        os.makedirs(os.path.join(d, "compute"))
        with open(os.path.join(d, "run.json"), "w") as f:
            json.dump({"exit_status": exit_status, "stages": []}, f)
        with open(os.path.join(d, "compute", "metrics.csv"), "w", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(header)
            w.writerows(rows)

    def run_collect(self, *extra):
        target = os.path.join(self.out, "national.csv")
        status = collect.main(["--output", self.out, "--pipeline", "national-bench", "--period", "2026Q3",
                               "--out", target, *extra])
        rows = None
        if os.path.exists(target):
            with open(target, newline="") as f:
                rows = list(csv.reader(f))
        return status, rows

    def test_concatenates_sorted_with_cells_before_their_total(self):
        self.partition("GM0392", [row("pop_active_se", "GM0392", "3", "theme=onderwijs"),
                                  row("pop_active_se", "GM0392", "7"),
                                  row("emp_headcount_total", "GM0392", "120")])
        self.partition("GM0363", [row("pop_active_se", "GM0363", "40"), row("emp_headcount_total", "GM0363", "900")])
        status, rows = self.run_collect()
        self.assertEqual(status, 0)
        self.assertEqual(rows[0], HEADER)
        # 2 + 3 rows, header once; emp_ before pop_, GM0363 before GM0392, the theme cell before the GM0392 total.
        self.assertEqual([(r[0], r[4], r[6], r[17]) for r in rows[1:]], [
            ("emp_headcount_total", "GM0363", "900", ""),
            ("emp_headcount_total", "GM0392", "120", ""),
            ("pop_active_se", "GM0363", "40", ""),
            ("pop_active_se", "GM0392", "3", "theme=onderwijs"),
            ("pop_active_se", "GM0392", "7", ""),
        ])

    def test_identical_shared_row_kept_once_conflicting_one_refused(self):
        national = row("ctx_unemployment_rate_nl", "NL01", "3.8", level="national", period="2026KW02")
        self.partition("GM0392", [row("pop_active_se", "GM0392", "7"), national])
        self.partition("GM0363", [row("pop_active_se", "GM0363", "40"), national])
        status, rows = self.run_collect()
        self.assertEqual(status, 0)
        self.assertEqual(sum(1 for r in rows if r[4] == "NL01"), 1)
        os.remove(os.path.join(self.out, "national.csv"))
        self.partition("GM0001", [row("ctx_unemployment_rate_nl", "NL01", "3.9", level="national",
                                      period="2026KW02")])
        status, rows = self.run_collect()
        self.assertEqual(status, collect.EX_DATAERR)
        self.assertIsNone(rows)

    def test_missing_or_failed_partition_is_retryable_and_writes_nothing(self):
        self.partition("GM0392", [row("pop_active_se", "GM0392", "7")])
        self.partition("GM0363", [row("pop_active_se", "GM0363", "40")], exit_status=69)
        listing = os.path.join(self.out, "codes.txt")
        with open(listing, "w") as f:
            f.write("# expected\nGM0392\nGM0363\nGM0014\n")
        status, rows = self.run_collect("--municipalities", listing)
        self.assertEqual(status, collect.EX_TEMPFAIL)
        self.assertIsNone(rows)

    def test_listed_partitions_only(self):
        self.partition("GM0392", [row("pop_active_se", "GM0392", "7")])
        self.partition("GM0363", [row("pop_active_se", "GM0363", "40")])
        listing = os.path.join(self.out, "codes.txt")
        with open(listing, "w") as f:
            f.write("GM0392\n")
        status, rows = self.run_collect("--municipalities", listing)
        self.assertEqual(status, 0)
        self.assertEqual([r[4] for r in rows[1:]], ["GM0392"])

    def test_expect_as_json_or_comma_list(self):
        self.partition("GM0392", [row("pop_active_se", "GM0392", "7")])
        self.partition("GM0363", [row("pop_active_se", "GM0363", "40")])
        self.assertEqual(self.run_collect("--expect", '["GM0392", "GM0363"]')[0], 0)
        self.assertEqual(self.run_collect("--expect", "GM0392,GM0363,GM0014")[0], collect.EX_TEMPFAIL)
        self.assertEqual(self.run_collect("--expect", '["GM0392", 363]')[0], collect.EX_USAGE)
        self.assertEqual(self.run_collect("--expect", "GM0392,GM0392")[0], collect.EX_USAGE)

    def test_different_headers_refused(self):
        self.partition("GM0392", [row("pop_active_se", "GM0392", "7")])
        self.partition("GM0363", [row("pop_active_se", "GM0363", "40")[:-1]], header=HEADER[:-1])
        status, _ = self.run_collect()
        self.assertEqual(status, collect.EX_DATAERR)

    def test_bad_listing_is_a_usage_error(self):
        listing = os.path.join(self.out, "codes.txt")
        with open(listing, "w") as f:
            f.write("GM0392\nHaarlem\n")
        self.assertEqual(self.run_collect("--municipalities", listing)[0], collect.EX_USAGE)
        self.assertEqual(self.run_collect("--municipalities", listing + ".missing")[0], collect.EX_USAGE)

    def test_period_placeholder_in_the_output_path(self):
        self.partition("GM0392", [row("pop_active_se", "GM0392", "7")])
        target = os.path.join(self.out, "collected", "{period}", "metrics.csv")
        status = collect.main(["--output", self.out, "--pipeline", "national-bench", "--period", "2026Q3",
                               "--out", target])
        self.assertEqual(status, 0)
        self.assertTrue(os.path.isfile(os.path.join(self.out, "collected", "2026Q3", "metrics.csv")))
        with self.assertRaises(SystemExit) as bad:
            collect.main(["--output", self.out, "--pipeline", "national-bench", "--period", "2026-3", "--out", target])
        self.assertEqual(bad.exception.code, collect.EX_USAGE)

    def test_nothing_to_collect_is_retryable(self):
        self.assertEqual(self.run_collect()[0], collect.EX_TEMPFAIL)


if __name__ == "__main__":
    unittest.main()
