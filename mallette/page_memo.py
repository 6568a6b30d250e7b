"""Generated HTML pages kept from one rebuild of `make serve` to the next, by what they show.

A page written straight in HTML (templates/*.html.j2: case, taxonomy, legal text, resource pages
and their indexes) shows its context (the case, the cases of one page of a list…), the entries
that are not cases (taxonomy, legal texts, resources, guides, glossary) and the site's settings,
through the templates. A rebuild after an edit renders again only the pages for which one of
these changed; the others are taken from the previous rebuild. The key is a digest of all of
it, by value (each entry's data), never by modification time, so that a page cannot be stale:

- the page's template, path and context, every entry in it by its data (a case listed on the
  page: its id and data);
- the data of every entry that is not a case, the glossary and the guides' text;
- the bytes of every template, and the site's settings;
- the code is the running process's: a memo lives in one process (`serve`) and starts empty.

Contract for the *.html.j2 templates and their macros: cases are reached only through the
page's context (never through `entries.case` or `kb`), or they must enter the key here. A
context value the key cannot read (not an entry, list, dict, dataclass or plain value) makes
the page rendered every time. tests/test_page_memo.py renders the pages again after edits and
compares. The plain build (`make site`) does not use it: every page is rendered.
"""
from __future__ import annotations

import zlib
from types import FunctionType
from dataclasses import fields, is_dataclass, replace
from pathlib import Path

from .content import Entry
from .digest import digest as _digest, folder_digest
from .pages import GeneratedPage
from .similar import Close


_FIELDS: dict[type, tuple[str, ...]] = {}  # a dataclass's field names (fields() is slow, called per value)


class _Unkeyable(Exception):
    """A context value the key cannot read: the page is rendered, not memoised."""


class PageMemo:
    """The pages of the previous rebuild, by key (see the module's docstring). Only the pages
    of the last rebuild are kept, compressed (about 3 KB a page)."""

    def __init__(self, templates: Path):
        self.templates = Path(templates)
        self._kept: dict[str, tuple[GeneratedPage, bytes]] = {}
        self._next: dict[str, tuple[GeneratedPage, bytes]] = {}
        self._common = ""
        self._entries: dict[tuple[str, str], str] = {}
        self.hits = self.misses = 0
        self._close_key, self._close = "", {}
        self._by_data: dict[tuple, tuple] = {}

    def start(self, kb, *settings) -> None:
        """A new rebuild of `kb`: what every page sees, digested once."""
        self._kept, self._next = {**self._kept, **self._next}, {}
        self.hits = self.misses = 0
        # An entry's digest is computed again only for data loaded again: content.LoadCache gives
        # back the same data object for a file whose bytes did not change (and data are never
        # modified after loading). The object is kept with its digest, so its id is not reused.
        known, self._by_data = self._by_data, {}
        self._entries = {}
        for table in kb.entries.values():
            for e in table.values():
                mark = (id(e.data), e.path, e.body)
                found = known.get(mark)
                if found is None or found[0] is not e.data:
                    found = (e.data, _digest(e.path, e.data, e.body))
                self._by_data[mark] = found
                self._entries[(e.kind, e.id)] = found[1]
        others = sorted(v for k, v in self._entries.items() if k[0] != "case")
        self._common = _digest(folder_digest(self.templates), others, kb.glossary, list(settings))

    def key(self, template: str, src_uri: str, source: str, context: dict) -> str | None:
        """The key of a page, or None when its context cannot be read (then it is rendered)."""
        try:
            return _digest(self._common, template, src_uri, source, self._encode(context))
        except _Unkeyable:
            return None

    def _encode(self, v):
        if v is None or isinstance(v, (str, int, float, bool)):
            return v
        if isinstance(v, Entry):
            return ["entry", v.kind, v.id, self._entries[(v.kind, v.id)]]
        if isinstance(v, (list, tuple)):
            return [self._encode(x) for x in v]
        if isinstance(v, dict):
            return [[str(k), self._encode(x)] for k, x in v.items()]
        if isinstance(v, FunctionType):
            # Code is the running process's (the memo lives in one process): a function is its
            # name and place, and the values it closes over.
            cells = [c.cell_contents for c in v.__closure__ or ()]
            return ["code", v.__module__, v.__qualname__, v.__code__.co_firstlineno, self._encode(cells),
                    self._encode(v.__defaults__)]
        if is_dataclass(v) and not isinstance(v, type):
            names = _FIELDS.get(type(v))
            if names is None:
                names = _FIELDS[type(v)] = tuple(f.name for f in fields(v))
            return [type(v).__name__, [[name, self._encode(getattr(v, name))] for name in names]]
        raise _Unkeyable(type(v).__name__)

    def get(self, key: str | None) -> GeneratedPage | None:
        kept = self._kept.get(key) if key else None
        if kept is None:
            self.misses += 1
            return None
        self.hits += 1
        self._next[key] = kept
        outline, text = kept
        return replace(outline, article=replace(outline.article, html=zlib.decompress(text).decode("utf-8")))

    def put(self, key: str | None, page: GeneratedPage) -> GeneratedPage:
        if key and page.article:
            self._next[key] = (page.outline(), zlib.compress(page.article.html.encode("utf-8"), 1))
        return page

    def close_cases(self, cases: list, compute) -> dict[str, list[Close]]:
        """« Cas proches » of every case (compute: mallette.similar.close_cases), computed again only
        when what it reads changed: each case's conditions, sectors and mode, and the reading
        order of the cases. Kept by ids, and given back with this build's entries."""
        key = _digest([(c.id, [x["condition"] for x in c["conditions"]], list(c["sectors"]), c.get("mode"))
                       for c in cases])
        if key != self._close_key:
            self._close = {i: [(p.case.id, p.conditions, p.sectors, p.same_mode) for p in near]
                           for i, near in compute(cases).items()}
            self._close_key = key
        by_id = {c.id: c for c in cases}
        return {i: [Close(by_id[j], conds, sectors, same) for j, conds, sectors, same in near]
                for i, near in self._close.items()}

    def finish(self) -> None:
        """End of a rebuild: only its pages are kept."""
        self._kept, self._next = self._next, {}
