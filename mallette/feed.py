"""Freshness: when each content file last changed, and the Atom feed of the latest cases.

Last update of an entry = its `updated` field, else the date of the last git commit touching its
file, else SOURCE_DATE_EPOCH as a date. Never the wall clock: the same content and the same
history always give the same dates, so builds stay byte-identical.
"""
from __future__ import annotations

import os
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from .model import KnowledgeBase
from .refs import URL_DIR, page_url

ATOM_NS = "http://www.w3.org/2005/Atom"
XML_NS = "http://www.w3.org/XML/1998/namespace"
FEED_PATH = "donnees/cas.atom"
FEED_SIZE = 20
FEED_SUBTITLE = "Les derniers cas de co-construction publiés ou mis à jour"
# Atom ids must never change, whatever the address the site is served from (RFC 4151 tag URIs).
TAG_PREFIX = "tag:rtes.fr,2019:e-mallette"


# --- dates of last update ----------------------------------------------------------------

def git_dates(root: Path, folder: str = "content") -> dict[str, str]:
    """{path relative to root: YYYY-MM-DD of the last commit touching it}, from ONE `git log`.

    Fails soft: no git, not a work tree, no commit yet, or a shallow clone (whose oldest commit
    would claim every file) all give {} and the caller falls back to SOURCE_DATE_EPOCH.
    """
    def git(*args: str) -> str:
        return subprocess.run(
            ["git", "-C", str(root), "-c", "core.quotepath=off", *args],
            capture_output=True, check=True, timeout=120, encoding="utf-8",
            env={**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"},
        ).stdout

    try:
        if git("rev-parse", "--is-shallow-repository").strip() != "false":
            return {}
        # Newest first: the first date seen for a path is its last change. %cs = committer date.
        out = git("log", "--no-renames", "--format=%x00%cs", "--name-only", "--relative", "--", folder)
    except (OSError, subprocess.SubprocessError, UnicodeDecodeError):
        return {}
    dates: dict[str, str] = {}
    current = ""
    for line in out.splitlines():
        if line.startswith("\x00"):
            current = line[1:].strip()
        elif line and current:
            dates.setdefault(line, current)
    return dates


def source_date() -> str | None:
    """SOURCE_DATE_EPOCH as YYYY-MM-DD (UTC); None when unset, invalid or 0 (meaning unknown)."""
    raw = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    try:
        epoch = int(raw)
    except ValueError:
        return None
    if epoch <= 0:
        return None
    return datetime.fromtimestamp(epoch, timezone.utc).date().isoformat()


@dataclass(frozen=True)
class Updates:
    """When each entry last changed; see the module docstring for the order of the sources."""

    git: dict[str, str] = field(default_factory=dict)  # content path -> YYYY-MM-DD
    fallback: str | None = None

    @classmethod
    def for_project(cls, root: Path) -> "Updates":
        return cls(git_dates(Path(root)), source_date())

    @classmethod
    def without_git(cls) -> "Updates":
        return cls({}, source_date())

    def of(self, entry) -> str | None:
        if entry.get("updated"):
            return str(entry["updated"])
        return self.git.get(entry.path) or self.fallback


# --- the Atom feed -----------------------------------------------------------------------

def rfc3339(day: str) -> str:
    return f"{day}T00:00:00Z"


def latest_cases(kb: KnowledgeBase, updates: Updates, size: int = FEED_SIZE) -> list:
    """Most recent first: by last update, then by start year; ties in id order. At most `size`."""
    cases = sorted(kb.cases, key=lambda c: c.id)
    cases.sort(key=lambda c: (updates.of(c) or "", c["period"]["start"]), reverse=True)
    return cases[:size]


def atom_feed(kb: KnowledgeBase, *, updates: Updates, site_url: str = "", title: str,
              subtitle: str = "", author: str = "", rights: str = "") -> bytes:
    """The Atom 1.0 feed (RFC 4287) of the latest cases, as UTF-8 XML.

    Without site_url, links are relative to the site root, made resolvable by xml:base="../"
    (the feed lives in /donnees/).
    """
    ET.register_namespace("", ATOM_NS)

    def sub(parent, tag: str, text: str | None = None, **attrs) -> ET.Element:
        el = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attrs)
        if text is not None:
            el.text = text
        return el

    fallback = updates.fallback or "1970-01-01"
    entries = [(c, updates.of(c) or fallback) for c in latest_cases(kb, updates)]
    base = site_url.rstrip("/") + "/" if site_url else ""

    feed = ET.Element(f"{{{ATOM_NS}}}feed", {} if site_url else {f"{{{XML_NS}}}base": "../"})
    sub(feed, "id", f"{TAG_PREFIX}:cas")
    sub(feed, "title", title)
    if subtitle:
        sub(feed, "subtitle", subtitle)
    sub(feed, "updated", rfc3339(max((d for _, d in entries), default=fallback)))
    sub(feed, "link", rel="self", type="application/atom+xml", href=base + FEED_PATH)
    sub(feed, "link", rel="alternate", type="text/html", href=base + f"{URL_DIR['case']}/")
    sub(sub(feed, "author"), "name", author or title)  # required when entries have none
    if rights:
        sub(feed, "rights", rights)
    for case, day in entries:
        entry = sub(feed, "entry")
        sub(entry, "id", f"{TAG_PREFIX}:cas:{case.id}")
        sub(entry, "title", case["title"])
        sub(entry, "link", rel="alternate", type="text/html", href=page_url("case", case.id, site_url))
        sub(entry, "updated", rfc3339(day))
        for s in case["sectors"]:
            sub(entry, "category", term=s, label=kb.get("sector", s)["name"])
        sub(entry, "summary", " ".join(case["summary"].split()), type="text")
    ET.indent(feed, space="  ")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"
