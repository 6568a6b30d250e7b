"""The case form (/contribuer/proposer-un-cas/) in Chromium, as a contributor without git uses it.

The file the form produces is judged by the real validator, in a copy of the content: the form
never decides alone what a valid case is.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from conftest import PUBLISHED_REPO_URL, ROOT, close_page, make_project, open_page
from mallette.content import load_text
from mallette.model import validate
from mallette.schema import Schemas
from test_quality_a11y import run_axe

FORM = "/contribuer/proposer-un-cas/"
SCHEMA = json.loads((ROOT / "schema" / "case.schema.json").read_text(encoding="utf-8"))


def _ids(folder: str) -> list[str]:
    return sorted(p.stem for p in (ROOT / "content" / folder).glob("*.yaml"))


@pytest.fixture
def form(chromium, published_url):
    pg = open_page(chromium, published_url)
    pg.goto(published_url + FORM)
    pg.locator("#formulaire-cas[data-pret]").wait_for(timeout=10_000)
    yield pg
    close_page(pg)


# Values a YAML writer that does not quote would turn into something else: a comment, a
# boolean, a number (01234 is an octal in YAML 1.1).
TRICKY_TITLE = "Le conseil #1 de l'ESS : « NO » à l'exclusion"
TRICKY_TERRITORY = "01234"


def fill_valid_case(pg) -> dict:
    """Fills every required field, and a few optional ones, with values from the real content."""
    sector, condition, source = _ids("taxonomy/sectors")[0], _ids("taxonomy/conditions")[1], _ids("resources")[0]
    stage, actor_type = _ids("taxonomy/stages")[0], _ids("taxonomy/actor-types")[0]
    pg.fill("#c-title", TRICKY_TITLE)
    pg.fill("#c-summary", "Un résumé sur deux lignes : # pas un commentaire,\nyes pas un booléen.")
    pg.fill("#c-territory-name", TRICKY_TERRITORY)
    pg.select_option("#c-territory-level", "commune")
    pg.select_option("#c-territory-country", "NO")
    pg.fill("#c-territory-lat", "59,91")  # a French decimal comma
    pg.fill("#c-territory-lon", "10.75")
    pg.fill("#c-period-start", "2015")
    pg.fill("#c-period-end", "2019")
    pg.check(f"#c-sectors input[value='{sector}']")
    pg.select_option("#c-conditions-0-condition", condition)
    pg.fill("#c-conditions-0-evidence", "Le conseil se réunit : true.")
    pg.check(f"#c-sources input[value='{source}']")
    # Lists: add two items, remove the first; the second keeps its values.
    pg.get_by_role("button", name="Ajouter : étapes couvertes").click()
    pg.get_by_role("button", name="Ajouter : étapes couvertes").click()
    pg.select_option("#c-stages-1-stage", stage)
    pg.fill("#c-stages-1-description", "Un diagnostic partagé.")
    pg.get_by_role("button", name="Retirer : étapes couvertes 1").click()
    pg.get_by_role("button", name="Ajouter : acteurs").click()
    pg.fill("#c-actors-0-name", "Réseau #2")
    pg.select_option("#c-actors-0-type", actor_type)
    pg.get_by_role("button", name="Ajouter : chiffres clés").click()
    pg.fill("#c-figures-0-value", "130 000")
    pg.fill("#c-figures-0-label", "budget annuel")
    pg.check("#c-figures-0-approximate")
    return {"sector": sector, "condition": condition, "source": source, "stage": stage, "actor_type": actor_type}


def test_a_filled_form_gives_a_file_the_validator_accepts(form, tmp_path):
    chosen = fill_valid_case(form)
    assert form.locator("#c-id").input_value() == "le-conseil-1-de-l-ess-no-a-l-exclusion", "id from the title"
    form.get_by_role("button", name="Générer le fichier du cas").click()
    form.locator("#resultat:not([hidden])").wait_for()
    with form.expect_download() as info:
        form.get_by_role("button", name="Télécharger le fichier").click()
    download = info.value
    assert download.suggested_filename == "le-conseil-1-de-l-ess-no-a-l-exclusion.yaml"
    text = Path(download.path()).read_text(encoding="utf-8")
    assert text == form.locator("#resultat-yaml").input_value()
    assert text.startswith("# yaml-language-server: $schema=../../schema/case.schema.json\n")

    project = make_project(tmp_path / "projet")
    target = project / "content" / "cases" / download.suggested_filename
    target.write_text(text, encoding="utf-8")
    check = subprocess.run([sys.executable, str(ROOT / "scripts" / "validate.py"), "--root", str(project)],
                           capture_output=True, text=True)  # what `make validate` runs
    assert check.returncode == 0, check.stdout + check.stderr + "\n" + text
    kb, report = validate(project)
    assert not report, report.format()
    case = kb.get("case", "le-conseil-1-de-l-ess-no-a-l-exclusion")
    # Every string survived as typed, through the project's own strict loader.
    assert case["title"] == TRICKY_TITLE and case["territory"]["name"] == TRICKY_TERRITORY
    assert case["territory"]["country"] == "NO" and case["territory"]["lat"] == 59.91
    assert case["summary"].endswith("\nyes pas un booléen.")
    assert case["conditions"] == [{"condition": chosen["condition"], "evidence": "Le conseil se réunit : true."}]
    assert case["stages"] == [{"stage": chosen["stage"], "description": "Un diagnostic partagé."}]
    assert case["actors"] == [{"name": "Réseau #2", "type": chosen["actor_type"]}]
    assert case["figures"] == [{"value": 130000, "label": "budget annuel", "approximate": True}]
    assert case["period"] == {"start": 2015, "end": 2019}
    assert case["sectors"] == [chosen["sector"]] and case["sources"] == [chosen["source"]]
    # Fields follow the schema's order in the file.
    keys = [line.split(":")[0] for line in text.splitlines() if line and line[0].isalpha()]
    assert keys == [k for k in SCHEMA["properties"] if k in keys]

    # The GitHub button opens « create a new file » with this very file, and nothing else.
    href = form.locator("#resultat-github").get_attribute("href")
    parts = urlsplit(href)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == PUBLISHED_REPO_URL + "/new/main"
    query = parse_qs(parts.query)
    assert query["filename"] == [f"content/cases/{download.suggested_filename}"]
    assert query["value"] == [text]
    assert form.blocked == [], "the form asked for something outside the site"


def test_a_wrongly_filled_form_shows_french_errors_next_to_the_fields(form):
    form.fill("#c-id", "Mon Cas")
    form.fill("#c-title", "x" * 201)
    form.fill("#c-territory-lat", "Brescia")
    form.fill("#c-territory-lon", "200")
    form.fill("#c-period-start", "2010.5")
    # The validator's text rules (mallette/text.py), with its own words.
    form.fill("#c-summary", "Un <b>gras</b> interdit.")
    form.fill("#c-conditions-0-evidence", "Voir [ici](www.exemple.org).")
    form.get_by_role("button", name="Générer le fichier du cas").click()
    expected = {
        "#c-id": "minuscules sans accent",
        "#c-title": "201\u00a0caractères\u00a0: 200 au plus",
        "#c-territory-name": "Ce champ est obligatoire",
        "#c-summary": "Le texte contient du HTML («\u00a0<b>\u00a0»)",
        "#c-territory-lat": "Un nombre est attendu",
        "#c-territory-lon": "comprise entre -180 et 180",
        "#c-period-start": "Un nombre entier est attendu",
        "#c-territory-level": "Choisissez une valeur",
        "#c-conditions-0-evidence": "un lien vers «\u00a0www.exemple.org\u00a0», qui n'est pas une adresse web complète",
        "#c-conditions-0-condition": "Choisissez une valeur",
    }
    for selector, message in expected.items():
        control = form.locator(selector)
        error = form.locator(f"{selector}-erreur")
        assert error.is_visible(), selector
        assert message in error.inner_text(), (selector, error.inner_text())
        assert control.get_attribute("aria-invalid") == "true", selector
        assert f"{selector[1:]}-erreur" in control.get_attribute("aria-describedby").split(), selector
    sectors = form.locator("#c-sectors-erreur")
    assert "Cochez au moins une case" in sectors.inner_text()
    assert "c-sectors-erreur" in form.locator("#c-sectors").get_attribute("aria-describedby")
    assert form.locator("#resultat").is_hidden(), "no file from an invalid form"
    assert "à corriger" in form.locator("#formulaire-cas-etat").inner_text()
    assert form.evaluate("document.activeElement.id") == "c-id", "the first wrong field gets the focus"
    # Corrected, the error goes away as the contributor types.
    form.fill("#c-territory-lat", "45.5")
    assert form.locator("#c-territory-lat-erreur").is_hidden()
    assert form.locator("#c-territory-lat").get_attribute("aria-invalid") is None
    assert run_axe(form) == [], "errors shown: the form must still pass axe"


def test_the_draft_survives_a_reload_and_can_be_cleared(form):
    form.fill("#c-title", "Un cas en cours")
    form.get_by_role("button", name="Ajouter : résultats").click()
    form.fill("#c-results-0", "Premier résultat")
    form.check("#c-sectors-0")
    form.reload()
    form.locator("#formulaire-cas[data-pret]").wait_for()
    assert form.locator("#c-title").input_value() == "Un cas en cours"
    assert form.locator("#c-id").input_value() == "un-cas-en-cours"
    assert form.locator("#c-results-0").input_value() == "Premier résultat"
    assert form.locator("#c-sectors-0").is_checked()
    form.get_by_role("button", name="Effacer le brouillon").click()
    assert form.locator("#c-title").input_value() == ""
    form.reload()
    form.locator("#formulaire-cas[data-pret]").wait_for()
    assert form.locator("#c-title").input_value() == "" and form.locator("#c-results-0").count() == 0


def test_axe_finds_nothing_on_the_form_and_the_guide(chromium, published_url, form):
    assert run_axe(form) == []
    fill_valid_case(form)
    form.get_by_role("button", name="Générer le fichier du cas").click()
    form.locator("#resultat:not([hidden])").wait_for()
    assert form.evaluate("document.activeElement.id") == "resultat-titre"
    assert run_axe(form) == []
    guide = open_page(chromium, published_url)
    try:
        guide.goto(published_url + "/contribuer/")
        assert run_axe(guide) == []
        assert guide.locator(f"a[href='{PUBLISHED_REPO_URL}/issues/new?template=proposer-un-cas.yml']").count() == 1
    finally:
        close_page(guide)


def test_the_form_is_usable_with_the_keyboard_alone(form):
    form.locator("#c-id").focus()
    form.keyboard.press("Tab")
    assert form.evaluate("document.activeElement.id") == "c-title"
    form.keyboard.type("Au clavier")
    add = form.get_by_role("button", name="Ajouter : résultats")
    add.focus()
    form.keyboard.press("Enter")
    assert form.evaluate("document.activeElement.id") == "c-results-0", "a new item takes the focus"
    form.keyboard.type("Fait")
    form.keyboard.press("Tab")
    form.keyboard.press("Enter")  # « Retirer : résultats 1 »
    assert form.locator("#c-results-0").count() == 0
    assert form.evaluate("document.activeElement.textContent").startswith("Ajouter")


def test_without_javascript_the_page_points_to_the_issue_form(chromium, published_url):
    pg = open_page(chromium, published_url, scripts=False)
    try:
        pg.goto(published_url + FORM)
        assert pg.locator("#formulaire-sans-script").is_visible()
        assert pg.locator("#formulaire-cas").is_hidden()
        assert "a besoin de JavaScript" in pg.locator("#formulaire-sans-script").inner_text()
        link = pg.locator("#formulaire-sans-script a")
        assert link.get_attribute("href") == f"{PUBLISHED_REPO_URL}/issues/new?template=proposer-un-cas.yml"
    finally:
        close_page(pg)


def test_without_a_repository_there_is_no_github_button(page):
    page.goto(page.site + FORM)
    page.locator("#formulaire-cas[data-pret]").wait_for(timeout=10_000)
    assert page.locator("#resultat-github").count() == 0
    assert page.locator("#formulaire-sans-script a").get_attribute("href") == "../"


def test_the_yaml_quoting_survives_the_strict_loader():
    """The quoting contribuer.js uses (JSON strings, plus YAML's own escapes) on hard strings."""
    hard = ["# commentaire", "NO", "01234", "yes", "- tiret", "a: b", "\u2028séparateur", "x\u0085y", "\ufeffbom", "\"'\\"]
    js_like = [json.dumps(s, ensure_ascii=False).replace("\u2028", "\\u2028").replace("\u0085", "\\u0085")
               .replace("\ufeff", "\\ufeff") for s in hard]
    text = "\n".join(["sectors:"] + [f"  - {q}" for q in js_like]) + "\n"
    assert yaml.safe_load(text)["sectors"] == hard
    data, _doc, _issues = load_text(text, "content/cases/x.yaml", "case.schema.json", Schemas())
    assert data["sectors"] == hard
