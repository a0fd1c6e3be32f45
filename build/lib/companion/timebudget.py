"""A day of 24 hours laid out in blocks: what the evidence says, what is assumed, what is left.

The essay gives two figures for the wife of an unskilled worker in late socialism: 4 h 51 min a
day of housework, queuing and other domestic tasks, and a working day of nearly twelve hours
(Smith, n. 34). Nothing else about her day is known. Putting the known blocks on a 24-hour scale
makes the unknowns visible: each block says where its number comes from (the essay, a figure
computed from the essay, a context series, or an assumption of this book), and the time left over
is computed rather than guessed, so a reader who changes an assumption sees what follows from it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from companion.derive import number

HOURS_IN_DAY = 24.0
REMAINDER = "Everything else (computed: what is left of 24 hours)"

# Where a block's number comes from. The order is the order of the legend.
BASES = {
    "essay": "the essay's figure",
    "computed": "computed from the essay's figures",
    "context": "context series, not the essay",
    "assumption": "an assumption of this book, not evidence",
    "remainder": "computed: what is left of the day",
}


@dataclass(frozen=True)
class Block:
    """Part of a day: its label, its length in hours and where that number comes from.

    ``source_id`` and ``note`` (the essay's note number) let a chart print its source line;
    ``remark`` says in words how the number was reached.
    """

    label: str
    hours: float
    basis: str
    source_id: str | None = None
    note: int | None = None
    remark: str = ""

    def __post_init__(self) -> None:
        if self.basis not in BASES or self.basis == "remainder":
            allowed = ", ".join(b for b in BASES if b != "remainder")
            raise ValueError(f"'{self.label}': basis must be one of {allowed}, not '{self.basis}'.")
        hours = number(self.hours, f"length of '{self.label}'")
        if hours < 0:
            raise ValueError(f"'{self.label}' cannot last {hours:g} hours: a block of the day needs 0 hours or more.")
        object.__setattr__(self, "hours", hours)


def hours_from_minutes(minutes: object) -> float:
    """Minutes as decimal hours: 291 minutes (the essay's 4 h 51 min) is 4.85 hours."""
    return number(minutes, "number of minutes") / 60.0


def clock(hours: object) -> str:
    """Decimal hours as a reader says them: 4.85 -> '4 h 51 min', 3.81 -> '3 h 49 min'.

    Time-budget tables often print decimal hours, and 3.81 is easily misread as 3 h 81 min.
    """
    value = number(hours, "number of hours")
    sign = "-" if value < 0 else ""
    total = round(abs(value) * 60)
    whole, minutes = divmod(total, 60)
    if whole and minutes:
        return f"{sign}{whole} h {minutes:02d} min"
    return f"{sign}{whole} h" if whole else f"{sign}{minutes} min"


def day(person: str, blocks: Sequence[Block]) -> pd.DataFrame:
    """One person's 24 hours: the given blocks, then whatever is left as a computed remainder.

    Raises a ValueError that names the total when the blocks do not fit into a day, because a
    negative remainder would otherwise draw as a bar below zero and mislead the reader.
    """
    if not isinstance(person, str) or not person.strip():
        raise TypeError("A day needs the person's label as text.")
    if not blocks or not all(isinstance(b, Block) for b in blocks):
        raise TypeError(f"{person}: give the day as a list of Block(label, hours, basis).")
    labels = [b.label for b in blocks]
    if len(set(labels)) != len(labels) or REMAINDER in labels:
        raise ValueError(f"{person}: each block needs its own label (got {labels}).")
    used = sum(b.hours for b in blocks)
    if used > HOURS_IN_DAY + 1e-9:
        raise ValueError(
            f"{person}: the blocks add up to {used:.2f} hours, more than the {HOURS_IN_DAY:g} in a day. "
            "Shorten one of them."
        )
    rows = [
        {
            "person": person,
            "block": b.label,
            "hours": b.hours,
            "basis": b.basis,
            "source_id": b.source_id,
            "note": b.note,
            "remark": b.remark,
        }
        for b in blocks
    ]
    rows.append(
        {
            "person": person,
            "block": REMAINDER,
            "hours": HOURS_IN_DAY - used,
            "basis": "remainder",
            "source_id": None,
            "note": None,
            "remark": "24 hours minus the blocks above",
        }
    )
    frame = pd.DataFrame(rows)
    frame["note"] = frame["note"].astype("Int64")
    frame.insert(3, "clock", frame["hours"].map(clock))
    frame.insert(5, "where_from", frame["basis"].map(BASES))
    return frame


def left_over(frame: pd.DataFrame) -> float:
    """The computed remainder of a day built by :func:`day`."""
    return float(frame.loc[frame["basis"] == "remainder", "hours"].sum())
