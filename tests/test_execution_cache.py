"""The execution cache is the book's own, wherever the build is started from."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from bookbuild.sphinx import cache


def test_the_cache_path_is_made_absolute_under_the_sources(tmp_path: Path, monkeypatch) -> None:
    sources, elsewhere = tmp_path / "copy", tmp_path / "elsewhere"
    sources.mkdir()
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # bookbuild.build --root COPY, started from another folder
    config = SimpleNamespace(nb_execution_cache_path="_build/.jupyter_cache")
    app = SimpleNamespace(config=config, srcdir=str(sources), outdir=str(sources / "_build" / "html"))
    cache._invalidate_stale_cache(app, config)
    assert config.nb_execution_cache_path == str(sources / "_build" / ".jupyter_cache")
    assert app.companion_stale, "a book without a fingerprint beside its cache executes everything"
