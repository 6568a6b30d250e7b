"""The plain-pages baseline of issue #16: the same data as plain, minimal Markdown pages.

One page per case (title, summary, territory line, conditions with evidence, stages, actors,
results, sources), one per condition, stage, legal text and resource, and an index per folder,
built by mkdocs + mkdocs-material with its own lunr search and no hook, no overrides, no extra
script. It is what the simplest site holding the same facts costs to build: the target is a full
build no slower than this. Run `python scripts/bench_plain.py PROJECT DEST` (a fresh process).
"""
from __future__ import annotations

import sys
from pathlib import Path

FOLDERS = {"case": ("cas", "Cas"), "condition": ("conditions", "Conditions de réussite"),
           "stage": ("etapes", "Étapes"), "legal": ("textes", "Textes"), "resource": ("ressources", "Ressources")}

CONFIG = """\
site_name: Pages simples
docs_dir: docs
use_directory_urls: true
theme:
  name: material
  language: fr
  font: false
plugins:
  - search:
      lang: fr
# Detail pages are reached from the index pages, as in the site (a nav of N pages is N²).
not_in_nav: |
  /*/*.md
  !/*/index.md
nav:
  - index.md
{nav}
"""


def _text(value) -> str:
    """One paragraph: Markdown's own escaping is enough here (content, not code)."""
    return " ".join(str(value).split())


def _name(kb, kind: str, ident: str) -> str:
    entry = kb.entries.get(kind, {}).get(ident)
    return _text(entry.get("title") or entry.get("name") or ident) if entry else ident


def case_page(kb, e) -> str:
    d = e.data
    t = d["territory"]
    period = d.get("period") or {}
    lines = [f"# {_text(d['title'])}", "", _text(d["summary"]), "",
             f"*Territoire :* {_text(t['name'])} ({t['level']}, {t['country']})"
             + (f", depuis {period['start']}" if period.get("start") else ""), "", "## Conditions de réussite", ""]
    for c in d["conditions"]:
        lines.append(f"- [{_name(kb, 'condition', c['condition'])}](../conditions/{c['condition']}.md) : "
                     f"{_text(c['evidence'])}")
    if d.get("stages"):
        lines += ["", "## Étapes", ""]
        lines += [f"- {_name(kb, 'stage', s['stage'])} : {_text(s['description'])}" for s in d["stages"]]
    if d.get("actors"):
        lines += ["", "## Acteurs", ""]
        lines += [f"- {_text(a['name'])}" + (f" : {_text(a['role'])}" if a.get("role") else "") for a in d["actors"]]
    if d.get("results"):
        lines += ["", "## Résultats", ""]
        lines += [f"- {_text(r)}" for r in d["results"]]
    lines += ["", "## Sources", ""]
    lines += [f"- [{_name(kb, 'resource', s)}](../ressources/{s}.md)" for s in d.get("sources", [])]
    return "\n".join(lines) + "\n"


def simple_page(e) -> str:
    d = e.data
    title = _text(d.get("title") or d.get("name") or e.id)
    body = [_text(d[k]) for k in ("summary", "description") if isinstance(d.get(k), str)]
    return f"# {title}\n\n" + "\n\n".join(body) + "\n"


def make_plain(project: Path, dest: Path) -> int:
    """dest/mkdocs.yml + dest/docs from project's content; returns the number of pages."""
    from mallette.model import validate
    from mallette.schema import Schemas

    kb, report = validate(project, Schemas())
    if report:
        raise SystemExit(report.format())
    docs = dest / "docs"
    count = 0
    for kind, (folder, title) in FOLDERS.items():
        entries = kb.all(kind)
        (docs / folder).mkdir(parents=True, exist_ok=True)
        index = [f"# {title}", ""]
        for e in entries:
            page = case_page(kb, e) if kind == "case" else simple_page(e)
            (docs / folder / f"{e.id}.md").write_text(page, encoding="utf-8")
            index.append(f"- [{_name(kb, kind, e.id)}]({e.id}.md)")
            count += 1
        (docs / folder / "index.md").write_text("\n".join(index) + "\n", encoding="utf-8")
        count += 1
    (docs / "index.md").write_text("# Pages simples\n\n"
                                   + "\n".join(f"- [{t}]({f}/index.md)" for f, t in FOLDERS.values()) + "\n",
                                   encoding="utf-8")
    nav = "\n".join(f"  - {t}: {f}/index.md" for f, t in FOLDERS.values())
    (dest / "mkdocs.yml").write_text(CONFIG.format(nav=nav), encoding="utf-8")
    return count + 1


if __name__ == "__main__":
    print(make_plain(Path(sys.argv[1]), Path(sys.argv[2])))
