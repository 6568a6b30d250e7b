"""The Content-Security-Policy in Chromium: the map (before and after consent) and the search run
with no violation reported, and the policy does block what it should. Every page kind runs with
no violation too: checked during the one visit that audits each page (tests/test_quality_a11y.py)."""
from __future__ import annotations

import re

import pytest

from conftest import SEARCH_READY, TILE_SETTLED, close_page, open_page
from mallette.csp import Policy, inline_scripts, script_hash, tile_source
from test_quality_a11y import MAP_READY, PAGES, built_file, csp_violations, listen_for_csp


def csp_page(chromium, site_url):
    """A page (conftest.open_page) that records the policy's violations (csp_violations)."""
    return listen_for_csp(open_page(chromium, site_url))


@pytest.fixture
def cpage(chromium, site_url):
    pg = csp_page(chromium, site_url)
    yield pg
    close_page(pg)


# Every page kind runs without a violation: tested where each page kind is visited once for all
# its checks (tests/test_quality_a11y.py, test_every_page_kind_runs_without_csp_violation).


def test_the_map_after_consent_loads_tiles_without_violation(cpage, site_url):
    cpage.goto(site_url + "/carte/", wait_until="networkidle")
    frame = cpage.frame_locator("iframe.mallette-carte-cadre")
    frame.locator(MAP_READY).wait_for(timeout=15_000)
    frame.get_by_role("button", name="Afficher le fond de carte").click()
    frame.locator(".leaflet-tile").first.evaluate(TILE_SETTLED)  # its request refused by the tests' proxy (conftest.CHROMIUM_ARGS)
    # The policy let the tiles be requested (the tests' proxy then refused them: no internet here).
    assert cpage.blocked and all(u.startswith("https://tile.openstreetmap.org/") for u in cpage.blocked), cpage.blocked
    assert csp_violations(cpage) == []
    # A case page's map, consent remembered for the visit.
    cpage.goto(site_url + PAGES["cas"], wait_until="networkidle")
    cpage.locator(MAP_READY).wait_for(timeout=15_000)
    cpage.locator(".mallette-carte .leaflet-tile").first.wait_for(state="attached")
    assert csp_violations(cpage) == []


def test_search_runs_without_violation(cpage, site_url):
    cpage.goto(site_url + "/", wait_until="networkidle")
    cpage.locator(SEARCH_READY).wait_for()  # recherche.js listens for its shortcut
    cpage.keyboard.press("/")
    cpage.keyboard.type("conseil")
    cpage.locator(".md-search-result__item").first.wait_for(timeout=10_000)
    cpage.locator(".md-search-result__item > a").first.click()
    cpage.wait_for_load_state("networkidle")
    assert csp_violations(cpage) == []


def test_the_policy_blocks_an_inline_script_and_outside_images(chromium, site_url, built_site):
    """The listener works, and the policy is the one that blocks: an inline script and an image
    from elsewhere, added to a real page, are refused and reported."""
    pg = csp_page(chromium, site_url)
    try:
        pg.goto(site_url + "/", wait_until="networkidle")
        pg.evaluate("""() => {
          const s = document.createElement('script'); s.textContent = 'window.__ran = 1'; document.body.append(s);
          const i = document.createElement('img'); i.src = 'https://evil.example/x.png'; document.body.append(i);
        }""")
        pg.wait_for_function("() => window.__csp.length >= 2")
        assert pg.evaluate("() => window.__ran") is None
        found = " ".join(csp_violations(pg))
        assert "script-src-elem inline" in found and "img-src https://evil.example/x.png" in found
    finally:
        close_page(pg)


def test_every_html_document_carries_the_policy(built_site):
    """Pages, the 404, the map document, redirect pages: the policy comes first in <head>, and every
    inline script it allows is one the document runs outside its article."""
    docs = sorted(built_site.rglob("*.html"))
    assert built_file(built_site, "/carte/carte.html") in docs and built_file(built_site, "/404.html") in docs
    for doc in docs:
        text = doc.read_text(encoding="utf-8")
        metas = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', text)
        assert len(metas) == 1, doc
        head = text[:text.index("</head>")]
        assert head.index("Content-Security-Policy") < head.find("<script") if "<script" in head else True, doc
        policy = metas[0]
        assert "object-src 'none'" in policy and "base-uri 'self'" in policy and "'unsafe-inline'" not in policy
        allowed = set(re.findall(r"'sha256-[^']+'", policy))
        assert allowed == {script_hash(s) for s in inline_scripts(text)}, doc


def test_policy_is_computed_in_one_place():
    p = Policy.for_site("https://{s}.tuiles.example.org/{z}/{x}/{y}.png")
    assert "img-src 'self' data: https://*.tuiles.example.org" in p.header()
    assert "'wasm-unsafe-eval'" in p.header()
    p.extend("connect-src", "https://api.example.org")
    assert "connect-src 'self' https://api.example.org" in p.header()
    assert tile_source("https://tile.openstreetmap.org/{z}/{x}/{y}.png") == "https://tile.openstreetmap.org"
    with pytest.raises(ValueError):
        tile_source("http://tile.example.org/{z}/{x}/{y}.png")
    # Scripts inside the article (where content lands) are never allowed by a hash.
    doc = "<head><meta charset=utf-8></head><body><script>a()</script><article><script>b()</script></article>" \
          '<script type="application/json">{}</script></body>'
    assert inline_scripts(doc) == ["a()"]
    assert Policy().apply(doc) == Policy().apply(Policy().apply(doc))  # deterministic, idempotent


def test_redirect_pages_carry_the_policy_and_still_redirect(chromium, tmp_path):
    """A former address (`aliases`) is a standalone page: it gets the policy, and its refresh still works."""
    from conftest import serve
    from mallette.redirects import Redirect, render_redirect

    (tmp_path / "nouveau").mkdir()
    (tmp_path / "nouveau/index.html").write_text(Policy().apply("<!doctype html><html lang=fr><head><meta charset=utf-8>"
                                                               "<title>Nouveau</title></head><body>ici</body></html>"))
    (tmp_path / "ancien").mkdir()
    page = Policy.for_site(None).apply(render_redirect(Redirect("ancien/index.html", "../nouveau/", "Titre")))
    assert page.count("Content-Security-Policy") == 1 and "<script" not in page
    (tmp_path / "ancien/index.html").write_text(page)
    base, server = serve(tmp_path)
    pg = csp_page(chromium, base)
    try:
        pg.goto(base + "/ancien/")
        pg.wait_for_url(base + "/nouveau/")
        assert csp_violations(pg) == []
    finally:
        close_page(pg)
        server.shutdown()
