"""mkdocs adapter: feeds the e-mallette core into mkdocs events. No logic of its own.

`mkdocs serve` keeps this module loaded between rebuilds: all state is rebuilt in on_config.
"""
from __future__ import annotations

import gc
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mkdocs.exceptions import Abort  # noqa: E402
from mkdocs.structure.files import File, InclusionLevel  # noqa: E402

from mallette.explore import EXPLORER_DATA, explorer_json  # noqa: E402
from mallette.export import data_files  # noqa: E402
from mallette.feed import Updates  # noqa: E402
from mallette.maps import MapConfigError, MapSettings, asset_files, map_files  # noqa: E402
from mallette.model import validate  # noqa: E402
from mallette.glossary import Abbreviations  # noqa: E402
from mallette.pages import build_pages  # noqa: E402
from mallette.redirects import redirects, render_redirect  # noqa: E402
from mallette.render import guide_markdown  # noqa: E402
from mallette import sanitize  # noqa: E402
from mallette.csp import Policy  # noqa: E402
from mallette.schema import Schemas  # noqa: E402
from mallette.search_fr import LUNR_FR, lunr_fr_with_accents  # noqa: E402

_state: dict = {}


def on_config(config):
    gc.unfreeze()  # a previous `mkdocs serve` build that stopped before on_post_build
    _state.clear()
    root = Path(config.config_file_path).resolve().parent
    # Fresh schemas each build, so that `mkdocs serve` sees schema edits.
    kb, report = validate(root, Schemas())
    if report:
        # Abort before anything is written: the previous site stays as it was.
        raise Abort("Le contenu contient des erreurs ; rien n'a été construit.\n" + report.format())
    # The content lives until the end of the build: frozen, it is not walked again by every full
    # garbage collection while thousands of pages are rendered (~0.15 s at 1,000 cases).
    gc.freeze()
    # Page URLs in the open data are absolute when site_url is set (`mkdocs serve` sets a local one).
    site_url, updates = config.site_url or "", Updates.for_project(root)
    try:
        maps = MapSettings.from_extra(config.extra.get("carte"))
        # Every HTML document gets the one Content-Security-Policy (mallette/csp.py).
        policy = Policy.for_site(maps.tiles)
        _state.update(maps=policy.apply_to_files(map_files(kb, maps)), map_assets=asset_files(),
                      sanitizer=sanitize.Sanitizer(maps), csp=policy)
    except MapConfigError as exc:
        raise Abort(str(exc)) from exc
    _state.update(root=root, pages=build_pages(kb, site_url=site_url, updates=updates, map_settings=maps),
                  abbr=Abbreviations(kb.glossary),
                  redirects=redirects(kb),
                  data=data_files(kb, updates=updates, site_url=site_url, feed_title=config.site_name,
                                  feed_author=config.site_author or ""))
    _state["data"].append((EXPLORER_DATA, explorer_json(kb)))  # /explorer/cas.json, for explorer.js
    if config.repo_url:
        config.edit_uri = "edit/main/"
    gc.freeze()  # and so do the pages and exports, while mkdocs renders them
    return config


def on_files(files, config):
    # "Modifier cette page" opens the YAML or Markdown source in the repository.
    edit = bool(config.repo_url)
    pages_dir = Path(config.docs_dir).resolve().relative_to(_state["root"]).as_posix()
    if edit:
        for f in files.documentation_pages():
            f.edit_uri = f"{pages_dir}/{f.src_uri}"
    for page in _state["pages"]:
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
    # Search: the theme's French language file, published with accent folding appended.
    theme_fr = files.get_file_from_path(LUNR_FR)
    if theme_fr is not None:
        files.remove(theme_fr)
        files.append(File.generated(config, LUNR_FR, content=lunr_fr_with_accents(Path(theme_fr.abs_src_path).read_bytes())))
    return files


def on_page_markdown(markdown, page, config, files):
    if not page.file.generated_by:  # hand-written pages get the typography generated ones have
        markdown = str(guide_markdown(markdown))
        page.meta = sanitize.front_matter(page.meta)  # the theme writes it unescaped
    return markdown


def on_page_content(html, page, config, files):
    # Glossary tooltips: <abbr title="…"> on the acronyms of every page. Then every page's article,
    # whatever its source, goes through the one allowlist (mallette/sanitize.py): last, so that
    # nothing written after it escapes it.
    return _state["sanitizer"].clean_article(_state["abbr"].apply(html))


def on_post_page(output, page, config):
    return _state["csp"].apply(output)


def on_post_template(output_content, template_name, config):
    # Pages made from a theme template alone: 404.html (sitemap.xml is not HTML).
    return _state["csp"].apply(output_content) if template_name.endswith(".html") else output_content


def on_post_build(config):
    gc.unfreeze()
    # Former ids (`aliases`) keep their URLs: a redirect page where the old page was.
    for r in _state["redirects"]:
        dest = Path(config.site_dir) / r.path
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(_state["csp"].apply(render_redirect(r)), encoding="utf-8")
