"""The timeline page: the dated events the essay mentions, as a strip chart with one row per theme
and a table per period."""

from __future__ import annotations

import html
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from companion import style
from companion.charts import Chart, dropdown, show
from companion.data import load
from companion.reference.common import note_ref, show_html, split_cell
from companion.slots import chapter_slot
from companion.tables import html_table

ESSAY_SHORT = "Smith, 'The life of the Soviet worker' (2016)"

# The book's periods (first year of each). An event in a year where two periods meet (1941, 1953,
# 1964) belongs to the later one, which is the period it opens.
PERIODS = [
    ("1917–1927", 1917),
    ("1928–1941", 1928),
    ("1941–1953", 1941),
    ("1953–1964", 1953),
    ("1964–1985", 1964),
    ("1985–1991", 1985),
    ("after 1991", 1992),
]

# Theme tags in the order the chart's rows run, top to bottom, with the words a reader sees.
THEMES = {
    "politics": "politics",
    "labour-law": "labour law",
    "wages-living-standards": "wages and living standards",
    "housing": "housing",
    "education-mobility": "education and mobility",
    "gender": "gender",
    "culture": "culture",
    "protest": "protest",
    "war": "war",
}

_PRECISION = {
    "year": ("dated to the year", "circle"),
    "month": ("dated to the month", "diamond"),
    "day": ("dated to the day", "star"),
}

_MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip


def format_date(date: object) -> str:
    """'1917', 'October 1917' or '2 June 1962': never more precise than the essay."""
    if not isinstance(date, str) or not date:
        return ""
    parts = date.split("-")
    if len(parts) == 1:
        return parts[0]
    month = _MONTHS[int(parts[1]) - 1]
    if len(parts) == 2:
        return f"{month} {parts[0]}"
    return f"{int(parts[2])} {month} {parts[0]}"


def date_label(date: object, end_date: object) -> str:
    """A date or a span: '1928–1932', 'October 1917'."""
    start, end = format_date(date), format_date(end_date)
    if not end or end == start:
        return start
    joiner = "–" if " " not in start + end else " – "
    return f"{start}{joiner}{end}"


def theme_label(tag: str) -> str:
    """The reader's words for a theme tag."""
    return THEMES.get(tag, tag.replace("-", " "))


def period_of(year: int) -> str:
    """The book's period for a year (the later one where two periods meet)."""
    found = [label for label, first in PERIODS if year >= first]
    if not found:
        raise ValueError(f"{year} is before the first period of the timeline ({PERIODS[0][0]}).")
    return found[-1]


def timeline_rows() -> pd.DataFrame:
    """The timeline with the columns a reader needs: date as given, themes in words, note."""
    frame = load("timeline").sort_values(
        ["start_year", "date", "end_date", "event_id"], na_position="first", kind="stable"
    )
    end_year = frame["end_date"].map(lambda d: int(d[:4]) if isinstance(d, str) and d else pd.NA)
    return frame.assign(
        when=[date_label(d, e) for d, e in zip(frame["date"], frame["end_date"], strict=True)],
        end_year=end_year.astype("Int64"),
        theme_list=frame["themes"].map(split_cell),
        theme_text=frame["themes"].map(lambda t: ", ".join(theme_label(x) for x in split_cell(t))),
        note_text=[note_ref(n, r) for n, r in zip(frame["note"], frame["remark"], strict=True)],
        period=frame["start_year"].map(period_of),
    ).reset_index(drop=True)


# Each theme is a band of lanes. Two marks share a lane only if they stand this many years apart
# (after the end of a dated span): on a 390 px phone a year is about 3 px and a mark 10 px wide,
# so no mark covers another at any width the book is read at.
LANE_GAP_YEARS = 4
LANE_PX = 14  # height of a lane; marks are 10 px (stars 13), so lanes never touch
LABEL_LANES = 1.8  # room above a band for its theme's name (12 px type), in lanes
BAND_GAP_LANES = 0.4


def lanes(starts: Sequence[int], ends: Sequence[int], gap: int = LANE_GAP_YEARS) -> list[int]:
    """A lane for each event, in the order given (sorted by start): the first lane whose last
    event ended at least ``gap`` years before this one starts."""
    lane_ends: list[int] = []
    found = []
    for start, end in zip(starts, ends, strict=True):
        for i, last in enumerate(lane_ends):
            if start >= last + gap:
                lane_ends[i] = max(start, end)
                found.append(i)
                break
        else:
            lane_ends.append(max(start, end))
            found.append(len(lane_ends) - 1)
    return found


def _strip_positions(rows: pd.DataFrame) -> tuple[pd.DataFrame, list[tuple[str, float]], float]:
    """One row per event and theme with its y position, each theme's label and its y, and the
    height of the whole strip in lanes. Themes run top to bottom in the order of THEMES."""
    order = list(THEMES) + sorted({t for ts in rows["theme_list"] for t in ts} - set(THEMES))
    long = rows.explode("theme_list").rename(columns={"theme_list": "theme"})
    long = long.sort_values(["start_year", "end_year"], na_position="first", kind="stable").reset_index(drop=True)
    ends = long["end_year"].fillna(long["start_year"]).astype(int)
    long["lane"] = 0
    for _, part in long.groupby("theme", sort=False):
        long.loc[part.index, "lane"] = lanes(part["start_year"].astype(int).tolist(), ends[part.index].tolist())
    depth, labels, cursor = {}, [], 0.0  # cursor runs downwards from the top of the strip
    for theme in order:
        if theme not in set(long["theme"]):
            continue
        labels.append((theme_label(theme), cursor - LABEL_LANES + 0.45))
        depth[theme] = cursor - LABEL_LANES
        cursor -= LABEL_LANES + int(long.loc[long["theme"] == theme, "lane"].max()) + 1 + BAND_GAP_LANES
    long["y"] = [depth[t] - lane - cursor for t, lane in zip(long["theme"], long["lane"], strict=True)]
    return long.reset_index(drop=True), [(text, y - cursor) for text, y in labels], -cursor


def _hover(row: pd.Series) -> str:
    event = "<br>".join(html.escape(line) for line in textwrap.wrap(row["event"], 60))
    return f"<b>{html.escape(row['when'])}</b><br>{event}<br>{html.escape(row['note_text'])}"


@dataclass
class TimelineChart(Chart):
    """A strip chart: years across, one band of lanes per theme. The source line names the essay
    once rather than listing every note (the notes are in each mark's hover text and in the table)."""

    row_labels: list[tuple[str, float]] = field(default_factory=list)  # a theme's name and its y
    lanes_high: float = 1.0  # the strip's height in lanes
    years: tuple[int, int] = (1915, 2005)

    @property
    def source(self) -> str:
        return f"Source: {ESSAY_SHORT}; note numbers in the hover text and the table below."

    def figure(self) -> go.Figure:
        fig = super().figure()
        # Theme names sit inside the plot, above their bands, so the marks get the full width
        # (labels beside the axis would take a third of it, and most of a phone screen).
        fig.update_yaxes(
            showticklabels=False,
            showgrid=False,
            range=[-0.7, self.lanes_high],
            rangemode="normal",
            zeroline=False,
        )
        for label, y in self.row_labels:
            fig.add_annotation(
                text=html.escape(label, quote=False),
                x=0,
                xref="paper",
                xanchor="left",
                y=y,
                yref="y",
                yanchor="bottom",
                showarrow=False,
                font={"size": 12, "color": style.INK},
            )
        fig.update_xaxes(range=list(self.years), dtick=10, showgrid=True, gridcolor="#f0f0f0")
        return fig


def _strip(long: pd.DataFrame, *, visible: bool) -> list[go.Scatter]:
    """One trace per date precision (each with its own marker shape) for the rows given."""
    traces = []
    for precision, (name, symbol) in _PRECISION.items():
        part = long[long["precision"] == precision]
        if part.empty:
            continue
        span = (part["end_year"].fillna(part["start_year"]) - part["start_year"]).astype(int)
        traces.append(
            go.Scatter(
                x=part["start_year"].astype(int).tolist(),
                y=part["y"].tolist(),
                mode="markers",
                name=name,
                visible=visible,
                marker={"symbol": symbol, "size": 10, "color": style.ESSAY, "opacity": 0.85},
                error_x={
                    "type": "data",
                    "symmetric": False,
                    "array": span.tolist(),
                    "arrayminus": [0] * len(span),
                    "width": 0,
                    "thickness": 2,
                    "color": style.ESSAY,
                },
                hovertext=[_hover(r) for _, r in part.iterrows()],
                hoverinfo="text",
            )
        )
    return traces


def _theme_menu(views: list[tuple[str, str, int]], plot_height: int) -> dict:
    """A plotly dropdown (works without a kernel) that shows one view's traces and retitles the
    chart. Only visibility and the title text change, so the layout stays put."""
    total = sum(n for _, _, n in views)
    buttons = []
    first = 0
    for label, title, n in views:
        visible = [first <= i < first + n for i in range(total)]
        buttons.append(
            {
                "label": label,
                "method": "update",
                "args": [{"visible": visible}, {"title.text": html.escape(title, quote=False)}],
            }
        )
        first += n
    return dropdown(buttons, "Theme", plot_height)


def timeline_chart(rows: pd.DataFrame | None = None) -> Chart:
    """The timeline as a strip chart, with a dropdown that keeps one theme at a time. The rows
    behind it (shown and downloadable under the chart) are the events, once each."""
    rows = timeline_rows() if rows is None else rows
    long, labels, lanes_high = _strip_positions(rows)
    order = list(THEMES) + sorted(set(long["theme"]) - set(THEMES))
    plot_height = round(LANE_PX * (lanes_high + 0.7))
    title = "The essay's dated events by theme"
    traces = _strip(long, visible=True)
    views = [(f"All themes ({len(rows)} events)", title, len(traces))]
    for tag in order:
        part = long[long["theme"] == tag]
        if part.empty:
            continue
        theme_traces = _strip(part, visible=False)
        traces += theme_traces
        label = theme_label(tag)
        views.append((f"{label} ({len(part)})", f"Events tagged '{label}'", len(theme_traces)))
    table = rows[["when", "event", "theme_text", "chapter", "note_text"]]
    table = table.set_axis(["Date", "Event", "Themes", "Chapter", "Note"], axis=1)
    return TimelineChart(
        traces,
        table,
        title,
        "Marks: events by year; lines: dated periods",
        x_title="Year",
        updatemenus=[_theme_menu(views, plot_height)],
        plot_height=plot_height,
        row_labels=labels,
        lanes_high=lanes_high,
        years=(int(rows["start_year"].min()) - 3, int(rows["start_year"].max()) + 3),
    )


def timeline_alt(rows: pd.DataFrame | None = None) -> str:
    """The chart in words: what is plotted, how many events per theme and per period."""
    rows = timeline_rows() if rows is None else rows
    themes = rows["theme_list"].explode().value_counts()
    periods = rows["period"].value_counts().reindex([p for p, _ in PERIODS]).dropna()
    busiest = periods.idxmax()
    return (
        f"Strip chart of the {len(rows)} dated events the essay mentions, from "
        f"{rows['start_year'].min()} to {rows['start_year'].max()}, one row per theme; an event "
        "with several themes appears in each of its rows. Events per theme: "
        + ", ".join(f"{theme_label(t)} {n}" for t, n in themes.items())
        + f". The busiest period is {busiest}, with {int(periods[busiest])} events. "
        "A dropdown keeps one theme at a time; the table below the chart lists every event."
    )


def show_timeline_chart() -> None:
    """Display the timeline chart with its text alternative and data."""
    rows = timeline_rows()
    show(
        timeline_chart(rows),
        alt=timeline_alt(rows),
        caption=(
            "Hover over a mark for the event and its note. Circles are dated to the year, "
            "diamonds to the month, stars to the day. Choose a theme from the dropdown "
            "(top right)."
        ),
        filename="timeline-chart-data.csv",
    )


def timeline_table(period: str) -> None:
    """Display one period's events: date, event, themes, chapter (linked), note."""
    valid = [label for label, _ in PERIODS]
    if period not in valid:
        raise ValueError(f"There is no period '{period}'. Valid periods: {', '.join(valid)}.")
    rows = timeline_rows()
    part = rows[rows["period"] == period]
    table = pd.DataFrame(
        {
            "Date": part["when"],
            "Event": part["event"],
            "Themes": part["theme_text"],
            "Chapter": part["chapter"].map(lambda c: chapter_slot(int(c))),
            "Note": part["note_text"],
        }
    )
    noun = "event" if len(part) == 1 else "events"
    show_html(html_table(table, caption=f"{period}: {len(part)} {noun}", markup=["Chapter"]))
