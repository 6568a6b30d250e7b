"""« Cas proches »: for each case, the cases that share the most conditions of success.

Ranking: most shared conditions first, then most shared sectors plus one for the same
participation mode, then reading order (title). Computed once per build for every case.

All pairs are scored at once, in blocks of rows: at 5,000 cases that is 25 million pairs, too
many for a Python loop over pairs or even over an inverted index (~1.6 s). Each case's
conditions (and its sectors and mode) are a set of bits, and the ids two cases share are the
bits of an AND, counted by numpy's popcount: a few vectorised passes per block, single-threaded
(a BLAS matrix product did the same with threads that doubled the CPU time).
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


def _bitsets(rows: list[list[str]]) -> np.ndarray:
    """rows of ids -> one bit per distinct id, as (row × word) 32-bit words."""
    index: dict[str, int] = {}
    for ids in rows:
        for x in ids:
            index.setdefault(x, len(index))
    words = max(1, (len(index) + 31) // 32)
    masks = [sum(1 << index[x] for x in set(ids)) for ids in rows]
    return np.array([[(m >> (32 * w)) & 0xFFFFFFFF for w in range(words)] for m in masks], dtype=np.uint32)


def _shared(bits: np.ndarray, start: int, stop: int) -> np.ndarray:
    """(stop - start) × n: how many ids each case of the block shares with each case."""
    total = None
    for w in range(bits.shape[1]):
        count = np.bitwise_count(bits[start:stop, w, None] & bits[None, :, w]).astype(np.int32)
        total = count if total is None else total + count
    return total


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
    modes = [c.get("mode") for c in cases]
    cbits = _bitsets(conds)
    # Shared sectors plus one for the same mode: the mode as one more bit among the sectors'.
    sbits = _bitsets([ids + ["\0mode:" + m] if m else ids for ids, m in zip(sectors, modes)])
    cond_sets = [set(ids) for ids in conds]
    sector_sets = [set(ids) for ids in sectors]
    for start in range(0, n, _BLOCK):
        stop = min(n, start + _BLOCK)
        rows = np.arange(stop - start)
        # One number per pair: shared conditions × 64 + the secondary score, capped below 64.
        key = _shared(cbits, start, stop)
        key *= 64
        key += np.minimum(_shared(sbits, start, stop), 63)
        key[rows, np.arange(start, stop)] = 0  # never the case itself
        # The k best of each row, best first: argmax returns the first of equal numbers, so
        # ties go to the earlier case in reading order. Below 64, no condition is shared.
        picked = []
        for _ in range(k):
            j = key.argmax(axis=1)
            picked.append((j.tolist(), key[rows, j].tolist()))
            key[rows, j] = 0
        for r in range(stop - start):
            i = start + r
            mine_c, mine_s = conds[i], sectors[i]
            for js, values in picked:
                j = js[r]
                if values[r] < 64:
                    break
                theirs_c, theirs_s = cond_sets[j], sector_sets[j]
                out[cases[i].id].append(Close(
                    case=cases[j],
                    conditions=tuple(x for x in mine_c if x in theirs_c),
                    sectors=tuple(x for x in mine_s if x in theirs_s),
                    same_mode=bool(modes[i]) and modes[i] == modes[j],
                ))
    return out
