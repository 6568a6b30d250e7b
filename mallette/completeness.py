"""How complete a case is: computed from its fields, shown on its page, carried by the data.

The schema says what a case must have to be published; this module says what a good case
also has. The same list feeds the validator's warnings (checks.check_case_recommendations),
the « Cette fiche gagnerait à préciser : … » line of the case page, the open data and the
explorer's filter: one definition, so they cannot disagree.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from .labels import COMPLETENESS

MIN_CONDITIONS = 3  # a case teaches a condition best beside others
MIN_EVIDENCE_WORDS = 8  # « Les élus portent la démarche. » says too little to teach from


def _words(text) -> int:
    return len(text.split()) if isinstance(text, str) else 0


def short_evidence(data: dict) -> list[int]:
    """Positions in `conditions` whose evidence is shorter than MIN_EVIDENCE_WORDS."""
    return [i for i, item in enumerate(data.get("conditions") or [])
            if isinstance(item, dict) and _words(item.get("evidence")) < MIN_EVIDENCE_WORDS]


@dataclass(frozen=True)
class Recommendation:
    key: str  # stable, in the open data and the explorer
    field: str  # the YAML field a warning points at
    missing_fr: str  # « Cette fiche gagnerait à préciser : <missing_fr> »
    met: Callable[[dict], bool]


def _filled(field: str) -> Callable[[dict], bool]:
    return lambda data: bool(data.get(field))


RECOMMENDATIONS = (
    Recommendation("conditions", "conditions", "d'autres conditions de réussite",
                   lambda d: len(d.get("conditions") or []) >= MIN_CONDITIONS),
    Recommendation("evidence", "conditions", "ce qui montre chaque condition",
                   lambda d: not short_evidence(d)),
    Recommendation("mode", "mode", "le mode de participation", _filled("mode")),
    Recommendation("stages", "stages", "les étapes", _filled("stages")),
    Recommendation("actors", "actors", "les acteurs", _filled("actors")),
    Recommendation("instruments", "instruments", "les instruments", _filled("instruments")),
    Recommendation("results", "results", "les résultats", _filled("results")),
)


@dataclass(frozen=True)
class Completeness:
    level: str  # a key of labels.COMPLETENESS
    score: int  # recommendations met, in percent
    missing: tuple[Recommendation, ...]

    @property
    def label(self) -> str:
        return COMPLETENESS[self.level]

    @property
    def missing_keys(self) -> list[str]:
        return [r.key for r in self.missing]

    @property
    def missing_fr(self) -> str:
        """« les acteurs, les étapes » (empty when complete)."""
        return ", ".join(r.missing_fr for r in self.missing)


def of_case(case) -> Completeness:
    """completeness(case.data), computed once per entry: the case page, the explorer and the open
    data each ask for it (eight times a case per build)."""
    known = case.derived.get("completeness")
    if known is None:
        known = case.derived["completeness"] = completeness(case.data)
    return known


def completeness(data: dict) -> Completeness:
    """A case's completeness: complete (every recommendation met), partial (at least half), stub."""
    missing = tuple(r for r in RECOMMENDATIONS if not r.met(data))
    met = len(RECOMMENDATIONS) - len(missing)
    level = "complete" if not missing else "partial" if 2 * met >= len(RECOMMENDATIONS) else "stub"
    return Completeness(level, round(100 * met / len(RECOMMENDATIONS)), missing)
