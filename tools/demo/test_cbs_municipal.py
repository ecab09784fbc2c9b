"""Tests of cbs_municipal (the demo's CBS figures per gemeente): `python3 -m unittest discover -s tools/demo -p 'test_*.py'`.

Expected values are read by hand from the real files in ../shared/data/real (PROVENANCE.md §6) and written here.
"""

from __future__ import annotations

import json
import sys
import tempfile
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import cbs_municipal  # noqa: E402

REAL = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "real"


@unittest.skipUnless(REAL.is_dir(), "needs ../shared/data/real")
class PeerGroupTests(unittest.TestCase):
    def test_seven_nearest_in_population(self):
        # 86059NED Inwonertal_56: Haarlem 168655; Apeldoorn 168563 (-92), Arnhem 169302 (+647), Haarlemmermeer
        # 165220 (-3435), Amersfoort 163310, Zaanstad 162784, Enschede 162337, 's-Hertogenbosch 161557 (-7098);
        # the next, Breda 188834, is 20179 away.
        group = cbs_municipal.peer_group(REAL)
        self.assertEqual([g[1] for g in group],
                         ["GM0392", "GM0200", "GM0202", "GM0394", "GM0307", "GM0479", "GM0153", "GM0796"])
        self.assertEqual(group[0][2], 168655)
        self.assertEqual(group[-1], ("'s-Hertogenbosch", "GM0796", 161557))

    def test_period_codes(self):
        self.assertEqual(cbs_municipal.period_code("2023 "), "2023JJ00")  # CBS's trailing space in 85005NED
        self.assertEqual(cbs_municipal.period_code("2024"), "2024JJ00")
        self.assertIsNone(cbs_municipal.period_code("2024 eerste helft"))

    def test_derived_snapshot_has_codes_and_copied_values(self):
        with tempfile.TemporaryDirectory() as d:
            cbs_municipal.derive(REAL, Path(d))
            rows = json.loads((Path(d) / "81575NED" / "TypedDataSet.json").read_text(encoding="utf-8"))["value"]
            haarlem = {r["Perioden"]: r["Vestigingen_1"] for r in rows if r["RegioS"].strip() == "GM0392"}
            # PROVENANCE.md §6: 17445 (2015) … 28305 (2024), 28865 (2025).
            self.assertEqual(haarlem["2015JJ00"], 17445)
            self.assertEqual(haarlem["2024JJ00"], 28305)
            self.assertEqual(haarlem["2025JJ00"], 28865)
            self.assertEqual({r["BedrijfstakkenBranchesSBI2008"] for r in rows}, {"T001081"})
            # Zaanstad is beyond the CSV's first 10,000 rows.
            self.assertNotIn("GM0479", {r["RegioS"].strip() for r in rows})
            solar = json.loads((Path(d) / "85005NED" / "TypedDataSet.json").read_text(encoding="utf-8"))["value"]
            # Haarlem, all sectors, 2019: 5190 installaties, 20781 kWp (PROVENANCE.md §6).
            h2019 = [r for r in solar if r["RegioS"].strip() == "GM0392" and r["Perioden"] == "2019JJ00"]
            self.assertEqual([(r["Installaties_1"], r["OpgesteldVermogenVanZonnepanelen_2"]) for r in h2019],
                             [(5190, 20781)])


if __name__ == "__main__":
    unittest.main()
