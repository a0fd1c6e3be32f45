"""The course readers (make reader), read back as a reader would meet them: A4 pages, the whole
book in order, charts as images whose text descriptions are printed, links that stay inside the
PDF; the student reader keeps hints and solutions closed and carries no instructor material, the
instructor reader carries all of it.

One run of ``python -m bookbuild.reader`` a session (two single-page builds and two prints); read
back with poppler-utils (pdftotext, pdfinfo)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from bookbuild import structure
from bookbuild.reader import PDF_NAME, READER
from conftest import ROOT, chromium_path, notebook_sources, once, pdftotext_path
from sentinels import SENTINELS

HINT = "Divide the later value by the earlier one"  # inside exercise 1's collapsed hints (ch2 exercises)
SOLUTION = "Model answer in brief"  # inside a collapsed worked solution
CHART_DESCRIPTION = "Bar chart of the population of Petrograd"  # the first chart's text alternative


def _make_reader(_: Path) -> None:
    chromium_path()
    pdftotext_path()
    result = subprocess.run([sys.executable, "-m", "bookbuild.reader"], cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        log = "\n".join((result.stdout + result.stderr).splitlines()[-40:])
        pytest.fail(f"make reader failed:\n{log}", pytrace=False)


@pytest.fixture(scope="session")
def course_readers(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """``make reader``: both editions printed, as {edition: pdf}."""
    once(tmp_path_factory, "course_readers", _make_reader, builds=True)
    return {edition: ROOT / READER / PDF_NAME.format(edition=edition) for edition in ("student", "instructor")}


def text_of(pdf: Path) -> str:
    result = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    return " ".join(result.stdout.replace("\u2019", "'").split())


def info(pdf: Path) -> str:
    return subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("edition", ["student", "instructor"])
def test_a_reader_is_the_whole_book_on_a4_with_internal_links(course_readers: dict[str, Path], edition: str) -> None:
    pdf = course_readers[edition]
    assert "(A4)" in info(pdf), "the reader is not printed on A4"
    text = text_of(pdf)
    titles = [structure.page_title(source).replace("\u2019", "'") for source in notebook_sources()]
    place = 0
    for title in titles:  # each page after the one before it (a title may also be mentioned earlier)
        place = text.find(" ".join(title.split()), place)
        assert place != -1, f"{title!r} is missing, or out of the book's order"
    assert CHART_DESCRIPTION in text, "a chart's text alternative did not print"
    raw = pdf.read_bytes()
    assert len(re.findall(rb"/Dest\b", raw)) > 100, "cross-references did not become links inside the PDF"
    assert b"/URI (file:" not in raw, "a link points at a file on the machine the reader was printed on"
    assert rb"/Subtype /Image" in raw, "charts were not printed as images"


def test_the_student_reader_keeps_solutions_closed_and_instructor_material_out(
    course_readers: dict[str, Path],
) -> None:
    text = text_of(course_readers["student"])
    assert "For each phrase below" in text and "Solution to Exercise" in text, "the exercises did not print"
    assert HINT not in text, "the student reader revealed a hint"
    assert SOLUTION not in text, "the student reader revealed a worked solution"
    leaked = [sentinel.text for sentinel in SENTINELS if sentinel.text in text]
    assert leaked == [], f"instructor material in the student reader: {leaked}"


def test_the_instructor_reader_has_the_instructor_material_and_opens_solutions(
    course_readers: dict[str, Path],
) -> None:
    text = text_of(course_readers["instructor"])
    missing = [sentinel.text for sentinel in SENTINELS if sentinel.text not in text]
    assert missing == [], f"instructor material missing from the instructor reader: {missing}"
    assert SOLUTION in text, "the instructor reader should print worked solutions open"
    assert "Seminar plan: chapter 2" in text
