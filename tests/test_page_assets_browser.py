"""Each page loads only the optional scripts and stylesheets it uses (mallette/page_assets.py),
and the tools still work where they are: a phone does not compile the form, the explorer and the
map's code on every page (issue #18, Lighthouse)."""
from __future__ import annotations

import pytest

from conftest import close_page, open_page

OPTIONAL_JS = {"carte.js", "explorer.js", "comparer.js", "contribuer.js", "autodiagnostic.js", "chronologie.js"}
OPTIONAL_CSS = {"carte.css", "explorer.css", "contribuer.css", "atelier.css"}
EVERYWHERE_JS = {"tableaux.js", "recherche.js", "impression.js"}


def our_assets(chromium, site_url, path: str, ready: str | None) -> set:
    """Open path in a new page (no cache: open_page) at a phone's size; once `ready` is set (the page's
    own tool has run), the site's own scripts and stylesheets the page requested, by file name."""
    page = open_page(chromium, site_url, viewport={"width": 412, "height": 823})
    try:
        names = []
        page.on("request", lambda r: names.append(r.url.split("?")[0].rsplit("/", 1)[-1])
                if "/assets/javascripts/" in r.url or "/assets/stylesheets/" in r.url else None)
        page.goto(page.site + path)
        page.wait_for_load_state("load")
        if ready:
            page.locator(ready).first.wait_for(timeout=15_000)
        assert page.blocked == [] and page.dialogs == []
        return set(names)
    finally:
        close_page(page)


@pytest.mark.parametrize("path, ready, scripts", [
    ("/", None, set()),
    ("/guides/", None, set()),
    ("/cas/strasbourg-conseil-ess/", ".mallette-carte[data-etat=prete]", {"carte.js", "comparer.js"}),
    ("/explorer/", "#filtres[data-pret]", {"explorer.js", "comparer.js"}),
    ("/comparer/", "#comparer[data-ready]", {"comparer.js"}),
    ("/autodiagnostic/", "#autodiagnostic[data-ready]", {"autodiagnostic.js"}),
    ("/contribuer/proposer-un-cas/", "#formulaire-cas:not([hidden])", {"contribuer.js"}),
])
def test_a_page_loads_the_scripts_it_uses_and_no_other(chromium, site_url, path, ready, scripts):
    loaded = our_assets(chromium, site_url, path, ready)
    assert loaded & OPTIONAL_JS == scripts, path
    assert EVERYWHERE_JS <= loaded, path  # search, tables and printing stay on every page


def test_plain_pages_load_no_tool_stylesheet(chromium, site_url):
    assert our_assets(chromium, site_url, "/guides/", None) & OPTIONAL_CSS == set()
    # A case page styles its map and its comparison box.
    loaded = our_assets(chromium, site_url, "/cas/strasbourg-conseil-ess/", ".mallette-carte[data-etat=prete]")
    assert {"carte.css", "atelier.css"} <= loaded
