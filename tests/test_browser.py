"""The built book in Debian's Chromium with the network cut: charts render, controls respond,
no console errors, no request leaves localhost, and axe-core finds no serious accessibility issue."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from conftest import toc_files

pytestmark = pytest.mark.browser

CHAPTER = "book/ch2-decline-and-fall.html"


@dataclass
class Visit:
    """A page opened with every non-localhost request blocked and recorded."""

    page: object
    outside: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)


@pytest.fixture
def visit(browser: object, book_server: str) -> Iterator:
    contexts = []

    def open_page(path: str) -> Visit:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        record = Visit(page)

        def route(request_route: object) -> None:
            url = request_route.request.url
            host = urlsplit(url).hostname
            if url.startswith(("data:", "blob:")) or host in {"127.0.0.1", "localhost"}:
                request_route.continue_()
            else:
                record.outside.append(url)
                request_route.abort()

        page.route("**/*", route)
        page.on(
            "console",
            lambda msg: record.console_errors.append(msg.text) if msg.type == "error" else None,
        )
        page.on("pageerror", lambda error: record.console_errors.append(str(error)))
        page.goto(f"{book_server}/{path}", wait_until="load")
        # Charts draw synchronously while the page loads; give late scripts (search, theme) a beat.
        page.wait_for_timeout(400)
        return record

    yield open_page
    for context in contexts:
        context.close()


PAGES = [f"{doc}.html" for doc in toc_files()]


@pytest.mark.parametrize("path", PAGES)
def test_page_is_offline_clean_and_renders_every_chart(visit: object, path: str) -> None:
    record = visit(path)
    charts = record.page.locator(".plotly-graph-div")
    rendered = record.page.locator(".plotly-graph-div .main-svg")
    count = charts.count()
    assert record.page.evaluate(
        "() => Array.from(document.querySelectorAll('.plotly-graph-div')).every(d => d.querySelector('.main-svg'))"
    ), f"{path}: {count} chart(s), not all rendered ({rendered.count()} svg layers)"
    assert record.console_errors == [], f"{path}: console errors {record.console_errors}"
    assert record.outside == [], f"{path}: requests that tried to leave localhost {record.outside}"


@pytest.mark.parametrize("path", PAGES)
def test_no_serious_accessibility_violations(visit: object, path: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    record = visit(path)
    results = Axe().run(record.page)
    serious = [v for v in results.response["violations"] if v["impact"] in {"serious", "critical"}]
    report = "\n".join(f"{v['id']} ({v['impact']}): {v['help']} -- e.g. {v['nodes'][0]['target']}" for v in serious)
    assert not serious, f"{path}:\n{report}"


def test_chapter_dropdown_switches_the_chart(visit: object) -> None:
    record = visit(CHAPTER)
    page = record.page
    chart = page.locator(".js-plotly-plot:has(.updatemenu-container)").first
    chart_id = chart.get_attribute("id")
    read = (
        f"() => {{ const g = document.getElementById('{chart_id}'); "
        "return [g.data.map(t => t.visible !== false), g.layout.title.text]; }"
    )
    visible_before, title_before = page.evaluate(read)
    chart.locator(".updatemenu-header-group").click()
    chart.locator(".updatemenu-dropdown-button").nth(1).click()
    page.wait_for_timeout(300)
    visible_after, title_after = page.evaluate(read)
    assert visible_after != visible_before, "the dropdown did not change which series is shown"
    assert title_after != title_before, "the dropdown did not change the chart's title"
    assert record.console_errors == []


def test_self_check_gives_instant_feedback_without_a_kernel(visit: object) -> None:
    page = visit(CHAPTER).page
    question = page.locator("fieldset.cq").first
    right = question.locator(".cq-option:has(.cq-right)").first
    wrong = question.locator(".cq-option:has(.cq-wrong)").first
    assert not right.locator(".cq-fb").is_visible()
    wrong.locator("label").click()
    assert wrong.locator(".cq-fb").is_visible() and "Not quite" in wrong.locator(".cq-fb").inner_text()
    right.locator("label").click()
    assert right.locator(".cq-fb").is_visible() and "Right" in right.locator(".cq-fb").inner_text()
    assert not wrong.locator(".cq-fb").is_visible(), "feedback for the earlier choice should hide"


def test_chart_data_and_description_are_one_click_away(visit: object) -> None:
    page = visit(CHAPTER).page
    notes = page.locator(".chart-notes").first
    assert notes.locator(".chart-alt p").is_visible()
    table = notes.locator(".chart-data table")
    assert not table.is_visible()
    notes.locator(".chart-data summary").click()
    assert table.is_visible()
    href = notes.locator("a.chart-csv").get_attribute("href")
    assert href.startswith("data:text/csv") and "value" in href


def test_static_explorer_replaces_the_widget(visit: object) -> None:
    page = visit(CHAPTER).page
    explorer = page.locator(".static-explorer")
    assert explorer.count() == 1
    assert explorer.locator(".plotly-graph-div .main-svg").count() > 0
    assert page.locator(".jupyter-widgets, .widget-area").count() == 0


def test_chart_titles_fit_a_phone_screen(browser: object, book_server: str) -> None:
    """Plotly does not wrap titles; companion-charts.js re-wraps them to the chart's width."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.goto(f"{book_server}/{CHAPTER}", wait_until="load")
        page.wait_for_function(
            "() => Array.from(document.querySelectorAll('.companion-chart .js-plotly-plot'))"
            ".every(gd => gd._companionNarrow)"
        )
        page.wait_for_timeout(300)  # plotly redraws after the relayout promise
        overflowing = page.evaluate(
            """() => Array.from(document.querySelectorAll('.companion-chart .js-plotly-plot')).filter(gd => {
                const box = gd.getBoundingClientRect();
                return Array.from(gd.querySelectorAll('.gtitle, .g-gtitle text, .annotation-text, .legendtext'))
                    .some(t => t.getBoundingClientRect().right > box.right + 2);
            }).map(gd => gd.id)"""
        )
        assert overflowing == [], f"titles, legends or source lines run off a 390 px screen in {overflowing}"
    finally:
        context.close()
