"""Pages written straight in HTML get the heading ids, « ¶ » permalinks and table of contents
that Python-Markdown's toc extension gives the Markdown pages (mkdocs.yml), for the same headings:
readers' links and the sidebar must not depend on how a page was rendered."""
from __future__ import annotations

import markdown
from markupsafe import escape

from mallette.headings import anchor_headings
from mallette.markdown_code import MARKDOWN_EXTENSIONS

SITE_MARKDOWN = {"tables": {"use_align_attribute": True},
                 "toc": {"permalink": True, "permalink_title": "Lien vers cette section"}}

# (level, text, fixed id or None): apostrophes, ampersands, accents, non-breaking spaces,
# a title whose slug collides with a fixed id further down, twice the same title.
HEADINGS = [
    (1, "L'ESS & la co-construction\u00a0: «\u00a0Barcelone\u00a0»", None),
    (2, "En bref", "en-bref"),
    (2, "Étapes couvertes", "etapes"),
    (3, "Règles <du> jeu", "condition-regles"),
    (2, "Acteurs", None),
    (2, "Acteurs", None),
    (2, "Cas liés", "acteurs_1"),
]


def _markdown_page() -> str:
    lines = []
    for level, text, ident in HEADINGS:
        text = text.replace("<", "&lt;").replace(">", "&gt;")
        lines.append(f"{'#' * level} {text}" + (f" {{#{ident}}}" if ident else "") + "\n\nTexte.\n")
    return "\n".join(lines)


def _html_page() -> str:
    return "\n".join(f"<h{level}{f' id={chr(34)}{ident}{chr(34)}' if ident else ''}>{escape(text)}</h{level}>\n<p>Texte.</p>"
                     for level, text, ident in HEADINGS)


def _strip(tokens):
    return [(t["level"], t["id"], t["name"], _strip(t["children"])) for t in tokens]


def test_ids_permalinks_and_toc_are_those_of_the_markdown_pages():
    md = markdown.Markdown(extensions=MARKDOWN_EXTENSIONS, extension_configs=SITE_MARKDOWN)
    expected_html = md.convert(_markdown_page())
    page = anchor_headings(_html_page())
    assert _strip(page.toc) == _strip(md.toc_tokens)
    # Character references differ only in spelling (« &para; » or « ¶ »): the sanitizer writes both alike.
    assert page.html.replace("&#39;", "'").replace("&#34;", '"') == expected_html.replace("&para;", "\u00b6")
    assert page.title == "L'ESS &amp; la co-construction : « Barcelone »"  # spaces collapsed, as the toc extension does
    assert {"en-bref", "acteurs", "acteurs_1", "acteurs_2"} <= page.ids


def test_a_field_converted_alone_reads_as_in_a_markdown_page():
    """Contributor text on the HTML pages (`| md`, one field at a time) is what the Markdown
    pages made of it: the site's Markdown, one paragraph, with or without markup."""
    from mallette.inline_html import md_html
    from mallette.text import inline_markdown

    md = markdown.Markdown(extensions=MARKDOWN_EXTENSIONS, extension_configs=SITE_MARKDOWN)
    for text in ["Une phrase simple : « citée » ; fin !", "*emphase* et **gras**, snake_case_word",
                 "[un lien](https://example.org/a_b) et <b>pas de HTML</b>", "a & b &amp; c", "1. pas une liste",
                 "- pas une liste", "# pas un titre", "> pas une citation", "=== souligné", "l'ESS  ",
                 "barre | verticale {: .classe }", "\\*échappé\\*", "`code`", "x\ny"]:
        md.reset()
        whole = md.convert(str(inline_markdown(text)))
        assert whole.startswith("<p>") and whole.endswith("</p>"), text
        assert md_html(text) == whole[3:-4], text
