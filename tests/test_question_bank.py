"""The question bank: every chapter has one, it covers the five reading skills, its closed questions
export as self-check questions, and a malformed bank is refused with the question named."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bookbuild.question_bank import SKILLS, BadQuestionBank, bank_files, load_bank
from conftest import ROOT, toc_files

from companion.quiz import Question

CHAPTERS = sorted(int(doc.split("/ch")[1].split("-")[0]) for doc in toc_files() if doc.startswith("book/ch"))


def test_every_chapter_has_a_bank_and_a_page() -> None:
    assert [int(path.stem[2:]) for path in bank_files(ROOT)] == CHAPTERS
    for chapter in CHAPTERS:
        page = (ROOT / "instructor" / f"question-bank-ch{chapter}.md").read_text(encoding="utf-8")
        assert f"{{question-bank}} {chapter}" in page


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_a_bank_tests_every_skill_with_open_and_closed_questions(chapter: int) -> None:
    bank = load_bank(ROOT / "instructor" / "question-bank" / f"ch{chapter}.yml")
    kinds = {question.kind for question in bank.questions}
    assert kinds == {"short-answer", "essay", "multiple-choice"}, f"chapter {chapter} lacks a kind of question"
    tested = {skill for question in bank.questions for skill in question.skills}
    assert tested == set(SKILLS), f"chapter {chapter} never tests {sorted(set(SKILLS) - tested)}"
    assert all(question.id.startswith(f"ch{chapter}-") for question in bank.questions)


def test_closed_questions_export_with_one_key_and_feedback_on_every_option() -> None:
    closed = [question for path in bank_files(ROOT) for question in load_bank(path).closed_questions()]
    assert len(closed) >= 2 * len(CHAPTERS)
    for question in closed:
        assert isinstance(question, Question)
        assert sum(option.correct for option in question.options) == 1, question.prompt
        assert all(option.feedback for option in question.options), question.prompt


BAD_QUESTIONS = {
    "unknown skill": "  - {id: ch1-x, kind: essay, skills: [memory], marks: 5, question: Q, guidance: G}\n",
    "no guidance": "  - {id: ch1-x, kind: essay, skills: [sourcing], marks: 5, question: Q}\n",
    "two keys": (
        "  - id: ch1-x\n    kind: multiple-choice\n    skills: [numeracy]\n    marks: 1\n    question: Q\n"
        "    guidance: G\n    options:\n      - {text: a, correct: true, feedback: f}\n"
        "      - {text: b, correct: true, feedback: f}\n"
    ),
    "option without feedback": (
        "  - id: ch1-x\n    kind: multiple-choice\n    skills: [numeracy]\n    marks: 1\n    question: Q\n"
        "    guidance: G\n    options:\n      - {text: a, correct: true, feedback: f}\n      - {text: b}\n"
    ),
}


@pytest.mark.parametrize("problem", BAD_QUESTIONS)
def test_a_malformed_bank_is_refused_naming_the_question(problem: str, tmp_path: Path) -> None:
    path = tmp_path / "ch1.yml"
    path.write_text("chapter: 1\nquestions:\n" + BAD_QUESTIONS[problem], encoding="utf-8")
    with pytest.raises(BadQuestionBank, match=r"ch1\.yml, question 1 \(ch1-x\)"):
        load_bank(path)


def test_a_bank_must_say_which_chapter_it_is(tmp_path: Path) -> None:
    path = tmp_path / "ch2.yml"
    path.write_text("chapter: 3\nquestions: []\n", encoding="utf-8")
    with pytest.raises(BadQuestionBank, match="'chapter' must be 2"):
        load_bank(path)


def test_the_exam_names_only_questions_the_banks_hold() -> None:
    """The exam paper draws its commentaries and essays from the banks by id: a renamed or dropped
    question would leave a marker with a paper pointing nowhere."""
    held = {question.id for path in bank_files(ROOT) for question in load_bank(path).questions}
    named = set(re.findall(r"\bch\d-(?:sa|es|mc)-\d+\b", (ROOT / "instructor" / "exam.md").read_text("utf-8")))
    assert named, "the exam names no bank question"
    assert named <= held, f"the exam names questions no bank holds: {sorted(named - held)}"
