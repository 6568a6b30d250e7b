"""The site's Content-Security-Policy, computed in one place and written into every HTML document.

A static host cannot be trusted to send headers, so the policy is a `<meta http-equiv>` placed
first in <head> (a meta policy only covers what follows it). Scripts and styles come from the
site only; the theme's few inline scripts are allowed by their SHA-256, computed from each
rendered document at build time (deterministic: same page, same hashes). Inline scripts inside
the article, where content lands, are never hashed: if one ever got past the sanitizer, the
browser would still refuse to run it. Images may also come from the configured tile server,
which our script only contacts after the reader agrees.

Other features extend the policy through `Policy.extend` (e.g. a search engine needing
WebAssembly); `'wasm-unsafe-eval'` is already allowed for Pagefind, which runs WebAssembly from
the site.
"""
from __future__ import annotations

import base64
import hashlib
import html
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.I | re.S)
_ATTR = re.compile(r"""([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
_META_START = '<meta http-equiv="Content-Security-Policy" content="'
_CHARSET = re.compile(r"<meta\s+charset=[^>]*>", re.I)
_HEAD = re.compile(r"<head\b[^>]*>", re.I)
# Script types the browser runs (an empty type is JavaScript); anything else is data.
_RUNNABLE = {"", "text/javascript", "application/javascript", "module", "text/ecmascript", "application/ecmascript"}


def tile_source(tiles: str) -> str:
    """'https://{s}.tile.example.org/{z}/{x}/{y}.png' -> 'https://*.tile.example.org' (a CSP source)."""
    parts = urlsplit(tiles.replace("{s}.", "SUBDOMAIN."))
    host = (parts.hostname or "").replace("subdomain.", "*.")
    if parts.scheme != "https" or not re.fullmatch(r"(\*\.)?[a-z0-9.-]+", host):
        raise ValueError(f"not an https tile server: {tiles!r}")
    return f"https://{host}" + (f":{parts.port}" if parts.port else "")


def script_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def _attrs(raw: str) -> dict:
    return {m.group(1).lower(): html.unescape(next((g for g in m.groups()[1:] if g is not None), ""))
            for m in _ATTR.finditer(raw)}


def inline_scripts(document: str) -> list[str]:
    """The text of each inline script the browser would run, outside the article."""
    # The article's bounds by plain search (much faster than a regex over every page of a large site);
    # mkdocs-material writes one article per page, our standalone documents none.
    start, end = document.find("<article"), document.rfind("</article>")
    outside = document[:start] + document[end:] if 0 <= start < end else document
    out = []
    for m in _SCRIPT.finditer(outside):
        attrs = _attrs(m.group(1))
        if "src" not in attrs and attrs.get("type", "").strip().lower() in _RUNNABLE:
            out.append(m.group(2))
    return out


@dataclass
class Policy:
    """Directive -> sources. `extend` adds sources; `header` writes it, sorted, as the browser reads it."""

    directives: dict[str, list[str]] = field(default_factory=lambda: {
        "default-src": ["'self'"],
        "script-src": ["'self'", "'wasm-unsafe-eval'"],  # WebAssembly from the site (Pagefind)
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],  # data: the theme's icons in its style sheets
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "worker-src": ["'self'"],
        "manifest-src": ["'self'"],
        "media-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    })

    @classmethod
    def for_site(cls, tiles: str | None) -> "Policy":
        policy = cls()
        if tiles:
            policy.extend("img-src", tile_source(tiles))
        return policy

    def extend(self, directive: str, *sources: str) -> "Policy":
        known = self.directives.setdefault(directive, [])
        known += [s for s in sources if s not in known]
        return self

    def header(self, scripts: list[str] = ()) -> str:
        directives = {k: list(v) for k, v in self.directives.items()}
        hashes = sorted({script_hash(s) for s in scripts})
        directives["script-src"] = directives.get("script-src", []) + hashes
        return "; ".join(f"{k} {' '.join(v)}" for k, v in directives.items())

    def apply(self, document: str) -> str:
        """The document with this policy first in its <head> (an older one replaced)."""
        old = document.find(_META_START)  # ours, from an earlier pass: replaced, not doubled
        if old >= 0:
            document = document[:old - (document[old - 1:old] == "\n")] + document[document.index(">", old) + 1:]
        meta = f'{_META_START}{html.escape(self.header(inline_scripts(document)), quote=False)}">'
        anchor = _CHARSET.search(document) or _HEAD.search(document)
        if anchor is None:
            raise ValueError("HTML document without <head>: no place for its Content-Security-Policy")
        return document[:anchor.end()] + "\n" + meta + document[anchor.end():]

    def apply_to_files(self, files: list[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
        """(path, content) files generated for the site: the HTML ones get the policy."""
        return [(path, self.apply(content.decode("utf-8")).encode("utf-8") if path.endswith(".html") else content)
                for path, content in files]
