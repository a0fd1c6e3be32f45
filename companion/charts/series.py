"""From a long table to traces: one series per group and per source, the essay's colours and
symbols apart from context series, hover texts and category labels a reader can read."""

from __future__ import annotations

import html
import textwrap

import pandas as pd

from companion import style
from companion.data import ESSAY_SOURCE, load

FALLBACK_COLOURS = [c for c in style.PALETTE if c not in (style.ESSAY, style.CONTEXT)]


def is_essay(frame: pd.DataFrame) -> bool:
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


def row_labels(frame: pd.DataFrame) -> pd.Series:
    if "period" in frame.columns:
        return frame["period"]
    if "date_label" in frame.columns:
        return frame["date_label"]
    return pd.Series(frame.index.astype(str), index=frame.index)


def hover_texts(frame: pd.DataFrame, name: str) -> list[str]:
    lines = []
    for (_, row), when in zip(frame.iterrows(), row_labels(frame), strict=True):
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


def series_of(frame: pd.DataFrame, name: str | None) -> list[tuple[str, str, pd.DataFrame]]:
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


def with_series(frame: pd.DataFrame, series: list[tuple[str, str, pd.DataFrame]]) -> pd.DataFrame:
    """The chart's rows in their own order, each with the series it belongs to (its legend entry,
    less the source, which the table and the CSV give in a column of its own)."""
    names = pd.Series(index=frame.index, dtype=object)
    for label, _, part in series:
        names[part.index] = label
    return frame.assign(series=names)


def colour_of(i: int, essay: bool, colour: str | None) -> str:
    if colour:
        return colour
    family = style.ESSAY_SERIES if essay else style.CONTEXT_SERIES
    if i < len(family):
        return family[i]
    return FALLBACK_COLOURS[(i - len(family)) % len(FALLBACK_COLOURS)]


def symbol_of(i: int, essay: bool) -> str:
    symbols = style.ESSAY_SYMBOLS if essay else style.CONTEXT_SYMBOLS
    return symbols[i % len(symbols)]


def category_label(label: object, width: int = 18) -> str:
    """A category label broken into short lines, so long names do not tilt and run into the source."""
    return "<br>".join(textwrap.wrap(str(label), width)) or str(label)
