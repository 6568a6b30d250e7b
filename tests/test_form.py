"""The case form's description (formulaire.json), made from the schema and the taxonomies.

Expected values are read from schema/case.schema.json and the YAML files here.
"""
from __future__ import annotations

import json
import re

import yaml

from conftest import ROOT
from mallette.form import form_json
from mallette.model import validate
from mallette.schema import Schemas

SCHEMA = json.loads((ROOT / "schema" / "case.schema.json").read_text(encoding="utf-8"))


def _spec(root=ROOT) -> dict:
    kb, report = validate(root)
    assert not report, report.format()
    return json.loads(form_json(Schemas(), kb))


def _by_path(fields, out=None) -> dict:
    out = {} if out is None else out
    for f in fields:
        out[f["chemin"]] = f
        _by_path(f.get("champs", []), out)
    return out


def test_required_fields_come_first_and_follow_the_schema():
    spec = _spec()
    names = [f["nom"] for f in spec["champs"]]
    required = [n for n in SCHEMA["properties"] if n in SCHEMA["required"]]
    assert names[: len(required)] == required
    assert set(names) == set(SCHEMA["properties"]) - {"aliases", "updated"}
    assert spec["ordre"] == [n for n in SCHEMA["properties"] if n not in ("aliases", "updated")]
    assert spec["entete"] == "# yaml-language-server: $schema=../../schema/case.schema.json"
    assert all(f["requis"] == (f["nom"] in SCHEMA["required"]) for f in spec["champs"])


def test_limits_are_the_schema_limits():
    fields = _by_path(_spec()["champs"])
    territory = SCHEMA["properties"]["territory"]["properties"]
    assert fields["summary"]["regles"]["maxLength"] == SCHEMA["properties"]["summary"]["maxLength"]
    assert fields["territory.lat"]["regles"] == {"minimum": territory["lat"]["minimum"], "maximum": territory["lat"]["maximum"]}
    assert fields["quotes[].text"]["regles"]["maxLength"] == 400
    assert fields["period.start"]["type"] == "integer" and fields["period.start"]["regles"]["minimum"] == 1900
    assert re.fullmatch(fields["id"]["regles"]["pattern"], "strasbourg-conseil-ess")
    assert fields["conditions"]["regles"]["minItems"] == 1 and fields["conditions"]["type"] == "list"
    assert [c[0] for c in fields["territory.level"]["choix"]] == territory["level"]["enum"]


def test_choices_are_the_taxonomies_with_their_names():
    fields = _by_path(_spec()["champs"])
    for path, folder in (("sectors", "taxonomy/sectors"), ("conditions[].condition", "taxonomy/conditions"),
                         ("stages[].stage", "taxonomy/stages"), ("actors[].type", "taxonomy/actor-types"),
                         ("mode", "taxonomy/modes")):
        names = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))["name"]
                 for p in (ROOT / "content" / folder).glob("*.yaml")}
        assert {v: " ".join(n.split()) for v, n in fields[path]["choix"]} == {k: " ".join(v.split()) for k, v in names.items()}, path
    assert fields["sources"]["type"] == "checkboxes"
    # Cases are typed, never listed: the form does not grow with the number of cases.
    assert fields["related[]"]["type"] == "text" and "choix" not in fields["related[]"]


def test_the_form_does_not_grow_with_the_cases(tmp_path):
    from conftest import make_project

    project = make_project(tmp_path / "p")
    size = len(form_json(Schemas(), validate(project)[0]))
    source = (project / "content/cases/strasbourg-conseil-ess.yaml").read_text(encoding="utf-8")
    for k in range(30):
        (project / f"content/cases/copie-{k}.yaml").write_text(
            source.replace("id: strasbourg-conseil-ess", f"id: copie-{k}"), encoding="utf-8")
    kb, report = validate(project)
    assert not report, report.format()
    assert len(form_json(Schemas(), kb)) == size
    assert form_json(Schemas(), kb) == form_json(Schemas(), kb), "deterministic"
