"""CONTRIBUTING.md and the GitHub files cannot drift from the schema, the code and the content.

Convention in CONTRIBUTING.md: each documented schema has a section (`## …` heading, see
FIELD_SECTIONS) holding one or more tables whose header starts with `| Champ |`. Every property of
the schema has exactly one row there, its first cell being the property path in backticks:
`name` at the top level, `parent.name` inside an object, `parent[].name` inside each item of a
list. The second cell starts with « oui » exactly when the property is required (in its object).
Error codes are written `[code]` in backticks, or appear in a sample validator line
(`… erreur [code] …`).
"""
from __future__ import annotations

import importlib.util
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, ROOT
from mallette.model import validate
from mallette.schema import SCHEMA_URN

DOC = ROOT / "CONTRIBUTING.md"
SCHEMA = ROOT / "schema"
ISSUE_FORM = ROOT / ".github" / "ISSUE_TEMPLATE" / "proposer-un-cas.yml"
WORKFLOWS = ROOT / ".github" / "workflows"

FIELD_SECTIONS = {
    "case.schema.json": "Tous les champs d'un cas",
    "legal.schema.json": "Ajouter un texte juridique",
    "resource.schema.json": "Ajouter une ressource",
    "guide.schema.json": "Écrire un guide",
    "glossary.schema.json": "Ajouter un sigle au glossaire",
}

# The codes the documentation must at least explain (the most frequent ones).
CORE_CODES = {
    "champ-inconnu", "champ-requis", "condition-inconnue", "id-nom-fichier", "id-invalide",
    "yaml-syntaxe", "yaml-tabulation", "html-interdit", "url-interdite", "valeur-invalide",
    "texte-trop-long", "ancre-manquante", "lien-inconnu", "type-invalide", "valeur-hors-limites",
}


def _load_new_case():
    spec = importlib.util.spec_from_file_location("new_case", ROOT / "scripts" / "new_case.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


new_case = _load_new_case()


# --- the schema side ----------------------------------------------------------------------

def _docs() -> dict[str, dict]:
    return {p.name: json.loads(p.read_text(encoding="utf-8")) for p in SCHEMA.glob("*.schema.json")}


def schema_fields(file: str) -> dict[str, bool]:
    """Every property path of a schema -> whether it is required in its object.

    Local `$ref`s (into common.schema.json or the same file) are followed, so that nested objects
    reached through a reference are walked too.
    """
    docs = _docs()
    out: dict[str, bool] = {}

    def views(node: dict, f: str):
        yield node, f
        ref = node.get("$ref")
        if ref:
            target_file, _, pointer = ref.partition("#")
            target_file = target_file.removeprefix(SCHEMA_URN) or f  # absolute ids: urn:e-mallette:schema:<file>
            target = docs[target_file]
            for part in filter(None, pointer.split("/")):
                target = target[part]
            yield from views(target, target_file)

    def walk(node: dict, f: str, path: str, depth: int = 0):
        assert depth < 20, f"reference loop at {path}"
        layers = list(views(node, f))
        required = {name for n, _ in layers for name in n.get("required", [])}
        for n, nf in layers:
            for name, sub in n.get("properties", {}).items():
                child = f"{path}.{name}" if path else name
                out.setdefault(child, name in required)
                walk(sub, nf, child, depth + 1)
            items = n.get("items")
            if isinstance(items, dict):
                walk(items, nf, path + "[]", depth + 1)

    walk(docs[file], file, "")
    return out


# --- the documentation side ---------------------------------------------------------------

def doc_text() -> str:
    return DOC.read_text(encoding="utf-8")


def _lines_outside_fences(text: str):
    fence = False
    for line in text.splitlines():
        if re.match(r"^\s*(```|~~~)", line):
            fence = not fence
            continue
        yield line, fence


def sections(text: str) -> dict[str, list[str]]:
    """`## heading` -> its lines (fenced code blocks excluded from the heading search)."""
    out: dict[str, list[str]] = {}
    current = None
    for line, in_fence in _lines_outside_fences(text):
        if not in_fence and line.startswith("## "):
            current = line[3:].strip()
            assert current not in out, f"two sections named {current!r}"
            out[current] = []
        elif current is not None and not in_fence:
            out[current].append(line)
    return out


def documented_fields(lines: list[str]) -> list[tuple[str, str]]:
    """(path, required cell) of each row of the `| Champ |` tables in these lines."""
    rows, in_table = [], False
    for line in lines:
        stripped = line.strip()
        if not stripped.startswith("|"):
            in_table = False
            continue
        cells = [c.strip() for c in stripped.strip("|").split("|")]
        if cells[0] == "Champ":
            in_table = True
            continue
        if not in_table or set(cells[0]) <= set("-: "):
            continue
        m = re.fullmatch(r"`([^`]+)`", cells[0])
        assert m, f"first cell of a field row must be one path in backticks: {line!r}"
        rows.append((m.group(1), cells[1] if len(cells) > 1 else ""))
    return rows


@pytest.mark.parametrize("schema_file", sorted(FIELD_SECTIONS))
def test_every_schema_field_is_documented(schema_file):
    fields = schema_fields(schema_file)
    section = FIELD_SECTIONS[schema_file]
    all_sections = sections(doc_text())
    assert section in all_sections, f"CONTRIBUTING.md has no section « ## {section} »"
    rows = documented_fields(all_sections[section])
    paths = [p for p, _ in rows]
    missing = [p for p in fields if p not in paths]
    unknown = [p for p in paths if p not in fields]
    twice = sorted({p for p in paths if paths.count(p) > 1})
    assert not missing, f"{schema_file}: fields without a row in « ## {section} »: {missing}"
    assert not unknown, f"{schema_file}: rows for fields the schema does not have: {unknown}"
    assert not twice, f"{schema_file}: fields documented twice: {twice}"
    wrong = [(p, cell) for p, cell in rows if cell.startswith("oui") != fields[p]]
    assert not wrong, f"{schema_file}: « Obligatoire » disagrees with the schema for {wrong}"


def test_case_fields_walk_reaches_nested_properties():
    fields = schema_fields("case.schema.json")
    for path in ("territory.name", "territory.level", "period.end", "conditions[].condition",
                 "conditions[].evidence", "stages[].stage", "figures[].approximate", "quotes[].source",
                 "aliases", "updated", "sources"):
        assert path in fields, path
    assert fields["territory.lat"] and fields["conditions[].evidence"] and not fields["period.end"]
    assert fields["conditions"] and not fields["aliases"]


def test_case_example_in_the_doc_is_a_valid_case(project):
    """The `# yaml-language-server` example in CONTRIBUTING.md loads as a real case."""
    text = doc_text()
    blocks = re.findall(r"```yaml\n(# yaml-language-server: \$schema=\.\./\.\./schema/case\.schema\.json\n.*?)```",
                        text, re.S)
    assert len(blocks) == 1
    ident = re.search(r"^id: (\S+)$", blocks[0], re.M).group(1)
    (project / "content" / "cases" / f"{ident}.yaml").write_text(blocks[0], encoding="utf-8")
    kb, report = validate(project)
    assert kb is not None, report.format()


# --- error codes --------------------------------------------------------------------------

def doc_codes() -> set[str]:
    code = r"([a-z][a-z0-9]*(?:-[a-z0-9]+)*)"
    text = doc_text()
    return set(re.findall(rf"`\[{code}\]`", text)) | set(re.findall(rf"erreur \[{code}\]", text))


def code_sources() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "mallette").glob("*.py")))


def test_every_error_code_in_the_doc_exists_in_the_code():
    codes = doc_codes()
    assert len(codes) >= len(CORE_CODES)
    source = code_sources()
    unknown = sorted(c for c in codes if f'"{c}"' not in source and f"'{c}'" not in source)
    assert not unknown, f"CONTRIBUTING.md explains codes the validator never emits: {unknown}"


def test_the_most_common_codes_are_explained():
    missing = sorted(CORE_CODES - doc_codes())
    assert not missing, f"CONTRIBUTING.md does not explain: {missing}"


def test_the_sample_validator_message_is_the_real_one(project):
    """The sample line in « Lire un message du validateur » is what the validator prints."""
    src = FIXTURES / "invalid" / "cases" / "condition-inconnue.yaml"
    shutil.copy(src, project / "content" / "cases" / "mon-cas.yaml")
    text = (project / "content" / "cases" / "mon-cas.yaml").read_text(encoding="utf-8")
    (project / "content" / "cases" / "mon-cas.yaml").write_text(
        re.sub(r"^id: .*$", "id: mon-cas", text, count=1, flags=re.M), encoding="utf-8")
    _, report = validate(project)
    (issue,) = [i for i in report.issues if i.code == "condition-inconnue"]
    assert issue.text() in doc_text(), issue.text()


# --- links inside CONTRIBUTING.md -----------------------------------------------------------

def github_slug(heading: str) -> str:
    s = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return s.replace(" ", "-")


def test_internal_links_resolve():
    text = doc_text()
    anchors = {github_slug(h) for h in sections(text)}
    anchors |= {github_slug(line.lstrip("#")) for line, f in _lines_outside_fences(text)
                if not f and re.match(r"^#{1,6} ", line)}
    prose = "\n".join(line for line, f in _lines_outside_fences(text) if not f)
    prose = re.sub(r"`[^`\n]*`", "", prose)
    for target in re.findall(r"\]\(([^)\s]+)\)", prose):
        if target.startswith(("http://", "https://")):
            continue
        if target.startswith("#"):
            assert target[1:] in anchors, f"CONTRIBUTING.md: no heading for {target}"
        else:
            assert (ROOT / target.split("#")[0]).exists(), f"CONTRIBUTING.md: missing file {target}"


# --- unfinished content ---------------------------------------------------------------------

def test_no_placeholder_left_in_content():
    """`make new-case` marks what is still to write: it may not be merged as is."""
    left = new_case.find_placeholders(ROOT)
    assert not left, (f"« {new_case.PLACEHOLDER} » reste dans : {', '.join(left)}. "
                      "Remplacez ces valeurs provisoires et supprimez la marque.")


# --- the issue form -------------------------------------------------------------------------

def issue_form() -> dict:
    return yaml.safe_load(ISSUE_FORM.read_text(encoding="utf-8"))


def _element(form: dict, ident: str) -> dict:
    (element,) = [b for b in form["body"] if b.get("id") == ident]
    return element


def test_issue_form_is_well_formed():
    form = issue_form()
    assert form["name"] == "Proposer un cas"
    assert form["labels"] == ["nouveau cas"]
    assert form["description"]
    ids = [b["id"] for b in form["body"] if b["type"] != "markdown"]
    assert len(ids) == len(set(ids))
    for b in form["body"]:
        assert b["type"] in {"markdown", "input", "textarea", "dropdown", "checkboxes"}
        if b["type"] == "markdown":
            assert b["attributes"]["value"].strip()
        else:
            assert re.fullmatch(r"[A-Za-z0-9_-]+", b["id"]), b["id"]
            assert b["attributes"]["label"].strip()


def test_issue_form_levels_are_the_schema_levels():
    enum = json.loads((SCHEMA / "case.schema.json").read_text(encoding="utf-8"))[
        "properties"]["territory"]["properties"]["level"]["enum"]
    level = _element(issue_form(), "territory-level")
    assert level["type"] == "dropdown"
    assert level["attributes"]["options"] == enum


def test_issue_form_sectors_are_the_taxonomy_sectors():
    folder = ROOT / "content" / "taxonomy" / "sectors"
    sectors = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))["name"] for p in sorted(folder.glob("*.yaml"))}
    element = _element(issue_form(), "sectors")
    assert element["type"] == "checkboxes"
    found = []
    for option in element["attributes"]["options"]:
        m = re.fullmatch(r"(.+) \(`([a-z0-9-]+)`\)", option["label"])
        assert m, f"sector option must read « Nom (`id`) »: {option['label']!r}"
        found.append(m.group(2))
        assert sectors.get(m.group(2)) == m.group(1), f"name of sector {m.group(2)} differs: {m.group(1)!r}"
        assert not option.get("required"), "a sector box may not be compulsory"
    assert found == sorted(sectors), f"issue form sectors {found} != content/taxonomy/sectors/ {sorted(sectors)}"


def test_issue_form_requires_the_core_fields():
    form = issue_form()
    for ident in ("title", "summary", "territory-name", "territory-level", "country", "period-start",
                  "conditions", "sources"):
        element = _element(form, ident)
        assert element.get("validations", {}).get("required") is True, ident
    for ident in ("coordinates", "period-end", "actors", "results", "figures", "quotes", "legal-basis"):
        assert not _element(form, ident).get("validations", {}).get("required"), ident
    assert "600" in _element(form, "summary")["attributes"]["description"]


# --- workflows and templates ------------------------------------------------------------------

def _workflow(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def _steps(data: dict) -> list[dict]:
    return [s for job in data["jobs"].values() for s in job.get("steps", [])]


def test_workflows_follow_the_security_hardening_guide():
    """GitHub's « Security hardening for GitHub Actions »: actions pinned to a full commit SHA (the
    version in a comment), no credentials left in the checkout, no permission by default and each
    job granted what it needs, Pages and OIDC only where the site is deployed, no pull_request_target,
    no event value expanded inside a script."""
    for path in sorted(WORKFLOWS.glob("*.yml")):
        text = path.read_text(encoding="utf-8")
        data = _workflow(path.name)
        assert data["permissions"] == {}, f"{path.name}: permissions: {{}} at the top"
        assert "pull_request_target" not in data["on"] and "workflow_run" not in data["on"], path.name
        for uses in re.findall(r"uses:\s*(\S+)(.*)", text):
            assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", uses[0]), f"{path.name}: {uses[0]} (SHA complet)"
            assert re.fullmatch(r"\s*# v\d+(\.\d+)*", uses[1]), f"{path.name}: {uses[0]} sans « # vX.Y.Z »"
        for name, job in data["jobs"].items():
            grants = job.get("permissions")
            assert isinstance(grants, dict), f"{path.name}: job {name} without its own permissions"
            deploys = any(s.get("uses", "").startswith("actions/deploy-pages@") for s in job.get("steps", []))
            assert ("pages" in grants or "id-token" in grants) == deploys, f"{path.name}: {name}: {grants}"
            assert all(v in ("read", "none") for k, v in grants.items() if k not in ("pages", "id-token")), grants
            for step in job.get("steps", []):
                if step.get("uses", "").startswith("actions/checkout@"):
                    assert step.get("with", {}).get("persist-credentials") is False, f"{path.name}: {name}"
                assert "${{ github.event" not in step.get("run", ""), f"{path.name}: {step.get('name')}"


def test_pull_request_workflow_checks_everything():
    data = _workflow("pull-request.yml")
    assert "pull_request" in data["on"]
    assert data["env"]["NO_MKDOCS_2_WARNING"] == "1"
    runs = "\n".join(s.get("run", "") for s in _steps(data))
    uses = [s.get("uses", "") for s in _steps(data)]
    for command in ("python -m playwright install --with-deps chromium", "MALLETTE_CHROMIUM=",
                    "scripts/validate.py --format github", "make test", "make site"):
        assert command in runs, command
    assert runs.index("--format github") < runs.index("make test") < runs.index("make site")
    assert any(u.startswith("actions/setup-python@") for u in uses)
    setup = next(s for s in _steps(data) if s.get("uses", "").startswith("actions/setup-python@"))
    assert str(setup["with"]["python-version"]) == "3.11"
    upload = next(s for s in _steps(data) if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["path"].rstrip("/") == "site"


def test_publish_workflow_deploys_pages():
    data = _workflow("publish.yml")
    assert data["on"]["push"]["branches"] == ["main"]
    deploy = data["jobs"]["publier"]["permissions"]
    assert deploy == {"pages": "write", "id-token": "write"}
    assert data["env"]["NO_MKDOCS_2_WARNING"] == "1"
    runs = "\n".join(s.get("run", "") for s in _steps(data))
    uses = [s.get("uses", "") for s in _steps(data)]
    assert "make site" in runs
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)


def test_pull_request_template_lists_the_rules():
    text = (ROOT / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    for needle in ("make validate", "sources", "mes mots", "une phrase au plus", "inventé", "make serve", "aliases"):
        assert needle in text, needle
    assert text.count("- [ ]") >= 7
