"""Sphinx glue that makes the book work offline.

* plotly.js is served from the book itself (the vendored partial bundle, see
  companion.vendor_plotly) and linked only from pages that contain a chart, so pages without
  charts stay light.
* Every notebook page gets a ".ipynb" entry in the download menu: the student notebook, output-free
  and rendered for a plain Jupyter (companion.notebooks).
* The data package is copied into the book so catalogue pages can link to the CSV files.
* The house stylesheet (chart notes, source boxes) is added to every page.
* The execution cache is keyed to the helper package and the data too: jupyter-cache only sees a
  notebook's own source, so without this a changed chart function or CSV would leave stale
  outputs in the book.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from typing import Any, ClassVar

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

from companion.notebooks import write_student_notebooks
from companion.vendor_plotly import bundle_name, bundle_path

ASSETS = Path(__file__).parent / "assets"
PLOTLY_STATIC = bundle_name()  # in ASSETS, so Sphinx copies it to _static
NOTEBOOK_DIR = "_notebooks"
CHART_MARKER = 'class="plotly-graph-div"'

logger = logging.getLogger(__name__)


class PlotlyJsonForLiveNotebooks:
    """myst-nb plugin: every chart output carries plotly's JSON (rendered natively by JupyterLab)
    and an HTML twin (for the book). In HTML the JSON is dropped, so the twin is chosen."""

    mime_priority_overrides: ClassVar[list[tuple[str, str, int | None]]] = [
        ("*", "application/vnd.plotly.v1+json", None)
    ]

    @staticmethod
    def handle_mime(renderer: Any, data: Any, inline: bool) -> list | None:
        if data.mime_type == "application/vnd.plotly.v1+json":
            return []
        return None


FINGERPRINT_FILE = "companion-fingerprint"


def _fingerprint(root: Path) -> str:
    """A hash of everything a notebook's outputs depend on besides its own source."""
    digest = hashlib.sha256()
    files = [
        *(root / "companion").rglob("*.py"),
        *(root / "companion" / "assets").glob("*"),
        *(root / "data").glob("*.csv"),
        root / "data" / "datapackage.json",
    ]
    for path in sorted(p for p in files if p.is_file()):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _cache_dir(app: Sphinx) -> Path:
    configured = Path(app.config.nb_execution_cache_path or Path(app.outdir).parent / ".jupyter_cache")
    return configured if configured.is_absolute() else Path(app.srcdir) / configured


def _invalidate_stale_cache(app: Sphinx, config: Any) -> None:
    """Drop cached executions made with other helper code or data, and remember to re-read."""
    cache = _cache_dir(app)
    current = _fingerprint(Path(app.srcdir))
    stamp = cache / FINGERPRINT_FILE
    app.companion_fingerprint = current
    # Each edition has its own environment but shares this cache: the fingerprint is a config value
    # that rebuilds the environment, so every edition re-reads its pages after the cache is cleared.
    config.companion_fingerprint = current
    app.companion_stale = not stamp.is_file() or stamp.read_text() != current
    if app.companion_stale and cache.exists():
        logger.info("[companion] helper package or data changed: re-executing every notebook")
        shutil.rmtree(cache)


def _outdated_notebooks(app: Sphinx, env: Any, added: set, changed: set, removed: set) -> list[str]:
    if not getattr(app, "companion_stale", False):
        return []
    return [doc for doc in env.found_docs if doc not in added and _is_notebook(app, doc)]


def _is_notebook(app: Sphinx, pagename: str) -> bool:
    metadata = app.env.metadata.get(pagename, {})
    return "kernelspec" in metadata or "jupytext" in metadata


def _without_unused_scripts(context: dict) -> None:
    """Drop page assets that could only fail or sit idle in a static, offline book.

    * Jupyter Book 1 always loads sphinx-thebe, whose inline config script is emitted twice per
      page ("Identifier 'THEBE_JS_URL' has already been declared") and which would fetch thebe from
      a CDN. The book has no live-code launcher (thebe is off in _config.yml).
    * myst-nb embeds the explorers' widget state (random model ids, so the page would change on
      every build) for a widget manager the book deliberately does not load.
    """

    def unused(asset: Any) -> bool:
        filename = getattr(asset, "filename", None) or str(asset)
        attributes = getattr(asset, "attributes", {})
        body = str(attributes.get("body", ""))
        widget_state = attributes.get("type") == "application/vnd.jupyter.widget-state+json"
        return "thebe" in filename or "THEBE_JS_URL" in body or widget_state

    context["script_files"] = [js for js in context.get("script_files", []) if not unused(js)]
    context["css_files"] = [css for css in context.get("css_files", []) if not unused(css)]


def _page_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """Per page: plotly.js where a chart is, the .ipynb download on notebook pages, no dead scripts."""
    if CHART_MARKER in context.get("body", ""):
        # Synchronous and in <head>: each chart's inline script calls Plotly.newPlot at once.
        app.add_js_file(PLOTLY_STATIC, priority=200)
        app.add_js_file("companion-charts.js", priority=201)
    _without_unused_scripts(context)  # after add_js_file, which appends to the list this replaces
    if "body" in context:
        # Docutils marks bibliography entries role="doc-biblioentry" inside a role="list"; that
        # role is deprecated and axe-core reports the list as missing its items (critical).
        context["body"] = context["body"].replace('role="doc-biblioentry"', 'role="listitem"')
    if not _is_notebook(app, pagename):
        return
    url = context["pathto"](f"{NOTEBOOK_DIR}/{pagename}.ipynb", 1)
    for button in context.get("header_buttons", []):
        if button.get("label") == "download-buttons":
            button["buttons"].insert(
                0,
                {
                    "type": "link",
                    "url": url,
                    "text": ".ipynb",
                    "icon": "fas fa-code",
                    "tooltip": "Download this page as a runnable Jupyter notebook",
                    "label": "download-notebook-button",
                },
            )


def _write_notebooks(app: Sphinx) -> None:
    """One output-free student notebook per notebook page, rendered for a plain Jupyter from its
    MyST source and the numbers this build glued (see companion.notebooks)."""
    pages = sorted(doc for doc in app.env.found_docs if _is_notebook(app, doc))
    glued = Path(app.outdir).parent / "jupyter_execute"  # where myst-nb records each page's glue
    write_student_notebooks(Path(app.srcdir), pages, Path(app.outdir) / NOTEBOOK_DIR, glued, html_dir=Path(app.outdir))


def _copy_static(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    cache = _cache_dir(app)
    if cache.exists():
        (cache / FINGERPRINT_FILE).write_text(app.companion_fingerprint)
    data_src = Path(app.srcdir) / "data"
    data_out = Path(app.outdir) / "data"
    data_out.mkdir(exist_ok=True)
    for path in [data_src / "datapackage.json", *sorted(data_src.glob("*.csv"))]:
        shutil.copyfile(path, data_out / path.name)
    _write_notebooks(app)


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("companion.sphinx_figure_uses")
    app.setup_extension("companion.sphinx_parallel_execution")
    app.setup_extension("companion.sphinx_weight")
    app.add_config_value("companion_fingerprint", "", "env", [str])
    app.connect("config-inited", _invalidate_stale_cache)
    app.connect("env-get-outdated", _outdated_notebooks)
    if not bundle_path().is_file():
        raise ExtensionError(f"{bundle_path().name} is missing: run `make vendor-plotly` (plotly was upgraded?)")
    app.connect("builder-inited", lambda a: a.config.html_static_path.append(str(ASSETS)))
    app.add_css_file("companion.css")
    # After sphinx-book-theme has built its header buttons (priority 501).
    app.connect("html-page-context", _page_assets, priority=600)
    app.connect("build-finished", _copy_static)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
