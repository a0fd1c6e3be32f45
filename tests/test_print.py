"""Printing a student page (the download menu's PDF is the browser's print) reveals no hint or
solution the reader did not open, and keeps charts and tables while leaving out the navigation.

Printed with headless Chromium's own --print-to-pdf, read back with pdftotext, as a reader's
"Save as PDF" would produce it.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from conftest import chromium_path, pdftotext_path

pytestmark = pytest.mark.browser

EXERCISES = "exercises/ch2-exercises.html"
CHAPTER = "book/ch2-decline-and-fall.html"
# Inside collapsed blocks of the exercise page: exercise 1's hints and the worked solutions.
HINT = "Divide the later value by the earlier one"
SOLUTION = "Model answer in brief"


def words(text: str) -> str:
    return " ".join(text.split())


def _tools() -> str:
    pdftotext_path()
    return chromium_path()


def pdf_text(pdf: Path) -> str:
    result = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    return words(result.stdout)


def printed(page: Path, tmp_path: Path) -> str:
    """The page printed by headless Chromium's --print-to-pdf, as text."""
    chromium = _tools()
    pdf = tmp_path / f"{page.stem}.pdf"
    command = [
        chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync",
        "--disable-background-networking", "--disable-component-update", f"--user-data-dir={tmp_path / 'profile'}",
        f"--print-to-pdf={pdf}", "--no-pdf-header-footer", page.as_uri(),
    ]  # fmt: skip
    subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    assert pdf.is_file(), f"Chromium printed nothing for {page.name}"
    return pdf_text(pdf)


def test_printing_keeps_hints_and_solutions_closed(built_book: Path, tmp_path: Path) -> None:
    page = built_book / EXERCISES
    html = words(page.read_text(encoding="utf-8"))
    assert HINT in html and SOLUTION in html, "the page no longer has the collapsed text this test looks for"
    text = printed(page, tmp_path)
    assert "For each phrase below" in text, "the exercise itself did not print"
    assert "Hints" in text and "Solution to Exercise" in text, "a reader should see that hints and solutions exist"
    assert HINT not in text, "printing revealed a hint nobody opened"
    assert SOLUTION not in text, "printing revealed a worked solution nobody opened"


def test_printing_a_chapter_keeps_charts_and_tables_and_drops_the_navigation(built_book: Path, tmp_path: Path) -> None:
    text = printed(built_book / CHAPTER, tmp_path)
    assert "Petrograd lost" in text, "a chart's title did not print"
    assert "Python or any coding" in text, "a table did not print"
    assert "Exercises and seminar assignments" not in text, "the navigation sidebar printed"
    assert "Skip to main content" not in text
    assert "All three describe the same change" not in text, "a self-check printed its feedback unanswered"


def test_a_hint_the_reader_opened_is_printed(browser: object, book_server: str, tmp_path: Path) -> None:
    _tools()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{book_server}/{EXERCISES}", wait_until="load")
    page.locator(".admonition.dropdown .admonition-title", has_text="Hints").first.click()
    page.wait_for_timeout(400)
    pdf = tmp_path / "opened.pdf"
    page.pdf(path=str(pdf))
    context.close()
    text = pdf_text(pdf)
    assert HINT in text, "a hint the reader opened did not print"
    assert SOLUTION not in text, "opening a hint revealed a solution too"
