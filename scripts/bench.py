#!/usr/bin/env python3
"""Measure how the e-mallette scales with the number of cases: `make bench`.

For each corpus size N (synthetic cases, see scripts/bench_corpus.py), in a temporary folder:
  1. validation alone (mallette.model.validate in a fresh subprocess): wall time, peak memory;
  2. the full site build (mkdocs --strict with the hook) against a baseline: mkdocs-material
     building the same generated pages written once as plain Markdown, without any hook, then
     indexed by the same Pagefind (the full build runs it from its hook);
  3. the built site: total size, largest page, case pages, search index, map and explorer data;
  4. at the largest N, that site in headless Chromium (scripts/bench_browser.py): the overview
     map's clusters, the explorer's reaction to filter changes, and the search's bytes and time
     to results for four queries (--no-browser: skipped).
Writes bench/report.md and bench/build-time.png and prints the tables.

Exit status: 0 done (targets met or not), 2 usage error, 3 a build or the validation failed.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import pstats
import shlex
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import bench_browser
import bench_corpus

ROOT = Path(__file__).resolve().parent.parent

EPOCH = "1700000000"
KIB, MIB = 1024, 1024 * 1024

# Runs in a fresh interpreter: its own peak RSS is the validation's, nothing else's.
VALIDATE_CHILD = r"""
import json, resource, sys, time
def hwm():
    # VmHWM: peak RSS of this process image only (ru_maxrss also counts the parent's before exec).
    try:
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t0 = time.perf_counter()
from pathlib import Path
from mallette.model import validate
from mallette.schema import Schemas
t1 = time.perf_counter()
c1 = time.process_time()
profile = sys.argv[3] if len(sys.argv) > 3 else ""
if profile:
    import cProfile
    prof = cProfile.Profile()
    prof.enable()
kb, report = validate(Path(sys.argv[2]), Schemas())
t2 = time.perf_counter()
c2 = time.process_time()
if profile:
    prof.disable()
    prof.dump_stats(profile)
print(json.dumps({
    "seconds": t2 - t1, "cpu_seconds": c2 - c1, "import_seconds": t1 - t0,
    "cases": len(kb.entries["case"]) if kb else 0,
    "errors": len(report.errors), "report": report.format()[:4000] if report else "",
    "maxrss_kib": hwm(),
}))
"""


# Runs the full build in-process with timers around each hook event, around the mallette
# functions the hook calls, and around each template render: real seconds, no profiler overhead.
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

render = mallette.render.Renderer.render
def render_timed(self, template, *a, **kw):
    t = time.process_time()
    try:
        return render(self, template, *a, **kw)
    finally:
        spent["gabarit " + template] += time.process_time() - t
        calls["gabarit " + template] += 1
mallette.render.Renderer.render = render_timed

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


# --- running things -----------------------------------------------------------------------

@dataclass
class Run:
    seconds: float  # wall clock
    maxrss_kib: int
    returncode: int
    output: str
    cpu_seconds: float = 0.0  # user + system, the command and its children


GNU_TIME = "/usr/bin/time"


def run_measured(cmd: list[str], log: Path, env: dict | None = None) -> Run:
    """Run a command; wall time and its own peak RSS, output in a file.

    The peak comes from GNU time (%M), which forks the command from a tiny process: Linux keeps
    the parent's high-water mark across fork/vfork + exec in ru_maxrss, so a child started
    directly from this (large) process would report at least our own size. Without GNU time,
    os.wait4 gives an upper bound.
    """
    with open(log, "wb") as out:
        rss_file = log.with_suffix(".rss")
        wrapped = [GNU_TIME, "-f", "%M", "-o", str(rss_file), *cmd] if os.access(GNU_TIME, os.X_OK) else cmd
        t0 = time.perf_counter()
        p = subprocess.Popen(wrapped, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=ROOT)
        _, status, usage = os.wait4(p.pid, 0)
        seconds = time.perf_counter() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
    maxrss = usage.ru_maxrss
    if wrapped is not cmd and rss_file.exists():
        try:
            maxrss = int(rss_file.read_text().strip().splitlines()[-1])
        except (ValueError, IndexError):
            pass
    return Run(seconds, maxrss, p.returncode, log.read_text(encoding="utf-8", errors="replace"),
               usage.ru_utime + usage.ru_stime)


def build_env() -> dict:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": EPOCH, "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("MALLETTE_REPO_URL", None)  # no edit links: both builds render the same pages
    return env


def mkdocs_cmd(config: Path, site: Path, profile: Path | None = None) -> list[str]:
    pre = ["-m", "cProfile", "-o", str(profile)] if profile else []
    return [sys.executable, *pre, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config), "-d", str(site)]


class Failed(Exception):
    pass


def build(config: Path, site: Path, log: Path, index: bool = False) -> Run:
    """index: run Pagefind on the built site in the same measured command (the reference: the
    full build runs it from its hook)."""
    if site.exists():
        shutil.rmtree(site)
    cmd = mkdocs_cmd(config, site)
    if index:
        from mallette.search_index import pagefind_executable
        cmd = ["sh", "-c", shlex.join(cmd) + " && " + shlex.join([str(pagefind_executable()), "--site", str(site), "--silent"])]
    r = run_measured(cmd, log, build_env())
    if r.returncode != 0:
        raise Failed(f"La construction de {config} a échoué :\n{r.output[-4000:]}")
    return r


def validation(project: Path, log: Path, profile: Path | None = None) -> dict:
    cmd = [sys.executable, "-c", VALIDATE_CHILD, str(ROOT), str(project)] + ([str(profile)] if profile else [])
    r = run_measured(cmd, log, build_env())
    if r.returncode != 0:
        raise Failed(f"La validation a échoué :\n{r.output[-4000:]}")
    data = json.loads(r.output.strip().splitlines()[-1])
    if data["errors"]:
        raise Failed(f"Le corpus synthétique n'est pas valide :\n{data['report']}")
    data["process_seconds"] = r.seconds
    return data


# --- the baseline: the same pages as static Markdown, no hook ------------------------------

def make_baseline(project: Path, dest: Path) -> int:
    """dest/mkdocs.yml + dest/docs: every file the hook hands to mkdocs, written once to disk.

    The hook runs once here (on_config, on_files) and each Markdown page goes through its
    on_page_markdown (glossary abbreviations, typography); the pages, data files and assets it
    generates become plain files. The baseline config keeps the theme, markdown_extensions,
    plugins and nav, without hooks, so mkdocs-material renders the same HTML without the hook.
    Returns the number of Markdown pages.
    """
    from types import SimpleNamespace

    import yaml
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files
    from mkdocs.utils.meta import get_data
    from mkdocs.utils.yaml import yaml_load

    with open(project / "mkdocs.yml", encoding="utf-8") as f:
        raw = yaml_load(f)
    cfg = load_config(str(project / "mkdocs.yml"), site_dir=str(dest / "unused-site"))
    hooks = list((cfg.get("hooks") or {}).values())
    cfg = cfg.plugins.on_config(cfg)
    files = cfg.plugins.on_files(get_files(cfg), config=cfg)
    docs = dest / "docs"
    count = 0
    for f in files:
        target = docs / f.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        if not f.is_documentation_page():
            target.write_bytes(f.content_bytes)
            continue
        text = f.content_string
        body, meta = get_data(text)
        head = text[: len(text) - len(body)] if body and text.endswith(body) else ""
        page = SimpleNamespace(file=f, meta=meta, url=f.url, title=meta.get("title"))
        for h in hooks:
            if hasattr(h, "on_page_markdown"):
                body = h.on_page_markdown(body, page=page, config=cfg, files=files) or body
        target.write_text(head + body, encoding="utf-8")
        count += 1
    for name in ("overrides",):
        if (project / name).exists():
            os.symlink((project / name).resolve(), dest / name)
    raw["docs_dir"] = "docs"
    for key in ("hooks", "watch", "site_dir"):
        raw.pop(key, None)
    # The hook keeps the detail pages out of the nav; say the same thing statically.
    raw["not_in_nav"] = "/*/*.md\n!/*/index.md\n"
    raw["nav"] = _existing_nav(raw.get("nav") or [], docs)
    (dest / "mkdocs.yml").write_text(yaml.dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return count


def baseline_in_child(project: Path, dest: Path, log: Path) -> int:
    """make_baseline in a fresh process: the hook's state does not stay in this one."""
    code = ("import sys; from pathlib import Path; import bench; "
            "print(bench.make_baseline(Path(sys.argv[2]), Path(sys.argv[3])))")
    # The child imports this script as a module: its folder on the child's PYTHONPATH.
    env = {**build_env(), "PYTHONPATH": str(Path(__file__).resolve().parent)}
    r = run_measured([sys.executable, "-c", code, str(Path(__file__).resolve().parent), str(project), str(dest)],
                     log, env)
    if r.returncode != 0:
        raise Failed(f"La préparation de la référence a échoué :\n{r.output[-4000:]}")
    return int(r.output.strip().splitlines()[-1])


def _existing_nav(nav: list, docs: Path) -> list:
    """The nav, without entries whose page the baseline does not have (pages made outside build_pages)."""
    out = []
    for item in nav:
        if isinstance(item, dict):
            (title, value), = item.items()
            if isinstance(value, list):
                sub = _existing_nav(value, docs)
                if sub:
                    out.append({title: sub})
            elif isinstance(value, str) and ("://" in value or (docs / value).exists()):
                out.append(item)
        elif isinstance(item, str) and ("://" in item or (docs / item).exists()):
            out.append(item)
    return out


# --- the built site -----------------------------------------------------------------------

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
        "exports": {k: v for k, v in files.items() if k.startswith("donnees/") and not k.endswith(".html")},
        "map": per_case(MAP_WORDS, "carte"),
        "explorer": per_case(EXPLORER_WORDS, "explorer"),
    }


# --- profiling ----------------------------------------------------------------------------

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


def _hook_timing_md(t: dict, last) -> list[str]:
    spent, calls = t["spent"], t["calls"]
    events = sorted((k for k in spent if k.startswith("on_")), key=lambda k: -spent[k])
    inner = sorted((k for k in spent if k.startswith("  ")), key=lambda k: -spent[k])
    templates = sorted((k for k in spent if k.startswith("gabarit ")), key=lambda k: -spent[k])
    hook = sum(spent[k] for k in events)
    lines = [f"#### Crochet, chronométré sans profileur (temps CPU) — construction de {_f(t['total'])} s, "
             f"crochet {_f(hook)} s ({100 * hook / t['total']:.0f} %)", "",
             f"Écart mesuré plus haut entre construction et référence à {_fmt_n(last.n)} cas : "
             f"{_f(last.full_cpu - last.ref_cpu)} s de CPU.", "",
             "| Étape | Appels | Temps CPU (s) |", "| --- | ---: | ---: |"]
    if "load_config" in t:
        lines.append(f"| `load_config` avant la construction (imports du crochet compris, hors total) | 1 | "
                     f"{_f(t['load_config'], 2)} |")
    lines += [f"| événement `{k}` | {calls[k]} | {_f(spent[k], 2)} |" for k in events]
    lines += [f"| dans le crochet : `{k.strip()}` | {calls[k]} | {_f(spent[k], 2)} |" for k in inner]
    lines += [f"| rendu Jinja `{k.removeprefix('gabarit ')}` | {calls[k]} | {_f(spent[k], 2)} |" for k in templates]
    return lines + [""]


def _profile_md(title: str, s: dict) -> list[str]:
    def table(rows):
        out = ["| Fonction | Où | Appels | Cumulé (s) | Propre (s) |", "| --- | --- | ---: | ---: | ---: |"]
        for r in rows:
            out.append(f"| `{r['func']}` | `{r['where']}` | {r['calls']} | {_f(r['cumtime'], 2)} | {_f(r['tottime'], 2)} |")
        return out

    lines = [f"#### {title} — {_f(s['total'])} s sous cProfile", "",
             "Fonctions du projet (`mallette/`, `hooks/`), par temps cumulé :", ""]
    lines += table(s["project_cumulative"])
    lines += ["", "Toutes fonctions (hors enveloppes click/runpy), par temps cumulé :", ""]
    lines += table(s["overall_cumulative"])
    lines += ["", "Toutes fonctions, par temps propre :", ""]
    lines += table(s["overall_tottime"])
    hot = [r for r in s["overall_tottime"][:6] if r["file"] == "~" and r.get("callers")]
    if hot:
        lines += ["", "Qui appelle les fonctions intégrées les plus coûteuses :", ""]
        lines += [f"- `{r['func']}` : " + ", ".join(f"`{c}` {_f(t, 2)} s" for c, t in r["callers"]) for r in hot]
    lines += ["", "Temps propre par paquet : " + ", ".join(f"{p} {_f(t)} s ({100 * t / s['total']:.0f} %)"
                                                          for p, t in s["packages"]) + ".", ""]
    return lines


@dataclass
class Result:
    n: int
    real: int
    validation: list = field(default_factory=list)
    full: list = field(default_factory=list)
    ref: list = field(default_factory=list)
    site: dict = field(default_factory=dict)
    ref_site: dict = field(default_factory=dict)
    browser: dict = field(default_factory=dict)  # bench_browser.measure, largest N only

    def med(self, runs: list, attr: str = "seconds") -> float:
        return statistics.median(getattr(r, attr) if not isinstance(r, dict) else r[attr] for r in runs)

    @property
    def full_s(self) -> float:
        return self.med(self.full)

    @property
    def ref_s(self) -> float:
        return self.med(self.ref)

    @property
    def ratio(self) -> float:
        return self.full_s / self.ref_s

    @property
    def full_cpu(self) -> float:
        return self.med(self.full, "cpu_seconds")

    @property
    def ref_cpu(self) -> float:
        return self.med(self.ref, "cpu_seconds")

    @property
    def ratio_cpu(self) -> float:
        return self.full_cpu / self.ref_cpu

    @property
    def val_cpu(self) -> float:
        return self.med(self.validation, "cpu_seconds")

    @property
    def val_s(self) -> float:
        return self.med(self.validation)

    @property
    def val_process_s(self) -> float:
        return self.med(self.validation, "process_seconds")

    @property
    def val_mib(self) -> float:
        return max(v["maxrss_kib"] for v in self.validation) / KIB

    @property
    def full_mib(self) -> float:
        return max(r.maxrss_kib for r in self.full) / KIB


OK, KO, NA = "atteint", "non atteint", "n/a"


def evaluate(results: list[Result]) -> list[tuple[str, str, str]]:
    """(target, measured, status) for each target of the issue."""
    by = {r.n: r for r in results}
    out = []
    for n in (1000, 5000):
        label = f"Construction complète ≤ 1,10 × référence à {_fmt_n(n)} cas"
        if n in by:
            r = by[n]
            out.append((label, f"CPU {_f(r.ratio_cpu, 2)} × ({_f(r.full_cpu)} s contre {_f(r.ref_cpu)} s) ; "
                               f"mur {_f(r.ratio, 2)} ×", OK if r.ratio_cpu <= 1.10 else KO))
        else:
            out.append((label, "taille non mesurée", NA))
    label = "Temps à 5 000 cas ≤ 5,5 × temps à 1 000 cas".replace(" 000", "\u202f000")
    if 1000 in by and 5000 in by:
        k = by[5000].full_cpu / by[1000].full_cpu
        out.append((label, f"CPU {_f(k, 2)} × ({_f(by[5000].full_cpu)} s contre {_f(by[1000].full_cpu)} s) ; "
                           f"mur {_f(by[5000].full_s / by[1000].full_s, 2)} ×", OK if k <= 5.5 else KO))
    else:
        out.append((label, "tailles non mesurées", NA))
    if 5000 in by:
        r = by[5000]
        out.append((f"Validation de {_fmt_n(5000)} cas < 5 s",
                    f"CPU {_f(r.val_cpu, 2)} s ; mur {_f(r.val_s, 2)} s (processus entier, imports compris : "
                    f"{_f(r.val_process_s, 2)} s)", OK if r.val_cpu < 5 else KO))
        out.append((f"Validation de {_fmt_n(5000)} cas < 500 Mio", f"{r.val_mib:.0f} Mio", OK if r.val_mib < 500 else KO))
    else:
        out.append((f"Validation de {_fmt_n(5000)} cas < 5 s et < 500 Mio", "taille non mesurée", NA))
    biggest = max(results, key=lambda r: r.site["largest_bytes"])
    out.append(("Aucune page HTML de plus de 300 Ko, quel que soit N",
                " / ".join(f"{_f(r.site['largest_bytes'] / KIB)} Ko à {_fmt_n(r.n)} (`{r.site['largest_page']}`)"
                           for r in results), OK if biggest.site["largest_bytes"] <= 300 * KIB else KO))
    worst = max(results, key=lambda r: r.site["case_max_bytes"])
    out.append(("Page de cas < 40 Ko de HTML quel que soit N",
                f"max {_f(worst.site['case_max_bytes'] / KIB)} Ko (à N = {_fmt_n(worst.n)}, "
                f"`{worst.site['case_max_page']}`) ; médianes "
                + " / ".join(_f(r.site["case_median_bytes"] / KIB) for r in results) + " Ko",
                OK if worst.site["case_max_bytes"] < 40 * KIB else KO))
    big = [r for r in results if r.n >= 1000] or results
    s = max(r.site["search_per_case"] for r in big)
    out.append((f"Index de recherche < 2 Ko par cas (jugé à N ≥ {_fmt_n(big[0].n)})",
                " / ".join(f"{_f(r.site['search_per_case'] / KIB, 2)} Ko à {_fmt_n(r.n)}" for r in big),
                OK if s < 2 * KIB else KO))
    for key, label, limit, absent in (("map", "Données de carte < 100 o par cas", 100, "n/a (pas encore de carte)"),
                                      ("explorer", "Données de l'explorateur < 400 o par cas", 400,
                                       "n/a (pas encore d'explorateur)")):
        if any(r.site[key] for r in big):
            worst_pc = max(r.site[key].get("per_case", 0) for r in big)
            emb = any(r.site[key].get("embedded") for r in big)
            out.append((f"{label} (jugé à N ≥ {_fmt_n(big[0].n)})",
                        " / ".join(f"{r.site[key].get('per_case', 0):.0f} o à {_fmt_n(r.n)}" for r in big)
                        + (" (données dans la page)" if emb else ""), OK if worst_pc < limit else KO))
        else:
            out.append((label, absent, NA))
    return out + browser_targets(results[-1])


def _count(k: int, one: str, many: str) -> str:
    return f"{_fmt_n(k)} {one if k < 2 else many}"


def _ms_span(xs: list[float], d: int = 0) -> str:
    return f"{_f(statistics.median(xs), d)} [{_f(min(xs), d)}–{_f(max(xs), d)}]"


def browser_targets(r: Result) -> list[tuple[str, str, str]]:
    """The two promises measured in Chromium, on the largest N's site."""
    b = r.browser
    map_label = f"Carte : regroupements affichés en moins de 1 s à {_fmt_n(5000)} cas"
    exp_label = "Explorateur : réaction à un filtre en moins de 100 ms"
    if not b or b.get("skipped"):
        why = (b or {}).get("skipped", "non mesuré")
        return [(map_label, why, NA), (exp_label, why, NA)] + search_targets(r)
    out = []
    m = b.get("map") or {}
    if m.get("error") or not m.get("page_ms") or m["complete"] < m["runs"] or any(c != r.n for c in m["cases"]):
        what = (f"mesure impossible ({m['error']})" if m.get("error") else
                f"cas comptés sur la carte en {bench_browser.TIMEOUT_MS // 1000} s au plus : "
                + " / ".join(_fmt_n(c) for c in m.get("cases", [])))
        out.append((map_label, f"à {_fmt_n(r.n)} cas, {what}", KO))
    else:
        med = statistics.median(m["page_ms"])
        text = (f"{_f(med / 1000, 2)} s depuis l'ouverture de `/carte/` (dont le cadre `carte/carte.html`, depuis son propre chargement : "
                f"{_f(statistics.median(m['document_ms']) / 1000, 2)} s), à {_fmt_n(r.n)} cas, "
                f"{_fmt_n(r.n)} cas comptés sur la carte")
        if r.n >= 5000:
            out.append((map_label, text, OK if med < 1000 else KO))
        else:
            out.append((map_label, text + f" (jugé à {_fmt_n(5000)} cas : taille non mesurée)", NA))
    e = b.get("explorer") or {}
    if e.get("error") or not e.get("steps"):
        out.append((exp_label, f"à {_fmt_n(r.n)} cas, mesure impossible ({e.get('error', 'aucune mesure')})", KO))
    else:
        label, worst = max(((k, statistics.median(v["ms"])) for k, v in e["steps"].items()), key=lambda kv: kv[1])
        top = max(x for v in e["steps"].values() for x in v["ms"])
        out.append((exp_label, f"pire médiane {_f(worst, 0)} ms (« {label} »), maximum {_f(top, 0)} ms, "
                               f"à {_fmt_n(r.n)} cas", OK if worst < 100 else KO))
        judged = r.n >= 20000
        note = "" if judged else f" (jugé à {_fmt_n(20000)} cas : taille non mesurée)"
        if e.get("ready_ms"):
            med = statistics.median(e["ready_ms"])
            out.append(("Explorateur utilisable en 1,5 s au plus après l'ouverture",
                        f"{_f(med / 1000, 2)} s (médiane ; max {_f(max(e['ready_ms']) / 1000, 2)} s) à {_fmt_n(r.n)} cas" + note,
                        (OK if med <= 1500 else KO) if judged else NA))
        if e.get("cls"):
            out.append(("Explorateur : décalage de mise en page (CLS) ≤ 0,1 quand le script prend la main",
                        f"max {_f(max(e['cls']), 3)} à {_fmt_n(r.n)} cas", OK if max(e["cls"]) <= 0.1 else KO))
    pages = b.get("pages") or {}
    if pages and not pages.get("error"):
        name, heaviest = max(pages.items(), key=lambda kv: kv[1]["bytes"])
        judged = r.n >= 20000
        out.append(("Page, ses scripts et ses données ≤ 1 Mo transférés (thème et recherche à part)",
                    f"la plus lourde : `{heaviest['path']}` {_f(heaviest['bytes'] / MIB, 2)} Mo non compressés, "
                    f"{_f(heaviest['gzip'] / MIB, 2)} Mo compressés (gzip), à {_fmt_n(r.n)} cas"
                    + ("" if judged else f" (jugé à {_fmt_n(20000)} cas : taille non mesurée)"),
                    (OK if heaviest["bytes"] <= MIB else KO) if judged else NA))
    return out + search_targets(r)



SEARCH_N = 20000  # the search's size and time promises are made at this many cases


def search_targets(r: Result) -> list[tuple[str, str, str]]:
    """The search's three promises (Pagefind, recherche.js), on the largest N's site."""
    b = r.browser
    labels = ("Recherche : rien de la recherche téléchargé avant que le lecteur ne touche au champ",
              f"Recherche : première requête ≤ 500 Ko transférés à {_fmt_n(SEARCH_N)} cas",
              f"Recherche : résultats affichés ≤ 300 ms après la dernière touche à {_fmt_n(SEARCH_N)} cas")
    if not b or b.get("skipped"):
        why = (b or {}).get("skipped", "non mesuré")
        return [(label, why, NA) for label in labels]
    q = (b.get("search") or {}).get("queries")
    if not q:
        why = f"à {_fmt_n(r.n)} cas, mesure impossible ({(b.get('search') or {}).get('error', 'aucune mesure')})"
        return [(label, why, KO) for label in labels]
    early = sorted({f for d in q.values() for f in d["before_search_files"]})
    out = [(labels[0], (f"{len(early)} fichiers : " + ", ".join(f"`{f}`" for f in early[:3])) if early else
            f"aucun fichier de `pagefind/` avant le champ, sur les {sum(len(d['ms']) for d in q.values())} visites "
            f"à {_fmt_n(r.n)} cas", KO if early else OK)]
    judged = r.n >= SEARCH_N
    note = "" if judged else f" (jugé à {_fmt_n(SEARCH_N)} cas : taille non mesurée par ce banc)"
    size_q, size = max(((k, statistics.median(d["first_bytes"])) for k, d in q.items()), key=lambda kv: kv[1])
    out.append((labels[1], f"pire médiane {_size(size)} (« {size_q} »), à {_fmt_n(r.n)} cas{note}",
                (OK if size <= 500 * KIB else KO) if judged else NA))
    time_q, worst = max(((k, statistics.median(d["ms"])) for k, d in q.items()), key=lambda kv: kv[1])
    out.append((labels[2], f"pire médiane {_f(worst, 0)} ms (« {time_q} »), à {_fmt_n(r.n)} cas{note}",
                (OK if worst <= 300 else KO) if judged else NA))
    return out


def search_md(r: Result) -> list[str]:
    """The search's lines in the browser section."""
    s = (r.browser or {}).get("search") or {}
    lines = ["", f"| Recherche (depuis `{s.get('page', '/')}`), requête | Visites | Avant la recherche (Ko) | "
             "Première requête (Ko), médiane [min–max] | Fichiers | Dernière touche → résultats affichés (ms) | "
             "Requête suivante (Ko) | Requête suivante (ms) | Premier résultat | Annonce |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |"]
    if s.get("error") or not s.get("queries"):
        return lines + [f"| mesure impossible : {s.get('error', 'aucune mesure')} | | | | | | | | | |", ""]
    for query, d in s["queries"].items():
        kb = [x / KIB for x in d["first_bytes"]]
        lines.append(f"| « {query} » | {len(d['ms'])} | {_f(statistics.median(d['before_bytes']) / KIB, 0)} | "
                     f"{_ms_span(kb)} | {statistics.median(d['first_files']):.0f} | {_ms_span(d['ms'])} | "
                     f"{_f(statistics.median(d['next_bytes']) / KIB, 0)} | {_f(statistics.median(d['next_ms']), 0)} | "
                     f"`{d['first']}` | {d['status']} |")
    return lines + ["", "Chaque visite, dans un contexte neuf (cache vide), ouvre la page, donne le focus au champ de "
                    f"recherche puis tape la requête touche par touche ({s.get('typing_ms', '?')} ms entre deux "
                    "touches ; le champ attend 60 ms après une touche avant de chercher). Les octets sont comptés "
                    "par le serveur (le travailleur de Pagefind compris) : « avant la recherche », tout ce que la "
                    "page a chargé ; « première requête », les fichiers de `pagefind/` du focus aux résultats "
                    "affichés (pagefind.js, son travailleur et son WebAssembly, servis ici sans compression, les "
                    "morceaux d'index des mots tapés, les extraits des 10 premiers résultats) ; « requête suivante » : "
                    "« participation citoyenne » tapée ensuite dans la même page. Le temps va de la dernière "
                    "touche à l'image rendue qui montre les résultats de la requête entière.", ""]


def browser_md(results: list[Result]) -> list[str]:
    """The browser section of the report: map and explorer timings at the largest N."""
    r = results[-1]
    b = r.browser
    lines = [f"### Dans le navigateur ({_fmt_n(r.n)} cas)", ""]
    if not b or b.get("skipped"):
        return lines + [f"{(b or {}).get('skipped', 'non mesuré')}.", ""]
    blocked = b.get("blocked") or []
    lines += [f"Le site complet de {_fmt_n(r.n)} cas, servi sur 127.0.0.1, ouvert dans Chromium "
              f"{b.get('chromium', '?')} sans interface piloté par Playwright, comme dans les tests ; chaque visite "
              f"dans un contexte neuf (cache vide), après une visite d'échauffement non comptée ; {b['repeats']} "
              "visites, médiane [min–max]. Les temps sont pris dans la page (`performance.now()`) et s'arrêtent "
              "quand l'image qui montre le résultat a été rendue (message posté depuis le "
              "`requestAnimationFrame` suivant). Requêtes vers l'extérieur bloquées : "
              + (", ".join(f"`{u}`" for u in blocked[:5]) if blocked else "aucune") + ". Ce sont des temps "
              "mur, sensibles aux autres processus d'une machine partagée : charge moyenne (1 min) avant / après "
              "ces mesures : " + " / ".join(_f(x, 2) for x in b.get("load", [])) + ".", ""]
    m = b.get("map") or {}
    lines += ["La carte est jugée depuis l'ouverture de `/carte/` : c'est ce qu'attend le lecteur (la page, son "
              "thème et sa liste des cas, puis le cadre `carte/carte.html`, Leaflet et `cas.json`) ; le temps "
              "du cadre depuis son propre chargement, dans la même page, est donné à côté pour séparer sa part.", "",
              "| Carte (`/carte/`) | Temps (ms) |", "| --- | ---: |"]
    if m.get("error") or not m.get("page_ms"):
        lines.append(f"| mesure impossible | {m.get('error') or 'cas comptés : ' + ' / '.join(map(_fmt_n, m.get('cases', [])))} |")
    else:
        lines += [f"| ouverture de `/carte/` → regroupements de tous les cas affichés | {_ms_span(m['page_ms'])} |",
                  f"| dans `/carte/`, chargement du cadre `carte/carte.html` → regroupements affichés | {_ms_span(m['document_ms'])} |",
                  f"| ouverture de `/carte/` → icônes de tous les cas dans le DOM | {_ms_span(m['dom_ms'])} |",
                  "| cas comptés sur la carte (marqueurs seuls + nombres des regroupements), par visite | "
                  + " / ".join(_fmt_n(c) for c in m["cases"]) + f" sur {_fmt_n(r.n)} ("
                  + _count(m.get("clusters", 0), "regroupement", "regroupements") + ", "
                  + _count(m.get("markers", 0), "marqueur seul", "marqueurs seuls") + ") |"]
    e = b.get("explorer") or {}
    lines += ["", "| Explorateur (`/explorer/`), changement de filtre | Mesures | Médiane (ms) | Max (ms) | "
              "dont script de filtrage, médiane (ms) |", "| --- | ---: | ---: | ---: | ---: |"]
    if e.get("error") or not e.get("steps"):
        lines.append(f"| mesure impossible : {e.get('error', 'aucune mesure')} | | | | |")
    else:
        for label, v in e["steps"].items():
            name = label + (f" (« {e['word']} »)" if label.startswith("Mots") else "")
            script = _f(statistics.median(v["script"]), 1) if v["script"] else "–"
            lines.append(f"| {name} | {len(v['ms'])} | {_f(statistics.median(v['ms']), 0)} | {_f(max(v['ms']), 0)} "
                         f"| {script} |")
        every = [x for v in e["steps"].values() for x in v["ms"]]
        lines.append(f"| tous | {len(every)} | {_f(statistics.median(every), 0)} | {_f(max(every), 0)} | |")
        lines += ["", "Chaque visite enchaîne les changements comme un lecteur : une condition cochée, un secteur "
                  "coché, un mot d'un cas encore affiché tapé lettre par lettre, « Effacer les filtres ». Temps "
                  "mesuré de l'envoi de l'événement à la fin du rendu de l'image suivante (attente de cette image "
                  "comprise, jusqu'à 17 ms à 60 images par seconde) ; « dont script » : la "
                  f"mesure `explorateur-filtrage` de explorer.js. Après l'effacement : « {e.get('final_status', '')} », "
                  f"{_fmt_n(e.get('cards_shown', 0))} fiches dans la liste. Les mots sont tapés après un clic dans "
                  "le champ et une pause de 300 ms (le clic fait venir les textes des cas, par blocs)."]
        if e.get("ready_ms"):
            lines += ["", f"Ouverture de `/explorer/` → filtres utilisables (marque `explorateur-pret`) : "
                      f"{_ms_span(e['ready_ms'])} ms ; décalage de mise en page (CLS) jusque-là : "
                      + " / ".join(_f(x, 3) for x in e.get("cls", [])) + "."]
    pages = b.get("pages") or {}
    if pages and not pages.get("error"):
        lines += ["", "| Page | Adresse | Octets propres, non compressés | Compressés (gzip) | Plus gros fichiers |",
                  "| --- | --- | ---: | ---: | --- |"]
        for name, w in pages.items():
            lines.append(f"| {name} | `{w['path']}` | {_size(w['bytes'])} | {_size(w['gzip'])} | "
                         + ", ".join(f"`{u}` {_size(b)}" for u, b in w["files"][:3]) + " |")
        lines += ["", "Octets propres : le document, ses cadres et tout ce qu'ils chargent du site une fois le réseau "
                  "au repos, sans les fichiers du thème (`bundle`, `main`, `palette`, `workers`) ni la recherche. "
                  "Le serveur du banc ne compresse pas ; la colonne gzip dit ce qu'enverrait un hébergeur qui compresse."]
    return lines + search_md(r)


def _fmt_n(n: int) -> str:
    return f"{n:,}".replace(",", "\u202f")


def _f(x: float, d: int = 1) -> str:
    """French decimal: 1.25 -> '1,25'."""
    return f"{x:,.{d}f}".replace(",", "\u202f").replace(".", ",")


def _size(b: float) -> str:
    return f"{_f(b / MIB)} Mo" if b >= MIB else f"{_f(b / KIB)} Ko"


def _span(runs: list[Run], attr: str = "seconds") -> str:
    xs = [getattr(x, attr) for x in runs]
    return f"{_f(statistics.median(xs))} [{_f(min(xs))}–{_f(max(xs))}]"


def tables(results: list[Result]) -> list[str]:
    lines = ["| N cas | Validation, CPU / mur (s) | Validation, pic (Mio) | Construction, CPU (s) | "
             "Référence, CPU (s) | Rapport CPU | Construction, mur (s) | Référence, mur (s) | Rapport mur | "
             "Construction, pic (Mio) |",
             "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in results:
        lines.append(f"| {_fmt_n(r.n)} | {_f(r.val_cpu, 2)} / {_f(r.val_s, 2)} | {r.val_mib:.0f} | "
                     f"{_span(r.full, 'cpu_seconds')} | {_span(r.ref, 'cpu_seconds')} | {_f(r.ratio_cpu, 2)} | "
                     f"{_span(r.full)} | {_span(r.ref)} | {_f(r.ratio, 2)} | {r.full_mib:.0f} |")
    lines += ["", "| N cas | Site (Mo) | Pages HTML | Plus grosse page | Page de cas, médiane / max (Ko) | "
              "dont contenu `<article>`, médiane (Ko) | "
              "Index de recherche, site / référence (Ko/cas) | dont extraits des pages (Ko/cas) | Carte (o/cas) | Explorateur (o/cas) |",
              "| ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in results:
        s = r.site

        def data(key, absent):
            d = s[key]
            if not d:
                return absent
            return f"{d['per_case']:.0f}" + (" (page entière)" if d.get("embedded") else "")

        lines.append(f"| {_fmt_n(r.n)} | {_f(s['total_bytes'] / MIB)} | {_fmt_n(s['html_pages'])} | "
                     f"`{s['largest_page']}` ({_size(s['largest_bytes'])}) | "
                     f"{_f(s['case_median_bytes'] / KIB)} / {_f(s['case_max_bytes'] / KIB)} | "
                     f"{_f(s['case_article_median_bytes'] / KIB)} | "
                     f"{_f(s['search_per_case'] / KIB, 2)} / {_f(r.ref_site['search_per_case'] / KIB, 2)} | "
                     f"{_f(s['search_case_entries_per_case'] / KIB, 2)} | "
                     f"{data('map', 'n/a (pas encore de carte)')} | {data('explorer', 'n/a (pas encore d’explorateur)')} |")
    return lines


def exports_note(results: list[Result]) -> list[str]:
    """Open-data exports (donnees/): not map data, reported for information."""
    out = []
    for r in results:
        ex = r.site.get("exports") or {}
        if ex:
            out.append(f"Exports de données à {_fmt_n(r.n)} cas (pour information, hors objectifs) : "
                       + ", ".join(f"`{k}` {_size(v)} ({v / r.n:.0f} o/cas)" for k, v in sorted(ex.items())) + ".")
    return out + [""] if out else []


def reading(results: list[Result], targets: list[tuple[str, str, str]]) -> list[str]:
    out = []
    last = results[-1]
    ratios = ", ".join(f"{_f(r.ratio_cpu, 2)} à {_fmt_n(r.n)}" for r in results)
    out.append(f"- En temps CPU, la construction avec le crochet (validation, index croisés, rendu Jinja des "
               f"pages, fichiers de données, redirections) coûte {_f(last.ratio_cpu, 2)} fois mkdocs-material seul "
               f"sur les mêmes pages à {_fmt_n(last.n)} cas (rapports CPU : {ratios}).")
    if len(results) >= 2:
        a, b = results[-2], results[-1]
        k, kr, kn = b.full_cpu / a.full_cpu, b.ref_cpu / a.ref_cpu, b.n / a.n
        shape = ("plus que linéaire" if k > kn * 1.02 else
                 "à peu près linéaire" if k >= kn * 0.9 else "moins que linéaire (les coûts fixes pèsent encore)")
        out.append(f"- De {_fmt_n(a.n)} à {_fmt_n(b.n)} cas ({_f(kn, 0)} × plus), la construction passe de "
                   f"{_f(a.full_cpu)} s à {_f(b.full_cpu)} s de CPU ({_f(k, 2)} ×) et la référence de "
                   f"{_f(a.ref_cpu)} s à {_f(b.ref_cpu)} s ({_f(kr, 2)} ×) : croissance {shape}.")
    out.append(f"- La validation seule traite {_fmt_n(round(last.n / last.val_cpu))} cas par seconde de CPU à "
               f"{_fmt_n(last.n)} cas, avec un pic de {last.val_mib:.0f} Mio.")
    out.append(f"- La plus grosse page à {_fmt_n(last.n)} cas est `{last.site['largest_page']}` "
               f"({_size(last.site['largest_bytes'])}) : les pages d'index, de conditions et d'étapes grandissent "
               f"avec le nombre de cas, les pages de cas non (médiane {_f(last.site['case_median_bytes'] / KIB)} Ko, dont "
               f"{_f(last.site['case_article_median_bytes'] / KIB)} Ko de contenu propre, le reste étant le cadre du "
               "thème : en-tête, navigation, pied de page).")
    s = last.site
    out.append(f"- L'index de recherche (Pagefind, dossier `pagefind/`) pèse {_f(s['search_per_case'] / KIB, 2)} Ko "
               f"par cas sur le disque, dont {_f(s['search_case_entries_per_case'] / KIB, 2)} Ko d'extraits (un fichier "
               "par page) ; le lecteur n'en télécharge que les morceaux de sa requête (voir « Dans le navigateur »). "
               f"La référence, indexée par le même Pagefind sans le balisage du crochet, pèse "
               f"{_f(last.ref_site['search_per_case'] / KIB, 2)} Ko par cas.")
    missed = [t for t, _, st in targets if st == KO]
    out.append("- Objectifs non atteints : " + ("; ".join(missed) + "." if missed else "aucun."))
    return out


def plot(results: list[Result], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ns = [r.n for r in results]
    fig, ax = plt.subplots(figsize=(7, 4.5), dpi=110)
    for runs_of, label, style, color in ((lambda r: r.full, "site complet (crochet mallette)", "o-", "C0"),
                                         (lambda r: r.ref, "référence : mkdocs-material, Markdown statique", "s--",
                                          "C1")):
        med = [statistics.median(x.cpu_seconds for x in runs_of(r)) for r in results]
        lo = [m - min(x.cpu_seconds for x in runs_of(r)) for m, r in zip(med, results)]
        hi = [max(x.cpu_seconds for x in runs_of(r)) - m for m, r in zip(med, results)]
        ax.errorbar(ns, med, yerr=[lo, hi], fmt=style, color=color, capsize=3, label=label + ", CPU")
        wall = [statistics.median(x.seconds for x in runs_of(r)) for r in results]
        ax.plot(ns, wall, style[0], color=color, alpha=0.35, label=label.split(" :")[0].split(" (")[0] + ", temps mur")
    ax.plot(ns, [1.10 * r.ref_cpu for r in results], ":", color="grey", label="objectif : 1,10 × référence (CPU)")
    ax.set_xlabel("nombre de cas")
    ax.set_ylabel("temps de construction (s ; médiane, min–max)")
    ax.set_title("Construction du site selon le nombre de cas")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xticks(ns)
    ax.set_xticklabels([_fmt_n(n) for n in ns])
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, metadata={"Software": None})
    plt.close(fig)


def write_report(path: Path, results: list[Result], targets, args, profiles: dict, elapsed: float) -> str:
    import mkdocs
    import material

    try:
        commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True).stdout.strip()
    except OSError:
        commit = "?"
    status_mark = {OK: "« atteint »", KO: "« non atteint »", NA: "« n/a »"}
    lines = [
        "# Banc d'essai de la e-mallette",
        "",
        f"- Date : {datetime.now().strftime('%Y-%m-%d %H:%M')} ; durée du banc : {_f(elapsed / 60)} min ; "
        f"commit {commit or '?'} (avec les modifications en cours de l'arbre de travail).",
        f"- Machine : {os.cpu_count()} cœurs (nproc), {platform.machine()}, {platform.system()} {platform.release()} ; "
        f"Python {platform.python_version()}, mkdocs {mkdocs.__version__}, "
        f"mkdocs-material {getattr(material, '__version__', '?')} ; charge moyenne (1 min) au début / à la fin : "
        f"{_f(args.load_start, 2)} / {_f(os.getloadavg()[0], 2)}.",
        f"- Corpus : N cas dont {results[0].real} cas réels (les guides y renvoient) et N − {results[0].real} cas "
        f"synthétiques valides (graine {args.seed}), tous les champs du schéma employés, tous les identifiants de "
        "taxonomie cités ; le reste de content/ est le contenu réel.",
        f"- Méthode : {args.runs} exécution{'s' if args.runs > 1 else ''} par mesure, médiane (et min–max entre crochets) ; construction "
        "`mkdocs build --strict` avec `SOURCE_DATE_EPOCH` fixé ; référence = les mêmes pages générées une fois en "
        "fichiers Markdown, même thème, mêmes extensions, même recherche, même nav, sans crochet. Validation = "
        "`mallette.model.validate` dans un processus neuf ; pic mémoire = `VmHWM` de ce processus (construction : "
        "`%M` de GNU time). Les objectifs de temps sont jugés sur le temps CPU (utilisateur + système) : la "
        "construction tient sur un seul cœur, son temps CPU vaut son temps mur sur une machine au repos, et il "
        "dépend peu des autres processus d'une machine partagée ; le temps mur est donné à côté.",
        "",
        "## Résultats",
        "",
        *tables(results),
        "",
        *exports_note(results),
        "Index de recherche : taille du dossier `pagefind/` divisée par N (sur le disque : le lecteur n'en "
        "télécharge que les morceaux de sa requête) ; « dont extraits des pages » : `pagefind/fragment/`. Les "
        "objectifs « par cas » sont jugés à N ≥ 1 000, où le contenu fixe (guides, textes) ne pèse plus.",
        "",
        "![Temps de construction selon le nombre de cas](build-time.png)",
        "",
        *browser_md(results),
        "## Objectifs",
        "",
        "| Objectif | Mesure | État |",
        "| --- | --- | --- |",
        *[f"| {t} | {m} | {status_mark[s]} |" for t, m, s in targets],
        "",
        "## Lecture",
        "",
        *reading(results, targets),
        "",
    ]
    if profiles:
        lines += ["## Profil (cProfile, corpus de " + _fmt_n(results[-1].n) + " cas)", ""]
        if args.findings:
            lines += [Path(args.findings).read_text(encoding="utf-8").strip(), ""]
        if "hook_timing" in profiles:
            lines += _hook_timing_md(profiles["hook_timing"], results[-1])
        for title, summary in profiles.items():
            if title != "hook_timing":
                lines += _profile_md(title, summary)
    lines += ["", f"Produit par `make bench` (`scripts/bench.py {' '.join(args.argv)}`).".replace(" `)", "`)"), ""]
    text = "\n".join(lines)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return text


# --- main ---------------------------------------------------------------------------------

def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def parse_args(argv):
    p = argparse.ArgumentParser(prog="bench.py", description="Banc d'essai : validation et construction du site "
                                "sur des corpus synthétiques de N cas.")
    p.add_argument("--sizes", default="100,1000,5000", help="tailles de corpus, séparées par des virgules")
    p.add_argument("--runs", type=int, default=3, help="exécutions par mesure (médiane)")
    p.add_argument("--seed", type=int, default=2024, help="graine du générateur")
    p.add_argument("--out", type=Path, default=ROOT / "bench", help="dossier du rapport et du graphique")
    p.add_argument("--profile", choices=["auto", "always", "never"], default="auto",
                   help="profiler validation et construction au plus grand N : si un objectif est manqué (auto)")
    p.add_argument("--findings", help="fichier Markdown d'analyse à insérer en tête de la section profil")
    p.add_argument("--keep", action="store_true", help="garder le dossier temporaire (pour déboguer)")
    p.add_argument("--no-browser", action="store_true",
                   help="ne pas mesurer la carte et l'explorateur dans Chromium (au plus grand N)")
    args = p.parse_args(argv)
    try:
        args.sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    except ValueError:
        p.error("--sizes : des entiers séparés par des virgules, par exemple 100,1000,5000")
    if not args.sizes or min(args.sizes) < 10 or args.runs < 1:
        p.error("--sizes : au moins 10 cas ; --runs : au moins 1")
    args.argv = list(argv)
    return args


def browser_metrics(site: Path, n: int, args) -> dict:
    """The site in headless Chromium (bench_browser); never fails the bench."""
    if args.no_browser:
        return {"skipped": "non mesuré : option `--no-browser`"}
    log(f"N = {n} : carte et explorateur dans Chromium")
    try:
        return bench_browser.measure(site, n, log=log)
    except Exception as e:  # browser start-up, Playwright driver: report it, keep the build figures
        log(f"navigateur : {type(e).__name__} : {e}")
        return {"skipped": f"non mesuré : Chromium n'a pas pu être lancé ({type(e).__name__})"}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    started = time.perf_counter()
    args.load_start = os.getloadavg()[0]
    tmp = Path(tempfile.mkdtemp(prefix="mallette-bench-"))
    results: list[Result] = []
    profiles: dict = {}
    try:
        for i, n in enumerate(args.sizes):
            work = tmp / f"n{n}"
            logs = work / "logs"
            logs.mkdir(parents=True)
            log(f"N = {n} : génération du corpus")
            info = bench_corpus.make_project(work / "projet", n, args.seed)
            pages = baseline_in_child(work / "projet", work / "reference", logs / "baseline.log")
            log(f"N = {n} : {len(info['all'])} cas ({len(info['real'])} réels), référence de {pages} pages")
            res = Result(n, len(info["real"]))
            for k in range(args.runs):
                res.validation.append(validation(work / "projet", logs / f"validation-{k}.log"))
            log(f"N = {n} : validation {res.val_s:.2f} s, {res.val_mib:.0f} Mio")
            if i == 0:  # warm the file cache and the imports once, untimed
                build(work / "projet" / "mkdocs.yml", work / "site", logs / "warmup-full.log")
                build(work / "reference" / "mkdocs.yml", work / "site-ref", logs / "warmup-ref.log", index=True)
            for k in range(args.runs):
                order = [("full", work / "projet"), ("ref", work / "reference")]
                for kind, proj in (order if k % 2 == 0 else order[::-1]):
                    site = work / ("site" if kind == "full" else "site-ref")
                    r = build(proj / "mkdocs.yml", site, logs / f"{kind}-{k}.log", index=kind == "ref")
                    (res.full if kind == "full" else res.ref).append(r)
                    log(f"N = {n} : {'construction' if kind == 'full' else 'référence'} {k + 1}/{args.runs} "
                        f"{r.seconds:.1f} s, {r.maxrss_kib / KIB:.0f} Mio")
            res.site = site_metrics(work / "site", info["all"])
            res.ref_site = site_metrics(work / "site-ref", info["all"])
            if n == args.sizes[-1]:
                res.browser = browser_metrics(work / "site", len(info["all"]), args)
            results.append(res)
            if n != args.sizes[-1] and not args.keep:
                shutil.rmtree(work)
        targets = evaluate(results)
        if args.profile == "always" or (args.profile == "auto" and any(s == KO for _, _, s in targets)):
            work = tmp / f"n{args.sizes[-1]}"
            log(f"profil de la validation ({args.sizes[-1]} cas)")
            validation(work / "projet", work / "logs" / "validation-prof.log", work / "validation.prof")
            profiles["Validation seule"] = profile_summary(work / "validation.prof")
            log(f"profil de la construction ({args.sizes[-1]} cas)")
            site = work / "site-prof"
            r = run_measured(mkdocs_cmd(work / "projet" / "mkdocs.yml", site, work / "build.prof"),
                             work / "logs" / "build-prof.log", build_env())
            if r.returncode != 0:
                raise Failed(f"La construction profilée a échoué :\n{r.output[-4000:]}")
            profiles["Construction complète"] = profile_summary(work / "build.prof")
            log(f"chronométrage du crochet par événement ({args.sizes[-1]} cas)")
            r = run_measured([sys.executable, "-c", HOOK_TIMING_CHILD, str(ROOT), str(work / "projet" / "mkdocs.yml"),
                              str(work / "site-timing")], work / "logs" / "hook-timing.log", build_env())
            if r.returncode != 0:
                raise Failed(f"Le chronométrage du crochet a échoué :\n{r.output[-4000:]}")
            profiles["hook_timing"] = json.loads(r.output.strip().splitlines()[-1])
            if args.keep:
                log(f"profils : {work / 'validation.prof'}, {work / 'build.prof'}")
        args.out.mkdir(parents=True, exist_ok=True)
        plot(results, args.out / "build-time.png")
        text = write_report(args.out / "report.md", results, targets, args, profiles, time.perf_counter() - started)
        print(text)
        log(f"rapport : {args.out / 'report.md'} ; graphique : {args.out / 'build-time.png'}")
        return 0
    except Failed as e:
        print(f"bench.py : {e}", file=sys.stderr)
        return 3
    finally:
        if args.keep:
            log(f"dossier temporaire gardé : {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
