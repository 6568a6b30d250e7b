"""The built site in Chromium: pages load in French with nothing fetched from outside."""
from __future__ import annotations


def test_case_page_loads_in_french_without_outside_requests(page):
    page.goto(page.site + "/cas/strasbourg-conseil-ess/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("h1").inner_text().startswith("Le Conseil de l")
    assert page.blocked == []
    assert page.dialogs == []


def test_search_finds_a_case_by_place(page):
    page.goto(page.site + "/")
    page.keyboard.press("/")  # Material's search shortcut
    field = page.locator("input.md-search__input")
    field.fill("Brescia")
    field.press("End")  # the theme reads the query on key presses (keyup), not on fill()'s input event
    first = page.locator(".md-search-result__item a").first
    first.wait_for(timeout=10_000)
    assert "/cas/brescia-tables-de-citoyennete/" in first.get_attribute("href")
    assert page.blocked == []
