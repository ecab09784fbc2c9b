"""Shared helpers of the Haarlem demo tools: a version-stable random source, quarters, CSV reading as the
pipeline is expected to read the demo files, and the growth classes of METRICS.md §7.

Standard library only (python3.11). Nothing here reads the clock.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

FIRST_QUARTER = (2020, 1)
LAST_QUARTER = (2026, 3)  # the demo's default_period

RETURN_COLUMNS = [
    "kvk_nummer", "vestigingsnummer", "naam", "kwartaal", "werknemers", "fte", "doelgroep_fte",
    "doelgroep_werknemers", "omzet_eur", "omzet_verkoop_eur", "subsidies_donaties_eur", "clienten",
    "getrainde_personen", "leerwerkplekken", "co2_vermeden_ton", "afval_hergebruikt_ton",
    # issue 16: financing, B2G revenue, training hours, Banenafspraak hours, hires from bijstand, network
    "omzet_overheid_eur", "externe_financiering_eur", "opleidingsuren_personeel", "doelgroep_weekuren_banenafspraak",
    "instroom_uit_bijstand", "inkoop_totaal_eur", "inkoop_sociaal_eur", "programma_activiteiten", "samenwerkingen",
]
# The columns added in issue 16 (optional for the pipeline: earlier return forms lack them).
NETWORK_COLUMNS = RETURN_COLUMNS[16:]
# The return form before issue 16 (the first 16 columns): the national benchmark generator writes it, so its
# inputs, expected values and random stream stay those of the issue 8 benchmark.
CORE_RETURN_COLUMNS = RETURN_COLUMNS[:16]
REGISTRY_COLUMNS = [
    "kvk_number", "vestigingsnummer", "name", "postcode", "house_number", "gemeente_code", "woonplaats",
    "sbi_code", "themes", "pso_level", "pso30plus", "code_sociale_ondernemingen", "se_basis", "founded_year",
    "programme_entry_date", "exit_date", "exit_reason",
]
PROCUREMENT_COLUMNS = [
    "contract_id", "leverancier_kvk", "leverancier_naam", "gunningsdatum", "bedrag_eur", "categorie",
    "beinvloedbaar", "sroi_clausule", "sroi_percentage", "sroi_verplichting_eur", "sroi_gerealiseerd_eur",
]


class Rand:
    """A seeded source built on ``random.Random.random()`` only, whose output is the same on every Python 3
    version (unlike ``randrange``/``choice``, whose algorithms have changed between releases)."""

    def __init__(self, seed: int) -> None:
        import random
        self._r = random.Random(seed)

    def random(self) -> float:
        return self._r.random()

    def uniform(self, a: float, b: float) -> float:
        return a + (b - a) * self._r.random()

    def int(self, a: int, b: int) -> int:
        """An integer in [a, b]."""
        return a + min(int(self._r.random() * (b - a + 1)), b - a)

    def pick(self, seq):
        return seq[self.int(0, len(seq) - 1)]

    def shuffled(self, seq) -> list:
        out = list(seq)
        for i in range(len(out) - 1, 0, -1):
            j = self.int(0, i)
            out[i], out[j] = out[j], out[i]
        return out

    def normal(self, mu: float, sigma: float) -> float:
        """Box-Muller on two uniforms."""
        u1 = max(self._r.random(), 1e-12)
        u2 = self._r.random()
        return mu + sigma * math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * u2)


# ---------------------------------------------------------------- quarters

@dataclass(frozen=True, order=True)
class Q:
    year: int
    q: int

    def __str__(self) -> str:
        return f"{self.year}Q{self.q}"

    @property
    def last_day(self) -> dt.date:
        month = self.q * 3
        nxt = dt.date(self.year + (month == 12), month % 12 + 1, 1)
        return nxt - dt.timedelta(days=1)

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.q * 3 - 2, 1)

    def shifted(self, n: int) -> "Q":
        i = self.year * 4 + (self.q - 1) + n
        return Q(i // 4, i % 4 + 1)

    @staticmethod
    def parse(text: str) -> "Q":
        m = re.fullmatch(r"(\d{4})Q([1-4])", text.strip())
        if not m:
            raise ValueError(f"not a quarter: {text!r}")
        return Q(int(m.group(1)), int(m.group(2)))


def all_quarters() -> list[Q]:
    out, q = [], Q(*FIRST_QUARTER)
    while q <= Q(*LAST_QUARTER):
        out.append(q)
        q = q.shifted(1)
    return out


def is_active(entry: dt.date, exit_date: dt.date | None, on: dt.date) -> bool:
    """In the programme on `on`: entered on or before it and not exited on or before it (ImpactModel)."""
    return entry <= on and (exit_date is None or on < exit_date)


# ---------------------------------------------------------------- reading the demo files back

def read_csv_file(path: Path) -> tuple[list[str], list[tuple[int, list[str]]], dict]:
    """Rows of a demo CSV with their 1-based physical line numbers, as the pipeline should see them:
    UTF-8 BOM stripped, `;` or `,` detected from the header line. Returns (header, rows, facts)."""
    raw = path.read_bytes()
    facts = {"bom": raw.startswith(b"\xef\xbb\xbf"), "crlf": b"\r\n" in raw}
    text = raw.decode("utf-8-sig")
    first = text.split("\n", 1)[0]
    delim = ";" if first.count(";") > first.count(",") else ","
    facts["delimiter"] = delim
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
    header = next(reader)
    rows = []
    for fields in reader:
        rows.append((reader.line_num, fields))
    return header, rows, facts


def parse_number(cell: str, decimal_comma: bool) -> float | None:
    """A number cell; empty means missing (never 0)."""
    s = cell.strip()
    if s == "":
        return None
    if decimal_comma:
        s = s.replace(",", ".")
    return float(s)


KVK_RE = re.compile(r"\d{8}")


def clean_kvk(cell: str) -> tuple[str | None, str]:
    """(kvk, note): trimmed; 7 digits left-padded (repair "hersteld: voorloopnullen"); scientific notation and
    anything else rejected."""
    s = cell.strip()
    if KVK_RE.fullmatch(s):
        return s, "" if s == cell else "trimmed"
    if re.fullmatch(r"\d{7}", s):
        return "0" + s, "hersteld: voorloopnullen"
    if re.fullmatch(r"\d(\.\d+)?[eE]\+?\d+", s):
        return None, "scientific notation"
    return None, "not a KvK number"


# ---------------------------------------------------------------- growth classes (METRICS.md §7)

def window(t: Q) -> list[Q]:
    """The 4 quarter-ends whose mean is the annual employment of the year ending with t."""
    return [t.shifted(-3), t.shifted(-2), t.shifted(-1), t]


def classify(series_emp: dict[Q, float], series_rev: dict[Q, float | None], founded: int, t: Q) -> tuple[str, list[str], dict]:
    """(primary class, all flags, figures) of one enterprise at reference quarter t, by METRICS.md §7:
    E_y is the mean of the 4 quarter-end headcounts of the year ending at t (and at t-12 quarters);
    R_y the sum of the 4 quarters' revenue. Precedence gazelle > hge_eurostat > scaleup_20 > emerging_scaler
    > stable > shrinking; insufficient_data when an endpoint is missing or the enterprise is founded in or
    after t-3."""
    t0 = t.shifted(-12)
    e_t = [series_emp.get(q) for q in window(t)]
    e_0 = [series_emp.get(q) for q in window(t0)]
    if any(v is None for v in e_t + e_0) or founded >= t0.year:
        return "insufficient_data", [], {}
    et, e0 = sum(e_t) / 4, sum(e_0) / 4
    r_t = [series_rev.get(q) for q in window(t)]
    r_0 = [series_rev.get(q) for q in window(t0)]
    rt = sum(r_t) if all(v is not None for v in r_t) else None
    r0 = sum(r_0) if all(v is not None for v in r_0) else None
    ratio = et / e0 if e0 > 0 else math.inf
    rev_ratio = rt / r0 if (rt is not None and r0) else None
    flags = []
    if e0 >= 10 and ratio >= 1.331:
        flags.append("hge_eurostat")
        if t.year - founded in (4, 5):
            flags.append("gazelle")
    if (e0 >= 10 or (r0 or 0) >= 5_000_000) and (ratio >= 1.728 or (rev_ratio or 0) >= 1.728):
        flags.append("scaleup_20")
    if 2 <= e0 <= 9 and ratio >= 1.331 and et - e0 >= 3:
        flags.append("emerging_scaler")
    if ratio <= 0.9:
        flags.append("shrinking")
    elif ratio < 1.331:
        flags.append("stable")
    order = ["gazelle", "hge_eurostat", "scaleup_20", "emerging_scaler", "stable", "shrinking"]
    primary = next((c for c in order if c in flags), "unclassified")
    return primary, flags, {"E_t-3": e0, "E_t": et, "ratio": ratio, "R_t-3": r0, "R_t": rt, "rev_ratio": rev_ratio}


# ---------------------------------------------------------------- the demo as the pipeline should read it

@dataclass
class RegistryEntry:
    kvk: str
    name: str
    founded: int
    entry: dt.date
    exit: dt.date | None
    themes: list[str]
    line: int


def read_registry(root: Path) -> dict[str, RegistryEntry]:
    header, rows, _ = read_csv_file(root / "config/registry.csv")
    if header != REGISTRY_COLUMNS:
        raise ValueError(f"config/registry.csv: header {header} is not {REGISTRY_COLUMNS}")
    out = {}
    for line, f in rows:
        rec = dict(zip(header, f))
        out[rec["kvk_number"]] = RegistryEntry(
            rec["kvk_number"], rec["name"], int(rec["founded_year"]), dt.date.fromisoformat(rec["programme_entry_date"]),
            dt.date.fromisoformat(rec["exit_date"]) if rec["exit_date"] else None, rec["themes"].split(";"), line)
    return out


@dataclass
class QuarterRead:
    """One returns file as the normalize stage should account for it (rows in = used + rejected + merged)."""
    rows: int = 0
    used: int = 0
    merged: int = 0
    repaired: int = 0
    trimmed: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)
    active: int = 0
    facts: dict = field(default_factory=dict)


def read_returns(root: Path, registry: dict[str, RegistryEntry]) -> tuple[dict[str, QuarterRead], dict[str, dict[Q, dict[str, float | None]]]]:
    """Read every returns file with the rules the README promises: BOM stripped, separator and decimal comma
    detected, codes trimmed, 7-digit KvK left-padded, scientific notation and unknown KvK rejected, exact
    duplicate rows merged. Returns per-quarter accounting and per-KvK series {quarter: {column: value}}."""
    per_q: dict[str, QuarterRead] = {}
    series: dict[str, dict[Q, dict[str, float | None]]] = {}
    for q in all_quarters():
        path = root / f"pipelines/haarlem-demo/returns/impact-{q}.csv"
        header, rows, facts = read_csv_file(path)
        if header != RETURN_COLUMNS:
            raise ValueError(f"{path}: header {header} is not {RETURN_COLUMNS}")
        acc = QuarterRead(rows=len(rows), facts=facts)
        seen: set[tuple[str, ...]] = set()
        decimal_comma = facts["delimiter"] == ";"
        for line, f in rows:
            key = tuple(f)
            if key in seen:
                acc.merged += 1
                continue
            seen.add(key)
            kvk, note = clean_kvk(f[0])
            if kvk is None:
                acc.rejected.append((line, f"kvk_nummer {f[0]!r}: {note}"))
                continue
            if kvk not in registry:
                acc.rejected.append((line, f"kvk_nummer {kvk}: not in registry"))
                continue
            if note.startswith("hersteld"):
                acc.repaired += 1
            elif note == "trimmed" or f[1] != f[1].strip():
                acc.trimmed += 1
            values = {c: parse_number(v, decimal_comma) for c, v in zip(header[4:], f[4:])}
            series.setdefault(kvk, {})[Q.parse(f[3])] = values
            acc.used += 1
        acc.active = sum(1 for r in registry.values() if is_active(r.entry, r.exit, q.last_day))
        per_q[str(q)] = acc
    return per_q, series


def growth_classes(registry: dict[str, RegistryEntry], series: dict[str, dict[Q, dict[str, float | None]]],
                   t: Q) -> dict[str, tuple[str, list[str], dict]]:
    """Growth class at t of every enterprise active at the end of t, from the returns as read."""
    out = {}
    for kvk, r in registry.items():
        if not is_active(r.entry, r.exit, t.last_day):
            continue
        s = series.get(kvk, {})
        emp = {q: v["werknemers"] for q, v in s.items() if v["werknemers"] is not None}
        rev = {q: v["omzet_eur"] for q, v in s.items()}
        out[kvk] = classify(emp, rev, r.founded, t)
    return out
