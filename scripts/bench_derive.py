"""The figures targets are judged on, computed from the raw measures of results.json.

derive(results) adds `derived` to each corpus size (sizes.<n>.derived) and to the serve measure:
flat names (site_vs_plain_cpu, map_page_ms…) that bench/targets.yaml and the report template
read. Pure and idempotent: `bench.py --report-only` runs it again on an existing results.json,
so a results file written before a new figure existed still renders.
"""
from __future__ import annotations

import statistics

from bench_browser import TIMEOUT_MS


def _median(xs):
    xs = [x for x in xs or [] if x is not None]
    return statistics.median(xs) if xs else None


def _ratio(a, b):
    return a / b if a is not None and b else None


def _build(size: dict, kind: str, what: str, agg: str = "median"):
    b = (size.get("builds") or {}).get(kind) or {}
    return (b.get(what) or {}).get(agg)


def _browser(b: dict, n: int) -> dict:
    """Map, explorer, page weights and search, from bench_browser.measure's output."""
    out: dict = {}
    if not b or b.get("skipped"):
        return out
    m = b.get("map") or {}
    if m.get("runs") and not m.get("error"):
        complete = bool(m.get("page_ms")) and m.get("complete", 0) == m["runs"] \
            and all(c == n for c in m.get("cases", []))
        out["map_complete"] = complete
        # A map that never shows every case ran until the browser's time limit.
        out["map_page_ms"] = _median(m["page_ms"]) if complete else TIMEOUT_MS
        out["map_document_ms"] = _median(m.get("document_ms"))
    e = b.get("explorer") or {}
    if e.get("steps") and not e.get("error"):
        worst = max(e["steps"].items(), key=lambda kv: _median(kv[1]["ms"]))
        out["explorer_worst_step"] = worst[0]
        out["explorer_worst_step_ms"] = _median(worst[1]["ms"])
        out["explorer_max_step_ms"] = max(x for v in e["steps"].values() for x in v["ms"])
        out["explorer_ready_ms"] = _median(e.get("ready_ms"))
        out["explorer_cls_max"] = max(e["cls"]) if e.get("cls") else None
    pages = b.get("pages") or {}
    # Judged only when every page was weighed: a page that never got ready may be the heaviest.
    # Results of earlier benches (before #18's weigh step: "bytes", "gzip") are not judged again.
    if pages and not pages.get("error") and all("transferred" in w for w in pages.values()):
        # Transferred: as a static host sends them, compressed (bench_browser.serve_compressed).
        heaviest = max(pages.values(), key=lambda w: w["transferred"])
        raw = max(pages.values(), key=lambda w: w["raw"])
        out.update(page_heaviest=heaviest["path"], page_heaviest_transferred=heaviest["transferred"],
                   page_raw_heaviest=raw["path"], page_raw_heaviest_bytes=raw["raw"])
    q = (b.get("search") or {}).get("queries") or {}
    if q:
        out["search_files_before_focus"] = len({f for d in q.values() for f in d["before_search_files"]})
        out["search_page_before_bytes"] = max(_median(d["before_bytes"]) for d in q.values())
        size_q = max(q, key=lambda k: _median(q[k]["first_bytes"]))
        out["search_first_bytes"], out["search_first_bytes_query"] = _median(q[size_q]["first_bytes"]), size_q
        time_q = max(q, key=lambda k: _median(q[k]["ms"]))
        out["search_ms"], out["search_ms_query"] = _median(q[time_q]["ms"]), time_q
    return out


def _lighthouse(lh: dict) -> dict:
    """The lowest performance score (0–100) over the pages scripts/bench_lighthouse.py audited:
    each page's median run; a page whose every run failed counts as 0."""
    pages = (lh or {}).get("pages") or []
    if not pages or lh.get("skipped"):
        return {}
    scores = {p["page"]: (p.get("mediane") or {}).get("score", 0) for p in pages}
    worst = min(scores, key=scores.get)
    return {"lighthouse_min_performance": scores[worst], "lighthouse_worst_page": worst,
            "lighthouse_scores": scores}


def derive(results: dict) -> dict:
    for key, size in (results.get("sizes") or {}).items():
        n = size.get("n", int(key))
        site, ref, plain = (_build(size, k, "cpu_s") for k in ("site", "reference", "plain"))
        site_w, ref_w, plain_w = (_build(size, k, "wall_s") for k in ("site", "reference", "plain"))
        s = size.get("site") or {}
        d = {
            "site_cpu_s": site, "site_wall_s": site_w, "reference_cpu_s": ref, "plain_cpu_s": plain,
            "site_peak_mib": _build(size, "site", "peak_mib", "max"),
            "reference_peak_mib": _build(size, "reference", "peak_mib", "max"),
            "plain_peak_mib": _build(size, "plain", "peak_mib", "max"),
            "site_vs_plain_cpu": _ratio(site, plain), "site_vs_plain_wall": _ratio(site_w, plain_w),
            "site_vs_reference_cpu": _ratio(site, ref), "site_vs_reference_wall": _ratio(site_w, ref_w),
            "reference_vs_plain_cpu": _ratio(ref, plain),
            "validation_cpu_s": ((size.get("validation") or {}).get("cpu_s") or {}).get("median"),
            "validation_peak_mib": ((size.get("validation") or {}).get("peak_mib") or {}).get("max"),
            "largest_page_bytes": s.get("largest_bytes"), "largest_page": s.get("largest_page"),
            "case_page_max_bytes": s.get("case_max_bytes"),
        }
        d.update(_browser(size.get("browser") or {}, n))
        d.update(_lighthouse(size.get("lighthouse") or {}))
        size["derived"] = {k: v for k, v in d.items() if v is not None}
    # Growth from one size to the next (CPU), site and plain pages.
    sizes = sorted((results.get("sizes") or {}).values(), key=lambda s: s["n"])
    for a, b in zip(sizes, sizes[1:]):
        da, db = a["derived"], b["derived"]
        if da.get("site_cpu_s") and db.get("site_cpu_s"):
            db["site_growth_cpu"] = db["site_cpu_s"] / da["site_cpu_s"]
            db["growth_from_n"] = a["n"]
    serve = results.get("serve") or {}
    if serve.get("rebuild_s"):
        serve["derived"] = {"rebuild_s": _median(serve["rebuild_s"]), "rebuild_max_s": max(serve["rebuild_s"]),
                            "first_build_s": serve.get("first_build_s")}
    return results
