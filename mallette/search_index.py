"""The site search index: Pagefind run on the built site, into <site>/pagefind/.

Pagefind (PyPI `pagefind[bin]`, a compiled program) reads the HTML pages, French by their
`<html lang="fr">` (stemming, accents folded), and writes an index split in small files that the
reader's browser fetches only for the words searched. Which parts of a page it reads is decided
by mallette/search_markup.py. The browser side is overrides/assets/javascripts/recherche.js.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import threading
from pathlib import Path

OUTPUT = "pagefind"  # folder inside the site, where recherche.js looks for pagefind.js
BODY_MARK = b"data-pagefind-body"  # the attribute mallette/search_markup.py puts on what is indexed
STAGING = ".pagefind-pages"  # inside the site while Pagefind runs (see _indexed_pages)
# Files Pagefind writes for its own ready-made interfaces: the site has its own.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")


class SearchIndexError(Exception):
    """The index could not be built: the message says why, in French."""


def pagefind_executable() -> Path:
    try:
        from pagefind_bin import get_executable
        return get_executable()
    except (ImportError, FileNotFoundError) as exc:
        raise SearchIndexError(
            "Le programme Pagefind, qui construit l'index de recherche, est introuvable : "
            "installez les dépendances du projet (`make site` le fait, ou "
            "`pip install -r requirements.txt`).") from exc


def search_index_command(site_dir: Path, stop: threading.Event | None = None) -> list[str] | None:
    """Pagefind's command line for the built site in site_dir. It prepares what Pagefind reads
    (_indexed_pages): call finish_search_index once Pagefind ran, or discard_search_source if it
    did not. None if `stop` was set meanwhile (`make serve`: the next rebuild must not wait)."""
    site_dir = Path(site_dir)
    program = str(pagefind_executable())
    source = _indexed_pages(site_dir, site_dir / STAGING, stop or threading.Event())
    if source is None:
        return None
    return [program, "--site", str(source), "--output-path", str(site_dir / OUTPUT), "--silent"]


def build_search_index(site_dir: Path) -> str:
    """Index the built site in site_dir; returns Pagefind's summary. Raises SearchIndexError."""
    site_dir = Path(site_dir)
    command = search_index_command(site_dir)
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=3600)
    except (OSError, subprocess.SubprocessError) as exc:
        discard_search_source(site_dir)
        raise SearchIndexError(f"Pagefind n'a pas pu construire l'index de recherche : {exc}") from exc
    finish_search_index(site_dir, result.returncode, result.stderr or result.stdout)
    return result.stdout


def finish_search_index(site_dir: Path, returncode: int, output: str) -> None:
    """After Pagefind ran: fail (SearchIndexError) if it wrote no index, else remove the files the
    site does not use."""
    discard_search_source(site_dir)
    if returncode != 0 or not (site_dir / OUTPUT / "pagefind.js").is_file():
        detail = (output or "").strip()
        raise SearchIndexError("Pagefind n'a pas pu construire l'index de recherche"
                               + (f" :\n{detail}" if detail else "."))
    for name in UNUSED:
        (site_dir / OUTPUT / name).unlink(missing_ok=True)


def discard_search_source(site_dir: Path) -> None:
    shutil.rmtree(Path(site_dir) / STAGING, ignore_errors=True)


def _indexed_pages(site_dir: Path, staging: Path, stop: threading.Event) -> Path | None:
    """The folder Pagefind reads: the site's pages that carry data-pagefind-body, linked (or
    copied) at the same paths into `staging`, so that their URLs in the index are unchanged.

    Pagefind parses every HTML file it is given and keeps what it read of each one until the end,
    even the pages it then leaves out because they have no data-pagefind-body (the next pages of
    the lists, the redirects): at 20,000 cases they took a third of its memory (1.85 -> 1.23 GB,
    same index). A file without the attribute's name anywhere cannot carry it; a file that has it
    is still judged by Pagefind itself. No page marked at all: Pagefind indexes every page, as it
    would on the whole site. None as soon as `stop` is set."""
    shutil.rmtree(staging, ignore_errors=True)
    marked = []
    for path in sorted(site_dir.rglob("*.html")):
        if stop.is_set():
            return None
        if STAGING not in path.relative_to(site_dir).parts and BODY_MARK in path.read_bytes():
            marked.append(path)
    if not marked:
        return site_dir
    for path in marked:
        if stop.is_set():
            return None
        target = staging / path.relative_to(site_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(path, target)
        except OSError:  # a file system without hard links
            shutil.copyfile(path, target)
    return staging
