"""The home page's small map: where the cases are, drawn at build time as an SVG.

No script, no tiles, so no consent: the outlines of the countries that have cases (Natural Earth,
mallette/data/contours.json) and one dot per group of nearby cases. Its size does not grow with the
number of cases: dots are grouped by cells of CELL degrees (a bigger dot for more cases), and
outline vertices are rounded to a grid that follows the map's span (about WIDTH / GRID_STEPS
pixels), consecutive duplicates dropped. The text alternative is the list of countries with their
counts that follows the map on the page, and the map links to /carte/.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from . import geo
from .model import KnowledgeBase

WIDTH = 600  # viewBox units
CELL = 0.5  # degrees: cases closer than this share a dot
GRID_STEPS = 250  # outline vertices rounded to span / GRID_STEPS degrees
MARGIN = 1.5  # degrees around the cases
MIN_SPAN = 6.0  # degrees: a single case still shows its surroundings
MAX_COUNTRIES = 12  # the countries with the most cases: beyond, their outlines would weigh too much
REACH = 25.0  # degrees from the median case: farther cases (overseas) are counted, not drawn


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    r: float
    count: int


@dataclass(frozen=True)
class MiniMap:
    width: int
    height: int
    outlines: tuple[str, ...]  # one SVG path (d) per country
    dots: tuple[Dot, ...]
    outside: int  # cases too far from the others to be drawn (overseas, another continent)


def mini_map(kb: KnowledgeBase) -> MiniMap | None:
    points = [(float(c["territory"]["lon"]), float(c["territory"]["lat"]), c["territory"]["country"]) for c in kb.cases]
    if not points:
        return None
    mid_lon = sorted(p[0] for p in points)[len(points) // 2]
    mid_lat = sorted(p[1] for p in points)[len(points) // 2]
    near = [p for p in points if abs(p[0] - mid_lon) <= REACH and abs(p[1] - mid_lat) <= REACH]
    lon0, lon1 = min(p[0] for p in near), max(p[0] for p in near)
    lat0, lat1 = min(p[1] for p in near), max(p[1] for p in near)
    # Centre the view on the cases, with a margin and a minimum span.
    lon_c, lat_c = (lon0 + lon1) / 2, (lat0 + lat1) / 2
    half_lon = max(lon1 - lon0 + 2 * MARGIN, MIN_SPAN) / 2
    half_lat = max(lat1 - lat0 + 2 * MARGIN, MIN_SPAN) / 2
    west, east, south, north = lon_c - half_lon, lon_c + half_lon, lat_c - half_lat, lat_c + half_lat
    kx = math.cos(math.radians(lat_c))  # equirectangular, true to scale at the centre's latitude
    scale = WIDTH / ((east - west) * kx)
    height = max(1, round((north - south) * scale))

    def xy(lon: float, lat: float) -> tuple[float, float]:
        return round((lon - west) * kx * scale, 1), round((north - lat) * scale, 1)

    counts: dict[str, int] = {}
    for _, _, code in near:
        counts[code] = counts.get(code, 0) + 1
    step = (east - west) / GRID_STEPS
    outlines = []
    for code in sorted(counts, key=lambda k: (-counts[k], k))[:MAX_COUNTRIES]:
        outline = geo.country(code)
        if outline is None:
            continue
        d = _path(outline.rings, step, (west, east, south, north), xy)
        if d:
            outlines.append(d)

    cells: dict[tuple[int, int], list[tuple[float, float]]] = {}
    for lon, lat, _ in near:
        cells.setdefault((round(lon / CELL), round(lat / CELL)), []).append((lon, lat))
    dots = []
    for key in sorted(cells):
        group = cells[key]
        lon = sum(p[0] for p in group) / len(group)
        lat = sum(p[1] for p in group) / len(group)
        x, y = xy(lon, lat)
        dots.append(Dot(x, y, round(min(7 + 3 * math.log2(len(group)), 22), 1), len(group)))
    return MiniMap(WIDTH, height, tuple(outlines), tuple(dots), len(points) - len(near))


def _path(rings, step: float, view: tuple[float, float, float, float], xy) -> str:
    """The rings that reach the view, vertices snapped to the grid, as one SVG path."""
    west, east, south, north = view
    parts = []
    for ring in rings:
        if not ring or max(p[0] for p in ring) < west or min(p[0] for p in ring) > east \
                or max(p[1] for p in ring) < south or min(p[1] for p in ring) > north:
            continue
        snapped = []
        for lon, lat in ring:
            p = (round(lon / step), round(lat / step))
            if not snapped or snapped[-1] != p:
                snapped.append(p)
        if len(snapped) < 4:  # smaller than the grid: an islet at this scale
            continue
        coords = [xy(px * step, py * step) for px, py in snapped]
        parts.append("M" + "L".join(f"{x:g} {y:g}" for x, y in coords) + "Z")
    return "".join(parts)
