"""The workshop tools in Chromium: autodiagnostic, comparison, chronology, conditions that go
together, home page. Each page sets data-ready when its script has run; axe must find nothing."""
from __future__ import annotations

import re

import pytest

from conftest import close_page, open_page
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
    assert "Votre note\u00a0: Pas encore de budget voté" in page.text_content(f'.mallette-faible[data-condition="{order[3]}"]')

    # Shared with another person (no storage): the same result from the address alone.
    other = open_page(page.context.browser, site_url, new_visitor=True)
    try:
        other.goto(address)
        other.wait_for_selector("#autodiagnostic[data-ready]")
        assert other.eval_on_selector_all(".mallette-faible:not([hidden])", "els => els.map(e => e.dataset.condition)") == expected
        assert other.input_value(f"#note-{order[3]}") == ""
    finally:
        close_page(other)

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


def test_the_autodiagnostic_is_answered_with_the_keyboard(page, site_url, kb):
    first = kb.all("condition")[0].id
    page.goto(site_url + "/autodiagnostic/")
    page.wait_for_selector("#autodiagnostic[data-ready]")
    page.focus(f'#question-{first} input[value="1"]')
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")  # within a radio group, arrows move the choice
    assert page.is_checked(f'#question-{first} input[value="2"]')
    assert f"{first}=2" in page.url
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", ""), outline
    page.keyboard.press("Tab")  # the next stop is the note of the same question, then the next question
    assert page.evaluate("document.activeElement.id") == f"note-{first}"


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


def _columns(pg) -> list[str]:
    return pg.eval_on_selector_all(".mallette-comparer__table thead th[data-cas]", "els => els.map(e => e.dataset.cas)")


def _row(pg, name: str) -> list[str]:
    return pg.eval_on_selector_all(".mallette-comparer__table tbody tr",
                                   "(trs, name) => trs.filter(t => t.querySelector('th').textContent === name)"
                                   ".flatMap(t => [...t.querySelectorAll('td')].map(td => td.innerText.trim()))", name)


def test_a_comparison_address_shows_its_cases_in_columns_with_shared_conditions_first(page, site_url, kb):
    a, b, c = "strasbourg-conseil-ess", "barcelone-groupes-de-travail", "normandie-solima"
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(f"{site_url}/comparer/?cas={a},{b},{c}")
    page.wait_for_selector("#comparer[data-ready]")
    assert _columns(page) == [a, b, c]
    ids = [set(x["condition"] for x in kb.get("case", i)["conditions"]) for i in (a, b, c)]
    shared = ids[0] & ids[1] & ids[2]
    names = {cid: kb.get("condition", cid)["name"] for cid in set().union(*ids)}
    for cell in _row(page, "Conditions communes à tous ces cas"):
        assert sorted(cell.splitlines()) == sorted(names[x] for x in shared) or (not shared and cell == "Aucune")
    own = _row(page, "Conditions propres à ce cas")
    assert sorted(own[0].splitlines()) == sorted(names[x] for x in ids[0] - shared)
    assert _row(page, "Période")[0] == "depuis 2010 (en cours)"
    assert _row(page, "Territoire")[0].startswith("Eurométropole de Strasbourg")
    # Only the selected cases' data was fetched.
    data = sorted(u.rsplit("/", 1)[-1] for u in requested if "/comparer/cas/" in u)
    assert data == sorted(f"{x}.json" for x in (a, b, c))
    # Every link of the table leads to an existing page.
    for href in set(page.eval_on_selector_all(".mallette-comparer__table a[href]:not(.mallette-comparer__retirer)", "els => els.map(e => e.href)")):
        assert page.request.get(href).status == 200, href


def test_an_unknown_id_is_named_and_the_known_cases_still_show(page, site_url):
    page.goto(f"{site_url}/comparer/?cas=strasbourg-conseil-ess,cas-inexistant,normandie-solima")
    page.wait_for_selector("#comparer[data-ready]")
    assert "Aucun cas n'a l'identifiant «\u00a0cas-inexistant\u00a0»" in page.text_content("#comparer-erreurs")
    assert _columns(page) == ["strasbourg-conseil-ess", "normandie-solima"]


def test_cases_are_added_to_the_comparison_from_their_pages(page, site_url):
    for case in ("strasbourg-conseil-ess", "gironde-livre-blanc-ess"):
        page.goto(f"{site_url}/cas/{case}/")
        page.wait_for_selector(".mallette-comparer-choix[data-ready]")
        page.check("#comparer-ce-cas")
    page.click("text=Comparer la sélection (2 cas)")
    page.wait_for_selector("#comparer[data-ready]")
    assert page.url.endswith("/comparer/?cas=strasbourg-conseil-ess,gironde-livre-blanc-ess")
    assert _columns(page) == ["strasbourg-conseil-ess", "gironde-livre-blanc-ess"]


def test_cases_are_added_to_the_comparison_from_the_explorer(page, site_url):
    page.goto(site_url + "/explorer/")
    page.wait_for_selector("ol.mallette-fiches[data-comparer-pret]")
    for case in ("normandie-solima", "strasbourg-conseil-ess"):
        page.click(f'button[data-comparer-cas="{case}"]')
    assert page.get_attribute('button[data-comparer-cas="normandie-solima"]', "aria-pressed") == "true"
    page.click('button[data-comparer-cas="normandie-solima"]')  # pressed again: out of the selection
    assert page.get_attribute('button[data-comparer-cas="normandie-solima"]', "aria-pressed") == "false"
    page.click('button[data-comparer-cas="normandie-solima"]')
    page.click("text=Comparer la sélection (2 cas)")
    page.wait_for_selector("#comparer[data-ready]")
    assert _columns(page) == ["strasbourg-conseil-ess", "normandie-solima"]  # in the order chosen


def test_the_comparison_reads_on_a_phone(chromium, site_url):
    pg = open_page(chromium, site_url, {"width": 375, "height": 740})
    try:
        pg.goto(f"{site_url}/comparer/?cas=strasbourg-conseil-ess,barcelone-groupes-de-travail")
        pg.wait_for_selector("#comparer[data-ready]")
        # The page does not scroll sideways: the table does, inside its region, row names in sight.
        assert pg.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        pg.eval_on_selector("#comparer-cadre", "e => e.scrollLeft = 400")
        box = pg.eval_on_selector(".mallette-comparer__table tbody th", "e => e.getBoundingClientRect().left")
        frame = pg.eval_on_selector("#comparer-cadre", "e => e.getBoundingClientRect().left")
        assert abs(box - frame) < 2
    finally:
        close_page(pg)


def test_conditions_that_go_together_link_to_their_cases(page, site_url, kb):
    page.goto(site_url + "/conditions/")
    assert page.is_visible("svg.mallette-chaleur")
    page.click(".mallette-paires summary")
    sets = [{c["condition"] for c in case["conditions"]} for case in kb.cases]
    names = {c["name"]: c.id for c in kb.all("condition")}
    rows = page.eval_on_selector_all(".mallette-paires tbody tr", "trs => trs.map(t => [...t.querySelectorAll('td')]"
                                     ".map(td => [td.innerText.trim(), (td.querySelector('a') || {}).href || '']))")
    assert len(rows) == len(names) * (len(names) - 1) // 2
    for (a, _), (b, _), (n, href) in rows:
        a, b = names[a], names[b]
        assert int(n) == sum(1 for s in sets if a in s and b in s)
        if int(n):  # the count opens the explorer on the cases with both conditions
            assert href.endswith(f"/explorer/?condition={a}&condition={b}")
    # A condition page names its most frequent partners.
    page.goto(site_url + "/conditions/regles-du-jeu/")
    assert page.locator("#associees").count() == 1
    assert page.locator("#associees + p + ul li a").count() >= 2


def test_the_chronology_links_resolve_and_filter_by_sector(page, site_url, kb):
    page.goto(site_url + "/chronologie/")
    page.wait_for_selector("#chrono-graphique[data-ready]")
    hrefs = set(page.eval_on_selector_all("#chrono-graphique a, .mallette-chrono-tableau a",
                                          "els => els.map(e => e.href.baseVal !== undefined ? new URL(e.href.baseVal, location.href).href : e.href)"))
    expected = {f"{site_url}/cas/{c.id}/" for c in kb.cases} | {f"{site_url}/textes/{t.id}/" for t in kb.all("legal")}
    assert hrefs == expected
    for href in hrefs:
        assert page.request.get(href).status == 200, href
    # Keyboard: the chart's links take the focus.
    page.focus("#chrono-graphique a")
    assert page.evaluate("document.activeElement.closest('#chrono-graphique') !== null")
    page.select_option("#chrono-secteur", "ess")
    with_sector = {c.id for c in kb.cases if "ess" in c["sectors"]}
    shown = page.eval_on_selector_all("#chrono-cas tbody tr:not([hidden]) a", "els => els.map(e => e.pathname.split('/').filter(Boolean).pop())")
    assert set(shown) == with_sector
    assert page.locator(".mallette-chrono__cas:not([hidden])").count() == len(with_sector)
    assert page.url.endswith("?secteur=ess")


TOOLS = ["/autodiagnostic/", "/comparer/", "/chronologie/", "/conditions/#ensemble"]


def test_the_home_page_shows_the_numbers_and_leads_to_every_tool(page, site_url, kb):
    page.goto(site_url + "/")
    tiles = page.eval_on_selector_all(".mallette-chiffres-cles li", "els => els.map(e => e.innerText.replace(/\\s+/g, ' ').trim())")
    assert tiles[0] == f"{len(kb.cases)} cas" and tiles[2] == f"{len(kb.all('condition'))} conditions de réussite"
    assert tiles[3] == f"{len(kb.all('legal'))} textes juridiques"
    assert page.locator("#publics ~ .mallette-publics section").count() == 4
    hrefs = set(page.eval_on_selector_all(".md-content a[href]", "els => els.map(e => e.href)"))
    for tool in TOOLS:
        assert site_url + tool in hrefs, tool
    # And from the navigation, on every page: its « Outils d'atelier » page links to each tool.
    nav = set(page.eval_on_selector_all(".md-nav--primary a[href]", "els => els.map(e => e.href)"))
    assert site_url + "/atelier/" in nav
    page.goto(site_url + "/atelier/")
    listed = set(page.eval_on_selector_all(".md-content a[href]", "els => els.map(e => e.href)"))
    for tool in TOOLS:
        assert site_url + tool in listed, tool
    for href in hrefs:
        if href.startswith(site_url):
            assert page.request.get(href).status == 200, href


# Pages whose script sets a ready marker, and where (static pages are audited once loaded).
SCRIPTED = {"/autodiagnostic/": "#autodiagnostic[data-ready]", "/comparer/": "#comparer[data-ready]",
            "/cas/strasbourg-conseil-ess/": ".mallette-comparer-choix[data-ready]",
            "/chronologie/": "#chrono-graphique[data-ready]", "/explorer/": "ol.mallette-fiches[data-comparer-pret]"}
# The home page (no script of its own) is audited at both widths by tests/test_quality_a11y.py;
# the explorer and the case page are audited here again once their workshop scripts are ready.
WORKSHOP_PAGES = ["/atelier/", "/explorer/", "/chronologie/", "/conditions/", "/conditions/regles-du-jeu/", "/autodiagnostic/",
                  "/comparer/?cas=strasbourg-conseil-ess,barcelone-groupes-de-travail,inconnu", "/cas/strasbourg-conseil-ess/"]


@pytest.fixture(scope="module")
def audit_pages(chromium, site_url):
    """One page per screen width, going from workshop page to workshop page (a new page for each
    cost about 0.5 s of CPU, see conftest.open_page)."""
    pages = [open_page(chromium, site_url, viewport) for viewport in (None, {"width": 375, "height": 740})]
    yield pages
    for pg in pages:
        close_page(pg)


@pytest.mark.parametrize("url", WORKSHOP_PAGES)
def test_workshop_pages_pass_axe(audit_pages, site_url, url):
    for pg in audit_pages:
        pg.blocked.clear()
        pg.goto(site_url + url)
        if SCRIPTED.get(url.split("?")[0]):
            pg.wait_for_selector(SCRIPTED[url.split("?")[0]], state="attached")
        if url == "/autodiagnostic/":
            pg.check('fieldset[data-condition] input[value="2"]')  # the result panel shown too
        assert run_axe(pg) == []
        assert pg.blocked == []


def test_the_autodiagnostic_result_prints_on_one_page(page, site_url, kb):
    # Five weakest conditions, each with its note: still a one-page handout.
    order = [c.id for c in kb.all("condition")]
    page.goto(site_url + "/autodiagnostic/#" + "&".join(f"{c}={1 + i % 2}" for i, c in enumerate(order)))
    page.wait_for_selector("#autodiagnostic[data-ready]")
    assert len(page.eval_on_selector_all(".mallette-faible:not([hidden])", "els => els")) == 5
    pdf = page.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
