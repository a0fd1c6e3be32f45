"""Teaching notes sit where a teacher needs them: every chapter has notes on its discussion questions,
and every primary-source box is followed by a note before the next heading. Each note names the
likely misreadings, what a good answer contains and a follow-up question."""

from __future__ import annotations

import re

import pytest
from bookbuild.editions import instructor_spans
from conftest import ROOT, toc_files

CHAPTERS = [doc for doc in toc_files() if doc.startswith("book/ch")]
PATTERN = ("misreading", ("good answer", "strong answer"), "follow-up")


def notes(doc: str) -> list[tuple[int, str]]:
    """(first line, text) of each instructor block on a page."""
    lines = (ROOT / f"{doc}.md").read_text(encoding="utf-8").splitlines()
    return [(first, "\n".join(lines[first : last + 1])) for first, last in instructor_spans("\n".join(lines))]


@pytest.mark.parametrize("doc", CHAPTERS)
def test_the_discussion_questions_have_teaching_notes(doc: str) -> None:
    lines = (ROOT / f"{doc}.md").read_text(encoding="utf-8").splitlines()
    start = lines.index("## Discussion questions")
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("## "))
    inside = [text for first, text in notes(doc) if start < first < end]
    assert inside and inside[0].splitlines()[0].endswith(tuple(["questions", f"questions (chapter {doc[7]})"]))


@pytest.mark.parametrize("doc", CHAPTERS)
def test_every_primary_source_box_is_followed_by_a_teaching_note(doc: str) -> None:
    lines = (ROOT / f"{doc}.md").read_text(encoding="utf-8").splitlines()
    boxes = [i for i, line in enumerate(lines) if re.match(r"^`{3,}\{admonition\} Primary source:", line)]
    starts = [first for first, _ in notes(doc)]
    for box in boxes:
        heading = next((i for i in range(box + 1, len(lines)) if lines[i].startswith("#")), len(lines))
        assert any(box < first < heading for first in starts), f"{doc}: no teaching note after {lines[box]!r}"


@pytest.mark.parametrize("doc", [doc for doc in toc_files() if doc.startswith(("book/ch", "exercises/ch"))])
def test_teaching_notes_follow_the_pattern(doc: str) -> None:
    for _, text in notes(doc):
        if "Teaching note" in text.splitlines()[0]:
            for part in PATTERN:
                words = (part,) if isinstance(part, str) else part
                assert any(word in text.lower() for word in words), f"{doc}: {text.splitlines()[0]!r} lacks {part!r}"
