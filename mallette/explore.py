"""The explorer (/explorer/) and the conditions matrix (/conditions/matrice/), from the same core.

The explorer page lists every case as a card, server-rendered so that it works without
JavaScript; a small script (overrides/assets/javascripts/explorer.js) filters those cards with
one compact JSON file, `explorer/cas.json`:

    {"colonnes": [...], "facettes": [{"param", "regle", "valeurs": [[value, label], ...]}, ...],
     "cas": [[id, title, territory, start, end, instruments, [value indexes] per facet...], ...]}

Cases are in reading order, the same as the cards. Taxonomy values are written once in
`facettes` and cited by index, which keeps the file to a couple of hundred bytes per case.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from .completeness import LEVELS, completeness
from .model import KnowledgeBase, sort_key
from .render import LEVELS_FR, country_fr

EXPLORER_PAGE = "explorer/index.md"
EXPLORER_DATA = "explorer/cas.json"  # next to the page: the script fetches "cas.json"
MATRIX_PAGE = "conditions/matrice.md"  # reserved condition id: mallette/checks.py RESERVED_IDS

# How the checked values of a facet combine: "et" all of them (a case has several values),
# "ou" any of them, "un" a single value chosen in a list.
ALL, ANY, ONE = "et", "ou", "un"
COLUMNS = ["id", "titre", "territoire", "debut", "fin", "instruments"]
# With the script, cards are shown by pages: laying out thousands of cards at each change would
# take seconds; a page keeps every filtering well under a tenth of a second.
PAGE_SIZE = 60


@dataclass(frozen=True)
class Facet:
    param: str  # URL parameter, French: /explorer/?condition=volonte-politique&niveau=region
    legend: str
    rule: str  # ALL, ANY or ONE
    values: tuple[tuple[str, str], ...]  # (value, label) in display order
    counts: tuple[int, ...]  # cases with each value, no filter applied


def _case_values(case) -> dict[str, list[str]]:
    t = case["territory"]
    return {
        "condition": [c["condition"] for c in case["conditions"]],
        "etape": [s["stage"] for s in case.get("stages", [])],
        "secteur": list(case["sectors"]),
        "mode": [case["mode"]] if case.get("mode") else [],
        "niveau": [t["level"]],
        "pays": [t["country"]],
        "texte": list(case.get("legal_basis", [])),
        "completude": [completeness(case.data).level],
    }


def facets(kb: KnowledgeBase) -> list[Facet]:
    """The explorer's filters, in form order. Taxonomies list every value; the others, those in use."""
    cases = kb.cases
    used: dict[str, dict[str, int]] = {}
    for case in cases:
        for param, values in _case_values(case).items():
            for v in values:
                used.setdefault(param, {}).setdefault(v, 0)
                used[param][v] += 1

    def named(kind):
        return [(e.id, e["name"]) for e in kb.all(kind)]

    in_use = used.get
    levels = [(lv, label) for lv, label in LEVELS_FR.items() if lv in (in_use("niveau") or {})]
    countries = sorted(((c, country_fr(c)) for c in in_use("pays") or {}), key=lambda x: sort_key(x[1]))
    texts = sorted(((e.id, e["short_title"]) for e in kb.all("legal") if e.id in (in_use("texte") or {})),
                   key=lambda x: sort_key(x[1]))
    spec = [
        ("condition", "Conditions de réussite", ALL, named("condition")),
        ("etape", "Étapes couvertes", ALL, named("stage")),
        ("secteur", "Secteurs", ANY, named("sector")),
        ("mode", "Mode de participation", ONE, named("mode")),
        ("niveau", "Échelon du territoire", ONE, [(v, label.capitalize()) for v, label in levels]),
        ("pays", "Pays", ONE, countries),
        ("texte", "Texte juridique", ONE, texts),
        # Contributors look for cases to complete; readers, for the most complete ones.
        ("completude", "Complétude de la fiche", ONE, [(k, label.capitalize()) for k, label in LEVELS.items()]),
    ]
    return [Facet(param, legend, rule, tuple(values), tuple((used.get(param) or {}).get(v, 0) for v, _ in values))
            for param, legend, rule, values in spec]


def period_bounds(kb: KnowledgeBase) -> tuple[int, int]:
    """First and last year of any case (an ongoing case counts up to its start), for the year fields."""
    years = [y for c in kb.cases for y in (c["period"]["start"], c["period"].get("end")) if y is not None]
    return (min(years), max(years)) if years else (0, 0)


def explorer_json(kb: KnowledgeBase, found: list[Facet] | None = None) -> bytes:
    found = found or facets(kb)
    index = [{v: i for i, (v, _) in enumerate(f.values)} for f in found]
    rows = []
    for case in kb.cases:
        values = _case_values(case)
        p = case["period"]
        rows.append([case.id, " ".join(case["title"].split()), " ".join(case["territory"]["name"].split()),
                     p["start"], p.get("end"),
                     " · ".join(" ".join(i["name"].split()) for i in case.get("instruments", [])),
                     *[[ix[v] for v in values[f.param] if v in ix] for f, ix in zip(found, index)]])
    data = {
        "colonnes": COLUMNS + [f.param for f in found],
        "facettes": [{"param": f.param, "regle": f.rule, "valeurs": [list(v) for v in f.values]} for f in found],
        "cas": rows,
    }
    # One case per line: compact, yet a diff between two builds stays readable.
    head = json.dumps({k: v for k, v in data.items() if k != "cas"}, ensure_ascii=False, separators=(",", ":"))
    lines = ",\n".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in rows)
    return (head[:-1] + ',"cas":[\n' + lines + "\n]}\n").encode("utf-8")


def explorer_context(kb: KnowledgeBase) -> dict:
    found = facets(kb)
    first, last = period_bounds(kb)
    return {"facets": found, "cases": kb.cases, "first_year": first, "last_year": last,
            "data_file": EXPLORER_DATA.rsplit("/", 1)[-1], "page_size": PAGE_SIZE}


# --- the matrix --------------------------------------------------------------------------

def matrix_context(kb: KnowledgeBase) -> dict:
    """Rows: (case, set of its condition ids) in reading order; columns: conditions; totals per column."""
    conditions = kb.all("condition")
    rows = [(case, {c["condition"] for c in case["conditions"]}) for case in kb.cases]
    totals = [sum(1 for _, ids in rows if cond.id in ids) for cond in conditions]
    return {"conditions": conditions, "rows": rows, "totals": totals}
