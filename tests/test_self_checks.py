"""Self-checks and answer checks: instant feedback without a kernel, and no tracebacks for students."""

from __future__ import annotations

import html
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import toc_files

from companion import checks, data, explorers
from companion.quiz import Option, choice


def test_question_renders_closed_options_with_worded_feedback() -> None:
    question = choice("Which?", [("A", True, "Because."), ("B", False, "No, because.")])
    html = question._repr_html_()
    assert html.count('<details class="cq-option"') == 2 and " open" not in html
    assert "<legend>Which?</legend>" in html
    assert "<strong>Right.</strong> Because." in html and "<strong>Not quite.</strong>" in html
    # Works on a static page, in an untrusted notebook and in a viewer that strips styles alike.
    assert "<script" not in html and "<style" not in html and "style=" not in html


@pytest.mark.parametrize(
    ("options", "error", "message"),
    [
        ([("A", False, "x"), ("B", False, "y")], ValueError, "No option is marked correct"),
        ([("A", True, "x")], ValueError, "at least two options"),
        ([("A", "yes", "x"), ("B", False, "y")], TypeError, "True or False"),
        ([("A", True), ("B", False, "y")], TypeError, "not 2 items"),
        (["A", "B"], TypeError, "must be an Option"),
    ],
)
def test_malformed_questions_are_refused(options: list, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        choice("Q?", options)


def test_option_objects_are_accepted() -> None:
    assert len(choice("Q?", [Option("A", True, "x"), Option("B")]).options) == 2


@pytest.mark.parametrize(
    ("answer", "ok", "words"),
    [
        (2.7, True, "Right"),
        (2.71, True, "Right"),
        (3.5, False, "too high"),
        ("2.7", False, "not the text '2.7'"),
        (..., False, "missing"),
        (None, False, "missing"),
        (True, False, "not a bool"),
    ],
)
def test_check_number_never_raises(answer: object, ok: bool, words: str) -> None:
    feedback = checks.check_number(answer, 32.5 / 12)
    assert feedback.ok is ok
    assert words in feedback.message
    assert html.escape(words) in feedback._repr_html_()


def test_an_answer_not_given_yet_is_said_neutrally_not_as_an_error() -> None:
    """The web book shows every "Your turn" cell unanswered; that must not look like a mistake."""
    waiting = checks.check_number(..., 2.7)._repr_html_()
    assert "Waiting for your answer" in waiting and "check-waiting" in waiting
    assert "cq-wrong" not in waiting and "#7a1712" not in waiting
    assert "cq-wrong" in checks.check_number("2.7", 2.7)._repr_html_(), "a wrong kind of answer is still an error"


def test_explorer_bundle_has_widget_and_static_twin(monkeypatch: pytest.MonkeyPatch) -> None:
    shown = []
    monkeypatch.setattr(explorers, "display", lambda bundle, raw: shown.append(bundle))
    explorers.change_explorer(data.essay_figures(chapter=2))
    bundle = shown[0]
    assert "application/vnd.jupyter.widget-view+json" in bundle
    static = bundle["text/html"]
    assert "Static version of a live explorer" in static and "updatemenus" in static
    assert "×2.71" in static  # 12 -> 32.5 per cent, computed, with a multiplication sign


def test_explorer_refuses_rows_without_pairs() -> None:
    with pytest.raises(ValueError, match="exactly two dated values"):
        explorers.change_explorer(data.essay_figures("women_share_industrial_workforce"))


def test_explorer_takes_labelled_series_and_refuses_bad_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    shown = []
    monkeypatch.setattr(explorers, "display", lambda bundle, raw: shown.append(bundle))
    party = data.essay_figures("workers_share_party_members")
    explorers.change_explorer({"Workers in the party": party, "Petrograd": data.essay_figures("petrograd_population")})
    assert "Workers in the party" in shown[0]["text/html"]
    with pytest.raises(ValueError, match="'Women, 1935' needs exactly two dated values"):
        explorers.change_explorer({"Women, 1935": data.essay_figures("women_share_industrial_workforce")})


# -- where the right answer sits ---------------------------------------------------------------


class _Answers(HTMLParser):
    """For each self-check on a page: the position of its right option and each option's length."""

    def __init__(self) -> None:
        super().__init__()
        self.questions: list[list[dict]] = []
        self._option: dict | None = None
        self._in_summary = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "fieldset" and "cq" in classes:
            self.questions.append([])
        elif tag == "details" and "cq-option" in classes:
            self._option = {"right": False, "text": ""}
            self.questions[-1].append(self._option)
        elif tag == "summary" and self._option is not None:
            self._in_summary = True
        elif tag == "p" and "cq-right" in classes and self._option is not None:
            self._option["right"] = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "summary":
            self._in_summary = False

    def handle_data(self, data: str) -> None:
        if self._in_summary and self._option is not None:
            self._option["text"] += data


def answer_positions(page: str) -> list[int]:
    parser = _Answers()
    parser.feed(page)
    return [next(i for i, o in enumerate(q) if o["right"]) for q in parser.questions]


def right_is_always_longest(page: str) -> bool:
    parser = _Answers()
    parser.feed(page)
    longest = [max(q, key=lambda o: len(o["text"]))["right"] for q in parser.questions]
    return len(longest) > 1 and all(longest)


def gives_the_answer_away(positions: list[int]) -> bool:
    """Two or more self-checks on a page, all with the right answer in the same place."""
    return len(positions) > 1 and len(set(positions)) == 1


def _as_authors_write_them(n: int) -> str:
    """A chapter of n questions rendered the old way: the right answer first, and the longest."""
    rows = []
    for i in range(n):
        options = "".join(
            f'<details class="cq-option"><summary>{text}</summary>'
            f'<p class="cq-fb {"cq-right" if j == 0 else "cq-wrong"}">x</p></details>'
            for j, text in enumerate([f"The long and right answer to {i}", "Wrong", "Also wrong"])
        )
        rows.append(f'<fieldset class="cq"><legend>Q{i}</legend>{options}</fieldset>')
    return "".join(rows)


def test_a_chapter_with_every_right_answer_first_is_caught() -> None:
    crafted = _as_authors_write_them(6)
    assert answer_positions(crafted) == [0] * 6
    assert gives_the_answer_away(answer_positions(crafted))
    assert right_is_always_longest(crafted)


def test_options_are_shown_in_an_order_from_the_question_not_from_the_key() -> None:
    texts = ["Ratio", "Per cent", "Points", "Count"]
    first = choice("Which measure?", [(t, t == "Ratio", "") for t in texts])
    other_key = choice("Which measure?", [(t, t == "Points", "") for t in texts])
    assert [o.text for o in first.shown] == [o.text for o in other_key.shown]
    assert first._repr_html_() == choice("Which measure?", [(t, t == "Ratio", "") for t in texts])._repr_html_()
    # Written right-answer-first, twelve questions do not all keep it first.
    positions = [
        answer_positions(choice(f"Question {n}?", [(t, t == "Ratio", "") for t in texts])._repr_html_())[0]
        for n in range(12)
    ]
    assert not gives_the_answer_away(positions)


@pytest.mark.build
def test_no_page_puts_every_right_answer_in_one_place(built_book: Path) -> None:
    checked = 0
    for doc in toc_files():
        page = (built_book / f"{doc}.html").read_text(encoding="utf-8")
        positions = answer_positions(page)
        assert not gives_the_answer_away(positions), f"{doc}: every right answer is option {positions[0] + 1}"
        assert not right_is_always_longest(page), f"{doc}: the right answer is always the longest option"
        checked += len(positions)
    assert checked >= 6, "the chapter's self-checks were not found in the built book"


# -- hints aimed at the likely mistake -----------------------------------------------------------

SHARE = checks.Expected(32.5 / 12, base=(12, 32.5))  # workers' share, 1928 -> 1939 (Smith, n. 8)


@pytest.mark.parametrize(
    ("answer", "expected", "words"),
    [
        (170.8, SHARE, "That is the percentage change"),
        (20.5, SHARE, "percentage points"),
        (270.8, SHARE, "multiplier × 100"),
        (0.369, SHARE, "divides the earlier value by the later one"),
        (3, SHARE, "rounded too far"),
        (-2.71, SHARE, "sign"),
        (0.0271, SHARE, "100 times too small"),
        (63.1, checks.Expected(170.8, base=(12, 32.5)), "against the later value"),
        (72, checks.Expected(28, slips={72: "That is the fall"}), "That is the fall"),
        (0.28, 28, "100 times too small"),
        (2800, 28, "100 times too large"),
        (29.9, 28, "outside the margin"),
    ],
)
def test_a_wrong_answer_gets_a_hint_for_its_likely_mistake(answer: float, expected: object, words: str) -> None:
    feedback = checks.check_number(answer, expected, what="multiplier")
    assert not feedback.ok
    assert words in feedback.message


def test_the_hints_differ_and_never_give_the_answer_away() -> None:
    messages = [checks.check_number(a, SHARE).message for a in (170.8, 20.5, 3, -2.71, 10)]
    hints = {message.split(". ", 1)[1] for message in messages}  # after "Not yet: <the answer> is too high."
    assert len(hints) == 5
    assert not any("2.7" in hint for hint in hints)
    assert checks.check_number(2.7, SHARE).ok


def test_recruitment_explorer_has_sliders_and_a_labelled_static_twin(monkeypatch: pytest.MonkeyPatch) -> None:
    shown = []
    monkeypatch.setattr(explorers, "display", lambda bundle, raw: shown.append(bundle))
    explorers.recruitment_explorer(data.essay_figures("intelligentsia_inheritance_ufa"))
    bundle = shown[0]
    assert "application/vnd.jupyter.widget-view+json" in bundle
    static = bundle["text/html"]
    assert "Static version of a live explorer" in static and "updatemenus" in static
    assert "Illustration, not data" in static
    # 3 worker fathers per intelligentsia father, 25 per cent of leavers joining: 30 per cent (computed)
    assert "3 worker fathers per intelligentsia father gives 29.7 per cent" in static


def test_recruitment_explorer_refuses_other_rows() -> None:
    with pytest.raises(ValueError, match="'intelligentsia fathers' and 'worker fathers'"):
        explorers.recruitment_explorer(data.essay_figures("any_work_good_if_pays"))
