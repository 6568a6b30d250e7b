"""« Proposer un cas » issues become pull requests: the issue form, the conversion, the workflow.

Issue bodies are fixtures in GitHub's issue-form format (tests/fixtures/issues/). Expected
values are read from the schema and the YAML files here, independently of mallette/form.py.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import yaml

from conftest import FIXTURES, ROOT, make_project
from mallette.content import load_all
from mallette.issue_form import issue_template, parse_issue, sections
from mallette.model import KnowledgeBase, validate
from mallette.schema import Schemas

ISSUES = FIXTURES / "issues"
TEMPLATE = ROOT / ".github" / "ISSUE_TEMPLATE" / "proposer-un-cas.yml"
WORKFLOW = ROOT / ".github" / "workflows" / "issue-to-pr.yml"
SCHEMA = json.loads((ROOT / "schema" / "case.schema.json").read_text(encoding="utf-8"))
COMMON = json.loads((ROOT / "schema" / "common.schema.json").read_text(encoding="utf-8"))["$defs"]
TAXONOMY = {"sectors": "taxonomy/sectors", "mode": "taxonomy/modes"}
# Added by contributors: typed in the issue form, so that adding one never changes the form.
TYPED = {"sources": "ressources", "legal_basis": "textes juridiques", "related": "cas"}


def _run(*args, root: Path = ROOT):
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "issue_to_case.py"), "--root", str(root), *args],
                          capture_output=True, text=True)


def _form() -> dict:
    return yaml.safe_load(TEMPLATE.read_text(encoding="utf-8"))


def _elements() -> dict[str, dict]:
    return {b["id"]: b for b in _form()["body"] if b["type"] != "markdown" and b["id"] != "engagements"}


def _resolve(node: dict) -> dict:
    ref = node.get("$ref", "")
    if ref.startswith("common.schema.json#/$defs/"):
        return {**_resolve(COMMON[ref.rsplit("/", 1)[-1]]), **{k: v for k, v in node.items() if k != "$ref"}}
    return node


# --- the issue form never drifts from the schema and the taxonomies --------------------------

def test_issue_form_is_the_generated_one():
    schemas = Schemas()
    loaded = load_all(ROOT, schemas)
    assert TEMPLATE.read_text(encoding="utf-8") == issue_template(schemas, KnowledgeBase(loaded.entries, loaded.glossary)), \
        "lancez scripts/issue_to_case.py --template"
    assert _run("--template", "--check").returncode == 0


def test_issue_form_fields_are_the_schema_fields():
    """Element ids are schema paths; required follows the schema (the id alone is derived)."""
    expected = {}
    for name, prop in SCHEMA["properties"].items():
        if name in ("aliases", "updated"):  # a new case has neither
            continue
        prop = _resolve(prop)
        if prop.get("type") == "object":
            for sub in prop["properties"]:
                expected[f"{name}-{sub}".replace("_", "-")] = name in SCHEMA["required"] and sub in prop.get("required", [])
        else:
            expected[name.replace("_", "-")] = name in SCHEMA["required"]
    expected["id"] = False  # taken from the title when left empty
    elements = _elements()
    assert set(elements) == set(expected)
    for ident, required in expected.items():
        assert elements[ident]["validations"]["required"] is required, ident
    labels = [e["attributes"]["label"] for e in elements.values()]
    assert len(labels) == len(set(labels)), "answers are found by their label: labels must differ"
    form = _form()
    assert form["labels"] == ["nouveau cas"] and form["name"] == "Proposer un cas"
    assert "600" in elements["summary"]["attributes"]["description"]


def test_dropdown_options_are_the_taxonomy_ids_and_names():
    elements = _elements()
    for field, folder in TAXONOMY.items():
        entries = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in (ROOT / "content" / folder).glob("*.yaml")]
        names = {e["id"]: " ".join(str(e.get("name") or e.get("short_title") or e.get("title")).split()) for e in entries}
        element = elements[field.replace("_", "-")]
        assert element["type"] == "dropdown"
        assert element["attributes"].get("multiple", False) is (SCHEMA["properties"][field].get("$ref", "").endswith(("idList", "sources")))
        found = {}
        for option in element["attributes"]["options"]:
            m = re.fullmatch(r"(.+) \(([a-z0-9-]+)\)", option)
            assert m, option
            found[m.group(2)] = m.group(1)
        assert found == names, field
    for field, page in TYPED.items():
        element = elements[field.replace("_", "-")]
        assert element["type"] == "textarea", field
        assert page in element["attributes"]["description"].lower(), field
    conditions = elements["conditions"]["attributes"]["description"]
    for p in (ROOT / "content" / "taxonomy" / "conditions").glob("*.yaml"):
        assert f"{p.stem} (" in conditions, p.stem
    level = elements["territory-level"]["attributes"]["options"]
    assert [re.search(r"\(([a-z]+)\)$", o).group(1) for o in level] == \
        SCHEMA["properties"]["territory"]["properties"]["level"]["enum"]


# --- the conversion ------------------------------------------------------------------------------

def test_a_valid_issue_becomes_a_case_file_and_a_pull_request_body(tmp_path):
    project = make_project(tmp_path / "projet")
    before = sorted(p.relative_to(project).as_posix() for p in (project / "content").rglob("*"))
    out = tmp_path / "sortie"
    run = _run("--body-file", str(ISSUES / "valide.md"), "--issue", "42", "--author", "marie-dupont",
               "--author-id", "123456", "--out", str(out), root=project)
    assert run.returncode == 0, run.stdout + run.stderr
    assert sorted(p.relative_to(project).as_posix() for p in (project / "content").rglob("*")) == before, \
        "the script never writes into the project"
    rel = (out / "case-path.txt").read_text(encoding="utf-8").strip()
    assert rel == "content/cases/le-pacte-de-cooperation-de-lille-no-pas-un-commentaire.yaml"
    text = (out / "case.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema/case.schema.json\n")
    # The real validator accepts it in the project, and every value is the one typed.
    (project / rel).write_text(text, encoding="utf-8")
    kb, report = validate(project)
    assert not report, report.format()
    case = kb.get("case", "le-pacte-de-cooperation-de-lille-no-pas-un-commentaire")
    assert case["title"] == "Le Pacte de coopération de Lille : « NO » # pas un commentaire"
    assert case["territory"] == {"name": "Lille", "level": "commune", "country": "FR", "lat": 50.6292, "lon": 3.0573}
    assert case["sectors"] == ["ess", "vie-associative"]
    assert case["conditions"][1] == {"condition": "regles-du-jeu", "evidence": "Le pacte écrit les engagements de chacun : 01234."}
    assert case["actors"][1] == {"name": "Réseaux de l'ESS", "type": "reseau"}
    assert case["figures"] == [{"value": 12, "unit": "réseaux", "label": "réseaux signataires", "approximate": True},
                               {"value": 130000, "unit": "€", "label": "budget annuel du pacte"}]
    assert case["results"] == ["Un pacte signé par 12 réseaux.", "Une rencontre annuelle."]
    assert case.get("period") == {"start": 2016}
    body = (out / "pr-body.md").read_text(encoding="utf-8")
    assert "@marie-dupont" in body and "Closes #42" in body
    message = (out / "commit-message.txt").read_text(encoding="utf-8")
    assert message.rstrip().endswith("Co-authored-by: marie-dupont <123456+marie-dupont@users.noreply.github.com>")
    assert not (out / "comment.md").exists()


def test_an_invalid_issue_gets_french_errors_question_by_question(tmp_path):
    out = tmp_path / "sortie"
    run = _run("--body-file", str(ISSUES / "invalide.md"), "--issue", "7", "--author", "paul", "--out", str(out))
    assert run.returncode == 1, run.stdout + run.stderr
    assert not (out / "case.yaml").exists() and not (out / "pr-body.md").exists()
    comment = (out / "comment.md").read_text(encoding="utf-8")
    blocks = dict(re.findall(r"\*\*(.+?)\*\*\n\n((?:- .*\n)+)", comment))
    assert "quarante-cinq" in blocks["Latitude"] and "n'est pas un nombre" in blocks["Latitude"]
    assert "entre -180 et 180" in blocks["Longitude"]
    assert "la fin \\(2010\\) précède le début \\(2016\\)" in blocks["Année de fin"]
    assert "ligne 1 : « volonte-politiq » n'est pas une condition connue" in blocks["Conditions de réussite"]
    assert "Vouliez-vous dire « volonte-politique »" in blocks["Conditions de réussite"]
    assert "ligne 2 : 3 parties" in blocks["Conditions de réussite"]
    assert "cette question est obligatoire" in blocks["Résumé"] and "cette question est obligatoire" in blocks["Sources"]
    assert "« Mon Cas » n'est pas un identifiant valide" in blocks["Identifiant du cas"]
    assert "Italie du Nord" in blocks["Pays"]
    assert "ligne 1 : « environ cent »" in blocks["Chiffres clés"]
    assert "Traceback" not in run.stdout + run.stderr


def test_hostile_text_stays_text(tmp_path):
    project = make_project(tmp_path / "projet")
    out = tmp_path / "sortie"
    run = _run("--body-file", str(ISSUES / "hostile.md"), "--issue", "9", "--author", "x; rm -rf /", "--out", str(out),
               root=project)
    assert run.returncode == 1, run.stdout + run.stderr
    comment = (out / "comment.md").read_text(encoding="utf-8")
    assert "<script>" not in comment and "<img" not in comment
    assert "contient du HTML" in comment and "javascript:" in comment
    assert "github-workflows-pirate" in comment  # the id with « ../ » is refused, not followed
    assert not list(project.rglob("pirate*")) and not (tmp_path / ".github").exists()
    assert sorted(p.name for p in out.iterdir()) == ["comment.md"]
    # A heading no question has ("### Territory") stays text of the answer before it, never a field.
    schemas = Schemas()
    loaded = load_all(ROOT, schemas)
    case, _problems, _lines = parse_issue((ISSUES / "hostile.md").read_text(encoding="utf-8"), schemas,
                                          KnowledgeBase(loaded.entries, loaded.glossary))
    assert set(case) <= set(SCHEMA["properties"])
    assert set(case["territory"]) <= set(SCHEMA["properties"]["territory"]["properties"])
    assert case["summary"].endswith("### Territory\n\ninjected")


def test_quoted_mentions_do_not_notify(tmp_path):
    body = (ISSUES / "valide.md").read_text(encoding="utf-8").replace(
        "- volonte-politique |", "- @equipe-core |")  # quoted back in « … n'est pas une condition connue »
    (tmp_path / "body.md").write_text(body, encoding="utf-8")
    run = _run("--body-file", str(tmp_path / "body.md"), "--issue", "3", "--out", str(tmp_path / "o"))
    assert run.returncode == 1
    comment = (tmp_path / "o" / "comment.md").read_text(encoding="utf-8")
    assert "@equipe-core" not in comment and "@\u2060equipe-core" in comment


def test_an_existing_case_is_never_replaced(tmp_path):
    body = (ISSUES / "valide.md").read_text(encoding="utf-8").replace(
        "### Identifiant du cas\n\n_No response_", "### Identifiant du cas\n\nstrasbourg-conseil-ess")
    (tmp_path / "body.md").write_text(body, encoding="utf-8")
    run = _run("--body-file", str(tmp_path / "body.md"), "--issue", "5", "--out", str(tmp_path / "o"))
    assert run.returncode == 1
    assert "un cas porte déjà l'identifiant « strasbourg-conseil-ess »" in (tmp_path / "o" / "comment.md").read_text(encoding="utf-8")


def test_sections_follow_the_form_order():
    body = "### A\n\nun\n### B\n\n_No response_\n\n### A\n\nfaux\n### C\n\ntrois\nlignes\n"
    assert sections(body, ["A", "B", "C"]) == {"A": "un", "B": "_No response_\n\n### A\n\nfaux", "C": "trois\nlignes"}


def test_usage_errors_exit_2(tmp_path):
    assert _run("--issue", "1").returncode == 2
    assert _run("--body-file", str(tmp_path / "absent.md"), "--issue", "1", "--out", str(tmp_path)).returncode == 2


# --- the workflow ------------------------------------------------------------------------------

def _workflow() -> dict:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def test_workflow_never_runs_contributed_text_and_asks_little():
    data = _workflow()
    assert set(data["on"]["issues"]["types"]) >= {"opened", "edited"}
    assert data["permissions"] == {}, "nothing by default; each job says what it needs"
    for job in data["jobs"].values():
        assert job["permissions"] == {"contents": "write", "pull-requests": "write", "issues": "write"}
        assert "nouveau cas" in job["if"]
        for step in job["steps"]:
            if "uses" in step:
                assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", step["uses"]), step["uses"]
                if step["uses"].startswith("actions/checkout@"):
                    assert step["with"]["persist-credentials"] is False
            run = step.get("run", "")
            # Contributed text reaches the script through the environment, never the command line.
            assert "${{" not in run, f"expression inside run: {step.get('name')}"
        env = {k: v for step in job["steps"] for k, v in (step.get("env") or {}).items()}
        assert any("github.event.issue.body" in str(v) for v in env.values())
    text = WORKFLOW.read_text(encoding="utf-8")
    assert "pull_request_target" not in text
    assert "scripts/issue_to_case.py" in text and "--body-file" in text
