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
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from IPython.display import display

from companion import style
from companion.chart_table import reader_table, table_html
from companion.data import ESSAY_SOURCE, load, source_line
from companion.tables import spaced

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
        fig.update_layout(template=style.TEMPLATE, **_layout(self, visible, bool(self.updatemenus)))
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


def _layout(chart: Chart, legend_names: Sequence[str], menu: bool) -> dict:
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


def _is_essay(frame: pd.DataFrame) -> bool:
    return "source_id" in frame.columns and bool((frame["source_id"] == ESSAY_SOURCE).all())


def format_value(value: float, unit: str) -> str:
    """A value as a reader expects to see it: '32.5%', '2,500,000', '×14', '8:1'."""
    if pd.isna(value):
        return ""
    if unit == "percent":
        return f"{value:g}%"
    if unit == "fraction":
        return f"{value * 100:.0f}%"
    if unit == "times":
        return f"×{value:g}"
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


def _series(frame: pd.DataFrame, name: str | None) -> list[tuple[str, str, pd.DataFrame]]:
    """(group, trace name, rows) for each trace: one per group and, where a group's rows come from
    more than one publication, one per source. Sources that disagree stand side by side; a line
    never joins one publication's figure to another's."""
    found = []
    for label, part in _groups(frame, name):
        sources = part["source_id"].dropna().unique() if "source_id" in part.columns else []
        if len(sources) < 2:
            found.append((label, label, part))
            continue
        shorts = load("sources").set_index("source_id")["short"]
        for sid in sources:
            found.append((label, f"{label} – {shorts.get(sid, sid)}", part[part["source_id"] == sid]))
    return found


def _with_series(frame: pd.DataFrame, series: list[tuple[str, str, pd.DataFrame]]) -> pd.DataFrame:
    """The chart's rows in their own order, each with the series it belongs to (its legend entry,
    less the source, which the table and the CSV give in a column of its own)."""
    names = pd.Series(index=frame.index, dtype=object)
    for label, _, part in series:
        names[part.index] = label
    return frame.assign(series=names)


def _colour(i: int, essay: bool, colour: str | None) -> str:
    if colour:
        return colour
    family = style.ESSAY_SERIES if essay else style.CONTEXT_SERIES
    if i < len(family):
        return family[i]
    return _FALLBACK_COLOURS[(i - len(family)) % len(_FALLBACK_COLOURS)]


def _symbol(i: int, essay: bool) -> str:
    symbols = style.ESSAY_SYMBOLS if essay else style.CONTEXT_SYMBOLS
    return symbols[i % len(symbols)]


def _category(label: object, width: int = 18) -> str:
    """A category label broken into short lines, so long names do not tilt and run into the source."""
    return "<br>".join(textwrap.wrap(str(label), width)) or str(label)


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
    value_label: Callable[[float], str] | None = None,
    labels: str | None = None,
) -> Chart:
    """Bars for a few values (one bar per period, one colour per group). Context is hatched.

    ``title`` and ``units`` may be left out for a layer that :func:`combine` will title.
    ``value_label`` prints each value in a form of its own (hours as '4 h 51 min', say); ``labels``
    names a column of text to print on the bars instead, for figures that a number alone would
    misstate ('more than 25', '21 (5 + 16)')."""
    series = _series(frame, name)
    traces = []
    for i, (_, trace_name, part) in enumerate(series):
        essay = _is_essay(part)
        xs = part[x] if x else _label(part)
        unit = part["unit"].iloc[0] if "unit" in part.columns else ""
        traces.append(
            go.Bar(
                x=[_category(v) for v in xs],
                y=part[y].tolist(),
                name=trace_name,
                marker={
                    "color": _colour(i, essay, colour),
                    "pattern": {"shape": "" if essay else "/"},
                },
                text=(
                    part[labels].tolist()
                    if labels is not None
                    else [value_label(v) if value_label else format_value(v, unit) for v in part[y]]
                ),
                textposition="outside",
                cliponaxis=False,
                hovertext=_hover(part, trace_name),
                hoverinfo="text",
            )
        )
    return Chart(traces, _with_series(frame, series), title, units, x_title=x_title, categorical_x=True)


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
    x = x or ("year" if "year" in frame.columns else "start_year")
    frame = frame.dropna(subset=[x]).sort_values(x)
    series = _series(frame, name)
    traces = []
    for i, (label, trace_name, part) in enumerate(series):
        essay = _is_essay(part)
        if highlight is not None:
            line_colour = (colour or (style.ESSAY if essay else style.CONTEXT)) if label == highlight else "#9a9a9a"
            width = 3.5 if label == highlight else 1.5
        else:
            line_colour, width = _colour(i, essay, colour), 2.5
        traces.append(
            go.Scatter(
                x=part[x].tolist(),
                y=part[y].tolist(),
                name=trace_name,
                mode="lines+markers",
                line={"color": line_colour, "width": width, "dash": "solid" if essay else "dash"},
                marker={"size": 8, "symbol": _symbol(i, essay)},
                hovertext=_hover(part, trace_name),
                hoverinfo="text",
            )
        )
    return Chart(traces, _with_series(frame, series), title, units, x_title=x_title)


ROW_HEIGHT = 66  # px per horizontal bar: two lines of label above a bar, and a gap


@dataclass
class HorizontalBars(Chart):
    """Bars laid sideways, each with its label written above it inside the plot, for categories with
    long labels (a source, a place and a date). Labels beside the axis would take most of a phone
    screen and push the source line off the chart, so they sit over the bars as the timeline's do."""

    row_labels: list[str] = field(default_factory=list)
    value_range: tuple[float, float] = (0.0, 1.0)

    def figure(self) -> go.Figure:
        fig = super().figure()
        n = len(self.row_labels)
        fig.update_xaxes(
            type="linear", tickformat=",", range=list(self.value_range), showgrid=True, gridcolor="#e5e5e5"
        )
        fig.update_yaxes(showticklabels=False, showgrid=False, zeroline=False, range=[n - 0.45, -0.95])
        for row, text in enumerate(self.row_labels):
            fig.add_annotation(
                text=text,
                x=0,
                xref="paper",
                xanchor="left",
                y=row - 0.24,
                yref="y",
                yanchor="bottom",
                showarrow=False,
                align="left",
                font={"size": 12, "color": style.INK},
            )
        return fig


def hbars(
    frame: pd.DataFrame,
    *,
    label: str,
    title: str,
    units: str,
    name: str = "value",
    colour: str | None = None,
    x_title: str | None = None,
) -> Chart:
    """One horizontal bar per row, in the order of the rows, each labelled from the ``label`` column
    (which may hold ``<br>`` breaks; keep lines under about 45 characters for phones). Context is
    hatched, as in :func:`bars`."""
    if label not in frame.columns:
        raise ValueError(f"There is no column '{label}' to label the bars with. Columns: {', '.join(frame.columns)}.")
    essay = _is_essay(frame)
    unit = frame["unit"].iloc[0] if "unit" in frame.columns else ""
    trace = go.Bar(
        y=list(range(len(frame))),
        x=frame["value"].tolist(),
        orientation="h",
        width=0.36,
        name=name,
        marker={"color": _colour(0, essay, colour), "pattern": {"shape": "" if essay else "/"}},
        text=[format_value(v, unit) for v in frame["value"]],
        textposition="outside",
        cliponaxis=False,
        hovertext=_hover(frame, name),
        hoverinfo="text",
    )
    top = float(frame["value"].max()) * 1.2  # room for the value written beyond the longest bar
    return HorizontalBars(
        [trace],
        frame.copy(),
        title,
        units,
        x_title=x_title,
        plot_height=max(style.LAYOUT["plot"], ROW_HEIGHT * len(frame)),
        row_labels=[html.escape(str(v), quote=False).replace("&lt;br&gt;", "<br>") for v in frame[label]],
        value_range=(0, top),
    )


# Fill patterns by where a part's number comes from: the evidence solid, context hatched as
# elsewhere in the book, assumptions cross-hatched, computed remainders dotted.
_BASIS_PATTERN = {"essay": "", "computed": "", "context": "/", "assumption": "x", "remainder": "."}
_BASIS_COLOUR = {
    "essay": style.ESSAY,
    "computed": "#56B4E9",
    "context": style.CONTEXT,
    "assumption": "#E69F00",
    "remainder": "#bdbdbd",
}


def stacked(
    frame: pd.DataFrame,
    *,
    title: str = "",
    units: str = "",
    x: str = "person",
    y: str = "hours",
    part: str = "block",
    x_title: str | None = None,
) -> Chart:
    """Columns built of parts that add up to a whole, such as the 24 hours of a day.

    Each part (a legend entry) has a colour; the ``basis`` column, if present, says where each
    value comes from and sets its fill pattern, point by point, so the essay's figures, context,
    assumptions and computed remainders look different even in greyscale. A value whose basis
    differs from the rest of its part (a context figure swapped in, a number the reader changed)
    also takes its basis's colour. Evidence is stacked at the bottom, the remainder on top.
    """
    for column in (x, y, part):
        if column not in frame.columns:
            raise ValueError(f"stacked() needs a '{column}' column; the table has {list(frame.columns)}.")
    rows_basis = frame["basis"] if "basis" in frame.columns else pd.Series("essay", index=frame.index)
    rank = list(_BASIS_PATTERN)
    parts = sorted(
        frame.groupby(part, sort=False),
        key=lambda item: rank.index(rows_basis[item[1].index[0]]) if rows_basis[item[1].index[0]] in rank else 0,
    )
    taken: set[str] = set()
    traces = []
    for label, rows in parts:
        bases = rows_basis[rows.index]
        own = _BASIS_COLOUR.get(bases.iloc[0], style.ESSAY)
        if own in taken:  # a second part with the same basis needs a colour of its own
            own = next(c for c in [*_FALLBACK_COLOURS, *style.PALETTE] if c not in taken)
        taken.add(own)
        colours = [own if b == bases.iloc[0] else _BASIS_COLOUR.get(b, own) for b in bases]
        shown = rows["clock"] if "clock" in rows.columns else rows[y].map(lambda v: f"{v:g}")
        where = rows["where_from"] if "where_from" in rows.columns else bases
        hover = [
            f"<b>{html.escape(str(label))}</b><br>{html.escape(str(who))}: {html.escape(str(text))}"
            f"<br>{html.escape(str(source))}"
            for who, text, source in zip(rows[x], shown, where, strict=True)
        ]
        traces.append(
            go.Bar(
                x=[_category(v) for v in rows[x]],
                y=rows[y].tolist(),
                name=str(label),
                marker={
                    "color": colours,
                    "pattern": {
                        "shape": [_BASIS_PATTERN.get(b, "") for b in bases],
                        "fillmode": "overlay",
                        "fgcolor": style.INK,
                        "fgopacity": 0.35,
                    },
                    "line": {"color": "white", "width": 1},
                },
                text=list(shown),
                textposition="inside",
                insidetextanchor="middle",
                hovertext=hover,
                hoverinfo="text",
            )
        )
    return Chart(traces, frame.copy(), title, units, x_title=x_title, categorical_x=True, barmode="stack")


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


GREY = "#b0b0b0"
SECOND = "#009E73"  # the group a reader picks to set beside the one always shown


def highlighter(
    frame: pd.DataFrame,
    *,
    keep: str,
    title: str,
    units: str,
    label: str = "Compare with",
    x_title: str | None = None,
) -> Chart:
    """Lines for every group of ``frame``, with ``keep`` always in colour and a dropdown that picks
    one other group to draw in a second colour, the rest staying grey for context.

    A reader can then ask "did the USSR build more than France?" without eleven coloured lines to
    untangle. The dropdown only restyles line colours and widths, so it works without a kernel and
    the layout (title, legend, source line) stays put.
    """
    chart = lines(frame, title=title, units=units, x_title=x_title)
    names = [trace.name for trace in chart.traces]
    if keep not in names:
        raise ValueError(f"There is no group '{keep}' to keep in colour. Groups: {', '.join(names)}.")
    main = style.ESSAY if _is_essay(frame) else style.CONTEXT

    def styled(chosen: str | None) -> dict:
        colours = [main if n == keep else SECOND if n == chosen else GREY for n in names]
        widths = [3.5 if n == keep else 3 if n == chosen else 1.2 for n in names]
        return {"line.color": colours, "marker.color": colours, "line.width": widths}

    for trace, colour, width in zip(chart.traces, styled(None)["line.color"], styled(None)["line.width"], strict=True):
        trace.line.color, trace.line.width, trace.marker.color = colour, width, colour
    others = [n for n in names if n != keep]
    buttons = [{"label": f"{keep} only (others grey)", "method": "restyle", "args": [styled(None)]}]
    buttons += [{"label": f"{keep} and {n}", "method": "restyle", "args": [styled(n)]} for n in others]
    return replace(chart, updatemenus=[dropdown(buttons, label, chart.plot_height)])


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
    layouts = [_layout(chart, [t.name or "" for t in chart.traces], True) for chart in charts]
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
