#!/usr/bin/env python3
"""Where a build's memory goes: `python scripts/bench_memory.py PROJECT [--tracemalloc]`.

One `mkdocs build` in this process, the resident memory (VmRSS, and the peak VmHWM) read after
each hook event: after on_config (content validated, pages and data rendered), on_files, every
500th page, and at the end. With --tracemalloc, the live Python allocations at on_post_build
(all pages built, nothing freed yet), or after on_config with `--at config` (then the build
stops there), grouped by the line that made them: slower (about 2×), so use it on a few thousand
cases. Prints JSON on stdout.
"""
from __future__ import annotations

import argparse
import functools
import json
import shutil
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path


def rss() -> dict:
    out = {}
    for line in open("/proc/self/status"):
        if line.startswith(("VmRSS:", "VmHWM:")):
            out[line.split(":")[0]] = int(line.split()[1]) / 1024
    return out


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("project", type=Path)
    p.add_argument("--tracemalloc", action="store_true")
    p.add_argument("--top", type=int, default=25)
    p.add_argument("--at", choices=["config", "post_build"], default="post_build",
                   help="où prendre l'instantané de tracemalloc")
    args = p.parse_args(argv)
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    marks: list = []
    pages = {"n": 0}
    traced: dict = {}

    def mark(label):
        marks.append({"label": label, "t": time.process_time(), **rss()})

    if args.tracemalloc:
        tracemalloc.start(1)
    site = Path(tempfile.mkdtemp(prefix="mallette-mem-"))
    cfg = load_config(str(args.project / "mkdocs.yml"), site_dir=str(site))
    mark("load_config")

    def snapshot():
        snap = tracemalloc.take_snapshot()
        stats = snap.statistics("lineno")
        traced["total_mib"] = sum(s.size for s in stats) / 2 ** 20
        traced["top"] = [{"where": str(s.traceback[0]), "mib": s.size / 2 ** 20, "blocks": s.count}
                         for s in stats[:args.top]]
        traced["by_file"] = [{"file": str(s.traceback[0].filename), "mib": s.size / 2 ** 20}
                             for s in snap.statistics("filename")[:args.top]]

    def wrap(event, fn):
        @functools.wraps(fn)
        def wrapper(*a, **kw):
            if event == "post_build":
                mark("avant on_post_build")
                if args.tracemalloc and args.at == "post_build":
                    snapshot()
            out = fn(*a, **kw)
            if event == "config" and args.tracemalloc and args.at == "config":
                mark("après on_config")
                snapshot()
                print(json.dumps({"pages": 0, "marks": marks, "tracemalloc": traced}, ensure_ascii=False, indent=1))
                raise SystemExit(0)
            if event == "post_page":
                pages["n"] += 1
                if pages["n"] == 1 or pages["n"] % 500 == 0:
                    mark(f"page {pages['n']}")
            elif event != "page_markdown" and event != "page_content" and event != "post_template":
                mark(f"après on_{event}")
            return out
        return wrapper

    # With tracemalloc: each core function the hook calls, its peak of new allocations
    # (transient included) and what it leaves allocated when it returns.
    calls: dict = {}

    def traced_call(name, fn):
        @functools.wraps(fn)
        def wrapper(*a, **kw):
            before = tracemalloc.get_traced_memory()[0]
            tracemalloc.reset_peak()
            out = fn(*a, **kw)
            now, peak = tracemalloc.get_traced_memory()
            calls[name] = {"peak_mib": (peak - before) / 2 ** 20, "kept_mib": (now - before) / 2 ** 20}
            return out
        return wrapper

    if args.tracemalloc:
        for module in (cfg.get("hooks") or {}).values():
            for attr, value in list(vars(module).items()):
                if callable(value) and getattr(value, "__module__", "").startswith("mallette") \
                        and not isinstance(value, type):
                    setattr(module, attr, traced_call(attr, value))
        traced["calls"] = calls
    for event, methods in cfg.plugins.events.items():
        cfg.plugins.events[event] = [wrap(event, m) for m in methods]
    try:
        build(cfg)
    finally:
        shutil.rmtree(site, ignore_errors=True)
    mark("fin")
    print(json.dumps({"pages": pages["n"], "marks": marks, "tracemalloc": traced}, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
