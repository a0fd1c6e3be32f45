"""Reference tables and the timeline: readable on a phone, found by search, no mark on another."""

from __future__ import annotations

import itertools
import re

import pandas as pd
import pytest
from jinja2 import UndefinedError

from companion import data, reference
from companion.tables import html_table, spaced
from companion.templating import render


def _as_sphinx_indexes(markup: str) -> list[str]:
    """What Sphinx's search indexer makes of raw HTML: tags stripped to nothing, then words."""
    text = re.sub(r"<[^<]+?>", "", markup)
    return re.findall(r"\w+", text.lower())


def test_table_cells_stay_separate_words_for_search() -> None:
    table = pd.DataFrame({"Name": ["Sheila Fitzpatrick"], "Notes": ["Smith, n. 14"], "Kind": ["Stakhanov"]})
    words = _as_sphinx_indexes(html_table(table))
    assert "fitzpatrick" in words and "14" in words and "stakhanov" in words
    assert not any(w in words for w in ("fitzpatricksmith", "14stakhanov", "namenotes"))


def test_spacing_does_not_change_text_inside_a_paragraph() -> None:
    assert spaced("<p>a <em>b</em> c</p><p>d</p>") == "<p>a <em>b</em> c</p>\n<p>d</p>\n"
    assert spaced(spaced("<td>x</td>")) == "<td>x</td>\n"


def test_every_cell_carries_its_column_for_the_phone_layout() -> None:
    table = pd.DataFrame({"Date": ["1917"], "Event": ["<b>x</b>"], "Note": [None]})
    markup = html_table(table)
    assert markup.count('data-label="Date"') == 1 and markup.count('data-label="Note"') == 1
    assert "&lt;b&gt;x&lt;/b&gt;" in markup  # escaped unless named in markup=
    assert "<NA>" not in markup and "None" not in markup


def test_lanes_keep_marks_apart() -> None:
    starts, ends = [1917, 1918, 1921, 1921, 1928, 1928], [1917, 1920, 1921, 1921, 1932, 1928]
    found = reference.lanes(starts, ends, gap=4)
    assert found == [0, 1, 0, 2, 0, 1]
    for lane in set(found):
        events = [(s, e) for (s, e), f in zip(zip(starts, ends, strict=True), found, strict=True) if f == lane]
        for (s1, e1), (s2, _) in itertools.pairwise(events):
            assert s2 >= max(s1, e1) + 4


def test_timeline_marks_never_share_a_place_and_labels_sit_above_their_bands() -> None:
    chart = reference.timeline_chart()
    all_themes = [t for t in chart.traces if t.visible is not False]
    points = [(x, y) for t in all_themes for x, y in zip(t.x, t.y, strict=True)]
    by_lane: dict[float, list[int]] = {}
    for x, y in points:
        by_lane.setdefault(round(y, 6), []).append(x)
    for xs in by_lane.values():
        xs.sort()
        assert all(b - a >= reference.LANE_GAP_YEARS for a, b in itertools.pairwise(xs))
    lane_ys = sorted(by_lane)
    assert all(b - a >= 1 - 1e-9 for a, b in itertools.pairwise(lane_ys))
    for _, label_y in chart.row_labels:
        assert all(abs(label_y - y) >= 0.45 - 1e-9 for y in lane_ys)


@pytest.mark.parametrize("period", [label for label, _ in reference.PERIODS])
def test_timeline_tables_have_a_note_for_every_event(period: str, monkeypatch: pytest.MonkeyPatch) -> None:
    shown = []
    monkeypatch.setattr(reference.timeline, "show_html", shown.append)
    reference.timeline_table(period)
    rows = shown[0].count("<tr>") - 1
    assert shown[0].count('data-label="Note"') == rows


def test_reference_templates_escape_what_the_data_says(monkeypatch: pytest.MonkeyPatch) -> None:
    """A definition or a source citation is text, never markup: the templates escape it."""
    glossary = data.load("glossary").copy()
    glossary.loc[0, "definition"] = "A <script>alert(1)</script> & more"
    monkeypatch.setattr(reference.glossary, "load", lambda name: glossary if name == "glossary" else data.load(name))
    markup = reference.glossary_html()
    assert "<script>" not in markup and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in markup


def test_a_data_card_keeps_its_accessible_markup() -> None:
    card = reference.card_html("essay_figures")
    assert card.startswith('<section class="data-card" aria-labelledby="dataset-essay-figures">')
    assert '<h3 id="dataset-essay-figures">' in card and "<h4>Schema of essay_figures</h4>" in card
    assert 'scope="col"' in card and 'data-label="Field"' in card, "the tables keep their phone layout"
    assert card.count("<dt>") == 11 and "<dt>SHA-256 checksum</dt><dd><code>" in card


def test_a_template_refuses_a_missing_value() -> None:
    with pytest.raises(UndefinedError):
        render("catalogue.html.j2")


def test_a_catalogue_card_shows_a_glance_and_folds_the_rest() -> None:
    """The catalogue is scanned: what a dataset measures, its span and its download at once; the
    sources, checksum, schema and first rows inside a closed <details>."""
    card = reference.card_html("essay_figures")
    opened, folded = card.split('<details class="data-card-more">')
    assert "What it measures" in opened and "Coverage" in opened and "Download" in opened
    assert "<table" not in opened and "SHA-256" not in opened
    assert "Schema of essay_figures" in folded and "SHA-256" in folded and "<details open" not in card
