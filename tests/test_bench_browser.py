"""The benchmark's browser part (scripts/bench_browser.py): its probes find every case on the real
site, it steps aside cleanly without Chromium, and its two targets are judged as the report says.
No timing is asserted here: the figures belong to `make bench`."""
from __future__ import annotations

import os

import pytest

from conftest import ROOT
from mallette.model import load_knowledge_base

import bench  # noqa: E402
import bench_browser  # noqa: E402

N = len(load_knowledge_base(ROOT).cases)
STEPS = ["Une condition cochée", "Un secteur coché", "Mots : une lettre tapée", "Effacer les filtres"]


def test_probes_see_every_case_on_the_map_and_every_filter_change(built_site):
    if bench_browser.unavailable():
        if os.environ.get("CI"):
            pytest.fail(bench_browser.unavailable())
        pytest.skip(bench_browser.unavailable())
    b = bench_browser.measure(built_site, N, repeats=1, log=lambda *a: None)
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
    assert b["blocked"] == []


def test_without_chromium_the_bench_says_so_and_judges_nothing(monkeypatch, tmp_path):
    monkeypatch.setattr(bench_browser, "CHROMIUM", str(tmp_path / "chromium"))
    b = bench_browser.measure(tmp_path, 100)
    assert b == {"skipped": "non mesuré : Chromium absent"}
    r = bench.Result(100, 8, browser=b)
    assert [(m, s) for _, m, s in bench.browser_targets(r)] == [("non mesuré : Chromium absent", bench.NA)] * 5
    assert "non mesuré : Chromium absent." in bench.browser_md([r])


def test_no_browser_option_skips_the_measure(tmp_path):
    args = bench.parse_args(["--no-browser"])
    assert bench.browser_metrics(tmp_path, 100, args) == {"skipped": "non mesuré : option `--no-browser`"}


def judged(n: int, page_ms: list[float], cases: list[int] | None = None, steps: dict | None = None):
    runs = len(page_ms)
    browser = {"n": n, "repeats": runs, "blocked": [], "load": [1.0, 1.0],
               "map": {"runs": runs, "complete": runs, "cases": cases or [n] * runs, "n": n, "page_ms": page_ms,
                       "document_ms": page_ms, "dom_ms": page_ms, "markers": 1, "clusters": 3},
               "explorer": {"runs": 1, "word": "mot", "final_status": "", "cards_shown": 60,
                            "steps": steps or {"Une condition cochée": {"ms": [20.0], "script": [1.0]}}}}
    return bench.browser_targets(bench.Result(n, 8, browser=browser))


@pytest.mark.parametrize("n, page_ms, cases, status", [
    (5000, [800, 950, 1400], None, bench.OK),         # judged on the median
    (5000, [1100, 1050, 900], None, bench.KO),
    (5000, [500, 500, 500], [5000, 4999, 5000], bench.KO),  # a case missing from the map
    (1000, [500, 500, 500], None, bench.NA),          # the promise is for 5 000 cases
])
def test_map_target(n, page_ms, cases, status):
    assert judged(n, page_ms, cases)[0][2] == status


def test_explorer_target_is_the_slowest_change_by_its_median():
    steps = {"Un secteur coché": {"ms": [10.0, 20.0, 300.0], "script": []},
             "Effacer les filtres": {"ms": [120.0, 120.0, 10.0], "script": []}}
    _, measured, status = judged(5000, [500], steps=steps)[1]
    assert status == bench.KO and "120 ms (« Effacer les filtres »)" in measured and "300 ms" in measured
    steps["Effacer les filtres"]["ms"] = [90.0, 90.0, 400.0]
    assert judged(5000, [500], steps=steps)[1][2] == bench.OK


def search_judged(n: int, first_kib: list[float], ms: list[float], early: list[str] | None = None):
    d = {"before_bytes": [300_000] * len(ms), "first_bytes": [k * 1024 for k in first_kib], "ms": ms,
         "next_bytes": [1000] * len(ms), "next_ms": [50.0] * len(ms), "before_search_files": early or [],
         "first_files": [12] * len(ms), "status": "3 résultats pour « x ».", "first": "/cas/x/"}
    browser = {"n": n, "repeats": 1, "blocked": [], "load": [1.0, 1.0], "map": {"error": "x"}, "explorer": {"error": "x"},
               "search": {"queries": {"x": d}, "typing_ms": 120, "page": "/"}}
    return bench.search_targets(bench.Result(n, 8, browser=browser))


@pytest.mark.parametrize("n, first_kib, ms, early, statuses", [
    (20000, [300, 400, 900], [100, 200, 900], None, [bench.OK, bench.OK, bench.OK]),  # judged on the median
    (20000, [600, 600, 100], [350, 400, 10], None, [bench.OK, bench.KO, bench.KO]),
    (20000, [100], [100], ["/pagefind/pagefind.js"], [bench.KO, bench.OK, bench.OK]),  # loaded before the field
    (5000, [100], [100], None, [bench.OK, bench.NA, bench.NA]),  # sizes and times are promised at 20 000
])
def test_search_targets(n, first_kib, ms, early, statuses):
    assert [s for _, _, s in search_judged(n, first_kib, ms, early)] == statuses
