"""A day of 24 hours: the essay's figures, assumptions and the computed remainder stay distinct,
impossible days are refused in words, and the day explorer has a live widget and a static twin."""

from __future__ import annotations

import pandas as pd
import pytest

from companion import charts, explorers, style
from companion import timebudget as tb

DOMESTIC = "Housework, queuing and other domestic tasks"


def _essay_case() -> list[tb.Block]:
    """The essay's wife of an unskilled worker (Smith, n. 34) with this book's assumed sleep."""
    domestic = tb.hours_from_minutes(4 * 60 + 51)
    return [
        tb.Block(DOMESTIC, domestic, "essay", "smith2016", 34),
        tb.Block("Paid work", 12 - domestic, "computed", "smith2016", 34),
        tb.Block("Sleep", 8, "assumption"),
    ]


def test_minutes_and_clock_round_trip() -> None:
    assert tb.hours_from_minutes(291) == pytest.approx(4.85)
    assert tb.clock(4.85) == "4 h 51 min"
    assert tb.clock(3.81) == "3 h 49 min"  # decimal hours, not 3 h 81 min
    assert tb.clock(0.25) == "15 min" and tb.clock(2) == "2 h"


def test_day_adds_the_remainder_and_keeps_each_basis() -> None:
    frame = tb.day("Wife", _essay_case())
    assert frame["hours"].sum() == pytest.approx(24)
    assert tb.left_over(frame) == pytest.approx(4)
    assert list(frame["basis"]) == ["essay", "computed", "assumption", "remainder"]
    assert frame.loc[0, "clock"] == "4 h 51 min"


@pytest.mark.parametrize(
    ("blocks", "error", "message"),
    [
        ([tb.Block("Work", 20, "essay"), tb.Block("Sleep", 8, "assumption")], ValueError, "28.00 hours, more than"),
        ([tb.Block("Sleep", 8, "assumption"), tb.Block("Sleep", 1, "assumption")], ValueError, "its own label"),
        ([("Sleep", 8)], TypeError, "list of Block"),
    ],
)
def test_impossible_days_are_refused_in_words(blocks: list, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        tb.day("Wife", blocks)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"hours": -1, "basis": "essay"}, "0 hours or more"),
        ({"hours": "8", "basis": "essay"}, "not the text '8'"),
        ({"hours": 8, "basis": "guess"}, "basis must be one of"),
    ],
)
def test_a_bad_block_says_what_is_wrong(kwargs: dict, message: str) -> None:
    with pytest.raises((TypeError, ValueError), match=message):
        tb.Block("Sleep", **kwargs)


def test_stacked_chart_marks_assumptions_and_remainder_differently() -> None:
    chart = charts.stacked(tb.day("Wife", _essay_case()), title="A day", units="hours")
    fig = chart.figure()
    assert fig.layout.barmode == "stack"
    shapes = {t.name: t.marker.pattern.shape[0] for t in fig.data}
    assert shapes[DOMESTIC] == "" and shapes["Sleep"] == "x" and shapes[tb.REMAINDER] == "."
    assert fig.data[0].marker.color[0] == style.ESSAY
    assert len({t.marker.color[0] for t in fig.data}) == len(fig.data)  # every block its own colour
    assert list(fig.data[0].text) == ["4 h 51 min"]
    assert chart.source == "Source: Smith, 'The life of the Soviet worker' (2016), n. 34."


def test_a_context_figure_swapped_into_a_block_is_drawn_as_context() -> None:
    swapped = [tb.Block(DOMESTIC, 3.01, "context"), *_essay_case()[1:]]
    frame = pd.concat([tb.day("Essay", _essay_case()), tb.day("Pskov", swapped)], ignore_index=True)
    domestic = charts.stacked(frame, title="Two days", units="hours").figure().data[0]
    assert domestic.name == DOMESTIC
    assert list(domestic.marker.color) == [style.ESSAY, style.CONTEXT]
    assert list(domestic.marker.pattern.shape) == ["", "/"]


def test_stacked_chart_names_a_missing_column() -> None:
    with pytest.raises(ValueError, match="needs a 'person' column"):
        charts.stacked(tb.day("Wife", _essay_case()).drop(columns="person"), title="A", units="h")


def test_your_day_relabels_a_changed_figure_as_an_assumption() -> None:
    frame, text = explorers.your_day(_essay_case(), {DOMESTIC: 3.0})
    assert frame is not None
    row = frame.set_index("block").loc[DOMESTIC]
    assert row["basis"] == "assumption" and row["remark"] == "changed by you" and not isinstance(row["source_id"], str)
    assert frame.set_index("block").loc["Paid work", "basis"] == "computed"  # untouched blocks keep theirs
    assert "Left for everything else" in text and "5 h 51 min" in text


def test_your_day_explains_a_day_that_does_not_fit() -> None:
    frame, text = explorers.your_day(_essay_case(), {"Sleep": 14})
    assert frame is None
    assert text.startswith("The blocks add up to 26.00 hours")


def test_day_explorer_bundle_has_widget_and_static_twin(monkeypatch: pytest.MonkeyPatch) -> None:
    shown = []
    monkeypatch.setattr(explorers, "display", lambda bundle, raw=False: shown.append(bundle))
    alternative = [tb.Block(DOMESTIC, 3.01, "context"), *_essay_case()[1:]]
    explorers.day_explorer({"The essay's case": _essay_case(), "An alternative": alternative})
    bundle = shown[-1]
    assert "application/vnd.jupyter.widget-view+json" in bundle
    static = bundle["text/html"]
    assert "Static version of a live explorer" in static
    assert "The essay&#x27;s case" in static or "The essay's case" in static
    assert "4 h 00 min" not in static and "Left for everything else: 4 h (The essay" in static
    assert "5 h 50 min (An alternative)" in static


def test_day_explorer_refuses_presets_with_different_blocks() -> None:
    other = [tb.Block("Sleep", 8, "assumption")]
    with pytest.raises(ValueError, match="every preset needs"):
        explorers.day_explorer({"Essay": _essay_case(), "Other": other})
