"""mkdocs adapter: feeds the e-mallette core into mkdocs events. No logic of its own.

`mkdocs serve` keeps this module loaded between rebuilds: all state is rebuilt in on_config.
"""
from __future__ import annotations

import json
import logging
from pathlib import Path

from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.toc import get_toc

from mallette.error_page import error_html
from mallette.feed import Updates
from mallette.generate import GenerateError, SiteSettings, site_files, write
from mallette.maps import MapConfigError, MapSettings, asset_files
from mallette.content import LoadCache
from mallette.model import validate
from mallette.glossary import Abbreviations
from mallette.glance import with_block
from mallette.pages import home_block
from mallette.page_assets import PageAssets
from mallette.page_memo import PageMemo
from mallette.preview import Preview, site_key
from mallette.redirects import redirects, render_redirect
from mallette.render import TEMPLATES, MemoryBytecodeCache, guide_markdown
from mallette import sanitize
from mallette.csp import Policy
from mallette.schema import SchemaCache, Schemas
from mallette.search_index import SearchIndexError, build_search_index
from mallette.search_markup import mark_for_search, page_search
from mallette.tables import scrollable_tables

_state: dict = {}
_command: dict = {}  # the mkdocs command, from on_startup: kept across the rebuilds of `serve`
# `serve`: what a rebuild must redo besides the pages whose source changed (`--dirty`), the
# site set aside during content errors, the search index made in the background.
_preview = Preview()
_loads = LoadCache()  # `serve`: files whose bytes did not change are not parsed again (checks still run)
_theme_code = MemoryBytecodeCache()
_memo = PageMemo(TEMPLATES)  # `serve`: HTML pages whose inputs did not change are not rendered again
_schemas = SchemaCache()  # `serve`: the validators compiled again only when a schema file changes
log = logging.getLogger("mkdocs.hooks.mallette")


def on_startup(command, dirty):
    _command["name"] = command


def _serving() -> bool:
    return _command.get("name") == "serve"


def on_shutdown():
    _preview.shutdown(_command.get("site_dir"))


def on_config(config):
    _state.clear()
    _command["site_dir"] = config.site_dir
    _preview.stop_indexing()  # `serve`: the previous rebuild's search index would compete with this one
    root = Path(config.config_file_path).resolve().parent
    # `serve` sees schema edits: the schemas are compiled again when their files change.
    schemas = _schemas.get() if _serving() else Schemas()
    kb, report = validate(root, schemas, _loads if _serving() else None)
    if report and _serving():
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
    settings = SiteSettings(site_url=config.site_url or "", repo_url=config.repo_url, site_name=config.site_name,
                            site_author=config.site_author or "")
    updates = Updates.for_project(root)
    try:
        maps = MapSettings.from_extra(config.extra.get("carte"))
        # Every HTML document gets the one Content-Security-Policy (mallette/csp.py).
        policy = Policy.for_site(maps.tiles)
        _state.update(map_assets=asset_files(), sanitizer=sanitize.Sanitizer(maps, config.repo_url), csp=policy)
    except MapConfigError as exc:
        raise Abort(str(exc)) from exc
    # The generation step (mallette/generate.py): every generated page and data file, written into
    # the build folder (only what changed); mkdocs reads them from there.
    generated = site_files(kb, schemas, settings, updates=updates, maps=maps, policy=policy,
                           memo=_memo if _serving() else None)
    try:
        written = write(generated, settings.folder(root, maps, updates))
    except GenerateError as exc:
        raise Abort(str(exc)) from exc
    _state.update(root=root, written=written,
                  pages=written.outlines,  # their text is in the files now
                  home=home_block(kb, updates=updates),  # « En un coup d'œil », into index.md
                  abbr=Abbreviations(kb.glossary),
                  redirects=redirects(kb))
    if _serving():
        # What every page depends on besides its source: the configuration, the theme's files, the
        # glossary (acronyms marked on every page). When it changes the preview is rebuilt whole.
        key = site_key([Path(config.config_file_path).read_bytes(), config.site_url or "", config.repo_url or "",
                        json.dumps(kb.glossary, sort_keys=True, default=str)], [Path(config.theme.custom_dir)])
        _preview.before_build(Path(config.site_dir), key, _state["home"])
    if config.repo_url:
        config.edit_uri = "edit/main/"
    return config


def on_env(env, config, files):
    if _serving():  # the theme's templates compiled once per `serve`, not at every rebuild
        env.bytecode_cache = _theme_code
    # Scripts and stylesheets only on the pages that use them (overrides/main.html).
    env.globals["page_assets"] = PageAssets.from_theme(Path(config.theme.custom_dir)).for_page
    return env


def on_files(files, config):
    if "errors" in _state:  # serve, content errors: no page at all, the error page is written after
        return Files([f for f in files if not f.is_documentation_page()])
    # "Modifier cette page" opens the YAML or Markdown source in the repository.
    edit = bool(config.repo_url)
    pages_dir = Path(config.docs_dir).resolve().relative_to(_state["root"]).as_posix()
    if edit:
        for f in files.documentation_pages():
            f.edit_uri = f"{pages_dir}/{f.src_uri}"
    # Pages written straight in HTML: mkdocs gets their article as the page source, and the
    # Markdown parser is skipped for them (on_page_markdown, on_page_content).
    _state["articles"] = {page.src_uri: page.article for page in _state["pages"] if page.article}
    written = _state["written"]
    for page in _state["pages"]:
        f = File.generated(config, page.src_uri, abs_src_path=str(written.pages[page.src_uri]))
        f.edit_uri = page.source if edit and page.source else None
        if page.src_uri.count("/") and not page.src_uri.endswith("index.md"):
            # Reachable from the index pages; keeping them out of the nav keeps the build linear.
            f.inclusion = InclusionLevel.NOT_IN_NAV
        files.append(f)
    # Open data (/donnees/), the JSON Schemas (/schema/), the maps (/carte/)…: copied as static files.
    for path, source in written.data.items():
        files.append(File.generated(config, path, abs_src_path=str(source)))
    # Leaflet, from the installed packages.
    for path, source in _state["map_assets"]:
        files.append(File.generated(config, path, abs_src_path=str(source)))
    _state["files"] = files
    return files


def on_nav(nav, config, files):
    # Pages titled by the nav keep that title; the others take their article's h1 (on_page_content).
    _state["nav_titled"] = {p.file.src_uri for p in nav.pages if p.title is not None}
    return nav


def on_page_markdown(markdown, page, config, files):
    if "errors" in _state:
        return markdown
    if page.file.src_uri in _state["articles"]:
        page.meta["recherche"] = page_search(page.file.src_uri).as_meta()
        # Already HTML (the file's text): nothing for the Markdown parser. The article is read again
        # from its file when the page is written (on_page_context), not kept from now till then.
        return ""
    if not page.file.generated_by:  # hand-written pages get the typography generated ones have
        markdown = str(guide_markdown(markdown))
        if page.file.src_uri == "index.md":
            markdown = with_block(markdown, _state["home"])
        page.meta = sanitize.front_matter(page.meta)  # the theme writes it unescaped
    # Search: the page's kind and how it is indexed, for overrides/main.html.
    page.meta["recherche"] = page_search(page.file.src_uri).as_meta()
    return markdown


def on_page_content(html, page, config, files):
    if "errors" in _state:
        return html
    article = _state["articles"].get(page.file.src_uri)
    if article:
        # What the Markdown parser and its toc extension would have set (mkdocs' public fields).
        page.toc, page.present_anchor_ids = get_toc(article.toc), set(article.ids)
        if page.file.src_uri not in _state["nav_titled"]:
            page.title = article.title
        # mkdocs converts every page before it writes one: holding every article until then took
        # about 0.9 GB at 20,000 cases. The article comes in on_page_context, page by page.
        return ""
    return _finish_article(html, page)


def on_page_context(context, page, config, nav):
    if "errors" not in _state and page.file.src_uri in _state["articles"]:
        page.content = _finish_article(
            Path(_state["written"].pages[page.file.src_uri]).read_text(encoding="utf-8"), page)
    return context


def _finish_article(html, page):
    # Glossary tooltips: <abbr title="…"> on the acronyms of every page; wide tables scroll in a
    # labelled, focusable box; what search reads. Then every page's article, whatever its source,
    # goes through the one allowlist (mallette/sanitize.py): last, so that nothing written after
    # it escapes it.
    return _state["sanitizer"].clean_article(
        mark_for_search(scrollable_tables(_state["abbr"].apply(html)), page_search(page.file.src_uri)))


def on_post_page(output, page, config):
    if page.file.src_uri in _state.get("articles", ()):
        page.content = None  # written: its article is not needed any more (on_page_content)
    return _state["csp"].apply(output) if "csp" in _state else output


def on_post_template(output_content, template_name, config):
    # Pages made from a theme template alone: 404.html (sitemap.xml is not HTML).
    if "csp" in _state and template_name.endswith(".html"):
        return _state["csp"].apply(output_content)
    return output_content


def on_post_build(config):
    if "errors" in _state:  # every address of the preview shows the errors (404.html for the others)
        _preview.show_errors(Path(config.site_dir), error_html(_state["errors"]))
        return
    # Former ids (`aliases`) keep their URLs: a redirect page where the old page was.
    outputs = set()
    for r in _state["redirects"]:
        dest = Path(config.site_dir) / r.path
        dest.parent.mkdir(parents=True, exist_ok=True)
        page = _state["csp"].apply(render_redirect(r))
        if not (_serving() and dest.is_file() and dest.read_text(encoding="utf-8") == page):  # serve: only if changed
            dest.write_text(page, encoding="utf-8")
        outputs.add(str(dest))
    if _serving():
        # The page is served now; Pagefind indexes the preview in the background.
        _preview.after_build(Path(config.site_dir), outputs | {f.abs_dest_path for f in _state["files"]})
        return
    # `mkdocs build`: the search index of the built pages, before the build ends.
    try:
        build_search_index(Path(config.site_dir))
    except SearchIndexError as exc:
        raise Abort(str(exc)) from exc
