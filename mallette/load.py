"""Strict YAML: bytes -> a tree of plain values with the line and column of every node.

PyYAML's own loaders are unsafe for contributor files (aliases expand exponentially, duplicate
keys silently keep the last value, YAML 1.1 turns `NO` into False and `01234` into 668). We read
the event stream instead and build the tree ourselves, iteratively: every scalar stays a string
(`Scalar`) until `coerce` gives it the type the schema asks for.

Two readers share these rules. `read_typed` is the fast path for the common case, a file with no
problem: one pass, typed values, no positions. At the first thing it would refuse it gives up,
and `parse` reads the file again to locate and explain every problem; `parse` is also what
computes positions, on demand, when a later check reports a problem in a valid file.
"""
from __future__ import annotations

import re

import yaml

from .issues import WARNING, Issue

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 20

try:  # libyaml's parser is ~10x faster; the pure-Python one gives the same events.
    from yaml.cyaml import CParser as _Loader  # the parser alone: no resolver to set up per file
except ImportError:  # pragma: no cover
    _Loader = yaml.BaseLoader

_ScalarEvent, _MappingStart, _SequenceStart = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
_ENDS = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
_PLAIN_TAGS = (None, "!")  # "!" only says "not plain"; any other tag is refused


class Scalar:
    """A YAML scalar before typing: its text and whether it was written unquoted."""

    __slots__ = ("value", "plain")

    def __init__(self, value: str, plain: bool):
        self.value = value
        self.plain = plain

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"Scalar({self.value!r}, plain={self.plain})"


Path = tuple  # ('conditions', 2, 'condition')


class Document:
    """One loaded file: where each node starts, for error messages.

    `marks` and `key_marks` map a path to the (line, col) of the value / of its key. A file read
    by the fast path keeps its text instead, parsed again for positions only if a problem is
    reported in it (most files never need them).
    """

    def __init__(self, path: str, text: str | None = None, line_offset: int = 0):
        self.path = path
        self.tree: object = None  # the untyped tree, from `parse` only
        self._text = text  # kept once located too: see forget_positions
        self._offset = line_offset  # lines before the text in its file (a guide's front matter)
        self._located = text is None
        self._marks: dict = {}
        self._key_marks: dict = {}

    @property
    def marks(self) -> dict:
        self._locate()
        return self._marks

    @property
    def key_marks(self) -> dict:
        self._locate()
        return self._key_marks

    def _locate(self) -> None:
        if self._located:
            return
        doc, _ = parse(self.path, self._text)
        self._located = True
        if doc is not None:  # always: the text was read without problem once already
            self._marks, self._key_marks = doc._marks, doc._key_marks
            self.shift(self._offset)

    def forget_positions(self) -> None:
        """Drop the positions found for a report already made; found again from the text if
        another report needs them. A file's marks take several times its text (about 200 MB at
        20,000 cases, most of them located for a warning), and the site is built after the report."""
        if self._text is not None:
            self._marks, self._key_marks, self._located = {}, {}, False

    def shift(self, offset: int) -> None:
        """Move every position down `offset` lines."""
        if offset:
            self._marks = {k: (line + offset, c) for k, (line, c) in self._marks.items()}
            self._key_marks = {k: (line + offset, c) for k, (line, c) in self._key_marks.items()}

    def where(self, path: Path, key: bool = False) -> tuple[int, int]:
        """Position of a node, or of its closest ancestor that has one."""
        marks = self.marks
        table = self.key_marks if key else marks
        p = tuple(path)
        if p in table:
            return table[p]
        while p:
            p = p[:-1]
            if p in marks:
                return marks[p]
        return (1, 1)


class _Stop(Exception):
    pass


# A line that is neither blank nor a comment: when found, the file is not empty, without
# splitting every file into lines.
_CONTENT_LINE = re.compile(r"^ *[^\s#]", re.M)


def decode(path: str, raw: bytes) -> tuple[str | None, list[Issue]]:
    """Bytes -> text: size limit, UTF-8 only (a BOM is accepted)."""
    if len(raw) > MAX_BYTES:
        return None, [Issue(path, 0, 0, "fichier-trop-gros",
                            f"Le fichier fait {len(raw) // 1024} Kio ; la limite est de {MAX_BYTES // 1024} Kio.",
                            "Découpez-le ou raccourcissez les textes.")]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        col = e.start - (raw.rfind(b"\n", 0, e.start) + 1) + 1
        return None, [Issue(path, line, col, "encodage",
                            f"Octet 0x{raw[e.start]:02x} invalide : le fichier n'est pas en UTF-8.",
                            "Enregistrez le fichier en UTF-8 dans votre éditeur.")]
    if not _CONTENT_LINE.search(text) and (
            not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines())):
        return None, [Issue(path, 0, 0, "fichier-vide", "Le fichier est vide.",
                            "Copiez un fichier existant comme modèle et remplissez-le.")]
    return text, []


_TAB_INDENT = re.compile(r"^[ ]*\t", re.M)

_SYNTAX_FR = [
    ("mapping values are not allowed", "un « : » inattendu.",
     "Si le texte contient « : », mettez-le entre guillemets."),
    ("could not find expected ':'", "il manque « : » après une clé.",
     "Écrivez « clé: valeur », ou mettez le texte entre guillemets."),
    ("did not find expected key", "indentation incohérente ou clé manquante.",
     "Alignez les clés d'un même bloc sur la même colonne."),
    ("did not find expected '-' indicator", "indentation incohérente dans une liste.",
     "Alignez les tirets d'une même liste sur la même colonne."),
    ("found unexpected end of stream", "fin de fichier inattendue.",
     "Vérifiez qu'aucun guillemet ou crochet n'est resté ouvert."),
    ("found unknown escape character", "séquence d'échappement inconnue entre guillemets doubles.",
     "Utilisez des guillemets simples, ou doublez la barre oblique inverse."),
    ("special characters are not allowed", "caractère de contrôle interdit.",
     "Supprimez le caractère invisible à cet endroit."),
    ("control characters are not allowed", "caractère de contrôle interdit.",
     "Supprimez le caractère invisible à cet endroit."),
    ("found undefined alias", "alias YAML (*nom) interdit.",
     "Recopiez la valeur au lieu d'utiliser une ancre et un alias."),
]


def _syntax_issue(path: str, err: yaml.YAMLError) -> Issue:
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
    problem = getattr(err, "problem", None) or str(err)
    for needle, msg, hint in _SYNTAX_FR:
        if needle in problem:
            return Issue(path, line, col, "yaml-syntaxe", f"Syntaxe YAML : {msg}", hint)
    return Issue(path, line, col, "yaml-syntaxe", f"Syntaxe YAML invalide ({problem}).",
                 "Comparez avec un fichier existant ; mettez les textes entre guillemets.")


def parse(path: str, text: str) -> tuple[Document | None, list[Issue]]:
    """Text -> Document, refusing anchors, aliases, tags, duplicate keys and deep nesting."""
    issues: list[Issue] = []
    m = _TAB_INDENT.search(text)
    if m:
        line = text.count("\n", 0, m.start()) + 1
        return None, [Issue(path, line, m.end() - m.start(), "yaml-tabulation",
                            "Tabulation dans l'indentation : YAML n'accepte que des espaces.",
                            "Remplacez les tabulations par des espaces (deux par niveau).")]
    doc = Document(path)
    # stack frames: [container, path, pending_key_or_None, discard]
    stack: list[list] = []
    docs = 0

    def here(ev) -> tuple[int, int]:
        return ev.start_mark.line + 1, ev.start_mark.column + 1

    def fail(ev, code: str, msg: str, hint: str) -> None:
        issues.append(Issue(path, *here(ev), code, msg, hint))
        raise _Stop

    def place(ev, node) -> tuple[Path, bool] | None:
        """Attach a new node to its parent. Returns (path, discard) or None for a key."""
        if not stack:
            doc.tree = node
            doc.marks[()] = here(ev)
            return (), False
        frame = stack[-1]
        parent, ppath, key, discard = frame
        if isinstance(parent, dict):
            if key is None:  # this node is a key
                if not isinstance(node, Scalar):
                    fail(ev, "yaml-syntaxe", "Une clé doit être un simple mot.",
                         "Écrivez « clé: valeur ».")
                k = node.value
                if k in parent:
                    first = doc.key_marks.get(ppath + (k,), (0, 0))[0]
                    issues.append(Issue(path, *here(ev), "cle-dupliquee",
                                        f"La clé « {k} » apparaît deux fois dans le même bloc"
                                        + (f" (première fois ligne {first})." if first else "."),
                                        "Gardez une seule de ces lignes."))
                    frame[2], frame[3] = k, True
                else:
                    doc.key_marks[ppath + (k,)] = here(ev)
                    frame[2], frame[3] = k, False
                return None
            p = ppath + (key,)
            if not discard:
                parent[key] = node
                doc.marks[p] = here(ev)
            frame[2] = None
            return p, discard
        p = ppath + (len(parent),)
        if not discard:
            parent.append(node)
            doc.marks[p] = here(ev)
        return p, discard

    loader = _Loader(text)
    try:
        while True:
            ev = loader.get_event()
            if ev is None:
                break
            if isinstance(ev, yaml.DocumentStartEvent):
                docs += 1
                if docs > 1:
                    fail(ev, "yaml-syntaxe", "Le fichier contient plusieurs documents YAML (« --- »).",
                         "Gardez un seul document par fichier.")
                continue
            if isinstance(ev, (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent)):
                continue
            if isinstance(ev, yaml.AliasEvent):
                fail(ev, "yaml-alias", f"Alias YAML « *{ev.anchor} » interdit.",
                     "Recopiez la valeur au lieu d'utiliser une ancre (&) et un alias (*).")
            if isinstance(ev, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                stack.pop()
                continue
            if getattr(ev, "anchor", None):
                fail(ev, "yaml-alias", f"Ancre YAML « &{ev.anchor} » interdite.",
                     "Recopiez la valeur au lieu d'utiliser une ancre (&) et un alias (*).")
            tag = getattr(ev, "tag", None)
            if tag not in (None, "!"):
                fail(ev, "etiquette-yaml", f"Étiquette YAML « {tag} » interdite.",
                     "Supprimez l'étiquette : écrivez la valeur simplement.")
            if isinstance(ev, yaml.ScalarEvent):
                place(ev, Scalar(ev.value, not ev.style))
                continue
            node: object = {} if isinstance(ev, yaml.MappingStartEvent) else []
            placed = place(ev, node)  # a container as a key fails inside place()
            if len(stack) >= MAX_DEPTH:
                fail(ev, "imbrication-trop-profonde",
                     f"Plus de {MAX_DEPTH} niveaux d'imbrication.",
                     "Simplifiez la structure : aucun champ n'en demande autant.")
            p, discard = placed
            stack.append([node, p, None, discard])
    except _Stop:
        return None, issues
    except yaml.YAMLError as e:
        return None, issues + [_syntax_issue(path, e)]
    finally:
        loader.dispose()
    if issues:
        return None, issues
    if not isinstance(doc.tree, dict):
        line, col = doc.marks.get((), (1, 1))
        return None, [Issue(path, line, col, "racine-invalide",
                            "Le fichier doit contenir des champs « clé: valeur » au premier niveau.",
                            "Commencez par « id: … » comme dans les autres fichiers.")]
    return doc, []


# --- typing by schema -------------------------------------------------------------------

_INT = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
_NULLS = {"", "~", "null", "Null", "NULL"}


_TRUTHS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}


def typed(value: str, types: frozenset) -> object:
    """An unquoted, non-null scalar -> the number or boolean the schema allows, else the text."""
    try:
        if "integer" in types and _INT.match(value):
            return int(value)
        if "number" in types and _FLOAT.match(value):
            return int(value) if _INT.match(value) else float(value)
    except ValueError:
        return value  # over Python's 4,300 digits: left as text, the schema reports the type
    if "boolean" in types and value in _TRUTHS:
        return _TRUTHS[value]
    return value


def coerce(node: object, typing) -> object:
    """Untyped tree -> plain Python values.

    `typing` is the schema's `Typing` for the node: the JSON types allowed there (empty if
    unknown) and, indexed by key (0 for list items), the same for what lies below. Only unquoted
    scalars are typed; anything else stays a string, so `NO`, `yes`, `01234` or `2024-02-30`
    reach the validator as the text the contributor wrote.
    """
    if isinstance(node, dict):
        return {k: coerce(v, typing[k]) for k, v in node.items()}
    if isinstance(node, list):
        items = typing[0]
        return [coerce(v, items) for v in node]
    if not node.plain:
        return node.value
    if node.value in _NULLS:
        return None
    return typed(node.value, typing.types) if typing.typed else node.value


def read_typed(text: str, typing) -> tuple[dict, list[str]] | None:
    """The fast path: a file with no problem -> (typed tree, every string value in it), in one pass.

    Builds what `coerce(parse(...).tree, typing)` would, without positions, and gives up (None)
    at the first thing `parse` reports: tab indentation, anchor, alias, tag, duplicate key, a
    container as a key, more than one document, too deep, a root that is not a mapping, a
    syntax error. `parse` then reads the file again to explain it.
    """
    if _TAB_INDENT.search(text):
        return None
    loader = _Loader(text)
    next_event = loader.get_event
    strings: list[str] = []
    # The open container, its typing and its pending key live in locals (the hot loop runs
    # once per YAML node); the enclosing ones wait on the stack.
    stack: list[tuple] = []
    root = container = None
    in_map = False
    here = typing
    key = None
    docs = 0
    try:
        while True:
            ev = next_event()
            if ev is None:
                break
            cls = ev.__class__
            if cls is _ScalarEvent:
                if ev.anchor is not None or ev.tag not in _PLAIN_TAGS:
                    return None
                value = ev.value
                if in_map:
                    if key is None:
                        if value in container:
                            return None  # duplicate key
                        key = value
                        continue
                    at = here[key]
                elif container is None:
                    return None  # the root is a scalar
                else:
                    at = here[0]
                # Typed as `coerce` does; every value still a string is kept for the text checks.
                if ev.style:  # quoted or block scalar: text as written
                    strings.append(value)
                elif value in _NULLS:
                    value = None
                elif at.typed:  # unquoted where the schema allows a number or a boolean
                    value = typed(value, at.types)
                    if value.__class__ is str:
                        strings.append(value)
                else:
                    strings.append(value)
                if in_map:
                    container[key] = value
                    key = None
                else:
                    container.append(value)
            elif cls is _MappingStart or cls is _SequenceStart:
                if ev.anchor is not None or ev.tag not in _PLAIN_TAGS or len(stack) >= MAX_DEPTH:
                    return None
                node: dict | list = {} if cls is _MappingStart else []
                if in_map:
                    if key is None:
                        return None  # a mapping or a list as a key
                    at = here[key]
                    container[key] = node
                    key = None
                elif container is not None:
                    at = here[0]
                    container.append(node)
                elif root is None and cls is _MappingStart:
                    root, at = node, typing
                else:
                    return None  # the root is a list
                stack.append((container, in_map, here))
                container, in_map, here = node, cls is _MappingStart, at
            elif cls in _ENDS:
                container, in_map, here = stack.pop()
            elif cls is yaml.DocumentStartEvent:
                docs += 1
                if docs > 1:
                    return None
            elif cls is yaml.AliasEvent:
                return None
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()
    return (root, strings) if root is not None else None


# --- what the YAML reader accepts but the contributor did not mean -------------------------

# « title: Conseil local #2 de l'ESS » reads as the title « Conseil local » followed by a
# comment: YAML starts a comment at « # » after a space, and the rest of the line is silently
# lost. A comment right after an unquoted value on the same line is reported when it cannot be
# meant as one:
# - « #2 », « #ESS »: the « # » is glued to what follows, as in a number or a hashtag, never as
#   in a comment (« # commentaire ») -> error, whatever the field;
# - the value is prose (it holds a space: ids, codes, numbers, dates and URLs never do) and the
#   comment reads as its continuation -> warning: `title: Conseil local # deuxième du nom`.
# `id: mon-cas # ancien nom : x` and `lat: 48.5 # centre-ville` stay legitimate comments.
_MAYBE_CUT = re.compile(r"\S[ \t]+#")
_FIELD = re.compile(r"^\s*(?:-\s+)?([^\s:#][^:#]*?)\s*:\s")


def cut_by_comment(path: str, text: str, line_offset: int = 0) -> list[Issue]:
    """Unquoted values that a ` #` cut short (see above), located at the « # »."""
    if not _MAYBE_CUT.search(text):  # nearly every file: one regex scan, no second parse
        return []
    lines = text.split("\n")
    out = []
    loader = _Loader(text)
    try:
        while (ev := loader.get_event()) is not None:
            if ev.__class__ is not _ScalarEvent or ev.style or not ev.value:
                continue
            end = ev.end_mark
            rest = lines[end.line][end.column:] if end.line < len(lines) else ""
            m = re.match(r"[ \t]+#(\S?)", rest)
            if not m:
                continue
            comment = rest[m.end(0) - len(m.group(1)) - 1:].rstrip()
            glued = bool(m.group(1))
            if not glued and " " not in ev.value:
                continue
            f = _FIELD.match(lines[end.line])
            field = f"{f.group(1)} : " if f else ""
            where = (end.line + 1 + line_offset, end.column + m.end(0) - len(m.group(1)))
            full = f"{ev.value} {comment}"
            quoted = '"' + full.replace("\\", "\\\\").replace('"', '\\"') + '"'
            if glued:
                out.append(Issue(path, *where, "texte-coupe",
                                 f"{field}la valeur s'arrête à « {ev.value} » : en YAML, « # » après une espace "
                                 f"commence un commentaire, et « {comment[:40]} » est perdu.",
                                 f"Mettez la valeur entre guillemets : {quoted[:80]}"))
            else:
                out.append(Issue(path, *where, "commentaire-apres-texte",
                                 f"{field}« {comment[:40]} » est lu comme un commentaire, pas comme la suite du texte "
                                 f"« {ev.value[:40]} ».",
                                 f"Si cela fait partie du texte, mettez la valeur entre guillemets : {quoted[:80]} ; "
                                 "sinon, mettez le commentaire sur sa propre ligne.", level=WARNING))
    except yaml.YAMLError:
        pass  # reported, located, by the reader itself
    finally:
        loader.dispose()
    return out


# « co-\n  construction » in a text written over several lines: the line break becomes a space (YAML
# folds it; Markdown joins the lines of a paragraph), and the page reads « co- construction ». A
# warning, not an error: « pré-\n  et post-électoral » is meant, and keeping the hyphen and the next
# word on one line is right in both cases.
_HYPHEN_BREAK = re.compile(r"[^\W\d_]-[ \t]*\n[ \t]*[^\W\d_]")
_FENCE = re.compile(r"^\s*(```|~~~)")


def hyphen_at_line_end(path: str, text: str, line_offset: int = 0, markdown: bool = False) -> list[Issue]:
    """Words split by a hyphen at the end of a line, inside one text (see above), at the hyphen."""
    if not _HYPHEN_BREAK.search(text):  # nearly every file: one regex scan, no parse
        return []
    lines = text.split("\n")
    if markdown:  # every line of the body is text, except in code blocks
        inside, fenced = [], False
        for line in lines:
            fence = bool(_FENCE.match(line))
            fenced ^= fence
            inside.append(not (fenced or fence))
    else:  # only the lines of one text written over several lines (a multi-line scalar)
        inside = [False] * len(lines)
        loader = _Loader(text)
        try:
            while (ev := loader.get_event()) is not None:
                if ev.__class__ is not _ScalarEvent:
                    continue
                # A block scalar ends at the start of the line after its text.
                last = ev.end_mark.line if ev.end_mark.column else ev.end_mark.line - 1
                if last > ev.start_mark.line:  # one text over several lines
                    for n in range(ev.start_mark.line, min(last + 1, len(lines))):
                        inside[n] = True
        except yaml.YAMLError:
            pass  # reported, located, by the reader itself
        finally:
            loader.dispose()
    out = []
    for m in _HYPHEN_BREAK.finditer(text):
        n = text.count("\n", 0, m.start())
        if not (inside[n] and inside[n + 1]):
            continue
        if markdown and (lines[n].lstrip()[:1] in ("#", "|") or lines[n + 1].lstrip()[:1] in ("#", "|")):
            continue  # a heading or a table row is a line of its own
        line, after = lines[n].rstrip(), lines[n + 1].strip()
        before = line.split()[-1]
        following = after.split()[0]
        out.append(Issue(path, n + 1 + line_offset, len(line), "cesure-fin-de-ligne",
                         f"« {before} » finit la ligne : le retour à la ligne devient une espace, et la page "
                         f"affiche « {before} {following} ».",
                         f"Gardez le mot entier sur une ligne : « {before}{following} ».", level=WARNING))
    return out


# `make new-case` marks what is left to write with « # À COMPLÉTER »; placeholder words say the
# same. Either one left in a file means an unfinished case would be published.
PLACEHOLDER_MARK = "À COMPLÉTER"
_PLACEHOLDER = re.compile(r"[AÀ] COMPL[EÉ]TER|\b(?:TODO|TBD|FIXME|XXX)\b|lorem ipsum", re.I)


def placeholders(path: str, text: str, line_offset: int = 0, markdown: bool = False) -> list[Issue]:
    """Every leftover placeholder mark at its line: in values and in trailing comments
    (`sectors: [a-completer]  # À COMPLÉTER`). A whole-line YAML comment explains and is never
    published: it may name the mark. In Markdown, `#` starts a heading: every line counts."""
    if not _PLACEHOLDER.search(text):
        return []
    out = []
    for n, line in enumerate(text.split("\n"), 1 + line_offset):
        if not markdown and line.lstrip().startswith("#"):
            continue
        for m in _PLACEHOLDER.finditer(line):
            out.append(Issue(path, n, m.start() + 1, "marque-a-completer",
                             f"« {m.group(0)} » : cette partie du fichier reste à écrire.",
                             "Remplacez la valeur provisoire par la vraie, puis retirez la marque."))
    return out
