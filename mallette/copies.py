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
# A word, with the parts of a hyphenated word (co-construction, co-\nconstruction) kept together.
_TOKEN = re.compile(r"[^\W_]+(?:[-\u2010\u2011]\s*[^\W_]+)*")
_JOINERS = re.compile(r"[-\u2010\u2011\s]+")


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


def _fold_table() -> dict[int, str]:
    """Accented Latin letters -> their base letters, ligatures spelt out."""
    table = {}
    for cp in range(0xC0, 0x250):
        ch = chr(cp)
        base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
        if base != ch and base.isascii():
            table[cp] = base.lower()
    table.update({ord("œ"): "oe", ord("æ"): "ae", ord("ß"): "ss"})
    return table


_FOLD = _fold_table()


def tokens(text: str) -> list[str]:
    """The words of a text as typed, in lower case (apostrophes separate words)."""
    return _TOKEN.findall(text.lower())


@lru_cache(maxsize=200_000)
def fold(token: str) -> str:
    """One word, normalised: no accents, œ -> oe, hyphenated parts joined ('co-construction' ->
    'coconstruction'). Memoised: a corpus uses the same few thousand words again and again."""
    if "-" in token or "\u2010" in token or "\u2011" in token or " " in token or "\n" in token:
        token = _JOINERS.sub("", token)
    return token.translate(_FOLD)


def words(text: str) -> list[str]:
    """Normalised words: lower case, no accents, œ -> oe, apostrophes split, hyphenated words joined."""
    return [fold(t) for t in tokens(text)]


class _Ids(dict):
    """token as typed -> id of its normalised form in the sources' vocabulary (-1: not there)."""

    def __init__(self, vocab: dict[str, int]):
        super().__init__()
        self.vocab = vocab

    def __missing__(self, token: str) -> int:
        self[token] = found = self.vocab.get(fold(token), -1)
        return found


def unquoted(text: str) -> str:
    """The text with its « … » passages blanked (newlines kept, so line numbers still hold)."""
    return _QUOTED.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


class SourceIndex:
    """Every 12-word shingle of the source texts, hashed, and a way to find them in a text."""

    def __init__(self, texts: list[str]):
        self.vocab: dict[str, int] = {}
        self.shingles: set[int] = set()
        self._ids: _Ids | None = None
        for text in texts:
            ids = [self.vocab.setdefault(w, len(self.vocab)) for w in words(text)]
            for i in range(len(ids) - SHINGLE + 1):
                self.shingles.add(hash(tuple(ids[i:i + SHINGLE])))

    def copied(self, toks: list[str], names: "Names | None" = None) -> list[tuple[int, int]]:
        """(first token, number of tokens) of each run of 12+ words (see tokens()) found in the sources.

        Words inside one of `names` (official titles, functions…) do not count: naming is not
        copying. Names are looked for only in the rare texts that hold a candidate copy."""
        if len(toks) < SHINGLE:
            return []
        if self._ids is None:
            self._ids = _Ids(self.vocab)
        ids = list(map(self._ids.__getitem__, toks))  # a C loop: texts are many, and long
        found = self._scan(ids)
        if found and names:
            names.mask([fold(t) for t in toks], ids)
            found = self._scan(ids)
        return found

    def _scan(self, ids: list[int]) -> list[tuple[int, int]]:
        out, n, run_start = [], len(ids), 0
        # Runs of words all present in the sources, between two unknown words: only the runs at
        # least SHINGLE long can hold a copy, and most texts have none.
        for end in [k for k, x in enumerate(ids) if x == -1] + [n]:
            i = run_start
            while i <= end - SHINGLE:
                if hash(tuple(ids[i:i + SHINGLE])) not in self.shingles:
                    i += 1
                    continue
                j = i + 1  # extend the match as far as the shingles go
                while j + SHINGLE <= end and hash(tuple(ids[j:j + SHINGLE])) in self.shingles:
                    j += 1
                length = j - i + SHINGLE - 1
                out.append((i, length))
                i += length
            run_start = end + 1
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
