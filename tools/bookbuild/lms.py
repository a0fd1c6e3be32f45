"""Quizzes for a learning platform: the book's self-checks as a Canvas QTI package and as Moodle XML::

    python -m bookbuild.lms                 # reads _build/html (make book first) -> _build/lms
    make lms                                # the same, building the book first

One quiz per page that asks self-checks, each question with its key and the feedback of every
option. The questions are read from the pages as the book renders them (``bookbuild.answer_key``,
the same reader as the instructor edition's answer key), so an export always matches what students
saw, computed prompts included. When the question bank (``bookbuild.question_bank``) is present,
its closed questions are exported too, one quiz per chapter: those are instructor material, which is
why the exports are written beside the book, never inside it.

* ``canvas/<quiz>.zip``: QTI 1.2 written by text2qti, the format Canvas's "QTI .zip file" import
  reads (Settings → Import course content);
* ``moodle/<quiz>.xml``: Moodle XML (Question bank → Import → Moodle XML format), one category
  per quiz.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from bookbuild import answer_key
from bookbuild.structure import REPOSITORY, Book, page_title
from companion.quiz import Question

OUTPUT = REPOSITORY / "_build" / "lms"
# Characters Python-Markdown (which text2qti renders with) would read as markup: "$" is text2qti's
# math, and its smarty extension would curl straight quotes and turn "--" and "..." into dashes.
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|$~\"'])")


class ExportError(Exception):
    """An export that cannot be made; the message says what to do."""


@dataclass(frozen=True)
class Quiz:
    """One quiz for the platform: a slug for its files, the title teachers see, its questions."""

    slug: str
    title: str
    questions: tuple[Question, ...]


def self_check_quizzes(html_root: Path, root: Path = REPOSITORY) -> list[Quiz]:
    """A quiz for every page of the built student book that asks self-checks, in reading order."""
    if not (html_root / "index.html").is_file():
        raise ExportError(f"No built book in {html_root}: run `make book` first.")
    quizzes = []
    for docname in Book.read(root).documents:
        page = html_root / f"{docname}.html"
        if not page.is_file():
            raise ExportError(
                f"{page} is missing: the built book is older than the table of contents; run `make book`."
            )
        questions = answer_key.questions_in_html(page.read_text(encoding="utf-8"), where=docname)
        if questions:
            title = f"Self-checks: {page_title(root / f'{docname}.md')}"
            quizzes.append(Quiz(Path(docname).name + "-self-checks", title, tuple(questions)))
    if not quizzes:
        raise ExportError(f"The book in {html_root} asks no self-check: nothing to export.")
    return quizzes


def question_bank_quizzes(root: Path = REPOSITORY) -> list[Quiz]:
    """The question bank's closed questions, one quiz per chapter; none while the bank is not in
    this tree (it is written alongside this exporter and joins it when both have merged)."""
    try:
        from bookbuild import question_bank
    except ImportError:
        return []
    quizzes = []
    for path in question_bank.bank_files(root):
        bank = question_bank.load_bank(path)
        if questions := bank.closed_questions():
            title = f"Question bank, chapter {bank.chapter}: closed questions"
            quizzes.append(Quiz(f"ch{bank.chapter}-question-bank", title, tuple(questions)))
    return quizzes


def _markdown_text(text: str) -> str:
    """Plain text as Markdown that renders back to the same text (text2qti reads Markdown)."""
    text = html.escape(" ".join(text.split()), quote=False)
    return _MARKDOWN_SPECIALS.sub(r"\\\1", text)


def text2qti_source(quiz: Quiz) -> str:
    """The quiz in text2qti's plain-text format: ``*a)`` marks the key, ``...`` an option's feedback.
    Options keep the order the book shows them in, which never gives the key away."""
    lines = [f"Quiz title: {_markdown_text(quiz.title)}", ""]
    for number, question in enumerate(quiz.questions, start=1):
        lines += [f"Title: Question {number}", f"{number}.  {_markdown_text(question.prompt)}"]
        for letter, option in zip("abcdefghijklmnopqrstuvwxyz", question.shown, strict=False):
            lines.append(f"{'*' if option.correct else ''}{letter}) {_markdown_text(option.text)}")
            if option.feedback:
                lines.append(f"... {_markdown_text(option.feedback)}")
        lines.append("")
    return "\n".join(lines)


def qti_package(quiz: Quiz) -> bytes:
    """The quiz as the QTI zip text2qti writes for Canvas (no LaTeX, no code run, no config file read)."""
    from text2qti.config import Config
    from text2qti.err import Text2qtiError
    from text2qti.qti import QTI
    from text2qti.quiz import Quiz as Text2qtiQuiz

    try:
        parsed = Text2qtiQuiz(text2qti_source(quiz), config=Config(), source_name=quiz.slug)
    except Text2qtiError as error:
        raise ExportError(f"{quiz.title}: text2qti refused the quiz ({error})") from None
    return QTI(parsed).zip_bytes()


def _text(parent: ET.Element, tag: str, text: str, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    ET.SubElement(element, "text").text = text
    return element


def moodle_xml(quiz: Quiz) -> bytes:
    """The quiz as Moodle XML: a category named after the quiz, then one single-answer
    multiple-choice question per self-check, with a feedback for every option."""
    root = ET.Element("quiz")
    category = ET.SubElement(root, "question", type="category")
    _text(category, "category", f"$course$/top/Workers' State, Workers' Lives/{quiz.title}")
    for number, question in enumerate(quiz.questions, start=1):
        item = ET.SubElement(root, "question", type="multichoice")
        _text(item, "name", f"{quiz.title}: question {number}")
        _text(item, "questiontext", f"<p>{html.escape(question.prompt)}</p>", format="html")
        ET.SubElement(item, "defaultgrade").text = "1"
        ET.SubElement(item, "single").text = "true"
        ET.SubElement(item, "shuffleanswers").text = "true"
        ET.SubElement(item, "answernumbering").text = "abc"
        for option in question.shown:
            answer = _text(item, "answer", html.escape(option.text), fraction="100" if option.correct else "0")
            answer.set("format", "html")
            _text(answer, "feedback", html.escape(option.feedback), format="html")
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def export(quizzes: list[Quiz], output: Path) -> list[Path]:
    """Write each quiz as a Canvas QTI zip and as Moodle XML under ``output``; returns the files."""
    written = []
    for quiz in quizzes:
        for folder, suffix, content in (("canvas", "zip", qti_package(quiz)), ("moodle", "xml", moodle_xml(quiz))):
            path = output / folder / f"{quiz.slug}.{suffix}"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
            written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bookbuild.lms", description=__doc__.split("\n\n")[0])
    parser.add_argument("--html", type=Path, default=REPOSITORY / "_build" / "html", help="the built student book")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    try:
        quizzes = self_check_quizzes(args.html) + question_bank_quizzes()
        written = export(quizzes, args.output)
    except (ExportError, answer_key.UnreadableSelfCheck) as error:
        print(error, file=sys.stderr)
        return 1
    questions = sum(len(quiz.questions) for quiz in quizzes)
    print(f"{len(quizzes)} quizzes, {questions} questions, written to {args.output}:")
    for path in written:
        print(f"  {path.relative_to(args.output)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
