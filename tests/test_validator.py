"""Every bad input gets a located French error with a stable code; valid traps load as text."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT
from mallette.copies import SOURCES_ENV
from mallette.issues import WARNING
from mallette.model import validate
from reference import expectations  # scripts/reference.py: the generated reference reads the same fixtures

INVALID = FIXTURES / "invalid"
WARNINGS = FIXTURES / "avertissements"


def _expectations(folder: Path = INVALID):
    for rel, code, line in expectations(folder):
        yield pytest.param(rel, code, line, id=rel)


def _with(project: Path, fixture_rel: str, src: Path) -> str:
    dest = project / "content" / fixture_rel
    shutil.copy(src, dest)
    return f"content/{fixture_rel}"


@pytest.mark.parametrize("rel,code,line", list(_expectations()))
def test_invalid_fixture_is_reported_at_its_line(project, monkeypatch, rel, code, line):
    # The copy check compares with the source texts: here a fictitious one, so that the fixture
    # does not depend on ../shared/sources being beside the project.
    monkeypatch.setenv(SOURCES_ENV, str(FIXTURES / "sources"))
    target = _with(project, rel, INVALID / rel)
    kb, report = validate(project)
    assert kb is None
    mine = [i for i in report.issues if i.path == target]
    assert mine, report.format()
    assert all(i.path == target for i in report.errors), "a bad file must not cause errors elsewhere:\n" + report.format()
    found = [(i.code, i.line) for i in mine]
    assert (code, line) in found, f"attendu {code} ligne {line}, obtenu {found}\n" + report.format()
    for issue in mine:
        text = issue.text()
        assert text.startswith(f"{target}:"), text
        assert f"[{issue.code}]" in text
        assert "Traceback" not in text


@pytest.mark.parametrize("rel,code,line", list(_expectations(WARNINGS)))
def test_warning_fixture_is_reported_at_its_line_without_blocking(project, rel, code, line):
    target = _with(project, rel, WARNINGS / rel)
    kb, report = validate(project)
    assert kb is not None, report.format()  # a warning never blocks publication
    mine = [(i.code, i.line, i.level) for i in report.issues if i.path == target]
    assert (code, line, WARNING) in mine, f"attendu {code} ligne {line}, obtenu {mine}\n" + report.format()
    assert code in [i.code for i in report.strict().issues if i.is_error]  # --strict blocks it


def test_unknown_id_suggests_the_closest(project):
    _with(project, "cases/condition-inconnue.yaml", INVALID / "cases/condition-inconnue.yaml")
    _, report = validate(project)
    (issue,) = [i for i in report.issues if i.code == "condition-inconnue"]
    assert issue.text() == (
        "content/cases/condition-inconnue.yaml:15:16: erreur [condition-inconnue] conditions[0].condition : "
        "« volonte-politque » n'est pas une condition connue. Vouliez-vous dire « volonte-politique » ?"
    )


def test_misspelled_key_suggests_the_field(project):
    _with(project, "cases/champ-inconnu.yaml", INVALID / "cases/champ-inconnu.yaml")
    _, report = validate(project)
    messages = [i.text() for i in report.issues if i.code == "champ-inconnu"]
    assert any("« titel »" in m and "Vouliez-vous dire « title »" in m for m in messages), messages


def test_invalid_id_suggests_kebab_case(project):
    _with(project, "cases/Id_Invalide.yaml", INVALID / "cases/Id_Invalide.yaml")
    _, report = validate(project)
    assert any(i.code == "id-invalide" and "« id-invalide »" in i.hint for i in report.issues), report.format()


def test_too_big_file_is_refused_without_parsing(project):
    path = project / "content/cases/enorme.yaml"
    path.write_text("id: enorme\nsummary: \"" + "x" * (1024 * 1024) + "\"\n")
    _, report = validate(project)
    assert [(i.code, i.path) for i in report.errors] == [("fichier-trop-gros", "content/cases/enorme.yaml")]


def test_alias_bomb_is_refused_at_the_first_anchor(project):
    _with(project, "cases/alias-bombe.yaml", INVALID / "cases/alias-bombe.yaml")
    _, report = validate(project)
    assert [i.code for i in report.errors] == ["yaml-alias"]


@pytest.mark.parametrize("name", sorted(p.name for p in (FIXTURES / "valid/cases").iterdir()))
def test_valid_case_fixture_loads(project, name):
    shutil.copy(FIXTURES / "valid/cases" / name, project / "content/cases" / name)
    kb, report = validate(project)
    assert not report, report.format()
    assert Path(name).stem in kb.entries["case"]
    if name == "cas-complet.yaml":  # every recommendation met: not even a warning
        assert not [i for i in report.issues if i.path.endswith(name)], report.format()


def test_yaml_11_traps_stay_text(project):
    shutil.copy(FIXTURES / "valid/cases/pieges-yaml.yaml", project / "content/cases/pieges-yaml.yaml")
    kb, report = validate(project)
    case = kb.get("case", "pieges-yaml")
    assert case["title"] == "yes"
    assert case["summary"] == "2024-02-30"
    assert case["territory"]["country"] == "NO" and case["territory"]["name"] == "NO"
    assert case["figures"][0] == {"value": 1234, "label": "01234"}
    assert case["figures"][1]["label"] == "on" and case["figures"][1]["approximate"] is True


def test_valid_guide_fixture_loads(project):
    shutil.copy(FIXTURES / "valid/guides/guide-minimal.md", project / "content/guides/guide-minimal.md")
    kb, report = validate(project)
    assert not report, report.format()
    assert kb.citing("case", "strasbourg-conseil-ess", "guide")


def test_all_errors_are_collected_before_failing(project):
    for rel in ("cases/condition-inconnue.yaml", "cases/tabulation.yaml", "legal/date-impossible.yaml"):
        _with(project, rel, INVALID / rel)
    _, report = validate(project)
    assert {i.path for i in report.errors} == {
        "content/cases/condition-inconnue.yaml", "content/cases/tabulation.yaml", "content/legal/date-impossible.yaml"}


def _cli(*args, cwd=ROOT):
    return subprocess.run([sys.executable, str(ROOT / "scripts/validate.py"), *args], capture_output=True, text=True, cwd=cwd)


def test_cli_exit_codes_and_formats(project):
    ok = _cli("--root", str(project))
    assert ok.returncode == 0 and "Contenu valide" in ok.stdout, ok.stdout + ok.stderr
    _with(project, "cases/condition-inconnue.yaml", INVALID / "cases/condition-inconnue.yaml")
    bad = _cli("--root", str(project))
    assert bad.returncode == 1
    assert "content/cases/condition-inconnue.yaml:15:16: erreur [condition-inconnue]" in bad.stdout
    assert "Traceback" not in bad.stdout + bad.stderr
    gh = _cli("--root", str(project), "--format", "github")
    assert gh.returncode == 1
    assert "::error file=content/cases/condition-inconnue.yaml,line=15,col=16,title=[condition-inconnue]::" in gh.stdout
    usage = _cli("--format", "xml")
    assert usage.returncode == 2
    missing = _cli("--root", str(project / "nulle-part"))
    assert missing.returncode == 2


def test_real_content_is_valid():
    kb, report = validate(ROOT)
    assert not report, report.format()


def test_cli_prints_warnings_and_exits_0_unless_strict(project):
    _with(project, "cases/preuve-courte.yaml", WARNINGS / "cases/preuve-courte.yaml")
    ok = _cli("--root", str(project))
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "content/cases/preuve-courte.yaml:19:15: avertissement [preuve-courte]" in ok.stdout
    gh = _cli("--root", str(project), "--format", "github")
    assert gh.returncode == 0 and "::warning file=content/cases/preuve-courte.yaml,line=19" in gh.stdout
    strict = _cli("--root", str(project), "--strict")
    assert strict.returncode == 1 and "erreur [preuve-courte]" in strict.stdout


def test_a_plain_comment_after_an_id_or_a_number_is_not_reported(project):
    path = project / "content/cases/commentaires.yaml"
    text = (FIXTURES / "valid/cases/cas-complet.yaml").read_text().replace("cas-complet", "commentaires")
    text = text.replace("id: commentaires", "id: commentaires # ancien nom : conseil-ess")
    text = text.replace("lat: 50.6292", "lat: 50.6292 # centre-ville")
    path.write_text(text)
    kb, report = validate(project)
    assert kb is not None and not [i for i in report.issues if i.path.endswith("commentaires.yaml")], report.format()


def test_a_cut_title_shows_the_quoted_fix(project):
    _with(project, "cases/texte-coupe.yaml", INVALID / "cases/texte-coupe.yaml")
    _, report = validate(project)
    (issue,) = [i for i in report.issues if i.code == "texte-coupe"]
    assert (issue.line, issue.col) == (3, 22)
    assert "« Conseil local »" in issue.message and "\"Conseil local #2 de l'ESS\"" in issue.hint


def test_a_word_split_at_a_line_end_is_shown_as_the_page_will_read(project):
    _with(project, "cases/cesure-fin-de-ligne.yaml", WARNINGS / "cases/cesure-fin-de-ligne.yaml")
    _, report = validate(project)
    (issue,) = [i for i in report.issues if i.code == "cesure-fin-de-ligne"]
    assert (issue.line, issue.col) == (5, 21)  # at the hyphen
    assert "« co- construction »" in issue.message and "« co-construction »" in issue.hint


@pytest.mark.parametrize("text,lines", [
    ("a: >-\n  la co-\n  construction\n", [2]),                 # folded
    ("a: |-\n  la co-\n  construction\n", [2]),                 # literal, read as Markdown
    ("a: la co-\n  construction\n", [1]),                       # plain, over two lines
    ("a:\n  - la co-\n    construction\n  - b\n", [2]),         # in a list
    ("a: co-\nb: construction\n", []),                          # two values
    ("a: >-\n  la co-\nb: construction\n", []),                 # the text ends with its line
    ("a: la co-construction # et un co-\n# commentaire\n", []),  # comments are not text
    ("a: [x-\n  y]\n", [1]),                                    # a flow list item split too
])
def test_hyphen_at_line_end_only_inside_one_text(text, lines):
    from mallette.load import hyphen_at_line_end
    assert [i.line for i in hyphen_at_line_end("f.yaml", text)] == lines


def test_hyphen_at_line_end_in_markdown_skips_code_headings_and_tables():
    from mallette.load import hyphen_at_line_end
    body = ("Une démarche de co-\nconstruction.\n\n```\ncode co-\nsuite\n```\n\n## Titre co-\nsuite\n\n"
            "| a co- |\n| b |\n")
    assert [(i.line, i.col) for i in hyphen_at_line_end("g.md", body, 10, markdown=True)] == [(11, 19)]
