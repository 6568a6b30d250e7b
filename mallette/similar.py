"""« Cas proches »: for each case, the cases that share the most conditions of success.

Ranking: most shared conditions first, then most shared sectors plus one for the same
participation mode, then reading order (title). Computed once per build for every case.

At 20,000 cases that is 400 million pairs: far too many to score one by one in Python, or even
through an inverted index (each case would add up the postings of its conditions, thousands of
cases each). The work is done on the cases' bits instead, with Python's big integers:
- each condition (and each sector, and each mode) has one posting: an integer whose bit j says
  whether case j cites it;
- for one case, the postings of its own conditions are added up bit-sliced: `counts[b]` holds
  bit b of the number of conditions every other case shares with it, for all cases at once, in a
  few AND/XOR operations on N-bit integers;
- the cases sharing exactly t conditions are then one mask, for t from the largest down until
  TOP cases are found; among them, the secondary score is counted the same way (from the sector
  and mode postings, masked), and ties go to the lowest bits, i.e. reading order.
The cost per case is a few dozen operations on N-bit integers, whatever the number of pairs.
"""
from __future__ import annotations

from dataclasses import dataclass

TOP = 4  # cases shown per page


@dataclass(frozen=True)
class Close:
    case: object  # the other case (an Entry)
    conditions: tuple[str, ...]  # shared condition ids, in the order of the page's case
    sectors: tuple[str, ...]  # shared sector ids, in the same order
    same_mode: bool


def _postings(rows: list[list[str]]) -> dict[str, int]:
    """id -> an integer whose bit j is set when rows[j] holds that id."""
    out: dict[str, int] = {}
    for j, ids in enumerate(rows):
        bit = 1 << j
        for x in set(ids):
            out[x] = out.get(x, 0) | bit
    return out


def _counts(postings: list[int], within: int | None = None) -> list[int]:
    """Bit-sliced sum of the postings (restricted to the cases of `within`): bit b of the result's
    b-th integer is bit b of how many postings hold that case."""
    counts: list[int] = []
    for carry in postings:
        if within is not None:
            carry &= within
        for b, c in enumerate(counts):  # ripple-carry addition of one bit to every case at once
            counts[b], carry = c ^ carry, c & carry
            if not carry:
                break
        else:
            if carry:
                counts.append(carry)
    return counts


def _exactly(counts: list[int], t: int, within: int) -> int:
    """The cases of `within` whose bit-sliced count is exactly t."""
    if t >> len(counts):
        return 0
    mask = within
    for b, c in enumerate(counts):
        mask &= c if (t >> b) & 1 else ~c
        if not mask:
            break
    return mask


def _lowest(mask: int, k: int) -> list[int]:
    """Up to k positions of set bits, lowest first."""
    out = []
    while mask and len(out) < k:
        low = mask & -mask
        out.append(low.bit_length() - 1)
        mask ^= low
    return out


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
    # Shared sectors plus one for the same mode: the mode as one more id among the sectors'.
    seconds = [ids + ["\0mode:" + m] if m else ids for ids, m in zip(sectors, modes)]
    cond_postings, second_postings = _postings(conds), _postings(seconds)
    cond_sets = [set(ids) for ids in conds]
    sector_sets = [set(ids) for ids in sectors]
    everyone = (1 << n) - 1
    for i in range(n):
        mine = cond_sets[i]
        shared = _counts([cond_postings[x] for x in mine])
        others = everyone ^ (1 << i)
        picked: list[int] = []
        t = len(mine)
        while t >= 1 and len(picked) < k:
            level = _exactly(shared, t, others)  # the cases sharing exactly t conditions
            t -= 1
            if not level:
                continue
            # Best secondary score first, then reading order (lowest bit).
            second = _counts([second_postings[x] for x in set(seconds[i])], within=level)
            s = len(second) and (1 << len(second)) - 1  # the largest count these bits can hold
            while s >= 0 and level and len(picked) < k:
                tier = _exactly(second, s, level) if s else level
                if tier:
                    picked += _lowest(tier, k - len(picked))
                    level &= ~tier
                s -= 1
        for j in picked:
            theirs_c, theirs_s = cond_sets[j], sector_sets[j]
            out[cases[i].id].append(Close(
                case=cases[j],
                conditions=tuple(x for x in conds[i] if x in theirs_c),
                sectors=tuple(x for x in sectors[i] if x in theirs_s),
                same_mode=bool(modes[i]) and modes[i] == modes[j],
            ))
    return out
