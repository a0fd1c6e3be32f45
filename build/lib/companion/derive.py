"""Derived figures, computed rather than stored.

The essay says workers grew "almost three times" as a share of the population (12 per cent in
1928, 32.5 per cent in 1939, Smith n. 8). Whether that is ×2.7, +171 per cent or +20.5 percentage
points depends on the comparison, and students should see all three. Keeping these as functions
means a number in the prose can always be recomputed from the data it came from.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from numbers import Real

import pandas as pd


def number(value: object, what: str = "value") -> float:
    """``value`` as a float, or a TypeError/ValueError that says what was wrong in plain words."""
    if value is None or value is Ellipsis:
        raise TypeError(f"The {what} is missing: put a number in place of '...'.")
    if isinstance(value, bool) or not isinstance(value, Real):
        shown = f"the text '{value}'" if isinstance(value, str) else f"a {type(value).__name__}"
        raise TypeError(f"The {what} must be a number such as 2.7, not {shown}.")
    result = float(value)
    if not math.isfinite(result):
        raise ValueError(f"The {what} must be a finite number, not {value}.")
    return result


def ratio(new: object, old: object) -> float:
    """How many times ``old`` fits into ``new`` ('doubled' is 2.0)."""
    new_f, old_f = number(new, "new value"), number(old, "old value")
    if old_f == 0:
        raise ValueError("A ratio needs an old value other than zero.")
    return new_f / old_f


def percent_change(old: object, new: object) -> float:
    """Change from ``old`` to ``new`` in per cent of ``old`` (a fall is negative)."""
    return (ratio(new, old) - 1.0) * 100.0


def point_change(old: object, new: object) -> float:
    """Change between two percentages in percentage points."""
    return number(new, "new value") - number(old, "old value")


def compound_rate(old: object, new: object, years: object) -> float:
    """The constant yearly percentage change that turns ``old`` into ``new`` over ``years``.

    Workers' share of party members went from 40.9 to 18.2 per cent in 1933-41 (Smith, n. 13):
    -22.7 points, or about -9.6 per cent a year compounded. The two describe different models of
    the same two numbers, which is why exercise 3 asks for both.
    """
    span = number(years, "number of years")
    if span <= 0:
        raise ValueError("A compound rate needs a positive number of years.")
    factor = ratio(new, old)
    if factor <= 0:
        raise ValueError("A compound rate needs two values of the same sign.")
    return (factor ** (1 / span) - 1) * 100.0


def remaining_after(change_percent: object) -> float:
    """What is left of 100 after a percentage change: a 72 per cent drop leaves 28."""
    return 100.0 + number(change_percent, "percentage change")


def share_of(part: object, whole: object) -> float:
    """``part`` as a percentage of ``whole``."""
    return ratio(part, whole) * 100.0


@dataclass(frozen=True)
class Comparison:
    """Two numbers compared the three ways the book teaches."""

    old: float
    new: float

    @property
    def ratio(self) -> float:
        return ratio(self.new, self.old)

    @property
    def percent_change(self) -> float:
        return percent_change(self.old, self.new)

    @property
    def point_change(self) -> float:
        return point_change(self.old, self.new)

    def summary(self, unit: str = "") -> str:
        """One line for a caption or an explorer, e.g. '×2.71 · +170.8% · +20.5 points'."""
        parts = [f"×{self.ratio:.2f}", f"{self.percent_change:+.1f}%"]
        if unit == "percent":
            parts.append(f"{self.point_change:+.1f} percentage points")
        return " · ".join(parts)


def compare(old: object, new: object) -> Comparison:
    """A :class:`Comparison` after checking both inputs are numbers."""
    return Comparison(number(old, "old value"), number(new, "new value"))


def index_from_change(frame: pd.DataFrame, base: float = 100.0) -> pd.DataFrame:
    """Turn rows of percentage changes into index rows: base year = 100, end year = what is left.

    The essay gives Leningrad workers' consumption as falls (meat -72 per cent, 1928-33, n. 8);
    as an index the same facts read 100 and 28. Each output row keeps its group, note and source
    so the chart's source line still points to the essay, and says the value is computed.
    """
    if frame.empty or not (frame["unit"] == "percent").all():
        raise ValueError("index_from_change() needs rows of percentage changes (unit 'percent').")
    rows = []
    for _, row in frame.iterrows():
        for year, value in (
            (row["start_year"], base),
            (row["end_year"], base * remaining_after(row["value"]) / 100),
        ):
            rows.append(
                {
                    **row.to_dict(),
                    "start_year": year,
                    "end_year": year,
                    "period": str(int(year)),
                    "value": value,
                    "unit": f"index ({int(row['start_year'])} = {base:g})",
                    "value_kind": "level",
                    "qualifier": None,
                    "remark": "computed from the essay's percentage change" if value != base else "base year",
                }
            )
    out = pd.DataFrame(rows)
    out.attrs = dict(frame.attrs)
    return out


# -- wage distributions ---------------------------------------------------------------------------
#
# The essay's wage gap is "the ratio of average wages among the top ten per cent to the bottom ten per
# cent" (Smith, n. 21): a ratio of decile *means*. Published Soviet series give a "decile ratio", which
# usually compares the *boundaries* of the top and bottom tenths (P90 / P10). For one distribution the
# first is always at least as large as the second, because everyone in the top tenth earns at least P90
# and everyone in the bottom tenth at most P10. These helpers compute both, so the difference can be
# shown on a synthetic distribution instead of asserted.


def _wages(values: object) -> list[float]:
    """Wages as a sorted list of positive numbers, or a plain-words error."""
    if isinstance(values, str) or not hasattr(values, "__iter__"):
        raise TypeError("Give the wages as a list (or column) of numbers, one per worker.")
    wages = sorted(number(v, "wage") for v in values)
    if len(wages) < 10:
        raise ValueError(f"Tenths need at least ten wages; got {len(wages)}.")
    if wages[0] <= 0:
        raise ValueError("Wages must be positive to compare tenths by ratio.")
    return wages


def decile_means(values: object) -> list[float]:
    """The average wage of each tenth of the workers, lowest tenth first.

    A worker whose place in the ranking straddles the border between two tenths counts in each in
    proportion, so the ten averages are exact for any number of workers (not only multiples of ten).
    """
    wages = _wages(values)
    n = len(wages)
    means = []
    for decile in range(10):
        low, high = decile * n / 10, (decile + 1) * n / 10
        total = sum(w * (min(i + 1, high) - max(i, low)) for i, w in enumerate(wages) if i + 1 > low and i < high)
        means.append(total / (high - low))
    return means


def decile_means_ratio(values: object) -> float:
    """Average wage of the top tenth divided by the average wage of the bottom tenth (the essay's measure)."""
    means = decile_means(values)
    return means[-1] / means[0]


def percentile(values: object, share: float) -> float:
    """The wage below which ``share`` per cent of workers fall, interpolating between neighbours
    (the 'linear' rule of spreadsheets and numpy: rank (n - 1) x share / 100)."""
    wages = _wages(values)
    if not 0 <= share <= 100:
        raise ValueError(f"A percentile lies between 0 and 100, not {share}.")
    position = (len(wages) - 1) * share / 100
    below = math.floor(position)
    above = min(below + 1, len(wages) - 1)
    return wages[below] + (wages[above] - wages[below]) * (position - below)


def percentile_ratio(values: object, upper: float = 90, lower: float = 10) -> float:
    """P90 / P10 by default: the boundary of the top tenth over the boundary of the bottom tenth."""
    return percentile(values, upper) / percentile(values, lower)


# -- money -----------------------------------------------------------------------------------------

REDENOMINATION = 10  # on 1 January 1961 ten old rubles became one new ruble


def new_rubles(old: object) -> float:
    """A pre-1961 ruble amount in post-1961 rubles, so that wages across 1961 can be compared."""
    return number(old, "amount in old rubles") / REDENOMINATION


def straight_line(x0: object, y0: object, x1: object, y1: object, x: object) -> float:
    """The value at ``x`` on the straight line through (x0, y0) and (x1, y1).

    An estimate, not evidence: it assumes steady change between two benchmark years, which is how the
    book sets the essay's 1973 figure beside a series that has 1970 and 1975 but not 1973.
    """
    x0_f, x1_f = number(x0, "first year"), number(x1, "second year")
    if x0_f == x1_f:
        raise ValueError("A straight line needs two different years.")
    y0_f, y1_f = number(y0, "first value"), number(y1, "second value")
    return y0_f + (y1_f - y0_f) * (number(x, "year") - x0_f) / (x1_f - x0_f)


@dataclass(frozen=True)
class Recruitment:
    """Where a group's next generation comes from, per 100 fathers in that group."""

    from_own_homes: float
    from_other_homes: float

    @property
    def share_from_other(self) -> float:
        """Per cent of the recruits counted here who come from the other group's homes."""
        total = self.from_own_homes + self.from_other_homes
        return 100.0 * self.from_other_homes / total if total else 0.0


def recruitment(stay_own: object, stay_other: object, other_per_own: object, leavers_joining: object) -> Recruitment:
    """Turn two outflow rates into an inflow picture, given two numbers the rates leave out.

    The essay's Ufa figures (Smith, n. 40) are outflow rates: 72.5 per cent of intelligentsia fathers
    had intelligentsia children, and 59.1 per cent of fathers who were workers had children who also
    became workers. Who the next intelligentsia were depends also on how many worker fathers there
    were for each intelligentsia father (``other_per_own``) and on what per cent of the workers'
    children who left the working class joined the intelligentsia (``leavers_joining``). The essay
    gives neither, so a reader supplies them;
    children from other origins (peasants, office staff) are left out of the count.
    """
    own, other = number(stay_own, "own group's staying rate"), number(stay_other, "other group's staying rate")
    ratio_f = number(other_per_own, "number of other fathers per own father")
    joining = number(leavers_joining, "per cent of leavers who join")
    for value, what in (
        (own, "own group's staying rate"),
        (other, "other group's staying rate"),
        (joining, "per cent of leavers who join"),
    ):
        if not 0 <= value <= 100:
            raise ValueError(f"The {what} is a percentage: give a number from 0 to 100, not {value:g}.")
    if ratio_f < 0:
        raise ValueError(f"The number of other fathers per own father cannot be negative ({ratio_f:g}).")
    from_other = 100.0 * ratio_f * (100.0 - other) / 100.0 * joining / 100.0
    return Recruitment(from_own_homes=own, from_other_homes=from_other)
