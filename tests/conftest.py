"""Shared helpers: a throwaway copy of the project's content, and mkdocs builds into tmp dirs.

Two tiers, decided here for every test, new ones included (nothing to declare):
- `make check` runs `pytest -m "not site"`: validation, core and scripts, seconds;
- `make test` runs everything. A test is marked `site` when it needs a browser or a site build:
  it uses (directly or through another fixture) one of SITE_FIXTURES, or its code or a fixture's
  code calls `mkdocs_build` / runs `mkdocs`. See pytest_collection_modifyitems below.
"""
from __future__ import annotations

import functools
import inspect
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def make_project(dest: Path) -> Path:
    """A project folder that builds like the real one, with its own copy of content/."""
    shutil.copytree(ROOT / "content", dest / "content")
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    for name in ("hooks", "overrides", "templates", "schema", "mallette"):
        os.symlink(ROOT / name, dest / name)
    return dest


def mkdocs_build(project: Path, site: Path, *extra: str, env: dict | None = None) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site), *extra],
        capture_output=True, text=True, env=full_env, timeout=600,
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "projet")


# --- things made once per test run, shared by the pytest-xdist workers ----------------------------

def _run_folder(tmp_path_factory) -> Path:
    """The folder of this test run: under pytest-xdist, every worker's basetemp is inside it."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def made_once(tmp_path_factory, name: str, make, wait: bool = True) -> Path | None:
    """Folder `name`, filled by make(folder) once per test run however many workers run the tests.

    A session fixture runs once per xdist worker: without this, `pytest -n 2` builds each site
    twice. The first worker to ask makes it while holding a lock; the others wait, then reuse it.
    A failure is made once too: the others fail with the same message instead of trying again.
    make(folder) must leave nothing outside folder that the tests need.
    wait=False (the session's head start, see _head_start): None at once if another process or
    thread is making it; the one that asks later still waits for it."""
    try:
        import fcntl
    except ImportError:  # no flock (Windows): each worker makes its own
        folder = tmp_path_factory.mktemp(name)
        make(folder)
        return folder
    shared = _run_folder(tmp_path_factory) / "partage"
    shared.mkdir(exist_ok=True)
    folder, done, failed = shared / name, shared / f"{name}.fait", shared / f"{name}.echec"
    with open(shared / f"{name}.verrou", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))  # released when the file is closed
        except BlockingIOError:
            return None
        if not done.exists() and not failed.exists():
            folder.mkdir()
            try:
                make(folder)
            except BaseException as e:
                failed.write_text(f"{type(e).__name__}: {e}", encoding="utf-8")
                raise
            done.touch()
    if failed.exists():
        pytest.fail(f"{name} : échec dans un autre processus de test :\n{failed.read_text(encoding='utf-8')}")
    return folder


def build_into(project: Path = ROOT, env: dict | None = None):
    """make(folder) for made_once: project built with --strict (mkdocs_build) into folder/site."""
    def make(folder: Path):
        result = mkdocs_build(project, folder / "site", env=env)
        assert result.returncode == 0, result.stderr
    return make


def built_once(tmp_path_factory, name: str, project: Path = ROOT, env: dict | None = None) -> Path:
    """project built with --strict (mkdocs_build) once per test run, as name/site. A name declared
    with shared() is made by the make it was declared with (project and env are then unused)."""
    return made_once(tmp_path_factory, name, SHARED[name][1] if name in SHARED else build_into(project, env)) / "site"


# Folders made once per run that the session starts making before any test asks for them:
# name -> (the fixtures that use it, make). A test module declares its own with shared().
SHARED: dict[str, tuple[frozenset[str], object]] = {}


def shared(name: str, make, *fixtures: str):
    """Declare made_once(name, make), asked for by these fixtures: when the session starts, the
    folders its tests will use are made in the background (_head_start) while the tests that need
    no site run, instead of keeping a worker idle when its first site test asks. Returns make."""
    SHARED[name] = (frozenset(fixtures), make)
    return make


shared("reel", build_into(), "built_site")
shared("reel-encore", build_into(), "rebuilt_site")


def _make_in_background(tmp_path_factory, names: list[str]):
    """A thread that makes the SHARED folders names, in this order, and the event that stops it
    after the folder in progress. It skips a folder another process or thread is already making,
    so that the workers' threads share them out. A failure is recorded (made_once) and reported
    by the tests that use the folder."""
    import threading

    _run_folder(tmp_path_factory)  # basetemp made here, not in two threads at once
    stop = threading.Event()

    def make_all():
        for name in names:
            if stop.is_set():
                return
            try:
                made_once(tmp_path_factory, name, SHARED[name][1], wait=False)
            except BaseException:  # noqa: BLE001 - recorded in name.echec, reported by the tests
                pass

    thread = threading.Thread(target=make_all, name="mallette-head-start", daemon=True)
    thread.start()
    return thread, stop


@pytest.fixture(scope="session", autouse=True)
def _head_start(request, tmp_path_factory):
    """The SHARED folders this session's tests use, started when the first test starts, in the
    order the tests first need them. Tests that need no site do not depend on it (the `site`
    tier below ignores this fixture): `make check` starts nothing."""
    wanted: list[str] = []
    for item in request.session.items:
        names = set(getattr(item, "fixturenames", ()))
        wanted += [n for n, (fixtures, _) in SHARED.items() if n not in wanted and names & fixtures]
    started = _make_in_background(tmp_path_factory, wanted) if wanted else None
    yield
    if started:  # a session stopped early (-x) ends the build in progress, starts no other
        thread, stop = started
        stop.set()
        thread.join()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real content, built once with --strict."""
    return built_once(tmp_path_factory, "reel")


@pytest.fixture(scope="session")
def rebuilt_site(tmp_path_factory) -> Path:
    """The real content built a second time, in another folder: determinism tests compare it with built_site."""
    return built_once(tmp_path_factory, "reel-encore")


# --- the built site in a real browser ----------------------------------------------------

# Debian's Chromium here; CI on GitHub's runners sets MALLETTE_CHROMIUM to Playwright's (see
# .github/workflows/pull-request.yml). Never a browser downloaded by the tests themselves.
CHROMIUM = os.environ.get("MALLETTE_CHROMIUM") or "/usr/bin/chromium"
# Nothing leaves the machine: every request goes to a proxy where nothing listens (the discard
# port), except those to 127.0.0.1, where the tests serve the sites; each test records the
# requests outside its site (outside_requests_recorded). A route on every request did the same
# with a round trip through the test process per file, and without the HTTP cache.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
                 "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=127.0.0.1"]


def outside_requests_recorded(target, site_url: str) -> list[str]:
    """The list a page or a context (target) appends every request outside site_url to (refused
    by the proxy of CHROMIUM_ARGS). data: and blob: URLs are made inside the page, never requested."""
    blocked: list[str] = []

    def record(request):
        url = request.url
        if not (url == site_url or url.startswith((site_url + "/", "data:", "blob:"))):
            blocked.append(url)

    target.on("request", record)
    return blocked


class _QuietHandler(__import__("http.server").server.SimpleHTTPRequestHandler):
    paths: list[str] | None = None
    protocol_version = "HTTP/1.1"  # connections kept for the next file, as a static host does

    def log_message(self, *args):  # keep test output clean
        pass

    def do_GET(self):
        if self.paths is not None:
            self.paths.append(self.path)
        super().do_GET()

    def end_headers(self):
        # As GitHub Pages (publish.yml) says: the pages of a test reuse the files as a reader's
        # browser does (about 7 % less CPU than none kept); close_page empties the cache after it.
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()


def serve(directory: Path, paths: list[str] | None = None):
    """Serve a folder on 127.0.0.1 (random port) in a thread; returns (base_url, server).
    paths: a list the server appends the path of every request it answers to (what a page's web
    worker fetches, Pagefind's index, reaches no listener of the page)."""
    import functools
    import threading
    from http.server import ThreadingHTTPServer

    class Server(ThreadingHTTPServer):
        # The kernel's queue of connections not yet accepted is 5 by default: a browser opens
        # six at once per page, and a busy test process accepts late. An overflow (TcpExt
        # ListenOverflows) leaves the browser waiting for retransmissions, a second or more each.
        request_queue_size = 128

    handler = type("Handler", (_QuietHandler,), {"paths": paths})
    server = Server(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}", server


@pytest.fixture(scope="session")
def site_url(built_site):
    base, server = serve(built_site)
    yield base
    server.shutdown()


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium driven by Playwright. Missing in CI is a failure, never a silent skip."""
    if not Path(CHROMIUM).exists():
        message = (f"{CHROMIUM} absent : `make test` l'installe (paquet Debian chromium), "
                   "ou indiquez un autre Chromium dans MALLETTE_CHROMIUM.")
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


VIEWPORT = {"width": 1280, "height": 900}

# The worker's browser context where the tests' pages open as tabs (open_page): browser -> (the
# context, its keeper tab's CDP session). The keeper holds a page of 127.0.0.1 open: a new tab on
# that host then joins the renderer process it keeps alive instead of starting one. Measured here
# (2 cores), a page opened, sent to a case page and closed: about 0.5 s of CPU as a tab, 1.0 s in a
# context of its own; the suite opens about a hundred.
_TABS: dict = {}


def _tabs(browser, site_url: str):
    if browser not in _TABS:
        context = browser.new_context(locale="fr-FR", viewport=VIEWPORT)
        keeper = context.new_page()
        keeper.goto(site_url + "/.onglet-gardien")  # any address of the host: a 404 is enough
        _TABS[browser] = (context, context.new_cdp_session(keeper))
    return _TABS[browser]


def open_page(browser, site_url: str, viewport: dict | None = None, new_visitor: bool = False,
              scripts: bool = True):
    """A page where every request outside site_url is refused and recorded; close it with close_page.

    page.blocked: URLs refused; page.dialogs: alert/confirm/prompt messages (hostile content).
    A new tab of the worker's context (_tabs), as fresh as a new context for what a test can see:
    close_page empties the context's HTTP cache and erases what the tab stored (local storage,
    IndexedDB, cookies…) for every origin it visited. A context of its own instead: new_visitor=True,
    for a test about another visitor, who shares nothing with the pages still open; scripts=False,
    JavaScript off (a setting of the whole context).
    """
    if new_visitor or not scripts:
        context = browser.new_context(locale="fr-FR", viewport=viewport or VIEWPORT, java_script_enabled=scripts)
        pg = context.new_page()
        pg.eraser = None  # close_page closes the context, and what it held with it
    else:
        context, eraser = _tabs(browser, site_url)
        pg = context.new_page()
        pg.eraser = eraser
        if viewport:
            pg.set_viewport_size(viewport)
        pg.origins = set()
        pg.on("request", lambda r: pg.origins.add(_origin(r.url)))
    pg.blocked, pg.dialogs = outside_requests_recorded(pg, site_url), []
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.site = site_url
    return pg


def _origin(url: str) -> str:
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{rest.split('/', 1)[0]}" if scheme in ("http", "https") else ""


def close_page(pg) -> None:
    """Close a page of open_page: its context if it had its own, else the tab, then the shared
    context's HTTP cache and what the tab's origins stored, so that the next test starts from nothing."""
    if pg.eraser is None:
        pg.context.close()
        return
    pg.close()  # first: its scripts store nothing more
    for origin in sorted(pg.origins - {""}):
        pg.eraser.send("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": "all"})
    pg.eraser.send("Network.clearBrowserCache")


@pytest.fixture
def page(chromium, site_url):
    """A fresh page on the real site, outside requests blocked (see open_page)."""
    pg = open_page(chromium, site_url)
    yield pg
    close_page(pg)


# The site as .github/workflows/publish.yml builds it: with the repository link and the
# « Modifier cette page » buttons, which a plain build leaves out.
PUBLISHED_REPO_URL = "https://github.com/rtes/e-mallette"


shared("publie", build_into(env={"MALLETTE_REPO_URL": PUBLISHED_REPO_URL}), "published_site")


@pytest.fixture(scope="session")
def published_site(tmp_path_factory) -> Path:
    return built_once(tmp_path_factory, "publie")


@pytest.fixture(scope="session")
def published_url(published_site):
    base, server = serve(published_site)
    yield base
    server.shutdown()


# --- tiers: `make check` (not site) and `make test` (all) ---------------------------------------

# Fixtures that build the site or start the browser; any fixture built on them is one too.
SITE_FIXTURES = {"built_site", "rebuilt_site", "site_url", "chromium", "page", "published_site", "published_url"}
_BUILDS = re.compile(r"\b(?:mkdocs_build|built_once|made_once)\(|[\"']mkdocs[\"'],\s*[\"'](?:build|serve)|\bbuild_browser\b|sync_playwright")


@functools.lru_cache(maxsize=None)  # once per function, not once per parameter set (collection time)
def _builds(func) -> bool:
    try:
        return bool(_BUILDS.search(inspect.getsource(func)))
    except (OSError, TypeError):
        return False


def pytest_configure(config):
    config.addinivalue_line("markers", "site: needs a site build or a browser (left out by `make check`)")
    # pytest-xdist's own marker, declared for runs without it (-p no:xdist)
    config.addinivalue_line("markers", "xdist_group(name): tests kept on one pytest-xdist worker (--dist loadgroup)")
    config.pluginmanager.register(_RunOrder(), "mallette-run-order")


def pytest_collection_modifyitems(config, items):
    fixture_builds: dict[str, bool] = {}
    for item in items:
        info = getattr(item, "_fixtureinfo", None)
        names = set(getattr(item, "fixturenames", ()))
        slow = bool(names & SITE_FIXTURES) or _builds(getattr(item, "function", None))
        if not slow and info is not None:
            for name in names:
                if name not in fixture_builds:
                    defs = info.name2fixturedefs.get(name) or ()
                    fixture_builds[name] = any(_builds(d.func) for d in defs)
                if fixture_builds[name]:
                    slow = True
                    break
        if slow:
            item.add_marker(pytest.mark.site)


class _RunOrder:
    """After selection (-m, -k): the order the tests run in, and their xdist groups.

    - The tests that need no site run first, while _head_start makes the shared sites: a worker
      then rarely waits for a build. The order is the same in every worker (xdist checks it), and
      `make test` keeps it (--no-loadscope-reorder). In each tier, the tests marked `lent` first.
    - pytest-xdist 3.8 groups the tests marked xdist_group by appending `@group` to their id, in
      an attribute pytest 9 no longer reads (item._nodeid; the id is item._id): the group is put
      where pytest reads it, so that --dist loadgroup sends a group's tests to one worker (they
      share one visit of a page, one printed PDF, one build)."""

    @pytest.hookimpl(trylast=True)  # after xdist's own hook and after deselection
    def pytest_collection_modifyitems(self, config, items):
        # Stable; in each tier the long tests (`lent`) first: started last, one of them would end the run alone.
        items.sort(key=lambda item: (item.get_closest_marker("site") is not None, item.get_closest_marker("lent") is None))
        for item in items:
            grouped = getattr(item, "_nodeid", None)
            if grouped and grouped != item.nodeid and hasattr(item, "_id"):
                from _pytest.nodeid import NodeId
                item._id = NodeId.parse(grouped)


# recherche.js has set up the search (its shortcut « / » included): before a test presses it.
SEARCH_READY = "#recherche[data-etat]"

# For a tile image's locator.evaluate: resolves once its request has ended, loaded or refused
# (networkidle, reached before tiles are asked for, would not wait for them).
TILE_SETTLED = ("img => img.complete || new Promise(done => {"
                " img.addEventListener('load', done, {once: true}); img.addEventListener('error', done, {once: true}); })")
