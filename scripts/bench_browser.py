"""Browser timings for `make bench`: the overview map and the explorer in headless Chromium.

The built site is served on 127.0.0.1 by a thread; Debian's Chromium is driven by Playwright as
tests/conftest.py does (never a downloaded browser); every request outside the served site is
refused and recorded. Times are taken inside the page (performance.now), not by Python: each
figure ends when the browser has painted the frame that shows the result.

measure(site, n) returns plain numbers (milliseconds); bench.py formats them and judges targets.
"""
from __future__ import annotations

import functools
import json
import os
import re
import statistics
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
  const pause = () => new Promise((done) => setTimeout(done, 60));  // a reader between two gestures
  const steps = [];
  async function step(label, act) {
    await pause();
    performance.clearMeasures("explorateur-filtrage");
    const t0 = performance.now();
    act();
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


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(directory: Path):
    """The folder on 127.0.0.1 (random port) in a thread: (base_url, server)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(directory)))
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


def explorer_once(browser, base: str, blocked: list) -> dict:
    """One visit of /explorer/ once its data is loaded: the timed filter changes."""
    page = new_page(browser, base, blocked)
    try:
        page.goto(base + "/explorer/", wait_until="commit", timeout=TIMEOUT_MS)  # N server-rendered cards
        page.locator("#filtres[data-pret]").wait_for(state="attached", timeout=TIMEOUT_MS)
        return page.evaluate(EXPLORER_STEPS)
    finally:
        page.context.close()


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
            "final_status": last[-1]["statut"] if last else "", "cards_shown": last[-1]["fiches"] if last else 0}


def _attempt(what: str, fn, log) -> dict:
    """fn(), or {"error": ...} in French: one failed measurement must not lose the other."""
    try:
        return fn()
    except Exception as e:  # Playwright timeouts and errors, a page that never got ready
        first = (str(e).strip().splitlines() or [""])[0][:300]
        log(f"navigateur : échec de la mesure de {what} : {type(e).__name__} : {first}")
        return {"error": f"{type(e).__name__} : {first}"}


def measure(site: Path, n: int, repeats: int = REPEATS, log=print) -> dict:
    """Map and explorer timings on a built site of n cases; {"skipped": reason} if not possible."""
    reason = unavailable()
    if reason:
        return {"skipped": reason}
    from playwright.sync_api import sync_playwright

    base, server = serve(site)
    blocked: list[str] = []
    out = {"n": n, "repeats": repeats, "load": [os.getloadavg()[0]]}  # wall times: the machine's load matters
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            out["chromium"] = browser.version
            try:
                def maps():
                    runs = [map_once(browser, base, n, blocked)]  # warm-up: file cache, browser start
                    for _ in range(repeats):
                        if runs[-1].get("timeout"):  # a map that never shows every case: once is enough
                            break
                        runs.append(map_once(browser, base, n, blocked))
                    return summarize_map(runs[1:] or runs, n)

                def explorers():
                    explorer_once(browser, base, blocked)
                    return summarize_explorer([explorer_once(browser, base, blocked) for _ in range(repeats)])

                out["map"] = _attempt("la carte", maps, log)
                out["explorer"] = _attempt("l’explorateur", explorers, log)
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()
    out["blocked"] = sorted(set(blocked))
    out["load"].append(os.getloadavg()[0])
    return out
