"""Passages of the source material repeated word for word: 12-word shingles, hashed.

The sources (the RTES publication and the checked legal facts) live outside the repository, in
`../shared/sources/` beside it (a read-only copy beside the clone in CI). MALLETTE_SOURCES names
another folder. When the folder is absent the check cannot run: `sources_dir` says so once.

Words are compared after normalisation (case, accents, ligatures, apostrophes, hyphenated words,
whitespace), so a copy does not escape by a changed accent or a line break. Quotations are left
out: « … » passages and the `quotes:` of cases are the place for the source's own words.
"""
from __future__ import annotations

import os
import re
import sys
import unicodedata
from functools import lru_cache
from pathlib import Path

SHINGLE = 12  # consecutive words: fewer would flag set phrases ("l'économie sociale et solidaire")
SOURCES_ENV = "MALLETTE_SOURCES"
# The extracted source texts. legal-facts.md (official titles, identifiers) is there to be reused
# word for word, and README.md describes the folder: neither is prose one could copy.
SOURCE_SUFFIXES = (".txt",)

_QUOTED = re.compile(r"«[^«»]*»", re.S)
_HYPHEN = re.compile(r"(?<=[^\W\d_])[-\u2010\u2011]\s*(?=[^\W\d_])")  # co-construction, co-\nconstruction
_WORD = re.compile(r"[^\W_]+")
_APOSTROPHES = str.maketrans({"\u2019": " ", "\u02bc": " ", "'": " ", "\u2018": " "})


def sources_dir(root: Path) -> Path | None:
    """The folder of source texts for a project, or None (with one line on stderr) when absent."""
    env = os.environ.get(SOURCES_ENV)
    folder = Path(env) if env else Path(root).resolve().parent / "shared" / "sources"
    if folder.is_dir():
        return folder
    _say_absent(str(folder))
    return None


@lru_cache(maxsize=None)
def _say_absent(folder: str) -> None:
    # Once per folder and process: the build validates more than once.
    print(f"info : dossier des sources introuvable ({folder}) : la recherche de passages recopiés "
          f"n'est pas faite. Indiquez-le avec {SOURCES_ENV}=… si besoin.", file=sys.stderr)


def words(text: str) -> list[str]:
    """Normalised words: lower case, no accents, œ -> oe, apostrophes and hyphens joined or split."""
    text = _HYPHEN.sub("", text.translate(_APOSTROPHES))
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _WORD.findall(text.replace("œ", "oe").replace("æ", "ae"))


def unquoted(text: str) -> str:
    """The text with its « … » passages blanked (newlines kept, so line numbers still hold)."""
    return _QUOTED.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


class SourceIndex:
    """Every 12-word shingle of the source texts, hashed, and a way to find them in a text."""

    def __init__(self, texts: list[str]):
        self.vocab: dict[str, int] = {}
        self.shingles: set[int] = set()
        for text in texts:
            ids = [self.vocab.setdefault(w, len(self.vocab)) for w in words(text)]
            for i in range(len(ids) - SHINGLE + 1):
                self.shingles.add(hash(tuple(ids[i:i + SHINGLE])))

    def copied(self, ws: list[str], names: "Names | None" = None) -> list[tuple[int, int]]:
        """(first word, number of words) of each run of 12+ normalised words found in the sources.

        Words inside one of `names` (official titles, functions…) do not count: naming is not copying.
        A word outside the sources' vocabulary cannot be part of a match: windows holding one are
        skipped past it, which keeps long texts cheap."""
        ids = [self.vocab.get(w, -1) for w in ws]
        if names:
            names.mask(ws, ids)
        out, i, n = [], 0, len(ids)
        while i <= n - SHINGLE:
            window = ids[i:i + SHINGLE]
            if -1 in window:
                i += SHINGLE - window[::-1].index(-1)  # just past the last unknown word
                continue
            if hash(tuple(window)) not in self.shingles:
                i += 1
                continue
            j = i + 1  # extend the match as far as the shingles go
            while j + SHINGLE <= n and hash(tuple(ids[j:j + SHINGLE])) in self.shingles:
                j += 1
            length = j - i + SHINGLE - 1
            out.append((i, length))
            i += length
        return out


class Names:
    """Long names the content declares (titles of texts and resources, functions of speakers):
    where one recurs in a text, its words are taken out of the comparison."""

    MIN_WORDS = 8  # shorter names ("Mouvement associatif de La Réunion") stay part of the prose

    def __init__(self, texts):
        self.by_prefix: dict[tuple, set[tuple]] = {}
        for text in texts:
            ws = tuple(words(text))
            if len(ws) >= self.MIN_WORDS:
                self.by_prefix.setdefault(ws[:self.MIN_WORDS], set()).add(ws)

    def __bool__(self) -> bool:
        return bool(self.by_prefix)

    def mask(self, ws: list[str], ids: list[int]) -> None:
        """Set to -1 (unknown) the ids of every word that belongs to a declared name."""
        k = self.MIN_WORDS
        for i in range(len(ws) - k + 1):
            for name in self.by_prefix.get(tuple(ws[i:i + k]), ()):
                if tuple(ws[i:i + len(name)]) == name:
                    ids[i:i + len(name)] = [-1] * len(name)


@lru_cache(maxsize=4)
def _index(folder: str, stamp: tuple) -> SourceIndex:
    texts = []
    for name in sorted(os.listdir(folder)):
        if name.endswith(SOURCE_SUFFIXES):
            with open(os.path.join(folder, name), encoding="utf-8", errors="replace") as f:
                texts.append(f.read())
    return SourceIndex(texts)


def source_index(folder: Path) -> SourceIndex:
    """The index of a folder's texts, built once per process while the files do not change."""
    stamp = tuple(sorted((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in folder.iterdir()
                         if p.name.endswith(SOURCE_SUFFIXES)))
    return _index(str(folder), stamp)
