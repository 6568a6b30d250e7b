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
