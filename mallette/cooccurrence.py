"""Conditions that go together: for each pair of conditions, the cases that illustrate both.

Computed once per build in one pass over the cases (a case illustrates a handful of conditions):
the result has the size of the taxonomy, not of the content, so the heat map on /conditions/ and
the « Souvent associée à » lists stay small at any number of cases.
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

from .model import KnowledgeBase

ASSOCIATED_SHOWN = 3  # « Souvent associée à » on a condition page
# The heat map's geometry, in SVG user units (the SVG scales to the page width).
LABEL_WIDTH, CELL, HEADER = 250, 26, 26
SHADES = 5  # shade classes of a cell, 1 (few cases) to SHADES (the most); 0 for none


@dataclass(frozen=True)
class Cooccurrence:
    conditions: list  # condition entries, reading order
    counts: list[list[int]]  # counts[i][j]: cases illustrating both; counts[i][i]: cases illustrating i

    def pairs(self) -> list[tuple]:
        """(condition a, condition b, cases) for every pair, most cases first, ties in reading order."""
        n = len(self.conditions)
        out = [(self.conditions[i], self.conditions[j], self.counts[i][j], i, j)
               for i in range(n) for j in range(i + 1, n)]
        out.sort(key=lambda p: (-p[2], p[3], p[4]))
        return [p[:3] for p in out]

    def associated(self, ident: str, limit: int = ASSOCIATED_SHOWN) -> list[tuple]:
        """(condition, cases with both) most often found with `ident`, at least one case, at most limit."""
        ids = [c.id for c in self.conditions]
        if ident not in ids:
            return []
        i = ids.index(ident)
        found = [(self.counts[i][j], j) for j in range(len(ids)) if j != i and self.counts[i][j] > 0]
        found.sort(key=lambda x: (-x[0], x[1]))
        return [(self.conditions[j], n) for n, j in found[:limit]]


def cooccurrence(kb: KnowledgeBase) -> Cooccurrence:
    conditions = kb.all("condition")
    index = {c.id: i for i, c in enumerate(conditions)}
    counts = [[0] * len(conditions) for _ in conditions]
    for case in kb.cases:
        ids = sorted({index[c["condition"]] for c in case["conditions"] if c["condition"] in index})
        for i in ids:
            counts[i][i] += 1
        for i, j in combinations(ids, 2):
            counts[i][j] += 1
            counts[j][i] += 1
    return Cooccurrence(conditions, counts)


def shade(count: int, top: int) -> int:
    """0 for no case, else 1 to SHADES in proportion to the largest count."""
    if count <= 0 or top <= 0:
        return 0
    return max(1, min(SHADES, -(-count * SHADES // top)))  # ceiling: any case shows


def heatmap(co: Cooccurrence) -> dict:
    """Geometry of the heat map: rows (number, name, y), columns (number, x) and cells (x, y,
    count, shade, diagonal). Off-diagonal shades scale to the largest pair; the diagonal (cases
    illustrating the condition) is drawn apart and not shaded."""
    n = len(co.conditions)
    top = max((co.counts[i][j] for i in range(n) for j in range(n) if i != j), default=0)
    cells = []
    for i in range(n):
        for j in range(n):
            c = co.counts[i][j]
            cells.append({"x": LABEL_WIDTH + j * CELL, "y": HEADER + i * CELL, "count": c,
                          "shade": 0 if i == j else shade(c, top), "diagonal": i == j})
    return {
        "width": LABEL_WIDTH + n * CELL + 2, "height": HEADER + n * CELL + 2, "cell": CELL,
        "rows": [{"number": i + 1, "condition": cond, "y": HEADER + i * CELL} for i, cond in enumerate(co.conditions)],
        "columns": [{"number": j + 1, "x": LABEL_WIDTH + j * CELL} for j in range(n)],
        "cells": cells, "top": top,
    }
