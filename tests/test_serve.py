"""`make serve`: while the content has an error, the browser shows it; fixed, the site comes back.

The plain build still refuses to write anything (tests/test_site.py)."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

from conftest import ROOT, make_project



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


def test_serve_shows_content_errors_then_the_site(tmp_path):
    project = make_project(tmp_path / "projet")
    case = project / "content/cases/strasbourg-conseil-ess.yaml"
    good = case.read_text(encoding="utf-8")
    broken = good.replace("  - condition: lieux-dedies\n", "  - condition: lieux-dedie\n", 1)
    assert broken != good
    case.write_text(broken, encoding="utf-8")
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-f", str(project / "mkdocs.yml"),
                               "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
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
        server.terminate()
        server.wait(timeout=30)
        server.stderr.close()
    assert ROOT.exists()
