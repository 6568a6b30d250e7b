"""`make bench` as code: the targets table, the figures derived from results.json, the verdicts,
and the report rendered again from results.json alone (`--report-only`). No timing is measured
here: the results below are written by hand, as bench_run and bench_browser write them."""
from __future__ import annotations

import copy
import json

import pytest

from conftest import ROOT
from mallette.model import load_knowledge_base

import bench  # noqa: E402
import bench_derive  # noqa: E402
import bench_plain  # noqa: E402
import bench_report  # noqa: E402
import bench_run  # noqa: E402
import bench_targets  # noqa: E402

MET, MISSED, UNMEASURED = bench_targets.MET, bench_targets.MISSED, bench_targets.UNMEASURED


def st(*xs):
    return bench_run.stats(list(xs))


def builds(site_cpu, plain_cpu, peak=500.0):
    one = lambda cpu, mib: {"cpu_s": st(cpu), "wall_s": st(cpu * 1.1), "peak_mib": st(mib)}  # noqa: E731
    return {"site": one(site_cpu, peak), "reference": one(site_cpu * 0.8, peak * 0.7), "plain": one(plain_cpu, peak / 3)}


def site(largest=200_000):
    return {"total_bytes": 10 * 2 ** 20, "files": 100, "html_pages": 90, "largest_page": "conditions/index.html",
            "largest_bytes": largest, "case_pages": 80, "case_median_bytes": 33_000, "case_max_bytes": 40_000,
            "case_max_page": "cas/x/index.html", "case_article_median_bytes": 14_000, "search_bytes": 500_000,
            "search_per_case": 5000.0, "search_case_entries_per_case": 1700.0, "lunr_bytes": 0,
            "exports": {"donnees/cas.json": 600_000}, "map": {"bytes": 1, "per_case": 80.0, "files": [], "embedded": False},
            "explorer": {"bytes": 1, "per_case": 240.0, "files": [], "embedded": False}}


def browser(n, page_ms=(800, 950, 1400), cases=None, steps=None, first_kib=(300,), ms=(100,), early=()):
    runs = len(page_ms)
    q = {"x": {"before_bytes": [300_000] * len(ms), "first_bytes": [k * 1024 for k in first_kib], "ms": list(ms),
               "next_bytes": [1000] * len(ms), "next_ms": [50.0] * len(ms), "before_search_files": list(early),
               "first_files": [12] * len(ms), "status": "3 résultats pour « x ».", "first": "/cas/x/"}}
    return {"n": n, "repeats": runs, "blocked": [], "load": [1.0, 1.0], "chromium": "1",
            "map": {"runs": runs, "complete": runs, "cases": cases or [n] * runs, "n": n, "page_ms": list(page_ms),
                    "document_ms": list(page_ms), "dom_ms": list(page_ms), "markers": 1, "clusters": 3},
            "explorer": {"runs": 1, "word": "mot", "final_status": "", "cards_shown": 24, "ready_ms": [600.0],
                         "cls": [0.0], "steps": steps or {"Une condition cochée": {"ms": [20.0], "script": [1.0]}}},
            "pages": {"accueil": {"path": "/", "raw": 200_000, "transferred": 60_000, "requests": 3,
                                  "files": [["/", 20_000, 50_000]]}},
            "search": {"queries": q, "typing_ms": 120, "page": "/"}}


def size(n, site_cpu=20.0, plain_cpu=10.0, **kw):
    out = {"n": n, "cases": n, "real_cases": 8, "site_only": False, "builds": builds(site_cpu, plain_cpu),
           "validation": {"cpu_s": st(0.5), "wall_s": st(0.5), "process_wall_s": st(0.9), "peak_mib": st(40.0)},
           "site": site(), "plain_site": site(), "reference_site": site()}
    if kw:
        out["browser"] = browser(n, **kw)
    return out


def results(*sizes, serve=None):
    meta = {"date": "2026-11-30 12:00 UTC", "commit": "abc1234", "dirty": False, "argv": ["--sizes", "1000"],
            "seed": 2024, "runs": 1, "duration_s": 600.0,
            "machine": {"cpus": 2, "arch": "x86_64", "system": "Linux", "release": "6", "mem_total_mib": 24000.0},
            "versions": {"Python": "3.11.7", "mkdocs": "1.6.1"}, "load": {"start": 1.0, "end": 2.0}}
    out = {"meta": meta, "sizes": {str(s["n"]): s for s in sizes}}
    if serve:
        out["serve"] = serve
    return bench_derive.derive(out)


def verdicts(res) -> dict:
    return {v["id"]: v for v in bench_targets.judge(res, bench_targets.load_targets())}


def test_every_target_names_a_figure_the_bench_derives():
    res = results(size(1000), size(5000, page_ms=[500]), size(20000, page_ms=[500]),
                  serve={"n": 2000, "first_build_s": 60.0, "rebuild_s": [2.0, 4.0], "case": "x"})
    res["sizes"]["5000"]["lighthouse"] = {"pages": [  # as scripts/bench_lighthouse.py writes it
        {"page": "accueil", "chemin": "/", "mediane": {"score": 95, "lcp_ms": 1000, "tbt_ms": 0, "cls": 0}},
        {"page": "matrice", "chemin": "/conditions/matrice/", "mediane": None, "essais": [{"erreur": "x"}]}]}
    bench_derive.derive(res)
    v = verdicts(res)
    assert [k for k in v if v[k]["status"] == UNMEASURED] == []
    assert v["lighthouse-5000"]["value"] == 0 and v["lighthouse-5000"]["status"] == MISSED  # the audit failed


def test_build_targets_are_judged_on_cpu_against_the_plain_pages_at_their_size():
    v = verdicts(results(size(1000, site_cpu=9.0, plain_cpu=10.0), size(5000, site_cpu=30.0, plain_cpu=10.0)))
    assert v["build-vs-plain-1000"]["status"] == MET and v["build-vs-plain-1000"]["value"] == pytest.approx(0.9)
    assert v["build-vs-plain-5000"]["status"] == MISSED and v["build-vs-plain-5000"]["value"] == pytest.approx(3.0)
    # Memory is promised at 20,000 cases: a 5,000-case figure is shown, never judged.
    mem = v["build-memory-20000"]
    assert mem["status"] == UNMEASURED and mem["measured_n"] == 5000


@pytest.mark.parametrize("n, page_ms, cases, status", [
    (5000, [800, 950, 1400], None, MET),  # judged on the median
    (5000, [1100, 1050, 900], None, MISSED),
    (5000, [500, 500, 500], [5000, 4999, 5000], MISSED),  # a case missing from the map
    (1000, [500, 500, 500], None, UNMEASURED),  # the promise is for 5,000 cases
])
def test_map_target(n, page_ms, cases, status):
    assert verdicts(results(size(n, page_ms=page_ms, cases=cases)))["map-5000"]["status"] == status


def test_explorer_target_is_the_slowest_change_by_its_median():
    steps = {"Un secteur coché": {"ms": [10.0, 20.0, 300.0], "script": []},
             "Effacer les filtres": {"ms": [120.0, 120.0, 10.0], "script": []}}
    res = results(size(5000, steps=steps))
    v = verdicts(res)["explorer-filter"]
    assert v["status"] == MISSED and v["value"] == 120.0
    assert res["sizes"]["5000"]["derived"]["explorer_worst_step"] == "Effacer les filtres"
    steps["Effacer les filtres"]["ms"] = [90.0, 90.0, 400.0]
    assert verdicts(results(size(5000, steps=steps)))["explorer-filter"]["status"] == MET


def test_page_weight_target_judges_the_heaviest_page_as_transferred_compressed():
    res = results(size(20000, page_ms=[500]))
    res["sizes"]["20000"]["browser"]["pages"] = {  # as bench_browser.weigh_pages writes them
        "carte": {"path": "/carte/", "transferred": 400_000, "raw": 1_500_000, "requests": 9, "files": []},
        "explorateur": {"path": "/explorer/", "transferred": 600_000, "raw": 900_000, "requests": 9, "files": []}}
    bench_derive.derive(res)
    d = res["sizes"]["20000"]["derived"]
    assert (d["page_heaviest"], d["page_raw_heaviest"], d["page_raw_heaviest_bytes"]) == ("/explorer/", "/carte/", 1_500_000)
    v = verdicts(res)["page-weight-20000"]
    assert v["status"] == MET and v["value"] == 600_000
    res["sizes"]["20000"]["browser"]["pages"]["carte"]["transferred"] = 1_100_000
    assert verdicts(bench_derive.derive(res))["page-weight-20000"]["status"] == MISSED
    # A page that never got ready may be the heaviest: nothing is judged, the report says why.
    res["sizes"]["20000"]["browser"]["pages"]["carte"] = {"path": "/carte/", "error": "TimeoutError : 60000 ms"}
    res["sizes"]["20000"].pop("derived")
    assert verdicts(bench_derive.derive(res))["page-weight-20000"]["status"] == UNMEASURED
    assert "| carte | `/carte/` | mesure impossible : TimeoutError : 60000 ms |" in bench_report.render(res)


@pytest.mark.parametrize("n, first_kib, ms, early, statuses", [
    (20000, [300, 400, 900], [100, 200, 900], (), [MET, MET, MET]),  # judged on the median
    (20000, [600, 600, 100], [350, 400, 10], (), [MET, MISSED, MISSED]),
    (20000, [100], [100], ["/pagefind/pagefind.js"], [MISSED, MET, MET]),  # loaded before the field
    (5000, [100], [100], (), [MET, UNMEASURED, UNMEASURED]),  # sizes and times are promised at 20,000
])
def test_search_targets(n, first_kib, ms, early, statuses):
    v = verdicts(results(size(n, first_kib=first_kib, ms=ms, early=early)))
    assert [v[k]["status"] for k in ("search-nothing-before-focus", "search-first-bytes-20000",
                                     "search-time-20000")] == statuses


def test_each_size_targets_count_the_worst_size():
    small, big = size(100), size(1000)
    big["site"]["largest_bytes"] = 400 * 1024
    v = verdicts(results(small, big))["html-page-300k"]
    assert v["status"] == MISSED and v["measured_n"] == 1000


def test_a_malformed_target_stops_the_bench(tmp_path):
    bad = tmp_path / "targets.yaml"
    bad.write_text("- {id: x, issue: 16, label: x, metric: m, compare: '=<', threshold: 1, unit: s, n: 100}\n")
    with pytest.raises(ValueError):
        bench_targets.load_targets(bad)


def test_report_only_renders_the_report_again_from_results_json(tmp_path):
    res = results(size(1000, site_cpu=1234.5, plain_cpu=617.25), size(5000, page_ms=[1500.0]),
                  serve={"n": 2000, "first_build_s": 60.0, "rebuild_s": [2.5], "case": "x"})
    res["sizes"]["5000"]["lighthouse"] = {"outil": "Lighthouse 12.2.3", "essais_par_page": 1, "gzip": True, "pages": [
        {"page": "carte", "chemin": "/carte/", "scores": [72], "mediane": {"score": 72, "lcp_ms": 2500, "tbt_ms": 310,
                                                                             "cls": 0.01}}]}
    row = {"func": "convert", "where": "markdown/core.py:250", "calls": 1000, "cumtime": 55.5, "tottime": 1.25}
    res["profiles"] = {"n": 5000, "hook_timing": {"total": 100.0, "load_config": 0.5, "spent": {"on_config": 12.5},
                                                  "calls": {"on_config": 1}},
                       "cprofile": {"Construction complète": {"total": 300.0, "overall_cumulative": [row],
                                                              "packages": [["markdown", 165.0]]}}}
    raw = copy.deepcopy(res)
    for s in raw["sizes"].values():  # written before a figure existed: derived again on the way
        del s["derived"]
    (tmp_path / "results.json").write_text(json.dumps(raw), encoding="utf-8")
    assert bench.main(["--report-only", "--out", str(tmp_path)]) == 0
    text = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "| 1\u202f000 | 0,50 | 40 | 1\u202f234,5 |" in text  # French numbers, from the filters
    assert "| Construction complète ≤ 1,0 × les pages simples, à 1\u202f000 cas (temps CPU) | #16 | 2,00 × à 1\u202f000 cas" in text
    assert "« non atteint »" in text and "« atteint »" in text
    assert "regroupements affichés ≤ 1 s, à 5\u202f000 cas | #18 | 1\u202f500 ms à 5\u202f000 cas" in text
    assert "| `on_config` | 1 | 12,50 |" in text and "| `convert` | `markdown/core.py:250` | 1\u202f000 | 55,50 | 1,25 |" in text
    assert "| carte | `/carte/` | 72 | 2,5 | 310 | 0,010 | 72 |" in text
    assert "De l'écriture du fichier à la page qui montre le changement : 2,5 s" in text
    assert json.loads((tmp_path / "results.json").read_text())["sizes"]["1000"]["derived"]["site_vs_plain_cpu"] == 2.0


def test_report_only_without_results_says_so(tmp_path, capsys):
    assert bench.main(["--report-only", "--out", str(tmp_path)]) == 2
    assert "lancez d'abord le banc" in capsys.readouterr().err


def test_a_build_measured_once_outside_the_bench_is_read_from_gnu_time():
    log = ("\tCommand being timed: \"mkdocs build\"\n\tUser time (seconds): 300.50\n\tSystem time (seconds): 9.50\n"
           "\tElapsed (wall clock) time (h:mm:ss or m:ss): 1:02:03.5\n\tMaximum resident set size (kbytes): 3386880\n"
           "\tExit status: 0\n")
    run = bench_run.parse_time_log(log)
    assert run["cpu_s"] == 310.0 and run["wall_s"] == 3723.5 and run["peak_mib"] == 3307.5
    with pytest.raises(bench_run.Failed):
        bench_run.parse_time_log(log.replace("Exit status: 0", "Exit status: 1"))


def test_plain_pages_hold_the_facts_of_each_case():
    kb = load_knowledge_base(ROOT)
    case = kb.cases[0]
    page = bench_plain.case_page(kb, case)
    assert page.startswith(f"# {case['title']}")
    for c in case["conditions"]:
        assert f"(../conditions/{c['condition']}.md)" in page
        assert " ".join(c["evidence"].split()) in page
    for s in case["sources"]:
        assert f"(../ressources/{s}.md)" in page
    assert all(h in page for h in ("## Conditions de réussite", "## Sources"))
