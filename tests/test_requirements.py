"""The light install (issue #14): what `make serve` installs is complete, pinned, and enough.

The Makefile installs requirements*.txt with `pip --no-deps`, so every dependency must be listed,
pinned, in the same file or in one it includes; the site's code must import without the heavy
packages the preview no longer installs.
"""
from __future__ import annotations

import importlib.metadata as metadata
import re
import subprocess
import sys

import pytest
from packaging.requirements import Requirement

from conftest import ROOT

LAYERS = ["requirements.txt", "requirements-test.txt", "requirements-bench.txt"]
# Declared but left out on purpose (requirements.txt says why): only Material's unused plugins import it.
NOT_INSTALLED = {("mkdocs-material", "babel")}
# What the preview used to pull in (folium, numpy) or still declares (babel): the core does without.
HEAVY = ["babel", "numpy", "folium", "branca", "xyzservices"]


def _name(text: str) -> str:
    return re.sub(r"[-_.]+", "-", text).lower()


def pins(path: str) -> dict[str, str]:
    """name -> version of one requirements file and the files it includes (-r)."""
    out: dict[str, str] = {}
    for line in (ROOT / path).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("-r "):
            out.update(pins(line[3:].strip()))
        elif line:
            req = Requirement(line)
            (version,) = [s.version for s in req.specifier if s.operator == "=="] or [None]
            assert version, f"{path} : « {line} » n'est pas épinglé (==)"
            out[_name(req.name)] = version
    return out


@pytest.mark.parametrize("layer", LAYERS)
def test_every_dependency_is_pinned_in_its_layer(layer):
    pinned = pins(layer)
    missing = []
    for name in pinned:
        try:
            requires = metadata.distribution(name).requires or []
        except metadata.PackageNotFoundError:
            continue  # a layer this venv did not install (bench): checked where it is installed
        for text in requires:
            req = Requirement(text)
            if req.marker and not req.marker.evaluate({"extra": ""}):
                continue  # an optional extra, or another platform's
            if _name(req.name) not in pinned and (name, _name(req.name)) not in NOT_INSTALLED:
                missing.append(f"{name} → {req.name}")
    assert missing == [], f"{layer} : dépendances absentes (pip --no-deps ne les installera pas) : {missing}"


def test_the_preview_installs_none_of_the_heavy_packages():
    assert [p for p in HEAVY if p in pins("requirements.txt")] == []


def test_the_site_code_imports_without_the_heavy_packages():
    # In a fresh interpreter where importing any of them fails, as in the preview's virtualenv.
    code = (
        "import importlib, importlib.util, pathlib, sys\n"
        f"sys.modules.update(dict.fromkeys({HEAVY!r}))\n"
        "for f in sorted(pathlib.Path('mallette').glob('*.py')):\n"
        "    importlib.import_module('mallette.' + f.stem) if f.stem != '__init__' else None\n"
        "spec = importlib.util.spec_from_file_location('hook', 'hooks/mallette_mkdocs.py')\n"
        "spec.loader.exec_module(importlib.util.module_from_spec(spec))\n"
        "from mallette.render import country_fr\n"
        "print(country_fr('FR'), country_fr('CI'))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "France Côte d’Ivoire"
