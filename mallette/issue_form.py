"""The GitHub issue form « Proposer un cas », and the case it becomes.

`issue_template()` writes .github/ISSUE_TEMPLATE/proposer-un-cas.yml from the same walk of the
schema as the site's form (mallette/form.py): one element per field, the schema's titles and
descriptions, the taxonomies as dropdown options « Nom (id) ». A test keeps the committed file
equal to it, so the two never drift.

`parse_issue()` reads an issue body in GitHub's issue-form format (`### Label`, a blank line, the
answer; `_No response_` when left empty) back into a case. Lists of objects (conditions,
instruments…) are typed one item per line, their fields separated by « | ». Nothing of the body
is ever executed or interpreted beyond this parsing: the case is then judged by the real
validator (mallette/proposal.py).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from .form import Field, case_fields
from .model import KnowledgeBase
from .schema import Schemas, slugify

TEMPLATE_PATH = ".github/ISSUE_TEMPLATE/proposer-un-cas.yml"
LABEL = "nouveau cas"  # the workflow .github/workflows/issue-to-pr.yml acts on issues with it
NO_RESPONSE = "_No response_"
SEPARATOR = "|"
# Fields the issue form may leave empty although the file needs them: derived from another.
DERIVED = {"id": "title"}
# Beyond this many choices a dropdown is unusable (countries): the value is typed instead.
MAX_OPTIONS = 60
# Only the taxonomies, kept by the team, are listed in the form. Resources, legal texts and cases
# are added by contributors: listed here, each addition would change this file. They are typed
# (identifier or exact title), with the page of the site that lists them.
LISTED = {"condition", "stage", "mode", "sector", "actor-type"}
SITE_LIST = {"resource": "« Ressources »", "legal": "« Textes juridiques »", "case": "« Cas »"}
TRUE_WORDS = {"oui", "vrai", "true", "environ", "x"}
FALSE_WORDS = {"non", "faux", "false"}

INTRO = (
    "Merci de proposer un cas ! Un robot vérifie vos réponses dès l'envoi du ticket : si tout est valide, "
    "il ouvre une *pull request* à votre nom, que l'équipe relira ; sinon, il vous répond ici, champ par champ. "
    "Modifiez alors le ticket : il vérifie de nouveau.\n\n"
    "**Règles** : chaque fait vient d'une source que vous indiquez ; écrivez avec vos mots ; une citation tient "
    "en une phrase au plus, exacte et attribuée ; n'inventez jamais une date, un chiffre, un nom ou une adresse. "
    "Laissez vide ce que vos sources ne disent pas. Si votre source manque dans la liste « Sources », "
    "décrivez-la dans un commentaire du ticket (titre, auteur, année, adresse) : l'équipe l'ajoutera, "
    "puis vous pourrez la choisir en modifiant le ticket. "
    "Le guide complet : CONTRIBUTING.md, à la racine du dépôt.\n"
)
ENGAGEMENTS_LABEL = "Engagements"  # checkboxes that are not case fields: their answer is not read
ENGAGEMENTS = [
    "Les faits de cette proposition viennent des sources indiquées ; je n'ai rien inventé.",
    "Les citations sont exactes, attribuées et tiennent en une phrase au plus.",
]


@dataclass
class Element:
    """One question of the issue form, bound to one field of the case (or one list of them)."""

    id: str  # GitHub element id: the schema path, "." -> "-"
    field: Field
    type: str  # input, textarea, dropdown
    label: str
    description: str
    required: bool
    multiple: bool = False
    options: list = field(default_factory=list)  # dropdown: « Nom (id) » strings, choices' order
    placeholder: str = ""


def _option(value: str, label: str) -> str:
    return f"{' '.join(label.split())} ({value})"


def _choices_text(f: Field) -> str:
    return ", ".join(f"{v} ({' '.join(lbl.split())})" for v, lbl in f.choices)


def elements(schemas: Schemas, kb: KnowledgeBase) -> list[Element]:
    """The questions, in the site form's order (required fields first)."""
    out: list[Element] = []

    def add(f: Field):
        eid = f.path.replace(".", "-").replace("_", "-")
        required = f.required and f.path not in DERIVED
        desc = f.description
        if f.path in DERIVED:
            desc = f"Facultatif : tiré du titre si vous le laissez vide. {desc}".strip()
        if f.kind == "group":
            for c in f.fields:
                add(c)
            return
        if f.kind in ("select", "checkboxes") and f.reference and f.reference not in LISTED:
            where = SITE_LIST.get(f.reference, "du site")
            many = f.kind == "checkboxes"
            hint = (f"{'Un identifiant par ligne' if many else 'Son identifiant'} (ou le titre exact), "
                    f"tel que le donne la page {where} du site.")
            out.append(Element(eid, f, "textarea" if many else "input", f.title, f"{desc} {hint}".strip(), required,
                               placeholder=str(f.example[0] if isinstance(f.example, list) else f.example or "")))
            return
        if f.kind in ("select", "checkboxes") and len(f.choices) <= MAX_OPTIONS:
            out.append(Element(eid, f, "dropdown", f.title, desc, required, f.kind == "checkboxes",
                               [_option(v, lbl) for v, lbl in f.choices]))
            return
        if f.kind == "select":  # too many choices to list: the code is typed
            example = f.example if f.example is not None else f.choices[0][0]
            out.append(Element(eid, f, "input", f.title, f"{desc} Exemple : {example}.".strip(), required,
                               placeholder=str(example)))
            return
        if f.kind == "list":
            if len(f.fields) == 1 and f.fields[0].name == f.name:
                item = f.fields[0]
                hint = "Un élément par ligne."
                if item.choices or item.reference:
                    hint += " Écrivez les identifiants."
                out.append(Element(eid, f, "textarea", f.title, f"{desc} {hint}".strip(), required))
                return
            columns = " | ".join(c.title + ("" if c.required else " (facultatif)") for c in f.fields)
            hint = f"Un élément par ligne, ses parties séparées par « | » : {columns}."
            for c in f.fields:
                if c.choices and c.reference in LISTED:
                    hint += f" {c.title} : l'un de ces identifiants (ou son nom) : {_choices_text(c)}."
                elif c.reference:
                    hint += f" {c.title} : un identifiant (ou le titre exact), tel que le donne la page {SITE_LIST.get(c.reference, 'du site')} du site."
                elif c.kind == "boolean":
                    hint += f" {c.title} : « oui » ou rien."
            example = " | ".join(_example(c) for c in f.fields)
            out.append(Element(eid, f, "textarea", f.title, f"{desc} {hint}".strip(), required, placeholder=example))
            return
        kind = "textarea" if f.kind == "textarea" else "input"
        placeholder = "" if f.example is None else str(f.example)
        out.append(Element(eid, f, kind, f.title, desc, required, placeholder=placeholder))

    for f in case_fields(schemas, kb).fields:
        add(f)
    return out


def _example(f: Field) -> str:
    if f.kind == "boolean":
        return "oui"
    if f.example is not None:
        return str(f.example)
    return f.choices[0][0] if f.choices else "…"


def _y(value: str) -> str:
    """A YAML scalar in double quotes (a JSON string)."""
    return json.dumps(value, ensure_ascii=False)


def issue_template(schemas: Schemas, kb: KnowledgeBase) -> str:
    """The text of .github/ISSUE_TEMPLATE/proposer-un-cas.yml (deterministic)."""
    lines = [
        "# GENERATED by scripts/issue_to_case.py --template from schema/case.schema.json and content/taxonomy/:",
        "# do not edit by hand (tests/test_issue_to_case.py checks it is up to date). Each element id is",
        "# the schema path of its field; .github/workflows/issue-to-pr.yml turns the answers into a case.",
        f"name: {_y('Proposer un cas')}",
        f"description: {_y('Proposez une démarche de co-construction à ajouter à la e-mallette, sans passer par git.')}",
        f"title: {_y('Nouveau cas : ')}",
        f"labels: [{_y(LABEL)}]",
        "body:",
        "  - type: markdown",
        "    attributes:",
        f"      value: {_y(INTRO)}",
    ]
    for e in elements(schemas, kb):
        lines += ["", f"  - type: {e.type}", f"    id: {e.id}", "    attributes:",
                  f"      label: {_y(e.label)}", f"      description: {_y(e.description)}"]
        if e.type == "dropdown":
            if e.multiple:
                lines.append("      multiple: true")
            lines.append("      options:")
            lines += [f"        - {_y(o)}" for o in e.options]
        elif e.placeholder:
            lines.append(f"      placeholder: {_y(e.placeholder)}")
        lines += ["    validations:", f"      required: {'true' if e.required else 'false'}"]
    lines += ["", "  - type: checkboxes", "    id: engagements", "    attributes:",
              f"      label: {_y(ENGAGEMENTS_LABEL)}", "      options:"]
    for text in ENGAGEMENTS:
        lines += [f"        - label: {_y(text)}", "          required: true"]
    return "\n".join(lines) + "\n"


# --- reading an issue body back ---------------------------------------------------------------

@dataclass
class Problem:
    label: str  # the question of the form it concerns ("" for the whole proposal)
    message: str  # French


def sections(body: str, labels: list[str]) -> dict[str, str]:
    """label -> answer. Headings are looked for in the form's order, each after the previous one,
    so that an answer quoting a « ### » line cannot take the place of an earlier question."""
    text = body.replace("\r\n", "\n").replace("\r", "\n")
    out, pos = {}, 0
    spans = []
    for label in labels:
        m = re.compile(rf"^###[ \t]+{re.escape(label)}[ \t]*$", re.M).search(text, pos)
        if m:
            spans.append((label, m.start(), m.end()))
            pos = m.end()
    for i, (label, _start, end) in enumerate(spans):
        stop = spans[i + 1][1] if i + 1 < len(spans) else len(text)
        value = text[end:stop].strip("\n").strip()
        out[label] = "" if value in (NO_RESPONSE, "None") else value  # "None": an unset dropdown
    return out


def _number(raw: str, integer: bool):
    s = re.sub(r"[\s\u00a0\u202f]", "", raw).replace(",", ".")
    if integer:
        return int(s) if re.fullmatch(r"[-+]?\d+", s) else None
    if not re.fullmatch(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?", s):
        return None
    n = float(s)
    return int(n) if re.fullmatch(r"[-+]?\d+", s) else n


def _scalar(f: Field, raw: str, where: str, problems: list[Problem], prefix: str = ""):
    """A typed value from text, or None (empty, or refused with a problem)."""
    raw = raw.strip()
    if not raw:
        return None
    if f.kind in ("number", "integer"):
        n = _number(raw, f.kind == "integer")
        if n is None:
            what = "un nombre entier" if f.kind == "integer" else "un nombre (point ou virgule décimale)"
            problems.append(Problem(where, f"{prefix}« {raw[:60]} » n'est pas {what}."))
        return n
    if f.kind == "boolean":
        word = raw.lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return None
        problems.append(Problem(where, f"{prefix}{f.title} : « {raw[:60]} » : écrivez « oui » ou laissez vide."))
        return None
    if f.kind == "select" and f.choices:
        for value, label in f.choices:  # the id, « Nom (id) », or the name alone, in any case
            if raw.lower() in (value.lower(), _option(value, label).lower(), " ".join(label.split()).lower()):
                return value
        return raw  # the validator names the allowed values
    if f.kind == "textarea":
        return raw
    return " ".join(raw.split()) if f.pattern_kind == "label" else raw


def _dropdown(e: Element, raw: str, problems: list[Problem]) -> list[str]:
    """« A (a), B (b) » -> [a, b]: options are matched whole, so a comma inside a name is fine."""
    by_text = {o: v for o, (v, _label) in zip(e.options, e.field.choices)}
    parts, out, current = raw.split(", "), [], ""
    for part in parts:
        current = f"{current}, {part}" if current else part
        if current.strip() in by_text:
            out.append(by_text[current.strip()])
            current = ""
    if current.strip():
        problems.append(Problem(e.label, f"« {current.strip()[:80]} » n'est pas l'une des valeurs proposées."))
    return out


def parse_issue(body: str, schemas: Schemas, kb: KnowledgeBase) -> tuple[dict, list[Problem], dict]:
    """The case an issue body describes, the problems met while reading it, and for each list
    the line of the answer each item came from ({path: [line, …]}: messages name that line)."""
    els = elements(schemas, kb)
    answers = sections(body, [e.label for e in els] + [ENGAGEMENTS_LABEL])
    problems: list[Problem] = []
    case: dict = {}
    lines_of: dict[str, list[int]] = {}

    def put(path: str, value):
        parts = path.split(".")
        node = case
        for p in parts[:-1]:
            node = node.setdefault(p, {})
        node[parts[-1]] = value

    for e in els:
        raw = answers.get(e.label, "")
        f = e.field
        if not raw.strip():
            continue
        if e.type == "textarea" and f.kind == "checkboxes":  # typed identifiers, one per line
            item = f.fields[0]
            values = []
            for line in raw.split("\n"):
                text = re.sub(r"^\s*(?:[-*•]|\d+[.)])\s+", "", line).strip()
                v = _scalar(item, text, e.label, problems) if text else None
                if v is not None:
                    values.append(v)
            if values:
                put(f.path, values)
        elif e.type == "dropdown" and f.kind == "checkboxes":
            values = _dropdown(e, raw, problems)
            if values:
                put(f.path, values)
        elif e.type == "dropdown":
            values = _dropdown(e, raw, problems)
            if values:
                put(f.path, values[0])
        elif f.kind == "list" and len(f.fields) == 1 and f.fields[0].name == f.name:
            values, numbers = [], []
            for n, line in enumerate(raw.split("\n"), 1):
                item = re.sub(r"^\s*(?:[-*•]|\d+[.)])\s+", "", line).strip()
                v = _scalar(f.fields[0], item, e.label, problems, f"ligne {n} : ") if item else None
                if v is not None:
                    values.append(v)
                    numbers.append(n)
            if values:
                put(f.path, values)
                lines_of[f.path] = numbers
        elif f.kind == "list":
            items, numbers = [], []
            for n, line in enumerate(raw.split("\n"), 1):
                line = re.sub(r"^\s*(?:[-*•]|\d+[.)])\s+", "", line).strip()
                if not line:
                    continue
                cells = [c.strip() for c in line.split(SEPARATOR)]
                if len(cells) > len(f.fields):
                    problems.append(Problem(e.label, f"ligne {n} : {len(cells)} parties séparées par « | », "
                                                     f"{len(f.fields)} au plus ({' | '.join(c.title for c in f.fields)})."))
                    continue
                item = {}
                for c, cell in zip(f.fields, cells):
                    v = _scalar(c, cell, e.label, problems, f"ligne {n} : ")
                    if v is not None:
                        item[c.name] = v
                items.append(item)
                numbers.append(n)
            if items:
                put(f.path, items)
                lines_of[f.path] = numbers
        else:
            v = _scalar(f, raw, e.label, problems)
            if v is not None:
                put(f.path, v)
    for derived, source in DERIVED.items():
        if derived not in case and isinstance(case.get(source), str):
            longest = next(e.field.rules.get("maxLength", 80) for e in els if e.field.path == derived)
            case[derived] = slugify(case[source])[:longest].strip("-")
    return case, problems, lines_of
