#!/usr/bin/env python3
"""Generate the national benchmark input set of issue 8: a registry of social enterprises over all current
municipalities, an establishments extract, 16 quarters of impact returns and a procurement file, with messy records.

Usage:
    python3 bench/generate_national.py --scale 1 --seed 392 --out bench/data/national

Writes, under --out (kept out of git: bench/data/ is in .gitignore):
    registry.csv                              same columns as config/registry.csv (docs/ARCHITECTURE.md)
    vestigingen/vestigingen-2026Q3.csv        establishments extract, stand at 2026-09-30
    returns/impact-<YYYYQn>.csv               2022Q4 ... 2026Q3, format of pipelines/haarlem-demo/returns
    procurement/inkoop-gunningen.csv          the demo's columns + `gemeente_code` (the buying municipality)
    expected.json                             what was put in: counts per file, messy records with their lines,
                                              sha256 and size per file, and the metric values the pipeline must
                                              compute from these files (`expected_metrics`)

Scale S: round(20000*S) registry enterprises, round(2_500_000*S) extract rows, round(60000*S) awards; returns from
about 75 % of the registry enterprises that owe one per quarter.

Municipalities: the 342 GM codes that have a 2025 value in the real CBS table 83625NED
(`$IMPACTMON_SHARED_DATA` or ../shared/data/real, see its PROVENANCE.md), names from its codes-RegioS.json. They
are read at run time, never copied. Enterprises and establishments are spread by a skewed weight: 1/(rank + 2),
the rank putting 31 large cities first (in an approximate order of size written from general knowledge, not from
a CBS table) and the other municipalities in a seeded random order. Only the skew matters, not the exact ranks.

Same seed and scale, same bytes: nothing reads the clock, the locale or the environment (except where the CBS
files are), and all randomness comes from ``random.Random(seed).random()`` (stable across Python 3 versions).
Everything except the municipality codes and names is fictional: KvK-nummers, vestigingsnummers, names,
postcodes (shape `1234 AB`, not the municipality's real postcode area), persons, amounts. SBI codes are SBI 2008
codes whose division (first two digits) exists; the pipeline checks the division only (Normalization/SBI2008).

Messy records (one kind per row, each counted with its physical line numbers in expected.json):
- extract (MESSY_EXTRACT, ~1 % of rows): vestigingsnummer with 11 or 8 digits (repaired) or not digits
  (rejected); KvK-nummer in scientific notation (rejected) or with 7 digits (repaired); sbi_code empty or of a
  division that does not exist (rejected); gemeente_code not GM + 4 digits (rejected); werkzame_personen empty
  (kept, missing) or not a non-negative integer (rejected); datum_inschrijving not a date (rejected) or after
  2026-09-30 (filtered); exact duplicate rows (merged); same vestigingsnummer with other werkzame_personen (both
  rejected duplicate.conflict); and the merged codes GM0003/GM0010/GM0024 on ~20 % of Eemsdelta's (GM1979) rows;
- returns: whole files with a UTF-8 BOM and a Dutch-Excel `;`/decimal-comma/CRLF export, KvK-nummers padded with
  spaces, in scientific notation, with 7 digits; exact duplicate rows; a KvK-nummer not in the registry; empty
  cells (the demo's kinds, pipelines/haarlem-demo/README.md, at national rates);
- procurement: `bedrag_eur` `n.t.b.`, scientific-notation and 7-digit supplier KvK-nummers, exact duplicates;
  `beinvloedbaar = nee` rows are filtered by design.
"""

from __future__ import annotations

import argparse
import bisect
import csv
import datetime as dt
import hashlib
import io
import json
import math
import os
import random
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tools" / "demo"))
from demolib import CORE_RETURN_COLUMNS as RETURN_COLUMNS, PROCUREMENT_COLUMNS, REGISTRY_COLUMNS, Q  # noqa: E402

PERIOD = Q(2026, 3)
REF_DATE = PERIOD.last_day                                   # 2026-09-30: the extract's stand
QUARTERS = [PERIOD.shifted(i - 15) for i in range(16)]       # 2022Q4 ... 2026Q3
METRIC_QUARTERS = QUARTERS[-8:]                              # 2024Q4 ... 2026Q3
EXTRACT_COLUMNS = ["vestigingsnummer", "kvk_nummer", "sbi_code", "postcode", "gemeente_code", "werkzame_personen",
                   "datum_inschrijving"]
PROCUREMENT_NATIONAL_COLUMNS = PROCUREMENT_COLUMNS + ["gemeente_code"]

# Large cities first, in an approximate order of size (general knowledge; only used to skew the spread).
LARGE_CITIES = ["GM0363", "GM0599", "GM0518", "GM0344", "GM0772", "GM0014", "GM0855", "GM0034", "GM0758", "GM0268",
                "GM0200", "GM0392", "GM0202", "GM0153", "GM0394", "GM0307", "GM0479", "GM0796", "GM0193", "GM0546",
                "GM0637", "GM0080", "GM0935", "GM0505", "GM0228", "GM1783", "GM0361", "GM0114", "GM0503", "GM0983",
                "GM0150"]
# Merges of config/gemeente-herindeling.csv (rows without woonplaats): old codes that may still appear in an extract.
HERINDELING_SUCCESSOR = "GM1979"
HERINDELING_OLD = ["GM0003", "GM0010", "GM0024"]

# SBI 2008 codes of social enterprises (those of the Haarlem demo) with a word for names, and of other businesses.
SE_SBI = [("01131", "Tuinderij"), ("10711", "Bakkerij"), ("10830", "Koffiebranderij"), ("14190", "Atelier"),
          ("16230", "Houtwerkplaats"), ("38320", "Grondstoffenwerkplaats"), ("43210", "Installatiewerk"),
          ("47791", "Kringloop"), ("49320", "Vervoer"), ("49410", "Koeriers"), ("56101", "Restaurant"),
          ("56210", "Catering"), ("62010", "Codeklas"), ("74101", "Ontwerpstudio"), ("78201", "Werkkracht"),
          ("81210", "Schoonmaak"), ("81300", "Groenwerk"), ("82920", "Montagewerkplaats"), ("85592", "Leerwerkbedrijf"),
          ("88101", "Zorg"), ("95110", "Laptopwerkplaats"), ("95240", "Meubelherstel"), ("95290", "Fietswerk"),
          ("96012", "Wasserij")]
OTHER_SBI = [c for c, _ in SE_SBI] + [
    "41200", "43221", "43341", "45201", "46900", "47111", "47190", "47300", "47530", "47640", "47720", "47911",
    "49391", "52109", "55101", "56102", "56300", "58110", "62020", "63110", "64191", "66191", "68201", "68204",
    "69101", "69201", "70221", "71111", "71121", "73111", "74201", "74909", "77110", "82110", "85201", "85311",
    "86211", "86221", "86911", "86912", "87301", "88911", "90011", "93130", "93199", "94991", "96021", "96022"]
SE_NAME_PREFIX = ["De Nieuwe Ronde", "Samen Sterk", "Het Werkhuis", "De Brug", "Buurtkracht", "Tweede Kans",
                  "Het Open Atelier", "De Draaischijf", "Kans & Co", "De Werkplaats", "Stadsoogst", "Meedoen",
                  "De Schakel", "Groeikracht", "Het Gilde", "Eigenwijs", "De Verbinding", "Handen Vol",
                  "Kringloop Plus", "De Steiger"]
THEMES = ["werk_en_participatie", "onderwijs", "duurzaamheid", "sociale_zaken"]
SE_BASIS = [("pso30plus", 8), ("pso_trede", 22), ("code_sociale_ondernemingen", 15), ("se_nl_member", 15),
            ("bcorp", 5), ("self_declared", 15), ("municipal_assessment", 20)]
EXIT_REASONS = [("opheffing", 40), ("relocation_out", 20), ("merger", 15), ("other", 25)]
POSTCODE_LETTERS = "ABCEGHJKLMNPRTVWXZ"

# Extract messy kinds: (kind, rate per base row, expected outcome). About 1.1 % of rows in total, plus
# `herindeling` on ~20 % of the rows of the merged municipality's successor (an extract with old codes).
MESSY_EXTRACT = [
    ("vestigingsnummer_repaired", 0.0012, "kept: 11 (or 8) digits, left-padded to 12 (hersteld: voorloopnullen)"),
    ("vestigingsnummer_invalid", 0.0008, "rejected vestigingsnummer.invalid"),
    ("kvk_scientific", 0.0010, "rejected kvk.invalid (scientific notation, digits lost)"),
    ("kvk_7digit", 0.0010, "kept: left-padded to 8 digits (hersteld: voorloopnullen)"),
    ("sbi_invalid", 0.0010, "rejected sbi.invalid (empty, or a division that does not exist)"),
    ("gemeente_invalid", 0.0010, "rejected gemeente_code.invalid (not GM + 4 digits)"),
    ("persons_empty", 0.0012, "kept: werkzame_personen missing (not 0)"),
    ("persons_invalid", 0.0008, "rejected werkzame_personen.invalid"),
    ("date_invalid", 0.0006, "rejected datum_inschrijving.invalid"),
    ("date_future", 0.0008, "filtered: registered after 2026-09-30"),
    ("duplicate", 0.0006, "merged: an exact copy of the row appears 1-500 rows later; counted once"),
    ("conflict", 0.0004, "both rejected duplicate.conflict: a copy with other werkzame_personen 1-500 rows later"),
]
HERINDELING_RATE = 0.2
REJECT_REASON = {"vestigingsnummer_invalid": "vestigingsnummer.invalid", "kvk_scientific": "kvk.invalid",
                 "sbi_invalid": "sbi.invalid", "gemeente_invalid": "gemeente_code.invalid",
                 "persons_invalid": "werkzame_personen.invalid", "date_invalid": "datum_inschrijving.invalid"}
# Divisions that do not exist in SBI 2008 (NACE Rev. 2): 04, 34, 40, 44, 48, 54, 57, 67, 76, 83, 89.
# (99 exists: extraterritorial organisations, so `99999` would be a valid division.)
BAD_SBI = ["", "34100", "40110", "44000", "89999", "04100", "76000"]

# Returns: per-row rates (the demo's kinds). Whole-file kinds on fixed quarters.
MESSY_RETURNS = [
    ("kvk_scientific", 0.0015, "rejected kvk.scientific_notation (vestigingsnummer emptied, as the demo)"),
    ("kvk_padded", 0.0025, "kept: KvK-nummer (and vestigingsnummer) with leading/trailing spaces, trimmed"),
    ("duplicate", 0.0015, "merged: exact copy on the next line"),
    ("unknown_kvk", 0.0015, "rejected kvk.not_in_registry: an extra return from a KvK-nummer not in the registry"),
    ("empty_cell", 0.0030, "kept: one measure cell empty (missing, never 0)"),
    ("kvk_7digit", 0.0015, "kept: 7-digit KvK-nummer left-padded to 8"),
]
BOM_QUARTER = Q(2024, 4)
EXCEL_NL_QUARTER = Q(2025, 2)

MESSY_PROCUREMENT = [
    ("amount_ntb", 0.003, "rejected value.not_a_number (`bedrag_eur` is `n.t.b.`)"),
    ("kvk_scientific", 0.0005, "rejected kvk.scientific_notation"),
    ("kvk_7digit", 0.001, "kept: 7-digit leverancier_kvk left-padded to 8"),
    ("duplicate", 0.001, "merged: exact copy on the next line"),
]
CATEGORIES = [  # categorie, kind, beinvloedbaar, median EUR, weight (the demo's categories)
    ("Schoonmaakdiensten", "diensten", "ja", 60000, 16), ("Groenonderhoud", "diensten", "ja", 70000, 14),
    ("Catering en evenementen", "diensten", "ja", 18000, 14), ("Inhuur personeel", "diensten", "ja", 90000, 14),
    ("Re-integratie en participatie", "diensten", "ja", 80000, 8),
    ("ICT-diensten en software", "diensten", "ja", 75000, 14), ("Advies en onderzoek", "diensten", "ja", 35000, 18),
    ("Drukwerk en communicatie", "leveringen", "ja", 15000, 10), ("Kantoorinrichting", "leveringen", "ja", 40000, 8),
    ("Bedrijfskleding", "leveringen", "ja", 25000, 6), ("Beveiliging", "diensten", "ja", 55000, 8),
    ("Leerlingen- en Wmo-vervoer", "diensten", "ja", 250000, 6), ("Onderhoud openbare ruimte", "werken", "ja", 180000, 12),
    ("Bouw en renovatie", "werken", "ja", 400000, 8), ("Opleiding en training", "diensten", "ja", 20000, 8),
    ("Wasserij en textielbeheer", "diensten", "ja", 30000, 4), ("Verpakking en mailing", "diensten", "ja", 20000, 4),
    ("Energie (landelijke raamovereenkomst)", "leveringen", "nee", 300000, 4),
    ("Verzekeringen", "diensten", "nee", 120000, 4),
    ("Softwarelicenties (rijksbrede raamovereenkomst)", "leveringen", "nee", 90000, 6),
]
SUPPLIER_PREFIX = ["Duinvaart", "Spaarnekade", "Kennemerduin", "Houtvaart", "Zuiderbuiten", "Polderkracht",
                   "Rivierzicht", "Westerkim", "Noorderbrug", "Lindenhorst", "Eikenrode", "Strandwal", "Binnenduin",
                   "Merelhof", "Ringvaart", "Veenzicht", "Zandvoorde", "Oosterhout", "Koppelpoort", "Dijkzicht"]
SUPPLIER_SUFFIX = ["Diensten", "Groep", "Techniek", "Facilitair", "Service", "Projecten", "Advies", "Logistiek"]
SUPPLIER_FORM = ["B.V.", "B.V.", "B.V.", "Groep B.V.", "& Partners", "N.V."]

class Ids:
    """Unique KvK-nummers and vestigingsnummers without keeping sets.

    The Handelsregister hands numbers out in increasing order, so do we: number = base + slot * step + offset.
    Other businesses take consecutive slots with a pseudo-random offset in 1 .. step-1 (random gaps); registry
    enterprises (and the unknown senders of returns) take slots drawn by an affine bijection, with offset 0. The two
    sets never meet and neither repeats. KvK-nummers lie in 01000000 .. 99999999 (about 9 % start with 0, so a
    spreadsheet can drop the zero); vestigingsnummers are `0000` + 8 digits from 10000000, like real ones.
    """

    def __init__(self, n_reg: int, n_rows: int) -> None:
        self.kbase, self.vbase = 1_000_000, 10_000_000
        self.kstep = max(2, min(32, 98_000_000 // (n_rows + n_reg + 1)))
        self.vstep = max(2, min(32, 89_000_000 // (n_rows + 3 * n_reg + 1)))
        self.kslots = 98_000_000 // self.kstep
        self.vslots = 89_000_000 // self.vstep
        self.ka = self._coprime(7_368_787, self.kslots)
        self.va = self._coprime(4_865_609, self.vslots)

    @staticmethod
    def _coprime(a: int, m: int) -> int:
        while math.gcd(a, m) != 1:
            a += 1
        return a

    def kvk_registry(self, i: int) -> str:
        return f"{self.kbase + ((self.ka * i + 1_234_567) % self.kslots) * self.kstep:08d}"

    def kvk_other(self, b: int) -> str:
        return f"{self.kbase + b * self.kstep + 1 + ((b * 2654435761) >> 16) % (self.kstep - 1):08d}"

    def vest_registry(self, i: int) -> str:
        return f"0000{self.vbase + ((self.va * i + 7_654_321) % self.vslots) * self.vstep:08d}"

    def vest_other(self, j: int) -> str:
        return f"0000{self.vbase + j * self.vstep + 1 + ((j * 2654435761) >> 16) % (self.vstep - 1):08d}"


def sci(digits: str) -> str:
    """How Excel shows a long number: `1.23457E+07`."""
    return f"{int(digits):.5E}"


def csv_cell(s: str) -> str:
    return f'"{s}"' if ("," in s or '"' in s) else s


def weighted_index(cum: list[float], u: float) -> int:
    return bisect.bisect_right(cum, u * cum[-1])


def cumulative(weights) -> list[float]:
    out, acc = [], 0.0
    for w in weights:
        acc += w
        out.append(acc)
    return out


# ------------------------------------------------------------------------------------------------ municipalities

def shared_data_dir() -> Path:
    env = os.environ.get("IMPACTMON_SHARED_DATA", "")
    return Path(env) if env else ROOT.parent / "shared" / "data" / "real"


def load_municipalities(real: Path) -> list[tuple[str, str]]:
    """(GM code, name) of the 342 municipalities with a 2025 value in CBS 83625NED, sorted by code."""
    table = real / "cbs-v4-checkdecijfers" / "83625NED"
    obs = json.loads((table / "observations-page-1.json").read_text(encoding="utf-8"))["value"]
    codes = sorted({o["RegioS"] for o in obs
                    if o["Perioden"] == "2025JJ00" and o["RegioS"].startswith("GM") and o["Value"] is not None})
    titles = {c["Identifier"]: c["Title"] for c in
              json.loads((table / "codes-RegioS.json").read_text(encoding="utf-8"))["value"]}
    out = [(c, titles[c].removesuffix(" (gemeente)")) for c in codes]
    if len(out) != 342:
        raise SystemExit(f"{table}: expected 342 municipalities with a 2025JJ00 value, found {len(out)}")
    for c in LARGE_CITIES + [HERINDELING_SUCCESSOR]:
        if c not in titles or c not in codes:
            raise SystemExit(f"{c} is not among the 2025 municipalities of {table}")
    return out


def municipality_weights(gms: list[tuple[str, str]], rnd) -> list[float]:
    """Weight 1/(rank + 2): the large cities first, the others in a seeded random order."""
    rest = [c for c, _ in gms if c not in LARGE_CITIES]
    for i in range(len(rest) - 1, 0, -1):  # Fisher-Yates on random() only
        j = min(int(rnd() * (i + 1)), i)
        rest[i], rest[j] = rest[j], rest[i]
    rank = {c: i + 1 for i, c in enumerate(LARGE_CITIES + rest)}
    return [1.0 / (rank[c] + 2) for c, _ in gms]


def quotas(total: int, weights: list[float], minimum: int) -> list[int]:
    """Largest-remainder apportionment of `total` by weight, each at least `minimum` when total allows it."""
    s = sum(weights)
    raw = [total * w / s for w in weights]
    base = [int(x) for x in raw]
    left = total - sum(base)
    order = sorted(range(len(raw)), key=lambda i: (-(raw[i] - base[i]), i))
    for i in order[:left]:
        base[i] += 1
    if total >= minimum * len(weights):
        for i in range(len(base)):
            while base[i] < minimum:
                j = max(range(len(base)), key=lambda k: (base[k], -k))
                base[j] -= 1
                base[i] += 1
    return base


# ------------------------------------------------------------------------------------------------ registry

class Ent:
    __slots__ = ("idx", "kvk", "kvk_written", "vest", "name", "gm", "gm_name", "postcode", "house", "sbi", "themes",
                 "pso", "pso30", "cso", "basis", "founded", "entry", "exit", "exit_reason", "base", "growth",
                 "propensity", "pt", "tg", "prod", "earned", "line")


def random_date(rnd, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=min(int(rnd() * ((end - start).days + 1)), (end - start).days))


def pick_weighted(rnd, pairs):
    total = sum(w for _, w in pairs)
    x = rnd() * total
    for v, w in pairs:
        x -= w
        if x < 0:
            return v
    return pairs[-1][0]


def postcode(rnd, gm_index: int) -> str:
    number = 1000 + gm_index * 25 + int(rnd() * 25)
    while True:
        pair = POSTCODE_LETTERS[int(rnd() * 18)] + POSTCODE_LETTERS[int(rnd() * 18)]
        if pair not in ("SA", "SD", "SS"):
            return f"{number} {pair}"


def build_registry(rnd, gms, weights, n_reg: int, ids: Ids) -> list[Ent]:
    counts = quotas(n_reg, weights, 3)
    ents: list[Ent] = []
    first = dt.date(2019, 1, 1)
    idx = 0
    for gi, ((code, name), n) in enumerate(zip(gms, counts)):
        for _ in range(n):
            e = Ent()
            e.idx = idx
            e.kvk = ids.kvk_registry(idx)
            e.kvk_written = e.kvk[1:] if e.kvk[0] == "0" and rnd() < 0.05 else e.kvk   # ~0.5 %: 7 digits
            e.vest = "" if rnd() < 0.02 else ids.vest_registry(idx)
            sbi, word = SE_SBI[int(rnd() * len(SE_SBI))]
            e.sbi = sbi
            e.name = f"{SE_NAME_PREFIX[int(rnd() * len(SE_NAME_PREFIX))]} {word} {name}"
            e.gm, e.gm_name = code, name
            e.postcode = postcode(rnd, gi)
            e.house = str(1 + int(rnd() * 250)) + ("ABC"[int(rnd() * 3)] if rnd() < 0.1 else "")
            themes = ["werk_en_participatie"] if rnd() < 0.8 else []
            for t in THEMES[1:]:
                if rnd() < 0.3:
                    themes.append(t)
            if not themes:
                themes = [THEMES[1 + int(rnd() * 3)]]
            e.themes = themes
            e.basis = pick_weighted(rnd, SE_BASIS)
            if e.basis == "pso30plus":
                e.pso, e.pso30 = "trede3", True
            elif e.basis == "pso_trede":
                e.pso, e.pso30 = ["trede1", "trede2", "trede3"][int(rnd() * 3)], False
            else:
                e.pso, e.pso30 = pick_weighted(rnd, [("none", 70), ("aspirant", 15), ("basistrede", 15)]), False
            e.cso = e.basis == "code_sociale_ondernemingen" or rnd() < 0.1
            e.entry = random_date(rnd, first, REF_DATE)
            e.founded = e.entry.year - min(int(-math.log(1 - rnd() * 0.999) * 8), e.entry.year - 1960)
            e.exit = e.exit_reason = None
            if rnd() < 0.05 and (REF_DATE - e.entry).days > 60:
                e.exit = random_date(rnd, e.entry + dt.timedelta(days=30), REF_DATE)
                e.exit_reason = pick_weighted(rnd, EXIT_REASONS)
            e.base = min(2000.0, math.exp(1.9 + 0.9 * normal(rnd)))
            e.growth = -0.02 + 0.06 * rnd()
            e.propensity = pick_weighted(rnd, [(0.95, 60), (0.7, 25), (0.2, 15)])
            e.pt = 0.62 + 0.23 * rnd()
            e.tg = 0.05 + 0.55 * rnd() if "werk_en_participatie" in themes else 0.1 * rnd()
            e.prod = 9000 + 9000 * rnd()
            e.earned = 0.5 + 0.49 * rnd()
            ents.append(e)
            idx += 1
    ents.sort(key=lambda e: (e.entry, e.kvk))   # a register kept in order of programme entry
    return ents


def normal(rnd) -> float:
    u1 = max(rnd(), 1e-12)
    return math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * rnd())


def registry_text(ents: list[Ent]) -> tuple[str, list[int]]:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(REGISTRY_COLUMNS)
    repaired_lines = []
    for n, e in enumerate(ents):
        e.line = n + 2
        if e.kvk_written != e.kvk:
            repaired_lines.append(e.line)
        w.writerow([e.kvk_written, e.vest, e.name, e.postcode, e.house, e.gm, e.gm_name, e.sbi, ";".join(e.themes),
                    e.pso, "ja" if e.pso30 else "nee", "ja" if e.cso else "nee", e.basis, str(e.founded),
                    e.entry.isoformat(), e.exit.isoformat() if e.exit else "", e.exit_reason or ""])
    return buf.getvalue(), repaired_lines


def headcount(e: Ent, t: int) -> int:
    return max(1, round(e.base * (1 + e.growth) ** t))


# ------------------------------------------------------------------------------------------------ extract

class Tally:
    """Per-municipality accounting of the kept establishments (the expected metric values)."""

    def __init__(self, n: int) -> None:
        self.est = [0] * n
        self.pers = [0] * n
        self.pers_n = [0] * n
        self.se_est = [0] * n
        self.se_pers = [0] * n

    def keep(self, g: int, wp: str, is_se: bool) -> None:
        self.est[g] += 1
        if wp != "":
            v = int(wp)
            self.pers[g] += v
            self.pers_n[g] += 1
            if is_se:
                self.se_pers[g] += v
        if is_se:
            self.se_est[g] += 1


def write_extract(path: Path, rnd, gms, weights, ents: list[Ent], n_rows: int, ids: Ids) -> tuple[dict, Tally, int]:
    """Streams the extract; returns (file facts, tally, number of other businesses)."""
    codes = [c for c, _ in gms]
    names = [n for _, n in gms]
    gm_index = {c: i for i, c in enumerate(codes)}
    succ = gm_index[HERINDELING_SUCCESSOR]
    cum = cumulative(weights)
    n_reg = len(ents)
    days = [(dt.date(1950, 1, 1) + dt.timedelta(days=i)).isoformat() for i in range((dt.date(2027, 1, 1) - dt.date(1950, 1, 1)).days)]
    ref_ord = (REF_DATE - dt.date(1950, 1, 1)).days          # index of 2026-09-30 in `days`
    letters = [a + b for a in POSTCODE_LETTERS for b in POSTCODE_LETTERS if a + b not in ("SA", "SD", "SS")]
    n_letters = len(letters)
    vcount = [0]                                              # next vestigingsnummer slot of other establishments

    def new_vest() -> str:
        v = ids.vest_other(vcount[0])
        vcount[0] += 1
        return v

    def persons(u: float) -> str:                             # most 0-5, a long tail to thousands
        if u < 0.12:
            return "0"
        x = int(1.5 * ((1.0 / (1.0 - u)) ** 0.9 - 1.0)) + 1
        return str(min(x, 25000))

    # Establishments of registry enterprises: 1-3 each, the first in the registry municipality.
    se_rows: list[list] = []
    for e in ents:
        n_est = 1 + (rnd() < 0.45) + (rnd() < 0.15)
        reg_day = max(0, (dt.date(max(e.founded, 1950), 1, 1) - dt.date(1950, 1, 1)).days + int(rnd() * 365))
        reg_day = min(reg_day, ref_ord)
        wp = str(max(0, headcount(e, 15) + int(rnd() * 3) - 1))
        gi = gm_index[e.gm]
        se_rows.append([e.vest or new_vest(), e.kvk, e.sbi, f"{1000 + gi * 25 + int(rnd() * 25)} {letters[int(rnd() * n_letters)]}",
                        gi, wp, days[reg_day], True])
        for _ in range(n_est - 1):
            g = weighted_index(cum, rnd())
            d = reg_day + int(rnd() * (ref_ord - reg_day + 1))
            se_rows.append([new_vest(), e.kvk, e.sbi, f"{1000 + g * 25 + int(rnd() * 25)} {letters[int(rnd() * n_letters)]}",
                            g, persons(rnd() * 0.9), days[min(d, ref_ord)], True])
    if len(se_rows) > n_rows:
        raise SystemExit(f"scale too small: {len(se_rows)} registry establishments do not fit in {n_rows} rows")

    rates = cumulative([r for _, r, _ in MESSY_EXTRACT])
    kinds = [k for k, _, _ in MESSY_EXTRACT]
    total_rate = rates[-1]
    messy: dict[str, list] = {k: [] for k in kinds}
    messy["herindeling"] = []
    rejected: dict[str, int] = {}
    tally = Tally(len(codes))
    t_est, t_pers, t_pers_n = tally.est, tally.pers, tally.pers_n
    merged = filtered = kept = 0
    repaired = {"vestigingsnummer": 0, "kvk_nummer": 0}
    missing_persons = 0
    no_copies_after = n_rows - 1000                        # copies land at most ~500 rows later
    scheduled: dict[int, list] = {}                        # output index -> [line text, original line, kind]
    n_scheduled = 0
    pending_kvk7 = 0
    se_i = 0
    business = -1
    b_sbi = OTHER_SBI[0]
    kvk = ""
    out = path.open("w", encoding="utf-8", newline="")
    out.write(",".join(EXTRACT_COLUMNS) + "\n")
    buf: list[str] = []
    append = buf.append
    emitted = 0
    n_se = len(se_rows)
    n_other_sbi = len(OTHER_SBI)
    cum_total = cum[-1]
    pc_numbers = [str(1000 + i) for i in range(25 * len(codes))]
    bisect_right = bisect.bisect_right
    sqrt = math.sqrt
    vbase, vstep = ids.vbase, ids.vstep                    # ids.vest_other inlined

    def flush() -> None:
        out.write("\n".join(buf))
        out.write("\n")
        buf.clear()

    while emitted < n_rows:
        due = scheduled.pop(emitted, None) if n_scheduled else None
        if due is not None:
            text, orig_line, kind = due
            n_scheduled -= 1
            append(text)
            if kind == "duplicate":
                merged += 1
                messy["duplicate"].append([emitted + 2, orig_line])
            else:
                rejected["duplicate.conflict"] = rejected.get("duplicate.conflict", 0) + 1
                messy["conflict"].append([emitted + 2, orig_line])
            emitted += 1
            if len(buf) >= 100_000:
                flush()
            continue
        if se_i < n_se and rnd() * (n_rows - emitted - n_scheduled) < (n_se - se_i):
            vest, kvk_row, sbi, pc, g, wp, date, is_se = se_rows[se_i]
            se_i += 1
        else:
            if business < 0 or rnd() < 0.82:
                business += 1
                b_sbi = OTHER_SBI[int(rnd() * n_other_sbi)]
                kvk = ids.kvk_other(business)
            kvk_row = kvk
            j = vcount[0]
            vest = f"0000{vbase + j * vstep + 1 + ((j * 2654435761) >> 16) % (vstep - 1):08d}"
            vcount[0] = j + 1
            sbi = b_sbi
            g = bisect_right(cum, rnd() * cum_total)
            pc = pc_numbers[g * 25 + int(rnd() * 25)] + " " + letters[int(rnd() * n_letters)]
            u = rnd()
            wp = "0" if u < 0.12 else str(min(int(1.5 * ((1.0 / (1.0 - u)) ** 0.9 - 1.0)) + 1, 25000))
            date = days[int(ref_ord * sqrt(rnd()))]
            is_se = False
        u = rnd()
        if u >= total_rate and g != succ and not (pending_kvk7 and kvk_row[0] == "0"):
            # fast path: a clean row
            append(f"{vest},{kvk_row},{sbi},{pc},{codes[g]},{wp},{date}")
            kept += 1
            t_est[g] += 1
            if is_se:
                tally.se_est[g] += 1
            v = int(wp)
            t_pers[g] += v
            t_pers_n[g] += 1
            if is_se:
                tally.se_pers[g] += v
            emitted += 1
            if len(buf) >= 100_000:
                flush()
            continue
        line_no = emitted + 2
        gm = codes[g]
        kind = None
        if u < total_rate:
            kind = kinds[bisect_right(rates, u)]
            if kind in ("duplicate", "conflict") and emitted >= no_copies_after:
                kind = None
            elif kind == "kvk_7digit" and kvk_row[0] != "0":
                pending_kvk7 += 1
                kind = None
            elif kind == "conflict" and wp == "":
                kind = None
        elif pending_kvk7 and kvk_row[0] == "0":
            pending_kvk7 -= 1
            kind = "kvk_7digit"
        if kind is None and g == succ and rnd() < HERINDELING_RATE:
            kind = "herindeling"
        outcome = "kept"
        kvk_out = kvk_row
        if kind is None:
            pass
        elif kind == "vestigingsnummer_repaired":
            vest = vest[1:] if rnd() < 0.5 else vest.lstrip("0")
            repaired["vestigingsnummer"] += 1
        elif kind == "vestigingsnummer_invalid":
            vest = [f"{vest[:4]}-{vest[4:8]}-{vest[8:]}", "onbekend", "V" + vest[1:], sci(vest)][int(rnd() * 4)]
            outcome = "vestigingsnummer.invalid"
        elif kind == "kvk_scientific":
            kvk_out = sci(kvk_row)
            outcome = "kvk.invalid"
        elif kind == "kvk_7digit":
            kvk_out = kvk_row[1:]
            repaired["kvk_nummer"] += 1
        elif kind == "sbi_invalid":
            sbi = BAD_SBI[int(rnd() * len(BAD_SBI))]
            outcome = "sbi.invalid"
        elif kind == "gemeente_invalid":
            gm = [names[g], gm[2:], gm.lower()][int(rnd() * 3)]
            outcome = "gemeente_code.invalid"
        elif kind == "persons_empty":
            wp = ""
            missing_persons += 1
        elif kind == "persons_invalid":
            wp = ["12,5", "-3", "veel", "5.5", "1.200"][int(rnd() * 5)]
            outcome = "werkzame_personen.invalid"
        elif kind == "date_invalid":
            date = ["2026-13-01", "2025-02-30", "2024-00-10", "31-12-2024"][int(rnd() * 4)]
            outcome = "datum_inschrijving.invalid"
        elif kind == "date_future":
            date = days[ref_ord + 1 + int(rnd() * 92)]
            outcome = "filtered"
        elif kind == "herindeling":
            gm = HERINDELING_OLD[int(rnd() * len(HERINDELING_OLD))]
        text = f"{csv_cell(vest)},{csv_cell(kvk_out)},{sbi},{pc},{csv_cell(gm)},{csv_cell(wp)},{date}"
        if kind in ("duplicate", "conflict"):
            target = emitted + 1 + int(rnd() * 500)
            while target in scheduled:
                target += 1
            copy = text
            if kind == "conflict":
                copy = f"{vest},{kvk_out},{sbi},{pc},{gm},{int(wp) + 1 + int(rnd() * 5)},{date}"
                outcome = "duplicate.conflict"
            scheduled[target] = [copy, line_no, kind]
            n_scheduled += 1
        elif kind is not None:
            messy[kind].append(line_no)
        if outcome == "kept":
            kept += 1
            tally.keep(g, wp, is_se)
        elif outcome == "filtered":
            filtered += 1
        else:
            rejected[outcome] = rejected.get(outcome, 0) + 1
        append(text)
        emitted += 1
        if len(buf) >= 100_000:
            flush()
    if buf:
        flush()
    out.close()
    if scheduled or se_i != n_se:
        raise AssertionError(f"extract: {len(scheduled)} copies and {n_se - se_i} registry rows not written")
    facts = {
        "rows": n_rows, "registry_establishments": n_se, "other_businesses": business + 1,
        "kept": kept, "merged": merged, "filtered": filtered,
        "rejected": dict(sorted(rejected.items())), "rejected_total": sum(rejected.values()),
        "repaired": repaired, "missing_werkzame_personen": missing_persons,
        "herindeling_mapped": len(messy["herindeling"]),
        "messy": {k: {"count": len(v), "expected": next((d for kk, _, d in MESSY_EXTRACT if kk == k),
                                                        f"kept: old code mapped to {HERINDELING_SUCCESSOR}"),
                      "lines": v} for k, v in messy.items()},
    }
    if kept + merged + filtered + facts["rejected_total"] != n_rows:
        raise AssertionError("extract ledger does not balance")
    return facts, tally, business + 1


# ------------------------------------------------------------------------------------------------ returns

def fmt1(x: float) -> str:
    return f"{x:.1f}"


def write_returns(out_dir: Path, rnd, ents: list[Ent], ids: Ids) -> tuple[dict, dict, dict]:
    """One file per quarter. Returns (facts per file, werknemers kept per (kvk, quarter), unknown count)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    rates = cumulative([r for _, r, _ in MESSY_RETURNS])
    kinds = [k for k, _, _ in MESSY_RETURNS]
    facts: dict[str, dict] = {}
    used_werknemers: dict[tuple[str, str], int | None] = {}
    unknown_i = 0
    for t, q in enumerate(QUARTERS):
        first, last = q.first_day, q.last_day
        owing = [e for e in ents if e.entry <= last and (e.exit is None or e.exit > first)]
        reporters = [e for e in owing if rnd() < e.propensity]
        for i in range(len(reporters) - 1, 0, -1):
            j = min(int(rnd() * (i + 1)), i)
            reporters[i], reporters[j] = reporters[j], reporters[i]
        excel = q == EXCEL_NL_QUARTER
        rows: list[list[str]] = [list(RETURN_COLUMNS)]
        messy: dict[str, list] = {k: [] for k in kinds}
        rejected: dict[str, int] = {}
        merged = repaired = trimmed = empty_cells = 0
        pending7 = 0
        season = {1: 0.95, 2: 1.0, 3: 0.97, 4: 1.08}[q.q]
        for e in reporters:
            h = headcount(e, t)
            if rnd() < 0.3:
                h = max(1, h + (1 if rnd() < 0.5 else -1))
            fte = round(h * e.pt * (0.97 + 0.06 * rnd()), 1)
            tg_fte = round(fte * e.tg, 1)
            tg_head = min(h, round(h * e.tg))
            omzet = round(fte * e.prod * (1.03 ** (t / 4)) * season * (0.95 + 0.1 * rnd()))
            verkoop = round(omzet * e.earned)
            th = e.themes
            vals = [str(h), fmt1(fte), fmt1(tg_fte), str(tg_head), str(omzet), str(verkoop), str(omzet - verkoop),
                    str(round(h * (4 + 10 * rnd()))) if "sociale_zaken" in th else "",
                    str(round(h * (0.3 + 0.7 * rnd()))) if "onderwijs" in th else "",
                    str(max(1, round(h * 0.25))) if "onderwijs" in th else "",
                    fmt1(h * (0.4 + 2.1 * rnd())) if "duurzaamheid" in th else "",
                    fmt1(h * (1.5 + 3 * rnd())) if "duurzaamheid" in th and e.sbi in ("38320", "47791") else ""]
            if excel:
                vals = [v.replace(".", ",") for v in vals]
            cells = [e.kvk, e.vest, e.name, str(q)] + vals
            u = rnd()
            kind = None
            if u < rates[-1]:
                kind = kinds[bisect.bisect_right(rates, u)]
                if kind == "kvk_7digit" and e.kvk[0] != "0":
                    pending7 += 1
                    kind = None
            elif pending7 and e.kvk[0] == "0":
                pending7 -= 1
                kind = "kvk_7digit"
            line = len(rows) + 1
            werknemers: int | None = h
            kept = True
            if kind == "kvk_scientific":
                cells[0], cells[1] = sci(e.kvk), ""
                rejected["kvk.scientific_notation"] = rejected.get("kvk.scientific_notation", 0) + 1
                kept = False
            elif kind == "kvk_padded":
                if rnd() < 0.5:
                    cells[0], cells[1] = e.kvk + "  ", (e.vest + " ") if e.vest else ""
                else:
                    cells[0] = " " + e.kvk
                trimmed += 1
            elif kind == "empty_cell":
                col = [0, 1, 4][int(rnd() * 3)]          # werknemers, fte or omzet_eur
                cells[4 + col] = ""
                if col == 0:
                    werknemers = None
                empty_cells += 1
            elif kind == "kvk_7digit":
                cells[0] = e.kvk[1:]
                repaired += 1
            rows.append(cells)
            if kind is not None and kind not in ("duplicate", "unknown_kvk"):
                messy[kind].append(line)
            if kind == "duplicate":
                rows.append(list(cells))
                merged += 1
                messy["duplicate"].append([line + 1, line])
            if kind == "unknown_kvk":
                k = ids.kvk_registry(len(ents) + 1 + unknown_i)
                rows.append([k, ids.vest_registry(len(ents) + 1 + unknown_i), "Stichting Onbekend Initiatief",
                             str(q)] + vals)
                unknown_i += 1
                rejected["kvk.not_in_registry"] = rejected.get("kvk.not_in_registry", 0) + 1
                messy["unknown_kvk"].append(line + 1)
            if kept:
                used_werknemers[(e.kvk, str(q))] = werknemers
        name = f"impact-{q}.csv"
        buf = io.StringIO()
        w = csv.writer(buf, delimiter=";" if excel else ",", lineterminator="\r\n" if excel else "\n")
        w.writerows(rows)
        data = buf.getvalue().encode("utf-8")
        if q == BOM_QUARTER:
            data = b"\xef\xbb\xbf" + data
        (out_dir / name).write_bytes(data)
        n = len(rows) - 1
        f = {"rows": n, "owing": len(owing), "active_at_end": sum(1 for e in owing if e.exit is None or last < e.exit),
             "used": n - merged - sum(rejected.values()), "merged": merged,
             "rejected": dict(sorted(rejected.items())), "rejected_total": sum(rejected.values()),
             "repaired": repaired, "trimmed": trimmed, "empty_cells": empty_cells,
             "file": {"bom": q == BOM_QUARTER, "delimiter": ";" if excel else ",", "decimal_comma": excel,
                      "line_end": "CRLF" if excel else "LF"},
             "messy": {k: {"count": len(v), "expected": d, "lines": v}
                       for (k, _, d), v in zip(MESSY_RETURNS, messy.values())}}
        facts[f"returns/{name}"] = f
    return facts, used_werknemers, {"unknown_senders": unknown_i}


# ------------------------------------------------------------------------------------------------ procurement

def eur2(x: float) -> str:
    return f"{x:.2f}"


def write_procurement(path: Path, rnd, gms, weights, ents: list[Ent], n_awards: int, n_business: int, ids: Ids) -> dict:
    codes = [c for c, _ in gms]
    cum = cumulative(weights)
    cat_cum = cumulative([c[4] for c in CATEGORIES])
    start = dt.date(2020, 1, 6)
    span = (REF_DATE - start).days
    n_pool = max(50, n_awards // 8)
    n_reg = len(ents)
    awards = []
    for _ in range(n_awards):
        g = weighted_index(cum, rnd())
        while True:
            day = start + dt.timedelta(days=int(rnd() * (span + 1)))
            if day.weekday() < 5:
                break
        cat, kind, addr, median, _ = CATEGORIES[weighted_index(cat_cum, rnd())]
        amount = min(max(median * math.exp(0.9 * normal(rnd)), 2500.0), 4_500_000.0)
        amount = round(amount, 2) if amount < 10000 else round(amount / 50) * 50.0
        supplier = None
        if rnd() < 0.15:            # a registry enterprise in the programme on the award date (a few tries)
            for _ in range(6):
                e = ents[int(rnd() * n_reg)]
                if e.entry <= day and (e.exit is None or day < e.exit):
                    supplier = (e.kvk, e.name)
                    break
        if supplier is None:
            b = int(rnd() * min(n_pool, max(1, n_business)))
            supplier = (ids.kvk_other(b), f"{SUPPLIER_PREFIX[b % 20]} {SUPPLIER_SUFFIX[(b // 20) % 8]} "
                                          f"{SUPPLIER_FORM[(b // 160) % 6]}")
        sroi = ["nee", "", "", ""]
        threshold, pct = (500000, 2) if kind == "werken" else (200000, 5)
        if addr == "ja" and amount > threshold:
            obligation = round(amount * pct / 100, 2)
            years = [2, 3, 4][int(rnd() * 3)]
            elapsed = (REF_DATE - day).days / (365.25 * years)
            realised = round(obligation * min(1.0, elapsed) * (0.55 + 0.5 * rnd()), 2)
            sroi = ["ja", str(pct), eur2(obligation), eur2(realised)]
        awards.append((day, codes[g], supplier, amount, cat, addr, sroi))
    awards.sort(key=lambda a: (a[0], a[1]))
    seq: dict[tuple[str, int], int] = {}
    rows = [PROCUREMENT_NATIONAL_COLUMNS]
    rates = cumulative([r for _, r, _ in MESSY_PROCUREMENT])
    kinds = [k for k, _, _ in MESSY_PROCUREMENT]
    messy: dict[str, list] = {k: [] for k in kinds}
    rejected: dict[str, int] = {}
    merged = filtered = repaired = se_awards = 0
    pending7 = 0
    reg_kvk = {e.kvk for e in ents}
    for day, gm, (kvk, sname), amount, cat, addr, sroi in awards:
        key = (gm, day.year)
        seq[key] = seq.get(key, 0) + 1
        cid = f"{gm}-{day.year}-{seq[key]:05d}"
        cells = [cid, kvk, sname, day.isoformat(), eur2(amount), cat, addr] + sroi + [gm]
        line = len(rows) + 1
        u = rnd()
        kind = None
        if addr == "ja":
            if u < rates[-1]:
                kind = kinds[bisect.bisect_right(rates, u)]
                if kind == "kvk_7digit" and kvk[0] != "0":
                    pending7 += 1
                    kind = None
            elif pending7 and kvk[0] == "0":
                pending7 -= 1
                kind = "kvk_7digit"
        if addr == "nee":
            filtered += 1
        elif kind == "amount_ntb":
            cells[4] = "n.t.b."
            rejected["value.not_a_number"] = rejected.get("value.not_a_number", 0) + 1
        elif kind == "kvk_scientific":
            cells[1] = sci(kvk)
            rejected["kvk.scientific_notation"] = rejected.get("kvk.scientific_notation", 0) + 1
        else:
            if kind == "kvk_7digit":
                cells[1] = kvk[1:]
                repaired += 1
            if kvk in reg_kvk:
                se_awards += 1
        rows.append(cells)
        if kind is not None and kind != "duplicate":
            messy[kind].append(line)
        if kind == "duplicate":
            rows.append(list(cells))
            merged += 1
            messy["duplicate"].append([line + 1, line])
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(buf.getvalue(), encoding="utf-8")
    n = len(rows) - 1
    return {"rows": n, "awards": n_awards, "used": n - merged - filtered - sum(rejected.values()), "merged": merged,
            "filtered": filtered, "rejected": dict(sorted(rejected.items())), "rejected_total": sum(rejected.values()),
            "repaired": repaired, "used_with_registry_supplier": se_awards,
            "messy": {k: {"count": len(v), "expected": d, "lines": v}
                      for (k, _, d), v in zip(MESSY_PROCUREMENT, messy.values())}}


# ------------------------------------------------------------------------------------------------ expected metrics

def expected_metrics(gms, tally: Tally, ents: list[Ent], used_werknemers: dict) -> dict:
    """The values of the shared metrics as the generator intended them (see bench/duckdb_national.py for the rules)."""
    codes = [c for c, _ in gms]
    m: dict[str, dict] = {k: {} for k in ("ctx_establishments", "ctx_persons_employed", "pop_se_establishment_share",
                                          "emp_se_persons_share", "pop_active_se", "emp_headcount_total")}
    for g, c in enumerate(codes):
        if tally.est[g]:
            m["ctx_establishments"][c] = tally.est[g]
            m["pop_se_establishment_share"][c] = tally.se_est[g] / tally.est[g] * 100
        if tally.pers_n[g]:
            m["ctx_persons_employed"][c] = tally.pers[g]
            if tally.pers[g] > 0:
                m["emp_se_persons_share"][c] = tally.se_pers[g] / tally.pers[g] * 100
    lasts = [q.last_day for q in METRIC_QUARTERS]
    by_gm: dict[str, list[Ent]] = {}
    for e in ents:
        by_gm.setdefault(e.gm, []).append(e)
    for c in sorted(by_gm):
        act: dict[str, int] = {}
        emp: dict[str, int] = {}
        for q, last in zip(METRIC_QUARTERS, lasts):
            active = [e for e in by_gm[c] if e.entry <= last and (e.exit is None or last < e.exit)]
            act[str(q)] = len(active)
            vals = [used_werknemers[(e.kvk, str(q))] for e in active if used_werknemers.get((e.kvk, str(q))) is not None]
            if vals:
                emp[str(q)] = sum(vals)
        m["pop_active_se"][c] = act
        if emp:
            m["emp_headcount_total"][c] = emp
    return m


# ------------------------------------------------------------------------------------------------ main

def file_facts(path: Path) -> dict:
    h = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 22):
            h.update(chunk)
    return {"bytes": path.stat().st_size, "sha256": h.hexdigest()}


def generate(scale: float, seed: int, out: Path, real: Path) -> dict:
    t0 = time.perf_counter()
    rng = random.Random(seed)
    rnd = rng.random
    gms = load_municipalities(real)
    weights = municipality_weights(gms, rnd)
    n_reg = round(20000 * scale)
    n_rows = round(2_500_000 * scale)
    n_awards = round(60000 * scale)
    out.mkdir(parents=True, exist_ok=True)
    for old in list((out / "returns").glob("impact-*.csv")) if (out / "returns").exists() else []:
        old.unlink()
    timings = {}
    ids = Ids(n_reg, n_rows)
    ents = build_registry(rnd, gms, weights, n_reg, ids)
    text, repaired_lines = registry_text(ents)
    (out / "registry.csv").write_text(text, encoding="utf-8")
    timings["registry"] = time.perf_counter() - t0
    t = time.perf_counter()
    (out / "vestigingen").mkdir(exist_ok=True)
    ext_path = out / "vestigingen" / f"vestigingen-{PERIOD}.csv"
    ext_facts, tally, n_business = write_extract(ext_path, random.Random(seed * 1000 + 1).random, gms, weights, ents,
                                                 n_rows, ids)
    timings["extract"] = time.perf_counter() - t
    t = time.perf_counter()
    ret_facts, used_werknemers, ret_extra = write_returns(out / "returns", random.Random(seed * 1000 + 2).random, ents, ids)
    timings["returns"] = time.perf_counter() - t
    t = time.perf_counter()
    proc_facts = write_procurement(out / "procurement" / "inkoop-gunningen.csv", random.Random(seed * 1000 + 3).random,
                                   gms, weights, ents, n_awards, n_business, ids)
    timings["procurement"] = time.perf_counter() - t
    per_gm: dict[str, int] = {}
    for e in ents:
        per_gm[e.gm] = per_gm.get(e.gm, 0) + 1
    files: dict[str, dict] = {
        "registry.csv": {"rows": len(ents), "municipalities": len(per_gm),
                         "enterprises_per_municipality": {"min": min(per_gm.values()), "max": max(per_gm.values())},
                         "exits": sum(1 for e in ents if e.exit), "without_vestigingsnummer": sum(1 for e in ents if not e.vest),
                         "kvk_7digit_repaired": {"count": len(repaired_lines), "lines": repaired_lines,
                                                 "expected": "kept with a warning (hersteld: voorloopnullen)"},
                         "errors": 0},
        f"vestigingen/vestigingen-{PERIOD}.csv": ext_facts,
        **ret_facts,
        "procurement/inkoop-gunningen.csv": proc_facts,
    }
    for rel, f in files.items():
        f.update(file_facts(out / rel))
    expected = {
        "generator": "bench/generate_national.py", "seed": seed, "scale": scale, "period": str(PERIOD),
        "reference_date": REF_DATE.isoformat(), "quarters": [str(q) for q in QUARTERS],
        "metric_quarters": [str(q) for q in METRIC_QUARTERS],
        "municipalities": len(gms), "sizes": {"registry": n_reg, "extract_rows": n_rows, "awards": n_awards},
        "herindeling": {"old_codes": HERINDELING_OLD, "successor": HERINDELING_SUCCESSOR},
        "notes": "Lines are physical lines, 1-based, header = line 1. Reject reasons of the extract are the spec's "
                 "(nat-spec.md); those of returns and procurement are the Swift Normalization codes. "
                 "`duplicate` and `conflict` list [copy line, original line].",
        "files": files,
        "expected_metrics": expected_metrics(gms, tally, ents, used_werknemers),
    }
    (out / "expected.json").write_text(json.dumps(expected, indent=1, sort_keys=False) + "\n", encoding="utf-8")
    timings["total"] = time.perf_counter() - t0
    return {"scale": scale, "seed": seed, "out": str(out), "seconds": {k: round(v, 3) for k, v in timings.items()},
            "bytes": {k: v["bytes"] for k, v in files.items() if not k.startswith("returns/")}
            | {"returns/*": sum(v["bytes"] for k, v in files.items() if k.startswith("returns/"))},
            "rows": {"registry": n_reg, "extract": n_rows, "returns": sum(v["rows"] for k, v in files.items()
                                                                       if k.startswith("returns/")),
                     "procurement": proc_facts["rows"]}}


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    p.add_argument("--scale", type=float, default=1.0, help="1 = national size (20,000 enterprises, 2.5 M rows)")
    p.add_argument("--seed", type=int, default=392)
    p.add_argument("--out", type=Path, required=True, help="folder to write (created; files overwritten)")
    p.add_argument("--cbs", type=Path, default=None,
                   help="the real data folder (default $IMPACTMON_SHARED_DATA or ../shared/data/real)")
    a = p.parse_args(argv)
    if a.scale <= 0:
        p.error("--scale must be > 0")
    summary = generate(a.scale, a.seed, a.out, a.cbs or shared_data_dir())
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
