"""Answer keys to the self-checks, read from the pages that ask them.

A chapter's self-checks are ``choice(prompt, options)`` calls in its code cells. The instructor
edition's answer key is generated from those very calls, so it cannot drift from the questions
students see. Questions are identified by their prompt, never by an option's position: the order
in which options are displayed is the quiz module's business.
"""

from __future__ import annotations

import ast
from pathlib import Path

import jupytext

from companion.quiz import Question, choice


class UnreadableSelfCheck(ValueError):
    """A ``choice(...)`` call whose prompt or options are not written out literally in the source."""


def _is_choice_call(node: ast.AST) -> bool:
    if not isinstance(node, ast.Call):
        return False
    name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
    return name == "choice"


def _argument(call: ast.Call, position: int, keyword: str) -> ast.expr | None:
    if len(call.args) > position:
        return call.args[position]
    return next((kw.value for kw in call.keywords if kw.arg == keyword), None)


def questions_in_code(code: str, where: str = "the code") -> list[Question]:
    """The self-check questions asked by ``choice(...)`` calls in a piece of Python code, in order."""
    if "choice(" not in code:
        return []
    try:
        tree = ast.parse(code)
    except SyntaxError as error:
        raise UnreadableSelfCheck(f"{where}: a cell with a self-check is not plain Python ({error.msg}).") from None
    found = []
    for call in sorted(filter(_is_choice_call, ast.walk(tree)), key=lambda c: (c.lineno, c.col_offset)):
        prompt, options = _argument(call, 0, "prompt"), _argument(call, 1, "options")
        try:
            found.append(choice(ast.literal_eval(prompt), ast.literal_eval(options)))
        except (ValueError, TypeError) as error:
            raise UnreadableSelfCheck(
                f"{where}, line {call.lineno}: the answer key needs the prompt and options of each "
                f"self-check written out as literal text ({error})."
            ) from None
    return found


def questions_in_page(path: Path) -> list[Question]:
    """Every self-check on a MyST notebook page, in the order the page asks them."""
    notebook = jupytext.read(path, fmt="md:myst")
    questions = []
    for number, cell in enumerate(notebook.cells, start=1):
        if cell.cell_type == "code":
            questions.extend(questions_in_code(cell.source, where=f"{path.name}, code cell {number}"))
    return questions
