"""Side-by-side comparison (/comparer/?cas=a,b,c): one small JSON file per case.

The page itself holds no case (it stays the same size at any number of cases): its script,
overrides/assets/javascripts/comparer.js, fetches only the selected cases' files,
`comparer/cas/<id>.json`, and lays them out in columns. Each file holds what the table shows,
already worded in French, so the script only places text:

    {"id", "titre", "url", "territoire", "echelon", "pays", "periode", "en_cours", "mode",
     "secteurs": [...], "etapes": [...], "acteurs": [[type, [names]], ...],
     "conditions": [[id, name, url], ...], "textes": [[title, url], ...], "chiffres": [...]}

URLs are relative to the site root; names are plain text (the script writes them as text).
"""
from __future__ import annotations

import json

from .model import KnowledgeBase
from .refs import URL_DIR
from .labels import LEVELS
from .render import country_fr, number_fr, period_fr
from .text import typography

COMPARE_PAGE = "comparer/index.md"
COMPARE_DIR = "comparer/cas"
MAX_CASES = 4


def _plain(text) -> str:
    return typography(" ".join(str(text).split()))


def _url(kind: str, ident: str) -> str:
    return f"{URL_DIR[kind]}/{ident}/"


def figure_fr(figure: dict) -> str:
    """{'value': 100, 'unit': 'personnes', 'label': '…', 'approximate': True} -> 'environ 100 personnes : …'."""
    amount = ("environ " if figure.get("approximate") else "") + number_fr(figure["value"])
    if figure.get("unit"):
        amount += "\u00a0" + _plain(figure["unit"])  # no line break between a number and its unit
    return f"{amount}\u00a0: {_plain(figure['label'])}"


def _orders(kb: KnowledgeBase) -> tuple[dict, dict]:
    return ({s.id: i for i, s in enumerate(kb.all("stage"))},
            {e.id: i for i, e in enumerate(kb.all("actor-type"))})


def case_record(kb: KnowledgeBase, case, orders: tuple[dict, dict] | None = None) -> dict:
    t = case["territory"]
    stage_order, actor_types = orders or _orders(kb)  # computed once per build by compare_files
    stages = sorted((s["stage"] for s in case.get("stages", [])), key=lambda s: stage_order.get(s, 0))
    by_type: dict[str, list[str]] = {}
    for actor in case.get("actors", []):
        by_type.setdefault(actor["type"], []).append(_plain(actor["name"]))
    mode = case.get("mode")
    return {
        "id": case.id,
        "titre": _plain(case["title"]),
        "url": _url("case", case.id),
        "territoire": _plain(t["name"]),
        "echelon": LEVELS[t["level"]],
        "pays": country_fr(t["country"]),
        "periode": period_fr(case["period"]),
        "en_cours": case["period"].get("end") is None,
        "mode": _plain(kb.get("mode", mode)["name"]) if mode else "",
        "secteurs": [_plain(kb.get("sector", s)["name"]) for s in case["sectors"]],
        "etapes": [_plain(kb.get("stage", s)["name"]) for s in stages],
        "acteurs": [[_plain(kb.get("actor-type", k)["name"]), names]
                    for k, names in sorted(by_type.items(), key=lambda kv: actor_types.get(kv[0], 0))],
        "conditions": [[c["condition"], _plain(kb.get("condition", c["condition"])["name"]),
                        _url("condition", c["condition"])] for c in case["conditions"]],
        "textes": [[_plain(kb.get("legal", i).get("short_title") or kb.get("legal", i)["title"]), _url("legal", i)]
                   for i in case.get("legal_basis", [])],
        "chiffres": [figure_fr(f) for f in case.get("figures", [])],
    }


def compare_files(kb: KnowledgeBase) -> list[tuple[str, bytes]]:
    """(path in the site, bytes): one file per case, a few hundred bytes each."""
    orders = _orders(kb)
    return [(f"{COMPARE_DIR}/{case.id}.json",
             json.dumps(case_record(kb, case, orders), ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n")
            for case in kb.cases]


def compare_context(kb: KnowledgeBase) -> dict:
    return {"max_cases": MAX_CASES, "count": len(kb.cases)}
