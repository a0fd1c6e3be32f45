"""The book's Sphinx extension: one entry in ``_config.yml``, one small module per job.

* :mod:`.editions` -- the student and instructor editions (with :mod:`.instructor_guide`, the
  guide's generated pages); it also keeps the edition's :class:`bookbuild.structure.Book` as
  ``app.companion_book``, the one store of the book's structure the other parts read;
* :mod:`.cache` -- re-execute notebooks when the runtime package or the data change;
* :mod:`.parallel_execution` -- execute the notebooks a build needs side by side;
* :mod:`.assets` -- plotly.js and the stylesheet, served by the book, only where needed;
* :mod:`.downloads` -- each notebook page's ``.ipynb`` and the data package's files;
* :mod:`.launch` -- launch buttons (JupyterHub, Binder, Colab), only where configured;
* :mod:`.slots` -- links in reference tables that depend on which pages use what;
* :mod:`.solutions` -- solution headers that name their exercise;
* :mod:`.self_checks` -- self-check feedback kept out of search; progress kept in the browser;
* :mod:`.valid_html` -- what the Nu Html Checker would reject in the tools' output, put right;
* :mod:`.stylesheet` -- one stylesheet per page, cut to the rules the book uses;
* :mod:`.citation` -- how to cite the companion, from one title and one address;
* :mod:`.weight` -- lighter pages: no icon-font script, gzip twins of every text file;
* :mod:`.question_bank` -- the Instructor guide's exam questions, rendered from their data files;
* :mod:`.assignment_rubrics` -- each seminar assignment's rubric and essay question, shown in the guide;
* :mod:`.icon_font` -- the theme's icon fonts cut to the icons the book shows;
* :mod:`.pybtex_plugins` -- pybtex's plugin lookups answered once per build, not once per citation.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

PARTS = (
    "editions",
    "cache",
    "parallel_execution",
    "assets",
    "downloads",
    "launch",
    "slots",
    "solutions",
    "self_checks",
    "valid_html",
    "stylesheet",
    "citation",
    "weight",
    "question_bank",
    "assignment_rubrics",
    "icon_font",
    "pybtex_plugins",
)


def setup(app: Sphinx) -> dict[str, Any]:
    for part in PARTS:
        app.setup_extension(f"{__name__}.{part}")
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
