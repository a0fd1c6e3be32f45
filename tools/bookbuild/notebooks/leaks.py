"""Checks that nothing the book keeps from students reaches a notebook: MyST markup a plain Jupyter
would show raw, and the distinctive lines of instructor material."""

from __future__ import annotations

import re

import nbformat

from bookbuild.editions import instructor_spans, student_source

_LEFTOVERS = {
    "directive": re.compile(r"^\s*(`{3,}|~{3,}|:{3,})\{[^}]*\}.*$", re.MULTILINE),
    "role": re.compile(r"\{[A-Za-z][\w:+.-]*\}`[^`]*`"),
    "substitution": re.compile(r"\{\{\s*[\w.-]+\s*\}\}"),
    "directive option": re.compile(r"^:(class|label|tags|nonumber|name|dropdown|open):.*$", re.MULTILINE),
    "target": re.compile(r"^\([^()\s]+\)=\s*$", re.MULTILINE),
}


def leftover_myst(notebook: nbformat.NotebookNode) -> list[str]:
    """MyST markup left in a notebook's Markdown cells, and any use of ``myst_nb`` in its code."""
    found = []
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "markdown":
            for kind, pattern in _LEFTOVERS.items():
                found += [f"cell {index}: {kind} {m.group(0).strip()[:60]!r}" for m in pattern.finditer(cell.source)]
        elif cell.cell_type == "code" and "myst_nb" in cell.source:
            found.append(f"cell {index}: imports myst_nb")
    return found


def instructor_lines(text: str, *, shortest: int = 25) -> list[str]:
    """Distinctive lines of a source's instructor blocks and cells: if one of them turns up in a
    student output, instructor material has leaked. Short lines (fences, "**Bands.**") are skipped
    because they could occur anywhere, and so are lines the student source has too (a common line of
    code such as ``change = derive.compare(old, new)`` is not instructor material)."""
    lines = text.splitlines()
    public = {line.strip() for line in student_source(text).splitlines()}
    found = []
    for first, last in instructor_spans(text):
        found += [
            line.strip()
            for line in lines[first + 1 : last]
            if len(line.strip()) >= shortest and line.strip() not in public
        ]
    return found
