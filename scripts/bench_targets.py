"""Judge bench/results.json against the one table of targets, bench/targets.yaml.

judge(results, targets) returns one verdict per target: the figure, the size it was measured at,
and « atteint », « non atteint » or « non mesuré ». A target whose size was not measured shows
the figure at the largest size that has it, for information, never judged.
"""
from __future__ import annotations

import operator
from pathlib import Path

import yaml

TARGETS = Path(__file__).resolve().parent.parent / "bench" / "targets.yaml"
COMPARE = {"<=": operator.le, "<": operator.lt, ">=": operator.ge, ">": operator.gt, "==": operator.eq}
FIELDS = {"id", "issue", "label", "metric", "compare", "threshold", "unit", "n"}
UNITS = {"ratio", "s", "ms", "mib", "bytes", "score", "count", "cls"}
MET, MISSED, UNMEASURED = "atteint", "non atteint", "non mesuré"


def load_targets(path: Path = TARGETS) -> list[dict]:
    targets = yaml.safe_load(path.read_text(encoding="utf-8"))
    seen = set()
    for t in targets:  # the table is code: a typo must stop the bench, not skip a target
        if set(t) != FIELDS or t["compare"] not in COMPARE or t["unit"] not in UNITS or t["id"] in seen \
                or not (t["n"] == "each" or isinstance(t["n"], int)):
            raise ValueError(f"{path} : objectif mal formé : {t}")
        seen.add(t["id"])
    return targets


def _figures(results: dict, metric: str) -> dict[int, object]:
    """{n: value} for every size where the metric was measured."""
    if metric.startswith("serve."):
        serve = results.get("serve") or {}
        value = (serve.get("derived") or {}).get(metric.removeprefix("serve."))
        return {serve["n"]: value} if value is not None else {}
    return {s["n"]: s["derived"][metric] for s in (results.get("sizes") or {}).values()
            if metric in s.get("derived", {})}


def judge(results: dict, targets: list[dict]) -> list[dict]:
    out = []
    for t in targets:
        figures = _figures(results, t["metric"])
        ok = COMPARE[t["compare"]]
        verdict = {**t, "value": None, "measured_n": None, "status": UNMEASURED, "per_n": figures}
        if t["n"] == "each":
            if figures:
                # The worst size: the one that fails, or the closest to failing.
                worst = max(figures, key=lambda n: (not ok(figures[n], t["threshold"]),
                                                    -figures[n] if t["compare"] in (">=", ">") else figures[n]))
                verdict.update(value=figures[worst], measured_n=worst,
                               status=MET if all(ok(v, t["threshold"]) for v in figures.values()) else MISSED)
        elif t["n"] in figures:
            verdict.update(value=figures[t["n"]], measured_n=t["n"],
                           status=MET if ok(figures[t["n"]], t["threshold"]) else MISSED)
        elif figures:
            largest = max(figures)
            verdict.update(value=figures[largest], measured_n=largest)
        out.append(verdict)
    return out
