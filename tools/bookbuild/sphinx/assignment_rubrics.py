"""``{assignment-rubric} N``: a seminar assignment's essay question or rubric, shown in the Instructor guide.

Assignments are not pages of the web book (``make assignments`` builds them into packs), so the
guide cannot link to their rubrics; a copy typed into the guide would drift. This directive reads
the rubric from where it lives – the ``{instructor} Rubric ...`` block of
``exercises/chN-assignment.md`` – and parses it in place, so the marking guide and the pack's
instructor notebook always show the same criteria and bands. ``:show: question`` gives the essay
question (task 4's quoted prompt and instructions) instead. Instructor-only, like the guide.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from bookbuild.editions import instructor_spans
from bookbuild.sphinx.editions import is_instructor

logger = logging.getLogger(__name__)

ASSIGNMENT = "exercises/ch{number}-assignment.md"
RUBRIC_TITLE = re.compile(r"^:{3,}\{instructor\}\s+Rubric\b")
ESSAY_TASK = re.compile(r"^## Task \d+\. The essay.*?\n(?P<body>.*?)\n:::\{admonition\} Hints", re.M | re.S)


class MissingPart(ValueError):
    """The assignment has no rubric block, or no essay task, where the guide expects one."""


def rubric(source: str) -> str:
    """The body of the assignment's rubric block (its title line and closing fence left out)."""
    lines = source.splitlines()
    for first, last in instructor_spans(source):
        if RUBRIC_TITLE.match(lines[first]):
            return "\n".join(lines[first + 1 : last])
    raise MissingPart("no ':::{instructor} Rubric ...' block")


def essay_question(source: str) -> str:
    """Task 4's prompt and instructions, up to its hints."""
    if match := ESSAY_TASK.search(source):
        return match["body"].strip()
    raise MissingPart("no '## Task N. The essay' section followed by its hints")


class AssignmentRubricDirective(SphinxDirective):
    """``{assignment-rubric} N`` with ``:show: rubric`` (the default) or ``:show: question``."""

    required_arguments = 1
    option_spec: ClassVar[dict] = {"show": lambda value: directives.choice(value, ("rubric", "question"))}

    def run(self) -> list[nodes.Node]:
        if not is_instructor(self.env.app):
            logger.error("{assignment-rubric} is instructor-only material in a student page.", location=self)
            return []
        relative = ASSIGNMENT.format(number=self.arguments[0])
        path = Path(self.env.app.confdir) / relative
        if not path.is_file():
            logger.error(f"{{assignment-rubric}}: {relative} does not exist", location=self)
            return []
        self.env.note_dependency(str(path))
        source = path.read_text(encoding="utf-8")
        try:
            text = essay_question(source) if self.options.get("show") == "question" else rubric(source)
        except MissingPart as problem:
            logger.error(f"{{assignment-rubric}}: {relative} has {problem}", location=self)
            return []
        container = nodes.container(classes=["assignment-rubric"])
        self.state.nested_parse(StringList(text.splitlines(), relative), 0, container)
        return [container]


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("assignment-rubric", AssignmentRubricDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
