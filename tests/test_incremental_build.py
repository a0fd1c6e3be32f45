"""Incremental builds: 'The essay in numbers' keeps its "Used in" links current without
re-executing its notebook, and notebooks missing from the cache run side by side, once each.

Works on a scratch copy of the repository that starts from this session's execution cache, so the
edits below never touch the working tree and no notebook has to run.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from bookbuild.bench import copy_sources
from bookbuild.sphinx.parallel_execution import processors
from conftest import BIN, ROOT, build_lock
from jupyter_cache import get_cache

pytestmark = pytest.mark.build

ESSAY_PAGE = Path("_build/html/book/reference/essay-in-numbers.html")
CHAPTER = Path("book/ch2-decline-and-fall.md")
EXECUTED = "Executing notebook"


def _build(folder: Path) -> str:
    command = [str(BIN / "python"), "-m", "bookbuild.build", "--root", str(folder)]
    result = subprocess.run(command, cwd=folder, capture_output=True, text=True, check=False)
    log = result.stdout + result.stderr
    if result.returncode != 0:
        pytest.fail("The scratch build failed:\n" + "\n".join(log.splitlines()[-40:]), pytrace=False)
    return log


def _used_in(page: Path, measure: str) -> str:
    cell = re.search(rf'<span data-uses-links="{measure}">(.*?)</span>', page.read_text(encoding="utf-8"))
    assert cell, f"no 'Used in' cell for {measure}"
    return cell.group(1)


def _charted_in_all(page: Path) -> int:
    sentence = re.search(r"figures in all, under \d+ of its notes; <span[^>]*>(\d+)</span>", page.read_text("utf-8"))
    assert sentence, "the summary sentence lost its count"
    return int(sentence.group(1))


@pytest.fixture(scope="module")
def scratch_book(built_book: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the sources with the session build's execution cache, built once."""
    folder = tmp_path_factory.mktemp("figure-uses")
    copy_sources(ROOT, folder)
    with build_lock(tmp_path_factory):
        shutil.copytree(ROOT / "_build" / ".jupyter_cache", folder / "_build" / ".jupyter_cache")
    log = _build(folder)
    assert EXECUTED not in log, "the scratch build should have found every notebook in the cache"
    return folder


def test_a_rebuild_without_changes_executes_and_rewrites_nothing(scratch_book: Path) -> None:
    page = scratch_book / ESSAY_PAGE
    before = page.stat().st_mtime_ns
    log = _build(scratch_book)
    assert EXECUTED not in log, "a no-op rebuild executed a notebook"
    assert page.stat().st_mtime_ns == before, "a no-op rebuild rewrote 'The essay in numbers'"
    # A real build leaves its sources and output as it recorded them (bookbuild.up_to_date), so the
    # next one stops before starting Sphinx.
    assert "Nothing has changed since the last build" in log, "the build changed its own inputs or output"


def test_used_in_links_follow_a_chapter_that_starts_using_a_figure(scratch_book: Path) -> None:
    page = scratch_book / ESSAY_PAGE
    unused = re.findall(r'<span data-uses-links="(\w+)">not yet charted</span>', page.read_text(encoding="utf-8"))
    assert unused, "every figure is charted already: this test needs one that is not"
    measure = unused[0]
    rows = page.read_text(encoding="utf-8").count(f'data-uses-links="{measure}"')
    charted_before = _charted_in_all(page)

    chapter = scratch_book / CHAPTER
    chapter.write_text(chapter.read_text(encoding="utf-8") + f"\n\nThe essay's `{measure}` figure.\n", "utf-8")
    log = _build(scratch_book)

    assert EXECUTED not in log, "the page was brought up to date by re-executing a notebook"
    assert "Chapter 2" in _used_in(page, measure) and "ch2-decline-and-fall.html" in _used_in(page, measure)
    assert _charted_in_all(page) == charted_before + rows


def test_notebooks_missing_from_the_cache_run_side_by_side_and_only_once(scratch_book: Path) -> None:
    """Two pages lose their cached execution: the build runs both at once, before reading, and
    myst-nb then finds them in the cache instead of executing them a second time."""
    if processors() < 2:
        pytest.skip("one processor: the build leaves execution to myst-nb")
    cache = get_cache(str(scratch_book / "_build" / ".jupyter_cache"))
    pages = ["book/reference/glossary.md", "book/reference/people-and-works.md"]
    for record in cache.list_cache_records():
        if record.uri.endswith(tuple(pages)):
            cache.remove_cache(record.pk)
    for page in pages:
        (scratch_book / page).touch()  # so that Sphinx reads the pages again
    log = _build(scratch_book)
    assert "executing 2 notebooks, 2 at a time" in log
    assert "without encryption" not in log, "a kernel talked over TCP (parallel_execution: local sockets)"
    assert log.count(EXECUTED) == 2, "a pre-executed notebook was executed again while its page was read"
    for page in pages:
        assert re.search(rf"{re.escape(page)}: Executed notebook in", log), f"{page} was not executed"
