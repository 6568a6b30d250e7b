"""Completeness: one function decides it; the page, the open data and the explorer show it."""
from __future__ import annotations

import html
import json
import shutil

import yaml

from test_explore import decode_explorer
from conftest import FIXTURES
from mallette.completeness import completeness
from mallette.explore import explorer_json
from mallette.export import cases_csv, cases_json
from mallette.model import validate
from mallette.pages import build_pages

COMPLETE = yaml.safe_load((FIXTURES / "valid/cases/cas-complet.yaml").read_text(encoding="utf-8"))
MINIMAL = yaml.safe_load((FIXTURES / "valid/cases/cas-minimal.yaml").read_text(encoding="utf-8"))


def test_levels_follow_the_recommendations():
    assert completeness(COMPLETE).level == "complete" and completeness(COMPLETE).score == 100
    assert not completeness(COMPLETE).missing
    # Required fields only, one condition with a short evidence: an outline.
    minimal = completeness(MINIMAL)
    assert minimal.level == "stub"
    assert minimal.missing_keys == ["conditions", "evidence", "mode", "stages", "actors", "instruments", "results"]
    without_actors = {k: v for k, v in COMPLETE.items() if k not in ("actors", "stages")}
    partial = completeness(without_actors)
    assert partial.level == "partial" and partial.missing_fr == "les étapes, les acteurs"


def _kb_with(project, *names):
    for name in names:
        shutil.copy(FIXTURES / "valid/cases" / name, project / "content/cases" / name)
    kb, report = validate(project)
    assert kb is not None, report.format()
    return kb


def test_case_page_says_what_is_missing(project):
    kb = _kb_with(project, "cas-minimal.yaml", "cas-complet.yaml")
    pages = {p.src_uri: html.unescape(p.text) for p in build_pages(kb)}  # the text a reader sees
    minimal, complete = pages["cas/cas-minimal.md"], pages["cas/cas-complet.md"]
    assert "Complétude de la fiche</strong>\u00a0: ébauche" in minimal
    assert ("Cette fiche gagnerait à préciser\u00a0: d'autres conditions de réussite, ce qui montre chaque "
            "condition, le mode de participation, les étapes, les acteurs, les instruments, les résultats.") in minimal
    assert "Complétude de la fiche</strong>\u00a0: complète" in complete and "gagnerait" not in complete


def test_open_data_and_explorer_carry_it(project):
    kb = _kb_with(project, "cas-minimal.yaml", "cas-complet.yaml")
    records = {c["id"]: c for c in json.loads(cases_json(kb))["cases"]}
    assert records["cas-minimal"]["completeness"]["level"] == "stub"
    assert records["cas-minimal"]["completeness"]["missing"][:2] == ["conditions", "evidence"]
    assert records["cas-complet"]["completeness"] == {"level": "complete", "score": 100, "missing": []}
    rows = cases_csv(kb).decode().splitlines()
    header = rows[0].split(",")
    assert header[-2:] == ["completude", "a_preciser"]
    assert any(r.startswith("cas-complet,") and r.endswith(",complete,") for r in rows)
    data = json.loads(explorer_json(kb))
    facet = next(f for f in data["facettes"] if f["param"] == "completude")
    assert [v[0] for v in facet["valeurs"]] == ["complete", "partial", "stub"]
    ids = [c.id for c in kb.cases]  # the explorer's order: the cards' texts carry the ids
    by_id = {i: row["completude"][0] for i, row in zip(ids, decode_explorer(data))}
    assert by_id["cas-minimal"] == "stub" and by_id["cas-complet"] == "complete"
