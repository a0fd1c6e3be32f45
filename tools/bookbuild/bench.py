"""Benchmark: build times and page weight against the book's budgets (``make bench``).

Times are measured, not asserted: a timed test would be flaky on a shared 2-core machine. The
script copies the sources to a scratch folder so the cold build really starts cold (no execution
cache, no Sphinx environment) and leaves the working tree's ``_build`` alone. Page weight is what
Debian's Chromium transfers on a first visit (empty cache) to each page served as ``make serve``
serves it, with every request that would leave the machine blocked.

Each first visit runs on an emulated slow phone connection (1.6 Mbit/s down, 150 ms round trip,
Chromium's own throttling through the DevTools protocol) with a cold cache, and records when the
page first painted text and when its first chart was drawn (a plotly SVG in the page), timed from
the start of navigation by the page's own clock; each page is visited three times and its times
are the medians.

Budgets (issues 15 and 18): a no-op rebuild within 2.0 s (the build entry finds there is nothing
to do before it starts Sphinx: :mod:`bookbuild.up_to_date`; the time of a rebuild after one chapter
is saved, which Sphinx does, is printed too); a cold build within 0.7 times the time
the book's notebooks (the pages in the table of contents) take to execute one after another in
fresh kernels; on the slow connection, a text page painted within 1.0 s and a first chart drawn
within 2.5 s; a first visit within 600 KB on a page with charts and 250 KB on a page without. Each
is printed as a PASS or FAIL line. ``--visits-only`` weighs and times the pages of the book already
built in ``_build/html`` and skips the builds (for checking a change to the pages quickly).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jupytext
from nbclient import NotebookClient

from bookbuild.browser import FLAGS, MISSING, chromium
from bookbuild.kernel_client import kernel_config
from bookbuild.serve import serving
from bookbuild.structure import REPOSITORY, Book
from bookbuild.up_to_date import NOT_INPUT_SUFFIXES, NOT_INPUTS

ROOT = REPOSITORY
NOOP_BUDGET_S = 2.0
COLD_RATIO_BUDGET = 0.7
CHART_PAGE_BUDGET_KB = 600
TEXT_PAGE_BUDGET_KB = 250
TEXT_PAINT_BUDGET_S = 1.0
FIRST_CHART_BUDGET_S = 2.5
# Saved again unchanged after the no-op rebuild: what an author's edit loop pays (re-read from the
# execution cache, rewritten with the pages that depend on it), reported beside the budgets.
EDITED_PAGE = "book/ch2-decline-and-fall.md"
# A slow phone connection: 1.6 Mbit/s down, 750 kbit/s up, 150 ms round trip (bytes per second).
SLOW_CONNECTION = {"offline": False, "latency": 150, "downloadThroughput": 1.6e6 / 8, "uploadThroughput": 750e3 / 8}
PHONE = {"width": 390, "height": 844}
VISITS = 3  # per page; its times are the median of these
# Installed before any page script: the time (page clock, ms from navigation) the first chart SVG appears.
WATCH_FIRST_CHART = """
new MutationObserver((changes, observer) => {
  if (document.querySelector('.plotly-graph-div .main-svg')) {
    window.__firstChartMs = performance.now();
    observer.disconnect();
  }
}).observe(document, {childList: true, subtree: true});
"""
TIMINGS = """() => ({
  paint: (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime ?? null,
  chart: window.__firstChartMs ?? null,
})"""


def copy_sources(source: Path, target: Path) -> None:
    """The repository's files without builds, caches or the virtual environment: what a build reads
    (:data:`bookbuild.up_to_date.NOT_INPUTS`)."""
    skip = shutil.ignore_patterns(*NOT_INPUTS, *(f"*{suffix}" for suffix in NOT_INPUT_SUFFIXES))
    for item in source.iterdir():
        if skip(str(source), [item.name]):
            continue
        if item.is_dir():
            shutil.copytree(item, target / item.name, ignore=skip)
        else:
            shutil.copy2(item, target / item.name)


def _timed_build(folder: Path) -> float:
    start = time.perf_counter()
    build = [sys.executable, "-m", "bookbuild.build", "--root", str(folder)]
    result = subprocess.run(build, cwd=folder, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit("The build failed; run `make book` to see why.\n" + result.stdout[-3000:])
    return time.perf_counter() - start


def notebook_seconds(folder: Path) -> dict[str, float]:
    """Execution time of each notebook in a fresh kernel, one after another: what a build that
    executes in series pays for its notebooks."""
    times = {}
    book = Book.read(folder)
    for path in sorted(book.source(doc) for doc in book.notebook_pages):
        notebook = jupytext.read(path)
        start = time.perf_counter()
        NotebookClient(
            notebook,
            timeout=300,
            kernel_name="python3",
            config=kernel_config(),
            resources={"metadata": {"path": str(path.parent)}},
        ).execute()
        times[path.relative_to(folder).as_posix()] = time.perf_counter() - start
    return times


def _only_local(route: object) -> None:
    """The book must work offline: anything addressed elsewhere is refused, not weighed."""
    local = urlsplit(route.request.url).hostname == "127.0.0.1"
    route.continue_() if local else route.abort()


def _visit(browser: Any, address: str) -> dict[str, object]:
    """One first visit to ``address`` on the slow connection with a cold cache."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    tab = context.new_page()
    devtools = context.new_cdp_session(tab)
    devtools.send("Network.enable")
    devtools.send("Network.setCacheDisabled", {"cacheDisabled": True})
    devtools.send("Network.emulateNetworkConditions", SLOW_CONNECTION)
    tab.add_init_script(WATCH_FIRST_CHART)
    tab.route("**/*", _only_local)
    finished: list = []
    tab.on("requestfinished", lambda request, sink=finished: sink.append(request))
    tab.goto(address, wait_until="networkidle", timeout=120_000)
    charts = tab.locator(".plotly-graph-div").count()
    if charts:
        # A chart page fetches its other scripts once plotly.js has run, and is "ready" when
        # they have loaded: weigh those too.
        tab.wait_for_function("document.documentElement.dataset.companionCharts === 'ready'", timeout=120_000)
    sizes = [request.sizes() for request in finished]
    timings = tab.evaluate(TIMINGS)
    context.close()
    return {
        "transferred_kb": round(sum(size["responseBodySize"] + size["responseHeadersSize"] for size in sizes) / 1024),
        "requests": len(sizes),
        "charts": charts,
        "text_painted_s": None if timings["paint"] is None else round(timings["paint"] / 1000, 2),
        "first_chart_s": None if timings["chart"] is None else round(timings["chart"] / 1000, 2),
    }


def _median(values: list[float | None]) -> float | None:
    """The middle value; a time never reached (None) counts as the slowest."""
    ordered = sorted(values, key=lambda value: float("inf") if value is None else value)
    return ordered[len(ordered) // 2]


def first_visits(html: Path, pages: list[str], *, compressed: bool = True) -> list[dict[str, object]] | None:
    """Per page, first visits on the slow connection with a cold cache: bytes Chromium transfers
    (headers and bodies as sent), how many requests, how many charts, and the seconds until text
    first painted and until the first chart was drawn, each the median of :data:`VISITS` visits
    (one visit's time moves with whatever else the machine is doing). None when Debian's Chromium
    is missing."""
    path = chromium()
    if path is None:
        return None
    from playwright.sync_api import sync_playwright

    rows = []
    with serving(html, compressed=compressed) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=list(FLAGS))
        for page in pages:
            visits = [_visit(browser, f"{base}/{page}") for _ in range(VISITS)]
            rows.append(
                {
                    "page": page,
                    **visits[0],
                    "text_painted_s": _median([visit["text_painted_s"] for visit in visits]),
                    "first_chart_s": _median([visit["first_chart_s"] for visit in visits]),
                }
            )
        browser.close()
    return rows


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def _slowest(rows: list[dict], key: str) -> dict:
    """The row with the largest ``key``; a missing time (never painted, never drawn) counts as worst."""
    return max(rows, key=lambda row: float("inf") if row[key] is None else row[key])


def build_lines(noop: float, cold: float, executed: float) -> list[str]:
    """One PASS/FAIL line per build budget."""
    ratio = cold / executed
    return [
        f"{_verdict(noop <= NOOP_BUDGET_S)}  no-op rebuild {noop:.1f} s (budget {NOOP_BUDGET_S} s)",
        f"{_verdict(ratio <= COLD_RATIO_BUDGET)}  cold build / notebook execution {cold:.1f} s / {executed:.1f} s"
        f" = {ratio:.2f} (budget {COLD_RATIO_BUDGET})",
    ]


def visit_lines(weights: list[dict] | None) -> list[str]:
    """One PASS/FAIL line per budget of a first visit on the slow connection."""
    if weights is None:
        return [f"SKIP  first visits: {MISSING}"]
    lines = []
    text_pages = [row for row in weights if not row["charts"]]
    chart_pages = [row for row in weights if row["charts"]]
    for label, rows, key, budget in (
        ("text painted, slowest text page", text_pages, "text_painted_s", TEXT_PAINT_BUDGET_S),
        ("first chart drawn, slowest chart page", chart_pages, "first_chart_s", FIRST_CHART_BUDGET_S),
    ):
        worst = _slowest(rows, key)
        seconds = worst[key]
        shown = "never" if seconds is None else f"{seconds:.2f} s"
        ok = seconds is not None and seconds <= budget
        lines.append(f"{_verdict(ok)}  {label}: {shown} ({worst['page']}; budget {budget} s at 1.6 Mbit/s, 150 ms)")
    weights_budgets = (("chart", chart_pages, CHART_PAGE_BUDGET_KB), ("text", text_pages, TEXT_PAGE_BUDGET_KB))
    for label, rows, budget in weights_budgets:
        heaviest = max(rows, key=lambda row: row["transferred_kb"])
        lines.append(
            f"{_verdict(heaviest['transferred_kb'] <= budget)}  {label} page first visit, heaviest "
            f"{heaviest['transferred_kb']} KB ({heaviest['page']}; budget {budget} KB)"
        )
    return lines


def _print_visits(weights: list[dict] | None) -> None:
    if not weights:
        return
    print(f"\n{'first visit at 1.6 Mbit/s, 150 ms':<45} {'KB sent':>8} {'requests':>9} {'charts':>7}", end="")
    print(f" {'text s':>7} {'chart s':>8}")
    for row in weights:
        paint = "-" if row["text_painted_s"] is None else f"{row['text_painted_s']:.2f}"
        chart = "-" if row["first_chart_s"] is None else f"{row['first_chart_s']:.2f}"
        print(f"{row['page']:<45} {row['transferred_kb']:>8} {row['requests']:>9} {row['charts']:>7}", end="")
        print(f" {paint:>7} {chart:>8}")


def _write(results: dict) -> None:
    out = ROOT / "_build" / "bench.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2))
    print(f"\nwritten to {out.relative_to(ROOT)}")


def visits_only() -> None:
    """Time and weigh the pages of the book already built in _build/html."""
    html = ROOT / "_build" / "html"
    if not (html / "index.html").is_file():
        sys.exit("No built book in _build/html: run `make book` first.")
    weights = first_visits(html, [f"{doc}.html" for doc in Book.read(ROOT).documents])
    _print_visits(weights)
    budgets = visit_lines(weights)
    print()
    print("\n".join(budgets))
    _write({"first_visits": weights, "budgets": budgets})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visits-only", action="store_true", help="only the first visits to _build/html")
    if parser.parse_args().visits_only:
        visits_only()
        return
    with tempfile.TemporaryDirectory(prefix="companion-bench-") as scratch:
        folder = Path(scratch)
        copy_sources(ROOT, folder)
        cold = _timed_build(folder)
        noop = _timed_build(folder)
        (folder / EDITED_PAGE).touch()
        edited = _timed_build(folder)
        executed = notebook_seconds(folder)
        pages = [f"{doc}.html" for doc in Book.read(folder).documents]
        weights = first_visits(folder / "_build" / "html", pages)
    total = sum(executed.values())
    results = {
        "cold_build_s": round(cold, 1),
        "noop_rebuild_s": round(noop, 1),
        "one_page_saved_rebuild_s": round(edited, 1),
        "notebook_execution_s": {k: round(v, 1) for k, v in executed.items()},
        "notebook_execution_total_s": round(total, 1),
        "first_visits": weights,
        "budgets": build_lines(noop, cold, total) + visit_lines(weights),
    }
    print(f"cold build (fresh cache)      {cold:7.1f} s")
    print(f"no-op rebuild                 {noop:7.1f} s")
    print(f"rebuild after saving a chapter{edited:7.1f} s  ({EDITED_PAGE}: Sphinx's incremental build; no budget)")
    print(f"notebook execution, in series {total:7.1f} s")
    for name, seconds in executed.items():
        print(f"  {name:<45} {seconds:6.1f} s")
    _print_visits(weights)
    print()
    print("\n".join(results["budgets"]))
    _write(results)


if __name__ == "__main__":
    main()
