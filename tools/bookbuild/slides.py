"""Slides for each seminar plan, to project in class: reveal.js decks built offline::

    python -m bookbuild.slides        # reads _build/instructor/html -> _build/slides (make slides)

A deck is made from two pages of the built instructor edition, so its text, computed figures and
charts are the book's own: the seminar plan (``instructor/seminar-chN``) and its chapter. Slides,
in the order of a class: the plan's aim; the chapter's reading-guide questions (the framing
questions); one slide per activity of the plan's 90 minutes, with what to project; every chart of
the chapter, interactive (the book's own plotly.js); the chapter's primary-source extract; its
discussion prompts, one a slide. What only the teacher should see goes into reveal.js's speaker
notes (press S): what to listen for, the plan's notes on the charts, the teaching notes on each
discussion question.

reveal.js comes from the npm registry, pinned by ``tools/slides/package-lock.json`` (``npm ci``
in ``make slides``), and is copied beside the decks, so a deck opens from a folder or a USB stick
with no network. The decks are instructor material, like the edition they are made from.
"""

from __future__ import annotations

import argparse
import copy
import html
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

from bs4 import BeautifulSoup, Tag

from bookbuild.structure import REPOSITORY, Book

INSTRUCTOR_HTML = REPOSITORY / "_build" / "instructor" / "html"
OUTPUT = REPOSITORY / "_build" / "slides"
REVEAL = REPOSITORY / "tools" / "slides" / "node_modules" / "reveal.js"
REVEAL_FILES = ("dist/reset.css", "dist/reveal.css", "dist/theme/white.css", "dist/reveal.js", "plugin/notes/notes.js")
SEMINAR = "instructor/seminar-ch"


class SlidesError(Exception):
    """Decks that cannot be made; the message says what to do."""


@dataclass
class Slide:
    """One slide: its heading, its HTML body, and the speaker notes only the teacher sees."""

    title: str
    body: str = ""
    notes: list[str] = field(default_factory=list)

    def html(self) -> str:
        notes = f'<aside class="notes">{"".join(self.notes)}</aside>' if self.notes else ""
        return f"<section><h2>{html.escape(self.title)}</h2>{self.body}{notes}</section>"


def _page(instructor_html: Path, docname: str) -> BeautifulSoup:
    path = instructor_html / f"{docname}.html"
    if not path.is_file():
        raise SlidesError(f"{path} is missing: run `make instructor` first.")
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _without_headerlinks(element: Tag) -> Tag:
    element = copy.copy(element)
    for link in element.select("a.headerlink"):
        link.decompose()
    return element


def _section(page: BeautifulSoup, section_id: str) -> Tag | None:
    return page.select_one(f"section#{section_id}")


def _items(section: Tag | None) -> list[Tag]:
    """The numbered items of a section's first list (reading guide, discussion questions)."""
    listing = section.find("ol") if section else None
    return listing.find_all("li", recursive=False) if listing else []


def _lead(item: Tag) -> str:
    """The bold lead of a list item (the question in brief), or its whole text."""
    strong = item.find("strong")
    return html.escape(" ".join((strong or item).get_text().split()))


def _plan_slides(plan: BeautifulSoup) -> list[Slide]:
    title = " ".join(plan.select_one("article h1").get_text().split()).rstrip("#")
    paragraphs = plan.select("article section > p")
    aim = next((str(p) for p in paragraphs if p.get_text().startswith("Aim.")), "")
    prep = [str(p) for p in paragraphs if p.get_text().startswith("Before the class, you")]
    slides = [Slide(title, aim, prep)]
    table = _section(plan, "the-90-minutes")
    for row in table.select("tbody tr") if table else []:
        minutes, activity, project, listen = row.find_all("td")
        lead = activity.find("strong")
        name = " ".join((lead or activity).get_text().split()).rstrip(".,")
        body = f'<p class="minutes">Minutes {html.escape(minutes.get_text().strip())}</p>{activity.decode_contents()}'
        body += f'<p class="project"><strong>On screen:</strong> {project.get_text().strip()}</p>'
        slides.append(Slide(name, body, [f"<p><strong>Listen for:</strong> {listen.decode_contents()}</p>"]))
    return slides


def _chart_slides(chapter: BeautifulSoup, plan: BeautifulSoup) -> list[Slide]:
    charts_notes = _section(plan, "the-charts-to-project-and-what-to-ask")
    notes = [str(item) for item in charts_notes.select("li")] if charts_notes else []
    slides = []
    for figure in chapter.select(".companion-chart"):
        output = figure.find_parent(class_="cell_output")
        chart_notes = output.select_one(".chart-notes") if output else None
        body = f'<div class="deck-chart">{figure}</div>'  # the chart carries its own source line
        described = chart_notes.select_one(".chart-alt p") if chart_notes else None
        slides.append(Slide(figure.get("aria-label", "Chart"), body, [str(described or ""), *notes]))
    return slides


def _source_slides(chapter: BeautifulSoup) -> list[Slide]:
    slides = []
    for box in chapter.select(".primary-source"):
        box = _without_headerlinks(box)
        title = box.select_one(".admonition-title")
        name = " ".join(title.get_text().split()) if title else "Primary source"
        if title:
            title.decompose()
        quotation = "".join(str(quote) for quote in box.find_all("blockquote"))
        slides.append(Slide(name, quotation or box.decode_contents(), [box.decode_contents()]))
    return slides


def _discussion_slides(chapter: BeautifulSoup) -> list[Slide]:
    section = _section(chapter, "discussion-questions")
    questions = _items(section)
    teaching = section.select_one(".admonition.instructor") if section else None
    answers = _items(teaching) if teaching else []
    slides = [Slide("Discussion", "<ol>" + "".join(f"<li>{_lead(q)}</li>" for q in questions) + "</ol>")]
    for number, question in enumerate(questions):
        notes = [answers[number].decode_contents()] if number < len(answers) else []
        slides.append(Slide(f"Discussion {number + 1}", question.decode_contents(), notes))
    return slides


def deck_slides(instructor_html: Path, number: int, chapter_doc: str) -> list[Slide]:
    """Every slide of one seminar's deck, in the order of the class."""
    plan = _page(instructor_html, f"{SEMINAR}{number}")
    chapter = _page(instructor_html, chapter_doc)
    framing = _items(_section(chapter, "reading-guide"))
    framing_slide = Slide(
        "Questions to read with",
        "<ol>" + "".join(f"<li>{_lead(item)}</li>" for item in framing) + "</ol>",
        ["".join(str(item) for item in framing)],
    )
    opening, *activities = _plan_slides(plan)
    charts, sources, prompts = _chart_slides(chapter, plan), _source_slides(chapter), _discussion_slides(chapter)
    return [opening, framing_slide, *activities, *charts, *sources, *prompts]


DECK = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="stylesheet" href="assets/reset.css">
<link rel="stylesheet" href="assets/reveal.css">
<link rel="stylesheet" href="assets/white.css">
<script src="assets/{plotly}"></script>
<style>
.reveal {{ font-size: 28px; }}
.reveal h2 {{ font-size: 1.4em; text-transform: none; }}
.reveal section {{ text-align: left; }}
.reveal .minutes {{ font-size: .6em; color: #555; }}
.reveal .deck-chart {{ width: 100%; }}
.reveal blockquote {{ width: 90%; font-size: .8em; }}
</style>
</head>
<body>
<div class="reveal"><div class="slides">
{slides}
</div></div>
<script src="assets/reveal.js"></script>
<script src="assets/notes.js"></script>
<script>
// The book queues each chart's drawing until its own scripts have loaded (bookbuild.sphinx.assets);
// plotly.js is already here, so draw every queued chart now.
(window.companionCharts || []).forEach(function (draw) {{ draw(); }});
window.companionCharts = {{ push: function (draw) {{ draw(); }} }};
Reveal.initialize({{ hash: true, plugins: [RevealNotes], width: 1280, height: 800, margin: 0.04 }});
// A chart drawn while its slide was hidden has no size: fit it when its slide is shown.
function fitCharts(event) {{
  event.currentSlide.querySelectorAll(".plotly-graph-div").forEach(function (chart) {{
    Plotly.Plots.resize(chart);
  }});
}}
Reveal.on("ready", fitCharts);
Reveal.on("slidechanged", fitCharts);
</script>
</body>
</html>
"""


def write_decks(instructor_html: Path = INSTRUCTOR_HTML, output: Path = OUTPUT, root: Path = REPOSITORY) -> list[Path]:
    """One deck per seminar plan in the instructor edition, and the files they load."""
    missing = [name for name in REVEAL_FILES if not (REVEAL / name).is_file()]
    if missing:
        raise SlidesError(f"reveal.js is not installed ({missing[0]}): run `make slides`, which runs npm ci.")
    plotly = sorted((instructor_html / "_static").glob("plotly-*.min.js"))
    if not plotly:
        raise SlidesError(f"No plotly.js in {instructor_html}/_static: run `make instructor` first.")
    assets = output / "assets"
    assets.mkdir(parents=True, exist_ok=True)
    for name in REVEAL_FILES:
        shutil.copyfile(REVEAL / name, assets / Path(name).name)
    shutil.copyfile(plotly[-1], assets / plotly[-1].name)
    decks = []
    book = Book.read(root, "instructor")
    for docname in book.documents:
        if not docname.startswith(SEMINAR):
            continue
        number = int(docname.removeprefix(SEMINAR))
        chapter_doc = next((doc for doc in book.documents if doc.startswith(f"book/ch{number}-")), None)
        if chapter_doc is None:
            raise SlidesError(f"{docname} has no chapter {number} in the table of contents.")
        slides = deck_slides(instructor_html, number, chapter_doc)
        deck = output / f"seminar-ch{number}.html"
        deck.write_text(
            DECK.format(
                title=html.escape(slides[0].title), slides="\n".join(s.html() for s in slides), plotly=plotly[-1].name
            ),
            encoding="utf-8",
        )
        decks.append(deck)
    if not decks:
        raise SlidesError(f"The instructor edition has no seminar plan ({SEMINAR}N).")
    return decks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bookbuild.slides", description=__doc__.split("\n\n")[0])
    parser.add_argument("--html", type=Path, default=INSTRUCTOR_HTML, help="the built instructor edition")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    try:
        decks = write_decks(args.html, args.output)
    except SlidesError as error:
        print(error, file=sys.stderr)
        return 1
    for deck in decks:
        print(f"  {deck.relative_to(args.output.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
