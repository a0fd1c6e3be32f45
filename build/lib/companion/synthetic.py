"""Synthetic wage distributions: invented numbers with a known shape, clearly labelled as such.

Soviet economists published "decile ratios" without the distributions behind them, and Western
economists estimated the missing detail by assuming that wages were log-normally distributed (as the
Cambridge chapter in the data package, ``cup-income-inequality-ch9``, explains). The book borrows that
assumption to *illustrate*, never to estimate: on a log-normal distribution with a chosen P90/P10, how
large is the ratio of the average wages of the top and bottom tenths? Nothing here is Soviet data.
"""

from __future__ import annotations

import math
from statistics import NormalDist

import pandas as pd

from companion.derive import decile_means, number

_STANDARD = NormalDist()
_Z90 = _STANDARD.inv_cdf(0.9)  # a log-normal's P90/P10 is exp(2 x sigma x _Z90)

LABEL = "synthetic (invented) wages, log-normal shape; not Soviet data"

# Twenty invented monthly wages, lowest first, small enough to work through by hand: each tenth is two
# workers, and the best-paid worker earns far more than the next, so the two measures of the gap part
# company. Used by the chapter 3 exercises and seminar assignment. Not Soviet data.
TWENTY_WAGES = (60, 65, 70, 75, 80, 85, 90, 95, 100, 105, 110, 115, 120, 130, 140, 150, 160, 180, 250, 400)


def spread_for(p90_p10: object) -> float:
    """The log-normal spread (sigma) whose P90/P10 equals ``p90_p10``."""
    ratio = number(p90_p10, "P90/P10 ratio")
    if ratio <= 1:
        raise ValueError(f"A P90/P10 ratio is above 1 (the 90th percentile is above the 10th); got {ratio:g}.")
    return math.log(ratio) / (2 * _Z90)


def lognormal_wages(p90_p10: object, n: int = 1000, median: float = 100.0) -> list[float]:
    """``n`` wages whose P90/P10 is ``p90_p10``, at evenly spaced points of a log-normal distribution.

    Deterministic (no random draws), so every run of the book shows the same numbers.
    """
    if not isinstance(n, int) or n < 10:
        raise ValueError("A synthetic distribution needs at least ten workers.")
    sigma = spread_for(p90_p10)
    centre = math.log(number(median, "median wage"))
    return [math.exp(centre + sigma * _STANDARD.inv_cdf((i + 0.5) / n)) for i in range(n)]


def means_ratio_for(p90_p10: object) -> float:
    """The ratio of decile means that goes with a given P90/P10, if wages are exactly log-normal.

    Mean of the top tenth over mean of the bottom tenth = Phi(sigma - z) / Phi(-sigma - z), with z the
    standard normal 90th percentile. Exact for the assumed shape; for a real distribution, only a guide.
    """
    sigma = spread_for(p90_p10)
    return _STANDARD.cdf(sigma - _Z90) / _STANDARD.cdf(-sigma - _Z90)


def decile_table(p90_p10: object, n: int = 1000, median: float = 100.0) -> pd.DataFrame:
    """The ten decile means of a synthetic distribution as rows a chart can draw, labelled synthetic."""
    means = decile_means(lognormal_wages(p90_p10, n, median))
    return pd.DataFrame(
        {
            "tenth": [f"{i * 10}–{(i + 1) * 10}%" for i in range(10)],
            "value": means,
            "unit": f"wage (median = {median:g})",
            "remark": LABEL,
        }
    )


def p90_p10_for(means_ratio: object) -> float:
    """The P90/P10 that goes with a given ratio of decile means on a log-normal distribution (the
    inverse of :func:`means_ratio_for`, found by halving the interval until it is narrower than 1e-9)."""
    target = number(means_ratio, "ratio of decile means")
    if target <= 1:
        raise ValueError(f"A ratio of decile means is above 1; got {target:g}.")
    low, high = 1.0 + 1e-12, target  # the P90/P10 is above 1 and never above the ratio of means
    while high - low > 1e-9:
        middle = (low + high) / 2
        if means_ratio_for(middle) < target:
            low = middle
        else:
            high = middle
    return (low + high) / 2
