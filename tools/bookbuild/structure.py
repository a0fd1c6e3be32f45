"""The book's structure: which pages it has, in what order, and which of them are notebooks.

Everything that walks the table of contents asks here: the Sphinx extension, the student-notebook
writer, the instructor edition, the benchmark and the tests. ``_toc.yml`` is read by
sphinx-external-toc's own parser (the one Jupyter Book builds with), so a table of contents that
the build accepts is read the same way everywhere; the instructor edition's is the student one
plus the parts in ``_toc_instructor.yml`` (:func:`bookbuild.editions.instructor_toc`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml
from sphinx_external_toc.api import GlobItem, SiteMap, UrlItem
from sphinx_external_toc.parsing import parse_toc_data

# The clone this tooling sits in (tools/bookbuild/structure.py): the default book to build.
REPOSITORY = Path(__file__).resolve().parents[2]
CONFIG = "_config.yml"
STUDENT_TOC = "_toc.yml"
INSTRUCTOR_TOC = "_toc_instructor.yml"
NOTEBOOK_MARKER = "kernelspec:"  # jupytext's header of a MyST notebook names its kernel


def read_yaml(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def read_config(root: Path) -> dict[str, Any]:
    """The book's ``_config.yml``, for tools that run outside Sphinx (inside a build, ``app.config``
    holds what Jupyter Book made of it)."""
    return read_yaml(root / CONFIG)


def is_notebook_source(path: Path) -> bool:
    """Whether a MyST page is a notebook (it has a kernel), and so is executed and downloadable."""
    return path.is_file() and NOTEBOOK_MARKER in path.read_text(encoding="utf-8")[:1000]


def is_scanned_page(docname: str) -> bool:
    """Chapter and exercise pages: the pages whose use of an essay figure is reported."""
    return docname.startswith(("book/", "exercises/")) and not docname.startswith("book/reference/")


def chapter_number(docname: str) -> int | None:
    """3 for ``book/ch3-heyday``: the essay's section a chapter page follows; None for other pages."""
    match = re.fullmatch(r"book/ch(\d+)-[^/]+", docname)
    return int(match.group(1)) if match else None


def page_title(path: Path) -> str:
    """The first level-one heading of a MyST page, which Jupyter Book uses as its title."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return path.stem


def _glob(pattern: str, root: Path | None) -> list[str]:
    if root is None:
        return [pattern]
    return sorted(path.relative_to(root).with_suffix("").as_posix() for path in root.glob(f"{pattern}.md"))


def reading_order(site_map: SiteMap, root: Path | None = None) -> list[str]:
    """Every document of a site map in reading order, root first; a glob stands for the MyST pages
    under ``root`` that match it, sorted (or for its own pattern when there is no ``root``)."""
    order: list[str] = []

    def visit(docname: str) -> None:
        if docname in order:
            return
        order.append(docname)
        if docname not in site_map:  # a page a glob found, with no subtrees of its own
            return
        for tree in site_map[docname].subtrees:
            for item in tree.items:
                if isinstance(item, GlobItem):
                    for match in _glob(str(item), root):
                        visit(match)
                elif not isinstance(item, UrlItem):
                    visit(item)

    visit(site_map.root.docname)
    return order


@dataclass(frozen=True)
class Book:
    """One edition's table of contents, resolved against the sources in ``root``."""

    root: Path
    toc: dict[str, Any]

    @classmethod
    def read(cls, root: Path, edition: str = "student") -> Book:
        """The book in ``root`` as ``edition`` builds it."""
        from bookbuild.editions import INSTRUCTOR, instructor_toc

        toc = read_yaml(root / STUDENT_TOC)
        if edition == INSTRUCTOR:
            toc = instructor_toc(toc, read_yaml(root / INSTRUCTOR_TOC))
        return cls(root, toc)

    @cached_property
    def documents(self) -> list[str]:
        """Every page, in reading order."""
        return reading_order(parse_toc_data(self.toc), self.root)

    def source(self, docname: str) -> Path:
        return self.root / f"{docname}.md"

    @cached_property
    def notebook_pages(self) -> list[str]:
        """The pages that are notebooks (chapters, exercises, reference pages), in reading order."""
        return [doc for doc in self.documents if is_notebook_source(self.source(doc))]
