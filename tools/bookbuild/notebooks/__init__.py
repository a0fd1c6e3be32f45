"""The notebooks students download: one MyST source, rendered for a plain Jupyter.

The book's pages are MyST Markdown notebooks. Opened as they are, a plain Jupyter shows their
markup raw (``:::{admonition}``, ``{cite}`...```, ``{{ essay_citation }}``), every model answer in
plain sight, the answer key beside each self-check, and imports a plain Jupyter lacks (``myst_nb``).
:func:`~bookbuild.notebooks.writer.student_notebook` renders a source into the notebook a student
should get instead:

* the student edition only (:func:`bookbuild.editions.student_source` runs first);
* directives become notebook Markdown: admonitions a headed blockquote, dropdowns, hints and
  solutions a ``<details>`` block; exercises a bold heading; substitutions are expanded, citations
  become author-year text with a list of the works cited at the end, glued numbers become the
  numbers the build computed (:func:`~bookbuild.notebooks.context.read_glue`);
* cells the book hides stay, collapsed (``jupyter.source_hidden``), so the notebook still runs from
  the top; solution code becomes a closed ``<details>`` holding the code and the output the build
  printed (:func:`~bookbuild.notebooks.solutions.solution_block`), because a collapsed code cell
  shows its output again on Run All; a self-check's options and key are encoded
  (:func:`companion.quiz.encode_question`) so the right answer is not read at a glance;
* ``from myst_nb import glue`` becomes :mod:`companion.glue`, so the notebook needs only the helper
  package (``pip install`` the repository) and runs from any folder.

Anything the renderer cannot turn into plain Markdown is an error naming the page and the markup,
never a silent leak: :func:`~bookbuild.notebooks.leaks.leftover_myst` is the check, and the tests
run it on every download.

One module per job: :mod:`~bookbuild.notebooks.context` (what the book as a whole contributes),
:mod:`~bookbuild.notebooks.markdown` (MyST to notebook Markdown), :mod:`~bookbuild.notebooks.code_cells`,
:mod:`~bookbuild.notebooks.solutions` (solutions as ``<details>``), :mod:`~bookbuild.notebooks.installer`
(the first cells and the download folder), :mod:`~bookbuild.notebooks.leaks` (the checks) and
:mod:`~bookbuild.notebooks.writer` (a page's notebook, and every page's on disk).
"""

from bookbuild.notebooks.context import BookContext, Citation, ConversionError, book_context, sphinx_book_context
from bookbuild.notebooks.installer import INSTALL_TAG, NOTEBOOK_FOLDER, install_cell
from bookbuild.notebooks.leaks import instructor_lines, leftover_myst
from bookbuild.notebooks.markdown import quote
from bookbuild.notebooks.writer import student_notebook, write_student_notebooks

__all__ = [
    "INSTALL_TAG",
    "NOTEBOOK_FOLDER",
    "BookContext",
    "Citation",
    "ConversionError",
    "book_context",
    "install_cell",
    "instructor_lines",
    "leftover_myst",
    "quote",
    "sphinx_book_context",
    "student_notebook",
    "write_student_notebooks",
]
