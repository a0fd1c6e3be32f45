"""What a page loads, all of it served by the book itself, so the book works offline.

* plotly.js is the vendored partial bundle (:mod:`bookbuild.vendor_plotly`), linked only from pages
  that contain a chart, so pages without charts stay light;
* the house stylesheet (chart notes, source boxes, tables as cards on a phone) is on every page;
* scripts that could only fail or sit idle in a static, offline book are dropped.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

from bookbuild.vendor_plotly import bundle_name, bundle_path

ASSETS = Path(__file__).resolve().parent.parent / "assets"
CHART_MARKER = 'class="plotly-graph-div"'


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
    """Per page: plotly.js where a chart is, no dead scripts."""
    if CHART_MARKER in context.get("body", ""):
        # Synchronous and in <head>: each chart's inline script calls Plotly.newPlot at once.
        app.add_js_file(bundle_name(), priority=200)
        app.add_js_file("companion-charts.js", priority=201)
    _without_unused_scripts(context)  # after add_js_file, which appends to the list this replaces
    if "body" in context:
        # Docutils marks bibliography entries role="doc-biblioentry" inside a role="list"; that
        # role is deprecated and axe-core reports the list as missing its items (critical).
        context["body"] = context["body"].replace('role="doc-biblioentry"', 'role="listitem"')


def setup(app: Sphinx) -> dict[str, Any]:
    if not bundle_path().is_file():
        raise ExtensionError(f"{bundle_path().name} is missing: run `make vendor-plotly` (plotly was upgraded?)")
    app.connect("builder-inited", lambda a: a.config.html_static_path.append(str(ASSETS)))
    app.add_css_file("companion.css")
    app.connect("html-page-context", _page_assets, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
