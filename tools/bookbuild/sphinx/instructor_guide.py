"""Pages of the Instructor guide that write themselves from the rest of the book.

Hand-kept lists drift: a chapter is added and the course plan forgets it, a self-check is reworded
and the key still has the old one. These directives are generated from the book on every
instructor build instead:

* ``{self-check-key}``: the answer to every self-check, read from the self-checks as each page
  renders them (``bookbuild.answer_key``), keyed by question;
* ``{instructor-notes}``: a linked list of every ``{instructor}`` block, optionally only those on
  pages under a folder (``{instructor-notes} exercises/`` for the marking guides).

They are instructor-only: in a student page each is an error, not an empty section. Because they
summarise other pages, the pages that use them are re-read whenever any page is.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from bookbuild import answer_key
from bookbuild.sphinx.editions import instructor_blocks, is_instructor
from bookbuild.sphinx.store import page_table

logger = logging.getLogger(__name__)


class _GuideDirective(SphinxDirective):
    """A directive of the Instructor guide: refused in the student edition, re-read with every page."""

    def refused_for_students(self) -> bool:
        if is_instructor(self.env.app):
            _summary_pages(self.env)[self.env.docname] = True
            return False
        logger.error(f"{{{self.name}}} is instructor-only material in a student page.", location=self.get_location())
        return True


class self_check_key(nodes.General, nodes.Element):  # docutils names node classes in lower case
    """Placeholder for the answer key, filled in once every page has been read (and executed)."""


class SelfCheckKeyDirective(_GuideDirective):
    """``{self-check-key}``: every self-check, page by page, with the right answer and why each
    wrong option is wrong (what it tells you about a student's reasoning)."""

    def run(self) -> list[nodes.Node]:
        if self.refused_for_students():
            return []
        return [self_check_key()]


def _fill_self_check_key(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: the key, read from each page's rendered self-checks (raw HTML outputs)."""
    for placeholder in list(doctree.findall(self_check_key)):
        output: list[nodes.Node] = []
        for page in (doc for doc in app.companion_book.documents if doc != docname):
            rendered = "".join(
                raw.astext() for raw in app.env.get_doctree(page).findall(nodes.raw) if "html" in raw["format"]
            )
            try:
                questions = answer_key.questions_in_html(rendered, where=page)
            except answer_key.UnreadableSelfCheck as error:
                logger.error(str(error), location=placeholder)
                continue
            if questions:
                output.extend(_key_for_page(app, docname, page, questions))
        if not output:
            logger.warning("{self-check-key}: no page in the book asks a self-check.", location=placeholder)
        placeholder.replace_self(output or nodes.paragraph("", "None yet."))


def _key_for_page(app: Sphinx, docname: str, page: str, questions: list[Any]) -> list[nodes.Node]:
    link = nodes.reference("", app.env.titles[page].astext(), refuri=app.builder.get_relative_uri(docname, page))
    heading = nodes.paragraph("", "", nodes.strong("", "", link), classes=["self-check-key-page"])
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


class instructor_notes(nodes.General, nodes.Element):  # docutils names node classes in lower case
    """Placeholder for the list of instructor blocks, filled in once every page has been read."""


class InstructorNotesDirective(_GuideDirective):
    """``{instructor-notes} [folder/]``: a linked list of the book's ``{instructor}`` blocks."""

    optional_arguments = 1
    final_argument_whitespace = True

    def run(self) -> list[nodes.Node]:
        if self.refused_for_students():
            return []
        return [instructor_notes(prefix=self.arguments[0] if self.arguments else "")]


def _fill_instructor_notes(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: every page has been read, so the list of instructor blocks is complete."""
    blocks = instructor_blocks(app.env)
    for placeholder in list(doctree.findall(instructor_notes)):
        listing = nodes.bullet_list(classes=["instructor-notes"])
        for page in (doc for doc in app.companion_book.documents if doc.startswith(placeholder["prefix"])):
            for anchor, title in blocks.get(page, []):
                uri = app.builder.get_relative_uri(docname, page) + f"#{anchor}"
                entry = nodes.paragraph("", "", nodes.reference("", title, refuri=uri, internal=True))
                entry += nodes.Text(" – in ")
                entry += nodes.emphasis("", app.env.titles[page].astext())
                listing += nodes.list_item("", entry)
        placeholder.replace_self(listing if listing.children else nodes.paragraph("", "None yet."))


def _summary_pages(env: Any) -> dict[str, bool]:
    """The pages that summarise all the others (as keys)."""
    return page_table(env, "summary_pages")


def _reread_summary_pages(app: Sphinx, env: Any, added: set, changed: set, removed: set) -> list[str]:
    """``env-get-outdated``: when any page is re-read, so are the pages that summarise them all."""
    if not (added or changed or removed):
        return []
    return sorted(_summary_pages(env).keys() & env.found_docs)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_node(instructor_notes)
    app.add_node(self_check_key)
    app.add_directive("self-check-key", SelfCheckKeyDirective)
    app.add_directive("instructor-notes", InstructorNotesDirective)
    app.connect("doctree-resolved", _fill_instructor_notes)
    app.connect("doctree-resolved", _fill_self_check_key)
    app.connect("env-get-outdated", _reread_summary_pages)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
