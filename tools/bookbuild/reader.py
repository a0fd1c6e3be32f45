"""The course reader: one edition of the whole book as one A4 PDF, for reading offline or on paper::

    python -m bookbuild.reader                  # both editions -> _build/reader/*.pdf
    python -m bookbuild.reader student          # the student reader alone

Each edition is built as a single page (Sphinx's ``singlehtml`` builder, with the same -W checks
as the web book), so every cross-reference becomes a link inside the one document and survives in
the PDF as an internal link. Debian's Chromium opens that page, lets the local plotly.js draw every
chart, and replaces each chart by a static PNG of itself (``Plotly.toImage``, in the browser, with
no extra export tool) whose ``alt`` is the chart's own text description, which stays printed below
it. Links to files beside the page (a chart's CSV) become text, since a PDF cannot follow them.
Then it prints to A4 with the book's print stylesheet: in the student reader hints and solutions
stay closed, as when a reader prints a page; the instructor reader opens them.

The instructor reader carries model answers and marking guides: never hand it to students.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from bookbuild.browser import FLAGS, MISSING, chromium
from bookbuild.build import build
from bookbuild.editions import EDITIONS, INSTRUCTOR, STUDENT
from bookbuild.structure import REPOSITORY, Book

READER = Path("_build") / "reader"
PDF_NAME = "workers-state-workers-lives-{edition}.pdf"
CHART_TIMEOUT_MS = 120_000

# Every chart, once plotly has drawn it, becomes an <img> of itself; its text description (the
# element aria-describedby names) becomes the image's alt text.
CHARTS_TO_IMAGES = """async () => {
  const charts = Array.from(document.querySelectorAll(".companion-chart .plotly-graph-div"));
  for (const chart of charts) {
    const figure = chart.closest(".companion-chart");
    const description = document.getElementById(figure.getAttribute("aria-describedby") || "");
    const width = chart.offsetWidth || 620, height = chart.offsetHeight || 440;
    const png = await Plotly.toImage(chart, {format: "png", width: width, height: height, scale: 2});
    const image = document.createElement("img");
    image.src = png;
    image.className = "reader-chart";
    image.alt = description ? description.textContent.trim() : figure.getAttribute("aria-label");
    image.style.width = "100%";
    chart.parentElement.replaceWith(image);
  }
  return charts.length;
}"""

# A link to a file beside the page (a CSV, a notebook) leads nowhere from a PDF: it prints as text.
UNLINK_LOCAL_FILES = """() => {
  document.querySelectorAll("a[href]").forEach((link) => {
    if (link.protocol === "file:" && !link.getAttribute("href").startsWith("#")) {
      link.replaceWith(...link.childNodes);
    }
  });
}"""

# The instructor reader prints worked solutions and hints open (print.css prints closed ones shut).
OPEN_EVERYTHING = """() => {
  document.querySelectorAll("details").forEach((block) => { block.open = true; });
  document.querySelectorAll(".admonition.dropdown").forEach((block) => {
    block.classList.remove("toggle-hidden", "dropdown");
  });
}"""


class ReaderError(Exception):
    """A reader that cannot be made; the message says what to do."""


def single_page(edition: str, root: Path = REPOSITORY) -> Path:
    """The whole edition as one HTML page (built with -W); returns its path.

    ``singlehtml`` writes the page under the root document's name (``book/index.html``) but links
    its assets, and every cross-reference, from the output folder, where sphinx-external-toc has
    left a redirect in ``index.html``. The page goes there instead, its cross-references made
    links within itself, which is what lets the PDF keep them as internal links."""
    output = root / READER / edition / "html"  # its doctrees beside it, one set per edition
    if build(edition, root, builder="singlehtml", output=output) != 0:
        raise ReaderError(f"The single-page {edition} edition did not build cleanly (see the warnings above).")
    root_page = f"{Book.read(root, edition).documents[0]}.html"
    text = (output / root_page).read_text(encoding="utf-8").replace(f'href="{root_page}#', 'href="#')
    page = output / "index.html"
    page.write_text(text, encoding="utf-8")
    return page


def print_reader(page: Path, pdf: Path, edition: str) -> int:
    """Print the single page to an A4 PDF with Chromium; returns the number of charts drawn."""
    path = chromium()
    if path is None:
        raise ReaderError(f"No Chromium to print the reader: {MISSING}.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=list(FLAGS))
        try:
            view = browser.new_page(viewport={"width": 900, "height": 1200})
            view.route("**/*", _only_local)
            view.goto(page.resolve().as_uri(), wait_until="load")
            view.wait_for_function(
                "() => Array.from(document.querySelectorAll('.plotly-graph-div'))"
                ".every((chart) => chart.querySelector('.main-svg'))",
                timeout=CHART_TIMEOUT_MS,
            )
            charts = view.evaluate(CHARTS_TO_IMAGES)
            view.evaluate(UNLINK_LOCAL_FILES)
            if edition == INSTRUCTOR:
                view.evaluate(OPEN_EVERYTHING)
            view.emulate_media(media="print")
            pdf.parent.mkdir(parents=True, exist_ok=True)
            view.pdf(path=str(pdf), format="A4", print_background=True, outline=True, tagged=True,
                     margin={"top": "18mm", "bottom": "18mm", "left": "16mm", "right": "16mm"})  # fmt: skip
        finally:
            browser.close()
    return charts


def _only_local(route: object) -> None:
    """The reader is made offline: anything but the book's own files is refused."""
    url = route.request.url  # type: ignore[attr-defined]
    route.continue_() if url.startswith(("file:", "data:")) else route.abort()  # type: ignore[attr-defined]


def make_reader(edition: str, root: Path = REPOSITORY) -> Path:
    """The PDF reader of one edition; returns its path."""
    pdf = root / READER / PDF_NAME.format(edition=edition)
    started = time.perf_counter()
    page = single_page(edition, root)
    charts = print_reader(page, pdf, edition)
    print(f"{pdf.relative_to(root)}: {charts} charts, {pdf.stat().st_size / 1e6:.1f} MB, "
          f"{time.perf_counter() - started:.0f} s")  # fmt: skip
    return pdf


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bookbuild.reader", description=__doc__.split("\n\n")[0])
    parser.add_argument("editions", nargs="*", help=f"any of {', '.join(EDITIONS)} (default: both)")
    parser.add_argument("--root", type=Path, default=REPOSITORY, help="the book's sources (default: this clone)")
    args = parser.parse_args(argv)
    if unknown := [edition for edition in args.editions if edition not in EDITIONS]:
        parser.error(f"unknown edition {unknown[0]!r}: choose from {', '.join(EDITIONS)}")
    try:
        for edition in args.editions or [STUDENT, INSTRUCTOR]:
            make_reader(edition, args.root.resolve())
    except ReaderError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
