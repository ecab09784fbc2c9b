#!/usr/bin/env python3
"""Every `package`, `public` and `open` declaration of the named modules has a `///` doc comment (issue 18 item 6).

Usage: python3 tools/checks/doc_comments.py [--root DIR] [MODULE ...]
       python3 tools/checks/doc_comments.py --self-test

MODULE is a folder under `Sources/` (default: Pipeline Reporting ImpactModel). A declaration counts when it
carries an access modifier `package`, `public` or `open` (also `public private(set)` and the like) and declares
a func, var, let, struct, enum, class, actor, protocol, init, typealias, subscript or case. Extensions are not
declarations of their own (their members are checked one by one).

Documented means the nearest line above the declaration is a `///` line or the end of a `/** ... */` block;
attribute lines (`@discardableResult`, `@Sendable`, `@available(...)`, also spread over several lines) may sit
between the comment and the declaration. A blank line or a plain `//` comment in between breaks the link: DocC
would still attach the comment across a blank line, but the house style keeps them together.
Lines inside `/* ... */` comments and multi-line string literals (`\"\"\"`) are skipped.

Prints `file:line: declaration` for every undocumented declaration and a summary per module, and exits 1 if
there is any miss (2 for a missing module folder). `--self-test` runs the scanner on small inline samples and
exits 1 if it accepts an undocumented declaration or rejects a documented one.
"""
import pathlib
import re
import sys

DEFAULT_MODULES = ["Pipeline", "Reporting", "ImpactModel"]
ACCESS = {"package", "public", "open"}
# Modifiers that may stand beside the access modifier, in any order (Swift allows any order).
MODIFIERS = ACCESS | {
    "static", "class", "final", "override", "mutating", "nonmutating", "nonisolated", "convenience",
    "required", "indirect", "lazy", "weak", "unowned", "dynamic", "optional", "consuming", "borrowing",
    "isolated", "distributed", "private", "fileprivate", "internal",
}
KEYWORDS = {"func", "var", "let", "struct", "enum", "class", "actor", "protocol", "init", "typealias",
            "subscript", "case"}
ATTRIBUTE = re.compile(r"@[A-Za-z_][A-Za-z0-9_]*")
WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def skip_parens(text: str, index: int) -> int:
    """Index just past the parenthesised group starting at `text[index] == "("`, or len(text) if unclosed."""
    depth = 0
    for position in range(index, len(text)):
        if text[position] == "(":
            depth += 1
        elif text[position] == ")":
            depth -= 1
            if depth == 0:
                return position + 1
    return len(text)


def declaration_keyword(line: str) -> str | None:
    """The declared keyword if `line` (stripped) is an access-modified declaration, else None.

    Reads leading attributes (with arguments), then modifiers (`private(set)`, `nonisolated(unsafe)` included),
    then the keyword. `extension` ends the search: extensions are excluded.
    """
    index, seen_access = 0, False
    while index < len(line):
        while index < len(line) and line[index] in " \t":
            index += 1
        attribute = ATTRIBUTE.match(line, index)
        if attribute:
            index = attribute.end()
            if index < len(line) and line[index] == "(":
                index = skip_parens(line, index)
            continue
        word = WORD.match(line, index)
        if not word:
            return None
        token = word.group()
        index = word.end()
        if token in KEYWORDS and not (token == "class" and seen_access and _followed_by_modifier(line, index)):
            # `class` is also a modifier (`public class func`); it is the keyword unless a declaration follows.
            return token if seen_access else None
        if token not in MODIFIERS:
            return None
        seen_access = seen_access or token in ACCESS and not line.startswith("(", index)
        if index < len(line) and line[index] == "(":  # private(set), nonisolated(unsafe), package(set)
            index = skip_parens(line, index)
    return None


def _followed_by_modifier(line: str, index: int) -> bool:
    """Whether the word after `line[index]` is another modifier or keyword (so `class` there is a modifier)."""
    following = WORD.match(line[index:].lstrip())
    return bool(following) and following.group() in (MODIFIERS | KEYWORDS) - {"case"}


def code_lines(lines: list[str]) -> list[bool]:
    """For each line, whether it is code (not inside a block comment or a multi-line string literal)."""
    flags, in_block, in_string = [], False, False
    for line in lines:
        starts_inside = in_block or in_string
        index = 0
        while index < len(line):
            if in_block:
                end = line.find("*/", index)
                if end < 0:
                    break
                in_block, index = False, end + 2
            elif in_string:
                end = line.find('"""', index)
                if end < 0:
                    break
                in_string, index = False, end + 3
            else:
                candidates = [(line.find(marker, index), marker) for marker in ("//", "/*", '"""', '"')]
                candidates = [(position, marker) for position, marker in candidates if position >= 0]
                if not candidates:
                    break
                position, marker = min(candidates, key=lambda c: (c[0], -len(c[1])))
                if marker == "//":
                    break
                if marker == "/*":
                    in_block, index = True, position + 2
                elif marker == '"""':
                    in_string, index = True, position + 3
                else:  # a one-line string: skip to its closing quote
                    close = position + 1
                    while close < len(line) and line[close] != '"':
                        close += 2 if line[close] == "\\" else 1
                    index = close + 1
        flags.append(not starts_inside)
    return flags


def is_attribute_line(lines: list[str], index: int) -> int | None:
    """If line `index` ends an attribute (one line, or the last line of one spread over several lines), the index
    of the attribute's first line; else None."""
    stripped = lines[index].strip()
    if stripped.startswith("@") and declaration_keyword(stripped) is None and stripped.count("(") == stripped.count(")"):
        return index
    if not stripped.endswith(")"):
        return None
    # A multi-line attribute: walk up to its `@name(` line, balancing parentheses.
    balance = 0
    for above in range(index, max(index - 20, -1), -1):
        text = lines[above].strip()
        balance += text.count(")") - text.count("(")
        if text.startswith("@") and balance <= 0:
            return above
        if text.startswith("///") or text == "" or declaration_keyword(text):
            return None
    return None


def undocumented(text: str) -> list[tuple[int, str]]:
    """(1-based line, stripped line) of every access-modified declaration in `text` without a doc comment."""
    lines = text.split("\n")
    code = code_lines(lines)
    misses = []
    for index, line in enumerate(lines):
        stripped = line.strip()
        if not code[index] or declaration_keyword(stripped) is None:
            continue
        above = index - 1
        while above >= 0:
            start = is_attribute_line(lines, above)
            if start is None:
                break
            above = start - 1
        previous = lines[above].strip() if above >= 0 else ""
        block_doc = previous.endswith("*/") and _block_is_doc(lines, above)
        if not (previous.startswith("///") or block_doc):
            misses.append((index + 1, stripped))
    return misses


def _block_is_doc(lines: list[str], end: int) -> bool:
    for above in range(end, -1, -1):
        if "/*" in lines[above]:
            return "/**" in lines[above]
    return False


def check(root: pathlib.Path, modules: list[str]) -> int:
    total_misses, summary = 0, []
    for module in modules:
        folder = root / "Sources" / module
        if not folder.is_dir():
            print(f"doc comments: no module folder {folder}", file=sys.stderr)
            return 2
        declarations = misses = 0
        for source in sorted(folder.rglob("*.swift")):
            text = source.read_text(encoding="utf-8")
            lines = text.split("\n")
            flags = code_lines(lines)
            declarations += sum(1 for i, l in enumerate(lines) if flags[i] and declaration_keyword(l.strip()))
            for number, declaration in undocumented(text):
                print(f"{source.relative_to(root)}:{number}: {declaration}")
                misses += 1
        summary.append(f"{module} {misses}/{declarations}")
        total_misses += misses
    print(f"doc comments: {total_misses} undocumented declarations ({', '.join(summary)} undocumented/declared)")
    return 1 if total_misses else 0


SAMPLES = [
    # (name, source, expected 1-based lines of misses)
    ("documented func passes", "/// Adds one.\npackage func f() {}\n", []),
    ("undocumented func fails", "package func f() {}\n", [1]),
    ("plain // comment is not a doc comment", "// Adds one.\npublic func f() {}\n", [2]),
    ("blank line breaks the link", "/// Adds one.\n\npackage let x = 1\n", [3]),
    ("attribute between comment and declaration",
     "/// Drops the result.\n@discardableResult\npackage func f() -> Int { 1 }\n", []),
    ("attribute on the declaration's line", "/// A closure.\n@Sendable package func f() {}\n", []),
    ("two attributes with arguments",
     "/// Old.\n@available(*, deprecated, message: \"use g\")\n@inlinable\npublic func f() {}\n", []),
    ("attribute spread over lines",
     "/// Old.\n@available(\n    *, deprecated,\n    message: \"use g\"\n)\npackage func f() {}\n", []),
    ("attribute without comment still fails", "@discardableResult\npackage func f() -> Int { 1 }\n", [2]),
    ("modifiers in any order",
     "struct S {\n    nonisolated package static func a() {}\n    /// B.\n    package private(set) var b = 1\n"
     "    package nonisolated(unsafe) static var c = 1\n    public final class D {}\n}\n", [2, 5, 6]),
    ("every keyword counts",
     "package struct A {}\npackage enum B {}\npackage actor C {}\npackage protocol D {}\n"
     "package typealias E = Int\npackage init() {}\npackage subscript(i: Int) -> Int { i }\n"
     "open class F {}\npublic let g = 1\npublic class func h() {}\n", list(range(1, 11))),
    ("extensions and internal declarations are not counted",
     "package extension Int {}\nextension Int {\n    func f() {}\n    private var g: Int { 1 }\n}\n"
     "internal struct H {}\nlet package = 1\n", []),
    ("private(set) alone is not package access", "private(set) var x = 1\n", []),
    ("block doc comment counts, plain block does not",
     "/**\n Doc.\n */\npackage func f() {}\n/* not doc */\npackage func g() {}\n", [6]),
    ("declarations inside strings and block comments are ignored",
     "let s = \"\"\"\npackage func f() {}\n\"\"\"\n/*\npackage func g() {}\n*/\n", []),
]


def self_test() -> int:
    failures = 0
    for name, source, expected in SAMPLES:
        got = [number for number, _ in undocumented(source)]
        if got != expected:
            failures += 1
            print(f"self-test FAILED: {name}: misses on lines {got}, expected {expected}")
    print(f"doc comments self-test: {len(SAMPLES) - failures}/{len(SAMPLES)} samples as expected")
    return 1 if failures else 0


def main(argv: list[str]) -> int:
    if "--self-test" in argv:
        return self_test()
    root = pathlib.Path(__file__).resolve().parents[2]
    if "--root" in argv:
        position = argv.index("--root")
        root = pathlib.Path(argv[position + 1]).resolve()
        argv = argv[:position] + argv[position + 2:]
    return check(root, argv or DEFAULT_MODULES)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
