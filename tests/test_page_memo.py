"""`make serve`'s memo of case pages (mallette/page_memo.py): after an edit, the pages it gives
are the ones a fresh rendering gives, the edited case shows its change everywhere, and only the
pages that show the edited case are rendered again."""
from __future__ import annotations

import yaml

from mallette.content import LoadCache
from mallette.feed import Updates
from mallette.model import validate
from mallette.page_memo import PageMemo
from mallette.pages import iter_pages
from mallette.render import TEMPLATES

import bench_corpus  # noqa: E402  (scripts/, the benchmark's corpus generator)

N = 60


def _pages(root, memo=None, cache=None) -> dict[str, str]:
    """As `make serve` does with a memo and a LoadCache kept between rebuilds; afresh without."""
    kb, report = validate(root, cache=cache)
    assert kb is not None, report.format()
    return {p.src_uri: p.text for p in iter_pages(kb, updates=Updates.without_git(), memo=memo)}


def _edit(path, field: str, word: str) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data[field] = f"{word} {data[field]}"
    path.write_text(bench_corpus.dump_case(data), encoding="utf-8")


def test_pages_from_the_memo_are_the_pages_rendered_afresh(tmp_path):
    root = tmp_path / "projet"
    info = bench_corpus.make_project(root, N)
    case = info["synthetic"][len(info["synthetic"]) // 2]
    path, page = root / "content" / "cases" / f"{case}.yaml", f"cas/{case}.md"
    memo, cache = PageMemo(TEMPLATES), LoadCache()
    first = _pages(root, memo, cache)
    assert first == _pages(root)  # the memo changes nothing to what is rendered
    assert _pages(root, memo, cache) == first
    assert memo.misses == 0 and memo.hits > N  # nothing changed: every HTML page from the memo

    _edit(path, "title", "Retouché")
    again = _pages(root, memo, cache)
    assert again == _pages(root)
    # The edited case shows its new title on its page and on the case pages that list it…
    assert '">Retouché ' in again[page]
    listing = [src for src, text in again.items() if "Retouché" in text and src.startswith("cas/") and src != page]
    assert listing, "no other case page lists it"
    # …and only the pages that show it were rendered again.
    assert memo.misses < N // 2

    _edit(path, "summary", "Résumé retouché.")
    again = _pages(root, memo, cache)
    assert "Résumé retouché." in again[page]
    assert again == _pages(root)

    # Its conditions change: « Cas proches » of every case are computed again.
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["conditions"] = data["conditions"][:1]
    path.write_text(bench_corpus.dump_case(data), encoding="utf-8")
    assert _pages(root, memo, cache) == _pages(root)


def test_a_changed_template_renders_every_case_page_again(tmp_path):
    root = tmp_path / "projet"
    bench_corpus.make_project(root, 12)
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "case.html.j2").write_text("v1", encoding="utf-8")
    memo = PageMemo(templates)  # the templates the key reads (the pages still come from TEMPLATES)
    kb, _ = validate(root)
    list(iter_pages(kb, updates=Updates.without_git(), memo=memo))
    list(iter_pages(kb, updates=Updates.without_git(), memo=memo))
    assert memo.misses == 0
    (templates / "case.html.j2").write_text("v2", encoding="utf-8")
    list(iter_pages(kb, updates=Updates.without_git(), memo=memo))
    assert memo.hits == 0 and memo.misses > len(kb.cases)


def test_a_file_is_parsed_again_only_when_its_bytes_change(tmp_path):
    root = tmp_path / "projet"
    info = bench_corpus.make_project(root, 12)
    cache = LoadCache()
    kb, report = validate(root, cache=cache)
    assert cache.hits == 0
    kb2, report2 = validate(root, cache=cache)
    assert cache.misses == 0 and report2.format() == report.format()
    path = root / "content" / "cases" / f"{info['synthetic'][0]}.yaml"
    _edit(path, "summary", "Résumé retouché.")
    kb3, report3 = validate(root, cache=cache)
    assert cache.misses == 1
    fresh, fresh_report = validate(root)
    assert report3.format() == fresh_report.format()
    assert {k: {i: e.data for i, e in t.items()} for k, t in kb3.entries.items()} == \
        {k: {i: e.data for i, e in t.items()} for k, t in fresh.entries.items()}
    assert kb3.get("case", info["synthetic"][0])["summary"].startswith("Résumé retouché.")
