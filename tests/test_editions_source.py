"""The student edition's source: instructor blocks and cells are removed, nothing else is."""

from __future__ import annotations

from pathlib import Path

import pytest
from bookbuild.editions import (
    INSTRUCTOR,
    UnclosedInstructorBlock,
    instructor_spans,
    instructor_toc,
    source_for,
    student_source,
)
from bookbuild.structure import Book, reading_order
from sphinx_external_toc.parsing import parse_toc_data

PAGE = """# Exercise

Before.

:::{instructor} Marking guide
SENTINEL-BLOCK
:::

Between.

::::{instructor}
:::{note}
SENTINEL-NESTED
:::
::::

```{code-cell} ipython3
:tags: [remove-input, instructor]
print("SENTINEL-CELL")
```

```{code-cell} ipython3
:tags: [remove-input]
print("kept")
```

After.
"""


def test_student_source_drops_every_instructor_block_and_cell() -> None:
    student = student_source(PAGE)
    assert "SENTINEL" not in student
    for kept in ("Before.", "Between.", "After.", 'print("kept")', "# Exercise"):
        assert kept in student


def test_instructor_source_is_the_whole_text() -> None:
    assert source_for("instructor", PAGE) == PAGE
    assert source_for("student", PAGE) == student_source(PAGE)


def test_spans_cover_the_fences() -> None:
    lines = PAGE.splitlines()
    spans = instructor_spans(PAGE)
    assert [lines[first] for first, _ in spans] == [
        ":::{instructor} Marking guide",
        "::::{instructor}",
        "```{code-cell} ipython3",
    ]
    assert [lines[last] for _, last in spans] == [":::", "::::", "```"]


def test_an_unclosed_block_is_an_error_not_a_silent_cut() -> None:
    with pytest.raises(UnclosedInstructorBlock, match="never closed"):
        student_source("Text\n\n:::{instructor}\nno end\n")


def test_an_unknown_edition_is_named() -> None:
    with pytest.raises(ValueError, match="choose one of student, instructor"):
        source_for("teacher", PAGE)


STUDENT_TOC = {
    "format": "jb-book",
    "root": "book/index",
    "parts": [{"caption": "Reading", "chapters": [{"file": "book/ch2", "sections": [{"file": "book/ch2-notes"}]}]}],
}
GUIDE = {"parts": [{"caption": "Instructor guide", "chapters": [{"file": "instructor/index"}]}]}


def test_the_instructor_toc_is_the_student_toc_then_the_guide() -> None:
    toc = instructor_toc(STUDENT_TOC, GUIDE)
    assert toc["parts"][: len(STUDENT_TOC["parts"])] == STUDENT_TOC["parts"]
    assert toc["parts"][-1]["caption"] == "Instructor guide"
    assert reading_order(parse_toc_data(toc)) == ["book/index", "book/ch2", "book/ch2-notes", "instructor/index"]
    assert reading_order(parse_toc_data(STUDENT_TOC)) == ["book/index", "book/ch2", "book/ch2-notes"]  # unchanged


@pytest.mark.parametrize("entry", [{"file": "book/ch2-notes"}, {"glob": "book/ch2-*"}])
def test_a_page_in_both_tocs_is_refused(entry: dict[str, str]) -> None:
    both = {"parts": [{"caption": "Instructor guide", "chapters": [entry]}]}
    with pytest.raises(ValueError, match="book/ch2-notes would be in the student edition too"):
        instructor_toc(STUDENT_TOC, both)


def test_the_book_s_own_tocs_join() -> None:
    root = Path(__file__).resolve().parent.parent
    pages = Book.read(root, INSTRUCTOR).documents
    assert all(page.startswith("instructor/") for page in pages[len(Book.read(root).documents) :])
    assert "instructor/seminar-ch2" in pages  # found by the glob
    assert all((root / f"{page}.md").is_file() for page in pages), "a page in the instructor toc has no file"


def test_a_closing_fence_may_be_indented_as_in_commonmark() -> None:
    """One fence rule for the editions and the notebook writer: up to three spaces before the closer."""
    page = "Before.\n\n:::{instructor} Note\nSECRET\n   :::\n\nAfter.\n"
    assert student_source(page) == "Before.\n\nAfter.\n"
    with pytest.raises(UnclosedInstructorBlock, match="never closed"):
        student_source(page.replace("   :::", "    :::"))  # four spaces: indented code, not a fence
