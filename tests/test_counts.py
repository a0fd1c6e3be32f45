"""Counts of one event by source: each source's own total, never a merged number."""

from __future__ import annotations

import pandas as pd
import pytest

from companion import load
from companion.counts import as_stated, source_totals


@pytest.fixture(scope="module")
def totals() -> pd.DataFrame:
    return source_totals(load("context_novocherkassk_1962"))


def _killed(totals: pd.DataFrame, source_id: str) -> list[str]:
    rows = totals[(totals["measure"] == "killed") & (totals["source_id"] == source_id)]
    return [as_stated(row) for _, row in rows.iterrows()]


def test_each_source_keeps_its_own_total(totals: pd.DataFrame) -> None:
    # Baron's descriptions: 5 + 16 in one, 21 in the other; kept as two readings, not added together.
    assert _killed(totals, "baron2001") == ["21 (5 + 16, summed here)", "21"]
    assert _killed(totals, "wikipedia-novocherkassk-ru") == ["24 (5 + 17 + 2, summed here)"]
    assert _killed(totals, "wikipedia-novocherkassk-en") == ["26"]
    assert _killed(totals, "meduza2017") == ["more than 25"]


def test_sources_are_never_merged(totals: pd.DataFrame) -> None:
    killed = totals[totals["measure"] == "killed"]
    assert killed["source_id"].nunique() == 4
    assert len(killed) == 5  # one row per reading, Baron's two descriptions apart


def _rows(**changes: object) -> pd.DataFrame:
    base = {
        "measure": "killed",
        "group": "all",
        "value": 10.0,
        "unit": "persons",
        "qualifier": None,
        "as_read": "ten",
        "source_id": "baron2001",
        "locator": "p. 1",
        "reliability": "scholarly",
    }
    return pd.DataFrame([base, {**base, **changes}])


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"group": "in the square"}, "both a total and its parts"),
        ({"unit": "per cent", "group": "in the square"}, "mix units"),
        ({"as_read": "eleven"}, "two totals"),
    ],
)
def test_ambiguous_readings_are_refused(changes: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        source_totals(_rows(**changes))


def test_wrong_table_gets_a_clear_message() -> None:
    with pytest.raises(ValueError, match="needs a context table with the columns"):
        source_totals(load("context_urban_share"))
