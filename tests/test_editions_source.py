"""The student edition's source: instructor blocks and cells are removed, nothing else is."""

from __future__ import annotations

import pytest

from companion.editions import UnclosedInstructorBlock, instructor_spans, source_for, student_source

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
