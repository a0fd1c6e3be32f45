"""A stand-in for ``myst_nb.glue`` in the notebooks students download.

In the book, ``glue(name, value)`` hands a computed number to the prose around it. A downloaded
notebook has no book to paste into (its prose already carries the numbers the build computed), and
a plain Jupyter has no ``myst_nb``; so the student notebook imports this instead, which shows the
value when asked to display it and otherwise does nothing.
"""

from __future__ import annotations

from IPython.display import display as show


def glue(name: str, value: object, display: bool = True) -> None:
    """Show ``value`` if ``display`` is true; ``name`` is kept for the call to read as in the book."""
    if display:
        show(value)
