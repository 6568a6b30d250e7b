"""Maps: the overview map document (templates/carte-document.html.j2), its compact case data, the
case-page map block and the self-hosted Leaflet files.

The case data goes to the browser in carte/cas.json (points) and carte/fiches/ (names and periods,
by blocks, as markers appear); overrides/assets/javascripts/carte.js turns it into markers and popups with DOM nodes (contributor text is never parsed as HTML). Map
tiles are the one outside resource: carte.js loads them only after the reader agrees.
"""
from __future__ import annotations

import html
import importlib
import json
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from . import geo, labels
from .model import KnowledgeBase, sort_key
from .refs import URL_DIR
from .render import TEMPLATES, country_fr

MAP_DIR = "carte"
DATA_PATH = f"{MAP_DIR}/cas.json"
BLOCKS_DIR = f"{MAP_DIR}/fiches"  # names and periods, MAP_BLOCK cases a file (map_data)
MAP_BLOCK = 500  # about 50 KB: the markers of a town or two once zoomed in need one or two
OUTLINES_PATH = f"{MAP_DIR}/contours.json"  # the base map: countries and French regions (mallette/geo.py)
DOCUMENT_PATH = f"{MAP_DIR}/carte.html"
VENDOR_DIR = "assets/vendor"
SCRIPT_PATH = "assets/javascripts/carte.js"
STYLE_PATH = "assets/stylesheets/carte.css"
DOCUMENT_TITLE = "Carte des cas — La e-mallette de la co-construction"
REGION_LABEL = "Carte des cas"

# Level index N is drawn with the CSS class mallette-niveau-N (carte.css) and its letter, so that
# colour is never the only cue.
# Labels, plurals and letters: mallette/labels.py.
LEVELS = list(labels.LEVELS)
# Case-page map zoom: a town closer than a region.
ZOOMS = {"commune": 11, "intercommunalite": 10, "departement": 8, "region": 7, "national": 5, "europeen": 4}
MAX_ZOOM = 18
CLUSTER_UNTIL_ZOOM = 14  # the closest zoom with clusters (see overview_document)
COORD_SCALE = 10_000  # coordinates travel as integers in 1/10,000 degree (about 10 m)

DEFAULT_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
DEFAULT_ATTRIBUTION = "© les contributeurs d’OpenStreetMap"
DEFAULT_ATTRIBUTION_URL = "https://www.openstreetmap.org/copyright"

# (package, files to publish, folder in the site): only what the pages load, no source maps.
VENDOR = [
    ("xstatic.pkg.leaflet", ["leaflet.js", "leaflet.css", "images/*.png"], "leaflet"),
    ("xstatic.pkg.leaflet_markercluster", ["leaflet.markercluster.js", "MarkerCluster.css"], "leaflet.markercluster"),
]

_TILES = re.compile(r"^https://[^\s\"'<>\\`]+$")
_URL = re.compile(r"^https://[^\s\"'<>\\`]+$")


class MapConfigError(ValueError):
    """mkdocs.yml `extra: carte:` is wrong; the message is for the maintainer, in French."""


@dataclass(frozen=True)
class MapSettings:
    """The tile server (the one outside resource) and the attribution it requires."""

    tiles: str = DEFAULT_TILES
    attribution: str = DEFAULT_ATTRIBUTION
    attribution_url: str = DEFAULT_ATTRIBUTION_URL

    @classmethod
    def from_extra(cls, carte: dict | None) -> "MapSettings":
        """mkdocs.yml `extra: carte: {tuiles, attribution, attribution_lien}`; defaults: OpenStreetMap."""
        if carte is not None and not isinstance(carte, dict):
            raise MapConfigError("extra.carte : attendu un groupe de clés (tuiles, attribution, attribution_lien).")
        carte = dict(carte or {})
        unknown = sorted(set(carte) - {"tuiles", "attribution", "attribution_lien"})
        if unknown:
            raise MapConfigError(f"extra.carte : clé inconnue « {unknown[0]} » (attendu : tuiles, attribution, "
                                 "attribution_lien).")
        tiles = str(carte.get("tuiles") or DEFAULT_TILES)
        if not _TILES.match(tiles) or not all(p in tiles for p in ("{z}", "{x}", "{y}")):
            raise MapConfigError(f"extra.carte.tuiles : « {tiles} » n'est pas un modèle d'adresse de tuiles "
                                 "https://…/{z}/{x}/{y}.png.")
        default = "tuiles" not in carte
        attribution = " ".join(str(carte.get("attribution") or (DEFAULT_ATTRIBUTION if default else "")).split())
        if not attribution:
            raise MapConfigError("extra.carte.attribution : le serveur de tuiles demande une attribution ; "
                                 "indiquez-la en texte simple.")
        url = str(carte.get("attribution_lien") or (DEFAULT_ATTRIBUTION_URL if default else ""))
        if url and not _URL.match(url):
            raise MapConfigError(f"extra.carte.attribution_lien : « {url} » n'est pas une adresse https://.")
        return cls(tiles, attribution, url)

    @property
    def host(self) -> str:
        """The tile server's host name, as the privacy notice names it."""
        return urlsplit(self.tiles.replace("{s}.", "")).hostname or self.tiles

    def browser(self) -> dict:
        """What carte.js needs: plain strings it writes as text or passes to Leaflet as a URL template."""
        return {"tuiles": self.tiles, "attribution": self.attribution, "attributionLien": self.attribution_url}


# --- the data, once ------------------------------------------------------------------------------

def _scaled(value: float) -> int:
    return round(float(value) * COORD_SCALE)


def map_data(kb: KnowledgeBase) -> list[tuple[str, bytes]]:
    """(path in the site, bytes) of the overview map's case data: carte/cas.json, what the markers
    need (a few bytes per case, fetched at once), and carte/fiches/<k>.json, the names and periods
    of MAP_BLOCK cases each, fetched for the markers a reader sees (named as they appear) and the
    popups opened. A title weighs more than all the rest of a case: at 20,000 cases, fetching them
    all would triple what the map loads before it shows anything.

    Cases in the order of their territory (`territoires` sorted), then of their id: the cases of a
    place, shown together when a reader zooms in, share one or two blocks.

    cas.json: {"format", "nombre", "echelle", "niveaux": [[label, letter]],
      "territoires": [[name, level index, lat, lon, number of cases]] (its cases are the next rows),
      "colonnes": {"dlat": [...], "dlon": [...]}: each case's point minus its territory's usual point
      (the one most of its cases use: 0 for most), all integers in 1/10,000 degree (about 10 m,
      the published data's precision),
      "fiches": {"taille": MAP_BLOCK, "fichiers": ["fiches/0.json", ...]}}
    A block: [[id, title, start(, end(, start precision))], ...] for rows kB to (k+1)B - 1; end is
    null while ongoing, the precision (case.schema.json, period.start_precision) only when the start
    year is not exact.
    The open data (donnees/) keeps every field in full; these files only feed the map.
    """
    points: dict[tuple, Counter] = {}
    for c in kb.cases:
        t = c["territory"]
        points.setdefault((t["name"], LEVELS.index(t["level"])), Counter())[(_scaled(t["lat"]), _scaled(t["lon"]))] += 1
    places = sorted(points)
    # The most used point, the smallest on a tie (deterministic).
    usual = {p: min(points[p].items(), key=lambda kv: (-kv[1], kv[0]))[0] for p in places}
    rank = {p: i for i, p in enumerate(places)}

    def place(c) -> tuple:
        return c["territory"]["name"], LEVELS.index(c["territory"]["level"])

    cases = sorted(kb.cases, key=lambda c: (rank[place(c)], c.id))
    dlat, dlon, rows = [], [], []
    for c in cases:
        t, p = c["territory"], c["period"]
        lat, lon = usual[place(c)]
        dlat.append(_scaled(t["lat"]) - lat)
        dlon.append(_scaled(t["lon"]) - lon)
        row = [c.id, c["title"], p["start"], p.get("end")]
        if p.get("start_precision"):
            row.append(p["start_precision"])
        elif row[-1] is None:
            row.pop()
        rows.append(row)
    blocks = [rows[k:k + MAP_BLOCK] for k in range(0, len(rows), MAP_BLOCK)]
    names = [f"{BLOCKS_DIR.rsplit('/', 1)[-1]}/{k}.json" for k in range(len(blocks))]
    data = {
        "format": "e-mallette/carte/3",
        "nombre": len(cases),
        "echelle": COORD_SCALE,
        "niveaux": [[labels.LEVELS[lv], labels.LEVEL_LETTERS[lv]] for lv in LEVELS],
        "territoires": [[name, level, *usual[(name, level)], sum(points[(name, level)].values())]
                        for name, level in places],
        "colonnes": {"dlat": dlat, "dlon": dlon},
        "fiches": {"taille": MAP_BLOCK, "fichiers": names},
    }
    return [(DATA_PATH, _json_file(data))] + [(f"{MAP_DIR}/{name}", _json_file(block))
                                               for name, block in zip(names, blocks)]


def _json_file(data) -> bytes:
    return (json_for_html(data) + "\n").encode("utf-8")


def json_for_html(data) -> str:
    """Compact JSON that is also safe inside an HTML <script> (< > & U+2028 U+2029 escaped)."""
    s = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for ch, esc in _HTML_UNSAFE:
        s = s.replace(ch, esc)
    return s


# What JSON may hold but an HTML <script> must not (the end of the script, a comment opener) or
# older JavaScript cannot read (the two line separators), as JSON escapes.
_HTML_UNSAFE = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))


# --- the overview map document --------------------------------------------------------------------

MAP_ELEMENT_ID = "carte-cas"
# Leaflet's options for the map, the cluster group and the first view (templates/carte-document.html.j2).
MAP_OPTIONS = {"center": [46.6, 2.4], "zoom": 5, "zoomControl": False, "worldCopyJump": True,
               # minZoom/maxZoom go to the map itself (no tile layer yet); markercluster needs maxZoom.
               "minZoom": 2, "maxZoom": MAX_ZOOM}
# Clustering stops at street level (zoom 15): the cluster tree of the closest zooms made adding
# 20,000 markers several times slower (measured in Chromium: 1.7 s instead of 0.4 s) for clusters
# nobody needs there; cases sharing one point still spread out from their cluster at zoom 14.
CLUSTER_OPTIONS = {"showCoverageOnHover": False, "spiderfyDistanceMultiplier": 1.5,
                   "disableClusteringAtZoom": CLUSTER_UNTIL_ZOOM + 1}
# No animation: the clusters are drawn once, at the final zoom.
FIT_OPTIONS = {"animate": False, "maxZoom": 10, "padding": [30, 30]}
# What the document loads, in this order (style sheets after Leaflet's, which they override).
DOCUMENT_ASSETS = [
    ("js", f"../{VENDOR_DIR}/leaflet/leaflet.js"),
    ("css", f"../{VENDOR_DIR}/leaflet/leaflet.css"),
    ("js", f"../{VENDOR_DIR}/leaflet.markercluster/leaflet.markercluster.js"),
    ("css", f"../{VENDOR_DIR}/leaflet.markercluster/MarkerCluster.css"),
    ("js", f"../{SCRIPT_PATH}"),
    ("css", f"../{STYLE_PATH}"),
]


def _script_value(value) -> Markup:
    """A value written into the document's inline script: JSON, safe inside <script>."""
    s = json.dumps(value, ensure_ascii=False)
    for ch, esc in _HTML_UNSAFE:
        s = s.replace(ch, esc)
    return Markup(s)


@lru_cache(maxsize=1)
def _document_template():
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, undefined=StrictUndefined,
                      keep_trailing_newline=True)
    env.filters["js"] = _script_value
    return env.get_template("carte-document.html.j2")


def _legend_levels(kb: KnowledgeBase) -> list[dict]:
    """The levels that have cases, with their marker letter and count, for the legend."""
    counts = Counter(c["territory"]["level"] for c in kb.cases)
    return [{"index": i, "letter": labels.LEVEL_LETTERS[lv], "name": labels.LEVELS[lv], "count": counts[lv]}
            for i, lv in enumerate(LEVELS) if counts[lv]]


def overview_document(kb: KnowledgeBase, settings: MapSettings) -> str:
    """carte/carte.html: every case, clustered, coloured by level; the data is fetched from cas.json."""
    points = [(c["territory"]["lat"], c["territory"]["lon"]) for c in kb.cases]
    bounds = None
    if points:
        lats, lons = [float(p[0]) for p in points], [float(p[1]) for p in points]
        bounds = [[min(lats), min(lons)], [max(lats), max(lons)]]
    config = {**settings.browser(), "donnees": DATA_PATH.rsplit("/", 1)[1],
              "contours": OUTLINES_PATH.rsplit("/", 1)[1], "cas": f"../{URL_DIR['case']}/"}
    return _document_template().render(
        title=DOCUMENT_TITLE, region_label=REGION_LABEL, assets=DOCUMENT_ASSETS, levels=_legend_levels(kb),
        map_id=MAP_ELEMENT_ID, map_options=MAP_OPTIONS, cluster_options=CLUSTER_OPTIONS, bounds=bounds,
        fit_options=FIT_OPTIONS, config=config)


# --- the case-page map -----------------------------------------------------------------------------

def case_map(case, settings: MapSettings) -> dict:
    """Values for the map block of a case page: validated numbers, an id and the tile settings, each
    already escaped for an HTML attribute (Markup), plus the French text alternative."""
    t = case["territory"]
    level = t["level"]
    lat, lon = float(t["lat"]), float(t["lon"])
    attr = {
        "cas": case.id,  # a validated kebab-case id
        "lat": repr(round(lat, 6)), "lon": repr(round(lon, 6)),
        "niveau": str(LEVELS.index(level)), "niveau-nom": labels.LEVELS[level], "lettre": labels.LEVEL_LETTERS[level], "zoom": str(ZOOMS[level]),
        "tuiles": settings.tiles, "attribution": settings.attribution, "attribution-lien": settings.attribution_url,
    }
    attrs = " ".join(f'data-{k}="{html.escape(v, quote=True)}"' for k, v in attr.items())
    return {
        "attrs": Markup(attrs),
        "coords": coordinates_fr(lat, lon),
        "level": labels.LEVELS[level],
        "country": country_fr(t["country"]),
    }


def coordinates_fr(lat: float, lon: float) -> str:
    """48.5734, -1.5 -> '48,5734° N, 1,5° O' (French decimal comma, cardinal points)."""
    def one(v: float, pos: str, neg: str) -> str:
        s = f"{abs(v):.4f}".rstrip("0").rstrip(".")
        return f"{s.replace('.', ',')}°\u00a0{pos if v >= 0 else neg}"
    return f"{one(lat, 'N', 'S')}, {one(lon, 'E', 'O')}"


# --- the /carte/ page -------------------------------------------------------------------------------

PLACES_SHOWN = 12  # the most cited places of a country or region, named under the map; the rest counted
WHOLE_COUNTRY = {"national", "europeen"}  # levels that no region holds


def levels_with_cases(kb: KnowledgeBase) -> list[dict]:
    """For the text next to the map: each level that has cases, with its marker and count."""
    counts = Counter(c["territory"]["level"] for c in kb.cases)
    return [{"index": i, "id": lv, "letter": labels.LEVEL_LETTERS[lv], "title": labels.LEVEL_PLURALS[lv], "count": counts[lv]}
            for i, lv in enumerate(LEVELS) if counts[lv]]


def _explorer_query(**params: str) -> Markup:
    """?pays=FR&q=Lille for a link to the explorer, escaped for an HTML attribute."""
    return Markup(html.escape("?" + urlencode(params), quote=True))


def _area(code: str, name: str, cases: list) -> dict:
    """A country or region: its cases counted, its most cited places, each with its explorer filter."""
    places = Counter((c["territory"]["country"], c["territory"]["name"]) for c in cases)
    ranked = sorted(places.items(), key=lambda p: (-p[1], sort_key(p[0][1]), p[0][0]))
    shown = [{"name": name_, "count": n, "query": _explorer_query(pays=country, q=name_)}
             for (country, name_), n in ranked[:PLACES_SHOWN]]
    return {"code": code, "name": name, "count": len(cases), "places": shown,
            "more": max(0, len(ranked) - PLACES_SHOWN), "query": _explorer_query(pays=code)}


def places_summary(kb: KnowledgeBase) -> dict:
    """The map as text, of a size that does not grow with the number of cases: cases per country,
    per French region (the region holding the point, mallette/geo.py), and the most cited places."""
    by_country: dict[str, list] = {}
    for c in kb.cases:
        by_country.setdefault(c["territory"]["country"], []).append(c)
    countries = sorted((_area(code, country_fr(code), cases) for code, cases in by_country.items()),
                       key=lambda a: (-a["count"], sort_key(a["name"])))
    by_region: dict[str, list] = {}
    whole_france = unplaced = 0
    for code in ["FR", *geo.OVERSEAS_FR]:  # La Réunion is a region whether its code is FR or RE
        for c in by_country.get(code, []):
            t = c["territory"]
            if code == "FR" and t["level"] in WHOLE_COUNTRY:
                whole_france += 1
                continue
            region = geo.OVERSEAS_FR.get(code) or geo.region_fr(float(t["lat"]), float(t["lon"]))
            if region is None:
                unplaced += 1  # off the coast, beyond the validator's margin for the regions
            else:
                by_region.setdefault(region, []).append(c)
    names = geo.region_names_fr()
    regions = sorted((_area(code, names[code], cases) for code, cases in by_region.items()),
                     key=lambda a: (-a["count"], sort_key(a["name"])))
    return {"countries": countries, "regions": regions, "whole_france": whole_france, "unplaced": unplaced}


# --- files for the site ----------------------------------------------------------------------------

def map_files(kb: KnowledgeBase, settings: MapSettings) -> list[tuple[str, bytes]]:
    """(path in the site, bytes): the case data and the overview map document."""
    return [*map_data(kb), (DOCUMENT_PATH, overview_document(kb, settings).encode("utf-8")),
            (OUTLINES_PATH, geo.DATA_FILE.read_bytes())]


def outlines_source() -> dict:
    """Where the base map comes from (the data file's own record), for /donnees/ and its link."""
    return {**geo.raw_data()["source"], "path": OUTLINES_PATH}


def asset_files() -> list[tuple[str, Path]]:
    """(path in the site, installed file) of Leaflet and its marker-cluster plugin, from the pinned
    xstatic packages: the site never loads them from a CDN."""
    out = []
    for module, patterns, folder in VENDOR:
        try:
            base = Path(importlib.import_module(module).BASE_DIR)
        except ImportError as exc:
            raise MapConfigError(f"Le paquet Python {module} manque : installez requirements.txt "
                                 "(pip install -r requirements.txt).") from exc
        for pattern in patterns:
            found = sorted(base.glob(pattern))
            if not found:
                raise MapConfigError(f"{module} : fichier « {pattern} » introuvable dans {base}.")
            out += [(f"{VENDOR_DIR}/{folder}/{p.relative_to(base).as_posix()}", p) for p in found]
    return out
