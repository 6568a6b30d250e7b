"""Today's reference for `make bench`: the site's generated pages written once as Markdown files.

The hook runs once (on_config, on_files, on_page_markdown) and everything it hands to mkdocs
becomes plain files; the reference config keeps the theme, Markdown extensions and nav, without
the hook. Its build is what mkdocs-material costs on the very pages the site has, so the gap
between the two is what the hook adds. Run `python scripts/bench_reference.py PROJECT DEST` (a
fresh process, so that the hook's state does not stay in the bench's).
"""
from __future__ import annotations

import os
import sys
from pathlib import Path
from types import SimpleNamespace


def make_reference(project: Path, dest: Path) -> int:
    """dest/mkdocs.yml + dest/docs from project; returns the number of Markdown pages."""
    import yaml
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files
    from mkdocs.utils.meta import get_data
    from mkdocs.utils.yaml import yaml_load

    with open(project / "mkdocs.yml", encoding="utf-8") as f:
        raw = yaml_load(f)
    cfg = load_config(str(project / "mkdocs.yml"), site_dir=str(dest / "unused-site"))
    hooks = list((cfg.get("hooks") or {}).values())
    cfg = cfg.plugins.on_config(cfg)
    files = cfg.plugins.on_files(get_files(cfg), config=cfg)
    docs = dest / "docs"
    count = 0
    for f in files:
        target = docs / f.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        if not f.is_documentation_page():
            target.write_bytes(f.content_bytes)
            continue
        text = f.content_string
        body, meta = get_data(text)
        head = text[: len(text) - len(body)] if body and text.endswith(body) else ""
        page = SimpleNamespace(file=f, meta=meta, url=f.url, title=meta.get("title"))
        for h in hooks:
            if hasattr(h, "on_page_markdown"):
                body = h.on_page_markdown(body, page=page, config=cfg, files=files) or body
        target.write_text(head + body, encoding="utf-8")
        count += 1
    if (project / "overrides").exists():
        os.symlink((project / "overrides").resolve(), dest / "overrides")
    raw["docs_dir"] = "docs"
    for key in ("hooks", "watch", "site_dir"):
        raw.pop(key, None)
    # The hook keeps the detail pages out of the nav; say the same thing statically.
    raw["not_in_nav"] = "/*/*.md\n!/*/index.md\n"
    raw["nav"] = _existing_nav(raw.get("nav") or [], docs)
    (dest / "mkdocs.yml").write_text(yaml.dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return count


def _existing_nav(nav: list, docs: Path) -> list:
    """The nav, without entries whose page the reference does not have."""
    out = []
    for item in nav:
        if isinstance(item, dict):
            (title, value), = item.items()
            if isinstance(value, list):
                sub = _existing_nav(value, docs)
                if sub:
                    out.append({title: sub})
            elif isinstance(value, str) and ("://" in value or (docs / value).exists()):
                out.append(item)
        elif isinstance(item, str) and ("://" in item or (docs / item).exists()):
            out.append(item)
    return out


if __name__ == "__main__":
    print(make_reference(Path(sys.argv[1]), Path(sys.argv[2])))
