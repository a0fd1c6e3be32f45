"""The execution cache follows what notebooks execute: the runtime package and the data.

jupyter-cache keys a notebook by its own code only, so without this a changed chart function or
CSV file would leave stale outputs in the book. A fingerprint of the ``companion`` package and the
data package is kept beside the cache; when it changes, the cache is emptied and every notebook
page re-read. The tooling (this package, its stylesheets and templates) is not in the fingerprint:
editing the benchmark or the CSS re-executes nothing.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

from bookbuild.structure import is_notebook_source

FINGERPRINT_FILE = "companion-fingerprint"

logger = logging.getLogger(__name__)


def fingerprint(root: Path) -> str:
    """A hash of everything a notebook's outputs depend on besides its own source."""
    digest = hashlib.sha256()
    files = [*(root / "companion").rglob("*.py"), *(root / "data").glob("*.csv"), root / "data" / "datapackage.json"]
    for path in sorted(p for p in files if p.is_file()):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def cache_dir(app: Sphinx) -> Path:
    configured = Path(app.config.nb_execution_cache_path or Path(app.outdir).parent / ".jupyter_cache")
    return configured if configured.is_absolute() else Path(app.srcdir) / configured


def _invalidate_stale_cache(app: Sphinx, config: Any) -> None:
    """Drop cached executions made with other runtime code or data, and remember to re-read."""
    cache = cache_dir(app)
    # myst-nb opens the configured path as it is, from the working directory: a build of a copy
    # (``--root``) started elsewhere would execute into, and read from, another book's cache.
    config.nb_execution_cache_path = str(cache)
    current = fingerprint(Path(app.srcdir))
    stamp = cache / FINGERPRINT_FILE
    app.companion_fingerprint = current
    # Each edition has its own environment but shares this cache: the fingerprint is a config value
    # that rebuilds the environment, so every edition re-reads its pages after the cache is cleared.
    config.companion_fingerprint = current
    app.companion_stale = not stamp.is_file() or stamp.read_text() != current
    if app.companion_stale and cache.exists():
        logger.info("[companion] runtime package or data changed: re-executing every notebook")
        shutil.rmtree(cache)


def _outdated_notebooks(app: Sphinx, env: Any, added: set, changed: set, removed: set) -> list[str]:
    if not getattr(app, "companion_stale", False):
        return []
    return [doc for doc in env.found_docs if doc not in added and is_notebook_source(Path(env.doc2path(doc)))]


def _stamp(app: Sphinx, exception: Exception | None) -> None:
    cache = cache_dir(app)
    if exception is None and cache.exists():
        (cache / FINGERPRINT_FILE).write_text(app.companion_fingerprint)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("companion_fingerprint", "", "env", [str])
    app.connect("config-inited", _invalidate_stale_cache)
    app.connect("env-get-outdated", _outdated_notebooks)
    app.connect("build-finished", _stamp)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
