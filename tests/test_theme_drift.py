"""Theme drift: our overrides were written against one mkdocs-material release. A new release (or a
changed upstream file we copied, extend or patch) fails here, naming what to review, instead of
silently shipping a page that lost a fix (accessibility, CSP, the Pagefind search box) or kept a stale copy."""
from __future__ import annotations

import hashlib
from importlib.metadata import version
from pathlib import Path

import material

from conftest import ROOT

MATERIAL_VERSION = "9.8.2"
# Upstream file (under material/templates/) -> its SHA-256 in MATERIAL_VERSION.
UPSTREAM = {
    # Copied into overrides/ and changed there (each copy says what changed and why).
    "partials/actions.html": "1bcd66d6f428194e9b9842764f0a5f7a5b3679d008e9d2e5b75b5ba344c39073",
    "partials/content.html": "ce33929c85af129f6e2f3b0aed47159e9c4a519482d1938bae15f5ff4a3cfae5",
    "partials/copyright.html": "bc86bca3bf75070fe5d72e2a3463bdddf87c10f4d6459c945fe81c5d384e35ea",
    "partials/header.html": "8cf3fb15bcf969ff596649616fd99366b3c31c08d57a86d05308efc16d8fa75f",
    "partials/search.html": "bfd556535abcddb99396ab2a7e3acc2ebcd3f36756007d3969396caa4126be30",
    "partials/source.html": "6847616d67be4920d39c278c2799bf20222bbc02ee2a8393aca85e3eaa518752",
    "partials/toc.html": "fde48f583563364b0e0e6865a5ab1e7060ec1826161f69f5cbee653e621b0f84",
    "404.html": "80c93494b5432b1bcdf292caeb67a0653c45b37372f49e08ad4a70ca695a7495",
    # Replaced by overrides/main.html (upstream: a bare « extends base.html »), which extends base.html;
    # base.html's inline scripts are allowed by hash (mallette/csp.py).
    "main.html": "9948b55a7bc979c35825df99baba9e6971fca4eb298dea3cdde61e990a2de5e0",
    "base.html": "a919e32d2225e09ecbdeb8076ca6ce9ca0836329760bf7871a04172569b77842",
}
THEME = Path(material.__file__).resolve().parent / "templates"


def test_installed_material_is_the_one_the_overrides_were_made_for():
    installed = version("mkdocs-material")
    assert installed == MATERIAL_VERSION, (
        f"mkdocs-material {installed} est installé ; overrides/ a été écrit pour {MATERIAL_VERSION}. "
        f"Comparez chaque fichier de {sorted(UPSTREAM)} avec sa nouvelle version, reportez les "
        "changements dans overrides/, puis mettez à jour MATERIAL_VERSION et les "
        "empreintes de tests/test_theme_drift.py.")
    pinned = [line for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
              if line.startswith("mkdocs-material==")]
    assert pinned == [f"mkdocs-material=={MATERIAL_VERSION}"]


def test_every_upstream_file_we_depend_on_is_unchanged():
    changed = []
    for name, expected in sorted(UPSTREAM.items()):
        path = THEME / name
        actual = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "absent"
        if actual != expected:
            changed.append(f"  {name} : attendu {expected[:12]}…, trouvé {actual[:12]}…")
    assert changed == [], ("Fichiers de mkdocs-material modifiés depuis la copie ou l'adaptation faite dans "
                           "overrides/ : relisez-les et reportez les changements, puis mettez à jour les "
                           "empreintes de tests/test_theme_drift.py.\n" + "\n".join(changed))


def test_every_override_is_recorded():
    """A new file in overrides/ that replaces one of the theme's is recorded above, with its hash."""
    overriding = {p.relative_to(ROOT / "overrides").as_posix() for p in (ROOT / "overrides").rglob("*")
                  if p.is_file() and (THEME / p.relative_to(ROOT / "overrides")).is_file()}
    assert overriding <= set(UPSTREAM), f"à enregistrer dans UPSTREAM : {sorted(overriding - set(UPSTREAM))}"
    assert (ROOT / "overrides/main.html").read_text(encoding="utf-8").count('{% extends "base.html" %}') == 1
