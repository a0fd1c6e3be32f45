"""A class on a real JupyterHub: ten students at once on 127.0.0.1, each with a server of their own
(LocalProcessSpawner, system users made for the test), pull the class repository that ``make class``
wrote through nbgitpuller, run a chapter and an assignment in their own kernels, keep their edits
when the teacher pushes an update, and cannot read each other's homes.

It needs root (it makes users) and the proxy from npm (``make hub-proxy``): outside CI a missing
one skips loudly; in CI (COMPANION_REQUIRE_BROWSER=1) it fails. The timings and memory it prints
are a report, not a budget."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest
from bookbuild import assignments
from bookbuild.classroom import Choice, make_class
from bookbuild.structure import REPOSITORY as ROOT
from hub.classhub import SYSTEM_PYTHON, ClassHub, Student, make_environment, readable_folder

STUDENTS = 10
PROXY = ROOT / "tests" / "hub" / "node_modules" / ".bin" / "configurable-http-proxy"
LOCK = ROOT / "tests" / "hub" / "requirements.lock"
CHAPTER = "book/ch1-introduction.ipynb"
ASSIGNMENT = "assignments/ch1-assignment.ipynb"
FOLDER = "class"  # where nbgitpuller puts the class repository in each home
ANSWER = "# my answer, written before the teacher's update"


def _needs(condition: bool, missing: str) -> None:
    if not condition:
        reason = f"NOT RUN: {missing}. CI has it (and sets COMPANION_REQUIRE_BROWSER=1)."
        if os.environ.get("COMPANION_REQUIRE_BROWSER"):
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)


def _git(folder: Path, *args: str) -> None:
    identity = ["-c", "user.name=teacher", "-c", "user.email=teacher@localhost"]
    subprocess.run(["git", *identity, *args], cwd=folder, check=True, capture_output=True, text=True)


@pytest.fixture(scope="module")
def hub(built_book: Path, assignment_packs: Callable[[Path], assignments.Pack]) -> Iterator[tuple[ClassHub, str, Path]]:
    """The hub, its students, and the teacher's class repository (a bare ``origin`` and a clone the
    teacher pushes from). Everything is undone in the finalizer, pass or fail."""
    _needs(os.geteuid() == 0, "the hub test makes system users, so it runs as root")
    _needs(PROXY.is_file(), "configurable-http-proxy is not installed (make hub-proxy)")
    _needs(SYSTEM_PYTHON.is_file() and bool(shutil.which("useradd")), f"{SYSTEM_PYTHON} and useradd")
    pack = assignment_packs(ROOT / "exercises" / "ch1-assignment.md")  # the grading tests' pack, built once
    folder = readable_folder()
    started = time.monotonic()
    classhub = ClassHub(folder=folder, env=folder / "env", proxy=str(PROXY))
    try:
        teacher = folder / "teacher"
        make_class(
            Choice(chapters=(1,), reference=False), teacher, built=built_book, assignments=pack.student.parents[2]
        )
        origin = folder / "class.git"
        subprocess.run(["git", "clone", "--quiet", "--bare", str(teacher), str(origin)], check=True)
        wheel = next(teacher.glob("*.whl"))
        make_environment(folder, LOCK, wheel)
        print(f"\nhub environment ready in {time.monotonic() - started:.0f} s")
        classhub.add_students(STUDENTS)
        classhub.start()
        yield classhub, origin.as_uri(), teacher
    finally:
        print(f"hub test total {time.monotonic() - started:.0f} s")
        classhub.close()


def _all(students: list[Student], work) -> list:
    with ThreadPoolExecutor(max_workers=len(students)) as pool:
        return list(pool.map(work, students))


def _timed(student: Student, label: str, work) -> object:
    started = time.monotonic()
    result = work()
    student.timings[label] = time.monotonic() - started
    return result


def test_a_class_of_ten_runs_the_book_on_a_real_hub(
    hub: tuple[ClassHub, str, Path], record_property: Callable[[str, object], None]
) -> None:
    classhub, origin, teacher = hub
    students = classhub.students

    # Ten students log in at once, pull the class repository and run a chapter and an assignment.
    _all(students, classhub.log_in)
    _all(students, lambda s: _timed(s, "pull", lambda: classhub.pull(s, origin, FOLDER)))
    errors = _all(students, lambda s: _timed(s, "run chapter", lambda: classhub.execute(s, f"{FOLDER}/{CHAPTER}")))
    assert not any(errors), dict(zip([s.name for s in students], errors, strict=True))
    errors = _all(
        students, lambda s: _timed(s, "run assignment", lambda: classhub.execute(s, f"{FOLDER}/{ASSIGNMENT}"))
    )
    assert not any(errors), dict(zip([s.name for s in students], errors, strict=True))
    memory = {s.name: classhub.memory_mb(s) for s in students}

    # Each student writes an answer; the teacher changes the chapter and adds a notebook; all pull again.
    def answer(student: Student) -> None:
        notebook = classhub.notebook(student, f"{FOLDER}/{ASSIGNMENT}")
        notebook["cells"].append(nbformat.v4.new_code_cell(f"{ANSWER} ({student.name})"))
        classhub.save(student, f"{FOLDER}/{ASSIGNMENT}", notebook)

    _all(students, answer)
    chapter = nbformat.read(teacher / CHAPTER, as_version=4)
    chapter.cells.insert(1, nbformat.v4.new_markdown_cell("**From your teacher:** read section 2 before Tuesday."))
    nbformat.write(chapter, teacher / CHAPTER)
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("Week 2")]), teacher / "week2.ipynb")
    _git(teacher, "add", "--all")
    _git(teacher, "commit", "--quiet", "--message", "Week 2")
    _git(teacher, "push", "--quiet", origin, "HEAD:main")
    _all(students, lambda s: _timed(s, "pull update", lambda: classhub.pull(s, origin, FOLDER)))
    for student in students:
        mine = classhub.notebook(student, f"{FOLDER}/{ASSIGNMENT}")
        assert any(ANSWER in "".join(c["source"]) for c in mine["cells"]), f"{student.name} lost their answer"
        theirs = classhub.notebook(student, f"{FOLDER}/{CHAPTER}")
        assert "From your teacher" in "".join(theirs["cells"][1]["source"]), f"{student.name} lacks the update"
        assert classhub.notebook(student, f"{FOLDER}/week2.ipynb")["cells"], f"{student.name} lacks week2"

    # No student can read another's home.
    for student, other in zip(students, students[1:] + students[:1], strict=True):
        denied = classhub.read_other_home(student, other)
        assert denied and "PermissionError" in denied[0], f"{student.name} could read {other.name}'s home"

    # The report is printed at the end of every run in which the class got this far (conftest's
    # terminal summary: under xdist a worker's own output never reaches the terminal).
    labels = ["server start", "pull", "run chapter", "run assignment", "pull update"]
    lines = [
        f"{STUDENTS} students at once on one hub (seconds; MB resident per student's server):",
        "student      " + "  ".join(f"{label:>14}" for label in labels) + "   memory MB",
    ]
    for student in students:
        row = "  ".join(f"{student.timings.get(label, float('nan')):14.1f}" for label in labels)
        lines.append(f"{student.name:<12} {row}   {memory[student.name]:9.0f}")
    record_property("report", "\n".join(lines))
