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


# --- comparison ----------------------------------------------------------------------------

from mallette import compare  # noqa: E402


def test_figures_are_worded_in_french():
    assert compare.figure_fr({"value": 130000, "unit": "€", "label": "budget"}) == "130\u202f000\u00a0€\u00a0: budget"
    assert compare.figure_fr({"value": 100, "label": "participants", "approximate": True}) == "environ 100\u00a0: participants"


def test_a_case_record_holds_what_the_comparison_shows(kb):
    rec = compare.case_record(kb, kb.get("case", "strasbourg-conseil-ess"))
    assert rec["url"] == "cas/strasbourg-conseil-ess/" and rec["en_cours"] is True
    assert rec["periode"] == "depuis 2010" and rec["echelon"] == "intercommunalité" and rec["pays"] == "France"
    assert [c[0] for c in rec["conditions"]] == [c["condition"] for c in kb.get("case", "strasbourg-conseil-ess")["conditions"]]
    types = dict(rec["acteurs"])
    assert "CRESS Alsace" in types[kb.get("actor-type", "reseau")["name"]]
    # Stages in the taxonomy's order, whatever the case file's order.
    stage_names = [s["name"] for s in kb.all("stage")]
    assert rec["etapes"] == sorted(rec["etapes"], key=stage_names.index)


def test_one_small_file_per_case(kb):
    files = compare.compare_files(kb)
    assert sorted(p for p, _ in files) == sorted(f"comparer/cas/{c.id}.json" for c in kb.cases)
    assert max(len(b) for _, b in files) < 4000
