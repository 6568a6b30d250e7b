"""The computations behind the workshop tools (mallette/autodiag.py, compare.py, cooccurrence.py,
chronology.py, glance.py), on the real content and on small hand-made bases."""
from __future__ import annotations

import pytest

from conftest import ROOT
from mallette import autodiag
from mallette.model import load_knowledge_base


@pytest.fixture(scope="module")
def kb():
    return load_knowledge_base(ROOT)


# --- autodiagnostic ----------------------------------------------------------------------

ORDER = ["a", "b", "c", "d", "e", "f", "g"]


def test_weakest_puts_the_lowest_answers_first_ties_in_reading_order():
    answers = {"a": 4, "b": 2, "c": 1, "d": 2, "e": 3}
    assert autodiag.weakest(answers, ORDER) == ["c", "b", "d"]


def test_weakest_shows_at_least_three_and_at_most_five():
    assert autodiag.weakest({"a": 4, "b": 3, "c": 4, "d": 3}, ORDER) == ["b", "d", "a"]
    all_low = {c: 1 for c in ORDER}
    assert autodiag.weakest(all_low, ORDER) == ORDER[:5]
    assert autodiag.weakest({"g": 2}, ORDER) == ["g"]
    assert autodiag.weakest({}, ORDER) == []


def test_each_question_is_worded_from_its_condition(kb):
    qs = autodiag.questions(kb)
    assert [q.condition.id for q in qs] == [c.id for c in kb.all("condition")]
    for q in qs:
        assert q.condition["name"].split()[0] in q.question
        assert q.question.endswith("?")


def test_panels_cap_the_cases_shown_but_count_them_all(kb):
    for q in autodiag.questions(kb):
        assert len(q.evidence) == min(autodiag.CASES_SHOWN, q.case_count)
        assert q.case_count == len(kb.citing("condition", q.condition.id, "case"))


def test_guide_sections_follow_the_explicit_anchors_of_the_guides(kb):
    sections = autodiag.guide_sections(kb)
    found = {(s.guide.id, s.title) for s in sections["volonte-politique"]}
    assert ("conditions-de-reussite", "Volonté politique") in found
    # Every condition gets something to read in the real content (the guide names each one).
    for q in autodiag.questions(kb):
        assert q.reading, q.condition.id
        for s in q.reading:
            assert not s.anchor or f"{{#{s.anchor}" in s.guide.body
