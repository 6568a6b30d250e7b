"""Digests of what a rebuild of `make serve` depends on: values, files, folders. They are compared
within one process only (mallette/page_memo.py, mallette/preview.py), never stored."""
from __future__ import annotations

import hashlib
from pathlib import Path


def digest(*parts) -> str:
    """sha256 of the parts: bytes as they are, values by repr() (YAML data, the encoded context:
    plain values, lists and dicts, whose repr is the same for the same values in one process; two
    files with the same values in another key order only miss the memo)."""
    h = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else repr(part).encode("utf-8", "surrogatepass")
        h.update(len(data).to_bytes(8, "big") + data)
    return h.hexdigest()


def folder_digest(folder: Path) -> str:
    """Every file of a folder (the templates), by name and bytes."""
    folder = Path(folder)
    parts = []
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            parts += [path.relative_to(folder).as_posix(), path.read_bytes()]
    return digest(*parts)
