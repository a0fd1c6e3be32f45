"""Live explorers (ipywidgets) with a static twin for the web book.

A widget needs a running kernel; on a static page it would sit dead. So each explorer displays one
output carrying both the widget and a static equivalent: a live notebook shows the widget, the web
book (which drops the widget's MIME type, see ``_config.yml``) shows the plotly version, whose
dropdown works without a kernel, with a note on how to run the live one.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import replace

import ipywidgets as widgets
import pandas as pd
from IPython.display import display

from companion import synthetic, timebudget
from companion.charts import Chart, bars, format_value, render, stacked, switcher
from companion.derive import compare, decile_means_ratio, percentile_ratio, recruitment

_COMPARABLE_UNITS = {
    "percent",
    "persons",
    "count",
    "fraction",
    "hours",
    "minutes",
    "million persons",
}


def _label(measure: str, group: object, context: bool) -> str:
    text = measure.replace("_", " ").capitalize()
    if isinstance(group, str) and group and group not in {"USSR", "census"}:
        text = f"{text} ({group})"
    return f"{text} (context)" if context else text


def two_point_series(*frames: pd.DataFrame | Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Every series in ``frames`` with exactly two dated values in one comparable unit.

    Works on the essay's figures (dated by ``start_year``) and on context series (``year``). A
    mapping gives each series its reader-facing label; a bare table is labelled from its measures.
    """
    found: dict[str, pd.DataFrame] = {}
    for frame in frames:
        if isinstance(frame, Mapping):
            for label, part in frame.items():
                year = "start_year" if "start_year" in part.columns else "year"
                if len(part.dropna(subset=[year])) != 2 or part["unit"].nunique() != 1:
                    raise ValueError(f"'{label}' needs exactly two dated values in one unit to compare.")
                found[label] = part.dropna(subset=[year]).sort_values(year)
            continue
        year = "start_year" if "start_year" in frame.columns else "year"
        context = "source_id" in frame.columns and not (frame["source_id"] == "smith2016").all()
        groups = frame.groupby(["measure", frame["group"].fillna("")], sort=False)
        for (measure, group), part in groups:
            part = part.dropna(subset=[year])
            units = part["unit"].unique()
            if len(part) == 2 and len(units) == 1 and units[0] in _COMPARABLE_UNITS:
                found[_label(measure, group, context)] = part.sort_values(year)
    return found


def _summary(old: float, new: float, unit: str) -> str:
    comp = compare(old, new)
    pp = (
        f"; {comp.point_change:+.1f} percentage points"
        if unit == "percent"
        else "; percentage points do not apply (not shares)"
    )
    return (
        f"From {format_value(old, unit)} to {format_value(new, unit)}: "
        f"×{comp.ratio:.2f} ({comp.percent_change:+.1f}%){pp}"
    )


_LIVE_NOTE = (
    '<p class="explorer-note"><strong>Static version of a live explorer.</strong> {what}: download this '
    "page as a notebook (.ipynb) from the download button at the top of the page, or run "
    "<code>make lab</code> in a clone of the book.</p>"
)


def _static_html(chart_html: str, notes: str, what: str) -> str:
    return f'<div class="static-explorer">{_LIVE_NOTE.format(what=what)}{chart_html}{notes}</div>'


def _static(series: dict[str, pd.DataFrame]) -> str:
    views = {}
    for label, part in series.items():
        unit = part["unit"].iloc[0]
        old, new = part["value"].tolist()
        views[label] = bars(part, title=_summary(old, new, unit), units=label, name=label)
    chart = switcher(views, label="Series")
    alt = "Bar charts, one per series, chosen from the dropdown. " + " ".join(
        f"{label}: {_summary(*part['value'].tolist(), part['unit'].iloc[0])}." for label, part in series.items()
    )
    bundle, notes = render(chart, alt=alt, caption="Choose a series from the dropdown (top right).")
    what = "In a live notebook you can also type in any two numbers of your own"
    return _static_html(bundle._repr_mimebundle_()["text/html"], notes, what)


def change_explorer(*frames: pd.DataFrame | Mapping[str, pd.DataFrame]) -> None:
    """Compare two numbers three ways (ratio, per cent change, percentage points).

    Pick any two-point series from ``frames`` (the essay's figures, context series) or type your own.
    """
    series = two_point_series(*frames)
    if not series:
        raise ValueError("No series in these rows has exactly two dated values to compare.")
    choose = widgets.Dropdown(options=list(series), description="Series", layout={"width": "95%"})
    old = widgets.FloatText(description="From")
    new = widgets.FloatText(description="To")
    result = widgets.HTML()

    def pick(_: object = None) -> None:
        part = series[choose.value]
        old.value, new.value = (float(v) for v in part["value"])

    def recompute(_: object = None) -> None:
        unit = series[choose.value]["unit"].iloc[0]
        try:
            text = _summary(old.value, new.value, unit)
        except (TypeError, ValueError) as problem:
            text = str(problem)
        result.value = f"<p><strong>{html.escape(text)}</strong></p>"

    choose.observe(pick, names="value")
    old.observe(recompute, names="value")
    new.observe(recompute, names="value")
    pick()
    recompute()
    box = widgets.VBox([choose, widgets.HBox([old, new]), result])
    bundle = dict(box._repr_mimebundle_())
    bundle["text/html"] = _static(series)
    display(bundle, raw=True)


# -- two measures of one wage distribution ----------------------------------------------------------


def _decile_summary(p90_p10: float) -> str:
    wages = synthetic.lognormal_wages(p90_p10)
    return (
        f"P90/P10 = {percentile_ratio(wages):.2f}; ratio of the average wages of the top and bottom tenths "
        f"= {decile_means_ratio(wages):.2f}"
    )


def _decile_view(p90_p10: float, label: str) -> Chart:
    """One P90/P10 as ten bars (the average wage of each tenth), titled with both measures."""
    chart = bars(
        synthetic.decile_table(p90_p10),
        x="tenth",
        title=f"{label}: {_decile_summary(p90_p10)}",
        units="Average wage of each tenth of workers (median worker = 100); synthetic, not Soviet data",
        name="Average wage of each tenth",
        colour="#009E73",
        x_title="Tenth of workers, lowest paid first",
    )
    return replace(chart, source_note=f"Synthetic data made by the book: {synthetic.LABEL}.")


def decile_explorer(presets: Mapping[str, float], means_ratios: Mapping[str, float] | None = None) -> None:
    """Two measures of one wage gap, on a synthetic log-normal distribution.

    Pick a P90/P10 ratio (``presets`` maps labels such as "3.0 (Rabkina and Rimashevskaia, 1981)" to
    ratios from the data) or type one; the explorer shows the average wage of each tenth and both
    measures. Typing a ratio of decile means (the essay's kind of figure) gives the P90/P10 that goes
    with it on the same assumed shape. ``means_ratios`` maps labels to such ratios (the essay's 8:1, say):
    the web book's static version, where nothing can be typed, offers each as a view of its own, so
    a question about them can be answered there too. An illustration of the arithmetic, never an
    estimate.
    """
    if len(presets) < 2:
        raise ValueError("The decile explorer needs at least two preset ratios to switch between.")
    choose = widgets.Dropdown(options=list(presets), description="Start from", layout={"width": "95%"})
    spread = widgets.FloatText(description="P90/P10", step=0.1)
    means = widgets.FloatText(description="Means ratio", step=0.5, value=8.0)
    result = widgets.HTML()
    inverse = widgets.HTML()

    def pick(_: object = None) -> None:
        spread.value = float(presets[choose.value])

    def recompute(_: object = None) -> None:
        try:
            table = synthetic.decile_table(spread.value)
            cells = "".join(f"<td>{v:.0f}</td>" for v in table["value"])
            heads = "".join(f"<th scope='col'>{html.escape(t)}</th>" for t in table["tenth"])
            text = (
                f"<p><strong>{html.escape(_decile_summary(spread.value))}</strong></p>"
                f"<table class='chart-table'><caption>Average wage of each tenth (median = 100; "
                f"{html.escape(synthetic.LABEL)})</caption><tr>{heads}</tr><tr>{cells}</tr></table>"
            )
        except (TypeError, ValueError) as problem:
            text = f"<p><strong>{html.escape(str(problem))}</strong></p>"
        result.value = text

    def invert(_: object = None) -> None:
        try:
            text = (
                f"A ratio of decile means of {means.value:g} goes with a P90/P10 of "
                f"{synthetic.p90_p10_for(means.value):.2f} on the same log-normal shape."
            )
        except (TypeError, ValueError) as problem:
            text = str(problem)
        inverse.value = f"<p>{html.escape(text)}</p>"

    choose.observe(pick, names="value")
    spread.observe(recompute, names="value")
    means.observe(invert, names="value")
    pick()
    recompute()
    invert()
    box = widgets.VBox(
        [choose, spread, result, widgets.HTML("<p>Or start from the essay's kind of figure:</p>"), means, inverse]
    )
    spreads = {label: float(value) for label, value in presets.items()}
    spreads |= {label: synthetic.p90_p10_for(float(ratio)) for label, ratio in (means_ratios or {}).items()}
    views = {label: _decile_view(value, label) for label, value in spreads.items()}
    alt = (
        "Bar charts of the average wage of each tenth of workers in a synthetic log-normal distribution, "
        "one view per P90/P10 ratio chosen from the dropdown. "
        + " ".join(f"{label}: {_decile_summary(value)}." for label, value in spreads.items())
        + " In every view the ratio of the average wages of the top and bottom tenths is larger than P90/P10."
    )
    bundle, notes = render(
        switcher(views, label="P90/P10"),
        alt=alt,
        caption=(
            "Choose a P90/P10 ratio from the dropdown (top right). The wages are invented; only the arithmetic is real."
        ),
        filename="synthetic-decile-means.csv",
    )
    what = "In a live notebook you can type any P90/P10, or start from a ratio of decile means such as the essay's 8:1"
    payload = dict(box._repr_mimebundle_())
    payload["text/html"] = _static_html(bundle._repr_mimebundle_()["text/html"], notes, what)
    display(payload, raw=True)


# -- a day of 24 hours ----------------------------------------------------------------------------

YOUR_DAY = "Your day (sliders)"


def _checked_presets(presets: Mapping[str, Sequence[timebudget.Block]]) -> dict[str, pd.DataFrame]:
    """Each preset as a 24-hour day; all presets must offer the same blocks, so sliders fit them all."""
    if not presets:
        raise ValueError("day_explorer() needs at least one preset day to start from.")
    days = {label: timebudget.day(label, blocks) for label, blocks in presets.items()}
    first_label, *others = presets
    expected = [b.label for b in presets[first_label]]
    for label in others:
        found = [b.label for b in presets[label]]
        if found != expected:
            raise ValueError(f"'{label}' has the blocks {found}; every preset needs {expected}, in that order.")
    return days


def your_day(preset: Sequence[timebudget.Block], hours: Mapping[str, float]) -> tuple[pd.DataFrame | None, str]:
    """The reader's day from slider values, and one sentence about it.

    A block moved away from its preset value becomes the reader's assumption, whatever its basis
    was: the chart must never present a changed number as the essay's. Blocks that do not fit into
    24 hours give a message instead of a day.
    """
    blocks = []
    for block in preset:
        value = float(hours.get(block.label, block.hours))
        if abs(value - block.hours) > 1e-9:
            block = replace(block, hours=value, basis="assumption", source_id=None, note=None, remark="changed by you")
        blocks.append(block)
    try:
        frame = timebudget.day(YOUR_DAY, blocks)
    except ValueError as problem:
        text = str(problem).removeprefix(f"{YOUR_DAY}: ")
        return None, text[:1].upper() + text[1:]
    rest = timebudget.left_over(frame)
    return frame, f"Left for everything else – meals, washing, travel, children, rest: {timebudget.clock(rest)}."


def _day_chart(days: pd.DataFrame, title: str) -> object:
    return stacked(days, title=title, units="Hours of one 24-hour day (a weekday)")


def _day_alt(days: Mapping[str, pd.DataFrame]) -> str:
    parts = []
    for label, frame in days.items():
        blocks = "; ".join(f"{row.block}: {row.clock} ({row.where_from})" for row in frame.itertuples())
        parts.append(f"{label}. {blocks}.")
    return "Stacked columns, each one 24-hour day split into blocks. " + " ".join(parts)


def day_explorer(presets: Mapping[str, Sequence[timebudget.Block]], *, caption: str = "") -> None:
    """Sliders for the hours of one day, set side by side with the first preset.

    ``presets`` maps a label to the blocks of a day (the essay's case first, then alternatives).
    In a live notebook the reader picks a preset, moves the sliders and sees what is left of the
    24 hours; the static twin for the web book draws every preset side by side.
    """
    days = _checked_presets(presets)
    reference_label = next(iter(presets))
    rests = {label: timebudget.clock(timebudget.left_over(frame)) for label, frame in days.items()}
    title = "Left for everything else: " + "; ".join(f"{rest} ({label})" for label, rest in rests.items())
    static_chart = _day_chart(pd.concat(days.values(), ignore_index=True), title)
    bundle_static, notes = render(static_chart, alt=_day_alt(days), caption=caption or None)
    what = "In a live notebook you can move a slider for each block of the day and see what is left of the 24 hours"
    static_html = _static_html(bundle_static._repr_mimebundle_()["text/html"], notes, what)

    choose = widgets.Dropdown(options=list(presets), description="Start from", layout={"width": "95%"})
    sliders = {
        block.label: widgets.FloatSlider(
            min=0,
            max=timebudget.HOURS_IN_DAY,
            step=0.05,
            readout_format=".2f",
            description=block.label,
            style={"description_width": "45%"},
            layout={"width": "95%"},
        )
        for block in presets[reference_label]
    }
    message = widgets.HTML()
    output = widgets.Output()

    def pick(_: object = None) -> None:
        for block in presets[choose.value]:
            sliders[block.label].value = block.hours

    def redraw(_: object = None) -> None:
        frame, text = your_day(presets[choose.value], {k: s.value for k, s in sliders.items()})
        message.value = f"<p><strong>{html.escape(text)}</strong></p>"
        if frame is None:
            return
        chart = _day_chart(pd.concat([days[reference_label], frame], ignore_index=True), text)
        bundle, _ = render(chart, alt=_day_alt({reference_label: days[reference_label], YOUR_DAY: frame}))
        output.clear_output(wait=True)
        with output:
            display(bundle)

    choose.observe(pick, names="value")
    for slider in sliders.values():
        slider.observe(redraw, names="value")
    pick()
    redraw()
    box = widgets.VBox([choose, *sliders.values(), message, output])
    bundle = dict(box._repr_mimebundle_())
    bundle["text/html"] = static_html
    display(bundle, raw=True)


# Invented scenarios for the static twin of the recruitment explorer: worker fathers per
# intelligentsia father, and per cent of workers' children leaving the working class who join the
# intelligentsia. They are assumptions for illustration, never data.
RECRUITMENT_RATIOS = (1, 3, 6)
RECRUITMENT_JOINING = (10, 25, 50)
_WIDE = {"description_width": "initial"}
ILLUSTRATION = "#009E73"  # neither the essay's blue nor context's vermillion: a computed illustration


def _recruitment_text(own: float, other: float, ratio: float, joining: float) -> str:
    result = recruitment(own, other, ratio, joining)
    return (
        f"Per 100 intelligentsia fathers: {result.from_own_homes:.1f} intelligentsia children from "
        f"intelligentsia homes, {result.from_other_homes:.1f} from worker homes; "
        f"{result.share_from_other:.0f} per cent of these recruits grew up in worker homes."
    )


def _recruitment_frame(rates: pd.DataFrame, joining: float) -> pd.DataFrame:
    own, other = _staying_rates(rates)
    row = rates.iloc[0]
    rows = []
    for ratio in RECRUITMENT_RATIOS:
        result = recruitment(own, other, ratio, joining)
        rows.append(
            {
                "period": f"{ratio} to 1",
                "value": round(result.share_from_other, 1),
                "unit": "percent",
                "note": row["note"],
                "source_id": row["source_id"],
                "remark": (
                    f"illustration: the essay's rates ({own:g}, {other:g}) with invented assumptions "
                    f"({ratio} worker fathers per intelligentsia father; {joining:g} per cent of leavers join)"
                ),
            }
        )
    return pd.DataFrame(rows)


def _staying_rates(rates: pd.DataFrame) -> tuple[float, float]:
    """The intelligentsia's and the workers' staying rates, found by group, in that order."""
    by_group = rates.set_index("group")["value"]
    try:
        return float(by_group["intelligentsia fathers"]), float(by_group["worker fathers"])
    except KeyError:
        raise ValueError(
            "The recruitment explorer needs the rows for 'intelligentsia fathers' and 'worker fathers' "
            "(essay_figures('intelligentsia_inheritance_ufa'))."
        ) from None


def _static_recruitment(rates: pd.DataFrame) -> str:
    views = {}
    for joining in RECRUITMENT_JOINING:
        frame = _recruitment_frame(rates, joining)
        views[f"{joining}% of leavers join"] = bars(
            frame,
            name="Recruits from worker homes",
            colour=ILLUSTRATION,
            title=(
                f"Illustration: if {joining}% of workers' children who left joined the intelligentsia, "
                f"{frame['value'].min():g}–{frame['value'].max():g}% of its recruits grew up in worker homes"
            ),
            units="Per cent of intelligentsia recruits (from the two groups) who grew up in worker homes",
            x_title="Worker fathers per intelligentsia father (invented)",
        )
    chart = switcher(views, label="Assumption")
    alt = (
        "Bar charts, one per assumption, chosen from the dropdown. Each uses the essay's Ufa rates and an "
        "invented number of worker fathers per intelligentsia father (1, 3 or 6). "
        + " ".join(
            f"If {j} per cent of leavers join: "
            + ", ".join(
                f"{r} worker fathers per intelligentsia father gives {v:g} per cent"
                for r, v in zip(RECRUITMENT_RATIOS, _recruitment_frame(rates, j)["value"], strict=True)
            )
            + "."
            for j in RECRUITMENT_JOINING
        )
    )
    bundle, notes = render(
        chart,
        alt=alt,
        caption=(
            "Illustration, not data: only the two staying rates come from the essay; the number of fathers "
            "and the share of leavers who joined the intelligentsia are invented to show what the rates leave open."
        ),
    )
    figure_html = bundle._repr_mimebundle_()["text/html"]
    return (
        '<div class="static-explorer"><p class="explorer-note"><strong>Static version of a live '
        "explorer.</strong> In a live notebook you can set both assumptions yourself with sliders: "
        "download this page as a notebook (.ipynb) from the download button at the top of the page, "
        "or run <code>make lab</code> in a clone of the book.</p>"
        f"{figure_html}{notes}</div>"
    )


def recruitment_explorer(rates: pd.DataFrame) -> None:
    """What two outflow rates say about who joined a group, once the missing base sizes are guessed.

    ``rates`` are the essay's Ufa rows (Smith, n. 40). The reader sets the two numbers the essay's
    text does not give; the explorer shows how far the answer to "was the intelligentsia closed to workers'
    children?" depends on them.
    """
    own, other = _staying_rates(rates)
    ratio = widgets.FloatSlider(
        value=3, min=0, max=10, step=0.5, description="Worker fathers per intelligentsia father", style=_WIDE
    )
    joining = widgets.FloatSlider(
        value=25, min=0, max=100, step=5, description="% of leavers joining the intelligentsia", style=_WIDE
    )
    result = widgets.HTML()

    def recompute(_: object = None) -> None:
        text = _recruitment_text(own, other, ratio.value, joining.value)
        result.value = f"<p><strong>{html.escape(text)}</strong></p>"

    ratio.observe(recompute, names="value")
    joining.observe(recompute, names="value")
    recompute()
    note = widgets.HTML(
        f"<p>The essay's rates: {own:g} per cent of intelligentsia fathers had intelligentsia children, "
        f"{other:g} per cent of worker fathers had worker children (Smith, n. 40). The two sliders are "
        "assumptions you choose; children from other backgrounds are not counted.</p>"
    )
    box = widgets.VBox([note, ratio, joining, result], layout={"width": "95%"})
    bundle = dict(box._repr_mimebundle_())
    bundle["text/html"] = _static_recruitment(rates)
    display(bundle, raw=True)
