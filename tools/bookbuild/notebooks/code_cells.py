"""Code cells for a plain Jupyter: ``myst_nb`` imports swapped for :mod:`companion.glue`, cells the
book hides collapsed, and a self-check's options and key encoded so the answer is not read at a glance."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

import nbformat

from bookbuild.notebooks.context import ConversionError
from companion.quiz import Question, encode_question

HIDE_SOURCE = {"remove-cell", "remove-input", "hide-input", "hide-cell"}
HIDE_OUTPUT = {"hide-output", "hide-cell"}
_SELF_CHECK_NOTE = "# A self-check: run the cell, then choose an answer. Its key is encoded, not hidden."


def _encoded_self_check(source: str, rendered: Iterator[Question] | None = None) -> str | None:
    """A cell that ends in a ``choice(...)`` call, rewritten to load that question from an encoded bank.

    A literal call is encoded as written. A call that computes its prompt or options from the data
    (an f-string, a derived number) is encoded from ``rendered``, the page's self-checks as the build
    displayed them, in order; statements before the call stay, since they hold no key."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    last = tree.body[-1] if tree.body else None
    if not isinstance(last, ast.Expr) or not isinstance(last.value, ast.Call):
        return None
    call = last.value
    name = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
    if name != "choice" or call.keywords or len(call.args) != 2:
        return None
    shown = next(rendered, None) if rendered is not None else None
    try:
        prompt, options = (ast.literal_eval(arg) for arg in call.args)
    except ValueError:
        if shown is None:
            return None
        prompt, options = shown.prompt, [(o.text, o.correct, o.feedback) for o in shown.options]
    code = encode_question(prompt, options)
    before = "\n".join(source.splitlines()[: last.lineno - 1]).rstrip()
    head = f"{before}\n" if before else ""
    return f'{_SELF_CHECK_NOTE}\n{head}from companion.quiz import from_bank\n\nfrom_bank("{code}")'


def student_code(source: str, docname: str) -> str:
    lines = []
    for line in source.split("\n"):
        if re.fullmatch(r"\s*from myst_nb import glue\s*", line):
            line = line.replace("from myst_nb import glue", "from companion.glue import glue")
        elif "myst_nb" in line:
            raise ConversionError(f"{docname}: a code cell uses myst_nb, which a plain Jupyter lacks: {line.strip()}")
        lines.append(line)
    return "\n".join(lines)


def code_cell(
    cell: nbformat.NotebookNode, docname: str, *, rendered: Iterator[Question] | None = None
) -> nbformat.NotebookNode:
    tags = list(cell.metadata.get("tags", []))
    source = student_code(cell.source, docname)
    encoded = _encoded_self_check(source, rendered)
    if encoded:
        source = encoded
    hidden = {
        "source_hidden": bool(HIDE_SOURCE & set(tags)) or bool(encoded),
        "outputs_hidden": bool(HIDE_OUTPUT & set(tags)),
    }
    metadata: dict = {}
    if tags:
        metadata["tags"] = tags
    if any(hidden.values()):
        metadata["jupyter"] = {key: True for key, value in hidden.items() if value}
    return nbformat.v4.new_code_cell(source, metadata=metadata)
