"""Site search (Pagefind, recherche.js) on the real built site served over HTTP, in Chromium.

Every wait is on a marker the page sets: the search box's `data-etat` (vide, chargement, pret,
recherche, resultats) and `data-requete` (the query whose results are shown).
"""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest
import yaml

from conftest import SEARCH_READY, ROOT, serve
from test_quality_a11y import run_axe

CASES = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "content/cases").glob("*.yaml"))}
GUIDES = {p.stem for p in (ROOT / "content/guides").glob("*.md")}


@pytest.fixture(scope="module")
def logged(built_site):
    """The built site served by a server that records the path of every request it answers
    (Pagefind fetches its index from a web worker: only the server sees those requests)."""
    paths: list[str] = []
    base, server = serve(built_site, paths)
    yield base, paths
    server.shutdown()


def results_for(page, query: str) -> list[str]:
    """Opens the search with its shortcut, types the query; the paths of the results, in order."""
    if page.url in ("about:blank", "") or not page.locator("#recherche").count():
        page.goto(page.site + "/")
    page.locator(SEARCH_READY).wait_for()  # recherche.js listens for its shortcut
    page.keyboard.press("/")
    field = page.locator("#recherche-champ")
    field.fill(query)
    page.wait_for_function("q => document.getElementById('recherche').dataset.requete === q", arg=query.strip())
    return [urlsplit(a.get_attribute("href")).path for a in page.locator("#recherche-resultats a").all()]


def test_nothing_search_related_is_requested_before_the_reader_searches(chromium, logged):
    from conftest import close_page, open_page
    base, paths = logged
    pg = open_page(chromium, base)
    try:
        pg.goto(base + "/cas/strasbourg-conseil-ess/", wait_until="networkidle")
        pg.keyboard.press("Tab")  # moving around the page downloads nothing either
        pg.mouse.wheel(0, 600)
        pg.goto(base + "/guides/conditions-de-reussite/", wait_until="networkidle")
        assert [p for p in paths if p.startswith("/pagefind/")] == []
        pg.locator("#recherche-champ").focus()  # focusing the field starts loading
        pg.wait_for_function("() => document.getElementById('recherche').dataset.etat === 'pret'")
        names = [p.split("?")[0].rsplit("/", 1)[1] for p in paths if p.startswith("/pagefind/")]
        assert "pagefind.js" in names
        assert not any(n.endswith(".pf_index") or n.endswith(".pf_fragment") for n in names)  # no query yet
        pg.keyboard.type("Barcelone")
        pg.wait_for_function("() => document.getElementById('recherche').dataset.requete === 'Barcelone'")
        names = [p.split("?")[0].rsplit("/", 1)[1] for p in paths if p.startswith("/pagefind/")]
        assert "pagefind-entry.json" in names and any(n.startswith("wasm.fr") for n in names)
        assert any(n.endswith(".pf_index") for n in names) and any(n.endswith(".pf_fragment") for n in names)
        assert pg.blocked == []
    finally:
        close_page(pg)


@pytest.fixture(scope="module")
def searching_page(chromium, site_url):
    from conftest import close_page, open_page
    pg = open_page(chromium, site_url)
    yield pg
    close_page(pg)


@pytest.fixture
def searching(searching_page):
    """One page on which the ranking tests search one query after another, as a reader does (a
    new page per query cost 0.5 to 1 s of CPU each). The tests of what a fresh page loads,
    of the keyboard and of the dialog's state use the `page` fixture: a page of their own."""
    pg = searching_page
    if pg.locator("#recherche").count():  # the previous query cleared: no result of it can be read as ours
        pg.evaluate("""() => { const f = document.getElementById('recherche-champ');
                               f.value = ''; f.dispatchEvent(new Event('input', {bubbles: true})); }""")
        pg.wait_for_function("() => !document.getElementById('recherche').hasAttribute('data-requete')")
    pg.blocked.clear()
    pg.dialogs.clear()
    return pg


@pytest.mark.parametrize("query,expected", [
    ("Barcelone", "/cas/barcelone-groupes-de-travail/"),
    ("SOLIMA", "/cas/normandie-solima/"),                   # an acronym: the case before the decree
    ("volonte politique", "/conditions/volonte-politique/"),  # typed without its accent
    ("volonté politique", "/conditions/volonte-politique/"),
    ("reunion", "/cas/reunion-charte-engagements-reciproques/"),
    ("Organisations productrices de services sociaux", "/cas/brescia-tables-de-citoyennete/"),  # an actor
])
def test_the_right_page_comes_first(searching, query, expected):
    page = searching
    assert results_for(page, query)[0] == expected
    assert page.blocked == []


def test_a_typographic_elision_finds_the_charter_and_the_case(searching):
    page = searching
    top = results_for(page, "charte d’engagements")[:2]
    assert set(top) == {"/textes/charte-engagements-reciproques-2014/", "/cas/reunion-charte-engagements-reciproques/"}


@pytest.mark.parametrize("ident", sorted(CASES))
def test_a_territory_finds_its_case_first(searching, ident):
    page = searching
    assert results_for(page, CASES[ident]["territory"]["name"])[0] == f"/cas/{ident}/"


def test_co_construction_puts_the_guides_first_not_case_titles(searching):
    page = searching
    top = results_for(page, "co-construction")[:5]
    guides = [p for p in top if p.startswith("/guides/")]
    assert len(guides) >= 2, top
    assert {p.split("/")[2] for p in guides} <= GUIDES


@pytest.mark.parametrize("query", ["economie sociale", "économie sociale", "l'économie", "l’économie", "economie"])
def test_the_sector_page_ranks_high_with_or_without_accents_and_elision(searching, query):
    page = searching
    top = results_for(page, query)[:5]
    assert "/secteurs/ess/" in top, top


def test_an_elided_word_is_found_and_highlighted(searching):
    # « l'économie » searches « économie »: the elided article is not a word of its own.
    page = searching
    paths = results_for(page, "l'économie")
    assert len(paths) == len(results_for(page, "économie"))
    marks = page.locator("#recherche-resultats mark").all_inner_texts()
    # French stemming: économie, économique… (never the « l » alone).
    assert marks and all("conom" in m.lower() for m in marks), marks


def test_results_show_title_kind_and_excerpt(searching):
    page = searching
    results_for(page, "Brescia")
    first = page.locator("#recherche-resultats li").first
    assert first.locator(".mallette-recherche__titre").inner_text() == CASES["brescia-tables-de-citoyennete"]["title"]
    assert first.locator(".mallette-recherche__type").inner_text() == "cas"
    assert any(m.startswith("Brescia") for m in first.locator("mark").all_inner_texts())
    assert "¶" not in first.inner_text()  # heading permalinks are not indexed
    status = page.locator("#recherche-etat")
    assert status.get_attribute("role") == "status"
    assert "pour « Brescia »" in status.inner_text()
    kinds = {k for q in ("co-construction", "SOLIMA") for k in (results_for(page, q) and
             page.locator("#recherche-resultats .mallette-recherche__type").all_inner_texts())}
    assert {"guide", "cas", "texte juridique"} <= kinds, kinds


def test_repeated_blocks_are_not_indexed(searching):
    # « Cas proches » lists other cases on every case page; listing pages repeat every title.
    page = searching
    other = CASES["brescia-tables-de-citoyennete"]["title"]
    paths = results_for(page, other)
    assert paths[0] == "/cas/brescia-tables-de-citoyennete/"
    assert not {"/cas/", "/explorer/", "/conditions/matrice/", "/carte/"} & set(paths[:5]), paths


def test_typing_fast_searches_only_the_last_query(page):
    page.goto(page.site + "/")
    page.evaluate("""() => {
        window.shown = [];
        new MutationObserver(() => window.shown.push(document.getElementById('recherche').dataset.requete))
          .observe(document.getElementById('recherche'), {attributes: true, attributeFilter: ['data-requete']});
    }""")
    page.locator(SEARCH_READY).wait_for()  # recherche.js listens for its shortcut
    page.keyboard.press("/")
    page.keyboard.type("co-construction", delay=10)
    page.wait_for_function("() => document.getElementById('recherche').dataset.requete === 'co-construction'")
    # A query overtaken by a longer one is never shown after it: what was shown only grows, and
    # ends with the last query. (Keys typed faster than the wait between searches are not
    # searched on their own; on a loaded machine some may be, in order.)
    shown = page.evaluate("window.shown")
    assert shown[-1] == "co-construction"
    assert all("co-construction".startswith(q) for q in shown), shown
    assert [len(q) for q in shown] == sorted({len(q) for q in shown}), shown


def test_keyboard_alone(page):
    page.goto(page.site + "/cas/strasbourg-conseil-ess/")
    toggle = page.locator("#__search")
    page.keyboard.press("s")  # s opens the search too, as in the theme
    assert page.evaluate("document.activeElement.id") == "recherche-champ"
    assert toggle.is_checked()
    page.keyboard.press("Escape")
    assert not toggle.is_checked()
    page.locator(SEARCH_READY).wait_for()  # recherche.js listens for its shortcut
    page.keyboard.press("/")
    page.keyboard.type("Barcelone")
    page.wait_for_function("() => document.getElementById('recherche').dataset.requete === 'Barcelone'")
    links = page.locator("#recherche-resultats a")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.getAttribute('href')") == links.nth(0).get_attribute("href")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.getAttribute('href')") == links.nth(1).get_attribute("href")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.id") == "recherche-champ"
    page.keyboard.press("Escape")  # closes, and the focus leaves the field
    assert not toggle.is_checked()
    assert page.evaluate("document.activeElement.id") != "recherche-champ"
    page.locator(SEARCH_READY).wait_for()  # recherche.js listens for its shortcut
    page.keyboard.press("/")
    page.wait_for_function("() => document.getElementById('recherche').dataset.requete === 'Barcelone'")
    page.keyboard.press("ArrowDown")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlsplit(page.url).path == "/cas/barcelone-groupes-de-travail/"


def test_escape_gives_the_focus_back(page):
    page.goto(page.site + "/")
    link = page.locator(".md-content a[href]").first
    link.focus()
    page.locator(SEARCH_READY).wait_for()  # recherche.js listens for its shortcut
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "recherche-champ"
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement === document.querySelector('.md-content a[href]')")


def test_the_open_search_with_results_passes_axe(page):
    results_for(page, "co-construction")
    assert page.get_by_role("dialog", name="Rechercher dans la e-mallette").is_visible()
    assert page.locator("#recherche-resultats mark").count() > 0
    assert run_axe(page) == []


def test_small_screen_button_opens_the_search(chromium, site_url):
    from conftest import close_page, open_page
    pg = open_page(chromium, site_url, viewport={"width": 390, "height": 800})
    try:
        pg.goto(site_url + "/")
        button = pg.get_by_role("button", name="Rechercher")
        assert button.get_attribute("aria-expanded") == "false"
        button.focus()
        pg.keyboard.press("Enter")
        assert pg.evaluate("document.activeElement.id") == "recherche-champ"
        assert button.get_attribute("aria-expanded") == "true"
        pg.keyboard.type("SOLIMA")
        pg.wait_for_function("() => document.getElementById('recherche').dataset.requete === 'SOLIMA'")
        assert pg.locator("#recherche-resultats a").first.is_visible()
        assert run_axe(pg) == []
        pg.keyboard.press("Escape")
        assert pg.evaluate("document.activeElement.getAttribute('aria-label')") == "Rechercher"
    finally:
        close_page(pg)
