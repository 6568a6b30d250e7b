"""scripts/bench_lighthouse.py without running Lighthouse: the pages it audits, the server it
audits them through, the run it keeps and its French message when a tool is missing. The scores
themselves belong to the bench."""
from __future__ import annotations

import gzip
import urllib.request

import pytest

import bench_lighthouse as lh  # noqa: E402


def _site(tmp_path):
    for path in ("index.html", "cas/index.html", "cas/page/2/index.html", "cas/zeta/index.html",
                 "cas/alpha-2/index.html", "carte/cas.json"):
        f = tmp_path / path
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text("<!doctype html><title>x</title>" + "é" * 2000, encoding="utf-8")
    (tmp_path / "cas" / "vide").mkdir()  # a folder without a page is not a case
    return tmp_path


def test_the_case_page_is_the_first_case_folder_whatever_the_pager(tmp_path):
    assert lh.first_case(_site(tmp_path)) == "/cas/alpha-2/"


def test_the_server_compresses_text_like_a_static_host_and_can_be_told_not_to(tmp_path):
    site = _site(tmp_path)
    for compress in (True, False):
        server, base = lh.serve(site, compress)
        try:
            for path in ("/cas/zeta/", "/carte/cas.json"):
                request = urllib.request.Request(base + path, headers={"Accept-Encoding": "gzip"})
                with urllib.request.urlopen(request) as r:
                    body = r.read()
                    encoding = r.headers.get("Content-Encoding")
                assert encoding == ("gzip" if compress else None)
                text = gzip.decompress(body) if compress else body
                assert text.decode("utf-8").endswith("é" * 2000)
            # A folder's address without its slash is still redirected to the address with it.
            with urllib.request.urlopen(base + "/cas/zeta") as r:
                assert r.geturl() == base + "/cas/zeta/"
        finally:
            server.shutdown()
            server.server_close()


def test_the_median_run_is_kept_and_failed_runs_do_not_count():
    runs = [{"score": 91, "lcp_ms": 1}, {"erreur": "x"}, {"score": 70, "lcp_ms": 1}, {"score": 88, "lcp_ms": 1}]
    assert lh.median_run(runs)["score"] == 88
    assert lh.median_run([{"erreur": "x"}]) is None


def test_a_missing_lighthouse_is_named_in_french(monkeypatch, tmp_path):
    monkeypatch.setenv("MALLETTE_LIGHTHOUSE", str(tmp_path / "absent"))
    with pytest.raises(lh.MissingTool, match="n'existe pas"):
        lh.lighthouse_command()
    monkeypatch.delenv("MALLETTE_LIGHTHOUSE")
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(lh, "Path", _NothingExists)
    with pytest.raises(lh.MissingTool, match="npm i -E lighthouse@12.2.3"):
        lh.lighthouse_command()


def test_the_command_line_says_when_the_folder_is_not_a_site(tmp_path, capsys):
    assert lh.main([str(tmp_path)]) == 2
    assert "n'est pas un site construit" in capsys.readouterr().err


class _NothingExists(type(lh.Path())):
    def exists(self):
        return False
