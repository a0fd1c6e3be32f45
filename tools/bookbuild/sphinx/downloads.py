"""What a reader can take away from a page: its runnable notebook and the data behind it.

* Every notebook page gets a ".ipynb" entry in the download menu: the student notebook, output-free
  and rendered for a plain Jupyter from its MyST source and the numbers this build glued
  (:mod:`bookbuild.notebooks`).
* Beside the notebooks the site serves the student runtime as a wheel (:mod:`bookbuild.runtime_wheel`),
  which each notebook's first cell installs (``pip wheel`` runs in the background from the end of
  reading, on the core that writing the pages leaves idle), and one zip of every notebook with the wheel, in the
  book's folder layout, so that links from one notebook to another work where it is unpacked. Both
  are in the download menu too: a student needs nothing but the website.
* The data package is copied into the book so that every chart's CSV link and the catalogue's
  file links work on the published site.
"""

from __future__ import annotations

import shutil
import zipfile
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from bookbuild.notebooks import NOTEBOOK_FOLDER, sphinx_book_context, write_student_notebooks
from bookbuild.runtime_wheel import build_wheel, wheel_name

NOTEBOOK_DIR = NOTEBOOK_FOLDER
# Every student notebook and the wheel, unpacked into a folder of this name.
BUNDLE = "workers-state-notebooks"


def _download_button(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    if pagename not in app.companion_book.notebook_pages:
        return
    entries = [
        (f"{pagename}.ipynb", ".ipynb", "fas fa-code", "Download this page as a runnable Jupyter notebook", "notebook"),
        (wheel_name(Path(app.srcdir)), "helper package (.whl)", "fas fa-box",
         "The book's helper package with the data: the notebook's first cell installs it from beside the notebook",
         "wheel"),
        (f"{BUNDLE}.zip", "all notebooks (.zip)", "fas fa-file-archive",
         "Every notebook of the book and the helper package, in one folder", "bundle"),
    ]  # fmt: skip
    for button in context.get("header_buttons", []):
        if button.get("label") == "download-buttons":
            button["buttons"][0:0] = [
                {
                    "type": "link",
                    "url": context["pathto"](f"{NOTEBOOK_DIR}/{path}", 1),
                    "text": text,
                    "icon": icon,
                    "tooltip": tooltip,
                    "label": f"download-{label}-button",
                }
                for path, text, icon, tooltip, label in entries
            ]


def _start_wheel(app: Sphinx, env: Any) -> None:
    """Start building the wheel (a ``pip wheel`` subprocess, about 1.5 s when the runtime has changed)
    while Sphinx writes the pages; :func:`_write_downloads` collects it."""
    if app.builder.format == "html":
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="companion-wheel")
        app.companion_wheel = pool.submit(build_wheel, Path(app.srcdir), Path(app.outdir) / NOTEBOOK_DIR)
        pool.shutdown(wait=False)


def _write_downloads(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    data_src = Path(app.srcdir) / "data"
    data_out = Path(app.outdir) / "data"
    data_out.mkdir(exist_ok=True)
    for path in [data_src / "datapackage.json", *sorted(data_src.glob("*.csv"))]:
        shutil.copyfile(path, data_out / path.name)
    glued = Path(app.outdir).parent / "jupyter_execute"  # where myst-nb records each page's glue
    notebooks = Path(app.outdir) / NOTEBOOK_DIR
    written = write_student_notebooks(
        Path(app.srcdir),
        app.companion_book.notebook_pages,
        notebooks,
        glued,
        html_dir=Path(app.outdir),
        cache=Path(app.srcdir) / app.config.nb_execution_cache_path,
        context=lambda: sphinx_book_context(app),
    )
    started: Future[Path] | None = getattr(app, "companion_wheel", None)
    wheel = started.result() if started else build_wheel(Path(app.srcdir), notebooks)
    bundle = notebooks / f"{BUNDLE}.zip"
    if written or not bundle.is_file() or bundle.stat().st_mtime < wheel.stat().st_mtime:
        write_bundle(bundle, notebooks, app.companion_book.notebook_pages, wheel)


def write_bundle(bundle: Path, notebooks: Path, pages: list[str], wheel: Path) -> None:
    """One zip of every student notebook and the wheel, in the book's folder layout under one folder."""
    with zipfile.ZipFile(bundle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.write(wheel, f"{BUNDLE}/{wheel.name}")
        for page in pages:
            archive.write(notebooks / f"{page}.ipynb", f"{BUNDLE}/{page}.ipynb")


def setup(app: Sphinx) -> dict[str, Any]:
    # After sphinx-book-theme has built its header buttons (priority 501).
    app.connect("html-page-context", _download_button, priority=600)
    app.connect("env-updated", _start_wheel)
    app.connect("build-finished", _write_downloads)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
