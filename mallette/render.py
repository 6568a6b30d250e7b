"""Jinja2 over templates/ -> Markdown. Every value is escaped unless a filter says otherwise."""
from __future__ import annotations

import posixpath
from functools import lru_cache
import re
from datetime import date
from pathlib import Path

from babel import Locale
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from .text import escape_plain, inline_markdown, paragraphs, typography

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
_FR = Locale("fr")

LEVELS_FR = {
    "commune": "commune",
    "intercommunalite": "intercommunalité",
    "departement": "département",
    "region": "région",
    "national": "échelon national",
    "europeen": "échelon européen",
}
MONTHS_FR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
             "septembre", "octobre", "novembre", "décembre"]
AUDIENCES_FR = {"elus": "élu·e·s", "agents": "agents des collectivités", "acteurs": "acteurs de l'ESS",
                "formateurs": "formateurs et formatrices", "chercheurs": "chercheurs et chercheuses"}


def country_fr(code: str) -> str:
    return _FR.territories.get(code, code)


def date_fr(iso: str) -> str:
    """'2014-07-31' -> '31 juillet 2014' ('1er' for the first day)."""
    d = date.fromisoformat(iso)
    day = "1er" if d.day == 1 else str(d.day)
    return f"{day} {MONTHS_FR[d.month - 1]} {d.year}"


def number_fr(value) -> str:
    """130000 -> '130 000' (narrow no-break space), 45.5 -> '45,5'."""
    if isinstance(value, float) and not value.is_integer():
        whole, frac = f"{value}".split(".")
        return f"{int(whole):,}".replace(",", "\u202f") + "," + frac
    return f"{int(value):,}".replace(",", "\u202f")


def period_fr(period: dict) -> str:
    start, end = period["start"], period.get("end")
    if end is None:
        return f"depuis {start}"
    if end == start:
        return str(start)
    return f"{start}–{end}"


def guide_markdown(body: str) -> Markup:
    """A validated guide body, with French typography outside code."""
    out, fence = [], False
    for line in body.split("\n"):
        if re.match(r"^\s*(```|~~~)", line):
            fence = not fence
        elif not fence and "`" not in line:
            line = typography(line)
        out.append(line)
    return Markup("\n".join(out))


_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_URL = re.compile(r"^https?://[^\s<>\"]+$")


def raw_id(value: str) -> Markup:
    """A validated kebab-case id, written as is (anchors, URLs)."""
    if not _ID.match(str(value)):
        raise ValueError(f"not an id: {value!r}")
    return Markup(value)


def html_text(value) -> Markup:
    """Plain text for raw HTML inside a Markdown page: French typography, escaped for HTML only.

    Markdown leaves raw HTML blocks alone, so the Markdown escapes of `finalize` would show there.
    Quotes are escaped too: the value may sit in an attribute.
    """
    if isinstance(value, Markup):
        return value
    return escape(typography(re.sub(r"\s+", " ", str(value)).strip()))


def url_of(src_uri: str) -> str:
    """The URL of a Markdown page (use_directory_urls): 'cas/x.md' -> 'cas/x/', 'cas/index.md' -> 'cas/'."""
    path = src_uri[:-3]
    if path == "index" or path.endswith("/index"):
        return path[:-5]
    return path + "/"


def raw_url(value: str) -> Markup:
    """A validated http(s) URL, written as is inside <…> or a link target."""
    if not _URL.match(str(value)):
        raise ValueError(f"not a URL: {value!r}")
    return Markup(value)


@lru_cache(maxsize=100_000)
def _relpath(path: str, start: str) -> str:
    return posixpath.relpath(path, start)  # slow, and called for every link of every page


class Renderer:
    def __init__(self, template_dir: Path = TEMPLATES):
        self.env = Environment(
            loader=FileSystemLoader(str(template_dir)),
            autoescape=True,
            # Markdown heading anchors are written "{#id}": Jinja comments become "{## … ##}".
            comment_start_string="{##",
            comment_end_string="##}",
            undefined=StrictUndefined,
            finalize=escape_plain,  # plain text by default: HTML and Markdown both escaped
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.env.filters.update(
            md=inline_markdown,
            html=html_text,
            id=raw_id,
            url=raw_url,
            paragraphs=paragraphs,
            country=country_fr,
            date_fr=date_fr,
            number=number_fr,
            period=period_fr,
            level=lambda v: LEVELS_FR.get(v, v),
            audience=lambda v: AUDIENCES_FR.get(v, v),
        )

    def render(self, template: str, src_uri: str, **context) -> str:
        """Render a page whose Markdown source will live at src_uri (e.g. 'cas/x.md')."""
        here = posixpath.dirname(src_uri)

        def link(target: str) -> Markup:
            # Relative .md links: mkdocs checks them and turns them into page URLs.
            path, _, anchor = target.partition("#")
            rel = _relpath(path, here or ".")
            return Markup(rel + (f"#{anchor}" if anchor else ""))

        page_of = context.get("page_of")

        def a(entry, anchor: str = "") -> Markup:
            """[Name](relative link) to an entry's page: called for every cross-reference."""
            label = entry.get("short_title") or entry.get("title") or entry.get("name") or entry.id
            return Markup(f"[{escape_plain(label)}]({link(page_of(entry) + ('#' + anchor if anchor else ''))})")

        def href(target: str) -> Markup:
            # Raw HTML is not rewritten by mkdocs: the final relative URL of a page (.md path#anchor).
            path, _, anchor = target.partition("#")
            rel = _relpath(url_of(path) or ".", url_of(src_uri) or ".")
            rel = "./" if rel == "." else rel + "/"
            return Markup(escape(rel + (f"#{anchor}" if anchor else "")))

        return self.env.get_template(template).render(link=link, href=href, a=a, src_uri=src_uri, **context)
