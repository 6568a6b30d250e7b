"""The workshop tools in Chromium: autodiagnostic, comparison, chronology, conditions that go
together, home page. Each page sets data-ready when its script has run; axe must find nothing."""
from __future__ import annotations

import re

import pytest

from conftest import open_page
from test_quality_a11y import run_axe

from mallette.autodiag import weakest
from mallette.model import load_knowledge_base
from conftest import ROOT


@pytest.fixture(scope="module")
def kb():
    return load_knowledge_base(ROOT)


def _answer(pg, condition: str, level: int):
    pg.check(f'#question-{condition} input[value="{level}"]')


def test_filling_the_autodiagnostic_gives_the_weakest_conditions_and_a_shareable_address(page, site_url, kb):
    page.goto(site_url + "/autodiagnostic/")
    page.wait_for_selector("#autodiagnostic[data-ready]")
    order = [c.id for c in kb.all("condition")]
    levels = {cid: 4 - (i % 4) for i, cid in enumerate(order)}  # 4, 3, 2, 1, 4, 3…
    for cid, level in levels.items():
        _answer(page, cid, level)
    page.fill(f"#note-{order[3]}", "Pas encore de budget voté")
    expected = weakest(levels, order)
    assert 3 <= len(expected) <= 5 and all(levels[c] == 1 for c in expected[:3])
    shown = page.eval_on_selector_all(".mallette-faible:not([hidden])", "els => els.map(e => e.dataset.condition)")
    assert shown == expected
    assert page.text_content(f'[data-reponse="{order[0]}"]') == "4 – Pleinement"
    assert page.get_attribute(f'.mallette-barres__barre[data-condition="{order[3]}"]', "width") == "70"
    # The address holds the answers (after « # », never sent to the server), not the notes.
    address = page.url
    assert "#" in address and f"{order[0]}=4" in address and "budget" not in address
    assert f"Votre note : Pas encore de budget voté" in page.text_content(f'.mallette-faible[data-condition="{order[3]}"]')

    # Shared with another person (no storage): the same result from the address alone.
    other = open_page(page.context.browser, site_url)
    try:
        other.goto(address)
        other.wait_for_selector("#autodiagnostic[data-ready]")
        assert other.eval_on_selector_all(".mallette-faible:not([hidden])", "els => els.map(e => e.dataset.condition)") == expected
        assert other.input_value(f"#note-{order[3]}") == ""
    finally:
        other.context.close()

    # Resumed in the same browser: the answers and the note come back; « Effacer » clears them.
    page.goto(site_url + "/autodiagnostic/")
    page.wait_for_selector("#autodiagnostic[data-ready]")
    assert page.is_checked(f'#question-{order[0]} input[value="4"]')
    assert page.input_value(f"#note-{order[3]}") == "Pas encore de budget voté"
    page.click('button[data-action="effacer"]')
    assert page.eval_on_selector_all("input[type=radio]:checked", "els => els.length") == 0
    assert "#" not in page.url
    assert page.evaluate("localStorage.getItem('mallette-autodiagnostic')") is None
    assert page.is_hidden("#autodiag-rempli")


def test_the_autodiagnostic_panels_cite_cases_and_guide_sections_that_exist(page, site_url):
    page.goto(site_url + "/autodiagnostic/")
    page.wait_for_selector("#autodiagnostic[data-ready]")
    hrefs = page.eval_on_selector_all(".mallette-faible a[href]", "els => els.map(e => e.href)")
    assert hrefs
    checked = set()
    for href in hrefs:
        base, _, anchor = href.partition("#")
        if base in checked and not anchor:
            continue
        checked.add(base)
        response = page.request.get(base)
        assert response.status == 200, href
        if anchor:
            assert f'id="{anchor}"' in response.text(), href


WORKSHOP_PAGES = ["/autodiagnostic/"]


@pytest.mark.parametrize("url", WORKSHOP_PAGES)
def test_workshop_pages_pass_axe(chromium, site_url, url):
    for viewport in (None, {"width": 375, "height": 740}):
        pg = open_page(chromium, site_url, viewport)
        try:
            pg.goto(site_url + url)
            pg.wait_for_selector("[data-ready]")
            if url == "/autodiagnostic/":
                pg.check('fieldset[data-condition] input[value="2"]')  # the result panel shown too
            assert run_axe(pg) == []
            assert pg.blocked == []
        finally:
            pg.context.close()


def test_the_autodiagnostic_result_prints_on_one_page(page, site_url, kb):
    # Five weakest conditions, each with its note: still a one-page handout.
    order = [c.id for c in kb.all("condition")]
    page.goto(site_url + "/autodiagnostic/#" + "&".join(f"{c}={1 + i % 2}" for i, c in enumerate(order)))
    page.wait_for_selector("#autodiagnostic[data-ready]")
    assert len(page.eval_on_selector_all(".mallette-faible:not([hidden])", "els => els")) == 5
    pdf = page.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
