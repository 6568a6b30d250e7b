"""Open data: the cases as JSON, CSV and GeoJSON, and the JSON Schemas, from the same core as the site.

Every export is a pure function of the knowledge base (and of site_url for the page URLs): cases in
id order, keys in a fixed order, UTF-8 with a final newline, so that the same content always gives
the same bytes.
"""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from .completeness import of_case
from .feed import FEED_PATH, FEED_SUBTITLE, atom_feed
from .model import KnowledgeBase
from .refs import URL_DIR, page_url, site_path
from .schema import SCHEMA_DIR

DATA_DIR = "donnees"
SCHEMA_SITE_DIR = "schema"
JSON_PATH = f"{DATA_DIR}/cas.json"
CSV_PATH = f"{DATA_DIR}/cas.csv"
GEOJSON_PATH = f"{DATA_DIR}/cas.geojson"
LICENCE = {"name": "Licence Ouverte / Etalab 2.0", "url": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"}
SITE_NAME = "La e-mallette de la co-construction"
CSV_COLUMNS = ["id", "titre", "resume", "territoire", "niveau", "pays", "lat", "lon", "debut", "precision_debut", "fin",
               "mode", "secteurs", "conditions", "etapes", "textes", "textes_lies", "sources", "url", "completude",
               "a_preciser"]
LIST_SEPARATOR = " | "
# Kinds whose entries have a `name`; the others (cases, legal texts, resources, guides) have a `title`.
NAMED_KINDS = {"condition", "stage", "mode", "sector", "actor-type"}


def _dumps(data) -> bytes:
    # Compact: indenting makes json use its pure-Python encoder, and made cas.json 40 MB at 5,000
    # cases; anyone reading it by eye can pretty-print it.
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def _dumps_list(head: dict, key: str, items) -> bytes:
    """_dumps({**head, key: list(items)}), byte for byte, one item at a time.

    At 20,000 cases the whole list as Python objects, then as one string (two bytes per
    character once a single « œ » or narrow space is in it), then as bytes, cost about 600 MB at
    once; item by item, only the bytes stay."""
    start = _dumps({**head, key: []})
    assert start.endswith(b"[]}\n")  # the list is the last key: its items go between [ and ]
    parts = [start[:-3]]
    for i, item in enumerate(items):
        parts.append(b"," if i else b"")
        parts.append(json.dumps(item, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    parts.append(b"]}\n")
    return b"".join(parts)


def _cases(kb: KnowledgeBase) -> list:
    return sorted(kb.cases, key=lambda c: c.id)


# --- JSON --------------------------------------------------------------------------------

def reference(kb: KnowledgeBase, kind: str, ident: str, site_url: str = "") -> dict:
    """{id, name|title, url} of a cited entry."""
    entry = kb.get(kind, ident)
    label = "name" if kind in NAMED_KINDS else "title"
    out = {"id": ident, label: entry[label]}
    if kind in URL_DIR:
        out["url"] = page_url(kind, ident, site_url)
    return out


def _references(kb: KnowledgeBase, site_url: str):
    """reference() computed once per cited entry: thousands of cases cite the same few dozen."""
    cache: dict = {}

    def ref(kind: str, ident: str) -> dict:
        key = (kind, ident)
        if key not in cache:
            cache[key] = reference(kb, kind, ident, site_url)
        return cache[key]
    return ref


def case_record(kb: KnowledgeBase, case, site_url: str = "", ref=None) -> dict:
    """One case with the field names of case.schema.json, every reference resolved to an object.

    Every field is present: null or [] when the case does not give it.
    """
    ref = ref or _references(kb, site_url)

    t, p = case["territory"], case["period"]
    return {
        "id": case.id,
        "title": case["title"],
        "url": page_url("case", case.id, site_url),
        "summary": case["summary"],
        "territory": {"name": t["name"], "level": t["level"], "country": t["country"], "lat": t["lat"], "lon": t["lon"]},
        "period": {"start": p["start"], "end": p.get("end"), "start_precision": p.get("start_precision")},
        "sectors": [ref("sector", s) for s in case["sectors"]],
        "mode": ref("mode", case["mode"]) if case.get("mode") else None,
        "conditions": [{**ref("condition", c["condition"]), "evidence": c["evidence"]} for c in case["conditions"]],
        "stages": [{**ref("stage", s["stage"]), "description": s["description"]} for s in case.get("stages", [])],
        "instruments": [{"name": i["name"], "description": i["description"]} for i in case.get("instruments", [])],
        "actors": [{"name": a["name"], "type": ref("actor-type", a["type"]), "role": a.get("role")}
                   for a in case.get("actors", [])],
        "results": list(case.get("results", [])),
        "figures": [{"value": f["value"], "unit": f.get("unit"), "label": f["label"],
                     "approximate": bool(f.get("approximate", False))} for f in case.get("figures", [])],
        "legal_basis": [ref("legal", x) for x in case.get("legal_basis", [])],
        "legal_context": [ref("legal", x) for x in case.get("legal_context", [])],
        "quotes": [{"text": q["text"], "author": q["author"], "role": q.get("role"), "source": ref("resource", q["source"])}
                   for q in case.get("quotes", [])],
        "sources": [ref("resource", r) for r in case["sources"]],
        "related": [ref("case", r) for r in case.get("related", [])],
        "aliases": list(case.get("aliases", [])),
        "updated": str(case["updated"]) if case.get("updated") else None,
        "completeness": completeness_record(case),
    }


def completeness_record(case) -> dict:
    """How complete the case is (mallette/completeness.py): level, score in percent, what is missing."""
    c = of_case(case)
    return {"level": c.level, "score": c.score, "missing": c.missing_keys}


def cases_json(kb: KnowledgeBase, site_url: str = "") -> bytes:
    cases, ref = _cases(kb), _references(kb, site_url)
    return _dumps_list({
        "title": f"Les cas de {SITE_NAME[0].lower()}{SITE_NAME[1:]}",
        "source": site_path("", site_url) or None,
        "license": LICENCE,
        "schema": site_path(f"{SCHEMA_SITE_DIR}/case.schema.json", site_url),
        "count": len(cases),
    }, "cases", (case_record(kb, c, site_url, ref) for c in cases))


# --- CSV ---------------------------------------------------------------------------------

def case_row(case, site_url: str = "") -> dict:
    t, p = case["territory"], case["period"]

    def joined(values):
        return LIST_SEPARATOR.join(values)

    return {
        "id": case.id,
        "titre": case["title"],
        "resume": case["summary"],
        "territoire": t["name"],
        "niveau": t["level"],
        "pays": t["country"],
        "lat": t["lat"],
        "lon": t["lon"],
        "debut": p["start"],
        "precision_debut": p.get("start_precision", ""),
        "fin": p.get("end", ""),
        "mode": case.get("mode", ""),
        "secteurs": joined(case["sectors"]),
        "conditions": joined(c["condition"] for c in case["conditions"]),
        "etapes": joined(s["stage"] for s in case.get("stages", [])),
        "textes": joined(case.get("legal_basis", [])),
        "textes_lies": joined(case.get("legal_context", [])),
        "sources": joined(case["sources"]),
        "url": page_url("case", case.id, site_url),
        "completude": (c := of_case(case)).level,
        "a_preciser": joined(c.missing_keys),
    }


def cases_csv(kb: KnowledgeBase, site_url: str = "") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    rows = (case_row(case, site_url) for case in _cases(kb))
    writer.writerows([_inert_cell(row[k]) for k in CSV_COLUMNS] for row in rows)
    return out.getvalue().encode("utf-8")


def _inert_cell(value):
    """Text that a spreadsheet would run as a formula (= + - @, tab, CR) gets a leading quote
    (CWE-1236). Numbers are left alone: -0.58 is a longitude, not a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


# --- GeoJSON -----------------------------------------------------------------------------

def cases_geojson(kb: KnowledgeBase, site_url: str = "") -> bytes:
    """An RFC 7946 FeatureCollection: one Point [lon, lat] (WGS 84) per case."""
    return _dumps_list({"type": "FeatureCollection"}, "features", _features(kb, site_url))


def _features(kb: KnowledgeBase, site_url: str):
    for case in _cases(kb):
        t, p = case["territory"], case["period"]
        props = {"id": case.id, "titre": case["title"], "territoire": t["name"], "niveau": t["level"],
                 "pays": t["country"], "debut": p["start"],
                 "precision_debut": p.get("start_precision"),  # null when the start year is exact
                 "fin": p.get("end"),  # null, not "", when the case is ongoing
                 "url": page_url("case", case.id, site_url),
                 "completude": of_case(case).level}
        yield {
            "type": "Feature",
            "id": case.id,
            "geometry": {"type": "Point", "coordinates": [case["territory"]["lon"], case["territory"]["lat"]]},
            "properties": props,
        }


# --- schemas and the whole bundle -----------------------------------------------------------

def schema_files(schema_dir: Path = SCHEMA_DIR) -> list[tuple[str, bytes]]:
    """(path in the site, bytes) of each JSON Schema, copied as is."""
    return [(f"{SCHEMA_SITE_DIR}/{p.name}", p.read_bytes()) for p in sorted(Path(schema_dir).glob("*.schema.json"))]


def schema_list(schema_dir: Path = SCHEMA_DIR) -> list[tuple[str, str, str]]:
    """(path in the site, file name, title) of each published schema, for the /donnees/ page."""
    out = []
    for path, data in schema_files(schema_dir):
        name = path.rsplit("/", 1)[-1]
        out.append((path, name, json.loads(data).get("title", name)))
    return out


def data_files(kb: KnowledgeBase, *, updates, site_url: str = "", schema_dir: Path = SCHEMA_DIR,
               feed_title: str = SITE_NAME, feed_author: str = "") -> list[tuple[str, bytes]]:
    """Every non-page file of the open data: (path in the site, bytes), in path order."""
    files = [
        (JSON_PATH, cases_json(kb, site_url)),
        (CSV_PATH, cases_csv(kb, site_url)),
        (GEOJSON_PATH, cases_geojson(kb, site_url)),
        (FEED_PATH, atom_feed(kb, updates=updates, site_url=site_url, title=feed_title, subtitle=FEED_SUBTITLE,
                              author=feed_author, rights=f"Données sous {LICENCE['name']}")),
        *schema_files(schema_dir),
    ]
    return sorted(files)
