"""The "Used in" slots of "The essay in numbers", shared by the notebook and the Sphinx extension.

A slot is a ``<span>`` that names the measures it reports on. The notebook fills it when it runs
(so a live notebook shows it); the book's Sphinx extension (``companion.sphinx_figure_uses``)
refills it from the pages' current sources on every build, without re-executing that page. This
module imports nothing heavy, because every build of the book loads it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

USES_LINKS = "data-uses-links"
USES_COUNT = "data-uses-count"
NOT_YET_CHARTED = "not yet charted"


def is_scanned_page(docname: str) -> bool:
    """Chapter and exercise pages: the pages whose use of an essay figure is reported."""
    return docname.startswith(("book/", "exercises/")) and not docname.startswith("book/reference/")


def short_label(title: str) -> str:
    """'Chapter 2' for a chapter page titled '2. The decline ...'; otherwise the page title.
    Short enough for a narrow table column; the full title goes in the link's tooltip."""
    number = re.match(r"(\d+)\.\s", title)
    return f"Chapter {number.group(1)}" if number else title


def usage_link(href: str, title: str) -> str:
    """A link to a page that uses a figure: its short label, the full title as tooltip."""
    return f'<a href="{html.escape(href)}" title="{html.escape(title)}">{html.escape(short_label(title))}</a>'


def uses_links_slot(measure: str, links: Sequence[str]) -> str:
    """The "Used in" cell of one measure: links to the pages that use it."""
    return f'<span {USES_LINKS}="{html.escape(measure)}">{"; ".join(links) or NOT_YET_CHARTED}</span>'


def uses_count_slot(measures: Sequence[str], used: int) -> str:
    """How many of ``measures`` (one entry per figure, so repeats count) some page uses."""
    return f'<span {USES_COUNT}="{html.escape(" ".join(measures))}">{used}</span>'
