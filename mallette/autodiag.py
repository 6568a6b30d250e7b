"""The autodiagnostic (/autodiagnostic/): one question per condition of success, what to read next.

Python decides what the page holds; overrides/assets/javascripts/autodiagnostic.js only reads the
answers, ranks the conditions and shows the panels prepared here. Each condition's panel holds
what the source says (its summary and why it matters), a few cases with their evidence and the
guide sections about it. The number of cases shown is capped: the page stays the same size
whatever the number of cases (a link leads to all of them).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .model import KnowledgeBase
from .refs import URL_DIR
from .text import typography

AUTODIAG_PAGE = "autodiagnostic/index.md"
# The four answers, weakest first; the value is what the URL and the browser store keep.
LEVELS = (("1", "Pas du tout"), ("2", "Un peu"), ("3", "En bonne partie"), ("4", "Pleinement"))
CASES_SHOWN = 3  # cases with their evidence in each condition's panel
# How many conditions the result puts first: every condition answered « pas du tout » or
# « un peu », but at least MIN and at most MAX (the script applies the same rule).
WEAKEST_MIN, WEAKEST_MAX = 3, 5

_HEADING = re.compile(r"^#{2,6}\s+(.+?)\s*\{#([a-z0-9][a-z0-9-]*)[^}]*\}\s*$", re.M)


@dataclass(frozen=True)
class GuideSection:
    guide: object  # the guide Entry
    anchor: str  # "" for the whole guide
    title: str


@dataclass(frozen=True)
class Question:
    number: int
    condition: object  # the condition Entry
    question: str
    evidence: list  # [(case, evidence text)], at most CASES_SHOWN
    case_count: int
    reading: list  # [GuideSection]


def question_for(condition) -> str:
    """The question asked about a condition: its own when the taxonomy gives one, else one built
    from its name (the name is the condition as the source states it)."""
    own = condition.get("question")
    if own:
        return typography(" ".join(own.split()))
    return typography(f"Dans votre démarche, où en êtes-vous sur ce point : « {' '.join(condition['name'].split())} » ?")


def guide_sections(kb: KnowledgeBase) -> dict[str, list[GuideSection]]:
    """Anchor -> the guide sections with that explicit anchor ({#volonte-politique}), guide order."""
    out: dict[str, list[GuideSection]] = {}
    for guide in kb.all("guide"):
        for m in _HEADING.finditer(guide.body):
            title = re.sub(r"[*_`]", "", m.group(1)).strip()
            out.setdefault(m.group(2), []).append(GuideSection(guide, m.group(2), title))
    return out


def reading_for(kb: KnowledgeBase, condition, sections: dict[str, list[GuideSection]]) -> list[GuideSection]:
    """The guide sections named after the condition, then the other guides that link to it."""
    found = list(sections.get(condition.id, []))
    seen = {s.guide.id for s in found}
    for guide in kb.citing("condition", condition.id, "guide"):
        if guide.id not in seen:
            seen.add(guide.id)
            found.append(GuideSection(guide, "", guide["title"]))
    return found


def questions(kb: KnowledgeBase) -> list[Question]:
    sections = guide_sections(kb)
    out = []
    for i, cond in enumerate(kb.all("condition"), start=1):
        evidence = kb.evidence(cond.id)
        out.append(Question(i, cond, question_for(cond), evidence[:CASES_SHOWN],
                            len(kb.citing("condition", cond.id, "case")), reading_for(kb, cond, sections)))
    return out


def weakest(answers: dict[str, int], order: list[str]) -> list[str]:
    """The conditions the result puts first, the weakest first (ties in reading order).

    answers: condition id -> level (1 to 4), unanswered conditions absent. The rule is the one
    autodiagnostic.js applies: every answer below 3, at least WEAKEST_MIN, at most WEAKEST_MAX."""
    ranked = sorted((c for c in order if c in answers), key=lambda c: (answers[c], order.index(c)))
    low = sum(1 for c in ranked if answers[c] < 3)
    return ranked[:max(WEAKEST_MIN, min(low, WEAKEST_MAX))]


def autodiag_context(kb: KnowledgeBase) -> dict:
    return {"questions": questions(kb), "levels": LEVELS, "guide_dir": URL_DIR["guide"],
            "weakest_min": WEAKEST_MIN, "weakest_max": WEAKEST_MAX}
