"""Charts in the house style, built from the data package's tables.

A chapter cell should read like an argument::

    show(bars(essay_figures("petrograd_population"), title="Petrograd lost ...", units="residents"),
         alt="...")

``bars``/``lines`` turn a table into a :class:`Chart` (its traces plus the rows behind them);
``combine`` overlays charts, ``switcher`` puts several behind a plotly dropdown (which works in the
static book without a kernel) and ``show`` displays a chart with its title, units, source line,
text alternative, data table and CSV download.

The package's modules, one job each: :mod:`~companion.charts.layout` (the :class:`Chart` and the
house layout), :mod:`~companion.charts.series` (rows to traces), :mod:`~companion.charts.kinds`
(bars, lines, hbars, stacked, combine), :mod:`~companion.charts.menus` (dropdown, highlighter,
switcher) and :mod:`~companion.charts.display` (render, show). A notebook imports from the package.
"""

from companion.charts.display import render, show, table_frame
from companion.charts.kinds import bars, combine, hbars, lines, stacked
from companion.charts.layout import Chart
from companion.charts.menus import GREY, SECOND, dropdown, highlighter, switcher
from companion.charts.series import format_value

__all__ = [
    "GREY",
    "SECOND",
    "Chart",
    "bars",
    "combine",
    "dropdown",
    "format_value",
    "hbars",
    "highlighter",
    "lines",
    "render",
    "show",
    "stacked",
    "switcher",
    "table_frame",
]
