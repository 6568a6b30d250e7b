"""The contributor docs and the GitHub files cannot drift from the schema, the code and the content.

CONTRIBUTING.md is one screen for the common case (add a case) and links to docs/: the generated
references (docs/reference-champs.md, docs/reference-messages.md: scripts/reference.py, kept up
to date by tests/test_reference.py) and the hand-written docs/guide-contributeur.md.

Convention in docs/reference-champs.md: each documented schema has a section (`## …` heading, see
FIELD_SECTIONS) holding a table whose header starts with `| Champ |`. Every property of the schema
has exactly one row there, its first cell being the property path in backticks: `name` at the top
level, `parent.name` inside an object, `parent[].name` inside each item of a list. The second cell
starts with « oui » exactly when the property is required (in its object). This file walks the
schemas on its own, independently of the generator.
Error codes are written `[code]` in backticks, or appear in a sample validator line
(`… erreur [code] …`), or head a section of the messages reference (`### code`).
"""
from __future__ import annotations

import json
import re
import shutil

import pytest
import yaml

from conftest import FIXTURES, ROOT
from mallette.model import validate
from mallette.schema import SCHEMA_URN

DOC = ROOT / "CONTRIBUTING.md"
FIELDS_DOC = ROOT / "docs" / "reference-champs.md"
MESSAGES_DOC = ROOT / "docs" / "reference-messages.md"
GUIDE_DOC = ROOT / "docs" / "guide-contributeur.md"
ALL_DOCS = (DOC, FIELDS_DOC, MESSAGES_DOC, GUIDE_DOC)
# Relative to the page GitHub shows (<repo>/blob/main/CONTRIBUTING.md): the repository's own form,
# whatever the repository's address (none is invented here).
ISSUE_FORM_URL = "../../issues/new?template=proposer-un-cas.yml"
GITHUB_ROUTES = ("../../issues/", "../../pulls", "../../actions")
SCHEMA = ROOT / "schema"
ISSUE_FORM = ROOT / ".github" / "ISSUE_TEMPLATE" / "proposer-un-cas.yml"
WORKFLOWS = ROOT / ".github" / "workflows"

FIELD_SECTIONS = {
    "case.schema.json": "Un cas",
    "legal.schema.json": "Un texte juridique",
    "resource.schema.json": "Une ressource",
    "guide.schema.json": "Un guide (en-tête)",
    "glossary.schema.json": "Le glossaire",
    "condition.schema.json": "Une condition de réussite",
    "stage.schema.json": "Une étape",
    "mode.schema.json": "Un mode de participation",
    "sector.schema.json": "Un secteur",
    "actor-type.schema.json": "Un type d'acteur",
}

# The codes the documentation must at least explain (the most frequent ones).
CORE_CODES = {
    "champ-inconnu", "champ-requis", "condition-inconnue", "id-nom-fichier", "id-invalide",
    "yaml-syntaxe", "yaml-tabulation", "html-interdit", "url-interdite", "valeur-invalide",
    "texte-trop-long", "ancre-manquante", "lien-inconnu", "type-invalide", "valeur-hors-limites",
}


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

def doc_text(path=DOC) -> str:
    return path.read_text(encoding="utf-8")


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
    all_sections = sections(doc_text(FIELDS_DOC))
    assert section in all_sections, f"docs/reference-champs.md has no section « ## {section} »"
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


CASE_EXAMPLE = re.compile(r"^( *)```yaml\n((?:\1.*\n)*?)\1```", re.M)


def case_examples(path) -> list[str]:
    """Every ```yaml block of a doc that starts with the case schema line, dedented."""
    out = []
    for m in CASE_EXAMPLE.finditer(doc_text(path)):
        indent, body = m.group(1), m.group(2)
        text = "".join(line[len(indent):] + "\n" for line in body.splitlines())
        if text.startswith("# yaml-language-server: $schema=../../schema/case.schema.json\n"):
            out.append(text)
    return out


@pytest.mark.parametrize("path", [DOC, GUIDE_DOC], ids=lambda p: p.name)
def test_case_examples_in_the_docs_are_valid_cases(project, path):
    """The `# yaml-language-server` examples load as real cases (CONTRIBUTING.md: a minimal one)."""
    blocks = case_examples(path)
    assert len(blocks) == 1
    ident = re.search(r"^id: (\S+)$", blocks[0], re.M).group(1)
    target = project / "content" / "cases" / f"{ident}.yaml"
    target.unlink(missing_ok=True)  # the guide's example is a real case, shortened
    target.write_text(blocks[0], encoding="utf-8")
    kb, report = validate(project)
    assert kb is not None, report.format()


# --- error codes --------------------------------------------------------------------------

def doc_codes() -> set[str]:
    code = r"([a-z][a-z0-9]*(?:-[a-z0-9]+)*)"
    text = "\n".join(doc_text(p) for p in ALL_DOCS)
    return (set(re.findall(rf"`\[{code}\]`", text)) | set(re.findall(rf"(?:erreur|avertissement) \[{code}\]", text))
            | set(re.findall(rf"^### {code}$", doc_text(MESSAGES_DOC), re.M)))


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


def anchors_of(path) -> set[str]:
    text = doc_text(path)
    return {github_slug(line.lstrip("#")) for line, f in _lines_outside_fences(text)
            if not f and re.match(r"^#{1,6} ", line)}


@pytest.mark.parametrize("path", ALL_DOCS, ids=lambda p: p.name)
def test_internal_links_resolve(path):
    text = doc_text(path)
    prose = "\n".join(line for line, f in _lines_outside_fences(text) if not f)
    prose = re.sub(r"`[^`\n]*`", "", prose)
    for target in re.findall(r"\]\(([^)\s]+)\)", prose):
        if target.startswith(("http://", "https://")) or (path.name == "CONTRIBUTING.md" and target.startswith(GITHUB_ROUTES)):
            continue
        file, _, anchor = target.partition("#")
        dest = (path.parent / file).resolve() if file else path
        assert dest.exists(), f"{path.name}: missing file {target}"
        if anchor and dest.suffix == ".md":
            assert anchor in anchors_of(dest), f"{path.name}: no heading for {target}"


def test_contributing_is_one_screen_for_the_common_case():
    text = doc_text()
    assert len(text.encode("utf-8")) <= 8 * 1024, f"CONTRIBUTING.md: {len(text.encode())} octets"
    for target in ("docs/reference-champs.md", "docs/reference-messages.md", "docs/guide-contributeur.md"):
        assert f"]({target})" in text, target
    for command in ("make new-case", "make validate", "make serve", "make check", "make test"):
        assert command in text, command


def test_without_git_opens_the_issue_form_itself():
    """Not the form's YAML source: GitHub shows the form at issues/new?template=<file>."""
    assert f"]({ISSUE_FORM_URL})" in doc_text()
    assert ISSUE_FORM.exists() and ISSUE_FORM_URL.endswith(ISSUE_FORM.name)
    assert ".github/ISSUE_TEMPLATE/proposer-un-cas.yml)" not in doc_text() + doc_text(GUIDE_DOC)


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


# The levels, sectors and required fields of the issue form: generated from the schema and the
# taxonomies, checked in tests/test_issue_to_case.py.


# --- workflows and templates ------------------------------------------------------------------

def _workflow(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def _steps(data: dict) -> list[dict]:
    return [s for job in data["jobs"].values() for s in job.get("steps", [])]


WRITE_GRANTS = {"issue-to-pr.yml": {"contents", "pull-requests", "issues"}}


def test_workflows_follow_the_security_hardening_guide():
    """GitHub's « Security hardening for GitHub Actions »: actions pinned to a full commit SHA (the
    version in a comment), no credentials left in the checkout, no permission by default and each
    job granted what it needs, Pages and OIDC only where the site is deployed, no pull_request_target,
    no event value expanded inside a script. The issue-to-PR robot alone writes: a branch, a pull
    request and a comment (issue-to-pr.yml)."""
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
            writes = WRITE_GRANTS.get(path.name, set())
            assert all(v in ("read", "none") or k in writes for k, v in grants.items()
                       if k not in ("pages", "id-token")), f"{path.name}: {name}: {grants}"
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
    # It names the command the pull-request check runs.
    runs = "\n".join(s.get("run", "") for s in _steps(_workflow("pull-request.yml")))
    assert "make test" in runs and "`make test`" in text
    assert text.count("- [ ]") >= 7
