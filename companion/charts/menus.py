"""Charts a reader explores without a kernel: plotly's own dropdown in house style, a highlighter
that sets one chosen group beside the one always shown, and a switcher between several charts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

import pandas as pd
import plotly.graph_objects as go

from companion import style
from companion.charts.kinds import lines
from companion.charts.layout import Chart, house_layout
from companion.charts.series import is_essay


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
    main = style.ESSAY if is_essay(frame) else style.CONTEXT

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
    layouts = [house_layout(chart, [t.name or "" for t in chart.traces], True) for chart in charts]
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
