"""The book's Reference part: timeline, glossary, people and works, catalogue, essay in numbers.

Each reference page is a notebook whose cells call one function from here, so the page's prose
stays readable and every table is drawn from ``data/`` at build time rather than typed in. Tables
are written by :func:`companion.tables.html_table` (escaped cells, links only where this module
builds them, cards on a phone).
"""

from __future__ import annotations

import hashlib
import html
import re
import textwrap
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
from IPython.display import HTML, display

from companion import style
from companion.charts import Chart, dropdown, format_value, show
from companion.data import (
    ESSAY_SOURCE,
    NO_NOTE_CALL,
    data_dir,
    load,
    note_position,
    notes_label,
    package,
    period_label,
    resource,
)
from companion.slots import chapter_slot, uses_count_slot, uses_links_slot
from companion.tables import html_table, spaced

ESSAY_SHORT = "Smith, 'The life of the Soviet worker' (2016)"

# The essay's five parts, which are also the book's chapters (see the data package's 'chapter').
CHAPTER_TITLES = {
    1: "Introduction – the paradox of the workers' state",
    2: "The decline and fall of the working class, 1917–53",
    3: "A heyday of mixed comforts, 1953–91",
    4: "Cultures of working-class life",
    5: "The moral economy of the Soviet worker",
}

# -- shared helpers -------------------------------------------------------------------------------


def split_cell(cell: object) -> list[str]:
    """A ';'-joined cell (chapters, notes, themes) as a list; an empty cell as an empty list."""
    if not isinstance(cell, str) or not cell:
        return []
    return [part.strip() for part in cell.split(";") if part.strip()]


def _cite(notes: list[int], remark: object) -> str:
    position = note_position(notes, remark)
    return position if position == NO_NOTE_CALL else f"Smith, {position}"


def note_ref(note: object, remark: object = "") -> str:
    """'Smith, n. 4', 'Smith, after the n. 31 call' (from the row's remark), or 'no note call'."""
    return _cite([] if note is None or pd.isna(note) else [int(note)], remark)


def notes_ref(cell: object, remark: object = "") -> str:
    """'Smith, nn. 6, 11' for a ';'-joined notes cell; a position or 'no note call' when it is empty."""
    return _cite([int(n) for n in split_cell(cell)], remark)


def chapters_html(cell: object) -> str:
    """Chapter numbers from a ';'-joined cell, each linked to its page by the book."""
    return ", ".join(chapter_slot(int(c)) for c in split_cell(cell))


def show_html(markup: str) -> None:
    """Display HTML in the notebook and the book alike, spaced so that search keeps words apart."""
    display(HTML(spaced(markup)))


# -- timeline -------------------------------------------------------------------------------------

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


# -- glossary -------------------------------------------------------------------------------------


def slug(text: str) -> str:
    """Lower-case ASCII words joined by hyphens: "kul'turnost'" -> 'kulturnost'."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    plain = re.sub(r"['’]", "", plain.lower())
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")


def term_anchor(term: str) -> str:
    """The glossary's anchor for a term, e.g. 'term-nep', so chapters can link to
    ``reference/glossary.html#term-nep``."""
    return f"term-{slug(term)}"


def _where_used(row: pd.Series) -> str:
    chapters = split_cell(row["chapters"])
    noun = "Chapter" if len(chapters) == 1 else "Chapters"
    return f"{noun} {chapters_html(row['chapters'])}; {html.escape(notes_ref(row['notes'], row['remark']))}."


def glossary_html() -> str:
    """Every term, alphabetically, as a definition list with an anchor per term and a
    letter index above it."""
    terms = load("glossary")
    terms = terms.assign(key=terms["term"].map(slug)).sort_values("key", kind="stable")
    letters: dict[str, str] = {}
    items = []
    for _, row in terms.iterrows():
        anchor = term_anchor(row["term"])
        letters.setdefault(row["key"][0].upper(), anchor)
        original = ""
        if isinstance(row["original"], str) and row["original"]:
            original = (
                f' <span class="glossary-original">(Russian: <i lang="ru-Latn">'
                f"{html.escape(row['original'])}</i>)</span>"
            )
        items.append(
            f'<dt id="{anchor}"><dfn>{html.escape(row["term"])}</dfn>{original}</dt>'
            f"<dd><p>{html.escape(row['definition'])}</p>"
            f'<p class="glossary-where"><em>Where used:</em> {_where_used(row)}</p></dd>'
        )
    index = " ".join(f'<a href="#{a}">{html.escape(letter)}</a>' for letter, a in letters.items())
    return (
        f'<nav class="glossary-letters" aria-label="Glossary by first letter">'
        f"<p>Jump to: {index}</p></nav>"
        f'<dl class="ref-glossary">{"".join(items)}</dl>'
    )


def show_glossary() -> None:
    """Display the glossary."""
    show_html(glossary_html())


# -- people and works -----------------------------------------------------------------------------

PEOPLE_KINDS = {
    "historian": "Historians",
    "political-leader": "Political leaders",
    "worker": "Workers",
    "writer-or-artist": "Writers, artists and film-makers",
    "witness": "Witnesses",
    "official": "Officials",
}

_TITLED_KINDS = {"film", "painting", "book"}  # titles set in italics


def _people_table(frame: pd.DataFrame, caption: str, use_heading: str) -> str:
    table = pd.DataFrame(
        {
            "Name": frame["name"],
            use_heading: frame["essay_use"],
            "Chapters": frame["chapters"].map(chapters_html),
            "Notes": [notes_ref(n, r) for n, r in zip(frame["notes"], frame["remark"], strict=True)],
        }
    )
    return html_table(table, caption=caption, markup=["Chapters"])


def show_historians() -> None:
    """The historians the essay names, with the argument it attributes to each."""
    people = load("people")
    part = people[people["kind"] == "historian"]
    show_html(_people_table(part, f"Historians the essay names ({len(part)})", "The argument the essay attributes"))


def show_other_people() -> None:
    """Everyone else the essay names, one table per kind (a kind with no one is left out)."""
    people = load("people")
    kinds = [k for k in PEOPLE_KINDS if k != "historian"]
    kinds += sorted(set(people["kind"]) - set(PEOPLE_KINDS))
    parts = []
    for kind in kinds:
        part = people[people["kind"] == kind]
        if part.empty:
            continue
        heading = PEOPLE_KINDS.get(kind, kind.replace("-", " ").capitalize())
        parts.append(
            f'<h3 id="people-{kind}">{html.escape(heading)}</h3>'
            + _people_table(part, f"{heading} ({len(part)})", "How the essay uses them")
        )
    show_html("".join(parts))


def _work_title(row: pd.Series) -> str:
    title = html.escape(row["title"])
    return f"<i>{title}</i>" if row["kind"] in _TITLED_KINDS else title


def show_works() -> None:
    """The works the essay draws on, oldest first (undated last)."""
    works = load("works").sort_values(["year", "title"], na_position="last", kind="stable")
    original = works["original_title"].map(
        lambda t: f'<i lang="ru-Latn">{html.escape(t)}</i>' if isinstance(t, str) and t else ""
    )
    table = pd.DataFrame(
        {
            "Title": [_work_title(r) for _, r in works.iterrows()],
            "Original title": original,
            "Kind": works["kind"],
            "Creator": works["creator"],
            "Year": works["year"],
            "How the essay uses it": works["essay_use"],
            "Notes": works["notes"].map(notes_ref),
        }
    )
    show_html(
        html_table(
            table,
            caption=f"Works the essay uses ({len(works)})",
            markup=["Title", "Original title"],
        )
    )


# -- data catalogue -------------------------------------------------------------------------------

ROLES = {
    "essay": "essay – the essay's own figures, each filed under its note",
    "context": "context – figures from other publications, to set beside the essay's",
    "reference": "reference – the companion's own tables, written from the essay",
}

PROCESSING = {
    "essay": "Transcribed by hand from the essay (see the note numbers).",
    "context": "Copied as read from the source named in each row.",
    "reference": "Written in the companion's own words from the essay.",
}
# The sources table describes publications rather than the essay, so it gets its own line.
PROCESSING_BY_NAME = {
    "sources": "Compiled by the companion: one row per publication a row of the package "
    "comes from, with where it was read and how far to trust it.",
}

YEAR_FIELDS = ("year", "start_year", "end_year")
DATA_HREF = "../../data"  # the copy of data/ in the built book, seen from book/reference/


def sha256(path: Path) -> str:
    """The file's SHA-256, computed when the page is built, so a reader can check a download."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def coverage(frame: pd.DataFrame) -> str:
    """Row count and, where the table has year columns, the years it spans."""
    text = f"{len(frame)} rows"
    columns = [frame[c].dropna() for c in YEAR_FIELDS if c in frame.columns]
    years = pd.concat(columns, ignore_index=True) if columns else pd.Series(dtype="Int64")
    if not years.empty:
        text += f"; years {int(years.min())}–{int(years.max())}"
    return text


def _size(path: Path) -> str:
    size = path.stat().st_size
    return f"{size / 1024:.1f} KB" if size >= 1024 else f"{size} bytes"


def _sources_html(name: str, frame: pd.DataFrame) -> str:
    """The full citation of every source behind the rows, with where it was read."""
    if name == "sources":
        return "Not applicable: this table lists the sources of the other tables."
    table = load("sources").set_index("source_id")
    ids = list(frame.attrs.get("sources", {})) or [ESSAY_SOURCE]
    items = []
    for sid in ids:
        src = table.loc[sid]
        items.append(
            f'<li>{html.escape(src["citation"])} <span class="source-read">'
            f"(read: {html.escape(src['where_read'])}; reliability: "
            f"{html.escape(src['reliability'])})</span></li>"
        )
    return f"<ul>{''.join(items)}</ul>"


def _licence_html(res: dict) -> str:
    licences = res.get("licenses") or package().get("licenses", [])
    parts = []
    for lic in licences:
        label = html.escape(lic.get("title") or lic.get("name", ""))
        if lic.get("path"):
            label = f'<a href="{html.escape(lic["path"])}">{label}</a>'
        parts.append(f"{label} ({html.escape(lic.get('name', ''))})")
    return "; ".join(parts) or "not stated"


def schema_table(res: dict) -> pd.DataFrame:
    """The schema as a reader-facing table: field, type, whether required, description."""
    return pd.DataFrame(
        [
            {
                "Field": f["name"],
                "Type": f.get("type", "string"),
                "Required": "yes" if f.get("constraints", {}).get("required") else "no",
                "Description": f.get("description", ""),
            }
            for f in res["schema"]["fields"]
        ]
    )


def card_html(name: str, level: int = 3) -> str:
    """One dataset's card: what it is, where it comes from, its checksum, schema, first rows
    and a link to the CSV in the built book. ``level`` is the card's heading level: the
    catalogue page puts the cards under its own "The datasets" heading (h2), so they are h3."""
    res = resource(name)
    frame = load(name)
    path = data_dir() / res["path"]
    role = res.get("role", "")
    units = ", ".join(frame.attrs.get("units", [])) or "no unit column"
    process = PROCESSING_BY_NAME.get(name) or PROCESSING.get(role, "Not recorded.")
    href = f"{DATA_HREF}/{res['path']}"
    facts = [
        ("Name", f"<code>{html.escape(name)}</code>"),
        ("Role", html.escape(ROLES.get(role, role or "not stated"))),
        ("What it measures", html.escape(res.get("description", ""))),
        ("Sources", _sources_html(name, frame)),
        ("Licence", _licence_html(res)),
        ("Units", html.escape(units)),
        ("Coverage", html.escape(coverage(frame))),
        ("Caveats", html.escape(res.get("caveats", "none recorded"))),
        ("How the rows were made", html.escape(process)),
        ("SHA-256 checksum", f"<code>{sha256(path)}</code>"),
        (
            "Download",
            f'<a href="{html.escape(href)}">Download {html.escape(res["path"])}</a> (CSV, {_size(path)})',
        ),
    ]
    # A reader scans the catalogue: what a dataset measures, its span and the download show at
    # once; the rest of the card (sources, caveats, checksum, schema, first rows) opens on demand.
    glance = {"What it measures", "Coverage", "Download"}
    facts_html = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in facts if k in glance)
    more_html = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in facts if k not in glance)
    heading_id = f"dataset-{slug(name)}"
    title = res.get("title", name)
    return (
        f'<section class="data-card" aria-labelledby="{heading_id}">'
        f'<h{level} id="{heading_id}">{html.escape(title)}</h{level}>'
        f'<dl class="data-card-facts">{facts_html}</dl>'
        f'<details class="data-card-more"><summary>Sources, caveats, schema and first rows</summary>'
        f'<dl class="data-card-facts">{more_html}</dl>'
        f"<h{level + 1}>Schema of {html.escape(name)}</h{level + 1}>"
        + html_table(schema_table(res), caption=f"Fields of {res['path']}")
        + f"<h{level + 1}>First rows of {html.escape(name)}</h{level + 1}>"
        + html_table(frame.head(5), caption=f"The first five rows of {res['path']}", wide=True)
        + "</details></section>"
    )


def catalogue_contents() -> str:
    """A list of the datasets, in package order, linking to their cards."""
    items = "".join(
        f'<li><a href="#dataset-{slug(r["name"])}">{html.escape(r.get("title", r["name"]))}</a> '
        f"(<code>{html.escape(r['name'])}</code>, {html.escape(r.get('role', ''))})</li>"
        for r in package()["resources"]
    )
    return f'<nav aria-label="Datasets in this package"><ol>{items}</ol></nav>'


def show_catalogue() -> None:
    """The list of datasets, then one card per dataset in the package's order."""
    show_html(catalogue_contents())
    for res in package()["resources"]:
        show_html(card_html(res["name"]))


# -- the essay in numbers -------------------------------------------------------------------------


def _value(row: pd.Series) -> str:
    value = format_value(row["value"], row["unit"])
    qualifier = row["qualifier"]
    return f"{qualifier} {value}" if isinstance(qualifier, str) and qualifier else value


def _remark(row: pd.Series) -> str:
    remark = row["remark"] if isinstance(row["remark"], str) else ""
    who = row["attributed_to"]
    if isinstance(who, str) and who:
        remark = f"{remark} Credited in the essay's text to: {who}.".strip()
    return remark


def figures_summary() -> None:
    """How many figures each chapter states, how many notes they sit under, how many are
    charted on a chapter or exercise page so far -- all counted, none typed (the book counts the
    uses when it writes the page, see :mod:`companion.slots`)."""
    figures = load("essay_figures")
    rows = []
    for chapter, title in CHAPTER_TITLES.items():
        part = figures[figures["chapter"] == chapter]
        notes = [int(n) for n in part["note"].dropna()]
        rows.append(
            {
                "Chapter": chapter_slot(chapter),
                "Title": title,
                "Figures": len(part),
                "Notes they sit under": notes_label(notes) or "none",
                "Without a note call": int(part["note"].isna().sum()),
                "Charted in the book so far": uses_count_slot(list(part["measure"])),
            }
        )
    table = pd.DataFrame(rows)
    sentence = (
        f"<p>The essay states {len(figures)} figures in all, under {figures['note'].nunique()} of its notes; "
        f"{uses_count_slot(list(figures['measure']))} of them belong to a measure that a chapter or exercise "
        "page already uses.</p>"
    )
    show_html(
        sentence + html_table(table, caption="Figures per chapter", markup=["Chapter", "Charted in the book so far"])
    )


def figures_table(chapter: int) -> None:
    """Every figure one chapter states, in the essay's order, with the pages that use it."""
    if chapter not in CHAPTER_TITLES:
        raise ValueError(f"There is no chapter {chapter}; chapters run 1 to {len(CHAPTER_TITLES)}.")
    figures = load("essay_figures")
    part = figures[figures["chapter"] == chapter]
    table = pd.DataFrame(
        {
            "As stated": part["as_stated"],
            "Value": [_value(r) for _, r in part.iterrows()],
            "Unit": part["unit"],
            "Period": [period_label(a, b) for a, b in zip(part["start_year"], part["end_year"], strict=True)],
            "Note": [note_ref(n, r) for n, r in zip(part["note"], part["remark"], strict=True)],
            "Remark": [_remark(r) for _, r in part.iterrows()],
            "Used in": part["measure"].map(uses_links_slot),
        }
    )
    caption = f"Chapter {chapter}, {CHAPTER_TITLES[chapter]}: {len(part)} figures"
    show_html(html_table(table, caption=caption, markup=["Used in"]))
