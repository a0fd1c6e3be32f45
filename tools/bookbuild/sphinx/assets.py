"""What a page loads, all of it served by the book itself, so the book works offline.

* plotly.js is the vendored partial bundle (:mod:`bookbuild.vendor_plotly`), linked only from pages
  that contain a chart, so pages without charts stay light;
* no script holds up the first paint: every script file loads with ``defer`` (except on the
  search page, whose search scripts run as they load); Sphinx's tiny ``documentation_options.js``,
  which defines a global that inline scripts in ``<head>`` extend at once, is written into the page
  itself rather than fetched (a request on a slow connection costs a round trip before the paint);
  each chart's inline ``Plotly.newPlot`` call is queued in ``window.companionCharts`` and drawn by
  companion-charts.js as soon as plotly.js has run, so text paints while plotly.js downloads;
* on a page with charts, the theme's and extensions' scripts are not fetched beside plotly.js (on a
  slow connection they would share its bandwidth and delay the first chart): the layout lists them
  in a JSON block and companion-charts.js adds them, in the same order, once plotly.js has run;
* the house stylesheet (chart notes, source boxes, tables as cards on a phone) is on every page;
* scripts that could only fail or sit idle in a static, offline book are dropped.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

from bookbuild.sphinx.stylesheet import CUT
from bookbuild.vendor_plotly import bundle_name, bundle_path

ASSETS = Path(__file__).resolve().parent.parent / "assets"
TEMPLATES = ASSETS.parent / "templates"
CHART_MARKER = 'class="plotly-graph-div"'
INLINE_SCRIPT = re.compile(r"(<script\b[^>]*>)(.*?)(</script>)", re.S)
# Defines DOCUMENTATION_OPTIONS, which inline scripts in <head> extend as soon as they run.
OPTIONS_SCRIPT = "_static/documentation_options.js"
CHART_SCRIPTS = (bundle_name(), "companion-charts.js")
DEFERRED_SCRIPT = re.compile(r'\s*<script\b(?=[^>]*\bdefer\b)[^>]*\bsrc="([^"]+)"[^>]*>\s*</script>')
TAB_SETS = "sd-tab-set"


def later_scripts(markup: Any, charted: bool) -> str:
    """On a chart page, the deferred script tags in ``markup`` replaced by a JSON list of their
    addresses, which companion-charts.js loads after plotly.js; elsewhere ``markup`` unchanged."""
    markup = str(markup)
    sources = DEFERRED_SCRIPT.findall(markup) if charted else []
    if not sources:
        return markup
    listed = json.dumps(sources).replace("</", "<\\/")
    block = f'<script type="application/json" class="companion-later">{listed}</script>'
    return f"{DEFERRED_SCRIPT.sub('', markup)}\n{block}"


def queued_charts(body: str) -> str:
    """Each inline ``Plotly.newPlot`` script wrapped as a function on the page's chart queue."""

    def queue(match: re.Match) -> str:
        opening, code, closing = match.groups()
        if "Plotly.newPlot(" not in code or "src=" in opening:
            return match.group(0)
        queued = f"(window.companionCharts = window.companionCharts || []).push(function () {{{code}}});"
        return f"{opening}{queued}{closing}"

    return INLINE_SCRIPT.sub(queue, body)


def _deferred(js: Any) -> Any:
    """A script file as a deferred one; inline scripts unchanged."""
    filename = getattr(js, "filename", None)
    attributes = getattr(js, "attributes", None)
    if not filename or attributes is None or "async" in attributes:
        return js
    return type(js)(filename, priority=js.priority, **{**attributes, "defer": "defer"})


def _inline_options(app: Sphinx, scripts: list) -> list:
    """``documentation_options.js`` as an inline script with the file's content. The HTML builder
    has written the file into the output's ``_static`` before any page; the single-page builder
    (the course readers) writes it after its page, which then keeps the request."""
    written = Path(app.outdir) / OPTIONS_SCRIPT
    if not written.is_file():
        return scripts
    text = written.read_text(encoding="utf-8")
    return [
        type(js)("", priority=js.priority, body=text) if str(getattr(js, "filename", "")) == OPTIONS_SCRIPT else js
        for js in scripts
    ]


def _without_unused_scripts(context: dict) -> None:
    """Drop page assets that could only fail or sit idle in a static, offline book.

    * Jupyter Book 1 always loads sphinx-thebe, whose inline config script is emitted twice per
      page ("Identifier 'THEBE_JS_URL' has already been declared") and which would fetch thebe from
      a CDN. The book has no live-code launcher (thebe is off in _config.yml).
    * myst-nb embeds the explorers' widget state (random model ids, so the page would change on
      every build) for a widget manager the book deliberately does not load.
    * sphinx-design's tab script listens for tab sets, and most pages have none.
    """

    def unused(asset: Any) -> bool:
        filename = getattr(asset, "filename", None) or str(asset)
        attributes = getattr(asset, "attributes", {})
        body = str(attributes.get("body", ""))
        widget_state = attributes.get("type") == "application/vnd.jupyter.widget-state+json"
        tabs = filename.endswith("design-tabs.js") and TAB_SETS not in context.get("body", "")
        return "thebe" in filename or "THEBE_JS_URL" in body or widget_state or tabs

    context["script_files"] = [js for js in context.get("script_files", []) if not unused(js)]
    context["css_files"] = [css for css in context.get("css_files", []) if not unused(css)]


def _page_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """Per page: plotly.js where a chart is, no dead scripts, nothing that blocks the first paint."""
    charted = CHART_MARKER in context.get("body", "")
    if charted:
        app.add_js_file(bundle_name(), priority=200, fetchpriority="high")
        app.add_js_file(CHART_SCRIPTS[1], priority=201)
    _without_unused_scripts(context)  # after add_js_file, which appends to the list this replaces
    context["script_files"] = _inline_options(app, context["script_files"])
    # Not on the search page: Sphinx's search scripts there run as they load and call doctools.js's
    # helpers (``_ready``), which a deferred doctools.js would not yet have defined.
    scripts = context["script_files"] if pagename == "search" else [_deferred(js) for js in context["script_files"]]
    # plotly.js and the script that draws the charts are requested before the stylesheets
    # (layout.html writes them first in <head>): a browser opens six connections to a host, and
    # behind fourteen stylesheets they would wait; and they run first, before the theme's scripts.
    early = [js for js in scripts if os.path.basename(str(getattr(js, "filename", ""))) in CHART_SCRIPTS]
    context["companion_early_scripts"] = early
    context["companion_charted"] = charted
    context["script_files"] = [js for js in scripts if js not in early]
    if charted:
        context["body"] = queued_charts(context["body"])
    if "body" in context:
        # Docutils marks bibliography entries role="doc-biblioentry" inside a role="list"; that
        # role is deprecated and axe-core reports the list as missing its items (critical).
        context["body"] = context["body"].replace('role="doc-biblioentry"', 'role="listitem"')


def _assets_digest(app: Sphinx, config: Any) -> None:
    """A digest of the stylesheets (the cut ones too), scripts and templates as an "html" setting,
    so that editing one rewrites every page (and copies it into _static) even when no page's source
    changed."""
    digest = hashlib.sha256()
    for path in sorted([*ASSETS.iterdir(), *TEMPLATES.iterdir(), *CUT.glob("*")]):
        digest.update(path.name.encode() + path.read_bytes())
    config.companion_assets = digest.hexdigest()[:16]


def _add_filter(app: Sphinx) -> None:
    if hasattr(app.builder, "templates"):
        app.builder.templates.environment.filters["later_scripts"] = later_scripts


def setup(app: Sphinx) -> dict[str, Any]:
    if not bundle_path().is_file():
        raise ExtensionError(f"{bundle_path().name} is missing: run `make vendor-plotly` (plotly was upgraded?)")
    app.add_config_value("companion_assets", "", "html", [str])
    app.connect("config-inited", _assets_digest)
    app.connect("builder-inited", lambda a: a.config.html_static_path.append(str(ASSETS)))
    app.add_css_file("companion.css")
    app.connect("html-page-context", _page_assets, priority=600)
    app.connect("builder-inited", _add_filter)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
