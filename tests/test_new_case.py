"""scripts/new_case.py (`make new-case`): a valid case file, never an overwrite, French refusals."""
from __future__ import annotations

import re
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, mkdocs_build
from mallette.model import validate
from mallette.schema import slugify

SCRIPT = ROOT / "scripts" / "new_case.py"
SCHEMA_LINE = "# yaml-language-server: $schema=../../schema/case.schema.json"

# A title and a territory that break naive YAML: `: `, ` #`, both kinds of quotes, a backslash.
TITLE = 'Le « Conseil » : test #2 "essai" d\'ESS \\ fin'
TERRITORY = "Saint-Denis : île #1"
GOOD = {
    "--titre": TITLE,
    "--territoire": TERRITORY,
    "--niveau": "Région",
    "--pays": "re",
    "--lat": "-21,1151",
    "--lon": "55.5364",
    "--debut": "2017",
}
CASE_ID = slugify(TITLE)


def run(project: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), "--dossier", str(project), *args],
                          capture_output=True, text=True, input=stdin if stdin is not None else "",
                          timeout=120)


def options(**changes: str) -> list[str]:
    """`--option=value`: argparse would take a value such as `-21,1151` for an option."""
    values = {**GOOD, **{f"--{k}": v for k, v in changes.items()}}
    return [f"{k}={v}" for k, v in values.items()]


def snapshot(project: Path) -> dict[str, bytes]:
    return {p.relative_to(project).as_posix(): p.read_bytes()
            for p in sorted((project / "content").rglob("*")) if p.is_file()}


def text_of(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", "", html)).replace("\u00a0", " ").replace("\u202f", " ").split())


PLACEHOLDER_CODES = {"marque-a-completer", "secteur-inconnu", "condition-inconnue", "ressource-inconnue"}
REAL_IDS = {"sectors": "ess", "conditions": "volonte-politique", "sources": "rtes-points-de-repere-2019"}


def finish(path: Path, *, ids: bool = True, texts: bool = True) -> None:
    """What the contributor does: real ids in place of `a-completer`, real texts, marks removed."""
    out, field = [], None
    for line in path.read_text(encoding="utf-8").splitlines():
        if m := re.match(r"^([a-z_]+):", line):
            field = m.group(1)
        if not line.lstrip().startswith("#"):
            line = re.sub(r"\s+# À COMPLÉTER.*$", "", line)  # the mark, which the contributor deletes
            if ids:
                line = line.replace('"a-completer"', f'"{REAL_IDS.get(field, "a-completer")}"')
            if texts:
                line = line.replace("À COMPLÉTER : ", "")
        out.append(line)
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def test_writes_a_case_that_validates_only_once_written(project, tmp_path):
    before = snapshot(project)
    result = run(project, *options())
    assert result.returncode == 0, result.stderr
    rel = f"content/cases/{CASE_ID}.yaml"
    path = project / rel
    assert rel in result.stdout and "À COMPLÉTER" in result.stdout

    # Only the new file appeared.
    after = snapshot(project)
    assert set(after) - set(before) == {rel}
    assert all(after[k] == v for k, v in before.items())

    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == SCHEMA_LINE
    # As written, it is refused, and only for what is left to write: each mark at its line.
    kb, report = validate(project)
    assert kb is None
    assert {i.code for i in report.errors} <= PLACEHOLDER_CODES, report.format()
    marks = [i.line for i in report.errors if i.code == "marque-a-completer" and i.path == rel]
    assert marks == [n for n, line in enumerate(text.splitlines(), 1)
                     if "À COMPLÉTER" in line and not line.lstrip().startswith("#")]
    assert len(marks) == 5
    # Removing the marks alone is not enough: the placeholder ids are no real ids.
    finish(path, ids=False)
    _, report = validate(project)
    assert {i.code for i in report.errors} == {"secteur-inconnu", "condition-inconnue", "ressource-inconnue"}, report.format()
    assert all("« a-completer »" in i.message for i in report.errors)

    finish(path)
    kb, report = validate(project)
    assert kb is not None, report.format()
    case = kb.get("case", CASE_ID)
    assert case["id"] == CASE_ID
    assert case["title"] == TITLE
    assert case["territory"] == {"name": TERRITORY, "level": "region", "country": "RE",
                                 "lat": -21.1151, "lon": 55.5364}
    assert case["period"] == {"start": 2017}
    # Plain YAML readers agree (the file is not only readable by our loader).
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["title"] == TITLE

    site = tmp_path / "site"
    build = mkdocs_build(project, site)
    assert build.returncode == 0, build.stderr
    page = text_of((site / "cas" / CASE_ID / "index.html").read_text(encoding="utf-8"))
    assert " ".join(TITLE.split()) in page
    assert TERRITORY in page
    assert CASE_ID in (site / "cas" / "index.html").read_text(encoding="utf-8")


def test_id_option_and_integer_coordinates(project):
    args = [a for a in options(id="mon-cas", pays="FR") if not a.startswith(("--lat=", "--lon="))]
    result = run(project, *args, "--lat", "48", "--lon", "-2")  # a negative number is a value (Rennes)
    assert result.returncode == 0, result.stderr
    text = (project / "content/cases/mon-cas.yaml").read_text(encoding="utf-8")
    assert re.search(r"^  lat: 48$", text, re.M) and re.search(r"^  lon: -2$", text, re.M)
    finish(project / "content/cases/mon-cas.yaml")
    kb, report = validate(project)
    assert kb is not None, report.format()


def test_refuses_to_overwrite(project):
    assert run(project, *options()).returncode == 0
    path = project / f"content/cases/{CASE_ID}.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# travail en cours\n", encoding="utf-8")
    before = snapshot(project)
    for args in (options(), options(titre="Autre titre", id=CASE_ID)):
        result = run(project, *args)
        assert result.returncode == 1, result.stdout + result.stderr
        assert f"content/cases/{CASE_ID}.yaml existe déjà" in result.stderr
        assert snapshot(project) == before


def test_refuses_an_id_taken_as_an_alias(project):
    case = project / "content/cases/strasbourg-conseil-ess.yaml"
    case.write_text(case.read_text(encoding="utf-8") + "aliases:\n  - ancien-conseil\n", encoding="utf-8")
    assert validate(project)[0] is not None
    before = snapshot(project)
    result = run(project, *options(id="ancien-conseil"))
    assert result.returncode == 1
    assert "« ancien-conseil » est déjà utilisé" in result.stderr
    assert "content/cases/strasbourg-conseil-ess.yaml" in result.stderr
    assert snapshot(project) == before


@pytest.mark.parametrize("option,value,french", [
    ("niveau", "ville", "« ville » n'est pas une valeur permise"),
    ("lat", "95", "latitude : 95 est hors limites ; attendu entre -90 et 90"),
    ("lon", "-181", "hors limites"),
    ("lat", "quarante", "n'est pas un nombre"),
    ("lat", "nan", "n'est pas un nombre"),
    ("pays", "XX", "« XX » n'est pas un code pays"),
    ("pays", "France", "n'est pas un code pays"),
    ("debut", "99", "n'est pas une année"),
    ("id", "Mon_Cas", "Vouliez-vous dire « mon-cas » ?"),
    ("titre", "<b>Conseil</b>", "contient du HTML"),
    ("titre", "  ", "la valeur est vide"),
    ("territoire", "x" * 201, "200 au plus"),
])
def test_rejects_bad_input(project, option, value, french):
    before = snapshot(project)
    result = run(project, *options(**{option: value}))
    assert result.returncode == 2, result.stdout + result.stderr
    assert "erreur" in result.stderr and french in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(project) == before


def test_reports_every_bad_option_at_once(project):
    result = run(project, *options(niveau="ville", lat="95", pays="XX"))
    assert result.returncode == 2
    for french in ("échelon", "latitude", "pays"):
        assert french in result.stderr


def test_usage_errors(project, tmp_path):
    result = run(project, "--inconnue")
    assert result.returncode == 2 and "arguments inconnus" in result.stderr
    result = run(project, "--lat")
    assert result.returncode == 2 and "une valeur est attendue" in result.stderr
    result = run(tmp_path / "vide", *options())
    assert result.returncode == 2 and "pas de dossier content/cases/" in result.stderr


def test_title_without_letters_needs_an_id(project):
    result = run(project, *options(titre="« … »"))
    assert result.returncode == 2 and "--id" in result.stderr


def test_interactive_run_asks_again_until_valid(project):
    answers = [
        "",  # title: empty, asked again
        "Les tables de citoyenneté: essai",  # title
        "",  # id: the default, derived from the title
        "Brescia",  # territory
        "ville",  # level: refused
        "1",  # level: by number
        "xx",  # country: refused
        "it",  # country
        "95",  # latitude: refused
        "45,5416",  # latitude, French decimal comma
        "10.2118",  # longitude
        "2014",  # start
    ]
    before = snapshot(project)
    result = run(project, stdin="\n".join(answers) + "\n")
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert "[les-tables-de-citoyennete-essai]" in out  # the default id is shown
    assert "[FR]" in out  # so is the default country
    assert "1 commune, 2 intercommunalite" in out  # the levels are listed from the schema
    assert out.count("Recommencez") == 4
    assert "« ville » n'est pas une valeur permise" in out and "hors limites" in out
    rel = "content/cases/les-tables-de-citoyennete-essai.yaml"
    assert set(snapshot(project)) - set(before) == {rel}
    finish(project / rel)
    kb, report = validate(project)
    assert kb is not None, report.format()
    case = kb.get("case", "les-tables-de-citoyennete-essai")
    assert case["title"] == "Les tables de citoyenneté: essai"
    assert case["territory"] == {"name": "Brescia", "level": "commune", "country": "IT",
                                 "lat": 45.5416, "lon": 10.2118}
    assert case["period"]["start"] == 2014


def test_interactive_run_refuses_a_taken_id_and_asks_again(project):
    answers = ["Un titre", "strasbourg-conseil-ess", "un-autre-id", "Lille", "commune", "", "50.63", "3.06", "2012"]
    result = run(project, stdin="\n".join(answers) + "\n")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "strasbourg-conseil-ess.yaml existe déjà" in result.stdout
    finish(project / "content/cases/un-autre-id.yaml")
    kb, report = validate(project)
    assert kb is not None, report.format()
    assert kb.get("case", "un-autre-id")["territory"]["country"] == "FR"  # the default


def test_interrupted_input_writes_nothing(project):
    before = snapshot(project)
    result = run(project, "--titre", "Un titre", stdin="Lille\n")
    assert result.returncode == 2
    assert "saisie interrompue" in result.stderr
    assert snapshot(project) == before


def test_makefile_target():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^\.PHONY:.*\bnew-case\b", makefile, re.M)
    assert re.search(r"^new-case: \$\(STAMP\)", makefile, re.M)
    assert "\t$(BIN)/python scripts/new_case.py $(ARGS)\n" in makefile
