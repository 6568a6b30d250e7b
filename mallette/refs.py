"""Where each kind of file points to other content: one table for checks and cross-indexes."""
from __future__ import annotations

import re
from typing import Iterator

# kind -> [(field path with [] for "each item", target kind)]
REFERENCES: dict[str, list[tuple[str, str]]] = {
    "case": [
        ("conditions[].condition", "condition"),
        ("stages[].stage", "stage"),
        ("mode", "mode"),
        ("sectors[]", "sector"),
        ("actors[].type", "actor-type"),
        ("legal_basis[]", "legal"),
        ("legal_context[]", "legal"),
        ("quotes[].source", "resource"),
        ("sources[]", "resource"),
        ("related[]", "case"),
    ],
    "legal": [("related[]", "legal"), ("sources[]", "resource")],
    "resource": [("sources[]", "resource")],
    "condition": [("sources[]", "resource")],
    "stage": [("sources[]", "resource")],
    "mode": [("sources[]", "resource")],
    "guide": [
        ("conditions[]", "condition"),
        ("cases[]", "case"),
        ("legal[]", "legal"),
        ("sources[]", "resource"),
    ],
}

# Error code when a reference to this kind is unknown (stable: tools and tests rely on them).
UNKNOWN_CODE = {
    "case": "cas-inconnu",
    "condition": "condition-inconnue",
    "stage": "etape-inconnue",
    "mode": "mode-inconnu",
    "sector": "secteur-inconnu",
    "actor-type": "type-acteur-inconnu",
    "legal": "texte-inconnu",
    "resource": "ressource-inconnue",
    "guide": "guide-inconnu",
}
NOUN_FR = {
    "case": "un cas connu",
    "condition": "une condition connue",
    "stage": "une étape connue",
    "mode": "un mode de participation connu",
    "sector": "un secteur connu",
    "actor-type": "un type d'acteur connu",
    "legal": "un texte juridique connu",
    "resource": "une ressource connue",
    "guide": "un guide connu",
}

# URL folder of each kind's pages: also the folders links in guides point to.
URL_DIR = {
    "case": "cas",
    "condition": "conditions",
    "stage": "etapes",
    "mode": "modes",
    "sector": "secteurs",
    "legal": "textes",
    "resource": "ressources",
    "guide": "guides",
}
DIR_KIND = {v: k for k, v in URL_DIR.items()}


def page_url(kind: str, ident: str, site_url: str = "") -> str:
    """A page's URL: relative to the site root ("cas/<id>/"), or absolute under site_url."""
    return site_path(f"{URL_DIR[kind]}/{ident}/", site_url)


def site_path(path: str, site_url: str = "") -> str:
    """A path inside the site, made absolute when site_url is known."""
    return f"{site_url.rstrip('/')}/{path}" if site_url else path


def _steps(spec: str) -> tuple[tuple[str, bool], ...]:
    """'conditions[].condition' -> (('conditions', True), ('condition', False)): True = each item."""
    return tuple((part[:-2], True) if part.endswith("[]") else (part, False) for part in spec.split("."))


# REFERENCES with each field path split once: iter_refs runs for every file, twice per build.
# (It used to recurse through a nested generator: a closure that refers to itself is a reference
# cycle, left to the garbage collector, on every call.)
_STEPS = {kind: [(_steps(spec), target) for spec, target in specs] for kind, specs in REFERENCES.items()}


def iter_refs(kind: str, data: dict) -> Iterator[tuple[tuple, str, str]]:
    """(path in the data, target kind, target id) for every reference in one file."""
    for steps, target in _STEPS.get(kind, ()):
        # Follow the field path one step at a time over every (node, path) reached so far;
        # expanding level by level keeps document order.
        level = [(data, ())]
        for name, each in steps:
            reached = []
            for node, path in level:
                if not isinstance(node, dict) or name not in node:
                    continue
                value = node[name]
                if not each:
                    reached.append((value, path + (name,)))
                elif isinstance(value, list):
                    reached += [(item, path + (name, j)) for j, item in enumerate(value)]
            level = reached
        for node, path in level:
            if isinstance(node, str):
                yield path, target, node


# A relative link in a guide: ../cas/<id>.md, ../conditions/<id>.md#x, other-guide.md
GUIDE_LINK = re.compile(r"\]\(\s*(?:\.\./([a-z]+)/)?([a-z0-9][a-z0-9-]*)\.md(#[^)\s]*)?\s*\)")
