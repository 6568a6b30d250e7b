"""Generation as a step of its own (mallette/generate.py, `make pages`): every generated page and
data file written into a build folder from the content alone, deterministic, rewriting only
the files whose bytes changed, never touching content/ or a folder it did not write."""
from __future__ import annotations

import os

import pytest

import generate_pages
from mallette.generate import MARKER, GenerateError, SiteFiles, write
from mallette.headings import anchor_headings
from mallette.pages import GeneratedPage


def _files(case_text: str, data: bytes = b"[]") -> SiteFiles:
    return SiteFiles(
        pages=[GeneratedPage("cas/x.md", "", "content/cases/x.yaml", anchor_headings(f"<h1>{case_text}</h1>")),
               GeneratedPage("guides/index.md", "# Guides\n", "")],
        data=[("donnees/cas.json", data)])


def test_only_changed_files_are_rewritten_and_stale_ones_removed(tmp_path):
    folder = tmp_path / "pages"
    first = write(_files("Un cas"), folder)
    assert sorted(first.changed) == ["cas/x.html", "donnees/cas.json", "guides/index.md"]
    assert first.pages["cas/x.md"].read_text().startswith('<h1 id="un-cas">Un cas<a class="headerlink"')
    stamps = {p: os.stat(folder / p).st_mtime_ns for p in first.changed}
    os.utime(folder / "guides/index.md", ns=(1, 1))  # an old date: rewriting it would show
    again = write(_files("Un cas renommé"), folder)
    assert again.changed == ["cas/x.html"] and again.removed == []
    assert os.stat(folder / "guides/index.md").st_mtime_ns == 1
    assert os.stat(folder / "donnees/cas.json").st_mtime_ns == stamps["donnees/cas.json"]
    fewer = SiteFiles(pages=_files("Un cas renommé").pages[:1], data=[])
    gone = write(fewer, folder)
    assert gone.changed == [] and sorted(gone.removed) == ["donnees/cas.json", "guides/index.md"]
    assert sorted(p.name for p in folder.rglob("*") if p.is_file()) == [MARKER, "x.html"]


def test_a_folder_it_did_not_write_is_left_alone(tmp_path):
    folder = tmp_path / "ailleurs"
    folder.mkdir()
    (folder / "notes.md").write_text("à garder")
    with pytest.raises(GenerateError, match="n'a pas été écrit par la génération"):
        write(_files("Un cas"), folder)
    assert [p.name for p in folder.iterdir()] == ["notes.md"]


def _tree(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_make_pages_writes_the_site_files_from_the_content_alone(project, capsys, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    content_before = _tree(project / "content")
    assert generate_pages.main(["--root", str(project)]) == 0
    (folder,) = (project / "build" / "pages").iterdir()
    files = _tree(folder)
    assert "cas/normandie-solima.html" in files and "guides/cadres-juridiques.md" in files
    assert "donnees/cas.json" in files and "carte/cas.json" in files
    assert _tree(project / "content") == content_before  # tools never write into the content
    assert "écrits" in capsys.readouterr().out
    # Deterministic: a second run finds every byte already there.
    stamps = {p: (folder / p).stat().st_mtime_ns for p in files}
    assert generate_pages.main(["--root", str(project)]) == 0
    assert "0 écrits, 0 retirés" in capsys.readouterr().out
    assert {p: (folder / p).stat().st_mtime_ns for p in files} == stamps
    # Editing one case rewrites its page and the files that show it, not the others.
    case = project / "content" / "cases" / "normandie-solima.yaml"
    case.write_text(case.read_text(encoding="utf-8").replace("A initié le SOLIMA régional", "A lancé le SOLIMA régional", 1), encoding="utf-8")
    assert generate_pages.main(["--root", str(project)]) == 0
    changed = {p for p in files if (folder / p).stat().st_mtime_ns != stamps[p]}
    assert "cas/normandie-solima.html" in changed and "cas/strasbourg-conseil-ess.html" not in changed
    assert len(changed) < 10, sorted(changed)


def test_make_pages_writes_nothing_from_invalid_content(project, capsys):
    case = project / "content" / "cases" / "normandie-solima.yaml"
    case.write_text(case.read_text(encoding="utf-8").replace("conditions:", "conditionz:", 1), encoding="utf-8")
    assert generate_pages.main(["--root", str(project)]) == 1
    assert "aucune page n'a été écrite" in capsys.readouterr().err
    assert not (project / "build").exists()
