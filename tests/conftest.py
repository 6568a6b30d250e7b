"""Shared helpers: a throwaway copy of the project's content, and mkdocs builds into tmp dirs.

Two tiers, decided here for every test, new ones included (nothing to declare):
- `make check` runs `pytest -m "not site"`: validation, core and scripts, seconds;
- `make test` runs everything. A test is marked `site` when it needs a browser or a site build:
  it uses (directly or through another fixture) one of SITE_FIXTURES, or its code or a fixture's
  code calls `mkdocs_build` / runs `mkdocs`. See pytest_collection_modifyitems below.
"""
from __future__ import annotations

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


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real content, built once with --strict."""
    base = tmp_path_factory.mktemp("real")
    site = base / "site"
    result = mkdocs_build(ROOT, site)
    assert result.returncode == 0, result.stderr
    return site


# --- the built site in a real browser ----------------------------------------------------

# Debian's Chromium here; CI on GitHub's runners sets MALLETTE_CHROMIUM to Playwright's (see
# .github/workflows/pull-request.yml). Never a browser downloaded by the tests themselves.
CHROMIUM = os.environ.get("MALLETTE_CHROMIUM") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


class _QuietHandler(__import__("http.server").server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output clean
        pass


def serve(directory: Path):
    """Serve a folder on 127.0.0.1 (random port) in a thread; returns (base_url, server)."""
    import functools
    import threading
    from http.server import ThreadingHTTPServer

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(directory)))
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


def open_page(browser, site_url: str, viewport: dict | None = None):
    """A page in its own context where every request outside site_url is blocked and recorded.

    page.blocked: URLs refused; page.dialogs: alert/confirm/prompt messages (hostile content).
    The caller closes page.context.
    """
    context = browser.new_context(locale="fr-FR", viewport=viewport or {"width": 1280, "height": 900})
    pg = context.new_page()
    pg.blocked, pg.dialogs = [], []

    def route(r):
        if r.request.url.startswith(site_url + "/") or r.request.url == site_url:
            r.continue_()
        else:
            pg.blocked.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.site = site_url
    return pg


@pytest.fixture
def page(chromium, site_url):
    """A fresh page on the real site, outside requests blocked (see open_page)."""
    pg = open_page(chromium, site_url)
    yield pg
    pg.context.close()


# The site as .github/workflows/publish.yml builds it: with the repository link and the
# « Modifier cette page » buttons, which a plain build leaves out.
PUBLISHED_REPO_URL = "https://github.com/rtes/e-mallette"


@pytest.fixture(scope="session")
def published_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("published") / "site"
    result = mkdocs_build(ROOT, site, env={"MALLETTE_REPO_URL": PUBLISHED_REPO_URL})
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="session")
def published_url(published_site):
    base, server = serve(published_site)
    yield base
    server.shutdown()


# --- tiers: `make check` (not site) and `make test` (all) ---------------------------------------

# Fixtures that build the site or start the browser; any fixture built on them is one too.
SITE_FIXTURES = {"built_site", "site_url", "chromium", "page", "published_site", "published_url"}
_BUILDS = re.compile(r"\bmkdocs_build\(|[\"']mkdocs[\"'],\s*[\"'](?:build|serve)|\bbuild_browser\b|sync_playwright")


def _builds(func) -> bool:
    try:
        return bool(_BUILDS.search(inspect.getsource(func)))
    except (OSError, TypeError):
        return False


def pytest_configure(config):
    config.addinivalue_line("markers", "site: needs a site build or a browser (left out by `make check`)")


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
