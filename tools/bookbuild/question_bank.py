"""The question bank: exam questions per chapter, kept as data so that pages and exports share them.

Each chapter's bank is a YAML file, ``instructor/question-bank/chN.yml`` (the format is described in
``instructor/question-bank/README.md``). The instructor edition renders it as a page
(``bookbuild.sphinx.question_bank``); an LMS export reads the closed questions as
:class:`companion.quiz.Question` objects, the same type the self-checks' answer key yields, so one
exporter serves both. Instructor-only: nothing here is ever built into the student edition.

A bank is checked when it is read: a question with an unknown skill, no marking guidance, or a
closed question without exactly one right answer and feedback on every option stops the build with
the file and question named, rather than reaching a lecturer half-formed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from companion.quiz import Option, Question

BANK_FOLDER = Path("instructor") / "question-bank"
SKILLS = ("sourcing", "contextualization", "corroboration", "close reading", "numeracy")
KINDS = {"short-answer": "Short answer", "essay": "Essay", "multiple-choice": "Multiple choice"}


class BadQuestionBank(ValueError):
    """A bank that cannot be used as it stands; the message names the file and the question."""


@dataclass(frozen=True)
class BankQuestion:
    """One question of a bank: its prompt, what it tests and how to mark it."""

    id: str
    kind: str
    skills: tuple[str, ...]
    marks: int
    prompt: str
    guidance: str
    options: tuple[Option, ...] = ()

    @property
    def closed(self) -> bool:
        """Closed questions have options and one key: the ones a learning platform can mark."""
        return self.kind == "multiple-choice"

    def as_quiz_question(self) -> Question:
        """The closed question as the self-checks' type, for exporters (prompt, options, feedback)."""
        if not self.closed:
            raise BadQuestionBank(f"{self.id} is an open question: it has no options to export")
        return Question(self.prompt, self.options)


@dataclass(frozen=True)
class Bank:
    """A chapter's bank, in the order the file gives."""

    chapter: int
    questions: tuple[BankQuestion, ...]

    def closed_questions(self) -> list[Question]:
        return [question.as_quiz_question() for question in self.questions if question.closed]


def bank_files(root: Path) -> list[Path]:
    """Every chapter's bank under ``root``, chapter 1 first."""
    return sorted((root / BANK_FOLDER).glob("ch*.yml"), key=lambda path: int(path.stem.removeprefix("ch")))


def load_bank(path: Path) -> Bank:
    """Read and check one chapter's bank."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise BadQuestionBank(f"{path}: not valid YAML ({error})") from error
    if not isinstance(data, dict) or not isinstance(data.get("questions"), list):
        raise BadQuestionBank(f"{path}: expected a mapping with 'chapter' and a list of 'questions'")
    if data.get("chapter") != int(path.stem.removeprefix("ch")):
        raise BadQuestionBank(f"{path}: 'chapter' must be {path.stem.removeprefix('ch')}, as the file's name says")
    entries = enumerate(data["questions"], start=1)
    questions = tuple(_question(entry, f"{path}, question {number}") for number, entry in entries)
    ids = [question.id for question in questions]
    if duplicates := sorted({qid for qid in ids if ids.count(qid) > 1}):
        raise BadQuestionBank(f"{path}: question ids used twice: {', '.join(duplicates)}")
    return Bank(chapter=data["chapter"], questions=questions)


def _question(entry: object, where: str) -> BankQuestion:
    if not isinstance(entry, dict):
        raise BadQuestionBank(f"{where}: expected a mapping of id, kind, skills, marks, question, guidance")
    where = f"{where} ({entry.get('id', 'no id')})"
    missing = [key for key in ("id", "kind", "skills", "marks", "question", "guidance") if not entry.get(key)]
    if missing:
        raise BadQuestionBank(f"{where}: missing {', '.join(missing)}")
    if entry["kind"] not in KINDS:
        raise BadQuestionBank(f"{where}: kind {entry['kind']!r} is not one of {', '.join(KINDS)}")
    skills = tuple(entry["skills"]) if isinstance(entry["skills"], list) else (entry["skills"],)
    if unknown := [skill for skill in skills if skill not in SKILLS]:
        raise BadQuestionBank(f"{where}: unknown skill {', '.join(map(repr, unknown))}; use {', '.join(SKILLS)}")
    if not isinstance(entry["marks"], int) or entry["marks"] < 1:
        raise BadQuestionBank(f"{where}: marks must be a whole number of at least 1")
    options = _options(entry.get("options"), where) if entry["kind"] == "multiple-choice" else ()
    if entry.get("options") and not options:
        raise BadQuestionBank(f"{where}: only multiple-choice questions have options")
    return BankQuestion(
        id=str(entry["id"]),
        kind=entry["kind"],
        skills=skills,
        marks=entry["marks"],
        prompt=" ".join(str(entry["question"]).split()),
        guidance=str(entry["guidance"]).strip(),
        options=options,
    )


def _options(raw: object, where: str) -> tuple[Option, ...]:
    if not isinstance(raw, list) or len(raw) < 2:
        raise BadQuestionBank(f"{where}: a multiple-choice question needs at least two options")
    options = []
    for option in raw:
        if not isinstance(option, dict) or not option.get("text") or not option.get("feedback"):
            raise BadQuestionBank(f"{where}: every option needs 'text' and 'feedback' (why it is right or wrong)")
        options.append(Option(str(option["text"]), bool(option.get("correct", False)), str(option["feedback"])))
    if sum(option.correct for option in options) != 1:
        raise BadQuestionBank(f"{where}: exactly one option must have 'correct: true'")
    return tuple(options)
