"""Load the book's evidence: the Frictionless data package in ``data/``.

Every number a chapter shows comes through :func:`load`, never typed into a cell, so that each
figure can be traced to the essay's note or to a named publication. The loader reads the
package's own table schemas, so a malformed row is reported with its file, row and column
instead of surfacing later as a puzzling chart or a traceback in front of a student.
"""

from __future__ import annotations

import csv
import difflib
import json
import math
import os
import re
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

PACKAGE_FILE = "datapackage.json"
ESSAY_SOURCE = "smith2016"


class DataError(Exception):
    """Base class for every problem with the book's data, worded for a student to act on."""

    def __str__(self) -> str:  # KeyError would otherwise show the message in quotes
        return str(self.args[0]) if self.args else ""


class UnknownDatasetError(DataError, KeyError):
    """A dataset (or measure) name that the data package does not contain."""


class DataFileError(DataError, ValueError):
    """A data file that is missing or does not match its schema."""


PACKAGE_NAME = "soviet-worker-companion-evidence"
INSTALLED_DATA = Path(__file__).resolve().parent / "_data"


def _is_ours(candidate: Path) -> bool:
    """Whether ``candidate`` holds this book's data package (not some other project's data/)."""
    try:
        return json.loads((candidate / PACKAGE_FILE).read_text(encoding="utf-8")).get("name") == PACKAGE_NAME
    except (OSError, ValueError, AttributeError):
        return False


def data_dir() -> Path:
    """Find the data package: an explicit override; the repository this package sits in (a clone,
    installed editable); a parent of the working directory (a notebook opened anywhere inside a
    clone); or the copy installed with the package (``pip install``), so that a downloaded notebook
    runs from any folder."""
    override = os.environ.get("COMPANION_DATA_DIR")
    if override:
        if (Path(override) / PACKAGE_FILE).is_file():
            return Path(override)
        raise DataFileError(
            f"Cannot find the book's data package ({PACKAGE_FILE}) in {override}, "
            "where COMPANION_DATA_DIR points: set it to the data/ folder of a clone, or unset it."
        )
    repo = Path(__file__).resolve().parent.parent / "data"
    cwd = Path.cwd().resolve()
    candidates = [repo, *(p / "data" for p in (cwd, *cwd.parents)), INSTALLED_DATA]
    for candidate in candidates:
        if (candidate / PACKAGE_FILE).is_file() and _is_ours(candidate):
            return candidate
    raise DataFileError(
        f"Cannot find the book's data package ({PACKAGE_FILE}). Looked in: "
        + ", ".join(str(c) for c in candidates)
        + ". Install the helper package with pip from the book's repository (see 'How to use this "
        "book'), run the notebook inside a clone of the repository, or set COMPANION_DATA_DIR to "
        "its data/ folder."
    )


@cache
def _package(directory: Path) -> dict[str, Any]:
    path = directory / PACKAGE_FILE
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise DataFileError(f"{path} is not valid JSON (line {exc.lineno}): {exc.msg}") from None


def package() -> dict[str, Any]:
    """The parsed ``datapackage.json``."""
    return _package(data_dir())


def names() -> list[str]:
    """The names of every dataset in the package, in catalogue order."""
    return [r["name"] for r in package()["resources"]]


def resource(name: str) -> dict[str, Any]:
    """The descriptor of one dataset; an unknown name lists the valid ones."""
    if not isinstance(name, str):
        raise TypeError(f"A dataset name is text such as 'essay_figures', not {type(name).__name__}.")
    for res in package()["resources"]:
        if res["name"] == name:
            return res
    raise UnknownDatasetError(_unknown("dataset", name, names()))


def _unknown(kind: str, name: str, valid: list[str]) -> str:
    close = difflib.get_close_matches(name, valid, n=1)
    hint = f" Did you mean '{close[0]}'?" if close else ""
    return f"There is no {kind} called '{name}'.{hint} Valid names: {', '.join(valid)}."


_INTEGER = re.compile(r"^[+-]?\d+$")


def _convert(raw: str, field: dict[str, Any]) -> Any:
    """Turn one CSV cell into a Python value of the field's type, or raise ValueError saying why."""
    kind = field.get("type", "string")
    if raw == "":
        if field.get("constraints", {}).get("required"):
            raise ValueError("is empty but the field is required")
        return None
    if kind == "integer":
        if not _INTEGER.match(raw):
            raise ValueError(f"'{raw}' is not a whole number")
        value: Any = int(raw)
    elif kind == "number":
        try:
            value = float(raw)
        except ValueError:
            raise ValueError(f"'{raw}' is not a number") from None
        if not math.isfinite(value):
            raise ValueError(f"'{raw}' is not a finite number")
    elif kind == "boolean":
        truthy = field.get("trueValues", ["true"])
        falsy = field.get("falseValues", ["false"])
        if raw not in (*truthy, *falsy):
            raise ValueError(f"'{raw}' is not one of {truthy + falsy}")
        value = raw in truthy
    else:
        value = raw
    constraints = field.get("constraints", {})
    if "enum" in constraints and value not in constraints["enum"]:
        raise ValueError(f"'{raw}' is not one of the allowed values {constraints['enum']}")
    if "minimum" in constraints and value < constraints["minimum"]:
        raise ValueError(f"{value} is below the minimum {constraints['minimum']}")
    if "maximum" in constraints and value > constraints["maximum"]:
        raise ValueError(f"{value} is above the maximum {constraints['maximum']}")
    if "pattern" in constraints and not re.fullmatch(constraints["pattern"], str(value)):
        raise ValueError(f"'{raw}' does not match the pattern {constraints['pattern']}")
    return value


_DTYPES = {"integer": "Int64", "number": "float64", "boolean": "boolean"}


@cache
def _read(path: Path, mtime: float, schema_json: str) -> pd.DataFrame:
    schema = json.loads(schema_json)
    fields = schema["fields"]
    expected = [f["name"] for f in fields]
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None:
            raise DataFileError(f"{path.name} is empty: expected the header {expected}.")
        if header != expected:
            missing = [c for c in expected if c not in header]
            extra = [c for c in header if c not in expected]
            detail = []
            if missing:
                detail.append(f"missing column(s) {missing}")
            if extra:
                detail.append(f"unexpected column(s) {extra}")
            if not detail:
                detail.append(f"columns in the wrong order (expected {expected})")
            raise DataFileError(f"{path.name}, header row: " + "; ".join(detail) + ".")
        rows = []
        for line, row in enumerate(reader, start=2):
            if len(row) != len(expected):
                raise DataFileError(
                    f"{path.name}, row {line}: {len(row)} cells where the header has "
                    f"{len(expected)} (a stray comma or an unquoted comma inside a value?)."
                )
            converted = []
            for field, raw in zip(fields, row, strict=True):
                try:
                    converted.append(_convert(raw, field))
                except ValueError as exc:
                    raise DataFileError(f"{path.name}, row {line}, column '{field['name']}': {exc}.") from None
            rows.append(converted)
    frame = pd.DataFrame(rows, columns=expected)
    for field in fields:
        dtype = _DTYPES.get(field.get("type", "string"))
        if dtype:
            frame[field["name"]] = frame[field["name"]].astype(dtype)
    key = schema.get("primaryKey")
    if key:
        key = [key] if isinstance(key, str) else key
        dupes = frame[frame.duplicated(subset=key, keep=False)]
        if not dupes.empty:
            first = dupes.index[0] + 2
            raise DataFileError(
                f"{path.name}, row {first}: the key {key} = {tuple(dupes.iloc[0][key])} appears more than once."
            )
    return frame


def load(name: str) -> pd.DataFrame:
    """One dataset as a typed DataFrame.

    ``df.attrs`` carries what a caption needs: ``title``, ``description``, ``units`` (the distinct
    units in the table) and ``sources`` (source id -> full citation for the rows present).
    """
    res = resource(name)
    directory = data_dir()
    path = directory / res["path"]
    if not path.is_file():
        raise DataFileError(
            f"The data file for '{name}' is missing: {path}. Restore it from the repository "
            "(git checkout -- data/) before running this notebook."
        )
    frame = _read(path, path.stat().st_mtime, json.dumps(res["schema"], sort_keys=True)).copy()
    units: list[str] = []
    if "unit" in frame.columns:
        units = sorted(frame["unit"].dropna().unique().tolist())
    frame.attrs = {
        "name": name,
        "title": res.get("title", name),
        "description": res.get("description", ""),
        "units": units,
        "sources": _citations(frame, name),
    }
    return frame


def _citations(frame: pd.DataFrame, name: str) -> dict[str, str]:
    if "source_id" not in frame.columns or name == "sources":
        return {}
    table = load("sources").set_index("source_id")
    return {sid: table.at[sid, "citation"] for sid in frame["source_id"].dropna().unique()}


def essay_figures(measure: str | None = None, *, chapter: int | None = None) -> pd.DataFrame:
    """The essay's own figures, optionally one measure (a series) or one chapter's worth."""
    frame = load("essay_figures")
    if measure is not None:
        valid = sorted(frame["measure"].unique())
        if measure not in valid:
            raise UnknownDatasetError(_unknown("measure", measure, valid))
        frame = frame[frame["measure"] == measure]
    if chapter is not None:
        frame = frame[frame["chapter"] == chapter]
    frame = frame.sort_values(["start_year", "end_year", "group"], na_position="first")
    frame = frame.assign(
        period=[period_label(a, b) for a, b in zip(frame["start_year"], frame["end_year"], strict=True)]
    )
    return frame.reset_index(drop=True)


def period_label(start: object, end: object) -> str:
    """'1917', '1933–1934' or '' -- a row's years as a reader reads them."""
    if pd.isna(start) and pd.isna(end):
        return ""
    if pd.isna(start) or pd.isna(end) or start == end:
        return str(int(end if pd.isna(start) else start))
    return f"{int(start)}–{int(end)}"


def notes_label(notes: list[int]) -> str:
    """'n. 4' or 'nn. 4, 8' -- the book's way of pointing back to the essay's notes."""
    unique = sorted(set(notes))
    if not unique:
        return ""
    prefix = "n." if len(unique) == 1 else "nn."
    return f"{prefix} {', '.join(str(n) for n in unique)}"


NO_NOTE_CALL = "no note call"
_POSITION = re.compile(r"^(after the n\. \d+ call|before the n\. 1 call)")


def note_position(notes: list[int], remark: object = "") -> str:
    """Where in the essay a row's point sits, as the chapters cite it: 'n. 4' or 'nn. 4, 8' under
    note calls; otherwise the position the row's remark gives ('after the n. 31 call', for a
    passage between two calls), or 'no note call'."""
    if notes:
        return notes_label(notes)
    position = _POSITION.match(remark) if isinstance(remark, str) else None
    return position.group(1) if position else NO_NOTE_CALL


def source_line(*frames: pd.DataFrame) -> str:
    """The chart source line for the rows shown: the essay with its note numbers, then any
    context sources by their short names, so a reader can always tell the two apart."""
    shorts = load("sources").set_index("source_id")["short"]
    essay_notes: list[int] = []
    context: list[str] = []
    for frame in frames:
        for _, row in frame.iterrows():
            sid = row.get("source_id")
            if sid == ESSAY_SOURCE:
                if "note" in row and not pd.isna(row["note"]):
                    essay_notes.append(int(row["note"]))
            elif isinstance(sid, str) and shorts.get(sid) and shorts[sid] not in context:
                context.append(shorts[sid])
    parts = []
    if essay_notes or any(ESSAY_SOURCE in f.get("source_id", pd.Series()).values for f in frames):
        essay = "Smith, 'The life of the Soviet worker' (2016)"
        label = notes_label(essay_notes)
        parts.append("Source: " + (f"{essay}, {label}" if label else essay) + ".")
    if context:
        parts.append("Context (not from the essay): " + "; ".join(context) + ".")
    return " ".join(parts)
