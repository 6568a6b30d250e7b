"""Wide tables on a phone: each table of a page's text scrolls inside its own labelled box.

Markdown tables (`<table>` with no attribute) are wrapped, in the built HTML, in
`<div class="mallette-defilement" role="region" aria-label="…" tabindex="0">`: a keyboard user
can focus the box and scroll it with the arrow keys, a screen reader names it after the section
it belongs to, and mallette.css draws a shadow on the side where more columns are hidden. The
templates' own tables (the matrix) carry a class and their own box: they are left alone.
"""
from __future__ import annotations

import html
import re

_TABLE_OR_HEADING = re.compile(r"<table>|<h([1-6])\b[^>]*>(.*?)</h\1>", re.S)
_PERMALINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)
_TAG = re.compile(r"<[^>]+>")


def _text(fragment: str) -> str:
    return " ".join(html.unescape(_TAG.sub("", _PERMALINK.sub("", fragment))).split())


def scrollable_tables(page_html: str) -> str:
    """The page's HTML with every Markdown table inside a focusable, labelled scrolling box."""
    if "<table>" not in page_html:
        return page_html
    out, pos, heading = [], 0, ""
    for m in _TABLE_OR_HEADING.finditer(page_html):
        if m.start() < pos:  # inside a table already wrapped
            continue
        if m.group(0) != "<table>":
            heading = _text(m.group(2))
            continue
        end = page_html.find("</table>", m.end())
        if end < 0:
            break
        end += len("</table>")
        label = html.escape(f"Tableau : {heading}" if heading else "Tableau", quote=True)
        out.append(page_html[pos:m.start()])
        out.append(f'<div class="mallette-defilement" role="region" aria-label="{label}" tabindex="0">')
        out.append(page_html[m.start():end])
        out.append("</div>")
        pos = end
    out.append(page_html[pos:])
    return "".join(out)
