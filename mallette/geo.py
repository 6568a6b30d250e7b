"""Country and French region outlines (mallette/data/contours.json, built by scripts/build_geodata.py
from Natural Earth), and pure-Python point-in-outline tests for the validator and the /carte/ page.

The outlines are simplified (a few kilometres): a point counts as in its country when it lies
inside, or within TOLERANCE_KM of the outline, so that coastal towns and small islands pass.
"""
from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "contours.json"
TOLERANCE_KM = 15.0
KM_PER_DEGREE = 111.32
_BAND = 1.0  # edges are indexed by bands of latitude of this height (degrees)


class Outline:
    """One place (a country or a region): its rings, their bounding box and an index of edges by
    latitude band, so that a point test reads a few dozen edges instead of thousands."""

    def __init__(self, rings: list[list[tuple[float, float]]]):
        self.rings = rings
        xs = [x for r in rings for x, _ in r]
        ys = [y for r in rings for _, y in r]
        self.bbox = (min(xs), min(ys), max(xs), max(ys)) if xs else (0.0, 0.0, -1.0, -1.0)
        self._bands: dict[int, list[tuple[float, float, float, float]]] = {}
        for ring in rings:
            for i, (x1, y1) in enumerate(ring):
                x2, y2 = ring[i - 1]
                for band in range(math.floor(min(y1, y2) / _BAND), math.floor(max(y1, y2) / _BAND) + 1):
                    self._bands.setdefault(band, []).append((x1, y1, x2, y2))

    def contains(self, lon: float, lat: float) -> bool:
        """Even-odd rule over every ring (holes and islands alike)."""
        x0, y0, x1, y1 = self.bbox
        if not (x0 <= lon <= x1 and y0 <= lat <= y1):
            return False
        inside = False
        for ax, ay, bx, by in self._bands.get(math.floor(lat / _BAND), ()):
            if (ay > lat) != (by > lat) and lon < ax + (lat - ay) * (bx - ax) / (by - ay):
                inside = not inside
        return inside

    def distance_km(self, lon: float, lat: float, within_km: float) -> float:
        """Distance to the outline (equirectangular: fine at these few kilometres), or more than
        within_km when farther: only the nearby bands are read."""
        kx = KM_PER_DEGREE * math.cos(math.radians(lat))
        ky = KM_PER_DEGREE
        reach = within_km / ky
        west, east = lon - within_km / max(kx, 1e-6), lon + within_km / max(kx, 1e-6)
        best = math.inf
        seen = set()
        for band in range(math.floor((lat - reach) / _BAND), math.floor((lat + reach) / _BAND) + 1):
            for edge in self._bands.get(band, ()):
                ax, ay, bx, by = edge
                if (ax < west and bx < west) or (ax > east and bx > east) or edge in seen:
                    continue
                seen.add(edge)
                best = min(best, _segment_distance((lon - ax) * kx, (lat - ay) * ky, (bx - ax) * kx, (by - ay) * ky))
        return best

    def near(self, lon: float, lat: float, km: float = TOLERANCE_KM) -> bool:
        return self.contains(lon, lat) or self.distance_km(lon, lat, km) <= km


def _segment_distance(px: float, py: float, dx: float, dy: float) -> float:
    """Distance from (px, py) to the segment (0, 0)-(dx, dy)."""
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else max(0.0, min(1.0, (px * dx + py * dy) / length2))
    return math.hypot(px - t * dx, py - t * dy)


def decode_rings(rings: list[list[int]], scale: int) -> list[list[tuple[float, float]]]:
    """[x0, y0, dx1, dy1, …] in 1/scale degree -> [(lon, lat), …]."""
    out = []
    for flat in rings:
        x = y = 0
        pts = []
        for i in range(0, len(flat), 2):
            x += flat[i]
            y += flat[i + 1]
            pts.append((x / scale, y / scale))
        out.append(pts)
    return out


@lru_cache(maxsize=1)
def raw_data() -> dict:
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


# Overseas departments have their own ISO 3166-1 code, and are French regions in Natural Earth.
OVERSEAS_FR = {"GF": "FR-GUF", "GP": "FR-GUA", "MQ": "FR-MTQ", "RE": "FR-LRE", "YT": "FR-MAY"}


@lru_cache(maxsize=None)
def country(code: str) -> Outline | None:
    """The outline of an ISO 3166-1 alpha-2 country, None when the data has none."""
    data = raw_data()
    if code in OVERSEAS_FR:
        rings = data["regions_fr"][OVERSEAS_FR[code]]["anneaux"]
    else:
        rings = data["pays"].get(code)
    return Outline(decode_rings(rings, data["echelle"])) if rings else None


@lru_cache(maxsize=1)
def _regions_fr() -> list[tuple[str, str, Outline]]:
    data = raw_data()
    return [(code, r["nom"], Outline(decode_rings(r["anneaux"], data["echelle"])))
            for code, r in sorted(data["regions_fr"].items())]


def region_names_fr() -> dict[str, str]:
    return {code: name for code, name, _ in _regions_fr()}


@lru_cache(maxsize=65536)
def region_fr(lat: float, lon: float) -> str | None:
    """The code of the French region holding the point (FR-ARA…), the nearest within the tolerance
    for a coastal point, None elsewhere. Memoised: many cases share a point."""
    regions = _regions_fr()
    for code, _, outline in regions:
        if outline.contains(lon, lat):
            return code
    best, best_km = None, TOLERANCE_KM
    for code, _, outline in regions:
        x0, y0, x1, y1 = outline.bbox
        if x0 - 1 <= lon <= x1 + 1 and y0 - 1 <= lat <= y1 + 1:
            km = outline.distance_km(lon, lat, TOLERANCE_KM)
            if km <= best_km:
                best, best_km = code, km
    return best


@lru_cache(maxsize=65536)
def placement(code: str, lat: float, lon: float) -> str:
    """Where a case's point lies against its country: "ok" (inside, or close to the outline),
    "inverse" (outside, but inside once latitude and longitude are swapped), "hors" (outside),
    or "inconnu" (no outline for this country)."""
    outline = country(code)
    if outline is None:
        return "inconnu"
    if outline.near(lon, lat):
        return "ok"
    if -90 <= lon <= 90 and outline.contains(lat, lon):
        return "inverse"
    return "hors"
