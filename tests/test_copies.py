"""The copy check compares words, not bytes; it says once when it cannot run; quotations and names are free."""
from __future__ import annotations

import shutil
import subprocess
import sys

from conftest import ROOT
from mallette.copies import SHINGLE, Names, SourceIndex, unquoted, words
from mallette.model import validate

SOURCE = ("Le Conseil de l'ESS de Strasbourg est une expérimentation qui a débuté en 2010 sur le "
          "territoire de l'Eurométropole avec pour objectifs le dialogue entre collectivités et ESS.")


def test_words_ignore_case_accents_apostrophes_hyphens_and_line_breaks():
    assert words("L’Économie co-\nconstruite, ŒUVRE") == words("l'economie coconstruite oeuvre") == \
        ["l", "economie", "coconstruite", "oeuvre"]


def test_a_copy_is_found_however_it_is_typed():
    index = SourceIndex([SOURCE])
    retyped = ("En bref : LE CONSEIL de l’ESS de Strasbourg est une expérimentation qui a\ndebute en 2010 sur "
               "le territoire, dit-on.")
    [(start, length)] = index.copied(words(retyped))
    assert words(retyped)[start:start + length][:3] == ["le", "conseil", "de"] and length >= SHINGLE


def test_eleven_words_are_not_a_copy_and_quotations_are_free():
    index = SourceIndex([SOURCE])
    eleven = " ".join(SOURCE.split()[:10])  # "l'ESS" counts two words: 10 source words make 11
    assert len(words(eleven)) == SHINGLE - 1 and index.copied(words(eleven)) == []
    assert index.copied(words(unquoted(f"Il dit : « {SOURCE} » puis s'en va."))) == []


def test_a_declared_name_is_not_a_copy():
    index = SourceIndex(["La co-construction de l'action publique : définition, enjeux, discours et pratiques, "
                         "étude présentée en novembre 2018."])
    text = words("l'étude La co-construction de l'action publique : définition, enjeux, discours et pratiques, "
                 "étude présentée en novembre 2018")
    assert index.copied(text)
    names = Names(["La co-construction de l'action publique : définition, enjeux, discours et pratiques"])
    assert index.copied(text, names) == []


def test_missing_sources_are_said_once_and_skipped(tmp_path):
    # A fresh interpreter: the line is printed once per process and folder.
    project = tmp_path / "projet"
    shutil.copytree(ROOT / "content", project / "content")
    code = ("import sys; from pathlib import Path; "
            "from mallette.model import validate; validate(Path(sys.argv[2])); validate(Path(sys.argv[2]))")
    env = {"PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-c", code, str(ROOT), str(project)], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    lines = [line for line in done.stderr.splitlines() if line.startswith("info : ")]
    assert len(lines) == 1 and "passages recopiés" in lines[0] and "MALLETTE_SOURCES" in lines[0]


def test_copies_in_any_content_file_are_located(project, tmp_path, monkeypatch):
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "source.txt").write_text(SOURCE, encoding="utf-8")
    monkeypatch.setenv("MALLETTE_SOURCES", str(sources))
    page = project / "content" / "pages" / "a-propos.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nAjout : le Conseil de l'ESS de Strasbourg est une\n"
                    "expérimentation qui a débuté en 2010 sur le territoire.\n", encoding="utf-8")
    _, report = validate(project)
    found = [(i.path, i.code) for i in report.errors]
    assert found == [("content/pages/a-propos.md", "passage-recopie")], report.format()
    (issue,) = report.errors
    assert issue.line == len(page.read_text(encoding="utf-8").splitlines()) - 1
