"""Live explorers (ipywidgets) with a static twin for the web book.

A widget needs a running kernel; on a static page it would sit dead. So each explorer displays one
output carrying both the widget and a static equivalent: a live notebook shows the widget, the web
book (which drops the widget's MIME type, see ``_config.yml``) shows the plotly version, whose
dropdown works without a kernel, with a note on how to run the live one.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

import ipywidgets as widgets
import pandas as pd
from IPython.display import display

from companion.charts import bars, format_value, render, switcher
from companion.derive import compare, recruitment

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
        f"x{comp.ratio:.2f} ({comp.percent_change:+.1f}%){pp}"
    )


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
    figure_html = bundle._repr_mimebundle_()["text/html"]
    return (
        '<div class="static-explorer"><p class="explorer-note"><strong>Static version of a live '
        "explorer.</strong> In a live notebook you can also type in any two numbers of your own: "
        "download this page as a notebook (.ipynb) from the download button at the top of the page, "
        "or run <code>make lab</code> in a clone of the book.</p>"
        f"{figure_html}{notes}</div>"
    )


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

    ``rates`` are the essay's Ufa rows (Smith, n. 40). The reader sets the two numbers the essay does
    not give; the explorer shows how far the answer to "was the intelligentsia closed to workers'
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
