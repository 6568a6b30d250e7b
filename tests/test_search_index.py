"""The search index (Pagefind) and what it reads on each page: core rules, and the built site."""
from __future__ import annotations

import os
import re
import subprocess

import pytest

from conftest import mkdocs_build
from mallette import search_index
from mallette.search_index import SearchIndexError, build_search_index
from mallette.search_markup import LISTING_KIND, PageSearch, mark_for_search, page_search


@pytest.mark.parametrize("src,kind,listing", [
    ("cas/brescia.md", "cas", False),
    ("guides/notions-voisines.md", "guide", False),
    ("conditions/volonte-politique.md", "condition de réussite", False),
    ("etapes/debat.md", "étape", False),
    ("modes/co-construction.md", "mode de participation", False),
    ("secteurs/ess.md", "secteur", False),
    ("textes/loi-ess-2014.md", "texte juridique", False),
    ("ressources/fraisse-2018.md", "ressource", False),
    ("cas/index.md", LISTING_KIND, True),
    ("conditions/index.md", LISTING_KIND, True),
    ("conditions/matrice.md", LISTING_KIND, True),
    ("explorer/index.md", LISTING_KIND, True),
    ("carte/index.md", LISTING_KIND, True),
    ("index.md", "page", False),
    ("glossaire.md", "page", False),
    ("a-propos.md", "page", False),
])
def test_each_page_has_a_kind(src, kind, listing):
    assert page_search(src) == PageSearch(kind, listing)
    assert page_search(src).as_meta() == {"kind": kind, "listing": listing}


@pytest.mark.parametrize("src", ["cas/page/2.md", "conditions/volonte-politique/page/12.md", "secteurs/ess/page/3.md"])
def test_the_next_pages_of_a_list_are_not_indexed(src):
    # Page 1 has the same title and introduction: pages 2, 3… would only crowd the results.
    assert page_search(src).as_meta() is None  # overrides/main.html writes no data-pagefind-body
    assert mark_for_search("<h1>Cas</h1>\n<p>Intro.</p>", page_search(src)) == "<h1>Cas</h1>\n<p>Intro.</p>"


BRIEF_HTML = """<h1 id="t">Titre</h1>
<p>Résumé du cas.</p>
<h2 id="en-bref">En bref</h2>
<ul>
<li><strong>Territoire</strong>&nbsp;: Barcelone (commune, Espagne)</li>
<li><strong>Période</strong>&nbsp;: depuis 2016</li>
<li><strong>Mode de participation</strong>&nbsp;: <a href="../../modes/co-construction/">Co-construction</a></li>
<li><strong>Secteurs</strong>&nbsp;: <a href="../../secteurs/ess/">Économie sociale et solidaire</a></li>
<li><strong>Complétude de la fiche</strong>&nbsp;: complète</li>
</ul>
<p class="mallette-a-preciser">Cette fiche gagnerait à préciser : les étapes.</p>
<div class="mallette-carte"></div>
<p class="mallette-carte-legende">Sur la carte : <strong>Barcelone</strong></p>
<h2 id="acteurs">Acteurs</h2>
<div class="mallette-defilement"><table>
<thead>
<tr><th>Acteur</th><th>Type</th><th>Rôle</th></tr>
</thead>
<tbody>
<tr>
<td>Ajuntament de Barcelona</td>
<td>Collectivité territoriale</td>
<td><span data-pagefind-ignore="">Pilote la démarche.</span></td>
</tr>
</tbody>
</table></div>
<h2 id="instruments">Instruments</h2>
<ul>
<li><strong>Groupes de travail</strong><span data-pagefind-ignore> : par filière.</span></li>
</ul>
"""


def test_a_case_brief_indexes_its_place_and_period_and_its_actors_names():
    html = mark_for_search(BRIEF_HTML, page_search("cas/x.md"))
    assert "<li><strong>Territoire</strong>" in html and "<li><strong>Période</strong>" in html
    for label in ("Mode de participation", "Secteurs", "Complétude de la fiche"):
        assert f"<li data-pagefind-ignore><strong>{label}</strong>" in html
    assert '<p data-pagefind-ignore class="mallette-a-preciser">' in html
    assert '<div data-pagefind-ignore class="mallette-carte">' in html
    assert '<p data-pagefind-ignore class="mallette-carte-legende">' in html
    # The actors by their names only (their types are a taxonomy, their roles are on the page).
    assert "<thead data-pagefind-ignore>" in html
    assert "<td>Ajuntament de Barcelona</td>\n<td data-pagefind-ignore>Collectivité territoriale</td>" in html
    assert '<td data-pagefind-ignore><span data-pagefind-ignore="">Pilote' in html
    assert "<ul>\n<li><strong>Groupes de travail</strong>" in html  # the instruments are indexed
    # Other kinds of pages keep their whole « En bref » (a guide could have one).
    assert "<li><strong>Secteurs</strong>" in mark_for_search(BRIEF_HTML, page_search("guides/x.md"))


CASE_HTML = """<h1 id="t">Titre<a class="headerlink" href="#t" title="Lien">¶</a></h1>
<p>Résumé du cas.</p>
<h2 id="acteurs">Acteurs</h2>
<p>Texte indexé.</p>
<h2 data-pagefind-ignore id="cas-proches">Cas proches</h2>
<ul>
<li><a href="x">Un autre cas</a></li>
</ul>
<h3 id="sous">Sous-partie</h3>
<p>Toujours dans la section laissée de côté.</p>
<h2 id="suite">Suite</h2>
<p>Indexé à nouveau.<br>avec un saut</p>
"""


def test_a_marked_heading_leaves_out_its_whole_section():
    html = mark_for_search(CASE_HTML, page_search("cas/x.md"))
    assert '<ul data-pagefind-ignore>' in html
    assert '<h3 data-pagefind-ignore id="sous">' in html
    assert '<p data-pagefind-ignore>Toujours' in html
    assert '<h2 id="suite">' in html and "<p>Indexé à nouveau." in html
    assert '<p>Texte indexé.</p>' in html


def test_titles_and_summaries_are_weighted_by_kind():
    case = mark_for_search(CASE_HTML, page_search("cas/x.md"))
    guide = mark_for_search(CASE_HTML, page_search("guides/x.md"))
    text = mark_for_search(CASE_HTML, page_search("textes/x.md"))
    assert '<h1 data-pagefind-weight="6" id="t">' in case and '<p data-pagefind-weight="2">Résumé' in case
    assert '<h1 data-pagefind-weight="10" id="t">' in guide and '<p data-pagefind-weight="3">Résumé' in guide
    assert '<h1 data-pagefind-weight="4" id="t">' in text and "<p>Résumé" in text
    # Only the summary: the next paragraphs keep Pagefind's own weights.
    assert "<p>Texte indexé.</p>" in guide


def test_permalinks_are_not_indexed():
    html = mark_for_search(CASE_HTML, page_search("cas/x.md"))
    assert '<a class="headerlink" href="#t" data-pagefind-ignore title="Lien">¶</a>' in html


def test_a_listing_page_is_indexed_by_its_title_and_introduction_only():
    html = mark_for_search("<h1>Les cas</h1>\n<p>Intro.</p>\n<p>Suite de l'intro.</p>\n<table><tr><td>Cas</td></tr></table>\n"
                           "<p>Après la table.</p>\n<h2>Autre</h2>\n", page_search("cas/index.md"))
    assert "<h1>Les cas</h1>\n<p>Intro.</p>\n<p>Suite de l'intro.</p>" in html
    assert "<table data-pagefind-ignore>" in html
    assert "<p data-pagefind-ignore>Après" in html and "<h2 data-pagefind-ignore>" in html


def test_a_missing_program_is_a_french_error(monkeypatch, tmp_path):
    def missing():
        raise SearchIndexError("Le programme Pagefind, qui construit l'index de recherche, est introuvable")
    monkeypatch.setattr(search_index, "pagefind_executable", missing)
    with pytest.raises(SearchIndexError, match="introuvable"):
        build_search_index(tmp_path)


def test_a_failing_indexer_is_a_french_error(monkeypatch, tmp_path):
    def failing(*args, **kwargs):
        return subprocess.CompletedProcess(args, 1, "", "Error: quelque chose")
    monkeypatch.setattr(search_index.subprocess, "run", failing)
    with pytest.raises(SearchIndexError, match="Pagefind n'a pas pu construire l'index de recherche :\nError: quelque chose"):
        build_search_index(tmp_path)


def test_a_failing_indexer_stops_the_build_in_french(project, tmp_path, monkeypatch):
    # The hook turns the error into mkdocs' Abort: a French message, no traceback.
    # A pagefind_bin module that cannot find the program, first on the path. (Without it, the real
    # program is found in the venv: every other build, built_site included, shows that.)
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "pagefind_bin.py").write_text("def get_executable():\n    raise FileNotFoundError('x')\n", encoding="utf-8")
    path = os.pathsep.join(filter(None, [str(fake), os.environ.get("PYTHONPATH")]))
    result = mkdocs_build(project, tmp_path / "site", env={"PYTHONPATH": path})
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "Le programme Pagefind, qui construit l'index de recherche, est introuvable" in output
    assert "Traceback" not in output


def _page(body_attr: str, text: str) -> str:
    return (f'<!doctype html><html lang="fr"><head><title>{text}</title></head>'
            f'<body><nav>Menu</nav><article{body_attr}><h1>{text}</h1><p>{text} coopérative</p></article></body></html>')


def test_only_the_pages_marked_for_search_are_indexed_at_their_own_urls(tmp_path):
    # Pagefind is handed only the marked pages (it would keep every page it reads in memory):
    # the unmarked ones (next pages of a list, redirects) are still left out, the marked ones keep
    # their URLs, and nothing of the hand-over stays in the site.
    (tmp_path / "cas/strasbourg").mkdir(parents=True)
    (tmp_path / "cas/page/2").mkdir(parents=True)
    (tmp_path / "cas/strasbourg/index.html").write_text(_page(" data-pagefind-body", "Strasbourg"), encoding="utf-8")
    (tmp_path / "cas/page/2/index.html").write_text(_page("", "Suite"), encoding="utf-8")
    (tmp_path / "ancien.html").write_text('<!doctype html><html lang="fr"><body>Redirection</body></html>', encoding="utf-8")
    build_search_index(tmp_path)
    assert sorted(indexed_texts(tmp_path)) == ["/cas/strasbourg/"]
    assert "Strasbourg coopérative" in indexed_texts(tmp_path)["/cas/strasbourg/"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ancien.html", "cas", "pagefind"]


def test_a_site_with_no_marked_page_is_indexed_whole(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a/index.html").write_text(_page("", "Alpha"), encoding="utf-8")
    (tmp_path / "index.html").write_text(_page("", "Accueil"), encoding="utf-8")
    build_search_index(tmp_path)
    assert sorted(indexed_texts(tmp_path)) == ["/", "/a/"]


def test_the_built_site_has_its_index_and_marks_the_articles(built_site):
    assert (built_site / "pagefind/pagefind.js").is_file()
    assert list((built_site / "pagefind").glob("wasm.fr.*"))
    assert not (built_site / "pagefind/pagefind-ui.js").exists()  # the site has its own interface
    case = (built_site / "cas/strasbourg-conseil-ess/index.html").read_text(encoding="utf-8")
    assert re.search(r'<article class="md-content__inner md-typeset" data-pagefind-body data-pagefind-meta="type:cas">', case)
    assert re.search(r'<h2 data-pagefind-ignore(="")? id="cas-proches"', case)
    # The theme's navigation, header and footer are outside the article: not indexed.
    assert case.count("data-pagefind-body") == 1
    assert "lunr" not in case and "search_index.json" not in case
    assert not (built_site / "search").exists()


def indexed_texts(site) -> dict[str, str]:
    """{url: the text Pagefind indexed} from the built index's fragments."""
    import gzip
    import json
    texts = {}
    for fragment in (site / "pagefind/fragment").glob("*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes())
        assert data.startswith(b"pagefind_dcd")
        page = json.loads(data[len(b"pagefind_dcd"):])
        texts[page["url"]] = page["content"]
    return texts


def test_a_case_is_indexed_by_its_title_summary_place_period_actors_names_and_instruments(built_site):
    import yaml
    from conftest import ROOT
    case = yaml.safe_load((ROOT / "content/cases/normandie-solima.yaml").read_text(encoding="utf-8"))
    text = indexed_texts(built_site)["/cas/normandie-solima/"]
    assert text.startswith(case["title"])
    assert case["territory"]["name"] in text and "2018" in text
    assert all(actor["name"] in text for actor in case["actors"])
    assert all(i["name"] in text for i in case["instruments"])
    assert "Collectivité territoriale" not in text and "Rôle" not in text  # actors' types, the table's header
    # The mode, sectors, completeness, map legend and evidence are on their own pages.
    for left_out in ("Mode de participation", "Secteurs", "Complétude", "Sur la carte", "Conditions de réussite",
                     case["conditions"][0]["evidence"][:40]):
        assert left_out not in text, left_out


def test_the_index_is_the_same_for_the_same_content(built_site, rebuilt_site):
    again = rebuilt_site
    first = {p.relative_to(built_site / "pagefind"): p.read_bytes() for p in (built_site / "pagefind").rglob("*") if p.is_file()}
    second = {p.relative_to(again / "pagefind"): p.read_bytes() for p in (again / "pagefind").rglob("*") if p.is_file()}
    assert first == second
