"""Browser timings for `make bench`: the overview map, the explorer and the site search in headless Chromium.

The built site is served on 127.0.0.1 by a thread; Debian's Chromium is driven by Playwright as
tests/conftest.py does (never a downloaded browser); every request outside the served site is
refused and recorded. Times are taken inside the page (performance.now), not by Python: each
figure ends when the browser has painted the frame that shows the result.

measure(site, n) returns plain numbers (milliseconds); bench_derive and bench_targets judge them,
bench/report.md.j2 formats them.
"""
from __future__ import annotations

import functools
import json
import os
import re
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

# Same browser and flags as tests/conftest.py.
CHROMIUM = os.environ.get("MALLETTE_CHROMIUM") or "/usr/bin/chromium"  # as in tests/conftest.py
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
REPEATS = 5  # measured runs, each in a fresh context (empty cache), after one untimed warm-up
TIMEOUT_MS = 60_000
VIEWPORT = {"width": 1280, "height": 900}

# In carte/carte.html (init scripts run in every frame): notes when the markers and cluster
# counts in the marker pane add up to every case, then when that frame has been painted. Times
# are in the map document's clock; `debut` is its start in the clock of the top page (/carte/).
MAP_PROBE = r"""
(() => {
  if (!location.pathname.endsWith("/carte/carte.html")) return;
  const N = %(n)d;
  const count = () => {
    const pane = document.querySelector(".leaflet-marker-pane");
    if (!pane) return null;
    const groups = pane.querySelectorAll(".mallette-groupe");
    let sum = 0;
    groups.forEach((g) => { sum += parseInt(g.textContent, 10) || 0; });
    const singles = pane.querySelectorAll(".mallette-marqueur").length;
    return { cas: singles + sum, marqueurs: singles, groupes: groups.length };
  };
  const observer = new MutationObserver(() => {
    const c = count();
    const failed = document.querySelector(".mallette-carte[data-etat=erreur]");
    if (!failed && (!c || c.cas < N)) return;
    observer.disconnect();
    const r = Object.assign({ dom: performance.now(), erreur: !!failed }, c || {});
    r.debut = performance.timeOrigin - window.top.performance.timeOrigin;
    // The next frame's rendering is over when a message posted from its rAF callback arrives.
    requestAnimationFrame(() => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => {
        r.affiche = performance.now();
        document.documentElement.setAttribute("data-banc", JSON.stringify(r));
      };
      ch.port2.postMessage(null);
    });
  });
  observer.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ["data-etat"] });
})();
"""

# In /explorer/: a few filter changes as a reader makes them, one after the other. Each is
# timed from just before the event is dispatched to the end of the next painted frame; the
# script's own share comes from its performance.measure("explorateur-filtrage").
EXPLORER_STEPS = r"""
async () => {
  const form = document.getElementById("filtres");
  const status = document.getElementById("nombre-de-cas");
  const painted = () => new Promise((done) => requestAnimationFrame(() => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => done();
    ch.port2.postMessage(null);
  }));
  const pause = (ms) => new Promise((done) => setTimeout(done, ms || 60));  // a reader between two gestures
  const steps = [];
  async function step(label, act) {
    await pause();
    performance.clearMeasures("explorateur-filtrage");
    // The result is on the page when explorer.js says so (its cards may need a block of texts).
    const shown = new Promise((done) => form.addEventListener("explorateur-affiche", done, { once: true }));
    const t0 = performance.now();
    act();
    await shown;
    await painted();
    const ms = performance.now() - t0;
    const own = performance.getEntriesByName("explorateur-filtrage", "measure");
    steps.push({ label, ms, script: own.length ? own[own.length - 1].duration : null,
                 statut: status.textContent, fiches: document.querySelectorAll(".mallette-fiche").length });
  }
  // The unchecked box that keeps the most cases: the list changes and stays long.
  const widest = (name) => Array.from(form.querySelectorAll(`input[name="${name}"]:not(:checked)`))
    .map((box) => [parseInt((box.parentNode.querySelector(".mallette-compte") || {}).textContent?.slice(1)) || 0, box])
    .sort((a, b) => b[0] - a[0])[0][1];
  await painted();
  await step("Une condition cochée", () => widest("condition").click());
  await step("Un secteur coché", () => widest("secteur").click());
  // A word of a case still listed, typed letter by letter (one input event per letter).
  const card = document.querySelector(".mallette-fiche h3");
  const word = (card.textContent.match(/\p{L}{4,}/gu) || ["cas"]).sort((a, b) => b.length - a.length)[0].toLowerCase();
  const q = form.elements.namedItem("q");
  q.focus();  // a reader clicks in the field, then types: the texts of the cases load meanwhile
  await pause(300);
  for (const ch of word) {
    await step("Mots : une lettre tapée", () => {
      q.value += ch;
      q.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertText", data: ch }));
    });
  }
  await step("Effacer les filtres", () => form.querySelector("[data-action='effacer']").click());
  return { word, steps };
}
"""


# The search box (recherche.js): the time of the last key pressed, then, once the results of the
# expected query are in the page (`data-requete`), the end of the next painted frame.
SEARCH_PROBE = r"""
(() => {
  const banc = window.__banc = { attendu: null };
  document.addEventListener("keydown", () => { banc.touche = performance.now(); }, true);
  const start = () => {
    const box = document.getElementById("recherche");
    if (!box) return;
    new MutationObserver(() => {
      if (!banc.attendu || box.dataset.requete !== banc.attendu || banc.dom) return;
      banc.dom = performance.now();
      requestAnimationFrame(() => {
        const ch = new MessageChannel();
        ch.port1.onmessage = () => {
          banc.affiche = performance.now();
          banc.statut = document.getElementById("recherche-etat").textContent;
          banc.premier = (document.querySelector("#recherche-resultats a") || {}).pathname || "";
          document.documentElement.setAttribute("data-banc-recherche", "");
        };
        ch.port2.postMessage(null);
      });
    }).observe(box, { attributes: true, attributeFilter: ["data-requete"] });
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
"""
SEARCH_QUERIES = ("co-construction", "economie sociale", "Barcelone", "l'économie")
SEARCH_PAGE = "/"  # where the reader starts searching from
TYPING_MS = 120  # between two keys: a reader typing quickly (the search waits 30 ms after a key)


class _QuietHandler(SimpleHTTPRequestHandler):
    """Serves the site and records (path, bytes of the body sent) of each answered GET in .sent."""
    sent: list = []

    def log_message(self, *args):
        pass

    def copyfile(self, source, outputfile):
        before = source.tell()
        try:
            super().copyfile(source, outputfile)
        except (BrokenPipeError, ConnectionResetError):  # the page was closed (a measure ended) mid-file
            return
        self.sent.append((self.path.split("?")[0], source.tell() - before))


def serve(directory: Path, sent: list | None = None):
    """The folder on 127.0.0.1 (random port) in a thread: (base_url, server).

    sent: a list that receives (path, bytes) for every file served (the web worker's requests
    too, which the page's network events miss)."""
    handler = type("Handler", (_QuietHandler,), {"sent": sent if sent is not None else []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}", server


def unavailable() -> str:
    """Why the browser cannot be measured here, in French; "" when it can."""
    if not Path(CHROMIUM).exists():
        return "non mesuré : Chromium absent"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "non mesuré : Playwright absent"
    return ""


def new_page(browser, base: str, blocked: list, init_script: str = ""):
    """A page in a fresh context; requests outside base are refused and recorded in blocked.

    Only outside URLs reach Python (the regex is matched by Playwright's driver), so the
    site's own requests are not slowed down by a round trip through this process.
    """
    context = browser.new_context(locale="fr-FR", viewport=VIEWPORT)
    outside = re.compile("^(?!" + re.escape(base + "/") + ")")
    context.route(outside, lambda r: (blocked.append(r.request.url), r.abort()))
    if init_script:
        context.add_init_script(init_script)
    return context.new_page()


def map_once(browser, base: str, n: int, blocked: list) -> dict:
    """One visit of /carte/: times (ms) until every case is on the map and painted."""
    page = new_page(browser, base, blocked, MAP_PROBE % {"n": n})
    try:
        page.goto(base + "/carte/", wait_until="commit", timeout=TIMEOUT_MS)
        root = page.frame_locator("iframe.mallette-carte-cadre").locator("html[data-banc]")
        try:
            root.wait_for(state="attached", timeout=TIMEOUT_MS)
        except Exception:  # playwright TimeoutError: report what the map shows instead
            return {"timeout": True, **_map_count(page)}
        r = json.loads(root.get_attribute("data-banc"))
        return {"page_ms": r["debut"] + r["affiche"], "document_ms": r["affiche"], "dom_ms": r["debut"] + r["dom"],
                "cases": r.get("cas", 0), "markers": r.get("marqueurs", 0), "clusters": r.get("groupes", 0),
                "error": r["erreur"]}
    finally:
        page.context.close()


def _map_count(page) -> dict:
    frame = next((f for f in page.frames if f.url.endswith("/carte/carte.html")), None)
    if frame is None:
        return {"cases": 0}
    pane = ".leaflet-marker-pane"
    singles = frame.locator(f"{pane} .mallette-marqueur").count()
    grouped = sum(int(t) for t in frame.locator(f"{pane} .mallette-groupe").all_inner_texts() if t.strip().isdigit())
    return {"cases": singles + grouped}


# Layout shifts from the start of the page (the Layout Instability API, as Lighthouse counts them
# before any input): window.__cls.
CLS_PROBE = r"""
window.__cls = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) if (!e.hadRecentInput) window.__cls += e.value;
}).observe({ type: "layout-shift", buffered: true });
"""


def explorer_once(browser, base: str, blocked: list) -> dict:
    """One visit of /explorer/: when its filters work (ms from the start of navigation), the
    layout shift until then, then the timed filter changes."""
    page = new_page(browser, base, blocked, CLS_PROBE)
    try:
        page.goto(base + "/explorer/", wait_until="commit", timeout=TIMEOUT_MS)
        page.locator("#filtres[data-pret]").wait_for(state="attached", timeout=TIMEOUT_MS)
        ready = page.evaluate("""() => new Promise((done) => requestAnimationFrame(() => {
            const m = performance.getEntriesByName("explorateur-pret", "mark");
            done({ pret: m.length ? m[0].startTime : null, cls: window.__cls });
        }))""")
        out = page.evaluate(EXPLORER_STEPS)
        out.update(ready_ms=ready["pret"], cls=ready["cls"])
        return out
    finally:
        page.context.close()


def _is_search(path: str) -> bool:
    return path.startswith("/pagefind/")


def search_once(browser, base: str, sent: list, blocked: list, query: str) -> dict:
    """One reader in a fresh context: opens SEARCH_PAGE, then types query in the search box.

    Bytes are counted by the server: before the search (the page, all of it), and from the
    focus of the field to the results shown (the first query: Pagefind, its WebAssembly, the index
    parts for the words typed, the excerpts of the results shown)."""
    page = new_page(browser, base, blocked, SEARCH_PROBE)
    try:
        start = len(sent)
        page.goto(base + SEARCH_PAGE, wait_until="networkidle", timeout=TIMEOUT_MS)
        before = sent[start:]
        start = len(sent)
        page.evaluate("q => { window.__banc.attendu = q; }", query)
        page.locator("#recherche-champ").focus()
        page.keyboard.type(query, delay=TYPING_MS)
        page.locator("html[data-banc-recherche]").wait_for(state="attached", timeout=TIMEOUT_MS)
        r = page.evaluate("window.__banc")
        after = sent[start:]
        # A second query in the same page: what a reader pays once the search is loaded.
        page.evaluate("() => { const b = window.__banc; b.attendu = 'participation citoyenne'; b.dom = 0; }")
        page.evaluate("() => document.documentElement.removeAttribute('data-banc-recherche')")
        start = len(sent)
        page.locator("#recherche-champ").fill("")
        page.keyboard.type("participation citoyenne", delay=TYPING_MS)
        page.locator("html[data-banc-recherche]").wait_for(state="attached", timeout=TIMEOUT_MS)
        r2 = page.evaluate("window.__banc")
        then = sent[start:]
        return {"query": query, "before_bytes": sum(b for _, b in before),
                "before_search_files": sorted({p for p, _ in before if _is_search(p)}),
                "first_bytes": sum(b for p, b in after if _is_search(p)),
                "first_files": len([p for p, _ in after if _is_search(p)]),
                "ms": r["affiche"] - r["touche"], "status": r.get("statut", ""), "first": r.get("premier", ""),
                "next_bytes": sum(b for p, b in then if _is_search(p)), "next_ms": r2["affiche"] - r2["touche"]}
    finally:
        page.context.close()


def summarize_search(runs: list[dict]) -> dict:
    """Per query: bytes and times of every run, and what the results said."""
    out: dict = {}
    for r in runs:
        d = out.setdefault(r["query"], {"before_bytes": [], "first_bytes": [], "ms": [], "next_bytes": [], "next_ms": [],
                                        "before_search_files": [], "first_files": []})
        for k in ("before_bytes", "first_bytes", "ms", "next_bytes", "next_ms", "first_files"):
            d[k].append(r[k])
        d["before_search_files"] += r["before_search_files"]
        d["status"], d["first"] = r["status"], r["first"]
    return {"queries": out, "typing_ms": TYPING_MS, "page": SEARCH_PAGE}


# A page's own weight: the document and what it loads from the site (its frames included), less
# the theme's shared files, the search and the images of the theme, which a reader's browser keeps
# from page to page (map tiles come from outside and are refused anyway).
THEME = re.compile(r"/assets/(javascripts/(bundle\.|workers/|lunr/)|stylesheets/(main|palette)\.)|/search/|/pagefind/|/assets/images/")
# Every page type; None: found in the built site (the first case, condition and stage pages).
PAGES = {"accueil": "/", "cas": None, "index-cas": "/cas/", "explorateur": "/explorer/", "carte": "/carte/",
         "matrice": "/conditions/matrice/", "condition": None, "etape": None}
# When a page has loaded all it loads by itself: the load event of the page and of its frames, then
# the ready markers its scripts set (never the network falling idle, nor a fixed wait):
# - every map block (`.mallette-carte`, the overview map's in its frame) is `prete` or `erreur`, and
#   its outlines, fetched after the markers, `prets` or `erreur` (`data-contours`);
# - the explorer's filters work (`#filtres[data-pret]`) and its first blocks of texts, fetched
#   meanwhile, have arrived or failed (`data-textes`).
READY = r"""
(contours) => {
  const docs = [document];
  for (const f of document.querySelectorAll("iframe")) {
    let d = null;
    try { d = f.contentDocument; } catch (e) { /* another origin */ }
    if (!d || d.readyState !== "complete" || d.location.href === "about:blank") return false;
    docs.push(d);
  }
  if (document.readyState !== "complete") return false;
  for (const d of docs) {
    for (const m of d.querySelectorAll(".mallette-carte")) {
      const etat = m.getAttribute("data-etat");
      if (etat === "erreur") continue;
      if (etat !== "prete") return false;
      if (contours && !["prets", "erreur"].includes(m.getAttribute("data-contours"))) return false;
    }
    const filtres = d.getElementById("filtres");
    if (filtres && !(filtres.hasAttribute("data-pret") && filtres.hasAttribute("data-textes"))) return false;
  }
  return true;
}
"""
# Resource Timing, page and frames: bytes received (the body as sent, compressed or not; headers
# aside) and decoded (the file itself).
WEIGHT = r"""
() => {
  const own = (win) => {
    const entries = [...win.performance.getEntriesByType("navigation"), ...win.performance.getEntriesByType("resource")];
    return entries.map((e) => ({ url: e.name, sent: e.encodedBodySize || 0, raw: e.decodedBodySize || e.encodedBodySize || 0 }));
  };
  let all = own(window);
  for (const f of document.querySelectorAll("iframe")) {
    try { all = all.concat(own(f.contentWindow)); } catch (e) { /* another origin */ }
  }
  return all;
}
"""


def page_paths(site: Path, case_path: str = "") -> dict:
    """{name: path} of every page type weighed, the first case, condition and stage of the site
    (in alphabetical order) standing for their kind."""
    def first(folder: str, skip=("page",)) -> str:
        root = site / folder
        names = sorted(p.parent.name for p in root.glob("*/index.html") if p.parent.name not in skip) \
            if root.is_dir() else []
        return f"/{folder}/{names[0]}/" if names else ""
    found = {"cas": case_path or first("cas"), "condition": first("conditions", ("page", "matrice")),
             "etape": first("etapes")}
    return {name: path or found[name] for name, path in PAGES.items() if path or found[name]}


def weigh_pages(browser, base: str, blocked: list, paths: dict, contours: bool) -> dict:
    """{name: {"path", "transferred", "raw", "requests", "files"} or {"path", "error"}}: each page's own bytes once it
    is ready (READY), as received from a server that compresses like a static host (see
    serve_compressed) and decoded; files: [path, received, decoded], largest first."""
    out = {}
    for name, path in paths.items():
        page = new_page(browser, base, blocked)
        try:
            try:
                page.goto(base + path, wait_until="load", timeout=TIMEOUT_MS)
                page.wait_for_function(READY, arg=contours, timeout=TIMEOUT_MS)
            except Exception as e:  # a page that never gets ready: said for it, the others still weighed
                out[name] = {"path": path, "error": f"{type(e).__name__} : {(str(e).strip().splitlines() or [''])[0][:200]}"}
                continue
            seen: dict[str, tuple[int, int]] = {}
            for e in page.evaluate(WEIGHT):
                if e["url"].startswith(base) and not THEME.search(e["url"]):
                    old = seen.get(e["url"], (0, 0))
                    seen[e["url"]] = (max(old[0], e["sent"]), max(old[1], e["raw"]))
            out[name] = {"path": path, "transferred": sum(s for s, _ in seen.values()),
                         "raw": sum(r for _, r in seen.values()), "requests": len(seen),
                         "files": sorted(([u[len(base):], s, r] for u, (s, r) in seen.items()), key=lambda x: -x[1])}
        finally:
            page.context.close()
    return out


def serve_compressed(directory: Path):
    """The folder served as a static host serves it (GitHub Pages, most hosts): HTML, CSS,
    JavaScript, JSON… gzip-compressed when the browser asks (scripts/bench_lighthouse.py's server);
    (base_url, server)."""
    import bench_lighthouse
    server, base = bench_lighthouse.serve(directory, compress=True)
    return base, server


def weigh(browser, site: Path, case_path: str, blocked: list) -> dict:
    """weigh_pages on the site served compressed, by a server of its own."""
    base, server = serve_compressed(site)
    try:
        return weigh_pages(browser, base, blocked, page_paths(site, case_path),
                           contours=(site / "carte" / "contours.json").is_file())
    finally:
        server.shutdown()
        server.server_close()


def summarize_map(runs: list[dict], n: int) -> dict:
    ok = [r for r in runs if not r.get("timeout") and not r.get("error")]
    out = {"runs": len(runs), "complete": len(ok), "cases": [r.get("cases", 0) for r in runs], "n": n}
    for key in ("page_ms", "document_ms", "dom_ms"):
        out[key] = [r[key] for r in ok]
    if ok:
        out["markers"], out["clusters"] = ok[-1]["markers"], ok[-1]["clusters"]
    return out


def summarize_explorer(runs: list[dict]) -> dict:
    """Per kind of change, in the order met: every time measured (ms) and the script's share."""
    steps: dict[str, dict] = {}
    for run in runs:
        for s in run["steps"]:
            d = steps.setdefault(s["label"], {"ms": [], "script": []})
            d["ms"].append(s["ms"])
            if s["script"] is not None:
                d["script"].append(s["script"])
    last = runs[-1]["steps"] if runs else []
    return {"runs": len(runs), "word": runs[-1]["word"] if runs else "", "steps": steps,
            "ready_ms": [r["ready_ms"] for r in runs if r.get("ready_ms") is not None],
            "cls": [r.get("cls", 0) for r in runs],
            "final_status": last[-1]["statut"] if last else "", "cards_shown": last[-1]["fiches"] if last else 0}


def _attempt(what: str, fn, log) -> dict:
    """fn(), or {"error": ...} in French: one failed measurement must not lose the other."""
    try:
        return fn()
    except Exception as e:  # Playwright timeouts and errors, a page that never got ready
        first = (str(e).strip().splitlines() or [""])[0][:300]
        log(f"navigateur : échec de la mesure de {what} : {type(e).__name__} : {first}")
        return {"error": f"{type(e).__name__} : {first}"}


def measure(site: Path, n: int, repeats: int = REPEATS, log=print, search_only: bool = False,
            search_repeats: int = 0, case_path: str = "", warm_up: bool = True) -> dict:
    """Map, explorer, page weights and search measures on a built site of n cases; {"skipped": reason}
    if not possible.

    search_only: the search alone (a site built outside `make bench`, see main()).
    warm_up=False: no unmeasured first visit (tests/test_bench_browser.py checks what the probes
    find, not their timings)."""
    reason = unavailable()
    if reason:
        return {"skipped": reason}
    from playwright.sync_api import sync_playwright

    sent: list = []
    base, server = serve(site, sent)
    blocked: list[str] = []
    out = {"n": n, "repeats": repeats, "load": [os.getloadavg()[0]]}  # wall times: the machine's load matters
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            out["chromium"] = browser.version
            try:
                def maps():
                    # The first visit warms the file cache and the browser up: measured only without warm_up.
                    runs = [map_once(browser, base, n, blocked)]
                    for _ in range(repeats if warm_up else 0):
                        if runs[-1].get("timeout"):  # a map that never shows every case: once is enough
                            break
                        runs.append(map_once(browser, base, n, blocked))
                    return summarize_map(runs[1:] or runs, n)

                def explorers():
                    if warm_up:
                        explorer_once(browser, base, blocked)
                    return summarize_explorer([explorer_once(browser, base, blocked) for _ in range(repeats)])

                def searches():
                    if warm_up:
                        search_once(browser, base, sent, blocked, SEARCH_QUERIES[0])
                    return summarize_search([search_once(browser, base, sent, blocked, q)
                                             for _ in range(search_repeats or repeats) for q in SEARCH_QUERIES])

                if not search_only:
                    out["map"] = _attempt("la carte", maps, log)
                    out["explorer"] = _attempt("l’explorateur", explorers, log)
                    out["pages"] = _attempt("le poids des pages", lambda: weigh(browser, site, case_path, blocked), log)
                out["search"] = _attempt("la recherche", searches, log)
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()
    out["blocked"] = sorted(set(blocked))
    out["load"].append(os.getloadavg()[0])
    return out


def main(argv=None) -> int:
    """`python scripts/bench_browser.py SITE N`: the search measures alone, on a site already built
    (e.g. a 20,000-case corpus built once, too long to build three times for `make bench`), as
    JSON: bench_browser.measure's output, the `browser` of one size in bench/results.json."""
    import argparse
    import sys
    p = argparse.ArgumentParser(description="Mesure la recherche dans Chromium sur un site déjà construit.")
    p.add_argument("site", type=Path)
    p.add_argument("n", type=int)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--all", action="store_true", help="carte, explorateur et poids des pages aussi")
    p.add_argument("--json", type=Path, help="écrire le JSON dans ce fichier (sinon : sortie standard)")
    args = p.parse_args(argv)
    out = measure(args.site, args.n, repeats=args.repeats, log=lambda m: print(m, file=sys.stderr),
                  search_only=not args.all, search_repeats=args.repeats)
    text = json.dumps(out, ensure_ascii=False, indent=1)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    else:
        print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
