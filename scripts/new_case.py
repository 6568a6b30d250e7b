#!/usr/bin/env python3
"""Start a new case: `make new-case` (questions) or `make new-case ARGS='--titre … --debut 2015'`.

Writes content/cases/<id>.yaml with the values given and clearly marked placeholders for the
required fields the contributor still has to write (summary, sectors, conditions, sources).

Placeholders never look finished: a text placeholder starts with « À COMPLÉTER », and every
id placeholder (sector, condition, source) is `a-completer`, which no taxonomy holds, tagged
with a trailing `# À COMPLÉTER` comment. The validator (`make validate`, `make serve`'s error
page, the pull-request check) reports each leftover mark (marque-a-completer), and an id
placeholder stays an unknown id once its mark is removed: a case is published only once it has
really been written.

Exit status: 0 file written, 1 the file or the id already exists, 2 usage error (bad value).
Never modifies any other file.
"""
from __future__ import annotations

import argparse
import json
import math
import re
import sys
import textwrap
from pathlib import Path

from mallette.content import KIND, load_yaml_file
from mallette.schema import Schemas, slugify
from mallette.text import text_problems

ROOT = Path(__file__).resolve().parent.parent

PLACEHOLDER = "À COMPLÉTER"
# Not an id of any taxonomy (checked in render()): left in place, it is an unknown id.
PLACEHOLDER_ID = "a-completer"
CASE_SCHEMA = "case.schema.json"


class UsageError(Exception):
    """A value the schema refuses, or missing input: exit 2."""


class Conflict(Exception):
    """The file or the id already exists: exit 1."""


# --- rules, all read from the schema ------------------------------------------------------

class Rules:
    def __init__(self, schemas: Schemas):
        case = schemas.docs[CASE_SCHEMA]
        common = schemas.docs["common.schema.json"]["$defs"]
        territory = case["properties"]["territory"]["properties"]
        self.levels: list[str] = territory["level"]["enum"]
        self.countries: list[str] = common["country"]["enum"]
        self.lat = (territory["lat"]["minimum"], territory["lat"]["maximum"])
        self.lon = (territory["lon"]["minimum"], territory["lon"]["maximum"])
        self.year = (common["year"]["minimum"], common["year"]["maximum"])
        self.label_max = common["label"]["maxLength"]
        self.id_re = re.compile(common["id"]["pattern"])
        self.id_max = common["id"]["maxLength"]
        self.summary_max = case["properties"]["summary"]["maxLength"]


def check_label(value: str, what: str, rules: Rules) -> str:
    value = value.strip()
    if not value:
        raise UsageError(f"{what} : la valeur est vide.")
    if "\n" in value or "\r" in value:
        raise UsageError(f"{what} : le texte doit tenir sur une seule ligne.")
    if len(value) > rules.label_max:
        raise UsageError(f"{what} : {len(value)} caractères ; {rules.label_max} au plus.")
    for _code, msg, hint in text_problems(value):
        raise UsageError(f"{what} : le texte {msg} {hint}")
    return value


def check_level(value: str, rules: Rules) -> str:
    v = value.strip()
    if v.isdigit() and 1 <= int(v) <= len(rules.levels):
        return rules.levels[int(v) - 1]
    v = slugify(v)  # « Intercommunalité » -> intercommunalite
    if v in rules.levels:
        return v
    raise UsageError(f"échelon : « {value.strip()} » n'est pas une valeur permise. "
                     f"Valeurs possibles : {', '.join(rules.levels)}.")


def check_country(value: str, rules: Rules) -> str:
    v = value.strip().upper()
    if v in rules.countries:
        return v
    raise UsageError(f"pays : « {value.strip()} » n'est pas un code pays ISO 3166-1 alpha-2 "
                     "(deux lettres : FR, IT, ES, BE…).")


def check_number(value: str, what: str, bounds: tuple) -> int | float:
    text = value.strip().replace(",", ".")  # 48,5734 as typed in French
    try:
        n = float(text)
    except ValueError:
        raise UsageError(f"{what} : « {value.strip()} » n'est pas un nombre "
                         "(degrés décimaux, par exemple 48.5734).") from None
    if not math.isfinite(n):
        raise UsageError(f"{what} : « {value.strip()} » n'est pas un nombre.")
    lo, hi = bounds
    if not lo <= n <= hi:
        raise UsageError(f"{what} : {value.strip()} est hors limites ; attendu entre {lo} et {hi}.")
    return int(n) if n.is_integer() and re.fullmatch(r"[-+]?\d+", text) else n


def check_year(value: str, rules: Rules) -> int:
    v = value.strip()
    lo, hi = rules.year
    if not re.fullmatch(r"\d{4}", v) or not lo <= int(v) <= hi:
        raise UsageError(f"année de début : « {v} » n'est pas une année sur quatre chiffres "
                         f"entre {lo} et {hi}.")
    return int(v)


def check_id_form(value: str, rules: Rules) -> str:
    v = value.strip()
    if not rules.id_re.match(v) or len(v) > rules.id_max:
        sug = slugify(v)[: rules.id_max].strip("-")
        hint = f" Vouliez-vous dire « {sug} » ?" if sug and sug != v else ""
        raise UsageError(f"identifiant : « {v} » n'est pas valide : minuscules sans accent, chiffres "
                         f"et tirets simples, {rules.id_max} caractères au plus.{hint}")
    return v


def default_id(title: str, rules: Rules) -> str:
    return slugify(title)[: rules.id_max].strip("-")


# --- the project: existing cases and ids to use as placeholders ---------------------------

class Project:
    def __init__(self, root: Path, schemas: Schemas):
        self.root = root
        self.cases_dir = root / "content" / KIND["case"].folder
        self.taken: dict[str, str] = {}  # id or alias -> file that holds it
        for p in sorted(self.cases_dir.glob("*.yaml")):
            rel = p.relative_to(root).as_posix()
            self.taken.setdefault(p.stem, rel)
            data, _doc, _issues = load_yaml_file(p, rel, CASE_SCHEMA, schemas)
            if not isinstance(data, dict):
                continue
            if isinstance(data.get("id"), str):
                self.taken.setdefault(data["id"], rel)
            for alias in data.get("aliases") or []:
                if isinstance(alias, str):
                    self.taken.setdefault(alias, rel)

    def ids(self, kind: str) -> list[str]:
        folder = self.root / "content" / KIND[kind].folder
        return sorted(p.stem for p in folder.glob("*.yaml")) if folder.is_dir() else []

    def path_for(self, ident: str) -> Path:
        return self.cases_dir / f"{ident}.yaml"

    def check_free(self, ident: str) -> None:
        path = self.path_for(ident)
        rel = path.relative_to(self.root).as_posix()
        if path.exists():
            raise Conflict(f"Le fichier {rel} existe déjà : il n'a pas été modifié. "
                           "Choisissez un autre identifiant (--id), ou modifiez ce fichier directement.")
        if ident in self.taken:
            raise Conflict(f"L'identifiant « {ident} » est déjà utilisé par {self.taken[ident]} "
                           "(identifiant ou ancien identifiant dans « aliases »). Choisissez-en un autre (--id).")


# --- the file -----------------------------------------------------------------------------

def q(value: str) -> str:
    """A YAML double-quoted scalar: JSON strings are valid YAML, whatever `: `, `#` or quotes they hold."""
    return json.dumps(value, ensure_ascii=False)


def render(v: dict, project: Project, rules: Rules) -> str:
    sectors, conditions, resources = project.ids("sector"), project.ids("condition"), project.ids("resource")
    for kind, ids in (("secteur", sectors), ("condition", conditions), ("ressource", resources)):
        if not ids:
            raise Conflict(f"Aucun fichier de {kind} dans content/ : impossible de préparer le cas.")
        if PLACEHOLDER_ID in ids:  # the placeholder would pass as a real id
            raise Conflict(f"Un {kind} s'appelle « {PLACEHOLDER_ID} » : renommez-le, cet identifiant est réservé.")

    def listing(ids: list[str]) -> list[str]:
        return textwrap.wrap(", ".join(ids), 96, initial_indent="# ", subsequent_indent="# ",
                             break_on_hyphens=False)

    lines = [
        "# yaml-language-server: $schema=../../schema/case.schema.json",
        "# Cas préparé par « make new-case ». Les valeurs marquées « À COMPLÉTER » sont provisoires :",
        "# remplacez-les, puis supprimez la marque. Tant qu'il en reste une, « make validate » la",
        "# signale et le cas n'est pas publié. Mode d'emploi : CONTRIBUTING.md.",
        f"id: {q(v['id'])}",
        f"title: {q(v['title'])}",
        f"# Résumé en texte simple, {rules.summary_max} caractères au plus : qui, quoi, depuis quand,",
        "# pour quoi faire. Pour un texte long, écrivez « summary: >- » puis le texte sur les",
        "# lignes suivantes, décalé de deux espaces.",
        f"summary: {q(PLACEHOLDER + ' : résumé du cas à écrire avec vos mots, à partir des sources.')}",
        "territory:",
        f"  name: {q(v['territory'])}",
        f"  level: {q(v['level'])}",
        f"  country: {q(v['country'])}",
        f"  lat: {json.dumps(v['lat'])}",
        f"  lon: {json.dumps(v['lon'])}",
        "period:",
        f"  start: {v['start']}",
        "  # Si la démarche est terminée, ajoutez l'année de fin : « end: 2018 ».",
        "  # Si la source montre seulement que la démarche existait cette année-là, ajoutez",
        "  # « start_precision: au-plus-tard » (« environ » pour une année approchée).",
        "# Identifiants des secteurs concernés (content/taxonomy/sectors/), au moins un :",
        *listing(sectors),
        "sectors:",
        f"  - {q(PLACEHOLDER_ID)}  # {PLACEHOLDER} : un identifiant de la liste ci-dessus",
        "# Les conditions de réussite que le cas illustre (content/taxonomy/conditions/), au moins une :",
        *listing(conditions),
        "# Pour chacune, « evidence » dit en une à trois phrases ce qui, dans le cas, la montre.",
        "conditions:",
        f"  - condition: {q(PLACEHOLDER_ID)}  # {PLACEHOLDER} : un identifiant de la liste ci-dessus",
        f"    evidence: {q(PLACEHOLDER + ' : ce qui, dans le cas, montre cette condition.')}",
        "# Les ressources (content/resources/) d'où viennent les faits, au moins une. Si votre source",
        "# n'y est pas encore, ajoutez-la (voir docs/guide-contributeur.md) :",
        *listing(resources),
        "sources:",
        f"  - {q(PLACEHOLDER_ID)}  # {PLACEHOLDER} : un identifiant de la liste ci-dessus",
        "# Champs recommandés (« make validate » le rappelle tant qu'ils manquent) : mode, stages,",
        "# instruments, actors, results ; facultatifs : figures, legal_basis, legal_context, quotes, related.",
        "# Tous les champs : docs/reference-champs.md.",
        "",
    ]
    return "\n".join(lines)


# --- input --------------------------------------------------------------------------------

def ask(prompt: str, check, default: str | None = None, out=sys.stdout):
    """input() until check() accepts the answer; Enter takes the default when there is one."""
    shown = f"{prompt} [{default}] : " if default else f"{prompt} : "
    while True:
        try:
            answer = input(shown)
        except EOFError:
            print(file=out)
            raise UsageError("saisie interrompue : aucun fichier n'a été écrit.") from None
        if not answer.strip() and default is not None:
            answer = default
        try:
            return check(answer)
        except (UsageError, Conflict) as e:
            print(f"  ✗ {e} Recommencez.", file=out)


class FrenchHelp(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, prefix or "Utilisation : ")


class FrenchParser(argparse.ArgumentParser):
    def error(self, message):  # usage errors: French, exit 2
        message = re.sub(r"^argument (\S+): ", r"option \1 : ", message)
        for en, fr in (("unrecognized arguments:", "arguments inconnus :"),
                       ("expected one argument", "une valeur est attendue")):
            message = message.replace(en, fr)
        self.print_usage(sys.stderr)
        self.exit(2, f"new_case.py : erreur : {message}\n")


def parse_args(argv, rules: Rules) -> argparse.Namespace:
    p = FrenchParser(
        prog="new_case.py",
        formatter_class=FrenchHelp,
        add_help=False,
        description="Prépare un nouveau cas dans content/cases/<id>.yaml. Sans option, pose les "
                    "questions une à une ; chaque option donnée évite la question correspondante.",
        epilog="Exemple : make new-case ARGS='--titre \"Le Conseil de l'ESS de Strasbourg\" "
               "--territoire \"Eurométropole de Strasbourg\" --niveau intercommunalite --pays FR "
               "--lat 48.5734 --lon 7.7521 --debut 2010'",
    )
    p.add_argument("-h", "--help", action="help", help="affiche cette aide et s'arrête")
    p.add_argument("--titre", help="titre du cas : le dispositif et le territoire")
    p.add_argument("--territoire", help="nom usuel du territoire")
    p.add_argument("--niveau", help="échelon : " + ", ".join(rules.levels))
    p.add_argument("--pays", help="code pays ISO 3166-1 alpha-2 : FR, IT, ES…")
    p.add_argument("--lat", help=f"latitude en degrés décimaux ({rules.lat[0]} à {rules.lat[1]})")
    p.add_argument("--lon", help=f"longitude en degrés décimaux ({rules.lon[0]} à {rules.lon[1]})")
    p.add_argument("--debut", help="année de début de la démarche")
    p.add_argument("--id", help="identifiant (nom du fichier) ; par défaut, tiré du titre")
    p.add_argument("--dossier", type=Path, default=ROOT,
                   help="dossier du projet qui contient content/ (par défaut : ce dépôt)")
    return p.parse_args(argv)


def collect(args, rules: Rules, project: Project) -> dict:
    """Values from the options (exit 2 when refused), the rest asked one by one."""
    v: dict = {}
    given = {
        "title": (args.titre, lambda s: check_label(s, "titre", rules)),
        "territory": (args.territoire, lambda s: check_label(s, "territoire", rules)),
        "level": (args.niveau, lambda s: check_level(s, rules)),
        "country": (args.pays, lambda s: check_country(s, rules)),
        "lat": (args.lat, lambda s: check_number(s, "latitude", rules.lat)),
        "lon": (args.lon, lambda s: check_number(s, "longitude", rules.lon)),
        "start": (args.debut, lambda s: check_year(s, rules)),
    }
    errors = []
    for key, (raw, check) in given.items():
        if raw is not None:
            try:
                v[key] = check(raw)
            except UsageError as e:
                errors.append(str(e))
    if args.id is not None:
        try:
            v["id"] = check_id_form(args.id, rules)
        except UsageError as e:
            errors.append(str(e))
    if errors:  # every refused option at once, before any question
        raise UsageError("\n".join(errors))
    if "id" in v:
        project.check_free(v["id"])
    interactive = any(k not in v for k in given)
    if interactive:
        print("Nouveau cas pour la e-mallette. Entrée seule : valeur proposée entre crochets ;"
              " Ctrl-D : abandon.")
    if "title" not in v:
        v["title"] = ask("Titre du cas (le dispositif et le territoire)", given["title"][1])
    if "id" not in v:
        def check_id(s: str) -> str:
            ident = check_id_form(s, rules)
            project.check_free(ident)
            return ident
        suggestion = default_id(v["title"], rules)
        if interactive:
            v["id"] = ask("Identifiant, qui donne l'adresse /cas/<id>/", check_id, suggestion or None)
        elif not suggestion:
            raise UsageError("impossible de tirer un identifiant du titre : donnez-le avec --id.")
        else:
            v["id"] = check_id_form(suggestion, rules)
            project.check_free(v["id"])
    if "territory" not in v:
        v["territory"] = ask("Nom du territoire", given["territory"][1])
    if "level" not in v:
        print("Échelons possibles : " + ", ".join(f"{i} {name}" for i, name in enumerate(rules.levels, 1)))
        v["level"] = ask("Échelon (numéro ou nom)", given["level"][1])
    if "country" not in v:
        v["country"] = ask("Pays, code à deux lettres", given["country"][1], "FR")
    if "lat" not in v:
        v["lat"] = ask(f"Latitude en degrés décimaux ({rules.lat[0]} à {rules.lat[1]})", given["lat"][1])
    if "lon" not in v:
        v["lon"] = ask(f"Longitude en degrés décimaux ({rules.lon[0]} à {rules.lon[1]})", given["lon"][1])
    if "start" not in v:
        v["start"] = ask("Année de début de la démarche", given["start"][1])
    return v


def self_check(text: str, rel: str, schemas: Schemas) -> None:
    """The file about to be written must pass the schema: otherwise it is a bug here."""
    from mallette.content import load_text

    _data, _doc, issues = load_text(text, rel, CASE_SCHEMA, schemas)
    if issues:
        raise UsageError("le fichier préparé serait invalide :\n" + "\n".join(i.text() for i in issues))


def main(argv: list[str] | None = None) -> int:
    schemas = Schemas()
    rules = Rules(schemas)
    args = parse_args(argv, rules)
    root = args.dossier.resolve()
    if not (root / "content" / KIND["case"].folder).is_dir():
        print(f"new_case.py : pas de dossier content/cases/ dans {root}", file=sys.stderr)
        return 2
    try:
        project = Project(root, schemas)
        values = collect(args, rules, project)
        path = project.path_for(values["id"])
        rel = path.relative_to(root).as_posix()
        text = render(values, project, rules)
        self_check(text, rel, schemas)
        project.check_free(values["id"])  # again: it may have appeared while questions were asked
        with open(path, "x", encoding="utf-8", newline="\n") as f:
            f.write(text)
    except UsageError as e:
        print(f"new_case.py : erreur : {e}", file=sys.stderr)
        return 2
    except Conflict as e:
        print(f"new_case.py : {e}", file=sys.stderr)
        return 1
    except FileExistsError:
        print(f"new_case.py : Le fichier {rel} existe déjà : il n'a pas été modifié.", file=sys.stderr)
        return 1
    print(f"""
Cas créé : {rel}

Il n'est pas terminé : ouvrez-le et remplacez chaque « {PLACEHOLDER} » :
  - summary : le résumé, avec vos mots ;
  - sectors : les secteurs concernés ;
  - conditions : les conditions de réussite illustrées, chacune avec « evidence » ;
  - sources : les ressources d'où viennent les faits.
« make validate » liste ce qui reste à écrire, ligne par ligne ; « make serve » affiche la fiche
(ou cette liste) sur http://127.0.0.1:8000/cas/{values['id']}/
Tous les champs sont expliqués dans docs/reference-champs.md.""")
    return 0


if __name__ == "__main__":
    sys.exit(main())
