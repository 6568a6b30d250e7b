"""The explorer and the conditions matrix, used in Chromium as a reader would.

Expected results are computed here from the YAML files, independently of the core.
"""
from __future__ import annotations

import re
from itertools import product
from urllib.parse import urlsplit

import pytest
import yaml

from conftest import ROOT, close_page, open_page
from mallette.explore import PAGE_SIZE as CARDS

CASES = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "content/cases").glob("*.yaml"))}
CONDITIONS = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))
              for p in sorted((ROOT / "content/taxonomy/conditions").glob("*.yaml"))}


def with_condition(cid: str) -> set[str]:
    return {i for i, c in CASES.items() if any(x["condition"] == cid for x in c["conditions"])}


def at_level(level: str) -> set[str]:
    return {i for i, c in CASES.items() if c["territory"]["level"] == level}


def two_filters() -> tuple[str, str, set[str]]:
    """A condition and a level whose combination keeps some cases, fewer than either alone."""
    levels = sorted({c["territory"]["level"] for c in CASES.values()})
    for cid, level in product(sorted(CONDITIONS), levels):
        both = with_condition(cid) & at_level(level)
        if both and len(both) < min(len(with_condition(cid)), len(at_level(level))):
            return cid, level, both
    pytest.fail("le contenu ne permet pas de combiner deux filtres")


def open_explorer(page, query: str = "", unfold: bool = True):
    page.goto(page.site + "/explorer/" + query)
    page.locator("#filtres[data-pret]").wait_for(timeout=10_000)  # the script has loaded its data
    if unfold:  # the facet groups are folded (<details>); these tests are about filtering
        page.evaluate("document.querySelectorAll('details.mallette-groupe').forEach(d => d.open = true)")


def shown(page) -> set[str]:
    return set(page.eval_on_selector_all(".mallette-fiche:not([hidden])", "els => els.map(e => e.dataset.cas)"))


def count_text(page) -> str:
    return page.locator("#nombre-de-cas").inner_text().replace("\u00a0", " ")


def box(page, param: str, value: str):
    return page.locator(f"#filtres input[name='{param}'][value='{value}']")


def test_two_filters_leave_exactly_the_cases_that_match_both(page):
    cid, level, expected = two_filters()
    open_explorer(page)
    assert shown(page) == set(CASES) and count_text(page) == f"{len(CASES)} cas"
    box(page, "condition", cid).check()
    assert shown(page) == with_condition(cid)
    page.locator("#f-niveau").select_option(level)
    assert shown(page) == expected
    assert count_text(page) == f"{len(expected)} cas sur {len(CASES)}"
    assert re.search(rf"[?&]condition={cid}(&|$)", page.url) and re.search(rf"[?&]niveau={level}(&|$)", page.url)
    # Each condition says how many cases checking it too would leave.
    for other in CONDITIONS:
        label = box(page, "condition", other).locator("xpath=..").locator(".mallette-compte").inner_text()
        assert label == f"({len(expected & with_condition(other))})", other
    # Each level: the cases with the checked condition at that level (the level filter replaced).
    options = page.eval_on_selector_all("#f-niveau option[value]:not([value=''])", "os => os.map(o => [o.value, o.textContent])")
    for value, text in options:
        assert text.endswith(f"({len(with_condition(cid) & at_level(value))})"), value
    assert page.blocked == [] and page.dialogs == []


def test_a_filtered_address_opens_with_its_filters_applied(page):
    cid, level, expected = two_filters()
    open_explorer(page, f"?condition={cid}&niveau={level}")
    assert box(page, "condition", cid).is_checked()
    assert page.locator("#f-niveau").input_value() == level
    assert shown(page) == expected
    for other in set(CONDITIONS) - {cid}:
        assert not box(page, "condition", other).is_checked()
    # Unknown values in a shared link are ignored, not fatal.
    open_explorer(page, f"?condition={cid}&condition=inconnue&pays=ZZ")
    assert shown(page) == with_condition(cid)


def test_the_back_button_restores_the_previous_filters(page):
    cid, level, expected = two_filters()
    open_explorer(page)
    box(page, "condition", cid).check()
    page.locator("#f-niveau").select_option(level)
    assert shown(page) == expected
    page.go_back()
    page.wait_for_function("() => !location.search.includes('niveau=')")
    assert page.locator("#f-niveau").input_value() == ""
    assert box(page, "condition", cid).is_checked()
    assert shown(page) == with_condition(cid)
    page.go_back()
    page.wait_for_function("() => location.search === ''")
    assert not box(page, "condition", cid).is_checked()
    assert shown(page) == set(CASES)
    page.go_forward()
    page.wait_for_function("() => location.search !== ''")
    assert box(page, "condition", cid).is_checked() and shown(page) == with_condition(cid)


def test_keyboard_only_tab_to_a_filter_and_toggle_it_with_space(page):
    open_explorer(page, unfold=False)
    before = count_text(page)
    # The facet groups are folded: Tab reaches the group, Enter unfolds it.
    for _ in range(200):
        page.keyboard.press("Tab")
        if page.evaluate("() => !!document.activeElement.closest('[data-groupe=condition]')"):
            break
    else:
        pytest.fail("le groupe des conditions n'est pas atteint avec Tab")
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    page.keyboard.press("Enter")
    assert page.locator("[data-groupe=condition]").evaluate("d => d.open")
    for _ in range(200):
        page.keyboard.press("Tab")
        focused = page.evaluate("""() => { const e = document.activeElement;
            return e && e.name === 'condition' && e.type === 'checkbox' ? e.value : null }""")
        if focused:
            break
    else:
        pytest.fail("aucune case à cocher atteinte avec Tab")
    outline = page.evaluate("() => { const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.outlineWidth] }")
    assert outline[0] != "none" and outline[1] != "0px", outline  # the focus is visible
    page.keyboard.press("Space")
    assert box(page, "condition", focused).is_checked()
    expected = with_condition(focused)
    assert shown(page) == expected
    after = count_text(page)
    assert after != before and after.startswith(f"{len(expected)} cas")
    assert page.locator("#nombre-de-cas").get_attribute("aria-live") == "polite"


def test_words_ignore_accents_and_case(page):
    open_explorer(page)
    reunion = {i for i, c in CASES.items() if "Réunion" in c["territory"]["name"]}
    assert reunion
    page.locator("#f-q").fill("REUNION")
    assert shown(page) == reunion
    assert "q=REUNION" in page.url
    page.locator("#f-q").fill("tables citoyennete")  # instruments are searched too
    assert shown(page) == {i for i, c in CASES.items()
                           if any("citoyenneté" in x["name"].lower() for x in c.get("instruments", []))
                           or "citoyenneté" in c["title"].lower()}
    page.locator("[data-action='effacer']").click()
    assert shown(page) == set(CASES) and page.locator("#f-q").input_value() == ""


def test_cards_come_by_pages_and_the_keyboard_follows(page, built_site):
    # Thousands of cases are shown a page at a time; here a page of 3 (the real size is larger).
    def smaller_pages(route):
        response = route.fetch()
        route.fulfill(response=response, body=response.text().replace(f'data-par-page="{CARDS}"', 'data-par-page="3"'))

    page.route("**/explorer/", smaller_pages)
    open_explorer(page)
    order = re.findall(r'data-cas="([^"]+)"', (built_site / "explorer/index.html").read_text(encoding="utf-8"))
    assert shown(page) == set(order[:3])
    assert count_text(page).startswith(f"{len(CASES)} cas")
    more = page.locator("#plus-de-cas")
    assert more.inner_text() == "Afficher 3 cas de plus"
    more.click()
    assert shown(page) == set(order[:6])
    assert page.evaluate("document.activeElement.closest('.mallette-fiche').dataset.cas") == order[3]
    more.click()
    assert shown(page) == set(order) and not more.is_visible()
    cid, _, _ = two_filters()
    box(page, "condition", cid).check()  # a new filter starts again from the first page
    expected = [i for i in order if i in with_condition(cid)]
    assert shown(page) == set(expected[:3])
    assert more.is_visible() == (len(expected) > 3)


def test_period_keeps_the_cases_running_in_those_years(page):
    open_explorer(page, "?debut=2016&fin=2016")
    expected = {i for i, c in CASES.items()
                if c["period"]["start"] <= 2016 and (c["period"].get("end") is None or c["period"]["end"] >= 2016)}
    assert expected and expected != set(CASES)
    assert shown(page) == expected
    assert page.locator("#f-debut").input_value() == "2016"


def test_without_javascript_the_page_lists_the_first_cases_and_links_to_all(chromium, site_url, built_site):
    # The real corpus is smaller than a page of cards: every case is listed (tests/
    # test_pages_browser.py checks a corpus larger than a page).
    page = open_page(chromium, site_url, scripts=False)
    try:
        page.goto(site_url + "/explorer/")
        cards = page.locator(".mallette-fiche")
        assert cards.count() == len(CASES)
        assert all(cards.nth(i).is_visible() for i in range(cards.count()))
        # The filters are in place (no layout shift when the script takes over) but disabled,
        # and the page says why and where the whole list is.
        assert page.locator("#f-q").is_disabled() and page.locator("#filtres input[type=checkbox]").first.is_disabled()
        note = page.locator(".mallette-sans-script")
        assert note.is_visible() and "JavaScript" in note.inner_text()
        assert urlsplit(note.locator("a").evaluate("a => a.href")).path == "/cas/"
        assert not page.locator("#plus-de-cas").is_visible()
        hrefs = page.eval_on_selector_all(".mallette-fiche h3 a", "as => as.map(a => a.href)")
        assert {urlsplit(h).path.strip("/").split("/")[-1] for h in hrefs} == set(CASES)
        for h in hrefs:
            assert (built_site / urlsplit(h).path.strip("/") / "index.html").exists(), h
        for ident, case in CASES.items():
            card = page.locator(f".mallette-fiche[data-cas='{ident}']").inner_text()
            assert case["territory"]["name"] in card
            for item in case["conditions"]:
                assert CONDITIONS[item["condition"]]["name"] in card
        assert page.blocked == []
    finally:
        close_page(page)


# --- the matrix -----------------------------------------------------------------------------

def test_matrix_grid_cells_link_to_the_evidence(page, built_site):
    page.goto(page.site + "/conditions/matrice/")
    grid = page.locator(".mallette-grille")
    assert grid.locator("caption").inner_text()
    columns = grid.locator("thead th[scope=col]").evaluate_all("ths => ths.map(t => t.textContent.trim())")
    assert columns[0] == "Cas" and set(columns[1:]) == {CONDITIONS[c]["name"] for c in CONDITIONS}
    by_name = {c["name"]: cid for cid, c in CONDITIONS.items()}
    assert grid.locator("tbody th[scope=row]").count() == len(CASES)
    rows = grid.locator("tbody tr").evaluate_all( """trs => trs.map(tr => [tr.querySelector('th a').href,
        [...tr.querySelectorAll('td')].map(td => { const a = td.querySelector('a');
            return a ? [a.href, a.getAttribute('aria-label')] : null })])""")
    anchors: dict[str, set] = {}
    for case_href, cells in rows:
        ident = urlsplit(case_href).path.strip("/").split("/")[-1]
        expected = {x["condition"] for x in CASES[ident]["conditions"]}
        marked = set()
        for name, cell in zip(columns[1:], cells):
            if cell is None:
                continue
            href, label = cell
            cid = by_name[name]
            marked.add(cid)
            assert label.replace("\u00a0", " ") == f"Oui : {name}"  # not just a symbol
            path, fragment = urlsplit(href).path.strip("/"), urlsplit(href).fragment
            assert path == f"cas/{ident}" and fragment == f"condition-{cid}"
            if path not in anchors:
                anchors[path] = set(re.findall(r'\sid="([^"]+)"', (built_site / path / "index.html").read_text(encoding="utf-8")))
            assert fragment in anchors[path], href
        assert marked == expected, ident
    # Headers for screen readers.
    assert grid.locator("thead th[scope=col]").count() == len(CONDITIONS) + 1
    assert page.blocked == []


def crossed(cid: str, param: str, value: str) -> set[str]:
    """Cases citing condition cid with that sector, level or stage: from the YAML files."""
    def values(case):
        if param == "secteur":
            return set(case["sectors"])
        if param == "niveau":
            return {case["territory"]["level"]}
        return {s["stage"] for s in case.get("stages", [])}
    return {i for i in with_condition(cid) if value in values(CASES[i])}


def test_matrix_heat_maps_count_the_cases_and_open_the_explorer_on_them(page):
    page.goto(page.site + "/conditions/matrice/")
    maps = page.locator(".mallette-chaleur")
    assert maps.count() == 3
    by_name = {c["name"]: cid for cid, c in CONDITIONS.items()}
    checked = 0
    for k in range(3):
        region = maps.nth(k)
        assert region.get_attribute("role") == "region" and region.get_attribute("tabindex") == "0"
        assert region.locator("caption").inner_text()
        assert region.locator("thead th[scope=col]").count() >= 2
        assert region.locator("tbody th[scope=row]").count() == len(CONDITIONS)
        for row in region.locator("tbody tr").evaluate_all("""trs => trs.map(tr => [tr.querySelector('th').textContent.trim(),
            [...tr.querySelectorAll('td')].map(td => { const a = td.querySelector('a');
                return [td.textContent.trim(), a ? a.getAttribute('href') : null] })])"""):
            name, cells = row
            cid = by_name[name]
            for text, href in cells:
                query = dict(p.split("=") for p in urlsplit(href).query.split("&")) if href else {}
                if href is None:
                    assert text == "0"
                    continue
                assert query.pop("condition") == cid
                if query:
                    (param, value), = query.items()
                    assert int(text) == len(crossed(cid, param, value)), (cid, param, value)
                else:
                    assert int(text) == len(with_condition(cid))  # « Tous les cas »
                checked += 1
    assert checked
    # One table at a time, chosen with radio buttons (no script needed).
    assert maps.nth(0).is_visible() and not maps.nth(1).is_visible()
    page.locator("label[for=croiser-niveau]").click()
    assert maps.nth(1).is_visible() and not maps.nth(0).is_visible()
    page.locator("label[for=croiser-secteur]").click()
    # A cell opens the explorer on exactly its cases; the column headers stay in view.
    first = maps.first.locator("tbody td a").first
    number = int(first.inner_text())
    header = maps.first.locator("thead th").nth(1)
    assert header.evaluate("e => getComputedStyle(e).position") == "sticky"
    first.click()
    page.locator("#filtres[data-pret]").wait_for(timeout=10_000)
    assert count_text(page).startswith(f"{number} cas")
    assert len(shown(page)) == number


def test_matrix_reads_on_a_phone(chromium, site_url):
    page = open_page(chromium, site_url, {"width": 375, "height": 740})
    try:
        page.goto(site_url + "/conditions/matrice/")
        # The page itself does not scroll sideways: the table does, inside its own box.
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        box = page.locator(".mallette-grille")
        assert box.evaluate("e => e.scrollWidth > e.clientWidth")
        first = box.locator("tbody th[scope=row]").first
        assert first.evaluate("e => getComputedStyle(e).position") == "sticky"
        x = first.bounding_box()["x"]
        box.evaluate("e => e.scrollLeft = 400")
        assert abs(first.bounding_box()["x"] - x) < 1  # the case names stay in view
        assert box.get_attribute("tabindex") == "0"  # scrollable with the keyboard
    finally:
        close_page(page)
