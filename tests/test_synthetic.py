"""Synthetic log-normal wages: the chosen P90/P10 comes out, and the ratio of decile means matches theory."""

from __future__ import annotations

import pytest

from companion import derive, synthetic


@pytest.mark.parametrize("target", [2.83, 3.0, 4.4, 6.0])
def test_the_chosen_p90_p10_comes_out(target: float) -> None:
    wages = synthetic.lognormal_wages(target)
    assert derive.percentile_ratio(wages) == pytest.approx(target, rel=0.01)


@pytest.mark.parametrize("target", [3.0, 4.4])
def test_ratio_of_decile_means_matches_the_formula(target: float) -> None:
    wages = synthetic.lognormal_wages(target, n=2000)
    assert derive.decile_means_ratio(wages) == pytest.approx(synthetic.means_ratio_for(target), rel=0.005)
    assert synthetic.means_ratio_for(target) > target


def test_the_formula_at_known_points() -> None:
    """A P90/P10 of 3 goes with a ratio of decile means of about 4.5; one of 4.4 with about 7.7."""
    assert synthetic.means_ratio_for(3) == pytest.approx(4.51, abs=0.01)
    assert synthetic.means_ratio_for(4.4) == pytest.approx(7.65, abs=0.01)


def test_same_numbers_every_run_and_labelled_synthetic() -> None:
    assert synthetic.lognormal_wages(3, n=50) == synthetic.lognormal_wages(3, n=50)
    table = synthetic.decile_table(3)
    assert len(table) == 10 and (table["remark"] == synthetic.LABEL).all()
    assert "not Soviet data" in synthetic.LABEL


@pytest.mark.parametrize("bad", [1, 0.5, -2])
def test_a_ratio_of_one_or_less_is_refused(bad: float) -> None:
    with pytest.raises(ValueError, match="above 1"):
        synthetic.spread_for(bad)


def test_too_few_workers() -> None:
    with pytest.raises(ValueError, match="at least ten"):
        synthetic.lognormal_wages(3, n=5)


@pytest.mark.parametrize("means_ratio", [5.0, 8.0])
def test_from_a_ratio_of_means_back_to_p90_p10(means_ratio: float) -> None:
    """The essay's 8:1 and 5:1 correspond, on a log-normal shape, to P90/P10 ratios of about 4.5 and 3.2."""
    p90_p10 = synthetic.p90_p10_for(means_ratio)
    assert synthetic.means_ratio_for(p90_p10) == pytest.approx(means_ratio, rel=1e-6)
    assert 1 < p90_p10 < means_ratio
