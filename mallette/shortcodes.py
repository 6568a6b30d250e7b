"""Shortcodes in guides: a line `{{ cas condition="volonte-politique" }}` becomes a live list of cases.

A shortcode stands alone on its line, outside code blocks. Its name says what is listed (only
`cas` for now); each `clé="identifiant"` narrows the list, and several narrow it further (all must
hold). The guide body is contributor text: it is never passed to Jinja, so the braces are inert
until this module reads them, and validation reports every mistake at its line and column.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from markupsafe import Markup, escape

from . import markdown_code
from .issues import did_you_mean
from .refs import NOUN_FR, UNKNOWN_CODE

LINE = re.compile(r"^[ \t]*\{\{(.*)\}\}[ \t]*$")
_NAME = re.compile(r"\s*([^\s=\"]+)")
_ARG = re.compile(r"\s*([^\s=\"]+)\s*=\s*(?:\"([^\"]*)\"|([^\s\"]+))")

NAMES = ("cas",)
# Shortcode key (French, like the explorer's URL parameters) -> kind of content it names.
KEYS = {"condition": "condition", "etape": "stage", "mode": "mode", "secteur": "sector", "texte": "legal"}


@dataclass(frozen=True)
class Shortcode:
    name: str
    filters: tuple[tuple[str, str, int], ...]  # (kind, id, column of the id in the line, 0-based)


@dataclass(frozen=True)
class Problem:
    col: int  # 0-based column in the line
    code: str
    message: str
    hint: str = ""


def lines(body: str) -> Iterator[tuple[int, str]]:
    """(line number from 0, line) of each shortcode line of a body, code skipped (markdown_code)."""
    for line, scanned in zip(body.split("\n"), markdown_code.scan(body)):
        if not scanned.code_block and LINE.match(scanned.text):
            yield scanned.n, line


def parse(line: str) -> tuple[Shortcode | None, list[Problem]]:
    """One shortcode line -> (shortcode, []) or (None, syntax problems)."""
    m = LINE.match(line)
    inner, base = m.group(1), m.start(1)
    name = _NAME.match(inner)
    if not name:
        return None, [Problem(m.start(), "raccourci-invalide", "Raccourci vide.",
                              'Écrivez par exemple {{ cas condition="volonte-politique" }}.')]
    if name.group(1) not in NAMES:
        return None, [Problem(base + name.start(1), "raccourci-inconnu",
                              f"« {name.group(1)} » n'est pas un raccourci connu.", did_you_mean(name.group(1), NAMES))]
    filters, problems, pos = [], [], name.end()
    while inner[pos:].strip():
        arg = _ARG.match(inner, pos)
        if not arg:
            col = base + pos + len(inner[pos:]) - len(inner[pos:].lstrip())
            problems.append(Problem(col, "raccourci-invalide",
                                    f"Raccourci « {name.group(1)} » : « {inner[pos:].strip()[:30]} » n'est pas de la forme clé=\"identifiant\".",
                                    'Écrivez par exemple condition="volonte-politique".'))
            break
        key, value = arg.group(1), arg.group(2) if arg.group(2) is not None else arg.group(3)
        if key not in KEYS:
            problems.append(Problem(base + arg.start(1), "raccourci-inconnu",
                                    f"Raccourci « {name.group(1)} » : « {key} » n'est pas une clé connue.",
                                    did_you_mean(key, KEYS)))
        else:
            vstart = arg.start(2) if arg.group(2) is not None else arg.start(3)
            filters.append((KEYS[key], value.strip(), base + vstart))
        pos = arg.end()
    if not filters and not problems:
        problems.append(Problem(base + name.start(1), "raccourci-invalide",
                                f"Raccourci « {name.group(1)} » sans filtre : il listerait tous les cas.",
                                "Ajoutez au moins une clé : " + ", ".join(f"« {k} »" for k in KEYS) + "."))
    return (None if problems else Shortcode(name.group(1), tuple(filters))), problems


def problems(body: str, entries: dict) -> Iterator[tuple[int, Problem]]:
    """(line number from 0, problem) for every shortcode mistake; entries: kind -> {id: entry}."""
    for n, line in lines(body):
        code, found = parse(line)
        for p in found:
            yield n, p
        for kind, ident, col in code.filters if code else ():
            known = entries.get(kind, {})
            if ident not in known:
                yield n, Problem(col, UNKNOWN_CODE[kind], f"Raccourci « {code.name} » : « {ident} » n'est pas {NOUN_FR[kind]}.",
                                 did_you_mean(ident, known))


def cases_for(code: Shortcode, kb) -> list:
    """The cases a valid shortcode lists, in reading order: every filter must hold."""
    found = kb.citing(code.filters[0][0], code.filters[0][1], "case")
    for kind, ident, _ in code.filters[1:]:
        keep = {e.id for e in kb.citing(kind, ident, "case")}
        found = [e for e in found if e.id in keep]
    return found


@dataclass(frozen=True)
class CaseList:
    """What a shortcode line shows: its first cases, and how many there are in all. A guide must
    not grow with the corpus: the rest are in the explorer, filtered the same way (`query`)."""
    cases: list
    total: int
    query: str  # '?condition=volonte-politique&etape=diagnostic': the shortcode's own keys


SHOWN = 10  # cases listed in the guide itself


def case_list(code: Shortcode, kb) -> CaseList:
    found = cases_for(code, kb)
    key = {kind: k for k, kind in KEYS.items()}
    # Validated kebab-case ids: the query needs only HTML escaping (&amp;) in the href.
    query = Markup(escape("?" + "&".join(f"{key[kind]}={ident}" for kind, ident, _ in code.filters)))
    return CaseList(found[:SHOWN], len(found), query)


def segments(body: str, kb) -> list[tuple[str, object]]:
    """A validated guide body -> [("md", Markdown) | ("cas", CaseList)], in order."""
    out: list[tuple[str, object]] = []
    text = body.split("\n")
    start = 0
    for n, line in lines(body):
        code, _ = parse(line)
        if code is None:  # not validated: leave the line as text
            continue
        out.append(("md", "\n".join(text[start:n])))
        out.append(("cas", case_list(code, kb)))
        start = n + 1
    out.append(("md", "\n".join(text[start:])))
    return [(kind, part) for kind, part in out if kind == "cas" or part.strip()]
