#!/usr/bin/env python3.11
"""Generate the bundled Haarlem demo data: a fictional registry of social enterprises, their quarterly impact
returns, KvK Basisprofiel responses and the municipality's contract awards.

Usage:
    python3 tools/demo/generate_demo.py --seed 392 --out .

Writes, relative to --out (the repository root):
    config/registry.csv, config/themes.yaml, config/REGISTRY-SAMPLE.md
    pipelines/haarlem-demo/kvk/basisprofielen/<kvk>.json     (all registry enterprises but one)
    pipelines/haarlem-demo/returns/impact-<YYYYQn>.csv        (2020Q1 ... 2026Q3)
    pipelines/haarlem-demo/procurement/inkoop-gunningen.csv
    pipelines/haarlem-demo/README.md                          (what is in the demo, messy records with lines)

Same seed, same bytes: nothing reads the clock, the locale or the environment, and randomness comes only from
``demolib.Rand`` (``random.Random.random()``, stable across Python versions). All enterprises, suppliers,
people and numbers are fictional; street names are real Haarlem streets.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import math
import sys
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from demolib import (NETWORK_COLUMNS, PROCUREMENT_COLUMNS, REGISTRY_COLUMNS, RETURN_COLUMNS, Q, Rand,  # noqa: E402
                     all_quarters,
                     growth_classes, is_active, read_registry, read_returns)

T_REF = Q(2026, 3)
REPORT_DATE = T_REF.last_day  # "today" of the demo: the end of the default period, never the clock
WINDOW_T = [T_REF.shifted(-3 + i) for i in range(4)]            # 2025Q4..2026Q3
WINDOW_T0 = [T_REF.shifted(-15 + i) for i in range(4)]          # 2022Q4..2023Q3
API = "https://api.kvk.nl/api/v1"

# ------------------------------------------------------------------------------------------------ themes

THEMES_YAML = """\
# Themes of the Haarlem programme for social enterprises (Actieprogramma Sociaal Ondernemen).
# Shape: `themes:` maps a theme id to its labels and descriptions (nl, en) and `impact_theme`:
# true when an enterprise can contribute to it (only those ids may appear in config/registry.csv `themes`);
# false for programme-level themes, whose metrics are computed for the municipality or the programme.
# Ids are stable: metrics (config/metrics.yaml) and reports refer to them.
version: 1
themes:
  economie:
    label_nl: Economie
    label_en: Economy
    description_nl: Aantal, groei en overleving van sociale ondernemingen en hun werkgelegenheid en omzet.
    description_en: Number, growth and survival of social enterprises, their employment and revenue.
    impact_theme: false
  werk_en_participatie:
    label_nl: Werk en participatie
    label_en: Work and participation
    description_nl: Betaald werk voor mensen met een afstand tot de arbeidsmarkt (PSO-doelgroep, banenafspraak).
    description_en: Paid work for people at a distance from the labour market (PSO target group, banenafspraak).
    impact_theme: true
  onderwijs:
    label_nl: Onderwijs
    label_en: Education
    description_nl: Leerwerkplekken, stages en trainingen die mensen naar werk of een diploma brengen.
    description_en: Learning/work places, internships and training that lead people to work or a qualification.
    impact_theme: true
  duurzaamheid:
    label_nl: Duurzaamheid
    label_en: Sustainability
    description_nl: Vermeden CO2-uitstoot en hergebruik of recycling van materialen en afval.
    description_en: Greenhouse-gas emissions avoided and reuse or recycling of materials and waste.
    impact_theme: true
  sociale_zaken:
    label_nl: Sociale zaken
    label_en: Social affairs
    description_nl: Ondersteuning van inwoners (cliënten, deelnemers) en uitstroom uit de bijstand.
    description_en: Support for residents (clients, participants) and outflow from social assistance.
    impact_theme: true
  inkoop:
    label_nl: Inkoop
    label_en: Procurement
    description_nl: Gemeentelijke inkoop bij sociale ondernemingen en de realisatie van social return (SROI).
    description_en: Municipal purchasing from social enterprises and the realisation of social return clauses.
    impact_theme: false
  financiering:
    label_nl: Financiering
    label_en: Finance
    description_nl: Verdiend inkomen, afhankelijkheid van subsidies en donaties, en opgehaalde financiering.
    description_en: Earned income, dependence on grants and donations, and finance raised.
    impact_theme: false
  samenwerking:
    label_nl: Samenwerking en netwerk
    label_en: Collaboration and network
    description_nl: Deelname aan de activiteiten van het programma, samenwerkingen, en inkopen bij andere sociale ondernemingen.
    description_en: Taking part in the programme's activities, partnerships, and purchases from other social enterprises.
    impact_theme: false
"""

W, O, D, S = "werk_en_participatie", "onderwijs", "duurzaamheid", "sociale_zaken"

# SBI 2008 codes used, with their description (SBI 2008, version 2019) as `sbiOmschrijving`. The texts of
# 10711, 47791, 88101 and 96012 were written from memory of the CBS list (no copy of it was available
# offline): check them against the CBS SBI 2008 list before relying on the labels.
SBI = {
    "10711": "Brood- en banketbakkerijen (ambachtelijk)",
    "10830": "Verwerking van thee en koffie",
    "01131": "Teelt van groenten in de volle grond",
    "14190": "Vervaardiging van overige kleding en accessoires",
    "16230": "Vervaardiging van overig timmerwerk",
    "38320": "Voorbereiding tot recycling",
    "43210": "Elektrotechnische bouwinstallatie",
    "47791": "Winkels in tweedehands goederen",
    "49320": "Taxivervoer",
    "49410": "Goederenvervoer over de weg (geen verhuizingen)",
    "56101": "Restaurants",
    "56210": "Eventcatering",
    "62010": "Ontwikkelen, produceren en uitgeven van software",
    "74101": "Communicatie- en grafisch ontwerp",
    "78201": "Uitzendbureaus",
    "81210": "Interieurreiniging van gebouwen",
    "81300": "Landschapsverzorging",
    "82920": "Verpakkingsbedrijven",
    "85592": "Bedrijfsopleiding en -training",
    "88101": "Thuiszorg",
    "95110": "Reparatie van computers en randapparatuur",
    "95240": "Reparatie van meubels en woningtextiel",
    "95290": "Reparatie van overige consumentenartikelen",
    "96012": "Chemische wasserijen en ververijen",
}

# Real Haarlem streets and the postcode numbers of their neighbourhood (letters are drawn).
STREETS = [
    ("Grote Markt", 2011), ("Zijlstraat", 2011), ("Gedempte Oude Gracht", 2011), ("Botermarkt", 2011),
    ("Kleine Houtstraat", 2011), ("Wilhelminastraat", 2011), ("Houtplein", 2012), ("Dreef", 2012),
    ("Zijlweg", 2013), ("Leidsevaart", 2014), ("Spaarndamseweg", 2021), ("Schoterweg", 2021),
    ("Rijksstraatweg", 2022), ("Kleverparkweg", 2023), ("Planetenlaan", 2024), ("Marsmanplein", 2025),
    ("Vondelweg", 2026), ("Oudeweg", 2031), ("Waarderweg", 2031), ("Conradweg", 2031), ("Figeeweg", 2031),
    ("Amsterdamsevaart", 2032), ("Amsterdamstraat", 2032), ("Schipholweg", 2034), ("Europaweg", 2035),
    ("Boerhaavelaan", 2035), ("Prof. Eijkmanlaan", 2035), ("Aziëweg", 2037),
]


@dataclass
class Spec:
    """One fictional enterprise: what the registry says and how it behaves over time."""
    name: str
    form: str                 # rechtsvorm: Stichting | BV | Cooperatie | Vereniging
    sbi: str
    themes: list[str]
    role: str                 # stable | hge | gazelle | scaleup | emerging | shrinking | exit | late
    founded: int
    entry: dt.date
    size: float = 10.0        # headcount at first return (stable: base level)
    street: str = "Waarderweg"
    exit: tuple[dt.date, str] | None = None
    pso: str = "none"
    pso30: bool = False
    code_so: bool = False
    basis: str = "municipal_assessment"
    leading_zero: bool = False
    fixed_kvk: str | None = None
    no_vestiging: bool = False
    tg_share: float = 0.3     # target-group share of FTE
    productivity: float = 14000.0  # revenue per FTE per quarter, EUR (2020 prices)
    earned: float = 0.8       # share of revenue from sales
    keypoints: dict[int, float] = field(default_factory=dict)  # quarter index -> headcount (classed roles)
    hospitality: bool = False


def d(y: int, m: int, day: int) -> dt.date:
    return dt.date(y, m, day)


# The registry. Roles decide the growth class at 2026Q3 (METRICS.md §7), checked after generation.
# Keypoints: quarter index (0 = 2020Q1, 11..14 = 2022Q4..2023Q3, 23..26 = 2025Q4..2026Q3) -> headcount.
SPECS: list[Spec] = [
    Spec("Stichting Werkplaats Spaarne", "Stichting", "95290", [W, D], "stable", 2004, d(2019, 3, 1), 34,
         "Oudeweg", pso="trede3", pso30=True, basis="pso30plus", leading_zero=True, tg_share=0.55,
         productivity=9000, earned=0.7),
    Spec("Bakkerij De Waarderzon B.V.", "BV", "10711", [W, O], "hge", 2012, d(2019, 3, 1), 12, "Waarderweg",
         pso="trede2", basis="pso_trede", tg_share=0.35, productivity=17000, earned=0.97,
         keypoints={0: 11, 8: 13, 11: 14, 12: 15, 13: 15, 14: 16, 18: 18, 23: 21, 24: 22, 25: 23, 26: 23}),
    Spec("Kringloopcentrum Schalkwijk", "Stichting", "47791", [D, W], "stable", 1998, d(2019, 3, 1), 28,
         "Europaweg", pso="trede3", pso30=True, basis="pso30plus", leading_zero=True, tg_share=0.6,
         productivity=8000, earned=0.75),
    Spec("Groenwerk Zuiderpolder B.V.", "BV", "81300", [W, D], "shrinking", 2009, d(2019, 3, 1), 23,
         "Schipholweg", pso="trede1", basis="pso_trede", tg_share=0.4, productivity=13000, earned=0.95,
         keypoints={0: 23, 8: 22, 11: 22, 12: 21, 13: 21, 14: 20, 18: 18, 22: 16, 23: 16, 24: 15, 25: 15, 26: 15}),
    Spec("Leerlunchroom De Vaart", "Stichting", "56101", [W, O], "stable", 2014, d(2019, 6, 1), 14,
         "Leidsevaart", pso="trede2", code_so=True, basis="code_sociale_ondernemingen", tg_share=0.45,
         productivity=11000, earned=0.85, hospitality=True),
    Spec("Fietswerk Haarlem-Noord", "Stichting", "95290", [D, W], "emerging", 2017, d(2019, 6, 1), 4,
         "Rijksstraatweg", pso="aspirant", basis="se_nl_member", tg_share=0.5, productivity=9500, earned=0.8,
         keypoints={0: 3, 8: 4, 11: 4, 12: 4, 13: 5, 14: 5, 18: 6, 22: 8, 23: 8, 24: 9, 25: 9, 26: 9}),
    Spec("Codeklas Haarlem B.V.", "BV", "62010", [W, O], "scaleup", 2015, d(2020, 1, 15), 15, "Conradweg",
         code_so=True, basis="code_sociale_ondernemingen", tg_share=0.3, productivity=16000, earned=0.92,
         keypoints={0: 14, 8: 16, 11: 17, 12: 17, 13: 18, 14: 18, 18: 19, 23: 19, 24: 20, 25: 20, 26: 21}),
    Spec("Wasserij De Schoterbleek", "BV", "96012", [W], "stable", 2001, d(2019, 3, 1), 19, "Schoterweg",
         pso="trede2", basis="pso_trede", fixed_kvk="12345706", tg_share=0.4, productivity=12000, earned=0.96),
    Spec("Coöperatie Zorg om de Hoek U.A.", "Cooperatie", "88101", [S, W], "stable", 2011, d(2019, 9, 1), 26,
         "Marsmanplein", basis="se_nl_member", tg_share=0.2, productivity=15000, earned=0.9),
    Spec("Grondstoffenwerkplaats Waarderpolder B.V.", "BV", "38320", [D, W], "stable", 2016, d(2019, 9, 1), 17,
         "Figeeweg", pso="trede1", basis="pso_trede", tg_share=0.35, productivity=12500, earned=0.9),
    Spec("Leerwerkbedrijf Nieuwe Kansen B.V.", "BV", "85592", [O, W, S], "gazelle", 2021, d(2021, 10, 1), 8,
         "Prof. Eijkmanlaan", pso="basistrede", code_so=True, basis="code_sociale_ondernemingen", tg_share=0.3,
         productivity=15000, earned=0.8,
         keypoints={7: 8, 8: 9, 9: 10, 10: 11, 11: 12, 12: 12, 13: 13, 14: 13, 18: 16, 22: 19, 23: 20, 24: 21,
                    25: 22, 26: 23}),
    Spec("Schoonmaakcoöperatie Samen Schoon U.A.", "Cooperatie", "81210", [W], "stable", 2013, d(2019, 11, 1),
         31, "Amsterdamstraat", pso="trede3", pso30=True, basis="pso30plus", tg_share=0.55, productivity=9500,
         earned=0.98),
    Spec("Cateringbedrijf De Gedeelde Tafel", "BV", "56210", [W, S], "stable", 2010, d(2020, 3, 1), 12,
         "Botermarkt", pso="trede1", basis="pso_trede", tg_share=0.4, productivity=14000, earned=0.93,
         hospitality=True),
    Spec("Zonnewerk Haarlem B.V.", "BV", "43210", [D, W], "emerging", 2018, d(2020, 5, 1), 5, "Waarderweg",
         basis="bcorp", tg_share=0.3, productivity=20000, earned=0.95,
         keypoints={1: 5, 8: 6, 11: 6, 12: 6, 13: 7, 14: 7, 18: 8, 22: 9, 23: 9, 24: 10, 25: 10, 26: 11}),
    Spec("Ontwerpstudio Anders Bekeken", "Stichting", "74101", [W], "stable", 2016, d(2020, 6, 1), 6,
         "Zijlstraat", basis="self_declared", tg_share=0.5, productivity=13000, earned=0.85),
    Spec("Stichting Taalwerkplaats Haarlem", "Stichting", "85592", [O, S], "stable", 2012, d(2019, 3, 1), 9,
         "Planetenlaan", basis="municipal_assessment", leading_zero=True, tg_share=0.1, productivity=10000,
         earned=0.55),
    Spec("Buurtrestaurant De Molenplaats", "Stichting", "56101", [S, W], "shrinking", 2008, d(2019, 5, 1), 13,
         "Vondelweg", pso="aspirant", basis="municipal_assessment", tg_share=0.5, productivity=9000,
         earned=0.7, hospitality=True,
         keypoints={0: 13, 8: 12, 11: 12, 12: 12, 13: 12, 14: 12, 18: 11, 22: 10, 23: 9, 24: 9, 25: 9, 26: 9}),
    Spec("Fietskoeriers Spaarnestad", "BV", "49410", [D, W], "emerging", 2019, d(2020, 2, 1), 2, "Kleverparkweg",
         basis="se_nl_member", tg_share=0.45, productivity=11000, earned=0.97,
         keypoints={0: 2, 8: 3, 11: 3, 12: 3, 13: 3, 14: 4, 18: 5, 22: 6, 23: 6, 24: 7, 25: 7, 26: 7}),
    Spec("Upcycle Atelier Zijlweg", "Stichting", "14190", [D, W], "stable", 2015, d(2020, 9, 1), 7, "Zijlweg",
         pso="aspirant", basis="self_declared", tg_share=0.45, productivity=8500, earned=0.65),
    Spec("Uitzendcoöperatie Werkkracht Haarlem U.A.", "Cooperatie", "78201", [W, S], "stable", 2014,
         d(2021, 1, 15), 22, "Dreef", pso="trede2", basis="pso_trede", tg_share=0.5, productivity=12000,
         earned=0.97),
    Spec("Theehuis De Kleine Houtweg", "Stichting", "56101", [W], "exit", 2016, d(2019, 3, 1), 8,
         "Kleine Houtstraat", exit=(d(2023, 6, 30), "opheffing"), tg_share=0.45, productivity=9000,
         earned=0.8, hospitality=True, keypoints={0: 8, 4: 7, 8: 6, 12: 4, 13: 3}),
    Spec("Laptopwerkplaats Haarlem", "Stichting", "95110", [D, O, W], "exit", 2017, d(2019, 6, 1), 9,
         "Gedempte Oude Gracht", exit=(d(2024, 10, 15), "relocation_out"), basis="se_nl_member",
         tg_share=0.35, productivity=10000, earned=0.75, keypoints={0: 8, 8: 10, 12: 11, 16: 12, 18: 12}),
    Spec("Stichting Buurtwerkplaats Delftwijk", "Stichting", "88101", [S, W], "exit", 2006, d(2019, 3, 1), 11,
         "Rijksstraatweg", exit=(d(2025, 3, 31), "merger"), pso="trede1", basis="pso_trede", tg_share=0.4,
         productivity=11000, earned=0.6, keypoints={0: 11, 8: 11, 12: 10, 16: 10, 19: 10, 20: 9}),
    Spec("Koffiebranderij Tweede Ronde", "BV", "10830", [W, O], "stable", 2018, d(2020, 10, 1), 8,
         "Amsterdamsevaart", code_so=True, basis="code_sociale_ondernemingen", tg_share=0.4, productivity=16000,
         earned=0.95),
    Spec("Stadsmoestuin Haarlem-Oost", "Stichting", "01131", [D, S], "stable", 2013, d(2019, 4, 1), 4,
         "Aziëweg", basis="municipal_assessment", tg_share=0.25, productivity=7000, earned=0.45),
    Spec("Het Open Atelier", "Stichting", "88101", [S], "stable", 2010, d(2019, 10, 1), 12, "Houtplein",
         basis="municipal_assessment", leading_zero=True, tg_share=0.15, productivity=12000, earned=0.6),
    Spec("Frisse Start Schoonmaak B.V.", "BV", "81210", [W], "stable", 2019, d(2021, 4, 1), 10,
         "Spaarndamseweg", pso="trede2", basis="pso_trede", tg_share=0.45, productivity=10000, earned=0.99),
    Spec("Meubelherstel De Krakeling", "Stichting", "95240", [D, W], "stable", 2011, d(2021, 6, 1), 6,
         "Conradweg", pso="aspirant", basis="self_declared", tg_share=0.5, productivity=9000, earned=0.8),
    Spec("Stichting Maatjeswerk Haarlem", "Stichting", "88101", [S], "stable", 2015, d(2022, 1, 10), 5,
         "Wilhelminastraat", basis="municipal_assessment", tg_share=0.0, productivity=9000, earned=0.4,
         no_vestiging=True),
    Spec("Groentetuin & Catering De Oogst", "BV", "56210", [D, W], "stable", 2020, d(2022, 5, 1), 7,
         "Schoterweg", basis="bcorp", tg_share=0.35, productivity=13000, earned=0.92, hospitality=True),
    Spec("Herstelcoöperatie Heel & Terug U.A.", "Cooperatie", "95290", [D], "late", 2023, d(2024, 2, 1), 3,
         "Boerhaavelaan", basis="self_declared", tg_share=0.0, productivity=8000, earned=0.7),
    Spec("Leerwerkbedrijf De Zaagbank", "Stichting", "16230", [W, O], "late", 2010, d(2024, 6, 15), 14,
         "Figeeweg", pso="trede2", basis="pso_trede", tg_share=0.5, productivity=10000, earned=0.8),
    Spec("Studio Inclusief Ontwerp", "BV", "74101", [W], "late", 2022, d(2024, 9, 1), 4, "Grote Markt",
         basis="se_nl_member", tg_share=0.4, productivity=14000, earned=0.95),
    Spec("Deelkeuken Spaarnestad", "Stichting", "56101", [S, W], "late", 2024, d(2025, 1, 15), 5,
         "Amsterdamstraat", basis="municipal_assessment", tg_share=0.4, productivity=9000, earned=0.7,
         hospitality=True),
    Spec("Stichting Digitale Buurthulp", "Stichting", "85592", [O, S], "late", 2019, d(2025, 4, 1), 6,
         "Marsmanplein", basis="municipal_assessment", tg_share=0.15, productivity=9000, earned=0.5),
    Spec("Textielhub Haarlem B.V.", "BV", "38320", [D, W], "late", 2024, d(2025, 9, 1), 4, "Waarderweg",
         basis="self_declared", tg_share=0.3, productivity=11000, earned=0.85),
    Spec("Koffiebar Op de Grens", "BV", "56101", [W], "late", 2024, d(2026, 2, 15), 4, "Zijlweg",
         basis="self_declared", tg_share=0.5, productivity=10000, earned=0.9, hospitality=True),
    Spec("Zorgfietsen Kennemerland B.V.", "BV", "49320", [S, D], "late", 2024, d(2026, 7, 1), 5,
         "Europaweg", basis="self_declared", tg_share=0.2, productivity=12000, earned=0.85),
    Spec("Montagewerkplaats Waarderpolder B.V.", "BV", "82920", [W], "stable", 2003, d(2019, 3, 1), 44,
         "Oudeweg", pso="trede3", pso30=True, basis="pso30plus", leading_zero=True, tg_share=0.6,
         productivity=9000, earned=0.9),
    Spec("Groen & Buurt Parkwijk", "Stichting", "81300", [W, D, S], "stable", 2012, d(2020, 11, 1), 9,
         "Vondelweg", pso="trede1", basis="pso_trede", tg_share=0.45, productivity=10500, earned=0.75),
]

NOT_IN_KVK = "Textielhub Haarlem B.V."            # no Basisprofiel: "not found in the Handelsregister"
WASTE_REPORTERS = {"Kringloopcentrum Schalkwijk": (45.0, 2.5), "Grondstoffenwerkplaats Waarderpolder B.V.": (22.0, 1.5)}
# How some enterprises write their own name on the return form (matching is by KvK-nummer, so harmless).
NAME_IN_RETURNS = {"Stichting Werkplaats Spaarne": "Stg. Werkplaats Spaarne",
                   "Schoonmaakcoöperatie Samen Schoon U.A.": "Samen Schoon",
                   "Groen & Buurt Parkwijk": "Groen & Buurt Parkwijk, wijkonderneming"}
CLASSED = {"hge", "gazelle", "scaleup", "emerging", "shrinking"}

LEGAL = {
    "Stichting": ("Stichting", "Stichting", "Nee"),
    "BV": ("BV", "Besloten Vennootschap", "Ja"),
    "Cooperatie": ("Coöperatie", "Coöperatie", "Ja"),
}


# ------------------------------------------------------------------------------------------------ helpers

def csv_text(rows: list[list[str]], delimiter: str = ",", newline: str = "\n") -> str:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator=newline, quoting=csv.QUOTE_MINIMAL)
    w.writerows(rows)
    return buf.getvalue()


def write(path: Path, data: bytes, written: list[Path]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    written.append(path)


def fmt1(x: float) -> str:
    return f"{x:.1f}"


def eur(x: float) -> str:
    return str(int(round(x)))


def eur2(x: float) -> str:
    return f"{x:.2f}"


def interp(keypoints: dict[int, float], i: int) -> float:
    ks = sorted(keypoints)
    if i <= ks[0]:
        return keypoints[ks[0]]
    if i >= ks[-1]:
        return keypoints[ks[-1]]
    for a, b in zip(ks, ks[1:]):
        if a <= i <= b:
            return keypoints[a] + (keypoints[b] - keypoints[a]) * (i - a) / (b - a)
    raise AssertionError


def rsin(r: Rand, used: set[str]) -> str:
    """A 9-digit RSIN that passes the elfproef (weights 9..2, last digit weight -1), as real RSINs do."""
    while True:
        digits = [r.int(1, 9)] + [r.int(0, 9) for _ in range(7)]
        s = sum(dg * w for dg, w in zip(digits, range(9, 1, -1)))
        last = s % 11
        if last == 10:
            continue
        out = "".join(map(str, digits)) + str(last)
        if out not in used:
            used.add(out)
            return out


def kvk_number(r: Rand, spec_founded: int, leading_zero: bool, used: set[str]) -> str:
    """Fictional KvK-nummer whose range fits the founding year (older numbers 0/34..., recent 8.../9...)."""
    while True:
        if leading_zero:
            k = "0" + str(r.int(1_000_000, 9_999_999))
        elif spec_founded < 2010:
            k = "34" + f"{r.int(0, 999_999):06d}"
        elif spec_founded < 2016:
            k = "5" + f"{r.int(0, 9_999_999):07d}"
        elif spec_founded < 2020:
            k = str(r.int(6, 7)) + f"{r.int(0, 9_999_999):07d}"
        elif spec_founded < 2023:
            k = "8" + f"{r.int(0, 9_999_999):07d}"
        else:
            k = "9" + f"{r.int(0, 9_999_999):07d}"
        if k not in used and not k.startswith("123456"):
            used.add(k)
            return k


def vestigingsnummer(r: Rand, used: set[str]) -> str:
    while True:
        v = f"0000{r.int(10_000_000, 59_999_999):08d}"
        if v not in used:
            used.add(v)
            return v


def postcode_letters(r: Rand) -> str:
    letters = "ABCEGHJKLMNPRTVWXZ"
    while True:
        pair = r.pick(letters) + r.pick(letters)
        if pair not in ("SA", "SD", "SS"):
            return pair


# ------------------------------------------------------------------------------------------------ model

@dataclass
class Enterprise:
    spec: Spec
    kvk: str
    vestiging: str
    postcode: str          # "2011 AB"
    house_number: str      # "12" or "12A"
    line: int = 0
    headcount: dict[Q, int] = field(default_factory=dict)
    returns: dict[Q, dict[str, float | None]] = field(default_factory=dict)

    @property
    def exit_date(self) -> dt.date | None:
        return self.spec.exit[0] if self.spec.exit else None

    def active_at_end(self, q: Q) -> bool:
        return is_active(self.spec.entry, self.exit_date, q.last_day)


def build_registry(r: Rand) -> list[Enterprise]:
    used_kvk: set[str] = {"12345706"}
    used_vest: set[str] = set()
    out = []
    for spec in SPECS:
        kvk = spec.fixed_kvk or kvk_number(r, spec.founded, spec.leading_zero, used_kvk)
        vest = vestigingsnummer(r, used_vest)
        number = dict(STREETS)[spec.street]
        pc = f"{number} {postcode_letters(r)}"
        hn = str(r.int(1, 180))
        if r.random() < 0.12:
            hn += r.pick("ABC")
        out.append(Enterprise(spec, kvk, vest, pc, hn))
    return out


def quarters_active(e: Enterprise, qs: list[Q]) -> list[Q]:
    return [q for q in qs if e.active_at_end(q)]


def headcount_path(e: Enterprise, qs: list[Q], r: Rand) -> dict[Q, int]:
    """Quarter-end headcount (werknemers) for every quarter the enterprise is active at quarter end."""
    act = quarters_active(e, qs)
    idx = {q: qs.index(q) for q in act}
    s = e.spec
    if s.keypoints:
        path = {}
        for q in act:
            base = interp(s.keypoints, idx[q])
            # small noise, but never inside the two HGE windows of the classed roles
            if s.role in CLASSED and (q in WINDOW_T or q in WINDOW_T0):
                v = round(base)
            else:
                v = round(base + r.pick([-1, 0, 0, 0, 1]))
            path[q] = max(1, v)
        return path
    # stable and late entrants: drift plus noise, redrawn until the 3-year ratio is stable (0.9 .. 1.331)
    for _ in range(200):
        drift = r.uniform(-0.03, 0.06)
        path = {}
        for q in act:
            years = (idx[q] - idx[act[0]]) / 4
            v = s.size * (1 + drift) ** years + r.pick([-1, 0, 0, 0, 1]) * (1 if s.size >= 6 else 0)
            path[q] = max(1, round(v))
        if s.role != "stable" or not all(q in path for q in WINDOW_T + WINDOW_T0):
            return path
        e0 = sum(path[q] for q in WINDOW_T0) / 4
        et = sum(path[q] for q in WINDOW_T) / 4
        if 0.92 < et / e0 < 1.25:
            return path
    raise AssertionError(f"{s.name}: no stable path found")


def season(q: Q, hospitality: bool) -> float:
    base = {1: 0.95, 2: 1.0, 3: 0.97, 4: 1.08}[q.q]
    if hospitality:
        if q == Q(2020, 2):
            return 0.45  # first lockdown
        if q in (Q(2020, 4), Q(2021, 1)):
            return 0.6   # second lockdown
        base = {1: 0.9, 2: 1.05, 3: 1.1, 4: 0.95}[q.q]
    return base


def make_network_returns(e: Enterprise, seed: int) -> None:
    """The columns of issue 16 (demolib.NETWORK_COLUMNS), added to ``e.returns`` from a random source of their own
    (seeded by the demo seed and the KvK-nummer), so that every earlier column keeps its bytes.

    Per enterprise: a B2G share of its sales (government customers), a training effort per FTE, a share of its
    target-group staff in the doelgroepregister (Banenafspraak) with their contracted weekly hours, a hiring rate
    from bijstand, a purchasing share of revenue and the part bought from social enterprises, a propensity to take
    part in programme activities and a number of partnerships; external finance is raised in a few quarters."""
    r = Rand(seed * 100_000_003 + int(e.kvk))
    s = e.spec
    b2g = 0.0 if r.random() < 0.25 else r.uniform(0.03, 0.35)
    training = r.uniform(2.0, 9.0)                                  # hours per FTE per quarter
    ba_share = r.uniform(0.2, 0.5) if W in s.themes else r.uniform(0.0, 0.15)
    ba_hours = r.uniform(18, 30)                                    # contracted hours a week per person
    hire_rate = r.uniform(0.005, 0.02) if s.tg_share >= 0.3 else r.uniform(0.0, 0.008)
    purchasing = r.uniform(0.2, 0.45)
    social = 0.0 if r.random() < 0.3 else r.uniform(0.02, 0.25)
    attend = 0.0 if r.random() < 0.35 else r.uniform(0.1, 0.5)
    partners = r.int(0, 4)
    raises = 0.12 if s.role in ("scaleup", "gazelle", "hge") else 0.05
    for q in sorted(e.returns):
        row = e.returns[q]
        h = row["werknemers"] or 0
        tg_head = row["doelgroep_werknemers"] or 0
        sales = row["omzet_verkoop_eur"] or 0
        ba_people = min(tg_head, round(tg_head * ba_share))
        spend = round((row["omzet_eur"] or 0) * purchasing * r.uniform(0.9, 1.1))
        if r.random() < 0.15:
            partners = max(0, partners + r.pick([-1, 1, 1]))
        row.update({
            "omzet_overheid_eur": round(sales * b2g * r.uniform(0.85, 1.15)) if b2g else 0,
            "externe_financiering_eur": (r.int(5, 50) * 5000 if r.random() < raises else 0),
            "opleidingsuren_personeel": round(row["fte"] * training * r.uniform(0.7, 1.3)),
            "doelgroep_weekuren_banenafspraak": round(sum(ba_hours * r.uniform(0.9, 1.1) for _ in range(ba_people))),
            "instroom_uit_bijstand": sum(1 for _ in range(max(1, h // 4)) if r.random() < hire_rate * 4),
            "inkoop_totaal_eur": spend,
            "inkoop_sociaal_eur": round(spend * social * r.uniform(0.8, 1.2)),
            "programma_activiteiten": sum(1 for _ in range(2) if r.random() < attend),
            "samenwerkingen": partners,
        })


def make_returns(e: Enterprise, qs: list[Q], r: Rand) -> None:
    s = e.spec
    pt = r.uniform(0.62, 0.85)                 # FTE per head
    tg_pt = pt * r.uniform(0.8, 0.95)          # target-group staff work fewer hours
    clients_per_head = r.uniform(4, 14)
    trained_per_head = r.uniform(0.3, 1.0)
    places_per_head = r.uniform(0.15, 0.35)
    co2_per_head = r.uniform(0.4, 2.5)
    waste = WASTE_REPORTERS.get(s.name)
    for q in sorted(e.headcount):
        h = e.headcount[q]
        years = (q.year - 2020) + (q.q - 1) / 4
        fte = round(h * pt * r.uniform(0.97, 1.03), 1)
        share = max(0.0, min(0.9, s.tg_share * r.uniform(0.93, 1.07)))
        tg_fte = round(fte * share, 1)
        tg_head = min(h, max(0, round(tg_fte / tg_pt))) if tg_fte > 0 else 0
        productivity = s.productivity * (1.03 ** years)           # prices and wages up ~3 % a year
        if s.role == "scaleup":                                   # new contracts: revenue per FTE up fast
            productivity *= 1.0 + max(0.0, years - 2.5) * 0.17
        revenue = fte * productivity * season(q, s.hospitality) * r.uniform(0.95, 1.05)
        sales = revenue * min(0.99, s.earned * r.uniform(0.97, 1.03))
        row: dict[str, float | None] = {
            "werknemers": h, "fte": fte, "doelgroep_fte": tg_fte, "doelgroep_werknemers": tg_head,
            "omzet_eur": round(revenue), "omzet_verkoop_eur": round(sales),
            "subsidies_donaties_eur": round(revenue) - round(sales),
            "clienten": round(h * clients_per_head * r.uniform(0.85, 1.15)) if S in s.themes else None,
            "getrainde_personen": round(h * trained_per_head * r.uniform(0.7, 1.3)) if O in s.themes else None,
            "leerwerkplekken": max(1, round(h * places_per_head)) if O in s.themes else None,
            "co2_vermeden_ton": round(h * co2_per_head * r.uniform(0.85, 1.15), 1) if D in s.themes else None,
            "afval_hergebruikt_ton": (round((waste[0] + waste[1] * years) * season(q, False)
                                            * r.uniform(0.9, 1.1), 1) if waste else None),
        }
        e.returns[q] = row


# ------------------------------------------------------------------------------------------------ messy plan

@dataclass
class Messy:
    file: str
    line: int
    what: str
    expected: str


# Habitual late or non-responders: they (and recent entrants) carry most of the non-response.
IRREGULAR = {"Upcycle Atelier Zijlweg", "Stadsmoestuin Haarlem-Oost", "Meubelherstel De Krakeling",
             "Stichting Maatjeswerk Haarlem", "Het Open Atelier"}


def choose_reporters(ents: list[Enterprise], qs: list[Q], r: Rand, must: dict[Q, set[str]]) -> dict[Q, list[Enterprise]]:
    """Who sends a return per quarter: ~90 % of active enterprises, ~70 % in 2026Q1 (a `partial` quarter).
    Classed enterprises always report from 2022Q4 on (growth rules never use imputed endpoints); inside the
    two HGE windows only irregular reporters and recent entrants miss returns, elsewhere anyone may."""
    out = {}
    for q in qs:
        active = [e for e in ents if q in e.headcount]
        in_window = q in WINDOW_T or q in WINDOW_T0
        protected = {id(e) for e in active if e.spec.name in must.get(q, set())
                     or (e.spec.role in CLASSED and q >= WINDOW_T0[0])}
        pool = [e for e in active if id(e) not in protected
                and (not in_window or e.spec.name in IRREGULAR or e.spec.role == "late")]
        if q == Q(2026, 1):
            n_missing = round(0.30 * len(active))
        else:
            n_missing = max(0, round(0.10 * len(active)) + r.pick([-1, 0, 0, 1]))
            n_missing = min(n_missing, math.floor(0.17 * len(active)))  # keep >= 80 %: status ok
        missing = {id(e) for e in r.shuffled(pool)[:n_missing]}
        out[q] = [e for e in active if id(e) not in missing]
    return out


def return_cells(e: Enterprise, q: Q, row: dict[str, float | None], decimal_comma: bool) -> list[str]:
    def num(key: str, one_decimal: bool) -> str:
        v = row[key]
        if v is None:
            return ""
        s = fmt1(v) if one_decimal else str(int(v))
        return s.replace(".", ",") if decimal_comma else s
    return [e.kvk, e.vestiging, NAME_IN_RETURNS.get(e.spec.name, e.spec.name), str(q),
            num("werknemers", False), num("fte", True), num("doelgroep_fte", True), num("doelgroep_werknemers", False),
            num("omzet_eur", False), num("omzet_verkoop_eur", False), num("subsidies_donaties_eur", False),
            num("clienten", False), num("getrainde_personen", False), num("leerwerkplekken", False),
            num("co2_vermeden_ton", True), num("afval_hergebruikt_ton", True)] + [
            num(c, False) for c in NETWORK_COLUMNS]


def by_name(ents: list[Enterprise], name: str) -> Enterprise:
    return next(e for e in ents if e.spec.name == name)


def write_returns(ents: list[Enterprise], qs: list[Q], r: Rand, root: Path, written: list[Path]) -> tuple[list[Messy], dict]:
    # The enterprises that carry a messy record must report in that quarter.
    plan = {
        Q(2021, 4): ("bom", None),
        Q(2022, 2): ("excel_nl", None),
        Q(2024, 2): ("scientific", "Wasserij De Schoterbleek"),
        Q(2023, 2): ("padded", ("Groenwerk Zuiderpolder B.V.", "Montagewerkplaats Waarderpolder B.V.")),
        Q(2024, 4): ("duplicate", "Coöperatie Zorg om de Hoek U.A."),
        Q(2025, 2): ("unknown", None),
        Q(2026, 2): ("empty_cell", "Stichting Werkplaats Spaarne"),
        Q(2026, 3): ("seven_digit", "Stichting Taalwerkplaats Haarlem"),
    }
    must: dict[Q, set[str]] = {}
    for q, (_, who) in plan.items():
        if isinstance(who, str):
            must[q] = {who}
        elif isinstance(who, tuple):
            must[q] = set(who)
    reporters = choose_reporters(ents, qs, r, must)
    messy: list[Messy] = []
    stats = {}
    unknown_kvk = "71835402"
    for q in qs:
        name = f"impact-{q}.csv"
        rel = f"pipelines/haarlem-demo/returns/{name}"
        kind, who = plan.get(q, (None, None))
        decimal_comma = kind == "excel_nl"
        rows = [RETURN_COLUMNS]
        order = r.shuffled(reporters[q])  # submission order of the municipal form
        extra_lines: list[tuple[int, list[str], Messy]] = []
        for e in order:
            cells = return_cells(e, q, e.returns[q], decimal_comma)
            line = len(rows) + 1
            if kind == "scientific" and e.spec.name == who:
                cells[0] = "1.23457E+07"
                cells[1] = ""
                messy.append(Messy(rel, line, f"KvK-nummer in scientific notation `1.23457E+07` (an Excel cell "
                                   f"formatted as number; was {e.kvk}, {e.spec.name}), vestigingsnummer emptied",
                                   "rejected (`kvk_nummer` not an 8-digit KvK-nummer; not repaired: the digits are "
                                   "lost); the enterprise counts as not reporting in 2024Q2"))
            elif kind == "padded" and e.spec.name in who:
                if e.spec.name == who[0]:
                    cells[0] = e.kvk + "  "
                    cells[1] = e.vestiging + " "
                    what = "KvK-nummer and vestigingsnummer padded with trailing spaces (fixed-width export)"
                else:
                    cells[0] = " " + e.kvk
                    what = "KvK-nummer with a leading space"
                messy.append(Messy(rel, line, f"{what}: `{cells[0]}` ({e.spec.name})",
                                   "codes trimmed, then matched by KvK-nummer; no reject"))
            elif kind == "empty_cell" and e.spec.name == who:
                cells[RETURN_COLUMNS.index("omzet_eur")] = ""
                messy.append(Messy(rel, line, f"`omzet_eur` empty ({e.spec.name}; the other cells are filled)",
                                   "revenue_total missing for this enterprise and quarter, never 0; its R4Q revenue "
                                   "for 2026Q2 and 2026Q3 cannot be formed (needs 4 quarters); the row is used"))
            elif kind == "seven_digit" and e.spec.name == who:
                cells[0] = e.kvk.lstrip("0")
                messy.append(Messy(rel, line, f"KvK-nummer `{cells[0]}` has 7 digits: the leading zero of "
                                   f"{e.kvk} ({e.spec.name}) was lost",
                                   "repaired by the logged left-pad rule (\"hersteld: voorloopnullen\") and matched "
                                   f"to {e.kvk}"))
            rows.append(cells)
            if kind == "duplicate" and e.spec.name == who:
                rows.append(list(cells))
                messy.append(Messy(rel, line + 1, f"exact duplicate of line {line} ({e.spec.name})",
                                   "merged: counted once (ledger `merged` 1), no reject"))
        if kind == "unknown":
            cells = [unknown_kvk, "000071835402", "Stichting De Nieuwe Ronde", str(q), "6", "4.2", "2.1", "3",
                     "41250", "33000", "8250", "", "", "", "", ""] + [""] * len(NETWORK_COLUMNS)
            pos = 1 + r.int(1, len(rows) - 1)
            rows.insert(pos, cells)
            for m in messy:  # later rows of this file moved down one line (none planned; defensive)
                if m.file == rel and m.line >= pos + 1:
                    m.line += 1
            messy.append(Messy(rel, pos + 1, f"return from KvK-nummer {unknown_kvk} (\"Stichting De Nieuwe Ronde\"),"
                               " which is not in config/registry.csv",
                               "rejected \"not in registry\" (no match by KvK-nummer, vestigingsnummer or name)"))
        if kind == "excel_nl":
            data = csv_text(rows, ";", "\r\n").encode("utf-8")
            messy.append(Messy(rel, 1, "whole file: Dutch Excel export: `;` separators, decimal commas "
                               "(`fte` `12,4`), CRLF line ends",
                               "separator detected, decimal commas read as decimals; all rows used"))
        elif kind == "bom":
            data = b"\xef\xbb\xbf" + csv_text(rows).encode("utf-8")
            messy.append(Messy(rel, 1, "whole file starts with a UTF-8 BOM (Excel \"CSV UTF-8\")",
                               "BOM stripped; the first header is exactly `kvk_nummer`; all rows used"))
        else:
            data = csv_text(rows).encode("utf-8")
        write(root / rel, data, written)
        active = sum(1 for e in ents if q in e.headcount)
        stats[str(q)] = {"active": active, "rows": len(rows) - 1, "reporting": len(reporters[q])}
    return messy, stats


# ------------------------------------------------------------------------------------------------ KvK

def volledig_adres(street: str, number: str, postcode: str, plaats: str) -> str:
    left = f"{street} {number}"
    return left.ljust(52) + f"{postcode} {plaats}"


def basisprofiel(e: Enterprise, r: Rand, rsins: set[str]) -> dict:
    s = e.spec
    k = e.kvk
    start = dt.date(s.founded, r.int(1, 12), r.int(1, 28))
    formeel = start + dt.timedelta(days=r.int(0, 40))
    last_q = max(e.headcount) if e.headcount else None
    werkzaam = (e.headcount[last_q] if last_q else int(s.size)) + (1 if s.form != "Stichting" else 0)
    street, plaats, pc = s.street, "Haarlem", e.postcode.replace(" ", "")
    number = e.house_number
    if s.exit and s.exit[1] == "relocation_out":  # moved out of Haarlem: the Handelsregister shows the new address
        street, plaats, pc, number = "Contactweg", "Amsterdam", "1014AN", str(r.int(2, 60))
    hnum = int("".join(ch for ch in number if ch.isdigit()))
    toevoeging = "".join(ch for ch in number if ch.isalpha())
    adres = {"type": "bezoekadres", "indAfgeschermd": "Nee",
             "volledigAdres": volledig_adres(street, f"{hnum} {toevoeging}".strip(), pc, plaats),
             "straatnaam": street, "huisnummer": hnum}
    if toevoeging:
        adres["huisnummerToevoeging"] = toevoeging
    adres.update({"postcode": pc, "plaats": plaats, "land": "Nederland"})
    materieel = {"datumAanvang": start.strftime("%Y%m%d")}
    if s.exit and s.exit[1] in ("opheffing", "merger"):
        materieel["datumEinde"] = s.exit[0].strftime("%Y%m%d")
    rechtsvorm, uitgebreid, commercieel = LEGAL[s.form]
    sbi = [{"sbiCode": s.sbi, "sbiOmschrijving": SBI[s.sbi], "indHoofdactiviteit": "Ja"}]
    side = {"95290": "95110", "56101": "56210", "56210": "56101", "81300": "01131", "85592": "78201",
            "38320": "47791", "10711": "56101"}.get(s.sbi)
    if side and r.random() < 0.5:
        sbi.append({"sbiCode": side, "sbiOmschrijving": SBI[side], "indHoofdactiviteit": "Nee"})
    handelsnamen = [{"naam": s.name, "volgorde": 0}]
    statutair = s.name if s.form != "Stichting" or s.name.startswith("Stichting") else f"Stichting {s.name}"
    if statutair != s.name:
        handelsnamen.append({"naam": statutair, "volgorde": 1})
    base = f"{API}/basisprofielen/{k}"
    profile = {
        "kvkNummer": k,
        "indNonMailing": r.pick(["Ja", "Nee"]),
        "naam": s.name,
        "formeleRegistratiedatum": formeel.strftime("%Y%m%d"),
        "materieleRegistratie": materieel,
        "statutaireNaam": statutair,
        "totaalWerkzamePersonen": werkzaam,
        "handelsnamen": handelsnamen,
        "sbiActiviteiten": sbi,
        "links": [{"rel": "self", "href": base}, {"rel": "vestigingen", "href": f"{base}/vestigingen"}],
        "_embedded": {
            "hoofdvestiging": {
                "vestigingsnummer": e.vestiging,
                "kvkNummer": k,
                "eersteHandelsnaam": s.name,
                "indHoofdvestiging": "Ja",
                "indCommercieleVestiging": commercieel,
                "totaalWerkzamePersonen": werkzaam,
                "adressen": [adres],
                "links": [
                    {"rel": "self", "href": f"{base}/hoofdvestiging"},
                    {"rel": "vestigingen", "href": f"{base}/vestigingen"},
                    {"rel": "basisprofiel", "href": base},
                    {"rel": "vestigingsprofiel", "href": f"{API}/vestigingsprofielen/{e.vestiging}"},
                ],
            },
            "eigenaar": {
                "rsin": rsin(r, rsins),
                "rechtsvorm": rechtsvorm,
                "uitgebreideRechtsvorm": uitgebreid,
                "links": [{"rel": "self", "href": f"{base}/eigenaar"}, {"rel": "basisprofiel", "href": base}],
            },
        },
    }
    return profile


# ------------------------------------------------------------------------------------------------ procurement

CATEGORIES = [
    # categorie, kind (diensten|leveringen|werken), beinvloedbaar, median EUR, SE supplier names
    ("Schoonmaakdiensten", "diensten", "ja", 60000, ["Schoonmaakcoöperatie Samen Schoon U.A.", "Frisse Start Schoonmaak B.V."]),
    ("Groenonderhoud", "diensten", "ja", 70000, ["Groenwerk Zuiderpolder B.V.", "Groen & Buurt Parkwijk"]),
    ("Catering en evenementen", "diensten", "ja", 18000, ["Cateringbedrijf De Gedeelde Tafel", "Leerlunchroom De Vaart", "Groentetuin & Catering De Oogst"]),
    ("Inhuur personeel", "diensten", "ja", 90000, ["Uitzendcoöperatie Werkkracht Haarlem U.A."]),
    ("Re-integratie en participatie", "diensten", "ja", 80000, ["Leerwerkbedrijf Nieuwe Kansen B.V.", "Stichting Werkplaats Spaarne"]),
    ("ICT-diensten en software", "diensten", "ja", 75000, ["Codeklas Haarlem B.V."]),
    ("Advies en onderzoek", "diensten", "ja", 35000, []),
    ("Drukwerk en communicatie", "leveringen", "ja", 15000, ["Ontwerpstudio Anders Bekeken"]),
    ("Kantoorinrichting", "leveringen", "ja", 40000, ["Meubelherstel De Krakeling"]),
    ("Bedrijfskleding", "leveringen", "ja", 25000, []),
    ("Beveiliging", "diensten", "ja", 55000, []),
    ("Leerlingen- en Wmo-vervoer", "diensten", "ja", 250000, []),
    ("Onderhoud openbare ruimte", "werken", "ja", 180000, []),
    ("Bouw en renovatie", "werken", "ja", 400000, []),
    ("Opleiding en training", "diensten", "ja", 20000, ["Stichting Taalwerkplaats Haarlem"]),
    ("Wasserij en textielbeheer", "diensten", "ja", 30000, ["Wasserij De Schoterbleek"]),
    ("Verpakking en mailing", "diensten", "ja", 20000, ["Montagewerkplaats Waarderpolder B.V."]),
    ("Energie (landelijke raamovereenkomst)", "leveringen", "nee", 300000, []),
    ("Verzekeringen", "diensten", "nee", 120000, []),
    ("Softwarelicenties (rijksbrede raamovereenkomst)", "leveringen", "nee", 90000, []),
]
CAT_WEIGHTS = [16, 14, 14, 14, 8, 14, 18, 10, 8, 6, 8, 6, 12, 8, 8, 4, 4, 4, 4, 6]
SUPPLIER_PREFIX = ["Duinvaart", "Spaarnekade", "Kennemerduin", "Houtvaart", "Zuiderbuiten", "Polderkracht",
                   "Rivierzicht", "Westerkim", "Noorderbrug", "Lindenhorst", "Eikenrode", "Strandwal", "Binnenduin",
                   "Merelhof", "Ringvaart", "Veenzicht", "Zandvoorde", "Oosterhout", "Koppelpoort", "Dijkzicht",
                   "Graslanden", "Molenkade", "Schelpenpad", "Helmduin", "Watergang", "Brugzicht", "Tuinwijk",
                   "Kraaienest", "Stadsrand", "Zeewering", "Havenhoofd", "Kanaalzicht", "Vijverhof", "Lindelaan",
                   "Polderweg", "Meerzicht"]
SUPPLIER_ACTIVITY = {
    "Schoonmaakdiensten": "Schoonmaak", "Groenonderhoud": "Groenvoorziening", "Catering en evenementen": "Catering",
    "Inhuur personeel": "Detachering", "Re-integratie en participatie": "Re-integratie",
    "ICT-diensten en software": "ICT", "Advies en onderzoek": "Advies", "Drukwerk en communicatie": "Drukwerk",
    "Kantoorinrichting": "Kantoorinrichting", "Bedrijfskleding": "Bedrijfskleding", "Beveiliging": "Beveiliging",
    "Leerlingen- en Wmo-vervoer": "Personenvervoer", "Onderhoud openbare ruimte": "Infra",
    "Bouw en renovatie": "Bouw", "Opleiding en training": "Opleidingen", "Wasserij en textielbeheer": "Textielservice",
    "Verpakking en mailing": "Mailservice", "Energie (landelijke raamovereenkomst)": "Energie",
    "Verzekeringen": "Verzekeringen", "Softwarelicenties (rijksbrede raamovereenkomst)": "Software",
}
SE_SHARE_TARGET = 0.125   # of addressable (beinvloedbaar) spend, 2020-2026


def weighted(r: Rand, weights: list[int]) -> int:
    x = r.random() * sum(weights)
    for i, w in enumerate(weights):
        x -= w
        if x < 0:
            return i
    return len(weights) - 1


def workday(r: Rand, start: dt.date, end: dt.date) -> dt.date:
    while True:
        day = start + dt.timedelta(days=r.int(0, (end - start).days))
        if day.weekday() < 5:
            return day


def write_procurement(ents: list[Enterprise], r: Rand, root: Path, written: list[Path], used_kvk: set[str]) -> tuple[list[Messy], dict]:
    se_kvk = {e.spec.name: e.kvk for e in ents}
    # ~105 other suppliers, fictional; 2-4 per category
    suppliers: dict[str, list[tuple[str, str]]] = {}
    names_used: set[str] = set()
    prefixes = r.shuffled(SUPPLIER_PREFIX)
    pi = 0
    for cat, *_ in CATEGORIES:
        lst = []
        for _ in range(r.int(6, 8)):
            prefix = prefixes[pi % len(prefixes)]
            pi += 1
            form = r.pick(["B.V.", "B.V.", "B.V.", "Groep B.V.", "& Partners", "N.V."])
            name = f"{prefix} {SUPPLIER_ACTIVITY[cat]} {form}"
            if name in names_used:
                continue
            names_used.add(name)
            founded = r.int(1980, 2022)
            lst.append((kvk_number(r, founded, r.random() < 0.08, used_kvk), name))
        suppliers[cat] = lst
    awards = []
    start, end = dt.date(2020, 1, 6), REPORT_DATE
    for _ in range(300):
        ci = weighted(r, CAT_WEIGHTS)
        cat, kind, addressable, median, se_names = CATEGORIES[ci]
        day = workday(r, start, end)
        amount = median * math.exp(r.normal(0, 0.9))
        amount = min(max(amount, 2500.0), 4_500_000.0)
        if se_names and r.random() < 0.35:
            sname = r.pick(se_names)
            e = by_name(ents, sname)
            if not (e.spec.entry <= day and (e.exit_date is None or day < e.exit_date)):
                sname = None
        else:
            sname = None
        if sname:
            kvk, name, is_se = se_kvk[sname], sname, True
        else:
            kvk, name = r.pick(suppliers[cat])
            is_se = False
        awards.append({"day": day, "cat": cat, "kind": kind, "addr": addressable, "amount": amount,
                       "kvk": kvk, "name": name, "se": is_se})
    # Scale the social-enterprise awards so that they hold SE_SHARE_TARGET of addressable spend.
    se_sum = sum(a["amount"] for a in awards if a["se"] and a["addr"] == "ja")
    other = sum(a["amount"] for a in awards if not a["se"] and a["addr"] == "ja")
    factor = SE_SHARE_TARGET * other / ((1 - SE_SHARE_TARGET) * se_sum)
    for a in awards:
        if a["se"]:
            a["amount"] *= factor
        a["amount"] = round(a["amount"], 2) if a["amount"] < 10000 else round(a["amount"] / 50) * 50.0
    awards.sort(key=lambda a: (a["day"], a["name"]))
    rows = [PROCUREMENT_COLUMNS]
    seq: dict[int, int] = {}
    bad_index = None
    candidates = [i for i, a in enumerate(awards) if not a["se"] and a["addr"] == "ja" and a["amount"] < 200000
                  and a["day"].year == 2024]
    bad_index = candidates[r.int(0, len(candidates) - 1)]
    stats = {"awards": len(awards), "sroi": 0, "se_awards": sum(a["se"] for a in awards)}
    for i, a in enumerate(awards):
        y = a["day"].year
        seq[y] = seq.get(y, 0) + 1
        cid = f"HLM-{y}-{seq[y]:04d}"
        threshold = 500000 if a["kind"] == "werken" else 200000
        pct = 2 if a["kind"] == "werken" else 5
        if a["addr"] == "ja" and a["amount"] > threshold and i != bad_index:
            obligation = round(a["amount"] * pct / 100, 2)
            years = r.pick([2, 3, 4])
            elapsed = (REPORT_DATE - a["day"]).days / (365.25 * years)
            performance = r.uniform(0.55, 1.05)
            realised = round(obligation * min(1.0, elapsed) * performance, 2)
            sroi = ["ja", str(pct), eur2(obligation), eur2(realised)]
            stats["sroi"] += 1
        else:
            sroi = ["nee", "", "", ""]
        amount = "n.t.b." if i == bad_index else eur2(a["amount"])
        rows.append([cid, a["kvk"], a["name"], a["day"].isoformat(), amount, a["cat"], a["addr"]] + sroi)
    rel = "pipelines/haarlem-demo/procurement/inkoop-gunningen.csv"
    write(root / rel, csv_text(rows).encode("utf-8"), written)
    addressable = [a for i, a in enumerate(awards) if a["addr"] == "ja" and i != bad_index]
    stats["suppliers"] = len({a["kvk"] for a in awards})
    stats["se_suppliers"] = len({a["kvk"] for a in awards if a["se"]})
    stats["se_share_addressable"] = (sum(a["amount"] for a in addressable if a["se"])
                                     / sum(a["amount"] for a in addressable))
    bad = rows[bad_index + 1]
    messy = [Messy(rel, bad_index + 2, f"`bedrag_eur` is `n.t.b.` (contract {bad[0]}, {bad[2]})",
                   "rejected: amount not a number (the other 299 awards are used)")]
    return messy, stats


# ------------------------------------------------------------------------------------------------ main

def registry_rows(ents: list[Enterprise]) -> list[list[str]]:
    rows = [REGISTRY_COLUMNS]
    for e in ents:
        s = e.spec
        rows.append([
            e.kvk, "" if s.no_vestiging else e.vestiging, s.name, e.postcode, e.house_number, "GM0392", "Haarlem",
            s.sbi, ";".join(s.themes), s.pso, "ja" if s.pso30 else "nee", "ja" if s.code_so else "nee", s.basis,
            str(s.founded), s.entry.isoformat(), s.exit[0].isoformat() if s.exit else "", s.exit[1] if s.exit else "",
        ])
        e.line = len(rows)
    return rows


REGISTRY_SAMPLE = """\
# config/registry.csv is sample data

The enterprises in `config/registry.csv` are **fictional**. They were generated by
`tools/demo/generate_demo.py --seed 392 --out .` for the Haarlem demo pipeline
(`pipelines/haarlem-demo.yaml`). Their names, KvK-nummers, vestigingsnummers, RSINs, founding years,
PSO levels and numbers do not describe real organisations; any likeness to a real enterprise is
unintended. Street names are real Haarlem streets; the postcode letters and house numbers are drawn at
random. SBI codes are real SBI 2008 codes chosen to fit each activity.

A municipality replaces this file with its own register (same columns, see docs/ARCHITECTURE.md) and
keeps it out of public repositories if it holds anything that is not public.
"""


def readme(ents: list[Enterprise], messy: list[Messy], per_q: dict, pstats: dict, classes: dict, registry: dict,
           seed: int) -> str:
    lines = []
    add = lines.append
    add("# Haarlem demo data (`pipelines/haarlem-demo.yaml`)")
    add("")
    add("Everything in this folder except `cbs/` is **fictional sample data**, generated by")
    add(f"`python3 tools/demo/generate_demo.py --seed {seed} --out .` (same seed, same bytes; "
        "`python3 tools/demo/check_demo.py` verifies that and prints the counts below).")
    add("`cbs/` holds trimmed real CBS responses, see `cbs/SOURCES.md`. Do not edit generated files by hand: change")
    add("the generator and regenerate.")
    add("")
    add("| path | what | stands in for |")
    add("|---|---|---|")
    add("| `../../config/registry.csv` | the register: 40 fictional social enterprises in Haarlem | the municipality's own list |")
    add("| `kvk/basisprofielen/<kvk>.json` | KvK API Basisprofiel per registry enterprise (one missing on purpose) | `https://api.kvk.nl/api/v1/basisprofielen/{kvk_number}` |")
    add("| `returns/impact-<YYYYQn>.csv` | quarterly impact returns, 2020Q1-2026Q3: stocks at quarter end, flows over the quarter | the programme's return form export |")
    add("| `procurement/inkoop-gunningen.csv` | contract awards of the municipality 2020-2026 | the inkoop/contract register |")
    add("| `cbs/<table>/` | CBS StatLine snapshots (real data) | `datasets.cbs.nl/odata/v1/CBS/...`, `opendata.cbs.nl/ODataFeed/OData/83599NED` |")
    add("")
    add("## Messy records (on purpose)")
    add("")
    add("Lines are physical lines, 1-based, the header being line 1.")
    add("")
    add("| file | line | record | expected outcome |")
    add("|---|---|---|---|")
    for m in sorted(messy, key=lambda m: (m.file, m.line)):
        add(f"| `{m.file.removeprefix('pipelines/haarlem-demo/')}` | {m.line} | {m.what} | {m.expected} |")
    kv_missing = by_name(ents, NOT_IN_KVK)
    add(f"| `kvk/basisprofielen/{kv_missing.kvk}.json` | - | no file: {NOT_IN_KVK} (registry line {kv_missing.line}) "
        "is not in the Handelsregister | diagnostic \"not found in the Handelsregister\"; the run goes on |")
    add("")
    add("Other things a reader may notice, all intended: empty theme cells (`clienten` only for `sociale_zaken`,")
    add("`getrainde_personen`/`leerwerkplekken` only for `onderwijs`, `co2_vermeden_ton` only for `duurzaamheid`)")
    add("are *not applicable*, i.e. missing, never 0; `afval_hergebruikt_ton` is reported by exactly two enterprises,")
    add("so a programme total of it is suppressed by the minimum of 3 enterprises (METRICS.md §8); one enterprise")
    add("moved to Amsterdam and its Basisprofiel shows the new address; two ended ones carry")
    add("`materieleRegistratie.datumEinde`; hospitality revenue drops in the 2020-2021 lockdown quarters; three")
    add("enterprises write a different name on their return than the registry has (matching is by KvK-nummer).")
    add("The SBI codes are real SBI 2008 codes; the `sbiOmschrijving` texts of 10711, 47791, 88101 and 96012 were")
    add("not checked against the CBS list (see the generator).")
    add("")
    add("The last nine columns of every return (issue 16: `omzet_overheid_eur`, `externe_financiering_eur`,")
    add("`opleidingsuren_personeel`, `doelgroep_weekuren_banenafspraak`, `instroom_uit_bijstand`, `inkoop_totaal_eur`,")
    add("`inkoop_sociaal_eur`, `programma_activiteiten`, `samenwerkingen`) are filled in every row, 0 included: a 0 is a")
    add("reported nothing (no finance raised this quarter), unlike an empty cell. They come from a random stream of")
    add("their own (`make_network_returns`), so the earlier columns kept their values when they were added.")
    add("")
    add("## Growth classes at 2026Q3 (METRICS.md §7)")
    add("")
    add("E = mean headcount (`werknemers`) of the 4 quarter-ends of the year ending 2026Q3 (2025Q4-2026Q3) and of")
    add("the year ending 2023Q3 (2022Q4-2023Q3); R = revenue summed over the same 4 quarters.")
    add("")
    add("| enterprise | KvK | founded | E 2023Q3 | E 2026Q3 | E ratio | R ratio | class |")
    add("|---|---|---|---|---|---|---|---|")
    for kvk, (cls, flags, fig) in classes.items():
        if cls in ("stable", "insufficient_data"):
            continue
        rr = f"{fig['rev_ratio']:.3f}" if fig.get("rev_ratio") else "-"
        add(f"| {registry[kvk].name} | {kvk} | {registry[kvk].founded} | {fig['E_t-3']:.2f} | {fig['E_t']:.2f} | "
            f"{fig['ratio']:.3f} | {rr} | {', '.join(flags)} |")
    n_stable = sum(1 for v in classes.values() if v[0] == "stable")
    n_insuf = sum(1 for v in classes.values() if v[0] == "insufficient_data")
    add("")
    add(f"The other {n_stable + n_insuf} enterprises active at the end of 2026Q3: {n_stable} `stable`, {n_insuf} "
        "`insufficient_data` (no return at one of the 8 quarter-ends, or founded in/after 2023). Exited enterprises "
        "are not classified. The first flag is the class shown (precedence of METRICS.md §7).")
    add("")
    add("## Returns per quarter")
    add("")
    add("`active` = registry enterprises in the programme at quarter end; `rows` = data rows in the file; `used` =")
    add("rows matched to the registry after the repairs above; coverage = used / active (60-80 % is `partial`).")
    add("")
    add("| quarter | active | rows | used | rejected | merged | coverage |")
    add("|---|---|---|---|---|---|---|")
    for q, a in per_q.items():
        add(f"| {q} | {a.active} | {a.rows} | {a.used} | {len(a.rejected)} | {a.merged} | "
            f"{100 * a.used / a.active:.1f} % |")
    add("")
    add("## Procurement")
    add("")
    add(f"{pstats['awards']} awards to {pstats['suppliers']} suppliers, {pstats['se_suppliers']} of them registry "
        f"enterprises; {pstats['sroi']} awards carry an SROI clause (5 % of the value for services and supplies above "
        "EUR 200,000, 2 % for works above EUR 500,000; METRICS.md §2.6), with the obligation and the value realised "
        f"by 2026-09-30. Registry enterprises hold {100 * pstats['se_share_addressable']:.1f} % of the addressable "
        "(`beinvloedbaar = ja`) spend. `beinvloedbaar = nee` marks spend the municipality cannot steer (national "
        "framework contracts, insurance).")
    add("")
    return "\n".join(lines)


def generate(seed: int, root: Path) -> list[Path]:
    r = Rand(seed)
    written: list[Path] = []
    qs = all_quarters()
    # stale generated files would survive a rerun: clear the generated folders first
    for folder, pattern in (("pipelines/haarlem-demo/kvk/basisprofielen", "*.json"),
                            ("pipelines/haarlem-demo/returns", "impact-*.csv")):
        for old in (root / folder).glob(pattern):
            old.unlink()
    ents = build_registry(r)
    for e in ents:
        e.headcount = headcount_path(e, qs, r)
        make_returns(e, qs, r)
        make_network_returns(e, seed)
    write(root / "config/registry.csv", csv_text(registry_rows(ents)).encode("utf-8"), written)
    write(root / "config/themes.yaml", THEMES_YAML.encode("utf-8"), written)
    write(root / "config/REGISTRY-SAMPLE.md", REGISTRY_SAMPLE.encode("utf-8"), written)
    rsins: set[str] = set()
    for e in ents:
        if e.spec.name == NOT_IN_KVK:
            continue
        body = json.dumps(basisprofiel(e, r, rsins), indent=2, ensure_ascii=False) + "\n"
        write(root / f"pipelines/haarlem-demo/kvk/basisprofielen/{e.kvk}.json", body.encode("utf-8"), written)
    messy, _ = write_returns(ents, qs, r, root, written)
    used = {e.kvk for e in ents} | {"71835402", "12345706"}
    pmessy, pstats = write_procurement(ents, r, root, written, used)
    messy += pmessy
    # Growth classes and coverage from the files as the pipeline should read them (messy records included).
    registry = read_registry(root)
    per_q, series = read_returns(root, registry)
    classes = growth_classes(registry, series, T_REF)
    role = {e.kvk: e.spec.role for e in ents}
    expected_class = {"hge": "hge_eurostat", "gazelle": "gazelle", "scaleup": "scaleup_20",
                      "emerging": "emerging_scaler", "shrinking": "shrinking", "stable": "stable"}
    for kvk, (cls, _, fig) in classes.items():
        want = expected_class.get(role[kvk])
        if want and cls != want and not (want == "stable" and cls == "insufficient_data"):
            raise AssertionError(f"{registry[kvk].name}: designed {want}, classified {cls} {fig}")
    for q, acc in per_q.items():
        cov = acc.used / acc.active
        if (q == "2026Q1") != (0.6 <= cov < 0.8) or cov < 0.6:
            raise AssertionError(f"{q}: coverage {cov:.3f} (only 2026Q1 may be partial)")
    if not 0.10 <= pstats["se_share_addressable"] <= 0.15:
        raise AssertionError(f"SE share of addressable spend {pstats['se_share_addressable']:.3f} not in 10-15 %")
    write(root / "pipelines/haarlem-demo/README.md",
          readme(ents, messy, per_q, pstats, classes, registry, seed).encode("utf-8"), written)
    return written


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    p.add_argument("--seed", type=int, default=392, help="random seed (392 = the bundled demo)")
    p.add_argument("--out", type=Path, default=Path("."), help="repository root to write into")
    a = p.parse_args(argv)
    written = generate(a.seed, a.out)
    print(f"generate_demo: wrote {len(written)} files under {a.out} (seed {a.seed})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
