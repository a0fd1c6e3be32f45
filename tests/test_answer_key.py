"""The answer key is read from the self-checks themselves, keyed by question, whatever the option order."""

from __future__ import annotations

from pathlib import Path

import pytest

from companion.answer_key import UnreadableSelfCheck, questions_in_code, questions_in_page

ROOT = Path(__file__).resolve().parent.parent

CELL = """
from companion.quiz import choice
choice(
    "Which is right?",
    [("This one.", True, "Because."), ("That one.", False, "No: because not.")],
)
quiz.choice(prompt="Second?", options=[("Yes", False, ""), ("No", True, "Indeed.")])
"""


def test_every_choice_call_is_read_in_order_with_its_key() -> None:
    first, second = questions_in_code(CELL)
    assert first.prompt == "Which is right?"
    assert [(o.text, o.correct, o.feedback) for o in first.options] == [
        ("This one.", True, "Because."),
        ("That one.", False, "No: because not."),
    ]
    assert second.prompt == "Second?"
    assert [o.text for o in second.options if o.correct] == ["No"]


def test_code_without_self_checks_gives_nothing() -> None:
    assert questions_in_code("x = 1  # no questions here") == []


def test_a_computed_prompt_is_named_not_guessed() -> None:
    with pytest.raises(UnreadableSelfCheck, match=r"cell 3, line 1: .* literal text"):
        questions_in_code('choice(f"{x} per cent?", [("a", True, "")])', where="cell 3")


def test_a_malformed_self_check_is_refused_as_the_quiz_refuses_it() -> None:
    with pytest.raises(UnreadableSelfCheck, match="No option is marked correct"):
        questions_in_code('choice("Q?", [("a", False, ""), ("b", False, "")])')


def test_chapter_2_key_has_every_self_check_each_with_one_right_answer() -> None:
    questions = questions_in_page(ROOT / "book" / "ch2-decline-and-fall.md")
    source = (ROOT / "book" / "ch2-decline-and-fall.md").read_text(encoding="utf-8")
    assert len(questions) == source.count("\nchoice(") >= 6
    for question in questions:
        assert sum(option.correct for option in question.options) == 1, question.prompt
