"""Where a build spends its time, for `make bench --profile`: cProfile summaries and the hook's events.

profile_summary() reads a cProfile file into plain rows; HOOK_TIMING_CHILD runs one build with a
timer around each hook event, each core function the hook calls and each template render (real
CPU seconds, no profiler overhead). The report template formats both.
"""
from __future__ import annotations

import pstats
import sysconfig
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

HOOK_TIMING_CHILD = r"""
import json, sys, time, functools
from collections import defaultdict
from mkdocs.config import load_config
from mkdocs.commands.build import build
import mallette.render
spent, calls = defaultdict(float), defaultdict(int)

def timed(key, fn):
    @functools.wraps(fn)
    def wrapper(*a, **kw):
        t = time.process_time()
        try:
            return fn(*a, **kw)
        finally:
            spent[key] += time.process_time() - t
            calls[key] += 1
    return wrapper

# Template renders, when the core renders through Renderer.render(template, ...).
renderer = getattr(mallette.render, "Renderer", None)
render = getattr(renderer, "render", None)
def render_timed(self, template, *a, **kw):
    t = time.process_time()
    try:
        return render(self, template, *a, **kw)
    finally:
        spent["gabarit " + str(template)] += time.process_time() - t
        calls["gabarit " + str(template)] += 1
if render is not None:
    renderer.render = render_timed

t_load = time.process_time()
cfg = load_config(sys.argv[2], site_dir=sys.argv[3])
load_seconds = time.process_time() - t_load
for name, module in (cfg.get("hooks") or {}).items():
    for attr, value in list(vars(module).items()):
        if callable(value) and getattr(value, "__module__", "").startswith("mallette") and not isinstance(value, type):
            setattr(module, attr, timed("  " + attr, value))
    for event, methods in cfg.plugins.events.items():
        cfg.plugins.events[event] = [timed("on_" + event, m) if getattr(m, "__module__", None) == module.__name__ else m
                                     for m in methods]
t0 = time.process_time()
build(cfg)
total = time.process_time() - t0
print(json.dumps({"total": total, "load_config": load_seconds, "spent": spent, "calls": calls}))
"""


_STDLIB = sysconfig.get_paths()["stdlib"]


def _short(file: str) -> str:
    if "site-packages/" in file:
        return file.split("site-packages/", 1)[1]
    if file.startswith(_STDLIB):
        return file[len(_STDLIB):].lstrip("/")
    if file.startswith(str(ROOT)):
        return Path(file).relative_to(ROOT).as_posix()
    return file


def _package(file: str) -> str:
    if "site-packages/" in file:
        return file.split("site-packages/", 1)[1].split("/")[0].removesuffix(".py")
    if file == "~" or file.startswith("<"):
        return "(fonctions intégrées)"
    if file.startswith(str(ROOT)):
        return Path(file).relative_to(ROOT).parts[0]
    return "(bibliothèque standard)"


def _wrapper(r: dict) -> bool:
    """Frames that only wrap the whole run (interpreter, click, runpy)."""
    return (_package(r["file"]) == "click" or "runpy" in r["file"] or r["func"] == "<module>"
            or r["func"].startswith("<built-in method builtins.exec"))


def profile_summary(path: Path, project_files: tuple = ("mallette/", "hooks/"), top: int = 15) -> dict:
    st = pstats.Stats(str(path))
    rows = []
    for (file, line, func), (cc, nc, tt, ct, callers) in st.stats.items():
        rows.append({"file": file, "where": f"{_short(file)}:{line}" if line else _short(file),
                     "func": func, "calls": nc, "tottime": tt, "cumtime": ct,
                     # who spends this function's own time: (caller, seconds), most first
                     "callers": sorted(((f"{c[2]} ({_short(c[0])}:{c[1]})", v[2]) for c, v in callers.items()),
                                       key=lambda x: -x[1])[:3]})
    total = st.total_tt
    packages: dict[str, float] = {}
    for r in rows:
        packages[_package(r["file"])] = packages.get(_package(r["file"]), 0.0) + r["tottime"]
    own = [r for r in rows if _short(r["file"]).startswith(project_files)]
    return {
        "total": total,
        "project_cumulative": sorted(own, key=lambda r: -r["cumtime"])[:top],
        "overall_cumulative": sorted([r for r in rows if not _wrapper(r)], key=lambda r: -r["cumtime"])[:top + 5],
        "overall_tottime": sorted(rows, key=lambda r: -r["tottime"])[:top],
        "packages": sorted(packages.items(), key=lambda kv: -kv[1])[:12],
    }

