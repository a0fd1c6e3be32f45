"""The house style: every chart has a finding-title, units, a source line, a text alternative
and its data; the dropdown switches views; the HTML twin needs no CDN."""

from __future__ import annotations

from unittest import mock

import pytest

from companion import charts, data, style

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


def test_bars_can_print_a_hedged_label_instead_of_the_bare_value() -> None:
    """'more than 25' printed as '25' would misstate the source (context_novocherkassk_1962)."""
    killed = data.load("context_novocherkassk_1962").query("measure == 'killed' and group == 'all'")
    chart = charts.bars(
        killed.assign(period=killed["source_id"], shown=killed["as_read"]),
        labels="shown",
        title="Counts differ",
        units="people",
    )
    assert list(chart.figure().data[0].text) == killed["as_read"].tolist()
    assert "More than 25 killed" in chart.figure().data[0].text
