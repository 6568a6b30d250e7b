"""The site is not welded to one engine: mkdocs 1.6.1 and ProperDocs (a maintained fork of
mkdocs 1.6), with the same theme, the same mkdocs.yml and the same hook, publish the same pages.

What legitimately differs between the two builds is the engine itself: the `generator` meta of
every page, and the search index files named after that. Everything a reader sees is compared.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import ROOT, made_once, shared

GENERATOR = re.compile(r'<meta name="generator" content="[^"]*">')


def properdocs_build(project: Path, site: Path) -> subprocess.CompletedProcess:
    """The same command as conftest.mkdocs_build, run by ProperDocs' own command-line entry."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
    return subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site)],
        capture_output=True, text=True, env=env, timeout=600,
    )


class _Article(HTMLParser):
    """Source offsets of the outermost <article> (Material's page content), nested ones included."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=False)
        self.lines = [0]
        for line in html.splitlines(keepends=True):
            self.lines.append(self.lines[-1] + len(line))
        self.depth, self.start, self.end = 0, None, None
        self.feed(html)

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.lines[line - 1] + col

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            if self.depth == 0 and self.start is None:
                self.start = self._offset()
            self.depth += 1

    def handle_endtag(self, tag):
        if tag == "article" and self.depth:
            self.depth -= 1
            if self.depth == 0 and self.end is None:
                self.end = self._offset() + len("</article>")


def article(html: str) -> str:
    """The page's <article> element, or the whole document (generator meta removed) for the
    documents that have none (map frames, redirects)."""
    found = _Article(html)
    if found.start is None:
        return GENERATOR.sub("", html)
    assert found.end is not None, "<article> sans fin"
    return html[found.start:found.end]


def published(site: Path) -> set[str]:
    # pagefind/ holds content-hashed fragments: compared through the pages they index.
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file() and not p.relative_to(site).parts[0] == "pagefind"}


def _make_properdocs(folder: Path):
    result = properdocs_build(ROOT, folder / "site")
    assert result.returncode == 0, result.stderr


shared("properdocs", _make_properdocs, "properdocs_site")


@pytest.fixture(scope="module")
def properdocs_site(tmp_path_factory) -> Path:
    return made_once(tmp_path_factory, "properdocs", _make_properdocs) / "site"


def test_article_extraction_sees_a_changed_page():
    page = '<html><meta name="generator" content="x"><article class="a"><p>Un</p><article>n</article></article><footer>f</footer></html>'
    assert article(page) == '<article class="a"><p>Un</p><article>n</article></article>'
    assert article(page) != article(page.replace("<p>Un</p>", "<p>Deux</p>"))
    assert article(page) == article(page.replace("<footer>f</footer>", "<footer>g</footer>"))
    assert article("<html><body>carte</body></html>") == "<html><body>carte</body></html>"


def test_properdocs_publishes_the_same_files(built_site, properdocs_site):
    mkdocs_files, properdocs_files = published(built_site), published(properdocs_site)
    assert sorted(mkdocs_files - properdocs_files) == [], "absents de la construction ProperDocs"
    assert sorted(properdocs_files - mkdocs_files) == [], "en trop dans la construction ProperDocs"
    assert any(f.startswith("cas/") for f in mkdocs_files)
    assert (properdocs_site / "pagefind" / "pagefind.js").exists()


def test_properdocs_pages_have_the_same_articles(built_site, properdocs_site):
    pages = sorted(p.relative_to(built_site) for p in built_site.rglob("*.html") if p.relative_to(built_site).parts[0] != "pagefind")
    assert len(pages) > 50
    changed = []
    for rel in pages:
        mkdocs_html = (built_site / rel).read_text(encoding="utf-8")
        properdocs_html = (properdocs_site / rel).read_text(encoding="utf-8")
        if article(mkdocs_html) != article(properdocs_html):
            changed.append(rel.as_posix())
    assert changed == []


def test_properdocs_data_files_are_identical(built_site, properdocs_site):
    # Open data, schemas, map data, scripts and styles: byte for byte.
    for rel in sorted(published(built_site)):
        if rel.endswith(".html"):
            continue
        assert (built_site / rel).read_bytes() == (properdocs_site / rel).read_bytes(), rel
