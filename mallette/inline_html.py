"""Contributor text as inline HTML, for the raw-HTML blocks of the workshop pages.

Python-Markdown leaves raw HTML blocks alone, so a form or a result panel cannot hold Markdown:
the text is first made safe inline Markdown (mallette.text.inline_markdown: HTML escaped, only
emphasis, bold and safe links kept), then converted here, once, to HTML.
"""
from __future__ import annotations

from functools import lru_cache

import markdown
from markupsafe import Markup

from .text import inline_markdown

_MD = markdown.Markdown()


@lru_cache(maxsize=10_000)
def _convert(source: str) -> Markup:
    _MD.reset()
    html = _MD.convert(source)
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return Markup(html)


def md_html(value) -> Markup:
    """One paragraph of contributor text -> inline HTML (escaped, typography applied)."""
    return _convert(str(inline_markdown(value)))
