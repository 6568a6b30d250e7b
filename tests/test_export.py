"""Open data: the JSON, CSV, GeoJSON and Atom files, the published schemas, « Citer cette page »."""
from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import xml.etree.ElementTree as ET
from datetime import datetime
from html import unescape
from pathlib import Path
from urllib.parse import urljoin

import geojson
from jsonschema import Draft202012Validator

from conftest import ROOT, mkdocs_build
from mallette.content import Entry
from mallette.export import data_files
from mallette.feed import Updates, atom_feed, git_dates, source_date
from mallette.model import load_knowledge_base
from mallette.render import date_fr

KB = load_knowledge_base(ROOT)
ATOM = "{http://www.w3.org/2005/Atom}"
SOURCE_DATE = "2023-11-14"  # SOURCE_DATE_EPOCH=1700000000, as set by conftest.mkdocs_build
DIRS = {"condition": "conditions", "stage": "etapes", "mode": "modes", "sector": "secteurs", "legal": "textes",
        "resource": "ressources", "case": "cas"}
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def read(site: Path, path: str) -> bytes:
    return (site / path).read_bytes()


def text_of(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", "", html)).replace("\u00a0", " ").replace("\u202f", " ").split())


def expected_update(entry) -> str:
    """Independent of mallette.feed: the `updated` field, else `git log -1` on the file, else the epoch date."""
    if entry.get("updated"):
        return str(entry["updated"])
    try:
        out = subprocess.run(["git", "-C", str(ROOT), "log", "-1", "--format=%cs", "--", entry.path],
                             capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        out = ""
    return out or SOURCE_DATE


# --- cas.json ----------------------------------------------------------------------------

def test_json_holds_every_case_with_resolved_references(built_site):
    raw = read(built_site, "donnees/cas.json")
    assert raw.endswith(b"\n") and "é".encode() in raw  # UTF-8, not \u00e9 escapes
    data = json.loads(raw.decode("utf-8"))
    assert data["count"] == len(KB.cases) == len(data["cases"])
    assert data["license"]["name"] == "Licence Ouverte / Etalab 2.0"
    ids = [c["id"] for c in data["cases"]]
    assert ids == sorted(ids) and set(ids) == set(KB.entries["case"])

    def check_ref(ref, kind, ident):
        entry = KB.get(kind, ident)
        assert ref["id"] == ident
        assert ref.get("name", ref.get("title")) == (entry.get("name") or entry.get("title"))
        assert ref["url"] == f"{DIRS[kind]}/{ident}/"
        assert (built_site / ref["url"] / "index.html").exists(), ref["url"]

    for rec in data["cases"]:
        case = KB.get("case", rec["id"])
        assert list(rec)[:4] == ["id", "title", "url", "summary"]
        assert rec["title"] == case["title"] and rec["summary"] == case["summary"]
        assert rec["url"] == f"cas/{case.id}/"
        assert rec["territory"] == case["territory"]
        assert rec["period"] == {"start": case["period"]["start"], "end": case["period"].get("end"),
                                 "start_precision": case["period"].get("start_precision")}
        assert [s["id"] for s in rec["sectors"]] == case["sectors"]
        for ref, ident in zip(rec["sectors"], case["sectors"]):
            check_ref(ref, "sector", ident)
        if case.get("mode"):
            check_ref(rec["mode"], "mode", case["mode"])
        else:
            assert rec["mode"] is None
        assert [(c["id"], c["evidence"]) for c in rec["conditions"]] == \
               [(c["condition"], c["evidence"]) for c in case["conditions"]]
        for ref in rec["conditions"]:
            check_ref(ref, "condition", ref["id"])
        assert [(s["id"], s["description"]) for s in rec["stages"]] == \
               [(s["stage"], s["description"]) for s in case.get("stages", [])]
        for ref in rec["stages"]:
            check_ref(ref, "stage", ref["id"])
        for field, kind in (("legal_basis", "legal"), ("legal_context", "legal"), ("sources", "resource"),
                            ("related", "case")):
            assert [r["id"] for r in rec[field]] == case.get(field, []), field
            for ref in rec[field]:
                check_ref(ref, kind, ref["id"])
        assert [(q["text"], q["author"], q["source"]["id"]) for q in rec["quotes"]] == \
               [(q["text"], q["author"], q["source"]) for q in case.get("quotes", [])]
        assert [(a["name"], a["type"]["id"], a["role"]) for a in rec["actors"]] == \
               [(a["name"], a["type"], a.get("role")) for a in case.get("actors", [])]
        assert rec["instruments"] == case.get("instruments", [])
        assert rec["results"] == case.get("results", [])
        assert [f["value"] for f in rec["figures"]] == [f["value"] for f in case.get("figures", [])]


# --- cas.csv -----------------------------------------------------------------------------

def test_csv_has_one_row_per_case(built_site):
    raw = read(built_site, "donnees/cas.csv")
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r\n" not in raw
    text = raw.decode("utf-8")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    assert reader.fieldnames == ["id", "titre", "resume", "territoire", "niveau", "pays", "lat", "lon", "debut",
                                 "precision_debut", "fin", "mode", "secteurs", "conditions", "etapes", "textes",
                                 "textes_lies", "sources", "url", "completude", "a_preciser"]
    rows = list(reader)
    assert len(rows) == len(KB.cases)
    assert [r["id"] for r in rows] == sorted(KB.entries["case"])
    for row in rows:
        case = KB.get("case", row["id"])
        t, p = case["territory"], case["period"]
        assert (row["titre"], row["resume"], row["territoire"], row["niveau"], row["pays"]) == \
               (case["title"], case["summary"], t["name"], t["level"], t["country"])
        assert (float(row["lat"]), float(row["lon"])) == (t["lat"], t["lon"])
        assert row["debut"] == str(p["start"]) and row["fin"] == str(p.get("end", ""))
        assert row["precision_debut"] == p.get("start_precision", "")
        assert row["mode"] == case.get("mode", "")
        assert row["secteurs"] == " | ".join(case["sectors"])
        assert row["conditions"].split(" | ") == [c["condition"] for c in case["conditions"]]
        assert row["etapes"] == " | ".join(s["stage"] for s in case.get("stages", []))
        assert row["textes"] == " | ".join(case.get("legal_basis", []))
        assert row["textes_lies"] == " | ".join(case.get("legal_context", []))
        assert row["sources"].split(" | ") == case["sources"]
        assert row["url"] == f"cas/{case.id}/"


# --- cas.geojson -------------------------------------------------------------------------

def test_geojson_is_valid_rfc7946_with_lon_lat_order(built_site):
    raw = read(built_site, "donnees/cas.geojson").decode("utf-8")
    collection = geojson.loads(raw)
    assert collection.is_valid, collection.errors()
    data = json.loads(raw)
    assert data["type"] == "FeatureCollection" and "crs" not in data
    assert len(data["features"]) == len(KB.cases)
    for feature in data["features"]:
        assert geojson.Feature(**feature).is_valid
        case = KB.get("case", feature["id"])
        assert feature["geometry"] == {"type": "Point",
                                       "coordinates": [case["territory"]["lon"], case["territory"]["lat"]]}
        assert list(feature["properties"]) == ["id", "titre", "territoire", "niveau", "pays", "debut", "precision_debut",
                                               "fin", "url", "completude"]
        props = feature["properties"]
        assert (props["id"], props["titre"], props["territoire"], props["pays"], props["debut"], props["fin"]) == \
               (case.id, case["title"], case["territory"]["name"], case["territory"]["country"],
                case["period"]["start"], case["period"].get("end"))
        assert props["precision_debut"] == case["period"].get("start_precision")
    brescia = next(f for f in data["features"] if f["id"] == "brescia-tables-de-citoyennete")
    assert brescia["geometry"]["coordinates"] == [10.2118, 45.5416]  # [lon, lat], never [lat, lon]


# --- schemas -----------------------------------------------------------------------------

def test_published_schemas_are_the_contract_byte_for_byte(built_site):
    sources = sorted((ROOT / "schema").glob("*.schema.json"))
    assert sources
    assert sorted(p.name for p in (built_site / "schema").iterdir()) == [p.name for p in sources]
    for src in sources:
        published = read(built_site, f"schema/{src.name}")
        assert published == src.read_bytes(), src.name
        Draft202012Validator.check_schema(json.loads(published))


# --- cas.atom ----------------------------------------------------------------------------

def parse_feed(raw: bytes) -> ET.Element:
    assert raw.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    root = ET.fromstring(raw)
    assert root.tag == f"{ATOM}feed"
    return root


def test_atom_feed_lists_the_latest_cases(built_site):
    root = parse_feed(read(built_site, "donnees/cas.atom"))
    for tag in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{tag}") is not None, tag
    self_link = root.find(f"{ATOM}link[@rel='self']")
    assert self_link.get("type") == "application/atom+xml"
    feed_url = "https://exemple.org/donnees/cas.atom"  # wherever it is served, relative links resolve from there
    base = urljoin(feed_url, root.get("{http://www.w3.org/XML/1998/namespace}base", ""))
    assert urljoin(base, self_link.get("href")) == feed_url

    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == min(20, len(KB.cases))
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == len(ids) and all(re.match(r"^tag:[a-z0-9.-]+,\d{4}:\S+$", i) for i in ids)
    dates = []
    for entry in entries:
        updated = entry.findtext(f"{ATOM}updated")
        assert RFC3339.match(updated), updated
        dates.append(datetime.fromisoformat(updated))
        link = entry.find(f"{ATOM}link[@rel='alternate']").get("href")
        url = urljoin(base, link)
        assert url.startswith("https://exemple.org/cas/")
        case = KB.get("case", url.rstrip("/").rsplit("/", 1)[1])
        assert (built_site / url.removeprefix("https://exemple.org/") / "index.html").exists()
        assert entry.findtext(f"{ATOM}title") == case["title"]
        assert entry.findtext(f"{ATOM}summary") == " ".join(case["summary"].split())
        assert updated[:10] == expected_update(case)
    assert dates == sorted(dates, reverse=True)
    assert RFC3339.match(root.findtext(f"{ATOM}updated")) and datetime.fromisoformat(root.findtext(f"{ATOM}updated")) == max(dates)


def _fake_case(i: int, **changes) -> Entry:
    base = KB.get("case", "brescia-tables-de-citoyennete")
    data = {**base.data, "id": f"cas-{i:02d}", **changes}
    return Entry("case", data["id"], data, f"content/cases/cas-{i:02d}.yaml", base.doc)


class FakeKB:
    def __init__(self, cases):
        self.cases = cases

    def get(self, kind, ident):
        return KB.get(kind, ident)


def test_feed_order_cap_and_escaping():
    cases = [_fake_case(i, period={"start": 2000 + i}) for i in range(25)]
    cases[3] = _fake_case(3, period={"start": 2003}, updated="2030-01-02", title="Tom & Jerry <b>« ici »</b>")
    cases[7] = _fake_case(7, period={"start": 2007}, updated="2030-01-01")
    root = parse_feed(atom_feed(FakeKB(cases), updates=Updates({}, "2020-05-05"), title="T & <x>"))
    assert root.findtext(f"{ATOM}title") == "T & <x>"
    entries = root.findall(f"{ATOM}entry")
    order = [e.findtext(f"{ATOM}id").rsplit(":", 1)[1] for e in entries]
    # `updated` first, then the most recent start year; at most 20 entries.
    assert order[:4] == ["cas-03", "cas-07", "cas-24", "cas-23"] and len(order) == 20
    assert entries[0].findtext(f"{ATOM}title") == "Tom & Jerry <b>« ici »</b>"
    assert [e.findtext(f"{ATOM}updated") for e in entries[:3]] == \
           ["2030-01-02T00:00:00Z", "2030-01-01T00:00:00Z", "2020-05-05T00:00:00Z"]
    assert root.findtext(f"{ATOM}updated") == "2030-01-02T00:00:00Z"


# --- dates of last update ----------------------------------------------------------------

def _git(repo: Path, *args: str, date: str = "") -> None:
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "PATH": "/usr/bin:/bin:/usr/local/bin", "HOME": str(repo)}
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)


def test_git_dates_come_from_one_log_and_fail_soft(tmp_path, monkeypatch):
    repo = tmp_path / "depot"
    (repo / "content/cases").mkdir(parents=True)
    _git(repo, "init", "-q")
    (repo / "content/cases/a.yaml").write_text("a\n")
    (repo / "content/cases/b é.yaml").write_text("b\n")
    (repo / "notes.txt").write_text("hors du contenu\n")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "un", date="2021-03-04T10:00:00+00:00")
    (repo / "content/cases/a.yaml").write_text("a2\n")
    _git(repo, "commit", "-q", "-am", "deux", date="2022-05-06T10:00:00+00:00")
    assert git_dates(repo) == {"content/cases/a.yaml": "2022-05-06", "content/cases/b é.yaml": "2021-03-04"}

    # Shallow clone: the oldest commit would claim every file, so no git dates at all.
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", repo.as_uri(), str(shallow)], check=True, capture_output=True)
    assert git_dates(shallow) == {}
    assert git_dates(tmp_path / "pas-un-depot") == {}
    monkeypatch.setenv("PATH", str(tmp_path / "vide"))  # no git at all
    assert git_dates(repo) == {}


def test_last_update_prefers_the_field_then_git_then_the_epoch(monkeypatch):
    case = KB.get("case", "brescia-tables-de-citoyennete")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert source_date() == SOURCE_DATE
    assert Updates({case.path: "2024-02-03"}, source_date()).of(case) == "2024-02-03"
    assert Updates({}, source_date()).of(case) == SOURCE_DATE
    assert Updates({case.path: "2024-02-03"}, None).of(_fake_case(1, updated="2019-04-01")) == "2019-04-01"
    for unknown in ("0", "", "demain"):
        monkeypatch.setenv("SOURCE_DATE_EPOCH", unknown)
        assert source_date() is None


# --- pages -------------------------------------------------------------------------------

def test_case_page_says_how_to_cite_it(built_site):
    case = KB.get("case", "brescia-tables-de-citoyennete")
    html = (built_site / "cas" / case.id / "index.html").read_text(encoding="utf-8")
    # The heading may carry other attributes (data-pagefind-ignore keeps it out of the search index).
    heading = re.search(r'<h2[^>]*\sid="citer"[^>]*>Citer cette page', html)
    assert heading
    cite = text_of(html[heading.start():])
    day = date_fr(expected_update(case))
    assert f"« {case['title']} », La e-mallette de la co-construction" in cite
    assert f"/cas/{case.id}/" in cite and day in cite
    assert f"Dernière mise à jour : {day}" in text_of(html)


def test_guide_pages_say_how_to_cite_them(built_site):
    for guide in KB.all("guide"):
        html = (built_site / "guides" / guide.id / "index.html").read_text(encoding="utf-8")
        assert html.count('id="citer"') == 1, guide.id  # a guide's own "citer" section keeps its anchor
        assert "Citer cette page" in html and f"/guides/{guide.id}/" in text_of(html)
        assert "Dernière mise à jour : " + date_fr(expected_update(guide)) in text_of(html)


def test_data_page_documents_every_file(built_site):
    html = (built_site / "donnees" / "index.html").read_text(encoding="utf-8")
    text = text_of(html)
    for name in ("cas.json", "cas.csv", "cas.geojson", "cas.atom"):
        assert f'href="{name}"' in html, name
    for schema in (ROOT / "schema").glob("*.schema.json"):
        assert f'href="../schema/{schema.name}"' in html
    for column in ("id", "titre", "resume", "territoire", "niveau", "pays", "lat", "lon", "debut", "precision_debut",
                   "fin", "mode", "secteurs", "conditions", "etapes", "textes", "textes_lies", "sources", "url",
                   "completude", "a_preciser", "completeness"):
        assert f"<code>{column}</code>" in html, column
    assert 'href="https://www.etalab.gouv.fr/licence-ouverte-open-licence/"' in html
    assert "Licence Ouverte / Etalab 2.0" in text and 'id="citer"' in html and 'id="licence"' in html
    assert "longitude d'abord" in text
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert 'href="donnees/"' in home  # in the navigation


# --- site_url, determinism ------------------------------------------------------------------

def test_site_url_makes_every_address_absolute(project, tmp_path):
    with (project / "mkdocs.yml").open("a", encoding="utf-8") as f:
        f.write("\nsite_url: https://exemple.org/mallette/\n")
    site = tmp_path / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    data = json.loads(read(site, "donnees/cas.json"))
    assert data["cases"][0]["url"].startswith("https://exemple.org/mallette/cas/")
    assert data["cases"][0]["conditions"][0]["url"].startswith("https://exemple.org/mallette/conditions/")
    rows = list(csv.DictReader(io.StringIO(read(site, "donnees/cas.csv").decode("utf-8"))))
    assert all(r["url"] == f"https://exemple.org/mallette/cas/{r['id']}/" for r in rows)
    root = parse_feed(read(site, "donnees/cas.atom"))
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == "https://exemple.org/mallette/donnees/cas.atom"
    html = (site / "cas/brescia-tables-de-citoyennete/index.html").read_text(encoding="utf-8")
    assert '<a href="https://exemple.org/mallette/cas/brescia-tables-de-citoyennete/">' in html
    # Outside git (a copy of the content), the last update is SOURCE_DATE_EPOCH's day.
    assert "Dernière mise à jour : " + date_fr(SOURCE_DATE) in text_of(html)


def test_published_files_are_exactly_the_core_output(built_site, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    names = {k: re.search(rf"^{k}: (.*)$", config, re.M).group(1) for k in ("site_name", "site_author")}

    def build():
        return data_files(KB, updates=Updates.for_project(ROOT), feed_title=names["site_name"],
                          feed_author=names["site_author"])

    first = build()
    assert first == build()
    for path, content in first:
        assert read(built_site, path) == content, path


def test_lists_written_item_by_item_are_the_json_of_the_whole():
    """cas.json and cas.geojson are written one case at a time (memory at 20,000 cases): the bytes
    must be those of json.dumps on the whole document, empty list included."""
    from mallette.export import _dumps, _dumps_list

    head = {"title": "Les cas « œ »", "source": None, "count": 2}
    items = [{"id": "a", "x": [1, 2.5, None, True]}, {"id": "b\u202f!", "y": {"z": "é"}}]
    for some in (items, items[:1], []):
        assert _dumps_list(head, "cases", iter(some)) == _dumps({**head, "cases": some})
        json.loads(_dumps_list(head, "cases", iter(some)))
