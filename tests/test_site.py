"""The built site: every page at its French URL, cross-indexes, safe text, failing builds."""
from __future__ import annotations

import filecmp
import re
from html import unescape
from pathlib import Path

import pytest

from conftest import FIXTURES, PUBLISHED_REPO_URL, ROOT, made_once, make_project, mkdocs_build, shared
from mallette.model import load_knowledge_base

KB = load_knowledge_base(ROOT)


def page(site: Path, url: str) -> str:
    return (site / url.strip("/") / "index.html").read_text(encoding="utf-8")


def text_of(html: str) -> str:
    """Visible text, with every kind of space (French typography) folded to one space."""
    return " ".join(unescape(re.sub(r"<[^>]+>", "", html)).replace("\u00a0", " ").replace("\u202f", " ").split())


def norm(s: str) -> str:
    return " ".join(s.replace("\u00a0", " ").replace("\u202f", " ").split())


def test_every_content_file_has_its_page(built_site):
    for kind, folder in [("case", "cas"), ("condition", "conditions"), ("stage", "etapes"), ("mode", "modes"),
                         ("sector", "secteurs"), ("legal", "textes"), ("resource", "ressources"), ("guide", "guides")]:
        assert (built_site / folder / "index.html").exists(), folder
        for ident in KB.entries[kind]:
            assert (built_site / folder / ident / "index.html").exists(), f"/{folder}/{ident}/"
    for url in ("", "a-propos", "glossaire"):
        assert (built_site / url / "index.html").exists()


def test_pages_are_french_and_self_hosted(built_site):
    for html_file in built_site.rglob("*.html"):
        html = html_file.read_text(encoding="utf-8")
        assert '<html lang="fr"' in html, html_file
        for src in re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="(https?:[^"]+)"', html):
            pytest.fail(f"{html_file} loads {src}")


def test_case_page_shows_the_whole_case(built_site):
    case = KB.get("case", "brescia-tables-de-citoyennete")
    html = page(built_site, "/cas/brescia-tables-de-citoyennete/")
    text = text_of(html)
    assert "<title>Les tables de citoyenneté de Brescia" in html
    anchors = ["en-bref", "conditions", "etapes", "instruments", "resultats", "base-juridique", "sources", "cas-lies"]
    anchors += ["temoignages"] * bool(case.get("quotes")) + ["cadre-lie"] * bool(case.get("legal_context"))
    for anchor in anchors:
        assert f'id="{anchor}"' in html, anchor
    # A later text is shown as context, under its own heading, never as the legal basis.
    for ident in case.get("legal_context", []):
        link = f'href="../../textes/{ident}/"'
        basis = html[html.index('id="base-juridique"'):html.index('id="cadre-lie"')]
        assert link in html[html.index('id="cadre-lie"'):] and link not in basis
    for item in case["conditions"]:
        assert f'id="condition-{item["condition"]}"' in html
        assert f'href="../../conditions/{item["condition"]}/"' in html
    for actor in case["actors"]:
        assert norm(actor["name"]) in text
    assert 'href="../../textes/directive-marches-publics-2014/"' in html
    assert 'href="../../ressources/rtes-points-de-repere-2019/"' in html


def test_condition_page_quotes_each_case_evidence(built_site):
    for cond in KB.all("condition"):
        html = page(built_site, f"/conditions/{cond.id}/")
        for case, evidence in KB.evidence(cond.id):
            assert f'href="../../cas/{case.id}/#condition-{cond.id}"' in html
            assert norm(evidence)[:60] in text_of(html), (cond.id, case.id)


def test_cases_index_lists_every_case(built_site):
    html = page(built_site, "/cas/")
    for case in KB.cases:
        assert f'href="{case.id}/"' in html


def test_related_cases_link_both_ways(built_site):
    for case in KB.cases:
        for other in case.get("related", []):
            assert f'href="../{case.id}/"' in page(built_site, f"/cas/{other}/"), (other, case.id)


def test_case_pages_stay_small_and_nav_omits_cases(built_site):
    html = page(built_site, "/cas/strasbourg-conseil-ess/")
    nav = re.search(r'<nav class="md-nav md-nav--primary".*?</nav>', html, re.S).group(0)
    assert "/cas/brescia" not in nav
    # 40 KB before this round; the search box, the comparison box and the completeness line
    # brought it to ~41 KB. The budget stays tight: a case page is what readers open on a phone.
    assert len(html.encode()) < 45_000


def test_glossary_terms_become_tooltips(built_site):
    html = page(built_site, "/cas/strasbourg-conseil-ess/")
    assert re.search(r'<abbr title="[^"]+">ESS</abbr>', html)


def _event_handlers(html: str) -> list[str]:
    """Event-handler attributes (onclick, onmouseover…) actually present on elements."""
    from html.parser import HTMLParser

    found = []

    class Parser(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.extend(f"<{tag} {name}>" for name, _ in attrs if name.lower().startswith("on"))

    Parser().feed(html)
    return found


def _add_case(project: Path, ident: str, title: str, conditions: list[str]) -> None:
    src = (project / "content/cases/strasbourg-conseil-ess.yaml").read_text(encoding="utf-8")
    src = src.replace("id: strasbourg-conseil-ess", f"id: {ident}", 1)
    src = re.sub(r"^title: .*$", f'title: "{title}"', src, count=1, flags=re.M)
    (project / f"content/cases/{ident}.yaml").write_text(src, encoding="utf-8")


# --- one copy of the content, changed as contributors do, built once for the tests below -------------

HOSTILE = '{: onclick=alert(1) } ${alert(1)} *[ESS]: piège | x'


def _rename_brescia(project: Path) -> None:
    """The case renamed, its old id kept as an alias, and the content citing it updated."""
    old = project / "content/cases/brescia-tables-de-citoyennete.yaml"
    src = old.read_text(encoding="utf-8").replace("id: brescia-tables-de-citoyennete", "id: brescia-ville-zero-competition", 1)
    src += "aliases: [brescia-tables-de-citoyennete]\n"
    old.unlink()
    (project / "content/cases/brescia-ville-zero-competition.yaml").write_text(src, encoding="utf-8")
    for p in (project / "content").rglob("*"):  # other content still cites the old id: point it at the new one
        if p.is_file() and p.suffix in (".yaml", ".md"):
            p.write_text(p.read_text(encoding="utf-8").replace("brescia-tables-de-citoyennete", "brescia-ville-zero-competition")
                         .replace("aliases: [brescia-ville-zero-competition]", "aliases: [brescia-tables-de-citoyennete]"), encoding="utf-8")


def _add_hostile_case(project: Path) -> None:
    """Text that passes validation but would be markup, attributes or script if rendered raw."""
    src = (FIXTURES / "valid/cases/cas-minimal.yaml").read_text(encoding="utf-8")
    src = src.replace("id: cas-minimal", "id: cas-hostile")
    src = src.replace('title: "Un cas de test"', f"title: '# Titre {HOSTILE}'")
    src = src.replace('summary: "Un résumé court du cas de test."', f"summary: '- {HOSTILE}'")
    src = src.replace("name: Lille", f"name: '{HOSTILE}'")
    src = src.replace('evidence: "Les élus portent la démarche."', f"evidence: '1. {HOSTILE} {{#x onmouseover=alert(2)}}'")
    (project / "content/cases/cas-hostile.yaml").write_text(src, encoding="utf-8")


def _make_changed(folder: Path):
    project = make_project(folder / "projet")
    _rename_brescia(project)
    _add_case(project, "lille-conseil-test", "Un conseil de test à Lille", [])
    _add_hostile_case(project)
    result = mkdocs_build(project, folder / "site")
    assert result.returncode == 0, result.stderr


shared("contenu-modifie", _make_changed, "changed")


@pytest.fixture(scope="module")
def changed(tmp_path_factory) -> tuple[Path, Path]:
    """(project, site): a renamed case, a copied case and a hostile case in one copy of the content.

    The three changes touch different files and each test below reads only its own pages: one
    build instead of three."""
    folder = made_once(tmp_path_factory, "contenu-modifie", _make_changed)
    return folder / "projet", folder / "site"


def test_a_copied_case_appears_everywhere_with_no_other_change(changed):
    project, site = changed
    html = page(site, "/cas/lille-conseil-test/")
    assert "Un conseil de test à Lille" in html
    assert 'href="lille-conseil-test/"' in page(site, "/cas/")
    kb = load_knowledge_base(project)
    for item in kb.get("case", "lille-conseil-test")["conditions"]:
        assert 'href="../../cas/lille-conseil-test/#condition-' in page(site, f"/conditions/{item['condition']}/")


def test_invalid_content_stops_the_build_before_writing(project, tmp_path):
    (project / "content/cases/condition-inconnue.yaml").write_bytes(
        (FIXTURES / "invalid/cases/condition-inconnue.yaml").read_bytes())
    site = tmp_path / "site"
    site.mkdir()
    (site / "ancien.html").write_text("previous build")
    result = mkdocs_build(project, site)
    assert result.returncode != 0
    out = result.stdout + result.stderr
    assert "content/cases/condition-inconnue.yaml:15:16: erreur [condition-inconnue]" in out
    assert "Traceback" not in out
    assert [p.name for p in site.iterdir()] == ["ancien.html"]


def test_hostile_text_that_passes_validation_renders_inert(changed):
    _, site = changed
    for url in ("/cas/cas-hostile/", "/cas/", "/conditions/volonte-politique/"):
        html = page(site, url)
        assert not _event_handlers(html), url
        assert "{: onclick=alert(1) }" in unescape(html), url
    assert "<title># Titre {: onclick=alert(1) } ${alert(1)}" in unescape(page(site, "/cas/cas-hostile/"))


def test_edit_link_opens_the_yaml_source(published_site):
    # The published build (conftest.py), shared with the other tests that need the repository link.
    site = published_site
    html = page(site, "/cas/strasbourg-conseil-ess/")
    assert f'href="{PUBLISHED_REPO_URL}/edit/main/content/cases/strasbourg-conseil-ess.yaml"' in html
    guide = next(iter(KB.entries["guide"]))
    assert f'edit/main/content/guides/{guide}.md"' in page(site, f"/guides/{guide}/")


def test_two_builds_are_byte_identical(built_site, rebuilt_site):
    cmp = filecmp.dircmp(built_site, rebuilt_site)

    def deep(c, rel=""):
        bad = [f"{rel}{n}" for n in c.left_only + c.right_only]
        _, mismatch, errors = filecmp.cmpfiles(c.left, c.right, c.common_files, shallow=False)
        bad += [f"{rel}{n}" for n in mismatch + errors]
        for name, sub in c.subdirs.items():
            bad += deep(sub, f"{rel}{name}/")
        return bad

    assert deep(cmp) == []


def test_copies_built_elsewhere_are_identical_and_dated_by_source_date_epoch(tmp_path):
    """Outside git every date comes from SOURCE_DATE_EPOCH (1700000000: 14 November 2023), never
    from the clock, and no folder name leaks into the output: two copies are byte-identical."""
    sites = []
    for name in ("a", "b"):
        site = tmp_path / name / "site"
        result = mkdocs_build(make_project(tmp_path / name / "projet"), site)
        assert result.returncode == 0, result.stderr
        sites.append(site)
    files = sorted(p.relative_to(sites[0]) for p in sites[0].rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(sites[1]) for p in sites[1].rglob("*") if p.is_file())
    assert [f for f in files if (sites[0] / f).read_bytes() != (sites[1] / f).read_bytes()] == []
    site = sites[0]
    gzip_mtime = int.from_bytes((site / "sitemap.xml.gz").read_bytes()[4:8], "little")
    assert gzip_mtime // 86400 == 1700000000 // 86400
    assert "<updated>2023-11-14T00:00:00Z</updated>" in (site / "donnees/cas.atom").read_text(encoding="utf-8")
    assert "Dernière mise à jour : 14 novembre 2023" in text_of(page(site, "/cas/strasbourg-conseil-ess/"))


def test_a_renamed_case_keeps_its_old_url(changed):
    _, site = changed
    assert "Les tables de citoyenneté de Brescia" in page(site, "/cas/brescia-ville-zero-competition/")
    redirect = page(site, "/cas/brescia-tables-de-citoyennete/")
    assert '<meta http-equiv="refresh" content="0; url=../brescia-ville-zero-competition/">' in redirect
    assert '<a href="../brescia-ville-zero-competition/">' in redirect and '<html lang="fr">' in redirect


def test_citing_an_old_id_names_the_new_one(project):
    from mallette.model import validate

    path = project / "content/cases/brescia-tables-de-citoyennete.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "aliases: [brescia-ancien]\n", encoding="utf-8")
    strasbourg = project / "content/cases/strasbourg-conseil-ess.yaml"
    strasbourg.write_text(strasbourg.read_text(encoding="utf-8").replace("related:\n", "related:\n  - brescia-ancien\n", 1), encoding="utf-8")
    _, report = validate(project)
    assert any(i.code == "cas-inconnu" and "« brescia-tables-de-citoyennete »" in i.hint for i in report.issues), report.format()


def test_related_back_links_are_capped_so_pages_do_not_grow_with_n(project):
    from mallette.model import RELATED_LIMIT

    src = (FIXTURES / "valid/cases/cas-minimal.yaml").read_text(encoding="utf-8")
    for i in range(RELATED_LIMIT + 5):
        (project / f"content/cases/cite-strasbourg-{i}.yaml").write_text(
            src.replace("id: cas-minimal", f"id: cite-strasbourg-{i}") + "related: [strasbourg-conseil-ess]\n",
            encoding="utf-8")
    kb = load_knowledge_base(project)
    strasbourg = kb.get("case", "strasbourg-conseil-ess")
    shown = kb.related(strasbourg)
    assert len(shown) == RELATED_LIMIT
    assert set(strasbourg["related"]) <= {c.id for c in shown}  # declared links always kept
