"""Jinja2 over templates/ -> Markdown. Every value is escaped unless a filter says otherwise."""
from __future__ import annotations

import posixpath
from dataclasses import fields
from functools import lru_cache
import re
from datetime import date
from pathlib import Path

from jinja2 import BytecodeCache, Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from . import labels, markdown_code
from .content import Entry
from .countries import country_fr
from .inline_html import md_html
from .text import escape_plain, inline_markdown, paragraphs, typography

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

MONTHS_FR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
             "septembre", "octobre", "novembre", "décembre"]


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
    """'depuis 2010', '2014–2018'; with period.start_precision (case.schema.json), 'depuis 2016 au
    plus tard', 'vers 2016 – 2018'. carte.js words the map's popups the same way."""
    start, end = period["start"], period.get("end")
    precision = period.get("start_precision")
    if precision == "au-plus-tard":
        if end is None:
            return f"depuis {start} au plus tard"
        return f"{start} au plus tard – {end}"
    if precision == "environ":
        if end is None:
            return f"depuis {start} environ"
        return f"vers {start} – {end}"
    if end is None:
        return f"depuis {start}"
    if end == start:
        return str(start)
    return f"{start}–{end}"


def period_note_fr(period: dict) -> str:
    """What a case page adds after its period when the start year is not exact ('' otherwise)."""
    precision = period.get("start_precision")
    return labels.START_PRECISION_NOTES[precision] if precision else ""


def guide_markdown(body: str) -> Markup:
    """A validated guide body, with French typography outside code."""
    out = []
    for line, scanned in zip(body.split("\n"), markdown_code.scan(body)):
        # Lines with code (a block, or a span: where it ends is Markdown's call) keep their spaces.
        if not scanned.code_block and "`" not in line:
            line = typography(line)
        out.append(line)
    return Markup("\n".join(out))


_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_URL = re.compile(r"^https?://[^\s<>\"]+$")


@lru_cache(maxsize=16_384)  # pages write the same ids again and again (anchors)
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
    return _html_text(str(value))


@lru_cache(maxsize=16_384)
def _html_text(s: str) -> Markup:
    # Memoised like escape_plain: the explorer and the matrix repeat the same names for every case.
    return escape(typography(re.sub(r"\s+", " ", s).strip()))


def html_value(value) -> Markup:
    """What `{{ … }}` writes in a template that gives HTML: like html_text, but spaces at either end
    are kept (`{{ "environ " }}{{ value }}`), as the Markdown templates keep them."""
    if isinstance(value, Markup):
        return value
    return _html_value(str(value))


@lru_cache(maxsize=16_384)
def _html_value(s: str) -> Markup:
    return escape(typography(re.sub(r"\s+", " ", s)))


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


@lru_cache(maxsize=16_384)
def _relpath(path: str, start: str) -> str:
    """posixpath.relpath, for every link of every page: memoised, and without its two abspath()
    calls (slow) when both paths are plain relative paths ('cas/x.md', 'conditions', '.'),
    where they would cancel out."""
    to, base = _plain_segments(path), _plain_segments(start)
    if not to or base is None:
        return posixpath.relpath(path, start)
    common = 0
    for a, b in zip(to, base):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(base) - common) + to[common:]) or "."


def _plain_segments(path: str) -> list[str] | None:
    """'cas/x/' -> ['cas', 'x']; '.' -> []; None for a path that needs normalising (/, .., ./)."""
    if path.startswith("/"):
        return None
    parts = [p for p in path.split("/") if p]
    if path != "." and ("." in parts or ".." in parts):
        return None
    return [] if path == "." else parts


_DICT_ATTRS = frozenset(dir(dict))
_ENTRY_ATTRS = frozenset(dir(Entry)) | {f.name for f in fields(Entry)}  # what getattr() finds on an entry


class _Environment(Environment):
    """Jinja's environment, with a faster `x.y` for YAML data (case.territory.name).

    Jinja tries the attribute first and the key after, which costs a raised AttributeError for every
    key read that way (hundreds per page). For a plain dict or an Entry, when no attribute of that
    name exists, the key is read directly: the same value Jinja would find, without the exception."""

    def getattr(self, obj, attribute):
        cls = type(obj)
        if cls is dict:
            if attribute in obj and attribute not in _DICT_ATTRS:
                return obj[attribute]
        elif cls is Entry:
            data = obj.data
            if attribute in data and attribute not in _ENTRY_ATTRS:
                return data[attribute]
        # Jinja's Environment.getattr, inlined (this runs hundreds of times per page).
        try:
            return getattr(obj, attribute)
        except AttributeError:
            pass
        try:
            return obj[attribute]
        except (TypeError, LookupError, AttributeError):
            return self.undefined(obj=obj, name=attribute)


class MemoryBytecodeCache(BytecodeCache):
    """Compiled templates kept in memory for the life of the process: `make serve` makes a new
    Renderer at each rebuild, and compiling the templates again cost about a quarter of a rebuild's
    own work. Jinja checks each template's source checksum (and its own version) before using
    what is kept, so an edited template is compiled again. One cache per kind of environment:
    the key is the template's name, and two environments compile the same file differently."""

    def __init__(self):
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_BYTECODE = {"md": MemoryBytecodeCache(), "html": MemoryBytecodeCache()}


class Renderer:
    """Two kinds of templates: `*.md.j2` give Markdown (escaped for Markdown and HTML, links as
    relative `.md` paths that mkdocs checks and rewrites), `*.html.j2` give the article's HTML
    itself (escaped for HTML, links as final relative URLs, contributor text converted field by
    field): those pages skip the Markdown parser (see mallette/headings.py for their headings)."""

    def __init__(self, template_dir: Path = TEMPLATES):
        self.env = self._environment(template_dir, finalize=escape_plain, md=inline_markdown, code=_BYTECODE["md"])
        self.html_env = self._environment(template_dir, finalize=html_value, md=md_html, code=_BYTECODE["html"])
        self._templates: dict = {}
        self._folders: dict[tuple, _Folder] = {}

    @staticmethod
    def _environment(template_dir: Path, *, finalize, md, code: BytecodeCache) -> _Environment:
        env = _Environment(
            loader=FileSystemLoader(str(template_dir)),
            bytecode_cache=code,
            # A Renderer serves one build: no need to stat each template file at every page.
            auto_reload=False,
            autoescape=True,
            # Markdown heading anchors are written "{#id}": Jinja comments become "{## … ##}".
            comment_start_string="{##",
            comment_end_string="##}",
            undefined=StrictUndefined,
            finalize=finalize,  # plain text by default: escaped for what the template writes
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        env.filters.update(
            md=md,
            md_html=md_html,  # contributor text inside raw HTML (workshop pages)
            html=html_text,
            id=raw_id,
            url=raw_url,
            paragraphs=paragraphs,
            country=country_fr,
            date_fr=date_fr,
            number=number_fr,
            period=period_fr,
            period_note=period_note_fr,
            level=labels.LEVELS.__getitem__,
            audience=labels.AUDIENCES.__getitem__,
        )
        return env

    def render(self, template: str, src_uri: str, **context) -> str:
        """Render a page whose Markdown source will live at src_uri (e.g. 'cas/x.md').

        Besides `context`, the template gets link(), href(), a() and `m`, the macros of
        _macros.md.j2 (see _Folder)."""
        html = template.endswith(".html.j2")
        here = _url_folder(src_uri) if html else (posixpath.dirname(src_uri) or ".")
        folder = self._folder(here, context, html)

        def href(target: str) -> Markup:
            # Raw HTML is not rewritten by mkdocs: the final relative URL of a page (.md path#anchor).
            path, _, anchor = target.partition("#")
            rel = _relpath(url_of(path) or ".", url_of(src_uri) or ".")
            rel = "./" if rel == "." else rel + "/"
            return Markup(escape(rel + (f"#{anchor}" if anchor else "")))

        return self._template(template).render(link=href if html else folder.link, href=href, a=folder.a,
                                               m=folder.macros, src_uri=src_uri, **context)

    def _folder(self, here: str, context: dict, html: bool = False) -> _Folder:
        shared = {k: context[k] for k in _SHARED if k in context}
        key = (html, here, *(id(v) for v in shared.values()))  # the folder keeps these values: ids stay theirs
        if key not in self._folders:
            self._folders[key] = (_HtmlFolder if html else _Folder)(self, here, shared)
        return self._folders[key]

    def _template(self, name: str):
        # get_template takes a lock and builds a cache key each time: one dict lookup instead.
        if name not in self._templates:
            env = self.html_env if name.endswith(".html.j2") else self.env
            self._templates[name] = env.get_template(name)
        return self._templates[name]


def _url_folder(src_uri: str) -> str:
    """Pages whose links to a given page are the same relative URL: 'cas/x.md' (URL cas/x/) and
    'cas/y.md' share '../cas'; 'cas/index.md' (URL cas/) is 'cas'; 'index.md' is '.'."""
    url = url_of(src_uri).rstrip("/")
    if src_uri == "index.md" or src_uri.endswith("/index.md"):
        return url or "."
    return "../" + (posixpath.dirname(url) or ".")


def _url_from(folder: str, target: str) -> str:
    """The relative URL from a page of `folder` (see _url_folder) to a Markdown page (+ #anchor)."""
    path, _, anchor = target.partition("#")
    up, base = (1, folder[3:]) if folder.startswith("../") else (0, folder)
    rel = _relpath(url_of(path).rstrip("/") or ".", base)
    rel = "../" * up + ("" if rel == "." else rel + "/")
    return (rel or "./") + (f"#{anchor}" if anchor else "")


_SHARED = ("kb", "entries", "page_of")  # context values that are the same for every page of a build


class _Folder:
    """What the pages of one folder share during a build, computed once instead of on every page.

    A folder's pages cite the same entries over and over (sectors, conditions, close cases…):
    each link, and each line naming a case, is computed once per folder. The macros of
    _macros.md.j2 (`m` in the templates) are made once per folder too, from the values that are
    the same for all its pages: a(), link() and the build's kb, entries and page_of."""

    macros_template = "_macros.md.j2"

    def __init__(self, renderer: Renderer, here: str, shared: dict):
        self.here, self.shared, self.page_of = here, shared, shared.get("page_of")
        self._renderer = renderer
        self._links: dict[int, tuple] = {}  # id(entry) -> (entry, label, path); the entry keeps its id
        self.macros = _Macros(self)

    def link(self, target: str) -> Markup:
        # Relative .md links: mkdocs checks them and turns them into page URLs.
        path, _, anchor = target.partition("#")
        rel = _relpath(path, self.here)
        return Markup(rel + (f"#{anchor}" if anchor else ""))

    def a(self, entry, anchor: str = "") -> Markup:
        """[Name](relative link) to an entry's page: called for every cross-reference."""
        known = self._links.get(id(entry))
        if known is None or known[0] is not entry:
            label = entry.get("short_title") or entry.get("title") or entry.get("name") or entry.id
            known = self._links[id(entry)] = (entry, escape_plain(label), _relpath(self.page_of(entry), self.here))
        _, label, rel = known
        return Markup(f"[{label}]({rel}#{anchor})" if anchor else f"[{label}]({rel})")


class _HtmlFolder(_Folder):
    """The same, for the templates that write HTML: links are <a href> with final URLs."""

    macros_template = "_macros.html.j2"

    def link(self, target: str) -> Markup:
        return Markup(escape(_url_from(self.here, target)))

    def a(self, entry, anchor: str = "") -> Markup:
        known = self._links.get(id(entry))
        if known is None or known[0] is not entry:
            label = entry.get("short_title") or entry.get("title") or entry.get("name") or entry.id
            known = self._links[id(entry)] = (entry, html_text(label), escape(_url_from(self.here, self.page_of(entry))))
        _, label, url = known
        return Markup(f'<a href="{url}#{anchor}">{label}</a>' if anchor else f'<a href="{url}">{label}</a>')


class _Macros:
    """`m` in the templates: the macros of _macros.md.j2 for the pages of one folder.

    Made when first used (not every template directory has them); m.case_line(case) is
    memoised, as the line naming a case depends only on the case and the folder."""

    def __init__(self, folder: _Folder):
        self._folder = folder
        self._module = None
        self._lines: dict[int, tuple] = {}  # id(case) -> (case, line)

    def __getattr__(self, name: str):
        if name.startswith("__"):  # Python's and Jinja's probes (__html__…) are not macros
            raise AttributeError(name)
        if self._module is None:
            f = self._folder
            self._module = f._renderer._template(f.macros_template).make_module({**f.shared, "a": f.a, "link": f.link})
        return getattr(self._module, name)

    def case_line(self, case) -> Markup:
        known = self._lines.get(id(case))
        if known is None or known[0] is not case:
            known = self._lines[id(case)] = (case, self.__getattr__("case_line")(case))
        return known[1]
