"""Showing a chart: its display bundle (plotly's JSON for live notebooks, HTML for the static book)
and the notes under it: caption, source line, text alternative, data table and CSV download."""

from __future__ import annotations

import hashlib
import html
import json
import urllib.parse
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from IPython.display import display

from companion import style
from companion.chart_table import reader_table, table_html
from companion.charts.layout import Chart
from companion.tables import spaced


def _stable_id(fig_json: str) -> str:
    """Deterministic element ids, so rebuilding the book produces identical HTML."""
    return "chart-" + hashlib.sha1(fig_json.encode("utf-8")).hexdigest()[:10]


def table_frame(data: pd.DataFrame, columns: Sequence[str] | None = None) -> pd.DataFrame:
    """The rows behind a chart as a reader-facing table (see :mod:`companion.chart_table`)."""
    return reader_table(data, columns)[0]


def _csv_link(data: pd.DataFrame, filename: str) -> str:
    """Every column of the rows behind the chart, as a download that needs no server."""
    payload = urllib.parse.quote(data.to_csv(index=False))
    return (
        f'<a class="chart-csv" download="{html.escape(filename)}" '
        f'href="data:text/csv;charset=utf-8,{payload}">Download these data (CSV)</a>'
    )


class _Bundle:
    """A display object carrying plotly's own JSON (live notebooks render it natively) and the
    same figure as HTML for the static book (plotly.js comes from the book's _static folder)."""

    def __init__(self, fig: go.Figure, div_id: str, describedby: str, title: str):
        self.fig, self.div_id, self.describedby, self.title = fig, div_id, describedby, title

    def _repr_mimebundle_(self, include=None, exclude=None):
        html_fig = pio.to_html(
            self.fig,
            include_plotlyjs=False,
            full_html=False,
            div_id=self.div_id,
            config=style.CONFIG,
            auto_play=False,
        )
        wrapped = (
            f'<div class="companion-chart" role="figure" aria-label="{html.escape(self.title)}" '
            f'aria-describedby="{self.describedby}">{html_fig}</div>'
        )
        live = self.fig.to_plotly_json()
        live["config"] = style.CONFIG
        return {
            "application/vnd.plotly.v1+json": json.loads(pio.to_json(live, validate=False)),
            "text/html": wrapped,
            "text/plain": f"Chart: {self.title}",
        }


def render(
    chart: Chart,
    *,
    alt: str,
    caption: str | None = None,
    columns: Sequence[str] | None = None,
    filename: str | None = None,
) -> tuple[_Bundle, str]:
    """The chart as a display bundle plus the HTML of its notes: caption, source line, text
    alternative, data table and CSV download. ``alt`` is required and must say what the chart shows."""
    if not isinstance(alt, str) or len(alt.strip()) < 20:
        raise ValueError("Every chart needs a text alternative (alt=) of at least a sentence.")
    if not chart.title.strip() or not chart.units.strip():
        raise ValueError("Every chart needs a title that states its finding and its units (title=, units=).")
    fig = chart.figure()
    div_id = _stable_id(fig.to_json())
    desc_id = f"{div_id}-desc"
    name = filename or f"{chart.data.attrs.get('name', 'chart-data')}-{div_id[-6:]}.csv"
    caption_html = f'<p class="chart-caption">{html.escape(caption)}</p>' if caption else ""
    # The source line is drawn under the plot; here it is for screen readers and search only.
    notes = spaced(
        f'<div class="chart-notes">{caption_html}'
        f'<p class="chart-source">{html.escape(chart.source)}</p>'
        f'<details class="chart-alt" open><summary>Text description</summary>'
        f'<p id="{desc_id}">{html.escape(alt)}</p></details>'
        f'<details class="chart-data"><summary>Data behind this chart</summary>'
        f"<p>{_csv_link(chart.data, name)}</p>"
        f"{table_html(chart.data, chart.title, columns)}</details></div>"
    )
    return _Bundle(fig, div_id, desc_id, chart.title), notes


def show(
    chart: Chart,
    *,
    alt: str,
    caption: str | None = None,
    columns: Sequence[str] | None = None,
    filename: str | None = None,
) -> None:
    """Display a chart and, below it, its caption, source, text alternative and data."""
    bundle, notes = render(chart, alt=alt, caption=caption, columns=columns, filename=filename)
    display(bundle)
    display({"text/html": notes, "text/plain": alt}, raw=True)
