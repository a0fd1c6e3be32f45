"""The book's Reference part: timeline, glossary, people and works, catalogue, essay in numbers.

Each reference page is a notebook whose cells call one function from here, so the page's prose
stays readable and every table is drawn from ``data/`` at build time rather than typed in. Tables
are written by :func:`companion.tables.html_table` (escaped cells, links only where this module
builds them, cards on a phone).

One module per page kind: :mod:`~companion.reference.timeline`, :mod:`~companion.reference.glossary`,
:mod:`~companion.reference.people`, :mod:`~companion.reference.catalogue` and
:mod:`~companion.reference.figures` (the essay in numbers), with what they share in
:mod:`~companion.reference.common`. A page's cells import from the package.
"""

from companion.reference.catalogue import card_html, show_catalogue
from companion.reference.common import show_html
from companion.reference.figures import figures_summary, figures_table
from companion.reference.glossary import glossary_html, show_glossary, term_anchor
from companion.reference.people import show_historians, show_other_people, show_works
from companion.reference.timeline import (
    LANE_GAP_YEARS,
    PERIODS,
    lanes,
    show_timeline_chart,
    timeline_chart,
    timeline_table,
)
from companion.tables import html_table

__all__ = [
    "LANE_GAP_YEARS",
    "PERIODS",
    "card_html",
    "figures_summary",
    "figures_table",
    "glossary_html",
    "html_table",
    "lanes",
    "show_catalogue",
    "show_glossary",
    "show_historians",
    "show_html",
    "show_other_people",
    "show_timeline_chart",
    "show_works",
    "term_anchor",
    "timeline_chart",
    "timeline_table",
]
