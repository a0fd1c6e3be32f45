"""The course plan, read from its source: every week has two or three readings from the book's
bibliography, both plans cover every chapter and seminar plan, and the marking scales it states are
the ones the assignment rubrics and the chapter 2 marking guide actually use."""

from __future__ import annotations

import re

import pytest
import yaml
from conftest import ROOT, toc_files

PLAN = (ROOT / "instructor" / "course-plan.md").read_text(encoding="utf-8")
BIBLIOGRAPHY_KEYS = set(re.findall(r"^@\w+\{([^,]+),", (ROOT / "book" / "references.bib").read_text(), re.MULTILINE))
CHAPTERS = [doc for doc in toc_files() if doc.startswith("book/ch")]
PLANS = {"A ten-week term": 10, "A five-week short course": 5}


def plan_section(heading: str) -> str:
    return PLAN.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]


def weeks(heading: str) -> dict[int, str]:
    parts = re.split(r"^### Week (\d+):", plan_section(heading), flags=re.MULTILINE)
    return {int(number): text for number, text in zip(parts[1::2], parts[2::2], strict=True)}


@pytest.mark.parametrize("heading", PLANS)
def test_every_week_has_two_or_three_readings_from_the_bibliography(heading: str) -> None:
    plan = weeks(heading)
    assert sorted(plan) == list(range(1, PLANS[heading] + 1)), f"{heading}: weeks missing or out of order"
    for number, week in plan.items():
        readings = re.findall(r"\{cite:p\}`plan-([^`]+)`", week.split("**Readings:**", 1)[-1])
        assert 2 <= len(readings) <= 3, f"{heading}, week {number}: {len(readings)} readings"
        assert set(readings) <= BIBLIOGRAPHY_KEYS, f"{heading}, week {number}: {set(readings) - BIBLIOGRAPHY_KEYS}"


def test_the_readings_are_printed_in_full() -> None:
    assert ":keyprefix: plan-" in plan_section("The readings in full"), "the plans' readings are not listed in full"


@pytest.mark.parametrize("heading", PLANS)
def test_each_plan_covers_every_chapter_its_seminar_and_its_exercises(heading: str) -> None:
    section = plan_section(heading)
    for chapter in CHAPTERS:
        number = chapter.split("/ch")[1].split("-")[0]
        for link in (f"(../{chapter}.md)", f"(seminar-ch{number}.md)", f"(../exercises/ch{number}-exercises.md)"):
            assert link in section, f"{heading} never links {link}"


def assignment_scale(number: str) -> tuple[int, int, list[int]]:
    """(autograded marks, essay marks, the rubric's criterion marks) read from the assignment source."""
    source = (ROOT / "exercises" / f"ch{number}-assignment.md").read_text(encoding="utf-8")
    questions = [yaml.safe_load(block) for block in re.findall(r"# BEGIN QUESTION\n(.*?)```", source, re.DOTALL)]
    autograded = sum(question["points"] for question in questions if not question.get("manual"))
    (essay,) = [question["points"] for question in questions if question.get("manual")]
    rubric = re.search(r"^:::\{instructor\} Rubric for task 4 \((\d+) marks.*?\n(.*?)^:::$", source, re.M | re.S)
    assert rubric and int(rubric[1]) == essay, f"chapter {number}: the rubric's title disagrees with task 4's points"
    criteria = [int(marks) for marks in re.findall(r"^\| \*\*[A-Z]\. [^*]+\*\* \((\d+)\)", rubric[2], re.MULTILINE)]
    return autograded, essay, criteria


def test_the_plan_states_the_scales_the_rubrics_use() -> None:
    table = plan_section("Assessment and marking scales")
    autograded_row = re.search(r"^\| Seminar assignment.*\| (\d+) \|$", table, re.MULTILINE)
    essay_row = re.search(
        r"^\| \| Task 4, the essay.*?argument (\d+),.*? (\d+),.*? (\d+),.*? (\d+) \| (\d+) \|$", table, re.M
    )
    total_row = re.search(r"^\| \| \*\*Total for each assignment\*\* \| \*\*(\d+)\*\* \|$", table, re.MULTILINE)
    assert autograded_row and essay_row and total_row, "the assessment table has lost a row"
    stated_criteria = [int(essay_row[i]) for i in range(1, 5)]
    for chapter in CHAPTERS:
        number = chapter.split("/ch")[1].split("-")[0]
        autograded, essay, criteria = assignment_scale(number)
        assert int(autograded_row[1]) == autograded, f"chapter {number}: calculations carry {autograded}"
        assert int(essay_row[5]) == essay == sum(criteria), f"chapter {number}: the essay is out of {essay}"
        assert stated_criteria == criteria, f"chapter {number}: the rubric's criteria are {criteria}"
        assert int(total_row[1]) == autograded + essay


def test_the_plan_marks_chapter_2s_essay_question_on_its_guide_scale() -> None:
    guide = (ROOT / "exercises" / "ch2-exercises.md").read_text(encoding="utf-8")
    (scale,) = re.findall(r"Bands \(suggested, out of (\d+)\)", guide)
    row = re.search(r"^\| Chapter 2, exercise 5.*\| (\d+) \|$", plan_section("Assessment and marking scales"), re.M)
    assert row and row[1] == scale
