"""Grade a class's returned notebooks offline (``make grade``): a gradebook CSV and a feedback file each.

    make grade ASSIGNMENT=ch3-assignment SUBMISSIONS=returned/   (or python -m bookbuild.grade ...)

Each ``*.ipynb`` in the folder is one student; the file's name (without ``.ipynb``) is the student's
identifier, so name the files by login (``jsmith.ipynb``). Every notebook is graded by ``otter run``
with the pack's autograder zip (``make assignments`` builds it), several at a time, in a folder of its
own. Written into ``<submissions>/graded/``:

* ``gradebook.csv``: one row per student file; the identifier in ``Student`` and ``SIS Login ID``, an
  empty ``Section``, then one column per autograded question and the total, headed with the
  assignment's name. That is the layout Canvas's gradebook import reads (a student is matched on
  ``SIS Login ID``; each new column becomes an assignment, so delete the columns you do not want),
  and Moodle's "Import grades from CSV" accepts it too (map ``SIS Login ID`` to the username, or to
  the ID number, and each question column to a grade item).
* ``feedback/<student>.md``: the marks for each question and, for each check that failed, what to
  look at (the check's failure message). It holds no check code, public or hidden: it can be
  returned to the student as it is.
* ``otter/<student>/results.json``: otter-grader's own results, for markers only (they show the
  hidden checks' code).

The essay (task 4) is marked by hand against the rubric in the instructor notebook; it is not in
the gradebook.
"""

from __future__ import annotations

import argparse
import csv
import os
import pickle
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from bookbuild.assignments import OUT
from bookbuild.structure import REPOSITORY


class GradingError(RuntimeError):
    """Nothing to grade with, or nothing to grade."""


@dataclass(frozen=True)
class Question:
    """One autograded question of one submission: its marks and what failed."""

    name: str
    score: float
    possible: float
    advice: tuple[str, ...]


@dataclass(frozen=True)
class Graded:
    """One student's submission, graded."""

    student: str
    questions: tuple[Question, ...]
    problem: str = ""

    @property
    def total(self) -> float:
        return sum(question.score for question in self.questions)


def autograder(assignment: str, root: Path = REPOSITORY) -> Path:
    """The autograder zip of a built pack, named by the assignment (``ch3-assignment``) or a path."""
    given = Path(assignment)
    if given.suffix == ".zip":
        if not given.is_file():
            raise GradingError(f"No autograder zip at {given}.")
        return given
    name = given.stem
    found = root / OUT / name / f"{name}-autograder.zip"
    if not found.is_file():
        raise GradingError(f"No autograder for {name!r} in {found.parent}: run `make assignments` first.")
    return found


def _questions(results: object) -> tuple[Question, ...]:
    """Marks and advice from otter's GradingResults, failure messages only (never check code)."""
    questions = []
    for name, test_file in sorted(results.results.items()):
        advice = tuple(
            case.test_case.failure_message or f"check {case.test_case.name} did not pass"
            for case in test_file.test_case_results
            if not case.passed
        )
        questions.append(Question(name, float(test_file.score), float(test_file.possible), advice))
    return tuple(questions)


def grade_one(submission: Path, zip_path: Path, out: Path) -> Graded:
    """Grade one notebook with ``otter run`` in a folder of its own."""
    student = submission.stem
    folder = out / "otter" / student
    folder.mkdir(parents=True, exist_ok=True)
    otter = Path(sys.executable).parent / "otter"
    command = [str(otter), "run", "--no-logo", "-p", "-a", str(zip_path), "-o", str(folder), str(submission)]
    result = subprocess.run(command, cwd=folder, capture_output=True, text=True, check=False)
    pickled = folder / "results.pkl"
    if result.returncode != 0 or not pickled.is_file():
        last = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no output"]
        return Graded(student, (), problem=f"the notebook could not be graded ({last[0]})")
    results = pickle.loads(pickled.read_bytes())
    pickled.unlink()
    return Graded(student, _questions(results))


def _points(value: float) -> str:
    return f"{value:g}"


UNGRADED = (
    "Your notebook could not be graded automatically: the file may be damaged, or not the notebook the "
    "assignment gave you. Your marker has been told and will look at it with you."
)


def feedback(graded: Graded, assignment: str) -> str:
    """The feedback a student can be given: marks per question and what to look at."""
    lines = [f"# {assignment}: autograded tasks, {graded.student}", ""]
    if graded.problem:  # what went wrong is for the marker (make grade prints it), not the student
        return "\n".join([*lines, UNGRADED, ""])
    possible = sum(question.possible for question in graded.questions)
    lines += [f"Total: {_points(graded.total)} of {_points(possible)}.", ""]
    for question in graded.questions:
        lines.append(f"## {question.name}: {_points(question.score)} of {_points(question.possible)}")
        lines += [f"- {advice}" for advice in question.advice] or ["- All checks passed."]
        lines.append("")
    lines.append("The essay is marked separately, against the rubric.")
    return "\n".join(lines) + "\n"


def gradebook(rows: list[Graded], assignment: str, path: Path) -> None:
    """The class's marks in the column layout Canvas's and Moodle's gradebook imports read."""
    names = sorted({question.name for row in rows for question in row.questions})
    header = ["Student", "SIS Login ID", "Section", *(f"{assignment} {name}" for name in names), f"{assignment} total"]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for row in rows:
            scores = {question.name: _points(question.score) for question in row.questions}
            marks = [scores.get(name, "") for name in names]
            writer.writerow([row.student, row.student, "", *marks, "" if row.problem else _points(row.total)])


def grade(assignment: str, submissions: Path, jobs: int | None = None, root: Path = REPOSITORY) -> Path:
    """Grade every notebook in ``submissions``; return the folder the gradebook and feedback are in."""
    zip_path = autograder(assignment, root)
    name = zip_path.name.removesuffix("-autograder.zip")
    notebooks = sorted(submissions.glob("*.ipynb"))
    if not notebooks:
        raise GradingError(f"No notebooks (*.ipynb) in {submissions}.")
    out = submissions / "graded"
    if out.exists():
        shutil.rmtree(out)
    (out / "feedback").mkdir(parents=True)
    workers = jobs or os.cpu_count() or 1
    with ThreadPoolExecutor(max_workers=workers) as pool:
        rows = list(pool.map(lambda notebook: grade_one(notebook.resolve(), zip_path, out), notebooks))
    gradebook(rows, name, out / "gradebook.csv")
    for row in rows:
        (out / "feedback" / f"{row.student}.md").write_text(feedback(row, name), encoding="utf-8")
        if row.problem:
            print(f"{row.student}: {row.problem}; no mark in the gradebook", file=sys.stderr)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make grade", description=__doc__.split("\n\n")[0])
    parser.add_argument("assignment", help="the assignment's name (ch3-assignment) or its autograder zip")
    parser.add_argument("submissions", type=Path, help="a folder of returned notebooks, one per student")
    parser.add_argument("--jobs", type=int, default=None, help="notebooks graded at once (default: the CPUs)")
    args = parser.parse_args(argv)
    if not args.submissions.is_dir():
        print(f"No folder {args.submissions}.", file=sys.stderr)
        return 1
    try:
        out = grade(args.assignment, args.submissions, args.jobs)
    except GradingError as problem:
        print(problem, file=sys.stderr)
        return 1
    print(f"Gradebook: {out / 'gradebook.csv'}\nFeedback, one file a student: {out / 'feedback'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
