"""`make serve` rebuilds only what an edit changed, and never shows a stale page.

`mkdocs serve --dirty` rebuilds a page only when its source file is newer than its output. The
generation step rewrites only the generated files whose bytes changed (mallette/generate.py), so
their modification times are real: after an edit, the pages that show it (the case, the lists,
the taxonomy pages…) are exactly the ones rebuilt. What `--dirty` cannot see, this module does,
from one rebuild of the preview to the next (a `Preview` lives as long as the `serve` command):

- what every page depends on beyond its own source (the configuration, the theme's files, the
  glossary whose acronyms every page marks): when it changes, the whole preview is rebuilt;
- the home page's « En un coup d'œil » block, made in memory and inserted into index.md: when it
  changes, the home page's output is removed, so that it is rebuilt;
- pages and files no longer in the site (a deleted case, a former alias): their outputs go;
- a content error: the site is set aside while the error page is shown, and comes back, as it
  was, with the first rebuild that has no error (then only what changed is rebuilt);
- the search index: Pagefind indexes the rebuilt site in the background, after the page is
  served (the plain build indexes before it returns);
- memory: while Pagefind runs, what the rebuild left is collected and the rest frozen (`gc`), so
  that the next rebuild's garbage collections pass over its own objects only (settle_memory).

Nothing here writes outside the preview's own folder (mkdocs' temporary site_dir) and, during
errors, the folder beside it where the last good site waits.
"""
from __future__ import annotations

import gc
import logging
import os
import shutil
import subprocess
import threading
from pathlib import Path

from .digest import digest, folder_digest
from .search_index import SearchIndexError, discard_search_source, finish_search_index, search_index_command

log = logging.getLogger("mkdocs.hooks.mallette")

ERROR_PAGES = ("index.html", "404.html")  # what the preview shows while the content has errors
SET_ASIDE = ".mallette-site-en-attente"  # beside the site folder: the last good site, during errors


def site_key(parts: list[str | bytes], folders: list[Path]) -> str:
    """A digest of what every page of the site depends on: `parts` (configuration, glossary…) and
    every file of `folders` (the theme's custom files), by name and bytes."""
    return digest(*parts, *(folder_digest(folder) for folder in folders))


def _clear(folder: Path) -> None:
    """Empty a folder (the preview's site folder), keeping the folder itself."""
    for entry in list(os.scandir(folder)):
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path)
        else:
            os.unlink(entry.path)


def settle_memory() -> None:
    """Collect what the last rebuild left, then freeze the rest (the loaded content, the page memo,
    mkdocs' objects): Python's collector no longer walks them at every rebuild. At 2,000 cases the
    collections took about 0.5 s of a 2 s rebuild; the collection here takes about 0.15 s, in the
    background, after the page is served. Objects frozen here that a later rebuild drops are
    collected at the next settle (unfreeze first), so memory stays bounded."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


class BackgroundIndex:
    """Pagefind on the preview's site, run after the page is served; stopped before the next
    rebuild touches the site (which will start it again)."""

    def __init__(self, site_dir: Path):
        self.site_dir = Path(site_dir)
        self.proc: subprocess.Popen | None = None
        self.stopping = threading.Event()
        self.lock = threading.Lock()  # between stop() and the start of Pagefind
        # Choosing the pages to index reads the whole site: in the thread too, after the page is
        # served, and given up as soon as the next rebuild starts.
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            command = search_index_command(self.site_dir, self.stopping)
            with self.lock:
                if command is None or self.stopping.is_set():
                    discard_search_source(self.site_dir)
                    return
                # At the lowest priority: the reader's next edit (a rebuild) comes first; it stops this one.
                self.proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                             text=True, preexec_fn=lambda: os.nice(19))
        except (SearchIndexError, OSError) as exc:  # the preview still shows the pages
            discard_search_source(self.site_dir)
            log.error("Pagefind n'a pas pu construire l'index de recherche de l'aperçu : %s", exc)
            return
        if not self.stopping.is_set():
            settle_memory()  # while Pagefind works
        output, _ = self.proc.communicate()
        if self.stopping.is_set() or self.proc.returncode < 0:  # stopped by us, or by the reader's Ctrl+C
            discard_search_source(self.site_dir)
            return
        try:
            finish_search_index(self.site_dir, self.proc.returncode, output)
            log.info("Aperçu : index de recherche à jour.")
        except SearchIndexError as exc:
            log.error("%s", exc)

    def stop(self) -> None:
        self.stopping.set()
        with self.lock:
            if self.proc is not None and self.proc.poll() is None:
                self.proc.terminate()
        self.thread.join()


class Preview:
    """What one `serve` keeps from a rebuild to the next (see the module's docstring)."""

    def __init__(self):
        self.key: str | None = None  # site_key of the last site built
        self.home: str | None = None  # its home block
        self.outputs: set[str] = set()  # the files it wrote into the site folder
        self.index: BackgroundIndex | None = None

    def stop_indexing(self) -> None:
        if self.index is not None:
            self.index.stop()
            self.index = None

    def before_build(self, site_dir: Path, key: str, home: str) -> None:
        """Called once the content is valid, before mkdocs writes anything: brings back the site
        set aside during errors, then removes the outputs the rebuild must redo."""
        site_dir = Path(site_dir)
        self.stop_indexing()
        aside = site_dir.parent / f"{site_dir.name}{SET_ASIDE}"
        if aside.is_dir():
            _clear(site_dir)
            for entry in os.scandir(aside):
                os.rename(entry.path, site_dir / entry.name)
            aside.rmdir()
        if key != self.key:
            # Configuration, theme or glossary changed (or first build): every page again.
            _clear(site_dir)
            self.outputs = set()
        elif home != self.home:
            (site_dir / "index.html").unlink(missing_ok=True)
        self.key, self.home = key, home

    def after_build(self, site_dir: Path, outputs: set[str]) -> None:
        """The site is written: remove what earlier rebuilds wrote and this one no longer has,
        then index the site in the background."""
        site_dir = Path(site_dir)
        for path in sorted(self.outputs - outputs):
            Path(path).unlink(missing_ok=True)
        self.outputs = set(outputs)
        self.index = BackgroundIndex(site_dir)

    def show_errors(self, site_dir: Path, page: str) -> None:
        """The content has errors: the site is set aside (not rebuilt: it comes back with the fix)
        and every address shows the error page."""
        site_dir = Path(site_dir)
        self.stop_indexing()
        aside = site_dir.parent / f"{site_dir.name}{SET_ASIDE}"
        if aside.is_dir() or self.key is None:
            _clear(site_dir)  # already set aside (or nothing built yet): only this build's copies
        else:
            aside.mkdir()
            for entry in os.scandir(site_dir):
                os.rename(entry.path, aside / entry.name)
        for name in ERROR_PAGES:
            (site_dir / name).write_text(page, encoding="utf-8")

    def shutdown(self, site_dir: Path | None) -> None:
        self.stop_indexing()
        if site_dir is not None:
            aside = Path(site_dir).parent / f"{Path(site_dir).name}{SET_ASIDE}"
            if aside.is_dir():
                shutil.rmtree(aside)
