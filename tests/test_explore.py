"""Explorer data, « Cas proches », guide shortcodes and their validation, at the core level."""
from __future__ import annotations

import json
import random
import re
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, mkdocs_build
from mallette import similar
from mallette.completeness import completeness
from mallette.content import Entry
from mallette.explore import explorer_json, facets
from mallette.model import KnowledgeBase, load_knowledge_base, validate
from mallette.pages import build_pages
from mallette.render import Renderer, html_text

KB = load_knowledge_base(ROOT)


def yaml_cases(root: Path = ROOT) -> dict[str, dict]:
    """The cases straight from their YAML files: the tests' own reading, not the core's."""
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((root / "content/cases").glob("*.yaml"))}


# --- a synthetic corpus, built in memory ----------------------------------------------------

DEVICES = ["Conseil local de l'économie sociale et solidaire", "Table de citoyenneté", "Budget participatif",
           "Comité de pilotage partagé", "Conférence territoriale de l'ESS", "Appel à manifestation d'intérêt",
           "Pôle territorial de coopération économique", "Fabrique à initiatives citoyennes"]
TERRITORIES = [("Métropole européenne de Lille", "intercommunalite", "FR"), ("Saint-Étienne", "commune", "FR"),
               ("Auvergne-Rhône-Alpes", "region", "FR"), ("Seine-Saint-Denis", "departement", "FR"),
               ("Fribourg-en-Brisgau", "commune", "DE"), ("Bruxelles", "region", "BE"), ("Brescia", "commune", "IT")]


def _slug(text: str) -> str:
    import unicodedata
    s = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


def synthetic_kb(n: int, seed: int = 7) -> KnowledgeBase:
    """The real taxonomy, legal texts and resources, with n generated cases (long names on purpose)."""
    rng = random.Random(seed)
    ids = {k: sorted(KB.entries[k]) for k in ("condition", "stage", "mode", "sector", "legal", "resource")}
    entries = {k: dict(v) for k, v in KB.entries.items() if k != "case"}
    cases = {}
    for i in range(n):
        device, (name, level, country) = rng.choice(DEVICES), rng.choice(TERRITORIES)
        ident = f"{_slug(device)[:40].rstrip('-')}-{_slug(name)[:24].rstrip('-')}-{i + 1}"
        data = {
            "id": ident, "title": f"{device} de {name}", "summary": "Un résumé.",
            "territory": {"name": name, "level": level, "country": country, "lat": 45.0, "lon": 4.0},
            "period": {"start": rng.randint(1995, 2023), **({"end": 2024} if rng.random() < 0.5 else {})},
            "sectors": rng.sample(ids["sector"], rng.randint(1, 3)),
            "conditions": [{"condition": c, "evidence": "…"} for c in rng.sample(ids["condition"], rng.randint(3, 7))],
            "stages": [{"stage": s, "description": "…"} for s in rng.sample(ids["stage"], rng.randint(1, 5))],
            "instruments": [{"name": d, "description": "…"} for d in rng.sample(DEVICES, rng.randint(1, 4))],
            "legal_basis": rng.sample(ids["legal"], rng.randint(0, 3)),
            "sources": [rng.choice(ids["resource"])],
        }
        if rng.random() < 0.9:
            data["mode"] = rng.choice(ids["mode"])
        cases[ident] = Entry("case", ident, data, f"content/cases/{ident}.yaml", None)
    entries["case"] = cases
    return KnowledgeBase(entries, [])


# --- the explorer's data --------------------------------------------------------------------

def decode_explorer(data: dict) -> list[dict]:
    """The explorer's coded data read back, independently of the core: one dict per case with
    its facet values (ids, in the case's order) and its years."""
    digit = {ch: i for i, ch in enumerate(data["alphabet"])}

    def number(chars: str) -> int:
        n = 0
        for ch in chars:
            n = n * 64 + digit[ch]
        return n

    out = []
    for code in data["codes"]:
        parts = code.split(".")
        assert len(parts) == len(data["facettes"]) + 2
        case = {}
        for f, part in zip(data["facettes"], parts):
            w = f["largeur"]
            case[f["param"]] = [f["valeurs"][number(part[i:i + w])][0] for i in range(0, len(part), w)]
        case["debut"] = data["annee0"] + number(parts[-2])
        case["fin"] = data["annee0"] + number(parts[-1]) if parts[-1] else None
        out.append(case)
    return out


def plain(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def texts_of(kb) -> list[list]:
    from mallette.explore import text_blocks

    return [row for _, block in text_blocks(kb) for row in json.loads(block)]


def test_explorer_data_lists_every_case_with_its_filters():
    data = json.loads(explorer_json(KB))
    assert [f["param"] for f in data["facettes"]] == ["condition", "etape", "secteur", "mode", "niveau", "pays", "texte",
                                                     "completude"]
    source = yaml_cases()
    texts = texts_of(KB)
    cols = {name: i for i, name in enumerate(data["textes"]["colonnes"])}
    assert data["nombre"] == len(texts) == len(data["codes"])
    assert [t[cols["id"]] for t in texts] == [c.id for c in KB.cases]  # the order of the cards
    assert sorted(t[cols["id"]] for t in texts) == sorted(source)
    for text, row in zip(texts, decode_explorer(data)):
        case = source[text[cols["id"]]]
        # As the cards write them: French typography (non-breaking spaces), one line.
        assert plain(text[cols["titre"]]) == plain(case["title"])
        assert plain(text[cols["territoire"]]) == plain(case["territory"]["name"])
        assert (row["debut"], row["fin"]) == (case["period"]["start"], case["period"].get("end"))
        assert row["condition"] == [c["condition"] for c in case["conditions"]]
        assert row["etape"] == [s["stage"] for s in case.get("stages", [])]
        assert sorted(row["secteur"]) == sorted(case["sectors"])
        assert row["mode"] == ([case["mode"]] if case.get("mode") else [])
        assert row["niveau"] == [case["territory"]["level"]]
        assert row["pays"] == [case["territory"]["country"]]
        assert sorted(row["texte"]) == sorted(case.get("legal_basis", []))
        assert row["completude"] == [completeness(case).level]
        for instrument in case.get("instruments", []):
            assert plain(instrument["name"]) in plain(text[cols["instruments"]])


def test_explorer_data_for_filtering_stays_under_40_bytes_per_case_on_5000_cases():
    # What the explorer fetches before its first filtering: 20,000 cases stay well under 1 MB.
    kb = synthetic_kb(5000)
    data = explorer_json(kb)
    decoded = decode_explorer(json.loads(data))
    assert len(decoded) == 5000 and decoded[0]["condition"] == [c["condition"] for c in kb.cases[0]["conditions"]]
    assert len(data) / 5000 <= 40, f"{len(data) / 5000:.0f} octets par cas"
    # The texts come in blocks of a fixed size: a block does not grow with the corpus.
    from mallette.explore import TEXT_BLOCK, text_blocks

    blocks = text_blocks(kb)
    assert len(blocks) == -(-5000 // TEXT_BLOCK) and max(len(b) for _, b in blocks) < 200_000
    assert [p for p, _ in blocks] == [f"explorer/textes/{k}.json" for k in range(len(blocks))]


def test_explorer_data_is_the_same_on_every_build():
    assert explorer_json(KB) == explorer_json(load_knowledge_base(ROOT))


def test_facet_counts_are_the_cases_with_each_value():
    source = yaml_cases()
    for f in facets(KB):
        for (value, _), n in zip(f.values, f.counts):
            if f.param == "condition":
                expected = sum(any(c["condition"] == value for c in case["conditions"]) for case in source.values())
            elif f.param == "niveau":
                expected = sum(case["territory"]["level"] == value for case in source.values())
            elif f.param == "texte":
                expected = sum(value in case.get("legal_basis", []) for case in source.values())
            else:
                continue
            assert n == expected, (f.param, value)


# --- « Cas proches » -----------------------------------------------------------------------

def _case(ident, title, conditions, sectors=("culture",), mode=None):
    data = {"title": title, "conditions": [{"condition": c} for c in conditions], "sectors": list(sectors)}
    if mode:
        data["mode"] = mode
    return Entry("case", ident, data, "", None)


def test_close_cases_rank_shared_conditions_then_sector_or_mode_then_title():
    a = _case("a", "A", ["c1", "c2", "c3"], ["culture"], "co-construction")
    cases = [
        a,
        _case("b", "B", ["c3", "c2", "c1"], ["ess"]),                      # 3 shared
        _case("e", "E", ["c1", "c2"], ["ess"]),                            # 2 shared, nothing else
        _case("c", "C", ["c1", "c2", "c9"], ["ess"], "co-construction"),   # 2 shared + same mode
        _case("d", "D", ["c2", "c1"], ["culture"]),                        # 2 shared + same sector
        _case("f", "F", ["c8"], ["culture"], "co-construction"),           # no shared condition
    ]
    close = similar.close_cases(cases, top=4)
    assert [p.case.id for p in close["a"]] == ["b", "c", "d", "e"]
    first, by_mode, by_sector = close["a"][0], close["a"][1], close["a"][2]
    assert first.conditions == ("c1", "c2", "c3")  # named in the order of the page's case
    assert by_mode.same_mode and by_mode.sectors == ()
    assert by_sector.sectors == ("culture",) and not by_sector.same_mode
    assert close["f"] == []  # sharing only a sector or a mode is not enough
    assert all(p.case.id != "a" for p in close["a"])


def _brute_force(cases, top):
    """The ranking by its definition, pair by pair."""
    out = {}
    for i, a in enumerate(cases):
        ca = {x["condition"] for x in a["conditions"]}
        scored = []
        for j, b in enumerate(cases):
            shared = len(ca & {x["condition"] for x in b["conditions"]})
            if i == j or not shared:
                continue
            second = len(set(a["sectors"]) & set(b["sectors"])) + (1 if a.get("mode") and a.get("mode") == b.get("mode") else 0)
            scored.append((-shared, -second, j))
        out[a.id] = [cases[j].id for *_, j in sorted(scored)[:top]]
    return out


def test_close_cases_match_the_pairwise_definition():
    # 150 cases: the cases' bits span several machine words; few ids, so many ties to break.
    rng = random.Random(3)
    conds, sectors, modes = [f"c{i}" for i in range(8)], ["s1", "s2", "s3"], ["m1", "m2", None]
    cases = [_case(f"k{i}", f"K{i:03d}", rng.sample(conds, rng.randint(1, 4)), rng.sample(sectors, rng.randint(1, 2)),
                   rng.choice(modes)) for i in range(150)]
    got = {k: [p.case.id for p in v] for k, v in similar.close_cases(cases, top=4).items()}
    assert got == _brute_force(cases, 4)


def test_close_cases_break_full_ties_by_reading_order():
    # Same conditions everywhere: the secondary score decides, then the position in `cases`.
    cases = [_case(f"k{i}", f"K{i:03d}", ["c1", "c2"], ["s1"] if i % 3 else ["s2"], "m1" if i % 5 == 0 else None)
             for i in range(40)]
    close = similar.close_cases(cases, top=4)
    assert [p.case.id for p in close["k0"]] == ["k15", "k30", "k3", "k5"]  # sector s2 and mode m1, then either
    assert [p.case.id for p in close["k5"]] == ["k10", "k20", "k25", "k35"]  # sector s1 and mode m1
    assert [p.case.id for p in close["k1"]] == ["k2", "k4", "k5", "k7"]  # sector s1
    assert {k: [p.case.id for p in v] for k, v in close.items()} == _brute_force(cases, 4)


def test_close_cases_scale_to_5000_cases():
    cases = synthetic_kb(5000).cases
    close = similar.close_cases(cases)
    assert len(close) == 5000
    for case in cases[:200]:
        found = close[case.id]
        assert 1 <= len(found) <= similar.TOP
        shared = [len(p.conditions) for p in found]
        assert shared == sorted(shared, reverse=True) and min(shared) >= 1


def test_case_page_names_the_shared_conditions_of_its_close_cases():
    pages = {p.src_uri: p.text for p in build_pages(KB)}
    md = pages["cas/brescia-tables-de-citoyennete.md"]
    section = md.split('id="cas-proches"', 1)[1].split("<h2", 1)[0]
    assert md.index('id="cas-proches"') < md.index('id="cas-lies"')
    source = yaml_cases()
    mine = [c["condition"] for c in source["brescia-tables-de-citoyennete"]["conditions"]]
    lines = [line for line in section.splitlines() if line.startswith("<li>")]
    assert lines
    best = 0
    for line in lines:
        other = re.search(r'<a href="\.\./([a-z0-9-]+)/">', line).group(1)
        shared = [c for c in mine if c in {x["condition"] for x in source[other]["conditions"]}]
        assert f"{len(shared)} condition" in line
        for cid in shared:
            assert KB.get("condition", cid)["name"] in line, (other, cid)
        best = max(best, len(shared))
    # No case outside the list shares more conditions than the best listed one.
    assert all(len(set(mine) & {x["condition"] for x in c["conditions"]}) <= best
               for ident, c in source.items() if ident != "brescia-tables-de-citoyennete")


# --- shortcodes in guides -------------------------------------------------------------------

GUIDE = """---
title: "Un guide de test"
summary: "Des listes de cas."
sources: [rtes-points-de-repere-2019]
---
Introduction.

{{ cas condition="volonte-politique" }}

Les cas de co-construction en action sociale :

{{ cas mode="co-construction" secteur="action-sociale" }}

```markdown
{{ cas condition="cette-condition-n-existe-pas" }}
```
"""


def with_condition_in(project: Path, cid: str) -> set[str]:
    return {i for i, c in yaml_cases(project).items() if any(x["condition"] == cid for x in c["conditions"])}


def _write_guide(project: Path, body: str, name: str = "test-raccourcis") -> str:
    path = project / "content/guides" / f"{name}.md"
    path.write_text(body, encoding="utf-8")
    return f"content/guides/{name}.md"


def test_shortcodes_become_lists_of_the_matching_cases(project):
    _write_guide(project, GUIDE)
    kb = load_knowledge_base(project)
    md = {p.src_uri: p.markdown for p in build_pages(kb)}["guides/test-raccourcis.md"]
    source = yaml_cases(project)
    lists = [b for b in re.findall(r"((?:^- .*\n)+)", md, re.M) if "](../cas/" in b]
    assert len(lists) == 2
    volonte = {i for i, c in source.items() if any(x["condition"] == "volonte-politique" for x in c["conditions"])}
    social = {i for i, c in source.items() if c.get("mode") == "co-construction" and "action-sociale" in c["sectors"]}
    assert volonte and social
    for block, expected in zip(lists, (volonte, social)):
        assert set(re.findall(r"\]\(\.\./cas/([a-z0-9-]+)\.md\)", block)) == expected
    assert '{{ cas condition="cette-condition-n-existe-pas" }}' in md  # code stays code
    assert "{{ cas" not in md.replace('{{ cas condition="cette-condition-n-existe-pas" }}', "")


@pytest.mark.parametrize("line,code,col,hint", [
    ('{{ cas condition="volonte-politque" }}', "condition-inconnue", 19, "Vouliez-vous dire « volonte-politique » ?"),
    ('{{ cas conditon="volonte-politique" }}', "raccourci-inconnu", 8, "Vouliez-vous dire « condition » ?"),
    ('{{ case condition="volonte-politique" }}', "raccourci-inconnu", 4, "Vouliez-vous dire « cas » ?"),
    ('{{ cas texte="loi-ess-2041" }}', "texte-inconnu", 15, "Vouliez-vous dire « loi-ess-2014 » ?"),
    ('{{ cas }}', "raccourci-invalide", 4, "condition"),
    ('{{ cas condition=volonte politique }}', "raccourci-invalide", 26, 'condition="volonte-politique"'),
])
def test_a_wrong_shortcode_fails_validation_at_its_line_and_column(project, line, code, col, hint):
    rel = _write_guide(project, GUIDE.replace("Introduction.", f"Introduction.\n\n{line}"))
    kb, report = validate(project)
    assert kb is None
    found = [i for i in report.errors if i.path == rel]
    assert [(i.code, i.line, i.col) for i in found] == [(code, 8, col)], report.format()
    assert hint in found[0].hint
    # `make validate` prints it the same way, and fails.
    out = subprocess.run([sys.executable, str(ROOT / "scripts/validate.py"), "--root", str(project)],
                         capture_output=True, text=True)
    assert out.returncode == 1
    assert f"{rel}:8:{col}: erreur [{code}]" in out.stdout


def test_reserved_condition_id_is_refused(project):
    src = (project / "content/taxonomy/conditions/volonte-politique.yaml").read_text(encoding="utf-8")
    (project / "content/taxonomy/conditions/matrice.yaml").write_text(
        src.replace("id: volonte-politique", "id: matrice"), encoding="utf-8")
    _, report = validate(project)
    assert [i.code for i in report.errors] == ["id-reserve"]
    assert report.errors[0].path == "content/taxonomy/conditions/matrice.yaml"


# --- raw HTML pages: escaped for HTML only ----------------------------------------------------

def test_html_filter_escapes_for_html_and_keeps_markdown_characters():
    out = html_text('L\'ESS « x » <b onclick="a()">*gras*</b> & {: #x } | _y_ :')
    assert out == ("L&#39;ESS «\u00a0x\u00a0» &lt;b onclick=&#34;a()&#34;&gt;*gras*&lt;/b&gt; &amp; "
                   "{: #x } | _y_\u00a0:")
    assert "\\" not in out


def test_href_gives_final_relative_urls_for_raw_html(tmp_path):
    (tmp_path / "t.md.j2").write_text("{{ href('cas/x.md#condition-y') }}|{{ href('conditions/z.md') }}|{{ href('index.md') }}")
    r = Renderer(tmp_path)
    assert r.render("t.md.j2", "conditions/matrice.md") == "../../cas/x/#condition-y|../z/|../../"
    assert r.render("t.md.j2", "explorer/index.md") == "../cas/x/#condition-y|../conditions/z/|../"


def event_attributes(html: str) -> list[str]:
    """Attributes named on… in the parsed page (text inside attribute values does not count)."""
    from html.parser import HTMLParser

    found = []

    class Parser(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.extend(f"{tag} {name}" for name, _ in attrs if name.startswith("on"))

    Parser().feed(html)
    return found


HOSTILE = '{: onclick=alert(1) } ${alert(1)} *[ESS]: piège | x " \' & \u2028'


def test_hostile_text_stays_text_in_the_explorer_the_matrix_and_their_data(project, tmp_path):
    src = (ROOT / "tests/fixtures/valid/cases/cas-minimal.yaml").read_text(encoding="utf-8")
    src = src.replace("id: cas-minimal", "id: cas-hostile")
    src = src.replace('title: "Un cas de test"', "title: " + json.dumps("# Titre " + HOSTILE))
    src = src.replace("name: Lille", "name: " + json.dumps(HOSTILE))
    (project / "content/cases/cas-hostile.yaml").write_text(src, encoding="utf-8")
    _write_guide(project, GUIDE)
    site = tmp_path / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    for url in ("explorer", "conditions/matrice", "guides/test-raccourcis", "cas/cas-hostile"):
        html = (site / url / "index.html").read_text(encoding="utf-8")
        assert event_attributes(html) == [], url
    explorer = (site / "explorer/index.html").read_text(encoding="utf-8")
    card = explorer.split('data-cas="cas-hostile"', 1)[1].split("</li>", 1)[0]
    assert "# Titre " + HOSTILE.replace("\u2028", " ").strip() in unescape(re.sub(r"<[^>]+>", "", card)).replace("\u00a0", " ")
    assert "\\" not in card  # no Markdown escapes inside raw HTML
    matrix = (site / "conditions/matrice/index.html").read_text(encoding="utf-8")
    assert "# Titre {: onclick=alert(1) }" in unescape(matrix)
    guide = (site / "guides/test-raccourcis/index.html").read_text(encoding="utf-8")
    listed = set(re.findall(r'<li><a href="\.\./\.\./cas/([a-z0-9-]+)/">', guide))
    assert with_condition_in(project, "volonte-politique") <= listed  # the shortcode's list, as HTML links
    rows = [row for block in sorted((site / "explorer/textes").glob("*.json"))
            for row in json.loads(block.read_text(encoding="utf-8"))]
    assert any(plain(row[1]) == plain("# Titre " + HOSTILE) for row in rows)
