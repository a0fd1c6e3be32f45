"""What a page's notebook needs from the book as a whole: substitutions, the bibliography as
author-year citations, which pages are notebooks, the runtime wheel and the site's address; and
the values a page glued when the build executed it."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from bookbuild.runtime_wheel import wheel_name
from bookbuild.structure import Book, read_config

if TYPE_CHECKING:
    from sphinx.application import Sphinx


class ConversionError(ValueError):
    """A source the student notebook cannot be made from without leaking or losing something."""


@dataclass(frozen=True)
class Citation:
    """How a cited work reads in a notebook: in brackets, in a sentence, and in full."""

    parenthetical: str
    textual: str
    reference: str


@dataclass(frozen=True)
class BookContext:
    """What every page's notebook needs from the book as a whole."""

    substitutions: Mapping[str, str] = field(default_factory=dict)
    citations: Mapping[str, Citation] = field(default_factory=dict)
    notebook_pages: frozenset[str] = frozenset()
    # The runtime wheel's file name, and the book's published address (``html.baseurl``, may be "").
    wheel: str = ""
    site: str = ""

    @classmethod
    def of(
        cls,
        root: Path,
        *,
        substitutions: Mapping[str, object],
        bibfiles: Iterable[str],
        notebook_pages: Iterable[str],
        site: str,
    ) -> BookContext:
        """The context of the book in ``root`` from its configuration's values, wherever they were
        read: ``bibfiles`` are relative to ``root``, ``site`` is ``html.baseurl`` ("" for none)."""
        return cls(
            substitutions={str(k): str(v) for k, v in substitutions.items()},
            citations=read_citations(root / name for name in bibfiles),
            notebook_pages=frozenset(notebook_pages),
            wheel=wheel_name(root),
            site=str(site or ""),
        )


# -- the book's configuration ---------------------------------------------------------------------


def _plain(text: str) -> str:
    """BibTeX text as a reader reads it: no protective braces, en dashes for ``--``."""
    return re.sub(r"\s+", " ", text.replace("{", "").replace("}", "").replace("--", "–")).strip()


def _names(people: list) -> str:
    surnames = [_plain(" ".join(person.last_names)) for person in people]
    if len(surnames) > 2:
        return f"{surnames[0]} et al."
    return " and ".join(surnames)


def read_citations(bibfiles: Iterable[Path]) -> dict[str, Citation]:
    """Author-year labels and full references for every entry of the book's bibliography."""
    from pybtex.database import parse_file
    from pybtex.plugin import find_plugin

    style = find_plugin("pybtex.style.formatting", "plain")()
    # Looked up once: ``render_as("text")`` would look the backend up among every installed package's
    # entry points for each entry, some 40 ms a time.
    backend = find_plugin("pybtex.backends", "text")()
    citations: dict[str, Citation] = {}
    for path in bibfiles:
        bibliography = parse_file(str(path))
        formatted = {entry.key: entry for entry in style.format_entries(bibliography.entries.values())}
        for key, entry in bibliography.entries.items():
            people = entry.persons.get("author") or entry.persons.get("editor") or []
            who = _names(people) if people else _plain(entry.fields.get("title", key))
            year = _plain(entry.fields.get("year", "n.d."))
            reference = _plain(formatted[key].text.render(backend))
            citations[key] = Citation(f"{who}, {year}", f"{who} ({year})", reference)
    return citations


def book_context(root: Path) -> BookContext:
    """The book as the notebooks see it, outside Sphinx (the command line, the tests): read once from
    ``_config.yml`` and ``_toc.yml`` through :mod:`bookbuild.structure`. Inside a build the Sphinx
    extension passes what Sphinx already read instead (:func:`sphinx_book_context`)."""
    config = read_config(root)
    return BookContext.of(
        root,
        substitutions=(config.get("parse") or {}).get("myst_substitutions") or {},
        bibfiles=config.get("bibtex_bibfiles") or [],
        notebook_pages=Book.read(root).notebook_pages,
        site=(config.get("html") or {}).get("baseurl") or "",
    )


def sphinx_book_context(app: Sphinx) -> BookContext:
    """The book as the notebooks see it inside a build, from what Sphinx has already read: Jupyter
    Book turns ``_config.yml``'s ``parse.myst_substitutions``, ``bibtex_bibfiles`` and ``html.baseurl``
    into these settings, and the edition's table of contents is the extension's ``app.companion_book``
    (:mod:`bookbuild.sphinx.editions`). It lives here, not in the extension, so that the writer's
    record of what each notebook was made from covers it."""
    return BookContext.of(
        Path(app.srcdir),
        substitutions=app.config.myst_substitutions,
        bibfiles=app.config.bibtex_bibfiles,
        notebook_pages=app.companion_book.notebook_pages,
        site=app.config.html_baseurl,
    )


def read_glue(path: Path) -> dict[str, dict]:
    """The values a page glued, as myst-nb stored them when it executed the page
    (``<build>/jupyter_execute/<doc>.glue.json``): name -> MIME bundle."""
    if not path.is_file():
        return {}
    return {key: output.get("data", {}) for key, output in json.loads(path.read_text(encoding="utf-8")).items()}
