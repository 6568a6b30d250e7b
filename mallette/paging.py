"""Lists of cases in pages of a fixed size, so that no page of the site grows with the corpus.

A list that starts on an entry's page (`cas/index.md`, `conditions/x.md`…) keeps that page as
its page 1; page k lives at `<the page's folder>/page/<k>.md` (`/cas/page/2/`,
`/conditions/x/page/2/`). These addresses depend only on the position in reading order: they
stay stable as long as the cases before them do. Pages 2 and after are left out of the
navigation by the hook (like case pages) and out of the search index by their template.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from .render import url_of

PAGE_SIZE = 50  # cases per page: a few tens of kilobytes of HTML, whatever the corpus
WINDOW = 2  # page numbers shown on each side of the current one in the page links


@dataclass(frozen=True)
class Pager:
    """One page of a list: its items and what the links between pages need."""
    number: int  # 1-based
    count: int  # pages in the list
    first: int  # 1-based position of the first item shown
    last: int
    total: int  # items in the whole list
    items: Sequence
    src_uris: tuple[str, ...]  # Markdown source of each page, page 1 first

    @property
    def src_uri(self) -> str:
        return self.src_uris[self.number - 1]

    @property
    def previous(self) -> str:
        return self.src_uris[self.number - 2] if self.number > 1 else ""

    @property
    def next(self) -> str:
        return self.src_uris[self.number] if self.number < self.count else ""

    def links(self) -> list[tuple[int, str]]:
        """(page number, source) to link to: the first, the last and those near this one;
        (0, "") stands for the gap between them (« … »)."""
        keep = {1, self.count} | set(range(max(1, self.number - WINDOW), min(self.count, self.number + WINDOW) + 1))
        out: list[tuple[int, str]] = []
        for k in sorted(keep):
            if out and k - out[-1][0] > 1:
                out.append((0, ""))
            out.append((k, self.src_uris[k - 1]))
        return out


def page_path(first_src: str, number: int) -> str:
    """Source of page `number` of a list whose page 1 is first_src: 'cas/index.md', 2 -> 'cas/page/2.md'."""
    if number == 1:
        return first_src
    return f"{url_of(first_src)}page/{number}.md"


def paginate(items: Sequence, first_src: str, size: int = PAGE_SIZE) -> list[Pager]:
    """Every page of a list (at least one, empty lists included), in order."""
    count = max(1, -(-len(items) // size))
    uris = tuple(page_path(first_src, k) for k in range(1, count + 1))
    return [Pager(k, count, (k - 1) * size + 1 if items else 0, min(k * size, len(items)), len(items),
                  items[(k - 1) * size:k * size], uris) for k in range(1, count + 1)]
