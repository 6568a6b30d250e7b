"""« Cas proches »: for each case, the cases that share the most conditions of success.

Ranking: most shared conditions first, then most shared sectors plus one for the same
participation mode, then reading order (title). Computed once per build for every case.

All pairs are scored at once as a matrix product (cases × conditions) · (conditions × cases), in
blocks of rows: at 5,000 cases that is 25 million overlaps, too many for a Python loop over pairs
or even over an inverted index (~1.6 s), and a fraction of a second with numpy.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

TOP = 4  # cases shown per page
_BLOCK = 512  # rows scored at a time: bounds memory to _BLOCK × N integers


@dataclass(frozen=True)
class Close:
    case: object  # the other case (an Entry)
    conditions: tuple[str, ...]  # shared condition ids, in the order of the page's case
    sectors: tuple[str, ...]  # shared sector ids, in the same order
    same_mode: bool


def _incidence(rows: list[list[str]], dtype) -> np.ndarray:
    """rows of ids -> 0/1 matrix (row × distinct id), floats so that the products use BLAS."""
    index: dict[str, int] = {}
    for ids in rows:
        for x in ids:
            index.setdefault(x, len(index))
    m = np.zeros((len(rows), max(1, len(index))), dtype=dtype)
    for i, ids in enumerate(rows):
        m[i, [index[x] for x in ids]] = 1.0
    return m


def close_cases(cases: list, top: int = TOP) -> dict[str, list[Close]]:
    """case id -> up to `top` cases sharing at least one condition, best first.

    `cases` in reading order: it breaks ties, so the result is the same on every build.
    """
    n = len(cases)
    out: dict[str, list[Close]] = {c.id: [] for c in cases}
    k = min(top, n - 1)
    if k <= 0:
        return out
    conds = [[x["condition"] for x in c["conditions"]] for c in cases]
    sectors = [list(c["sectors"]) for c in cases]
    # One number per pair: shared conditions, then the secondary score (capped below 64), then
    # reading order, which makes every number of a row distinct (ties go to the earlier case).
    # float32 counts exactly below 2**24 and lets the matrix products use BLAS; float64 beyond.
    exact32 = (len({x for ids in conds for x in ids}) + 1) * 64 * (n + 1) < 2**24
    ftype = np.float32 if exact32 else np.float64
    cm, sm = _incidence(conds, ftype), _incidence(sectors, ftype)
    cmt, smt = cm.T.copy(), sm.T.copy()
    mode_ids: dict[str, int] = {}
    modes = np.array([mode_ids.setdefault(c["mode"], len(mode_ids)) if c.get("mode") else -1 for c in cases])
    order = np.arange(n, 0, -1).astype(ftype)
    floor = 64 * (n + 1)  # the smallest number of a pair sharing one condition
    for start in range(0, n, _BLOCK):
        stop = min(n, start + _BLOCK)
        key = cm[start:stop] @ cmt  # shared conditions, block × n
        key *= 64
        second = sm[start:stop] @ smt  # shared sectors, plus one for the same mode
        mb = modes[start:stop, None]
        second += (mb == modes[None, :]) & (mb >= 0)
        np.minimum(second, 63, out=second)
        key += second
        key *= n + 1
        key += order
        key[np.arange(stop - start), np.arange(start, stop)] = 0  # never the case itself
        kth = np.partition(key, -k, axis=1)[:, -k]  # each row's k-th largest number
        for r in range(stop - start):
            i, row = start + r, key[r]
            cols = np.flatnonzero(row >= max(kth[r], floor))
            picked = sorted(cols.tolist(), key=lambda j: -row[j])
            mine_c, mine_s = conds[i], sectors[i]
            for j in picked:
                theirs_c, theirs_s = set(conds[j]), set(sectors[j])
                out[cases[i].id].append(Close(
                    case=cases[j],
                    conditions=tuple(x for x in mine_c if x in theirs_c),
                    sectors=tuple(x for x in mine_s if x in theirs_s),
                    same_mode=bool(modes[i] >= 0 and modes[i] == modes[j]),
                ))
    return out
