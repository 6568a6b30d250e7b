"""Glossary tooltips: every glossary acronym in a page's text becomes <abbr title="expansion">.

Done once on the page's HTML rather than by Python-Markdown's abbr extension: the extension
walks every element of every page in Python, which made it the largest single cost of building
thousands of case pages. Here a page costs one regex scan of its HTML (~0.1 ms). The result is
what the extension produced: text outside tags, never inside code, scripts, styles, existing
<abbr> elements or links written as bare addresses.
"""
from __future__ import annotations

import re
from bisect import bisect_right

from .text import escape


# Regions whose text is never a tooltip: code is literal, scripts and styles are not text, an
# <abbr> is already one, <option> or <title> hold text only, and SVG text cannot hold an <abbr>.
_SKIPPED = re.compile(r"<(code|pre|script|style|abbr|textarea|select|title|svg)\b[^>]*>.*?</\1>|<!--.*?-->", re.S)
_ADDRESS = ("http://", "https://", "mailto:")


class Abbreviations:
    def __init__(self, glossary: list[dict]):
        # term as it appears in HTML text -> the whole <abbr> element
        self._elements: dict[str, str] = {}
        for t in glossary:
            term = escape(str(t["term"]))
            # Escaped as Python-Markdown's serializer did (& < > "; the apostrophe stays).
            expansion = escape(" ".join(str(t["expansion"]).split())).replace('"', "&quot;")
            self._elements[term] = f'<abbr title="{expansion}">{term}</abbr>'
        # Longest first, so that a term containing another one wins (as in the abbr extension).
        # No leading \b: it would stop the regex engine's fast scan for first letters (5 x slower);
        # the character before a match is checked by hand instead.
        terms = sorted(self._elements, key=len, reverse=True)
        self._pattern = re.compile(rf"(?:{'|'.join(map(re.escape, terms))})\b") if terms else None

    def apply(self, html: str) -> str:
        """The page's HTML with each glossary acronym of its text wrapped in <abbr>."""
        if self._pattern is None:
            return html
        out, last, skipped = [], 0, None
        for m in self._pattern.finditer(html):
            at = m.start()
            before = html[at - 1] if at else " "
            if before.isalnum() or before in "_&#":
                continue  # inside a word, or the name of a character reference (&amp;, &#39;)
            tag_end = html.rfind(">", 0, at)
            if html.rfind("<", 0, at) > tag_end:
                continue  # inside a tag: a name or an attribute value
            if html.startswith(_ADDRESS, tag_end + 1):
                continue  # a link showing an address shows it as it is
            if skipped is None:
                skipped = _regions(html)
            i = bisect_right(skipped[0], at) - 1
            if i >= 0 and at < skipped[1][i]:
                continue
            out.append(html[last:at])
            out.append(self._elements[m.group(0)])
            last = m.end()
        if not out:
            return html
        out.append(html[last:])
        return "".join(out)


def _regions(html: str) -> tuple[list[int], list[int]]:
    """Start and end offsets of the regions never given tooltips, in order."""
    starts, ends = [], []
    for region in _SKIPPED.finditer(html):
        starts.append(region.start())
        ends.append(region.end())
    return starts, ends
