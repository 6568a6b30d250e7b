"""Builds mallette/data/pays-fr.json: the French name of every two-letter territory code of the
Unicode CLDR, as Babel ships it: the ISO 3166-1 codes a case's `country` accepts
(schema/common.schema.json), and the few others a legal text's `jurisdiction` may use (EU, XK…).

A maintainer's tool, run rarely (the output is committed; the site only reads it, so that the
preview's virtualenv does without Babel's 36 MB of locale data):

    python3 -m venv /tmp/pays && /tmp/pays/bin/pip install babel==2.19.0
    /tmp/pays/bin/python scripts/build_country_names.py

Same Babel version, same file, byte for byte.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import babel
from babel import Locale
from babel.core import get_cldr_version

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "schema" / "common.schema.json"
OUT = ROOT / "mallette" / "data" / "pays-fr.json"


def main() -> None:
    codes = json.loads(SCHEMA.read_text(encoding="utf-8"))["$defs"]["country"]["enum"]
    names = Locale("fr").territories
    missing = [c for c in codes if c not in names]
    if missing:
        raise SystemExit(f"Pas de nom français dans le CLDR pour : {', '.join(missing)}")
    data = {
        "source": {
            "donnees": f"Unicode CLDR {get_cldr_version()}, noms des territoires en français",
            "licence_donnees": "Unicode License v3 (https://www.unicode.org/license.txt)",
            "paquet": f"pypi:babel@{babel.__version__}",
            "production": "scripts/build_country_names.py",
        },
        "pays": {c: names[c] for c in sorted(names) if re.fullmatch(r"[A-Z]{2}", c)},
    }
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)} : {len(data['pays'])} codes, dont les {len(codes)} du schéma")


if __name__ == "__main__":
    main()
