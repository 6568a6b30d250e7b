"""The home page at a glance: key numbers, the conditions most and least illustrated, the latest
cases and one way in per audience. A block of the same size at any number of cases, inserted
into the hand-written home page (content/pages/index.md) where it has the line MARKER, or
before its first section when it has none.
"""
from __future__ import annotations

from dataclasses import dataclass

from .feed import Updates, latest_cases
from .model import KnowledgeBase
from .mini_map import mini_map

MARKER = "<!-- mallette:accueil -->"
LATEST = 5  # latest cases on the home page
BARS_SHOWN = 5  # conditions most and least illustrated, each (all of them when few)
GUIDES_PER_AUDIENCE = 3
# The bar chart's geometry (SVG user units).
LABEL_WIDTH, BAR_WIDTH, BAR_ROW, GROUP_GAP = 270, 260, 22, 26


@dataclass(frozen=True)
class Audience:
    key: str  # as in the guides' `audiences`
    label: str
    tools: tuple[tuple[str, str], ...]  # (page, label) of the workshop tools for this audience


AUDIENCES = (
    Audience("elus", "Je suis élu·e", (("autodiagnostic/index.md", "Faire l'autodiagnostic d'une démarche"),
                                        ("chronologie/index.md", "Situer sa démarche dans la chronologie des textes"))),
    Audience("agents", "Je suis agent·e d'une collectivité", (("explorer/index.md", "Trouver des cas proches du sien"),
                                                              ("comparer/index.md", "Comparer des cas côte à côte"))),
    Audience("acteurs", "Je suis acteur ou actrice de l'ESS", (("autodiagnostic/index.md", "Faire l'autodiagnostic d'une démarche"),
                                                               ("conditions/index.md#ensemble", "Voir les conditions qui vont ensemble"))),
    Audience("formateurs", "Je suis formateur ou formatrice", (("atelier/index.md", "Les outils d'atelier"),
                                                               ("autodiagnostic/index.md", "Autodiagnostic"),
                                                               ("comparer/index.md", "Comparer des cas"),
                                                               ("chronologie/index.md", "Chronologie"),
                                                               ("conditions/index.md#ensemble", "Conditions qui vont ensemble"))),
)


def key_numbers(kb: KnowledgeBase) -> dict[str, int]:
    territories = {(" ".join(c["territory"]["name"].split()), c["territory"]["country"]) for c in kb.cases}
    return {"cases": len(kb.cases), "territories": len(territories),
            "conditions": len(kb.all("condition")), "texts": len(kb.all("legal"))}


def condition_bars(kb: KnowledgeBase, shown: int = BARS_SHOWN) -> dict:
    """The most and least illustrated conditions (ties in reading order), with the chart geometry."""
    conditions = kb.all("condition")
    ranked = sorted(((c, len(kb.citing("condition", c.id, "case"))) for c in conditions),
                    key=lambda x: -x[1])  # stable: ties keep the reading order
    if len(ranked) <= 2 * shown:
        groups = [("Toutes les conditions, de la plus à la moins illustrée", ranked)]
    else:
        groups = [("Les plus illustrées", ranked[:shown]), ("Les moins illustrées", ranked[-shown:])]
    top = max((n for _, n in ranked), default=0) or 1
    out, y = [], 0
    for title, rows in groups:
        y += GROUP_GAP
        items = []
        for cond, n in rows:
            items.append({"condition": cond, "count": n, "y": y, "width": round(BAR_WIDTH * n / top)})
            y += BAR_ROW
        out.append({"title": title, "title_y": y - BAR_ROW * len(rows) - 8, "rows": items})
    return {"groups": out, "height": y + 4, "label_width": LABEL_WIDTH, "bar_width": BAR_WIDTH,
            "width": LABEL_WIDTH + BAR_WIDTH + 40}


def countries(kb: KnowledgeBase, limit: int = 6) -> list[tuple[str, int]]:
    """(country name, cases) most cases first, for the line next to the link to the map."""
    from .render import country_fr

    found: dict[str, int] = {}
    for c in kb.cases:
        found[c["territory"]["country"]] = found.get(c["territory"]["country"], 0) + 1
    return [(country_fr(code), n) for code, n in sorted(found.items(), key=lambda x: (-x[1], x[0]))][:limit]


def audience_guides(kb: KnowledgeBase, key: str, limit: int = GUIDES_PER_AUDIENCE) -> list:
    """The guides for an audience: those written for fewer audiences (more specific) first."""
    guides = [g for g in kb.all("guide") if key in g.get("audiences", [])]
    return sorted(guides, key=lambda g: len(g.get("audiences", [])))[:limit]


def glance_context(kb: KnowledgeBase, updates: Updates) -> dict:
    latest = latest_cases(kb, updates, LATEST)
    return {"numbers": key_numbers(kb), "bars": condition_bars(kb), "countries": countries(kb),
            "mini_map": mini_map(kb),
            "latest": [(c, updates.of(c)) for c in latest],
            "audiences": [(a, audience_guides(kb, a.key)) for a in AUDIENCES]}


def with_block(markdown: str, block: str) -> str:
    """The home page's Markdown with the block at MARKER, else before the first `## ` section."""
    if MARKER in markdown:
        return markdown.replace(MARKER, block, 1)
    lines = markdown.split("\n")
    for i, line in enumerate(lines):
        if line.startswith("## "):
            return "\n".join(lines[:i] + [block, ""] + lines[i:])
    return markdown.rstrip("\n") + "\n\n" + block
