"""French country names, from mallette/data/pays-fr.json (Unicode CLDR, built by
scripts/build_country_names.py): read from a small file rather than from Babel, whose 36 MB of
locale data the preview's virtualenv does without."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "pays-fr.json"


@lru_cache(maxsize=1)
def names_fr() -> dict[str, str]:
    """Two-letter code -> French name, for every code of the CLDR."""
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))["pays"]


def country_fr(code: str) -> str:
    """'FR' -> 'France', 'CI' -> 'Côte d’Ivoire'; a code the CLDR does not know, as it is."""
    return names_fr().get(code, code)
