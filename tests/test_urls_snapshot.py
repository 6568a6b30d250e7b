"""Stable links for trainers and readers: every URL and every anchor of the committed snapshot
(tests/snapshots/urls-anchors.json, written by scripts/url_snapshot.py from a build of the real
content) still answers. New URLs and anchors are fine; a deliberate change of address means
regenerating the snapshot, and a redirect (`aliases`) for the old one."""
from __future__ import annotations

import json
import shutil

from url_snapshot import SNAPSHOT, missing, snapshot


def test_every_url_and_anchor_of_the_snapshot_still_answers(built_site):
    lost = missing(json.loads(SNAPSHOT.read_text(encoding="utf-8")), built_site)
    assert not lost, ("Adresses ou ancres disparues (si c'est voulu : python scripts/url_snapshot.py "
                      "<site construit>, et une redirection) :\n" + "\n".join(lost[:50]))


def test_the_check_sees_a_lost_page_and_a_lost_anchor(tmp_path):
    site = tmp_path / "site"
    (site / "cas" / "x").mkdir(parents=True)
    (site / "cas" / "x" / "index.html").write_text(
        '<html><body id="corps"><article><h1 id="titre">X</h1><h2 id="acteurs">A</h2></article></body></html>')
    (site / "donnees").mkdir()
    (site / "donnees" / "cas.json").write_text("[]")
    before = snapshot(site)
    assert before == {"files": ["/cas/x/", "/donnees/cas.json"], "anchors": {"/cas/x/": ["acteurs", "titre"]}}
    assert missing(before, site) == []
    (site / "cas" / "x" / "index.html").write_text('<html><body><article><h1 id="titre">X</h1></article></body></html>')
    assert missing(before, site) == ["/cas/x/#acteurs"]
    shutil.rmtree(site / "cas")
    assert missing(before, site) == ["/cas/x/"]
