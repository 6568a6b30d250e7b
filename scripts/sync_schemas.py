"""Copy schema/common.schema.json into each other schema, as an embedded resource.

Why: every schema has an absolute `$id` (urn:e-mallette:schema:<file>) and cites the shared
definitions by theirs (urn:e-mallette:schema:common.schema.json#/$defs/id). A URN is never
fetched, so each schema carries the definitions it cites (`$defs` › "common.schema.json", with the
same `$id`): any JSON Schema 2020-12 validator (check-jsonschema, an editor through the
`# yaml-language-server: $schema=` line, the published /schema/ files) resolves every `$ref`
inside the one file it was given, from any folder, offline.

After editing common.schema.json, run: python scripts/sync_schemas.py
(tests/test_schemas.py fails, naming this command, while a copy is out of date).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from mallette.schema import COMMON, SCHEMA_DIR, SCHEMA_URN

ROOT = Path(__file__).resolve().parent.parent

MARKER = ',\n  "$defs": {\n    "' + COMMON + '": '


def synced(text: str, common_text: str) -> str:
    """A schema's text with an up-to-date embedded copy of common.schema.json, as its last key."""
    body = text[:text.index(MARKER)] if MARKER in text else text.rstrip()[:-1].rstrip()
    # One line: a generated copy, not to be read or edited here.
    common = json.dumps(json.loads(common_text), ensure_ascii=False, separators=(",", ":"))
    return body + MARKER + common + "\n  }\n}\n"


def out_of_date(schema_dir: Path = SCHEMA_DIR) -> list[Path]:
    common_text = (schema_dir / COMMON).read_text(encoding="utf-8")
    return [p for p in sorted(schema_dir.glob("*.schema.json"))
            if p.name != COMMON and p.read_text(encoding="utf-8") != synced(p.read_text(encoding="utf-8"), common_text)]


def main() -> int:
    common_text = (SCHEMA_DIR / COMMON).read_text(encoding="utf-8")
    assert json.loads(common_text)["$id"] == SCHEMA_URN + COMMON
    for p in out_of_date():
        p.write_text(synced(p.read_text(encoding="utf-8"), common_text), encoding="utf-8")
        print(f"{p.relative_to(ROOT)} : copie de {COMMON} mise à jour")
    return 0


if __name__ == "__main__":
    sys.exit(main())
