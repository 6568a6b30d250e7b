"""bench/report.md from bench/results.json and bench/targets.yaml, through bench/report.md.j2.

Python computes (bench_derive, bench_targets); the template only lays out. Numbers are
formatted by the filters below, in French: narrow no-break space between thousands, decimal
comma, Ko/Mo for sizes. Markdown, so no HTML autoescaping.
"""
from __future__ import annotations

import statistics
from pathlib import Path

import jinja2

import bench_derive
import bench_targets

TEMPLATE = Path(__file__).resolve().parent.parent / "bench" / "report.md.j2"
KIB, MIB = 1024, 1024 * 1024
NNBSP = "\u202f"


def nombre(x, d: int = 0) -> str:
    """1234.5 -> '1 234,5' (narrow no-break space, decimal comma); None -> '–'."""
    if x is None:
        return "–"
    return f"{x:,.{d}f}".replace(",", NNBSP).replace(".", ",")


def taille(b) -> str:
    if b is None:
        return "–"
    return f"{nombre(b / MIB, 2)} Mo" if b >= MIB else f"{nombre(b / KIB, 1)} Ko"


def etendue(s: dict | list | None, d: int = 1) -> str:
    """A repeated measure: 'median [min–max]', or the one value."""
    if not s:
        return "–"
    xs = s["runs"] if isinstance(s, dict) else s
    med = statistics.median(xs)
    return nombre(med, d) if len(xs) == 1 else f"{nombre(med, d)} [{nombre(min(xs), d)}–{nombre(max(xs), d)}]"


def mediane(xs, d: int = 0) -> str:
    return nombre(statistics.median(xs), d) if xs else "–"


def phrase(text: str) -> str:
    """A sentence from a measure's note: its first letter upper-case, the rest untouched."""
    return text[:1].upper() + text[1:]


def median(xs):
    return statistics.median(xs) if xs else None


def kio(b):
    return b / KIB


def valeur(x, unit: str) -> str:
    """A target's figure or threshold in its unit (bench/targets.yaml)."""
    if x is None:
        return "–"
    return {"ratio": lambda: f"{nombre(x, 2)} ×", "s": lambda: f"{nombre(x, 2)} s", "ms": lambda: f"{nombre(x)} ms",
            "mib": lambda: f"{nombre(x)} Mio", "bytes": lambda: taille(x), "score": lambda: nombre(x),
            "count": lambda: nombre(x), "cls": lambda: nombre(x, 3)}[unit]()


def environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATE.parent), autoescape=False,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=True)
    env.filters.update(nombre=nombre, taille=taille, etendue=etendue, mediane=mediane, median=median, kio=kio, phrase=phrase,
                       valeur=valeur)
    return env


def render(results: dict, targets: list[dict] | None = None) -> str:
    bench_derive.derive(results)
    verdicts = bench_targets.judge(results, targets if targets is not None else bench_targets.load_targets())
    sizes = [results["sizes"][k] for k in sorted(results.get("sizes", {}), key=int)]
    return environment().get_template(TEMPLATE.name).render(
        r=results, sizes=sizes, targets=verdicts, MET=bench_targets.MET, MISSED=bench_targets.MISSED)
