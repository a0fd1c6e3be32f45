"""The chart kinds a chapter cell asks for: vertical bars, lines, horizontal bars, parts of a whole
(stacked) and an overlay of charts on one set of axes (combine)."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from companion import style
from companion.charts.layout import Chart
from companion.charts.series import (
    FALLBACK_COLOURS,
    category_label,
    colour_of,
    format_value,
    hover_texts,
    is_essay,
    row_labels,
    series_of,
    symbol_of,
    with_series,
)


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
    series = series_of(frame, name)
    traces = []
    for i, (_, trace_name, part) in enumerate(series):
        essay = is_essay(part)
        xs = part[x] if x else row_labels(part)
        unit = part["unit"].iloc[0] if "unit" in part.columns else ""
        traces.append(
            go.Bar(
                x=[category_label(v) for v in xs],
                y=part[y].tolist(),
                name=trace_name,
                marker={
                    "color": colour_of(i, essay, colour),
                    "pattern": {"shape": "" if essay else "/"},
                },
                text=(
                    part[labels].tolist()
                    if labels is not None
                    else [value_label(v) if value_label else format_value(v, unit) for v in part[y]]
                ),
                textposition="outside",
                cliponaxis=False,
                hovertext=hover_texts(part, trace_name),
                hoverinfo="text",
            )
        )
    return Chart(traces, with_series(frame, series), title, units, x_title=x_title, categorical_x=True)


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
    series = series_of(frame, name)
    traces = []
    for i, (label, trace_name, part) in enumerate(series):
        essay = is_essay(part)
        if highlight is not None:
            line_colour = (colour or (style.ESSAY if essay else style.CONTEXT)) if label == highlight else "#9a9a9a"
            width = 3.5 if label == highlight else 1.5
        else:
            line_colour, width = colour_of(i, essay, colour), 2.5
        traces.append(
            go.Scatter(
                x=part[x].tolist(),
                y=part[y].tolist(),
                name=trace_name,
                mode="lines+markers",
                line={"color": line_colour, "width": width, "dash": "solid" if essay else "dash"},
                marker={"size": 8, "symbol": symbol_of(i, essay)},
                hovertext=hover_texts(part, trace_name),
                hoverinfo="text",
            )
        )
    return Chart(traces, with_series(frame, series), title, units, x_title=x_title)


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
    essay = is_essay(frame)
    unit = frame["unit"].iloc[0] if "unit" in frame.columns else ""
    trace = go.Bar(
        y=list(range(len(frame))),
        x=frame["value"].tolist(),
        orientation="h",
        width=0.36,
        name=name,
        marker={"color": colour_of(0, essay, colour), "pattern": {"shape": "" if essay else "/"}},
        text=[format_value(v, unit) for v in frame["value"]],
        textposition="outside",
        cliponaxis=False,
        hovertext=hover_texts(frame, name),
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
            own = next(c for c in [*FALLBACK_COLOURS, *style.PALETTE] if c not in taken)
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
                x=[category_label(v) for v in rows[x]],
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
