"""Site search (Material's, in French) typed into the search box in Chromium: the right page first."""
from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

import pytest
import yaml

from conftest import ROOT

CASES = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "content/cases").glob("*.yaml"))}


def search(page, query: str):
    """Type a query in the theme's search box; the result links (page then sections), in order."""
    page.goto(page.site + "/")
    page.keyboard.press("/")  # the theme's shortcut to the search box
    meta = page.locator(".md-search-result__meta")
    page.wait_for_function("() => !document.querySelector('.md-search-result__meta').textContent.includes('Initialisation')")
    field = page.locator("input.md-search__input")
    field.fill(query)
    field.press("End")  # the theme searches on key presses: one search, for the whole query
    page.locator(".md-search-result__item > a").first.wait_for(timeout=10_000)
    assert meta.inner_text() != ""
    return page.locator(".md-search-result__item > a")


def first_path(page, query: str) -> str:
    href = search(page, query).first.get_attribute("href")
    return urlsplit(href).path.lstrip("/")


@pytest.mark.parametrize("query,expected", [
    ("Brescia", "cas/brescia-tables-de-citoyennete/"),              # a place
    ("Gironde", "cas/gironde-livre-blanc-ess/"),
    ("volonté politique", "conditions/volonte-politique/"),          # a condition
    ("volonte politique", "conditions/volonte-politique/"),          # typed without its accent
    ("table de citoyenneté", "cas/brescia-tables-de-citoyennete/"),  # an instrument
    ("SOLIMA", "cas/normandie-solima/"),                             # an acronym
    ("charte d’engagements", "cas/reunion-charte-engagements-reciproques/"),  # typographic elision
    ("reunion", "cas/reunion-charte-engagements-reciproques/"),
    ("l'économie", "secteurs/ess/"),                                 # not every word starting with « l »
])
def test_the_right_page_comes_first(page, query, expected):
    assert first_path(page, query) == expected
    assert page.blocked == []


@pytest.mark.parametrize("ident", sorted(CASES))
def test_a_territory_finds_its_case_first(page, ident):
    assert first_path(page, CASES[ident]["territory"]["name"]) == f"cas/{ident}/"


def test_an_elided_word_is_found_and_highlighted(page):
    # « L'agence » is indexed as « agence »: the word after the apostrophe matches on its own.
    first = search(page, "agence").first
    assert urlsplit(first.get_attribute("href")).path == "/cas/mulhouse-agence-participation-citoyenne/"
    assert re.search(r"L['’]<mark>agence</mark>", first.inner_html())


def test_case_data_is_searched_actors_and_instruments(page):
    brescia = CASES["brescia-tables-de-citoyennete"]
    for query, section in (("Organisations productrices de services sociaux", "acteurs"), ("Coprojectation", "instruments")):
        assert query in [x["name"] for x in brescia["actors"] + brescia["instruments"]]
        search(page, query)
        links = [urlsplit(a.get_attribute("href")) for a in page.locator(".md-search-result__item a").all()]
        assert any(link.path == "/cas/brescia-tables-de-citoyennete/" and link.fragment == section for link in links), query
    assert first_path(page, "Organisations productrices de services sociaux") == "cas/brescia-tables-de-citoyennete/"


# --- the index itself ----------------------------------------------------------------------

def test_search_index_keeps_case_pages_small_and_leaves_out_repeated_blocks(built_site):
    index = json.loads((built_site / "search/search_index.json").read_text(encoding="utf-8"))
    config = index["config"]
    assert "'" in config["separator"] and "’" in config["separator"]
    per_case: dict[str, int] = {}
    anchors: dict[str, set] = {}
    for doc in index["docs"]:
        path, _, anchor = doc["location"].partition("#")
        if re.fullmatch(r"cas/[a-z0-9-]+/", path):
            per_case[path] = per_case.get(path, 0) + len(json.dumps(doc, ensure_ascii=False).encode())
            anchors.setdefault(path, set()).add(anchor)
            assert doc.get("boost") == 2  # case titles and territories rank above passing mentions
        # Lists of cases (explorer cards, matrix rows, condition pages quoting each case) are not indexed.
        assert not (path.startswith(("explorer/", "conditions/matrice/")) and anchor), doc["location"]
        assert not re.fullmatch(r"cas-[a-z0-9-]+", anchor) or not path.startswith(("conditions/", "etapes/")), doc["location"]
    assert set(per_case) == {f"cas/{i}/" for i in CASES}
    for path, size in per_case.items():
        assert size < 2048, (path, size)
        assert {"", "en-bref"} <= anchors[path], path
        assert not anchors[path] & {"citer", "cas-proches", "cas-lies", "sources", "conditions"}, path
        assert not any(a.startswith("condition-") for a in anchors[path]), path
    brescia = next(d for d in index["docs"] if d["location"] == "cas/brescia-tables-de-citoyennete/#instruments")
    assert "Tables de citoyenneté" in brescia["text"] and "Coprojectation" in brescia["text"]
