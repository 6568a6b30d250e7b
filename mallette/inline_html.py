"""Contributor text as inline HTML: for pages written straight in HTML (case pages…) and the raw
HTML blocks of the workshop pages, where no Markdown parser runs after the template.

The text is first made safe inline Markdown (mallette.text.inline_markdown: HTML escaped, only
emphasis, bold and safe links kept), then converted here, field by field, by one reused
Python-Markdown converter with the extensions of the site's Markdown pages (the same escapes,
escaped pipes included, and emphasis rules), so that a field reads the same on every page.
"""
from __future__ import annotations

import re
from functools import lru_cache

import markdown
from markupsafe import Markup

from .markdown_code import MARKDOWN_CONFIG, MARKDOWN_EXTENSIONS
from .text import inline_markdown

_MD = markdown.Markdown(extensions=MARKDOWN_EXTENSIONS, extension_configs=MARKDOWN_CONFIG)
# Characters that start an inline Markdown construct (escape, code, emphasis, link, autolink or
# raw HTML, hard break): a text without any of them is its own HTML, no parser needed.
_MARKUP = re.compile(r"[\\`*_\[<]|  $")
# …and a line that Markdown would read as a block (rule, heading, list, quote): the parser decides.
_BLOCKISH = re.compile(r"^\s*(?:[-=+>#]|\d)")


@lru_cache(maxsize=16_384)
def _convert(source: str) -> Markup:
    if not _MARKUP.search(source) and not _BLOCKISH.match(source):
        return Markup(source.lstrip())  # as a Markdown paragraph: leading spaces go, trailing ones stay
    _MD.reset()
    html = _MD.convert(source)
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return Markup(html)


def md_html(value) -> Markup:
    """One paragraph of contributor text -> inline HTML (escaped, typography applied)."""
    return _convert(str(inline_markdown(value)))
