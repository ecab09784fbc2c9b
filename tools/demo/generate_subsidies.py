#!/usr/bin/env python3
"""Generate the Haarlem demo's subsidy register: pipelines/haarlem-demo/subsidies/subsidieregister.csv.

FICTIONAL data in the real shape of a Dutch municipality's open subsidy register (openbaar subsidieregister) as
published on a CKAN portal: the columns, separator, `NULL` and `.00` conventions of Amsterdam's register
(`shared/data/real/subsidieregister-amsterdam/subsidie_out2.csv`, PROVENANCE.md §9), plus the two columns a
register that names its recipients by KvK-nummer adds (`KVK_NUMMER`, `INSTRUMENT` subsidie|lening).

Recipients: registry enterprises (config/registry.csv) get a subsidy or a loan from the programme's regelingen in
some years; other organisations (not social enterprises) and private persons fill the rest of the register, so the
file has what a real one has: `(Particulier)` rows, a dossier not (yet) granted (both amounts NULL), a recipient
named without KvK-nummer (matched by name), one with a KvK-nummer that lost its leading zero, and a duplicated
dossier. Deterministic: the output depends on the registry alone.

Usage: python3 tools/demo/generate_subsidies.py [config/registry.csv] [pipelines/haarlem-demo/subsidies/subsidieregister.csv]
"""

from __future__ import annotations

import csv
import hashlib
import sys
from pathlib import Path

HEADER = ["TABLE_NAME", "DOSSIERNUMMER", "AANVRAGER", "REGELINGNAAM", "BELEIDSTERREIN", "ORGANISATIEONDERDEEL",
          "PROJECT_NAAM", "TYPE_PERIODICITEIT", "BEDRAG_AANGEVRAAGD", "BEDRAG_VERLEEND", "BEDRAG_VASTGESTELD",
          "SUBSIDIEJAAR", "DATUM_OVERZICHT", "KVK_NUMMER", "INSTRUMENT"]
DATE = "2026-10-05 09:00:00.000"
REGELINGEN = [
    ("Subsidieregeling Sociaal Ondernemen", "Economie", "subsidie"),
    ("Impactlening Sociaal Ondernemen", "Economie", "lening"),
    ("Subsidieregeling Leerwerkplekken", "Werk en Inkomen", "subsidie"),
    ("Duurzaamheidsfonds Haarlem", "Duurzaamheid", "subsidie"),
]
OTHERS = [  # not social enterprises: organisations a city funds anyway
    ("Stichting Buurthuis De Kamp", "Subsidieregeling Welzijn", "Welzijn en Zorg", 45000),
    ("Vereniging Haarlemse Jazzdagen", "Subsidieregeling Cultuur", "Cultuur", 12500),
    ("Stichting Sportpark Noord", "Subsidieregeling Sport", "Sport", 30000),
    ("Stichting Taalhuis Haarlem", "Subsidieregeling Participatie", "Participatie", 22000),
]


def h(*parts: object) -> int:
    return int(hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:8], 16)


def money(v: float) -> str:
    s = f"{v:.2f}"
    return s[1:] if s.startswith("0.") and v == 0 else s  # Amsterdam writes zero as .00


def main(argv: list[str]) -> int:
    registry = Path(argv[1] if len(argv) > 1 else "config/registry.csv")
    out = Path(argv[2] if len(argv) > 2 else "pipelines/haarlem-demo/subsidies/subsidieregister.csv")
    with registry.open(encoding="utf-8", newline="") as f:
        ents = [r for r in csv.DictReader(f) if r["gemeente_code"] == "GM0392"]
    rows: list[list[str]] = []
    n = 0

    def add(name, regeling, terrein, amount_req, granted, settled, year, kvk, instrument, periodic="Eenmalig"):
        nonlocal n
        n += 1
        rows.append(["SB_HLM_SUBSIDIEREGISTER", f"HLM-{year}-{n:04d}", name, regeling, terrein, "Economie en Werk",
                     f"{name[:30]} {year}", periodic, money(amount_req), granted, settled, str(year), DATE, kvk,
                     instrument])

    for i, e in enumerate(ents):
        entry_year = int(e["programme_entry_date"][:4])
        exit_year = int(e["exit_date"][:4]) if e["exit_date"] else 2026
        for year in range(max(entry_year, 2020), min(exit_year, 2026) + 1):
            pick = h(e["kvk_number"], year)
            if pick % 3:  # about one year in three
                continue
            regeling, terrein, instrument = REGELINGEN[pick // 3 % len(REGELINGEN)]
            amount = 5000 + (pick % 40) * 1250 if instrument == "subsidie" else 25000 + (pick % 6) * 12500
            settled = money(amount * (0.9 if pick % 5 == 0 else 1.0)) if year <= 2025 else "NULL"
            kvk = e["kvk_number"]
            if i == 3:
                kvk = ""  # a register that left the KvK-nummer out: matched by name
            elif i == 5:
                kvk = kvk.lstrip("0")  # Excel dropped the leading zero: repaired
            add(e["name"], regeling, terrein, amount, money(amount), settled, year, kvk, instrument)
    for j, (name, regeling, terrein, amount) in enumerate(OTHERS):
        for year in range(2022, 2027):
            add(name, regeling, terrein, amount, money(amount), money(amount) if year <= 2025 else "NULL", year,
                f"{40000000 + h(name) % 9999999:08d}", "subsidie", "Periodiek")
    add("(Particulier)", "Subsidieregeling Bewonersinitiatieven", "Welzijn en Zorg", 750, money(750), money(750), 2025,
        "", "subsidie")
    add("(Particulier)", "Subsidieregeling Bewonersinitiatieven", "Welzijn en Zorg", 400, money(400), "NULL", 2026, "",
        "subsidie")
    add("Stichting Zomerschool Schalkwijk", "Subsidieregeling Participatie", "Participatie", 8000, "NULL", "NULL",
        2026, "", "subsidie")  # not (yet) granted
    add("Stichting Sportpark Noord", "Subsidieregeling Sport", "Sport", 0, ".00", ".00", 2024,
        f"{40000000 + h('Stichting Sportpark Noord') % 9999999:08d}", "subsidie")  # a zero dossier
    rows.append(list(rows[0]))  # the export repeated a dossier: merged as an exact duplicate
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter=";", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        w.writerow(HEADER)
        w.writerows(rows)
    tmp.replace(out)
    print(f"{out}: {len(rows)} dossiers")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
