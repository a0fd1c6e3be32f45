"""The marking guides show each assignment's rubric and essay question read from the assignment's
source; here, that the reading finds them in every assignment and refuses one without them."""

from __future__ import annotations

import pytest
from bookbuild.sphinx.assignment_rubrics import MissingPart, essay_question, rubric
from conftest import ROOT

ASSIGNMENTS = sorted((ROOT / "exercises").glob("ch*-assignment.md"))


@pytest.mark.parametrize("path", ASSIGNMENTS, ids=lambda path: path.stem)
def test_every_assignment_yields_its_rubric_table_and_essay_question(path) -> None:
    source = path.read_text(encoding="utf-8")
    table = rubric(source)
    assert "| **A. Argument** (8) |" in table and "| **D. Writing and citation** (3) |" in table
    assert not table.startswith(":::") and not table.endswith(":::"), "the block's fences leaked into the guide"
    question = essay_question(source)
    assert question.startswith("> ") and "Write " in question and "Hints" not in question


def test_an_assignment_without_a_rubric_or_essay_is_refused() -> None:
    with pytest.raises(MissingPart, match="Rubric"):
        rubric(":::{instructor} Model answers for tasks 1–3\ntext\n:::\n")
    with pytest.raises(MissingPart, match="The essay"):
        essay_question("## Task 1. A number (2 marks)\n\n:::{admonition} Hints\n:::\n")
