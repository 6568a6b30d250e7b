"""The pull-request check explains itself: every problem in a French job summary, by file and line."""
from __future__ import annotations

import re
import subprocess
import sys

import yaml

from conftest import ROOT

CASE = ROOT / "content" / "cases" / "strasbourg-conseil-ess.yaml"


def _cli(*args):
    return subprocess.run([sys.executable, str(ROOT / "scripts/validate.py"), *args],
                          capture_output=True, text=True)


def _break_many(project, n: int = 14):
    """A case citing n unknown conditions: more problems than GitHub's 10 annotations per step."""
    case = project / "content" / "cases" / CASE.name
    text = case.read_text(encoding="utf-8")
    extra = "".join(f"  - condition: inconnue-{k}\n    evidence: \"Texte <b>gras</b> | pipe [lien](javascript:x)\"\n"
                    for k in range(n))
    text = text.replace("conditions:\n", "conditions:\n" + extra, 1)
    case.write_text(text, encoding="utf-8")
    return case


def test_summary_lists_every_error_by_file_and_line(project, tmp_path):
    _break_many(project)
    summary = tmp_path / "summary.md"
    summary.write_text("avant\n", encoding="utf-8")
    run = _cli("--root", str(project), "--format", "github", "--summary", str(summary))
    assert run.returncode == 1
    annotations = [line for line in run.stdout.splitlines() if line.startswith("::error")]
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("avant\n"), "the summary is appended, never overwrites the step's summary"
    rows = [line for line in text.splitlines() if re.match(r"\| \d+(:\d+)? \| erreur \|", line)]
    assert len(rows) == len(annotations) > 10
    assert f"### `content/cases/{CASE.name}`" in text
    assert "Le contenu contient des erreurs" in text and re.search(r"\d+ erreurs( et \d+ avertissements?)? dans \d+ fichiers?", text)
    for k in range(14):
        assert f"inconnue-{k}" in text


def test_summary_keeps_contributed_text_inert(project):
    _break_many(project, 1)
    out = _cli("--root", str(project), "--format", "summary").stdout
    assert "<b>" not in out and "&lt;b&gt;" in out
    # A pipe in a message cannot open a new table cell.
    for line in out.splitlines():
        if line.startswith("| ") and "html-interdit" in line:
            assert len(re.findall(r"(?<!\\)\|", line)) == 5, line


def test_summary_of_valid_content_says_so(project):
    run = _cli("--root", str(project), "--format", "summary")
    assert run.returncode == 0
    assert run.stdout.startswith("## ✅ Contenu valide") and "cas" in run.stdout


def test_pull_request_workflow_writes_the_summary():
    data = yaml.safe_load((ROOT / ".github/workflows/pull-request.yml").read_text(encoding="utf-8"))
    runs = [s.get("run", "") for job in data["jobs"].values() for s in job["steps"]]
    assert any("scripts/validate.py" in r and '--summary "$GITHUB_STEP_SUMMARY"' in r for r in runs)


def test_warnings_are_counted_apart_from_errors():
    from mallette.issues import WARNING, Issue
    from mallette.summary import summary_markdown

    out = summary_markdown([Issue("content/cases/a.yaml", 3, 1, "code-a", "a : faux.", "Corrigez."),
                            Issue("content/cases/a.yaml", 5, 0, "code-b", "b : douteux.", "", WARNING)])
    assert "1 erreur et 1 avertissement dans 1 fichier" in out
    assert "| 3:1 | erreur |" in out and "| 5 | avertissement |" in out
    only_warned = summary_markdown([Issue("content/cases/a.yaml", 5, 0, "code-b", "b : douteux.", "", WARNING)],
                                   "Contenu valide : 1 cas.")
    assert only_warned.startswith("## ✅ Contenu valide") and "1 avertissement dans 1 fichier" in only_warned
