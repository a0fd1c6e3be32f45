"""Self-checks and answer checks: instant feedback without a kernel, and no tracebacks for students."""

from __future__ import annotations

import html

import pytest

from companion import checks, data, explorers
from companion.quiz import Option, choice


def test_question_renders_radios_with_worded_feedback() -> None:
    question = choice("Which?", [("A", True, "Because."), ("B", False, "No, because.")])
    html = question._repr_html_()
    assert html.count('type="radio"') == 2
    assert "<legend>Which?</legend>" in html
    assert "<strong>Right.</strong> Because." in html and "<strong>Not quite.</strong>" in html
    assert "<script" not in html  # works on a static page and in an untrusted notebook alike
    assert ":checked ~ .cq-fb" in html


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


def test_explorer_bundle_has_widget_and_static_twin(monkeypatch: pytest.MonkeyPatch) -> None:
    shown = []
    monkeypatch.setattr(explorers, "display", lambda bundle, raw: shown.append(bundle))
    explorers.change_explorer(data.essay_figures(chapter=2))
    bundle = shown[0]
    assert "application/vnd.jupyter.widget-view+json" in bundle
    static = bundle["text/html"]
    assert "Static version of a live explorer" in static and "updatemenus" in static
    assert "x2.71" in static  # 12 -> 32.5 per cent, computed


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
