"""Fill the slots reference tables leave for links that depend on the whole book.

A reference notebook cannot know which pages the book has or which of them use an essay figure
(:mod:`companion.slots`). Filling those cells when the notebook executes would also go stale: the
page is executed once and cached while chapters go on changing. So this part:

* notes, as each chapter or exercise page is read, the identifiers its source names (after other
  parts' ``source-read`` edits, so an edition that drops a passage drops its uses too). A figure's
  measure counts as used where it appears as a whole identifier;
* notes which slots each page has;
* fills every slot when a page is written (``doctree-resolved``, so the search index sees the
  same text): "Used in" links in reading order, counts of figures used, chapter numbers linked to
  their chapter's page;
* asks Sphinx to rewrite a page with slots whenever the answers for its slots have changed,
  which costs a page write, not a notebook execution.
"""

from __future__ import annotations

import hashlib
import html
import re
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from bookbuild.sphinx.store import page_table
from bookbuild.structure import chapter_number, is_scanned_page
from companion.slots import CHAPTER_LINK, NOT_YET_CHARTED, USES_COUNT, USES_LINKS

SLOT = re.compile(rf'<span ({USES_LINKS}|{USES_COUNT}|{CHAPTER_LINK})="([^"]*)">.*?</span>', re.DOTALL)
IDENTIFIER = re.compile(r"[A-Za-z0-9_]+")


def short_label(title: str) -> str:
    """'Chapter 2' for a chapter page titled '2. The decline ...'; otherwise the page title.
    Short enough for a narrow table column; the full title goes in the link's tooltip."""
    number = re.match(r"(\d+)\.\s", title)
    return f"Chapter {number.group(1)}" if number else title


def page_link(href: str, title: str, text: str) -> str:
    return f'<a href="{html.escape(href)}" title="{html.escape(title)}">{html.escape(text)}</a>'


def _note_words(app: Sphinx, docname: str, source: list[str]) -> None:
    if is_scanned_page(docname):
        page_table(app.env, "words")[docname] = frozenset(IDENTIFIER.findall(source[0]))


def _note_slots(app: Sphinx, doctree: nodes.document) -> None:
    asks = set()
    for node in doctree.findall(nodes.raw):
        asks.update((match.group(1), html.unescape(match.group(2))) for match in SLOT.finditer(node.astext()))
    slots = page_table(app.env, "slots")
    if asks:
        slots[app.env.docname] = frozenset(asks)
    else:
        slots.pop(app.env.docname, None)


def pages_using(app: Sphinx, measure: str) -> list[str]:
    """The chapter and exercise pages whose source names ``measure``, in reading order."""
    words = page_table(app.env, "words")
    return [doc for doc in app.companion_book.documents if measure in words.get(doc, ())]


def chapter_page(app: Sphinx, chapter: int) -> str | None:
    """The page of the essay's section ``chapter``, if the book has it."""
    return next((doc for doc in app.companion_book.documents if chapter_number(doc) == chapter), None)


def _answer(app: Sphinx, kind: str, value: str) -> Any:
    if kind == CHAPTER_LINK:
        return chapter_page(app, int(value))
    return [(m, pages_using(app, m)) for m in value.split()]


def _pages_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: pages whose slots would now read differently."""
    stale, answers = [], page_table(env, "slot_answers")
    for docname, asks in page_table(env, "slots").items():
        digest = hashlib.sha256(repr(sorted((ask, _answer(app, *ask)) for ask in asks)).encode()).hexdigest()
        if answers.get(docname) != digest:
            answers[docname] = digest
            stale.append(docname)
    return stale


def _fill(app: Sphinx, docname: str, kind: str, value: str) -> str:
    def link(page: str, text: str) -> str:
        title = app.env.titles[page].astext()
        return page_link(app.builder.get_relative_uri(docname, page), title, text or short_label(title))

    if kind == CHAPTER_LINK:
        page = chapter_page(app, int(value))
        return link(page, value) if page else value
    measures = value.split()
    if kind == USES_COUNT:
        return str(sum(bool(pages_using(app, m)) for m in measures))
    return "; ".join(link(page, "") for page in pages_using(app, measures[0])) or NOT_YET_CHARTED


def _fill_slots(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if docname not in page_table(app.env, "slots"):
        return
    for node in list(doctree.findall(nodes.raw)):

        def refill(match: re.Match[str]) -> str:
            kind, value = match.group(1), match.group(2)
            return f'<span {kind}="{value}">{_fill(app, docname, kind, html.unescape(value))}</span>'

        text = SLOT.sub(refill, node.astext())
        if text != node.astext():
            node[0] = nodes.Text(text)


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("bookbuild.sphinx.store")
    app.connect("source-read", _note_words, priority=900)  # after edits by other parts
    app.connect("doctree-read", _note_slots)
    app.connect("env-get-updated", _pages_to_rewrite)
    app.connect("doctree-resolved", _fill_slots)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
