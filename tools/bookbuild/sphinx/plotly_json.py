"""myst-nb plugin: the book shows a chart's HTML twin and quietly drops plotly's JSON.

Every chart output carries two forms (:class:`companion.charts`): plotly's JSON, which JupyterLab
draws natively, and an HTML twin with the house style's table and source line, which the book
shows. In a Sphinx build myst-nb renders *every* MIME type of an output while parsing, before it
knows the output format, and warns about a type it has no renderer for; under ``-W`` that warning
would fail the build. This renderer handles the JSON by rendering nothing, and lowers its
priority so the HTML twin is the one selected. myst-nb finds it through the entry point
``myst_nb.mime_renderers`` in ``tools/pyproject.toml`` (its only registration mechanism).
"""

from __future__ import annotations

from typing import Any, ClassVar

PLOTLY_JSON = "application/vnd.plotly.v1+json"


class PlotlyJsonForLiveNotebooks:
    mime_priority_overrides: ClassVar[list[tuple[str, str, int | None]]] = [("*", PLOTLY_JSON, None)]

    @staticmethod
    def handle_mime(renderer: Any, data: Any, inline: bool) -> list | None:
        return [] if data.mime_type == PLOTLY_JSON else None
