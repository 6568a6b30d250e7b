"""The maps in Chromium, as a reader uses them: mouse and keyboard, tiles only after consent,
hostile text kept as text, with Material's instant navigation on (project copy) and off (real site)."""
from __future__ import annotations

import pytest

from conftest import FIXTURES, ROOT, TILE_SETTLED, make_project, mkdocs_build, open_page, serve
from mallette.model import load_knowledge_base

# copy_site is built for the address its own server listens on (instant navigation follows the
# sitemap's URLs): workers cannot share it. `make test` runs with --dist loadgroup, meant to keep the
# tests marked so on one pytest-xdist worker (not honoured yet with pytest 9.2: see the Makefile).
ON_THE_COPY = pytest.mark.xdist_group("carte-copie")

KB = load_knowledge_base(ROOT)
FAKE_TILES = "https://tuiles.carte-test.invalid/{z}/{x}/{y}.png"
FAKE_HOST = "https://tuiles.carte-test.invalid/"
HOSTILE_TITLE = "${alert(1)} &lt;img src=x onerror=alert(1)&gt; \"'`); alert(2);//"
HOSTILE_PLACE = "${alert(3)} &lt;/script&gt;&amp;"
READY = ".mallette-carte[data-etat=prete]"


def overview(page):
    """The /carte/ page's map document, once its cases are on the map."""
    frame = page.frame_locator("iframe.mallette-carte-cadre")
    frame.locator(READY).wait_for(timeout=15_000)
    return frame


def counted_cases(frame) -> int:
    """Single markers plus the count of each cluster, as drawn on the map."""
    pane = frame.locator(".leaflet-marker-pane")
    singles = pane.locator(".mallette-marqueur").count()
    clusters = [int(t) for t in pane.locator(".mallette-groupe").all_inner_texts()]
    return singles + sum(clusters)


def tab_to(page, selector: str, limit: int = 40):
    """Press Tab until the focused element matches selector (inside the map frame or the page)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        for frame in page.frames:
            if frame.evaluate(f"() => !!document.activeElement && document.activeElement.matches({selector!r})"):
                return frame
    pytest.fail(f"{selector} jamais atteint au clavier")


# --- the real site (instant navigation off) ----------------------------------------------------------

def test_overview_map_shows_every_case(page):
    page.goto(page.site + "/carte/")
    assert page.locator("iframe.mallette-carte-cadre").get_attribute("title") == "Carte des cas de co-construction"
    frame = overview(page)
    assert frame.locator(READY).get_attribute("data-cas") == str(len(KB.cases))
    assert counted_cases(frame) == len(KB.cases)
    region = frame.locator("[role=region]")
    assert region.get_attribute("aria-label") == "Carte des cas"
    assert frame.locator("html").get_attribute("lang") == "fr"
    assert frame.get_by_role("button", name="Zoom avant").count() == 1
    assert frame.get_by_role("button", name="Zoom arrière").count() == 1
    # The base map: country and region outlines drawn under the markers, with no tile and no consent.
    frame.locator(".mallette-carte[data-contours=prets]").wait_for(timeout=15_000)
    assert frame.locator(".leaflet-mallette-contours-pane canvas").count() == 1
    assert frame.locator(".leaflet-tile").count() == 0
    # The same cases as text: counted per country (each linking to the explorer) and per French region.
    countries = page.locator("table", has=page.locator("caption", has_text="par pays")).locator("tbody tr")
    assert sum(int(n) for n in countries.locator("td:nth-child(2)").all_inner_texts()) == len(KB.cases)
    france = page.locator('tbody th a[href="../explorer/?pays=FR"]')
    assert france.inner_text() == "France"
    french = sum(1 for c in KB.cases if c["territory"]["country"] == "FR")
    regions = page.locator("table", has=page.locator("caption", has_text="par région")).locator("tbody tr")
    assert sum(int(n) for n in regions.locator("td:nth-child(2)").all_inner_texts()) == french
    assert "Grand Est" in regions.locator("th").all_inner_texts()
    assert page.blocked == [] and page.dialogs == []


def test_a_click_on_a_marker_opens_its_popup_and_link(page):
    page.goto(page.site + "/carte/")
    frame = overview(page)
    case = KB.get("case", "reunion-charte-engagements-reciproques")  # far from the others: never clustered
    marker = frame.locator(f'.leaflet-marker-pane .mallette-marqueur[aria-label="{case["title"]}"]')
    assert marker.get_attribute("title") == case["title"]
    marker.click()
    popup = frame.locator(".leaflet-popup .mallette-popup")
    popup.wait_for()
    assert popup.locator(".mallette-popup-titre").inner_text() == case["title"]
    assert f"{case['territory']['name']} (région)" in popup.inner_text()
    assert "depuis 2016" in popup.inner_text()
    assert frame.locator(".leaflet-popup-close-button").get_attribute("aria-label") == "Fermer"
    popup.get_by_role("link", name="Lire le cas").click()
    page.wait_for_url(page.site + f"/cas/{case.id}/")
    assert page.locator("h1").inner_text().startswith(case["title"][:20])
    assert page.blocked == [] and page.dialogs == []


def test_names_come_with_their_block_and_a_popup_opened_before_fills_in(page):
    # The map places every case from its points alone; the names and periods (carte/fiches/) are held
    # back here until the reader has clicked a marker.
    held = []
    page.route("**/carte/fiches/*.json", lambda route: held.append(route))
    page.goto(page.site + "/carte/")
    frame = page.frame_locator("iframe.mallette-carte-cadre")
    case = KB.get("case", "reunion-charte-engagements-reciproques")
    marker = frame.locator(f'.leaflet-marker-pane .mallette-marqueur[aria-label="Un cas, {case["territory"]["name"]}"]')
    marker.click()
    popup = frame.locator(".leaflet-popup .mallette-popup")
    popup.get_by_text("Chargement du cas…").wait_for()
    assert held and frame.locator(".mallette-carte").get_attribute("data-etat") == "chargement"
    assert counted_cases(frame) == len(KB.cases)
    for route in held:
        route.continue_()
    popup.locator(".mallette-popup-titre").wait_for()
    assert popup.locator(".mallette-popup-titre").inner_text() == case["title"]
    assert popup.get_by_role("link", name="Lire le cas").get_attribute("href").endswith(f"/cas/{case.id}/")
    frame.locator(READY).wait_for()
    assert marker.count() == 0  # named now
    named = frame.locator(f'.leaflet-marker-pane .mallette-marqueur[aria-label="{case["title"]}"]')
    assert named.get_attribute("title") == case["title"]
    assert page.dialogs == []


def test_markers_keep_a_name_and_popups_say_so_when_the_names_cannot_load(page):
    # The names and periods come by blocks (carte/fiches/), fetched as markers show: here they fail.
    failed = []
    page.route("**/carte/fiches/*.json", lambda route: (failed.append(route.request.url), route.abort()))
    page.goto(page.site + "/carte/")
    frame = overview(page)
    assert counted_cases(frame) == len(KB.cases) and failed  # every case is still on the map
    case = KB.get("case", "reunion-charte-engagements-reciproques")
    marker = frame.locator(f'.leaflet-marker-pane .mallette-marqueur[aria-label="Un cas, {case["territory"]["name"]}"]')
    marker.click()
    popup = frame.locator(".leaflet-popup .mallette-popup")
    popup.get_by_text("Ce cas n’a pas pu être chargé. La liste des cas reste disponible.").wait_for()
    assert page.dialogs == []


def test_the_keyboard_reaches_clusters_markers_and_popup_links(page):
    page.goto(page.site + "/carte/")
    frame = overview(page)
    before = frame.locator(".leaflet-marker-pane > *").count()
    # A cluster: Enter zooms in on its cases, every one of them still drawn.
    inner = tab_to(page, ".mallette-groupe")
    grouped = int(inner.evaluate("() => document.activeElement.textContent"))
    assert inner.evaluate("() => document.activeElement.getAttribute('aria-label')") == (
        f"{grouped} cas regroupés\u00a0: activer pour les afficher")
    page.keyboard.press("Enter")
    inner.wait_for_function(f"""() => document.querySelectorAll('.leaflet-marker-pane > *').length > {before}
                                     && !document.querySelector('.leaflet-cluster-anim, .leaflet-zoom-anim')""")
    assert counted_cases(frame) >= grouped
    # A marker: Enter opens its popup and moves focus to the link; Enter follows it.
    inner = tab_to(page, ".mallette-marqueur")
    name = inner.evaluate("() => document.activeElement.getAttribute('aria-label')")
    case = next(c for c in KB.cases if c["title"] == name)
    page.keyboard.press("Enter")
    frame.locator(".leaflet-popup .mallette-popup").wait_for()
    assert inner.evaluate("() => document.activeElement.textContent") == "Lire le cas"
    page.keyboard.press("Enter")
    page.wait_for_url(page.site + f"/cas/{case.id}/")
    assert page.blocked == [] and page.dialogs == []


def test_case_page_map_is_centred_on_its_territory(page):
    case = KB.get("case", "strasbourg-conseil-ess")
    page.goto(page.site + f"/cas/{case.id}/")
    block = page.locator(READY)
    block.wait_for(timeout=15_000)
    assert block.get_attribute("role") == "region" and block.get_attribute("aria-label")
    marker = block.locator(".leaflet-marker-pane .mallette-marqueur")
    assert marker.count() == 1
    assert marker.get_attribute("aria-label") == "Le Conseil de l'ESS de Strasbourg"
    assert marker.get_attribute("tabindex") == "0" and marker.get_attribute("role") == "button"
    centre = page.evaluate("""() => { const m = document.querySelector('.mallette-carte-zone');
                                      const r = m.getBoundingClientRect(); return [r.width / 2, r.height / 2]; }""")
    box = marker.bounding_box()
    zone = block.locator(".mallette-carte-zone").bounding_box()
    assert abs(box["x"] + box["width"] / 2 - zone["x"] - centre[0]) < 2
    assert abs(box["y"] + box["height"] / 2 - zone["y"] - centre[1]) < 2
    # Its text alternative: the territory, its coordinates, the way to the overview map.
    block.locator("xpath=self::*[@data-contours='prets']").wait_for(timeout=15_000)  # the outlines, without tiles
    assert block.locator(".leaflet-mallette-contours-pane canvas").count() == 1
    caption = page.locator("p.mallette-carte-legende")
    text = caption.inner_text().replace("\u00a0", " ")
    assert "Eurométropole de Strasbourg (intercommunalité, France), 48,5734° N, 7,7521° E" in text
    assert caption.locator("a").get_attribute("href") == "../../carte/"
    marker.focus()
    page.keyboard.press("Enter")
    popup = block.locator(".mallette-popup")
    popup.wait_for()
    assert "Eurométropole de Strasbourg (intercommunalité)" in popup.inner_text()
    assert popup.get_by_role("link").get_attribute("href").endswith("/carte/")
    assert page.blocked == [] and page.dialogs == []


def test_no_tile_is_fetched_without_consent(page):
    page.goto(page.site + "/carte/")
    frame = overview(page)
    notice = frame.locator(".mallette-carte-fond-texte").inner_text()
    assert "tile.openstreetmap.org" in notice and "adresse IP" in notice
    page.goto(page.site + "/cas/normandie-solima/")
    page.locator(READY).wait_for(timeout=15_000)
    page.wait_for_load_state("networkidle")  # any tile request would have been made by now
    assert page.locator(".leaflet-tile").count() == 0
    assert page.blocked == []


# --- a project copy: fake tile server, a hostile case, instant navigation on ----------------------------

def _hostile_case() -> str:
    src = (FIXTURES / "valid/cases/cas-minimal.yaml").read_text(encoding="utf-8")
    src = src.replace("id: cas-minimal", "id: cas-carte-hostile")
    src = src.replace('title: "Un cas de test"', "title: '" + HOSTILE_TITLE.replace("'", "''") + "'")
    src = src.replace("name: Lille", "name: '" + HOSTILE_PLACE + "'")
    # In French Guiana (country FR, as the validator checks), far from every other case: a marker of its own.
    return src.replace("lat: 50.6292", "lat: 4.9372").replace("lon: 3.0573", "lon: -52.326")


@pytest.fixture(scope="module")
def copy_site(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("carte") / "projet")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "tuiles: https://tile.openstreetmap.org/{z}/{x}/{y}.png" in text
    text = text.replace("tuiles: https://tile.openstreetmap.org/{z}/{x}/{y}.png", f"tuiles: {FAKE_TILES}")
    if "navigation.instant\n" not in text:
        text = text.replace("  features:\n", "  features:\n    - navigation.instant\n", 1)
    (project / "content/cases/cas-carte-hostile.yaml").write_text(_hostile_case(), encoding="utf-8")
    # Instant navigation only follows the URLs of the sitemap, which needs site_url: serve, then build.
    site = project.parent / "site"
    site.mkdir()
    base, server = serve(site)
    config.write_text(text, encoding="utf-8")
    result = mkdocs_build(project, site, env={"MALLETTE_SITE_URL": f"{base}/"})
    assert result.returncode == 0, result.stderr
    yield base
    server.shutdown()


@pytest.fixture
def visit(chromium, copy_site):
    """A page on the project copy, in a new visit, outside requests blocked and recorded."""
    contexts = []

    def new_visit():
        pg = open_page(chromium, copy_site, new_visitor=True)  # a new visit: consent forgotten
        contexts.append(pg.context)
        return pg

    yield new_visit
    for c in contexts:
        c.close()


@ON_THE_COPY
def test_tiles_load_only_after_consent_and_for_the_visit(visit):
    page = visit()
    page.goto(page.site + "/carte/")
    frame = overview(page)
    page.wait_for_load_state("networkidle")
    assert page.blocked == [] and frame.locator(".leaflet-tile").count() == 0
    assert "tuiles.carte-test.invalid" in frame.locator(".mallette-carte-fond-texte").inner_text()
    frame.get_by_role("button", name="Afficher le fond de carte").click()
    # Until its request is settled (refused by the tests' proxy): networkidle, already reached
    # before the click, would not wait for it.
    frame.locator(".leaflet-tile").first.evaluate(TILE_SETTLED)
    assert page.blocked and all(u.startswith(FAKE_HOST) for u in page.blocked), page.blocked
    assert "OpenStreetMap" in frame.locator(".leaflet-control-attribution").inner_text()
    # Remembered for the visit: the next map loads its tiles straight away...
    page.goto(page.site + "/cas/strasbourg-conseil-ess/")
    page.locator(READY).wait_for(timeout=15_000)
    assert page.get_by_role("button", name="Masquer le fond de carte").count() == 1
    page.locator(".mallette-carte .leaflet-tile").first.wait_for(state="attached")
    # ...and can be taken back: no more tiles on the next page.
    page.get_by_role("button", name="Masquer le fond de carte").click()
    page.goto(page.site + "/cas/normandie-solima/")
    page.locator(READY).wait_for(timeout=15_000)
    assert page.locator(".leaflet-tile").count() == 0
    assert all(u.startswith(FAKE_HOST) for u in page.blocked)
    # A new visit asks again.
    other = visit()
    other.goto(other.site + "/cas/normandie-solima/")
    other.locator(READY).wait_for(timeout=15_000)
    other.wait_for_load_state("networkidle")
    assert other.blocked == [] and other.get_by_role("button", name="Afficher le fond de carte").count() == 1


@ON_THE_COPY
def test_hostile_case_shows_as_text(visit):
    page = visit()
    page.goto(page.site + "/carte/")
    frame = overview(page)
    # Its place, named as text in the tables of places (French Guiana: the country and region tables).
    places = page.locator(".mallette-carte-comptes tbody td a").all_inner_texts()
    assert places.count(HOSTILE_PLACE) == 2
    # Found by its accessible name, as a screen reader would.
    marker = frame.get_by_role("button", name=HOSTILE_TITLE, exact=True)
    assert marker.count() == 1
    marker.click()
    popup = frame.locator(".leaflet-popup .mallette-popup")
    popup.wait_for()
    assert popup.locator(".mallette-popup-titre").inner_text() == HOSTILE_TITLE
    assert f"{HOSTILE_PLACE} (commune)" in popup.inner_text()
    assert popup.locator("img, script").count() == 0
    assert frame.locator("img[src=x], img[onerror]").count() == 0
    page.goto(page.site + "/cas/cas-carte-hostile/")
    block = page.locator(READY)
    block.wait_for(timeout=15_000)
    assert block.locator(".mallette-marqueur").get_attribute("aria-label") == HOSTILE_TITLE
    block.locator(".mallette-marqueur").click()
    assert f"{HOSTILE_PLACE} (commune)" in block.locator(".mallette-popup").inner_text()
    page.wait_for_load_state("networkidle")
    assert page.dialogs == [] and page.blocked == []


@ON_THE_COPY
def test_maps_start_after_instant_navigation(visit):
    page = visit()
    page.goto(page.site + "/cas/")
    page.evaluate("() => { window.__memePage = true; }")
    page.locator('.md-content a[href$="/cas/strasbourg-conseil-ess/"]').first.click()
    page.wait_for_url(page.site + "/cas/strasbourg-conseil-ess/")
    page.locator(READY).wait_for(timeout=15_000)
    assert page.evaluate("() => window.__memePage === true"), "navigation instantanée inactive"
    assert page.locator(".mallette-carte .mallette-marqueur").get_attribute("aria-label") == "Le Conseil de l'ESS de Strasbourg"
    # Another case, then the overview map, still without a full page load.
    page.locator('.mallette-carte-legende a[href$="/carte/"]').click()
    page.wait_for_url(page.site + "/carte/")
    frame = overview(page)
    assert page.evaluate("() => window.__memePage === true")
    assert counted_cases(frame) == len(KB.cases) + 1
    page.go_back()
    page.wait_for_url(page.site + "/cas/strasbourg-conseil-ess/")
    page.locator(READY).wait_for(timeout=15_000)
    assert page.locator(".mallette-carte .leaflet-container").count() == 1
    assert page.blocked == [] and page.dialogs == []
