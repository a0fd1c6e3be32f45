"""The house style: every chart has a finding-title, units, a source line, a text alternative
and its data; the dropdown switches views; the HTML twin needs no CDN."""

from __future__ import annotations

import re
from dataclasses import replace
from unittest import mock
from urllib.parse import unquote

import plotly.graph_objects as go
import pytest

from companion import charts, data, explorers, style, synthetic
from companion.chart_table import reader_table

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
    with mock.patch.object(charts.display, "display") as display:
        charts.show(_petrograd(), alt="Two bars for Petrograd, 1917 and 1920.")
    assert display.call_count == 2
    assert "Text description" in display.call_args_list[1].args[0]["text/html"]


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (32.5, "percent", "32.5%"),
        (0.6667, "fraction", "67%"),
        (14, "times", "×14"),
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


# -- one trace per source ----------------------------------------------------------------------


def _sources_a_trace_could_come_from(chart: charts.Chart, trace: object, x: str) -> set[str]:
    """The sources whose rows hold every point of ``trace`` (empty if no single source does)."""
    points = set(zip((str(v) for v in trace.x), trace.y, strict=True))
    rows = chart.data
    found = set()
    for sid, part in rows.groupby("source_id"):
        xs = part["period"] if x == "period" else part[x]
        if points <= set(zip((str(v) for v in xs), part["value"], strict=True)):
            found.add(sid)
    return found


def _mixes_sources(chart: charts.Chart, x: str) -> list[str]:
    return [t.name for t in chart.traces if not _sources_a_trace_could_come_from(chart, t, x)]


CONTEXT_TABLES = [n for n in data.names() if n.startswith("context_")]


@pytest.mark.parametrize("name", CONTEXT_TABLES)
def test_no_line_joins_two_sources(name: str) -> None:
    frame = data.load(name)
    x = "year" if "year" in frame.columns else "start_year"  # the later-period tables date rows by span
    frame = frame.dropna(subset=[x])
    assert _mixes_sources(charts.lines(frame, title="T", units="U"), x) == []
    assert _mixes_sources(charts.lines(frame, name="All in one", title="T", units="U"), x) == []


def test_the_womens_share_has_one_trace_per_source() -> None:
    women = data.load("context_women_share").query("year <= 1945")
    chart = charts.lines(women, name="Women among all workers and employees (context)", title="T", units="U")
    assert len(chart.traces) == women["source_id"].nunique() == 2
    assert all(len(_sources_a_trace_could_come_from(chart, t, "year")) == 1 for t in chart.traces)
    assert {t.line.color for t in chart.traces} <= set(style.CONTEXT_SERIES)
    assert len({t.line.color for t in chart.traces}) == 2 and len({t.marker.symbol for t in chart.traces}) == 2


def test_a_crafted_mixed_trace_is_caught() -> None:
    women = data.load("context_women_share").query("year <= 1945")
    mixed = charts.Chart([go.Scatter(x=women["year"], y=women["value"], name="mixed")], women, "T", "U")
    assert _mixes_sources(mixed, "year") == ["mixed"]


def test_several_essay_series_stay_in_the_essay_family() -> None:
    from companion import derive

    leningrad = derive.index_from_change(data.essay_figures("leningrad_worker_consumption_change"))
    colours = [t.marker.color for t in charts.bars(leningrad, title="T", units="U").traces]
    assert colours == list(style.ESSAY_SERIES[:2])
    assert set(style.ESSAY_SERIES) | set(style.CONTEXT_SERIES) <= set(style.PALETTE)


# -- the table under the chart -------------------------------------------------------------------


def _notes(chart: charts.Chart) -> str:
    return charts.render(chart, alt="A description of the chart for this test.")[1]


def test_the_data_table_speaks_to_readers_and_the_csv_keeps_everything() -> None:
    notes = _notes(_petrograd())
    table = notes[notes.index("<table") : notes.index("</table>")]
    headers = re.findall(r'<th scope="col">([^<]*)</th>', table)
    assert headers == ["Year", "Value", "Unit", "Source", "Note"]
    assert "2,500,000" in table and "Smith, n. 4" in table and "persons" in table
    for raw in ("start_year", "as_stated", "figure_id", "&lt;NA&gt;", "<NA>", "nan", "None"):
        assert raw not in table, raw
    csv = unquote(notes[notes.index("data:text/csv;charset=utf-8,") :].split('"', 1)[0].split(",", 1)[1])
    assert csv.splitlines()[0].split(",") == list(_petrograd().data.columns)


def test_a_remark_every_row_repeats_is_said_once_under_the_table() -> None:
    women = data.load("context_women_share").query("year <= 1945")
    chart = charts.lines(women, title="T", units="U")
    table, shared = reader_table(chart.data)
    assert "Series" not in table.columns  # one group: the source column tells the lines apart
    assert len(shared) == 2 and all(s.startswith("All rows from ") for s in shared)
    assert table["Note"].str.contains("official 40-year compendium").sum() == 0
    assert "Chadaev gives 38.4" in " ".join(table["Note"])
    notes = _notes(chart)
    assert notes.count('class="chart-table-note"') == 2


def test_a_long_table_of_several_series_reads_wide_with_its_source_once() -> None:
    housing = data.load("context_housing_europe")
    chart = charts.highlighter(housing, keep="USSR", title="USSR built most", units="per 1,000")
    table, notes = reader_table(chart.data)
    assert len(chart.data) > 100 and len(table) == housing["year"].nunique(), "not a row per year"
    assert table.columns[0] == "Year" and "USSR" in table.columns and "Source" not in table.columns
    assert sum(note.startswith("Source of every column: ") for note in notes) == 1
    html = _notes(chart)
    assert html.index('class="chart-csv"') < html.index("<table"), "the CSV link should come before the table"


def test_chosen_columns_get_readable_headers() -> None:
    table = charts.table_frame(data.essay_figures(PETROGRAD), ["period", "value", "as_stated", "note"])
    assert list(table.columns) == ["Year", "Value", "In the essay's words", "Essay note"]
    assert list(table["Essay note"]) == ["Smith, n. 4", "Smith, n. 4"]


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


def test_the_static_decile_explorer_answers_the_question_about_the_essays_8_to_1() -> None:
    """The web book cannot take a typed ratio of means, so the essay's own is a view of its own."""
    with mock.patch.object(explorers, "display") as display:
        explorers.decile_explorer({"3.0 (a)": 3.0, "4.4 (b)": 4.4}, means_ratios={"The essay's 8:1": 8})
    static = display.call_args.args[0]["text/html"]
    view = r"8:1: P90\\u002fP10 = (\d\.\d\d); ratio of the average wages of the top and bottom tenths = (\S+?)\""
    found = re.search(view, static)
    assert found, "no view for the essay's 8:1"
    assert abs(float(found.group(2)) - 8) < 0.05, f"the view's ratio of decile means is {found.group(2)}, not 8"


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


def test_long_category_labels_wrap_instead_of_tilting() -> None:
    frame = data.essay_figures(PETROGRAD).assign(period=["A very long category label indeed", "1920"])
    fig = charts.bars(frame, title="T", units="U").figure()
    assert list(fig.data[0].x) == ["A very long<br>category label<br>indeed", "1920"]
    assert "<br>" not in charts.table_frame(frame).to_csv()  # the table keeps the label whole


def test_bars_can_print_a_hedged_label_instead_of_the_bare_value() -> None:
    """'more than 25' printed as '25' would misstate the source (context_novocherkassk_1962)."""
    killed = data.load("context_novocherkassk_1962").query("measure == 'killed' and group == 'all'")
    chart = charts.bars(
        killed.assign(period=killed["source_id"], shown=killed["as_read"]),
        labels="shown",
        title="Counts differ",
        units="people",
    )
    printed = [text for trace in chart.figure().data for text in trace.text]  # one trace per source
    assert sorted(printed) == sorted(killed["as_read"])
    assert "More than 25 killed" in printed
