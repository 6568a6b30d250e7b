"""The page `make serve` shows instead of the site while the content has errors.

A standalone HTML page (no theme asset: it is served at every address of the preview, whatever
the depth), listing every problem with its file, line, level and message. The plain build never
uses it: `mkdocs build` refuses to write anything when the content has errors.
"""
from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .issues import Report
from .render import TEMPLATES


def error_html(report: Report, template_dir: Path = TEMPLATES) -> str:
    env = Environment(loader=FileSystemLoader(str(template_dir)), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    issues = report.sorted()
    return env.get_template("erreurs.html.j2").render(
        issues=issues, errors=report.errors, summary=report.summary(), files=len({i.path for i in issues}))
