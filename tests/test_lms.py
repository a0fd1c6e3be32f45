"""The learning-platform exports read back as a platform would read them: the Canvas QTI package's
items and the Moodle XML questions, each with its key and every option's feedback. Keys are checked
against the book's own answer key (the instructor edition's page, generated from the rendered
self-checks), so an export that keys an option differently from the book fails."""

from __future__ import annotations

import html
import io
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from bookbuild.lms import Quiz, export, moodle_xml, qti_package, self_check_quizzes
from bs4 import BeautifulSoup
from conftest import ROOT

from companion.quiz import choice

QTI = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
# A question whose text Markdown and XML would both mangle if it were not escaped.
AWKWARD = choice(
    "Workers were 12 per cent in 1928 (Smith, n. 8) & 32.5 in 1939: is 2 * 10 < 32.5 - $12 [sic]?",
    [
        ("A rise of 20.5 points & about 171 per cent.", True, 'Points are a "difference"; per_cent is relative.'),
        ("1. <b>20.5 per cent</b>", False, "20.5 is #the difference in <points>, not per cent."),
        ("None of them", False, ""),
    ],
)

Read = list[tuple[str, set[tuple[str, bool, str]]]]  # (prompt, {(option, correct, feedback)}) per question


# Sphinx curls the quotes of the answer-key page (smartquotes); the self-checks keep straight ones.
STRAIGHT_QUOTES = str.maketrans("\u2018\u2019\u201c\u201d", "''\"\"")


def plain(markup: str | None) -> str:
    """The text a platform shows for an HTML fragment, quotes straightened."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", markup or "")).translate(STRAIGHT_QUOTES).split())


def words(element: object) -> str:
    return straight(element.get_text())


def read_qti(package: bytes) -> Read:
    """The questions of a QTI zip: the option a full-score condition names is the key."""
    archive = zipfile.ZipFile(io.BytesIO(package))
    assert "imsmanifest.xml" in archive.namelist(), "Canvas needs the manifest"
    (name,) = [n for n in archive.namelist() if n.endswith(".xml") and "/" in n and "meta" not in n]
    questions = []
    for item in ET.fromstring(archive.read(name)).iter(f"{QTI}item"):
        prompt = plain(item.find(f"{QTI}presentation/{QTI}material/{QTI}mattext").text)
        labels = {
            label.get("ident"): plain(label.find(f".//{QTI}mattext").text)
            for label in item.iter(f"{QTI}response_label")
        }
        feedback = {fb.get("ident"): plain(fb.find(f".//{QTI}mattext").text) for fb in item.iter(f"{QTI}itemfeedback")}
        keys = {
            condition.find(f".//{QTI}varequal").text
            for condition in item.iter(f"{QTI}respcondition")
            if (score := condition.find(f"{QTI}setvar")) is not None and score.text == "100"
        }
        options = {(text, ident in keys, feedback.get(f"{ident}_fb", "")) for ident, text in labels.items()}
        questions.append((prompt, options))
    return questions


def read_moodle(document: bytes) -> Read:
    """The multiple-choice questions of a Moodle XML file: fraction 100 is the key."""
    questions = []
    for question in ET.fromstring(document).iter("question"):
        if question.get("type") != "multichoice":
            continue
        options = {
            (plain(answer.findtext("text")), answer.get("fraction") == "100", plain(answer.findtext("feedback/text")))
            for answer in question.iter("answer")
        }
        questions.append((plain(question.findtext("questiontext/text")), options))
    return questions


def straight(text: str) -> str:
    return " ".join(text.translate(STRAIGHT_QUOTES).split())


def as_read(questions: tuple) -> Read:
    return [
        (straight(q.prompt), {(straight(o.text), o.correct, straight(o.feedback)) for o in q.options})
        for q in questions
    ]


def test_both_exports_keep_every_prompt_option_key_and_feedback_exactly() -> None:
    second = choice("Second?", [("Yes", False, "No: 1 > 2 is false."), ("No", True, "Indeed.")])
    quiz = Quiz("awkward", "A quiz & its <title>", (AWKWARD, second))
    expected = as_read(quiz.questions)
    assert read_qti(qti_package(quiz)) == expected
    assert read_moodle(moodle_xml(quiz)) == expected


def test_exports_show_options_in_the_books_order_not_the_key_first() -> None:
    shown = [option.text for option in AWKWARD.shown]
    quiz = Quiz("order", "Order", (AWKWARD,))
    moodle = [plain(answer.findtext("text")) for answer in ET.fromstring(moodle_xml(quiz)).iter("answer")]
    assert moodle == shown


def test_a_missing_build_is_named_not_a_traceback(tmp_path: Path) -> None:
    from bookbuild.lms import ExportError

    with pytest.raises(ExportError, match="run `make book` first"):
        self_check_quizzes(tmp_path)


def as_key_lines(read: Read) -> list[tuple[str, set[tuple[str, bool]]]]:
    """Questions as the answer-key page words them: "option – feedback", right or not."""
    return [(prompt, {(f"{t} – {f}" if f else t, right) for t, right, f in options}) for prompt, options in read]


def answer_key_page(instructor_html: Path) -> dict[str, list]:
    """The instructor edition's answer key, page title -> questions ("Right: X – why" lines)."""
    soup = BeautifulSoup((instructor_html / "instructor/answer-keys.html").read_text(encoding="utf-8"), "html.parser")
    key: dict[str, list] = {}
    for heading in soup.select("p.self-check-key-page"):
        questions = []
        for item in heading.find_next_sibling("ol").find_all("li", recursive=False):
            prompt = words(item.select_one("p.self-check-key-prompt"))
            options = set()
            for line in item.select("li.self-check-right, li.self-check-wrong"):
                verdict, _, rest = words(line).partition(": ")
                options.add((rest, verdict == "Right"))
            questions.append((prompt, options))
        key[words(heading)] = questions
    return key


def test_every_exported_key_matches_the_books_answer_key(
    built_book: Path, instructor_book: Path, tmp_path: Path
) -> None:
    quizzes = self_check_quizzes(built_book)
    key = answer_key_page(instructor_book)
    written = export(quizzes, tmp_path)
    assert len(written) == 2 * len(quizzes)
    titles = [straight(quiz.title.removeprefix("Self-checks: ")) for quiz in quizzes]
    assert titles == list(key), "a page's quiz is missing"
    for quiz in quizzes:
        expected = key[straight(quiz.title.removeprefix("Self-checks: "))]
        canvas = read_qti((tmp_path / "canvas" / f"{quiz.slug}.zip").read_bytes())
        moodle = read_moodle((tmp_path / "moodle" / f"{quiz.slug}.xml").read_bytes())
        assert as_key_lines(canvas) == expected, quiz.title
        assert as_key_lines(moodle) == expected, quiz.title
    assert sum(len(quiz.questions) for quiz in quizzes) >= 5 * 5, "fewer self-checks than five chapters ask"


def test_the_question_banks_closed_questions_export_with_their_keys(tmp_path: Path) -> None:
    """Runs once the question bank (bookbuild.question_bank, written alongside) is in the tree."""
    question_bank = pytest.importorskip("bookbuild.question_bank", reason="the question bank has not merged yet")
    from bookbuild.lms import question_bank_quizzes

    quizzes = question_bank_quizzes()
    banks = [question_bank.load_bank(path) for path in question_bank.bank_files(ROOT)]
    closed = [len(bank.closed_questions()) for bank in banks if bank.closed_questions()]
    assert [len(quiz.questions) for quiz in quizzes] == closed
    export(quizzes, tmp_path)
    for quiz in quizzes:
        assert read_qti((tmp_path / "canvas" / f"{quiz.slug}.zip").read_bytes()) == as_read(quiz.questions)
        assert read_moodle((tmp_path / "moodle" / f"{quiz.slug}.xml").read_bytes()) == as_read(quiz.questions)
