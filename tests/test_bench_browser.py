"""The benchmark's browser part (scripts/bench_browser.py): its probes find every case on the real
site, and it steps aside cleanly without Chromium. No timing is asserted here: the figures belong
to `make bench` (their targets are judged in tests/test_bench.py)."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import ROOT
from mallette.model import load_knowledge_base

import bench_browser  # noqa: E402
import bench_report  # noqa: E402

N = len(load_knowledge_base(ROOT).cases)
STEPS = ["Une condition cochée", "Un secteur coché", "Mots : une lettre tapée", "Effacer les filtres"]


@pytest.mark.lent
def test_probes_see_every_case_on_the_map_and_every_filter_change(built_site):
    if bench_browser.unavailable():
        if os.environ.get("CI"):
            pytest.fail(bench_browser.unavailable())
        pytest.skip(bench_browser.unavailable())
    # In a process of its own: Playwright's synchronous API cannot start a second time inside a
    # worker whose other browser tests already run it. A reader's typing pace matters to the
    # bench's figures, not to what the probes find: typed fast here (about 20 s less per run), and
    # without the unmeasured warm-up visits.
    probe = ("import json, sys; sys.path.insert(0, sys.argv[1]); import bench_browser as b; b.TYPING_MS = 10; "
             "print(json.dumps(b.measure(__import__('pathlib').Path(sys.argv[2]), int(sys.argv[3]), repeats=1, "
             "log=lambda *a: None, warm_up=False)))")
    run = subprocess.run([sys.executable, "-c", probe, str(ROOT / "scripts"), str(built_site), str(N)],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    b = json.loads(run.stdout.strip().splitlines()[-1])
    m, e = b["map"], b["explorer"]
    assert m["complete"] == 1 and m["cases"] == [N] and len(m["page_ms"]) == 1
    assert m["document_ms"][0] <= m["page_ms"][0]  # the map document opens inside /carte/
    assert list(e["steps"]) == STEPS and all(s["ms"] for s in e["steps"].values())
    assert e["final_status"] == f"{N}\u00a0cas" and e["cards_shown"] == N  # « Effacer » brought every case back
    q = b["search"]["queries"]
    assert list(q) == list(bench_browser.SEARCH_QUERIES)
    for query, d in q.items():
        assert d["before_search_files"] == [] and d["first_bytes"][0] > 0 and d["ms"][0] > 0, query
        assert d["first"] and f"pour « {query} »" in d["status"], (query, d["status"])
    assert q["Barcelone"]["first"] == "/cas/barcelone-groupes-de-travail/"
    # Every page type weighed once its scripts are ready, as a compressing static host sends it.
    pages = b["pages"]
    assert set(pages) == set(bench_browser.PAGES), pages.get("error")
    for name, w in pages.items():
        files = {f[0]: f for f in w["files"]}
        assert w["path"] in files and 0 < w["transferred"] < w["raw"], (name, w)
        assert not any(bench_browser.THEME.search(f) for f in files), name  # the theme is not the page's own
    assert {"/carte/carte.html", "/carte/cas.json", "/carte/contours.json"} <= set(f[0] for f in pages["carte"]["files"])
    assert "/explorer/cas.json" in {f[0] for f in pages["explorateur"]["files"]}
    assert "/carte/contours.json" in {f[0] for f in pages["cas"]["files"]}  # the case map's outlines were awaited
    assert b["blocked"] == []


def test_without_chromium_the_bench_says_so_and_judges_nothing(monkeypatch, tmp_path):
    monkeypatch.setattr(bench_browser, "CHROMIUM", str(tmp_path / "chromium"))
    b = bench_browser.measure(tmp_path, 100)
    assert b == {"skipped": "non mesuré : Chromium absent"}
    results = {"meta": {}, "sizes": {"5000": {"n": 5000, "browser": b}}}
    bench_report.bench_derive.derive(results)
    verdicts = bench_report.bench_targets.judge(results, bench_report.bench_targets.load_targets())
    browser_metrics = ("map_", "explorer_", "search_", "page_")
    judged = [v for v in verdicts if v["metric"].startswith(browser_metrics)]
    assert judged and all(v["status"] == "non mesuré" and v["value"] is None for v in judged)
