"""Seminar assignment packs: the student side shows no solution, hidden check or instructor note
(notebook, metadata or printed handout); the instructor side shows all of them; the autograder
gives the key full marks and an empty notebook none."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import nbformat
import pytest
from bookbuild import assignments
from bookbuild.editions import INSTRUCTOR
from bookbuild.notebooks import book_context, student_notebook
from conftest import ASSIGNMENT_SOURCES, ROOT, chromium_path, pdftotext_path

OTTER = Path(sys.executable).parent / "otter"


@pytest.fixture(scope="module", params=ASSIGNMENT_SOURCES, ids=lambda p: p.stem)
def source(request: pytest.FixtureRequest) -> Path:
    return request.param


@pytest.fixture(scope="module")
def pack(source: Path, assignment_packs: Callable[[Path], assignments.Pack]) -> assignments.Pack:
    pdftotext_path()  # the test reads the handout back with this
    return assignment_packs(source)


@pytest.fixture(scope="module")
def secrets(source: Path) -> list[str]:
    text = source.read_text(encoding="utf-8")
    master = student_notebook(text, f"exercises/{source.stem}", book_context(ROOT), edition=INSTRUCTOR, intro="")
    found = assignments.secret_lines(master, text)
    assert len(found) >= 20, "too few sentinel lines: the leak checks would prove little"
    return found


def _notebook_text(path: Path) -> str:
    return assignments.all_text(json.loads(path.read_text(encoding="utf-8")))


def test_the_pack_has_every_output(pack: assignments.Pack) -> None:
    for path in (pack.student, pack.instructor, pack.autograder, pack.handout):
        assert path.is_file() and path.stat().st_size > 1000, path.name


def _title_words(notebook: Path) -> list[str]:
    """The first words of the assignment's title, as the student notebook shows it."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    headings = ("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    title = next(line for text in headings for line in text.splitlines() if line.startswith("# "))
    return title.removeprefix("# ").split()[:3]


def test_student_notebook_and_handout_leak_nothing(source: Path, pack: assignments.Pack, secrets: list[str]) -> None:
    student = _notebook_text(pack.student)
    assert assignments.leaks(student, secrets) == []
    assert " = ..." in student and 'grader.check("q1")' in student
    printed = subprocess.run(["pdftotext", str(pack.handout), "-"], capture_output=True, text=True, check=True).stdout
    assert " ".join(_title_words(pack.student)) in " ".join(printed.split()), "pdftotext read nothing useful"
    assert assignments.leaks(printed, secrets) == []


def test_instructor_notebook_has_every_secret(pack: assignments.Pack, secrets: list[str]) -> None:
    instructor = _notebook_text(pack.instructor)
    missing = [line for line in secrets if line not in assignments.leaks(instructor, secrets)]
    assert not missing, f"missing from the instructor notebook: {missing[:3]}"
    assert "| **A." in instructor, "the rubric table"


def test_a_planted_leak_stops_the_pack(source: Path, secrets: list[str]) -> None:
    """The leak check on its own: a student notebook carrying one rubric line is refused."""
    student = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Task 1")])
    assignments.refuse_leaks(source.stem, student, secrets)  # a clean notebook passes
    rubric = next(line for line in secrets if line.startswith("| **A."))
    student.cells.append(nbformat.v4.new_markdown_cell(rubric))
    with pytest.raises(assignments.AssignmentError, match="would show instructor material"):
        assignments.refuse_leaks(source.stem, student, secrets)


def _grade(pack: assignments.Pack, notebook: Path, folder: Path) -> dict[str, tuple[float, float | None]]:
    folder.mkdir()
    submission = shutil.copy(notebook, folder / "submission.ipynb")
    subprocess.run(
        [str(OTTER), "run", "-a", str(pack.autograder), str(submission)], cwd=folder, capture_output=True, check=True
    )
    results = json.loads((folder / "results.json").read_text(encoding="utf-8"))
    return {test["name"]: (test["score"], test.get("max_score")) for test in results["tests"] if "score" in test}


def test_otter_run_gives_the_key_full_marks_and_a_blank_none(pack: assignments.Pack, tmp_path: Path) -> None:
    key = _grade(pack, pack.instructor, tmp_path / "key")
    blank = _grade(pack, pack.student, tmp_path / "blank")
    assert key and all(score > 0 and top in (None, score) for score, top in key.values()), key
    assert {name: score for name, (score, _) in blank.items()} == dict.fromkeys(key, 0.0)


def test_the_student_notebook_runs_before_any_answer(pack: assignments.Pack, kernel: str, tmp_path: Path) -> None:
    notebook = nbformat.read(pack.student, as_version=4)
    shutil.copy(pack.student, tmp_path / pack.student.name)  # otter.Notebook looks for its file
    assignments.execute(notebook, tmp_path, kernel)
    checks = [cell for cell in notebook.cells if cell.cell_type == "code" and "grader.check" in cell.source]
    assert checks and all(cell.outputs for cell in checks), "each check should report, not crash"


def _page_size(pdf: Path) -> str:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return re.search(r"^Page size:.*\((\w+)\)", info, re.MULTILINE)[1]


def test_the_handout_is_for_a_seminar_on_paper(source: Path, pack: assignments.Pack) -> None:
    """A4, fields to fill in, the tables the tasks need, hints open, no install text, no dead link."""
    printed = " ".join(
        subprocess.run(["pdftotext", str(pack.handout), "-"], capture_output=True, text=True, check=True).stdout.split()
    )
    first_hint = re.search(r":class: dropdown\n\n- (.{40})", source.read_text(encoding="utf-8"))[1]
    assert _page_size(pack.handout) == "A4"
    assert all(field in printed for field in ("Name", "Course", "Date"))
    assert " ".join(first_hint.split()) in printed, "the hints should print open"
    assert "value" in printed and "unit" in printed and "Smith, n." in printed, "the data tables did not print"
    assert "Your answers" in printed
    assert "pip install" not in printed and "Type your answer here" not in printed
    page = pack.handout.with_suffix(".html").read_text(encoding="utf-8")
    assert not re.findall(r'href="(?![a-z]+:|#)', page), "a relative link leads nowhere on paper"


def test_a_handout_can_be_printed_on_letter(tmp_path: Path) -> None:
    chromium_path()
    pdftotext_path()  # poppler-utils, which has pdfinfo too
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# A handout")])
    page = tmp_path / "handout.html"
    page.write_text(assignments.handout_html(notebook, "handout", paper="letter"), encoding="utf-8")
    assignments.print_pdf(page, tmp_path / "handout.pdf")
    assert _page_size(tmp_path / "handout.pdf") == "letter"
