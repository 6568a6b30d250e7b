"""The site search index: Pagefind run on the built site, into <site>/pagefind/.

Pagefind (PyPI `pagefind[bin]`, a compiled program) reads the HTML pages, French by their
`<html lang="fr">` (stemming, accents folded), and writes an index split in small files that the
reader's browser fetches only for the words searched. Which parts of a page it reads is decided
by mallette/search_markup.py. The browser side is overrides/assets/javascripts/recherche.js.
"""
from __future__ import annotations

import subprocess
from pathlib import Path

OUTPUT = "pagefind"  # folder inside the site, where recherche.js looks for pagefind.js
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


def search_index_command(site_dir: Path) -> list[str]:
    """Pagefind's command line for the built site in site_dir."""
    return [str(pagefind_executable()), "--site", str(site_dir), "--output-subdir", OUTPUT, "--silent"]


def build_search_index(site_dir: Path) -> str:
    """Index the built site in site_dir; returns Pagefind's summary. Raises SearchIndexError."""
    try:
        result = subprocess.run(search_index_command(site_dir), capture_output=True, text=True, timeout=3600)
    except (OSError, subprocess.SubprocessError) as exc:
        raise SearchIndexError(f"Pagefind n'a pas pu construire l'index de recherche : {exc}") from exc
    finish_search_index(site_dir, result.returncode, result.stderr or result.stdout)
    return result.stdout


def finish_search_index(site_dir: Path, returncode: int, output: str) -> None:
    """After Pagefind ran: fail (SearchIndexError) if it wrote no index, else remove the files the
    site does not use."""
    if returncode != 0 or not (site_dir / OUTPUT / "pagefind.js").is_file():
        detail = (output or "").strip()
        raise SearchIndexError("Pagefind n'a pas pu construire l'index de recherche"
                               + (f" :\n{detail}" if detail else "."))
    for name in UNUSED:
        (site_dir / OUTPUT / name).unlink(missing_ok=True)
