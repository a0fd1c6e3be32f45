"""The first cells of every downloaded notebook: a note on how to run it and the cell that installs
the student runtime from the wheel the site serves beside the notebooks."""

from __future__ import annotations

from collections.abc import Mapping

import nbformat

from bookbuild.notebooks.context import BookContext
from bookbuild.notebooks.markdown import quote

# Where the site serves the notebooks and the runtime wheel beside them.
NOTEBOOK_FOLDER = "_notebooks"


def intro_note(context: BookContext) -> str:
    return quote(
        "**Running this notebook.** Run the cells from the top. The first one installs the book's helper "
        "package, which brings the data with it, into the Python that runs this notebook, unless it is there "
        "already; collapsed cells load the evidence and draw the charts. *How to use this book* gives the steps "
        "for local Jupyter, a JupyterHub and Colab."
    )


_INSTALL = """\
# Set-up: installs the book's helper package (it brings the data) into this notebook's Python, once.
# It uses the package file (.whl) beside this notebook or in a folder above it, else {fallback}
WHEEL, SITE, ALSO = {wheel!r}, {site!r}, {also!r}
import importlib.util, pathlib, site, subprocess, sys
if any(importlib.util.find_spec(module) is None for module in {modules!r}):
    folders = [pathlib.Path.cwd(), *pathlib.Path.cwd().parents]
    found = [folder / WHEEL for folder in folders if (folder / WHEEL).is_file()]
    source = str(found[0]) if found else (SITE + WHEEL if SITE else None)
    pip = [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    if source is None or subprocess.run([*pip, source, *ALSO]).returncode != 0:
        raise SystemExit(
            f"The helper package could not be installed. Download {{WHEEL}} from the book's website "
            "(the download menu of any notebook page), put it in this notebook's folder and run this cell again."
        )
    site.addsitedir(site.getusersitepackages())  # where pip puts it when the Python is not yours
    importlib.invalidate_caches()
print("The helper package is ready.")"""


# The tag of the first cell, which installs the helper package (tests and tools find it by it).
INSTALL_TAG = "install-helper-package"


def install_cell(context: BookContext, also: Mapping[str, str] | None = None) -> nbformat.NotebookNode:
    """The first cell of every downloaded notebook: it installs the student runtime without any
    repository, from the wheel beside the notebook (a class repository, a download folder) or from the
    book's own address when ``html.baseurl`` is set; with the runtime already there (a class hub, a
    second run) it touches nothing, so it also runs offline. ``also`` maps further modules the
    notebook imports to the requirement that brings each (an assignment's ``otter``)."""
    site = f"{context.site.rstrip('/')}/{NOTEBOOK_FOLDER}/" if context.site else ""
    fallback = "from the book's website." if site else "it says where to get one."
    also = dict(also or {})
    modules = ["companion", *also]
    source = _INSTALL.format(
        wheel=context.wheel, site=site, fallback=fallback, also=list(also.values()), modules=modules
    )
    return nbformat.v4.new_code_cell(source, metadata={"tags": [INSTALL_TAG]})
