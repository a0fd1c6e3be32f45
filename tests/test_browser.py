"""The built book in Debian's Chromium with the network cut: charts render, controls respond,
no console errors, no request leaves localhost, and axe-core finds no serious accessibility issue."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from conftest import toc_files

pytestmark = pytest.mark.browser

CHAPTER = "book/ch2-decline-and-fall.html"


# The page is ready once it has loaded and, on a page with charts, companion-charts.js has drawn
# and fitted every chart (it marks <html data-companion-charts="ready">).
READY = """() => document.readyState === 'complete' && (!document.querySelector('.plotly-graph-div')
    || document.documentElement.dataset.companionCharts === 'ready')"""
CHART_PAGE_BUDGET_KB = 600
TEXT_PAGE_BUDGET_KB = 250


@dataclass
class Visit:
    """A page opened with every non-localhost request blocked and recorded, once it is ready."""

    page: object
    outside: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    transferred: int = 0


def _open(context: object, url: str) -> Visit:
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

    def weigh(request: object) -> None:
        sizes = request.sizes()
        record.transferred += sizes["responseBodySize"] + sizes["responseHeadersSize"]

    page.route("**/*", route)
    page.on("console", lambda msg: record.console_errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda error: record.console_errors.append(str(error)))
    page.on("requestfinished", weigh)
    page.goto(url, wait_until="networkidle")
    page.wait_for_function(READY)
    return record


@pytest.fixture
def visit(browser: object, book_server: str) -> Iterator:
    contexts = []

    def open_page(path: str) -> Visit:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        contexts.append(context)
        return _open(context, f"{book_server}/{path}")

    yield open_page
    for context in contexts:
        context.close()


PAGES = [f"{doc}.html" for doc in toc_files()]


@dataclass
class PageReport:
    """What one visit to a page found: everything the per-page tests below judge."""

    charts: int
    unrendered: list[str]
    unknown_traces: list[str]
    console_errors: list[str]
    outside: list[str]
    serious_axe: list[str]
    transferred_kb: float


REPORT = """() => {
    const charts = Array.from(document.querySelectorAll('.plotly-graph-div'));
    const known = charts.length ? Object.keys(Plotly.PlotSchema.get().traces) : [];
    return {
        charts: charts.length,
        unrendered: charts.filter(d => !d.querySelector('.main-svg')).map(d => d.id),
        unknown: charts.flatMap(gd => gd.data.map(t => t.type || 'scatter')).filter(t => !known.includes(t)),
    };
}"""


@pytest.fixture(scope="module")
def page_reports(browser: object, book_server: str) -> Iterator:
    """Each page visited once, on first request, in a fresh context (a cold cache): its charts,
    console, outside requests, axe-core's serious findings and the bytes it transferred."""
    from axe_playwright_python.sync_playwright import Axe

    reports: dict[str, PageReport] = {}

    def report(path: str) -> PageReport:
        if path not in reports:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            try:
                record = _open(context, f"{book_server}/{path}")
                found = record.page.evaluate(REPORT)
                # Judged as the page left them: axe-core fetches stylesheets again itself (and
                # resolves @import against the page, a 404 that is axe's own).
                errors, outside, weight = list(record.console_errors), list(record.outside), record.transferred
                violations = Axe().run(record.page).response["violations"]
                serious = [
                    f"{v['id']} ({v['impact']}): {v['help']} -- e.g. {v['nodes'][0]['target']}"
                    for v in violations
                    if v["impact"] in {"serious", "critical"}
                ]
                reports[path] = PageReport(
                    found["charts"], found["unrendered"], found["unknown"], errors, outside, serious,
                    weight / 1024,
                )  # fmt: skip
            finally:
                context.close()
        return reports[path]

    yield report


@pytest.mark.parametrize("path", PAGES)
def test_page_is_offline_clean_and_renders_every_chart(page_reports: object, path: str) -> None:
    report = page_reports(path)
    assert report.unrendered == [], f"{path}: of {report.charts} chart(s), not rendered: {report.unrendered}"
    assert report.unknown_traces == [], f"{path}: trace types the served plotly.js lacks: {report.unknown_traces}"
    assert report.console_errors == [], f"{path}: console errors {report.console_errors}"
    assert report.outside == [], f"{path}: requests that tried to leave localhost {report.outside}"


@pytest.mark.parametrize("path", PAGES)
def test_no_serious_accessibility_violations(page_reports: object, path: str) -> None:
    serious = page_reports(path).serious_axe
    assert not serious, f"{path}:\n" + "\n".join(serious)


@pytest.mark.parametrize("path", PAGES)
def test_first_visit_is_within_the_weight_budget(page_reports: object, path: str) -> None:
    """The budgets of issue 18 (``make bench`` also times them on a slow connection)."""
    report = page_reports(path)
    budget = CHART_PAGE_BUDGET_KB if report.charts else TEXT_PAGE_BUDGET_KB
    assert report.transferred_kb <= budget, f"{path}: {report.transferred_kb:.0f} KB on a first visit > {budget} KB"


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
    wrong.locator("summary").click()
    assert wrong.locator(".cq-fb").is_visible() and "Not quite" in wrong.locator(".cq-fb").inner_text()
    right.locator("summary").click()
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


# Every text of a chart, by kind: what a reader must be able to read whole.
CHART_TEXT_CHECK = """async (gd) => {
    gd.scrollIntoView({block: 'center'});
    window.dispatchEvent(new Event('scroll'));
    await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
    const rect = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
    const area = (a, b) => Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0]))
        * Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
    const kinds = {
        'title': '.g-gtitle text', 'axis title': '.g-xtitle text, .g-ytitle text',
        'x tick': '.xtick text', 'y tick': '.ytick text', 'note': '.annotation-text',
        'legend': '.legendtext', 'bar label': 'text.bartext',
    };
    const svg = rect(gd.querySelector('.main-svg'));
    const frame = [Math.max(svg[0], 0), svg[1], Math.min(svg[2], window.innerWidth), svg[3]];
    const texts = [];
    for (const [kind, selector] of Object.entries(kinds)) {
        gd.querySelectorAll(selector).forEach(t => {
            const box = rect(t);
            if (box[2] - box[0] > 0 && t.textContent.trim()) {
                // plotly shrinks a label that does not fit its bar with a transform, not a font size
                const matrix = t.getScreenCTM();
                const size = parseFloat(getComputedStyle(t).fontSize) * Math.hypot(matrix.a, matrix.b);
                texts.push({kind, box, size, text: t.textContent.trim().slice(0, 40)});
            }
        });
    }
    const problems = [];
    texts.forEach(t => {
        if (t.box[0] < frame[0] - 1 || t.box[2] > frame[2] + 1 || t.box[1] < frame[1] - 1 || t.box[3] > frame[3] + 1) {
            problems.push(`${t.kind} '${t.text}' is cut off`);
        }
        if (t.size < 9) { problems.push(`${t.kind} '${t.text}' is ${t.size.toFixed(1)} px`); }
    });
    texts.forEach((a, i) => texts.slice(i + 1).forEach(b => {
        const ticksApart = a.kind.endsWith('tick') && b.kind.endsWith('tick') && a.kind !== b.kind;
        const labelsInBars = a.kind === 'bar label' && b.kind === 'bar label';
        if (!ticksApart && !labelsInBars && area(a.box, b.box) > 4) {
            problems.push(`${a.kind} '${a.text}' overlaps ${b.kind} '${b.text}'`);
        }
    }));
    document.querySelectorAll('#pst-back-to-top').forEach(pill => {
        const box = rect(pill);
        const shown = getComputedStyle(pill).display !== 'none' && getComputedStyle(pill).visibility !== 'hidden';
        const covered = texts.filter(t => area(t.box, box) > 0);
        if (shown && box[2] > box[0] && covered.length) {
            problems.push(`the back-to-top button covers ${covered[0].kind} '${covered[0].text}'`);
        }
    });
    return problems.map(p => `${gd.id}: ${p}`);
}"""


def test_no_chart_text_is_cut_off_tiny_or_overlapping_on_a_phone(reader: object) -> None:
    """On every chart page at 390 px: each chart's title, units, axis titles, tick and bar labels,
    legend and notes lie inside the chart and the screen, are at least 9 px, and (by bounding
    boxes) overlap no other text of the chart or the theme's back-to-top button."""
    problems, charts = [], 0
    for path in PAGES:
        page = reader(path, PHONE)
        plots = page.locator(".js-plotly-plot")
        for i in range(plots.count()):
            charts += 1
            problems += [f"{path} {problem}" for problem in plots.nth(i).evaluate(CHART_TEXT_CHECK)]
        page.context.close()
    assert charts > 20, f"only {charts} charts found on the book's pages"
    assert problems == [], f"{len(problems)} problems at 390 px:\n" + "\n".join(problems)


# -- a reader on a phone -------------------------------------------------------------------------

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
CHART_PAGES = [CHAPTER, "book/reference/timeline.html"]
TABLE_PAGES = [
    "book/reference/timeline.html",
    "book/reference/people-and-works.html",
    "book/reference/essay-in-numbers.html",
]


@pytest.fixture
def reader(browser: object, book_server: str) -> Iterator:
    """A page at a given screen size, with touch, once every chart has been fitted to it."""
    contexts = []

    def open_page(path: str, viewport: dict) -> object:
        context = browser.new_context(viewport=viewport, has_touch=True)
        contexts.append(context)
        page = context.new_page()
        page.goto(f"{book_server}/{path}", wait_until="load")
        page.wait_for_function(READY)
        return page

    yield open_page
    for context in contexts:
        context.close()


_RECT = "e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; }"


def _overlap(a: list[float], b: list[float]) -> float:
    """The area two boxes share, in square pixels."""
    return max(0.0, min(a[2], b[2]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[1], b[1]))


@pytest.mark.parametrize("path", CHART_PAGES)
def test_chart_menus_open_inside_a_phone_screen_with_whole_labels(reader: object, path: str) -> None:
    page = reader(path, PHONE)
    charts = page.locator(".companion-chart .js-plotly-plot:has(.updatemenu-container)")
    assert charts.count() > 0
    for i in range(charts.count()):
        chart = charts.nth(i)
        chart.scroll_into_view_if_needed()
        chart.locator(".updatemenu-header-group").first.click()
        page.wait_for_timeout(300)
        buttons = chart.locator(".updatemenu-dropdown-button")
        assert buttons.count() > 1, f"chart {i} on {path}: the menu did not open"
        for b in range(buttons.count()):
            button = buttons.nth(b)
            box = button.locator(".updatemenu-item-rect").evaluate(_RECT)
            text = button.locator(".updatemenu-item-text").evaluate(_RECT)
            label = button.locator(".updatemenu-item-text").text_content()
            assert box[0] >= 0 and box[2] <= PHONE["width"], f"{path}: menu item '{label}' runs off the screen {box}"
            assert text[0] >= box[0] - 1 and text[2] <= box[2] + 1, f"{path}: the label '{label}' is cut off"
        chart.locator(".updatemenu-header-group").first.click()
        page.wait_for_timeout(200)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("path", CHART_PAGES)
def test_mode_bar_never_covers_a_title_legend_or_menu(reader: object, path: str, viewport: dict) -> None:
    page = reader(path, viewport)
    covered = page.evaluate(
        """() => {
            const rect = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
            const meet = (a, b) => Math.min(a[2], b[2]) > Math.max(a[0], b[0]) + 1
                && Math.min(a[3], b[3]) > Math.max(a[1], b[1]) + 1;
            const found = [];
            document.querySelectorAll('.companion-chart .js-plotly-plot').forEach(gd => {
                const buttons = Array.from(gd.querySelectorAll('.modebar-btn')).map(rect);
                const texts = gd.querySelectorAll('.gtitle, .gtitle-subtitle, .legendtext, .updatemenu-header');
                if (!buttons.length) { found.push(gd.id + ': no mode bar'); }
                texts.forEach(t => { if (buttons.some(b => meet(b, rect(t)))) {
                    found.push(gd.id + ': ' + t.textContent.slice(0, 40)); } });
            });
            return found;
        }"""
    )
    assert covered == [], f"the mode bar covers {covered}"


@pytest.mark.parametrize("path", [CHAPTER, "exercises/ch2-exercises.html"])
def test_tapping_a_solution_header_opens_the_solution_in_place(reader: object, path: str) -> None:
    page = reader(path, PHONE)
    url = page.url
    solution = page.locator(".solution").first
    header = solution.locator(".admonition-title")
    assert re.match(r"Solution to Exercise \d+\W", header.inner_text())
    header.scroll_into_view_if_needed()
    before = page.evaluate("() => window.scrollY")
    header.tap()
    page.wait_for_timeout(400)
    assert page.url == url, f"the tap followed a link to {page.url}"
    assert abs(page.evaluate("() => window.scrollY") - before) < 40, "the tap made the page jump"
    assert solution.locator("#solution-content, section").first.is_visible(), "the solution did not open"


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_chart_data_tables_are_readable(reader: object, viewport: dict) -> None:
    page = reader(CHAPTER, viewport)
    notes = page.locator(".chart-notes")
    for i in range(notes.count()):
        details = notes.nth(i).locator(".chart-data")
        details.locator("summary").click()
        table = details.locator("table")
        headers = table.locator("th").all_text_contents()
        assert {"Value", "Date", "Year"} & set(headers), f"table {i}: headers {headers}"
        link = details.locator("a.chart-csv").evaluate(_RECT)
        assert link[3] <= table.evaluate(_RECT)[1], f"table {i}: the CSV link comes after the table"
        height = details.locator(".ref-table-wrap").evaluate("w => w.getBoundingClientRect().height")
        assert height <= 0.8 * viewport["height"], f"table {i} is {height:.0f} px tall: more than a screen"
        assert "<NA>" not in table.inner_text() and "nan" not in table.inner_text().split()
        fits = details.locator(".ref-table-wrap").evaluate("w => w.scrollWidth <= w.clientWidth + 1")
        assert fits, f"table {i} is wider than the {viewport['width']} px screen: columns are cut off"
        narrow = table.evaluate(
            "t => Array.from(t.querySelectorAll('td')).filter(c => c.offsetParent && c.textContent.trim()"
            " && c.getBoundingClientRect().width < 40).map(c => c.textContent.slice(0, 20))"
        )
        assert narrow == [], f"table {i} has cells squeezed to a letter's width: {narrow}"
        tallest = table.evaluate("t => Math.max(...Array.from(t.rows).map(r => r.getBoundingClientRect().height))")
        assert tallest < 360, f"table {i} has a row {tallest:.0f} px tall"


@pytest.mark.parametrize("path", TABLE_PAGES)
def test_reference_tables_show_every_column_on_a_phone(reader: object, path: str) -> None:
    page = reader(path, PHONE)
    cut = page.evaluate(
        """(width) => Array.from(document.querySelectorAll('article .ref-table-wrap')).filter(w => w.offsetParent)
            .filter(w => w.scrollWidth > w.clientWidth + 1
                || Array.from(w.querySelectorAll('td')).some(c => c.getBoundingClientRect().right > width + 1))
            .map(w => w.getAttribute('aria-label'))""",
        PHONE["width"],
    )
    assert cut == [], f"{path}: tables cut off on a phone: {cut}"
    notes = page.locator("article .ref-table-wrap:visible td:is([data-label='Note'], [data-label='Notes'])")
    if notes.count():
        assert notes.first.is_visible()


def test_the_source_line_is_printed_once_under_each_chart(reader: object) -> None:
    page = reader(CHAPTER, DESKTOP)
    shown = page.evaluate(
        """() => Array.from(document.querySelectorAll('.companion-chart')).map(chart => {
            const notes = chart.nextElementSibling && chart.closest('.cell_output')
                ? chart.closest('.cell_output').querySelectorAll('.chart-source') : [];
            const inPlot = Array.from(chart.querySelectorAll('.annotation-text'))
                .filter(t => t.textContent.includes('Source:') || t.textContent.includes('Context (not')).length;
            const inText = Array.from(notes).filter(p => p.getBoundingClientRect().width > 1).length;
            return inPlot + inText;
        })"""
    )
    assert shown and all(n == 1 for n in shown), f"source lines shown per chart: {shown}"


def test_timeline_marks_do_not_cover_each_other_on_a_phone(reader: object) -> None:
    page = reader("book/reference/timeline.html", PHONE)
    marks = page.evaluate(
        f"""() => Array.from(document.querySelectorAll('.companion-chart .scatterlayer .points path'))
            .filter(p => p.getBoundingClientRect().width > 0).map({_RECT})"""
    )
    assert len(marks) > 60
    covered = [(a, b) for i, a in enumerate(marks) for b in marks[i + 1 :] if _overlap(a, b) > 4]
    assert covered == [], f"{len(covered)} pairs of timeline marks cover each other at 390 px"


def test_charts_take_the_dark_theme_and_back(browser: object, book_server: str) -> None:
    context = browser.new_context(viewport=DESKTOP)
    try:
        page = context.new_page()
        page.add_init_script("localStorage.setItem('mode', 'dark'); localStorage.setItem('theme', 'dark');")
        page.goto(f"{book_server}/{CHAPTER}", wait_until="load")
        page.wait_for_function(READY)
        read = "() => Array.from(document.querySelectorAll('.js-plotly-plot')).map(g => g._fullLayout.paper_bgcolor)"
        grounds = page.evaluate(read)
        assert grounds and all(g not in {"white", "#fff", "#ffffff", "rgb(255, 255, 255)"} for g in grounds), grounds
        page.evaluate("() => { document.documentElement.dataset.theme = 'light'; }")
        page.wait_for_function(f"() => ({read})().every(g => g === 'white')")
    finally:
        context.close()


def test_one_search_box_on_a_desktop_and_the_magnifier_clear_of_the_text(reader: object) -> None:
    fields = reader("book/index.html", DESKTOP).evaluate(
        "() => Array.from(document.querySelectorAll('.search-button-field')).filter(e => e.offsetParent).length"
    )
    assert fields == 1, f"{fields} search boxes on a desktop page"
    page = reader("search.html", PHONE)
    icon = page.locator(".bd-search-container form.bd-search .fa-magnifying-glass").evaluate(_RECT)
    field = page.locator(".bd-search-container form.bd-search input").evaluate(
        "i => i.getBoundingClientRect().left + parseFloat(getComputedStyle(i).paddingLeft)"
    )
    assert icon[2] <= field, f"the magnifier (right edge {icon[2]:.0f}) covers the text starting at {field:.0f}"


SCROLL_DOWN_THEN_UP = """async () => {
    const scrolled = y => new Promise(done => {
        window.addEventListener('scroll', () => requestAnimationFrame(done), {once: true});
        window.scrollTo(0, y);
    });
    await scrolled(4000);
    await scrolled(3000);
}"""
PILL_ASKED_FOR = "document.getElementById('pst-back-to-top').style.display === 'block'"


TABLET = {"width": 1024, "height": 768}  # sphinx-book-theme itself never shows the button from 1200 px


@pytest.mark.parametrize(("viewport", "shown"), [(TABLET, "block"), (PHONE, "none")], ids=["tablet", "phone"])
def test_the_back_to_top_button_never_shows_on_a_phone(reader: object, viewport: dict, shown: str) -> None:
    """Scrolling back up, the theme asks for its back-to-top button; on a phone it would sit over a
    chart's axis or a table, so the stylesheet keeps it hidden there (the tablet is the control)."""
    page = reader(CHAPTER, viewport)
    page.evaluate(SCROLL_DOWN_THEN_UP)
    page.wait_for_function(PILL_ASKED_FOR)
    assert page.eval_on_selector("#pst-back-to-top", "pill => getComputedStyle(pill).display") == shown
