"""CBS series at municipality level for "Haarlem in context" (issue 16 item 5), derived for the demo.

Called by ``derive_cbs_snapshots.py``; writes one snapshot directory per table under OUT_DIR in CBS's own
wire formats, for Nederland (NL01), Haarlem (GM0392) and its peer group (PEERS below):

* 81575NED Vestigingen van bedrijven; bedrijfstak, gemeente (v3 ``TypedDataSet``): ``Vestigingen_1``.
* 86088NED Arbeidsdeelname; regionale indeling 2024 (v3 ``TypedDataSet``): ``NettoArbeidsparticipatie_16``,
  ``Werkloosheidspercentage_13``.
* 85005NED Zonnestroom; vermogen en vermogensklasse, bedrijven en woningen, regio (v3 ``TypedDataSet``):
  ``OpgesteldVermogenVanZonnepanelen_2``, ``Installaties_1``.
* 83582NED Banen van werknemers in december; economische activiteit (SBI2008), regio (v3 ``TypedDataSet``):
  ``BanenVanWerknemersInDecember_1`` (x 1 000), the denominator of the sector's weight in jobs (issue 16).
* 70072ned Regionale kerncijfers Nederland (v4, copied rows): ``2018790`` Hbo, wo (%), ``X033647``
  Uitkeringsontvangers, totaal.

The v3 inputs are the ``;``-CSVs of ``cbs-v3-atomcsv-dertje/`` (PROVENANCE.md §6): TypedDataSet rows whose
dimension keys were replaced by their titles. This module restores the codes: regions through the
label -> code crosswalk of 86059NED "Gebieden in Nederland 2025" (``RegioS`` label -> ``Code_1``), Nederland
-> ``NL01``; years ``2024`` (also ``"2023 "`` with CBS's trailing space) -> ``2024JJ00``; the other
dimension's one kept title -> its CBS code (see DIM_CODES). Values are copied (``28865.0`` -> 28865 for a
0-decimal topic). The metadata entity sets are RECONSTRUCTED, as for 83599NED; SOURCES.md says which.

The peer group: the seven municipalities nearest to Haarlem in population, by ``Inwonertal_56`` of 86059NED
(Gebieden in Nederland 2025): all within 4.5 % of Haarlem's 168 655 inhabitants (161 557 .. 169 302).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

HOME = "GM0392"
PEER_COUNT = 7
# 81575NED and the other dertje files are the first 10,000 rows of the API only: a peer beyond the cut has no
# row there; the snapshot then lacks it and the report shows the gap (SOURCES.md names it).

# (table, label column of the non-geo dimension, {title: CBS code}, [(topic, unit, decimals, title)], first year)
# Codes: T001081 = "A-U Alle economische activiteiten" (83599NED's code list, 84826NED v4);
# T009002 = "Totaal personen" (CBS's common code of the person total); E007161 = "Alle economische activiteit
# en woningen" in 85005NED SectorEnVermogensklasse (as two independent public scripts query it). The codes
# of 86088NED and 85005NED are not in any shared file: SOURCES.md marks them as reconstructed.
V3_TABLES = [
    ("81575NED", "Vestigingen van bedrijven; bedrijfstak, gemeente", "BedrijfstakkenBranchesSBI2008",
     "Bedrijfstakken/branches (SBI 2008)", {"A-U Alle economische activiteiten": "T001081"},
     [("Vestigingen_1", "aantal", 0, "Vestigingen")], "2015"),
    ("86088NED", "Arbeidsdeelname; regionale indeling 2024", "Persoonskenmerken", "Persoonskenmerken",
     {"Totaal personen": "T009002"},
     [("NettoArbeidsparticipatie_16", "%", 1, "Netto arbeidsparticipatie"),
      ("Werkloosheidspercentage_13", "%", 1, "Werkloosheidspercentage")], "2019"),
    ("85005NED", "Zonnestroom; vermogen en vermogensklasse, bedrijven en woningen, regio",
     "SectorEnVermogensklasse", "Sector en vermogensklasse", {"Alle economische activiteit en woningen": "E007161"},
     [("OpgesteldVermogenVanZonnepanelen_2", "kWp", 0, "Opgesteld vermogen van zonnepanelen"),
      ("Installaties_1", "aantal", 0, "Installaties")], "2019"),
    # Periods "2023 december" -> 2023JJ00 (an annual table whose period titles name the month of the count);
    # Its "Nederland" rows (NL01) are kept; the rows "Nederland, Buitenland, Niet in te delen" are not.
    ("83582NED", "Banen van werknemers in december; economische activiteit (SBI2008), regio",
     "BedrijfstakkenBranchesSBI2008", "Bedrijfstakken/branches (SBI 2008)",
     {"A-U Alle economische activiteiten": "T001081"},
     [("BanenVanWerknemersInDecember_1", "x 1 000", 1, "Banen van werknemers in december")], "2015"),
]
V4_TABLE = "70072ned"
V4_MEASURES = ["2018790", "X033647"]


class MunicipalError(Exception):
    """An input file is missing or not what PROVENANCE.md describes."""


def read_dertje(path: Path) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            return list(csv.DictReader(f, delimiter=";"))
    except FileNotFoundError as e:
        raise MunicipalError(f"{path}: missing (PROVENANCE.md §6)") from e


def gemeenten(src: Path) -> list[tuple[str, str, int]]:
    """(label, GM code, Inwonertal_56) of every municipality of 86059NED, in file order."""
    out = []
    for r in read_dertje(src / "cbs-v3-atomcsv-dertje" / "86059NED.csv"):
        code = r["Code_1"].strip()
        if not code.startswith("GM"):
            raise MunicipalError(f"86059NED.csv row ID {r['ID']}: Code_1 {code!r} is not a GM code")
        out.append((r["RegioS"], code, int(r["Inwonertal_56"])))
    return out


def peer_group(src: Path) -> list[tuple[str, str, int]]:
    """The PEER_COUNT municipalities nearest to HOME in Inwonertal_56 (ties: lower code first)."""
    gm = gemeenten(src)
    home = next((g for g in gm if g[1] == HOME), None)
    if home is None:
        raise MunicipalError(f"86059NED.csv: no row for {HOME}")
    others = sorted((g for g in gm if g[1] != HOME), key=lambda g: (abs(g[2] - home[2]), g[1]))
    return [home] + others[:PEER_COUNT]


def period_code(label: str) -> str | None:
    """``2024`` / ``"2023 "`` / ``2023 december`` (83582NED) -> ``2024JJ00`` …; anything else (``2024 eerste
    helft``) -> None (not kept)."""
    t = label.strip().removesuffix(" december")
    return f"{t}JJ00" if len(t) == 4 and t.isdigit() else None


def write_v3(path: Path, data: dict) -> None:
    path.write_bytes(json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode("utf-8"))


def write_v4(path: Path, data: dict) -> None:
    path.write_bytes((json.dumps(data, indent=1, ensure_ascii=False) + "\n").encode("utf-8"))


def number(text: str, decimals: int):
    if text == "":
        return None
    v = float(text)
    return int(round(v)) if decimals == 0 else round(v, decimals)


def derive_v3(src: Path, out: Path, spec, regions: list[tuple[str, str, int]]) -> dict:
    table, title, dim, dim_title, dim_codes, topics, first_year = spec
    code_of = {"Nederland": "NL01"} | {label: code for label, code, _ in regions}
    rows = read_dertje(src / "cbs-v3-atomcsv-dertje" / f"{table}.csv")
    kept, skipped_periods = [], set()
    for r in rows:
        regio = code_of.get(r["RegioS"])
        if regio is None or r[dim] not in dim_codes:
            continue
        p = period_code(r["Perioden"])
        if p is None:
            skipped_periods.add(r["Perioden"])
            continue
        if p[:4] < first_year:
            continue
        row = {"ID": int(r["ID"]), dim: dim_codes[r[dim]], "RegioS": regio.ljust(6), "Perioden": p}
        for key, _, decimals, _ in topics:
            row[key] = number(r[key], decimals)
        kept.append(row)
    if not kept:
        raise MunicipalError(f"{table}.csv: no rows for the kept regions")
    found = {r["RegioS"].strip() for r in kept}
    absent = [c for c in ["NL01"] + [g[1] for g in regions] if c not in found]
    tout = out / table
    tout.mkdir(parents=True, exist_ok=True)
    base = f"https://opendata.cbs.nl/ODataFeed/OData/{table}/"
    write_v3(tout / "TypedDataSet.json", {"odata.metadata": base + "$metadata#Cbs.OData.WebAPI.TypedDataSet",
                                          "value": kept})
    periods = sorted({r["Perioden"] for r in kept})
    write_v3(tout / "Perioden.json", {
        "odata.metadata": base + "$metadata#Cbs.OData.WebAPI.Perioden",
        "value": [{"Key": p, "Title": p[:4] + (" december" if table == "83582NED" else ""), "Description": None,
                   "Status": "Voorlopig" if p == periods[-1] else "Definitief"} for p in periods]})
    names = {"NL01": "Nederland"} | {code: label for label, code, _ in regions}
    write_v3(tout / "RegioS.json", {
        "odata.metadata": base + "$metadata#Cbs.OData.WebAPI.RegioS",
        "value": [{"Key": c.ljust(6), "Title": names[c], "Description": None, "CategoryGroupID": None}
                  for c in ["NL01"] + [g[1] for g in regions]]})  # the live code list has them all
    write_v3(tout / f"{dim}.json", {
        "odata.metadata": base + f"$metadata#Cbs.OData.WebAPI.{dim}",
        "value": [{"Key": code, "Title": t, "Description": None, "CategoryGroupID": None}
                  for t, code in dim_codes.items()]})
    props = [
        {"ID": 0, "Position": 0, "ParentID": None, "Type": "Dimension", "Key": dim, "Title": dim_title,
         "Description": None},
        {"ID": 1, "Position": 1, "ParentID": None, "Type": "GeoDimension", "Key": "RegioS", "Title": "Regio's",
         "Description": None, "MapYear": int(periods[-1][:4])},
        {"ID": 2, "Position": 2, "ParentID": None, "Type": "TimeDimension", "Key": "Perioden", "Title": "Perioden",
         "Description": None, "ReleasePolicy": True},
    ] + [{"ID": 3 + i, "Position": 3 + i, "ParentID": None, "Type": "Topic", "Key": key, "Title": t,
          "Description": None, "Datatype": "Double", "Unit": unit, "Decimals": decimals, "Default": "Missing"}
         for i, (key, unit, decimals, t) in enumerate(topics)]
    write_v3(tout / "DataProperties.json",
             {"odata.metadata": base + "$metadata#Cbs.OData.WebAPI.DataProperties", "value": props})
    write_v3(tout / "TableInfos.json", {
        "odata.metadata": base + "$metadata#Cbs.OData.WebAPI.TableInfos",
        "value": [{"ID": 0, "Identifier": table, "Title": title, "Language": "nl", "RecordCount": len(kept)}]})
    return {"table": table, "title": title, "rows": len(kept), "first": periods[0], "last": periods[-1],
            "absent": absent, "skipped_periods": sorted(skipped_periods), "topics": [t[0] for t in topics],
            "dim": dim, "dim_codes": dim_codes}


def derive_v4(src: Path, out: Path, regions: list[tuple[str, str, int]]) -> dict:
    d = src / "cbs-v4-70072ned-excerpt"

    def load(name: str) -> dict:
        try:
            return json.loads((d / name).read_bytes().decode("utf-8"))
        except FileNotFoundError as e:
            raise MunicipalError(f"{d / name}: missing (PROVENANCE.md, 70072ned excerpt)") from e

    wanted = ["NL01"] + [g[1] for g in regions]
    obs = load("observations-excerpt.json")
    kept = [r for r in obs["value"] if r["Measure"] in V4_MEASURES and r["RegioS"] in wanted]
    found = {r["RegioS"] for r in kept}
    tout = out / V4_TABLE
    tout.mkdir(parents=True, exist_ok=True)
    write_v4(tout / "Observations.json", {"@odata.context": obs["@odata.context"], "value": kept})
    mc = load("measure-codes.json")
    write_v4(tout / "MeasureCodes.json", {"@odata.context": mc["@odata.context"],
                                          "value": [m for m in mc["value"] if m["Identifier"] in V4_MEASURES]})
    used = {r["Perioden"] for r in kept}
    pc = load("codes-Perioden.json")
    write_v4(tout / "PeriodenCodes.json", {"@odata.context": pc["@odata.context"],
                                           "value": [p for p in pc["value"] if p["Identifier"] in used]})
    rc = load("codes-RegioS.json")
    write_v4(tout / "RegioSCodes.json", {"@odata.context": rc["@odata.context"],
                                         "value": [c for c in rc["value"] if c["Identifier"] in found]})
    write_v4(tout / "Dimensions.json", load("dimensions.json"))
    write_v4(tout / "Properties.json", load("properties.json"))
    return {"table": V4_TABLE, "rows": len(kept), "absent": [c for c in wanted if c not in found],
            "periods": sorted(used)}


def derive(src: Path, out: Path) -> list[dict]:
    regions = peer_group(src)
    summaries = [derive_v3(src, out, spec, regions) for spec in V3_TABLES]
    summaries.append(derive_v4(src, out, regions))
    summaries.append({"peers": regions})
    return summaries


def sources_md(summaries: list[dict]) -> list[str]:
    regions = summaries[-1]["peers"]
    L = ["", "## Municipality level: Haarlem beside Nederland and its peers (issue 16)", "",
         "The peer group of `pipelines/haarlem-demo.yaml` (`peer_group:`) is the "
         f"{PEER_COUNT} municipalities nearest to Haarlem in population, by `Inwonertal_56` of 86059NED "
         "Gebieden in Nederland 2025 (`cbs-v3-atomcsv-dertje/86059NED.csv`):", "",
         "| code | gemeente | inwoners (86059NED) |", "|---|---|---|"]
    L += [f"| {c} | {n} | {p} |" for n, c, p in regions]
    L += ["", "| table | title | kept | rows | absent in the snapshot |", "|---|---|---|---|---|"]
    for s in summaries[:-2]:
        L.append(f"| {s['table']} | {s['title']} | topics {', '.join('`' + t + '`' for t in s['topics'])}; "
                 f"{s['dim']} " + ", ".join(f"`{c}` {t}" for t, c in s['dim_codes'].items())
                 + f"; {s['first']}..{s['last']} | {s['rows']} | {', '.join(s['absent']) or '-'} |")
    v4 = summaries[-2]
    L.append(f"| {v4['table']} | Regionale kerncijfers Nederland | measures `2018790` Hbo, wo (%), `X033647` "
             f"Uitkeringsontvangers, totaal; {', '.join(v4['periods'])} | {v4['rows']} | "
             f"{', '.join(v4['absent']) or '-'} |")
    L += ["",
          "81575NED, 86088NED, 85005NED and 83582NED come from `cbs-v3-atomcsv-dertje/` (PROVENANCE.md §6): CSVs that "
          "another project's script wrote from the v3 `TypedDataSet` (Atom XML), with every dimension key replaced "
          "by its title and only the first API page (10,000 rows). This script turns them back into the v3 JSON "
          "wire format the connector reads (`data_set: typed`):", "",
          "| file | copied or reconstructed |", "|---|---|",
          "| `TypedDataSet.json` | values and row `ID`s **copied**; dimension keys **restored** from the labels: "
          "RegioS through 86059NED's label -> `Code_1` crosswalk (Nederland -> `NL01`), padded to 6 as the "
          "83599NED pages are; Perioden `2024` -> `2024JJ00` (85005NED's `2024 eerste helft` is left out); the "
          "one kept code of the other dimension as in the table above. `T001081` is CBS's code of A-U; "
          "`E007161` (85005NED) as public scripts query the live table; `T009002` Totaal personen (86088NED) is "
          "CBS's usual code of the person total, not verified against that table's code list |",
          "| `DataProperties.json`, `TableInfos.json`, `RegioS.json`, `Perioden.json`, `<Dim>.json` | "
          "**reconstructed** in the v3 shape; titles from the CSV labels, units and decimals as the values "
          "show; `Perioden` Status `Voorlopig` for the last year, `Definitief` before it (CBS's own statuses "
          "are not in the CSV) |", "",
          "83582NED's period titles read `2023 december` (jobs of employees in December): restored as the "
          "annual key `2023JJ00` with that title; of its two national rows `Nederland` is kept as NL01 and "
          "`Nederland, Buitenland, Niet in te delen` is not. The pipeline reads Haarlem's value as the "
          "denominator of `emp_se_persons_share` (x 1 000 jobs, multiplied out).",
          "A municipality beyond the CSV's 10,000-row cut has no row in that table (Zaanstad, GM0479, in "
          "81575NED): the report shows it as not available rather than a number from elsewhere.",
          "70072ned rows are **copied** from `cbs-v4-70072ned-excerpt/` (v4, the capture's layout), filtered to "
          "the regions and measures above; `RegioSCodes.json` keeps only those regions.", ""]
    return L
