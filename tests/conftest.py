"""Shared fixtures: the repository's paths, one build of the book per test run, and a browser.

``make test`` runs a worker per core (pytest-xdist, ``-n auto --dist loadscope``). Each worker is a
session of its own, so a session fixture that builds into the repository's ``_build/`` goes through
:func:`once`: the first worker to ask builds, under a file lock, and the others wait for it and take
its result. Every build into ``_build/`` (and every copy of its execution cache) also holds one
build lock, so two builds never write ``_build/`` at once. Modules are sent to the workers whole
(module fixtures run once) in the order :data:`SCHEDULE` gives, longest chains first.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any

import pytest
from bookbuild.browser import FLAGS, MISSING, chromium
from bookbuild.serve import serving
from bookbuild.structure import Book
from filelock import FileLock

ROOT = Path(__file__).resolve().parent.parent
HTML = ROOT / "_build" / "html"
INSTRUCTOR_HTML = ROOT / "_build" / "instructor" / "html"
BIN = Path(sys.executable).parent
UV = BIN / "uv"  # from the lock (tools' test extra): makes the test suite's fresh environments


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


# The order in which xdist hands modules to the workers (longest first, so none idles at the
# end), and the modules that go to one worker as one chain. The chain holds every build into the
# repository's _build/ after the student book (the instructor edition, the readers, the slides) and
# the two tests that copy its execution cache: one after the other, so none waits for another's
# build lock. The other workers meanwhile grade the assignment packs (no build at all) and run the
# hub, then the browser. Modules not named follow in file order.
CHAINS = {
    "test_editions_build": "instructor-chain",
    "test_reader": "instructor-chain",
    "test_slides": "instructor-chain",
    "test_public_source": "instructor-chain",
    "test_incremental_build": "instructor-chain",
}
SCHEDULE = [
    "instructor-chain",
    "test_grading",
    "test_hub",
    "test_browser",
    "test_assignments",
    "test_hosted_grader",
    "test_student_notebooks",
    "test_served_site",
    "test_jupyterlab_run_all",
    "test_weight",
    "test_valid_html",
    "test_lms",
]


def _unit(module: str) -> str:
    """The unit of work a test module belongs to: its chain, or the module itself."""
    return CHAINS.get(module, module)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        for fixture, tier in TIERS.items():
            if fixture in getattr(item, "fixturenames", ()):
                item.add_marker(tier)

    def rank(item: pytest.Item) -> int:
        unit = _unit(Path(item.fspath).stem)
        return SCHEDULE.index(unit) if unit in SCHEDULE else len(SCHEDULE)

    items.sort(key=rank)  # stable: each module keeps its own order, and its tests stay together


@pytest.hookimpl(optionalhook=True)  # an xdist hook: without xdist (-p no:xdist) it is never called
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """``--dist loadscope`` (what ``make test`` asks for), with the chain's modules as one scope.
    (xdist's own ``loadgroup`` cannot do it: with pytest 9.2 it silently stops grouping,
    pytest-dev/pytest-xdist#1386.) Other modes are xdist's own."""
    if config.getvalue("dist") != "loadscope":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class ChainScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::", 1)[0]
            return CHAINS.get(Path(path).stem, path)

    return ChainScheduling(config, log)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Print the reports tests attach as a ``report`` user property (the hub's timings): a worker's
    own output never reaches the terminal under xdist."""
    for report in terminalreporter.getreports("passed") + terminalreporter.getreports("failed"):
        for name, text in getattr(report, "user_properties", ()):
            if name == "report" and report.when == "call":
                terminalreporter.write_sep("-", report.nodeid.split("::")[-1])
                terminalreporter.write_line(text)


def _shared_folder(factory: pytest.TempPathFactory) -> Path | None:
    """The temporary folder every xdist worker of this run shares (None outside xdist): each worker's
    own base folder sits inside it, as pytest-xdist documents."""
    if os.environ.get("PYTEST_XDIST_WORKER") is None:
        return None
    return factory.getbasetemp().parent


@contextmanager
def build_lock(factory: pytest.TempPathFactory) -> Iterator[None]:
    """Held by whatever builds into, or copies from, the repository's _build/ (no-op outside xdist)."""
    shared = _shared_folder(factory)
    if shared is None:
        yield
        return
    with FileLock(shared / "build.lock"):
        yield


_OUTCOMES: dict[str, dict[str, Any]] = {}  # this process's results of once(), by name


def once(factory: pytest.TempPathFactory, name: str, make: Callable[[Path], Any], *, builds: bool = False) -> Any:
    """``make(folder)`` once per test run, whichever worker asks first; the others wait and get its
    JSON-able result, or its failure or skip replayed. ``folder`` is shared by all workers.
    ``builds``: ``make`` writes the repository's _build/, so it also holds the build lock."""
    if name not in _OUTCOMES:
        shared = _shared_folder(factory)
        if shared is None:
            _OUTCOMES[name] = _attempt(name, make, factory.mktemp(name))
        else:
            stamp = shared / f"{name}.json"
            with FileLock(f"{stamp}.lock"):
                if not stamp.is_file():
                    folder = shared / name
                    folder.mkdir(exist_ok=True)
                    with build_lock(factory) if builds else nullcontext():
                        outcome = _attempt(name, make, folder)
                    stamp.write_text(json.dumps(outcome), encoding="utf-8")
                _OUTCOMES[name] = json.loads(stamp.read_text(encoding="utf-8"))
    outcome = _OUTCOMES[name]
    if "skip" in outcome:
        pytest.skip(outcome["skip"])
    if "fail" in outcome:
        pytest.fail(outcome["fail"], pytrace=False)
    return outcome["value"]


def _attempt(name: str, make: Callable[[Path], Any], folder: Path) -> dict[str, Any]:
    try:
        return {"value": make(folder)}
    except pytest.skip.Exception as skipped:
        return {"skip": str(skipped)}
    except pytest.fail.Exception as failed:
        return {"fail": str(failed)}
    except Exception:
        return {"fail": f"{name} failed:\n{traceback.format_exc()}"}


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


def _build_edition(edition: str) -> None:
    command = [str(BIN / "python"), "-m", "bookbuild.build", edition, "--root", str(ROOT)]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        log = "\n".join((result.stdout + result.stderr).splitlines()[-60:])
        pytest.fail(f"The {edition} edition did not build cleanly with -W:\n{log}", pytrace=False)


@pytest.fixture(scope="session")
def built_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the book once with warnings as errors (the execution cache makes a rebuild cheap)."""
    once(tmp_path_factory, "built_book", lambda _: _build_edition("student"), builds=True)
    return HTML


@pytest.fixture(scope="session")
def instructor_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``make instructor``'s build, with warnings as errors."""
    once(tmp_path_factory, "instructor_book", lambda _: _build_edition("instructor"), builds=True)
    return INSTRUCTOR_HTML


STUDENT_KERNEL = "companion-student"
# IPython writes every kernel's history to one SQLite file in the home folder, and kernels started
# at once (this suite runs several) can fail or lock up creating their history session
# (ipython/ipython#11460). nbclient turns the history off for kernels named python3; the suite's
# own named kernels (a student's environment) need telling.
WITHOUT_HISTORY = ("--HistoryManager.hist_file=:memory:",)


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
    the runtime wheel and its declared dependencies (resolved from the package index, as pip does
    for a student), plus pip and a kernel of its own. Made once a run by uv, from its cache: about
    4 s, where pip took 22-27 s on two cores."""

    def make(home: Path) -> str:
        venv = home / "venv"
        python = str(venv / "bin" / "python")
        steps = [
            [str(UV), "venv", "--quiet", "--seed", "--python", sys.executable, str(venv)],
            [str(UV), "pip", "install", "--quiet", "--python", python, "--link-mode", "copy", str(student_wheel)],
            [python, "-m", "ipykernel", "install", "--prefix", str(venv), "--name", STUDENT_KERNEL],
        ]
        for step in steps:
            result = subprocess.run(step, cwd=home, capture_output=True, text=True, check=False)
            if result.returncode != 0:
                pytest.fail(f"{' '.join(step)} failed:\n{result.stdout}{result.stderr}", pytrace=False)
        return str(venv)

    return Path(once(tmp_path_factory, "clean_venv", make))


ASSIGNMENT_SOURCES = sorted((ROOT / "exercises").glob("*-assignment.md"))


@pytest.fixture(scope="session")
def assignment_packs(kernel: str, tmp_path_factory: pytest.TempPathFactory) -> Callable[[Path], object]:
    """Build an assignment's pack (``make assignments`` for one source) once a run, whichever
    test module asks first: the leak, grading and hosted-grader tests share it."""
    from bookbuild import assignments

    def build(source: Path, folder: Path) -> dict[str, str]:
        chromium_path()  # make assignments prints the handout with it
        paths = dataclasses.asdict(assignments.build(source, folder))
        return {field: str(path) for field, path in paths.items()}

    def pack(source: Path) -> assignments.Pack:
        paths = once(tmp_path_factory, f"pack-{source.stem}", lambda folder: build(source, folder))
        return assignments.Pack(**{field: Path(path) for field, path in paths.items()})

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
