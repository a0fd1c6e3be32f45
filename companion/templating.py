"""HTML written from templates, escaped by default.

The reference pages' markup (the glossary, the data catalogue's cards) lives in Jinja2 templates in
``companion/templates/``, where it can be read as HTML. Every value is escaped unless the code that
built it marks it as markup (:class:`markupsafe.Markup`): the tables from
:func:`companion.tables.html_table`, which escape cell by cell, and the chapter slots.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

__all__ = ["Markup", "render"]


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("companion", "templates"),
        autoescape=select_autoescape(default_for_string=True, default=True),
        undefined=StrictUndefined,  # a misspelt name is an error, not a blank
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(template: str, **context: Any) -> str:
    """The template ``template`` filled with ``context``."""
    return _environment().get_template(template).render(**context)
