"""The answer key reads the self-checks as the quiz renders them: keyed by question, whatever the
option order, computed prompts included. Round trips through companion.quiz keep the two in step."""

from __future__ import annotations

import pytest
from bookbuild.answer_key import UnreadableSelfCheck, questions_in_html

from companion.quiz import choice

FIRST = choice(
    "Workers were 12 per cent in 1928 and 32.5 in 1939 (Smith, n. 8): which is right?",
    [
        ("A rise of 20.5 points & about 171 per cent.", True, 'Points are a difference; "per cent" is relative.'),
        ("A rise of 20.5 per cent.", False, "20.5 is the difference in <points>, not per cent."),
    ],
)
SECOND = choice("Second?", [("Yes", False, ""), ("No", True, "Indeed.")])


def test_rendered_self_checks_read_back_as_the_same_questions() -> None:
    page = f"<p>Intro</p>{FIRST._repr_html_()}<div>{SECOND._repr_html_()}</div>"
    read = questions_in_html(page)
    # The page shows the options shuffled; the same question means the same prompt and the same
    # options with the same keys and feedback, in whatever order they were written.
    assert [(q.prompt, set(q.options)) for q in read] == [(q.prompt, set(q.options)) for q in (FIRST, SECOND)]
    assert [q._repr_html_() for q in read] == [FIRST._repr_html_(), SECOND._repr_html_()]


def test_a_page_without_self_checks_gives_nothing() -> None:
    assert questions_in_html("<fieldset><legend>A form, not a self-check</legend></fieldset>") == []


def test_a_self_check_without_a_right_answer_is_named() -> None:
    broken = FIRST._repr_html_().replace("cq-right", "cq-wrong")
    with pytest.raises(UnreadableSelfCheck, match=r"book/ch9: the self-check 'Workers were 12 .*No option is marked"):
        questions_in_html(broken, where="book/ch9")
