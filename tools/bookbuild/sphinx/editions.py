"""The book's two editions in Sphinx: what students see, and what only instructors see.

The convention (``bookbuild.editions``): instructor-only prose sits in ``:::{instructor} Title``
blocks and instructor-only code in cells tagged ``instructor``. The edition is the config value
``companion_edition``, taken from the environment variable ``COMPANION_EDITION`` (default
``student``); ``make instructor`` sets it for you.

Student edition (what is published):

* every source is stripped on ``source-read``, before any parser sees it, so instructor material
  never reaches a doctree, a page, the search index or a downloaded notebook;
* no raw source is published: Sphinx copies no ``_sources/`` and the download menu offers no
  ``.md``, whose self-checks would show each option with its ``True``/``False`` key (the
  ``.ipynb`` download is the page's runnable form, with the keys encoded);
* an ``{instructor}`` block or ``instructor`` cell that still reaches a doctree (say, from an
  included file that no ``source-read`` saw) fails the build instead of being published.

Instructor edition (``_build/instructor/html``, never ``_build/html``):

* the table of contents is ``_toc.yml`` plus the parts in ``_toc_instructor.yml``, joined on
  every build, so the two editions cannot drift apart;
* ``{instructor}`` blocks render as admonitions titled "Instructor: ...", instructor cells carry
  an "Instructor" label, and every page says it is the instructor edition;
* the *Instructor guide* part has pages generated from the rest of the book
  (``bookbuild.sphinx.instructor_guide``).

Both editions share one execution cache: jupyter-cache keys a notebook by its code, so a page whose
instructor cells are stripped is simply a different entry, executed once.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml
from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.errors import ConfigError, ExtensionError
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from bookbuild import editions
from bookbuild.build import OUTPUTS
from bookbuild.editions import INSTRUCTOR
from bookbuild.sphinx.store import page_table
from bookbuild.structure import INSTRUCTOR_TOC, Book

logger = logging.getLogger(__name__)

ENVIRONMENT_VARIABLE = "COMPANION_EDITION"
CELL_TAG_CLASS = f"tag_{INSTRUCTOR}"  # the class myst-nb gives a cell tagged "instructor"
ANNOUNCEMENT = (
    "Instructor edition: model answers, marking guides and teaching notes. "
    "Do not publish it where students can read it."
)


def is_instructor(app: Sphinx) -> bool:
    return app.config.companion_edition == INSTRUCTOR


# --- configuration -----------------------------------------------------------------------------


def _configure_edition(app: Sphinx, config: Any) -> None:
    """Check the edition, give the instructor edition its table of contents and banner, and keep
    the edition's :class:`~bookbuild.structure.Book` as ``app.companion_book`` for the other parts.

    Runs before sphinx-external-toc reads the table of contents (priority 900)."""
    if config.companion_edition not in editions.EDITIONS:
        raise ConfigError(
            f"companion_edition (or ${ENVIRONMENT_VARIABLE}) is {config.companion_edition!r}: "
            f"choose one of {', '.join(editions.EDITIONS)}."
        )
    root = Path(app.srcdir)
    private = (root / INSTRUCTOR_TOC).is_file()  # the public source (make public-source) has no instructor part
    if not private and config.companion_edition == INSTRUCTOR:
        raise ConfigError(
            f"No {INSTRUCTOR_TOC}: this is the public source, without instructor material. "
            "Build the instructor edition from the private repository."
        )
    try:
        instructor_book = Book.read(root, INSTRUCTOR) if private else None  # checks that the two tocs join
    except ValueError as error:
        raise ConfigError(str(error)) from None
    if config.companion_edition != INSTRUCTOR:
        app.companion_book = Book.read(root)
        config.html_copy_source = False
        return
    if Path(app.outdir).resolve() == (root / OUTPUTS["student"]).resolve():
        raise ConfigError(
            f"Refusing to write the instructor edition to {OUTPUTS['student']}, where the student edition is "
            f"published from. Build it with `make instructor` (into {OUTPUTS['instructor']})."
        )
    merged = Path(app.doctreedir) / "_toc_instructor_edition.yml"
    merged.parent.mkdir(parents=True, exist_ok=True)
    merged.write_text(yaml.safe_dump(instructor_book.toc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    config.external_toc_path = str(merged)
    app.companion_book = instructor_book
    config.html_theme_options = {**config.html_theme_options, "announcement": ANNOUNCEMENT}
    config.html_title = f"{config.html_title or config.project} (instructor edition)"


def _strip_for_students(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``: the student edition's text, before myst-nb or MyST parses it."""
    if is_instructor(app):
        return
    try:
        source[0] = editions.student_source(source[0])
    except editions.UnclosedInstructorBlock as error:
        raise ExtensionError(f"{app.env.doc2path(docname)}: {error}") from None


# --- the instructor directive -------------------------------------------------------------------


class InstructorDirective(SphinxDirective):
    """``:::{instructor} Title``: an admonition labelled "Instructor" in the instructor edition.

    The student edition never sees one (the source is stripped first); if one gets through, the
    build fails rather than publish it."""

    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec = {"class": directives.class_option, "name": directives.unchanged}  # noqa: RUF012

    def run(self) -> list[nodes.Node]:
        if not is_instructor(self.env.app):
            logger.error(
                "An {instructor} block reached the student edition unstripped: it would be published.",
                location=self.get_location(),
            )
            return []
        title = self.arguments[0] if self.arguments else "Notes"
        admonition = nodes.admonition("", classes=["admonition", INSTRUCTOR, *self.options.get("class", [])])
        self.set_source_info(admonition)
        self.add_name(admonition)
        if not admonition["ids"]:  # a stable anchor from the title, for links from the instructor guide
            anchor = nodes.make_id(f"{INSTRUCTOR}-{title}")
            if anchor in self.state.document.ids:
                anchor = f"{anchor}-{self.env.new_serialno(INSTRUCTOR)}"
            admonition["ids"].append(anchor)
            self.state.document.ids[anchor] = admonition
        text_nodes, messages = self.state.inline_text(f"Instructor: {title}", self.lineno)
        heading = nodes.title(f"Instructor: {title}", "", *text_nodes)
        self.set_source_info(heading)
        admonition += heading
        admonition += messages
        self.state.nested_parse(self.content, self.content_offset, admonition)
        blocks = instructor_blocks(self.env)
        blocks.setdefault(self.env.docname, []).append((admonition["ids"][0], title))
        return [admonition]


def instructor_blocks(env: Any) -> dict[str, list[tuple[str, str]]]:
    """Every ``{instructor}`` block read so far, as ``{docname: [(anchor, title), ...]}``."""
    return page_table(env, "instructor_blocks")


def _no_instructor_cells_for_students(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: the last line of defence for cells, as the directive is for blocks."""
    if is_instructor(app):
        return
    for node in doctree.findall(nodes.Element):
        if CELL_TAG_CLASS in node["classes"]:
            logger.error("A cell tagged 'instructor' reached the student edition unstripped.", location=node)


# --- what Sphinx would publish raw ---------------------------------------------------------------


def _no_source_download(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """``html-page-context``: sphinx-book-theme offers the page's source file whatever
    ``html_copy_source`` says; in the student edition there is none to offer."""
    if is_instructor(app):
        return
    for group in context.get("header_buttons", []):
        if group.get("label") == "download-buttons":
            group["buttons"] = [b for b in group["buttons"] if b.get("label") != "download-source-button"]


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("companion_edition", os.environ.get(ENVIRONMENT_VARIABLE, "student"), "env", [str])
    app.connect("config-inited", _configure_edition, priority=800)
    app.connect("source-read", _strip_for_students)
    app.connect("doctree-read", _no_instructor_cells_for_students)
    app.connect("html-page-context", _no_source_download, priority=600)  # after the theme's buttons (501)
    app.add_directive(INSTRUCTOR, InstructorDirective)
    app.setup_extension("bookbuild.sphinx.store")
    app.setup_extension("bookbuild.sphinx.instructor_guide")
    app.add_css_file("editions.css")
    app.add_css_file("print.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
