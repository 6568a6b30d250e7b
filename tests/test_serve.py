"""`make serve`: while the content has an error, the browser shows it; fixed, the site comes back.
An edit shows on every page that shows the edited case, though a rebuild redoes only what changed
(`mkdocs serve --dirty`, as `make serve` runs it; mallette/preview.py).

The plain build still refuses to write anything (tests/test_site.py)."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from conftest import ROOT, make_project

# Every test here starts `mkdocs serve` (through _serve, which conftest's scan of the test's own
# source does not see): a site build, left out by `make check`.
pytestmark = [pytest.mark.site, pytest.mark.lent]



def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.status, r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8")
    except OSError:
        return 0, ""


def _wait_for(url: str, marker: str, server, deadline: float = 120) -> tuple[int, str]:
    """Poll until the page holds its ready marker (the server rebuilds in its own time)."""
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        assert server.poll() is None, server.stderr.read()
        status, body = _get(url)
        if marker in body:
            return status, body
        time.sleep(0.2)  # polling interval, not a wait for a result
    raise AssertionError(f"{url}: « {marker} » absent après {deadline} s")


def _serve(project, port: int) -> subprocess.Popen:
    """`mkdocs serve` as `make serve` runs it (Makefile)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
    return subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty", "-f", str(project / "mkdocs.yml"),
                             "--dev-addr", f"127.0.0.1:{port}"],
                            cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def _stop(server: subprocess.Popen) -> None:
    """Ctrl+C, as a contributor stops it: the search index running in the background stops too."""
    server.send_signal(signal.SIGINT)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
    server.stderr.close()


def test_serve_shows_content_errors_then_the_site(tmp_path):
    project = make_project(tmp_path / "projet")
    case = project / "content/cases/strasbourg-conseil-ess.yaml"
    good = case.read_text(encoding="utf-8")
    broken = good.replace("  - condition: lieux-dedies\n", "  - condition: lieux-dedie\n", 1)
    assert broken != good
    case.write_text(broken, encoding="utf-8")
    port = _free_port()
    server = _serve(project, port)
    try:
        base = f"http://127.0.0.1:{port}"
        _, home = _wait_for(base + "/", 'id="mallette-erreurs"', server)
        assert "content/cases/strasbourg-conseil-ess.yaml:" in home
        assert "[condition-inconnue]" in home and "« lieux-dedie »" in home
        assert '<html lang="fr">' in home
        # Any address of the preview shows the same list, not a blank 404.
        _, deep = _wait_for(base + "/cas/strasbourg-conseil-ess/", 'id="mallette-erreurs"', server)
        assert "[condition-inconnue]" in deep
        case.write_text(good, encoding="utf-8")  # the contributor fixes the file
        status, page = _wait_for(base + "/cas/strasbourg-conseil-ess/", "Strasbourg", server)
        assert status == 200 and "mallette-erreurs" not in page
    finally:
        _stop(server)
    assert ROOT.exists()


def test_an_edit_shows_on_every_page_of_the_case_and_an_error_comes_and_goes(tmp_path):
    project = make_project(tmp_path / "projet")
    case = project / "content/cases/strasbourg-conseil-ess.yaml"
    good = case.read_text(encoding="utf-8")
    assert 'title: "Le Conseil de l\'ESS de Strasbourg"' in good
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = _serve(project, port)
    try:
        page = base + "/cas/strasbourg-conseil-ess/"
        _wait_for(page, "Le Conseil de l", server)
        # Pages that name the case besides its own: the list of cases, a condition it illustrates,
        # a case that lists it (« Cas liés » or « Cas proches »).
        others = [base + "/cas/", base + "/conditions/lieux-dedies/"]
        for url in others:
            assert "Le Conseil de l" in _get(url)[1], url
        listing = [f"{base}/cas/{p.stem}/" for p in sorted(case.parent.glob("*.yaml")) if p != case
                   and "strasbourg-conseil-ess/" in _get(f"{base}/cas/{p.stem}/")[1]]
        assert listing, "no case page links to the case"
        if "Le Conseil de l" in _get(base + "/")[1]:  # the home block (« En un coup d'œil »), made in memory
            others.append(base + "/")

        edited = good.replace('title: "Le Conseil', 'title: "Retouché Le Conseil', 1)
        case.write_text(edited, encoding="utf-8")
        _wait_for(page, "Retouché Le Conseil", server)
        for url in others + listing:  # rebuilt with the page (their sources changed), not later
            assert "Retouché Le Conseil" in _get(url)[1], url

        case.write_text(edited.replace("  - condition: lieux-dedies\n", "  - condition: lieux-dedie\n", 1),
                        encoding="utf-8")
        _, shown = _wait_for(page, 'id="mallette-erreurs"', server)
        assert "[condition-inconnue]" in shown
        status, other = _get(listing[0])  # every address, not only the page of the broken case
        assert 'id="mallette-erreurs"' in other

        case.write_text(edited, encoding="utf-8")  # fixed: the site comes back, as it was
        status, back = _wait_for(page, "Retouché Le Conseil", server)
        assert status == 200 and "mallette-erreurs" not in back
        for url in [base + "/"] + others + listing:
            status, html = _get(url)
            assert status == 200 and "mallette-erreurs" not in html, url
        assert "Retouché Le Conseil" in _get(base + "/cas/")[1]
    finally:
        _stop(server)
