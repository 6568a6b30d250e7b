"""The addresses readers and trainers rely on: every URL of a built site and every anchor of its pages.

    python scripts/url_snapshot.py SITE_DIR             # writes tests/snapshots/urls-anchors.json
    python scripts/url_snapshot.py SITE_DIR --check     # lists what no longer answers

The snapshot is regenerated on purpose only (after a deliberate change of address): the test
tests/test_urls_snapshot.py fails when an URL or an anchor of it no longer answers in a new build.
New URLs and anchors are fine. Theme assets (`assets/`) and the search index (`pagefind/`) are
left out: their names change with the theme's version and the content, no reader links to them.
An anchor is the `id` of an element inside the page's <article> (headings, sections, figures).
"""
from __future__ import annotations

import argparse
import json
import sys
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOT = ROOT / "tests" / "snapshots" / "urls-anchors.json"
NOT_ADDRESSES = ("assets", "pagefind")


class _ArticleIds(HTMLParser):
    """The ids of the elements inside the outermost <article> (ids of the whole document if none)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth, self.seen_article = 0, False
        self.inside, self.everywhere = set(), set()

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self.depth += 1
            self.seen_article = True
        ident = dict(attrs).get("id")
        if ident:
            self.everywhere.add(ident)
            if self.depth:
                self.inside.add(ident)

    def handle_endtag(self, tag):
        if tag == "article" and self.depth:
            self.depth -= 1


def anchors(html: str) -> set[str]:
    parser = _ArticleIds()
    parser.feed(html)
    parser.close()
    return parser.inside if parser.seen_article else parser.everywhere


def url_of(rel: str) -> str:
    """'cas/x/index.html' -> '/cas/x/'; 'donnees/cas.json' -> '/donnees/cas.json'."""
    if rel == "index.html":
        return "/"
    if rel.endswith("/index.html"):
        return "/" + rel[: -len("index.html")]
    return "/" + rel


def snapshot(site: Path) -> dict:
    """{"files": [every URL], "anchors": {page URL: [ids]}}, sorted: a stable, reviewable diff."""
    files, ids = [], {}
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if not path.is_file() or rel.split("/")[0] in NOT_ADDRESSES:
            continue
        url = url_of(rel)
        files.append(url)
        if rel.endswith(".html"):
            found = anchors(path.read_text(encoding="utf-8"))
            if found:
                ids[url] = sorted(found)
    return {"files": files, "anchors": ids}


def missing(expected: dict, site: Path) -> list[str]:
    """What the snapshot promises and the site no longer has: 'URL' or 'URL#anchor' per line."""
    out = []
    for url in expected["files"]:
        rel = url.lstrip("/")
        path = site / (rel + "index.html" if rel.endswith("/") or not rel else rel)
        if not path.is_file():
            out.append(url)
    lost = set(out)
    for url, ids in expected["anchors"].items():
        if url in lost:
            continue
        rel = url.lstrip("/")
        path = site / (rel + "index.html" if rel.endswith("/") or not rel else rel)
        present = anchors(path.read_text(encoding="utf-8"))
        out += [f"{url}#{i}" for i in ids if i not in present]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", type=Path, help="a built site (mkdocs build -d …)")
    parser.add_argument("--check", action="store_true", help="compare with the snapshot instead of writing it")
    parser.add_argument("--snapshot", type=Path, default=SNAPSHOT)
    args = parser.parse_args(argv)
    if args.check:
        lost = missing(json.loads(args.snapshot.read_text(encoding="utf-8")), args.site)
        print("\n".join(lost) if lost else "Toutes les adresses répondent.")
        return 1 if lost else 0
    args.snapshot.parent.mkdir(parents=True, exist_ok=True)
    data = snapshot(args.site)
    args.snapshot.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(data['files'])} adresses, {sum(map(len, data['anchors'].values()))} ancres → {args.snapshot}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
