"""The house layout every chart shares: a :class:`Chart` (traces plus the rows, title, units and
source behind them) and the arithmetic that stacks its title, units, legend, dropdown row and source
line without overlap, wrapping texts plotly will not wrap."""

from __future__ import annotations

import html
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from companion import style
from companion.data import source_line


@dataclass
class Chart:
    """Traces plus everything a reader needs to check them: the rows, title, units and source."""

    traces: list[go.BaseTraceType]
    data: pd.DataFrame
    title: str
    units: str
    x_title: str | None = None
    categorical_x: bool = False
    updatemenus: list[dict] = field(default_factory=list)
    # For a switcher: the first view's own layout (title, units, source), shown before any choice.
    first_view_layout: dict = field(default_factory=dict)
    plot_height: int = style.LAYOUT["plot"]
    # For rows that cite no source (a synthetic illustration): the source line to print instead.
    source_note: str = ""
    # "stack" for parts of a whole (see stacked()); plotly's default groups bars side by side.
    barmode: str | None = None

    @property
    def source(self) -> str:
        return self.source_note or source_line(self.data)

    def figure(self) -> go.Figure:
        """The plotly figure in house style."""
        fig = go.Figure(data=self.traces)
        for trace in fig.data:
            trace.name = _legend_name(trace.name or "")
        visible = [t.name for t in self.traces if t.visible is not False]
        fig.update_layout(template=style.TEMPLATE, **house_layout(self, visible, bool(self.updatemenus)))
        fig.update_xaxes(title_text=self.x_title, type="category" if self.categorical_x else None)
        if not self.categorical_x:
            fig.update_xaxes(tickformat="d")
        if self.barmode:
            fig.update_layout(barmode=self.barmode)
        if self.updatemenus:
            fig.update_layout(updatemenus=self.updatemenus)
        if self.first_view_layout:
            fig.update_layout(self.first_view_layout)
        return fig


def _wrap(text: str, width: int) -> tuple[str, int]:
    """Plotly does not wrap titles; break long ones into lines (escaped for plotly's HTML subset)."""
    lines = textwrap.wrap(text, width) or [""]
    return "<br>".join(html.escape(line, quote=False) for line in lines), len(lines)


def _legend_chars() -> int:
    """Characters of a legend entry that fit the text column (the same rule as companion-charts.js)."""
    return int((style.LAYOUT["column"] - 40) / 7.4)


def _legend_name(name: str) -> str:
    """A trace name wrapped for the legend, which plotly does not wrap either."""
    return _wrap(name, _legend_chars())[0] if "<br>" not in name else name


def house_layout(chart: Chart, legend_names: Sequence[str], menu: bool) -> dict:
    """Title, units, legend, dropdown row and source line stacked without overlap, below a strip
    kept free for plotly's mode bar.

    Heights are computed in pixels so that a long title wraps instead of running off a phone
    screen, and so that a dropdown view with a longer title gets the room it needs.
    """
    size = style.LAYOUT
    title, n_title = _wrap(chart.title, size["titleChars"])
    units, n_units = _wrap(chart.units, size["unitsChars"])
    source, n_source = _wrap(chart.source, size["sourceChars"])
    heading = size["padTop"] + size["modebar"] + size["titleLine"] * n_title + size["unitsLine"] * n_units
    legend_items = len(legend_names)
    legend_lines = sum(_wrap(name.replace("<br>", " "), _legend_chars())[1] for name in legend_names)
    legend = size["legendItem"] * legend_items + size["legendExtraLine"] * (legend_lines - legend_items)
    legend = legend if legend_items > 1 else 0
    top = heading + size["gap"] + legend + (size["menu"] if menu else 0) + size["padTop"]
    axis = size["axis"] + (size["xTitle"] if chart.x_title else 0)
    bottom = axis + size["sourceLine"] * n_source + size["padBottom"]
    height = chart.plot_height + top + bottom
    return {
        # The raw texts and the sizes, for companion-charts.js to re-wrap on narrow screens.
        "meta": {
            "wrap": {
                "title": chart.title,
                "units": chart.units,
                "source": chart.source,
                "legend": legend_items if legend_items > 1 else 0,
                "menu": menu,
                "xTitle": bool(chart.x_title),
                "plot": chart.plot_height,
                "sizes": size,
            }
        },
        "height": height,
        "margin": {"t": top, "b": bottom},
        "title": {
            "text": title,
            "subtitle": {"text": units},
            "yref": "container",
            "y": 1 - (size["titleOffset"] + size["modebar"]) / height,
            "yanchor": "top",
        },
        "showlegend": legend_items > 1,
        "legend": {"yref": "container", "y": 1 - (heading + size["legendOffset"]) / height, "yanchor": "top"},
        "annotations": [
            {
                "text": source,
                "xref": "paper",
                "yref": "paper",
                "x": 0,
                "y": -axis / chart.plot_height,
                "xanchor": "left",
                "yanchor": "top",
                "showarrow": False,
                "align": "left",
                "font": {"size": 12, "color": style.MUTED},
            }
        ],
    }
