"""The house style: every chart has a finding-title, units, a source line, a text alternative
and its data; the dropdown switches views; the HTML twin needs no CDN."""

from __future__ import annotations

from dataclasses import replace
from unittest import mock

import pytest

from companion import charts, data, explorers, style, synthetic

PETROGRAD = "petrograd_population"


def _petrograd() -> charts.Chart:
    return charts.bars(
        data.essay_figures(PETROGRAD),
        title="Petrograd lost seven in ten residents",
        units="Residents",
    )


def test_bars_carry_title_units_source_and_essay_colour() -> None:
    fig = _petrograd().figure()
    assert fig.layout.title.text == "Petrograd lost seven in ten residents"
    assert fig.layout.title.subtitle.text == "Residents"
    assert fig.layout.annotations[0].text == "Source: Smith, 'The life of the Soviet worker' (2016), n. 4."
    assert fig.data[0].marker.color == style.ESSAY
    assert list(fig.data[0].text) == ["2,500,000", "700,000"]


def test_context_is_drawn_differently_from_the_essay() -> None:
    chart = charts.lines(data.load("context_urban_share"), title="Towns grew", units="per cent")
    trace = chart.figure().data[0]
    assert trace.line.dash == "dash" and trace.line.color == style.CONTEXT


def test_switcher_toggles_visibility_and_titles() -> None:
    students = charts.bars(
        data.essay_figures("worker_share_industrial_institute_students"),
        title="A",
        units="per cent",
    )
    party = charts.bars(data.essay_figures("workers_share_party_members"), title="B", units="per cent")
    fig = charts.switcher({"Students": students, "Party": party}).figure()
    buttons = fig.layout.updatemenus[0].buttons
    assert [b.label for b in buttons] == ["Students", "Party"]
    assert buttons[0].args[0]["visible"] == [True, False]
    assert buttons[1].args[0]["visible"] == [False, True]
    assert buttons[1].args[1]["title"]["text"] == "B"
    assert [t.visible for t in fig.data] == [True, False]


def test_switcher_needs_two_views() -> None:
    with pytest.raises(ValueError, match="at least two views"):
        charts.switcher({"only": _petrograd()})


def test_show_requires_a_text_alternative() -> None:
    with pytest.raises(ValueError, match="text alternative"):
        charts.show(_petrograd(), alt="")


def test_render_gives_offline_html_with_description_and_csv() -> None:
    bundle, notes = charts.render(
        _petrograd(),
        alt="Two bars: 2.5 million residents in 1917 and 700,000 in 1920.",
        caption="Look.",
    )
    mime = bundle._repr_mimebundle_()
    html = mime["text/html"]
    assert "cdn" not in html.lower() and "<script src" not in html
    assert 'aria-describedby="' in html and "plotly-graph-div" in html
    assert "sendDataToCloud" in html  # removed through the config passed to plotly
    assert mime["application/vnd.plotly.v1+json"]["data"][0]["type"] == "bar"
    assert "Text description" in notes and "700,000 in 1920" in notes
    assert 'download="essay_figures-' in notes and "data:text/csv" in notes
    assert "2500000.0" in notes  # the data table


def test_render_is_deterministic() -> None:
    first = charts.render(_petrograd(), alt="Two bars for Petrograd, 1917 and 1920.")[0]
    second = charts.render(_petrograd(), alt="Two bars for Petrograd, 1917 and 1920.")[0]
    assert first._repr_mimebundle_()["text/html"] == second._repr_mimebundle_()["text/html"]


def test_show_displays_figure_then_notes() -> None:
    with mock.patch.object(charts, "display") as display:
        charts.show(_petrograd(), alt="Two bars for Petrograd, 1917 and 1920.")
    assert display.call_count == 2
    assert "Text description" in display.call_args_list[1].args[0]["text/html"]


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (32.5, "percent", "32.5%"),
        (0.6667, "fraction", "67%"),
        (14, "times", "x14"),
        (8, "ratio", "8:1"),
        (2_500_000, "persons", "2,500,000"),
    ],
)
def test_format_value(value: float, unit: str, shown: str) -> None:
    assert charts.format_value(value, unit) == shown


def test_show_requires_a_title_and_units() -> None:
    untitled = charts.bars(data.essay_figures(PETROGRAD))
    with pytest.raises(ValueError, match="title that states its finding"):
        charts.show(untitled, alt="Two bars for Petrograd, 1917 and 1920.")


def test_highlighter_keeps_one_group_in_colour_and_picks_another() -> None:
    housing = data.load("context_housing_europe")
    chart = charts.highlighter(housing, keep="USSR", title="USSR built most", units="per 1,000")
    fig = chart.figure()
    names = [t.name for t in fig.data]
    ussr = names.index("USSR")
    assert fig.data[ussr].line.color == style.CONTEXT
    assert {t.line.color for i, t in enumerate(fig.data) if i != ussr} == {charts.GREY}
    buttons = fig.layout.updatemenus[0].buttons
    assert len(buttons) == len(names)  # "USSR only" plus one per other country
    france = next(b for b in buttons if b.label == "USSR and France")
    colours = france.args[0]["line.color"]
    assert colours[names.index("France")] == charts.SECOND and colours[ussr] == style.CONTEXT
    assert france.method == "restyle"


def test_highlighter_names_the_groups_when_keep_is_missing() -> None:
    with pytest.raises(ValueError, match=r"Groups: .*France"):
        charts.highlighter(data.load("context_housing_europe"), keep="Atlantis", title="T", units="u")


def test_a_source_note_replaces_the_source_line() -> None:
    chart = charts.bars(synthetic.decile_table(3), x="tenth", title="Tenths", units="wage")
    assert chart.source == ""
    chart = replace(chart, source_note="Synthetic data, not Soviet figures.")
    assert chart.figure().layout.annotations[0].text == "Synthetic data, not Soviet figures."


def test_decile_explorer_shows_a_static_twin_with_both_measures() -> None:
    with mock.patch.object(explorers, "display") as display:
        explorers.decile_explorer({"3.0 (a)": 3.0, "4.4 (b)": 4.4})
    payload = display.call_args.args[0]
    assert "application/vnd.jupyter.widget-view+json" in payload
    static = payload["text/html"]
    assert "Static version of a live explorer" in static
    assert "P90/P10 = 2.99; ratio of the average wages of the top and bottom tenths = 4.51" in static
    assert "not Soviet data" in static


def test_decile_explorer_needs_two_presets() -> None:
    with pytest.raises(ValueError, match="at least two"):
        explorers.decile_explorer({"3.0": 3.0})


def test_hbars_lay_long_labels_beside_the_bars() -> None:
    strike = data.load("context_miners_strike_1989").query("unit == 'persons'").sort_values("value")
    strike = strike.assign(label=strike["group"] + "<br>" + strike["date_label"])
    fig = charts.hbars(strike, label="label", title="Counts differ", units="people").figure()
    bar = fig.data[0]
    assert bar.orientation == "h" and list(bar.y) == list(range(len(strike)))
    assert bar.marker.pattern.shape == "/"  # context, hatched
    labels = [a.text for a in fig.layout.annotations[1:]]  # the first annotation is the source line
    assert labels == strike["label"].tolist()
    assert fig.layout.yaxis.range[0] > fig.layout.yaxis.range[1]  # first row at the top
    assert fig.layout.xaxis.range[1] > strike["value"].max()
    with pytest.raises(ValueError, match="no column 'nowhere'"):
        charts.hbars(strike, label="nowhere", title="T", units="u")
