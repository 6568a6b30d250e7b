"""Pages that do not grow with the corpus, in Chromium, on a corpus larger than a page of cases.

A synthetic corpus (scripts/bench_corpus.py, the benchmark's generator) of a few pages of cases is
built once for this module. Expected lists are read from the YAML files, not from the core.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
import yaml
from axe_playwright_python.base import AXE_SCRIPT

from conftest import close_page, made_once, mkdocs_build, open_page, serve, shared

import bench_corpus  # noqa: E402

from mallette.paging import PAGE_SIZE  # noqa: E402
from mallette.explore import GRID_PAGE_SIZE, PAGE_SIZE as CARDS  # noqa: E402

N = 2 * PAGE_SIZE + 30  # three pages of cases, and more cases than the explorer's first cards
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
               "resultTypes": ["violations"]}


def _make_corpus(folder):
    bench_corpus.make_project(folder / "projet", N)
    result = mkdocs_build(folder / "projet", folder / "site")
    assert result.returncode == 0, result.stderr


shared("corpus", _make_corpus, "corpus")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    base = made_once(tmp_path_factory, "corpus", _make_corpus)
    site = base / "site"
    cases = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))
             for p in sorted((base / "projet/content/cases").glob("*.yaml"))}
    url, server = serve(site)
    yield site, url, cases
    server.shutdown()


@pytest.fixture(scope="module")
def page(chromium, corpus):
    """One page for the tests that only go from address to address (a new page per test cost about
    0.5 s of CPU each, see conftest.open_page); those that type, resize or turn scripts off open their own."""
    pg = open_page(chromium, corpus[1], {"width": 1280, "height": 900})
    yield pg
    close_page(pg)


def case_links(page, scope: str) -> list[str]:
    hrefs = page.locator(scope).evaluate_all("as => as.map(a => a.href)")
    return [urlsplit(h).path.strip("/").split("/")[-1] for h in hrefs if "/cas/" in urlsplit(h).path]


def walk(page, url: str, scope: str) -> tuple[list[str], list[str]]:
    """Follow « Suivants » from url to the last page: (cases listed in order, pages visited)."""
    seen, visited = [], []
    while url:
        page.goto(url)
        visited.append(urlsplit(page.url).path)
        seen += case_links(page, scope)
        nxt = page.locator("nav.mallette-pages a[rel=next]")
        url = nxt.evaluate("a => a.href") if nxt.count() else ""
        assert len(visited) < 30
    return seen, visited


def test_the_cases_index_lists_every_case_once_by_pages_with_stable_addresses(page, corpus):
    site, url, cases = corpus
    seen, visited = walk(page, url + "/cas/", "article table td:first-child a")
    assert visited == ["/cas/", "/cas/page/2/", "/cas/page/3/"]
    assert sorted(seen) == sorted(cases) and len(seen) == len(set(seen))
    # Page 3: where it sits in the list, the way back, the current page marked.
    assert page.locator(".mallette-pages__position").inner_text().replace("\u202f", " ") == \
        f"Cas {2 * PAGE_SIZE + 1} à {N} sur {N} (page 3 sur 3)."
    assert urlsplit(page.locator("a[rel=prev]").evaluate("a => a.href")).path == "/cas/page/2/"
    assert page.locator("nav.mallette-pages [aria-current=page]").inner_text() == "3"
    # Generated pages stay out of the navigation (the build would grow with N² otherwise).
    nav = page.locator("nav.md-nav--primary a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
    assert not any("page/" in h for h in nav)
    for k in (1, 2, 3):
        html = site / ("cas" if k == 1 else f"cas/page/{k}") / "index.html"
        assert html.stat().st_size < 300_000


def test_a_condition_page_quotes_its_cases_by_pages(page, corpus):
    site, url, cases = corpus
    counts = {}
    for case in cases.values():
        for c in case["conditions"]:
            counts[c["condition"]] = counts.get(c["condition"], 0) + 1
    cid = max(counts, key=counts.get)
    assert counts[cid] > PAGE_SIZE
    seen, visited = walk(page, f"{url}/conditions/{cid}/", "article p a[href*='#condition-']")
    assert sorted(seen) == sorted(i for i, c in cases.items() if any(x["condition"] == cid for x in c["conditions"]))
    assert visited[1] == f"/conditions/{cid}/page/2/"
    # The first page links to the explorer filtered to the same cases.
    page.goto(f"{url}/conditions/{cid}/")
    link = page.locator(".mallette-vers-explorateur a")
    assert urlsplit(link.evaluate("a => a.href")).query == f"condition={cid}"
    link.click()
    page.locator("#filtres[data-pret]").wait_for(timeout=10_000)
    assert page.locator("#nombre-de-cas").inner_text().startswith(f"{counts[cid]}\u00a0cas sur")


def test_matrix_grid_comes_by_pages_of_fixed_size(page, corpus):
    site, url, cases = corpus
    seen, visited = walk(page, url + "/conditions/matrice/", ".mallette-grille tbody th a")
    pages = -(-N // GRID_PAGE_SIZE)
    assert visited == ["/conditions/matrice/"] + [f"/conditions/matrice/page/{k}/" for k in range(2, pages + 1)]
    assert sorted(seen) == sorted(cases) and len(seen) == len(set(seen))
    assert (site / "conditions/matrice/index.html").stat().st_size < 300_000


def test_explorer_keeps_its_first_cards_and_builds_the_others_from_the_data(chromium, corpus):
    site, url, cases = corpus
    pg = open_page(chromium, url, {"width": 390, "height": 844})
    try:
        # Layout shifts as the script takes over are recorded from the start.
        pg.add_init_script("""window.__cls = 0; new PerformanceObserver(l => { for (const e of l.getEntries())
            if (!e.hadRecentInput) window.__cls += e.value }).observe({ type: "layout-shift", buffered: true });""")
        pg.goto(url + "/explorer/")
        pg.locator("#filtres[data-pret]").wait_for(timeout=10_000)
        first = pg.locator(".mallette-fiche").evaluate_all("ls => ls.map(l => l.dataset.cas)")
        html = (site / "explorer/index.html").read_text(encoding="utf-8")
        assert first == re.findall(r'data-cas="([^"]+)"', html) and len(first) == CARDS
        assert pg.evaluate("window.__cls") <= 0.1
        # On a phone, the number of results stays in view while the filters are read.
        status = pg.locator("#nombre-de-cas").bounding_box()
        assert 0 <= status["y"] and status["y"] + status["height"] <= 844
        # A filter whose first results lie beyond the server's cards: made from the data blocks.
        sector = max({s for c in cases.values() for s in c["sectors"]},
                     key=lambda s: sum(s in c["sectors"] for c in cases.values()))
        expected = [i for i in first if sector in cases[i]["sectors"]]
        pg.locator("[data-groupe=secteur] summary").click()
        pg.locator(f"input[name=secteur][value={sector}]").check()
        matching = sum(sector in c["sectors"] for c in cases.values())
        pg.wait_for_function("n => !document.querySelector('.mallette-fiches[aria-busy]')"
                             " && document.querySelectorAll('.mallette-fiche').length === n", arg=min(matching, CARDS))
        shown = pg.locator(".mallette-fiche").evaluate_all("ls => ls.map(l => l.dataset.cas)")
        assert all(sector in cases[i]["sectors"] for i in shown)
        assert shown[:len(expected)] == expected and set(shown) - set(first)  # some made from the data
        made = pg.locator(f".mallette-fiche[data-cas='{shown[-1]}']")
        case = cases[shown[-1]]
        assert made.locator("h3").inner_text() == " ".join(case["title"].split())
        assert urlsplit(made.locator("a").evaluate("a => a.href")).path == f"/cas/{shown[-1]}/"
        assert case["territory"]["name"] in made.inner_text().replace("\u00a0", " ")
    finally:
        close_page(pg)


def test_without_javascript_the_explorer_shows_only_its_first_cards(chromium, corpus):
    site, url, cases = corpus
    pg = open_page(chromium, url, scripts=False)
    try:
        pg.goto(url + "/explorer/")
        assert pg.locator(".mallette-fiche").count() == CARDS < len(cases)
        assert pg.locator("#nombre-de-cas").inner_text().replace("\u00a0", " ").replace("\u202f", " ") == \
            f"{len(cases)} cas ; les {CARDS} premiers sont affichés"
        assert urlsplit(pg.locator(".mallette-sans-script a").evaluate("a => a.href")).path == "/cas/"
    finally:
        close_page(pg)


@pytest.mark.parametrize("path", ["/cas/page/2/", "/conditions/volonte-politique/page/2/", "/conditions/matrice/",
                                  "/conditions/matrice/page/2/", "/explorer/"])
def test_axe_finds_no_violation_on_paged_pages(page, corpus, path):
    site, url, _ = corpus
    page.goto(url + path, wait_until="networkidle")
    page.evaluate(AXE_SCRIPT)
    result = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    assert [f"{v['id']}: {[n['html'][:120] for n in v['nodes'][:3]]}" for v in result["violations"]] == []


def test_a_wide_table_scrolls_in_a_named_focusable_box_on_a_phone(chromium, corpus):
    site, url, cases = corpus
    pg = open_page(chromium, url, {"width": 375, "height": 740})
    try:
        ident = max(cases, key=lambda i: len(cases[i].get("actors", [])))
        pg.goto(f"{url}/cas/{ident}/")
        box = pg.locator(".mallette-defilement").first
        assert box.get_attribute("role") == "region" and box.get_attribute("tabindex") == "0"
        assert box.get_attribute("aria-label").startswith("Tableau")
        assert pg.evaluate("document.documentElement.scrollWidth") <= 375  # the page does not scroll sideways
        assert box.evaluate("e => e.scrollWidth > e.clientWidth")  # the box does
        # A visible cue: a shadow on the side where columns are hidden.
        assert "radial-gradient" in box.evaluate("e => getComputedStyle(e).backgroundImage")
        box.focus()
        pg.keyboard.press("ArrowRight")
        pg.wait_for_function("e => e.scrollLeft > 0", arg=box.element_handle())
    finally:
        close_page(pg)
