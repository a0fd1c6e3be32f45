"""Assessment that grades the answer: every assignment's student notebook, filled as a student fills
it, graded by ``make grade`` (otter-grader) the way an instructor grades a class.

The answers come from each assignment source's instructor block "Answers the autograder is tested
with": right answers computed as the task's text instructs (numpy and pandas values from the loaded
data, not plain floats) and, per task, the typical wrong answers with the mark their question must
then get. Right answers must earn full marks; each wrong answer must cost exactly its part."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from pathlib import Path

import nbformat
import pytest
import yaml
from bookbuild import assignments, grade
from bookbuild.editions import INSTRUCTOR, instructor_spans
from bookbuild.notebooks import book_context, student_notebook
from conftest import ASSIGNMENT_SOURCES, ROOT

Answers = dict[str, dict]
_ANSWERS_BLOCK = "Answers the autograder is tested with"


def answers_in_source(source: Path) -> Answers:
    """The YAML inside the source's instructor block of answers, per question."""
    lines = source.read_text(encoding="utf-8").splitlines()
    for first, last in instructor_spans("\n".join(lines)):
        if _ANSWERS_BLOCK in lines[first]:
            block = "\n".join(lines[first + 1 : last])
            return yaml.safe_load(re.search(r"```yaml\n(.*?)\n```", block, re.DOTALL)[1])
    raise AssertionError(f"{source.name} has no instructor block {_ANSWERS_BLOCK!r}")


def filled(student: Path, answers: Answers, wrong: dict[str, dict]) -> nbformat.NotebookNode:
    """The student notebook with every ``name = ...`` answered: the right expression, or the wrong
    one chosen for that question; a question's ``setup`` lines go before its first answer."""
    notebook = nbformat.read(student, as_version=4)
    placeholders = 0
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        lines = []
        for line in cell.source.split("\n"):
            name = re.fullmatch(r"(\w+) = \.\.\.", line.strip())
            if name is None:
                lines.append(line)
                continue
            question, spec = next((q, spec) for q, spec in answers.items() if name[1] in spec["right"])
            if name[1] == next(iter(spec["right"])) and spec.get("setup"):
                lines += spec["setup"].rstrip().split("\n")
            expression = wrong.get(question, {}).get(name[1], spec["right"][name[1]])
            lines.append(f"{name[1]} = {expression}")
            placeholders += 1
        cell.source = "\n".join(lines)
    assert placeholders == sum(len(spec["right"]) for spec in answers.values()), "an answer the source does not list"
    return notebook


def submissions(student: Path, answers: Answers, folder: Path) -> dict[str, dict[str, float | None]]:
    """Write the class: ``right.ipynb`` and ``wrong-N.ipynb`` (the N-th typical wrong answer of every
    question at once: questions are graded apart). Returns each file's expected marks (None: full)."""
    folder.mkdir()
    expected = {"right": dict.fromkeys(answers)}
    nbformat.write(filled(student, answers, {}), folder / "right.ipynb")
    for n in range(max(len(spec.get("wrong", [])) for spec in answers.values())):
        chosen = {q: spec["wrong"][n] for q, spec in answers.items() if n < len(spec.get("wrong", []))}
        wrong = {q: {k: v for k, v in answer.items() if k not in ("why", "score")} for q, answer in chosen.items()}
        nbformat.write(filled(student, answers, wrong), folder / f"wrong-{n + 1}.ipynb")
        expected[f"wrong-{n + 1}"] = {q: chosen[q]["score"] if q in chosen else None for q in answers}
    (folder / "damaged.ipynb").write_text('{"cells": [', encoding="utf-8")  # a download cut short
    return expected


@pytest.fixture(scope="module", params=ASSIGNMENT_SOURCES, ids=lambda p: p.stem)
def source(request: pytest.FixtureRequest) -> Path:
    return request.param


@pytest.fixture(scope="module")
def graded_class(
    source: Path, assignment_packs: Callable[[Path], assignments.Pack], tmp_path_factory: pytest.TempPathFactory
) -> tuple[dict, dict[str, dict[str, str]], Path]:
    pack = assignment_packs(source)
    folder = tmp_path_factory.mktemp("class") / "returned"
    expected = submissions(pack.student, answers_in_source(source), folder)
    out = grade.grade(str(pack.autograder), folder)
    with (out / "gradebook.csv").open(encoding="utf-8") as handle:
        book = {row["Student"]: row for row in csv.DictReader(handle)}
    return expected, book, out


def test_right_answers_get_full_marks_and_each_wrong_answer_loses_its_part(
    source: Path, graded_class: tuple[dict, dict[str, dict[str, str]], Path]
) -> None:
    expected, book, _ = graded_class
    name = source.stem
    full = {q: float(points) for q, points in re.findall(r"^name: (\w+)\npoints: (\d+)$", source.read_text(), re.M)}
    table = []
    for student, marks in expected.items():
        got = {q: float(book[student][f"{name} {q}"]) for q in marks}
        want = {q: full[q] if mark is None else float(mark) for q, mark in marks.items()}
        table.append(f"{name} {student:8} " + " ".join(f"{q}={got[q]:g}" for q in got))
        assert got == want, f"{student}: {got} != {want}"
        assert float(book[student][f"{name} total"]) == sum(want.values())
    print("\n" + "\n".join(table))


def test_feedback_says_what_to_look_at_and_shows_no_check_code(
    source: Path, graded_class: tuple[dict, dict[str, dict[str, str]], Path]
) -> None:
    _, _, out = graded_class
    text = source.read_text(encoding="utf-8")
    master = student_notebook(text, f"exercises/{source.stem}", book_context(ROOT), edition=INSTRUCTOR, intro="")
    secrets = assignments.secret_lines(master, text)
    right = (out / "feedback" / "right.md").read_text(encoding="utf-8")
    assert "All checks passed." in right and "of 2" in right
    for path in sorted((out / "feedback").glob("wrong-*.md")):
        feedback = path.read_text(encoding="utf-8")
        assert " is not " in feedback, f"{path.name}: no advice for a wrong answer"
        assert "bool(" not in feedback and "Expected:" not in feedback and "Trying:" not in feedback
        assert assignments.leaks(feedback, secrets) == [], path.name


def test_a_damaged_notebook_gets_a_plain_message_and_no_mark(
    source: Path, graded_class: tuple[dict, dict[str, dict[str, str]], Path]
) -> None:
    _, book, out = graded_class
    feedback = (out / "feedback" / "damaged.md").read_text(encoding="utf-8")
    assert grade.UNGRADED in feedback
    assert not re.search(r"Error|Traceback|nbformat|otter|\(", feedback.split("\n", 2)[2]), feedback
    assert book["damaged"][f"{source.stem} total"] == ""
