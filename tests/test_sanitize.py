"""The one allowlist (mallette/sanitize.py) and the one Markdown code scanner (mallette/markdown_code.py).

The allowlist must keep every piece of markup the real site's pages legitimately contain, and
nothing else: the first test builds the real site and compares each article before and after.
"""
from __future__ import annotations

import os
from html.parser import HTMLParser

import pytest
import yaml

from conftest import ROOT
from mallette import markdown_code, sanitize
from mallette.maps import MapSettings


class _Tokens(HTMLParser):
    """An HTML fragment as (start tag, sorted attributes) / end tag / text tokens, entities decoded."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tokens: list = []

    def handle_starttag(self, tag, attrs):
        self.tokens.append(("<", tag, tuple(sorted((k, v or "") for k, v in attrs))))

    def handle_startendtag(self, tag, attrs):  # <rect/> is <rect></rect> once serialised
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        self.tokens.append(("/", tag))

    def handle_data(self, data):
        if self.tokens and self.tokens[-1][0] == "text":
            self.tokens[-1] = ("text", self.tokens[-1][1] + data)
        else:
            self.tokens.append(("text", data))


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def tokens(html: str) -> list:
    p = _Tokens()
    p.feed(html)
    p.close()
    return p.tokens


def test_the_real_site_loses_no_markup_to_the_sanitizer(tmp_path, monkeypatch):
    """Every article of the real site is unchanged by the allowlist: a template that starts writing an
    element or attribute the list lacks fails here, with the page and the markup named."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    seen = []
    clean = sanitize.Sanitizer.clean_article

    def recording(self, html):
        out = clean(self, html)
        seen.append((html, out))
        return out

    monkeypatch.setattr(sanitize.Sanitizer, "clean_article", recording)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    build(load_config(str(ROOT / "mkdocs.yml"), site_dir=str(tmp_path / "site")))
    assert len(seen) > 50  # every page went through it
    lost = []
    for before, after in seen:
        a, b = tokens(before), tokens(after)
        if a != b:
            first = next(i for i, (x, y) in enumerate(zip(a, b + [None] * len(a))) if x != y)
            lost.append(f"{a[first]} devenu {b[first] if first < len(b) else 'rien'}")
    assert lost == [], "Markup du site retiré par mallette/sanitize.py (à ajouter à la liste ?) :\n" + "\n".join(lost[:20])


@pytest.fixture(scope="module")
def cleaner():
    return sanitize.Sanitizer(MapSettings())


@pytest.mark.parametrize("hostile", [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="java&#9;script:alert(1)">x</a>',
    '<a href="JaVaScRiPt&colon;alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    '<img src="data:image/svg+xml,<svg onload=alert(1)>">',
    '<svg onload=alert(1)><circle r="1"/></svg>',
    '<svg><a href="javascript:alert(1)"><text>x</text></a></svg>',
    '<svg><use href="#x"/><animate attributeName="href" to="javascript:alert(1)"/></svg>',
    '<svg><foreignObject><img src=x onerror=alert(1)></foreignObject><script>alert(1)</script></svg>',
    '<svg><rect x="1" style="fill:url(javascript:alert(1))" onclick="alert(1)"/></svg>',
    '<textarea onfocus=alert(1) autofocus><script>alert(1)</script></textarea>',
    '<math><mtext><a href="javascript:alert(1)">x</a></mtext></math>',
    '<iframe src="https://evil.example/"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<form action="https://evil.example/"><button formaction="javascript:alert(1)">x</button></form>',
    '<object data="javascript:alert(1)"></object><embed src="x.swf">',
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<!-- <script>alert(1)</script> -->",
    '<base href="https://evil.example/"><meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<link rel="stylesheet" href="https://evil.example/x.css"><style>*{}</style>',
    '<details open ontoggle=alert(1)><summary>x</summary></details>',
    '<div class="mallette-carte" data-tuiles="https://evil.example/{z}/{x}/{y}.png">x</div>',
    '<form data-nouveau-fichier="javascript:alert(1)" data-ticket="https://evil.example/"></form>',
    '<a href="https://example.org/" target="_blank">x</a>',
])
def test_nothing_outside_the_allowlist_survives(cleaner, hostile):
    out = cleaner.clean_article(hostile)
    for tag, attrs in [(t[1], dict(t[2])) for t in tokens(out) if t[0] == "<"]:
        assert tag in sanitize.TAGS, out
        for name, value in attrs.items():
            assert not name.startswith("on") and name not in ("style", "srcdoc", "formaction", "action", "target"), out
            if name in ("href", "src"):
                v = "".join(value.split()).lower()
                assert not v.startswith(("javascript:", "vbscript:", "data:")) and "evil" not in v, out
            assert name not in ("data-nouveau-fichier", "data-ticket"), out
            if name == "data-tuiles":
                assert value == MapSettings().tiles, out
    assert "alert(1)</script>" not in out.replace("&lt;", "<") or "<script" not in out


def test_what_content_legitimately_writes_is_kept(cleaner):
    html = ('<h2 id="a">T<a class="headerlink" href="#a" title="Lien">¶</a></h2>'
            '<p><abbr title="Économie sociale et solidaire">ESS</abbr> <a href="../cas/x/">cas</a> '
            '<a href="https://example.org/?q=1">web</a> <a href="mailto:a@example.org">courriel</a></p>'
            '<div class="admonition note"><p class="admonition-title">Note</p></div>'
            '<table><thead><tr><th align="center">A</th></tr></thead><tbody><tr><td align="left">1</td></tr></tbody></table>'
            '<details><summary>Plus</summary><p>x</p></details>'
            '<figure><img alt="Logo" src="../assets/images/logo.png"><figcaption>L</figcaption></figure>'
            '<iframe class="mallette-carte-cadre" src="carte.html" title="Carte"></iframe>')
    assert tokens(cleaner.clean_article(html)) == tokens(html)


def test_markdown_extensions_are_those_of_the_site():
    """The validator asks Python-Markdown what a guide becomes: with the site's own extensions."""
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    names = [next(iter(e)) if isinstance(e, dict) else e for e in config["markdown_extensions"]]
    assert names == markdown_code.MARKDOWN_EXTENSIONS
    tables = next(e for e in config["markdown_extensions"] if isinstance(e, dict) and "tables" in e)
    assert tables["tables"] == markdown_code.MARKDOWN_CONFIG["tables"]


# --- the scanner: what is code, as Python-Markdown decides -----------------------------------

@pytest.mark.parametrize("body,code_line,markdown_code_", [
    ("\\`<b>`", None, False),  # an escaped backtick opens nothing: <b> is HTML
    ("\\\\`<b>`", 0, True),  # an escaped backslash, then a real code span
    ("```\n<b>\n```", 1, True),  # no fenced code here: a code span over three lines
    ("```\n<div>\n```", None, False),  # ... that a block tag at the start of a line cuts
    ("~~~\n<b>\n~~~", None, False),  # ~~~ is text
    ("```\n~~~\n<b>\n```", 2, True),
    ("    ```\n<b>\n    ```", None, False),  # an indented "fence" is a code block of one line
    ("texte\n\n    <b>", 2, True),  # an indented code block
    ("- item\n\n    <b>", None, False),  # a list item's continuation, not code
    ("!!! note\n\n    <b>", None, False),  # an admonition's content, not code
    ("`` `<b>` ``", 0, True),
])
def test_scanner_never_calls_code_what_markdown_renders(body, code_line, markdown_code_):
    """Sound: what the scanner takes for code, Python-Markdown renders as code. Where it cannot be
    sure (a span over a line that could cut it), it checks the text (a refusal, never a pass)."""
    import markdown

    lines = markdown_code.scan(body)
    tag = "<div>" if "<div>" in body else "<b>"
    hidden = [ln.n for ln in lines if tag in body.split("\n")[ln.n] and tag not in ln.text]
    assert hidden == ([] if code_line is None else [code_line])
    html = markdown.markdown(body, extensions=markdown_code.MARKDOWN_EXTENSIONS)
    assert (tag not in html) == markdown_code_


def test_the_rendered_body_is_checked_and_located():
    """Whatever the line checks believe, what Python-Markdown makes of a body is checked."""
    body = "Intro.\n\n!!! note\n\n    <img src=x onerror=alert(1)>\n\n[x][r]\n\n[r]: &#106;avascript:alert(2)\n"
    found = {(n, f.code) for n, _, f in markdown_code.rendered_problems(body)}
    assert found == {(4, "image-interdite"), (8, "url-interdite")}
    assert markdown_code.rendered_problems("## Titre {#titre}\n\nDu `<script>` en code, [un lien](../cas/x.md).") == []


def test_front_matter_of_hand_written_pages():
    meta = sanitize.front_matter({"title": '<img src=x onerror="alert(1)">', "template": "evil.html",
                                  "hide": ["toc", "<b>"], "search": {"exclude": True, "x": 1}})
    assert meta == {"title": "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;", "hide": ["toc"],
                    "search": {"exclude": True}}


def test_scanner_needs_no_mkdocs():
    import subprocess
    import sys

    code = "import sys; import mallette.sanitize, mallette.markdown_code; sys.exit('mkdocs' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT, env={**os.environ}).returncode == 0
