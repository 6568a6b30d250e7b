"""Glossary tooltips: abbreviation definitions for the acronyms a page actually uses.

Python-Markdown's abbr extension walks every element once per definition: appending the whole
glossary to every page made it the largest cost of a 5,000-case build. One regex search per page
picks the few terms that occur.
"""
from __future__ import annotations

import re


class Abbreviations:
    def __init__(self, glossary: list[dict]):
        self._defs = {}
        for t in glossary:
            expansion = " ".join(str(t["expansion"]).split()).replace("]", ")").replace("[", "(")
            self._defs[t["term"]] = f"*[{t['term']}]: {expansion}"
        terms = sorted(self._defs, key=len, reverse=True)
        self._pattern = re.compile(r"\b(" + "|".join(map(re.escape, terms)) + r")\b") if terms else None

    def for_page(self, markdown: str) -> str:
        """The definitions of the terms found in this page's Markdown, in a stable order."""
        if self._pattern is None:
            return ""
        used = set(self._pattern.findall(markdown))
        return "\n".join(self._defs[t] for t in sorted(used))
