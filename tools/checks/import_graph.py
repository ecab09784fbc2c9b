#!/usr/bin/env python3
"""The module graph tells the truth: every target of Package.swift declares exactly the modules it imports.

SwiftPM's own `--explicit-target-dependency-import-check error` is accepted by Swift 6.3 on Linux but checks
nothing (a target importing an undeclared module of its dependency's dependency builds without a word), so CI
runs this instead. It reads the manifest through `swift package dump-package` (SwiftPM's own decoding, not a
regex over Package.swift) and every `import` line of each target's Swift sources, and reports

  * an import of a package target or a product module that the target does not declare (builds only because
    a declared dependency happens to pull it in), and
  * a declared dependency that no source file of the target imports.

Toolchain modules (Foundation, Dispatch, Glibc, Synchronization, Testing, ...) are outside the graph.
Exit 0 when the graph is exact, 1 with one `Package.swift: target X ...` line per problem otherwise.
"""
import json
import pathlib
import re
import subprocess
import sys

# Product name → the module names it provides (the products this package depends on).
PRODUCT_MODULES = {
    "ArgumentParser": {"ArgumentParser"},
    "Logging": {"Logging"},
    "Yams": {"Yams"},
    "Crypto": {"Crypto"},
    "PropertyBased": {"PropertyBased"},
}
IMPORT = re.compile(r"^\s*(?:@[A-Za-z_]+(?:\([^)]*\))?\s+)*import\s+(?:(?:struct|class|enum|protocol|func|var|let|typealias)\s+)?([A-Za-z_][A-Za-z0-9_]*)", re.M)


def target_path(target: dict, root: pathlib.Path) -> pathlib.Path:
    if target.get("path"):
        return root / target["path"]
    folder = "Tests" if target["type"] == "test" else "Sources"
    return root / folder / target["name"]


def main() -> int:
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
    manifest = json.loads(subprocess.run(["swift", "package", "dump-package"], cwd=root, check=True,
                                         capture_output=True, text=True).stdout)
    targets = {t["name"]: t for t in manifest["targets"]}
    products = set(PRODUCT_MODULES)
    problems = []
    for name, target in targets.items():
        if target["type"] in ("system", "binary", "plugin"):
            continue
        declared = {}
        for dependency in target["dependencies"]:
            if "byName" in dependency:
                declared[dependency["byName"][0]] = {dependency["byName"][0]}
            elif "target" in dependency:
                declared[dependency["target"][0]] = {dependency["target"][0]}
            elif "product" in dependency:
                product = dependency["product"][0]
                declared[product] = PRODUCT_MODULES.get(product, {product})
        imported = set()
        for source in sorted(target_path(target, root).rglob("*.swift")):
            if any(part in (target.get("exclude") or []) for part in source.relative_to(target_path(target, root)).parts):
                continue
            imported.update(IMPORT.findall(source.read_text(encoding="utf-8")))
        graph_modules = (set(targets) | {m for ms in PRODUCT_MODULES.values() for m in ms}) - {name}
        provided = {m for ms in declared.values() for m in ms}
        for module in sorted((imported & graph_modules) - provided):
            problems.append(f"Package.swift: target {name} imports {module} without declaring it")
        for dependency, modules in sorted(declared.items()):
            if not (modules & imported):
                problems.append(f"Package.swift: target {name} declares {dependency} but no source imports it")
    for line in problems:
        print(line)
    checked = sum(1 for t in targets.values() if t["type"] not in ("system", "binary", "plugin"))
    print(f"import graph: {checked} targets, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
