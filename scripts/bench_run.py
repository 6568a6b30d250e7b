"""Running what `make bench` measures: a command's wall time, CPU time and own peak memory.

Every measured command runs in a fresh process (a build, the validation alone), so that its
figures are its own. Nothing here formats or judges: callers get plain numbers.
"""
from __future__ import annotations

import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EPOCH = "1700000000"  # SOURCE_DATE_EPOCH of every measured build: deterministic output
GNU_TIME = "/usr/bin/time"
KIB = 1024


class Failed(Exception):
    """A build or the validation failed: the bench stops (exit status 3) with this French text."""


@dataclass
class Run:
    wall_s: float
    cpu_s: float  # user + system, the command and its children
    peak_mib: float  # the command's own peak RSS
    returncode: int
    output: str


def run_measured(cmd: list[str], log: Path, env: dict | None = None, cwd: Path = ROOT) -> Run:
    """Run a command; wall time, CPU time and its own peak RSS, its output in log.

    The peak comes from GNU time (%M), which forks the command from a tiny process: Linux keeps
    the parent's high-water mark across fork + exec in ru_maxrss, so a child started directly
    from this (large) process would report at least our own size. Without GNU time, os.wait4
    gives an upper bound.
    """
    rss_file = log.with_suffix(".rss")
    wrapped = [GNU_TIME, "-f", "%M", "-o", str(rss_file), *cmd] if os.access(GNU_TIME, os.X_OK) else cmd
    with open(log, "wb") as out:
        t0 = time.perf_counter()
        p = subprocess.Popen(wrapped, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=cwd)
        _, status, usage = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
    maxrss = usage.ru_maxrss
    if wrapped is not cmd and rss_file.exists():
        try:
            maxrss = int(rss_file.read_text().strip().splitlines()[-1])
        except (ValueError, IndexError):
            pass
    return Run(wall, usage.ru_utime + usage.ru_stime, maxrss / KIB, os.waitstatus_to_exitcode(status),
               log.read_text(encoding="utf-8", errors="replace"))


def stats(values: list[float]) -> dict:
    """Every run and its median, min and max: what results.json keeps of a repeated measure."""
    return {"runs": list(values), "median": statistics.median(values), "min": min(values), "max": max(values)}


def summarize(runs: list[Run]) -> dict:
    return {"wall_s": stats([r.wall_s for r in runs]), "cpu_s": stats([r.cpu_s for r in runs]),
            "peak_mib": stats([r.peak_mib for r in runs])}


def build_env() -> dict:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": EPOCH, "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("MALLETTE_REPO_URL", None)  # no edit links: every build renders the same pages
    env.pop("MALLETTE_SITE_URL", None)
    return env


def mkdocs_cmd(config: Path, site: Path, profile: Path | None = None) -> list[str]:
    pre = ["-m", "cProfile", "-o", str(profile)] if profile else []
    return [sys.executable, *pre, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config), "-d", str(site)]


def build(config: Path, site: Path, log: Path, index: bool = False) -> Run:
    """A clean `mkdocs build --strict` of config into site.

    index: run Pagefind on the built site in the same measured command (today's reference: the
    full build runs it from its hook)."""
    if site.exists():
        shutil.rmtree(site)
    cmd = mkdocs_cmd(config, site)
    if index:
        from mallette.search_index import pagefind_executable
        cmd = ["sh", "-c", shlex.join(cmd) + " && "
               + shlex.join([str(pagefind_executable()), "--site", str(site), "--silent"])]
    r = run_measured(cmd, log, build_env(), cwd=config.parent)
    if r.returncode != 0:
        raise Failed(f"La construction de {config} a échoué :\n{r.output[-4000:]}")
    return r


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
profile = sys.argv[2] if len(sys.argv) > 2 else ""
if profile:
    import cProfile
    prof = cProfile.Profile()
    prof.enable()
kb, report = validate(Path(sys.argv[1]), Schemas())
t2 = time.perf_counter()
c2 = time.process_time()
if profile:
    prof.disable()
    prof.dump_stats(profile)
print(json.dumps({
    "wall_s": t2 - t1, "cpu_s": c2 - c1, "import_s": t1 - t0,
    "cases": len(kb.entries["case"]) if kb else 0,
    "errors": len(report.errors), "report": report.format()[:4000] if report else "",
    "peak_mib": hwm() / 1024,
}))
"""


def validation(project: Path, log: Path, profile: Path | None = None) -> dict:
    """mallette.model.validate on project in a fresh process: wall and CPU seconds, peak MiB."""
    cmd = [sys.executable, "-c", VALIDATE_CHILD, str(project)] + ([str(profile)] if profile else [])
    r = run_measured(cmd, log, build_env())
    if r.returncode != 0:
        raise Failed(f"La validation a échoué :\n{r.output[-4000:]}")
    data = json.loads(r.output.strip().splitlines()[-1])
    if data["errors"]:
        raise Failed(f"Le corpus synthétique n'est pas valide :\n{data['report']}")
    data["process_wall_s"] = r.wall_s
    return data


def parse_time_log(text: str) -> dict:
    """The figures of a `/usr/bin/time -v` report (a build measured outside the bench, once)."""
    def field(label: str) -> str:
        for line in text.splitlines():
            if line.strip().startswith(label):
                return line.split(": ", 1)[1].strip()
        raise Failed(f"Rapport de /usr/bin/time -v incomplet : « {label} » manque.")

    clock = [float(x) for x in field("Elapsed (wall clock) time").split(":")]
    wall = sum(x * 60 ** i for i, x in enumerate(reversed(clock)))
    run = Run(wall, float(field("User time")) + float(field("System time")),
              int(field("Maximum resident set size")) / KIB, int(field("Exit status")), "")
    if run.returncode != 0:
        raise Failed(f"La construction mesurée par /usr/bin/time a échoué (statut {run.returncode}).")
    return asdict(run) | {"output": None}
