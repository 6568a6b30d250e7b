"""The strict YAML loader's two readers agree: the fast one (no positions) accepts exactly what the
exact one accepts, builds the same typed data, and positions computed later are the exact ones."""
from __future__ import annotations

import pytest

from conftest import FIXTURES, ROOT
from mallette.content import GUIDE_SCHEMA, KINDS, load_text, split_front_matter
from mallette.load import Document, coerce, parse, read_typed
from mallette.schema import default_schemas

SCHEMAS = default_schemas()
SCHEMA_OF = {k.folder.split("/")[-1]: k.schema for k in KINDS} | {"guides": GUIDE_SCHEMA, "glossaire": "glossary.schema.json"}


def _yaml_sources():
    """(name, YAML text, schema) for the real content and every fixture, guides' front matter included."""
    files = sorted((ROOT / "content").rglob("*.yaml")) + sorted((ROOT / "content").rglob("*.md"))
    files += sorted(p for p in FIXTURES.rglob("*") if p.suffix in (".yaml", ".md"))
    for path in files:
        try:
            text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            continue  # refused before any YAML is read
        if path.suffix == ".md":
            text, _, _, _ = split_front_matter(text, path.name)
            if text is None:
                continue
        schema = "glossary.schema.json" if path.name.startswith("glossa") else SCHEMA_OF.get(path.parent.name, "case.schema.json")
        yield pytest.param(text, schema, id=path.relative_to(ROOT).as_posix())


def _typed(value):
    """Data with the type of every leaf, so that 1, 1.0 and True compare different."""
    if isinstance(value, dict):
        return {k: _typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_typed(v) for v in value]
    return (type(value).__name__, value)


def _paths(value, path=()):
    yield path
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for k, v in items:
        yield from _paths(v, path + (k,))


@pytest.mark.parametrize("text,schema", list(_yaml_sources()))
def test_fast_reader_accepts_what_parse_accepts_with_the_same_data(text, schema):
    typing = SCHEMAS.typing(schema)
    fast = read_typed(text, typing)
    doc, issues = parse("f.yaml", text)
    assert (fast is None) == (doc is None), issues
    if fast is not None:
        data, strings = fast
        assert _typed(data) == _typed(coerce(doc.tree, typing))
        leaves = [v for p in _paths(data) if isinstance(v := _get(data, p), str)]
        assert strings == leaves  # every string value is text-checked


def _get(data, path):
    for part in path:
        data = data[part]
    return data


@pytest.mark.parametrize("text,code", [
    ("id: &a x\n", "yaml-alias"),
    ("id: x\nname: *a\n", "yaml-alias"),
    ("id: !!python/object x\n", "etiquette-yaml"),
    ("id: x\nid: y\n", "cle-dupliquee"),
    ("? [a]\n: x\n", "yaml-syntaxe"),
    ("id: x\n---\nid: y\n", "yaml-syntaxe"),
    ("x: " + "[" * 20 + "]" * 20 + "\n", "imbrication-trop-profonde"),
    ("id: x\n\tname: y\n", "yaml-tabulation"),
    ("- a\n- b\n", "racine-invalide"),
    ("juste un texte\n", "racine-invalide"),
    ("id: 'x\n", "yaml-syntaxe"),
])
def test_every_refusal_goes_to_the_exact_reader(text, code):
    assert read_typed(text, SCHEMAS.typing("case.schema.json")) is None
    doc, issues = parse("f.yaml", text)
    assert doc is None and code in [i.code for i in issues]


@pytest.mark.parametrize("offset", [0, 1])
def test_positions_computed_on_demand_are_those_of_parse(offset):
    path = ROOT / "content/cases/strasbourg-conseil-ess.yaml"
    text = path.read_text(encoding="utf-8")
    data, doc, issues = load_text(text, "content/cases/x.yaml", "case.schema.json", SCHEMAS, line_offset=offset)
    assert not issues and isinstance(doc, Document)
    exact, _ = parse("f.yaml", text)
    exact.shift(offset)
    for p in _paths(data):
        assert doc.where(p) == exact.where(p)
        assert doc.where(p, key=True) == exact.where(p, key=True)
    assert doc.where(("conditions", 0))[0] == exact.marks[("conditions", 0)][0] > offset + 1
