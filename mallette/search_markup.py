"""What the site search (Pagefind) reads on each page, and how much each part counts.

Pagefind indexes the built HTML. Only the article of a page carrying `data-pagefind-body` is
read (the theme's navigation, header and footer never are); the page's kind is stored with it
(`data-pagefind-meta`) and shown in the results. This module decides, page by page:

- the kind of the page, from its folder (cas/, guides/, conditions/…);
- listing pages (cas/index.md, the explorer, the matrix, the map…) repeat the titles and
  summaries of pages indexed on their own: only their title and introduction are indexed, or
  thousands of similar case titles would crowd out the page a reader is looking for. Pages 2, 3…
  of a list are not indexed at all: they have the title and introduction of page 1 (at 20,000
  cases, thousands of them answered « co-construction » before the cases and guides);
- a case page is indexed by its title, summary, place, period, the names of its actors and its
  instruments. The other lines of « En bref » (mode, sectors, number of conditions,
  completeness), the map legend, the actors' types and roles and the evidence are left out: the mode's or sector's own page is the answer to its name, and
  lists its cases, as the explorer does. Pagefind's search time grows with the square of the
  pages a word is on (it scans every matching page's word list once per matching page): at
  20,000 cases, « l'économie », found on 12,000 pages when the sector line was indexed, took
  1.7 s;
- the title and summary of a guide or reference page weigh more than a case's, for the same
  reason: at 20,000 cases, many case titles mention « co-construction »;
- a heading marked `data-pagefind-ignore` (`## Cas proches {#cas-proches data-pagefind-ignore}`)
  leaves its whole section out of the index (Pagefind alone would leave out the heading only);
- heading permalinks (« ¶ ») are not part of titles and excerpts.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .explore import EXPLORER_PAGE, MATRIX_PAGE

# Kind of page by its first folder, as shown in the results (French, lower case).
KINDS = {
    "cas": "cas",
    "guides": "guide",
    "conditions": "condition de réussite",
    "etapes": "étape",
    "modes": "mode de participation",
    "secteurs": "secteur",
    "textes": "texte juridique",
    "ressources": "ressource",
}
LISTING_KIND = "liste"
OTHER_KIND = "page"
# Pages that list other pages without being a folder's index.
LISTINGS = {EXPLORER_PAGE, MATRIX_PAGE, "carte/index.md"}

# Pagefind's weights (0-10; body text 1, h1 7, h2 6… by itself) of a page's title and summary
# (its first paragraph), by kind. Guides first: at 20,000 cases, many case titles mention
# « co-construction », and the reader looking for the notion wants the guide. Then the notions
# (conditions, étapes, modes, secteurs), then the cases; the texts, resources and other pages
# that cite them last: « SOLIMA » finds the case before the decree that defines the word.
# Tried on the real content and on 5,000 synthetic cases (scripts/bench_corpus.py): with case
# titles at 7, one guide only in the first five results for « co-construction » at 5,000 cases;
# at 5, the decree before the SOLIMA case.
WEIGHTS = {
    "guide": ("10", "3"),
    "condition de réussite": ("8", "2"), "étape": ("8", "2"), "mode de participation": ("8", "2"),
    "secteur": ("8", "2"),
    "cas": ("6", "2"),
}
DEFAULT_WEIGHTS = ("4", "1")
PAGEFIND_WEIGHTS = ("7", "1")  # what Pagefind gives an h1 and a paragraph without the attribute

IGNORE = "data-pagefind-ignore"
_HEADING = re.compile(r"h[1-6]")
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_PERMALINK = re.compile(r'(<a class="headerlink" href="[^"]*")')

# A case page's « En bref » section (its heading's id) and the lines of it that are indexed, by
# their label: the place and the period. Its other lines and paragraphs are not (see above).
CASE_BRIEF = "en-bref"
CASE_BRIEF_KEPT = {"Territoire", "Période"}
_ITEM = re.compile(r"<li\b([^>]*)>\s*(?:<strong>([^<]*)</strong>)?")
# A case page's actors (a table: name, type, role): only the names, the first column, are indexed.
CASE_ACTORS = "acteurs"
_ROW = re.compile(r"<tr\b[^>]*>(.*?)</tr>", re.S)
_CELL = re.compile(r"<t[dh]\b([^>]*)>")
_THEAD = re.compile(r"<thead\b([^>]*)>")


@dataclass(frozen=True)
class PageSearch:
    kind: str  # shown in the results
    listing: bool = False  # only the title and introduction are indexed
    indexed: bool = True  # False: Pagefind leaves the page out (no data-pagefind-body)

    def as_meta(self) -> dict | None:
        """For the page's meta: overrides/main.html writes the attributes of the article (none
        for a page left out of the index)."""
        return {"kind": self.kind, "listing": self.listing} if self.indexed else None


def page_search(src_uri: str) -> PageSearch:
    """How the page at src_uri (e.g. cas/x.md, guides/index.md, a-propos.md) is indexed."""
    folder, _, rest = src_uri.partition("/")
    # Pages 2, 3… of a list (cas/page/2.md, conditions/x/page/2.md): page 1 is indexed.
    if "/page/" in src_uri:
        return PageSearch(LISTING_KIND, listing=True, indexed=False)
    if src_uri in LISTINGS or (rest == "index.md" and folder in KINDS):
        return PageSearch(LISTING_KIND, listing=True)
    return PageSearch(KINDS.get(folder, OTHER_KIND) if rest else OTHER_KIND)


# The top-level elements of a page's HTML, read with one regular expression rather than
# html.parser (2.5 times faster: at 5,000 cases a condition page lists thousands of cases).
# A token is a comment, a script or style with its raw text (whose « < » are not tags), or a tag;
# attribute values are quoted (Markdown and the templates always quote them).
_TOKEN = re.compile(
    r"<!--.*?-->"
    r"|<(script|style)\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>.*?</\1\s*>"
    r"|<(/?)([a-zA-Z][a-zA-Z0-9:-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>",
    re.S | re.I)
_ATTR = re.compile(r"([^\s\"'>/=]+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'>]+))?")


def _attributes(attrs: str) -> dict[str, str]:
    return {name.lower(): value.strip("\"'") for name, value in _ATTR.findall(attrs)}


def _top_level(html: str) -> list[tuple[str, int, int, dict]]:
    """(tag, start offset, end of the tag's name, attributes) of each top-level element."""
    depth, items = 0, []
    for m in _TOKEN.finditer(html):
        raw, closing, tag, attrs = m.groups()
        if raw:
            if depth == 0:
                items.append((raw.lower(), m.start(), m.start() + 1 + len(raw), {}))
            continue
        if tag is None:  # a comment
            continue
        tag = tag.lower()
        if closing:
            if tag not in _VOID:
                depth = max(0, depth - 1)
            continue
        if depth == 0:
            items.append((tag, m.start(), m.start() + 1 + len(tag), _attributes(attrs)))
        if tag not in _VOID and not attrs.rstrip().endswith("/"):
            depth += 1
    return items


def mark_for_search(html: str, search: PageSearch) -> str:
    """The page's HTML (the article's content) with the attributes Pagefind reads."""
    inserts: dict[int, str] = {}
    ignoring_from = None  # rank of the heading whose section is left out
    first_heading = True
    summary_done = False
    title_weight, summary_weight = WEIGHTS.get(search.kind, DEFAULT_WEIGHTS)
    if not search.indexed:
        return html
    section = None  # id of the h2 whose section this is
    elements = _top_level(html)
    for at, (tag, start, name_end, attrs) in enumerate(elements):
        heading = _HEADING.fullmatch(tag)
        rank = int(tag[1]) if heading else 7
        if heading and ignoring_from is not None and rank <= ignoring_from:
            ignoring_from = None
        if heading and rank <= 2:
            section = attrs.get("id")
        if heading and IGNORE in attrs:
            ignoring_from = rank
        elif ignoring_from is not None and IGNORE not in attrs:
            inserts[name_end] = f" {IGNORE}"
        elif search.kind == KINDS["cas"] and section == CASE_BRIEF and not heading and IGNORE not in attrs:
            if tag in ("ul", "ol"):
                end = elements[at + 1][1] if at + 1 < len(elements) else len(html)
                for item in _ITEM.finditer(html, start, end):
                    if (item.group(2) or "").strip() not in CASE_BRIEF_KEPT and IGNORE not in _attributes(item.group(1)):
                        inserts[item.start() + 3] = f" {IGNORE}"
            else:
                inserts[name_end] = f" {IGNORE}"
        elif search.kind == KINDS["cas"] and section == CASE_ACTORS and not heading and IGNORE not in attrs:
            end = elements[at + 1][1] if at + 1 < len(elements) else len(html)
            for head in _THEAD.finditer(html, start, end):
                if IGNORE not in _attributes(head.group(1)):
                    inserts[head.start() + 6] = f" {IGNORE}"
            for row in _ROW.finditer(html, start, end):
                for cell in list(_CELL.finditer(html, row.start(1), row.end(1)))[1:]:
                    if IGNORE not in _attributes(cell.group(1)):
                        inserts[cell.start() + 3] = f" {IGNORE}"
        if search.listing:
            # Title and introduction: the first heading, then paragraphs up to anything else.
            if heading and first_heading or tag == "p" and not summary_done:
                first_heading = False
            else:
                summary_done = True
                if IGNORE not in attrs:
                    inserts[name_end] = f" {IGNORE}"
            continue
        if tag == "h1" and first_heading:
            first_heading = False
            if title_weight != PAGEFIND_WEIGHTS[0]:
                inserts[name_end] = f' data-pagefind-weight="{title_weight}"'
        elif tag == "p" and not summary_done and not first_heading and name_end not in inserts:
            summary_done = True
            if summary_weight != PAGEFIND_WEIGHTS[1]:
                inserts[name_end] = f' data-pagefind-weight="{summary_weight}"'
        elif heading:
            summary_done = True
    out, last = [], 0
    for at in sorted(inserts):
        out += [html[last:at], inserts[at]]
        last = at
    out.append(html[last:])
    return _PERMALINK.sub(rf"\1 {IGNORE}", "".join(out))
