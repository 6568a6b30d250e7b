"""Where Markdown code is, as Python-Markdown sees it with the site's extensions: one scanner for
the validator (checks.py), the typography of guides (render.py) and the shortcodes (shortcodes.py).

The site's Markdown (mkdocs.yml: abbr, admonition, attr_list, tables, toc, pymdownx.betterem)
has no fenced code blocks: a line of ``` or ~~~ opens nothing. Code is
  - a code span: a run of backticks not preceded by an odd number of backslashes, closed by a run
    of the same length on the same line (`\\`` is a literal backtick, not code);
  - an indented code block: lines indented by four spaces or a tab after a blank line, when the
    text before is not a list item or an admonition (whose indented lines are their content).
Python-Markdown extracts raw HTML blocks before it looks for code, so a code span spread over
several lines can be cut by a line that starts with a tag (or a heading, a table row…): the
scanner only lets a span run over lines that cannot cut it. Where it could still be wrong, it
would not matter for safety: `rendered_problems` asks Python-Markdown itself what a guide
becomes, so that the validator never accepts what the renderer would turn into HTML.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser

# The Markdown extensions of mkdocs.yml (tests/test_sanitize.py keeps the two lists equal).
MARKDOWN_EXTENSIONS = ["abbr", "attr_list", "admonition", "tables", "toc", "pymdownx.betterem"]
MARKDOWN_CONFIG = {"tables": {"use_align_attribute": True}}

_BLANK = re.compile(r"^[ \t]*$")
_INDENTED = re.compile(r"^(?: {4}|\t)")
# Lines whose indented followers are their content, not code: list items, admonitions (`!!! note`).
_CONTAINER = re.compile(r"^[ \t]{0,3}(?:[-*+]|\d+[.)]|!!!|\?\?\?\+?)(?:[ \t]|$)")
_TICKS = re.compile(r"`+")


@dataclass(frozen=True)
class Line:
    n: int  # from 0
    text: str  # the line with its code spans blanked (same length, same columns)
    code_block: bool  # the whole line is an indented code block


# A line that can start a block of its own inside a paragraph (a raw HTML block, a heading, a
# quote, a table row, a rule or setext underline, a list, an admonition): a code span does not
# run across it, as far as the scanner can be sure.
# Inline tags (Python-Markdown leaves them in the paragraph) are the exception among tags.
_INLINE_TAGS = "a|abbr|b|bdi|bdo|br|cite|code|data|dfn|em|i|img|kbd|mark|q|s|samp|small|span|strong|sub|sup|time|u|var|wbr"
_CUTS = re.compile(r"^[ \t]{0,3}(?:<(?!/?(?:" + _INLINE_TAGS + r")[\s/>])|#|>|\||!!!|\?\?\?|[-=*_][ \t\-=*_]*$"
                   r"|[-*+][ \t]|\d+[.)][ \t])", re.I)


def code_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each code span of a paragraph's text, backticks included.

    A run of backticks not preceded by an odd number of backslashes opens a span, closed by a run of
    the same length; a span runs over several lines only when none of them can cut it (_CUTS)."""
    spans, pos = [], 0
    while True:
        m = _TICKS.search(text, pos)
        if not m:
            return spans
        backslashes = m.start() - len(text[:m.start()].rstrip("\\"))
        start, run = m.start(), m.group(0)
        if backslashes % 2:  # `\`` : the first backtick is text, the rest of the run may still open
            start, run = start + 1, run[1:]
            if not run:
                pos = m.end()
                continue
        close = re.compile(r"(?<!`)" + re.escape(run) + r"(?!`)").search(text, start + len(run))
        if close is None or any(_CUTS.match(line) for line in text[start:close.end()].split("\n")[1:]):
            pos = m.end()
            continue
        spans.append((start, close.end()))
        pos = close.end()


@lru_cache(maxsize=4096)
def scan(body: str) -> tuple[Line, ...]:
    """Every line of a Markdown body, with its code blanked and its code-block status."""
    lines = body.split("\n")
    block: list[bool] = []
    prev_blank, in_block, last_text = True, False, ""
    for line in lines:
        if _BLANK.match(line):
            block.append(in_block)  # a blank line neither opens nor closes a block
            prev_blank = True
            continue
        in_block = bool(_INDENTED.match(line)) and (in_block or (
            prev_blank and not _CONTAINER.match(last_text) and not _INDENTED.match(last_text)))
        block.append(in_block)
        if not in_block:
            last_text = line
        prev_blank = False
    # Code spans, paragraph by paragraph (runs of text lines): blanked, columns kept.
    masked = [" " * len(line) if b else line for line, b in zip(lines, block)]
    n = 0
    while n < len(lines):
        if block[n] or _BLANK.match(lines[n]):
            n += 1
            continue
        end = n
        while end < len(lines) and not block[end] and not _BLANK.match(lines[end]):
            end += 1
        text = "\n".join(lines[n:end])
        chars = list(text)
        for a, b in code_spans(text):
            chars[a:b] = [c if c == "\n" else " " for c in chars[a:b]]
        masked[n:end] = "".join(chars).split("\n")
        n = end
    return tuple(Line(i, masked[i], block[i]) for i in range(len(lines)))


# --- what Python-Markdown makes of a guide -------------------------------------------------

# What a guide may become: Markdown's text elements, heading anchors, links, glossary entries.
GUIDE_TAGS = frozenset({"p", "br", "hr", "em", "strong", "b", "i", "code", "pre", "blockquote", "ul", "ol",
                        "li", "a", "abbr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr",
                        "th", "td", "div"})
GUIDE_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"},
                    "ol": {"start"}, **{f"h{i}": {"id"} for i in range(2, 7)}}
# Admonitions (`!!! note`) write these classes; anything else would come from an attribute list.
ADMONITION = re.compile(r"^admonition(?:-title)?(?: [a-z]+)*$")
SAFE_URL = re.compile(r"^(?:https?://|mailto:|#|\.{0,2}/|[^:/?#]+(?:[/?#]|$))", re.I)


@dataclass(frozen=True)
class Found:
    code: str  # the validator's code: html-interdit, attributs-interdits, url-interdite, image-interdite
    what: str  # what was found, for the message and to find it in the source


class _Probe(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)  # attribute values as the browser decodes them
        self.found: list[Found] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.found.append(Found("image-interdite", "img"))
            return
        if tag not in GUIDE_TAGS:
            self.found.append(Found("html-interdit", f"<{tag}>"))
            return
        for name, value in attrs:
            value = value or ""
            if name == "class" and tag in ("div", "p") and ADMONITION.match(value):
                continue
            if name not in GUIDE_ATTRIBUTES.get(tag, ()):
                self.found.append(Found("attributs-interdits", f"{name}="))
            elif name == "href" and not SAFE_URL.match(re.sub(r"[\x00-\x20]", "", value)):
                self.found.append(Found("url-interdite", value.strip()[:40]))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_comment(self, data):
        self.found.append(Found("html-interdit", "<!--"))

    def handle_decl(self, decl):
        self.found.append(Found("html-interdit", f"<!{decl[:20]}"))

    def handle_pi(self, data):
        self.found.append(Found("html-interdit", f"<?{data[:20]}"))

    def unknown_decl(self, data):
        self.found.append(Found("html-interdit", f"<![{data[:20]}"))


def _markdown():
    import markdown  # here, not at import time: only guides need it, and only when validated

    return markdown.Markdown(extensions=MARKDOWN_EXTENSIONS, extension_configs=MARKDOWN_CONFIG)


def html_problems(body: str) -> list[Found]:
    """What Python-Markdown turns this body into, outside what a guide may contain."""
    probe = _Probe()
    probe.feed(_markdown().convert(body))
    probe.close()
    return probe.found


def rendered_problems(body: str) -> list[tuple[int, int, Found]]:
    """(line from 0, column from 0, found) for each unsafe thing the rendered body contains.

    Its line is the first at which the rendered beginning of the body contains it (found by
    bisection: a guide is rendered a handful of times, and only when something is wrong)."""
    return list(_rendered_problems(body))


# Rendering is most of validation's time, and the same guides are validated again and again by one
# process (each rebuild of `mkdocs serve`, the reference generator, the tests): remembered by text.
@lru_cache(maxsize=512)
def _rendered_problems(body: str) -> tuple[tuple[int, int, Found], ...]:
    out = []
    lines = body.split("\n")
    for found in dict.fromkeys(html_problems(body)):
        lo, hi = 1, len(lines)  # the smallest prefix (in lines) whose rendering shows `found`
        while lo < hi:
            mid = (lo + hi) // 2
            if found in html_problems("\n".join(lines[:mid])):
                hi = mid
            else:
                lo = mid + 1
        line = lines[lo - 1].lower()
        needle = "![" if found.what == "img" and "![" in line else found.what.strip("<>=!?[").lower()
        col = line.find(needle) if needle and needle in line else line.find("<")
        out.append((lo - 1, max(col, 0), found))
    return tuple(out)
