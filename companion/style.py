"""The house style of every chart, in one place.

Colours are the Okabe-Ito palette (distinguishable with the common colour-vision deficiencies).
One rule runs through the book: the essay's own figures are drawn in ``ESSAY`` blue, context from
other publications in ``CONTEXT`` vermillion with dashed lines or hatched bars, so a reader can
always tell the essay's evidence from ours.
"""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

ESSAY = "#0072B2"
CONTEXT = "#D55E00"
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]
# Several series of one kind keep to that kind's family: blues and a green for the essay's figures,
# vermillion, orange and purple for context, so the essay/context rule survives a second series.
ESSAY_SERIES = ("#0072B2", "#56B4E9", "#009E73")
CONTEXT_SERIES = ("#D55E00", "#E69F00", "#CC79A7")
ESSAY_SYMBOLS = ("circle", "square", "triangle-up")
CONTEXT_SYMBOLS = ("diamond", "triangle-down", "x")
INK = "#222222"
MUTED = "#555555"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
TEMPLATE = "companion"
HEIGHT = 440  # of exported images

# Pixel sizes of the chart layout (companion/charts/layout.py: house_layout). They travel with every figure in
# layout.meta, so companion-charts.js re-wraps for phones with the same numbers, not copies.
LAYOUT = {
    "column": 620,  # the book's text column; the wrap widths below fit it
    "plot": 300,  # the plotting area; titles, legend and source line add to it
    "titleChars": 56,
    "unitsChars": 78,
    "sourceChars": 95,
    "titleLine": 24,
    "unitsLine": 19,
    "legendItem": 22,
    "legendExtraLine": 17,
    "menu": 38,
    "axis": 48,
    "xTitle": 22,
    "sourceLine": 18,
    "padTop": 12,
    "modebar": 28,  # a strip above the title for plotly's mode bar, so its buttons never cover the title
    "gap": 10,
    "padBottom": 16,
    "sideMargins": 88,
    "titleOffset": 14,  # from the top of the figure to the title
    "legendOffset": 8,  # from the heading to the legend
}

pio.templates[TEMPLATE] = go.layout.Template(
    layout=go.Layout(
        font={"family": FONT, "size": 14, "color": INK},
        title={"x": 0, "xanchor": "left", "font": {"size": 18}},
        colorway=PALETTE,
        paper_bgcolor="white",
        plot_bgcolor="white",
        margin={"l": 64, "r": 24},
        xaxis={"showgrid": False, "linecolor": MUTED, "ticks": "outside", "tickcolor": MUTED},
        yaxis={"gridcolor": "#e5e5e5", "zerolinecolor": MUTED, "rangemode": "tozero"},
        legend={"orientation": "v", "x": 0, "xanchor": "left", "font": {"size": 13}},
        hoverlabel={"font": {"family": FONT}},
        bargap=0.35,
    )
)

# Plotly's own config for every chart: no logo, no "send to cloud", static images in house size.
CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "modeBarButtonsToRemove": ["sendDataToCloud", "lasso2d", "select2d"],
    "toImageButtonOptions": {"format": "png", "width": 960, "height": HEIGHT, "scale": 2},
}
