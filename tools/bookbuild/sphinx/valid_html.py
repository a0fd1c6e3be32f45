"""Pages the Nu Html Checker accepts (``tests/test_valid_html.py`` runs it on both editions).

Three things the tools the book is built with write are not valid HTML, and each is put right here:

* sphinx-exercise gives every exercise and solution body the same id (``exercise-content``,
  ``solution-content``); on a page with several, the ids repeat. Each gets a number of its own.
* pandas puts a ``<style scoped>`` before every table it renders; ``scoped`` is not HTML, and a
  ``<style>`` in the body may only style what follows it. Those rules are in the book's stylesheet
  (``companion.css``, ``.dataframe``), so the blocks are dropped.
* sphinx-external-toc writes the site's ``index.html`` as a bare ``<meta>`` redirect, with no
  doctype and no title; it is written here first as a whole document.
"""

from __future__ import annotations

import html
import itertools
import re
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

REPEATED_IDS = re.compile(r'id="(exercise-content|solution-content)"')
PANDAS_STYLE = re.compile(r"<style scoped>.*?</style>\s*", re.DOTALL)

REDIRECT = """<!DOCTYPE html>
<html lang="{language}">
<head>
<meta charset="utf-8">
<title>{title}</title>
<meta http-equiv="refresh" content="0; url={target}">
</head>
<body>
<p><a href="{target}">{title}</a></p>
</body>
</html>
"""


def valid_body(body: str) -> str:
    """A page body with sphinx-exercise's repeated ids numbered and pandas' scoped styles dropped."""
    counter = itertools.count(1)
    body = REPEATED_IDS.sub(lambda match: f'id="{match[1]}-{next(counter)}"', body)
    return PANDAS_STYLE.sub("", body)


def _page(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    if "body" in context:
        context["body"] = valid_body(context["body"])


def _redirect(app: Sphinx, exception: Exception | None) -> None:
    """The site's front door, before sphinx-external-toc writes its bare redirect (it leaves an
    existing ``index.html`` alone)."""
    if exception is not None or app.builder.name != "html" or app.config.master_doc == "index":
        return
    target = f"{app.config.master_doc}.html"
    title = html.escape(app.config.html_title or app.config.project)  # Jupyter Book sets html_title, not project
    page = REDIRECT.format(language=app.config.language or "en", title=title, target=target)
    (Path(app.outdir) / "index.html").write_text(page, encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("html-page-context", _page, priority=650)
    app.connect("build-finished", _redirect, priority=400)  # before sphinx-external-toc's (500)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
