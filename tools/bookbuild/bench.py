"""Benchmark: build times and page weight against the book's budgets (``make bench``).

Times are measured, not asserted: a timed test would be flaky on a shared 2-core machine. The
script copies the sources to a scratch folder so the cold build really starts cold (no execution
cache, no Sphinx environment) and leaves the working tree's ``_build`` alone. Page weight is what
Debian's Chromium transfers on a first visit (empty cache) to each page served as ``make serve``
serves it, with every request that would leave the machine blocked.

Budgets (issue 15): a no-op rebuild within 2.0 s; a cold build within 0.7 times the time the
book's notebooks (the pages in the table of contents) take to execute one after another in fresh
kernels; a first visit within 2 MB on a page with charts and 500 KB on a page without. Each is
printed as a PASS or FAIL line.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

import jupytext
from nbclient import NotebookClient

from bookbuild.browser import FLAGS, MISSING, chromium
from bookbuild.serve import serving
from bookbuild.structure import REPOSITORY, Book

ROOT = REPOSITORY
SKIP = {".git", ".venv", "_build", ".pytest_cache", ".ruff_cache", "__pycache__", "node_modules", "build"}
NOOP_BUDGET_S = 2.0
COLD_RATIO_BUDGET = 0.7
CHART_PAGE_BUDGET_KB = 2 * 1024
TEXT_PAGE_BUDGET_KB = 500


def copy_sources(source: Path, target: Path) -> None:
    """The repository's files without builds, caches or the virtual environment."""
    for item in source.iterdir():
        if item.name in SKIP:
            continue
        if item.is_dir():
            shutil.copytree(item, target / item.name, ignore=shutil.ignore_patterns(*SKIP))
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
            resources={"metadata": {"path": str(path.parent)}},
        ).execute()
        times[path.relative_to(folder).as_posix()] = time.perf_counter() - start
    return times


def _only_local(route: object) -> None:
    """The book must work offline: anything addressed elsewhere is refused, not weighed."""
    local = urlsplit(route.request.url).hostname == "127.0.0.1"
    route.continue_() if local else route.abort()


def first_visits(html: Path, pages: list[str], *, compressed: bool = True) -> list[dict[str, object]] | None:
    """Per page: bytes Chromium transfers on a first visit (headers and bodies as sent), and
    how many requests. None when Debian's Chromium is not installed."""
    path = chromium()
    if path is None:
        return None
    from playwright.sync_api import sync_playwright

    rows = []
    with serving(html, compressed=compressed) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=list(FLAGS))
        for page in pages:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            tab = context.new_page()
            tab.route("**/*", _only_local)
            finished: list = []
            tab.on("requestfinished", lambda request, sink=finished: sink.append(request))
            tab.goto(f"{base}/{page}", wait_until="networkidle")
            sizes = [request.sizes() for request in finished]
            sent = sum(size["responseBodySize"] + size["responseHeadersSize"] for size in sizes)
            rows.append(
                {
                    "page": page,
                    "transferred_kb": round(sent / 1024),
                    "requests": len(sizes),
                    "charts": tab.locator(".plotly-graph-div").count(),
                }
            )
            context.close()
        browser.close()
    return rows


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def budget_lines(noop: float, cold: float, executed: float, weights: list[dict] | None) -> list[str]:
    """One PASS/FAIL line per budget of issue 8."""
    ratio = cold / executed
    lines = [
        f"{_verdict(noop <= NOOP_BUDGET_S)}  no-op rebuild {noop:.1f} s (budget {NOOP_BUDGET_S} s)",
        f"{_verdict(ratio <= COLD_RATIO_BUDGET)}  cold build / notebook execution {cold:.1f} s / {executed:.1f} s"
        f" = {ratio:.2f} (budget {COLD_RATIO_BUDGET})",
    ]
    if weights is None:
        return [*lines, f"SKIP  page weight: {MISSING}"]
    for label, charted, budget in (("chart", True, CHART_PAGE_BUDGET_KB), ("text", False, TEXT_PAGE_BUDGET_KB)):
        group = [row for row in weights if bool(row["charts"]) == charted]
        heaviest = max(group, key=lambda row: row["transferred_kb"])
        lines.append(
            f"{_verdict(heaviest['transferred_kb'] <= budget)}  {label} page first visit, heaviest "
            f"{heaviest['transferred_kb']} KB ({heaviest['page']}; budget {budget} KB)"
        )
    return lines


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="companion-bench-") as scratch:
        folder = Path(scratch)
        copy_sources(ROOT, folder)
        cold = _timed_build(folder)
        noop = _timed_build(folder)
        executed = notebook_seconds(folder)
        pages = [f"{doc}.html" for doc in Book.read(folder).documents]
        weights = first_visits(folder / "_build" / "html", pages)
    total = sum(executed.values())
    results = {
        "cold_build_s": round(cold, 1),
        "noop_rebuild_s": round(noop, 1),
        "notebook_execution_s": {k: round(v, 1) for k, v in executed.items()},
        "notebook_execution_total_s": round(total, 1),
        "first_visits": weights,
        "budgets": budget_lines(noop, cold, total, weights),
    }
    print(f"cold build (fresh cache)      {cold:7.1f} s")
    print(f"no-op rebuild                 {noop:7.1f} s")
    print(f"notebook execution, in series {total:7.1f} s")
    for name, seconds in executed.items():
        print(f"  {name:<45} {seconds:6.1f} s")
    if weights:
        print(f"\n{'first visit to page':<45} {'KB sent':>8} {'requests':>9} {'charts':>7}")
        for row in weights:
            print(f"{row['page']:<45} {row['transferred_kb']:>8} {row['requests']:>9} {row['charts']:>7}")
    print()
    print("\n".join(results["budgets"]))
    out = ROOT / "_build" / "bench.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2))
    print(f"\nwritten to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
