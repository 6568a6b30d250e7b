"""What a built site weighs, read from its files: `make bench` compares the site with its baselines.

Sizes only (bytes, counts); what a reader downloads is measured in the browser (bench_browser).
"""
from __future__ import annotations

import statistics
from pathlib import Path

MAP_WORDS = ("carte", "cartes", "map", "maps")
EXPLORER_WORDS = ("explorer", "explorateur", "explorer-data")


def site_metrics(site: Path, case_ids: list[str]) -> dict:
    files = {p.relative_to(site).as_posix(): p.stat().st_size for p in site.rglob("*") if p.is_file()}
    html = {k: v for k, v in files.items() if k.endswith(".html")}
    largest = max(html, key=lambda k: (html[k], k))
    case_pages = [f"cas/{cid}/index.html" for cid in case_ids if f"cas/{cid}/index.html" in files]
    case_sizes = [files[k] for k in case_pages]
    case_max_page = max(case_pages, key=lambda k: (files[k], k)) if case_pages else ""
    articles = []
    for k in case_pages:  # the page's own content, without the theme around it
        html_text = (site / k).read_bytes()
        a, b = html_text.find(b"<article"), html_text.rfind(b"</article>")
        if a >= 0 and b > a:
            articles.append(b - a)
    n = len(case_ids)
    # The search index (Pagefind): everything under pagefind/; a reader downloads only the parts
    # of it a query needs (measured in the browser). Fragments: one per indexed page (its excerpt text).
    search = sum(v for k, v in files.items() if k.startswith("pagefind/"))
    search_cases = sum(v for k, v in files.items() if k.startswith("pagefind/fragment/"))
    # Material's lunr search (the plain-pages baseline): one index every page downloads whole.
    lunr = files.get("search/search_index.json", 0)

    def data_files(words) -> dict:
        out = {}
        for k, v in files.items():
            parts = k.lower().split("/")
            if parts[0] in ("pagefind", "assets") or not k.endswith((".json", ".geojson")):
                continue
            if any(w in part for part in parts for w in words):
                out[k] = v
        return out

    def per_case(words, page_dir: str) -> dict:
        found = data_files(words)
        if found:
            return {"bytes": sum(found.values()), "per_case": sum(found.values()) / n, "files": sorted(found),
                    "embedded": False}
        page = f"{page_dir}/index.html"
        if page in files:  # data written inside the page itself: count the whole page (upper bound)
            return {"bytes": files[page], "per_case": files[page] / n, "files": [page], "embedded": True}
        return {}

    return {
        "total_bytes": sum(files.values()),
        "files": len(files),
        "html_pages": len(html),
        "largest_page": largest,
        "largest_bytes": html[largest],
        "case_pages": len(case_sizes),
        "case_median_bytes": statistics.median(case_sizes) if case_sizes else 0,
        "case_max_bytes": max(case_sizes) if case_sizes else 0,
        "case_max_page": case_max_page,
        "case_article_median_bytes": statistics.median(articles) if articles else 0,
        "search_bytes": search,
        "search_per_case": search / n if n else 0,
        "search_case_entries_per_case": search_cases / n if n else 0,
        "lunr_bytes": lunr,
        "exports": {k: v for k, v in files.items() if k.startswith("donnees/") and not k.endswith(".html")},
        "map": per_case(MAP_WORDS, "carte"),
        "explorer": per_case(EXPLORER_WORDS, "explorer"),
    }

