"""Sphinx glue that makes the book work offline.

* plotly.js is served from the book itself (copied from the installed plotly package) and linked
  only from pages that contain a chart, so pages without charts stay light.
* Every notebook page gets a ".ipynb" entry in the download menu: a clean, output-free notebook
  made from the MyST source with jupytext, runnable in Jupyter.
* The data package is copied into the book so catalogue pages can link to the CSV files.
* The house stylesheet (chart notes, source boxes) is added to every page.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any, ClassVar

import jupytext
import plotly
from sphinx.application import Sphinx
from sphinx.util import logging

ASSETS = Path(__file__).parent / "assets"
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
PLOTLY_STATIC = f"plotly-{plotly.__version__}.min.js"
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


def _is_notebook(app: Sphinx, pagename: str) -> bool:
    metadata = app.env.metadata.get(pagename, {})
    return "kernelspec" in metadata or "jupytext" in metadata


def _without_thebe(context: dict) -> None:
    """Jupyter Book 1 always loads sphinx-thebe, whose inline config script is emitted twice per
    page ("Identifier 'THEBE_JS_URL' has already been declared") and which would fetch thebe from a
    CDN. The book has no live-code launcher (thebe is off in _config.yml), so drop its assets."""

    def is_thebe(asset: Any) -> bool:
        filename = getattr(asset, "filename", None) or str(asset)
        body = str(getattr(asset, "attributes", {}).get("body", ""))
        return "thebe" in filename or "THEBE_JS_URL" in body

    context["script_files"] = [js for js in context.get("script_files", []) if not is_thebe(js)]
    context["css_files"] = [css for css in context.get("css_files", []) if not is_thebe(css)]


def _page_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """Per page: plotly.js where a chart is, the .ipynb download on notebook pages, no thebe."""
    if CHART_MARKER in context.get("body", ""):
        # Synchronous and in <head>: each chart's inline script calls Plotly.newPlot at once.
        app.add_js_file(PLOTLY_STATIC, priority=200)
    _without_thebe(context)  # after add_js_file, which appends to the list this replaces
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
    """One output-free .ipynb per notebook page, converted from its MyST Markdown source."""
    out = Path(app.outdir) / NOTEBOOK_DIR
    for docname in app.env.found_docs:
        if not _is_notebook(app, docname):
            continue
        source = Path(app.env.doc2path(docname))
        notebook = jupytext.read(source, fmt="md:myst")
        target = out / f"{docname}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        jupytext.write(notebook, target, fmt="ipynb")


def _copy_static(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(PLOTLY_JS, static / PLOTLY_STATIC)
    data_src = Path(app.srcdir) / "data"
    data_out = Path(app.outdir) / "data"
    data_out.mkdir(exist_ok=True)
    for path in [data_src / "datapackage.json", *sorted(data_src.glob("*.csv"))]:
        shutil.copyfile(path, data_out / path.name)
    _write_notebooks(app)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", lambda a: a.config.html_static_path.append(str(ASSETS)))
    app.add_css_file("companion.css")
    # After sphinx-book-theme has built its header buttons (priority 501).
    app.connect("html-page-context", _page_assets, priority=600)
    app.connect("build-finished", _copy_static)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
