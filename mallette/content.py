"""Find and load every content file: strict YAML, typed by its schema, checked against it."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .issues import Issue, fmt_path
from .load import Document, coerce, cut_by_comment, decode, hyphen_at_line_end, parse, placeholders, read_typed
from .schema import Schemas
from .text import text_problems


@dataclass(frozen=True)
class Kind:
    name: str  # internal name, used in references
    folder: str  # under content/
    schema: str  # file under schema/
    label: str  # French, for messages


KINDS = [
    Kind("case", "cases", "case.schema.json", "cas"),
    Kind("legal", "legal", "legal.schema.json", "texte juridique"),
    Kind("resource", "resources", "resource.schema.json", "ressource"),
    Kind("condition", "taxonomy/conditions", "condition.schema.json", "condition"),
    Kind("stage", "taxonomy/stages", "stage.schema.json", "étape"),
    Kind("mode", "taxonomy/modes", "mode.schema.json", "mode de participation"),
    Kind("sector", "taxonomy/sectors", "sector.schema.json", "secteur"),
    Kind("actor-type", "taxonomy/actor-types", "actor-type.schema.json", "type d'acteur"),
]
KIND = {k.name: k for k in KINDS}
GUIDE_SCHEMA = "guide.schema.json"
GLOSSARY = "glossary.yaml"


@dataclass
class Entry:
    """One content file once loaded: its data, where it came from, where each value sits."""

    kind: str
    id: str
    data: dict
    path: str  # relative to the project root, e.g. content/cases/x.yaml
    doc: Document
    body: str = ""  # guides: the Markdown after the front matter
    body_line: int = 0  # guides: file line of the body's first line
    # Values computed from the data once per build instead of by every module that asks
    # (completeness.of_case); the data never change after loading.
    derived: dict = field(default_factory=dict, repr=False, compare=False)

    def __getitem__(self, key):
        return self.data[key]

    def get(self, key, default=None):
        return self.data.get(key, default)


@dataclass
class Loaded:
    entries: dict = field(default_factory=dict)  # kind -> {id: Entry}
    glossary: list = field(default_factory=list)
    issues: list = field(default_factory=list)
    root: Path | None = None  # the project folder: some checks read beside content/ (the sources)
    glossary_doc: object = None  # positions in content/glossary.yaml, for located messages


def _rel(root: Path, p: Path) -> str:
    return p.relative_to(root).as_posix()


def _files(root: Path, folder: Path) -> list[tuple[str, str, str]]:
    """(name, path, path relative to root) of each visible file of a folder, sorted by name.

    os.scandir rather than Path objects: thousands of files per build, and an entry knows
    whether it is a folder without another system call."""
    base = _rel(root, folder)
    with os.scandir(folder) as entries:
        found = [(e.name, e.path) for e in entries if not e.name.startswith(".") and not e.is_dir()]
    return [(name, path, f"{base}/{name}") for name, path in sorted(found)]


class LoadCache:
    """`make serve` (and scripts/reference.py, which validates the content once per example): each
    YAML file as loaded by the previous validation (data, positions, problems), reused when its
    bytes, its path and the schemas are the same. Keyed on content, never on modification times;
    kept in one process only, so the code is always the running one. The
    checks across files (mallette/checks.py) run again at every rebuild: they are not cached.
    The data are shared from one rebuild to the next: nothing may modify a loaded entry."""

    def __init__(self):
        self._kept: dict[tuple, tuple] = {}
        self._next: dict[tuple, tuple] = {}
        self._schemas: Schemas | None = None
        self.hits = self.misses = 0

    def start(self, schemas: Schemas) -> None:
        """A new rebuild: only the files loaded by the last one are kept; all go with other schemas
        (`serve` gets a new Schemas object when a schema file changes: schema.SchemaCache)."""
        self._kept = {} if schemas is not self._schemas else {**self._kept, **self._next}
        self._next, self._schemas = {}, schemas
        self.hits = self.misses = 0

    def finish(self) -> None:
        self._kept, self._next = self._next, {}

    def load(self, raw: bytes, rel: str, schema_file: str, schemas: Schemas):
        key = (rel, schema_file, raw)
        found = self._kept.get(key)
        if found is None:
            self.misses += 1
            found = _load_bytes(raw, rel, schema_file, schemas)
        else:
            self.hits += 1
        self._next[key] = found
        data, doc, issues = found
        return data, doc, list(issues)


def load_yaml_file(path: str | Path, rel: str, schema_file: str, schemas: Schemas,
                   cache: LoadCache | None = None) -> tuple[dict | None, Document | None, list[Issue]]:
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except OSError as e:
        return None, None, [Issue(rel, 0, 0, "fichier-illisible", f"Lecture impossible : {e.strerror}.", "")]
    if cache is not None:
        return cache.load(raw, rel, schema_file, schemas)
    return _load_bytes(raw, rel, schema_file, schemas)


def _load_bytes(raw: bytes, rel: str, schema_file: str, schemas: Schemas):
    text, issues = decode(rel, raw)
    if text is None:
        return None, None, issues
    data, doc, issues = load_text(text, rel, schema_file, schemas)
    return data, doc, issues + unmeant_text(text, rel)


def unmeant_text(text: str, rel: str, line_offset: int = 0) -> list[Issue]:
    """What the reader accepts but the contributor did not mean: a value cut by « # », a mark left,
    a word split at a line's end."""
    return (cut_by_comment(rel, text, line_offset) + placeholders(rel, text, line_offset)
            + hyphen_at_line_end(rel, text, line_offset))


def load_text(text: str, rel: str, schema_file: str, schemas: Schemas, line_offset: int = 0):
    typing = schemas.typing(schema_file)
    fast = read_typed(text, typing)
    if fast is not None:  # nearly every file: positions are computed only if a problem needs them
        data, strings = fast
        doc = Document(rel, text, line_offset)
        issues = schemas.validate(schema_file, data, doc)
        if any(map(text_problems, strings)):  # the walk below only to locate the problems
            issues += check_texts(data, doc)
        return data, doc, issues
    doc, issues = parse(rel, text)
    if doc is None:
        return None, None, _shift(issues, line_offset)
    doc.shift(line_offset)
    data = coerce(doc.tree, typing)
    issues = schemas.validate(schema_file, data, doc)
    issues += check_texts(data, doc)
    return data, doc, issues


def _shift(issues: list[Issue], offset: int) -> list[Issue]:
    if not offset:
        return issues
    return [i.moved(offset) for i in issues]


def check_texts(data, doc: Document) -> list[Issue]:
    """Every string value of a file: no HTML, no dangerous URL, no image."""
    out = []

    def walk(v, path):
        if isinstance(v, dict):
            for k, x in v.items():
                walk(x, path + (k,))
        elif isinstance(v, list):
            for i, x in enumerate(v):
                walk(x, path + (i,))
        elif isinstance(v, str):
            for code, msg, hint in text_problems(v):
                out.append(Issue(doc.path, *doc.where(path), code, f"{fmt_path(path)} : {msg}", hint))

    walk(data, ())
    return out


def split_front_matter(text: str, rel: str) -> tuple[str | None, str, int, list[Issue]]:
    """A guide -> (front matter, body, first body line, issues)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return None, "", 0, [Issue(rel, 1, 1, "en-tete-manquant",
                                   "Le guide doit commencer par un en-tête YAML entre deux lignes « --- ».",
                                   "Copiez l'en-tête d'un guide existant (title, summary, sources).")]
    for i in range(1, len(lines)):
        if lines[i].strip() == "---":
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1:]), i + 2, []
    return None, "", 0, [Issue(rel, 1, 1, "en-tete-manquant", "L'en-tête YAML du guide n'est pas refermé par « --- ».",
                               "Ajoutez une ligne « --- » après le dernier champ de l'en-tête.")]


def load_all(root: Path, schemas: Schemas, cache: LoadCache | None = None) -> Loaded:
    """Every content file under root/content, loaded and schema-checked; problems collected.
    cache: `make serve`'s files of the previous rebuild (LoadCache)."""
    out = Loaded(root=Path(root))
    if cache is not None:
        cache.start(schemas)
    content = root / "content"
    jobs, owners = [], []
    for kind in KINDS:
        out.entries.setdefault(kind.name, {})
        folder = content / kind.folder
        if not folder.is_dir():
            continue
        for name, path, rel in _files(root, folder):
            if not name.endswith(".yaml"):  # for a visible file, the same as Path(name).suffix
                p = Path(name)
                out.issues.append(Issue(rel, 0, 0, "extension-invalide",
                                        f"Fichier ignoré : seuls les fichiers .yaml sont lus dans content/{kind.folder}/.",
                                        f"Renommez-le en « {p.stem}.yaml »." if p.suffix == ".yml" else "Déplacez ou supprimez ce fichier."))
                continue
            jobs.append((path, rel, kind.schema))
            owners.append((kind, name[: -len(".yaml")]))
    for (kind, stem), (path, rel, schema_file) in zip(owners, jobs):
        data, doc, issues = load_yaml_file(path, rel, schema_file, schemas, cache)
        out.issues += issues
        if data is not None:
            ident = data.get("id") if isinstance(data.get("id"), str) else stem
            out.entries[kind.name][stem] = Entry(kind.name, ident, data, doc.path, doc)
    guides = out.entries.setdefault("guide", {})
    gdir = content / "guides"
    if gdir.is_dir():
        for name, path, rel in _files(root, gdir):
            p = Path(path)
            if p.suffix != ".md":
                out.issues.append(Issue(rel, 0, 0, "extension-invalide",
                                        "Fichier ignoré : seuls les fichiers .md sont lus dans content/guides/.",
                                        f"Renommez-le en « {p.stem}.md »."))
                continue
            text, issues = decode(rel, p.read_bytes())
            out.issues += issues
            if text is None:
                continue
            front, body, body_line, issues = split_front_matter(text, rel)
            out.issues += issues
            if front is None:
                continue
            data, doc, issues = load_text(front, rel, GUIDE_SCHEMA, schemas, line_offset=1)
            out.issues += issues + unmeant_text(front, rel, line_offset=1)
            out.issues += placeholders(rel, body, body_line - 1, markdown=True)
            out.issues += hyphen_at_line_end(rel, body, body_line - 1, markdown=True)
            if data is not None:
                guides[p.stem] = Entry("guide", p.stem, data, rel, doc, body, body_line)
    gpath = content / GLOSSARY
    if gpath.exists():
        data, doc, issues = load_yaml_file(gpath, _rel(root, gpath), "glossary.schema.json", schemas, cache)
        out.issues += issues
        out.glossary_doc = doc
        if data is not None and isinstance(data.get("terms"), list):
            out.glossary = [t for t in data["terms"] if isinstance(t, dict)]
    if cache is not None:
        cache.finish()
    return out
