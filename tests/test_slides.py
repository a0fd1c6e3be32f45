"""The seminar decks (make slides) open offline in Chromium and every slide renders: shown on the
screen with its text, each chart on it drawn by the local plotly.js at the slide's width, speaker
notes where the teacher needs them, and not one request beyond the deck's own folder."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from bookbuild import structure
from conftest import ROOT, once

DECKS = ROOT / "_build" / "slides"


def _make_slides(_: Path) -> None:
    result = subprocess.run(["make", "-s", "slides"], cwd=ROOT, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        log = "\n".join((result.stdout + result.stderr).splitlines()[-40:])
        pytest.fail(f"make slides failed:\n{log}", pytrace=False)


@pytest.fixture(scope="session")
def slide_decks(instructor_book: Path, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """``make slides``: one deck per seminar plan (npm ci installs the pinned reveal.js first)."""
    once(tmp_path_factory, "slide_decks", _make_slides, builds=True)
    return sorted(DECKS.glob("seminar-ch*.html"))


def test_there_is_a_deck_for_every_seminar_plan(slide_decks: list[Path]) -> None:
    plans = [doc for doc in structure.Book.read(ROOT, "instructor").documents if doc.startswith("instructor/seminar")]
    assert [deck.stem for deck in slide_decks] == [Path(plan).name for plan in plans]


def test_every_slide_of_every_deck_renders_offline(slide_decks: list[Path], browser: object) -> None:
    sources = 0
    for deck in slide_decks:
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        page = context.new_page()
        errors: list[str] = []
        outside: list[str] = []
        page.on("pageerror", lambda error, errors=errors: errors.append(str(error)))
        page.route(
            "**/*",
            lambda route, outside=outside: (
                route.continue_() if route.request.url.startswith(("file:", "data:")) else
                (outside.append(route.request.url), route.abort())
            ),
        )  # fmt: skip
        page.goto(deck.as_uri(), wait_until="load")
        page.wait_for_function("() => window.Reveal && Reveal.isReady()")
        total = page.evaluate("Reveal.getTotalSlides()")
        kinds = {"chart": 0, "notes": 0}
        for index in range(total):
            page.evaluate(f"Reveal.slide({index})")
            page.wait_for_timeout(150)
            slide = page.evaluate(
                """() => {
                  const slide = Reveal.getCurrentSlide(), box = slide.getBoundingClientRect();
                  const charts = Array.from(slide.querySelectorAll('.plotly-graph-div'));
                  return {
                    title: (slide.querySelector('h2') || {}).textContent || '',
                    visible: box.width > 600 && box.height > 100 && getComputedStyle(slide).display !== 'none',
                    text: slide.innerText.trim().length,
                    charts: charts.map((c) => (c.querySelector('.main-svg') || {getBoundingClientRect: () => ({})})
                      .getBoundingClientRect().width || 0),
                    notes: !!slide.querySelector('aside.notes'),
                  };
                }"""
            )
            where = f"{deck.name}, slide {index + 1} ({slide['title']!r})"
            assert slide["visible"], f"{where} is not shown"
            assert slide["title"] and slide["text"] > 20, f"{where} is empty"
            assert all(width > 600 for width in slide["charts"]), f"{where}: a chart is not drawn at slide width"
            kinds["chart"] += bool(slide["charts"])
            kinds["notes"] += slide["notes"]
        assert errors == [], f"{deck.name}: script errors {errors}"
        assert outside == [], f"{deck.name} asked for something outside its folder: {outside}"
        assert kinds["chart"] >= 1, f"{deck.name} has no chart"
        assert kinds["notes"] >= total // 2, f"{deck.name}: most slides should carry speaker notes"
        text = page.evaluate("document.querySelector('.slides').textContent")
        assert "Discussion" in text, f"{deck.name} has no discussion prompts"
        sources += "Primary source" in text
        context.close()
    assert sources >= len(slide_decks) - 1, "the primary-source extracts are missing (chapter 1 has none)"
