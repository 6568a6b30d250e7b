"""The contribution pages: /contribuer/ (three ways in without git) and the case form.

The form itself is drawn in the browser (overrides/assets/javascripts/contribuer.js) from
`formulaire.json`, made by mallette/form.py from the schema and the taxonomies. Without
JavaScript the page says so and points to the GitHub issue form, when the repository is known.
"""
from __future__ import annotations

import re

from .form import CASE_FOLDER, form_json
from .model import KnowledgeBase
from .pages import GeneratedPage
from .render import Renderer, guide_markdown
from .schema import Schemas

GUIDE_PAGE = "contribuer/index.md"
FORM_PAGE = "contribuer/proposer-un-cas/index.md"
FORM_DATA = "contribuer/proposer-un-cas/formulaire.json"  # next to the page: the script fetches it
ISSUE_TEMPLATE = "proposer-un-cas.yml"  # .github/ISSUE_TEMPLATE/, made by mallette/issue_form.py
_REPO = re.compile(r"^https://[^\s<>\"'?#]+$")


def repository_links(repo_url: str | None) -> dict:
    """Where the buttons lead, or {} when the repository is unknown (or not a plain https URL)."""
    repo = (repo_url or "").rstrip("/")
    if not _REPO.match(repo):
        return {}
    return {"repo": repo, "issue": f"{repo}/issues/new?template={ISSUE_TEMPLATE}", "new_file": f"{repo}/new/main"}


def contribution_pages(kb: KnowledgeBase, schemas: Schemas, repo_url: str | None = None,
                       renderer: Renderer | None = None) -> tuple[list[GeneratedPage], list[tuple[str, bytes]]]:
    """(pages, data files) of /contribuer/."""
    r = renderer or Renderer()
    links = repository_links(repo_url)
    ctx = {"links": links, "folder": CASE_FOLDER, "data_file": FORM_DATA.rsplit("/", 1)[-1]}
    pages = [GeneratedPage(src, str(guide_markdown(r.render(template, src, **ctx))), "")
             for template, src in (("contribuer.md.j2", GUIDE_PAGE), ("proposer-un-cas.md.j2", FORM_PAGE))]
    return pages, [(FORM_DATA, form_json(schemas, kb))]
