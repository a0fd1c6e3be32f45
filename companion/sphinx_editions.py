"""The book's two editions in Sphinx: what students see, and what only instructors see.

The convention (``companion.editions``): instructor-only prose sits in ``:::{instructor} Title``
blocks and instructor-only code in cells tagged ``instructor``. The edition is the config value
``companion_edition``, taken from the environment variable ``COMPANION_EDITION`` (default
``student``); ``make instructor`` sets it for you.

Student edition (what is published):

* every source is stripped on ``source-read``, before any parser sees it, so instructor material
  never reaches a doctree, a page, the search index or a downloaded notebook;
* ``_sources/`` (Sphinx copies the raw files there for the theme's download button) is rewritten
  with the stripped text once the pages are written;
* an ``{instructor}`` block or ``instructor`` cell that still reaches a doctree (say, from an
  included file that no ``source-read`` saw) fails the build instead of being published.

Instructor edition (``_build/instructor/html``, never ``_build/html``):

* the table of contents is ``_toc.yml`` plus the parts in ``_toc_instructor.yml``, joined on
  every build, so the two editions cannot drift apart;
* ``{instructor}`` blocks render as admonitions titled "Instructor: ...", instructor cells carry
  an "Instructor" label, and every page says it is the instructor edition;
* ``{self-check-key}`` writes the answer key to every self-check in the book, and
  ``{instructor-notes}`` lists every instructor block with a link to it.

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
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.errors import ConfigError, ExtensionError
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from companion import answer_key, editions
from companion.editions import INSTRUCTOR, INSTRUCTOR_TOC

logger = logging.getLogger(__name__)

ENVIRONMENT_VARIABLE = "COMPANION_EDITION"
STUDENT_OUTPUT = "_build/html"
INSTRUCTOR_OUTPUT = "_build/instructor/html"
CELL_TAG_CLASS = f"tag_{INSTRUCTOR}"  # the class myst-nb gives a cell tagged "instructor"
ANNOUNCEMENT = (
    "Instructor edition: model answers, marking guides and teaching notes. "
    "Do not publish it where students can read it."
)


def edition(app: Sphinx) -> str:
    return app.config.companion_edition


def is_instructor(app: Sphinx) -> bool:
    return edition(app) == INSTRUCTOR


def edition_source(app: Sphinx, docname: str) -> str:
    """A page's source as this edition reads it: for anything written from the source (``_sources``,
    notebook downloads), never from the file on disk."""
    text = Path(app.env.doc2path(docname)).read_text(encoding="utf-8")
    return editions.source_for(edition(app), text)


# --- configuration -----------------------------------------------------------------------------


def _read_toc(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _configure_edition(app: Sphinx, config: Any) -> None:
    """Check the edition, and give the instructor edition its table of contents and banner.

    Runs before sphinx-external-toc reads the table of contents (priority 900)."""
    if config.companion_edition not in editions.EDITIONS:
        raise ConfigError(
            f"companion_edition (or ${ENVIRONMENT_VARIABLE}) is {config.companion_edition!r}: "
            f"choose one of {', '.join(editions.EDITIONS)}."
        )
    student_toc_path = Path(app.srcdir) / config.external_toc_path
    try:
        toc = editions.instructor_toc(_read_toc(student_toc_path), _read_toc(Path(app.srcdir) / INSTRUCTOR_TOC))
    except ValueError as error:
        raise ConfigError(str(error)) from None
    if config.companion_edition != INSTRUCTOR:
        app.companion_toc_order = editions.toc_documents(_read_toc(student_toc_path))
        return
    if Path(app.outdir).resolve() == (Path(app.srcdir) / STUDENT_OUTPUT).resolve():
        raise ConfigError(
            f"Refusing to write the instructor edition to {STUDENT_OUTPUT}, where the student edition is "
            f"published from. Build it with `make instructor` (into {INSTRUCTOR_OUTPUT})."
        )
    merged = Path(app.doctreedir) / "_toc_instructor_edition.yml"
    merged.parent.mkdir(parents=True, exist_ok=True)
    merged.write_text(yaml.safe_dump(toc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    config.external_toc_path = str(merged)
    app.companion_toc_order = editions.toc_documents(toc)
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
        blocks = _instructor_blocks(self.env)
        blocks.setdefault(self.env.docname, []).append((admonition["ids"][0], title))
        return [admonition]


def _instructor_blocks(env: Any) -> dict[str, list[tuple[str, str]]]:
    if not hasattr(env, "companion_instructor_blocks"):
        env.companion_instructor_blocks = {}
    return env.companion_instructor_blocks


def _no_instructor_cells_for_students(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: the last line of defence for cells, as the directive is for blocks."""
    if is_instructor(app):
        return
    for node in doctree.findall(nodes.Element):
        if CELL_TAG_CLASS in node["classes"]:
            logger.error("A cell tagged 'instructor' reached the student edition unstripped.", location=node)


# --- pages that summarise the others: the answer key and the list of instructor notes ---------


class instructor_notes(nodes.General, nodes.Element):  # noqa: N801 (docutils names nodes in lower case)
    """Placeholder for the list of instructor blocks, filled in once every page has been read."""


class _InstructorOnlyDirective(SphinxDirective):
    """A directive that only makes sense (and may only appear) in the instructor edition."""

    def refuse_for_students(self) -> bool:
        if is_instructor(self.env.app):
            _summary_pages(self.env).add(self.env.docname)
            return False
        logger.error(f"{{{self.name}}} is instructor-only material in a student page.", location=self.get_location())
        return True


class SelfCheckKeyDirective(_InstructorOnlyDirective):
    """``{self-check-key}``: the answer to every self-check, page by page, in table-of-contents order,
    generated from the pages' own ``choice(...)`` calls."""

    def run(self) -> list[nodes.Node]:
        if self.refuse_for_students():
            return []
        output: list[nodes.Node] = []
        for docname in self.env.app.companion_toc_order:
            path = Path(self.env.doc2path(docname))
            if docname == self.env.docname or path.suffix != ".md" or not path.is_file():
                continue
            self.env.note_dependency(str(path))
            try:
                questions = answer_key.questions_in_page(path)
            except answer_key.UnreadableSelfCheck as error:
                logger.error(str(error), location=self.get_location())
                continue
            if questions:
                output.extend(_key_for_page(docname, questions))
        if not output:
            logger.warning("{self-check-key}: no page in the book asks a self-check.", location=self.get_location())
        return output


def _doc_link(docname: str) -> nodes.Node:
    """A link to a page, titled with the page's title once Sphinx resolves it."""
    xref = addnodes.pending_xref("", refdomain="std", reftype="doc", reftarget=f"/{docname}", refexplicit=False)
    xref += nodes.inline("", docname)
    return xref


def _key_for_page(docname: str, questions: list[Any]) -> list[nodes.Node]:
    heading = nodes.paragraph("", "", nodes.strong("", "", _doc_link(docname)), classes=["self-check-key-page"])
    listing = nodes.enumerated_list(enumtype="arabic", classes=["self-check-key"])
    for question in questions:
        item = nodes.list_item()
        item += nodes.paragraph("", question.prompt, classes=["self-check-key-prompt"])
        options = nodes.bullet_list()
        for option in question.options:
            verdict = "Right" if option.correct else "Wrong"
            line = nodes.paragraph("", "", nodes.strong("", f"{verdict}: "))
            line += nodes.strong("", option.text) if option.correct else nodes.Text(option.text)
            if option.feedback:
                line += nodes.Text(f" – {option.feedback}")
            options += nodes.list_item("", line, classes=[f"self-check-{verdict.lower()}"])
        item += options
        listing += item
    return [heading, listing]


class InstructorNotesDirective(_InstructorOnlyDirective):
    """``{instructor-notes}``: a linked list of every ``{instructor}`` block in the book."""

    def run(self) -> list[nodes.Node]:
        if self.refuse_for_students():
            return []
        return [instructor_notes()]


def _summary_pages(env: Any) -> set[str]:
    if not hasattr(env, "companion_summary_pages"):
        env.companion_summary_pages = set()
    return env.companion_summary_pages


def _fill_instructor_notes(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: every page has been read, so the list of instructor blocks is complete."""
    placeholders = list(doctree.findall(instructor_notes))
    if not placeholders:
        return
    blocks = _instructor_blocks(app.env)
    listing = nodes.bullet_list(classes=["instructor-notes"])
    for page in app.companion_toc_order:
        for anchor, title in blocks.get(page, []):
            uri = app.builder.get_relative_uri(docname, page) + f"#{anchor}"
            entry = nodes.paragraph("", "", nodes.reference("", title, refuri=uri, internal=True))
            entry += nodes.Text(" – in ")
            entry += nodes.emphasis("", app.env.titles[page].astext())
            listing += nodes.list_item("", entry)
    for placeholder in placeholders:
        placeholder.replace_self(listing.deepcopy() if listing.children else nodes.paragraph("", "None yet."))


def _reread_summary_pages(app: Sphinx, env: Any, added: set, changed: set, removed: set) -> list[str]:
    """``env-get-outdated``: when any page is re-read, so are the pages that summarise them all."""
    if not (added or changed or removed):
        return []
    return sorted(_summary_pages(env) & env.found_docs)


def _purge(app: Sphinx, env: Any, docname: str) -> None:
    _instructor_blocks(env).pop(docname, None)
    _summary_pages(env).discard(docname)


def _merge(app: Sphinx, env: Any, docnames: set[str], other: Any) -> None:
    for docname in docnames:
        if docname in _instructor_blocks(other):
            _instructor_blocks(env)[docname] = _instructor_blocks(other)[docname]
        if docname in _summary_pages(other):
            _summary_pages(env).add(docname)


# --- what Sphinx copies raw --------------------------------------------------------------------


def _stripped_sources(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: Sphinx copies each page's *file* to ``_sources/`` (the theme's download
    button links there); in the student edition, overwrite every copy with the stripped text.
    Runs after a failed build too, so a half-written output never keeps an unstripped copy."""
    if app.builder.format != "html" or is_instructor(app):
        return
    sources = Path(app.outdir) / "_sources"
    for docname in app.env.found_docs:
        copied = sources / (docname + Path(app.env.doc2path(docname)).suffix + app.config.html_sourcelink_suffix)
        if copied.is_file():
            copied.write_text(edition_source(app, docname), encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("companion_edition", os.environ.get(ENVIRONMENT_VARIABLE, "student"), "env", [str])
    app.connect("config-inited", _configure_edition, priority=800)
    app.connect("source-read", _strip_for_students)
    app.connect("doctree-read", _no_instructor_cells_for_students)
    app.connect("env-get-outdated", _reread_summary_pages)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("doctree-resolved", _fill_instructor_notes)
    app.connect("build-finished", _stripped_sources, priority=900)
    app.add_node(instructor_notes)
    app.add_directive(INSTRUCTOR, InstructorDirective)
    app.add_directive("self-check-key", SelfCheckKeyDirective)
    app.add_directive("instructor-notes", InstructorNotesDirective)
    app.add_css_file("editions.css")
    app.add_css_file("print.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
