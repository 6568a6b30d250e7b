"""The explorer (/explorer/) and the conditions matrix (/conditions/matrice/), from the same core.

The explorer page shows the first cases as cards, server-rendered so that the page reads without
JavaScript and never grows with the corpus (the whole list is on /cas/, by pages). A small script
(overrides/assets/javascripts/explorer.js) filters every case with one compact file,
`explorer/cas.json`, and fetches the texts of the cases (titles, territories, instruments) in
blocks, `explorer/textes/<k>.json`, only for the cards it shows and for a word search:

    {"version": 2, "nombre": N, "alphabet": "0-9A-Za-z-_", "annee0": first year,
     "facettes": [{"param", "regle", "largeur", "valeurs": [[value, label], ...]}, ...],
     "codes": ["<facet 1>.<facet 2>. … .<start>.<end>", ...],  (one string per case)
     "textes": {"taille": B, "fichiers": ["textes/0.json", ...]}}

In `codes`, each facet's values are written as their index in `valeurs`, `largeur` characters of
`alphabet` each (base 64), in the case's own order; the years, as offsets from `annee0` (end
empty: ongoing). A block of texts: [[id, title, territory, instruments], ...] for cases kB to
(k+1)B - 1, in reading order. About 30 bytes per case for filtering, the rest on demand.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from .completeness import of_case
from .model import KnowledgeBase, sort_key
from .paging import paginate
from .labels import COMPLETENESS, LEVELS
from .render import country_fr
from .text import typography

EXPLORER_PAGE = "explorer/index.md"
EXPLORER_DATA = "explorer/cas.json"  # next to the page: the script fetches "cas.json"
TEXTS_DIR = "explorer/textes"
MATRIX_PAGE = "conditions/matrice.md"  # reserved condition id: mallette/checks.py RESERVED_IDS

# How the checked values of a facet combine: "et" all of them (a case has several values),
# "ou" any of them, "un" a single value chosen in a list.
ALL, ANY, ONE = "et", "ou", "un"
TEXT_COLUMNS = ["id", "titre", "territoire", "instruments"]
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"
# Cards on the page, and added by « Afficher plus »: laying out thousands of cards at each change
# would take seconds; a page of them keeps every filtering well under a tenth of a second.
PAGE_SIZE = 24
TEXT_BLOCK = 200  # cases per block of texts (~35 KB): the first results of a filter need one or a few


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
        "completude": [of_case(case).level],
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
    levels = [(lv, label) for lv, label in LEVELS.items() if lv in (in_use("niveau") or {})]
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
        ("completude", "Complétude de la fiche", ONE, [(k, label.capitalize()) for k, label in COMPLETENESS.items()]),
    ]
    return [Facet(param, legend, rule, tuple(values), tuple((used.get(param) or {}).get(v, 0) for v, _ in values))
            for param, legend, rule, values in spec]


def period_bounds(kb: KnowledgeBase) -> tuple[int, int]:
    """First and last year of any case (an ongoing case counts up to its start), for the year fields."""
    years = [y for c in kb.cases for y in (c["period"]["start"], c["period"].get("end")) if y is not None]
    return (min(years), max(years)) if years else (0, 0)


def _code(n: int, width: int) -> str:
    out = ""
    for _ in range(width):
        n, r = divmod(n, 64)
        out = ALPHABET[r] + out
    return out


def _width(count: int) -> int:
    """Characters per code for `count` values (base 64)."""
    width = 1
    while 64 ** width < count:
        width += 1
    return width


def _dump(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _one_line(text: str) -> str:
    return typography(" ".join(text.split()))  # as the server-rendered cards write it


def explorer_json(kb: KnowledgeBase, found: list[Facet] | None = None) -> bytes:
    """explorer/cas.json: what filtering needs, for every case (see the module's docstring)."""
    found = found or facets(kb)
    index = [{v: i for i, (v, _) in enumerate(f.values)} for f in found]
    widths = [_width(len(f.values)) for f in found]
    first, last = period_bounds(kb)
    year_width = _width(last - first + 1)
    codes = []
    for case in kb.cases:
        values = _case_values(case)
        p = case["period"]
        parts = ["".join(_code(ix[v], w) for v in values[f.param] if v in ix) for f, ix, w in zip(found, index, widths)]
        parts.append(_code(p["start"] - first, year_width))
        parts.append("" if p.get("end") is None else _code(p["end"] - first, year_width))
        codes.append(".".join(parts))
    blocks = -(-len(codes) // TEXT_BLOCK)
    head = {
        "version": 2, "nombre": len(codes), "alphabet": ALPHABET, "annee0": first, "largeur_annee": year_width,
        "facettes": [{"param": f.param, "regle": f.rule, "largeur": w, "valeurs": [list(v) for v in f.values]}
                     for f, w in zip(found, widths)],
        "textes": {"taille": TEXT_BLOCK, "colonnes": TEXT_COLUMNS,
                   "fichiers": [f"{TEXTS_DIR.rsplit('/', 1)[-1]}/{k}.json" for k in range(blocks)]},
    }
    # Ten cases per line: compact, yet a diff between two builds stays readable.
    lines = ",\n".join(",".join(_dump(c) for c in codes[i:i + 10]) for i in range(0, len(codes), 10))
    return (_dump(head)[:-1] + ',"codes":[\n' + lines + "\n]}\n").encode("utf-8")


def text_blocks(kb: KnowledgeBase) -> list[tuple[str, bytes]]:
    """explorer/textes/<k>.json: the texts of the cards, TEXT_BLOCK cases per file, in reading order."""
    rows = [[case.id, _one_line(case["title"]), _one_line(case["territory"]["name"]),
             " · ".join(_one_line(i["name"]) for i in case.get("instruments", []))] for case in kb.cases]
    return [(f"{TEXTS_DIR}/{k // TEXT_BLOCK}.json",
             ("[\n" + ",\n".join(_dump(r) for r in rows[k:k + TEXT_BLOCK]) + "\n]\n").encode("utf-8"))
            for k in range(0, len(rows), TEXT_BLOCK)]


def explorer_files(kb: KnowledgeBase) -> list[tuple[str, bytes]]:
    """Every data file of the explorer: (path in the site, content)."""
    return [(EXPLORER_DATA, explorer_json(kb)), *text_blocks(kb)]


def explorer_context(kb: KnowledgeBase) -> dict:
    found = facets(kb)
    first, last = period_bounds(kb)
    return {"facets": found, "cases": kb.cases[:PAGE_SIZE], "total": len(kb.cases), "first_year": first,
            "last_year": last, "data_file": EXPLORER_DATA.rsplit("/", 1)[-1], "page_size": PAGE_SIZE}


# --- the matrix --------------------------------------------------------------------------

HEAT_LEVELS = 4  # shades of the heat map, besides the empty cell
GRID_PAGE_SIZE = 25  # rows of the case-by-condition grid per page: 16 cells each, a heavy table


@dataclass(frozen=True)
class Crossing:
    """The conditions crossed with one other facet of the cases: how many cases have both."""
    param: str  # the explorer's URL parameter of the columns (secteur, niveau, etape)
    anchor: str
    title: str  # « secteurs »: the tables are chosen by what they cross the conditions with
    caption: str
    columns: tuple[tuple[str, str], ...]  # (value, label)
    rows: tuple[tuple, ...]  # (condition entry, cases citing it, ((count, heat level), ...) per column)


def heat(count: int, most: int) -> int:
    """0 for an empty cell, else 1..HEAT_LEVELS in proportion to the fullest cell of its table."""
    if count <= 0 or most <= 0:
        return 0
    return min(HEAT_LEVELS, 1 + (HEAT_LEVELS * count - 1) // most)


def crossings(kb: KnowledgeBase) -> list[Crossing]:
    """Conditions × sectors, levels and stages: a few small tables whatever the number of cases."""
    conditions = kb.all("condition")
    spec = [
        ("secteur", "secteurs", "Nombre de cas par condition de réussite et par secteur",
         [(e.id, e["name"]) for e in kb.all("sector")]),
        ("niveau", "échelons", "Nombre de cas par condition de réussite et par échelon du territoire",
         [(v, label.capitalize()) for v, label in LEVELS.items()]),
        ("etape", "étapes", "Nombre de cas par condition de réussite et par étape couverte",
         [(e.id, e["name"]) for e in kb.all("stage")]),
    ]
    per_case = [({c["condition"] for c in case["conditions"]}, _case_values(case)) for case in kb.cases]
    out = []
    for param, title, caption, columns in spec:
        col = {v: i for i, (v, _) in enumerate(columns)}
        counts = {cond.id: [0] * len(columns) for cond in conditions}
        for conds, values in per_case:
            cells = [col[v] for v in set(values[param]) if v in col]
            for cid in conds:
                row = counts.get(cid)
                if row is not None:
                    for i in cells:
                        row[i] += 1
        most = max((n for row in counts.values() for n in row), default=0)
        rows = tuple((cond, len(kb.citing("condition", cond.id, "case")),
                      tuple((n, heat(n, most)) for n in counts[cond.id])) for cond in conditions)
        out.append(Crossing(param, f"par-{param}", title, caption, tuple(columns), rows))
    return out


def matrix_pages(kb: KnowledgeBase) -> list[dict]:
    """The context of each page of the matrix: page 1 (MATRIX_PAGE) holds the heat maps and the
    first rows of the case-by-condition grid; the next pages, the rest of the grid.

    Grid rows: (case, set of its condition ids) in reading order."""
    conditions = kb.all("condition")
    rows = [(case, {c["condition"] for c in case["conditions"]}) for case in kb.cases]
    tables = crossings(kb)
    return [{"conditions": conditions, "pager": pager, "crossings": tables if pager.number == 1 else [],
             "heat_levels": HEAT_LEVELS} for pager in paginate(rows, MATRIX_PAGE, GRID_PAGE_SIZE)]
