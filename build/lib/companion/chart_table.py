"""The table under every chart: the rows a reader needs, in words.

The table is the chart's accessible twin, so it is written for a reader, not dumped from the data
package: one column each for the year, the series, the value, its unit, its source and a note, with
human headers and blank cells where there is nothing to say. A remark that every row from one
publication repeats is said once under the table instead of in every row. A long table of several
series is turned wide -- a row per year, a column per series, each series' unit in its header and
its source said once beneath -- so that a chart of eleven countries over thirteen years reads as
thirteen rows, not 143. The CSV download beside it keeps every column of the data package, in the
long form a program reads (see :func:`companion.charts.render`).
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import pandas as pd

from companion.data import ESSAY_SOURCE, load, note_position
from companion.tables import html_table

HEADERS = {
    "view": "View",
    "series": "Series",
    "group": "Series",
    "period": "Year",
    "year": "Year",
    "start_year": "Year",
    "end_year": "Until",
    "date_label": "Date",
    "value": "Value",
    "unit": "Unit",
    "qualifier": "Qualifier",
    "as_stated": "In the essay's words",
    "attributed_to": "Credited to",
    "note": "Essay note",
    "source_id": "Source",
    "remark": "Note",
    "estimate": "Estimate",
    "provisional": "Provisional",
}

UNITS = {"percent": "per cent", "fraction": "share of 1", "times": "times"}
# A table of several series longer than this is shown wide (a row per year, a column per series).
LONGEST_LONG_TABLE = 12


def header(column: str) -> str:
    """A column's name as a reader reads it: 'start_year' -> 'Year', 'as_read' -> 'As read'."""
    return HEADERS.get(column, column.replace("_", " ").capitalize())


def plain_number(value: object) -> str:
    """'2,500,000', '32.5', '2.12': thousands separated, at most two decimals, no trailing zeros."""
    if value is None or pd.isna(value):
        return ""
    number = float(value)
    if number.is_integer():
        return f"{number:,.0f}"
    return f"{number:,.2f}".rstrip("0").rstrip(".")


def unit_words(unit: object) -> str:
    """'percent' -> 'per cent'; units already in words pass through."""
    return UNITS.get(unit, unit) if isinstance(unit, str) else ""


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _flag(value: object) -> bool:
    """True for a set boolean cell (numpy's or Python's), False for false or missing."""
    return value is not None and not pd.isna(value) and bool(value)


def _shorts() -> pd.Series:
    return load("sources").set_index("source_id")["short"]


def source_words(row: pd.Series, shorts: pd.Series) -> str:
    """'Smith, n. 8' for the essay's figures; the publication's short name for context."""
    sid = row.get("source_id")
    if sid == ESSAY_SOURCE:
        note = row.get("note")
        notes = [] if note is None or pd.isna(note) else [int(note)]
        return f"Smith, {note_position(notes, row.get('remark'))}"
    if isinstance(sid, str) and sid:
        return f"{shorts.get(sid, sid)} (context)"
    return ""


def _clauses(remark: object) -> list[str]:
    return [c.strip() for c in _text(remark).split(";") if c.strip()]


def _notes(data: pd.DataFrame, shorts: pd.Series) -> tuple[list[str], list[str]]:
    """Each row's note, and the notes said once for all rows of a source that share them."""
    clauses = [_clauses(r) for r in (data["remark"] if "remark" in data.columns else [""] * len(data))]
    sources = data["source_id"] if "source_id" in data.columns else pd.Series([""] * len(data))
    shared: dict[str, list[str]] = {}
    for sid in dict.fromkeys(s for s in sources if isinstance(s, str) and s):
        rows = [clauses[i] for i, s in enumerate(sources) if s == sid]
        if len(rows) > 1:
            shared[sid] = [c for c in rows[0] if all(c in r for r in rows[1:])]
    notes = []
    for i, (_, row) in enumerate(data.iterrows()):
        common = shared.get(sources.iloc[i], [])
        parts = [c for c in clauses[i] if c not in common]
        words = _text(row.get("as_stated"))
        if row.get("source_id") == ESSAY_SOURCE and words and not any(ch.isdigit() for ch in words):
            parts.append(f"in the essay's words, “{words}”")
        parts += [flag for flag in ("estimate", "provisional") if _flag(row.get(flag))]
        text = "; ".join(parts)
        notes.append(text[:1].upper() + text[1:])
    footnotes = [
        f"All rows from {shorts.get(sid, sid)}: " + "; ".join(common) + "." for sid, common in shared.items() if common
    ]
    return notes, footnotes


def _when(row: pd.Series) -> str:
    for column in ("period", "date_label"):
        if _text(row.get(column)):
            return row[column]
    for column in ("year", "start_year"):
        value = row.get(column)
        if value is not None and not pd.isna(value):
            return str(int(value))
    return ""


def _series_column(data: pd.DataFrame) -> pd.Series | None:
    column = "series" if "series" in data.columns else "group" if "group" in data.columns else None
    if column is None or data[column].nunique() < 2:
        return None
    if "view" in data.columns and (data[column] == data["view"]).all():
        return None
    return data[column]


def reader_table(data: pd.DataFrame, columns: Sequence[str] | None = None) -> tuple[pd.DataFrame, list[str]]:
    """The reader's table for a chart's rows, and the notes to print once beneath it.

    With ``columns`` the table shows exactly those columns of ``data`` (headers and cells put into
    words); without, the book's standard set: view, series, year, value, unit, source, note.
    """
    shorts = _shorts()
    if columns is not None:
        return pd.DataFrame({header(c): _cells(data, c, shorts) for c in columns}), []
    if "value" not in data.columns:  # a table that is already a reader's (the timeline's events)
        return data.set_axis([header(str(c)) for c in data.columns], axis=1), []
    notes, footnotes = _notes(data, shorts)
    table = {}
    if "view" in data.columns and data["view"].nunique() > 1:
        table["View"] = data["view"]
    series = _series_column(data)
    if series is not None:
        table["Series"] = series
    table["Year"] = [_when(r) for _, r in data.iterrows()]
    qualifiers = data["qualifier"] if "qualifier" in data.columns else pd.Series([None] * len(data), index=data.index)
    table["Value"] = [f"{_text(q)} {plain_number(v)}".strip() for q, v in zip(qualifiers, data["value"], strict=True)]
    if "unit" in data.columns:
        table["Unit"] = data["unit"].map(unit_words)
    if "source_id" in data.columns:
        table["Source"] = [source_words(r, shorts) for _, r in data.iterrows()]
    table["Note"] = notes
    frame = pd.DataFrame({k: list(v) for k, v in table.items()})
    empty = [c for c in frame.columns if (frame[c].astype(str).str.strip() == "").all()]
    frame = frame.drop(columns=empty)
    wide = _wide(frame)
    return (frame, footnotes) if wide is None else (wide[0], footnotes + wide[1])


def _year_key(when: str) -> tuple[int, str]:
    digits = "".join(ch for ch in when[:4] if ch.isdigit())
    return (int(digits) if len(digits) == 4 else 10_000, when)


def _wide(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[str]] | None:
    """A long table of several series as a row per year and a column per series, with the
    sources and notes said once beneath; None when the table is short or not of that shape."""
    if len(frame) <= LONGEST_LONG_TABLE or "Series" not in frame.columns or "View" in frame.columns:
        return None
    if frame.duplicated(["Year", "Series"]).any():
        return None
    series = list(dict.fromkeys(frame["Series"]))
    rows = {name: frame[frame["Series"] == name] for name in series}
    units = {name: "; ".join(dict.fromkeys(part["Unit"])) if "Unit" in part else "" for name, part in rows.items()}
    shared_unit = len(set(units.values())) == 1
    headers = {name: name if shared_unit or not units[name] else f"{name} ({units[name]})" for name in series}
    years = sorted(dict.fromkeys(frame["Year"]), key=_year_key)
    cells = {(row["Year"], row["Series"]): row["Value"] for _, row in frame.iterrows()}
    wide = pd.DataFrame(
        {"Year": years} | {headers[name]: [cells.get((year, name), "") for year in years] for name in series}
    )
    notes = [f"Every value in {units[series[0]]}."] if shared_unit and units[series[0]] else []
    if "Source" in frame.columns:
        sources = {name: ", ".join(dict.fromkeys(part["Source"])) for name, part in rows.items()}
        if len(set(sources.values())) == 1:
            notes.append(f"Source of every column: {sources[series[0]]}.")
        else:
            notes.append("Sources: " + "; ".join(f"{name}, {found}" for name, found in sources.items()) + ".")
    noted = frame[frame["Note"] != ""] if "Note" in frame.columns else frame.iloc[:0]
    for note, part in noted.groupby("Note", sort=False):
        named = list(dict.fromkeys(part["Series"]))
        when = ", ".join(sorted(dict.fromkeys(part["Year"]), key=_year_key))
        if len(part) == len(frame[frame["Series"].isin(named)]):
            when = "every year"
        which = when if len(named) == len(series) else f"{', '.join(named)} ({when})"
        notes.append(f"{which[:1].upper()}{which[1:]}: {note}")
    return wide, notes


def _cells(data: pd.DataFrame, column: str, shorts: pd.Series) -> list[str]:
    """One requested column's cells in words."""
    if column == "value":
        return [plain_number(v) for v in data[column]]
    if column == "unit":
        return [unit_words(u) for u in data[column]]
    if column == "note":
        return ["" if pd.isna(n) else f"Smith, n. {int(n)}" for n in data[column]]
    if column == "source_id":
        return [source_words(r, shorts) for _, r in data.iterrows()]
    if pd.api.types.is_bool_dtype(data[column]):
        return ["yes" if _flag(v) else "" for v in data[column]]
    return [_text(v) if isinstance(v, str) or v is None or pd.isna(v) else str(v) for v in data[column]]


def table_html(data: pd.DataFrame, title: str, columns: Sequence[str] | None = None) -> str:
    """The reader's table as accessible HTML, with the shared notes beneath it."""
    table, footnotes = reader_table(data, columns)
    notes = "".join(f'<p class="chart-table-note">{html.escape(n)}</p>' for n in footnotes)
    return html_table(table, label=f"Data behind the chart: {title}") + notes
