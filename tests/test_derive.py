"""Derived figures: the arithmetic behind the essay's words, and clear errors for bad input."""

from __future__ import annotations

import pytest

from companion import derive


def test_almost_three_times() -> None:
    """Workers were 12 per cent of the population in 1928 and 32.5 in 1939 (Smith, n. 8)."""
    comparison = derive.compare(12, 32.5)
    assert comparison.ratio == pytest.approx(2.708, abs=1e-3)
    assert comparison.percent_change == pytest.approx(170.8, abs=0.1)
    assert comparison.point_change == pytest.approx(20.5)
    assert comparison.summary("percent") == "x2.71 · +170.8% · +20.5 percentage points"


def test_petrograd_fall_and_what_remains() -> None:
    assert derive.percent_change(2_500_000, 700_000) == pytest.approx(-72.0)
    assert derive.remaining_after(-72) == 28
    assert derive.share_of(700_000, 2_500_000) == pytest.approx(28.0)


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("2.7", "not the text '2.7'"),
        (None, "missing"),
        (..., "missing"),
        (True, "not a bool"),
        ([1], "not a list"),
    ],
)
def test_non_numbers_are_refused_in_plain_words(bad: object, message: str) -> None:
    with pytest.raises(TypeError, match=message):
        derive.ratio(bad, 1)


def test_zero_base_and_infinity() -> None:
    with pytest.raises(ValueError, match="other than zero"):
        derive.ratio(5, 0)
    with pytest.raises(ValueError, match="finite"):
        derive.point_change(float("inf"), 1)


def test_compound_rate_of_the_party_share() -> None:
    """40.9 -> 18.2 per cent over 1933-41 (Smith, n. 13) is about -9.6 per cent a year, compounded."""
    assert derive.compound_rate(40.9, 18.2, 8) == pytest.approx(-9.6, abs=0.05)
    with pytest.raises(ValueError, match="positive number of years"):
        derive.compound_rate(40.9, 18.2, 0)


def test_recruitment_turns_outflow_rates_into_an_inflow_share() -> None:
    """Ufa, 1970 (Smith, n. 40): 72.5 and 59.1 per cent stayed in their fathers' group."""
    result = derive.recruitment(72.5, 59.1, 3, 25)
    # 3 worker fathers x 40.9 per cent leaving x 25 per cent joining = 30.675 per 100 intelligentsia fathers
    assert result.from_other_homes == pytest.approx(30.675)
    assert result.share_from_other == pytest.approx(100 * 30.675 / (72.5 + 30.675))
    assert derive.recruitment(72.5, 59.1, 0, 25).share_from_other == 0
    assert derive.recruitment(0, 100, 3, 25).share_from_other == 0  # nobody counted at all


@pytest.mark.parametrize(
    ("args", "error", "message"),
    [
        ((172.5, 59.1, 3, 25), ValueError, "from 0 to 100, not 172.5"),
        ((72.5, 59.1, -1, 25), ValueError, "cannot be negative"),
        ((72.5, 59.1, 3, "a quarter"), TypeError, "not the text 'a quarter'"),
    ],
)
def test_recruitment_refuses_impossible_inputs(args: tuple, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        derive.recruitment(*args)
