"""`make serve`'s rebuild after a contributor edits one case, timed as the contributor sees it.

`mkdocs serve` runs in a copy of the project (never in the working tree); once the first build
answers, one case file's title gets a new word, and the served case page is polled until its
HTML shows that word. The time runs from the file's write to the first answer that shows it: the
watcher's delay, the whole rebuild (with the search index) and the server's reload. No fixed
sleep: each poll is one HTTP request; the loop stops at the first page that shows the change.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench_run import build_env

TIMEOUT_S = 900  # a rebuild at thousands of cases on a loaded machine, with margin
POLL_S = 0.05


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


def _wait_for(url: str, pred, deadline: float, proc: subprocess.Popen) -> float:
    """Poll url until pred(html); the time it first did. Fails if the server died."""
    while time.perf_counter() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"mkdocs serve s'est arrêté (statut {proc.returncode})")
        html = _get(url)
        if html is not None and pred(html):
            return time.perf_counter()
        time.sleep(POLL_S)
    raise TimeoutError(f"{url} : rien de nouveau après {TIMEOUT_S} s")


def edit_title(path: Path, word: str) -> None:
    """Append word to the case's title: the file read, changed and written again as the corpus
    writes its cases (a synthetic case of the project copy, never a contributor's file)."""
    import yaml

    import bench_corpus

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["title"] = f"{data['title']} {word}"
    path.write_text(bench_corpus.dump_case(data), encoding="utf-8")


def measure(project: Path, case_id: str, log: Path, edits: int = 2) -> dict:
    """Start `mkdocs serve` in project, then edit content/cases/<case_id>.yaml `edits` times.

    Returns {"first_build_s", "rebuild_s": [seconds per edit]}: wall times."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = build_env()
    # As `make serve` runs it (Makefile).
    cmd = [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--dev-addr", f"127.0.0.1:{port}", "-f", str(project / "mkdocs.yml")]
    with open(log, "wb") as out:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=project, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            page = f"{base}/cas/{case_id}/"
            first = _wait_for(page, lambda html: "<article" in html, t0 + TIMEOUT_S, proc) - t0
            rebuilds = []
            for k in range(edits):
                word = f"Retouche{k + 1}x{os.getpid()}"
                t1 = time.perf_counter()
                edit_title(project / "content" / "cases" / f"{case_id}.yaml", word)
                rebuilds.append(_wait_for(page, lambda html, w=word: w in html, t1 + TIMEOUT_S, proc) - t1)
        finally:
            os.killpg(proc.pid, signal.SIGINT)  # the server and anything it started
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
    return {"first_build_s": first, "rebuild_s": rebuilds, "port": port, "case": case_id}
