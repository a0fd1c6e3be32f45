"""Placeholders the book fills in: links that depend on which pages the book has.

A reference table says which chapter an entry belongs to and which pages use an essay figure.
Those links depend on the built book (which pages exist, under which titles), and a notebook knows
nothing of that: it may run in the book's build, in a live clone, or downloaded into any folder.
So a notebook writes a *slot*, a ``<span>`` that names what it stands for and says something
true on its own; the book's Sphinx extension (``bookbuild.sphinx.slots``) replaces its content
with the links when it writes the page, from the pages' current sources, without re-executing
the notebook. This module imports nothing heavy.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

USES_LINKS = "data-uses-links"
USES_COUNT = "data-uses-count"
CHAPTER_LINK = "data-chapter-link"
NOT_YET_CHARTED = "not yet charted"
SEE_THE_WEB_BOOK = "see the web book"


def uses_links_slot(measure: str) -> str:
    """The "Used in" cell of one measure: the book fills in links to the pages that use it."""
    return f'<span {USES_LINKS}="{html.escape(measure)}">{SEE_THE_WEB_BOOK}</span>'


def uses_count_slot(measures: Sequence[str]) -> str:
    """How many of ``measures`` (one entry per figure, so repeats count) some page uses."""
    return f'<span {USES_COUNT}="{html.escape(" ".join(measures))}">{SEE_THE_WEB_BOOK}</span>'


def chapter_slot(chapter: int) -> str:
    """A chapter number, which the book links to the chapter's page once that page exists."""
    return f'<span {CHAPTER_LINK}="{int(chapter)}">{int(chapter)}</span>'
