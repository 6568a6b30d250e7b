"""Generation as a step of its own: every generated page and data file of the site, from the
content alone, written into a build folder (`make pages`, and the mkdocs adapter at each build).

- The folder is not content/ and is not tracked (build/pages/ by default, in .gitignore): tools
  never write into the contributors' files.
- Deterministic: the same content gives the same bytes (dates from git or SOURCE_DATE_EPOCH).
- Only files whose bytes changed are written, and files no longer generated are removed: an
  engine (or `mkdocs serve --dirty`) sees real files with real modification times.
- Pages written in Markdown keep their `.md` path; pages written straight in HTML (templates
  `*.html.j2`, mallette/headings.py) are stored as `<path>.html`: an engine must hand them over
  without a Markdown parser (hooks/mallette_mkdocs.py does, from GeneratedPage.article).
"""
from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from itertools import chain
from pathlib import Path

from .compare import compare_files
from .contribute import contribution_pages
from .csp import Policy
from .explore import explorer_files
from .export import data_files
from .feed import Updates
from .maps import MapSettings, map_files
from .model import KnowledgeBase
from .pages import GeneratedPage, iter_pages
from .schema import Schemas

BUILD_DIR = Path("build") / "pages"  # relative to the project root
MARKER = ".mallette-pages"  # in a folder this module writes: the only kind of folder it cleans


class GenerateError(Exception):
    """A folder this step must not write into (French message for the contributor)."""


@dataclass(frozen=True)
class SiteSettings:
    """What the generated files take from the site's configuration (mkdocs.yml for mkdocs)."""

    site_url: str = ""  # absolute page URLs in the open data; "" for paths from the site root
    repo_url: str | None = None  # the contribution form's buttons
    site_name: str = "La e-mallette de la co-construction"  # the feed's title
    site_author: str = ""

    def folder(self, root: Path, maps: MapSettings, updates: Updates) -> Path:
        """The build folder for these settings: build/pages/<digest>. Two builds of one project with
        other settings (the published site and a preview, tests in parallel) never share files;
        two with the same settings write the same bytes, atomically."""
        key = json.dumps([asdict(self), repr(maps), updates.fallback],
                         sort_keys=True, default=str)
        return Path(root) / BUILD_DIR / hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


@dataclass
class SiteFiles:
    pages: Iterable[GeneratedPage]  # made as they are written (see write): never all in memory at once
    # (path in the site, bytes): open data, maps, explorer, form… Made family by family as they
    # are written: at 20,000 cases all of them together weighed about 180 MB.
    data: Iterable[tuple[str, bytes]]


@dataclass
class Written:
    """Where each generated file lies on disk, and what this run changed."""

    folder: Path
    pages: dict[str, Path] = field(default_factory=dict)  # src_uri -> file
    data: dict[str, Path] = field(default_factory=dict)  # path in the site -> file
    outlines: list[GeneratedPage] = field(default_factory=list)  # the pages without their text (GeneratedPage.outline)
    changed: list[str] = field(default_factory=list)  # paths in the folder, rewritten or new
    removed: list[str] = field(default_factory=list)


def site_files(kb: KnowledgeBase, schemas: Schemas, settings: SiteSettings, *, updates: Updates,
               maps: MapSettings, policy: Policy, memo=None) -> SiteFiles:
    """Every generated page and data file, made while they are written. `policy`: the
    Content-Security-Policy the standalone HTML documents (the map) carry. `memo`: `make serve`'s
    case pages from its previous rebuild (mallette/page_memo.py)."""
    pages = iter_pages(kb, site_url=settings.site_url, updates=updates, map_settings=maps, memo=memo)
    # /contribuer/: the guide and the case form, whose buttons lead to the repository when known.
    contribute, form_data = contribution_pages(kb, schemas, settings.repo_url)
    families = (
        lambda: data_files(kb, updates=updates, site_url=settings.site_url, feed_title=settings.site_name,
                           feed_author=settings.site_author),
        lambda: explorer_files(kb),  # /explorer/cas.json and the cards' texts, for explorer.js
        lambda: form_data,
        lambda: compare_files(kb),  # /comparer/cas/<id>.json, for comparer.js
        lambda: policy.apply_to_files(map_files(kb, maps)),  # /carte/: the case data and the map document
    )
    data = chain.from_iterable(make() for make in families)
    return SiteFiles(chain(pages, contribute), data)


def disk_path(page: GeneratedPage) -> str:
    """'cas/x.md' for a Markdown page, 'cas/x.html' for a page already in HTML."""
    return page.src_uri[: -len(".md")] + ".html" if page.article else page.src_uri


def write(files: SiteFiles, folder: Path) -> Written:
    """Write the files into `folder`, only those whose bytes changed; remove the others."""
    folder = Path(folder)
    if folder.is_dir() and any(folder.iterdir()) and not (folder / MARKER).exists():
        raise GenerateError(f"Le dossier {folder} existe et n'a pas été écrit par la génération des pages : "
                            "rien n'y est écrit. Choisissez un autre dossier, ou videz-le.")
    out = Written(folder)
    folder.mkdir(parents=True, exist_ok=True)
    if not (folder / MARKER).exists():
        (folder / MARKER).write_bytes(b"")
    wanted: set[str] = set()

    base = str(folder)

    def put(rel: str, content: bytes) -> None:
        # Plain strings rather than Path objects: thousands of files at every rebuild of `make serve`.
        wanted.add(rel)
        target = os.path.join(base, rel)
        try:
            if os.stat(target).st_size == len(content):
                with open(target, "rb") as f:
                    if f.read() == content:
                        return
        except FileNotFoundError:
            os.makedirs(os.path.dirname(target), exist_ok=True)
        # Written aside, then renamed: never a half-written file for a build reading it meanwhile.
        head, name = os.path.split(target)
        tmp = os.path.join(head, f".{name}.{os.getpid()}.tmp")
        with open(tmp, "wb") as f:
            f.write(content)
        os.replace(tmp, target)
        out.changed.append(rel)

    # One page at a time, as they are made: only their outlines stay.
    for page in files.pages:
        rel = disk_path(page)
        put(rel, page.text.encode("utf-8"))
        out.pages[page.src_uri] = folder / rel
        out.outlines.append(page.outline())
    for path, content in files.data:
        put(path, content if isinstance(content, bytes) else content.encode("utf-8"))
        out.data[path] = folder / path
    # os.walk and plain strings: thousands of files, scanned at every rebuild of `make serve`.
    for rel in sorted(_files_under(folder)):
        if rel not in wanted and rel != MARKER and not rel.endswith(".tmp"):
            (folder / rel).unlink(missing_ok=True)
            out.removed.append(rel)
    return out


def _files_under(folder: Path) -> list[str]:
    """Paths of the files under folder, relative to it, with / separators."""
    base = str(folder)
    out = []
    for dirpath, _, names in os.walk(base):
        prefix = os.path.relpath(dirpath, base).replace(os.sep, "/")
        prefix = "" if prefix == "." else prefix + "/"
        out += [prefix + name for name in names]
    return out
