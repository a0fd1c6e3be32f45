"""What a reader can take away from a page: its runnable notebook and the data behind it.

* Every notebook page gets a ".ipynb" entry in the download menu: the student notebook, output-free
  and rendered for a plain Jupyter from its MyST source and the numbers this build glued
  (:mod:`bookbuild.notebooks`).
* The data package is copied into the book so that every chart's CSV link and the catalogue's
  file links work on the published site.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from bookbuild.notebooks import write_student_notebooks

NOTEBOOK_DIR = "_notebooks"


def _download_button(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    if pagename not in app.companion_book.notebook_pages:
        return
    url = context["pathto"](f"{NOTEBOOK_DIR}/{pagename}.ipynb", 1)
    for button in context.get("header_buttons", []):
        if button.get("label") == "download-buttons":
            button["buttons"].insert(
                0,
                {
                    "type": "link",
                    "url": url,
                    "text": ".ipynb",
                    "icon": "fas fa-code",
                    "tooltip": "Download this page as a runnable Jupyter notebook",
                    "label": "download-notebook-button",
                },
            )


def _write_downloads(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    data_src = Path(app.srcdir) / "data"
    data_out = Path(app.outdir) / "data"
    data_out.mkdir(exist_ok=True)
    for path in [data_src / "datapackage.json", *sorted(data_src.glob("*.csv"))]:
        shutil.copyfile(path, data_out / path.name)
    glued = Path(app.outdir).parent / "jupyter_execute"  # where myst-nb records each page's glue
    write_student_notebooks(
        Path(app.srcdir),
        app.companion_book.notebook_pages,
        Path(app.outdir) / NOTEBOOK_DIR,
        glued,
        html_dir=Path(app.outdir),
        cache=Path(app.srcdir) / app.config.nb_execution_cache_path,
    )


def setup(app: Sphinx) -> dict[str, Any]:
    # After sphinx-book-theme has built its header buttons (priority 501).
    app.connect("html-page-context", _download_button, priority=600)
    app.connect("build-finished", _write_downloads)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
