"""One source, two editions: what the student edition leaves out.

Instructor-only material lives in the same MyST files as everything else, marked one way:

* a block of prose in an ``instructor`` directive, written as a colon fence (more colons when it
  nests another colon fence)::

      :::{instructor} Marking guide for exercise 5
      ...
      :::

* a code cell tagged ``instructor`` (``:tags: [instructor]``, combinable with other tags).

The student edition removes both from the *source text* before anything else reads it, so they
cannot reach the HTML, the search index, the copied sources or a downloaded notebook. Working on
the text rather than on parsed nodes is deliberate: every output (Sphinx pages, ``_sources``,
``.ipynb`` downloads, assignment notebooks) starts from the same stripped text.
"""

from __future__ import annotations

import re
from fnmatch import fnmatch
from typing import Any

from sphinx_external_toc.parsing import parse_toc_data

STUDENT = "student"
INSTRUCTOR = "instructor"
EDITIONS = (STUDENT, INSTRUCTOR)

_OPEN_BLOCK = re.compile(r"^(?P<fence>:{3,}|`{3,})\{instructor\}")
_OPEN_CODE_CELL = re.compile(r"^(?P<fence>`{3,}|~{3,})\{code-cell\}")
_TAGS = re.compile(r"^:tags:\s*\[(?P<tags>[^\]]*)\]\s*$")


class UnclosedFence(ValueError):
    """A directive or code fence that is never closed."""


class UnclosedInstructorBlock(UnclosedFence):
    """An instructor block or cell without its closing fence: stripping it could drop the rest of the page."""


def closing_index(lines: list[str], start: int, fence: str) -> int:
    """The index of the line that closes the fence opened at ``start``: as in CommonMark (which MyST
    follows), the same character at least as many times, indented by three spaces at most."""
    closer = re.compile(rf"^ {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}\s*$")
    for index in range(start + 1, len(lines)):
        if closer.match(lines[index]):
            return index
    raise UnclosedFence(f"line {start + 1}: {lines[start].strip()!r} is never closed with {fence!r}")


def _tagged_instructor(lines: list[str], start: int) -> bool:
    """Whether the code cell opened at ``start`` has ``instructor`` among its ``:tags:``."""
    for line in lines[start + 1 :]:
        if not line.startswith(":"):
            return False
        tags = _TAGS.match(line)
        if tags:
            return INSTRUCTOR in {tag.strip().strip("'\"") for tag in tags["tags"].split(",")}
    return False


def instructor_spans(text: str) -> list[tuple[int, int]]:
    """Line spans (first, last, 0-based and inclusive) of every instructor block and cell in ``text``."""
    lines = text.splitlines()
    spans, index = [], 0
    while index < len(lines):
        block = _OPEN_BLOCK.match(lines[index])
        cell = _OPEN_CODE_CELL.match(lines[index])
        if block or (cell and _tagged_instructor(lines, index)):
            fence = (block or cell)["fence"]
            try:
                end = closing_index(lines, index, fence)
            except UnclosedFence as error:
                raise UnclosedInstructorBlock(str(error)) from None
            spans.append((index, end))
            index = end + 1
        else:
            index += 1
    return spans


def student_source(text: str) -> str:
    """``text`` without its instructor blocks and cells: the student edition of a MyST source."""
    spans = instructor_spans(text)
    if not spans:
        return text
    lines = text.splitlines(keepends=True)
    dropped = {index for first, last in spans for index in range(first, last + 1)}
    kept = [line for index, line in enumerate(lines) if index not in dropped]
    return re.sub(r"\n{3,}", "\n\n", "".join(kept))


def source_for(edition: str, text: str) -> str:
    """The source as the given edition reads it."""
    if edition not in EDITIONS:
        raise ValueError(f"Unknown edition {edition!r}: choose one of {', '.join(EDITIONS)}.")
    return text if edition == INSTRUCTOR else student_source(text)


def instructor_toc(student_toc: dict[str, Any], instructor_parts: dict[str, Any]) -> dict[str, Any]:
    """The instructor edition's table of contents: the student edition's, then the instructor parts.

    Built from ``_toc.yml`` on every build rather than kept as a second full file, so the two
    editions cannot drift apart. A page listed in both would be published to students, so it is
    refused.
    """
    from bookbuild.structure import INSTRUCTOR_TOC, reading_order

    parts = instructor_parts.get("parts")
    if not parts or "parts" not in student_toc:
        raise ValueError(f"Both _toc.yml and {INSTRUCTOR_TOC} must list their pages under 'parts:'.")
    # Names, or glob patterns such as instructor/seminar-ch*, under a stand-in root.
    stand_in = {"format": student_toc.get("format", "jb-book"), "root": "_", "parts": parts}
    patterns = reading_order(parse_toc_data(stand_in))[1:]
    students = reading_order(parse_toc_data(student_toc))
    shared = {doc for doc in students if any(fnmatch(doc, pattern) for pattern in patterns)}
    if shared:
        raise ValueError(f"{', '.join(sorted(shared))} would be in the student edition too: list it in one file only.")
    return {**student_toc, "parts": [*student_toc["parts"], *parts]}
