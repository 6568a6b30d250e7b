"""Which of the site's optional scripts and stylesheets a page loads (overrides/main.html).

Every page loads the theme, mallette.css, recherche.css and the scripts every page needs (search,
scrolling tables, printing), listed in mkdocs.yml. The others serve a few pages each: loading them
everywhere cost a phone 100 KB of script to compile and run on every page (Lighthouse, issue #18).
A page gets them when its article holds what they act on:

- a script, when the article has one of the ids or classes the script looks for (SCRIPTS: keep it
  in step with the script's first lines, which return early without them);
- a stylesheet, when the article uses one of the `mallette-*` classes the stylesheet styles (read
  from the stylesheet itself, so that a new rule needs no change here), or when a script that
  draws with it is loaded.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

JS = "assets/javascripts/"
CSS = "assets/stylesheets/"


@dataclass(frozen=True)
class Script:
    path: str
    ids: frozenset = frozenset()
    classes: frozenset = frozenset()
    styles: tuple = ()  # stylesheets for what the script draws


def _script(name, ids=(), classes=(), styles=()):
    return Script(JS + name, frozenset(ids), frozenset(classes), tuple(CSS + s for s in styles))


SCRIPTS = (
    _script("carte.js", classes=["mallette-carte"], styles=["carte.css"]),  # a case page's map
    _script("explorer.js", ids=["filtres"], styles=["explorer.css"]),
    _script("comparer.js", ids=["comparer"], classes=["mallette-comparer-choix", "mallette-fiches"],
            styles=["atelier.css"]),
    _script("contribuer.js", ids=["formulaire-cas"], styles=["contribuer.css"]),
    _script("autodiagnostic.js", ids=["autodiagnostic"], styles=["atelier.css"]),
    _script("chronologie.js", ids=["chrono-filtres"], styles=["atelier.css"]),
)
STYLESHEETS = ("carte.css", "explorer.css", "contribuer.css", "atelier.css")

_CLASS_ATTR = re.compile(r'\bclass\s*=\s*(?:"([^"]*)"|\'([^\']*)\'|([^\s>"\']+))', re.I)
_ID_ATTR = re.compile(r'\bid\s*=\s*(?:"([^"]*)"|\'([^\']*)\'|([^\s>"\']+))', re.I)
_STYLED = re.compile(r"\.(mallette-[A-Za-z0-9_-]+)")
_COMMENT = re.compile(r"/\*.*?\*/", re.S)


def styled_classes(css: str) -> frozenset:
    """The `mallette-*` classes a stylesheet's selectors name (comments aside)."""
    return frozenset(_STYLED.findall(_COMMENT.sub("", css)))


def _values(pattern: re.Pattern, html: str, split: bool) -> set:
    found = set()
    for m in pattern.finditer(html):
        value = m.group(1) or m.group(2) or m.group(3) or ""
        found.update(value.split() if split else [value])
    return found


@dataclass(frozen=True)
class Selection:
    scripts: tuple = ()
    styles: tuple = ()


@dataclass
class PageAssets:
    """The rule above, with each optional stylesheet's classes read once per build."""

    styled: dict = field(default_factory=dict)  # stylesheet path -> classes it styles

    @classmethod
    def from_theme(cls, custom_dir: Path) -> "PageAssets":
        styled = {}
        for name in STYLESHEETS:
            css = Path(custom_dir) / CSS / name
            styled[CSS + name] = styled_classes(css.read_text(encoding="utf-8")) if css.is_file() else frozenset()
        return cls(styled)

    def for_page(self, html: str | None) -> Selection:
        if not html:
            return Selection()
        classes = _values(_CLASS_ATTR, html, split=True)
        ids = _values(_ID_ATTR, html, split=False)
        scripts = [s for s in SCRIPTS if s.ids & ids or s.classes & classes]
        wanted = {css for s in scripts for css in s.styles}
        wanted.update(path for path, names in self.styled.items() if names & classes)
        # In the order of STYLESHEETS, so that the cascade is the same on every page.
        return Selection(scripts=tuple(s.path for s in scripts),
                         styles=tuple(CSS + n for n in STYLESHEETS if CSS + n in wanted))
