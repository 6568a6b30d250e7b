"""Lighthouse mobile performance of six pages of a built site (issue #18's target: ≥ 90 each).

    python scripts/bench_lighthouse.py SITE_DIR [--json OUT.json] [--runs 3]

Serves SITE_DIR on 127.0.0.1 from a thread, then audits the home page, one case page, /cas/,
/explorer/, /carte/ and /conditions/matrice/ with Lighthouse (npm package `lighthouse`, 12.2.3 is
the version the targets are set for) in Debian's Chromium, mobile form factor and Lighthouse's
default simulated throttling (« lantern »: its timings come from a model of a slow phone on a slow
network, so they change little with the load of the machine). Each page is audited `--runs` times;
the median run (by score) is kept, and every run is written to the JSON.

The server compresses HTML, CSS, JavaScript, JSON and SVG with gzip when the browser asks, as static
hosts do (GitHub Pages among them): `--sans-gzip` measures an uncompressed server instead.

The case page is chosen the same way for every site: the first case folder under cas/ in
alphabetical order (the pager's cas/page/ aside), so that two sites built from the same corpus are
compared on the same page.

bench.py calls measure(); the command line prints the table and writes the JSON.
"""
from __future__ import annotations

import argparse
import functools
import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

CHROMIUM = os.environ.get("CHROME_PATH") or os.environ.get("MALLETTE_CHROMIUM") or "/usr/bin/chromium"
CHROME_FLAGS = "--headless --no-sandbox --disable-gpu --disable-background-networking --no-first-run"
LIGHTHOUSE_VERSION = "12.2.3"
RUNS = 3
TIMEOUT_S = 300  # one audit; a page that does not finish counts as a failed run
COMPRESSED = {".html", ".css", ".js", ".json", ".svg", ".xml", ".geojson", ".txt", ".csv", ".atom"}
PAGES = [  # (name, path); the case page is found in the site (first_case)
    ("accueil", "/"),
    ("cas", None),
    ("liste des cas", "/cas/"),
    ("explorateur", "/explorer/"),
    ("carte", "/carte/"),
    ("matrice", "/conditions/matrice/"),
]
TARGET = 90


class MissingTool(RuntimeError):
    """Lighthouse or Chromium is absent: the message says what to install, in French."""


def lighthouse_command() -> list[str]:
    """How to run Lighthouse here: MALLETTE_LIGHTHOUSE, a `lighthouse` on PATH, or the npm package
    installed in node_modules (of the project or of /tmp/lh, where the bench notes install it)."""
    given = os.environ.get("MALLETTE_LIGHTHOUSE")
    if given and not Path(given).exists():
        raise MissingTool(f"MALLETTE_LIGHTHOUSE désigne {given}, qui n'existe pas.")
    candidates = [given] if given else []
    candidates += [shutil.which("lighthouse"),
                   str(Path(__file__).resolve().parent.parent / "node_modules/.bin/lighthouse"),
                   "/tmp/lh/node_modules/.bin/lighthouse"]
    for c in candidates:
        if c and Path(c).exists():
            if not shutil.which("node"):
                raise MissingTool("Node.js est introuvable : Lighthouse en a besoin (paquet Debian nodejs, version 18 ou plus).")
            return [c]
    raise MissingTool(
        f"Lighthouse est introuvable. Installez-le avec npm, par exemple : "
        f"« mkdir -p /tmp/lh && cd /tmp/lh && npm i -E lighthouse@{LIGHTHOUSE_VERSION} », "
        f"ou indiquez son exécutable dans MALLETTE_LIGHTHOUSE.")


def check_chromium() -> None:
    if not Path(CHROMIUM).exists():
        raise MissingTool(f"Chromium est introuvable ({CHROMIUM}) : installez le paquet Debian chromium, "
                          f"ou indiquez un autre Chromium dans CHROME_PATH ou MALLETTE_CHROMIUM.")


def first_case(site: Path) -> str:
    """The case page audited: the first case folder of cas/ in alphabetical order."""
    root = site / "cas"
    names = sorted(p.name for p in root.iterdir()
                   if p.is_dir() and p.name != "page" and (p / "index.html").is_file()) if root.is_dir() else []
    if not names:
        raise SystemExit(f"Aucune page de cas dans {root} : est-ce bien un site construit ?")
    return f"/cas/{names[0]}/"


class Handler(SimpleHTTPRequestHandler):
    """Static files, gzip-compressed for text types when asked (like a static host), no log lines."""

    gzip = True

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the redirect to the address with a slash
            path = path / "index.html"
        wants = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (self.gzip and wants and path.suffix in COMPRESSED and path.is_file()):
            return super().send_head()
        body = _compressed(str(path), path.stat().st_mtime_ns)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return _BytesReader(body)


class _BytesReader:
    def __init__(self, data: bytes):
        self.data = data

    def read(self, *_):
        data, self.data = self.data, b""
        return data

    def close(self):
        pass


@functools.lru_cache(maxsize=256)
def _compressed(path: str, _mtime: int) -> bytes:
    return gzip.compress(Path(path).read_bytes(), compresslevel=6, mtime=0)


def serve(site: Path, compress: bool = True) -> tuple[ThreadingHTTPServer, str]:
    handler = type("SiteHandler", (Handler,), {"gzip": compress})
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def audit(command: list[str], url: str) -> dict:
    """One Lighthouse run: score (0–100) and the metrics the targets speak of, or an error."""
    with tempfile.TemporaryDirectory(prefix="mallette-lh-") as tmp:
        out = Path(tmp) / "rapport.json"
        args = command + [url, "--only-categories=performance", "--form-factor=mobile",
                          "--output=json", f"--output-path={out}", "--quiet",
                          f"--chrome-flags={CHROME_FLAGS} --user-data-dir={tmp}/profil"]
        env = dict(os.environ, CHROME_PATH=CHROMIUM)
        try:
            done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired:
            return {"erreur": f"Lighthouse n'a pas fini en {TIMEOUT_S} s"}
        if not out.is_file():
            return {"erreur": (done.stderr or done.stdout or "pas de rapport").strip()[-500:]}
        report = json.loads(out.read_text(encoding="utf-8"))
    audits = report["audits"]
    score = report["categories"]["performance"]["score"]
    if score is None:
        return {"erreur": str(report.get("runtimeError") or "pas de score")}

    def value(name):
        return audits.get(name, {}).get("numericValue")

    # None when Lighthouse cannot name it: 12.2.3 with Debian's Chromium 156 fails in its
    # TraceElements gatherer (« RootCauses … frame_sequence »); the timings are unaffected.
    lcp_element = audits.get("largest-contentful-paint-element", {}).get("details", {})
    snippet = None
    for item in lcp_element.get("items", []):
        for sub in item.get("items", []):
            node = sub.get("node") if isinstance(sub, dict) else None
            if node:
                snippet = node.get("snippet")
                break
        if snippet:
            break
    return {
        "score": round(score * 100),
        "lcp_ms": round(value("largest-contentful-paint") or 0),
        "tbt_ms": round(value("total-blocking-time") or 0),
        "cls": round(value("cumulative-layout-shift") or 0, 3),
        "fcp_ms": round(value("first-contentful-paint") or 0),
        "si_ms": round(value("speed-index") or 0),
        "octets": round(value("total-byte-weight") or 0),
        "noeuds_dom": round(value("dom-size") or 0),
        "element_lcp": snippet,
        "lighthouse": report.get("lighthouseVersion"),
    }


def median_run(runs: list[dict]) -> dict | None:
    """The run with the median score (the lower middle one for an even count); None if all failed."""
    ok = sorted((r for r in runs if "score" in r), key=lambda r: (r["score"], -r["lcp_ms"]))
    return ok[(len(ok) - 1) // 2] if ok else None


def measure(site: Path, runs: int = RUNS, compress: bool = True, only: list[str] | None = None,
            progress=None) -> dict:
    """Audits the six pages of `site`; raises MissingTool when Lighthouse or Chromium is absent."""
    site = Path(site)
    command = lighthouse_command()
    check_chromium()
    server, base = serve(site, compress)
    pages = []
    try:
        for name, path in PAGES:
            path = path or first_case(site)
            if only and name not in only and path not in only:
                continue
            results = []
            for _ in range(runs):
                results.append(audit(command, base + path))
                if progress:
                    progress(name, path, results[-1])
            best = median_run(results)
            pages.append({"page": name, "chemin": path, "mediane": best, "essais": results,
                          "scores": [r.get("score") for r in results]})
    finally:
        server.shutdown()
        server.server_close()
    return {"outil": f"Lighthouse {LIGHTHOUSE_VERSION} (npm), mobile, limitation simulée",
            "gzip": compress, "essais_par_page": runs, "objectif": TARGET, "pages": pages}


def table(result: dict) -> str:
    lines = ["| Page | Chemin | Score (essais) | LCP | TBT | CLS |", "|---|---|---|---|---|---|"]
    for p in result["pages"]:
        m = p["mediane"]
        if not m:
            lines.append(f"| {p['page']} | `{p['chemin']}` | échec | | | |")
            continue
        scores = ", ".join("–" if s is None else str(s) for s in p["scores"])
        lines.append(f"| {p['page']} | `{p['chemin']}` | **{m['score']}** ({scores}) | "
                     f"{m['lcp_ms'] / 1000:.1f} s | {m['tbt_ms']} ms | {m['cls']} |")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="dossier du site construit (mkdocs build -d …)")
    parser.add_argument("--json", type=Path, help="fichier JSON où écrire les résultats")
    parser.add_argument("--runs", type=int, default=RUNS, help=f"essais par page (défaut {RUNS})")
    parser.add_argument("--sans-gzip", action="store_true", help="servir sans compression")
    parser.add_argument("--page", action="append", help="n'auditer que cette page (nom ou chemin)")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        print(f"{args.site} n'est pas un site construit (pas d'index.html).", file=sys.stderr)
        return 2

    def progress(name, path, r):
        got = f"{r['score']} (LCP {r['lcp_ms']} ms, TBT {r['tbt_ms']} ms, CLS {r['cls']})" if "score" in r else r["erreur"]
        print(f"  {name} {path} : {got}", file=sys.stderr, flush=True)

    try:
        result = measure(args.site, args.runs, not args.sans_gzip, args.page, progress)
    except MissingTool as exc:
        print(exc, file=sys.stderr)
        return 2
    print(table(result))
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
