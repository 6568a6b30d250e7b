"""mallette/preview.py: what `make serve --dirty` cannot see by modification times, on a site folder
(the end-to-end run is tests/test_serve.py)."""
from __future__ import annotations

from mallette.preview import Preview, site_key


def _site(tmp_path):
    site = tmp_path / "site"
    (site / "cas" / "a").mkdir(parents=True, exist_ok=True)
    (site / "index.html").write_text("accueil", encoding="utf-8")
    (site / "cas" / "a" / "index.html").write_text("cas a", encoding="utf-8")
    return site


def test_the_home_page_is_rebuilt_when_its_block_changes_and_everything_when_the_theme_does(tmp_path):
    site = _site(tmp_path)
    preview = Preview()
    preview.before_build(site, "k1", "bloc 1")
    assert not (site / "index.html").exists()  # first build: the whole site
    _site(tmp_path)
    preview.before_build(site, "k1", "bloc 1")
    assert (site / "index.html").exists() and (site / "cas/a/index.html").exists()  # nothing changed
    preview.before_build(site, "k1", "bloc 2")  # a case title in « En un coup d'œil » changed
    assert not (site / "index.html").exists() and (site / "cas/a/index.html").exists()
    _site(tmp_path)
    preview.before_build(site, "k2", "bloc 2")  # theme, configuration or glossary changed
    assert list(site.iterdir()) == []


def test_the_site_key_follows_the_theme_files_and_the_parts(tmp_path):
    theme = tmp_path / "overrides"
    theme.mkdir()
    (theme / "main.html").write_text("v1", encoding="utf-8")
    k1 = site_key(["config"], [theme])
    assert site_key(["config"], [theme]) == k1
    (theme / "main.html").write_text("v2", encoding="utf-8")
    assert site_key(["config"], [theme]) != k1
    assert site_key(["config 2"], [theme]) != site_key(["config"], [theme])


def test_outputs_no_longer_in_the_site_are_removed(tmp_path, monkeypatch):
    monkeypatch.setattr("mallette.preview.BackgroundIndex", lambda site: None)  # no Pagefind here
    site = _site(tmp_path)
    preview = Preview()
    preview.before_build(site, "k", "bloc")
    _site(tmp_path)
    (site / "cas" / "b").mkdir()
    (site / "cas" / "b" / "index.html").write_text("cas b", encoding="utf-8")
    everything = {str(site / "index.html"), str(site / "cas/a/index.html"), str(site / "cas/b/index.html")}
    preview.after_build(site, everything)
    preview.after_build(site, everything - {str(site / "cas/b/index.html")})  # case b deleted
    assert not (site / "cas/b/index.html").exists() and (site / "cas/a/index.html").exists()


def test_a_content_error_sets_the_site_aside_and_the_fix_brings_it_back(tmp_path, monkeypatch):
    monkeypatch.setattr("mallette.preview.BackgroundIndex", lambda site: None)
    site = _site(tmp_path)
    preview = Preview()
    preview.before_build(site, "k", "bloc")
    _site(tmp_path)
    preview.after_build(site, {str(site / "index.html"), str(site / "cas/a/index.html")})
    preview.show_errors(site, "erreurs")
    assert sorted(p.name for p in site.iterdir()) == ["404.html", "index.html"]  # every address: the errors
    assert (site / "index.html").read_text(encoding="utf-8") == "erreurs"
    preview.show_errors(site, "erreurs encore")  # still wrong: the good site stays aside
    preview.before_build(site, "k", "bloc")  # fixed
    assert (site / "index.html").read_text(encoding="utf-8") == "accueil"
    assert (site / "cas/a/index.html").read_text(encoding="utf-8") == "cas a"
    assert not (site / "404.html").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["site"]  # nothing left beside it


def test_settled_memory_is_frozen_and_what_a_later_rebuild_drops_is_still_freed():
    import gc
    import weakref

    from mallette.preview import settle_memory

    class Node:  # a reference cycle, as mkdocs' pages and their parents make
        pass

    kept = Node()
    kept.self = kept
    alive = weakref.ref(kept)
    try:
        settle_memory()
        assert gc.get_freeze_count() > 0  # the next rebuild's collections skip what exists now
        del kept  # a rebuild drops a structure the previous one made
        gc.collect()
        assert alive() is not None  # frozen: not collected by the rebuild's own collections…
        settle_memory()
        assert alive() is None  # …but by the next settle: memory stays bounded
    finally:
        gc.unfreeze()
