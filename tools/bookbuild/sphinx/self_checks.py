"""Self-checks on the web pages: feedback kept out of search, and progress kept in the browser.

* Sphinx indexes the text of raw HTML, so every self-check's feedback ("Right. …", "Not quite. …")
  would be in the search index, and a search for an option's words would lead to its verdict.
  Each self-check's raw HTML is moved into a :class:`self_check` node that writes the same HTML
  but gives the indexer only the question and its options.
* The search page builds its snippets from the text of the page it found; ``companion-search.js``
  drops the feedback from that text first.
* ``companion-selfchecks.js`` remembers, in the reader's browser only, the first answer given to
  each self-check of a page and shows "5 of 8 right" with a way to forget. Without scripts the
  self-checks work as before, since their feedback is plain HTML (``companion.quiz``).
"""

from __future__ import annotations

import html
import re
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from bookbuild.answer_key import questions_in_html

SELF_CHECK_MARKER = '<fieldset class="cq"'


class self_check(nodes.General, nodes.Element):
    """A rendered self-check: ``html`` is what the page shows; the text children are what search sees."""


def _searchable_text(raw_html: str) -> str:
    """The question and its options, without the feedback."""
    questions = questions_in_html(raw_html)
    words = [part for q in questions for part in (q.prompt, *(o.text for o in q.options))]
    return " ".join(words) or re.sub(r"<[^<]+?>", " ", html.unescape(raw_html))


def _wrap_self_checks(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for raw in list(doctree.findall(nodes.raw)):
        text = raw.astext()
        if "html" in raw.get("format", "").split() and SELF_CHECK_MARKER in text:
            node = self_check(html=text, classes=raw.get("classes", []))
            node += nodes.Text(_searchable_text(text))
            raw.replace_self(node)


def _visit_self_check(translator: Any, node: self_check) -> None:
    classes = " ".join(node["classes"])
    translator.body.append(f'<div class="{classes}">{node["html"]}</div>' if classes else node["html"])
    raise nodes.SkipNode


def _page_scripts(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    if pagename == "search":
        app.add_js_file("companion-search.js", loading_method="defer")
    elif SELF_CHECK_MARKER in context.get("body", ""):
        app.add_js_file("companion-selfchecks.js", loading_method="defer")


def setup(app: Sphinx) -> dict[str, Any]:
    # The HTML builders: the book (html) and the course reader (singlehtml).
    app.add_node(self_check, html=(_visit_self_check, None), singlehtml=(_visit_self_check, None))
    app.connect("doctree-resolved", _wrap_self_checks)
    app.connect("html-page-context", _page_scripts, priority=550)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
