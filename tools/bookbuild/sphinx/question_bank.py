"""``{question-bank} N``: a chapter's exam questions, rendered from ``instructor/question-bank/chN.yml``.

The bank is data (``bookbuild.question_bank``) so that learning-platform exports read the same
questions the page shows. The directive writes each question as MyST (prompt, options with the key
and feedback, marking guidance) and parses it in place, so guidance can use the book's Markdown.
``:kind:`` limits it to one kind of question, which lets the page put each kind under its own
heading. Instructor-only: in a student page it is an error, like the guide's other directives.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from bookbuild.question_bank import KINDS, BadQuestionBank, BankQuestion, bank_files, load_bank
from bookbuild.sphinx.editions import is_instructor

logger = logging.getLogger(__name__)


class QuestionBankDirective(SphinxDirective):
    """``{question-bank} N`` with an optional ``:kind:`` (short-answer, essay, multiple-choice)."""

    required_arguments = 1
    option_spec: ClassVar[dict] = {"kind": lambda value: directives.choice(value, tuple(KINDS))}

    def run(self) -> list[nodes.Node]:
        if not is_instructor(self.env.app):
            logger.error("{question-bank} is instructor-only material in a student page.", location=self.get_location())
            return []
        root = Path(self.env.app.confdir)
        paths = {path.stem: path for path in bank_files(root)}
        path = paths.get(f"ch{self.arguments[0]}")
        if path is None:
            known = ", ".join(sorted(paths))
            message = f"{{question-bank}}: no bank for chapter {self.arguments[0]} (there are: {known})"
            logger.error(message, location=self)
            return []
        self.env.note_dependency(str(path))
        try:
            bank = load_bank(path)
        except BadQuestionBank as error:
            logger.error(str(error), location=self)
            return []
        chosen = [question for question in bank.questions if self.options.get("kind", question.kind) == question.kind]
        container = nodes.container(classes=["question-bank"])
        markdown = "\n\n".join(_as_myst(question) for question in chosen) or "None yet."
        self.state.nested_parse(StringList(markdown.splitlines(), str(path)), 0, container)
        return [container]


def _as_myst(question: BankQuestion) -> str:
    """One question as MyST: a tag line, the prompt, the options (closed questions), the guidance."""
    marks = f"{question.marks} mark{'s' if question.marks > 1 else ''}"
    tags = f"**{question.id}** · {KINDS[question.kind]} · {marks} · skill: *{', '.join(question.skills)}*"
    parts = [tags, question.prompt]
    if question.options:
        parts.append(
            "\n".join(
                f"- {'**Key:**' if option.correct else 'Wrong:'} {option.text} – {option.feedback}"
                for option in question.options
            )
        )
    parts.append(f"**Marking guidance.** {question.guidance}")
    return "\n\n".join(parts)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("question-bank", QuestionBankDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
