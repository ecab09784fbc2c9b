#!/usr/bin/env python3.11
"""Check the bundled Haarlem demo: re-read the generated files, print the counts a test can assert, and fail
when the files differ from a fresh generation with the same seed.

Usage:
    python3 tools/demo/check_demo.py [--root .] [--seed 392] [--shared ../shared/data/real]

Prints `key: value` lines (stable order; easy to grep or parse), then `OK` or the differing files.
With --shared (or IMPACTMON_SHARED_DATA, or ../shared/data/real when present) the CBS snapshots are also
re-derived and compared. Exit status: 0 identical, 1 a generated file differs, is missing or is stale,
2 usage error. Standard library only; reads no clock.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import derive_cbs_snapshots  # noqa: E402
import generate_demo  # noqa: E402
from demolib import (Q, clean_kvk, growth_classes, is_active, read_csv_file, read_registry,  # noqa: E402
                     read_returns)

GENERATED_DIRS = [("pipelines/haarlem-demo/kvk/basisprofielen", "*.json"),
                  ("pipelines/haarlem-demo/returns", "*.csv")]


def counts(root: Path) -> list[tuple[str, object]]:
    out: list[tuple[str, object]] = []
    reg = read_registry(root)
    t = Q(2026, 3)
    out.append(("registry.enterprises", len(reg)))
    out.append(("registry.leading_zero_kvk", sum(k.startswith("0") for k in reg)))
    out.append(("registry.active_2026Q3", sum(is_active(r.entry, r.exit, t.last_day) for r in reg.values())))
    out.append(("registry.exits", sum(r.exit is not None for r in reg.values())))
    out.append(("registry.entries_2026", sum(r.entry.year == 2026 for r in reg.values())))
    kvk_dir = root / "pipelines/haarlem-demo/kvk/basisprofielen"
    profiles = sorted(p.stem for p in kvk_dir.glob("*.json"))
    out.append(("kvk.profiles", len(profiles)))
    out.append(("kvk.not_found", ",".join(sorted(set(reg) - set(profiles)))))
    per_q, series = read_returns(root, reg)
    for q, a in per_q.items():
        out.append((f"returns.{q}", f"rows={a.rows} used={a.used} rejected={len(a.rejected)} merged={a.merged} "
                                    f"active={a.active} coverage={100 * a.used / a.active:.1f}"))
    out.append(("returns.rows_total", sum(a.rows for a in per_q.values())))
    out.append(("returns.used_total", sum(a.used for a in per_q.values())))
    out.append(("messy.bom_files", ",".join(q for q, a in per_q.items() if a.facts["bom"])))
    out.append(("messy.semicolon_files", ",".join(q for q, a in per_q.items() if a.facts["delimiter"] == ";")))
    out.append(("messy.repaired_kvk", sum(a.repaired for a in per_q.values())))
    out.append(("messy.trimmed_codes", sum(a.trimmed for a in per_q.values())))
    out.append(("messy.duplicates_merged", sum(a.merged for a in per_q.values())))
    rejected = [(q, line, why) for q, a in per_q.items() for line, why in a.rejected]
    out.append(("messy.rejected_scientific", sum("scientific" in w for _, _, w in rejected)))
    out.append(("messy.rejected_not_in_registry", sum("not in registry" in w for _, _, w in rejected)))
    core = ["werknemers", "fte", "doelgroep_fte", "doelgroep_werknemers", "omzet_eur", "omzet_verkoop_eur",
            "subsidies_donaties_eur"]
    empty_core = [(k, str(q), c) for k, s in series.items() for q, v in s.items() for c in core if v[c] is None]
    out.append(("messy.empty_core_cells", ";".join(f"{q}/{k}/{c}" for k, q, c in empty_core)))
    waste = sorted({k for k, s in series.items() for v in s.values() if v["afval_hergebruikt_ton"] is not None})
    out.append(("returns.waste_reporters", len(waste)))
    classes = growth_classes(reg, series, t)
    by_class: dict[str, list[str]] = {}
    for k, (cls, _, _) in classes.items():
        by_class.setdefault(cls, []).append(k)
    for cls in sorted(by_class):
        out.append((f"class.{cls}", f"{len(by_class[cls])} {','.join(sorted(by_class[cls]))}"))
    header, rows, _ = read_csv_file(root / "pipelines/haarlem-demo/procurement/inkoop-gunningen.csv")
    recs = [dict(zip(header, f)) for _, f in rows]
    bad = [r for r in recs if not _is_amount(r["bedrag_eur"])]
    good = [r for r in recs if _is_amount(r["bedrag_eur"])]
    addressable = [r for r in good if r["beinvloedbaar"] == "ja"]
    se = [r for r in addressable if r["leverancier_kvk"] in reg]
    out.append(("procurement.awards", len(recs)))
    out.append(("procurement.unparseable_amount", len(bad)))
    out.append(("procurement.suppliers", len({r["leverancier_kvk"] for r in recs})))
    out.append(("procurement.registry_suppliers", len({r["leverancier_kvk"] for r in recs if r["leverancier_kvk"] in reg})))
    out.append(("procurement.sroi_clauses", sum(r["sroi_clausule"] == "ja" for r in recs)))
    share = sum(float(r["bedrag_eur"]) for r in se) / sum(float(r["bedrag_eur"]) for r in addressable)
    out.append(("procurement.se_share_addressable_pct", f"{100 * share:.2f}"))
    bad_kvk = [r["leverancier_kvk"] for r in recs if clean_kvk(r["leverancier_kvk"])[0] != r["leverancier_kvk"]]
    out.append(("procurement.malformed_kvk", len(bad_kvk)))
    return out


def _is_amount(s: str) -> bool:
    try:
        float(s)
        return True
    except ValueError:
        return False


def compare_trees(fresh: Path, repo: Path, files: list[Path], stale_globs: list[tuple[str, str]]) -> list[str]:
    problems = []
    rel = {f.relative_to(fresh) for f in files}
    for r in sorted(rel):
        a, b = fresh / r, repo / r
        if not b.exists():
            problems.append(f"missing: {r}")
        elif a.read_bytes() != b.read_bytes():
            problems.append(f"differs: {r}")
    for folder, pattern in stale_globs:
        for p in sorted((repo / folder).glob(pattern)):
            if p.relative_to(repo) not in rel:
                problems.append(f"stale (not generated): {p.relative_to(repo)}")
    return problems


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description="Check the Haarlem demo data.")
    ap.add_argument("--root", type=Path, default=Path("."))
    ap.add_argument("--seed", type=int, default=392)
    ap.add_argument("--shared", type=Path, default=None,
                    help="shared/data/real (default: $IMPACTMON_SHARED_DATA or ../shared/data/real when present)")
    a = ap.parse_args(argv)
    root = a.root.resolve()
    if not (root / "config/registry.csv").exists():
        print(f"check_demo: {root}/config/registry.csv not found; pass --root <repository root>", file=sys.stderr)
        return 2
    for key, value in counts(root):
        print(f"{key}: {value}")
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / "gen"
        fresh.mkdir()
        files = generate_demo.generate(a.seed, fresh)
        problems += compare_trees(fresh, root, files, GENERATED_DIRS)
        shared = a.shared or (Path(os.environ["IMPACTMON_SHARED_DATA"]) if os.environ.get("IMPACTMON_SHARED_DATA")
                              else root.parent / "shared/data/real")
        if (shared / "PROVENANCE.md").exists():
            cbs = Path(tmp) / "cbs"
            with open(os.devnull, "w") as devnull:
                stdout, sys.stdout = sys.stdout, devnull
                try:
                    rc = derive_cbs_snapshots.main(["derive", str(shared), str(cbs)])
                finally:
                    sys.stdout = stdout
            if rc != 0:
                problems.append(f"derive_cbs_snapshots failed on {shared}")
            else:
                cbs_files = [p for p in cbs.rglob("*") if p.is_file()]
                repo_cbs = root / "pipelines/haarlem-demo/cbs"
                for p in sorted(cbs_files):
                    r = p.relative_to(cbs)
                    if not (repo_cbs / r).exists() or (repo_cbs / r).read_bytes() != p.read_bytes():
                        problems.append(f"differs: pipelines/haarlem-demo/cbs/{r}")
                extra = {p.relative_to(repo_cbs) for p in repo_cbs.rglob("*") if p.is_file()} - \
                        {p.relative_to(cbs) for p in cbs_files}
                problems += [f"stale (not derived): pipelines/haarlem-demo/cbs/{r}" for r in sorted(extra)]
                print(f"cbs.snapshot_files: {len(cbs_files)}")
        else:
            print("cbs.snapshot_files: not checked (shared/data/real not found)")
    if problems:
        for p in problems:
            print(p)
        print(f"FAILED: {len(problems)} file(s) differ from a fresh generation with seed {a.seed}; "
              "regenerate with tools/demo/generate_demo.py / derive_cbs_snapshots.py and commit")
        return 1
    print("OK: generated files are identical to a fresh generation")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
