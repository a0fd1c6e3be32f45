"""The one place the extension's parts keep what they learn about pages between builds.

Sphinx pickles the build environment, so what a part notes while reading a page (the identifiers
it names, its slots, its instructor blocks) survives to the next incremental build if it lives
there. Every such note is a table keyed by page: :func:`page_table` gives a part its table, and
one :class:`PageTables` collector (Sphinx's documented way to keep per-page data) forgets a page's
rows when the page is re-read or removed, and merges the rows of pages read in parallel.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.environment.collectors import EnvironmentCollector

ATTRIBUTE = "companion_page_tables"


def page_table(env: BuildEnvironment, name: str) -> dict[str, Any]:
    """The table ``name``: ``{docname: value}``, created empty on first use."""
    tables: dict[str, dict[str, Any]] = env.__dict__.setdefault(ATTRIBUTE, {})
    return tables.setdefault(name, {})


class PageTables(EnvironmentCollector):
    """Keeps every part's page tables in step with the pages Sphinx reads."""

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        for table in env.__dict__.get(ATTRIBUTE, {}).values():
            table.pop(docname, None)

    def merge_other(self, app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
        for name, theirs in other.__dict__.get(ATTRIBUTE, {}).items():
            page_table(env, name).update({doc: value for doc, value in theirs.items() if doc in docnames})

    def process_doc(self, app: Sphinx, doctree: Any) -> None:
        """Nothing to do: each part writes its own rows as it reads a page."""


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_env_collector(PageTables)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
