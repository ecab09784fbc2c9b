#!/usr/bin/env python3
"""Renders a Markdown file as GitHub-flavoured Markdown (cmark-gfm, GitHub's own parser, via `cmarkgfm`) and
checks its tables: every row has as many cells as its header. Prints JSON:
{"tables": N, "rows": N, "bad_rows": [...], "cells": [[...], ...]} (cells: the text of every body cell, so a
caller can check that escaped text round-trips). Exit 0 when no row is bad, 1 otherwise."""
import html
import json
import re
import sys

import cmarkgfm
from cmarkgfm.cmark import Options

text = open(sys.argv[1], encoding="utf-8").read()
out = cmarkgfm.github_flavored_markdown_to_html(text, options=Options.CMARK_OPT_UNSAFE)
tables = re.findall(r"<table>(.*?)</table>", out, re.S)
bad, cells, rows = [], [], 0
for t in tables:
    header = re.findall(r"<th[^>]*>(.*?)</th>", t, re.S)
    for tr in re.findall(r"<tbody>(.*?)</tbody>", t, re.S):
        for row in re.findall(r"<tr>(.*?)</tr>", tr, re.S):
            rows += 1
            tds = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
            texts = [html.unescape(re.sub(r"<[^>]+>", "", c)) for c in tds]
            cells.append(texts)
            if len(tds) != len(header):
                bad.append({"header": len(header), "cells": len(tds), "row": texts})
print(json.dumps({"tables": len(tables), "rows": rows, "bad_rows": bad, "cells": cells}, ensure_ascii=False))
sys.exit(1 if bad else 0)
