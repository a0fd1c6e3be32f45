"""Sphinx extension: "The essay in numbers" stays current without re-executing its notebook.

The page's "Used in" cells (and the counts built on them) are slots that the notebook fills when
it runs (see ``companion.figure_slots``). Executed once and then cached, those
contents would go stale as chapters start using figures; executing the page on every build kept
them current but cost seconds on every build. Instead this extension:

* notes, as each chapter or exercise page is read, the identifiers its source names (after other
  extensions' ``source-read`` edits, so an edition that drops a passage drops its uses too). A
  figure's measure counts as used where it appears as a whole identifier, as in
  ``companion.reference.pages_using``;
* refills every slot from those notes when a page is written (``doctree-resolved``, so the search
  index sees the same text);
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

from companion.figure_slots import NOT_YET_CHARTED, USES_COUNT, USES_LINKS, is_scanned_page, usage_link

SLOT = re.compile(rf'<span ({USES_LINKS}|{USES_COUNT})="([^"]*)">.*?</span>', re.DOTALL)
IDENTIFIER = re.compile(r"[A-Za-z0-9_]+")


def _words(env: BuildEnvironment) -> dict[str, frozenset[str]]:
    """Per chapter or exercise page: the identifiers its source names."""
    if not hasattr(env, "companion_words"):
        env.companion_words = {}
    return env.companion_words


def _slots(env: BuildEnvironment) -> dict[str, frozenset[str]]:
    """Per page with slots: the measures those slots ask about."""
    if not hasattr(env, "companion_slots"):
        env.companion_slots = {}
    return env.companion_slots


def _answers(env: BuildEnvironment) -> dict[str, str]:
    """Per page with slots: a digest of the answers its HTML was last written with."""
    if not hasattr(env, "companion_slot_answers"):
        env.companion_slot_answers = {}
    return env.companion_slot_answers


def _note_words(app: Sphinx, docname: str, source: list[str]) -> None:
    if is_scanned_page(docname):
        _words(app.env)[docname] = frozenset(IDENTIFIER.findall(source[0]))


def _note_slots(app: Sphinx, doctree: nodes.document) -> None:
    measures = set()
    for node in doctree.findall(nodes.raw):
        for match in SLOT.finditer(node.astext()):
            measures.update(html.unescape(match.group(2)).split())
    docname = app.env.docname
    if measures:
        _slots(app.env)[docname] = frozenset(measures)
    else:
        _slots(app.env).pop(docname, None)


def _reading_order(env: BuildEnvironment) -> list[str]:
    """Documents in table-of-contents order, so links list chapters before exercises."""
    order: list[str] = []
    stack = [env.config.root_doc]
    while stack:
        doc = stack.pop()
        if doc in order:
            continue
        order.append(doc)
        stack.extend(reversed(env.toctree_includes.get(doc, [])))
    return order


def pages_using(env: BuildEnvironment, measure: str) -> list[str]:
    """The chapter and exercise pages whose source names ``measure``, in reading order."""
    words = _words(env)
    return [doc for doc in _reading_order(env) if measure in words.get(doc, ())]


def _digest(env: BuildEnvironment, measures: frozenset[str]) -> str:
    answers = repr(sorted((m, pages_using(env, m)) for m in measures))
    return hashlib.sha256(answers.encode()).hexdigest()


def _pages_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: pages whose slots would now read differently."""
    stale = []
    for docname, measures in _slots(env).items():
        digest = _digest(env, measures)
        if _answers(env).get(docname) != digest:
            _answers(env)[docname] = digest
            stale.append(docname)
    return stale


def _fill(app: Sphinx, docname: str, kind: str, value: str) -> str:
    measures = html.unescape(value).split()
    if kind == USES_COUNT:
        return str(sum(bool(pages_using(app.env, m)) for m in measures))
    links = [
        usage_link(app.builder.get_relative_uri(docname, page), app.env.titles[page].astext())
        for page in pages_using(app.env, measures[0])
    ]
    return "; ".join(links) or NOT_YET_CHARTED


def _fill_slots(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if docname not in _slots(app.env):
        return
    for node in list(doctree.findall(nodes.raw)):

        def refill(match: re.Match[str]) -> str:
            kind, value = match.group(1), match.group(2)
            return f'<span {kind}="{value}">{_fill(app, docname, kind, value)}</span>'

        text = SLOT.sub(refill, node.astext())
        if text != node.astext():
            node[0] = nodes.Text(text)


def _purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    for table in (_words(env), _slots(env), _answers(env)):
        table.pop(docname, None)


def _merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    for mine, theirs in ((_words(env), _words(other)), (_slots(env), _slots(other))):
        mine.update({doc: value for doc, value in theirs.items() if doc in docnames})


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("source-read", _note_words, priority=900)  # after edits by other extensions
    app.connect("doctree-read", _note_slots)
    app.connect("env-get-updated", _pages_to_rewrite)
    app.connect("doctree-resolved", _fill_slots)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
