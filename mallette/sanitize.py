"""One allowlist for every page's article HTML: what content can put into a page, whatever it wrote.

Contributors write the content: guide bodies and hand-written pages are Markdown, which passes
raw HTML through, and every YAML text field reaches a page through Markdown too. The validator
refuses unsafe constructs with a located French message, but the site's safety does not depend on
it agreeing with Python-Markdown: the HTML Python-Markdown *produced* goes through `clean_article`
(ammonia, via nh3), which keeps only the elements, attributes and URL schemes listed here.

Why the whole article and not each content fragment: generated pages are Jinja → Markdown, and
content text only becomes HTML when Markdown converts the whole page, so there is no HTML
fragment of "content only" to clean before templating. The allowlist is therefore that of
Markdown's output plus the few widgets our templates write inside the article (the explorer's
form, the map's frame, `data-*` attributes our scripts read), each with its exact attributes:
an element or attribute our templates do not write is not in the list. The frame may only show
our own map document. Theme HTML (header, navigation, scripts) is outside the article and
outside the sanitizer; the Content-Security-Policy (csp.py) is the second line for all of it.

A template that starts writing a new element, attribute or data-* attribute inside the article
must add it here: tests/test_sanitize.py fails, naming it, when the real site loses markup.
"""
from __future__ import annotations

import html

import nh3

from .contribute import repository_links
from .maps import DOCUMENT_PATH

# URL schemes a link may have; relative URLs (other pages, #anchors) are always allowed.
URL_SCHEMES = frozenset({"http", "https", "mailto"})

# What Markdown (with mkdocs.yml's extensions: abbr, admonition, attr_list, tables, toc) writes.
_TEXT = {"a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "details", "div", "dl", "dt", "em",
         "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li",
         "mark", "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub", "summary", "sup", "ul",
         "table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td"}
# What our templates add inside the article: the explorer's and the workshop tools' forms, the
# map's frame, the sections of the matrix.
_WIDGETS = {"form", "fieldset", "legend", "label", "input", "select", "option", "button", "textarea", "iframe",
            "section", "nav"}
# The charts our templates draw at build time (heat maps, bars, the chronology): plain shapes and
# text, no <use>, <animate>, <foreignObject>, style or script, whose attributes could fetch or run.
_SVG = {"svg", "g", "rect", "line", "path", "circle", "text", "title", "desc"}
TAGS = frozenset(_TEXT | _WIDGETS | _SVG)

# Attributes allowed on every element. `data-*` ones are those our scripts and the search read;
# none of them holds a URL or code. The map's settings (tile server, attribution) are written on
# the map's element too: they are allowed with the configured values only (see Sanitizer).
_GENERIC = {"id", "class", "title", "lang", "dir", "role", "tabindex", "hidden",
            "aria-label", "aria-labelledby", "aria-describedby", "aria-hidden", "aria-live", "aria-current",
            "data-cas", "data-action", "data-source", "data-par-page",
            "data-facette", "data-regle", "data-libelle", "data-lettre", "data-niveau", "data-niveau-nom",
            "data-lat", "data-lon", "data-zoom",
            "data-groupe", "data-choisis", "data-croisement", "data-min", "data-max", "data-racine",
            "data-comparer", "data-dossier", "data-condition", "data-note", "data-niveau-texte", "data-reponse",
            "data-valeur", "data-secteurs",
            "data-pagefind-body", "data-pagefind-ignore", "data-pagefind-meta", "data-pagefind-filter",
            "data-pagefind-sort", "data-pagefind-weight"}
ATTRIBUTES = {
    "*": _GENERIC,
    "a": {"href", "hreflang", "type", "rel"},  # rel: the pager's next/prev
    "img": {"src", "alt", "width", "height", "loading"},
    "q": {"cite"}, "blockquote": {"cite"}, "del": {"cite", "datetime"}, "ins": {"cite", "datetime"},
    "ol": {"start", "reversed", "type"},
    "th": {"scope", "colspan", "rowspan", "align", "abbr"}, "td": {"colspan", "rowspan", "align"},
    "col": {"span"}, "colgroup": {"span"},
    "details": {"open"},
    "label": {"for"},
    "input": {"type", "name", "value", "min", "max", "step", "placeholder", "autocomplete", "inputmode",
              "spellcheck", "checked", "disabled", "required"},
    "select": {"name", "multiple", "disabled"},
    "option": {"value", "selected", "disabled"},
    "button": {"type", "disabled"},
    "fieldset": {"disabled"},
    "form": {"novalidate"},
    "textarea": {"name", "rows", "cols", "readonly", "disabled", "spellcheck", "placeholder", "maxlength"},
    "svg": {"viewBox", "width", "height", "focusable", "preserveAspectRatio"},
    "rect": {"x", "y", "width", "height", "rx", "ry"},
    "line": {"x1", "y1", "x2", "y2"},
    "path": {"d"},
    "circle": {"cx", "cy", "r"},
    "text": {"x", "y", "dx", "dy", "text-anchor", "dominant-baseline"},
}
# The one frame of the site shows our map document (from /carte/), nothing else.
TAG_ATTRIBUTE_VALUES = {"iframe": {"src": {DOCUMENT_PATH.rsplit("/", 1)[1]}}}
# Content-independent values carte.js reads from a map's element: pinned to mkdocs.yml's.
MAP_ATTRIBUTES = {"tuiles": "data-tuiles", "attribution": "data-attribution", "attributionLien": "data-attribution-lien"}
# The repository links contribuer.js reads from the case form: pinned to the configured repository.
FORM_ATTRIBUTES = {"new_file": "data-nouveau-fichier", "issue": "data-ticket"}
# script, style and the like: their text would be shown as text otherwise; dropped whole.
CLEAN_CONTENT_TAGS = frozenset({"script", "style", "template", "noscript", "xmp", "noembed",
                                "noframes", "plaintext", "math", "object", "embed", "frameset"})


class Sanitizer:
    """The allowlist of one build (it knows the configured map settings and repository)."""

    def __init__(self, map_settings=None, repo_url: str | None = None):
        values = {tag: {a: set(v) for a, v in attrs.items()} for tag, attrs in TAG_ATTRIBUTE_VALUES.items()}
        if map_settings is not None:
            values["div"] = {MAP_ATTRIBUTES[k]: {v} for k, v in map_settings.browser().items() if v}
        # The case form's buttons lead to the configured repository, and nowhere else.
        links = repository_links(repo_url)
        if links:
            values["form"] = {FORM_ATTRIBUTES[k]: {links[k]} for k in FORM_ATTRIBUTES}
        self._cleaner = nh3.Cleaner(
            tags=set(TAGS),
            clean_content_tags=set(CLEAN_CONTENT_TAGS),
            attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
            tag_attribute_values=values,
            url_schemes=set(URL_SCHEMES),
            strip_comments=True,
            link_rel=None,  # our links are ours to describe; none opens a window (no target= allowed)
        )

    def clean_article(self, html: str) -> str:
        """The rendered article of a page, with everything outside the allowlist removed."""
        return self._cleaner.clean(html)


# --- the front matter of hand-written pages ------------------------------------------------

# The theme writes these into the page without escaping (<title>, the header, <meta>): a
# hand-written page keeps them as escaped text. Other keys could change what the theme does
# (`template:` picks another template): only known, harmless ones are kept.
_META_TEXT = ("title", "description")
_META_HIDE = frozenset({"navigation", "toc", "footer", "path", "feedback"})


def front_matter(meta: dict) -> dict:
    """A hand-written page's front matter, reduced to what it may set, its text escaped."""
    out: dict = {}
    for key in _META_TEXT:
        if isinstance(meta.get(key), (str, int, float)):
            out[key] = html.escape(" ".join(str(meta[key]).split()), quote=True)  # text and attributes
    if isinstance(meta.get("hide"), list):
        out["hide"] = [h for h in meta["hide"] if h in _META_HIDE]
    search = meta.get("search")
    if isinstance(search, dict):
        kept = {k: search[k] for k in ("exclude", "boost") if isinstance(search.get(k), (bool, int, float))}
        if kept:
            out["search"] = kept
    return out
