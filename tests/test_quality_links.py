"""Every link in the built site leads somewhere, including those written by templates, by the
theme and in raw HTML, which mkdocs does not check: an internal target exists (a folder means its
index.html) and so does its #fragment; an outside address is a well-formed https, http or mailto
URL (syntax only: tests never use the network). Also the links inside the open data, the feed and
the search index, which readers follow from other programs.

Nothing is ignored: the theme's own « #__… » targets (code annotations, tabs) exist only in the
browser, and the built pages link to none of them.
"""
from __future__ import annotations

import gzip
import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

SITE = "http://site.invalid"  # a stand-in origin: relative links resolve against page addresses under it
URL_ATTRS = {"a": ("href",), "area": ("href",), "link": ("href",), "script": ("src",), "img": ("src",),
             "iframe": ("src",), "source": ("src",), "form": ("action",)}
OUTSIDE_SCHEMES = {"https", "http", "mailto"}
HOST = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$")
EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
BAD_URL_CHARS = re.compile(r"[\s\"<>\\^`{|}]")


class Anchors(HTMLParser):
    """One HTML page: its ids and names (anchor targets), and every URL it points to, with its line."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: Counter = Counter()
        self.names: set[str] = set()
        self.urls: list[tuple[int, str]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id") is not None:
            self.ids[a["id"]] += 1
        if a.get("name") is not None and tag in ("a", "map"):
            self.names.add(a["name"])
        for attr in URL_ATTRS.get(tag, ()):
            if a.get(attr) is not None:
                self.urls.append((self.getpos()[0], a[attr]))
        if tag == "meta" and (a.get("http-equiv") or "").lower() == "refresh":  # redirect pages
            m = re.search(r"url=(.*)$", a.get("content") or "", re.I)
            if m:
                self.urls.append((self.getpos()[0], m.group(1).strip()))

    handle_startendtag = handle_starttag


@pytest.fixture(scope="module")
def pages(published_site) -> dict[str, Anchors]:
    """Every built page, parsed once: {path inside the site: Anchors}."""
    out = {}
    for path in sorted(published_site.rglob("*.html")):
        parser = Anchors()
        parser.feed(path.read_text(encoding="utf-8"))
        parser.close()
        out[path.relative_to(published_site).as_posix()] = parser
    return out


def target_file(site: Path, path: str) -> Path:
    """/a/b/ -> site/a/b/index.html; a folder without its slash too (the server redirects)."""
    f = site / unquote(path).lstrip("/")
    return f / "index.html" if path.endswith("/") or f.is_dir() else f


def check_outside(url: str) -> str | None:
    """Why an outside URL is malformed, or None."""
    parts = urlsplit(url)
    if parts.scheme not in OUTSIDE_SCHEMES:
        return f"schéma « {parts.scheme}: » refusé (https, http ou mailto seulement)"
    if BAD_URL_CHARS.search(url):
        return "caractère interdit dans une adresse (espace, guillemet, chevron…)"
    if parts.scheme == "mailto":
        return None if EMAIL.match(unquote(parts.path)) else "adresse électronique mal formée"
    try:
        host = (parts.hostname or "").encode("idna").decode("ascii")
        parts.port  # noqa: B018 - raises on a malformed port
    except (UnicodeError, ValueError):
        return "nom de domaine ou port mal formé"
    return None if HOST.match(host) else "nom de domaine mal formé"


def check_link(site: Path, pages: dict, page: str, url: str) -> str | None:
    """Why url, found in the site file `page`, leads nowhere, or None."""
    resolved = urljoin(f"{SITE}/{page}", url)
    if not resolved.startswith(SITE + "/"):
        return check_outside(url)
    parts = urlsplit(resolved)
    target = target_file(site, parts.path)
    if not target.is_file():
        return f"la cible {parts.path} n'existe pas"
    fragment = unquote(parts.fragment)
    if not fragment:
        return None
    rel = target.relative_to(site).as_posix()
    if rel not in pages:
        return f"ancre #{fragment} dans un fichier qui n'est pas une page HTML"
    if fragment not in pages[rel].ids and fragment not in pages[rel].names:
        return f"l'ancre #{fragment} n'existe pas dans {parts.path}"
    return None


def test_every_link_and_anchor_in_the_pages_resolves(published_site, pages):
    broken = []
    for page, anchors in pages.items():
        for line, url in anchors.urls:
            why = check_link(published_site, pages, page, url)
            if why:
                broken.append(f"{page}:{line} : « {url} » : {why}")
    assert sum(len(a.urls) for a in pages.values()) > 1000  # the whole site was read
    assert broken == [], "\n".join(broken)


def test_edit_links_open_a_source_file_of_the_repository(pages):
    # « Modifier cette page » points into the repository: the file must be one we have.
    from conftest import PUBLISHED_REPO_URL, ROOT

    prefix = PUBLISHED_REPO_URL + "/edit/main/"
    edits = {url for a in pages.values() for _, url in a.urls if url.startswith(prefix)}
    assert len(edits) > 50
    assert [url for url in edits if not (ROOT / url[len(prefix):]).is_file()] == []


def test_every_id_is_unique_in_its_page(pages):
    # A repeated id makes its anchor ambiguous (and the page invalid HTML).
    repeated = [f"{page} : #{ident} ×{n}" for page, a in pages.items() for ident, n in a.ids.items() if n > 1]
    assert repeated == []


def test_the_open_data_feed_and_search_index_lead_to_pages(published_site, pages):
    broken = []

    def check(source: str, base_page: str, url: str):
        why = check_link(published_site, pages, base_page, url)
        if why:
            broken.append(f"{source} : « {url} » : {why}")

    # The open data gives page addresses relative to the site root (schema files too).
    for name in ("donnees/cas.json", "donnees/cas.geojson"):
        def walk(value, source=name):
            if isinstance(value, dict):
                for k, v in value.items():
                    if k in ("url", "schema", "$schema") and isinstance(v, str):
                        check(source, "index.html", v)
                    else:
                        walk(v)
            elif isinstance(value, list):
                for v in value:
                    walk(v)
        walk(json.loads((published_site / name).read_text(encoding="utf-8")))
    # The feed's relative links resolve against its xml:base.
    feed = ET.parse(published_site / "donnees/cas.atom").getroot()
    base = urljoin("donnees/cas.atom", feed.get("{http://www.w3.org/XML/1998/namespace}base", ""))
    links = [el.get("href") for el in feed.iter("{http://www.w3.org/2005/Atom}link")]
    assert len(links) > 5
    for href in links:
        check("donnees/cas.atom", base + ("index.html" if base.endswith("/") else ""), href)
    # A search result opens its page: Pagefind's fragments (one per page, gzip of a marker + JSON)
    # hold the address each result links to, from the site root.
    fragments = sorted((published_site / "pagefind/fragment").glob("*.pf_fragment"))
    assert len(fragments) > 50
    for fragment in fragments:
        data = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
        check(f"pagefind/fragment/{fragment.name}", "index.html", data["url"].lstrip("/") or "./")
    assert broken == [], "\n".join(broken)


@pytest.mark.parametrize("url,problem", [
    ("https://example.org/page#x", None),
    ("http://www.économie.gouv.fr/ess", None),
    ("mailto:contact@rtes.fr", None),
    ("javascript:alert(1)", "schéma"),
    ("data:text/html,<script>alert(1)</script>", "schéma"),
    ("ftp://example.org/fichier", "schéma"),
    ("https://exa mple.org/", "caractère"),
    ("https://example.org/\"onclick=", "caractère"),
    ("https:///chemin", "domaine"),
    ("https://example.org:port/", "port"),
    ("mailto:personne", "électronique"),
])
def test_outside_addresses_are_checked_for_scheme_and_syntax(url, problem):
    why = check_outside(url)
    assert (why is None) if problem is None else (problem in (why or "")), why


def test_a_broken_anchor_written_in_raw_html_is_caught(project, tmp_path):
    """The checker itself: a guide link that mkdocs cannot see (raw HTML in a hand-written page)."""
    from conftest import mkdocs_build

    about = project / "content/pages/a-propos.md"
    about.write_text(about.read_text(encoding="utf-8") +
                     '\n\n<p><a href="../cas/strasbourg-conseil-ess/#pas-une-ancre">x</a>'
                     ' <a href="../pas-une-page/">y</a></p>\n', encoding="utf-8")
    site = tmp_path / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr  # mkdocs --strict lets both through
    parsed = {}
    for path in site.rglob("*.html"):
        parser = Anchors()
        parser.feed(path.read_text(encoding="utf-8"))
        parsed[path.relative_to(site).as_posix()] = parser
    found = [check_link(site, parsed, "a-propos/index.html", url) for _, url in parsed["a-propos/index.html"].urls]
    assert "l'ancre #pas-une-ancre n'existe pas dans /cas/strasbourg-conseil-ess/" in found
    assert "la cible /pas-une-page/ n'existe pas" in found
