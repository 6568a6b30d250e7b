"""Pages printed as handouts, as Chromium prints them to PDF (A4): how many pages, how full each
page is, what the margins say, and how links print.

Emptiness is measured on the rendered pages (pdftoppm from poppler-utils, then Pillow): the lowest
inked row above the footer tells how much of the page is used. Text checks read pdftotext's output.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from conftest import ROOT, build_into, built_once, close_page, open_page, serve, shared
from mallette.model import load_knowledge_base

KB = load_knowledge_base(ROOT)
SITE_NAME = "La e-mallette de la co-construction"
# Below this line of an A4 page (as a fraction of its height) lies the footer (@page bottom margin).
FOOTER_TOP = 0.955
MAX_EMPTY = 1 / 3  # no page but the last may be more than one-third empty


@pytest.fixture(scope="module")
def poppler():
    missing = [tool for tool in ("pdftoppm", "pdftotext") if not shutil.which(tool)]
    if missing:
        message = f"{', '.join(missing)} absent : `make test` l'installe (paquet Debian poppler-utils)."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def print_pdf(browser, base: str, path: str, out: Path) -> Path:
    page = open_page(browser, base)
    try:
        return print_on(page, base, path, out)
    finally:
        close_page(page)


def print_on(page, base: str, path: str, out: Path) -> Path:
    """path printed to PDF by a page (open_page) that may have printed others before."""
    page.blocked.clear()
    page.goto(base + path)
    if page.locator(".mallette-carte[data-lat]").count():  # a case's map: its outlines drawn
        page.locator(".mallette-carte[data-contours=prets]").wait_for(timeout=15_000)
    if page.locator("iframe.mallette-carte-cadre").count():
        page.frame_locator("iframe.mallette-carte-cadre").locator("[data-contours=prets]").wait_for(timeout=15_000)
    pdf = out / (path.strip("/").replace("/", "_") + ".pdf")
    page.pdf(path=str(pdf), format="A4")
    assert page.blocked == []
    return pdf


def page_texts(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


def used_heights(pdf: Path, tmp: Path) -> list[float]:
    """For each page: how far down its content goes, as a fraction of the page's height."""
    prefix = tmp / pdf.stem
    subprocess.run(["pdftoppm", "-r", "30", "-gray", "-png", str(pdf), str(prefix)], check=True)
    out = []
    for png in sorted(tmp.glob(f"{pdf.stem}-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1])):
        im = Image.open(png).convert("L")
        w, h = im.size
        px = im.load()
        inked = [y for y in range(int(h * FOOTER_TOP)) if any(px[x, y] < 200 for x in range(w))]
        out.append(max(inked, default=0) / h)
    return out


def assert_full_pages(pdf: Path, tmp: Path):
    heights = used_heights(pdf, tmp)
    # A page's usable area ends near 0.95 of its height (bottom margin): more than a third of it
    # empty means content stopping above ~0.65.
    for n, used in enumerate(heights[:-1], start=1):
        assert used >= FOOTER_TOP - MAX_EMPTY * 0.9, f"{pdf.name}, page {n} : remplie à {used:.0%} seulement ({heights})"
    return heights


@pytest.fixture(scope="module")
def printed(chromium, site_url, tmp_path_factory, poppler):
    out = tmp_path_factory.mktemp("impression")
    cache: dict[str, Path] = {}
    pages = []  # one page prints them all (a new page for each cost about 0.5 s of CPU)

    def pdf(path: str) -> Path:
        if path not in cache:
            if not pages:
                pages.append(open_page(chromium, site_url))
            cache[path] = print_on(pages[0], site_url, path, out)
        return cache[path]
    pdf.dir = out
    yield pdf
    for pg in pages:
        close_page(pg)


def same_pdf(path: str):
    """Tests printing the same page share its PDF (the module's `printed` remembers it): `make test`
    (--dist loadgroup) keeps them on one pytest-xdist worker, so that it is printed once."""
    return pytest.mark.xdist_group(f"impression{path}")


@pytest.mark.parametrize("case_id", [pytest.param(c, marks=same_pdf(f"/cas/{c}/")) for c in sorted(c.id for c in KB.cases)])
def test_a_case_prints_on_at_most_two_full_pages(printed, case_id):
    pdf = printed(f"/cas/{case_id}/")
    heights = assert_full_pages(pdf, printed.dir)
    assert len(heights) <= 2, f"{case_id} : {len(heights)} pages A4"
    texts = page_texts(pdf)
    # « Citer cette page » never alone on the last page: something of the case comes before it.
    last = [line.strip() for line in texts[-1].splitlines() if line.strip()]
    citer = last.index("Citer cette page")
    assert citer >= 2, last


@pytest.mark.parametrize("guide", sorted(c.id for c in KB.all("guide")))
def test_a_guide_prints_without_blank_quarter_pages(printed, guide):
    pdf = printed(f"/guides/{guide}/")
    assert_full_pages(pdf, printed.dir)


@pytest.mark.parametrize("path", [pytest.param(p, marks=same_pdf(p))
                                  for p in ["/carte/", "/donnees/", "/a-propos/", "/conditions/volonte-politique/"]])
def test_other_pages_print_without_blank_pages(printed, path):
    assert_full_pages(printed(path), printed.dir)


@same_pdf("/cas/strasbourg-conseil-ess/")
def test_every_printed_page_names_the_site_and_the_page(printed):
    texts = page_texts(printed("/cas/strasbourg-conseil-ess/"))
    assert len(texts) >= 2
    for n, text in enumerate(texts, start=1):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        assert lines[0] == SITE_NAME, (n, lines[:2])
        # Without site_url, the page's path (the full address is tested below).
        address, *numbers = lines[-1].split()
        assert address == "/cas/strasbourg-conseil-ess/", (n, lines[-1])
        assert "".join(numbers).replace("\u00a0", "") == f"{n}/{len(texts)}", (n, lines[-1])


@same_pdf("/a-propos/")
def test_links_print_their_address_once_as_a_note_and_internal_ones_not_at_all(printed):
    text = "\n".join(page_texts(printed("/a-propos/")))
    # No relative address printed after a link (the old « (../cas/…) » after every link).
    assert "(../" not in text and "(./" not in text
    notes = text[text.index("Adresses des liens"):]
    assert "https://www.rtes.fr" in notes
    assert text.count("https://www.rtes.fr") == 1  # once, in the notes, however many links point there
    assert "[1]" in text[:text.index("Adresses des liens")]


def test_tables_break_across_pages_and_repeat_their_header(chromium, tmp_path, poppler):
    """A table that does not fit under the text flows onto the next page, its header row repeated,
    instead of jumping whole to the next page and leaving half a page blank (the site's print rules
    on Material's table markup)."""
    site = tmp_path / "site"
    site.mkdir()
    text = "".join(f"<p>Paragraphe {i} : {'texte ' * 40}</p>" for i in range(12))
    rows = "".join(f"<tr><td>Ligne {i}</td><td>{'mot ' * 12}</td></tr>" for i in range(60))
    shutil.copy(ROOT / "overrides/assets/stylesheets/mallette.css", site / "mallette.css")
    (site / "index.html").write_text(
        '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Tableau</title>'
        '<link rel="stylesheet" href="mallette.css"></head><body><article class="md-typeset"><h1>Titre</h1>'
        f'{text}<div class="md-typeset__scrollwrap"><div class="md-typeset__table"><table><thead><tr>'
        f"<th>Colonne A</th><th>Colonne B</th></tr></thead><tbody>{rows}</tbody></table></div></div>"
        "</article></body></html>", encoding="utf-8")
    base, server = serve(site)
    try:
        pdf = print_pdf(chromium, base, "/", tmp_path)
    finally:
        server.shutdown()
    texts = page_texts(pdf)
    assert len(texts) == 2
    assert "Ligne 0" in texts[0] and "Ligne 59" in texts[1]  # started under the text, ended on page 2
    assert "Colonne A" in texts[0] and "Colonne A" in texts[1]  # the header row on both pages
    assert_full_pages(pdf, tmp_path)


# --- with the published address (MALLETTE_SITE_URL) ---------------------------------------------------

PUBLISHED = "https://e-mallette.example.org/"
shared("adresse", build_into(env={"MALLETTE_SITE_URL": PUBLISHED}), "addressed_site")


@pytest.fixture(scope="module")
def addressed_site(tmp_path_factory):
    return built_once(tmp_path_factory, "adresse")


def test_with_a_site_url_every_page_prints_its_full_address(chromium, addressed_site, tmp_path, poppler):
    assert f"<loc>{PUBLISHED}cas/strasbourg-conseil-ess/</loc>" in (addressed_site / "sitemap.xml").read_text()
    base, server = serve(addressed_site)
    try:
        pdf = print_pdf(chromium, base, "/cas/strasbourg-conseil-ess/", tmp_path)
    finally:
        server.shutdown()
    for text in page_texts(pdf):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        assert lines[-1].split()[0] == f"{PUBLISHED}cas/strasbourg-conseil-ess/", lines[-1]
