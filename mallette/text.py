"""Contributor text: what it may contain, and how it is made safe for Markdown.

Contributor text is plain text with inline Markdown only. The validator refuses raw HTML,
images and links that are not http(s); rendering escapes everything else, so that even text
that slipped past validation stays inert (attribute lists, HTML, block syntax, table pipes).
"""
from __future__ import annotations

import html
import re
from functools import lru_cache

from markupsafe import Markup

HTML_TAG = re.compile(r"<\s*/?\s*[A-Za-z!?][^>]*>?|<!--")
BAD_SCHEME = re.compile(r"(?i)\b(?:javascript|vbscript|data|file)[\t\n\r]*:")  # "les data : …" is French, not a URL
MD_IMAGE = re.compile(r"!\[")
MD_LINK_TARGET = re.compile(r"\]\(\s*<?([^)\s>]*)")
SAFE_TARGET = re.compile(r"^(?:https?://|mailto:)", re.I)


def hidden_scheme(value: str) -> re.Match | None:
    """A forbidden scheme written with character references or tabs (`&#106;avascript:`,
    `java&#9;script:`, `javascript&colon;`): Markdown keeps them in a guide's link, and the
    browser decodes them into a working `javascript:` link."""
    if "&" not in value:
        return None
    return BAD_SCHEME.search(re.sub(r"[\t\n\r]", "", html.unescape(value)))


def text_problems(value: str) -> list[tuple[str, str, str]]:
    """(code, message, hint) for each unsafe construct in a contributor text."""
    if "<" not in value and "[" not in value and ":" not in value:
        return []  # most texts: three substring tests instead of four regex scans
    out = []
    m = HTML_TAG.search(value)
    if m:
        out.append(("html-interdit", f"contient du HTML (« {m.group(0)[:30]} »).",
                    "Écrivez du texte simple ; pour l'emphase, utilisez *italique* ou **gras**."))
    m = BAD_SCHEME.search(value)
    if m:
        out.append(("url-interdite", f"contient une adresse « {m.group(0)} » interdite.",
                    "Seuls les liens https:// (ou http://, mailto:) sont acceptés."))
    if MD_IMAGE.search(value):
        out.append(("image-interdite", "contient une image Markdown (« ![…](…) »).",
                    "Les images ne sont pas acceptées dans les textes : décrivez-les, ou mettez un lien."))
    for target in MD_LINK_TARGET.findall(value):
        if target and not SAFE_TARGET.match(target) and not BAD_SCHEME.match(target):
            out.append(("lien-invalide", f"contient un lien vers « {target} », qui n'est pas une adresse web complète.",
                        "Dans les fichiers YAML, un lien commence par https:// ."))
    return out


# --- rendering --------------------------------------------------------------------------

def escape(s: str) -> str:
    """HTML-escape the three characters Markdown would otherwise pass through as markup."""
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_NBSP = "\u00a0"
_NNBSP = "\u202f"


_TYPO_BEFORE_PUNCT = re.compile(r"[ \u00a0]+([;!?])")
_TYPO_BEFORE_COLON = re.compile(r"(?<=\S)[ \u00a0]+:(?=\s|$)")
_TYPO_AFTER_OPEN = re.compile(r"«[ \u00a0]*")
_TYPO_BEFORE_CLOSE = re.compile(r"[ \u00a0]*»")


def typography(text: str) -> str:
    """French typography: non-breaking spaces before ; : ! ? and inside « »."""
    # Each substitution only when its character occurs: `in` is much cheaper than a regex scan.
    if ";" in text or "!" in text or "?" in text:
        text = _TYPO_BEFORE_PUNCT.sub(_NNBSP + r"\1", text)
    if ":" in text:
        text = _TYPO_BEFORE_COLON.sub(_NBSP + ":", text)
    if "«" in text:
        text = _TYPO_AFTER_OPEN.sub("«" + _NBSP, text)
    if "»" in text:
        text = _TYPO_BEFORE_CLOSE.sub(_NBSP + "»", text)
    return text


_ALL_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")
_BLOCK_START = re.compile(r"^(\s*)(\d+|)([.)+\-*])(?=\s|$)")
_INLINE_SPECIAL = re.compile(r"([\\{}|#])")


# Regular expressions compiled once, and cheap substring tests before the substitutions that
# rarely apply: every distinct text of the site goes through these functions once.
_SPACES = re.compile(r"\s+")
_UNSAFE_LINK = re.compile(r"\]\((?!\s*(?:https?://|mailto:))")


def _one_line(s: str) -> str:
    """Every run of whitespace (newlines, tabs, no-break spaces…) -> one space."""
    if s.isprintable() and "  " not in s:
        return s  # its only whitespace is single spaces: every other space character is unprintable
    return _SPACES.sub(" ", s)


def _no_leading_equals(s: str) -> str:
    return "&#61;" + s[1:] if s.startswith("=") else s


# Pages repeat the same short values thousands of times (names, territories, labels): the two
# escapers below are pure functions of a string, so they are memoised.

def escape_plain(value) -> Markup:
    """Any value -> Markdown that displays exactly that text (HTML- and Markdown-escaped)."""
    if isinstance(value, Markup):
        return value
    return _escape_plain(str(value))


@lru_cache(maxsize=65_536)
def _escape_plain(s: str) -> Markup:
    s = escape(typography(_one_line(s)))
    s = _ALL_SPECIAL.sub(r"\\\1", s)
    return Markup(_no_leading_equals(s))


def inline_markdown(value) -> Markup:
    """Contributor text -> one line of Markdown keeping *emphasis*, **bold** and links only."""
    if isinstance(value, Markup):
        return value
    return _inline_markdown(str(value))


@lru_cache(maxsize=65_536)
def _inline_markdown(s: str) -> Markup:
    s = escape(typography(_one_line(s)))
    if "![" in s:
        s = MD_IMAGE.sub(r"\\!\\[", s)
    s = _INLINE_SPECIAL.sub(r"\\\1", s)
    m = _BLOCK_START.match(s)  # anchored at the start: match() does not try every position as sub() does
    if m:
        s = m.expand(r"\1\2\\\3") + s[m.end():]
    # Escape link brackets whose target is not a safe absolute URL (a second line of defence).
    if "](" in s:
        s = _UNSAFE_LINK.sub(r"\\](", s)
    return Markup(_no_leading_equals(s))


def paragraphs(value) -> list[Markup]:
    """Multi-paragraph contributor text -> one inline-Markdown string per paragraph."""
    return [inline_markdown(p) for p in re.split(r"\n\s*\n", str(value)) if p.strip()]
