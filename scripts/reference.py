#!/usr/bin/env python3
"""Generate the contributor reference from what cannot drift: the schemas and the test fixtures.

    docs/reference-champs.md    every field of every content file, from schema/*.schema.json
    docs/reference-messages.md  every message code of the validator, with the example its test
                                fixture gives (tests/fixtures/invalid, avertissements, hostile/refuses)

`python scripts/reference.py` writes both files; `--check` writes nothing and exits 1 when they
are out of date (tests/test_reference.py runs it: a new field or a new code without an updated
reference fails the tests). Never touches content/.
"""
from __future__ import annotations

import argparse
import os
import json
import re
import shutil
import sys
import tempfile
from pathlib import Path

from mallette.completeness import RECOMMENDATIONS
from mallette.content import LoadCache
from mallette.copies import SOURCES_ENV
from mallette.issues import ERROR
from mallette.model import validate
from mallette.schema import Schemas

ROOT = Path(__file__).resolve().parent.parent

SCHEMA_DIR = ROOT / "schema"
FIXTURES = ROOT / "tests" / "fixtures"
FIELDS_DOC = ROOT / "docs" / "reference-champs.md"
MESSAGES_DOC = ROOT / "docs" / "reference-messages.md"
# Fixture folders (relative to FIXTURES) whose files sit, as is, under content/.
FIXTURE_SETS = ("invalid", "avertissements", "hostile/refuses")
EXPECT = re.compile(rb"attendu: ([a-z0-9-]+) (\d+)")
# Files too big to keep in the repository: written for the example, then removed.
SYNTHETIC = {"cases/fichier-enorme.yaml": ("fichier-trop-gros", 0, lambda: 'id: fichier-enorme\nsummary: "' + "x" * (1024 * 1024) + '"\n')}
# Codes no file can show here, and why (listed in the reference without an example).
NO_FIXTURE = {
    "fichier-illisible": "le fichier existe mais ne peut pas être lu (droits d'accès, fichier verrouillé) : "
                         "le message donne la raison du système.",
    "guide-inconnu": "un identifiant de guide inconnu, quand un champ renvoie à un guide.",
}

# One section per kind of file, in the order a contributor meets them.
SCHEMA_SECTIONS = [
    ("case.schema.json", "Un cas", "content/cases/<id>.yaml"),
    ("resource.schema.json", "Une ressource", "content/resources/<id>.yaml"),
    ("legal.schema.json", "Un texte juridique", "content/legal/<id>.yaml"),
    ("guide.schema.json", "Un guide (en-tête)", "content/guides/<id>.md, entre deux lignes « --- »"),
    ("glossary.schema.json", "Le glossaire", "content/glossary.yaml"),
    ("condition.schema.json", "Une condition de réussite", "content/taxonomy/conditions/<id>.yaml"),
    ("stage.schema.json", "Une étape", "content/taxonomy/stages/<id>.yaml"),
    ("mode.schema.json", "Un mode de participation", "content/taxonomy/modes/<id>.yaml"),
    ("sector.schema.json", "Un secteur", "content/taxonomy/sectors/<id>.yaml"),
    ("actor-type.schema.json", "Un type d'acteur", "content/taxonomy/actor-types/<id>.yaml"),
]


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


# --- fields ---------------------------------------------------------------------------------

def _layers(node: dict, file: str, schemas: Schemas):
    """(node, its file), then what its $ref points to, and so on: the first one saying a thing wins."""
    while True:
        yield node, file
        ref = node.get("$ref")
        if not ref:
            return
        node, file = schemas.target(ref, file)


def _first(layers: list[tuple[dict, str]], key: str):
    return next((n[key] for n, _ in layers if key in n), None)


def _shape(layers: list[tuple[dict, str]], schemas: Schemas) -> str:
    """« texte, 600 caractères au plus », « nombre entre -90 et 90 », « une valeur parmi … »."""
    kind = _first(layers, "type")
    enum = _first(layers, "enum")
    out = []
    if enum and len(enum) <= 12:
        out.append("une valeur parmi " + ", ".join(f"`{v}`" for v in enum))
    elif enum:
        out.append(f"une valeur parmi {len(enum)} codes")
    elif kind == "array":
        holder = next(((n, f) for n, f in layers if "items" in n), None)
        inner = list(_layers(holder[0]["items"], holder[1], schemas)) if holder else []
        what = "objets" if _first(inner, "type") == "object" else (_first(inner, "title") or "valeurs").lower()
        n = _first(layers, "minItems")
        out.append(f"liste ({what})" + (f", {n} au moins" if n else ""))
    elif kind == "object":
        out.append("objet")
    elif kind in ("integer", "number"):
        lo, hi = _first(layers, "minimum"), _first(layers, "maximum")
        out.append(("entier" if kind == "integer" else "nombre") + (f" entre {lo} et {hi}" if lo is not None else ""))
    elif kind == "boolean":
        out.append("`true` ou `false`")
    elif kind == "string":
        title = (_first(layers[1:], "title") or "texte").lower()
        cap = _first(layers, "maxLength")
        out.append(title + (f", {cap} caractères au plus" if cap else ""))
    return "; ".join(out)


def _example(layers: list[dict]) -> str:
    examples = _first(layers, "examples")
    if not examples:
        return ""
    value = examples[0]
    if isinstance(value, (dict, list)) and len(json.dumps(value, ensure_ascii=False)) > 80:
        return ""
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
    return f"`{text[:80]}`" if "`" not in text else _cell(text[:80])


def field_rows(file: str, schemas: Schemas) -> list[tuple[str, bool, str, str, str]]:
    """(path, required, description, shape, example) for every property, depth first."""
    rows = []

    def walk(node: dict, f: str, path: str, depth: int = 0):
        layers = list(_layers(node, f, schemas))
        required = {name for n, _ in layers for name in n.get("required", [])}
        seen = set()
        for n, nf in layers:
            for name, sub in n.get("properties", {}).items():
                if name in seen:
                    continue
                seen.add(name)
                child = f"{path}.{name}" if path else name
                sub_layers = list(_layers(sub, nf, schemas))
                desc = _first(sub_layers, "description") or _first(sub_layers, "title") or ""
                rows.append((child, name in required, desc, _shape(sub_layers, schemas), _example(sub_layers)))
                walk(sub, nf, child, depth + 1)
        holder = next(((n, nf) for n, nf in layers if isinstance(n.get("items"), dict)), None)
        if holder and depth < 20:
            walk(holder[0]["items"], holder[1], path + "[]", depth + 1)

    walk(schemas.docs[file], file, "")
    return rows


def fields_doc() -> str:
    schemas = Schemas(SCHEMA_DIR)
    recommended = {r.field for r in RECOMMENDATIONS}
    out = ["<!-- Généré par scripts/reference.py à partir de schema/*.schema.json : ne pas modifier à la main. -->",
           "# Référence : tous les champs", "",
           "Chaque fichier de `content/` est vérifié par son schéma (dossier `schema/`). Cette page en est tirée : "
           "elle est toujours à jour. « Obligatoire » : le validateur refuse le fichier sans ce champ ; "
           "« recommandé » : il le signale par un avertissement, et la page du cas dit qu'il manque.",
           "", "Pour écrire un cas pas à pas : [CONTRIBUTING.md](../CONTRIBUTING.md). "
           "Les messages du validateur : [reference-messages.md](reference-messages.md).", ""]
    for file, title, where in SCHEMA_SECTIONS:
        out += [f"## {title}", "", f"Fichier : `{where}` ; schéma : `schema/{file}`.", "",
                "| Champ | Obligatoire | Description | Forme | Exemple |", "| --- | --- | --- | --- | --- |"]
        for path, required, desc, shape, example in field_rows(file, schemas):
            need = "oui" if required else ("non, recommandé" if file == "case.schema.json" and path in recommended else "non")
            out.append(f"| `{path}` | {need} | {_cell(desc)} | {shape} | {example} |")
        out.append("")
    return "\n".join(out)


# --- messages -------------------------------------------------------------------------------

def expectations(folder: Path):
    """(path under folder, code, line) of every fixture: its `# attendu:` comment, or attendu.txt."""
    side = {}
    if (folder / "attendu.txt").exists():
        for line in (folder / "attendu.txt").read_text(encoding="utf-8").splitlines():
            rel, code, ln = line.split()
            side[rel] = (code, int(ln))
    for path in sorted(folder.rglob("*")):
        if path.is_dir() or path.name == "attendu.txt":
            continue
        rel = path.relative_to(folder).as_posix()
        m = EXPECT.search(path.read_bytes()[:200])
        code, line = (m.group(1).decode(), int(m.group(2))) if m else side[rel]
        yield rel, code, line


def examples() -> dict[str, dict]:
    """code -> {level, fixture, line, source line, message} from the first fixture that tests it."""
    found: dict[str, dict] = {}
    schemas = Schemas()
    # The content is parsed once: each validation below parses only the example file it adds
    # (the checks across files still run every time).
    loads = LoadCache()
    # The copy check's example compares with the tests' fictitious source text, wherever it runs.
    os.environ[SOURCES_ENV] = str(FIXTURES / "sources")
    with tempfile.TemporaryDirectory(prefix="mallette-reference-") as tmp:
        project = Path(tmp)
        shutil.copytree(ROOT / "content", project / "content")
        jobs = [(folder, rel, code, line) for folder in FIXTURE_SETS for rel, code, line in expectations(FIXTURES / folder)]
        jobs += [(None, rel, code, line) for rel, (code, line, _) in SYNTHETIC.items()]
        for folder, rel, code, line in jobs:
            target = project / "content" / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            src = FIXTURES / folder / rel if folder else None
            if src is None:
                target.write_text(SYNTHETIC[rel][2](), encoding="utf-8")
            else:
                shutil.copy(src, target)
            try:
                _, report = validate(project, schemas, loads)
            finally:
                target.unlink()
            issue = next((i for i in report.issues
                          if i.code == code and i.line == line and i.path == f"content/{rel}"), None)
            if issue is None or code in found:
                continue
            lines = src.read_bytes().decode("utf-8", errors="replace").splitlines() if src else []
            found[code] = {"level": issue.level,
                           "fixture": f"tests/fixtures/{folder}/{rel}" if src else "un fichier de plus de 1 Mo",
                           "source": lines[line - 1] if 0 < line <= len(lines) else "",
                           "text": issue.text()}
    return found


def messages_doc(found: dict[str, dict] | None = None) -> str:
    found = examples() if found is None else found
    errors = sorted(c for c, e in found.items() if e["level"] == ERROR)
    warnings = sorted(c for c, e in found.items() if e["level"] != ERROR)
    out = ["<!-- Généré par scripts/reference.py à partir des fichiers d'exemple des tests : ne pas modifier à la main. -->",
           "# Référence : les messages du validateur", "",
           "`make validate` lit tout `content/` et affiche un message par problème : le fichier, la ligne, "
           "la colonne, le niveau, un code entre crochets, ce qui ne va pas et comment le corriger.", "",
           "- **erreur** : le site n'est pas publié tant qu'elle reste (`make validate` se termine en échec) ;",
           "- **avertissement** : une recommandation ; le site est publié, le message reste affiché "
           "(`make validate --strict`, ou `scripts/validate.py --strict`, en fait des erreurs).", "",
           "Chaque exemple ci-dessous est le vrai message, produit par le fichier d'exemple qui le teste.", "",
           f"Erreurs : {', '.join(f'[`{c}`](#{c})' for c in errors)}.", "",
           f"Avertissements : {', '.join(f'[`{c}`](#{c})' for c in warnings)}.", ""]
    out += [f"Sans exemple : {', '.join(f'[`{c}`](#{c})' for c in sorted(NO_FIXTURE))}.", ""]
    for title, codes in (("Erreurs", errors), ("Avertissements", warnings)):
        out += [f"## {title}", ""]
        for code in codes:
            e = found[code]
            out += [f"### {code}", "",
                    f"Exemple (`{e['fixture']}`) :", "", "```text", e["source"].rstrip() or "(fichier entier)",
                    "```", "", "Message :", "", "```text", e["text"], "```", ""]
    out += ["## Sans exemple", ""]
    for code, why in sorted(NO_FIXTURE.items()):
        out += [f"### {code}", "", f"Erreur : {why}", ""]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="reference.py", description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="ne rien écrire ; code 1 si la référence n'est pas à jour")
    args = parser.parse_args(argv)
    stale = []
    for path, text in ((FIELDS_DOC, fields_doc()), (MESSAGES_DOC, messages_doc())):
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        if args.check:
            stale.append(path.relative_to(ROOT).as_posix())
        else:
            path.parent.mkdir(exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"écrit : {path.relative_to(ROOT).as_posix()}")
    if stale:
        print("Référence pas à jour : " + ", ".join(stale) + ". Lancez « python scripts/reference.py ».",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
