"""Derived figures: the arithmetic behind the essay's words, and clear errors for bad input."""

from __future__ import annotations

import pytest

from companion import derive, synthetic


def test_almost_three_times() -> None:
    """Workers were 12 per cent of the population in 1928 and 32.5 in 1939 (Smith, n. 8)."""
    comparison = derive.compare(12, 32.5)
    assert comparison.ratio == pytest.approx(2.708, abs=1e-3)
    assert comparison.percent_change == pytest.approx(170.8, abs=0.1)
    assert comparison.point_change == pytest.approx(20.5)
    assert comparison.summary("percent") == "×2.71 · +170.8% · +20.5 percentage points"


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


# -- wage distributions (the essay's 8:1 -> 5:1 is a ratio of decile means, Smith, n. 21) ----------

TWENTY = list(synthetic.TWENTY_WAGES)


def test_decile_means_by_hand() -> None:
    """Twenty invented wages: each tenth is two workers, so its mean is the mean of a pair."""
    means = derive.decile_means(TWENTY)
    assert means[0] == pytest.approx((60 + 65) / 2) and means[-1] == pytest.approx((250 + 400) / 2)
    assert derive.decile_means_ratio(TWENTY) == pytest.approx(325 / 62.5)


def test_percentiles_follow_the_linear_rule() -> None:
    """Rank (n - 1) x share / 100: P10 sits 0.9 of the way from 65 to 70, P90 0.1 of the way from 180 to 250."""
    assert derive.percentile(TWENTY, 10) == pytest.approx(69.5)
    assert derive.percentile(TWENTY, 90) == pytest.approx(187.0)
    assert derive.percentile_ratio(TWENTY) == pytest.approx(187 / 69.5)


def test_decile_means_weigh_a_worker_who_straddles_two_tenths() -> None:
    """Fifteen workers: the tenths are one and a half workers wide, and the ten means still average out."""
    wages = list(range(1, 16))
    means = derive.decile_means(wages)
    assert means[0] == pytest.approx((1 * 1 + 2 * 0.5) / 1.5)
    assert sum(means) / 10 == pytest.approx(sum(wages) / len(wages))


@pytest.mark.parametrize("wages", [TWENTY, list(range(1, 16)), [100] * 9 + [1000]])
def test_the_ratio_of_means_is_never_below_p90_over_p10(wages: list[float]) -> None:
    assert derive.decile_means_ratio(wages) >= derive.percentile_ratio(wages)


@pytest.mark.parametrize(
    ("bad", "error", "message"),
    [
        ([100] * 9, ValueError, "at least ten"),
        ("100, 200", TypeError, "list"),
        ([100] * 9 + [-5], ValueError, "positive"),
        ([100] * 9 + ["a lot"], TypeError, "number"),
    ],
)
def test_bad_wage_lists_are_refused_in_plain_words(bad: object, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        derive.decile_means_ratio(bad)


def test_percentile_out_of_range() -> None:
    with pytest.raises(ValueError, match="between 0 and 100"):
        derive.percentile(TWENTY, 101)


def test_old_rubles_and_straight_lines() -> None:
    """339 old rubles in 1940 (TsSU) are 33.9 new; ITR pay on the line 1970-75 (Volkov) is 128.8 in 1973."""
    assert derive.new_rubles(339) == pytest.approx(33.9)
    assert derive.straight_line(1970, 136.3, 1975, 123.8, 1973) == pytest.approx(128.8)
    with pytest.raises(ValueError, match="two different years"):
        derive.straight_line(1970, 1, 1970, 2, 1973)


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
