"""The validator's report as a French Markdown job summary ($GITHUB_STEP_SUMMARY).

GitHub shows at most 10 annotations per step: a pull request with more problems hides the
rest. The summary lists every problem, grouped by file, with its line, so that a contributor
reads the whole list on the run's page. Messages may quote contributed text: everything that
Markdown or HTML would interpret is escaped, so the summary shows the text as it was written.
"""
from __future__ import annotations

import re
from itertools import groupby

from .issues import ERROR, WARNING, Issue

# Markdown that could start a link, emphasis, a table cell or an HTML tag inside a table cell.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~])")


def md_text(text: str) -> str:
    """Plain text for a Markdown table cell: on one line, HTML and Markdown neutralised."""
    text = " ".join(str(text).split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def _severity(issue: Issue) -> str:
    return ERROR if issue.is_error else WARNING


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n > 1 else ''}"


def summary_markdown(issues: list[Issue], valid_counts: str = "") -> str:
    """The whole report in French Markdown; valid_counts is said when there is no problem."""
    if not issues:
        return f"## ✅ Contenu valide\n\n{md_text(valid_counts)}\n" if valid_counts else "## ✅ Contenu valide\n"
    issues = sorted(set(issues), key=lambda i: (i.path, i.line, i.col, i.code, i.message))
    errors = [i for i in issues if i.is_error]
    warnings = [i for i in issues if not i.is_error]
    files = len({i.path for i in issues})
    counts = ([_plural(len(errors), ERROR)] if errors else []) + ([_plural(len(warnings), WARNING)] if warnings else [])
    if errors:
        out = ["## ❌ Le contenu contient des erreurs", "",
               f"{' et '.join(counts)} dans {_plural(files, 'fichier')}. Chaque ligne dit où corriger et comment ; "
               "`make validate` donne la même liste sur votre ordinateur.", ""]
    else:  # warnings only: the content is valid, the recommendations follow
        out = ["## ✅ Contenu valide", ""] + ([md_text(valid_counts), ""] if valid_counts else []) + [
               f"{' et '.join(counts)} dans {_plural(files, 'fichier')} : des recommandations, qui ne bloquent "
               "pas la publication ; `make validate` donne la même liste sur votre ordinateur.", ""]
    for path, group in groupby(issues, key=lambda i: i.path):
        out += [f"### `{path.replace('`', '')}`", "", "| Ligne | Niveau | Problème | Comment corriger |",
                "| ---: | --- | --- | --- |"]
        for i in group:
            where = f"{i.line}" + (f":{i.col}" if i.col else "") if i.line else "—"
            out.append(f"| {where} | {_severity(i)} | {md_text(i.message)} `[{i.code}]` | {md_text(i.hint) or '—'} |")
        out.append("")
    return "\n".join(out)
