"""pybtex's plugin lookups, answered once per build.

sphinxcontrib-bibtex asks pybtex for a plugin (a style, a backend) each time it formats or resolves
a citation, and pybtex answers each question by reading the entry points of every installed
distribution (``importlib.metadata.entry_points``): with the book's environment some 25 ms a
question, for about 200 questions a build, a second and a half in all. Installed distributions
cannot change while a build runs, so the first answer to each (group, name) question is kept for
the rest of it. Failures are not kept: a missing plugin fails again, with pybtex's own message.
"""

from __future__ import annotations

import functools
from typing import Any

import pybtex.plugin
from sphinx.application import Sphinx


def remember_lookups() -> None:
    """Keep pybtex's answers (idempotent: a second call keeps the first cache)."""
    lookup = pybtex.plugin._load_entry_point  # the one function every lookup goes through
    if not hasattr(lookup, "cache_info"):
        pybtex.plugin._load_entry_point = functools.lru_cache(maxsize=None)(lookup)


def setup(app: Sphinx) -> dict[str, Any]:
    remember_lookups()
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
