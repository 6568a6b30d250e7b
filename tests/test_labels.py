"""One vocabulary of display labels, tied to the schema enums: a value added to a schema without
its French label fails here, and never crashes the build."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import ROOT
from mallette import labels, maps
from mallette.countries import names_fr
from mallette.labels import SCHEMA_ENUMS, SCHEMA_ENUMS_ELSEWHERE, Vocabulary
from mallette.render import period_fr


def schema_enums(schema_dir: Path) -> dict[tuple[str, str], list]:
    """Every enum of every schema file, as (file, field path) -> values. Shared definitions that a
    schema embeds (its "$defs" of other files) are reported once, under their own file."""
    found: dict[tuple[str, str], list] = {}

    def walk(node, file: str, path: str) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item, file, path)
            return
        if not isinstance(node, dict):
            return
        if "enum" in node:
            found[(file, path)] = node["enum"]
        for key, value in (node.get("properties") or {}).items():
            walk(value, file, f"{path}.{key}" if path else key)
        if "items" in node:
            walk(node["items"], file, path + "[]")
        for keyword in ("allOf", "anyOf", "oneOf"):
            walk(node.get(keyword), file, path)
        for name, definition in (node.get("$defs") or {}).items():
            if name.endswith(".schema.json"):  # another file's definitions, embedded
                continue
            walk(definition, file, name)

    for schema in sorted(schema_dir.glob("*.schema.json")):
        walk(json.loads(schema.read_text(encoding="utf-8")), schema.name, "")
    return found


def missing_labels(schema_dir: Path) -> list[str]:
    problems = []
    for (file, path), values in schema_enums(schema_dir).items():
        if (file, path) in SCHEMA_ENUMS_ELSEWHERE:
            continue
        if (file, path) not in SCHEMA_ENUMS:
            problems.append(f"{file} {path} : aucun libellé dans mallette/labels.py")
            continue
        for vocabulary in SCHEMA_ENUMS[(file, path)]:
            if list(vocabulary) != values:
                problems.append(f"{file} {path} : libellés {list(vocabulary)} ≠ valeurs du schéma {values}")
    return problems


def test_every_displayed_schema_value_has_its_labels():
    assert missing_labels(ROOT / "schema") == []


def test_the_walk_finds_the_enums_we_know():
    found = schema_enums(ROOT / "schema")
    for key in [*SCHEMA_ENUMS, *SCHEMA_ENUMS_ELSEWHERE]:
        assert key in found, key


def test_a_new_legal_kind_fails_here_and_reads_as_itself(tmp_path):
    schema_dir = tmp_path / "schema"
    shutil.copytree(ROOT / "schema", schema_dir)
    legal = schema_dir / "legal.schema.json"
    data = json.loads(legal.read_text(encoding="utf-8"))
    data["properties"]["kind"]["enum"].append("ordonnance")
    legal.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert missing_labels(schema_dir) == [
        "legal.schema.json kind : libellés ['loi', 'circulaire', 'arrete', 'decret', 'charte', 'directive', 'code'] "
        "≠ valeurs du schéma ['loi', 'circulaire', 'arrete', 'decret', 'charte', 'directive', 'code', 'ordonnance']"]
    # Meanwhile the pages show the bare value instead of stopping on a KeyError.
    assert labels.LEGAL_KINDS["ordonnance"] == "ordonnance"
    assert labels.LEGAL_KINDS["arrete"] == "arrêté"


def test_a_new_enum_field_needs_labels(tmp_path):
    schema_dir = tmp_path / "schema"
    shutil.copytree(ROOT / "schema", schema_dir)
    resource = schema_dir / "resource.schema.json"
    data = json.loads(resource.read_text(encoding="utf-8"))
    data["properties"]["format"] = {"enum": ["pdf", "video"]}
    resource.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert missing_labels(schema_dir) == ["resource.schema.json format : aucun libellé dans mallette/labels.py"]


def test_labels_are_french_text():
    for vocabularies in SCHEMA_ENUMS.values():
        for vocabulary in vocabularies:
            assert isinstance(vocabulary, Vocabulary)
            assert all(isinstance(v, str) and v.strip() == v and v for v in vocabulary.values())
    assert [len(letter) for letter in labels.LEVEL_LETTERS.values()] == [1] * len(labels.LEVEL_LETTERS)
    assert len(set(labels.LEVEL_LETTERS.values())) == len(labels.LEVEL_LETTERS)  # markers tell levels apart


def test_every_level_has_a_map_zoom():
    assert list(maps.ZOOMS) == list(labels.LEVELS)


def test_countries_have_french_names_and_precisions_their_phrases():
    enums = schema_enums(ROOT / "schema")
    territories = names_fr()  # mallette/data/pays-fr.json, from the CLDR
    assert [c for c in enums[("common.schema.json", "country")] if c not in territories] == []
    assert (territories["FR"], territories["CI"], territories["EU"]) == ("France", "Côte d’Ivoire", "Union européenne")
    plain = period_fr({"start": 2016, "end": 2018})
    phrases = {period_fr({"start": 2016, "end": 2018, "start_precision": p})
               for p in enums[("case.schema.json", "period.start_precision")]}
    assert plain not in phrases
    assert len(phrases) == len(enums[("case.schema.json", "period.start_precision")])
