"""Rules that span files or that a JSON Schema cannot say: one check_* function per rule."""
from __future__ import annotations

import re

from .content import KIND, Entry, Loaded
from .issues import Issue, did_you_mean, fmt_path
from .refs import DIR_KIND, GUIDE_LINK, NOUN_FR, UNKNOWN_CODE, iter_refs
from .schema import slugify
from . import shortcodes
from .text import BAD_SCHEME, HTML_TAG, MD_IMAGE, hidden_scheme


def _at(entry: Entry, path: tuple, code: str, msg: str, hint: str = "", key: bool = False) -> Issue:
    return Issue(entry.path, *entry.doc.where(path, key=key), code, msg, hint)


def _all(loaded: Loaded):
    for table in loaded.entries.values():
        yield from table.values()


def check_id_matches_file(loaded: Loaded) -> list[Issue]:
    out = []
    for stem_table in loaded.entries.values():
        for stem, e in stem_table.items():
            if e.kind == "guide":
                continue
            if isinstance(e.data.get("id"), str) and e.data["id"] != stem:
                out.append(_at(e, ("id",), "id-nom-fichier",
                               f"id : « {e.data['id']} » diffère du nom du fichier « {stem}.yaml ».",
                               f"Renommez le fichier en « {e.data['id']}.yaml », ou écrivez « id: {stem} »."))
    return out


def check_references(loaded: Loaded) -> list[Issue]:
    """Every id a file cites exists (did-you-mean otherwise); renamed ids point to the new one."""
    out = []
    aliases = _alias_table(loaded)
    for e in _all(loaded):
        for path, target, ident in iter_refs(e.kind, e.data):
            known = loaded.entries.get(target, {})
            if ident in known:
                if target == "case" and e.kind == "case" and ident == e.id:
                    out.append(_at(e, path, "cas-lie-a-lui-meme", f"{fmt_path(path)} : un cas ne peut pas être lié à lui-même.",
                                   "Supprimez cet identifiant de « related »."))
                continue
            renamed = aliases.get((target, ident))
            hint = (f"Cet identifiant a été renommé : écrivez « {renamed} »." if renamed
                    else did_you_mean(ident, known))
            out.append(_at(e, path, UNKNOWN_CODE[target],
                           f"{fmt_path(path)} : « {ident} » n'est pas {NOUN_FR[target]}.", hint))
    return out


def _alias_table(loaded: Loaded) -> dict:
    table = {}
    for e in _all(loaded):
        for alias in e.data.get("aliases") or []:
            if isinstance(alias, str):
                table[(e.kind, alias)] = e.id
    return table


def check_unique_aliases(loaded: Loaded) -> list[Issue]:
    """An alias keeps an old URL alive: it may not collide with a live id or another alias."""
    out = []
    for kind, table in loaded.entries.items():
        owners: dict[str, Entry] = {}
        ids = {e.id for e in table.values()}
        for e in table.values():
            for i, alias in enumerate(e.data.get("aliases") or []):
                if not isinstance(alias, str):
                    continue
                path = ("aliases", i)
                if alias in ids:
                    out.append(_at(e, path, "alias-duplique",
                                   f"aliases[{i}] : « {alias} » est l'identifiant d'un contenu existant.",
                                   "Un ancien identifiant ne peut pas être celui d'un contenu publié ; retirez-le."))
                elif alias in owners and owners[alias] is not e:
                    out.append(_at(e, path, "alias-duplique",
                                   f"aliases[{i}] : « {alias} » est déjà un ancien identifiant de {owners[alias].path}.",
                                   "Chaque ancienne adresse ne peut rediriger que vers un seul contenu."))
                else:
                    owners[alias] = e
    return out


# Addresses of generated pages that sit beside a kind's own pages: /conditions/matrice/; and
# /conditions/#ensemble, the section on the conditions that go together (on that index page, each
# condition's heading takes the condition's id as anchor).
RESERVED_IDS = {"condition": ("matrice", "ensemble")}


def check_reserved_ids(loaded: Loaded) -> list[Issue]:
    return [_at(e, ("id",), "id-reserve", f"id : « {e.id} » est réservé à une page du site.",
                "Choisissez un autre identifiant.")
            for kind, ids in RESERVED_IDS.items() for e in loaded.entries.get(kind, {}).values() if e.id in ids]


def check_case_rules(loaded: Loaded) -> list[Issue]:
    out = []
    for e in loaded.entries.get("case", {}).values():
        period = e.data.get("period")
        if isinstance(period, dict) and isinstance(period.get("start"), int) and isinstance(period.get("end"), int):
            if period["end"] < period["start"]:
                out.append(_at(e, ("period", "end"), "periode-invalide",
                               f"period.end : la fin ({period['end']}) précède le début ({period['start']}).",
                               "Corrigez l'une des deux années."))
        for field, key in (("conditions", "condition"), ("stages", "stage")):
            seen: dict[str, int] = {}
            for i, item in enumerate(e.data.get(field) or []):
                if isinstance(item, dict) and isinstance(item.get(key), str):
                    if item[key] in seen:
                        out.append(_at(e, (field, i, key), "entree-dupliquee",
                                       f"{field}[{i}].{key} : « {item[key]} » est déjà cité en {field}[{seen[item[key]]}].",
                                       "Regroupez les deux éléments en un seul."))
                    else:
                        seen[item[key]] = i
    return out


def check_glossary(loaded: Loaded, path: str = "content/glossary.yaml") -> list[Issue]:
    out, seen = [], set()
    for t in loaded.glossary:
        term = t.get("term")
        if term in seen:
            out.append(Issue(path, 0, 0, "entree-dupliquee", f"Le sigle « {term} » est défini deux fois.",
                             "Gardez une seule définition."))
        seen.add(term)
    return out


# --- guides: Markdown bodies written by contributors ----------------------------------

_FENCE = re.compile(r"^(```|~~~)")
_INLINE_CODE = re.compile(r"`[^`\n]*`")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
_ANCHOR = re.compile(r"\{\s*:?\s*#([A-Za-z0-9_-]+)\s*\}\s*$")
_ATTR_LIST = re.compile(r"\{[^{}\n]*=[^{}\n]*\}")


def _body_lines(body: str):
    """(offset, line) for each line outside fenced code, with inline code blanked."""
    in_fence = False
    for n, line in enumerate(body.split("\n")):
        if _FENCE.match(line.strip()):
            in_fence = not in_fence
            continue
        if not in_fence:
            yield n, _INLINE_CODE.sub(lambda m: " " * len(m.group(0)), line)


def check_guide_bodies(loaded: Loaded) -> list[Issue]:
    out = []
    for g in loaded.entries.get("guide", {}).values():
        anchors: dict[str, int] = {}
        for n, line in _body_lines(g.body):
            ln = g.body_line + n

            def add(col, code, msg, hint=""):
                out.append(Issue(g.path, ln, col + 1, code, msg, hint))

            if shortcodes.LINE.match(line):  # checked by check_guide_shortcodes
                continue
            if m := HTML_TAG.search(line):
                add(m.start(), "html-interdit", f"Le guide contient du HTML (« {m.group(0)[:30]} »).",
                    "Écrivez en Markdown : **gras**, *italique*, [lien](../cas/id.md).")
            if m := BAD_SCHEME.search(line):
                add(m.start(), "url-interdite", f"Le guide contient une adresse « {m.group(0)} » interdite.",
                    "Seuls les liens https:// et les liens vers les pages de la e-mallette sont acceptés.")
            elif m := hidden_scheme(line):
                add(line.find("&"), "url-interdite",
                    f"Le guide contient une adresse « {m.group(0)} » interdite, déguisée en entités HTML.",
                    "Écrivez les liens en clair : seuls https:// et les liens vers les pages de la e-mallette sont acceptés.")
            if m := MD_IMAGE.search(line):
                add(m.start(), "image-interdite", "Les images ne sont pas acceptées dans les guides.",
                    "Décrivez l'image en texte, ou mettez un lien vers elle.")
            if m := _ATTR_LIST.search(line):
                add(m.start(), "attributs-interdits", f"Liste d'attributs interdite (« {m.group(0)[:40]} »).",
                    "Seule une ancre de titre « {#mon-ancre} » est acceptée.")
            if h := _HEADING.match(line):
                level, title = len(h.group(1)), h.group(2)
                if level == 1:
                    add(0, "titre-niveau-1", "Un guide ne contient pas de titre de niveau 1 (« # ») : son titre vient de l'en-tête.",
                        "Commencez les sections par « ## ».")
                elif level <= 3:
                    a = _ANCHOR.search(title)
                    if not a:
                        add(0, "ancre-manquante", f"Le titre « {title[:50]} » n'a pas d'ancre stable.",
                            f"Ajoutez-en une à la fin du titre, par exemple « {{#{slugify(title)[:40]}}} » : les formateurs y font des liens.")
                    elif a.group(1) in anchors:
                        add(a.start(), "ancre-dupliquee", f"L'ancre « #{a.group(1)} » est déjà utilisée ligne {anchors[a.group(1)]}.",
                            "Choisissez une autre ancre.")
                    else:
                        anchors[a.group(1)] = ln
            for m in GUIDE_LINK.finditer(line):
                folder, ident = m.group(1), m.group(2)
                kind = DIR_KIND.get(folder) if folder else "guide"
                if kind is None or ident == "index":
                    continue
                known = loaded.entries.get(kind, {})
                if ident not in known:
                    add(m.start(), "lien-inconnu",
                        f"Lien vers « {(folder + '/') if folder else ''}{ident}.md » : « {ident} » n'est pas {NOUN_FR[kind]}.",
                        did_you_mean(ident, known))
    return out


def check_guide_shortcodes(loaded: Loaded) -> list[Issue]:
    """`{{ cas condition="…" }}` lines: known shortcode, known keys, known ids."""
    return [Issue(g.path, g.body_line + n, p.col + 1, p.code, p.message, p.hint)
            for g in loaded.entries.get("guide", {}).values()
            for n, p in shortcodes.problems(g.body, loaded.entries)]


ALL_CHECKS = [
    check_id_matches_file,
    check_references,
    check_unique_aliases,
    check_reserved_ids,
    check_case_rules,
    check_glossary,
    check_guide_bodies,
    check_guide_shortcodes,
]


def run_checks(loaded: Loaded) -> list[Issue]:
    out = []
    for check in ALL_CHECKS:
        out += check(loaded)
    return out


__all__ = ["run_checks", "KIND"]
