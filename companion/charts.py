"""Charts in the house style, built from the data package's tables.

A chapter cell should read like an argument::

    show(bars(essay_figures("petrograd_population"), title="Petrograd lost ...", units="residents"),
         alt="...")

``bars``/``lines`` turn a table into a :class:`Chart` (its traces plus the rows behind them);
``combine`` overlays charts, ``switcher`` puts several behind a plotly dropdown (which works in the
static book without a kernel) and ``show`` displays a chart with its title, units, source line,
text alternative, data table and CSV download.
"""

from __future__ import annotations

import hashlib
import html
import json
import textwrap
import urllib.parse
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from IPython.display import display

from companion import style
from companion.data import ESSAY_SOURCE, source_line

_FALLBACK_COLOURS = [c for c in style.PALETTE if c not in (style.ESSAY, style.CONTEXT)]


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

    @property
    def source(self) -> str:
        return source_line(self.data)

    def figure(self) -> go.Figure:
        """The plotly figure in house style."""
        fig = go.Figure(data=self.traces)
        visible = [t for t in self.traces if t.visible is not False]
        fig.update_layout(template=style.TEMPLATE, **_layout(self, len(visible), bool(self.updatemenus)))
        fig.update_xaxes(title_text=self.x_title, type="category" if self.categorical_x else None)
        if not self.categorical_x:
            fig.update_xaxes(tickformat="d")
        if self.updatemenus:
            fig.update_layout(updatemenus=self.updatemenus)
        if self.first_view_layout:
            fig.update_layout(self.first_view_layout)
        return fig


def _wrap(text: str, width: int) -> tuple[str, int]:
    """Plotly does not wrap titles; break long ones into lines (escaped for plotly's HTML subset)."""
    lines = textwrap.wrap(text, width) or [""]
    return "<br>".join(html.escape(line, quote=False) for line in lines), len(lines)


def _layout(chart: Chart, legend_items: int, menu: bool) -> dict:
    """Title, units, legend, dropdown row and source line stacked without overlap.

    Heights are computed in pixels so that a long title wraps instead of running off a phone
    screen, and so that a dropdown view with a longer title gets the room it needs.
    """
    size = style.LAYOUT
    title, n_title = _wrap(chart.title, size["titleChars"])
    units, n_units = _wrap(chart.units, size["unitsChars"])
    source, n_source = _wrap(chart.source, size["sourceChars"])
    heading = size["padTop"] + size["titleLine"] * n_title + size["unitsLine"] * n_units
    legend = size["legendItem"] * legend_items if legend_items > 1 else 0
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
            "y": 1 - size["titleOffset"] / height,
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


def _is_essay(frame: pd.DataFrame) -> bool:
    return "source_id" in frame.columns and bool((frame["source_id"] == ESSAY_SOURCE).all())


def format_value(value: float, unit: str) -> str:
    """A value as a reader expects to see it: '32.5%', '2,500,000', 'x14', '2/3'."""
    if pd.isna(value):
        return ""
    if unit == "percent":
        return f"{value:g}%"
    if unit == "fraction":
        return f"{value * 100:.0f}%"
    if unit == "times":
        return f"x{value:g}"
    if unit == "ratio":
        return f"{value:g}:1"
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.1f}"


def _label(frame: pd.DataFrame) -> pd.Series:
    if "period" in frame.columns:
        return frame["period"]
    if "date_label" in frame.columns:
        return frame["date_label"]
    return pd.Series(frame.index.astype(str), index=frame.index)


def _hover(frame: pd.DataFrame, name: str) -> list[str]:
    lines = []
    for (_, row), when in zip(frame.iterrows(), _label(frame), strict=True):
        unit = row.get("unit", "")
        text = f"<b>{html.escape(name)}</b><br>{html.escape(str(when))}: "
        text += format_value(row["value"], unit)
        if isinstance(row.get("qualifier"), str) and row["qualifier"]:
            text += f" ({html.escape(row['qualifier'])})"
        if "note" in row and not pd.isna(row["note"]):
            text += f"<br>Smith, n. {int(row['note'])}"
        elif isinstance(row.get("source_id"), str) and row["source_id"] != ESSAY_SOURCE:
            text += "<br>context, not the essay"
        lines.append(text)
    return lines


def _groups(frame: pd.DataFrame, name: str | None) -> list[tuple[str, pd.DataFrame]]:
    if "group" in frame.columns and frame["group"].notna().any() and frame["group"].nunique() > 1:
        return [(str(g), part) for g, part in frame.groupby("group", sort=False)]
    default = name or (frame["group"].dropna().iloc[0] if "group" in frame and frame["group"].notna().any() else "")
    return [(name or str(default) or "value", frame)]


def _colour(i: int, essay: bool, colour: str | None) -> str:
    if colour:
        return colour
    if i == 0:
        return style.ESSAY if essay else style.CONTEXT
    return _FALLBACK_COLOURS[(i - 1) % len(_FALLBACK_COLOURS)]


def bars(
    frame: pd.DataFrame,
    *,
    title: str = "",
    units: str = "",
    name: str | None = None,
    x: str | None = None,
    y: str = "value",
    colour: str | None = None,
    x_title: str | None = None,
    labels: str | None = None,
) -> Chart:
    """Bars for a few values (one bar per period, one colour per group). Context is hatched.

    ``title`` and ``units`` may be left out for a layer that :func:`combine` will title. ``labels``
    names a column of text to print on the bars instead of the bare value, for figures that a number
    alone would misstate ('more than 25', '21 (5 + 16)')."""
    essay = _is_essay(frame)
    traces = []
    for i, (label, part) in enumerate(_groups(frame, name)):
        xs = part[x] if x else _label(part)
        unit = part["unit"].iloc[0] if "unit" in part.columns else ""
        traces.append(
            go.Bar(
                x=[str(v) for v in xs],
                y=part[y].tolist(),
                name=label,
                marker={
                    "color": _colour(i, essay, colour),
                    "pattern": {"shape": "" if essay else "/"},
                },
                text=[format_value(v, unit) for v in part[y]] if labels is None else part[labels].tolist(),
                textposition="outside",
                cliponaxis=False,
                hovertext=_hover(part, label),
                hoverinfo="text",
            )
        )
    return Chart(traces, frame.copy(), title, units, x_title=x_title, categorical_x=True)


def lines(
    frame: pd.DataFrame,
    *,
    title: str = "",
    units: str = "",
    name: str | None = None,
    x: str | None = None,
    y: str = "value",
    colour: str | None = None,
    highlight: str | None = None,
    x_title: str | None = None,
) -> Chart:
    """Lines with markers over years, one per group. Context lines are dashed; with
    ``highlight`` one group is drawn in colour and the rest in grey."""
    essay = _is_essay(frame)
    x = x or ("year" if "year" in frame.columns else "start_year")
    frame = frame.dropna(subset=[x]).sort_values(x)
    traces = []
    for i, (label, part) in enumerate(_groups(frame, name)):
        if highlight is not None:
            line_colour = (colour or (style.ESSAY if essay else style.CONTEXT)) if label == highlight else "#9a9a9a"
            width = 3.5 if label == highlight else 1.5
        else:
            line_colour, width = _colour(i, essay, colour), 2.5
        traces.append(
            go.Scatter(
                x=part[x].tolist(),
                y=part[y].tolist(),
                name=label,
                mode="lines+markers",
                line={"color": line_colour, "width": width, "dash": "solid" if essay else "dash"},
                marker={"size": 8, "symbol": "circle" if essay else "diamond"},
                hovertext=_hover(part, label),
                hoverinfo="text",
            )
        )
    return Chart(traces, frame.copy(), title, units, x_title=x_title)


def combine(*charts: Chart, title: str, units: str, x_title: str | None = None) -> Chart:
    """Overlay charts (say, the essay's figures and a context series) on one set of axes."""
    if not charts:
        raise ValueError("combine() needs at least one chart.")
    traces = [t for c in charts for t in c.traces]
    data = pd.concat([c.data for c in charts], ignore_index=True)
    categorical = any(c.categorical_x for c in charts)
    bar_xs = [set(t.x) for t in traces if isinstance(t, go.Bar)]
    if len(bar_xs) == len(traces) and sum(map(len, bar_xs)) == len(set().union(*bar_xs)):
        # Bars that never share a category (a quota, then outcomes) sit centred, not offset.
        for trace in traces:
            trace.offsetgroup = "shared"
    return Chart(traces, data, title, units, x_title=x_title, categorical_x=categorical)


def dropdown(buttons: list[dict], label: str, plot_height: int = style.LAYOUT["plot"]) -> dict:
    """A plotly dropdown in house style, at the top right of the plot; it works without a kernel."""
    return {
        "type": "dropdown",
        "buttons": buttons,
        "direction": "down",
        "showactive": True,
        "x": 1.0,
        "xanchor": "right",
        "y": 1 + 8 / plot_height,
        "yanchor": "bottom",
        "bgcolor": "white",
        "bordercolor": style.MUTED,
        "font": {"size": 13},
        "name": label,
    }


def switcher(views: Mapping[str, Chart], *, label: str = "Show") -> Chart:
    """Several charts behind one plotly dropdown; each view keeps its own title, units and source.

    The dropdown is plotly's own control, so it works in the static book without a kernel.
    """
    if len(views) < 2:
        raise ValueError("switcher() needs at least two views to switch between.")
    charts = list(views.values())
    traces: list[go.BaseTraceType] = []
    owner: list[int] = []
    for i, chart in enumerate(charts):
        for trace in chart.traces:
            traces.append(trace.update(visible=(i == 0)) if hasattr(trace, "update") else trace)
            owner.append(i)
    layouts = [_layout(chart, len(chart.traces), True) for chart in charts]
    buttons = [
        {
            "label": view_label,
            "method": "update",
            "args": [
                {"visible": [o == i for o in owner]},
                {**layouts[i], "xaxis.type": "category" if chart.categorical_x else "linear"},
            ],
        }
        for i, (view_label, chart) in enumerate(views.items())
    ]
    # The table and CSV under the chart hold every view's rows; the plot opens on the first view.
    data = pd.concat([c.data.assign(view=k) for k, c in views.items()], ignore_index=True)
    return replace(
        charts[0],
        traces=traces,
        data=data,
        updatemenus=[dropdown(buttons, label, charts[0].plot_height)],
        first_view_layout=layouts[0],
    )


# -- display -------------------------------------------------------------------------------------


def _stable_id(fig_json: str) -> str:
    """Deterministic element ids, so rebuilding the book produces identical HTML."""
    return "chart-" + hashlib.sha1(fig_json.encode("utf-8")).hexdigest()[:10]


_HIDDEN_COLUMNS = {"figure_id", "chapter", "value_kind", "measure"}


def table_frame(data: pd.DataFrame, columns: Sequence[str] | None = None) -> pd.DataFrame:
    """The rows behind a chart as a reader-facing table: empty columns and bookkeeping dropped."""
    if columns is not None:
        return data.loc[:, list(columns)]
    keep = [c for c in data.columns if c not in _HIDDEN_COLUMNS and data[c].notna().any()]
    keep = [c for c in keep if not (data[c].astype(str) == "").all()]
    return data.loc[:, keep]


def _csv_link(table: pd.DataFrame, filename: str) -> str:
    payload = urllib.parse.quote(table.to_csv(index=False))
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
    table = table_frame(chart.data, columns)
    name = filename or f"{chart.data.attrs.get('name', 'chart-data')}-{div_id[-6:]}.csv"
    caption_html = f'<p class="chart-caption">{html.escape(caption)}</p>' if caption else ""
    notes = (
        f'<div class="chart-notes">{caption_html}'
        f'<p class="chart-source">{html.escape(chart.source)}</p>'
        f'<details class="chart-alt" open><summary>Text description</summary>'
        f'<p id="{desc_id}">{html.escape(alt)}</p></details>'
        f'<details class="chart-data"><summary>Data behind this chart</summary>'
        f"{table.to_html(index=False, na_rep='', classes='chart-table', border=0)}"
        f"{_csv_link(table, name)}</details></div>"
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
