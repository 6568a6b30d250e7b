"""The JSON Schemas under schema/: the one source of structural rules.

Loads them once, answers "which JSON types may stand at this path" (to type YAML scalars), and
turns jsonschema errors into located French Issues.
"""
from __future__ import annotations

import json
import re
from functools import cached_property, lru_cache
from pathlib import Path

import fastjsonschema
from .issues import Issue, did_you_mean, fmt_path
from .load import Document

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schema"
# Absolute, stable ids: `$id` is SCHEMA_URN + file name, and `$ref`s cite the shared definitions as
# SCHEMA_URN + "common.schema.json#/$defs/…". A URN, not the published URL: the site's address
# depends on where it is deployed (no site_url), and an id that is never fetched cannot be
# hijacked or go stale. Each schema embeds the definitions it cites (scripts/sync_schemas.py),
# so that a validator resolves every $ref in the one file it is given, from any folder.
SCHEMA_URN = "urn:e-mallette:schema:"
COMMON = "common.schema.json"

_TYPE_FR = {
    "string": "un texte",
    "integer": "un nombre entier",
    "number": "un nombre",
    "boolean": "true ou false",
    "array": "une liste",
    "object": "un bloc de champs « clé: valeur »",
    "null": "vide",
}


def _describe(value) -> str:
    if value is None:
        return "une valeur vide"
    if isinstance(value, bool):
        return "un booléen"
    if isinstance(value, (int, float)):
        return f"le nombre {value}"
    if isinstance(value, list):
        return "une liste"
    if isinstance(value, dict):
        return "un bloc de champs"
    s = str(value)
    return f"le texte « {s if len(s) <= 40 else s[:40] + '…'} »"


def slugify(text: str) -> str:
    """A kebab-case id suggestion: 'Conseil de l’ESS' -> 'conseil-de-l-ess'."""
    import unicodedata

    s = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


class Schemas:
    """All schemas of the project, with compiled validators."""

    def __init__(self, directory: Path = SCHEMA_DIR):
        self.dir = directory
        self.docs: dict[str, dict] = {
            p.name: json.loads(p.read_text(encoding="utf-8")) for p in sorted(directory.glob("*.schema.json"))
        }
        # Fast yes/no check, compiled from the same schemas: valid files (nearly all of them)
        # skip jsonschema's slower walk, which only runs to explain a failure.
        self.fast = {name: fastjsonschema.compile(self._inline(doc, name), formats={"date": _is_date})
                     for name, doc in self.docs.items() if "properties" in doc}
        self._typing: dict[str, Typing] = {}
        defs = self.docs["common.schema.json"]["$defs"]
        self.patterns = {
            defs["id"]["pattern"]: "id",
            defs["label"]["pattern"]: "label",
            defs["date"]["pattern"]: "date",
            defs["url"]["pattern"]: "url",
        }

    @cached_property
    def validators(self) -> dict:
        """jsonschema validators, which explain why a file fails. Imported and built only when a
        file fails: a build of valid content does not pay for them."""
        from jsonschema import Draft202012Validator, FormatChecker
        from referencing import Registry, Resource

        registry = Registry().with_resources(
            (doc.get("$id", name), Resource.from_contents(doc)) for name, doc in self.docs.items()
        )
        return {
            name: Draft202012Validator(doc, registry=registry, format_checker=FormatChecker())
            for name, doc in self.docs.items()
        }

    def _inline(self, schema, file: str):
        """A copy with every $ref replaced by its target, for the fast validator.

        `{"$ref": X, ...}` becomes `{"allOf": [X], ...}`: in 2020-12 the keywords beside a $ref
        apply together with its target, and allOf keeps exactly that meaning.
        """
        if isinstance(schema, list):
            return [self._inline(x, file) for x in schema]
        if not isinstance(schema, dict):
            return schema
        out = {}
        for key, value in schema.items():
            if key in ("$schema", "$id", "$defs", "title", "description", "examples"):
                continue
            if key == "$ref":
                node, target_file = self.target(value, file)
                out.setdefault("allOf", []).append(self._inline(node, target_file))
            elif key == "properties":
                out[key] = {k: self._inline(v, file) for k, v in value.items()}
            else:
                out[key] = self._inline(value, file)
        return out

    # --- navigation -----------------------------------------------------------------
    def target(self, ref: str, file: str) -> tuple[dict, str]:
        """What a `$ref` written in `file` points to, and the file it lies in. The one place that
        resolves references: the validator, the form and the reference pages all go through it."""
        target_file, _, pointer = ref.partition("#")
        target_file = file_of(target_file) or file
        node = self.docs[target_file]
        for part in filter(None, pointer.split("/")):
            node = node[part]
        return node, target_file

    def _deref(self, schema: dict, file: str) -> list[tuple[dict, str]]:
        """The schema and everything its $ref / allOf / anyOf / oneOf point to."""
        out = [(schema, file)]
        ref = schema.get("$ref")
        if ref:
            out += self._deref(*self.target(ref, file))
        for key in ("allOf", "anyOf", "oneOf"):
            for sub in schema.get(key, []):
                out += self._deref(sub, file)
        return out

    @lru_cache(maxsize=None)
    def _at(self, file: str, path: tuple) -> tuple[tuple[dict, str], ...]:
        """Schemas that apply at a path of a document (list indexes written as 0)."""
        current = [(self.docs[file], file)]
        for part in path:
            nxt = []
            for schema, f in current:
                for s, sf in self._deref(schema, f):
                    if isinstance(part, int):
                        if "items" in s and isinstance(s["items"], dict):
                            nxt.append((s["items"], sf))
                    elif part in s.get("properties", {}):
                        nxt.append((s["properties"][part], sf))
            current = nxt
        return tuple(x for schema, f in current for x in self._deref(schema, f))

    def types_at(self, file: str, path: tuple) -> frozenset[str]:
        return self._types_at(file, tuple(0 if isinstance(p, int) else p for p in path))

    def typing(self, file: str) -> Typing:
        """The root of a file's typing tree (see Typing), built once per schema file."""
        if file not in self._typing:
            self._typing[file] = Typing(self, file, ())
        return self._typing[file]

    @lru_cache(maxsize=None)
    def _types_at(self, file: str, norm: tuple) -> frozenset[str]:
        types: set[str] = set()
        for s, _ in self._at(file, norm):
            t = s.get("type")
            if isinstance(t, str):
                types.add(t)
            elif isinstance(t, list):
                types.update(t)
        return frozenset(types)

    def first(self, file: str, path: tuple, key: str):
        """The first value of a keyword (title, description…) at a path."""
        norm = tuple(0 if isinstance(p, int) else p for p in path)
        for s, _ in self._at(file, norm):
            if key in s:
                return s[key]
        return None

    def properties(self, file: str, path: tuple) -> list[str]:
        norm = tuple(0 if isinstance(p, int) else p for p in path)
        names: list[str] = []
        for s, _ in self._at(file, norm):
            names += [k for k in s.get("properties", {}) if k not in names]
        return names

    # --- validation -----------------------------------------------------------------
    def validate(self, file: str, data, doc: Document) -> list[Issue]:
        try:
            self.fast[file](data)
            return []
        except fastjsonschema.JsonSchemaException:
            pass  # explain every problem, located, with the full validator
        issues: list[Issue] = []
        seen: set = set()
        for err in self.validators[file].iter_errors(data):
            for issue in self._translate(file, err, doc):
                k = (issue.line, issue.col, issue.code, issue.message)
                if k not in seen:
                    seen.add(k)
                    issues.append(issue)
        return issues

    def _translate(self, file: str, err, doc: Document) -> list[Issue]:
        path = tuple(err.absolute_path)
        where = fmt_path(path) or "racine"
        kw, inst, val = err.validator, err.instance, err.validator_value
        line, col = doc.where(path)
        label = self.first(file, path, "title")
        about = f" ({label})" if label and path else ""

        def mk(code, msg, hint=""):
            return Issue(doc.path, line, col, code, msg, hint)

        if kw == "required" and isinstance(inst, dict):
            return [
                mk("champ-requis",
                   f"{where} : le champ « {name} » est obligatoire" + (f" ({t})." if (t := self.first(file, path + (name,), "title")) else "."),
                   self._hint_for(file, path + (name,), f"Ajoutez une ligne « {name}: … ».")) for name in val if name not in inst
            ]
        if kw == "additionalProperties" and isinstance(inst, dict):
            allowed = self.properties(file, path)
            out = []
            for name in inst:
                if name in allowed:
                    continue
                kl, kc = doc.where(path + (name,), key=True)
                out.append(Issue(doc.path, kl, kc, "champ-inconnu",
                                 f"{where} : « {name} » n'est pas un champ connu.",
                                 did_you_mean(name, allowed) or "Supprimez cette ligne."))
            return out
        if kw == "type":
            expected = val if isinstance(val, list) else [val]
            exp = " ou ".join(_TYPE_FR.get(t, t) for t in expected)
            hint = ""
            if inst is None:
                return [mk("valeur-vide", f"{where}{about} est vide : il faut {exp}.",
                           "Donnez une valeur, ou supprimez la ligne si le champ est facultatif.")]
            if isinstance(inst, str) and {"integer", "number"} & set(expected):
                hint = "Écrivez le nombre sans guillemets ni espaces, avec un point décimal : 45.5416."
            elif isinstance(inst, str) and "boolean" in expected:
                hint = "Écrivez true ou false (sans guillemets)."
            elif isinstance(inst, dict) and "string" in expected:
                hint = "Le texte contient sans doute « : » : mettez-le entre guillemets."
            elif "array" in expected:
                hint = "Écrivez une liste : [a, b] ou une ligne « - a » par élément."
            return [mk("type-invalide", f"{where}{about} doit être {exp}, pas {_describe(inst)}.", hint)]
        if kw == "enum":
            return [mk("valeur-invalide", f"{where} : « {inst} » n'est pas une valeur permise{about}.",
                       did_you_mean(str(inst), [str(v) for v in val]))]
        if kw in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
            lo, hi = err.schema.get("minimum"), err.schema.get("maximum")
            bounds = f"entre {lo} et {hi}" if lo is not None and hi is not None else (
                f"au moins {lo}" if lo is not None else f"au plus {hi}")
            return [mk("valeur-hors-limites", f"{where} : {inst} est hors limites{about} ; attendu : {bounds}.",
                       "Vérifiez la valeur (latitude et longitude ne sont-elles pas inversées ?)"
                       if path and path[-1] in ("lat", "lon") else "")]
        if kw == "maxLength":
            return [mk("texte-trop-long", f"{where}{about} fait {len(inst)} caractères ; {val} au plus.",
                       "Raccourcissez le texte.")]
        if kw == "minLength":
            return [mk("valeur-vide", f"{where}{about} est vide.", "Écrivez un texte, ou supprimez la ligne.")]
        if kw == "minItems":
            return [mk("liste-vide", f"{where}{about} doit contenir au moins {val} élément{'s' if val > 1 else ''}.",
                       self._hint_for(file, path, ""))]
        if kw == "uniqueItems":
            return [mk("entree-dupliquee", f"{where}{about} contient deux fois la même valeur.",
                       "Supprimez le doublon.")]
        if kw == "pattern":
            kind = self.patterns.get(val)
            if kind == "id":
                sug = slugify(str(inst))
                return [mk("id-invalide",
                           f"{where} : « {inst} » n'est pas un identifiant valide : minuscules sans accent, chiffres et tirets simples.",
                           f"Vouliez-vous dire « {sug} » ?" if sug and sug != inst else "Exemple : « mon-cas ».")]
            if kind == "label":
                return [mk("format-invalide", f"{where}{about} doit tenir sur une seule ligne.",
                           "Supprimez les retours à la ligne.")]
            if kind == "date":
                return [mk("date-invalide", f"{where} : « {inst} » n'est pas une date au format AAAA-MM-JJ.",
                           "Exemple : \"2014-07-31\", entre guillemets.")]
            if kind == "url":
                return [mk("url-invalide", f"{where} : « {inst} » n'est pas une adresse web valide.",
                           "Écrivez l'adresse complète, commençant par https://.")]
            return [mk("format-invalide", f"{where}{about} : « {inst} » n'a pas le format attendu.",
                       self._hint_for(file, path, ""))]
        if kw == "format" and val == "date":
            return [mk("date-invalide", f"{where} : « {inst} » n'est pas une date qui existe.",
                       "Vérifiez le jour et le mois (format AAAA-MM-JJ).")]
        return [mk("schema", f"{where} : valeur refusée par le schéma ({err.message}).", "")]

    def _hint_for(self, file: str, path: tuple, default: str) -> str:
        desc = self.first(file, path, "description")
        return f"{default} {desc}".strip() if desc else default


_NOT_TEXT = frozenset({"integer", "number", "boolean"})


class Typing(dict):
    """The JSON types allowed at one path of a schema; as a dict, the same for its children.

    The loader walks this tree alongside the YAML it reads, so typing a scalar costs a dict
    lookup (`typing[key]`, and `typing[0]` for a list's items) instead of resolving its path
    from the schema root, tens of thousands of times per build. Children are made on first use.
    """

    __slots__ = ("types", "typed", "_schemas", "_file", "_path", "_known")

    def __init__(self, schemas: Schemas, file: str, path: tuple):
        super().__init__()
        self._schemas, self._file, self._path = schemas, file, path
        self.types = schemas._types_at(file, path)
        self.typed = bool(self.types & _NOT_TEXT)  # False: every scalar here stays a string
        self._known = bool(schemas._at(file, path))  # False: nothing below is in the schema

    def __missing__(self, key) -> Typing:
        if not self._known:  # no schema below: no node per contributor key
            return self
        node = self[key] = Typing(self._schemas, self._file, self._path + (key,))
        return node


def file_of(uri: str) -> str:
    """'urn:e-mallette:schema:common.schema.json' (or 'common.schema.json') -> 'common.schema.json'."""
    return uri[len(SCHEMA_URN):] if uri.startswith(SCHEMA_URN) else uri


def _is_date(value: str) -> bool:
    from datetime import date

    try:
        date.fromisoformat(value)
        return True
    except ValueError:
        return False


class SchemaCache:
    """`make serve`: the compiled schemas of the previous rebuild, kept while the schema files'
    bytes do not change (compiling the validators took about 0.1 s of every rebuild)."""

    def __init__(self, directory: Path = SCHEMA_DIR):
        self.dir = Path(directory)
        self._key, self._schemas = "", None

    def get(self) -> Schemas:
        from .digest import folder_digest

        key = folder_digest(self.dir)
        if self._schemas is None or key != self._key:
            self._key, self._schemas = key, Schemas(self.dir)
        return self._schemas


@lru_cache(maxsize=1)
def default_schemas() -> Schemas:
    return Schemas()
