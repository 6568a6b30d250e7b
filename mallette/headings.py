"""Heading ids, permalinks and the table of contents of a page rendered straight to HTML.

What Python-Markdown's toc extension does for the Markdown pages (mkdocs.yml: `toc` with
`permalink` and `permalink_title`), done on the HTML our templates write, with the extension's
own public helpers (slugify, unique, strip_tags, nest_toc_tokens) so that ids, permalinks and
table-of-contents entries come out the same:
- a heading without an id gets one from its text, unique among the page's ids;
- every heading ends with the « ¶ » permalink;
- the table of contents lists every heading (level, id, text as escaped HTML), nested.

The input is the output of our own autoescaped templates (not contributor HTML): headings are
`<hN …>…</hN>` with no nested heading, attributes in double quotes.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass

from markdown.extensions.toc import nest_toc_tokens, slugify, strip_tags, unique

PERMALINK_TITLE = "Lien vers cette section"  # as mkdocs.yml's toc permalink_title
_HEADING = re.compile(r"<h([1-6])((?:\s[^>]*)?)>(.*?)</h\1>", re.S)
_ID = re.compile(r'\sid="([^"]*)"')


@dataclass(frozen=True)
class AnchoredPage:
    html: str
    # (level, id, text as escaped HTML) of each heading, in order. Tuples rather than the toc
    # extension's nested dicts: every page's outline is kept until the engine reads it, and at
    # 20,000 cases the dicts took about 300 MB.
    headings: tuple
    title: str  # the first h1's text (escaped HTML), "" without one
    ids: frozenset  # every id of the page: what a link's #fragment may name

    @property
    def toc(self) -> list:
        """The nested toc tokens, as Python-Markdown's toc extension gives them (level, id, name,
        children), for an engine's table of contents."""
        return nest_toc_tokens([{"level": level, "id": ident, "name": name} for level, ident, name in self.headings])


def _text(inner: str) -> str:
    """A heading's content as the toc extension names it: tags stripped, escaped like Markdown's
    serializer (& < > only; Jinja's &#39; and &#34; become the characters)."""
    return html.escape(html.unescape(strip_tags(inner)), quote=False)


def anchor_headings(page: str) -> AnchoredPage:
    used = set(_ID.findall(page))
    headings, title = [], None

    def anchor(m: re.Match) -> str:
        nonlocal title
        level, attrs, inner = m.group(1), m.group(2), m.group(3)
        name = _text(inner)
        found = _ID.search(attrs)
        if found:
            ident = found.group(1)
        else:
            ident = unique(slugify(html.unescape(name), "-"), used)
            attrs = f' id="{ident}"{attrs}'
        if level == "1" and title is None:
            title = name
        headings.append((int(level), ident, name))
        link = f'<a class="headerlink" href="#{ident}" title="{PERMALINK_TITLE}">\u00b6</a>'
        return f"<h{level}{attrs}>{inner}{link}</h{level}>"

    out = _HEADING.sub(anchor, page)
    return AnchoredPage(out, tuple(headings), title or "", frozenset(used))
