#!/usr/bin/env python3
"""Write every generated page and data file of the site into the build folder: `make pages`.

The same step the mkdocs adapter runs at each build (mallette/generate.py), on its own: from
content/ and the site's settings in mkdocs.yml (site_url and repo_url from MALLETTE_SITE_URL and
MALLETTE_REPO_URL, as mkdocs.yml reads them), into build/pages/<réglages>/. Only files whose bytes
changed are written. content/ is never written to.

Exit status: 0 written, 1 content errors, 2 configuration problem.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import yaml

from mallette.csp import Policy
from mallette.feed import Updates
from mallette.generate import GenerateError, SiteSettings, site_files, write
from mallette.maps import MapConfigError, MapSettings
from mallette.model import validate
from mallette.schema import Schemas

ROOT = Path(__file__).resolve().parent.parent


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml as mkdocs reads it, for the few keys used here: `!ENV [NAME, default]`."""


def _env(loader: yaml.SafeLoader, node: yaml.Node):
    names = loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else [loader.construct_scalar(node)]
    *variables, default = names if len(names) > 1 else (*names, None)
    for name in variables:
        if os.environ.get(name):
            return os.environ[name]
    return default


_ConfigLoader.add_constructor("!ENV", _env)


def settings_of(config_file: Path) -> tuple[SiteSettings, dict | None]:
    config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}
    return SiteSettings(site_url=config.get("site_url") or "", repo_url=config.get("repo_url"),
                        site_name=config.get("site_name") or SiteSettings.site_name,
                        site_author=config.get("site_author") or ""), (config.get("extra") or {}).get("carte")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="generate_pages.py", description=__doc__.split("\n")[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="dossier du projet (par défaut : ce dépôt)")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    try:
        settings, carte = settings_of(root / "mkdocs.yml")
        maps = MapSettings.from_extra(carte)
    except (OSError, yaml.YAMLError, MapConfigError) as exc:
        print(f"generate_pages.py : mkdocs.yml illisible : {exc}", file=sys.stderr)
        return 2
    schemas = Schemas()
    kb, report = validate(root, schemas)
    if kb is None:
        print("Le contenu contient des erreurs ; aucune page n'a été écrite.\n" + report.format(), file=sys.stderr)
        return 1
    updates = Updates.for_project(root)
    files = site_files(kb, schemas, settings, updates=updates, maps=maps, policy=Policy.for_site(maps.tiles))
    try:
        written = write(files, settings.folder(root, maps, updates))
    except GenerateError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    print(f"{len(written.pages)} pages et {len(written.data)} fichiers de données dans "
          f"{written.folder.relative_to(root) if written.folder.is_relative_to(root) else written.folder} : "
          f"{len(written.changed)} écrits, {len(written.removed)} retirés, les autres inchangés.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
