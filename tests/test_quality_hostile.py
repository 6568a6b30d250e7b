"""Untrusted content: a corpus of hostile contributions (tests/fixtures/hostile/) is either refused
by the validator with a message at its file and line (refuses/), or built into a site where it
stays inert text everywhere it lands (acceptes/): pages, indexes, tooltips, the open data, the
feed, the search index, the explorer's and the map's data, and the browser that runs them.

A fixture in refuses/ names the expected error on its first lines: « attendu: <code> <line> ».
Fixtures under glossaire/ replace content/glossary.yaml; acceptes/glossaire-termes.yaml is added
at its end. The other files go to the same place under content/.
"""
from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from conftest import SEARCH_READY, FIXTURES, close_page, made_once, make_project, mkdocs_build, serve, shared
from mallette.model import validate
from test_csp_browser import csp_page
from test_quality_a11y import PAGES, built_file, csp_violations

HOSTILE = FIXTURES / "hostile"
REFUSED, ACCEPTED = HOSTILE / "refuses", HOSTILE / "acceptes"
EXPECT = re.compile(r"attendu: ([a-z0-9-]+) (\d+)")
MARKER = "alert("  # every payload calls alert(<n>): seeing it run, or outside text, is a failure


def content_path(rel: str) -> str:
    return "content/glossary.yaml" if rel.startswith("glossaire/") else f"content/{rel}"


def _refused():
    for path in sorted(p for p in REFUSED.rglob("*") if p.is_file()):
        code, line = EXPECT.search(path.read_text(encoding="utf-8")[:300]).groups()
        rel = path.relative_to(REFUSED).as_posix()
        yield pytest.param(rel, code, int(line), id=rel)


@pytest.mark.parametrize("rel,code,line", list(_refused()))
def test_hostile_input_is_refused_at_its_line(project, rel, code, line):
    target = content_path(rel)
    shutil.copy(REFUSED / rel, project / target)
    kb, report = validate(project)
    assert kb is None, f"{rel} passe la validation"
    mine = [i for i in report.errors if i.path == target]
    assert (code, line) in [(i.code, i.line) for i in mine], report.format()
    assert all(i.text().startswith(f"{target}:{i.line}:{i.col}: erreur [{i.code}]") for i in mine)


# --- accepted: built, then searched for anything that could run ---------------------------

@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    return made_once(tmp_path_factory, "hostile", _build_hostile) / "site"


def _build_hostile(base: Path):
    project = make_project(base / "projet")
    for path in ACCEPTED.rglob("*"):
        if path.is_file() and path.name != "glossaire-termes.yaml":
            dest = project / "content" / path.relative_to(ACCEPTED)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, dest)
    glossary = project / "content/glossary.yaml"
    glossary.write_text(glossary.read_text(encoding="utf-8") + (ACCEPTED / "glossaire-termes.yaml").read_text(encoding="utf-8"),
                        encoding="utf-8")
    site = base / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr  # the accepted corpus passes validation and --strict


shared("hostile", _build_hostile, "hostile_site")


URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background"}
JSON_TYPES = {"application/json", "application/ld+json", "application/geo+json", "importmap"}
STRING_LITERAL = re.compile(r'"(?:[^"\\\n]|\\.)*"')


def dangerous_url(value: str) -> bool:
    """What a browser would run: it drops tabs and newlines, and spaces before the scheme."""
    v = re.sub(r"[\t\n\r]", "", value).lstrip(" \x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10"
                                                   "\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f").lower()
    return v.startswith(("javascript:", "vbscript:", "data:text/html", "data:image/svg", "data:application"))


class Scan(HTMLParser):
    """Everything in one HTML document that could execute. `reference` is a Scan of the site built
    from the real content (the theme's own handlers and inline scripts are allowed)."""

    def __init__(self, page: str, site: Path, reference: "Scan | None" = None):
        super().__init__(convert_charrefs=True)  # attribute values arrive decoded, as the browser sees them
        self.page, self.site, self.reference = page, site, reference
        self.handlers: set = set()
        self.inline: set = set()
        self.problems: list[str] = []
        self._script: dict | None = None
        self._text: list[str] = []

    def problem(self, what: str):
        self.problems.append(f"{self.page}:{self.getpos()[0]} : {what}")

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.handlers.add((tag, name, value))
                if self.reference is not None and (tag, name, value) not in self.reference.handlers:
                    self.problem(f"<{tag} {name}=« {value[:60]} »>")
            if name in URL_ATTRS and dangerous_url(value):
                self.problem(f"<{tag} {name}=« {value[:60]} »>")
            if name == "srcdoc":  # a whole document inside the attribute: scanned as one
                inner = Scan(f"{self.page} (srcdoc)", self.site, self.reference)
                inner.feed(value)
                inner.close()
                self.problems += inner.problems
        if tag == "meta" and (dict(attrs).get("http-equiv") or "").lower() == "refresh":
            m = re.search(r"url=(.*)$", dict(attrs).get("content") or "", re.I)
            if m and dangerous_url(m.group(1)):
                self.problem(f"redirection vers « {m.group(1)[:60]} »")
        if tag == "script":
            self._script, self._text = dict(attrs), []

    def handle_data(self, data):
        if self._script is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag != "script" or self._script is None:
            return
        attrs, text, self._script = self._script, "".join(self._text), None
        if attrs.get("src"):
            target = urljoin(f"http://site.invalid/{self.page}", attrs["src"])
            path = urlsplit(target).path
            if not target.startswith("http://site.invalid/") or not (self.site / path.lstrip("/")).is_file():
                self.problem(f"<script src=« {attrs['src']} »> hors du site")
            return
        kind = (attrs.get("type") or "").lower()
        if kind in JSON_TYPES:  # data: must parse, and nothing in it may end or confuse the element
            try:
                json.loads(text)
            except ValueError as e:
                self.problem(f"JSON en ligne illisible ({e})")
            if re.search(r"</script|<!--|<script", text, re.I) or "\u2028" in text or "\u2029" in text:
                self.problem("JSON en ligne contenant « </script », « <!-- » ou U+2028/2029 non échappés")
            return
        self.inline.add(text)
        if self.reference is not None and text not in self.reference.inline and MARKER in STRING_LITERAL.sub("", text):
            self.problem(f"script en ligne contenant du texte hostile hors d'une chaîne : « {text.strip()[:80]} »")


def scan_site(site: Path, reference: Scan | None = None) -> Scan:
    total = Scan("", site, reference)
    for path in sorted(site.rglob("*.html")):
        s = Scan(path.relative_to(site).as_posix(), site, reference)
        s.feed(path.read_text(encoding="utf-8"))
        s.close()
        total.handlers |= s.handlers
        total.inline |= s.inline
        total.problems += s.problems
    return total


def test_nothing_in_the_built_site_can_run(hostile_site, built_site):
    reference = scan_site(built_site)
    assert reference.problems == [] and reference.inline  # the real site: clean, with the theme's scripts
    found = scan_site(hostile_site, reference)
    assert found.problems == [], "\n".join(found.problems)
    # Content cannot bring a script file of its own.
    scripts = {p.relative_to(hostile_site) for p in hostile_site.rglob("*.js")}
    assert scripts == {p.relative_to(built_site) for p in built_site.rglob("*.js")}


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.titles, self._skip = [], [], 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("script", "style")
        if tag == "abbr":
            self.titles.append(dict(attrs).get("title"))

    def handle_endtag(self, tag):
        self._skip -= tag in ("script", "style")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def page_text(site: Path, url: str) -> tuple[str, list]:
    p = _Text()
    p.feed(built_file(site, url).read_text(encoding="utf-8"))
    text = " ".join("".join(p.parts).replace("\u00a0", " ").replace("\u202f", " ").split())
    return text, p.titles


@pytest.mark.parametrize("url,shown", [
    ("/cas/cas-piege/", ['=HYPERLINK("https://evil.example";"clic") ${alert(1)} {: onclick=alert(2) } " onmouseover="alert(3)',
                         "&lt;img src=x onerror=alert(5)&gt;", "&#60;script&#62;alert(6)&#60;/script&#62;",
                         "\\u003cscript\\u003ealert(10)\\u003c/script\\u003e", 'Acteur " onmouseover="alert(20)',
                         "{#x onmouseover=alert(13)}", "- ' onmouseover='alert(17)"]),
    ("/guides/guide-piege/", ['Un titre " onmouseover="alert(67) ${alert(68)}', "<script>alert(66)</script>",
                              "</script><script>alert(69)</script>", "<img src=x onerror=alert(70)>",
                              "<b onclick=alert(90)>", "`<i onclick=alert(91)>`", "<svg onload=alert(95)>",
                              "<math>alert(96)", "Une note ${alert(98)} avec <script>alert(99)</script>."]),
    # A hand-written page: not validated, made inert by the sanitizer alone; its front matter is text.
    ("/page-piegee/", ['<img src=x onerror=alert(120)> Page " onmouseover="alert(121)', "lien entité vb data",
                       "RésuméDétails"]),
    ("/conditions/condition-piegee/", ['Condition " onmouseover="alert(30)" ${alert(31)}',
                                       "&lt;script&gt;alert(34)&lt;/script&gt;"]),
    ("/glossaire/", ['Piège " onmouseover="alert(80)" {: onclick=alert(81) } ${alert(82)}']),
])
def test_hostile_text_is_shown_as_written(hostile_site, url, shown):
    text, _ = page_text(hostile_site, url)
    for s in shown:
        assert s in text, (url, s)


def test_glossary_tooltips_keep_the_expansion_as_text(hostile_site):
    _, titles = page_text(hostile_site, "/cas/cas-piege/")
    assert 'Piège " onmouseover="alert(80)" {: onclick=alert(81) } ${alert(82)}' in titles


def test_data_files_carry_the_hostile_text_as_data(hostile_site):
    title = '=HYPERLINK("https://evil.example";"clic") ${alert(1)} {: onclick=alert(2) } " onmouseover="alert(3)'
    # Every JSON file of the site parses: open data, explorer and map data, search index entry.
    parsed = {p.relative_to(hostile_site).as_posix(): json.loads(p.read_text(encoding="utf-8"))
              for p in hostile_site.rglob("*.json")}
    assert {"donnees/cas.json", "pagefind/pagefind-entry.json"} <= parsed.keys()
    cases = {c["id"]: c for c in parsed["donnees/cas.json"]["cases"]}
    assert cases["cas-piege"]["title"] == title

    def strings(value):
        if isinstance(value, dict):
            value = list(value.values())
        if isinstance(value, list):
            return [s for v in value for s in strings(v)]
        return [value] if isinstance(value, str) else []

    # The explorer's and the map's data (and any other) keep the title exactly, as a string.
    users = [name for name, data in parsed.items() if not name.startswith("pagefind/") and "cas-piege" in strings(data)]
    assert "donnees/cas.json" in users
    assert [name for name in users if title not in strings(parsed[name])] == []
    geo = json.loads((hostile_site / "donnees/cas.geojson").read_text(encoding="utf-8"))
    assert title in [f["properties"]["titre"] for f in geo["features"]]
    # The feed: well-formed XML, and its HTML parts run nothing.
    feed = ET.parse(hostile_site / "donnees/cas.atom").getroot()
    assert title in [t.text for t in feed.iter("{http://www.w3.org/2005/Atom}title")]
    for el in feed.iter():
        if el.get("type") in ("html", "xhtml"):
            s = Scan("donnees/cas.atom", hostile_site, Scan("", hostile_site))
            s.feed((el.text or "") if el.get("type") == "html" else ET.tostring(el, encoding="unicode"))
            s.close()
            assert s.problems == [] and not s.handlers, s.problems


def test_csv_cells_cannot_be_spreadsheet_formulas(hostile_site):
    """A text cell starting with = + - @ would run as a formula in a spreadsheet (CWE-1236)."""
    import csv

    rows = list(csv.reader((hostile_site / "donnees/cas.csv").read_text(encoding="utf-8").splitlines()))
    formulas = [cell for row in rows for cell in row
                if cell[:1] in ("=", "+", "-", "@") and not re.fullmatch(r"-?[0-9.]+", cell)]
    assert formulas == []


# --- in the browser -------------------------------------------------------------------------

# Everything that runs in a frame of the page and could have come from the content.
LIVE_SCAN = """() => {
  const bad = [];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      const v = a.value.replace(/[\\t\\n\\r]/g, '').trim().toLowerCase();
      if (/^on/i.test(a.name)) bad.push(`<${el.tagName.toLowerCase()} ${a.name}="${a.value.slice(0, 60)}">`);
      else if (/^(href|src|action|formaction|xlink:href)$/i.test(a.name) && /^(javascript|vbscript):/.test(v))
        bad.push(`<${el.tagName.toLowerCase()} ${a.name}="${a.value.slice(0, 60)}">`);
    }
  }
  return bad;
}"""


def exercise(pg):
    """Make the page's scripts render the hostile text: every filter ticked, every marker opened."""
    for box in pg.locator("article input[type=checkbox]:visible, article select:visible").all()[:40]:
        if box.evaluate("e => e.tagName") == "INPUT":
            box.check()
        else:
            box.select_option(index=box.evaluate("e => e.options.length - 1"))
    for frame in pg.frames:
        for marker in frame.locator(".leaflet-marker-icon").all()[:30]:
            try:
                marker.click(timeout=2000, force=True)
            except Exception:  # noqa: BLE001 - a cluster that zoomed away: the others still count
                pass
    pg.wait_for_load_state("networkidle")  # what the clicks started has run


@pytest.mark.lent
def test_hostile_pages_run_nothing_in_the_browser(chromium, hostile_site):
    urls = ["/cas/cas-piege/", "/cas/", "/conditions/condition-piegee/", "/conditions/", "/conditions/volonte-politique/",
            "/guides/guide-piege/", "/guides/", "/textes/texte-piege/", "/textes/", "/ressources/ressource-piegee/",
            "/glossaire/", "/donnees/", "/page-piegee/"]
    # The explorer, the matrix and the map render the data with scripts: the riskiest pages.
    urls += [PAGES[k] for k in ("explorateur", "matrice", "carte") if built_file(hostile_site, PAGES[k]).exists()]
    base, server = serve(hostile_site)
    pg = csp_page(chromium, base)  # Content-Security-Policy violations recorded too
    try:
        found = []
        for url in urls:
            pg.goto(base + url, wait_until="networkidle")
            exercise(pg)
            for frame in pg.frames:
                found += [f"{url} : {b}" for b in frame.evaluate(LIVE_SCAN)]
            found += [f"{url} : CSP {v}" for v in csp_violations(pg)]
            pg.console_csp.clear()
        # The search renders titles and excerpts from the index (recherche.js).
        pg.goto(base + "/", wait_until="networkidle")
        pg.locator(SEARCH_READY).wait_for()  # recherche.js listens for its shortcut
        pg.keyboard.press("/")
        pg.keyboard.type("alert")
        pg.wait_for_function("() => document.getElementById('recherche').dataset.requete === 'alert'")
        assert "alert(" in pg.locator("#recherche-resultats").inner_text()  # hostile titles and text, shown
        found += [f"recherche : {b}" for b in pg.evaluate(LIVE_SCAN)]
        found += [f"recherche : CSP {v}" for v in csp_violations(pg)]
        assert found == [], "\n".join(found)
        assert pg.dialogs == []
        assert pg.blocked == []
    finally:
        close_page(pg)
        server.shutdown()
