"""The computations behind the workshop tools (mallette/autodiag.py, compare.py, cooccurrence.py,
chronology.py, glance.py), on the real content and on small hand-made bases."""
from __future__ import annotations

import pytest

from conftest import ROOT
from mallette import autodiag
from mallette.content import Entry
from mallette.text import typography
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


def test_each_question_is_the_condition_own_or_names_it(kb):
    qs = autodiag.questions(kb)
    assert [q.condition.id for q in qs] == [c.id for c in kb.all("condition")]
    for q in qs:
        own = q.condition.get("question")
        if own:
            assert q.question == typography(" ".join(own.split()))
        else:
            assert q.condition["name"] in q.question
        assert q.question.endswith("\u202f?")


def test_without_its_own_question_a_condition_is_asked_about_by_name(kb):
    cond = kb.all("condition")[0]
    bare = Entry(**{**cond.__dict__, "data": {k: v for k, v in cond.data.items() if k != "question"}})
    assert autodiag.question_for(bare) == typography(f"Dans votre démarche, où en êtes-vous sur ce point : « {cond['name']} » ?")


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


# --- conditions that go together -------------------------------------------------------------

from mallette import cooccurrence as co_mod  # noqa: E402


def test_pair_counts_match_a_direct_count_of_the_cases(kb):
    co = co_mod.cooccurrence(kb)
    sets = [{c["condition"] for c in case["conditions"]} for case in kb.cases]
    for a, b, n in co.pairs():
        assert n == sum(1 for s in sets if a.id in s and b.id in s)
    ids = [c.id for c in co.conditions]
    for i, cid in enumerate(ids):
        assert co.counts[i][i] == sum(1 for s in sets if cid in s)
    assert len(co.pairs()) == len(ids) * (len(ids) - 1) // 2
    counts = [n for _, _, n in co.pairs()]
    assert counts == sorted(counts, reverse=True)


def test_associated_conditions_are_the_most_frequent_partners(kb):
    co = co_mod.cooccurrence(kb)
    for cond in co.conditions:
        found = co.associated(cond.id)
        assert len(found) <= co_mod.ASSOCIATED_SHOWN and all(n > 0 and other.id != cond.id for other, n in found)
        partners = sorted((n for a, b, n in co.pairs() if cond.id in (a.id, b.id) and n), reverse=True)
        assert [n for _, n in found] == partners[:co_mod.ASSOCIATED_SHOWN]
    assert co.associated("inconnue") == []


def test_shades_scale_to_the_largest_count():
    assert co_mod.shade(0, 10) == 0
    assert co_mod.shade(1, 10) == 1
    assert co_mod.shade(10, 10) == co_mod.SHADES
    assert co_mod.shade(6, 10) == 3


def test_the_heat_map_has_one_cell_per_pair_and_a_fixed_size(kb):
    co = co_mod.cooccurrence(kb)
    m = co_mod.heatmap(co)
    n = len(co.conditions)
    assert len(m["cells"]) == n * n and sum(c["diagonal"] for c in m["cells"]) == n
    assert m["width"] == co_mod.LABEL_WIDTH + n * co_mod.CELL + 2


# --- chronology ------------------------------------------------------------------------------

from mallette import chronology  # noqa: E402


def test_the_axis_covers_every_text_and_every_case(kb):
    s = chronology.scale_for(kb)
    years = [int(t["date"][:4]) for t in kb.all("legal") if t.get("date")]
    years += [y for c in kb.cases for y in (c["period"]["start"], c["period"].get("end")) if y]
    assert s.first == min(years) and s.end == max(years) + 1
    assert s.x(s.first) == chronology.PLOT_LEFT and s.x(s.end) == chronology.PLOT_RIGHT


def test_one_bar_per_case_ongoing_ones_to_the_edge(kb):
    t = chronology.timeline(kb)
    assert len(t["cases"]) == len(kb.cases) and t["counts"] == []
    for r in t["cases"]:
        end = r["entry"]["period"].get("end")
        assert r["ongoing"] == (end is None)
        if end is None:
            assert r["x"] + r["width"] == chronology.PLOT_RIGHT
    dated = [r["entry"]["date"] for r in t["texts"]]
    assert dated == sorted(dated) and len(dated) == sum(1 for x in kb.all("legal") if x.get("date"))


def test_many_cases_are_counted_per_year_instead(kb, monkeypatch):
    monkeypatch.setattr(chronology, "CASE_ROWS", 2)
    t = chronology.timeline(kb)
    assert t["cases"] == []
    years = {c["year"]: c["count"] for c in t["counts"]}
    for year, n in years.items():
        assert n == sum(1 for c in kb.cases if c["period"]["start"] <= year <= (c["period"].get("end") or t["last"]))
    assert list(years) == list(range(t["first"], t["last"] + 1))


# --- home page at a glance ----------------------------------------------------------------------

from mallette import glance  # noqa: E402


def test_key_numbers_count_the_content(kb):
    n = glance.key_numbers(kb)
    assert n["cases"] == len(kb.cases) and n["conditions"] == len(kb.all("condition"))
    assert n["texts"] == len(kb.all("legal"))
    assert 1 <= n["territories"] <= n["cases"]


def test_bars_show_the_most_and_the_least_illustrated(kb):
    bars = glance.condition_bars(kb, shown=3)
    most, least = bars["groups"]
    counts = sorted((len(kb.citing("condition", c.id, "case")) for c in kb.all("condition")), reverse=True)
    assert [r["count"] for r in most["rows"]] == counts[:3]
    assert [r["count"] for r in least["rows"]] == counts[-3:]
    assert max(r["width"] for g in bars["groups"] for r in g["rows"]) == glance.BAR_WIDTH
    assert len(glance.condition_bars(kb, shown=10)["groups"]) == 1  # few conditions: all in one group


def test_each_audience_gets_guides_written_for_it(kb):
    for aud in glance.AUDIENCES:
        guides = glance.audience_guides(kb, aud.key)
        assert all(aud.key in g.get("audiences", []) for g in guides)
        assert len(guides) <= glance.GUIDES_PER_AUDIENCE
    # The most specific guides first: the trainers' own guide leads their list.
    only_trainers = [g for g in kb.all("guide") if g.get("audiences") == ["formateurs"]]
    assert glance.audience_guides(kb, "formateurs")[:len(only_trainers)] == only_trainers


def test_the_block_goes_at_the_marker_or_before_the_first_section():
    assert glance.with_block("# T\n\nIntro\n\n" + glance.MARKER + "\n\n## A\n", "BLOC") == "# T\n\nIntro\n\nBLOC\n\n## A\n"
    assert glance.with_block("# T\n\nIntro\n\n## A\n\ntexte\n", "BLOC") == "# T\n\nIntro\n\nBLOC\n\n## A\n\ntexte\n"
    assert glance.with_block("# T\n\nIntro\n", "BLOC") == "# T\n\nIntro\n\nBLOC"


def test_a_condition_cannot_take_the_id_of_the_cooccurrence_section(project):
    from mallette.model import validate

    src = project / "content/taxonomy/conditions/lieux-dedies.yaml"
    text = src.read_text(encoding="utf-8").replace("id: lieux-dedies", "id: ensemble")
    src.unlink()
    (project / "content/taxonomy/conditions/ensemble.yaml").write_text(text, encoding="utf-8")
    _, report = validate(project)
    assert "id-reserve" in report.format()


# --- the home page's small map --------------------------------------------------------------

from mallette import mini_map as mini  # noqa: E402


def test_the_small_map_draws_every_nearby_case_and_counts_the_far_ones(kb):
    m = mini.mini_map(kb)
    far = [c for c in kb.cases if c["territory"]["country"] == "FR" and c["territory"]["lat"] < 0]  # La Réunion
    assert far and m.outside == len(far)
    assert sum(d.count for d in m.dots) == len(kb.cases) - m.outside
    assert all(0 <= d.x <= m.width and 0 <= d.y <= m.height for d in m.dots)
    assert len(m.outlines) == len({c["territory"]["country"] for c in kb.cases})


def test_the_small_map_stays_small_at_20000_cases(kb):
    import random

    from mallette.content import Entry
    from mallette.model import KnowledgeBase

    rng = random.Random(3)
    places = [("FR", 43.0, 50.5, -1.5, 7.5), ("ES", 37.0, 43.0, -8.0, 2.5), ("IT", 38.5, 46.0, 8.0, 16.0),
              ("DE", 48.0, 54.0, 7.0, 14.0), ("BE", 50.0, 51.3, 3.0, 5.8), ("PT", 37.5, 41.8, -8.8, -7.0)]
    cases = {}
    for i in range(20_000):
        code, lat0, lat1, lon0, lon1 = rng.choice(places)
        t = {"name": "x", "level": "commune", "country": code,
             "lat": round(rng.uniform(lat0, lat1), 4), "lon": round(rng.uniform(lon0, lon1), 4)}
        cases[f"c{i}"] = Entry("case", f"c{i}", {"territory": t}, f"content/cases/c{i}.yaml", None)
    m = mini.mini_map(KnowledgeBase({"case": cases}, []))
    size = sum(map(len, m.outlines)) + 60 * len(m.dots)  # a <circle …/> line is under 60 bytes
    assert size < 150_000, size
    assert sum(d.count for d in m.dots) == 20_000 - m.outside
