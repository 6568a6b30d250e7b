"""The case as a form: one walk of schema/case.schema.json that both contribution forms share.

The site's form (/contribuer/proposer-un-cas/, drawn by overrides/assets/javascripts/contribuer.js
from `formulaire.json`) and the GitHub issue form (mallette/issue_form.py) are both made from
`case_fields()`: titles, descriptions and limits come from the schema, choices from the
taxonomies of the content. Nothing here restates a rule: the limits the browser checks are the
schema's own keywords, copied; the validator stays the judge of the file produced.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from .model import KnowledgeBase, sort_key
from .refs import REFERENCES
from .labels import for_field
from .render import country_fr
from .schema import Schemas
from .text import BAD_SCHEME, HTML_TAG, MD_IMAGE, MD_LINK_TARGET, SAFE_TARGET, text_problems, typography

CASE_SCHEMA = "case.schema.json"
CASE_FOLDER = "content/cases"
# The first line of every case file, as scripts/new_case.py writes it: editors that read it
# complete and explain the fields.
SCHEMA_LINE = "# yaml-language-server: $schema=../../schema/case.schema.json"

# Fields a new case does not have: former ids belong to renamed cases, and `updated` marks a
# later revision.
NOT_FOR_NEW_CASES = ("aliases", "updated")
# References to cases are typed, not chosen from a list: a list of every case would grow with
# the site (20,000 cases, a megabyte of options).
TYPED_REFERENCES = ("case",)

# The schema keywords the browser checks as they are.
RULE_KEYWORDS = ("minLength", "maxLength", "pattern", "minimum", "maximum", "minItems", "maxItems", "uniqueItems")


@dataclass
class Field:
    name: str  # property name in the file
    path: str  # "territory.name", "conditions[].evidence": the notation of the validator's messages
    title: str
    description: str
    required: bool
    kind: str  # text, textarea, number, integer, boolean, select, checkboxes, group, list
    rules: dict = field(default_factory=dict)  # schema keywords, copied (RULE_KEYWORDS)
    choices: list = field(default_factory=list)  # [(value, label)] for select and checkboxes
    example: Any = None
    fields: list = field(default_factory=list)  # group: its fields; list: the fields of one item
    order: list = field(default_factory=list)  # group and list of objects: property order in the file
    reference: str = ""  # kind of content an id points to (refs.REFERENCES), if any
    pattern_kind: str = ""  # "id", "label", "date", "url" for the common patterns

    def as_json(self) -> dict:
        out = {"nom": self.name, "chemin": self.path, "titre": self.title, "description": self.description,
               "requis": self.required, "type": self.kind}
        if self.rules:
            out["regles"] = self.rules
        if self.pattern_kind:
            out["motif"] = self.pattern_kind
        if self.choices:
            out["choix"] = [list(c) for c in self.choices]
        if self.example is not None and not isinstance(self.example, (dict, list)):
            out["exemple"] = self.example
        if self.fields:
            out["champs"] = [f.as_json() for f in self.fields]
            out["ordre"] = self.order
        return out


class _Walker:
    def __init__(self, schemas: Schemas, kb: KnowledgeBase | None):
        self.schemas, self.kb = schemas, kb
        self.references = {path: kind for path, kind in REFERENCES["case"]}

    def resolve(self, node: dict, file: str) -> tuple[dict, str, str]:
        """A node merged with what its $ref points to (the node's own keywords win), its file, and
        the name of the common definition it uses ("country", "id"…), if any."""
        ref = node.get("$ref")
        if not ref:
            return node, file, ""
        target, target_file = self.schemas.target(ref, file)
        resolved, rfile, inner = self.resolve(target, target_file)
        pointer = ref.partition("#")[2]
        merged = {**resolved, **{k: v for k, v in node.items() if k != "$ref"}}
        return merged, rfile, pointer.rsplit("/", 1)[-1] or inner

    def choices(self, kind: str) -> list[tuple[str, str]]:
        if self.kb is None:
            return []
        return [(e.id, " ".join(str(e.get("name") or e.get("short_title") or e.get("title") or e.id).split()))
                for e in self.kb.all(kind)]

    def enum_choices(self, values: list, definition: str, file: str, path: str) -> list[tuple[str, str]]:
        if definition == "country":
            return sorted(((v, country_fr(v)) for v in values), key=lambda c: sort_key(c[1]))
        labels = for_field(file, path)
        if labels is not None:
            return [(v, labels[v][:1].upper() + labels[v][1:]) for v in values]
        return [(v, str(v)) for v in values]

    def field(self, name: str, node: dict, file: str, path: str, required: bool) -> Field:
        node, file, definition = self.resolve(node, file)
        example = (node.get("examples") or [None])[0]
        f = Field(name, path, node.get("title") or name, node.get("description", ""), required, "text",
                  example=example)
        f.rules = {k: node[k] for k in RULE_KEYWORDS if k in node}
        if "pattern" in node:
            f.pattern_kind = self.schemas.patterns.get(node["pattern"], "")
        kind = node.get("type")
        if kind == "object":
            f.kind = "group"
            f.fields, f.order = self.object_fields(node, file, path)
        elif kind == "array":
            item, ifile, _ = self.resolve(node["items"], file)
            reference = self.references.get(path + "[]")
            if reference and reference not in TYPED_REFERENCES:
                f.kind, f.reference, f.choices = "checkboxes", reference, self.choices(reference)
                f.fields = [self.field(name, item, ifile, path + "[]", True)]
            else:
                f.kind = "list"
                if item.get("type") == "object":
                    f.fields, f.order = self.object_fields(item, ifile, path + "[]")
                else:
                    f.fields = [self.field(name, item, ifile, path + "[]", True)]
                    f.fields[0].reference = reference or ""
        elif kind in ("number", "integer", "boolean"):
            f.kind = kind
        elif "enum" in node:
            f.kind, f.choices = "select", self.enum_choices(node["enum"], definition, file, path)
        elif (reference := self.references.get(path)) and reference not in TYPED_REFERENCES:
            f.kind, f.reference, f.choices = "select", reference, self.choices(reference)
        else:
            f.reference = self.references.get(path, "")
            # One line (label, id, url, date), or a text of several lines.
            f.kind = "text" if f.pattern_kind else "textarea"
        return f

    def object_fields(self, node: dict, file: str, path: str) -> tuple[list[Field], list[str]]:
        """The fields of an object, required ones first (schema order within each), and the
        schema order, which the file follows."""
        required = set(node.get("required", []))
        order = [n for n in node.get("properties", {}) if not (path == "" and n in NOT_FOR_NEW_CASES)]
        fields = [self.field(n, node["properties"][n], file, f"{path}.{n}" if path else n, n in required)
                  for n in order]
        fields.sort(key=lambda f: not f.required)  # stable: schema order within each half
        return fields, order


def case_fields(schemas: Schemas, kb: KnowledgeBase | None = None) -> Field:
    """The case schema as a tree of fields (a group); choices from kb's taxonomies when given."""
    doc = schemas.docs[CASE_SCHEMA]
    root = Field("", "", doc.get("title", ""), doc.get("description", ""), True, "group")
    root.fields, root.order = _Walker(schemas, kb).object_fields(doc, CASE_SCHEMA, "")
    return root


def _js_regex(regex: re.Pattern) -> dict:
    """A Python pattern for JavaScript's RegExp: the same syntax here, flags given apart."""
    return {"motif": regex.pattern.removeprefix("(?i)"), "drapeaux": "iu" if regex.flags & re.I else "u"}


def text_rules() -> list[dict]:
    """The validator's rules for every text of a file (mallette/text.py), for the browser.

    Messages are the validator's own: text_problems() on a sample, the quoted part marked {}."""
    def said(sample: str, quoted: str, code: str) -> dict:
        (msg, hint), = [(m, h) for c, m, h in text_problems(sample) if c == code]
        return {"code": code, "message": typography(f"Le texte {msg.replace(quoted, '{}', 1) if quoted else msg} {hint}")}

    return [
        {**said("<balise>", "<balise>", "html-interdit"), **_js_regex(HTML_TAG)},
        {**said("javascript:", "javascript:", "url-interdite"), **_js_regex(BAD_SCHEME)},
        {**said("![image](https://exemple.org)", "", "image-interdite"), **_js_regex(MD_IMAGE)},
        {**said("[lien](cible-exemple)", "cible-exemple", "lien-invalide"), **_js_regex(MD_LINK_TARGET),
         "cible_sure": _js_regex(SAFE_TARGET), "cible_interdite": _js_regex(BAD_SCHEME)},
    ]


def form_json(schemas: Schemas, kb: KnowledgeBase) -> bytes:
    """What contribuer.js needs to draw and check the form and write the file (deterministic)."""
    root = case_fields(schemas, kb)
    data = {
        "titre": root.title,
        "dossier": CASE_FOLDER,
        "entete": SCHEMA_LINE,
        "champs": [f.as_json() for f in root.fields],
        "textes": text_rules(),  # apply to every text and line of text
        "ordre": root.order,
    }
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
