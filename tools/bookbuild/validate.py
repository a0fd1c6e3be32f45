"""Validate the data package: Frictionless for structure, plus the book's own rules of evidence.

Frictionless checks what a schema can say (types, required cells, enums, keys, foreign keys to
``sources``). Some rules depend on two columns at once and a schema cannot say them: a share in
per cent lies between 0 and 100, a date's precision matches its length, a note number belongs to
the chapter it is filed under. Run ``python -m bookbuild.validate`` or let ``make test`` do it.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
from frictionless import Package

from companion.data import DataError, data_dir, load, names

# The essay's notes by section: introduction 1-2, 1917-53 3-18, 1953-91 19-26, cultures 27-39, moral economy 40-50.
NOTE_RANGES = {1: (1, 2), 2: (3, 18), 3: (19, 26), 4: (27, 39), 5: (40, 50)}
PRECISION_LENGTH = {"year": 4, "month": 7, "day": 10}


def frictionless_problems(directory: Path) -> list[str]:
    """Every Frictionless error as 'file, row N, column X: message'."""
    report = Package(str(directory / "datapackage.json")).validate()
    problems = [error.message for error in report.errors]
    for task in report.tasks:
        for error in task.errors:
            row = getattr(error, "row_number", None)
            column = getattr(error, "field_name", None)
            where = task.name + (f", row {row}" if row else "") + (f", column '{column}'" if column else "")
            problems.append(f"{where}: {error.message}")
    return problems


def rule_problems() -> list[str]:
    """The book's cross-column rules, checked on the loaded tables."""
    problems: list[str] = []
    figures = load("essay_figures")
    for line, row in zip(range(2, len(figures) + 2), figures.itertuples(), strict=True):
        where = f"essay_figures.csv, row {line}, column 'value'"
        if row.value_kind == "share" and row.unit == "percent" and not 0 <= row.value <= 100:
            problems.append(f"{where}: a share of {row.value} per cent is outside 0-100.")
        if row.unit == "fraction" and not 0 <= row.value <= 1:
            problems.append(f"{where}: a fraction of {row.value} is outside 0-1.")
        if not pd.isna(row.note):
            low, high = NOTE_RANGES[row.chapter]
            if not low <= row.note <= high:
                problems.append(
                    f"essay_figures.csv, row {line}, column 'note': note {row.note} is not in "
                    f"chapter {row.chapter}'s range {low}-{high}."
                )
        if not pd.isna(row.start_year) and not pd.isna(row.end_year) and row.start_year > row.end_year:
            problems.append(f"essay_figures.csv, row {line}, column 'end_year': ends before it starts.")
    timeline = load("timeline")
    for line, row in zip(range(2, len(timeline) + 2), timeline.itertuples(), strict=True):
        if len(row.date) != PRECISION_LENGTH[row.precision]:
            problems.append(
                f"timeline.csv, row {line}, column 'precision': '{row.precision}' does not match the date '{row.date}'."
            )
        if int(row.date[:4]) != row.start_year:
            problems.append(f"timeline.csv, row {line}, column 'start_year': differs from the date.")
    problems += range_problems()
    for name in ("context_urban_share", "context_women_share"):
        frame = load(name)
        for line, value in zip(range(2, len(frame) + 2), frame["value"], strict=True):
            if not 0 <= value <= 100:
                problems.append(f"{name}.csv, row {line}, column 'value': {value} per cent is outside 0-100.")
    return problems


def range_problems() -> list[str]:
    """Rows that give a range or a span must run forwards: a range's upper end ('2.3-3') is not below
    its lower end, and a period does not end before it starts. Checked on every table that has the columns."""
    problems: list[str] = []
    for name in names():
        frame = load(name)
        lines = range(2, len(frame) + 2)
        if {"value", "value_high"} <= set(frame.columns):
            for line, low, high in zip(lines, frame["value"], frame["value_high"], strict=True):
                if not pd.isna(high) and high < low:
                    problems.append(f"{name}.csv, row {line}, column 'value_high': {high:g} is below value {low:g}.")
        if {"start_year", "end_year"} <= set(frame.columns) and name != "essay_figures":
            for line, start, end in zip(lines, frame["start_year"], frame["end_year"], strict=True):
                if not pd.isna(start) and not pd.isna(end) and end < start:
                    problems.append(f"{name}.csv, row {line}, column 'end_year': {end} is before start_year {start}.")
    return problems


def problems() -> list[str]:
    """All problems with the package (``COMPANION_DATA_DIR`` selects another copy); none means valid."""
    found = frictionless_problems(data_dir())
    if found:  # the rules assume well-typed tables
        return found
    try:
        return rule_problems()
    except DataError as error:
        return [str(error)]


def main() -> int:
    found = problems()
    for problem in found:
        print(problem)
    print(f"{len(found)} problem(s) in {data_dir() / 'datapackage.json'}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
