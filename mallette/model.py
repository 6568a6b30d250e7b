"""The knowledge base: validated content with its cross-references computed once."""
from __future__ import annotations

import unicodedata
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

from .checks import run_checks
from .content import Entry, LoadCache, load_all
from .issues import ContentError, Report
from .refs import DIR_KIND, GUIDE_LINK, iter_refs
from .schema import Schemas, default_schemas


@lru_cache(maxsize=None)
def sort_key(text: str) -> str:
    """French alphabetical order: accents and case ignored (É sorts with E)."""
    s = unicodedata.normalize("NFKD", text)
    return "".join(c for c in s if not unicodedata.combining(c)).casefold()


RELATED_LIMIT = 8  # « Cas liés » on a page: every declared link, back-links up to this total


def _reading_order(e: Entry):
    return (e.get("order", 10_000), sort_key(e.get("title") or e.get("name") or e.get("term") or e.id))


class KnowledgeBase:
    def __init__(self, entries: dict[str, dict[str, Entry]], glossary: list[dict]):
        self.entries = entries
        self.glossary = sorted(glossary, key=lambda t: sort_key(t["term"]))
        self._all: dict[str, list[Entry]] = {}  # memoised lookups: pages ask the same ones often
        self._citing: dict[tuple, list[Entry]] = {}
        self._ranks: dict[str, dict[str, int]] = {}  # kind -> {id: position in reading order}
        # (kind, id) -> [(citing entry, path in its data)]
        self._cited_by: dict[tuple, list] = defaultdict(list)
        for table in entries.values():
            for e in table.values():
                for path, target, ident in iter_refs(e.kind, e.data):
                    self._cited_by[(target, ident)].append((e, path))
                if e.kind == "guide":
                    for m in GUIDE_LINK.finditer(e.body):
                        kind = DIR_KIND.get(m.group(1)) if m.group(1) else "guide"
                        if kind and m.group(2) in entries.get(kind, {}):
                            self._cited_by[(kind, m.group(2))].append((e, ("body",)))

    # --- lookups ------------------------------------------------------------------
    def get(self, kind: str, ident: str) -> Entry:
        return self.entries[kind][ident]

    def all(self, kind: str) -> list[Entry]:
        """Entries of a kind in reading order: `order` first when given, then by name.

        Computed once per kind (the base does not change after loading); do not mutate."""
        if kind not in self._all:
            self._all[kind] = sorted(self.entries.get(kind, {}).values(), key=_reading_order)
        return self._all[kind]

    @property
    def cases(self) -> list[Entry]:
        return self.all("case")

    def citing(self, kind: str, ident: str, by: str) -> list[Entry]:
        """Entries of kind `by` that cite (kind, ident), each once, in reading order."""
        memo = (kind, ident, by)
        if memo not in self._citing:
            seen, out = set(), []
            for e, _ in self._cited_by.get((kind, ident), []):
                if e.kind == by and e.id not in seen:
                    seen.add(e.id)
                    out.append(e)
            # Reading order as positions in all(by): the same order (this list follows the base's
            # order, as all() does before its stable sort) without recomputing each entry's key.
            rank = self._rank(by)
            self._citing[memo] = sorted(out, key=lambda e: rank[e.id])
        return self._citing[memo]

    def _rank(self, kind: str) -> dict[str, int]:
        if kind not in self._ranks:
            self._ranks[kind] = {e.id: i for i, e in enumerate(self.all(kind))}
        return self._ranks[kind]

    def evidence(self, condition: str) -> list[tuple[Entry, str]]:
        """(case, how it shows the condition) for every case citing the condition."""
        out = []
        for case in self.citing("condition", condition, "case"):
            for item in case["conditions"]:
                if item["condition"] == condition:
                    out.append((case, item["evidence"]))
        return out

    def stage_uses(self, stage: str) -> list[tuple[Entry, str]]:
        out = []
        for case in self.citing("stage", stage, "case"):
            for item in case.get("stages", []):
                if item["stage"] == stage:
                    out.append((case, item["description"]))
        return out

    def related(self, case: Entry, limit: int = RELATED_LIMIT) -> list[Entry]:
        """Cases this case declares related, then cases that declare it (the link goes both ways).

        Back-links are capped: a case that many others cite must not see its page grow with N."""
        ids = list(case.get("related", []))
        backlinks = [e.id for e in self.citing("case", case.id, "case") if e.id not in ids and e.id != case.id]
        ids += backlinks[: max(0, limit - len(ids))]
        return sorted((self.get("case", i) for i in ids if i != case.id), key=lambda e: sort_key(e["title"]))


def validate(root: Path, schemas: Schemas | None = None, cache: LoadCache | None = None) -> tuple[KnowledgeBase | None, Report]:
    """Load and check everything under root/content. The base is None when there are problems.
    cache: the files loaded by the previous validation in this process (content.LoadCache: `make
    serve`, scripts/reference.py); positions are then kept."""
    schemas = schemas or default_schemas()
    loaded = load_all(Path(root), schemas, cache)
    report = Report(list(loaded.issues))
    report.extend(run_checks(loaded))
    if report:
        return None, report
    if cache is None:  # the report is made: positions are not needed any more (`serve` checks again at each save)
        for table in loaded.entries.values():
            for entry in table.values():
                entry.doc.forget_positions()
    return KnowledgeBase(loaded.entries, loaded.glossary), report


def load_knowledge_base(root: Path) -> KnowledgeBase:
    kb, report = validate(root)
    if kb is None:
        raise ContentError(report)
    return kb
