"""The built site in Chromium: pages load in French with nothing fetched from outside."""
from __future__ import annotations

from conftest import SEARCH_READY


def test_case_page_loads_in_french_without_outside_requests(page):
    page.goto(page.site + "/cas/strasbourg-conseil-ess/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("h1").inner_text().startswith("Le Conseil de l")
    assert page.blocked == []
    assert page.dialogs == []


def test_search_finds_a_case_by_place(page):
    page.goto(page.site + "/")
    page.locator(SEARCH_READY).wait_for()  # recherche.js listens for its shortcut
    page.keyboard.press("/")  # the search shortcut (recherche.js), as the theme's
    page.locator("#recherche-champ").fill("Brescia")
    page.wait_for_function("() => document.getElementById('recherche').dataset.requete === 'Brescia'")
    first = page.locator("#recherche-resultats a").first
    assert "/cas/brescia-tables-de-citoyennete/" in first.get_attribute("href")
    assert page.blocked == []


def test_a_new_page_starts_from_nothing_the_previous_one_left(chromium, built_site):
    # The tests' pages share one browser context (conftest.open_page): what a page stored, or
    # what it downloaded, must not reach the next test, or a test about a first visit (the map's
    # consent, a form's draft, what is requested before a search) could pass on a stale state.
    from conftest import close_page, open_page, serve

    paths: list[str] = []
    base, server = serve(built_site, paths)
    try:
        first = open_page(chromium, base)
        try:
            first.goto(base + "/cas/strasbourg-conseil-ess/", wait_until="load")
            first.evaluate("() => { localStorage.setItem('trace', '1'); document.cookie = 'trace=1; path=/'; }")
            stylesheets = sorted(p for p in paths if p.endswith(".css"))
            assert stylesheets
            first.goto(base + "/cas/strasbourg-conseil-ess/", wait_until="load")
            assert sorted(p for p in paths if p.endswith(".css")) == stylesheets  # cached during a test
        finally:
            close_page(first)
        second = open_page(chromium, base)
        try:
            second.goto(base + "/cas/strasbourg-conseil-ess/", wait_until="load")
            assert second.evaluate("() => [localStorage.getItem('trace'), document.cookie]") == [None, ""]
            assert sorted(p for p in paths if p.endswith(".css")) == sorted(stylesheets * 2)  # not after it
        finally:
            close_page(second)
    finally:
        server.shutdown()
