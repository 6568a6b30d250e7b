"""A proposed case, judged by the real validator, and what to tell its author.

The case read from an issue (mallette/issue_form.py) is written as the file a contributor would
write, put into a temporary copy of the content, and validated there with the schema and every
check: the same judge as `make validate` and the pull-request check. The project's own content
is never touched. The outcome is either the file with a pull-request body crediting the
author, or a French comment listing the problems question by question.
"""
from __future__ import annotations

import json
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .form import CASE_FOLDER, SCHEMA_LINE, case_fields
from .issue_form import Element, Problem, elements, parse_issue
from .issues import Issue
from .model import KnowledgeBase, validate
from .schema import Schemas, slugify
from .summary import md_text

# Validator messages start with the path of the value: "conditions[1].condition : …", "summary (Résumé) fait…".
_PATH = re.compile(r"^([A-Za-z_]+(?:\[\d+\])?(?:\.[A-Za-z_]+(?:\[\d+\])?)*)(?= |$)")
_NAMED = re.compile(r"le champ « ([A-Za-z_]+) »")
_LOGIN = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$")


@dataclass
class Outcome:
    case: dict
    problems: list[Problem] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)  # the questions of the form, in order
    text: str = ""  # the case file, when valid
    path: str = ""  # where it goes, relative to the project root

    @property
    def valid(self) -> bool:
        return not self.problems


def case_yaml(case: dict, schemas: Schemas) -> str:
    """The case file: schema order, every string in double quotes (JSON strings are valid YAML),
    so that « # », « NO » or « 01234 » stay text."""
    root = case_fields(schemas)

    def scalar(v) -> str:
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, (int, float)):
            return json.dumps(v)
        # YAML wants these escaped in a double-quoted scalar; JSON leaves them as they are.
        return re.sub(r"[\u007f-\u009f\u2028\u2029\ufeff]", lambda m: f"\\u{ord(m.group()):04x}",
                      json.dumps(str(v), ensure_ascii=False))

    def emit(order: list[str], data: dict, indent: int, fields) -> list[str]:
        pad, out = " " * indent, []
        by_name = {f.name: f for f in fields}
        for name in [n for n in order if n in data] + [n for n in data if n not in order]:
            v, f = data[name], by_name.get(name)
            if isinstance(v, list):
                out.append(f"{pad}{name}:")
                for item in v:
                    if isinstance(item, dict) and f is not None:
                        sub = emit(f.order, item, indent + 4, f.fields)
                        if sub:
                            sub[0] = f"{pad}  - " + sub[0][indent + 4:]
                            out += sub
                    else:
                        out.append(f"{pad}  - {scalar(item)}")
            elif isinstance(v, dict):
                out.append(f"{pad}{name}:")
                out += emit(f.order if f else list(v), v, indent + 2, f.fields if f else [])
            else:
                out.append(f"{pad}{name}: {scalar(v)}")
        return out

    return "\n".join([SCHEMA_LINE, *emit(root.order, case, 0, root.fields)]) + "\n"


def _label_for(issue: Issue, els: list[Element], lines_of: dict) -> tuple[str, str]:
    """(question, where inside it) of a validator message about the proposed file."""
    m = _PATH.match(issue.message)
    path = m.group(1) if m else ""
    named = _NAMED.search(issue.message)
    if issue.code == "champ-requis" and named:
        path = f"{path}.{named.group(1)}" if path and path != "racine" else named.group(1)
    item = re.search(r"\[(\d+)\]", path)
    plain = re.sub(r"\[\d+\]", "", path)
    by_path = {e.field.path: e for e in els}
    while plain and plain not in by_path:
        plain = plain.rpartition(".")[0]
    if not plain:
        return "", ""
    where = ""
    if item:
        numbers = lines_of.get(plain.split(".")[0], [])
        index = int(item.group(1))
        where = f"ligne {numbers[index] if index < len(numbers) else index + 1}"
    return by_path[plain].label, where


def judge(body: str, root: Path, schemas: Schemas | None = None) -> Outcome:
    """Read an issue body and validate the case it proposes against the project at root."""
    schemas = schemas or Schemas()
    base_kb, base_report = validate(root, schemas)
    kb = base_kb or _taxonomies_anyway(root, schemas)
    case, problems, lines_of = parse_issue(body, schemas, kb)
    els = elements(schemas, kb)
    outcome = Outcome(case, list(problems), [e.label for e in els])
    ident, id_rule = case.get("id"), schemas.docs["common.schema.json"]["$defs"]["id"]
    id_ok = (isinstance(ident, str) and re.search(id_rule["pattern"], ident) is not None
             and len(ident) <= id_rule["maxLength"])
    # A refused id is reported by the validator; the file still needs a name to be checked.
    stem = ident if id_ok else (slugify(str(ident or "")) or slugify(str(case.get("title") or ""))
                                or "proposition")[: id_rule["maxLength"]].strip("-")
    rel = f"{CASE_FOLDER}/{stem}.yaml"
    if (root / rel).exists():
        outcome.problems.append(Problem("Identifiant du cas", f"un cas porte déjà l'identifiant « {stem} » "
                                        f"({rel}) : choisissez un autre identifiant, ou proposez une "
                                        "modification de ce cas."))
        return outcome
    text = case_yaml(case, schemas)
    with tempfile.TemporaryDirectory(prefix="proposition-") as tmp:
        copy = Path(tmp)
        shutil.copytree(root / "content", copy / "content")
        (copy / rel).write_text(text, encoding="utf-8", newline="\n")
        _kb, report = validate(copy, schemas)
    already = {(i.path, i.code, i.message) for i in base_report.issues}
    # A value refused while reading gets no second message: same question (and same line).
    parsed = {(p.label, p.message.split(" : ")[0] if p.message.startswith("ligne ") else "") for p in problems}
    for issue in report.sorted():
        if not issue.is_error:
            continue  # a recommendation (warning) does not hold the proposal back; reviewers see it in the PR check
        if (issue.path, issue.code, issue.message) in already:
            continue  # the project's own problems are not the proposal's
        if issue.code == "id-nom-fichier" and not id_ok:
            continue  # the file name is ours, not the contributor's: the id's own problem is enough
        label, where = _label_for(issue, els, lines_of) if issue.path == rel else ("", "")
        if (label, where) in parsed or (label, "") in parsed:
            continue
        message, hint = issue.message, issue.hint
        m = _PATH.match(message)
        if issue.code == "champ-requis" and label:
            message, hint = "cette question est obligatoire.", ""  # the hint speaks YAML
        elif m and label and message[m.end():].startswith(" : "):  # the question names the field
            message = message[m.end() + 3:].strip()
        if where:
            message = f"{where} : {message}"
        if issue.path != rel:
            message = f"{issue.path} : {message}"
        outcome.problems.append(Problem(label, f"{message} {hint}".strip()))
    if not outcome.problems:
        outcome.text, outcome.path = text, rel
    return outcome


def _taxonomies_anyway(root: Path, schemas: Schemas) -> KnowledgeBase:
    """The project's content has problems of its own: the form's choices still come from it."""
    from .content import load_all

    loaded = load_all(root, schemas)
    return KnowledgeBase(loaded.entries, loaded.glossary)


def error_comment(outcome: Outcome, issue_number: int | None = None) -> str:
    """The French comment on the issue: every problem under its question, nothing opened."""
    groups: dict[str, list[str]] = {label: [] for label in outcome.labels}  # the form's order
    for p in outcome.problems:
        groups.setdefault(p.label, []).append(p.message)
    groups = {label: messages for label, messages in groups.items() if messages}
    n = len(outcome.problems)
    lines = [
        "### La proposition ne peut pas encore devenir une pull request",
        "",
        f"Merci pour ce cas ! La vérification a relevé {n} problème{'s' if n > 1 else ''}. "
        "Corrigez-les en modifiant ce ticket (menu « … » puis « Edit ») : la vérification reprend "
        "à chaque modification. Rien n'a été publié.",
        "",
    ]
    for label, messages in groups.items():
        lines.append(f"**{md_text(label) if label else 'Ensemble de la proposition'}**")
        lines.append("")
        lines += [f"- {_no_mention(md_text(m))}" for m in messages]
        lines.append("")
    lines.append("_Les mêmes règles s'appliquent à tous les cas : elles sont expliquées dans CONTRIBUTING.md._")
    return "\n".join(lines) + "\n"


def _no_mention(text: str) -> str:
    """Quoted text must not notify anyone: « @équipe » keeps its look without being a mention."""
    return text.replace("@", "@\u2060")


def safe_login(login: str) -> str:
    """A GitHub login as GitHub allows them, or "" (never a mention of something else)."""
    return login if _LOGIN.match(login or "") else ""


def pull_request_title(outcome: Outcome) -> str:
    return f"Nouveau cas : {' '.join(str(outcome.case.get('title', '')).split())[:200]}"


def pull_request_body(outcome: Outcome, issue_number: int, author: str) -> str:
    login = safe_login(author)
    credit = f"Proposé par @{login} dans le ticket #{issue_number}." if login else f"Proposé dans le ticket #{issue_number}."
    return "\n".join([
        f"Ajoute le cas `{outcome.case['id']}` ({outcome.path}).",
        "",
        credit,
        "",
        "Ce fichier a été produit automatiquement à partir des réponses du ticket, puis validé "
        "(schéma et règles du projet). Avant de fusionner, l'équipe relit :",
        "",
        "- [ ] chaque fait vient des sources indiquées ;",
        "- [ ] le texte est rédigé avec nos mots, les citations sont exactes et attribuées ;",
        "- [ ] les coordonnées placent bien le territoire sur la carte.",
        "",
        f"Closes #{issue_number}",
        "",
    ])


def thanks_comment() -> str:
    """The comment once the pull request exists; the workflow puts its number in place of NUMERO."""
    return ("Merci ! Votre proposition est valide : la pull request #NUMERO la présente à l’équipe, "
            "qui va la relire. Si vous modifiez ce ticket, elle sera mise à jour.\n")


def commit_message(outcome: Outcome, issue_number: int, author: str, author_id: str = "") -> str:
    """With a Co-authored-by trailer when the author's noreply address can be formed."""
    lines = [f"Nouveau cas : {outcome.case['id']} (ticket #{issue_number})"]
    login = safe_login(author)
    if login and re.fullmatch(r"\d{1,15}", author_id or ""):
        lines += ["", f"Co-authored-by: {login} <{author_id}+{login}@users.noreply.github.com>"]
    return "\n".join(lines) + "\n"
