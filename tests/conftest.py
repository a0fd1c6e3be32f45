"""Shared fixtures: the repository's paths, one build of the book per session, and a browser."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from bookbuild.browser import FLAGS, MISSING, chromium
from bookbuild.serve import serving
from bookbuild.structure import Book

ROOT = Path(__file__).resolve().parent.parent
HTML = ROOT / "_build" / "html"
INSTRUCTOR_HTML = ROOT / "_build" / "instructor" / "html"
BIN = Path(sys.executable).parent


BOOK = Book.read(ROOT)

# Tiers: a test is marked with the costly things it uses, read from its fixtures, so that
# `make test-fast` (-m "not build and not browser and not kernel and not venv") can leave them out.
TIERS = {
    "built_book": "build",
    "instructor_book": "build",
    "course_readers": "build",
    "slide_decks": "build",
    "book_server": "build",
    "browser": "browser",
    "clean_venv": "venv",
    "hosted_grader": "venv",
    "website_python": "venv",
    "kernel": "kernel",
    "hub": "hub",
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        for fixture, tier in TIERS.items():
            if fixture in getattr(item, "fixturenames", ()):
                item.add_marker(tier)


@pytest.fixture(scope="session")
def kernel() -> str:
    """The Jupyter kernel that tests executing notebooks use (the build's own, from this venv)."""
    return "python3"


def toc_files() -> list[str]:
    """Every document in _toc.yml, in reading order, as a path without suffix relative to the root."""
    return BOOK.documents


def notebook_sources() -> list[Path]:
    """The MyST notebooks among the book's documents (chapters, exercises, reference pages)."""
    return [BOOK.source(doc) for doc in BOOK.notebook_pages]


@pytest.fixture(scope="session")
def built_book() -> Path:
    """Build the book once with warnings as errors (the execution cache makes a rebuild cheap)."""
    command = [str(BIN / "python"), "-m", "bookbuild.build", "--root", str(ROOT)]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        log = "\n".join((result.stdout + result.stderr).splitlines()[-60:])
        pytest.fail(f"The book did not build cleanly with -W:\n{log}", pytrace=False)
    return HTML


@pytest.fixture(scope="session")
def instructor_book() -> Path:
    """``make instructor``'s build, with warnings as errors."""
    command = [str(BIN / "python"), "-m", "bookbuild.build", "instructor"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        log = "\n".join((result.stdout + result.stderr).splitlines()[-60:])
        pytest.fail(f"The instructor edition did not build cleanly with -W:\n{log}", pytrace=False)
    return INSTRUCTOR_HTML


STUDENT_KERNEL = "companion-student"


@pytest.fixture(scope="session")
def student_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The student runtime as a wheel, built from the repository's own project (``pip wheel .``):
    what a student installs, and all of it (the ``companion`` package with the data inside)."""
    out = tmp_path_factory.mktemp("wheelhouse")
    command = [sys.executable, "-m", "pip", "wheel", "--quiet", "--disable-pip-version-check", "--no-deps",
               "--no-build-isolation", "--wheel-dir", str(out), str(ROOT)]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        pytest.fail(f"pip wheel failed:\n{result.stdout}{result.stderr}", pytrace=False)
    (wheel,) = out.glob("*.whl")
    return wheel


@pytest.fixture(scope="session")
def clean_venv(student_wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment outside the repository holding only what a student installs:
    the runtime wheel and its declared dependencies, plus a kernel of its own. Built once a session
    from pip's cache without byte-compiling (about 27 s on two cores, 85 s under heavy load; longer
    on a first run that has to download the wheels)."""
    home = tmp_path_factory.mktemp("student")
    venv = home / "venv"
    python = str(venv / "bin" / "python")
    steps = [
        [sys.executable, "-m", "venv", str(venv)],
        [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-compile", str(student_wheel)],
        [python, "-m", "ipykernel", "install", "--prefix", str(venv), "--name", STUDENT_KERNEL],
    ]
    for step in steps:
        result = subprocess.run(step, cwd=home, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            pytest.fail(f"{' '.join(step)} failed:\n{result.stdout}{result.stderr}", pytrace=False)
    return venv


ASSIGNMENT_SOURCES = sorted((ROOT / "exercises").glob("*-assignment.md"))


@pytest.fixture(scope="session")
def assignment_packs(kernel: str, tmp_path_factory: pytest.TempPathFactory) -> Callable[[Path], object]:
    """Build an assignment's pack (``make assignments`` for one source) once a session, whichever
    test module asks first: the leak, grading and hosted-grader tests share it."""
    from bookbuild import assignments

    built: dict[Path, assignments.Pack] = {}

    def pack(source: Path) -> assignments.Pack:
        if source not in built:
            chromium_path()  # make assignments prints the handout with it
            built[source] = assignments.build(source, tmp_path_factory.mktemp("assignments"))
        return built[source]

    return pack


@pytest.fixture(scope="session")
def book_server(built_book: Path) -> Iterator[str]:
    """The built book on a loopback port, served as `make serve` serves it (gzip twins included)."""
    with serving(built_book) as base:
        yield base


def _required(found: str | None, missing: str) -> str:
    """A system tool the README names. Missing, the test is skipped loudly, or fails in CI."""
    if found is None:
        reason = f"NOT RUN: {missing}. CI installs it and sets COMPANION_REQUIRE_BROWSER=1."
        if os.environ.get("COMPANION_REQUIRE_BROWSER"):
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    return found


def chromium_path() -> str:
    """Debian's Chromium (package chromium)."""
    return _required(chromium(), MISSING)


def pdftotext_path() -> str:
    """poppler-utils' pdftotext, which reads printed PDFs back."""
    return _required(shutil.which("pdftotext"), "poppler-utils is not installed (apt-get install -y poppler-utils)")


VNU_JAR = ROOT / "tools" / "npm" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def vnu_command() -> list[str]:
    """The Nu Html Checker: vnu-jar from npm (``make test`` installs it by tools/npm's lock), run by Java."""
    java = _required(shutil.which("java"), "Java is not installed (apt-get install -y default-jre-headless)")
    jar = _required(str(VNU_JAR) if VNU_JAR.is_file() else None, "vnu-jar is not installed (make test installs it)")
    return [java, "-jar", jar]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium through Playwright. Missing Chromium skips loudly, or fails in CI."""
    path = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=path,
            args=list(FLAGS),
        )
        yield launched
        launched.close()
