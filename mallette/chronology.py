"""The chronology (/chronologie/): legal texts at their dates and cases over their periods.

Drawn at build time as SVG (same content, same bytes). The geometry is decided here and the
template only writes it out. Up to CASE_ROWS cases get one bar each; beyond that, a bar per
case would make a page of thousands of rows, so the cases are counted instead: for each year,
how many were under way, each count linking to those cases in the explorer.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .labels import LEVELS
from .model import KnowledgeBase

CHRONO_PAGE = "chronologie/index.md"
CASE_ROWS = 40  # above this many cases, counts per year instead of one bar per case
WIDTH = 760
PLOT_LEFT, PLOT_RIGHT = 12, WIDTH - 12
AXIS = 30  # height of the year axis
ROW = 24  # a legal text
CASE_ROW = 30  # a case: its title above its bar
LANE_GAP = 34  # space for a lane's title
COUNT_HEIGHT = 120  # the columns of counts per year
TITLE_CHARS = 60


@dataclass(frozen=True)
class Scale:
    first: int  # first year shown
    end: int  # the axis ends at the start of this year (one past the last year of the content)

    def x(self, year: float) -> float:
        # Whole units: the template writes plain integers (and the chart needs no finer grain).
        return round(PLOT_LEFT + (year - self.first) / (self.end - self.first) * (PLOT_RIGHT - PLOT_LEFT))

    def ticks(self) -> list[int]:
        span = self.end - self.first
        step = 1 if span <= 16 else 2 if span <= 32 else 5 if span <= 80 else 10
        return [y for y in range(self.first, self.end + 1) if (y - self.first) % step == 0 or y == self.end]


def _fraction(iso: str) -> float:
    d = date.fromisoformat(iso)
    return d.year + (d.timetuple().tm_yday - 1) / 366


def scale_for(kb: KnowledgeBase) -> Scale | None:
    years = [date.fromisoformat(t["date"]).year for t in kb.all("legal") if t.get("date")]
    for c in kb.cases:
        years += [y for y in (c["period"]["start"], c["period"].get("end")) if y is not None]
    if not years:
        return None
    return Scale(min(years), max(years) + 1)


def _label(x: float, text: str) -> dict:
    """A label next to x: after it in the left half, before it in the right half (it stays inside)."""
    right = x > (PLOT_LEFT + PLOT_RIGHT) / 2
    return {"x": round(x - 8 if right else x + 8), "anchor": "end" if right else "start", "text": text}


def _short(title: str) -> str:
    title = " ".join(title.split())
    return title if len(title) <= TITLE_CHARS else title[:TITLE_CHARS - 1].rstrip() + "…"


def timeline(kb: KnowledgeBase) -> dict | None:
    """Everything the page draws and lists; None when there is nothing dated."""
    scale = scale_for(kb)
    if scale is None:
        return None
    texts = sorted((t for t in kb.all("legal") if t.get("date")), key=lambda t: (t["date"], t.id))
    undated = [t for t in kb.all("legal") if not t.get("date")]
    y = AXIS + LANE_GAP
    text_rows = []
    for t in texts:
        x = scale.x(_fraction(t["date"]))
        text_rows.append({"entry": t, "x": x, "y": y, "label": _label(x, f"{t['short_title']} ({t['date'][:4]})")})
        y += ROW
    cases_top = y if texts else AXIS
    cases = sorted(kb.cases, key=lambda c: (c["period"]["start"], c["period"].get("end") or scale.end, c.id))
    case_rows, counts = [], []
    if len(cases) <= CASE_ROWS:
        y = cases_top + LANE_GAP
        for c in cases:
            p = c["period"]
            x0 = scale.x(p["start"])
            ongoing = p.get("end") is None
            x1 = scale.x(scale.end if ongoing else p["end"] + 1)
            # The title above its bar: from the bar's start, or up to its end in the right half.
            right = x0 > (PLOT_LEFT + PLOT_RIGHT) / 2
            case_rows.append({"entry": c, "x": x0, "width": max(x1 - x0, 4), "y": y, "ongoing": ongoing,
                              "label": {"x": x1 if right else x0, "anchor": "end" if right else "start",
                                        "text": _short(c["title"])},
                              "sectors": " ".join(c["sectors"]), "level": c["territory"]["level"]})
            y += CASE_ROW
        height = y + 8
    else:
        counts = cases_per_year(kb, scale)
        top = max((n for _, n in counts), default=0) or 1
        base = cases_top + LANE_GAP + COUNT_HEIGHT
        step = scale.x(scale.first + 1) - scale.x(scale.first)
        counts = [{"year": yr, "count": n, "x": scale.x(yr) + 1, "width": max(step - 2, 1),
                   "height": round(COUNT_HEIGHT * n / top), "y": base - round(COUNT_HEIGHT * n / top)}
                  for yr, n in counts]
        height = base + 24
    return {
        "width": WIDTH, "height": height, "axis": AXIS,
        "ticks": [{"year": yr, "x": scale.x(yr)} for yr in scale.ticks()],
        "texts": text_rows, "undated": undated, "texts_title_y": AXIS + LANE_GAP - 14,
        "cases": case_rows, "counts": counts, "cases_title_y": cases_top + LANE_GAP - 14,
        "case_count": len(cases), "first": scale.first, "last": scale.end - 1, "plot_right": PLOT_RIGHT,
    }


def cases_per_year(kb: KnowledgeBase, scale: Scale) -> list[tuple[int, int]]:
    """(year, cases under way that year) for every year of the axis; an ongoing case counts up to
    the last year. A difference array: one pass over the cases, one over the years."""
    last = scale.end - 1
    delta = [0] * (last - scale.first + 2)
    for c in kb.cases:
        p = c["period"]
        delta[p["start"] - scale.first] += 1
        delta[min(p.get("end") or last, last) - scale.first + 1] -= 1
    out, running = [], 0
    for i in range(last - scale.first + 1):
        running += delta[i]
        out.append((scale.first + i, running))
    return out


def filters(kb: KnowledgeBase, rows: list[dict]) -> dict:
    """Sectors and levels present among the bars, for the page's filter (bars only, not counts)."""
    sectors = {s for r in rows for s in r["sectors"].split()}
    levels = {r["level"] for r in rows}
    return {"sectors": [(s.id, s["name"]) for s in kb.all("sector") if s.id in sectors],
            "levels": [(lv, label) for lv, label in LEVELS.items() if lv in levels]}
