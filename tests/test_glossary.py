"""Glossary tooltips: which acronyms of a page become <abbr>, and which must stay as they are."""
from __future__ import annotations

from mallette.glossary import Abbreviations

GLOSSARY = [
    {"term": "ESS", "expansion": "Économie sociale et solidaire"},
    {"term": "CRESS", "expansion": "Chambre régionale de l'ESS"},
    {"term": "R&D", "expansion": 'Recherche "et" <développement>'},
]
ESS = '<abbr title="Économie sociale et solidaire">ESS</abbr>'


def apply(html: str) -> str:
    return Abbreviations(GLOSSARY).apply(html)


def test_text_acronyms_get_their_expansion_as_title():
    assert apply("<p>La loi ESS et l&#39;ESS.</p>") == f"<p>La loi {ESS} et l&#39;{ESS}.</p>"


def test_longest_term_wins_and_words_are_whole():
    out = apply("<p>La CRESS, les ESSAIS, MESS.</p>")
    assert out == ("<p>La <abbr title=\"Chambre régionale de l'ESS\">CRESS</abbr>, les ESSAIS, MESS.</p>")


def test_term_and_expansion_are_escaped():
    out = apply("<p>La R&amp;D.</p>")
    assert out == '<p>La <abbr title="Recherche &quot;et&quot; &lt;développement&gt;">R&amp;D</abbr>.</p>'


def test_attributes_code_and_existing_abbr_are_left_alone():
    html = ('<p><a href="/ESS/" title="ESS">lien</a> <code>ESS</code> <abbr title="x">ESS</abbr></p>'
            "<pre><code>ESS\n</code></pre><!-- ESS --><script>var ESS = 1;</script>")
    assert apply(html) == html


def test_bare_address_links_and_select_options_are_left_alone():
    # <option> accepts text only; a link showing an address shows it as it is.
    html = ('<p><a href="https://example.org/ESS">https://example.org/ESS</a></p>'
            '<select><option value="loi-ess">Loi ESS (1)</option></select>')
    assert apply(html) == html


def test_link_text_and_headings_get_tooltips():
    html = '<h2 id="x">Le réseau ESS<a class="headerlink" href="#x">&para;</a></h2><p><a href="../">Conseil ESS</a></p>'
    assert apply(html).count(ESS) == 2


def test_pages_without_acronyms_are_returned_unchanged():
    html = "<p>Rien à signaler.</p>"
    assert apply(html) is html
    assert Abbreviations([]).apply("<p>ESS</p>") == "<p>ESS</p>"
