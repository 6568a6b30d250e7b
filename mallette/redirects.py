"""Old URLs keep working: each `aliases` entry becomes a small redirect page."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .model import KnowledgeBase
from .refs import URL_DIR
from .render import TEMPLATES


@dataclass(frozen=True)
class Redirect:
    path: str  # file to write inside the site, e.g. cas/ancien-id/index.html
    target: str  # relative URL of the live page, e.g. ../nouvel-id/
    title: str


def redirects(kb: KnowledgeBase) -> list[Redirect]:
    out = []
    for kind, folder in URL_DIR.items():
        for e in kb.all(kind):
            for alias in e.get("aliases", []):
                title = e.get("title") or e.get("name") or e.id
                out.append(Redirect(f"{folder}/{alias}/index.html", f"../{e.id}/", title))
    return sorted(out, key=lambda r: r.path)


@lru_cache(maxsize=1)
def _template():
    # One HTML environment per process, not one per redirect page.
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, undefined=StrictUndefined)
    return env.get_template("redirect.html.j2")


def render_redirect(r: Redirect) -> str:
    return _template().render(target=r.target, title=r.title)
