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
* :mod:`.citation` -- how to cite the companion, from one title and one address;
* :mod:`.weight` -- lighter pages: no icon-font script, gzip twins of every text file.
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
    "citation",
    "weight",
)


def setup(app: Sphinx) -> dict[str, Any]:
    for part in PARTS:
        app.setup_extension(f"{__name__}.{part}")
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
