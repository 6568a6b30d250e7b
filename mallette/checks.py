"""Rules that span files or that a JSON Schema cannot say: one check_* function per rule."""
from __future__ import annotations

import math
import re

from .content import KIND, Entry, Loaded
from .completeness import MIN_CONDITIONS, MIN_EVIDENCE_WORDS, RECOMMENDATIONS, short_evidence
from .issues import ERROR, WARNING, Issue, did_you_mean, fmt_path
from .refs import DIR_KIND, GUIDE_LINK, NOUN_FR, UNKNOWN_CODE, iter_refs
from .schema import slugify
from . import copies, geo, markdown_code, shortcodes
from .text import BAD_SCHEME, HTML_TAG, MD_IMAGE, hidden_scheme


def _at(entry: Entry, path: tuple, code: str, msg: str, hint: str = "", key: bool = False,
        level: str = ERROR) -> Issue:
    return Issue(entry.path, *entry.doc.where(path, key=key), code, msg, hint, level)


def _advice(entry: Entry, path: tuple, code: str, msg: str, hint: str = "") -> Issue:
    """A warning: what a demanding editor would ask for, without blocking publication."""
    return _at(entry, path, code, msg, hint, key=len(path) == 1, level=WARNING)


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


def _number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def check_point_in_country(loaded: Loaded) -> list[Issue]:
    """A case's point lies in its country (Natural Earth outlines, mallette/geo.py, with a margin
    for coasts): a point in the sea or abroad is a typo, often latitude and longitude swapped."""
    out = []
    for e in loaded.entries.get("case", {}).values():
        t = e.data.get("territory")
        if not isinstance(t, dict) or not isinstance(t.get("country"), str):
            continue
        lat, lon = t.get("lat"), t.get("lon")
        if not (_number(lat) and _number(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
            continue  # the schema reports it
        where = geo.placement(t["country"], float(lat), float(lon))
        if where == "inverse":
            out.append(_at(e, ("territory", "lat"), "coordonnees-inversees",
                           f"territory.lat, territory.lon : le point ({lat}, {lon}) est hors de "
                           f"« {t['country']} », mais y tombe si l'on échange les deux valeurs : "
                           "latitude et longitude inversées ?",
                           f"Écrivez « lat: {lon} » et « lon: {lat} »."))
        elif where == "hors":
            out.append(_at(e, ("territory", "lat"), "point-hors-pays",
                           f"territory.lat, territory.lon : le point ({lat}, {lon}) n'est pas dans le pays "
                           f"« {t['country']} » (à plus de {geo.TOLERANCE_KM:.0f} km de ses contours).",
                           "Vérifiez les coordonnées (latitude d'abord, en degrés décimaux, par exemple "
                           "sur openstreetmap.org) et le code pays."))
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


# --- recommendations: warnings, printed but not blocking (`--strict` blocks them) --------

def check_case_recommendations(loaded: Loaded) -> list[Issue]:
    """What makes a case worth teaching from (mallette/completeness.py): one warning per gap."""
    out = []
    for e in loaded.entries.get("case", {}).values():
        fields = []  # empty recommended fields: one warning, the sentence of the case page
        for r in RECOMMENDATIONS:
            if r.met(e.data):
                continue
            if r.key == "conditions":
                n = len(e.data.get("conditions") or [])
                out.append(_advice(e, ("conditions",), "conditions-peu-nombreuses",
                                   f"conditions : {n} condition{'s' if n > 1 else ''} de réussite ; "
                                   f"un cas en illustre d'ordinaire {MIN_CONDITIONS} au moins.",
                                   "Relisez les sources : quelles autres conditions ont compté ?"))
            elif r.key == "evidence":
                for i in short_evidence(e.data):
                    words = len(str(e.data["conditions"][i].get("evidence") or "").split())
                    out.append(_at(e, ("conditions", i, "evidence"), "preuve-courte",
                                   f"conditions[{i}].evidence : {words} mot{'s' if words > 1 else ''} ; "
                                   f"{MIN_EVIDENCE_WORDS} au moins pour dire ce qui, dans le cas, montre la condition.",
                                   "Décrivez le fait concret : qui a fait quoi, quand.", level=WARNING))
            else:
                fields.append(r)
        if fields:
            out.append(_advice(e, ("id",), "champ-recommande",
                               "Cette fiche gagnerait à préciser : " + ", ".join(r.missing_fr for r in fields) + ".",
                               "Ajoutez " + ", ".join(f"« {r.field} »" for r in fields)
                               + " (exemples dans docs/reference-champs.md)."))
    return out


_SENTENCE_END = re.compile(r"[.!?…](?:\s|$)")


def check_quote_is_one_sentence(loaded: Loaded) -> list[Issue]:
    """A quotation is short: one sentence, so that it cannot be taken out of its context."""
    out = []
    for e in loaded.entries.get("case", {}).values():
        for i, q in enumerate(e.data.get("quotes") or []):
            text = q.get("text") if isinstance(q, dict) else None
            if isinstance(text, str) and len(_SENTENCE_END.findall(text.strip() + " ")) > 1:
                out.append(_at(e, ("quotes", i, "text"), "citation-longue",
                               f"quotes[{i}].text : la citation compte plusieurs phrases.",
                               "Gardez la phrase qui porte l'idée ; résumez le reste dans le texte du cas.",
                               level=WARNING))
    return out


MIN_CONDITION_ITEMS = 2  # « how » and « pitfalls »: a single lever is not yet a method
MIN_CONDITION_WORDS = 40


def check_condition_substance(loaded: Loaded) -> list[Issue]:
    """A condition of success is the heart of the taxonomy: it explains, not just names."""
    out = []
    for e in loaded.entries.get("condition", {}).values():
        for field, what in (("how", "leviers"), ("pitfalls", "écueils")):
            items = e.data.get(field)
            if isinstance(items, list) and len(items) < MIN_CONDITION_ITEMS:
                out.append(_advice(e, (field,), "condition-peu-developpee",
                                   f"{field} : {len(items)} {what[:-1] if len(items) < 2 else what} ; "
                                   f"{MIN_CONDITION_ITEMS} au moins.",
                                   "Appuyez-vous sur les cas qui illustrent la condition."))
        words = len(str(e.data.get("description") or "").split())
        if words < MIN_CONDITION_WORDS:
            out.append(_advice(e, ("description",), "condition-peu-developpee",
                               f"description : {words} mots ; {MIN_CONDITION_WORDS} au moins pour expliquer la condition.",
                               "Dites ce qu'elle recouvre et pourquoi elle compte."))
    return out


MIN_GUIDE_WORDS = 400
_WORD = re.compile(r"\w+")


def check_guide_length(loaded: Loaded) -> list[Issue]:
    out = []
    for g in loaded.entries.get("guide", {}).values():
        words = len(_WORD.findall(g.body))
        if words < MIN_GUIDE_WORDS:
            out.append(Issue(g.path, g.body_line, 1, "guide-court",
                             f"Le guide compte {words} mots ; un guide en compte {MIN_GUIDE_WORDS} au moins.",
                             "Développez-le, ou intégrez son contenu à un guide existant.", WARNING))
    return out


def check_guide_links_what_it_lists(loaded: Loaded) -> list[Issue]:
    """A case or condition listed in a guide's header is discussed, with a link, in its text."""
    out = []
    for g in loaded.entries.get("guide", {}).values():
        for field, links in (("cases", lambda i: [f"../cas/{i}.md"]),
                             ("conditions", lambda i: [f"conditions/{i}.md", f"#condition-{i})"])):
            for n, ident in enumerate(g.data.get(field) or []):
                if isinstance(ident, str) and not any(link in g.body for link in links(ident)):
                    out.append(_at(g, (field, n), "liste-sans-lien",
                                   f"{field}[{n}] : « {ident} » est listé dans l'en-tête mais le texte du guide "
                                   "n'y fait aucun lien.",
                                   f"Citez-le dans le texte avec un lien « {links(ident)[0]} », "
                                   "ou retirez-le de la liste.", level=WARNING))
    return out


# --- guides: Markdown bodies written by contributors ----------------------------------

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
_ANCHOR = re.compile(r"\{\s*:?\s*#([A-Za-z0-9_-]+)\s*\}\s*$")
_ATTR_LIST = re.compile(r"\{[^{}\n]*=[^{}\n]*\}")


def _body_lines(body: str):
    """(offset, line) for each line outside code blocks, with code spans blanked (markdown_code)."""
    for line in markdown_code.scan(body):
        if not line.code_block:
            yield line.n, line.text


# What the written-text checks below report; when they find none of it, the rendered body is asked.
_UNSAFE_CODES = {"html-interdit", "url-interdite", "image-interdite", "attributs-interdits"}
_RENDERED_FR = {
    "html-interdit": ("Le guide produit du HTML (« {} ») une fois mis en page.",
                      "Écrivez en Markdown : **gras**, *italique*, [lien](../cas/id.md) ; du code entre `accents graves`."),
    "attributs-interdits": ("Le guide produit un attribut interdit (« {} ») une fois mis en page.",
                            "Seule une ancre de titre « {{#mon-ancre}} » est acceptée."),
    "url-interdite": ("Le guide produit un lien vers « {} », adresse interdite.",
                      "Seuls les liens https:// et les liens vers les pages de la e-mallette sont acceptés."),
    "image-interdite": ("Le guide produit une image une fois mis en page.",
                        "Décrivez l'image en texte, ou mettez un lien vers elle."),
}


def _rendered_issues(g: Entry) -> list[Issue]:
    """Safety never rests on the line checks agreeing with Markdown: what the body renders to is
    checked too, and reported at the first line whose rendering shows it."""
    out = []
    for n, col, found in markdown_code.rendered_problems(g.body):
        msg, hint = _RENDERED_FR[found.code]
        out.append(Issue(g.path, g.body_line + n, col + 1, found.code, msg.format(found.what), hint))
    return out


def check_guide_bodies(loaded: Loaded) -> list[Issue]:
    out = []
    for g in loaded.entries.get("guide", {}).values():
        anchors: dict[str, int] = {}
        before = len(out)
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
        if not any(i.code in _UNSAFE_CODES for i in out[before:]):
            out += _rendered_issues(g)
    return out


def check_guide_shortcodes(loaded: Loaded) -> list[Issue]:
    """`{{ cas condition="…" }}` lines: known shortcode, known keys, known ids."""
    return [Issue(g.path, g.body_line + n, p.col + 1, p.code, p.message, p.hint)
            for g in loaded.entries.get("guide", {}).values()
            for n, p in shortcodes.problems(g.body, loaded.entries)]


# --- faithfulness to the sources -------------------------------------------------------------

def check_legal_basis_in_force(loaded: Loaded) -> list[Issue]:
    """A case's legal basis was adopted by the year it started: a later text is context, not basis."""
    out = []
    legal = loaded.entries.get("legal", {})
    for e in loaded.entries.get("case", {}).values():
        period = e.data.get("period")
        start = period.get("start") if isinstance(period, dict) else None
        if not isinstance(start, int):
            continue
        for i, ident in enumerate(e.data.get("legal_basis") or []):
            text = legal.get(ident) if isinstance(ident, str) else None
            date = text.data.get("date") if text else None
            if not isinstance(date, str) or not date[:4].isdigit() or int(date[:4]) <= start:
                continue  # unknown texts are check_references' business; undated ones cannot be judged
            out.append(_at(e, ("legal_basis", i), "base-posterieure",
                           f"legal_basis[{i}] : « {ident} » date de {date[:4]}, après le début de la démarche "
                           f"(period.start : {start}) ; il ne peut pas la fonder.",
                           "Déplacez-le dans « legal_context » (cadre ultérieur ou lié), ou corrigez period.start."))
    return out


_QUOTE_OPEN = re.compile(r"^\s*>\s*«")
_ATTRIBUTION = re.compile(r"^\s*>\s*[—–-]")
_SOURCE_LINK = re.compile(r"\]\(\s*\.\./(ressources|textes)/([a-z0-9][a-z0-9-]*)\.md")


def check_guide_quotes_sourced(loaded: Loaded) -> list[Issue]:
    """A quotation in a guide (a « … » blockquote) ends with an attribution that links its source:
    a resource of the knowledge base, or the legal text it quotes."""
    out = []
    known = {"ressources": loaded.entries.get("resource", {}), "textes": loaded.entries.get("legal", {})}
    for g in loaded.entries.get("guide", {}).values():
        lines = dict(_body_lines(g.body))
        for n, line in sorted(lines.items()):
            if not _QUOTE_OPEN.match(line) or (n > 0 and _QUOTE_OPEN.match(lines.get(n - 1, "") or "")):
                continue
            # The attribution: the first "> — …" line of the same blockquote.
            k, attribution = n + 1, ""
            while k in lines and lines[k].lstrip().startswith(">"):
                if _ATTRIBUTION.match(lines[k]):
                    attribution = lines[k]
                    break
                k += 1
            if not any(m.group(2) in known[m.group(1)] for m in _SOURCE_LINK.finditer(attribution)):
                out.append(Issue(g.path, g.body_line + (k if attribution else n), 1, "citation-sans-source",
                                 "Cette citation ne renvoie à aucune ressource ni à aucun texte juridique de la e-mallette.",
                                 "Terminez-la par une ligne « > — Auteur, fonction, [ressource](../ressources/id.md) » "
                                 "qui nomme la publication ou la rencontre où ces mots ont été dits ou écrits "
                                 "(ou [texte](../textes/id.md) pour un texte de loi)."))
    return out


def _texts(data) -> list[tuple[tuple, str, bool]]:
    """(where, text, is a name) of every string in a YAML tree, in one pass without recursion.

    `where` is a (parent, key) chain that _path() turns into a path only for the rare texts
    reported. A name is a value of one of _NAME_FIELDS, or a quote's text or speaker's function;
    a list's items count as their field (each of `authors`)."""
    out, stack = [], [(data, (), None, False)]
    while stack:
        node, where, key, in_quotes = stack.pop()
        if isinstance(node, str):
            out.append((where, node, key in _NAME_FIELDS or (in_quotes and key in ("text", "role"))))
        elif isinstance(node, dict):
            stack.extend([(v, (where, k), k, in_quotes or k == "quotes") for k, v in node.items()][::-1])
        elif isinstance(node, list):
            stack.extend([(v, (where, i), key, in_quotes) for i, v in enumerate(node)][::-1])
    return out


def _path(where: tuple) -> tuple:
    keys = []
    while where:
        where, key = where
        keys.append(key)
    return tuple(reversed(keys))


# Fields that hold names, titles and identifiers rather than prose: repeating an official title or a
# person's function is naming, not copying. Their values are also allowed wherever they recur.
_NAME_FIELDS = {"id", "title", "short_title", "name", "author", "expansion", "term", "url", "eli", "nor",
                "legifrance", "celex", "publication", "place", "publisher", "authors", "aliases", "article"}
_URLISH = re.compile(r"^\S+$")


def _copy_issue(path: str, line: int, col: int, where: str, toks: list[str], start: int, length: int) -> Issue:
    shown = " ".join(toks[start:start + min(length, 8)])
    return Issue(path, line, col, "passage-recopie",
                 f"{where}{length} mots consécutifs repris des sources (« {shown} … »).",
                 "Reformulez avec vos mots. S'il s'agit des mots d'une personne, citez-les entre « guillemets » "
                 "avec leur auteur, ou dans « quotes » pour un cas.")


def _markdown_copies(index, names, path: str, text: str, first_line: int) -> list[Issue]:
    toks, line_of = [], []
    for n, line in enumerate(copies.unquoted(text).split("\n")):
        if _ATTRIBUTION.match(line):
            continue  # "> — Author, function, source": a credit, not prose
        lt = copies.tokens(line)
        toks += lt
        line_of += [first_line + n] * len(lt)
    return [_copy_issue(path, line_of[s], 0, "", toks, s, k) for s, k in index.copied(toks, names)]


def check_no_copied_passages(loaded: Loaded) -> list[Issue]:
    """No text repeats 12 or more consecutive words of the sources outside a quotation or a name."""
    folder = copies.sources_dir(loaded.root) if loaded.root else None
    if folder is None:
        return []
    index = copies.source_index(folder)
    trees = [(e.path, e.doc, _texts(e.data)) for e in _all(loaded)]
    trees.append(("content/glossary.yaml", loaded.glossary_doc, _texts({"terms": loaded.glossary})))
    names = copies.Names(text for _, _, texts in trees for _, text, is_name in texts if is_name)
    out = []
    for rel, doc, texts in trees:
        for where, text, is_name in texts:
            if is_name or len(text) < 2 * copies.SHINGLE - 1 or _URLISH.match(text):  # too short for 12 words
                continue
            toks = copies.tokens(copies.unquoted(text) if "«" in text else text)
            for s, k in index.copied(toks, names):
                path = _path(where)
                line, col = doc.where(path) if doc else (0, 0)
                out.append(_copy_issue(rel, line, col, f"{fmt_path(path)} : ", toks, s, k))
    for g in loaded.entries.get("guide", {}).values():
        out += _markdown_copies(index, names, g.path, g.body, g.body_line)
    pages = loaded.root / "content" / "pages"
    if pages.is_dir():
        for page in sorted(pages.glob("*.md")):
            text = page.read_text(encoding="utf-8", errors="replace")
            out += _markdown_copies(index, names, page.relative_to(loaded.root).as_posix(), text, 1)
    return out


# "élu·e·s", "élu.e.s", "élu.es", "élu(e)s": the abbreviated inclusive forms CONTRIBUTING.md replaces by
# double flexion ("élues et élus"). Letters on both sides keep "n° 6", "www.rtes.fr" and "(ESS)" out.
_ABBREVIATED = re.compile(r"(?<![\w./@:-])(?:[^\W\d_]+[·•⋅][^\W\d_]{1,4}(?:[·•⋅][^\W\d_]{1,2})?|[^\W\d_]+\.e\.?s\b|[^\W\d_]+\((?:e|es|ne|le|se|ice|rice)\)s?(?!\w))")


# The same forms without the word before them: a fast first pass (the full pattern is slow to try
# at every position of every text).
_ABBREVIATED_HINT = re.compile(r"[·•⋅]|\.e\.?s\b|\((?:e|es|ne|le|se|ice|rice)\)")


def check_inclusive_writing(loaded: Loaded) -> list[Issue]:
    """One inclusive-writing convention: double flexion, never an abbreviated form (point médian…)."""
    out = []

    def hint(found: str) -> str:
        return (f"Écrivez les deux formes en entier, le masculin en dernier (« élues et élus » plutôt que "
                f"« {found} »), ou un mot épicène : voir « Écriture inclusive » dans CONTRIBUTING.md.")

    for e in _all(loaded):
        for where, text, is_name in _texts(e.data):
            if not _ABBREVIATED_HINT.search(text):
                continue
            path = _path(where)
            if "quotes" in path and path[-1] == "text":
                continue
            m = _ABBREVIATED.search(text)
            if m and "«" in text:  # a quotation keeps its own spelling
                m = _ABBREVIATED.search(copies.unquoted(text))
            if m:
                out.append(_at(e, path, "forme-abregee", f"{fmt_path(path)} : forme abrégée « {m.group(0)} ».",
                               hint(m.group(0)), level=WARNING))
        if e.kind == "guide":
            for n, line in _body_lines(copies.unquoted(e.body)):
                if _ABBREVIATED_HINT.search(line) and (m := _ABBREVIATED.search(line)):
                    out.append(Issue(e.path, e.body_line + n, m.start() + 1, "forme-abregee",
                                     f"Forme abrégée « {m.group(0)} ».", hint(m.group(0)), WARNING))
    return out


ALL_CHECKS = [
    check_id_matches_file,
    check_references,
    check_unique_aliases,
    check_reserved_ids,
    check_case_rules,
    check_point_in_country,
    check_glossary,
    check_guide_bodies,
    check_guide_shortcodes,
    check_legal_basis_in_force,
    check_guide_quotes_sourced,
    check_no_copied_passages,
    check_inclusive_writing,
    check_case_recommendations,
    check_quote_is_one_sentence,
    check_condition_substance,
    check_guide_length,
    check_guide_links_what_it_lists,
]


def run_checks(loaded: Loaded) -> list[Issue]:
    out = []
    for check in ALL_CHECKS:
        out += check(loaded)
    return out


__all__ = ["run_checks", "KIND"]
