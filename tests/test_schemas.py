"""The published schemas work everywhere: check-jsonschema (a well-known third-party validator, pinned
in requirements.txt) accepts every content file against its schema, run from the repository root
and from another folder, with the schema the file's own `# yaml-language-server: $schema=` line
names; every `$id` is absolute and every `$ref` resolves inside the file it is given."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from conftest import ROOT
from mallette.content import GUIDE_SCHEMA, KINDS
from mallette.schema import COMMON, SCHEMA_DIR, SCHEMA_URN, Schemas

from sync_schemas import out_of_date  # noqa: E402

CHECK = [sys.executable, "-m", "check_jsonschema"]
MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")


def content_files() -> dict[str, list[Path]]:
    """Schema file name -> the YAML content files it describes."""
    out = defaultdict(list)
    for kind in KINDS:
        out[kind.schema] += sorted((ROOT / "content" / kind.folder).glob("*.yaml"))
    out["glossary.schema.json"].append(ROOT / "content/glossary.yaml")
    return out


def guide_front_matters(tmp: Path) -> list[Path]:
    """Each guide's front matter, as a YAML file of its own (check-jsonschema reads no Markdown)."""
    out = []
    for guide in sorted((ROOT / "content/guides").glob("*.md")):
        text = guide.read_text(encoding="utf-8")
        front = text.split("---\n", 2)[1]
        dest = tmp / f"{guide.stem}.yaml"
        dest.write_text(front, encoding="utf-8")
        out.append(dest)
    return out


def check(schema: Path, files: list[Path], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([*CHECK, "--no-cache", "--schemafile", str(schema), *map(str, files)],
                          cwd=cwd, capture_output=True, text=True, timeout=120)


def test_every_schema_has_an_absolute_id_and_resolves_on_its_own():
    for path in sorted(SCHEMA_DIR.glob("*.schema.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        assert doc["$id"] == SCHEMA_URN + path.name
        refs = re.findall(r'"\$ref":\s*"([^"]*)"', path.read_text(encoding="utf-8"))
        assert all(r.startswith("#") or r.startswith(SCHEMA_URN + COMMON + "#") for r in refs), path.name
    stale = out_of_date()
    assert stale == [], (f"La copie de {COMMON} dans {[p.name for p in stale]} n'est plus à jour : "
                         "lancez « python scripts/sync_schemas.py ».")


@pytest.mark.parametrize("where", ["racine", "ailleurs"])
def test_check_jsonschema_accepts_the_content_from_any_folder(tmp_path, where):
    cwd = ROOT if where == "racine" else tmp_path
    failures = []
    groups = content_files()
    groups[GUIDE_SCHEMA] += guide_front_matters(tmp_path)
    for schema, files in sorted(groups.items()):
        assert files, schema
        # From the root, the path a contributor would type; elsewhere, an absolute one.
        schema_path = Path("schema", schema) if where == "racine" else SCHEMA_DIR / schema
        result = check(schema_path, files, cwd)
        if result.returncode != 0:
            failures.append(f"{schema} : {result.stdout}{result.stderr}")
    assert failures == [], "\n".join(failures)


def test_the_schema_named_by_each_file_works():
    """The `# yaml-language-server: $schema=` line of each content file names, relative to the file,
    its own schema: the one the validator uses, which check-jsonschema accepts it against when run
    from elsewhere with that absolute path (test above, « ailleurs »)."""
    for schema, files in content_files().items():
        for f in files:
            m = MODELINE.match(f.read_text(encoding="utf-8").split("\n", 1)[0])
            assert m, f"{f.relative_to(ROOT)} : pas de ligne « # yaml-language-server: $schema=… »"
            named = (f.parent / m.group(1)).resolve()
            assert named == SCHEMA_DIR / schema and named.is_file(), (f.relative_to(ROOT), named)


def test_check_jsonschema_refuses_what_the_validator_refuses(tmp_path):
    """The same rules, shared definitions included: a bad id (defined in common) is refused."""
    case = next(iter(content_files()["case.schema.json"]))
    bad = tmp_path / "cas.yaml"
    bad.write_text(case.read_text(encoding="utf-8").replace(f"id: {case.stem}", "id: Pas Un Identifiant", 1),
                   encoding="utf-8")
    result = check(SCHEMA_DIR / "case.schema.json", [bad], tmp_path)
    assert result.returncode == 1 and "Pas Un Identifiant" in result.stdout + result.stderr


def test_the_fast_path_still_compiles_every_schema():
    schemas = Schemas()
    assert set(schemas.fast) >= {k.schema for k in KINDS}
    assert schemas.validators["case.schema.json"].is_valid({"id": "x"}) is False


def test_serve_compiles_the_schemas_again_only_when_a_schema_file_changes(tmp_path):
    import shutil

    from mallette.schema import SCHEMA_DIR, SchemaCache

    folder = tmp_path / "schema"
    shutil.copytree(SCHEMA_DIR, folder)
    cache = SchemaCache(folder)
    first = cache.get()
    assert cache.get() is first  # same bytes: the compiled validators are reused
    case = folder / "case.schema.json"
    doc = json.loads(case.read_text(encoding="utf-8"))
    doc["properties"]["title"]["maxLength"] = 5
    case.write_text(json.dumps(doc), encoding="utf-8")
    edited = cache.get()
    assert edited is not first and edited.docs["case.schema.json"]["properties"]["title"]["maxLength"] == 5
