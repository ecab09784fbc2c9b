#!/usr/bin/env python3
"""Reference reader for the CSVCodec differential test: Python's csv module on the same bytes.

Usage: pycsv_dump.py MANIFEST.json  ->  JSON on stdout

MANIFEST is a list of {"path": str, "delimiter": str}. For each file the output holds
  records        the records csv.reader yields, blank-line records ([]) left out (the Swift reader
                 skips blank lines on purpose; they are counted in `lines` all the same)
  lines          the 1-based physical line each of those records starts on (reader.line_num before it + 1;
                 with newline='' Python counts CRLF, LF and a lone CR as one line each, as the Swift reader does)
  encoding       "UTF-8" or "windows-1252": UTF-8 when the bytes after an optional BOM decode as UTF-8,
                 else Windows-1252 with the five bytes cp1252 leaves undefined mapped to the C1 control of
                 the same value (WHATWG Encoding Standard), so nothing is lost
  bom            whether the file starts with EF BB BF (removed before parsing, as encoding='utf-8-sig' does)
  eof_in_quotes  whether the input ends inside a quoted field: Python (strict=False) then returns the rest of
                 the file as one field; the Swift reader reports an error instead. Detected by parsing the text
                 followed by "\n\x01Z": the sentinel is a record of its own unless a quote swallowed it.

The reader is csv.reader(f, delimiter=d) on a file opened with newline='', default dialect otherwise
(doublequote=True, strict=False, skipinitialspace=False); field_size_limit is raised so long fields pass.
"""
import codecs
import csv
import io
import json
import sys


def _c1(err):
    return (chr(err.object[err.start]), err.start + 1)


codecs.register_error("c1-controls", _c1)
csv.field_size_limit(sys.maxsize)
SENTINEL = "\x01Z"


def dump(path, delimiter):
    with open(path, "rb") as f:
        raw = f.read()
    bom = raw.startswith(b"\xef\xbb\xbf")
    body = raw[3:] if bom else raw
    try:
        body.decode("utf-8")
        encoding, errors, codec = "UTF-8", "strict", ("utf-8-sig" if bom else "utf-8")
    except UnicodeDecodeError:
        encoding, errors, codec = "windows-1252", "c1-controls", "cp1252"
    records, lines = [], []
    with open(path, encoding=codec, errors=errors, newline="") as f:
        if bom and codec == "cp1252":
            f.read(3)
        reader = csv.reader(f, delimiter=delimiter)
        before = 0
        for rec in reader:
            if rec:
                records.append(rec)
                lines.append(before + 1)
            before = reader.line_num
    with open(path, encoding=codec, errors=errors, newline="") as f:
        text = f.read()
    if bom and codec == "cp1252":
        text = text[3:]
    tail = list(csv.reader(io.StringIO(text + "\n" + SENTINEL, newline=""), delimiter=delimiter))
    eof_in_quotes = not tail or tail[-1] != [SENTINEL]
    return {"records": records, "lines": lines, "encoding": encoding, "bom": bom, "eof_in_quotes": eof_in_quotes}


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        manifest = json.load(f)
    out = [dump(item["path"], item["delimiter"]) for item in manifest]
    json.dump(out, sys.stdout, ensure_ascii=True)


if __name__ == "__main__":
    main()
