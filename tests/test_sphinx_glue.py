"""The book's small Sphinx extensions: solution headers and citations."""

from __future__ import annotations

import pytest
from bookbuild.sphinx.citation import citations
from bookbuild.sphinx.solutions import exercise_name


@pytest.mark.parametrize(
    ("linked", "section", "named"),
    [
        ("Exercise 1 (Workers in the party)", "Try it yourself", "Exercise 1 (Workers in the party)"),
        ("Exercise", "Exercise 2. Index numbers: Leningrad's diet", "Exercise 2: Index numbers: Leningrad's diet"),
        ("Exercise 1", "Try it yourself", "Exercise 1 – Try it yourself"),
        ("Exercise 3", None, "Exercise 3"),
    ],
)
def test_a_solution_header_names_its_exercise(linked: str, section: str | None, named: str) -> None:
    assert exercise_name(linked, section) == named


def test_the_citation_takes_title_and_address_from_the_settings() -> None:
    made = citations("Workers' State, Workers' Lives", "The contributors", "2026", "https://example.org/book/")
    assert made["companion_citation"].startswith("The contributors, *Workers' State, Workers' Lives: a teaching")
    assert made["companion_citation"].endswith("(2026), <https://example.org/book/>")
    assert made["companion_in"] == "*Workers' State, Workers' Lives* (2026), <https://example.org/book/>"
    unpublished = citations("T", "A", "2026", "")
    assert unpublished["companion_in"] == "*T* (2026)" and "<" not in unpublished["companion_citation"]
