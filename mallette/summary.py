"""The validator's report as a French Markdown job summary ($GITHUB_STEP_SUMMARY).

GitHub shows at most 10 annotations per step: a pull request with more problems hides the
rest. The summary lists every problem, grouped by file, with its line, so that a contributor
reads the whole list on the run's page. Messages may quote contributed text: everything that
Markdown or HTML would interpret is escaped, so the summary shows the text as it was written.
"""
from __future__ import annotations

import re
from itertools import groupby

from .issues import Issue

# Markdown that could start a link, emphasis, a table cell or an HTML tag inside a table cell.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~])")


def md_text(text: str) -> str:
    """Plain text for a Markdown table cell: on one line, HTML and Markdown neutralised."""
    text = " ".join(str(text).split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def _severity(issue: Issue) -> str:
    """« erreur » or « avertissement ». The validator reports errors only today; an issue that
    carries another level (a `severity` or `level` of "warning", "avertissement"…) is a warning."""
    level = getattr(issue, "severity", None) or getattr(issue, "level", None) or "erreur"
    return "erreur" if str(level).lower() in ("erreur", "error") else "avertissement"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n > 1 else ''}"


def summary_markdown(issues: list[Issue], valid_counts: str = "") -> str:
    """The whole report in French Markdown; valid_counts is said when there is no problem."""
    if not issues:
        return f"## ✅ Contenu valide\n\n{md_text(valid_counts)}\n" if valid_counts else "## ✅ Contenu valide\n"
    issues = sorted(set(issues), key=lambda i: (i.path, i.line, i.col, i.code, i.message))
    errors = [i for i in issues if _severity(i) == "erreur"]
    warnings = [i for i in issues if _severity(i) != "erreur"]
    files = len({i.path for i in issues})
    counts = [_plural(len(errors), "erreur")] + ([_plural(len(warnings), "avertissement")] if warnings else [])
    head = "## ❌ Le contenu contient des erreurs" if errors else "## ⚠️ Le contenu appelle des remarques"
    out = [head, "",
           f"{' et '.join(counts)} dans {_plural(files, 'fichier')}. Chaque ligne dit où corriger et comment ; "
           "`make validate` donne la même liste sur votre ordinateur.", ""]
    for path, group in groupby(issues, key=lambda i: i.path):
        out += [f"### `{path.replace('`', '')}`", "", "| Ligne | Niveau | Problème | Comment corriger |",
                "| ---: | --- | --- | --- |"]
        for i in group:
            where = f"{i.line}" + (f":{i.col}" if i.col else "") if i.line else "—"
            out.append(f"| {where} | {_severity(i)} | {md_text(i.message)} `[{i.code}]` | {md_text(i.hint) or '—'} |")
        out.append("")
    return "\n".join(out)
