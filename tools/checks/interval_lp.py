#!/usr/bin/env python3
"""Interval bounds of hidden cells by linear programming (the τ-Argus audit), for the test-side disclosure auditor.

Input (stdin, JSON), written by Tests/EndToEndTests/PublicAuditor.swift from the public files of a run only:
  {"vars":    [{"name": str, "lo": float|null, "hi": float|null, "int": bool}, ...],
   "cons":    [{"terms": [[var_index, coefficient], ...], "lo": float|null, "hi": float|null}, ...],
   "targets": [var_index, ...]}
Each constraint says lo <= sum(c * x) <= hi; a variable's own lo/hi are its bounds (null = unbounded).

Output (stdout, JSON): {"<var_index>": [min|null, max|null], ...} for every target: the minimum and maximum of the
variable over the LP relaxation of the constraints (scipy.optimize.linprog, HiGHS), null when unbounded. For an
integer variable the bounds are rounded inward (ceil of the minimum, floor of the maximum, with a 1e-7 tolerance).
Each target is solved over its connected component only (variables linked by constraints), which keeps the
programs small (a few dozen variables for one metric's quarters).

Source: τ-Argus manual, "Audit" (the feasibility interval of each unsafe cell from two LPs); ESSnet Handbook on
Statistical Disclosure Control ch. 4 (interval protection). Exit 2 on an infeasible component (the published
figures contradict the modelled identities: a bug in the model or in the files).
"""
import json
import math
import sys

import numpy as np
from scipy.optimize import linprog


def main() -> int:
    model = json.load(sys.stdin)
    variables = model["vars"]
    cons = model["cons"]
    n = len(variables)

    parent = list(range(n))

    def find(a):
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for c in cons:
        idx = [t[0] for t in c["terms"]]
        for j in idx[1:]:
            ra, rb = find(idx[0]), find(j)
            if ra != rb:
                parent[ra] = rb
    members = {}
    for i in range(n):
        members.setdefault(find(i), []).append(i)
    comp_cons = {}
    for k, c in enumerate(cons):
        comp_cons.setdefault(find(c["terms"][0][0]), []).append(k)

    prepared = {}

    def program(root):
        if root in prepared:
            return prepared[root]
        vs = members[root]
        local = {v: j for j, v in enumerate(vs)}
        rows_ub, rhs_ub, rows_eq, rhs_eq = [], [], [], []
        for k in comp_cons.get(root, []):
            c = cons[k]
            row = np.zeros(len(vs))
            for v, coef in c["terms"]:
                row[local[v]] += coef
            lo, hi = c["lo"], c["hi"]
            if lo is not None and hi is not None and lo == hi:
                rows_eq.append(row)
                rhs_eq.append(lo)
                continue
            if hi is not None:
                rows_ub.append(row)
                rhs_ub.append(hi)
            if lo is not None:
                rows_ub.append(-row)
                rhs_ub.append(-lo)
        bounds = [(variables[v]["lo"], variables[v]["hi"]) for v in vs]
        p = (
            local,
            np.array(rows_ub) if rows_ub else None,
            np.array(rhs_ub) if rhs_ub else None,
            np.array(rows_eq) if rows_eq else None,
            np.array(rhs_eq) if rhs_eq else None,
            bounds,
        )
        prepared[root] = p
        return p

    out = {}
    for t in model["targets"]:
        local, a_ub, b_ub, a_eq, b_eq, bounds = program(find(t))
        result = []
        for sign in (1.0, -1.0):
            cost = np.zeros(len(local))
            cost[local[t]] = sign
            r = linprog(cost, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
            if r.status == 2:
                print(f"infeasible component of {variables[t]['name']}", file=sys.stderr)
                return 2
            if r.status == 3:
                result.append(None)
                continue
            if r.status != 0:
                print(f"linprog failed for {variables[t]['name']}: {r.message}", file=sys.stderr)
                return 1
            result.append(sign * r.fun)
        lo, hi = result
        if variables[t]["int"]:
            lo = None if lo is None else float(math.ceil(lo - 1e-7))
            hi = None if hi is None else float(math.floor(hi + 1e-7))
        out[str(t)] = [lo, hi]
    json.dump(out, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
