"""mkdocs adapter: feeds the e-mallette core into mkdocs events. No logic of its own.

`mkdocs serve` keeps this module loaded between rebuilds: all state is rebuilt in on_config.
"""
from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files, InclusionLevel

from mallette.compare import compare_files
from mallette.error_page import error_html
from mallette.contribute import contribution_pages
from mallette.explore import explorer_files
from mallette.export import data_files
from mallette.feed import Updates
from mallette.maps import MapConfigError, MapSettings, asset_files, map_files
from mallette.model import validate
from mallette.glossary import Abbreviations
from mallette.glance import with_block
from mallette.pages import build_pages, home_block
from mallette.redirects import redirects, render_redirect
from mallette.render import guide_markdown
from mallette import sanitize
from mallette.csp import Policy
from mallette.schema import Schemas
from mallette.search_index import SearchIndexError, build_search_index
from mallette.search_markup import mark_for_search, page_search
from mallette.tables import scrollable_tables

_state: dict = {}
_command: dict = {}  # the mkdocs command, from on_startup: kept across the rebuilds of `serve`
log = logging.getLogger("mkdocs.hooks.mallette")


def on_startup(command, dirty):
    _command["name"] = command


def on_config(config):
    _state.clear()
    root = Path(config.config_file_path).resolve().parent
    # Fresh schemas each build, so that `mkdocs serve` sees schema edits.
    schemas = Schemas()
    kb, report = validate(root, schemas)
    if report and _command.get("name") == "serve":
        # Preview: the browser shows the errors (on_files, on_post_build) instead of hanging on
        # the last good site; the next save that fixes them brings the site back.
        log.error("Le contenu contient des erreurs ; l'aperçu les affiche.\n%s", report.format())
        _state["errors"] = report
        return config
    if report:
        # Abort before anything is written: the previous site stays as it was.
        raise Abort("Le contenu contient des erreurs ; rien n'a été construit.\n" + report.format())
    if report.issues:  # warnings only: shown, never blocking (not even with --strict, a mkdocs flag)
        log.info("Avertissements sur le contenu :\n%s", report.format())
    # Page URLs in the open data are absolute when site_url is set (`mkdocs serve` sets a local one).
    site_url, updates = config.site_url or "", Updates.for_project(root)
    try:
        maps = MapSettings.from_extra(config.extra.get("carte"))
        # Every HTML document gets the one Content-Security-Policy (mallette/csp.py).
        policy = Policy.for_site(maps.tiles)
        _state.update(maps=policy.apply_to_files(map_files(kb, maps)), map_assets=asset_files(),
                      sanitizer=sanitize.Sanitizer(maps, config.repo_url), csp=policy)
    except MapConfigError as exc:
        raise Abort(str(exc)) from exc
    _state.update(root=root, pages=build_pages(kb, site_url=site_url, updates=updates, map_settings=maps),
                  home=home_block(kb, updates=updates),  # « En un coup d'œil », into index.md
                  abbr=Abbreviations(kb.glossary),
                  redirects=redirects(kb),
                  data=data_files(kb, updates=updates, site_url=site_url, feed_title=config.site_name,
                                  feed_author=config.site_author or ""))
    _state["data"] += explorer_files(kb)  # /explorer/cas.json and the cards' texts, for explorer.js
    # /contribuer/: the guide and the case form, whose buttons lead to the repository when known.
    contribute, form_data = contribution_pages(kb, schemas, config.repo_url)
    _state["pages"] += contribute
    _state["data"] += form_data
    _state["data"] += compare_files(kb)  # /comparer/cas/<id>.json, for comparer.js
    if config.repo_url:
        config.edit_uri = "edit/main/"
    return config


def on_files(files, config):
    if "errors" in _state:  # serve, content errors: no page at all, the error page is written after
        return Files([f for f in files if not f.is_documentation_page()])
    # "Modifier cette page" opens the YAML or Markdown source in the repository.
    edit = bool(config.repo_url)
    pages_dir = Path(config.docs_dir).resolve().relative_to(_state["root"]).as_posix()
    if edit:
        for f in files.documentation_pages():
            f.edit_uri = f"{pages_dir}/{f.src_uri}"
    # From here on the Files hold the generated pages: _state lets go of them (see on_page_content).
    for page in _state.pop("pages"):
        f = File.generated(config, page.src_uri, content=page.markdown)
        f.edit_uri = page.source if edit and page.source else None
        if page.src_uri.count("/") and not page.src_uri.endswith("index.md"):
            # Reachable from the index pages; keeping them out of the nav keeps the build linear.
            f.inclusion = InclusionLevel.NOT_IN_NAV
        files.append(f)
    # Open data (/donnees/) and the JSON Schemas (/schema/): copied as static files.
    for path, content in _state["data"]:
        files.append(File.generated(config, path, content=content))
    # Maps (/carte/): the case data, the folium map document, and Leaflet from the installed packages.
    for path, content in _state["maps"]:
        files.append(File.generated(config, path, content=content))
    for path, source in _state["map_assets"]:
        files.append(File.generated(config, path, abs_src_path=str(source)))
    return files


def on_page_markdown(markdown, page, config, files):
    if "errors" in _state:
        return markdown
    if not page.file.generated_by:  # hand-written pages get the typography generated ones have
        markdown = str(guide_markdown(markdown))
        if page.file.src_uri == "index.md":
            markdown = with_block(markdown, _state["home"])
        page.meta = sanitize.front_matter(page.meta)  # the theme writes it unescaped
    # Search: the page's kind and how it is indexed, for overrides/main.html.
    page.meta["recherche"] = page_search(page.file.src_uri).as_meta()
    return markdown


def on_page_content(html, page, config, files):
    # Glossary tooltips: <abbr title="…"> on the acronyms of every page; wide tables scroll in a
    # labelled, focusable box; what search reads. Then every page's article,
    # whatever its source, goes through the one allowlist (mallette/sanitize.py): last, so that
    # nothing written after it escapes it.
    if "errors" in _state:
        return html
    if page.file.generated_by:
        # mkdocs keeps every page's source (the File's text and page.markdown, a copy without the
        # front matter) until the build ends, though nothing reads it once the page is converted:
        # at 20,000 cases that is about a third of the build's memory. Let both go ("", not None:
        # None would tell mkdocs the page was never read).
        page.markdown = ""
        page.file.content_string = ""
    return _state["sanitizer"].clean_article(
        mark_for_search(scrollable_tables(_state["abbr"].apply(html)), page_search(page.file.src_uri)))


def on_post_page(output, page, config):
    return _state["csp"].apply(output) if "csp" in _state else output


def on_post_template(output_content, template_name, config):
    # Pages made from a theme template alone: 404.html (sitemap.xml is not HTML).
    if "csp" in _state and template_name.endswith(".html"):
        return _state["csp"].apply(output_content)
    return output_content


def on_post_build(config):
    if "errors" in _state:  # every address of the preview shows the errors (404.html for the others)
        page = error_html(_state["errors"])
        for name in ("index.html", "404.html"):
            (Path(config.site_dir) / name).write_text(page, encoding="utf-8")
        return
    # Former ids (`aliases`) keep their URLs: a redirect page where the old page was.
    for r in _state["redirects"]:
        dest = Path(config.site_dir) / r.path
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(_state["csp"].apply(render_redirect(r)), encoding="utf-8")
    # Search index of the built pages (`mkdocs serve` too: site_dir is then its temporary folder).
    try:
        build_search_index(Path(config.site_dir))
    except SearchIndexError as exc:
        raise Abort(str(exc)) from exc
