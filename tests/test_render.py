"""The renderer's shortcuts (links and macros shared by a folder's pages, text escaping, « Cas
proches » by bit sets) give what the plain computation gives."""
from __future__ import annotations

import posixpath
import random

from mallette import similar
from mallette.model import load_knowledge_base
from mallette.pages import build_pages
from mallette.render import Renderer
from mallette.text import escape_plain, inline_markdown
from test_explore import _brute_force, _case


def test_links_are_relative_to_the_page_from_every_folder(tmp_path):
    targets = ["cas/y.md", "cas/x.md#a", "index.md", "conditions/z.md", "a/b/d.md", "a/index.md#b"]
    (tmp_path / "t.md.j2").write_text("|".join(f"{{{{ link('{t}') }}}}" for t in targets))
    r = Renderer(tmp_path)
    for src in ["index.md", "cas/x.md", "conditions/matrice.md", "a/b/c.md", "a/index.md"]:
        here = posixpath.dirname(src) or "."
        expected = [posixpath.relpath(t.split("#")[0], here) + ("#" + t.split("#")[1] if "#" in t else "")
                    for t in targets]
        assert r.render("t.md.j2", src).split("|") == expected, src


def test_a_renderer_used_again_names_the_entries_of_the_new_build(project):
    """Links and case lines are kept for a whole build: a second build must not reuse them."""
    r = Renderer()
    first = {p.src_uri: p.text for p in build_pages(load_knowledge_base(project), r)}
    for path, old, new in [("taxonomy/sectors/culture.yaml", 'name: "Culture"', 'name: "Arts et culture"'),
                           ("resources/conference-rtes-2018.yaml", 'title: "La co-construction des politiques publiques"',
                            'title: "Co-construire les politiques publiques"')]:
        f = project / "content" / path
        f.write_text(f.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    kb = load_knowledge_base(project)
    again = {p.src_uri: p.text for p in build_pages(kb, r)}
    assert again == {p.src_uri: p.text for p in build_pages(kb)}  # what a new renderer gives
    assert again != first
    assert '<a href="../../secteurs/culture/">Arts et culture</a>' in again["cas/normandie-solima.md"]
    sources = again["cas/normandie-solima.md"].split('id="sources"', 1)[1]
    assert '<a href="../../ressources/conference-rtes-2018/">Co-construire les politiques publiques</a>' in sources


def test_every_kind_of_whitespace_becomes_one_space():
    for c in (chr(i) for i in range(0x110000) if chr(i).isspace()):
        assert escape_plain(f"a{c}{c}b {c}c") == "a b c", hex(ord(c))
        assert inline_markdown(f"a{c}b") == "a b", hex(ord(c))


def test_close_cases_with_many_conditions_and_sectors_per_case():
    # Up to 30 shared conditions and 21 secondary ids: counts of five bits, 70 ids in all.
    rng = random.Random(11)
    conds, sectors, modes = [f"c{i}" for i in range(70)], [f"s{i}" for i in range(40)], ["m1", "m2", None]
    cases = [_case(f"k{i}", f"K{i:03d}", rng.sample(conds, rng.randint(1, 30)), rng.sample(sectors, rng.randint(1, 20)),
                   rng.choice(modes)) for i in range(80)]
    got = {k: [p.case.id for p in v] for k, v in similar.close_cases(cases, top=4).items()}
    assert got == _brute_force(cases, 4)


def test_a_start_year_the_sources_do_not_fix_says_so():
    from mallette.render import period_fr, period_note_fr
    assert period_fr({"start": 2010}) == "depuis 2010" and period_note_fr({"start": 2010}) == ""
    assert period_fr({"start": 2016, "start_precision": "au-plus-tard"}) == "depuis 2016 au plus tard"
    assert "ne datent pas le début" in period_note_fr({"start": 2016, "start_precision": "au-plus-tard"})
    assert period_fr({"start": 2016, "end": 2018, "start_precision": "environ"}) == "vers 2016 – 2018"
