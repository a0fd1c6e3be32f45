"""Counts of one event from several sources, side by side and never merged into one number.

Published accounts of the shootings at Novocherkassk in June 1962 disagree: one gives deaths at two
places (5 and 16), another a single total (26), a third three parts of the day (5, 17 and 2). Teaching
source criticism needs each source's own total next to the others, with a plain statement of whether
the book summed the source's parts or the source gave the total itself. Averaging them, or picking
one, would hide exactly what students should examine.
"""

from __future__ import annotations

import pandas as pd

from companion.data import load

WHOLE = "all"  # the 'group' of a row that counts the whole event rather than a part of it


def _describe(part: pd.DataFrame) -> dict[str, object]:
    units = part["unit"].unique()
    if len(units) != 1:
        raise ValueError(f"Rows for one count mix units {list(units)}: they cannot be added up.")
    whole = part[part["group"] == WHOLE]
    pieces = part[part["group"] != WHOLE]
    if len(whole) and len(pieces):
        raise ValueError(
            "One reading gives both a total and its parts for the same count; keep them as separate readings "
            f"(different locators) so the book does not add them twice: {part['as_read'].tolist()}."
        )
    if len(whole) > 1:
        raise ValueError(f"One reading gives two totals for the same count: {whole['as_read'].tolist()}.")
    qualifiers = sorted({q for q in part["qualifier"].dropna() if q})
    return {
        "total": float(part["value"].sum()),
        "summed": len(pieces) > 1,
        "parts": " + ".join(f"{v:g} {g}" for v, g in zip(pieces["value"], pieces["group"], strict=True)),
        "part_numbers": " + ".join(f"{v:g}" for v in pieces["value"]),
        "qualifier": " / ".join(qualifiers),
        "as_read": "; ".join(part["as_read"]),
        "unit": units[0],
    }


def source_totals(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per source, reading (locator) and measure, with that source's own total.

    A reading that gives parts (deaths at the police station, deaths in the square) is summed and
    flagged ``summed``; a reading that gives a whole is kept as it is. Sources are never combined.
    """
    needed = {"measure", "group", "value", "unit", "qualifier", "as_read", "source_id", "locator", "reliability"}
    missing = sorted(needed - set(frame.columns))
    if missing:
        raise ValueError(f"source_totals() needs a context table with the columns {missing}.")
    if frame.empty:
        raise ValueError("source_totals() was given no rows.")
    shorts = load("sources").set_index("source_id")["short"]
    rows = []
    keys = ["source_id", "locator", "measure"]
    for (source_id, locator, measure), part in frame.groupby(keys, sort=False):
        rows.append(
            {
                "measure": measure,
                "source_id": source_id,
                "source": shorts.get(source_id, source_id),
                "locator": locator,
                "reliability": part["reliability"].iloc[0],
                "read_in": part["read_in"].iloc[0] if "read_in" in part.columns else "",
                **_describe(part),
            }
        )
    return pd.DataFrame(rows)


def as_stated(row: pd.Series) -> str:
    """A total as a reader should see it: '21 (5 + 16, summed here)', 'more than 25', '26'."""
    text = f"{row['total']:g}"
    if row["qualifier"]:
        text = f"{row['qualifier']} {text}"
    if row["summed"]:
        text = f"{text} ({row['part_numbers']}, summed here)"
    return text
