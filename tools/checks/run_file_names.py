#!/usr/bin/env python3
"""Every run-folder file name is spelled in one place: RunArtifacts' RunFile (issue 18, "grep finds each run-folder
file name written and parsed in one module only").

Looks for each name of Sources/RunArtifacts/RunFile.swift as a path in the string literals of the Swift sources: a
literal that is the name or a path ending in it (`"ledger.json"`, `"normalize/ledger.json"`, `"fetch/\(id)/fetch.json"`),
the form code uses to write, read or declare a file. Prose that names a file for a person (`"see run.md"`, a
report's "kolom `note` in metrics.csv") is text, not a path, and comments are skipped. Fails when a path literal
appears outside RunFile.swift. `--self-test` proves the
scanner finds a name in a literal and ignores it in a comment.
Exit 0 when clean, 1 with one `file:line: "name"` line per stray literal.
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
OWNER = ROOT / "Sources/RunArtifacts/RunFile.swift"
STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


def names(owner_text: str) -> list[str]:
    """The file names RunFile declares: `RunFile("normalize", "ledger.json")` and `= "warnings.json"`."""
    found = re.findall(r'RunFile\("[^"]*", "([^"]+)"\)', owner_text)
    found += re.findall(r'static let \w+Name = "([^"]+)"', owner_text)
    return sorted(set(n for n in found if "." in n))


def literals(text: str):
    """(line number, literal) for every string literal outside comments."""
    for number, line in enumerate(text.splitlines(), 1):
        code = line.split("//", 1)[0] if not line.lstrip().startswith("//") else ""
        # a `//` inside a string literal (a URL) would cut the line: keep the literals of the whole line then
        if code.count('"') % 2:
            code = line
        for m in STRING.finditer(code):
            yield number, m.group(0)


def stray(root: pathlib.Path, watched: list[str]) -> list[str]:
    out = []
    for path in sorted((root / "Sources").rglob("*.swift")):
        if path == OWNER:
            continue
        for number, literal in literals(path.read_text(encoding="utf-8")):
            for name in watched:
                if is_path(literal[1:-1], name):
                    out.append(f"{path.relative_to(root)}:{number}: \"{name}\" in {literal}")
    return out


def is_path(content: str, name: str) -> bool:
    """Whether a literal's content is `name` or a path (no spaces) ending in `/name`."""
    return " " not in content and (content == name or content.endswith("/" + name))


def self_test() -> None:
    text = (
        'let a = "ledger.json"\n/// see ledger.json\nlet b = x // "ledger.json"\nlet c = "my-ledger.jsonl"\n'
        'let d = "normalize/ledger.json"\nlet e = "see ledger.json for the counts"\nlet f = "fetch/\\(id)/ledger.json"\n'
    )
    got = [n for n, lit in literals(text) if is_path(lit[1:-1], "ledger.json")]
    assert got == [1, 5, 7], got
    assert "ledger.json" in names('static let ledger = RunFile("normalize", "ledger.json")')


def main() -> int:
    if "--self-test" in sys.argv:
        self_test()
        print("run file names: self-test passed")
    watched = names(OWNER.read_text(encoding="utf-8"))
    problems = stray(ROOT, watched)
    for p in problems:
        print(p)
    print(f"run file names: {len(watched)} names, {len(problems)} literals outside RunFile.swift")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
