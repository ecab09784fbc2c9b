#!/usr/bin/env python3
"""Tests of tools/partitions/municipalities.py (stdlib unittest).

Run: python3 tools/partitions/test_municipalities.py   (Tests/EndToEndTests/BenchHarnessTests.swift runs it in CI)
"""

import contextlib
import datetime
import io
import json
import os
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import municipalities  # noqa: E402
import periods  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(HERE))
HERINDELING = os.path.join(ROOT, "config", "gemeente-herindeling.csv")


class MunicipalitiesTests(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()

    def tearDown(self):
        self.tmp.cleanup()

    def file(self, name, text):
        path = os.path.join(self.tmp.name, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def run_main(self, *args):
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            status = municipalities.main(list(args))
        return status, out.getvalue()

    def test_quarter_end(self):
        self.assertEqual(municipalities.quarter_end("2026Q3"), datetime.date(2026, 9, 30))
        self.assertEqual(municipalities.quarter_end("2024Q1"), datetime.date(2024, 3, 31))
        self.assertEqual(municipalities.quarter_end("2025Q4"), datetime.date(2025, 12, 31))

    def test_previous_quarter(self):
        self.assertEqual(periods.previous_quarter(datetime.date(2026, 10, 16)), "2026Q3")
        self.assertEqual(periods.previous_quarter(datetime.date(2026, 1, 1)), "2025Q4")
        self.assertEqual(periods.previous_quarter(datetime.date(2026, 3, 31)), "2025Q4")
        self.assertEqual(periods.previous_quarter(datetime.date(2026, 4, 1)), "2026Q1")
        self.assertEqual(periods.resolve("2024Q2"), "2024Q2")
        with self.assertRaises(ValueError):
            periods.resolve("2024KW02")

    def test_period_out_pins_the_quarter_for_every_partition(self):
        registry = self.file("registry.csv", "gemeente_code\nGM0392\n")
        target = os.path.join(self.tmp.name, "period")
        status, _ = self.run_main("--registry", registry, "--period", "previous", "--period-out", target)
        self.assertEqual(status, 0)
        with open(target) as f:
            self.assertEqual(f.read(), periods.previous_quarter(periods.amsterdam_today()))
        self.assertEqual(self.run_main("--registry", registry, "--period-out", target)[0], 64)

    def test_registry_and_extract_codes_mapped_to_the_current_indeling(self):
        # config/gemeente-herindeling.csv: GM0003, GM0010, GM0024 merged into GM1979 on 2021-01-01; GM0788 split
        # by woonplaats (Helvoirt → GM0865, Esch → GM0757, ...).
        registry = self.file("registry.csv", "\ufeffkvk_number,gemeente_code,woonplaats\n"
                                             "00000001,GM0392,Haarlem\n"
                                             "00000002,GM0003,Appingedam\n"
                                             "00000003,GM0788,Helvoirt\n"
                                             "00000004,GM0788,Onbekend\n"
                                             "00000005,GM0392,Haarlem\n")
        extract = self.file("vestigingen.csv", "vestigingsnummer,kvk_nummer,gemeente_code\n"
                                               "000000000001,00000009,GM0363\n"
                                               "000000000002,00000010,Haarlem\n"
                                               "000000000003,00000011,GM0010\n")
        status, out = self.run_main("--registry", registry, "--extract", extract, "--boundary-changes", HERINDELING,
                                    "--period", "2026Q3")
        self.assertEqual(status, 0)
        # GM0392 once; GM0003 and GM0010 → GM1979; Helvoirt → GM0865; "Onbekend" in GM0788 unassigned; the
        # extract adds GM0363; "Haarlem" is not a code.
        self.assertEqual(out.split(), ["GM0363", "GM0392", "GM0865", "GM1979"])

    def test_extract_path_with_the_quarter(self):
        registry = self.file("registry.csv", "gemeente_code\nGM0392\n")
        self.file("vestigingen-2026Q3.csv", "gemeente_code\nGM0363\n")
        pattern = os.path.join(self.tmp.name, "vestigingen-{quarter}.csv")
        status, out = self.run_main("--registry", registry, "--extract", pattern, "--period", "2026Q3")
        self.assertEqual((status, out.split()), (0, ["GM0363", "GM0392"]))
        self.assertEqual(self.run_main("--registry", registry, "--extract", pattern)[0], 64)

    def test_changes_after_the_period_do_not_apply(self):
        registry = self.file("registry.csv", "gemeente_code,woonplaats\nGM0003,Appingedam\n")
        status, out = self.run_main("--registry", registry, "--boundary-changes", HERINDELING, "--period", "2020Q4")
        self.assertEqual((status, out.split()), (0, ["GM0003"]))

    def test_json_for_argo(self):
        registry = self.file("registry.csv", "gemeente_code\nGM0392\nGM0014\n")
        status, out = self.run_main("--registry", registry, "--json")
        self.assertEqual(status, 0)
        self.assertEqual(json.loads(out), ["GM0014", "GM0392"])

    def test_errors(self):
        self.assertEqual(self.run_main("--registry", os.path.join(self.tmp.name, "none.csv"))[0], 66)
        no_column = self.file("registry.csv", "kvk_number\n00000001\n")
        self.assertEqual(self.run_main("--registry", no_column)[0], 65)
        ok = self.file("ok.csv", "gemeente_code\nGM0392\n")
        self.assertEqual(self.run_main("--registry", ok, "--period", "2026-3")[0], 64)
        self.assertEqual(self.run_main("--no-such-option")[0], 64)


if __name__ == "__main__":
    unittest.main()
