#!/usr/bin/env python3.11
"""Derive the trimmed CBS snapshots of the Haarlem demo from recorded real CBS responses.

Usage:
    python3 tools/demo/derive_cbs_snapshots.py SHARED_REAL_DIR OUT_DIR

SHARED_REAL_DIR is the folder described by its PROVENANCE.md (``cbs-v4-checkdecijfers/``,
``cbs-v3-cbsodata3jl/``); OUT_DIR is ``pipelines/haarlem-demo/cbs``. For every table the script writes a
*snapshot directory*, one JSON file per OData entity set (``<EntitySet>.json``, docs/ARCHITECTURE.md),
in CBS's own wire format:

* OData v4 (datasets.cbs.nl/odata/v1/CBS/<table>): ``Observations.json``, ``MeasureCodes.json``,
  ``PeriodenCodes.json``, ``Dimensions.json``, ``Properties.json`` and ``<Dim>Codes.json`` for the other
  dimensions. Rows are copied unchanged (fields and field order as received), only filtered; the
  whitespace is the capture's ``JSON.stringify(data, null, 1)`` layout, which this script reproduces
  byte for byte (a full source file written back through it is identical to the original).
* OData v3 (opendata.cbs.nl/ODataFeed/OData/83599NED): the ``UntypedDataSet`` in two pages linked by a
  relative ``odata.nextLink``, plus ``TableInfos.json``, ``DataProperties.json``, ``Perioden.json``, ``RegioS.json`` and
  ``BedrijfstakkenBranchesSBI2008.json``; those metadata files are RECONSTRUCTED (the recorded capture holds
  only the data pages), see ``SOURCES.md``.

Only the standard library is used; the output depends on the input files alone (no clock, no network).
Exit status: 0 on success, 2 on a usage error, 1 when an input file is missing or not what was expected.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import cbs_municipal  # municipality-level tables for "Haarlem in context" (issue 16)

PERIOD_FROM = "2019"  # keep periods from 2019 on (v4)

# table id -> (measures kept, {dimension: codes kept} for the non-time dimensions, why)
V4_TABLES: dict[str, tuple[list[str], dict[str, list[str]]]] = {
    # Sociale zekerheid; kerncijfers: Totaal bijstandsuitkeringen, and those tot de AOW-leeftijd (x 1000).
    "37789ksz": (["D000203_2", "90210"], {}),
    # Arbeidsdeelname en werkloosheid per maand: MeasureGroups M001906_1 "Werkloosheidspercentage" and
    # M001796_1 "Netto arbeidsparticipatie"; the *_2 members are "Niet-seizoengecorrigeerd" (%).
    # The capture was sliced to Geslacht T001038 (Totaal) and Leeftijd 52052 (15 tot 75 jaar).
    "80590ned": (["M001906_2", "M001796_2"], {"Geslacht": ["T001038"], "Leeftijd": ["52052"]}),
    # Faillissementen; kerncijfers: M001327 Uitgesproken faillissementen for T001243
    # "Totaal rechtsvormen Nederland/buitenland" (codes-TypeGefailleerde).
    "82242NED": (["M001327"], {"TypeGefailleerde": ["T001243"]}),
    # Hernieuwbare elektriciteit: M002264_2 Bruto elektriciteitsproductie in % van het verbruik, for
    # T001028 "Totaal hernieuwbare energiebronnen" (codes-BronTechniek).
    "82610NED": (["M002264_2"], {"BronTechniek": ["T001028"]}),
}

V3_TABLE = "83599NED"
V3_REGIONS = ["NL01", "PV27"]  # Nederland, Noord-Holland (kept padded as CBS sends them: "NL01  ")
V3_SBI_TOTAL = "T001081"  # A-U Alle economische activiteiten
V3_LINK = "UntypedDataSet-skip10000.json"


class DeriveError(Exception):
    """An input file is missing or does not have the expected shape."""


def load(path: Path) -> dict:
    try:
        with path.open("rb") as f:
            return json.loads(f.read().decode("utf-8"))
    except FileNotFoundError as e:
        raise DeriveError(f"{path}: missing; pass the folder that holds PROVENANCE.md as SHARED_REAL_DIR") from e
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise DeriveError(f"{path}: not UTF-8 JSON ({e})") from e


def write_v4(path: Path, data: dict) -> None:
    """Write in the capture's layout: JSON.stringify(data, null, 1) + "\\n" (raw UTF-8, no ASCII escapes)."""
    path.write_bytes((json.dumps(data, indent=1, ensure_ascii=False) + "\n").encode("utf-8"))


def write_v3(path: Path, data: dict) -> None:
    """Write compact, as the recorded v3 pages are (no whitespace, raw UTF-8, no trailing newline)."""
    path.write_bytes(json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode("utf-8"))


def derive_v4(src: Path, out: Path, table: str) -> dict:
    measures, dim_codes = V4_TABLES[table]
    tdir = src / "cbs-v4-checkdecijfers" / table
    obs = load(tdir / "observations-page-1.json")
    kept = []
    for row in obs["value"]:
        if row["Measure"] not in measures:
            continue
        if row["Perioden"][:4] < PERIOD_FROM:
            continue
        if any(row.get(dim) not in codes for dim, codes in dim_codes.items()):
            continue
        kept.append(row)
    if not kept:
        raise DeriveError(f"{tdir}: no observation rows for {measures} from {PERIOD_FROM}")
    missing = sorted(set(measures) - {r["Measure"] for r in kept})
    if missing:
        raise DeriveError(f"{tdir}: measure(s) {missing} not found in observations-page-1.json")

    used_periods = {r["Perioden"] for r in kept}
    tout = out / table
    tout.mkdir(parents=True, exist_ok=True)
    write_v4(tout / "Observations.json", {"@odata.context": obs["@odata.context"], "value": kept})

    mc = load(tdir / "measure-codes.json")
    write_v4(tout / "MeasureCodes.json",
             {"@odata.context": mc["@odata.context"], "value": [m for m in mc["value"] if m["Identifier"] in measures]})
    pc = load(tdir / "codes-Perioden.json")
    periods = [p for p in pc["value"] if p["Identifier"] in used_periods]
    if len(periods) != len(used_periods):
        raise DeriveError(f"{tdir}/codes-Perioden.json lacks some periods of the observations")
    write_v4(tout / "PeriodenCodes.json", {"@odata.context": pc["@odata.context"], "value": periods})
    for dim, codes in dim_codes.items():
        dc = load(tdir / f"codes-{dim}.json")
        write_v4(tout / f"{dim}Codes.json",
                 {"@odata.context": dc["@odata.context"], "value": [c for c in dc["value"] if c["Identifier"] in codes]})
    write_v4(tout / "Dimensions.json", load(tdir / "dimensions.json"))
    write_v4(tout / "Properties.json", load(tdir / "properties.json"))

    kinds: dict[str, int] = {}
    for r in kept:
        k = r["Perioden"][4:6]
        kinds[k] = kinds.get(k, 0) + 1
    return {"table": table, "rows": len(kept), "periods": len(periods), "kinds": kinds,
            "first": min(used_periods), "last": max(used_periods)}


def quarter_title(key: str) -> str:
    """v3 Perioden Title of a quarter key: 2019KW01 -> "2019 1e kwartaal" (StatLine's wording)."""
    return f"{key[:4]} {int(key[6:])}e kwartaal"


def derive_v3(src: Path, out: Path) -> dict:
    vdir = src / "cbs-v3-cbsodata3jl"
    p1 = load(vdir / "tables_2.json")
    p2 = load(vdir / "tables_3.json")
    if "odata.nextLink" not in p1 or "odata.nextLink" in p2:
        raise DeriveError(f"{vdir}: expected tables_2.json with and tables_3.json without odata.nextLink")
    rows = [r for r in p1["value"] + p2["value"]
            if r["RegioS"].strip() in V3_REGIONS and r["BedrijfstakkenBranchesSBI2008"].strip() == V3_SBI_TOTAL]
    rows.sort(key=lambda r: r["ID"])
    regions_found = sorted({r["RegioS"] for r in rows})
    if [c.strip() for c in regions_found] != V3_REGIONS:
        raise DeriveError(f"{vdir}: expected rows for {V3_REGIONS}, found {regions_found}")
    # Split in two pages at the region boundary so each page has rows; row IDs stay those of the full table.
    first = [r for r in rows if r["RegioS"].strip() == V3_REGIONS[0]]
    second = [r for r in rows if r["RegioS"].strip() != V3_REGIONS[0]]
    tout = out / V3_TABLE
    tout.mkdir(parents=True, exist_ok=True)
    # Same top-level key order as the recorded pages: value, odata.metadata, odata.nextLink.
    write_v3(tout / "UntypedDataSet.json",
             {"value": first, "odata.metadata": p1["odata.metadata"], "odata.nextLink": V3_LINK})
    write_v3(tout / V3_LINK, {"value": second, "odata.metadata": p2["odata.metadata"]})

    base = p1["odata.metadata"].split("$metadata")[0]  # https://opendata.cbs.nl/ODataFeed/OData/83599NED/
    periods = sorted({r["Perioden"] for r in rows})
    provisional = set(periods[-2:])
    write_v3(tout / "Perioden.json", {
        "value": [{"Description": None, "Status": "Voorlopig" if p in provisional else "Definitief",
                   "Key": p, "Title": quarter_title(p)} for p in periods],
        "odata.metadata": base + "$metadata#Cbs.OData.WebAPI.Perioden"})
    region_titles = {"NL01": "Nederland", "PV27": "Noord-Holland (PV)"}
    write_v3(tout / "RegioS.json", {
        "value": [{"Description": None, "Key": k, "Title": region_titles[k.strip()], "CategoryGroupID": None}
                  for k in regions_found],
        "odata.metadata": base + "$metadata#Cbs.OData.WebAPI.RegioS"})
    write_v3(tout / "BedrijfstakkenBranchesSBI2008.json", {
        "value": [{"Description": None, "Key": V3_SBI_TOTAL, "Title": "A-U Alle economische activiteiten",
                   "CategoryGroupID": None}],
        "odata.metadata": base + "$metadata#Cbs.OData.WebAPI.BedrijfstakkenBranchesSBI2008"})
    # DataProperties in the v3 shape of meta_7.json (keys as CBS v3 sends them: Position, Description,
    # odata.type, ParentID, Type, Key, Title, ID; topics also Unit, Decimals, Default, Datatype).
    props = [
        {"Position": 0, "Description": None, "odata.type": "Cbs.OData.Dimension", "ParentID": None,
         "Type": "Dimension", "Key": "BedrijfstakkenBranchesSBI2008", "Title": "Bedrijfstakken/branches (SBI 2008)",
         "ID": 0},
        {"Position": 1, "Description": None, "odata.type": "Cbs.OData.GeoDimension", "ParentID": None,
         "Type": "GeoDimension", "Key": "RegioS", "Title": "Regio's", "ID": 1},
        {"Position": 2, "Description": None, "ReleasePolicy": True, "odata.type": "Cbs.OData.TimeDimension",
         "ParentID": None, "Type": "TimeDimension", "Key": "Perioden", "Title": "Perioden", "ID": 2},
        {"Position": 3, "Unit": "x 1 000", "Decimals": 1, "odata.type": "Cbs.OData.Topic", "ParentID": None,
         "ID": 3, "Default": "Missing", "Key": "OpenstaandeVacatures_1", "Title": "Openstaande vacatures",
         "Datatype": "Double",
         "Description": "Vacatures die op de peildatum (einde van het kwartaal) nog niet zijn vervuld.",
         "Type": "Topic"},
    ]
    write_v3(tout / "DataProperties.json",
             {"value": props, "odata.metadata": base + "$metadata#Cbs.OData.WebAPI.DataProperties"})
    # TableInfos: the table's own entry of the recorded ODataCatalog/Tables page (tables_1.json), cut to the
    # keys of a v3 TableInfos entity (meta_2.json) in that entity's key order.
    catalog = load(vdir / "tables_1.json")
    entry = next((t for t in catalog["value"] if t.get("Identifier") == V3_TABLE), None)
    if entry is None:
        raise DeriveError(f"{vdir}/tables_1.json: no catalog entry for {V3_TABLE}")
    info_keys = list(load(vdir / "meta_2.json")["value"][0].keys())
    info = {k: entry[k] for k in info_keys if k in entry}
    info["ID"] = 0
    write_v3(tout / "TableInfos.json",
             {"value": [info], "odata.metadata": base + "$metadata#Cbs.OData.WebAPI.TableInfos"})
    return {"table": V3_TABLE, "rows": len(rows), "page1": len(first), "page2": len(second),
            "periods": len(periods), "first": periods[0], "last": periods[-1], "title": entry["Title"],
            "catalog_status": entry.get("ShortDescription", "")}


V4_KEPT = {
    "37789ksz": "measures `D000203_2` Totaal bijstandsuitkeringen and `90210` Bijstandsuitkeringen tot de "
                "AOW-leeftijd (x 1000; month-end stocks, yearly averages)",
    "80590ned": "measures `M001906_2` Werkloosheidspercentage and `M001796_2` Netto arbeidsparticipatie, both "
                "niet-seizoengecorrigeerd (%), for Geslacht `T001038` Totaal and Leeftijd `52052` 15 tot 75 jaar "
                "(the slice the capture made)",
    "82242NED": "measure `M001327` Uitgesproken faillissementen (aantal) for TypeGefailleerde `T001243` Totaal "
                "rechtsvormen Nederland/buitenland",
    "82610NED": "measure `M002264_2` Bruto elektriciteitsproductie in % van het verbruik for BronTechniek "
                "`T001028` Totaal hernieuwbare energiebronnen",
}


def sources_md(src: Path, v4: list[dict], v3: dict) -> str:
    L = ["# CBS snapshots of the Haarlem demo", "",
         "Trimmed copies of real CBS StatLine responses, one folder per table and one file per OData entity set",
         "(`<EntitySet>.json`, docs/ARCHITECTURE.md). Rows are copied unchanged (fields, field order, values),",
         "only filtered. Bron: CBS, CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/). The recorded",
         "responses and their provenance are described in `shared/data/real/PROVENANCE.md`.", "",
         "Regenerate (from the repository root):", "",
         "```sh", "python3 tools/demo/derive_cbs_snapshots.py ../shared/data/real pipelines/haarlem-demo/cbs", "```",
         "", "| table | title | live URL | captured | kept |", "|---|---|---|---|---|"]
    for s in v4:
        t = s["table"]
        idx = load(src / "cbs-v4-checkdecijfers" / t / "index.json")
        title = load(src / "cbs-v4-checkdecijfers" / t / "properties.json")["Title"].strip()
        L.append(f"| {t} | {title} | https://datasets.cbs.nl/odata/v1/CBS/{t} | {idx['capturedAt'][:10]} | "
                 f"{V4_KEPT[t]}; periods {s['first']}..{s['last']} ({s['rows']} rows: "
                 + ", ".join(f"{n} {k}" for k, n in sorted(s['kinds'].items())) + ") |")
    L.append(f"| {V3_TABLE} | {v3['title']} | https://opendata.cbs.nl/ODataFeed/OData/{V3_TABLE} | 2022-04-27 "
             f"(commit date of the recording, see PROVENANCE.md) | `UntypedDataSet` rows for RegioS `NL01` and "
             f"`PV27` (Noord-Holland) and BedrijfstakkenBranchesSBI2008 `T001081` (A-U Alle economische "
             f"activiteiten), topic `OpenstaandeVacatures_1` (x 1 000), {v3['first']}..{v3['last']} "
             f"({v3['rows']} rows) |")
    L += ["", "Licence of every table: Bron: CBS, CC BY 4.0.", "",
          "## What is copied and what is reconstructed", "",
          "OData v4 tables (`datasets.cbs.nl/odata/v1/CBS/<table>`), all **copied** from the capture:",
          "`Observations.json` (observations-page-1.json, filtered to the series above and periods from 2019 on;",
          "JJ, KW and MM rows as the table has them), `MeasureCodes.json` (only the kept measures),",
          "`PeriodenCodes.json` (only the periods of the kept rows, with `Status`), `<Dim>Codes.json` of the other",
          "dimensions (only the kept codes), `Dimensions.json` and `Properties.json` (unchanged: `ObservationCount`",
          "there counts the full table, not the snapshot). `@odata.context` is kept everywhere. The layout",
          "(1-space indentation) is the capture's `JSON.stringify(data, null, 1)`, not CBS's compact wire form;",
          "the capture merged all pages and dropped `@odata.nextLink`.", "",
          "The measure groups behind the 80590ned codes (`M001906_1` Werkloosheidspercentage, `M001796_1` Netto",
          "arbeidsparticipatie) come from the capture repository's `measure-groups.json`, which is not among the",
          "shared files; the seasonally adjusted members' descriptions in `MeasureCodes` say the same.", "",
          f"OData v3 table {V3_TABLE} (`opendata.cbs.nl/ODataFeed/OData/{V3_TABLE}`):", "",
          "| file | copied or reconstructed |", "|---|---|",
          f"| `UntypedDataSet.json` | **copied** rows (from tables_2.json; padded codes such as `'NL01  '` and "
          f"right-aligned string values kept; row `ID`s are those of the full table); {v3['page1']} rows; "
          f"`odata.metadata` copied; `odata.nextLink` **rewritten** to the relative `{V3_LINK}` (the recorded link "
          f"was `.../UntypedDataSet/?$format=json&$skip=10000`) |",
          f"| `{V3_LINK}` | **copied** rows, second page ({v3['page2']} rows), no link. The real page boundary "
          f"(row 10000) fell after all kept rows, so the snapshot splits at the region instead |",
          "| `TableInfos.json` | **reconstructed** from the table's entry in the recorded `ODataCatalog/Tables` page "
          "(tables_1.json), cut to the keys of a TableInfos entity (meta_2.json) |",
          "| `DataProperties.json` | **reconstructed** in the v3 shape of meta_7.json: Dimension "
          "`BedrijfstakkenBranchesSBI2008`, GeoDimension `RegioS`, TimeDimension `Perioden`, Topic "
          "`OpenstaandeVacatures_1` 'Openstaande vacatures', unit 'x 1 000', 1 decimal (as the values show) |",
          "| `Perioden.json` | **reconstructed** (shape of meta_6.json): the quarters of the kept rows, Title "
          "'2019 1e kwartaal', Status `Definitief` except the last two quarters `Voorlopig`. Note: the catalog "
          "entry says figures from 2018 on are provisional; the demo keeps the simpler rule |",
          "| `RegioS.json` | **reconstructed**: keys padded as in the rows (`'NL01  '`, `'PV27  '`), titles "
          "Nederland and Noord-Holland (PV) |",
          "| `BedrijfstakkenBranchesSBI2008.json` | **reconstructed**: `T001081`, title as in the v4 code list of "
          "84826NED ('A-U Alle economische activiteiten') |", ""]
    return "\n".join(L)


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        print("usage: derive_cbs_snapshots.py SHARED_REAL_DIR OUT_DIR", file=sys.stderr)
        return 2
    src, out = Path(argv[1]), Path(argv[2])
    try:
        v4 = []
        for table in V4_TABLES:
            s = derive_v4(src, out, table)
            v4.append(s)
            print(f"{s['table']}: {s['rows']} observations, {s['periods']} periods {s['first']}..{s['last']} "
                  f"{dict(sorted(s['kinds'].items()))}")
        s = derive_v3(src, out)
        print(f"{s['table']}: {s['rows']} rows ({s['page1']} + {s['page2']} on two pages), "
              f"{s['periods']} quarters {s['first']}..{s['last']}")
        municipal = cbs_municipal.derive(src, out)
        for m in municipal[:-1]:
            print(f"{m['table']}: {m['rows']} rows (municipality level), absent: {m['absent'] or '-'}")
        md = sources_md(src, v4, s) + "\n".join(cbs_municipal.sources_md(municipal))
        (out / "SOURCES.md").write_bytes(md.encode("utf-8"))
    except cbs_municipal.MunicipalError as e:
        print(f"derive_cbs_snapshots: {e}", file=sys.stderr)
        return 1
    except DeriveError as e:
        print(f"derive_cbs_snapshots: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
