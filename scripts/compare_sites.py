"""Two builds of the same content, page by page: what a reader would see differently.

    python scripts/compare_sites.py OLD_SITE NEW_SITE [--whole]

Compares each HTML page's <article> (with --whole: the whole document, sidebar and table of
contents included), whitespace between and inside tags normalised, and prints a unified diff per
page that differs, one tag per line. For checking a change of the rendering path (Markdown or
straight HTML) on the real content; not a test by itself.
"""
from __future__ import annotations

import argparse
import difflib
import re
import sys
from pathlib import Path

from url_snapshot import NOT_ADDRESSES

_ARTICLE = re.compile(r"<article\b.*</article>", re.S)


def normalised(html: str, whole: bool) -> list[str]:
    if not whole:
        m = _ARTICLE.search(html)
        html = m.group(0) if m else html
    html = re.sub(r"\s+", " ", html)
    html = re.sub(r">\s+<", "><", html)
    return [line.strip() for line in re.sub(r"(<(?:[a-z]+[1-6]?|/[a-z]+[1-6]?)\b)", r"\n\1", html).split("\n") if line.strip()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    parser.add_argument("--whole", action="store_true", help="the whole document, not only the article")
    args = parser.parse_args(argv)
    differ = 0
    for path in sorted(args.old.rglob("*.html")):
        rel = path.relative_to(args.old)
        if rel.parts[0] in NOT_ADDRESSES:
            continue
        other = args.new / rel
        if not other.is_file():
            print(f"--- absent : {rel}")
            differ += 1
            continue
        a = normalised(path.read_text(encoding="utf-8"), args.whole)
        b = normalised(other.read_text(encoding="utf-8"), args.whole)
        if a != b:
            differ += 1
            sys.stdout.writelines(line + "\n" for line in difflib.unified_diff(a, b, f"old/{rel}", f"new/{rel}", n=1, lineterm=""))
    print(f"{differ} page(s) différente(s)")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
