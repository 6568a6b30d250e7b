"""Which optional scripts and stylesheets a page loads (mallette/page_assets.py)."""
from __future__ import annotations

from pathlib import Path

from mallette.page_assets import CSS, JS, SCRIPTS, STYLESHEETS, PageAssets, styled_classes

ROOT = Path(__file__).resolve().parent.parent
ASSETS = PageAssets.from_theme(ROOT / "overrides")


def test_a_plain_page_loads_no_optional_asset():
    chosen = ASSETS.for_page('<h1 id="titre">Guide</h1><p class="admonition">Du texte.</p>')
    assert chosen.scripts == () and chosen.styles == ()


def test_a_script_loads_with_its_stylesheet_where_its_element_is():
    chosen = ASSETS.for_page('<form class="x" id="filtres" data-source="cas.json"></form>')
    assert chosen.scripts == (JS + "explorer.js",)
    assert CSS + "explorer.css" in chosen.styles
    # A case page: its map block and its comparison box.
    chosen = ASSETS.for_page('<p class="mallette-comparer-choix" data-cas="a"></p>'
                             "<div class='mallette-carte mallette-carte--cas' data-lat='1'></div>")
    assert chosen.scripts == (JS + "carte.js", JS + "comparer.js")
    assert chosen.styles == (CSS + "carte.css", CSS + "atelier.css")


def test_ids_and_classes_are_matched_whole():
    # « filtres-x » is not « filtres », « mallette-carte-cadre » is not « mallette-carte ».
    chosen = ASSETS.for_page('<div id="filtres-x"></div><iframe class="mallette-carte-cadre"></iframe>')
    assert JS + "explorer.js" not in chosen.scripts and JS + "carte.js" not in chosen.scripts
    assert chosen.styles == (CSS + "carte.css",)  # the frame is styled by carte.css


def test_stylesheets_follow_the_classes_they_style():
    assert styled_classes("/* .mallette-ancien */ .mallette-a:hover, .x .mallette-b__c { }") == {"mallette-a", "mallette-b__c"}
    for name in STYLESHEETS:
        classes = ASSETS.styled[CSS + name]
        assert classes, f"{name} ne style aucune classe mallette-*"
        some = sorted(classes)[0]
        assert CSS + name in ASSETS.for_page(f'<span class="{some}"></span>').styles


def test_every_optional_script_and_stylesheet_exists_and_is_not_loaded_everywhere():
    import yaml

    class Loader(yaml.SafeLoader):  # mkdocs.yml's !ENV tags do not matter here
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    everywhere = set(config["extra_css"]) | set(config["extra_javascript"])
    for script in SCRIPTS:
        assert (ROOT / "overrides" / script.path).is_file()
        assert script.path not in everywhere
    for name in STYLESHEETS:
        assert (ROOT / "overrides" / CSS / name).is_file()
        assert CSS + name not in everywhere
