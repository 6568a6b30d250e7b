#!/usr/bin/env python3
"""`make bench`: measure the e-mallette on synthetic corpora, write bench/results.json, render bench/report.md.

For each corpus size N (scripts/bench_corpus.py), in a temporary folder:
  1. the validation alone, in a fresh process (bench_run);
  2. three builds, alternated run by run: the site, today's reference (bench_reference) and the
     plain-pages baseline (bench_plain); CPU, wall time and peak memory each;
  3. what the built sites weigh (bench_site);
  4. at the browser sizes, the site in headless Chromium (bench_browser): map, explorer, page
     weights, search; at the Lighthouse size, scripts/bench_lighthouse.py when present.
Then `make serve`'s edit-to-page time at --serve-size cases (bench_serve), a profile when a build
target is missed (bench_profile), and the report: bench/report.md from bench/report.md.j2, the
figures judged against bench/targets.yaml (bench_targets). `--report-only` renders the report
again from an existing results.json without measuring anything.

Exit status: 0 done (targets met or not), 2 usage error, 3 a build or the validation failed.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

import bench_browser
import bench_corpus
import bench_plot
import bench_profile
import bench_report
import bench_serve
import bench_site
import bench_targets
from bench_run import ROOT, Failed, build, build_env, mkdocs_cmd, parse_time_log, run_measured, stats, summarize, \
    validation

HERE = Path(__file__).resolve().parent
LIGHTHOUSE = HERE / "bench_lighthouse.py"  # written in parallel (issue #18); optional
KINDS = ("site", "reference", "plain")


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def _sizes(text: str) -> list[int]:
    return sorted({int(s) for s in text.split(",") if s.strip()})


def parse_args(argv):
    p = argparse.ArgumentParser(prog="bench.py", description="Banc d'essai : validation, construction, poids et "
                                "navigateur sur des corpus synthétiques de N cas ; écrit bench/results.json et "
                                "bench/report.md.")
    p.add_argument("--sizes", default="100,1000,5000", help="tailles de corpus, séparées par des virgules")
    p.add_argument("--site-only", default="", help="tailles où seul le site est construit, une fois, sans les "
                   "références (par exemple 20000, pour sa mémoire et le navigateur)")
    p.add_argument("--runs", type=int, default=3, help="exécutions par mesure (médiane)")
    p.add_argument("--seed", type=int, default=2024, help="graine du générateur")
    p.add_argument("--out", type=Path, default=ROOT / "bench", help="dossier de results.json, report.md et du graphique")
    p.add_argument("--browser-sizes", default=None, help="tailles mesurées dans Chromium (par défaut : celles ≥ 5000, "
                   "sinon la plus grande)")
    p.add_argument("--no-browser", action="store_true", help="rien dans Chromium (ni Lighthouse)")
    p.add_argument("--browser-repeats", type=int, default=bench_browser.REPEATS,
                   help="visites mesurées par page dans Chromium (médiane)")
    p.add_argument("--lighthouse-size", type=int, default=None, help="taille auditée par Lighthouse (par défaut "
                   "5000 si mesurée, sinon la plus grande)")
    p.add_argument("--lighthouse-runs", type=int, default=3, help="audits Lighthouse par page (médiane)")
    p.add_argument("--serve-size", type=int, default=2000, help="taille du corpus servi par `mkdocs serve` (0 : rien)")
    p.add_argument("--time-log", action="append", default=[], metavar="N=FICHIER",
                   help="construction du site à N cas mesurée hors du banc par `/usr/bin/time -v` (une fois)")
    p.add_argument("--profile", choices=["auto", "always", "never"], default="auto",
                   help="profiler la construction au plus grand N : si un objectif de temps de construction est manqué (auto)")
    p.add_argument("--quick", action="store_true", help="essai de bout en bout en quelques minutes : 100 cas, "
                   "une exécution, une visite, `make serve` à 100 cas, sans profil (chiffres non significatifs)")
    p.add_argument("--report-only", action="store_true",
                   help="ne rien mesurer : refaire bench/report.md depuis le results.json existant")
    p.add_argument("--keep", action="store_true", help="garder le dossier temporaire (pour déboguer)")
    args = p.parse_args(argv)
    if args.quick:
        args.sizes, args.runs, args.browser_repeats, args.serve_size, args.profile = "100", 1, 1, 100, "never"
        args.lighthouse_runs = 1
    try:
        args.sizes = _sizes(args.sizes)
        args.site_only = _sizes(args.site_only)
        args.browser_sizes = _sizes(args.browser_sizes) if args.browser_sizes is not None else None
        args.time_log = [(int(k), Path(v)) for k, v in (t.split("=", 1) for t in args.time_log)]
    except ValueError:
        p.error("--sizes, --site-only, --browser-sizes : des entiers séparés par des virgules, par exemple "
                "100,1000,5000 ; --time-log : N=FICHIER")
    every = sorted(set(args.sizes) | set(args.site_only))
    if not args.report_only and (not every or min(every) < 10 or args.runs < 1):
        p.error("--sizes : au moins 10 cas ; --runs : au moins 1")
    args.all_sizes = every
    if args.browser_sizes is None:
        args.browser_sizes = [n for n in every if n >= 5000] or every[-1:]
    if args.lighthouse_size is None:
        args.lighthouse_size = 5000 if 5000 in every else (every[-1] if every else 0)
    args.argv = list(argv)
    return args


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "absent"


def meta(args) -> dict:
    def git(*a):
        try:
            return subprocess.run(["git", "-C", str(ROOT), *a], capture_output=True, text=True).stdout.strip()
        except OSError:
            return ""
    mem = 0
    try:
        mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2 ** 20
    except (ValueError, OSError):
        pass
    return {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "commit": git("rev-parse", "--short", "HEAD") or "?",
        "dirty": bool(git("status", "--porcelain", "--untracked-files=no")),
        "argv": args.argv, "seed": args.seed, "runs": args.runs,
        "machine": {"cpus": os.cpu_count(), "arch": platform.machine(), "system": platform.system(),
                    "release": platform.release(), "mem_total_mib": mem},
        "versions": {"Python": platform.python_version(), **{d: _version(d) for d in (
            "mkdocs", "mkdocs-material", "jinja2", "markdown", "pagefind", "playwright")}},
        "load": {"start": os.getloadavg()[0]},
    }


def prepare(script: str, project: Path, dest: Path, log_file: Path) -> int:
    """A baseline's source folder, made by its script in a fresh process (untimed)."""
    r = run_measured([sys.executable, str(HERE / script), str(project), str(dest)], log_file, build_env())
    if r.returncode != 0:
        raise Failed(f"La préparation de {script} a échoué :\n{r.output[-4000:]}")
    return int(r.output.strip().splitlines()[-1])


def lighthouse(site: Path, work: Path, runs: int) -> dict:
    if not LIGHTHOUSE.exists():
        return {"skipped": "non mesuré : `scripts/bench_lighthouse.py` absent"}
    out = work / "lighthouse.json"
    r = run_measured([sys.executable, str(LIGHTHOUSE), str(site), "--json", str(out), "--runs", str(runs)],
                     work / "logs" / "lighthouse.log", build_env())
    if r.returncode != 0 or not out.exists():
        return {"skipped": f"non mesuré : `scripts/bench_lighthouse.py` a échoué (statut {r.returncode}) : "
                           + (r.output.strip().splitlines() or [""])[-1][:300]}
    return json.loads(out.read_text(encoding="utf-8"))


def browser(site: Path, n: int, repeats: int) -> dict:
    """bench_browser.measure; never fails the bench."""
    try:
        return bench_browser.measure(site, n, repeats=repeats, log=log)
    except Exception as e:  # browser start-up, Playwright driver: report it, keep the build figures
        log(f"navigateur : {type(e).__name__} : {e}")
        return {"skipped": f"non mesuré : Chromium n'a pas pu être lancé ({type(e).__name__})"}


def measure_size(n: int, args, work: Path, first: bool) -> dict:
    logs = work / "logs"
    logs.mkdir(parents=True)
    log(f"N = {n} : génération du corpus")
    info = bench_corpus.make_project(work / "projet", n, args.seed)
    site_only = n in args.site_only and n not in args.sizes
    projects = {"site": work / "projet"}
    if not site_only:
        prepare("bench_reference.py", work / "projet", work / "reference", logs / "reference.log")
        prepare("bench_plain.py", work / "projet", work / "plain", logs / "plain.log")
        projects.update(reference=work / "reference", plain=work / "plain")
    size = {"n": n, "cases": len(info["all"]), "real_cases": len(info["real"]), "site_only": site_only}
    runs = 1 if site_only else args.runs
    checks = [validation(work / "projet", logs / f"validation-{k}.log") for k in range(runs)]
    size["validation"] = {k: stats([c[k] for c in checks]) for k in ("cpu_s", "wall_s", "process_wall_s", "peak_mib")}
    log(f"N = {n} : validation {size['validation']['cpu_s']['median']:.2f} s CPU")
    sites = {kind: work / f"site-{kind}" for kind in projects}
    if first and not site_only:  # warm the file cache and the imports once, untimed
        for kind, proj in projects.items():
            build(proj / "mkdocs.yml", sites[kind], logs / f"warmup-{kind}.log", index=kind == "reference")
    measured: dict[str, list] = {kind: [] for kind in projects}
    order = list(projects)
    for k in range(runs):
        for kind in (order if k % 2 == 0 else order[::-1]):  # alternate: drifting load hits all alike
            r = build(projects[kind] / "mkdocs.yml", sites[kind], logs / f"{kind}-{k}.log", index=kind == "reference")
            measured[kind].append(r)
            log(f"N = {n} : {kind} {k + 1}/{runs} : {r.cpu_s:.1f} s CPU, {r.wall_s:.1f} s, {r.peak_mib:.0f} Mio")
    size["builds"] = {kind: summarize(rs) for kind, rs in measured.items()}
    size["site"] = bench_site.site_metrics(sites["site"], info["all"])
    if not site_only:
        size["reference_site"] = bench_site.site_metrics(sites["reference"], info["all"])
        size["plain_site"] = bench_site.site_metrics(sites["plain"], info["all"])
    if not args.no_browser and n in args.browser_sizes:
        log(f"N = {n} : le site dans Chromium")
        size["browser"] = browser(sites["site"], len(info["all"]), args.browser_repeats)
    if not args.no_browser and n == args.lighthouse_size:
        log(f"N = {n} : Lighthouse")
        size["lighthouse"] = lighthouse(sites["site"], work, args.lighthouse_runs)
    return size


def serve(args, tmp: Path) -> dict:
    n = args.serve_size
    work = tmp / f"serve{n}"
    (work / "logs").mkdir(parents=True)
    log(f"make serve : corpus de {n} cas")
    info = bench_corpus.make_project(work / "projet", n, args.seed)
    case = info["synthetic"][len(info["synthetic"]) // 2] if info["synthetic"] else info["real"][0]
    try:
        out = bench_serve.measure(work / "projet", case, work / "logs" / "serve.log")
    except (RuntimeError, TimeoutError, ValueError) as e:
        tail = (work / "logs" / "serve.log").read_text(encoding="utf-8", errors="replace")[-2000:]
        log(f"make serve : {e}\n{tail}")
        return {"n": n, "skipped": f"Non mesuré : {e}."}
    log(f"make serve : première construction {out['first_build_s']:.1f} s, modification → page "
        + ", ".join(f"{x:.1f} s" for x in out["rebuild_s"]))
    return {"n": n, **out}


def profile(n: int, tmp: Path) -> dict:
    work = tmp / f"profil{n}"
    (work / "logs").mkdir(parents=True)
    bench_corpus.make_project(work / "projet", n)
    log(f"profil de la construction ({n} cas)")
    r = run_measured(mkdocs_cmd(work / "projet" / "mkdocs.yml", work / "site", work / "build.prof"),
                     work / "logs" / "build-prof.log", build_env())
    if r.returncode != 0:
        raise Failed(f"La construction profilée a échoué :\n{r.output[-4000:]}")
    log(f"chronométrage du crochet par événement ({n} cas)")
    t = run_measured([sys.executable, "-c", bench_profile.HOOK_TIMING_CHILD, str(ROOT), str(work / "projet" / "mkdocs.yml"),
                      str(work / "site-timing")], work / "logs" / "hook-timing.log", build_env())
    if t.returncode != 0:
        raise Failed(f"Le chronométrage du crochet a échoué :\n{t.output[-4000:]}")
    return {"n": n, "cprofile": {"Construction complète": bench_profile.profile_summary(work / "build.prof")},
            "hook_timing": json.loads(t.output.strip().splitlines()[-1])}


def write_outputs(results: dict, out: Path) -> str:
    text = bench_report.render(results)  # derives the figures first: results.json keeps them
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (out / "report.md").write_text(text, encoding="utf-8")
    if bench_plot.plot(results, out / "build-time.png"):
        text = text.rstrip("\n") + "\n\n![Temps de construction selon le nombre de cas](build-time.png)\n"
        (out / "report.md").write_text(text, encoding="utf-8")
    return text


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    if args.report_only:
        path = args.out / "results.json"
        if not path.exists():
            print(f"bench.py : {path} n'existe pas : lancez d'abord le banc (make bench).", file=sys.stderr)
            return 2
        write_outputs(json.loads(path.read_text(encoding="utf-8")), args.out)
        log(f"rapport refait depuis {path} : {args.out / 'report.md'}")
        return 0
    started = time.perf_counter()
    results = {"meta": meta(args), "sizes": {}}
    tmp = Path(tempfile.mkdtemp(prefix="mallette-bench-"))
    try:
        for i, n in enumerate(args.all_sizes):
            work = tmp / f"n{n}"
            results["sizes"][str(n)] = measure_size(n, args, work, first=i == 0)
            if not args.keep:
                shutil.rmtree(work)
        for n, path in args.time_log:
            size = results["sizes"].setdefault(str(n), {"n": n, "builds": {}})
            run = parse_time_log(path.read_text(encoding="utf-8", errors="replace"))
            size["builds"]["site"] = {k: stats([run[k]]) for k in ("wall_s", "cpu_s", "peak_mib")}
            size["builds"]["site"]["source"] = f"`/usr/bin/time -v`, `{path}`"
        if args.serve_size:
            results["serve"] = serve(args, tmp)
        verdicts = bench_targets.judge(bench_report.bench_derive.derive(results), bench_targets.load_targets())
        slow = any(v["status"] == bench_targets.MISSED and v["metric"].startswith("site_vs") for v in verdicts)
        if args.profile == "always" or (args.profile == "auto" and slow):
            results["profiles"] = profile(args.sizes[-1] if args.sizes else args.all_sizes[-1], tmp)
        results["meta"]["duration_s"] = time.perf_counter() - started
        results["meta"]["load"]["end"] = os.getloadavg()[0]
        text = write_outputs(results, args.out)
        print(text)
        log(f"résultats : {args.out / 'results.json'} ; rapport : {args.out / 'report.md'}")
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
